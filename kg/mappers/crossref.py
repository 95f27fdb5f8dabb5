"""Crossref REST API works JSON mapped to work records, with each work's deposited reference list.

Accepts a single work (``{"status": "ok", "message": {...}}``), a bare work
object, a list of bare works, or a search result (``message.items``). Works
are decoded one at a time, so each keeps its line and a truncated file still
gives the works before the break.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping

from kg.errors import RecordError
from kg.identifiers import clean_doi
from kg.mappers import fields, json_items
from kg.mappers.base import Mapper
from kg.records import Agent, Journal, Organization, Reference, Work

# "message-type": "work", "reference-count": 31, "is-referenced-by-count": ...: keys only Crossref writes
CROSSREF_KEY = re.compile(
    r'"(?:message-type|reference-count|is-referenced-by-count|content-domain|deposited|short-container-title)"\s*:'
)
# Date fields in the order that best gives the year of publication.
DATE_KEYS = ("published", "published-print", "published-online", "issued", "created")

# Crossref work types to FaBiO classes.
KINDS: Mapping[str, str] = {
    "journal-article": "JournalArticle",
    "book": "Book",
    "monograph": "Book",
    "edited-book": "Book",
    "reference-book": "Book",
    "book-chapter": "BookChapter",
    "book-section": "BookChapter",
    "book-part": "BookChapter",
    "report": "ReportDocument",
    "proceedings-article": "ConferencePaper",
    "proceedings": "ConferenceProceedings",
    "dissertation": "Thesis",
    "posted-content": "Preprint",
    "dataset": "DataFile",
    # doi.org's CSL-JSON answers mix Crossref's keys with CSL's type names.
    "article-journal": "JournalArticle",
    "chapter": "BookChapter",
    "paper-conference": "ConferencePaper",
}


class CrossrefMapper(Mapper):
    """Crossref works JSON: one work per item, with its references."""

    name = "crossref"
    version = "1.0"

    def sniff(self, text: str) -> bool:
        """Crossref JSON is a JSON object or list that uses keys only Crossref writes."""
        head = text.lstrip("\ufeff \t\r\n")[:5000]
        return head[:1] in ("{", "[") and bool(CROSSREF_KEY.search(head))

    def parse(self, text: str, path: str) -> Iterator[Work | RecordError]:
        """Yield a work per item, or an error naming the line where the JSON breaks."""
        text = text.lstrip("\ufeff")
        try:
            for offset, item in _items(text):
                line = json_items.line_at(text, offset)
                if isinstance(item, dict):
                    lines = _reference_lines(text, offset) if isinstance(item.get("reference"), list) else []
                    yield _work(item, line, lines)
                else:
                    excerpt = json_items.line_excerpt(text, line)
                    yield RecordError(path, line, "Crossref item is not a JSON object", excerpt)
        except json.JSONDecodeError as error:
            excerpt = json_items.line_excerpt(text, error.lineno)
            yield RecordError(path, error.lineno, f"JSON breaks off or is malformed ({error.msg})", excerpt)


def _items(text: str) -> Iterator[tuple[int, object]]:
    """Each work object and its offset, whatever the envelope."""
    start = json_items.skip_space(text, 0)
    if text[start : start + 1] == "[":
        yield from json_items.array_items(text, start)
        return
    message = json_items.value_at(text, start, "message")
    if message is None:
        yield start, json_items.value_from(text, start)
        return
    items = json_items.value_at(text, message, "items")
    if items is None:
        yield message, json_items.value_from(text, message)
    else:
        yield from json_items.array_items(text, items)


def _reference_lines(text: str, offset: int) -> list[int]:
    """The line of each entry of a work's reference list (the work is already known to be whole)."""
    try:
        start = json_items.value_at(text, offset, "reference")
        offsets = [] if start is None else [o for o, _ in json_items.array_items(text, start)]
    except json.JSONDecodeError:  # a repeated "reference" key that is not a list: lines unknown
        return []
    return [json_items.line_at(text, o) for o in offsets]


def _strings(value: object) -> list[str]:
    """A field as a list of strings (Crossref writes titles and ISSNs as lists)."""
    items = value if isinstance(value, list) else [value] if value not in (None, "") else []
    return [
        fields.clean_text(str(item)) for item in items if isinstance(item, str | int) and str(item).strip()
    ]


