"""A journal search listing: several records, each a "◽"-separated header and an abstract.

A record starts at a header line (``2017 ◽``) after a blank line. The header is a
run of tokens separated by "◽" or line breaks (year, volume and issue, pages,
``Author(s):`` and the names) and the abstract follows it up to the next record.
Only the first record carries a title: the file's first line. The listing never
names the journal, so no journal is recorded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypedDict

from kg.errors import RecordError
from kg.mappers.base import Mapper, lines_of
from kg.names import person_from_direct
from kg.records import AbstractSection, Agent, Work

HEADER_SEPARATOR = "◽"
# Lines the listing page puts around its records; never part of a record.
PAGE_CHROME = frozenset(
    {
        "Sign in / Sign up",
        "Sign in",
        "Sign up",
        "Export Citation Format",
        "Share Document",
        "Share",
        "Download PDF",
        "Download Full-text",
        "Cite",
        "Save",
        "Add to favorites",
        "View Full Text",
        "Get Access",
        "Request permissions",
    }
)

# "2017 ◽", "◽ Vol 3 (2) ◽ pp. 1-9", "Vol 20 ◽", "Author(s):": a line that opens a record header.
HEADER_START = re.compile(r"^(?:\d{4}\s*◽|◽|Vol\.?\s*\d|pp?\.\s*\d|Author\(s\)\s*:)")
# "2017 ◽": the year that opens a record.
YEAR_HEADER = re.compile(r"^\d{4}\s*◽")
# "pp. 180-187", "Author(s):": a line that continues a header although the line before it did not end in ◽.
HEADER_CONTINUES = re.compile(r"^(?:◽|Vol\.?\s*\d|pp?\.\s*\d|Author\(s\)\s*:)")

# Header tokens before "Author(s):".
YEAR_TOKEN = re.compile(r"^(?P<year>\d{4})$")  # "2017"
VOLUME_TOKEN = re.compile(r"^Vol\.?\s*(?P<volume>[^\s(]+)(?:\s*\((?P<issue>[^)]*)\))?$")  # "Vol 21 (3)"
PAGES_TOKEN = re.compile(r"^pp?\.\s*(?P<first>[^\s\-–]+)(?:\s*[-–]\s*(?P<last>\S+))?$")  # "pp. 168-175"
AUTHORS_TOKEN = re.compile(r"^Author\(s\)\s*:\s*(?P<rest>.*)$")  # "Author(s): E. Sally Rogers"
# "160940692199568": a lone page number this long is an article number (e-locator).
PAGE_NUMBER = re.compile(r"^\d{1,5}$")
TRUNCATION_MARKS = frozenset({"...", "…"})
# "Abstract Background Knowledge construction is ..."
ABSTRACT_WORD = re.compile(r"^Abstract\b[:.]?\s*")

# Headings of structured abstracts (Emerald's and the IMRaD family).
ABSTRACT_HEADINGS: tuple[str, ...] = (
    "Purpose",
    "Design/methodology/approach",
    "Findings",
    "Research limitations/implications",
    "Practical implications",
    "Social implications",
    "Originality/value",
    "Background",
    "Context",
    "Introduction",
    "Objective",
    "Objectives",
    "Aim",
    "Aims",
    "Method",
    "Methods",
    "Results",
    "Discussion",
    "Limitations",
    "Conclusion",
    "Conclusions",
)
# "... is described. Findings Although peer support ...": a heading at the start or after a
# sentence end, followed by a capitalised word.
ABSTRACT_HEADING = re.compile(
    r"""(?:^|(?<=[.!?]\s)|(?<=[.!?]["”’)]\s))
        (?P<heading>{alternatives})
        [:.]?\s+
        (?=[A-Z0-9“"(])""".format(
        alternatives="|".join(re.escape(h) for h in sorted(ABSTRACT_HEADINGS, key=len, reverse=True))
    ),
    re.VERBOSE,
)


@dataclass
class _Record:
    line: int  # 1-based line of the header start
    header: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)


def _is_blank(line: str) -> bool:
    return not line.strip()


def _split_records(lines: list[str]) -> tuple[list[str], list[_Record]]:
    """The lines before the first record, and the records with their header and body lines."""
    preamble: list[str] = []
    records: list[_Record] = []
    in_header = False
    for index, raw in enumerate(lines):
        line = raw.strip()
        starts = HEADER_START.match(line) and (index == 0 or _is_blank(lines[index - 1]))
        if starts:
            records.append(_Record(index + 1, [line]))
            in_header = True
        elif not records:
            preamble.append(line)
        elif in_header and line and _continues_header(records[-1].header[-1], line):
            records[-1].header.append(line)
        else:
            in_header = False
            records[-1].body.append(line)
    return preamble, records


def _continues_header(previous: str, line: str) -> bool:
    """A header goes on after a line ending in ◽ or "Author(s):", or with a line opening a token."""
    return previous.endswith(HEADER_SEPARATOR) or bool(
        AUTHORS_TOKEN.match(previous) or HEADER_CONTINUES.match(line)
    )


def _tokens(header: list[str]) -> list[str]:
    return [token.strip() for line in header for token in line.split(HEADER_SEPARATOR) if token.strip()]


class HeaderFields(TypedDict, total=False):
    """The Work fields a record's header gives."""

    year: int
    volume: str
    issue: str
    page_start: str
    page_end: str
    article_number: str
    authors: tuple[Agent, ...]
    authors_truncated: bool


def _pages(match: re.Match[str]) -> HeaderFields:
    first, last = match["first"], match["last"]
    if last:
        return {"page_start": first, "page_end": last}
    return {"page_start": first} if PAGE_NUMBER.match(first) else {"article_number": first}


# Token pattern -> fields of the work it gives.
HEADER_TOKENS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], HeaderFields]], ...] = (
    (YEAR_TOKEN, lambda match: {"year": int(match["year"])}),
    (VOLUME_TOKEN, lambda match: {"volume": match["volume"], "issue": (match["issue"] or "").strip()}),
    (PAGES_TOKEN, _pages),
)


