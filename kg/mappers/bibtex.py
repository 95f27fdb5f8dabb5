"""BibTeX and BibLaTeX exports mapped to work records with bibtexparser 2.

Names are split *before* LaTeX is decoded: decoding first would strip the
braces of ``{World Health Organization}`` (BibTeX's mark for a body that is
one name) and the splitter would then make a person "World Health
Organization" with the family name "Organization". Entries bibtexparser
cannot parse come back as failed blocks and become errors with their line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

import bibtexparser
from bibtexparser import middlewares
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.model import Entry, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from kg.errors import RecordError
from kg.identifiers import clean_doi
from kg.mappers import fields
from kg.mappers.base import MAX_FIELD_LENGTH, Mapper
from kg.records import Agent, Organization, Work

# "@article{davidson2012peer,": an entry with its citation key, at the start of a line
BIBTEX_ENTRY = re.compile(r"^[ \t]*@(?P<type>[A-Za-z]+)\s*[{(]\s*[^\s,{}()=]+\s*,", re.MULTILINE)
# "% Encoding: UTF-8" (JabRef) or blank: lines a .bib file may start with before its first entry
BIBTEX_PREAMBLE_LINE = re.compile(r"^\s*(?:%.*)?$")
# "Peer support, self-disclosure; empathy": keyword lists use commas or semicolons
KEYWORD_SEPARATOR = re.compile(r"\s*[;,]\s*")
# What LaTeX decoding may change: commands, groups, math, specials, dashes, quotes ("{\\AA}kerblom", "--")
LATEX_MARKUP = re.compile(r"[\\{}$%&~^_`'-]")
# Entry types that are not works.
NON_WORK_TYPES = frozenset({"comment", "string", "preamble"})

# BibTeX and BibLaTeX entry types to FaBiO classes.
KINDS: Mapping[str, str] = {
    "article": "JournalArticle",
    "book": "Book",
    "mvbook": "Book",
    "booklet": "Book",
    "inbook": "BookChapter",
    "incollection": "BookChapter",
    "inproceedings": "ConferencePaper",
    "conference": "ConferencePaper",
    "proceedings": "ConferenceProceedings",
    "techreport": "ReportDocument",
    "report": "ReportDocument",
    "phdthesis": "Thesis",
    "mastersthesis": "Thesis",
    "thesis": "Thesis",
    "online": "WebPage",
    "electronic": "WebPage",
    "www": "WebPage",
    "unpublished": "Manuscript",
    "dataset": "DataFile",
}
# Fields naming who issued a work, in the order BibTeX styles prefer them.
PUBLISHER_FIELDS = ("publisher", "institution", "school", "organization")

_LATEX = LatexNodes2Text()


def _parse_stack() -> list[Middleware]:
    """bibtexparser's steps in the order this mapper needs: split names, then decode LaTeX."""
    return [
        middlewares.ResolveStringReferencesMiddleware(True),
        middlewares.RemoveEnclosingMiddleware(True),
        middlewares.NormalizeFieldKeys(True),
        middlewares.SeparateCoAuthors(True),
        middlewares.SplitNameParts(True),
        # Decodes text fields only; name parts (lists of NameParts) are decoded in _agent.
        _BoundedLatexDecoding(True),
    ]


class _BoundedLatexDecoding(middlewares.LatexDecodingMiddleware):
    """LaTeX decoding that leaves a value longer than any real field as it is: the decoder takes
    seconds on a megabyte, and the record is refused for its length (MAX_FIELD_LENGTH) anyway."""

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        if len(python_string) > MAX_FIELD_LENGTH:
            return python_string, ""
        return super()._transform_python_value_string(python_string)


class BibtexMapper(Mapper):
    """BibTeX and BibLaTeX files: one work per entry."""

    name = "bibtex"
    version = "1.0"

    def sniff(self, text: str) -> bool:
        """A .bib file's first content line starts an ``@type{key,`` entry."""
        for line in text.lstrip("\ufeff").splitlines():
            if not BIBTEX_PREAMBLE_LINE.match(line):
                return line.lstrip().startswith("@") and any(
                    m["type"].lower() not in NON_WORK_TYPES for m in BIBTEX_ENTRY.finditer(text)
                )
        return False

    def parse(self, text: str, path: str) -> Iterator[Work | RecordError]:
        """Yield a work per entry, or an error naming the line of an entry that could not be parsed."""
        # bibtexparser re-exports parse_string from its entrypoint module without listing it in __all__
        library = bibtexparser.parse_string(  # type: ignore[attr-defined]
            text.lstrip("\ufeff"), parse_stack=_parse_stack()
        )
        for block in library.blocks:
            line = (block.start_line or 0) + 1
            if isinstance(block, ParsingFailedBlock):
                raw = (block.raw or "").strip()
                reason = f"BibTeX entry could not be parsed ({_failure_reason(block.error)})"
                yield RecordError(path, line, reason, raw.splitlines()[0] if raw else "")
            elif isinstance(block, Entry) and block.entry_type.lower() not in NON_WORK_TYPES:
                yield _work(block, line)


