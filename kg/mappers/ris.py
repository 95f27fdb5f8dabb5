"""RIS exports (Zotero, EndNote, Scopus, Mendeley) mapped to work records with rispy.

rispy silently returns nothing for a record without its ``ER`` line or for
text that does not start with ``TY``, so the file is cut into records here
(``TY`` .. ``ER``) first: a broken record fails alone, with its line, and the
records around it still map.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import rispy

from kg.errors import RecordError
from kg.identifiers import DOI_IN_TEXT, clean_doi
from kg.mappers import fields
from kg.mappers.base import Mapper, lines_of
from kg.records import Agent, Organization, Work

# "TY  - JOUR": the line every RIS record starts with
RIS_START = re.compile(r"^TY  - ?\S")
# "ER  - " (the value is usually empty): the line every RIS record ends with
RIS_END = re.compile(r"^ER  -")

# RIS reference types (TY) to FaBiO classes.
KINDS: Mapping[str, str] = {
    "jour": "JournalArticle",
    "ejour": "JournalArticle",
    "inpr": "JournalArticle",
    "mgzn": "MagazineArticle",
    "news": "NewspaperArticle",
    "book": "Book",
    "ebook": "Book",
    "edbook": "Book",
    "chap": "BookChapter",
    "echap": "BookChapter",
    "rprt": "ReportDocument",
    "govdoc": "ReportDocument",
    "thes": "Thesis",
    "conf": "ConferenceProceedings",
    "cpaper": "ConferencePaper",
    "elec": "WebPage",
    "blog": "WebPage",
    "data": "DataFile",
    "unpb": "Manuscript",
    "manscpt": "Manuscript",
}
# Where each flavour puts the journal's name: EndNote JF/JO, Zotero and Scopus T2 (J2 abbreviation).
JOURNAL_TAGS = ("alternate_title3", "journal_name", "secondary_title", "alternate_title2", "alternate_title1")
# Tags read as lists besides rispy's own (several ISSN/ISBN or address lines are common).
LIST_TAGS = [*rispy.LIST_TYPE_TAGS, "SN", "AD"]
# Kinds whose T2 is a book or series, not a journal.
CONTAINER_KINDS = frozenset({"BookChapter", "ConferencePaper", "WebPage", "ReportDocument"})
# Kinds that are not in a journal: their SN is an ISBN or a series ISSN, not the journal's.
NOT_IN_JOURNAL = CONTAINER_KINDS | {"Book", "Thesis", "ConferenceProceedings", "DataFile", "Manuscript"}


class RisMapper(Mapper):
    """RIS files: one work per ``TY``..``ER`` record."""

    name = "ris"
    version = "1.0"

    def sniff(self, text: str) -> bool:
        """An RIS file starts with a ``TY  - `` line and holds at least one ``ER`` line."""
        lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
        return bool(lines) and bool(RIS_START.match(lines[0])) and any(RIS_END.match(x) for x in lines)

    def parse(self, text: str, path: str) -> Iterator[Work | RecordError]:
        """Yield a work per record, or an error naming the line of a record that is broken."""
        for chunk in _split_records(text.lstrip("\ufeff"), path):
            if isinstance(chunk, RecordError):
                yield chunk
                continue
            line, body = chunk
            entries = rispy.loads(body, list_tags=LIST_TAGS)
            if len(entries) != 1:
                yield RecordError(path, line, "RIS record could not be read", body.splitlines()[0])
                continue
            yield _work(entries[0], line)


def _split_records(text: str, path: str) -> Iterator[tuple[int, str] | RecordError]:
    """Each record's first line and text; an error for a record without ER or for stray text."""
    body: list[str]
    start, body, stray = 0, [], False
    for number, line in enumerate(lines_of(text), start=1):
        if RIS_START.match(line):
            if start:
                yield RecordError(
                    path, start, "RIS record has no 'ER  -' end line before the next record", body[0]
                )
            start, body, stray = number, [line], False
        elif start:
            body.append(line)
            if RIS_END.match(line):
                yield start, "\n".join(body)
                start, body = 0, []
        elif line.strip() and not stray:
            reason = "RIS line outside a record (records start with 'TY  - ')"
            yield RecordError(path, number, reason, line.strip())
            stray = True
    if start:
        yield RecordError(path, start, "RIS record has no 'ER  -' end line (file cut short?)", body[0])


