"""A new build as a copy of the published one with some named graphs replaced, and its default graph kept
the merge of the named graphs.

An incremental build starts its store as a checkpoint of the published build (hard links to
its immutable files, so the copy is quick and the published build is never written), then
replaces the graphs that changed: a graph's quads that are no longer stated go, new ones come,
and a graph no longer built at all goes with its name. The default graph, the merge of the
named graphs (the change record's graph excepted), loses each triple that no named graph
states any more and gains each triple a graph now states. What changed in it is returned, for
the change record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import CHANGES_GRAPH
from kg.store import bulk_extend

_CHANGES = ox.NamedNode(str(CHANGES_GRAPH))
_DEFAULT = ox.DefaultGraph()


@dataclass
class Delta:
    """What a patch changed: the named graphs written, and the triples that left or may have joined the
    default graph (every triple a graph states anew: adding one the default graph holds changes nothing)."""

    graphs: set[ox.NamedNode] = field(default_factory=set)
    removed: set[ox.Triple] = field(default_factory=set)
    added: set[ox.Triple] = field(default_factory=set)
    written: int = 0  # quads removed or added in named graphs


class Patch:
    """Replaces named graphs of a private store one at a time, then brings its default graph up to date.

    Removals happen at once; additions wait for :meth:`finish`, which writes them with the bulk
    loader (the store is private until published, and a failure discards it).
    """

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.delta = Delta()
        self._gone: set[ox.Triple] = set()  # triples some graph no longer states
        self._came: list[ox.Quad] = []  # quads some graph states anew

    def replace(self, graph: ox.NamedNode, quads: Iterable[ox.Quad] | None) -> None:
        """Make ``graph`` hold exactly ``quads`` (all in that graph); None removes the graph."""
        store = self.store
        old = set(store.quads_for_pattern(None, None, None, graph))
        new = set(quads) if quads is not None else set()
        gone, came = old - new, new - old
        if not gone and not came and (new or not old):
            return
        self.delta.graphs.add(graph)
        self.delta.written += len(gone) + len(came)
        if not new:
            if store.contains_named_graph(graph):
                store.remove_graph(graph)
        else:
            for quad in gone:
                store.remove(quad)
        self._gone.update(q.triple for q in gone)
        self._came.extend(came)

    def finish(self) -> Delta:
        """Write the additions, and bring the default graph up to date with the graphs replaced."""
        store = self.store
        came = {q.triple for q in self._came}
        for triple in self._gone - came:
            if not any(isinstance(q.graph_name, ox.NamedNode) and q.graph_name != _CHANGES
                       for q in store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)):
                store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, _DEFAULT))
                self.delta.removed.add(triple)
        bulk_extend(store, [*self._came, *(ox.Quad(t.subject, t.predicate, t.object, _DEFAULT) for t in came)])
        self.delta.added = came
        return self.delta
