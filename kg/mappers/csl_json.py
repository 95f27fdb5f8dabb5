"""CSL-JSON exports (Zotero, Mendeley, pandoc, citeproc) mapped to work records.

A CSL-JSON file is a list of items (a single item object is accepted too).
Items are decoded one at a time, so each keeps its line and a truncated file
still gives the items before the break.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping

from kg.errors import RecordError
from kg.identifiers import clean_doi
from kg.mappers import fields, json_items
from kg.mappers.base import Mapper
from kg.mappers.crossref import CROSSREF_KEY
from kg.records import Agent, Organization, Work

# "type": "article-journal": an item type of the CSL 1.0 vocabulary
CSL_TYPE = re.compile(
    r""""type"\s*:\s*"(?:article|article-journal|article-magazine|article-newspaper|bill|book|broadcast
        |chapter|dataset|entry|entry-dictionary|entry-encyclopedia|figure|graphic|interview|legal_case
        |legislation|manuscript|map|motion_picture|musical_score|pamphlet|paper-conference|patent
        |personal_communication|post|post-weblog|report|review|review-book|song|speech|standard
        |thesis|treaty|webpage)\"""",
    re.VERBOSE,
)
# "Peer support, self-disclosure; empathy": CSL keeps keywords in one string
KEYWORD_SEPARATOR = re.compile(r"\s*[;,]\s*")

# CSL item types to FaBiO classes.
KINDS: Mapping[str, str] = {
    "article-journal": "JournalArticle",
    "article-magazine": "MagazineArticle",
    "article-newspaper": "NewspaperArticle",
    "book": "Book",
    "chapter": "BookChapter",
    "report": "ReportDocument",
    "thesis": "Thesis",
    "paper-conference": "ConferencePaper",
    "webpage": "WebPage",
    "post-weblog": "WebPage",
    "dataset": "DataFile",
    "manuscript": "Manuscript",
}


class CslJsonMapper(Mapper):
    """CSL-JSON: one work per item."""

    name = "csl-json"
    version = "1.0"

    def sniff(self, text: str) -> bool:
        """CSL-JSON is a JSON list (or object) of items typed with the CSL vocabulary, and not Crossref."""
        head = text.lstrip("\ufeff \t\r\n")[:5000]
        return head[:1] in ("[", "{") and bool(CSL_TYPE.search(head)) and not CROSSREF_KEY.search(head)

    def parse(self, text: str, path: str) -> Iterator[Work | RecordError]:
        """Yield a work per item, or an error naming the line where the JSON breaks."""
        text = text.lstrip("\ufeff")
        start = json_items.skip_space(text, 0)
        try:
            if text[start : start + 1] == "[":
                items = json_items.array_items(text, start)
            else:
                items = iter([(start, json_items.value_from(text, start))])
            for offset, item in items:
                line = json_items.line_at(text, offset)
                if isinstance(item, dict):
                    yield _work(item, line)
                else:
                    excerpt = json_items.line_excerpt(text, line)
                    yield RecordError(path, line, "CSL-JSON item is not a JSON object", excerpt)
        except json.JSONDecodeError as error:
            excerpt = json_items.line_excerpt(text, error.lineno)
            yield RecordError(path, error.lineno, f"JSON breaks off or is malformed ({error.msg})", excerpt)


def _text(item: Mapping[str, object], key: str) -> str:
    """A field as one string (numbers such as "volume": 11 included), spaces collapsed."""
    value = item.get(key)
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | int)), "")
    return fields.clean_text(str(value)) if isinstance(value, str | int) else ""


def _agent(name: Mapping[str, object]) -> Agent:
    """A person (family with its particles, given) or a body written as one "literal" name."""
    if not name.get("family") and name.get("literal"):
        return fields.organization_from(str(name["literal"]))
    family = " ".join(_text(name, key) for key in ("non-dropping-particle", "family") if _text(name, key))
    given = " ".join(_text(name, key) for key in ("given", "dropping-particle") if _text(name, key))
    return fields.person_from_parts(family, given, suffix=_text(name, "suffix"))


def _dated(item: Mapping[str, object]) -> tuple[int | None, str]:
    """Year and ISO date of "issued": from date-parts, else from its raw or literal text."""
    issued = item.get("issued")
    parts = fields.first_date_parts(issued)
    if parts:
        return fields.year_from(parts[0]), fields.iso_date(parts)
    raw = _text(issued, "raw") or _text(issued, "literal") if isinstance(issued, Mapping) else ""
    return fields.year_from(raw), fields.date_from_text(raw)


def _identifiers(item: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
    """PubMed and PMC ids and ISBNs the item carries."""
    ids: list[tuple[str, str]] = []
    if (pmid := _text(item, "PMID")).isdigit():
        ids.append(("pmid", pmid))
    if pmcid := _text(item, "PMCID"):
        ids.append(("pmcid", pmcid))
    ids.extend(fields.isbn_identifiers(*KEYWORD_SEPARATOR.split(_text(item, "ISBN"))))
    return tuple(ids)


def _work(item: Mapping[str, object], line: int) -> Work:
    """The work one CSL item describes."""
    kind = fields.kind_from(KINDS, _text(item, "type"))
    year, date = _dated(item)
    page_start, page_end = fields.split_pages(_text(item, "page"))
    abstract, sections = fields.abstract_from_markup(_text(item, "abstract"))
    publisher = _text(item, "publisher")
    is_journal = kind == "JournalArticle"
    names = [a for a in fields.as_list(item.get("author")) if isinstance(a, Mapping)]
    return Work(
        line=line,
        title=_text(item, "title"),
        kind=kind,
        doi=clean_doi(_text(item, "DOI")),
        year=year,
        date=date,
        journal=fields.journal_from(_text(item, "container-title"), _text(item, "ISSN"))
        if is_journal
        else None,
        container_title=""
        if is_journal
        else _text(item, "container-title") or _text(item, "collection-title"),
        publisher=Organization(name=publisher, as_given=publisher) if publisher else None,
        publisher_place=_text(item, "publisher-place"),
        volume=_text(item, "volume"),
        issue=_text(item, "issue"),
        page_start=page_start,
        page_end=page_end,
        authors=tuple(_agent(name) for name in names),
        abstract=abstract,
        abstract_sections=sections,
        keywords=fields.unique(KEYWORD_SEPARATOR.split(_text(item, "keyword"))),
        article_type=_text(item, "genre"),
        notes=fields.unique([_text(item, "note")]),
        url=_text(item, "URL"),
        language=_text(item, "language"),
        identifiers=_identifiers(item),
    )
