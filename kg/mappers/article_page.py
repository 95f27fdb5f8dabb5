"""Publisher article pages (Springer-style) copied as text: one article and its reference list.

The page is a title, author bullets with glued link labels ("Maria KentEmail author"),
an upper-case article type, metric bullets ("• 50 Downloads"), then sections under
heading lines ("Abstract", "Keywords", "Notes", "References", "Copyright information",
"Authors and Affiliations"). Each section has its own reader in :data:`SECTION_READERS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Literal, TypedDict

from kg.affiliations import organization_from_glued
from kg.errors import RecordError
from kg.identifiers import checked_orcid
from kg.mappers.base import Mapper, lines_of
from kg.names import person_from_direct
from kg.records import AbstractSection, Organization, Person, Reference, Work
from kg.references import parse_apa_reference

# Lines the page shows before the title that are not part of the article.
PAGE_CHROME: frozenset[str] = frozenset(
    {"Advertisement", "Skip to main content", "Log in", "Menu", "Search", "Cart", "Download PDF"}
)
# Heading lines that open a section; a section runs to the next heading line.
SECTION_HEADINGS: frozenset[str] = frozenset(
    {
        "Abstract", "Keywords", "Notes", "References", "Copyright information",
        "Authors and Affiliations", "Personalised recommendations", "Acknowledgements",
        "Acknowledgments", "Funding", "About this article", "Cite this article",
        "Rights and permissions", "Author information", "Ethics declarations",
        "Additional information", "Change history",
    }
)
# Heading lines (or a text) that together tell a publisher article page from other formats.
PAGE_MARKER_LINES: frozenset[str] = frozenset(
    {"Abstract", "Authors and Affiliations", "Copyright information"}
)
PAGE_MARKER_TEXT = "Email author"

# "  • Maria KentEmail author" / "  • 50 Downloads"
BULLET = re.compile(r"^\s*[•·]\s*(?P<text>\S.*?)\s*$")
# "50 Downloads" / "3 Citations": page metrics shown as bullets under the authors.
METRIC = re.compile(r"^(?P<count>\d[\d,]{0,17})\s+(?P<metric>Downloads?|Citations?)$", re.IGNORECASE)
METRIC_FIELDS: dict[str, Literal["download_count", "cited_by_count"]] = {
    "download": "download_count",
    "citation": "cited_by_count",
}
# "Maria Kent1,2Email authorView author's OrcID profile": link labels glued after a name.
AUTHOR_LABELS = re.compile(
    r"(?:\s*(?:Email author|View author[’']s OrcID profile|OrcID|ORCID|Corresponding author))+\s*$"
)
# "http://orcid.org/0000-0002-1825-0097" or a bare iD glued into the author bullet.
ORCID_IN_NAME = re.compile(r"\s*(?:https?://orcid\.org/)?\d{4}-\d{4}-\d{4}-\d{3}[\dX]\s*")
# "Maria Kent1,2": affiliation superscripts glued after the name.
AFFILIATION_MARKS = re.compile(r"(?P<marks>\d{1,6}(?:\s*,\s*\d{1,6})*)\s*$")
# "  1. Anthony, W. A. (1993). Recovery ..." / "  1. 1.Prairie Mountain HealthBrandonCanada"
NUMBERED_ITEM = re.compile(r"^\s*(?P<number>\d{1,6})\.\s+(?P<text>\S.*?)\s*$")
# "1.Prairie Mountain HealthBrandonCanada": the affiliation's own number glued before it.
AFFILIATION_NUMBER = re.compile(r"^(?P<mark>\d{1,6})\.\s*(?P<body>\S.*)$")
# "© Springer Science+Business Media, LLC, part of Springer Nature 2018" / "© 2018 The Author(s)"
COPYRIGHT = re.compile(
    r"^(?:©|\(c\)|Copyright)\s*(?:(?P<lead>(?:19|20)\d{2})\s+)?(?P<holder>.*?)\s*(?P<trail>(?:19|20)\d{2})?\.?$",
    re.IGNORECASE,
)
# Keywords are separated by NBSP (often followed by a space); older copies use ";" or ",".
KEYWORD_SEPARATOR = re.compile(r"\s*\u00a0\s*")
KEYWORD_FALLBACK_SEPARATOR = re.compile(r"\s*[;,·]\s*")
# Words that stay lower-case in a title-cased article type ("Point of View").
SMALL_WORDS: frozenset[str] = frozenset(
    {"a", "an", "and", "as", "at", "but", "by", "for", "in", "of", "on", "or", "the", "to", "via", "with"}
)


@dataclass
class Section:
    """The lines under one heading: (line number, text) pairs."""

    heading: str
    line: int
    lines: list[tuple[int, str]] = field(default_factory=list)

    def paragraphs(self) -> list[tuple[int, str]]:
        """Blocks of non-blank lines, joined with spaces, with the line each starts on."""
        blocks: list[tuple[int, str]] = []
        current: list[tuple[int, str]] = []
        for number, text in [*self.lines, (0, "")]:
            if text.strip():
                current.append((number, text.strip()))
            elif current:
                blocks.append((current[0][0], " ".join(part for _, part in current)))
                current = []
        return blocks


class PageFields(TypedDict, total=False):
    """The Work fields the page's sections give."""

    abstract: str
    abstract_sections: tuple[AbstractSection, ...]
    keywords: tuple[str, ...]
    notes: tuple[str, ...]
    copyright_year: int | None
    copyright_holder: str
    download_count: int | None
    cited_by_count: int | None


