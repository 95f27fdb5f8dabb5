"""PubMed MEDLINE text exports (.nbib, .txt "PMID- ...") mapped to work records with Bio.Medline.

The file is cut into records here (each starts at its ``PMID-`` line) so a
record that is cut short or holds a malformed line fails alone, with its
line. Bio.Medline reads each record's fields; who is affiliated where is read
from the record's lines in order, because Bio.Medline's lists lose which
``AD`` line follows which author.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from Bio import Medline

from kg.errors import RecordError
from kg.identifiers import clean_doi
from kg.mappers import fields
from kg.mappers.base import Mapper, lines_of
from kg.names import is_suffix
from kg.records import Agent, Organization, Work

# "PMID- 24528545": the line every MEDLINE record starts with
MEDLINE_START = re.compile(r"^PMID- ?\d+\s*$")
# "FAU - Davidson, Larry", "AB  - Little is known ...": a tag padded to four characters, then "- "
MEDLINE_FIELD = re.compile(r"^(?P<tag>[A-Z][A-Z0-9 ]{3})- ?(?P<value>.*)$")
# "      of peer support ...": a continuation line is indented six spaces
MEDLINE_CONTINUATION = re.compile(r"^ {6}")
# "10.1186/1471-244X-14-39 [doi]": an article id with its type in brackets
TYPED_ID = re.compile(r"^(?P<id>.+?)\s*\[(?P<type>[a-z]+)\]\s*$")
# "Mental Disorders/*therapy": a MeSH heading; the descriptor is the part before the first "/"
MESH_DESCRIPTOR = re.compile(r"^\*?(?P<descriptor>[^/]+)")
# "ORCID: 0000-0002-1825-0097" (AUID)
ORCID_AUID = re.compile(r"^ORCID:\s*(?P<orcid>.+)$", re.IGNORECASE)
# Fields a whole record has (TI, or BTI for a book; SO always ends it): without them it was cut short.
REQUIRED_FIELDS = (("TI", "BTI"), ("SO",))

# Publication types (PT) to FaBiO classes; the first known one wins.



class MedlineMapper(Mapper):
    """PubMed MEDLINE text: one work per ``PMID-`` record."""

    name = "medline"
    version = "1.0"

    def sniff(self, text: str) -> bool:
        """A MEDLINE file starts with a ``PMID- `` line followed by tagged fields."""
        lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
        return len(lines) > 1 and bool(MEDLINE_START.match(lines[0])) and bool(MEDLINE_FIELD.match(lines[1]))

    def parse(self, text: str, path: str) -> Iterator[Work | RecordError]:
        """Yield a work per record, or an error naming the line of a record that is broken."""
        for chunk in _split_records(text.lstrip("\ufeff"), path):
            if isinstance(chunk, RecordError):
                yield chunk
                continue
            line, lines = chunk
            record = Medline.read(lines)  # type: ignore[no-untyped-call]  # Biopython leaves it unannotated
            missing = ["/".join(tags) for tags in REQUIRED_FIELDS if not any(record.get(t) for t in tags)]
            if missing:
                reason = f"MEDLINE record has no {' or '.join(missing)} field (cut short?)"
                yield RecordError(path, line, reason, lines[0].strip())
                continue
            yield _work(record, _ordered_fields(lines), line)


def _split_records(text: str, path: str) -> Iterator[tuple[int, list[str]] | RecordError]:
    """Each record's first line and lines; an error for a record with a line that is not MEDLINE."""
    body: list[str]
    start, body, bad, stray = 0, [], None, False
    for number, line in enumerate(lines_of(text), start=1):
        blank = not line.strip() and not MEDLINE_CONTINUATION.match(line)
        if MEDLINE_START.match(line) or blank:
            if start:
                yield bad or (start, body)
            start, body, bad, stray = (0, [], None, False) if blank else (number, [line + "\n"], None, False)
        elif start:
            body.append(line + "\n")
            if bad is None and not (MEDLINE_FIELD.match(line) or MEDLINE_CONTINUATION.match(line)):
                reason = "MEDLINE line is neither a 'TAG - value' field nor an indented continuation"
                bad = RecordError(path, number, reason, line.strip())
        elif not stray:
            reason = "MEDLINE line outside a record (records start with 'PMID- ')"
            yield RecordError(path, number, reason, line.strip())
            stray = True
    if start:
        yield bad or (start, body)


def _ordered_fields(lines: list[str]) -> list[tuple[str, str]]:
    """The record's (tag, value) pairs in order, continuation lines joined."""
    pairs: list[tuple[str, str]] = []
    for line in lines:
        match = MEDLINE_FIELD.match(line.rstrip("\n"))
        if match and not MEDLINE_CONTINUATION.match(line):
            pairs.append((match["tag"].strip(), match["value"].strip()))
        elif pairs:
            tag, value = pairs[-1]
            pairs[-1] = (tag, f"{value} {line.strip()}".strip())
    return pairs


