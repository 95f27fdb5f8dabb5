"""Resolve across documents: one node per work, journal and person, each with one preferred label.

Resolution runs on the documents' key tables (:mod:`kg.resolve.keys`), never on their graphs,
and does not change its inputs. Clustering (:mod:`kg.resolve.clusters`) decides which mentions
are one node; settling (:mod:`kg.resolve.settle`) which value each node keeps where sources
disagree; both go into a :class:`Plan` that rewriting (:mod:`kg.resolve.rewrite`) applies to
each document as it streams into the store. It never merges on a guess: every merge has a
rule and the evidence that fired it, and both go into the resolution graph (``psk:Merge``
records, ``psk:alias`` links) that ``kg explain`` reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import Graph, Literal
from rdflib.graph import _ContextType, _TriplePatternType, _TripleType
from rdflib.store import Store
from rdflib.term import Node

from kg.namespaces import PSK, RDF, IriMinter
from kg.resolve.clusters import Merge, journal_clusters, names_compatible, person_clusters, work_clusters
from kg.resolve.keys import DocumentKeys, document_keys
from kg.resolve.keytables import KeyTables
from kg.resolve.rewrite import Plan
from kg.resolve.settle import settle

__all__ = ["DocumentKeys", "KeyTables", "Merge", "Plan", "Resolution", "ResolutionReport", "document_keys",
           "merge_graph", "names_compatible", "resolve", "resolve_keys"]


@dataclass
class ResolutionReport:
    """What resolution merged and which conflicting values it settled."""

    merges: list[Merge] = field(default_factory=list)
    settled: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Merges per kind."""
        counts: dict[str, int] = {"work": 0, "journal": 0, "person": 0}
        for merge in self.merges:
            counts[merge.kind] = counts.get(merge.kind, 0) + 1
        return counts


@dataclass(frozen=True)
class Resolution:
    """Resolution's outcome: the report, the resolution graph and the plan to rewrite each document by."""

    report: ResolutionReport
    graph: Graph
    plan: Plan

    @property
    def aliases(self) -> Graph:
        """The resolution graph's triples about nodes documents hold (each canonical node's aliases), as
        validation needs them; the merge records are about nodes of their own."""
        graph = self.graph
        store = graph.store
        if isinstance(store, _MergeStore):
            return Graph(store=_MergeStore(store.merges, store.minter, records=False), identifier=graph.identifier)
        return graph


def resolve_keys(tables: KeyTables, minter: IriMinter) -> Resolution:
    """Cluster works, then journals, then persons (on works as merged), and settle each node's values."""
    report = ResolutionReport()
    canonical: dict[Node, Node] = {}
    report.merges.extend(work_clusters(tables).merges("work"))
    report.merges.extend(journal_clusters(tables).merges("journal"))
    canonical.update((m.alias, m.canonical) for m in report.merges)
    report.merges.extend(person_clusters(tables, canonical).merges("person"))
    canonical.update((m.alias, m.canonical) for m in report.merges if m.kind == "person")
    plan, report.settled = settle(tables, canonical)
    return Resolution(report, merge_graph(report, minter), plan)


def resolve(graphs: list[Graph], minter: IriMinter) -> tuple[Resolution, list[Graph]]:
    """Resolve whole graphs at once (small inputs, tests): the resolution and the resolved copies."""
    with KeyTables.of(document_keys(g) for g in graphs) as tables:
        resolution = resolve_keys(tables, minter)
    resolved = []
    for graph in graphs:
        copy = Graph(identifier=graph.identifier)
        for triple in resolution.plan.apply(graph, str(graph.identifier)):
            copy.add(triple)
        resolved.append(copy)
    return resolution, resolved


def merge_graph(report: ResolutionReport, minter: IriMinter) -> Graph:
    """The resolution graph: each merge as a psk:Merge with its rule and evidence.

    Its triples are made from the merges each time the graph is read, never kept: a large
    corpus has hundreds of thousands of merges, seven triples each.
    """
    return Graph(store=_MergeStore(report.merges, minter), identifier=minter.resolution_graph())


class _MergeStore(Store):
    """A read-only rdflib store of the merges' triples, made when they are read."""

    def __init__(self, merges: list[Merge], minter: IriMinter, *, records: bool = True) -> None:
        super().__init__()
        self.merges = merges
        self.minter = minter
        self.records = records  # False: only each canonical node's psk:alias links

    def _all(self) -> Iterator[tuple[Node, Node, Node]]:
        for merge in self.merges:
            if not self.records:
                yield merge.canonical, PSK.alias, merge.alias
                continue
            node = self.minter.merge(merge.kind, str(merge.alias))
            yield node, RDF.type, PSK.Merge
            yield node, PSK.mergeKind, Literal(merge.kind)
            yield node, PSK.canonical, merge.canonical
            yield node, PSK.alias, merge.alias
            yield node, PSK.rule, Literal(merge.rule)
            yield node, PSK.mergeEvidence, Literal(merge.evidence)
            yield merge.canonical, PSK.alias, merge.alias

    def triples(self, triple_pattern: _TriplePatternType,
                context: _ContextType | None = None) -> Iterator[tuple[_TripleType, Iterator[_ContextType | None]]]:
        """The merges' triples that match a pattern."""
        pattern = triple_pattern
        for triple in self._all():
            if all(want is None or want == have for want, have in zip(pattern, triple, strict=True)):
                yield triple, iter(())

    def __len__(self, context: _ContextType | None = None) -> int:
        """Seven triples per merge, or one (each merge folds a different alias, so none is repeated)."""
        return (7 if self.records else 1) * len(self.merges)