@dataclass
class PageParts:
    """What the sections say, gathered before the Work is built."""

    path: str
    fields: PageFields = field(default_factory=PageFields)
    references: list[Reference] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    affiliations: dict[int, Organization] = field(default_factory=dict)


def title_case(text: str) -> str:
    """"POINT OF VIEW" -> "Point of View": capitalised words, small words lower-case."""
    words = text.lower().split()
    return " ".join(
        word if index and word in SMALL_WORDS else word[:1].upper() + word[1:]
        for index, word in enumerate(words)
    )


def _is_heading(paragraph: str) -> bool:
    # "Conflict of interest" is a heading; "No conflicts ... identified." is text.
    return paragraph[:1].isupper() and not re.search(r"[.?!:;]$", paragraph) and len(paragraph.split()) <= 12


def headed_texts(paragraphs: list[tuple[int, str]]) -> list[tuple[str, str]]:
    """Pair each text paragraph with the heading just above it ("" when none); group headings drop."""
    pairs: list[tuple[str, str]] = []
    heading = ""
    for _line, paragraph in paragraphs:
        if _is_heading(paragraph):
            heading = paragraph
        else:
            pairs.append((heading, paragraph))
            heading = ""
    return pairs


def _read_abstract(section: Section, parts: PageParts) -> None:
    pairs = headed_texts(section.paragraphs())
    parts.fields["abstract"] = " ".join(text for _, text in pairs)
    if any(heading for heading, _ in pairs):
        parts.fields["abstract_sections"] = tuple(AbstractSection(heading, text) for heading, text in pairs)


def _read_keywords(section: Section, parts: PageParts) -> None:
    text = " ".join(line for _, line in section.lines if line.strip())
    separator = KEYWORD_SEPARATOR if "\u00a0" in text else KEYWORD_FALLBACK_SEPARATOR
    parts.fields["keywords"] = tuple(word.strip() for word in separator.split(text) if word.strip())


def _read_notes(section: Section, parts: PageParts) -> None:
    pairs = headed_texts(section.paragraphs())
    parts.fields["notes"] = tuple(f"{heading}: {text}" if heading else text for heading, text in pairs)


def _read_references(section: Section, parts: PageParts) -> None:
    entries: list[tuple[int, int, list[str]]] = []
    previous = ""
    for number, text in section.lines:
        item = NUMBERED_ITEM.match(text)
        if item:
            entries.append((number, int(item["number"]), [item["text"]]))
        elif text.strip() and previous.strip() and entries:
            # A reference the copy wrapped onto the next line; text after a blank line is page chrome.
            entries[-1][2].append(text.strip())
        previous = text
    for line, index, pieces in entries:
        try:
            text = " ".join(pieces)
            parts.references.append(parse_apa_reference(text, line=line, number=index, path=parts.path))
        except RecordError as error:
            parts.errors.append(error)


def _read_copyright(section: Section, parts: PageParts) -> None:
    for _line, text in section.lines:
        match = COPYRIGHT.match(text.strip())
        if match:
            year = match["trail"] or match["lead"]
            parts.fields["copyright_year"] = int(year) if year else None
            parts.fields["copyright_holder"] = match["holder"].strip(" ,")
            return


