"""What a build knows about each source document as it goes: its report, and its graph once mapped."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.resolve.keys import DocumentKeys
from kg.triples import Reading

Triple = tuple[Node, Node, Node]


@dataclass
class DocumentReport:
    """What happened to one source document."""

    path: str
    mapper: str = ""
    records: int = 0
    triples: int = 0
    errors: list[str] = field(default_factory=list)  # records that failed; the rest loaded
    warnings: list[str] = field(default_factory=list)
    rejected: str = ""  # why the whole document was not loaded
    validated: str = ""  # what SHACL validation checked the document against, and its verdict

    @property
    def loaded(self) -> bool:
        """Whether the document's graph is in the store."""
        return not self.rejected


@dataclass
class MappedGraph:
    """A document's report and, unless it was rejected in mapping, its named graph."""

    report: DocumentReport
    graph: Graph | None = None
    graph_iri: URIRef | None = None
    lines: dict[Node, int] = field(default_factory=dict)  # work IRI -> line of its record, for messages
    readings: list[Reading] = field(default_factory=list)  # what the extractor read, stated after resolution

    @property
    def mapped(self) -> Graph:
        """The graph of a document that mapped (asking for that of a document rejected in mapping is a bug)."""
        if self.graph is None:
            raise ValueError(f"{self.report.path}: no graph (the document was rejected in mapping)")
        return self.graph


@dataclass(frozen=True)
class ShippedDocument:
    """A mapped document as it crosses between processes (and into the cache): its graph as triples."""

    report: DocumentReport
    graph_iri: URIRef | None = None
    triples: tuple[Triple, ...] = ()
    lines: dict[Node, int] = field(default_factory=dict)
    final: bool = True  # False for a time-out or a dead worker: the next build tries the document again
    keys: DocumentKeys | None = None  # what resolution reads of the document (set by mapping)
    readings: tuple[Reading, ...] = ()
    # What the document states itself, its nodes named as resolution named them but no value settled
    # (another source's title, the one abstract kept): what validation checks. Empty: ``triples``.
    stated: tuple[Triple, ...] = ()

    @property
    def checked(self) -> tuple[Triple, ...]:
        """The triples validation checks the document on."""
        return self.stated or self.triples

    def unpack(self) -> MappedGraph:
        """The document with its graph rebuilt."""
        graph = None
        if self.graph_iri is not None:
            graph = Graph(identifier=self.graph_iri)
            for triple in self.triples:
                graph.add(triple)
        return MappedGraph(self.report, graph, self.graph_iri, self.lines, list(self.readings))

    @classmethod
    def pack(cls, item: MappedGraph, keys: DocumentKeys | None = None) -> ShippedDocument:
        """The document ready to cross to another process."""
        triples = tuple(item.graph) if item.graph is not None else ()
        return cls(item.report, item.graph_iri, triples, item.lines, keys=keys, readings=tuple(item.readings))