def _header_fields(tokens: list[str]) -> HeaderFields:
    """Year, volume, issue, pages and authors from the header tokens."""
    fields: HeaderFields = {}
    names: list[str] | None = None
    for token in tokens:
        authors = AUTHORS_TOKEN.match(token)
        if names is not None:
            names.append(token)
        elif authors:
            names = [authors["rest"]] if authors["rest"] else []
        else:
            for pattern, convert in HEADER_TOKENS:
                match = pattern.match(token)
                if match:
                    fields.update(convert(match))
                    break
    names = names or []
    fields["authors_truncated"] = bool(names) and names[-1] in TRUNCATION_MARKS
    fields["authors"] = tuple(person_from_direct(name) for name in names if name not in TRUNCATION_MARKS)
    return fields


def abstract_sections(text: str) -> tuple[AbstractSection, ...]:
    """The headed parts of a structured abstract, or none when it does not open with a heading."""
    matches = list(ABSTRACT_HEADING.finditer(text))
    if not matches or matches[0].start() != 0:
        return ()
    ends = [match.start() for match in matches[1:]] + [len(text)]
    return tuple(
        AbstractSection(match["heading"], text[match.end() : end].strip())
        for match, end in zip(matches, ends, strict=True)
    )


def _abstract(body: list[str]) -> str:
    kept = [line for line in body if line and line not in PAGE_CHROME]
    return ABSTRACT_WORD.sub("", " ".join(kept), count=1)


def _title(preamble: list[str]) -> str:
    kept = [line for line in preamble if line and line not in PAGE_CHROME]
    return kept[0] if kept else ""


class SearchListingMapper(Mapper):
    """A journal search listing: one work per "YEAR ◽ Vol ◽ pp. ◽ Author(s):" record."""

    name = "search_listing"
    version = "1.0"

    def sniff(self, text: str) -> bool:
        """A header line opening with a year and "◽", and an "Author(s):" token."""
        lines = [line.strip() for line in text.splitlines()]
        has_year = any(YEAR_HEADER.match(line) for line in lines)
        return has_year and any("Author(s):" in line for line in lines)

    def parse(self, text: str, path: str) -> Iterator[Work | RecordError]:
        """Yield a work per record, or an error naming the line of a record that cannot be mapped."""
        preamble, records = _split_records(lines_of(text))
        title = _title(preamble)
        for position, record in enumerate(records):
            fields = _header_fields(_tokens(record.header))
            abstract = _abstract(record.body)
            excerpt = " ".join(record.header)
            if "year" not in fields:
                yield RecordError(path, record.line, "listing record has no year", excerpt)
                continue
            if not fields["authors"] and not abstract:
                reason = "listing record is cut off: header without authors and no abstract"
                yield RecordError(path, record.line, reason, excerpt)
                continue
            yield Work(
                line=record.line,
                title=title if position == 0 else "",
                abstract=abstract,
                abstract_sections=abstract_sections(abstract),
                **fields,
            )
