"""The interface every input format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import ClassVar

from rdflib import Graph
from rdflib.term import Node

from kg.errors import RecordError
from kg.records import Document, Work
from kg.triples import TripleWriter


@dataclass
class MappedDocument:
    """What a mapper made of one document: its named graph, how many records, what failed."""

    graph: Graph
    records: int
    errors: list[RecordError] = field(default_factory=list)
    lines: dict[Node, int] = field(default_factory=dict)  # work IRI -> line of its record, for messages


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
        if works:
            document = Document(path, sha256, self.name, self.version, tuple(works), tuple(errors))
            for triple in replace(writer, scope=sha256[:8], sha256=sha256, text=text).document(document):
                graph.add(triple)
        return MappedDocument(graph, len(works), errors, record_lines(writer, works))


def record_lines(writer: TripleWriter, works: Iterable[Work]) -> dict[Node, int]:
    """The line of each work's record (related works and references included), keyed by IRI."""
    lines: dict[Node, int] = {}
    for work in works:
        lines.setdefault(writer.work_iri(work), work.line)
        lines.update(record_lines(writer, work.related))
        lines.update(record_lines(writer, (ref.work for ref in work.references)))
    return lines
