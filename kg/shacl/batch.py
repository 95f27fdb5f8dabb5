"""A build's batch of documents validated together inside Oxigraph, with the rules pyshacl's batches had.

The documents, the build's own triples about their nodes and the vocabulary are validated as
one graph (the union of their named graphs); each result is charged to the documents that
state its focus node. Workers run ``batch_verdicts`` on N-Quads: no rdflib objects cross.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.shacl.engine import Encoder, Triple, compiled, read_rows, result_of
from kg.shacl.sparql import MARKS, VOCABULARY
from kg.terms import to_oxigraph, to_rdflib

EXTRA = "urn:x-kg:validation:extra"  # the build's own triples about the batch's nodes
Finding = tuple[str, Node, str, str, str]  # severity, focus, path, message, value: a kg.validate.Issue's fields
BatchVerdict = tuple[Finding | None, list[Finding]]  # the violation that rejects a document (None: it loads), warnings


class BatchValidator:
    """The shapes compiled for a batch of documents validated together, as a build has always done:
    the union of the documents, the build's triples about their nodes and the vocabulary."""

    def __init__(self, shapes: Graph, vocabulary: Graph) -> None:
        self.compiler = compiled(shapes, None)
        self.shapes = shapes
        self.vocabulary = vocabulary
        self.encoder = Encoder(self.compiler.datatypes)
        lines: list[str] = []
        self.encoder.document(vocabulary, VOCABULARY, lines)
        self.vocabulary_text = "".join(lines).encode()

    def encode(self, documents: list[tuple[URIRef, Iterable[Triple]]], extra: Iterable[Triple]) -> bytes:
        """The documents, each in its named graph, and the build's triples about them, as N-Quads."""
        lines: list[str] = []
        for name, triples in documents:
            self.encoder.document(triples, name, lines)
        self.encoder.document(extra, URIRef(EXTRA), lines)
        lines.extend(sorted(self.encoder.marks))
        return "".join(lines).encode()

    def verdicts(self, data: bytes, names: list[str], rounds: int) -> list[BatchVerdict]:
        """Each document's verdict: validate the union; a violation is charged to the documents that
        state its focus node (those that state its value, if any), a warning to the first of them; of
        several, those that violate alone are at fault, else all but the first. The documents at
        fault are rejected and the rest validated again (``rounds`` at most)."""
        store = ox.Store()
        for text in (self.vocabulary_text, data):
            store.bulk_extend(ox.parse(text, ox.RdfFormat.N_QUADS, rename_blank_nodes=False))
        shared = [ox.NamedNode(EXTRA), ox.NamedNode(str(VOCABULARY))]
        # The data of a round is the union of every named graph left: rejected documents' graphs are removed.
        # (The marks graph joins it; its triples, about a node of its own, meet no shape's target.)
        rejected: dict[str, Finding] = {}
        warnings: dict[str, list[Finding]] = {}
        alone: dict[str, set[tuple[Node, str, str]]] = {}
        for _ in range(rounds):
            current = [n for n in names if n not in rejected]
            if not current:
                break
            findings = self._findings(store, None)
            owners = _Owners(store, current)
            for name in current:
                warnings[name] = []
            offenders: dict[str, Finding] = {}
            for finding in findings:
                stating = owners.of(finding)
                if finding[0] != "Violation":
                    for owner in stating[:1]:
                        warnings[owner].append(finding)
                    continue
                for owner in self._causes(store, finding, stating, shared, alone):
                    offenders.setdefault(owner, finding)
            if not offenders:
                break
            rejected.update(offenders)
            for name in offenders:
                store.remove_graph(ox.NamedNode(name))
        return [(rejected.get(n), warnings.get(n, [])) for n in names]

    def _findings(self, store: ox.Store, graphs: list[ox.NamedNode] | None) -> list[Finding]:
        """The results over the named graphs given (None: over every named graph of the store)."""
        namespaces = Graph()
        found = []
        for check, _, focus, value in read_rows(store, self.compiler.checks, graphs, union=graphs is None):
            focus_node = to_rdflib(focus)
            value_node = to_rdflib(value) if value is not None else None
            result = result_of(check, focus_node, value_node, namespaces, partial(_union, store, graphs), self.shapes)
            found.append((result.severity, result.focus, result.path, result.message, result.value))
        found.sort(key=lambda f: (f[0], str(f[1]), f[2], f[3], f[4]))
        return found

    def _causes(self, store: ox.Store, finding: Finding, owners: list[str], shared: list[ox.NamedNode],
                alone: dict[str, set[tuple[Node, str, str]]]) -> list[str]:
        if len(owners) < 2:
            return owners
        at_fault = []
        for owner in owners:
            if owner not in alone:
                alone[owner] = {(f[1], f[2], f[3]) for f in self._findings(store, [ox.NamedNode(owner), *shared])
                                if f[0] == "Violation"}
            if (finding[1], finding[2], finding[3]) in alone[owner]:
                at_fault.append(owner)
        return at_fault or owners[1:]


class _Owners:
    """Which documents of a batch state triples about a node, in the batch's order."""

    def __init__(self, store: ox.Store, current: list[str]) -> None:
        self.store = store
        self.order = {name: number for number, name in enumerate(current)}

    def of(self, finding: Finding) -> list[str]:
        focus, value = finding[1], finding[4]
        objects: dict[str, set[str]] = {}
        for quad in self.store.quads_for_pattern(to_oxigraph(focus), None, None, None):  # type: ignore[arg-type]
            graph = quad.graph_name
            if isinstance(graph, ox.NamedNode) and graph.value in self.order:
                objects.setdefault(graph.value, set()).add(quad.object.value)  # type: ignore[union-attr]
        candidates = sorted(objects, key=self.order.__getitem__)
        if value:
            return [c for c in candidates if value in objects[c]] or candidates
        return candidates


def _union(store: ox.Store, graphs: list[ox.NamedNode] | None) -> Graph:
    """The data of a validation as an rdflib graph (only for pyshacl's wording of a result without sh:message)."""
    union = Graph()
    for graph in graphs if graphs is not None else store.named_graphs():
        if graphs is None and graph.value == str(MARKS):
            continue
        for quad in store.quads_for_pattern(None, None, None, graph):
            union.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
    return union


_BATCH: dict[int, BatchValidator] = {}


def batch_verdicts(data: bytes, names: list[str], rounds: int) -> list[BatchVerdict]:
    """What a worker runs: the verdicts of a batch with the project's shapes (compiled once per process)."""
    from kg.vocabulary import ontology_graph, shapes_graph

    validator = _BATCH.get(0)
    if validator is None:
        validator = _BATCH[0] = BatchValidator(shapes_graph(), ontology_graph())
    return validator.verdicts(data, names, rounds)