def _read_affiliations(section: Section, parts: PageParts) -> None:
    for _line, text in section.lines:
        item = NUMBERED_ITEM.match(text)
        if not item:
            continue
        glued = AFFILIATION_NUMBER.match(item["text"])
        mark, body = (int(glued["mark"]), glued["body"]) if glued else (int(item["number"]), item["text"])
        parts.affiliations[mark] = organization_from_glued(body)


SECTION_READERS: dict[str, Callable[[Section, PageParts], None]] = {
    "Abstract": _read_abstract,
    "Keywords": _read_keywords,
    "Notes": _read_notes,
    "References": _read_references,
    "Copyright information": _read_copyright,
    "Authors and Affiliations": _read_affiliations,
}


def split_sections(lines: list[str]) -> tuple[list[tuple[int, str]], list[Section]]:
    """The lines before the first heading, and each headed section."""
    header: list[tuple[int, str]] = []
    sections: list[Section] = []
    for number, text in enumerate(lines, start=1):
        if text.strip() in SECTION_HEADINGS:
            sections.append(Section(text.strip(), number))
        elif sections:
            sections[-1].lines.append((number, text))
        else:
            header.append((number, text))
    return header, sections


def read_author(text: str, affiliations: dict[int, Organization]) -> Person:
    """A person from an author bullet ("Maria Kent1,2Email author"), labels and marks removed."""
    orcid_match = ORCID_IN_NAME.search(text)
    orcid, failed = checked_orcid(orcid_match.group() if orcid_match else "")
    name = AUTHOR_LABELS.sub("", ORCID_IN_NAME.sub("", text))
    marks_match = AFFILIATION_MARKS.search(name)
    marks: list[int] = []
    if marks_match:
        marks = [int(mark) for mark in re.findall(r"\d{1,6}", marks_match["marks"])]
        name = name[: marks_match.start()]
    linked = tuple(affiliations[mark] for mark in marks if mark in affiliations)
    return person_from_direct(name.replace("\u00a0", " "), affiliations=linked, orcid=orcid, failed_checks=failed)


class ArticlePageMapper(Mapper):
    """Maps a publisher article page to one Work with its references, affiliations and notes."""

    name = "article_page"
    version = "1.0"

    def sniff(self, text: str) -> bool:
        """A numbered "References" section plus at least two publisher page markers."""
        lines = [line.strip() for line in text.splitlines()]
        if "References" not in lines:
            return False
        after = lines[lines.index("References") + 1 :]
        if not any(NUMBERED_ITEM.match(line) for line in after):
            return False
        markers = sum(marker in lines for marker in sorted(PAGE_MARKER_LINES))
        return markers + (PAGE_MARKER_TEXT in text) >= 2

    def parse(self, text: str, path: str) -> Iterator[Work | RecordError]:
        """Yield the article's Work, then an error per reference that could not be read."""
        header, sections = split_sections(lines_of(text))
        parts = PageParts(path=path)
        for section in sections:
            reader = SECTION_READERS.get(section.heading)
            if reader is not None:
                reader(section, parts)
        content = [(number, line.strip()) for number, line in header if line.strip()]
        title_at = next((i for i, (_, line) in enumerate(content) if _is_title(line)), None)
        if title_at is None:
            yield RecordError(path, 1, "article page has no title line before its first section", text[:80])
            yield from parts.errors
            return
        title_line, title = content[title_at]
        below = [line for _, line in content[title_at + 1 :]]
        bullets = [match["text"] for match in map(BULLET.match, below) if match]
        article_type = next((line for line in below if line.isupper() and not BULLET.match(line)), "")
        authors: list[Person] = []
        for bullet in bullets:
            metric = METRIC.match(bullet)
            if metric:
                key = METRIC_FIELDS[metric["metric"].lower().rstrip("s")]
                parts.fields[key] = int(metric["count"].replace(",", ""))
            else:
                authors.append(read_author(bullet, parts.affiliations))
        if len(authors) == 1 and not authors[0].affiliations:
            # One author and no superscripts: every listed affiliation is that author's.
            shared = tuple(parts.affiliations[mark] for mark in sorted(parts.affiliations))
            authors = [replace(authors[0], affiliations=shared)]
        yield Work(
            line=title_line,
            title=title,
            kind="JournalArticle",
            authors=tuple(authors),
            article_type=title_case(article_type),
            references=tuple(parts.references),
            **parts.fields,
        )
        yield from parts.errors


def _is_title(line: str) -> bool:
    return line not in PAGE_CHROME and not BULLET.match(line)
