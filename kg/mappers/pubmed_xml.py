"""PubMed XML exports (``<PubmedArticleSet>``) mapped to work records with the standard library's parser.

The file is fed to a pull parser line by line, so each article is known by
the line it starts on, every article before a break is mapped, and a
truncated or malformed file ends in one error naming the line where the XML
stops making sense. Expat does not fetch the DTD the PubMed header names.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from kg.errors import RecordError
from kg.identifiers import clean_doi
from kg.mappers import fields
from kg.mappers.base import Mapper, lines_of
from kg.records import AbstractSection, Agent, Work

# "<PubmedArticleSet>": the root every PubMed XML export has
PUBMED_ROOT = re.compile(r"<PubmedArticleSet\b")
# "<?xml ...?>", "<!DOCTYPE PubmedArticleSet ...>": what may come before the root
XML_PROLOG = re.compile(r"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!DOCTYPE[^>]*>\s*)?<")

# Publication types to FaBiO classes; the first known one wins.



class PubmedXmlMapper(Mapper):
    """PubMed XML: one work per ``<PubmedArticle>``."""

    name = "pubmed-xml"
    version = "1.0"

    def sniff(self, text: str) -> bool:
        """A PubMed XML file is XML whose root is ``<PubmedArticleSet>``."""
        head = text.lstrip("\ufeff")[:4000]
        return bool(XML_PROLOG.match(head)) and bool(PUBMED_ROOT.search(head))

    def parse(self, text: str, path: str) -> Iterator[Work | RecordError]:
        """Yield a work per article, then an error naming the line where the XML breaks, if it does."""
        parser: ET.XMLPullParser[ET.Element] = ET.XMLPullParser(events=("start", "end"))
        starts: dict[int, int] = {}
        lines = [line + "\n" for line in lines_of(text.lstrip("\ufeff"))]
        # Only start and end events, each with an element, were asked for; typeshed types read_events() as
        # yielding every kind of event, hence the two ignores below.
        try:
            for number, line in enumerate(lines, start=1):
                parser.feed(line)
                yield from _articles(parser.read_events(), starts, number, path)  # type: ignore[arg-type]
            parser.close()
            yield from _articles(parser.read_events(), starts, len(lines), path)  # type: ignore[arg-type]
        except ET.ParseError as error:
            # Expat counts the line break fed after the last line, which the file may not have.
            last = text.count("\n") + 1  # the line after a final line break, where an unclosed file ends
            at = min(error.position[0], last) if error.position else last
            excerpt = lines[at - 1].strip() if 0 < at <= len(lines) else ""
            yield RecordError(path, at, f"PubMed XML breaks off or is malformed ({error.msg})", excerpt)


def _articles(
    events: Iterator[tuple[str, ET.Element]], starts: dict[int, int], line: int, path: str
) -> Iterator[Work | RecordError]:
    """Works for the articles that ended among the events; remembers where each began."""
    for event, element in events:
        if element.tag != "PubmedArticle":
            continue
        if event == "start":
            starts[id(element)] = line
            continue
        start = starts.pop(id(element), line)
        if element.find("MedlineCitation/Article") is None:
            yield RecordError(path, start, "PubmedArticle has no MedlineCitation/Article", "<PubmedArticle>")
        else:
            yield _work(element, start)
        element.clear()


def _text(element: ET.Element | None) -> str:
    """All text inside an element (titles may hold <i> and <sup>), spaces collapsed."""
    return fields.clean_text("".join(element.itertext())) if element is not None else ""


def _agent(author: ET.Element) -> Agent:
    """A person (LastName, ForeName) with affiliations and ORCID, or a body (CollectiveName)."""
    collective = author.find("CollectiveName")
    if collective is not None:
        return fields.organization_from(_text(collective))
    affiliations = fields.affiliations_from(_text(a) for a in author.findall("AffiliationInfo/Affiliation"))
    orcid = next((_text(i) for i in author.findall("Identifier") if i.get("Source") == "ORCID"), "")
    family, suffix = _text(author.find("LastName")), _text(author.find("Suffix"))
    given = _text(author.find("ForeName")) or _text(author.find("Initials"))
    return fields.person_from_parts(family, given, orcid=orcid, affiliations=affiliations, suffix=suffix)


def _abstract(article: ET.Element) -> tuple[str, tuple[AbstractSection, ...]]:
    """The abstract, with its labelled parts as sections when it is structured."""
    parts = article.findall("Abstract/AbstractText")
    sections = tuple(
        AbstractSection(heading=fields.heading_from(p.get("Label", "")), text=_text(p))
        for p in parts
        if p.get("Label")
    )
    if sections and len(sections) == len(parts):
        return " ".join(f"{s.heading}: {s.text}" for s in sections), sections
    return " ".join(_text(p) for p in parts), ()


def _year_and_date(issue: ET.Element | None) -> tuple[int | None, str]:
    """Year and ISO date of the journal issue (PubDate, or its MedlineDate "2012 Jun-Jul")."""
    pub_date = issue.find("PubDate") if issue is not None else None
    if pub_date is None:
        return None, ""
    year = _text(pub_date.find("Year"))
    if not year:
        return fields.year_from(_text(pub_date.find("MedlineDate"))), ""
    date = " ".join(_text(pub_date.find(part)) for part in ("Year", "Month", "Day"))
    return fields.year_from(year), fields.date_from_text(date)


def _pages(article: ET.Element) -> tuple[str, str, str]:
    """First page, last page and article number (an ELocationID of type pii when there are no pages)."""
    start, end = fields.split_pages(_text(article.find("Pagination/MedlinePgn")))
    start = start or _text(article.find("Pagination/StartPage"))
    end = end or _text(article.find("Pagination/EndPage"))
    number = (
        ""
        if start
        else next((_text(e) for e in article.findall("ELocationID") if e.get("EIdType") == "pii"), "")
    )
    return start, end, number


def _work(element: ET.Element, line: int) -> Work:
    """The work one <PubmedArticle> describes."""
    citation = element.find("MedlineCitation")
    article = element.find("MedlineCitation/Article")
    assert citation is not None and article is not None  # _articles yields no work for an article without them
    ids = {i.get("IdType", ""): _text(i) for i in element.findall("PubmedData/ArticleIdList/ArticleId")}
    doi = ids.get("doi") or next(
        (_text(e) for e in article.findall("ELocationID") if e.get("EIdType") == "doi"), ""
    )
    pmid = _text(citation.find("PMID")) or ids.get("pubmed", "")
    issue = article.find("Journal/JournalIssue")
    year, date = _year_and_date(issue)
    issns = (f"{_text(i)} ({i.get('IssnType', '')})" for i in article.findall("Journal/ISSN"))
    types = [_text(t) for t in article.findall("PublicationTypeList/PublicationType")]
    abstract, sections = _abstract(article)
    page_start, page_end, number = _pages(article)
    identifiers = [("pmid", pmid)] if pmid else []
    if ids.get("pmc"):
        identifiers.append(("pmcid", ids["pmc"]))
    return Work(
        line=line,
        title=fields.title_without_final_period(
            _text(article.find("ArticleTitle")) or _text(article.find("VernacularTitle"))
        ),
        kind=next(
            (fields.PUBMED_KINDS[t.lower()] for t in types if t.lower() in fields.PUBMED_KINDS), "JournalArticle"
        ),
        doi=clean_doi(doi),
        year=year,
        date=date,
        journal=fields.journal_from(_text(article.find("Journal/Title")), *issns),
        volume=_text(issue.find("Volume")) if issue is not None else "",
        issue=_text(issue.find("Issue")) if issue is not None else "",
        page_start=page_start,
        page_end=page_end,
        article_number=number,
        authors=tuple(_agent(a) for a in article.findall("AuthorList/Author")),
        abstract=abstract,
        abstract_sections=sections,
        keywords=fields.unique(_text(k) for k in citation.findall("KeywordList/Keyword")),
        index_keywords=fields.unique(
            _text(d) for d in citation.findall("MeshHeadingList/MeshHeading/DescriptorName")
        ),
        article_type=next((t for t in types if t.lower() not in fields.PUBMED_GENERIC_TYPES), ""),
        language=" ".join(_text(x) for x in article.findall("Language")),
        identifiers=tuple(identifiers),
    )
