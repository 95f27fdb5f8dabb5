"""What changed since the build a new build replaces: documents, works, persons, merges, findings.

The record is computed from the two stores themselves (the published one and the new
one, before it is published), so it says what a reader of the store will see change.
It goes into the new store as RDF, in a named graph of its own that keeps every
build's record (the history a living evidence map needs), and into
``changes/<build>.csv`` beside the builds, which ``kg changes`` lists.
"""

from __future__ import annotations

import csv
import heapq
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, groupby, islice
from operator import itemgetter
from pathlib import Path

import pyoxigraph as ox

from kg.namespaces import CHANGES_GRAPH, DCTERMS, FABIO, FOAF, PROV, PSK, RDF, IriMinter

_CHANGES = "changes"
COLUMNS = ("build", "kind", "change", "item", "detail")

@dataclass(frozen=True)
class Change:
    """One line of the record: a document, work, person, merge or finding added, removed or changed."""

    build: str
    kind: str  # document, work, person, merge, finding
    change: str  # added, removed, changed
    item: str  # the path of a document, else an IRI
    detail: str = ""


@dataclass(frozen=True)
class Scope:
    """Where two stores can differ (an incremental build's patch): the named graphs it wrote and the
    triples it removed from or added to the default graph. Everything else the two stores share."""

    graphs: frozenset[ox.NamedNode]
    triples: frozenset[ox.Triple]


