"""The interface every input format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import ClassVar

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import RecordError
from kg.namespaces import TermError, checked_iri
from kg.records import Document, Work
from kg.triples import TripleWriter


@dataclass
class MappedDocument:
    """What a mapper made of one document: its named graph, how many records, what failed."""

    graph: Graph
    records: int
    errors: list[RecordError] = field(default_factory=list)
    lines: dict[Node, int] = field(default_factory=dict)  # work IRI -> line of its record, for messages
    warnings: list[str] = field(default_factory=list)  # what the parsers reported, naming the file


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
        for item in self.parse(text, path):
            (errors if isinstance(item, RecordError) else works).append(item)
        graph = Graph(identifier=writer.minter.graph(sha256))
        scoped = replace(writer, scope=sha256[:8])
        kept: list[Work] = []
        for work in works:
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
        return MappedDocument(graph, len(kept), errors, record_lines(writer, kept))


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
