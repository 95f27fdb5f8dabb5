"""A portal record with Chinese field labels (被引, 作者, 机构, 关键词, 摘要, 相关论文, ...).

The record is one work: a title line, then labelled fields. Block labels stand on
their own line and own the lines below them up to the next label; inline labels
carry their value after a colon (``被引:46``). Institutions are Web of Science
addresses; the related papers at the end are *related*, never citations.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from kg.errors import AddressError, RecordError
from kg.identifiers import clean_doi
from kg.mappers.base import Mapper, lines_of
from kg.names import person_from_inverted
from kg.orgnames import parse_wos_address
from kg.records import Classification, Journal, Organization, Person, Work, WorkFields

# Labels standing alone on a line, each starting a block of the record.
BLOCK_LABELS: dict[str, str] = {
    "作者": "authors",
    "机构": "institutions",
    "关键词": "keywords",
    "D O I": "doi",
    "DOI": "doi",
    "中图分类号": "clc",
    "学科分类号": "discipline",
    "摘要": "abstract",
    "相关论文": "related",
}
# Labels with the value on the same line: "被引:46", "页数:8" (page count), "页码:477 / 481" (page range).
INLINE_LABELS: dict[str, str] = {
    "被引": "cited_by", "页数": "pages", "页码": "page_range", "D O I": "doi", "DOI": "doi",
}
# "被引:46" / "页数：8" / "页码:477 / 481"
INLINE_FIELD = re.compile(r"^(?P<label>被引|页数|页码|D O I|DOI)\s*[:：]\s*(?P<value>\S.*)$")
# "477 / 481", "e0227421", "S12 - S19": the first and last page the portal prints
PAGE_RANGE = re.compile(r"^(?P<start>[A-Za-z]*\d+[A-Za-z]*)(?:\s*[/\-–]\s*(?P<end>[A-Za-z]*\d+[A-Za-z]*))?$")
# Buttons and separators of the portal page ("引用" = cite, "收藏" = bookmark).
PAGE_CHROME = frozenset({"引用", "收藏", "|"})
# "共 50 条": the portal's count of related papers, of which it shows a few.
RELATED_COUNT = re.compile(r"^共\s*\d+\s*条$")

# "Adams, Wallis E. [1 ,2 ]"
AUTHOR_LINE = re.compile(r"^(?P<name>.+?)\s*(?:\[(?P<marks>[\d\s,，]*)\])?$")
# "1 ,2 " inside "[1 ,2 ]": the institutions an author cites.
MARK_NUMBER = re.compile(r"\d{1,6}")
# "[1] Northeastern Univ, Inst Hlth Equ & Social Justice Res, Boston, MA 02115 USA"
INSTITUTION_LINE = re.compile(r"^(?:\[(?P<number>\d{1,6})\]\s*)?(?P<address>\S.*)$")
# "R1 [预防医学、卫生学]"
CLC_ITEM = re.compile(r"^(?P<code>[A-Z][A-Z0-9.\-/+]*)\s*(?:\[(?P<label>[^\]]*)\])?$")
# "  • [1] The impact of peer support work on the mental health of peer support specialists"
RELATED_ENTRY = re.compile(r"^\s*[•·]?\s*\[(?P<number>\d{1,6})\]\s*(?P<title>\S.*)$")
# "ADOLESCENTS, 2021, 1 (04): : 400 - 411" / "JMIR MENTAL HEALTH, 2023, 10" / "HEALTH SOCIOLOGY REVIEW, 2024,"
VENUE_LINE = re.compile(
    r"""^(?P<journal>[^,]+?)\s*,\s*(?P<year>(?:1[89]|20)\d\d)\s*,?
        \s*(?P<volume>[^\s(:,]+)?
        \s*(?:\((?P<issue>[^)]*)\))?
        (?:\s*[:：])*
        \s*(?:(?P<start>[^\s:\-–]+)(?:\s*[-–]\s*(?P<end>[^\s:]+))?)?
        \s*$""",
    re.VERBOSE,
)
KEYWORD_SEPARATOR = re.compile(r"[;；]")


@dataclass
class _Block:
    label_line: int  # 1-based line of the label
    lines: list[tuple[int, str]] = field(default_factory=list)  # (line number, stripped text)


@dataclass
class _Sections:
    title_lines: list[tuple[int, str]] = field(default_factory=list)
    inline: dict[str, tuple[int, str]] = field(default_factory=dict)
    blocks: dict[str, _Block] = field(default_factory=dict)


def _sections(text: str) -> _Sections:
    """Split the record into its title lines, inline fields and labelled blocks."""
    sections = _Sections()
    current: _Block | None = None
    for number, raw in enumerate(lines_of(text), start=1):
        line = raw.strip()
        if not line or line in PAGE_CHROME:
            continue
        label = BLOCK_LABELS.get(line.rstrip(":："))
        inline = INLINE_FIELD.match(line)
        if label:
            current = sections.blocks.setdefault(label, _Block(number))
        elif inline:
            sections.inline[INLINE_LABELS[inline["label"]]] = (number, inline["value"].strip())
        elif current is None:
            sections.title_lines.append((number, line))
        else:
            current.lines.append((number, raw.rstrip()))
    return sections


def _split_keywords(lines: list[tuple[int, str]]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Author keywords, then the trailing run of upper-case terms (KeyWords Plus)."""
    terms = [term.strip() for _, line in lines for term in KEYWORD_SEPARATOR.split(line)]
    terms = [term for term in terms if term]
    split = len(terms)
    while split > 0 and terms[split - 1].isupper():
        split -= 1
    return tuple(terms[:split]), tuple(terms[split:])


