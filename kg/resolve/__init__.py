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

from dataclasses import dataclass, field

from rdflib import Graph, Literal
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
    """The resolution graph: each merge as a psk:Merge with its rule and evidence."""
    graph = Graph(identifier=minter.resolution_graph())
    for merge in report.merges:
        node = minter.merge(merge.kind, str(merge.alias))
        graph.add((node, RDF.type, PSK.Merge))
        graph.add((node, PSK.mergeKind, Literal(merge.kind)))
        graph.add((node, PSK.canonical, merge.canonical))
        graph.add((node, PSK.alias, merge.alias))
        graph.add((node, PSK.rule, Literal(merge.rule)))
        graph.add((node, PSK.mergeEvidence, Literal(merge.evidence)))
        graph.add((merge.canonical, PSK.alias, merge.alias))
    return graph