@dataclass
class _AuthorLines:
    """The lines one author owns in a MEDLINE record: the name and the AD/AUID lines after it."""

    tag: str
    name: str
    affiliations: list[str] = field(default_factory=list)
    orcid: str = ""

    def agent(self) -> Agent:
        """A body (CN), "Davidson, Larry" (FAU) or "Davidson L" (AU) as a record author."""
        if self.tag == "CN":
            return fields.organization_from(self.name)
        words, suffix = self.name.split(), ""
        if self.tag == "AU" and len(words) > 2 and is_suffix(words[-1]):  # "Frese FJ 3rd"
            suffix = words.pop()
        name = " ".join(words)
        family, _, given = name.partition(", ") if self.tag == "FAU" else name.rpartition(" ")
        if self.tag == "AU" and not family:
            family, given = given, ""
        affiliations = fields.affiliations_from(self.affiliations)
        return fields.person_from_parts(
            family, given, orcid=self.orcid, affiliations=affiliations, as_given=self.name, suffix=suffix
        )


def _authors(pairs: list[tuple[str, str]]) -> tuple[Agent, ...]:
    """Persons (FAU, else AU) with the AD and ORCID lines that follow each, and bodies (CN), in order."""
    name_tag = "FAU" if any(tag == "FAU" for tag, _ in pairs) else "AU"
    authors: list[_AuthorLines] = []
    for tag, value in pairs:
        if tag in (name_tag, "CN"):
            authors.append(_AuthorLines(tag, value))
        elif tag == "AD" and authors:
            authors[-1].affiliations.append(value)
        elif tag == "AUID" and authors and (match := ORCID_AUID.match(value)):
            authors[-1].orcid = match["orcid"]
    return tuple(author.agent() for author in authors)


def _list(record: Mapping[str, str | list[str]], tag: str) -> list[str]:
    """A field's values as a list, whether Bio.Medline gave a string or a list."""
    value = record.get(tag, [])
    return [value] if isinstance(value, str) else [str(item) for item in value]


def _typed_ids(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Article ids by type from AID, then LID ("10.1186/... [doi]" -> {"doi": "10.1186/..."})."""
    ids: dict[str, str] = {}
    # Bio.Medline joins repeated LID lines into one string, so the lines are read one by one here.
    for value in [v for t, v in pairs if t == "AID"] + [v for t, v in pairs if t == "LID"]:
        match = TYPED_ID.match(value)
        if match:
            ids.setdefault(match["type"], match["id"])
    return ids


def _kind(types: list[str], has_journal: bool) -> str:
    """The FaBiO class of the first publication type known, else a journal article when in a journal."""
    for publication_type in types:
        if publication_type.lower() in fields.PUBMED_KINDS:
            return fields.PUBMED_KINDS[publication_type.lower()]
    return "JournalArticle" if has_journal else fields.GENERIC_KIND


def _work(record: Mapping[str, str | list[str]], pairs: list[tuple[str, str]], line: int) -> Work:
    """The work one MEDLINE record describes."""
    ids = _typed_ids(pairs)
    journal_title = str(record.get("JT") or record.get("TA") or "")
    types = _list(record, "PT")
    page_start, page_end = fields.split_pages(str(record.get("PG", "")))
    lid = next((v for t, v in pairs if t == "LID" and not TYPED_ID.match(v)), "")
    abstract = fields.clean_text(str(record.get("AB", "")))
    identifiers = [("pmid", str(record["PMID"]))] if record.get("PMID") else []
    if record.get("PMC"):
        identifiers.append(("pmcid", str(record["PMC"])))
    publisher = " ".join(_list(record, "PB"))
    return Work(
        line=line,
        title=fields.title_without_final_period(str(record.get("TI") or record.get("BTI") or "")),
        kind=_kind(types, bool(journal_title)),
        doi=clean_doi(ids.get("doi", "")),
        year=fields.year_from(str(record.get("DP", ""))),
        date=fields.date_from_text(str(record.get("DP", ""))),
        journal=fields.journal_from(journal_title, *(value for tag, value in pairs if tag == "IS")),
        publisher=Organization(name=publisher, as_given=publisher) if publisher else None,
        volume=str(record.get("VI", "")),
        issue=str(record.get("IP", "")),
        page_start=page_start,
        page_end=page_end,
        article_number="" if page_start else lid,
        authors=_authors(pairs),
        abstract=abstract,
        abstract_sections=fields.sections_from_labelled(abstract),
        keywords=fields.unique(fields.clean_text(k) for k in _list(record, "OT")),
        index_keywords=fields.unique(
            m["descriptor"].strip() for h in _list(record, "MH") if (m := MESH_DESCRIPTOR.match(h.strip()))
        ),
        article_type=next((t for t in types if t.lower() not in fields.PUBMED_GENERIC_TYPES), ""),
        language=" ".join(_list(record, "LA")),
        identifiers=tuple(identifiers),
    )