def _items(lines: list[tuple[int, str]]) -> Iterator[tuple[int, str]]:
    """The ";"-separated items of a block, each with its line."""
    for number, line in lines:
        for item in KEYWORD_SEPARATOR.split(line):
            if item.strip():
                yield number, item.strip()


@dataclass
class _Mapping:
    """What one record maps to so far: fields of the main work and errors of its parts."""

    path: str
    fields: WorkFields = field(default_factory=WorkFields)
    errors: list[RecordError] = field(default_factory=list)
    institutions: dict[int, Organization] = field(default_factory=dict)
    unmapped: set[int] = field(default_factory=set)  # institutions already reported as errors

    def error(self, line: int, reason: str, excerpt: str = "") -> None:
        self.errors.append(RecordError(self.path, line, reason, excerpt.strip()))


def _map_institutions(block: _Block, mapping: _Mapping) -> None:
    for position, (number, line) in enumerate(block.lines, start=1):
        match = INSTITUTION_LINE.match(line.strip())
        assert match is not None  # a block line has text, and the pattern reads any text
        key = int(match["number"]) if match["number"] else position
        try:
            mapping.institutions[key] = parse_wos_address(match["address"])
        except AddressError as error:
            mapping.unmapped.add(key)
            mapping.error(number, f"institution not mapped: {error}", line)


def _map_authors(block: _Block, mapping: _Mapping) -> None:
    only = tuple(mapping.institutions.values()) if len(mapping.institutions) == 1 else ()
    authors: list[Person] = []
    for number, line in block.lines:
        match = AUTHOR_LINE.match(line.strip())
        assert match is not None  # a block line has text, and the pattern reads any text
        marks = [int(mark) for mark in MARK_NUMBER.findall(match["marks"] or "")]
        for mark in marks:
            if mark not in mapping.institutions and mark not in mapping.unmapped:
                reason = f"author cites institution [{mark}] that the record does not list"
                mapping.error(number, reason, line)
        cited = tuple(dict.fromkeys(mapping.institutions[m] for m in marks if m in mapping.institutions))
        authors.append(person_from_inverted(match["name"], affiliations=cited if match["marks"] else only))
    mapping.fields["authors"] = tuple(authors)


def _map_keywords(block: _Block, mapping: _Mapping) -> None:
    mapping.fields["keywords"], mapping.fields["index_keywords"] = _split_keywords(block.lines)


def _map_doi(block: _Block, mapping: _Mapping) -> None:
    for number, line in block.lines:
        doi = clean_doi(line)
        if not doi:
            mapping.error(number, "DOI field holds no DOI (expected '10.NNNN/...')", line)
        mapping.fields.setdefault("doi", doi)


def _map_clc(block: _Block, mapping: _Mapping) -> list[Classification]:
    found = []
    for number, item in _items(block.lines):
        match = CLC_ITEM.match(item)
        if not match:
            mapping.error(number, "CLC item not understood (expected 'R1 [label]')", item)
            continue
        label = (match["label"] or "").strip()
        found.append(Classification("CLC", match["code"], label, "zh" if label else ""))
    return found


def _map_discipline(block: _Block, mapping: _Mapping) -> list[Classification]:
    return [Classification("discipline", item) for _, item in _items(block.lines)]


def _map_abstract(block: _Block, mapping: _Mapping) -> None:
    mapping.fields["abstract"] = " ".join(line.strip() for _, line in block.lines)


def _issue(text: str) -> str:
    """An issue number without the portal's zero padding ("01" -> "1"); other issues as given."""
    text = text.strip()
    return str(int(text)) if text.isdecimal() and len(text) < 10 else text