def _node(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


_TYPE, _EXPRESSION, _PERSON = _node(RDF.type), _node(FABIO.Expression), _node(FOAF.Person)
_REPORTS, _OUTCOME, _DIRECTION = _node(PSK.reports), _node(PSK.outcome), _node(PSK.direction)
_DERIVED, _IDENTIFIER, _SHA256 = _node(PROV.wasDerivedFrom), _node(DCTERMS.identifier), _node(PSK.sha256)
_MERGE, _MERGE_KIND = _node(PSK.Merge), _node(PSK.mergeKind)
_CANONICAL, _ALIAS = _node(PSK.canonical), _node(PSK.alias)
_DEFAULT = ox.DefaultGraph()
_OLD, _NEW = 0, 1

# The facts of both stores, one row each, side 0 the old store and side 1 the new. The indexes give
# every table in the order the record lists it (SQLite compares text as UTF-8 bytes: the order of
# Python's strings).
_SCHEMA = """
CREATE TABLE document(side INTEGER, path TEXT, sha TEXT);
CREATE TABLE node(side INTEGER, kind TEXT, item TEXT);
CREATE TABLE merge(side INTEGER, alias TEXT, canonical TEXT, kind TEXT);
CREATE TABLE finding(side INTEGER, work TEXT, outcome TEXT, direction TEXT);
"""
_INDEXES = """
CREATE INDEX document_order ON document(side, path);
CREATE INDEX node_order ON node(side, kind, item);
CREATE INDEX merge_order ON merge(side, alias, canonical, kind);
CREATE INDEX finding_order ON finding(side, work, outcome, direction);
"""
CACHE_KIB = 16 * 1024  # SQLite's page cache: the comparison's memory bound
CHUNK = 50_000  # quads of the record per call of the bulk loader (as the load's calls: kg.store.bulk_extend)
Row = tuple[str, ...]


def _objects(store: ox.Store, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode,
             graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph = _DEFAULT,
             ) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
    return [q.object for q in store.quads_for_pattern(subject, predicate, None, graph)]  # type: ignore[misc]


def _documents(store: ox.Store, graphs: Iterable[ox.NamedNode | ox.BlankNode]) -> Iterator[Row]:
    """(path, SHA-256) of the source each graph says it was derived from, in that graph."""
    for graph in graphs:
        for source in _objects(store, graph, _DERIVED, graph):
            if isinstance(source, ox.Literal):
                continue
            for path in _objects(store, source, _IDENTIFIER, graph):
                for sha in _objects(store, source, _SHA256, graph):
                    yield path.value, sha.value


def _merges(store: ox.Store) -> Iterator[Row]:
    """(alias, canonical, kind) of every merge record in a named graph."""
    for typed in store.quads_for_pattern(None, _TYPE, _MERGE, None):
        graph, merge = typed.graph_name, typed.subject
        if isinstance(graph, ox.DefaultGraph) or isinstance(merge, ox.Triple):
            continue
        for kind in _objects(store, merge, _MERGE_KIND, graph):
            for canonical in _objects(store, merge, _CANONICAL, graph):
                for alias in _objects(store, merge, _ALIAS, graph):
                    yield alias.value, canonical.value, kind.value


def _findings(store: ox.Store, works: Iterable[ox.NamedNode | ox.BlankNode] | None) -> Iterator[Row]:
    """(work, outcome, direction) of the findings the works report (None: every work)."""
    if works is None:
        reported = (q for q in store.quads_for_pattern(None, _REPORTS, None, _DEFAULT))
    else:
        reported = (q for work in works for q in store.quads_for_pattern(work, _REPORTS, None, _DEFAULT))
    for quad in reported:
        work, finding = quad.subject, quad.object
        if isinstance(finding, ox.Literal) or isinstance(work, ox.Triple):
            continue
        for outcome in _objects(store, finding, _OUTCOME):  # type: ignore[arg-type]
            for direction in _objects(store, finding, _DIRECTION):  # type: ignore[arg-type]
                yield work.value, outcome.value, direction.value


def _typed(store: ox.Store, cls: ox.NamedNode, scope: Scope | None) -> Iterator[str]:
    """The subjects of a class in the default graph (with a scope: those its triples type)."""
    if scope is None:
        for quad in store.quads_for_pattern(None, _TYPE, cls, _DEFAULT):
            if not isinstance(quad.subject, ox.Triple):
                yield quad.subject.value
        return
    for triple in scope.triples:
        if (triple.predicate == _TYPE and triple.object == cls and not isinstance(triple.subject, ox.Triple)
                and ox.Quad(triple.subject, _TYPE, cls, _DEFAULT) in store):
            yield triple.subject.value


def _finding_works(stores: list[ox.Store | None], scope: Scope) -> set[ox.NamedNode]:
    """The works whose findings a scope's triples may have changed, in either store."""
    works: set[ox.NamedNode] = set()
    for triple in scope.triples:
        if triple.predicate == _REPORTS and isinstance(triple.subject, ox.NamedNode):
            works.add(triple.subject)
        elif triple.predicate in (_OUTCOME, _DIRECTION):
            for store in stores:
                if store is not None:
                    works.update(q.subject for q in store.quads_for_pattern(None, _REPORTS, triple.subject, _DEFAULT)
                                 if isinstance(q.subject, ox.NamedNode))
    return works


def _joined(old: Iterable[tuple[Row, str]],
            new: Iterable[tuple[Row, str]]) -> Iterator[tuple[Row, list[str], list[str]]]:
    """Two lists of (key, value) ordered by key, merged: each key with its values in the old and the new."""
    both = heapq.merge(((key, _OLD, value) for key, value in old), ((key, _NEW, value) for key, value in new),
                       key=itemgetter(0))
    for key, rows in groupby(both, key=itemgetter(0)):
        sides: tuple[list[str], list[str]] = ([], [])
        for _, side, value in rows:
            sides[side].append(value)
        yield key, sides[_OLD], sides[_NEW]


class _Comparison:
    """The facts of the old and the new store side by side in an SQLite file in a scratch folder (they grow
    with the corpus, so they are not held in memory), listed in order to find what changed."""

    def __init__(self, scratch: Path | None) -> None:
        handle, name = tempfile.mkstemp(prefix="changes-", suffix=".sqlite", dir=scratch)
        os.close(handle)
        self.path = Path(name)
        self.db = sqlite3.connect(name, isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = {-CACHE_KIB}", "temp_store = FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.executescript(_SCHEMA)
        self.db.execute("BEGIN")

    def close(self) -> None:
        """Let the database go, and remove it."""
        self.db.close()
        self.path.unlink(missing_ok=True)

    def add(self, side: int, store: ox.Store | None, scope: Scope | None, works: set[ox.NamedNode] | None) -> None:
        """Read one store's facts (with a scope: only about what the scope covers)."""
        if store is None:
            return
        db = self.db
        graphs = store.named_graphs() if scope is None else sorted(scope.graphs, key=str)
        db.executemany("INSERT INTO document VALUES (?, ?, ?)", ((side, *row) for row in _documents(store, graphs)))
        for kind, cls in (("work", _EXPRESSION), ("person", _PERSON)):
            db.executemany("INSERT INTO node VALUES (?, ?, ?)",
                           ((side, kind, item) for item in _typed(store, cls, scope)))
        db.executemany("INSERT INTO merge VALUES (?, ?, ?, ?)", ((side, *row) for row in _merges(store)))
        db.executemany("INSERT INTO finding VALUES (?, ?, ?, ?)",
                       ((side, *row) for row in _findings(store, works if scope is not None else None)))

    def changes(self, build: str) -> Iterator[Change]:
        """Every change from the old store to the new one, in the record's order."""
        db = self.db
        db.execute("COMMIT")
        db.executescript(_INDEXES)

        def rows(query: str, *parameters: object) -> Iterator[tuple[Row, str]]:
            for *key, value in db.execute(query, parameters):
                yield tuple(key), value

        documents = "SELECT path, sha FROM document WHERE side = ? ORDER BY side, path"
        for (path,), was, now in _joined(rows(documents, _OLD), rows(documents, _NEW)):
            # a path's last row, as a dictionary of paths would keep it
            before, after = (was[-1] if was else None), (now[-1] if now else None)
            if before != after:
                change = "added" if before is None else "removed" if after is None else "changed"
                yield Change(build, "document", change, path, after or before or "")
        items = "SELECT DISTINCT item, '' FROM node WHERE side = ? AND kind = ? ORDER BY side, kind, item"
        for kind in ("work", "person"):
            for change, wanted in (("added", _NEW), ("removed", _OLD)):
                for (item,), was, now in _joined(rows(items, _OLD, kind), rows(items, _NEW, kind)):
                    if bool(was) != bool(now) and bool(now) == (wanted == _NEW):
                        yield Change(build, kind, change, item)
        merges = ("SELECT DISTINCT alias, canonical, kind, '' FROM merge WHERE side = ? "
                  "ORDER BY side, alias, canonical, kind")
        for change, wanted in (("added", _NEW), ("removed", _OLD)):
            for (alias, canonical, kind), was, now in _joined(rows(merges, _OLD), rows(merges, _NEW)):
                if bool(was) != bool(now) and bool(now) == (wanted == _NEW):
                    yield Change(build, "merge", change, alias, f"{kind} into {canonical}")
        findings = ("SELECT DISTINCT work, outcome, direction FROM finding WHERE side = ? "
                    "ORDER BY side, work, outcome, direction")
        for (work, outcome), was, now in _joined(rows(findings, _OLD), rows(findings, _NEW)):
            if was == now:
                continue
            shown = f"{_short(outcome)}: " + ", ".join(sorted(_short(d) for d in (now or was)))
            if not was or not now:
                yield Change(build, "finding", "added" if not was else "removed", work, shown)
            else:
                old_shown = ", ".join(sorted(_short(d) for d in was))
                yield Change(build, "finding", "changed", work, f"{shown} (was {old_shown})")


def _short(direction: str) -> str:
    return direction.rsplit("#", 1)[-1]


def _compared(old: ox.Store | None, new: ox.Store, scope: Scope | None, scratch: Path | None) -> _Comparison:
    """Both stores' facts read into a comparison (nothing of the stores is read after this)."""
    comparison = _Comparison(scratch)
    try:
        works = _finding_works([old, new], scope) if scope is not None else None
        comparison.add(_OLD, old, scope, works)
        comparison.add(_NEW, new, scope, works)
    except BaseException:
        comparison.close()
        raise
    return comparison


def compare(old: ox.Store | None, new: ox.Store, build: str, scope: Scope | None = None,
            scratch: Path | None = None) -> list[Change]:
    """Every change from the old store (None before the first build) to the new one, in a stable order.

    With a scope (the new store is the old one patched), only what the patch wrote is compared:
    the same changes, found without reading the stores whole. The comparison works in an SQLite
    file in ``scratch`` (by default the system's temporary folder).
    """
    comparison = _compared(old, new, scope, scratch)
    try:
        return list(comparison.changes(build))
    finally:
        comparison.close()


def summary(changes: Iterable[Change]) -> dict[str, dict[str, int]]:
    """How many of each kind were added, removed, changed."""
    counts: dict[str, dict[str, int]] = {}
    for change in changes:
        kind = counts.setdefault(change.kind, {})
        kind[change.change] = kind.get(change.change, 0) + 1
    return counts


def quads(changes: Iterable[Change], build: str, since: str) -> Iterator[ox.Quad]:
    """The record of one build as RDF in the changes graph."""
    graph = ox.NamedNode(str(CHANGES_GRAPH))
    node = ox.NamedNode(str(IriMinter.child(CHANGES_GRAPH, build)))
    literal = ox.Literal

    def quad(s: ox.NamedNode, p: object, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, ox.NamedNode(str(p)), o, graph)

    yield quad(node, RDF.type, ox.NamedNode(str(PSK.ChangeSet)))
    yield quad(node, PSK.build, literal(build))
    if since:
        yield quad(node, PSK.since, literal(since))
    for number, change in enumerate(changes, start=1):
        item = ox.NamedNode(str(IriMinter.child(CHANGES_GRAPH, build, number)))
        yield quad(node, PSK.change, item)
        yield quad(item, RDF.type, ox.NamedNode(str(PSK.Change)))
        yield quad(item, PSK.changeKind, literal(change.kind))
        yield quad(item, PSK.changeAction, literal(change.change))
        yield quad(item, PSK.changedItem, literal(change.item))
        if change.detail:
            yield quad(item, PSK.changeDetail, literal(change.detail))


def history(store: ox.Store | None) -> Iterator[ox.Quad]:
    """The records of earlier builds, carried into the new store."""
    if store is None:
        return
    yield from store.quads_for_pattern(None, None, None, ox.NamedNode(str(CHANGES_GRAPH)))


@dataclass
class Record:
    """The record of one build, once it is in the new store: its counts, and its CSV waiting in the
    build's scratch folder until the build is published."""

    build: str
    counts: dict[str, dict[str, int]]
    partial: Path

    def publish(self, root: Path) -> Path:
        """Put ``changes/<build>.csv`` beside the builds (once the build is published)."""
        folder = root / _CHANGES
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.build}.csv"
        self.partial.replace(path)
        return path


def record(old: ox.Store | None, new: ox.Store, build: str, since: str, scratch: Path,
           scope: Scope | None = None) -> Record:
    """Compare the two stores and write the record of what changed into the new one (with the records
    of earlier builds when the new store was built from nothing) and as CSV into ``scratch``.

    The changes are written as they are found, the quads in calls of at most ``CHUNK``: memory holds
    SQLite's page cache and one call's quads, whatever the size of the stores.
    """
    comparison = _compared(old, new, scope, scratch)
    counts: dict[str, dict[str, int]] = {}
    partial = scratch / f"{build}.csv"
    try:
        with open(partial, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(COLUMNS)

            def listed() -> Iterator[Change]:
                for change in comparison.changes(build):
                    writer.writerow((change.build, change.kind, change.change, change.item, change.detail))
                    kind = counts.setdefault(change.kind, {})
                    kind[change.change] = kind.get(change.change, 0) + 1
                    yield change

            written = quads(listed(), build, since)
            pending = chain(history(old), written) if scope is None else written
            while batch := list(islice(pending, CHUNK)):
                new.bulk_extend(batch)
    finally:
        comparison.close()
    return Record(build, counts, partial)


def read_changes(root: Path, since: str | None = None) -> list[Change]:
    """The changes of the latest build, or of every build after ``since`` (a build's name)."""
    folder = root / _CHANGES
    files = sorted(folder.glob("*.csv")) if folder.is_dir() else []
    if since is None:
        files = files[-1:]
    else:
        if not (folder / f"{since}.csv").exists():
            known = ", ".join(f.stem for f in files[-5:]) or "none"
            raise ValueError(f"no build named {since!r} in {root} (latest: {known})")
        files = [f for f in files if f.stem > since]
    changes = []
    for path in files:
        with open(path, encoding="utf-8", newline="") as handle:
            changes += [Change(**row) for row in csv.DictReader(handle)]
    return changes
