"""The small frozen records that mappers emit and the graph writer turns into triples.

Mappers know formats, not RDF: they fill these records with exactly what the
source says (cleaned of page chrome, never guessed) and the writer in
:mod:`kg.triples` maps them to the core vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypedDict

if TYPE_CHECKING:
    from kg.errors import RecordError


@dataclass(frozen=True)
class Organization:
    """An institution, department or corporate author, as named by the source."""

    name: str  # readable name of the most specific unit ("Center for Psychiatric Rehabilitation")
    as_given: str = ""  # the text as the source wrote it ("Boston Univ, Ctr Psychiat Rehabil, ...")
    parent: Organization | None = None  # the larger body ("Boston University")
    locality: str = ""  # city
    region: str = ""  # state or province
    postal_code: str = ""
    country: str = ""


@dataclass(frozen=True)
class Person:
    """One author as one source names them; resolution decides who is whom."""

    name: str  # display form, given then family ("Wallis E. Adams")
    family: str = ""
    given: str = ""
    as_given: str = ""  # the text as the source wrote it ("Adams, Wallis E.")
    affiliations: tuple[Organization, ...] = ()
    orcid: str = ""  # bare 0000-0000-0000-0000 form
    email: str = ""
    failed_checks: tuple[str, ...] = ()  # identifiers given whose check digit fails: reported, never linked


class PersonExtra(TypedDict, total=False):
    """What a source may say about a person besides the name (keyword arguments of :class:`Person`)."""

    affiliations: tuple[Organization, ...]
    orcid: str
    email: str
    failed_checks: tuple[str, ...]


Agent = Person | Organization


@dataclass(frozen=True)
class Journal:
    """A serial a work is part of."""

    title: str
    issns: tuple[str, ...] = ()  # NNNN-NNNC, print first
    failed_checks: tuple[str, ...] = ()  # ISSNs given whose check digit fails: reported, never linked


@dataclass(frozen=True)
class AbstractSection:
    """One headed part of a structured abstract ("Purpose", "Methods", ...)."""

    heading: str
    text: str


@dataclass(frozen=True)
class Classification:
    """A code from a subject classification (e.g. the Chinese Library Classification)."""

    scheme: str  # short scheme name: "CLC", "discipline"
    code: str
    label: str = ""
    label_language: str = ""


@dataclass(frozen=True)
class Work:
    """A bibliographic work: a record with content, a related paper or a cited reference."""

    line: int  # 1-based line of the source where this record starts
    title: str = ""
    kind: str = "JournalArticle"  # FaBiO class local name: JournalArticle, Book, WebPage, ...
    doi: str = ""  # lower-case, no resolver prefix
    year: int | None = None
    date: str = ""  # ISO date when the source gives one
    journal: Journal | None = None
    container_title: str = ""  # a book or report series that is not a journal
    publisher: Organization | None = None
    publisher_place: str = ""
    volume: str = ""
    issue: str = ""
    page_start: str = ""
    page_end: str = ""
    article_number: str = ""
    authors: tuple[Agent, ...] = ()
    authors_truncated: bool = False  # the source's author list ends in "..." or skips with "…"
    abstract: str = ""
    abstract_sections: tuple[AbstractSection, ...] = ()
    keywords: tuple[str, ...] = ()  # author keywords
    index_keywords: tuple[str, ...] = ()  # indexer terms (Web of Science KeyWords Plus)
    classifications: tuple[Classification, ...] = ()
    cited_by_count: int | None = None
    download_count: int | None = None
    num_pages: int | None = None
    copyright_year: int | None = None
    copyright_holder: str = ""
    article_type: str = ""  # as the publisher labels it, title-cased ("Point of View")
    notes: tuple[str, ...] = ()
    url: str = ""
    language: str = ""
    # extra ids: ("pmid", "123"), ("isbn", ...); ("failed", "ISBN ...: check digit fails") is reported, never linked
    identifiers: tuple[tuple[str, str], ...] = ()
    related: tuple[Work, ...] = ()  # portal "related papers": dcterms:relation, never citations
    references: tuple[Reference, ...] = ()  # the reference list: cito:cites

    @property
    def has_content(self) -> bool:
        """A work whose content we hold (it has an abstract) is a psk:Study."""
        return bool(self.abstract)



class WorkFields(TypedDict, total=False):
    """Fields of a :class:`Work` other than its line, as a mapper gathers them before making the work."""

    # The same names and types as Work's fields (tests/test_records.py checks they stay in step).

    title: str
    kind: str
    doi: str
    year: int | None
    date: str
    journal: Journal | None
    container_title: str
    publisher: Organization | None
    publisher_place: str
    volume: str
    issue: str
    page_start: str
    page_end: str
    article_number: str
    authors: tuple[Agent, ...]
    authors_truncated: bool
    abstract: str
    abstract_sections: tuple[AbstractSection, ...]
    keywords: tuple[str, ...]
    index_keywords: tuple[str, ...]
    classifications: tuple[Classification, ...]
    cited_by_count: int | None
    download_count: int | None
    num_pages: int | None
    copyright_year: int | None
    copyright_holder: str
    article_type: str
    notes: tuple[str, ...]
    url: str
    language: str
    identifiers: tuple[tuple[str, str], ...]
    related: tuple[Work, ...]
    references: tuple[Reference, ...]


@dataclass(frozen=True)
class Reference:
    """One entry of a reference list: the raw text and the work it points to."""

    line: int
    text: str  # the reference as printed, link labels removed
    work: Work
    number: int | None = None
    truncated: bool = False  # the page cut the reference short ("…"): the work holds what could be read


@dataclass(frozen=True)
class Document:
    """One source document after mapping: its works and what went wrong."""

    path: str
    sha256: str
    mapper: str
    mapper_version: str
    works: tuple[Work, ...] = ()
    errors: tuple[RecordError, ...] = field(default=())