def _related_work(entry: list[tuple[int, str]], path: str) -> Work | RecordError:
    """One related paper: title line, author lines, venue line."""
    (first_line, first), *rest = entry
    head = RELATED_ENTRY.match(first)
    assert head is not None  # an entry starts at a line this pattern matched
    venue = VENUE_LINE.match(rest[-1][1].strip()) if rest else None
    if not venue:
        shown = rest[-1][1] if rest else first
        return RecordError(
            path,
            first_line,
            "related paper is cut off: no venue line (expected 'JOURNAL, YEAR, VOL (ISSUE) : START - END')",
            shown.strip(),
        )
    return Work(
        line=first_line,
        title=head["title"].strip(),
        journal=Journal(venue["journal"].strip()),
        year=int(venue["year"]),
        volume=venue["volume"] or "",
        issue=_issue(venue["issue"] or ""),
        page_start=venue["start"] or "",
        page_end=venue["end"] or "",
        authors=tuple(person_from_inverted(line.strip()) for _, line in rest[:-1]),
    )


def _map_related(block: _Block, mapping: _Mapping) -> None:
    entries: list[list[tuple[int, str]]] = []
    for number, line in block.lines:
        if RELATED_COUNT.match(line.strip()):
            continue
        if RELATED_ENTRY.match(line):
            entries.append([(number, line)])
        elif entries:
            entries[-1].append((number, line))
        else:
            mapping.error(number, "line in related papers before the first '[N] title' entry", line)
    related = []
    for entry in entries:
        result = _related_work(entry, mapping.path)
        if isinstance(result, RecordError):
            mapping.errors.append(result)
        else:
            related.append(result)
    mapping.fields["related"] = tuple(related)


# Order matters: authors cite the institutions mapped before them.
BLOCK_MAPPERS: dict[str, Callable[[_Block, _Mapping], None]] = {
    "institutions": _map_institutions,
    "authors": _map_authors,
    "keywords": _map_keywords,
    "doi": _map_doi,
    "abstract": _map_abstract,
    "related": _map_related,
}
CLASSIFICATION_MAPPERS: dict[str, Callable[[_Block, _Mapping], list[Classification]]] = {
    "clc": _map_clc,
    "discipline": _map_discipline,
}


def _count(value: str) -> int | None:
    return int(value) if value.isdecimal() and len(value) < 19 else None


def _cited_by(value: str) -> WorkFields | None:
    count = _count(value)
    return {"cited_by_count": count} if count is not None else None


def _num_pages(value: str) -> WorkFields | None:
    count = _count(value)
    return {"num_pages": count} if count is not None else None


def _doi(value: str) -> WorkFields | None:
    doi = clean_doi(value)
    return {"doi": doi} if doi else None


def _page_range(value: str) -> WorkFields | None:
    match = PAGE_RANGE.match(value.strip())
    return {"page_start": match["start"], "page_end": match["end"] or ""} if match else None


# Inline label -> the Work fields its value gives (None when the value is not of its kind).
INLINE_FIELDS: dict[str, Callable[[str], WorkFields | None]] = {
    "cited_by": _cited_by,
    "pages": _num_pages,
    "page_range": _page_range,
    "doi": _doi,
}


class PortalRecordMapper(Mapper):
    """A portal record with Chinese field labels: one work, its authors, institutions and related papers."""

    name = "portal_record"
    version = "1.0"

    def sniff(self, text: str) -> bool:
        """At least two of the record's labels stand on their own lines."""
        lines = {line.strip().rstrip(":：") for line in text.splitlines()}
        labels = lines & {"作者", "摘要", "机构", "关键词", "相关论文"}
        counts = any(INLINE_FIELD.match(line) and not line.startswith("D") for line in lines)
        return len(labels) + counts >= 2

    def parse(self, text: str, path: str) -> Iterator[Work | RecordError]:
        """Yield the record's work, then an error per part (institution, related paper) that failed."""
        sections = _sections(text)
        first_label = min((block.label_line for block in sections.blocks.values()), default=1)
        if not sections.title_lines:
            yield RecordError(path, first_label, "portal record has no title line before its first label")
            return
        start = sections.title_lines[0][0]
        mapping = _Mapping(path)
        mapping.fields["title"] = " ".join(line for _, line in sections.title_lines)
        for key, (number, value) in sorted(sections.inline.items()):
            converted = INLINE_FIELDS[key](value)
            if converted is None:
                mapping.error(number, f"{key.replace('_', ' ')} value not understood", value)
            else:
                mapping.fields.update(converted)
        for key, map_block in BLOCK_MAPPERS.items():
            if key in sections.blocks:
                map_block(sections.blocks[key], mapping)
        classifications: list[Classification] = []
        for key, map_codes in CLASSIFICATION_MAPPERS.items():
            if key in sections.blocks:
                classifications += map_codes(sections.blocks[key], mapping)
        mapping.fields["classifications"] = tuple(classifications)
        if not mapping.fields.get("abstract"):
            line = sections.blocks["abstract"].label_line if "abstract" in sections.blocks else start
            yield RecordError(path, line, "portal record has no abstract (expected text under 摘要)")
            yield from sorted(mapping.errors, key=lambda error: error.line)
            return
        yield Work(line=start, **mapping.fields)
        yield from sorted(mapping.errors, key=lambda error: error.line)
