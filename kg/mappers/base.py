"""The interface every input format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import ClassVar

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import RecordError
from kg.namespaces import TermError, checked_iri
from kg.records import Document, Work
from kg.triples import Reading, TripleWriter

# Longer than any field of a real record (abstracts run to a few thousand characters). A longer
# value is a broken export, and the stages after mapping (study extraction, keys, SHACL) would
# spend seconds on it, so the record is refused with its line instead.
MAX_FIELD_LENGTH = 20_000
# More authors, references or keywords than any real record holds (the longest author lists run to
# a few thousand); each item costs triples, so a line of ten thousand codes would cost seconds.
MAX_ITEMS = 5_000
# Errors listed per document; a file that fails on every line says so once more, with the count.
MAX_ERRORS = 100


@dataclass
class MappedDocument:
    """What a mapper made of one document: its named graph, how many records, what failed."""

    graph: Graph
    records: int
    errors: list[RecordError] = field(default_factory=list)
    lines: dict[Node, int] = field(default_factory=dict)  # work IRI -> line of its record, for messages
    warnings: list[str] = field(default_factory=list)  # what the parsers reported, naming the file
    readings: list[Reading] = field(default_factory=list)  # what the extractor read, stated after resolution


def lines_of(text: str) -> list[str]:
    """The lines of a text as `grep -n` and editors number them: split at line feeds only.

    ``str.splitlines`` also splits at form feeds, U+0085 and U+2028, which would put the lines
    an error names out of step with the file (and past its end).
    """
    lines = text.split("\n")
    return lines[:-1] if lines and not lines[-1] else lines


class Mapper(ABC):
    """Turns the text of one document of one format into work records.

    ``parse`` yields a :class:`Work` per record, or a :class:`RecordError`
    naming the line of a record it could not map, and then goes on with the
    next record. A mapper never touches the store and never writes RDF itself:
    :meth:`to_graph` hands its records to the one writer of the project.
    """

    name: ClassVar[str]
    version: ClassVar[str]

    @abstractmethod
    def sniff(self, text: str) -> bool:
        """Whether the text looks like this format (content only, never the file name)."""

    @abstractmethod
    def parse(self, text: str, path: str) -> Iterator[Work | RecordError]:
        """Yield the records of the document, or an error per record that failed."""

    def to_graph(self, text: str, path: str, sha256: str, writer: TripleWriter) -> MappedDocument:
        """The document's named graph: its records as triples, plus provenance."""
        works: list[Work] = []
        errors: list[RecordError] = []
        more: list[RecordError] = []
        for item in self.parse(text, path):
            if not isinstance(item, RecordError):
                works.append(item)
            elif len(errors) < MAX_ERRORS:
                errors.append(item)
            else:
                more.append(item)
        if more:
            reason = f"{len(more):,} more records could not be mapped (only the first {MAX_ERRORS} are listed)"
            errors.append(RecordError(path, more[0].line, reason))
        graph = Graph(identifier=writer.minter.graph(sha256))
        scoped = replace(writer, scope=sha256[:8], sha256=sha256, text=text, extract=False)
        kept: list[Work] = []
        for work in works:
            too_large = oversized(work)
            if too_large:
                errors.append(RecordError(path, work.line, f"record not mapped: {too_large}", work.title[:60]))
                continue
            try:
                triples = list(scoped.work(work))
                unloadable(triples)
            except TermError as error:
                errors.append(RecordError(path, work.line, f"record not mapped: {error}", work.title))
                continue
            kept.append(work)
            for triple in triples:
                graph.add(triple)
        if kept:
            document = Document(path, sha256, self.name, self.version, tuple(kept), tuple(errors))
            for triple in scoped.provenance(document):
                graph.add(triple)
        return MappedDocument(graph, len(kept), errors, record_lines(writer, kept),
                              readings=list(scoped.readings(kept)) if writer.extract else [])


def oversized(value: object, name: str = "record") -> str:
    """What of a record (fields, authors, references, ...) is larger than any real record's, or ""."""
    if isinstance(value, str):
        return f"its {name} is {len(value):,} characters long (at most {MAX_FIELD_LENGTH:,})" \
            if len(value) > MAX_FIELD_LENGTH else ""
    if isinstance(value, tuple):
        if len(value) > MAX_ITEMS:
            return f"it has {len(value):,} {name} (at most {MAX_ITEMS:,})"
        return next((found for item in value if (found := oversized(item, name))), "")
    if is_dataclass(value):
        return next((found for item in fields(value) if (found := oversized(getattr(value, item.name), item.name))),
                    "")
    return ""


def unloadable(triples: Iterable[tuple[Node, Node, Node]]) -> None:
    """Raise TermError for the first term of the triples the store would refuse to load.

    IRIs are checked when minted; this catches what reaches a term another way, such as a
    lone surrogate a JSON export wrote as an escape ("\\ud800"), which no UTF-8 store can hold.
    """
    seen: set[Node] = set()
    for triple in triples:
        for term in triple:
            if term in seen:
                continue
            seen.add(term)
            if isinstance(term, URIRef):
                checked_iri(str(term))
            elif isinstance(term, Literal):
                try:
                    str(term).encode("utf-8")
                except UnicodeEncodeError as error:
                    raise TermError(f"text the store cannot hold ({error.reason}): {str(term)[:80]!r}") from error


def record_lines(writer: TripleWriter, works: Iterable[Work]) -> dict[Node, int]:
    """The line of each work's record (related works and references included), keyed by IRI."""
    lines: dict[Node, int] = {}
    for work in works:
        lines.setdefault(writer.work_iri(work), work.line)
        lines.update(record_lines(writer, work.related))
        lines.update(record_lines(writer, (ref.work for ref in work.references)))
    return lines