def _values(entry: Mapping[str, object], key: str) -> list[str]:
    """A tag's values as a list of stripped strings, whether rispy gave a string or a list."""
    value = entry.get(key)
    items = value if isinstance(value, list) else [value] if value else []
    return [str(item).strip() for item in items if str(item).strip()]


def _first(entry: Mapping[str, object], *keys: str) -> str:
    """The first value of the first of the tags that has one."""
    return next((values[0] for key in keys if (values := _values(entry, key))), "")


def _authors(entry: Mapping[str, object]) -> tuple[Agent, ...]:
    """Authors from AU (Zotero, Scopus) or A1 (EndNote), in order; a record's only author gets its AD."""
    names = _values(entry, "authors") or _values(entry, "first_authors")
    # AD belongs to the record, not to an author: it can only be attached when there is one author.
    affiliations = fields.affiliations_from(_values(entry, "author_address")) if len(names) == 1 else ()
    return tuple(fields.agent_from_name(name, affiliations=affiliations) for name in names)


def _doi(entry: Mapping[str, object]) -> str:
    """The DOI from DO, else from a doi.org link in UR or M3 (EndNote puts it there)."""
    for text in (*_values(entry, "doi"), *_values(entry, "urls"), *_values(entry, "type_of_work")):
        if DOI_IN_TEXT.search(text) and (doi := clean_doi(text)):
            return doi
    return ""


def _article_type(entry: Mapping[str, object]) -> str:
    """M3 as the document type (Scopus "Review"), unless EndNote used it for the DOI."""
    type_of_work = _first(entry, "type_of_work")
    return "" if DOI_IN_TEXT.search(type_of_work) else type_of_work


def _identifiers(entry: Mapping[str, object], kind: str) -> tuple[tuple[str, str], ...]:
    """PubMed ids (AN with DB PubMed/MEDLINE) and ISBNs (SN of books and reports)."""
    ids: list[tuple[str, str]] = []
    database = _first(entry, "name_of_database").lower()
    accession = _first(entry, "accession_number")
    if accession.isdigit() and ("pubmed" in database or "medline" in database):
        ids.append(("pmid", accession))
    if kind in NOT_IN_JOURNAL:
        ids.extend(fields.isbn_identifiers(*_values(entry, "issn")))
    return tuple(ids)


def _work(entry: Mapping[str, object], line: int) -> Work:
    """The work one rispy entry describes."""
    kind = fields.kind_from(KINDS, _first(entry, "type_of_reference"))
    page_start, page_end = fields.split_pages(_first(entry, "start_page"))
    page_end = _first(entry, "end_page") or page_end
    container = _first(entry, "secondary_title") if kind in CONTAINER_KINDS else ""
    in_journal = kind not in NOT_IN_JOURNAL
    date_text = _first(entry, "date", "publication_year", "year")
    publisher = _first(entry, "publisher")
    return Work(
        line=line,
        title=fields.clean_text(_first(entry, "title", "primary_title", "short_title")),
        kind=kind,
        doi=_doi(entry),
        year=fields.year_from(_first(entry, "year", "publication_year", "date")),
        date=fields.date_from_text(date_text),
        journal=fields.journal_from(_first(entry, *JOURNAL_TAGS), *_values(entry, "issn"))
        if in_journal
        else None,
        container_title=fields.clean_text(container),
        publisher=Organization(name=publisher, as_given=publisher) if publisher else None,
        publisher_place=_first(entry, "place_published"),
        volume=_first(entry, "volume"),
        issue=_first(entry, "number"),
        page_start=page_start,
        page_end=page_end,
        authors=_authors(entry),
        abstract=fields.clean_text(_first(entry, "abstract", "notes_abstract")),
        keywords=fields.unique(fields.clean_text(k) for k in _values(entry, "keywords")),
        article_type=_article_type(entry),
        notes=tuple(_values(entry, "notes")),
        url=next(iter(_values(entry, "urls")), ""),
        language=_first(entry, "language"),
        identifiers=_identifiers(entry, kind),
    )