def _failure_reason(error: Exception) -> str:
    """What bibtexparser says went wrong (an aborted block keeps it in ``abort_reason``)."""
    reason = getattr(error, "abort_reason", "") or str(error)
    lines = [line.strip() for line in reason.strip().splitlines() if line.strip()]
    return lines[-1] if lines else type(error).__name__


def _text(entry: Entry, *keys: str) -> str:
    """The first of the fields that has a value, as plain text."""
    for key in keys:
        field = entry.fields_dict.get(key)
        if field is not None and isinstance(field.value, str) and field.value.strip():
            return fields.clean_text(field.value)
    return ""


def _is_one_braced_group(part: str) -> bool:
    """Whether a name part is a single {...} group, BibTeX's way to keep a body's name whole."""
    if not (part.startswith("{") and part.endswith("}")):
        return False
    depth = 0
    for position, char in enumerate(part):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and position < len(part) - 1:
            return False
    return True


def _decoded(parts: list[str]) -> str:
    """Name parts joined and decoded from LaTeX ("{\\AA}kerblom" -> "Åkerblom")."""
    joined = " ".join(parts)
    if not LATEX_MARKUP.search(joined):  # plain text: the decoder (a millisecond a call) would return it as is
        return fields.clean_text(joined)
    return fields.clean_text(_LATEX.latex_to_text(joined))


def _agent(name: middlewares.NameParts) -> Agent:
    """A person from BibTeX name parts, or a body when the name is one braced group."""
    if not (name.first or name.von or name.jr) and len(name.last) == 1 and _is_one_braced_group(name.last[0]):
        return fields.organization_from(_decoded(name.last))
    family = _decoded([*name.von, *name.last])
    given = _decoded(name.first)
    suffix = _decoded(name.jr)
    written = ", ".join(part for part in (family, suffix, given) if part)
    return fields.person_from_parts(family, given, as_given=written, suffix=suffix)


def _authors(entry: Entry) -> tuple[Agent, ...]:
    """The authors in order (empty when the entry names none)."""
    field = entry.fields_dict.get("author")
    names = field.value if field is not None and isinstance(field.value, list) else []
    return tuple(_agent(name) for name in names if isinstance(name, middlewares.NameParts))


def _identifiers(entry: Entry) -> tuple[tuple[str, str], ...]:
    """PubMed ids and ISBNs the entry carries."""
    ids = [("pmid", pmid)] if (pmid := _text(entry, "pmid")).isdigit() else []
    ids.extend(fields.isbn_identifiers(_text(entry, "isbn")))
    return tuple(ids)


def _work(entry: Entry, line: int) -> Work:
    """The work one BibTeX entry describes."""
    kind = fields.kind_from(KINDS, entry.entry_type)
    page_start, page_end = fields.split_pages(_text(entry, "pages"))
    publisher = _text(entry, *PUBLISHER_FIELDS)
    journal_title = _text(entry, "journal", "journaltitle")
    keywords = KEYWORD_SEPARATOR.split(_text(entry, "keywords", "keyword"))
    return Work(
        line=line,
        title=_text(entry, "title"),
        kind=kind,
        doi=clean_doi(_text(entry, "doi")),
        year=fields.year_from(_text(entry, "year", "date")),
        date=fields.date_from_text(_text(entry, "date")),
        journal=fields.journal_from(journal_title, _text(entry, "issn")) if journal_title else None,
        container_title=_text(entry, "booktitle", "series"),
        publisher=Organization(name=publisher, as_given=publisher) if publisher else None,
        publisher_place=_text(entry, "address", "location"),
        volume=_text(entry, "volume"),
        issue=_text(entry, "number", "issue"),
        page_start=page_start,
        page_end=page_end,
        article_number=_text(entry, "eid", "articleno"),
        authors=_authors(entry),
        abstract=_text(entry, "abstract"),
        keywords=fields.unique(keywords),
        article_type=_text(entry, "type"),
        notes=fields.unique([_text(entry, "note")]),
        url=_text(entry, "url"),
        language=_text(entry, "language", "langid"),
        identifiers=_identifiers(entry),
    )