def _first(item: Mapping[str, object], key: str) -> str:
    """The first string of a field, or the empty string."""
    return next(iter(_strings(item.get(key))), "")


def _agent(author: Mapping[str, object]) -> Agent:
    """A person (given, family, ORCID, affiliations) or a body named in one "name"."""
    if not author.get("family") and author.get("name"):
        return fields.organization_from(str(author["name"]))
    affiliations = fields.affiliations_from(
        str(a.get("name", "")) for a in fields.as_list(author.get("affiliation")) if isinstance(a, Mapping)
    )
    return fields.person_from_parts(
        str(author.get("family", "")),
        str(author.get("given", "")),
        orcid=str(author.get("ORCID", "")),
        affiliations=affiliations,
        suffix=str(author.get("suffix", "")),
    )


def _dated(item: Mapping[str, object]) -> tuple[int | None, str]:
    """Year and ISO date from the first date field that has one."""
    for key in DATE_KEYS:
        parts = fields.first_date_parts(item.get(key))
        if parts:
            return fields.year_from(parts[0]), fields.iso_date(parts)
    return None, ""


def _journal(item: Mapping[str, object]) -> Journal | None:
    """The journal, with ISSNs ordered print first by issn-type when Crossref gives it."""
    issn_types = [t for t in fields.as_list(item.get("issn-type")) if isinstance(t, Mapping)]
    typed = [f"{t.get('value', '')} ({t.get('type', '')})" for t in issn_types]
    return fields.journal_from(_first(item, "container-title"), *typed, *_strings(item.get("ISSN")))


def _reference(entry: Mapping[str, object], line: int) -> Reference:
    """One deposited reference: its printed text and the cited work as far as Crossref describes it."""
    author = _first(entry, "author")
    journal_title = _first(entry, "journal-title")
    cited = Work(
        line=line,
        title=_first(entry, "article-title") or _first(entry, "volume-title"),
        kind="JournalArticle" if journal_title else fields.GENERIC_KIND,
        doi=clean_doi(_first(entry, "DOI")),
        year=fields.year_from(_first(entry, "year")),
        journal=fields.journal_from(journal_title, _first(entry, "ISSN")) if journal_title else None,
        volume=_first(entry, "volume"),
        issue=_first(entry, "issue"),
        page_start=_first(entry, "first-page"),
        authors=(fields.agent_from_name(author),) if author else (),
    )
    printed = [author, _first(entry, "year"), cited.title, journal_title, cited.volume, cited.page_start]
    text = _first(entry, "unstructured") or ", ".join(part for part in printed if part)
    # Crossref keeps the list's order but not the printed numbers, so none is claimed.
    return Reference(line=line, text=text, work=cited)


def _work(item: Mapping[str, object], line: int, reference_lines: list[int]) -> Work:
    """The work one Crossref item describes."""
    kind = fields.kind_from(KINDS, str(item.get("type", "")))
    year, date = _dated(item)
    page_start, page_end = fields.split_pages(_first(item, "page"))
    abstract, sections = fields.abstract_from_markup(str(item.get("abstract", "")))
    entries = [e for e in fields.as_list(item.get("reference")) if isinstance(e, Mapping)]
    lines = reference_lines if len(reference_lines) == len(entries) else [line] * len(entries)
    publisher = _first(item, "publisher")
    is_journal = kind == "JournalArticle"
    identifiers = list(fields.isbn_identifiers(*_strings(item.get("ISBN"))))
    return Work(
        line=line,
        title=_first(item, "title"),
        kind=kind,
        doi=clean_doi(_first(item, "DOI")),
        year=year,
        date=date,
        journal=_journal(item) if is_journal else None,
        container_title="" if is_journal else _first(item, "container-title"),
        publisher=Organization(name=publisher, as_given=publisher) if publisher else None,
        publisher_place=_first(item, "publisher-location"),
        volume=_first(item, "volume"),
        issue=_first(item, "issue"),
        page_start=page_start,
        page_end=page_end,
        article_number=_first(item, "article-number"),
        authors=tuple(_agent(a) for a in fields.as_list(item.get("author")) if isinstance(a, Mapping)),
        abstract=abstract,
        abstract_sections=sections,
        url=_first(item, "URL"),
        language=_first(item, "language"),
        identifiers=tuple(identifiers),
        references=tuple(_reference(e, ref_line) for e, ref_line in zip(entries, lines, strict=True)),
    )
