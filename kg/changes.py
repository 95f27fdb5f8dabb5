"""What changed since the build a new build replaces: documents, works, persons, merges, findings.

The record is computed from the two stores themselves (the published one and the new
one, before it is published), so it says what a reader of the store will see change.
It goes into the new store as RDF, in a named graph of its own that keeps every
build's record (the history a living evidence map needs), and into
``changes/<build>.csv`` beside the builds, which ``kg changes`` lists.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.namespaces import CHANGES_GRAPH, DCTERMS, FABIO, FOAF, PREFIXES, PROV, PSK, RDF, IriMinter

_CHANGES = "changes"
COLUMNS = ("build", "kind", "change", "item", "detail")
_PREFIXES = {name: str(ns) for name, ns in PREFIXES.items()}

_DOCUMENTS = """SELECT ?path ?sha WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?source .
                ?source dcterms:identifier ?path ; psk:sha256 ?sha } }"""
_WORKS = "SELECT DISTINCT ?item WHERE { ?item a fabio:Expression }"
_PERSONS = "SELECT DISTINCT ?item WHERE { ?item a foaf:Person }"
_MERGES = """SELECT ?kind ?canonical ?alias WHERE { GRAPH ?g { ?m a psk:Merge ; psk:mergeKind ?kind ;
             psk:canonical ?canonical ; psk:alias ?alias } }"""
_FINDINGS = """SELECT DISTINCT ?work ?outcome ?direction WHERE { ?work psk:reports ?finding .
               ?finding psk:outcome ?outcome ; psk:direction ?direction }"""


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


@dataclass(frozen=True)
class _Facts:
    documents: dict[str, str]  # path -> SHA-256
    works: frozenset[str]
    persons: frozenset[str]
    merges: frozenset[tuple[str, str, str]]
    findings: dict[tuple[str, str], frozenset[str]]  # (work, outcome) -> directions


def _rows(store: ox.Store, query: str) -> Iterator[tuple[str, ...]]:
    result = store.query(query, prefixes=_PREFIXES)
    assert isinstance(result, ox.QuerySolutions)
    for row in result:
        yield tuple(term.value for term in row)


def _node(term: object) -> ox.NamedNode:
    return ox.NamedNode(str(term))


_TYPE, _EXPRESSION, _PERSON = _node(RDF.type), _node(FABIO.Expression), _node(FOAF.Person)
_REPORTS, _OUTCOME, _DIRECTION = _node(PSK.reports), _node(PSK.outcome), _node(PSK.direction)
_DERIVED, _IDENTIFIER, _SHA256 = _node(PROV.wasDerivedFrom), _node(DCTERMS.identifier), _node(PSK.sha256)
_DEFAULT = ox.DefaultGraph()


def _objects(store: ox.Store, subject: ox.NamedNode | ox.BlankNode, predicate: ox.NamedNode,
             graph: ox.NamedNode | ox.DefaultGraph = _DEFAULT) -> list[ox.NamedNode | ox.BlankNode | ox.Literal]:
    return [q.object for q in store.quads_for_pattern(subject, predicate, None, graph)]  # type: ignore[misc]


def _scoped_facts(store: ox.Store | None, scope: Scope, finding_works: set[ox.NamedNode]) -> _Facts:
    """The facts of a store about what a scope covers only (the same lookups as the queries above)."""
    if store is None:
        return _Facts({}, frozenset(), frozenset(), frozenset(), {})
    documents = {}
    for graph in sorted(scope.graphs, key=str):
        for source in _objects(store, graph, _DERIVED, graph):
            if isinstance(source, ox.Literal):
                continue
            for path in _objects(store, source, _IDENTIFIER, graph):
                for sha in _objects(store, source, _SHA256, graph):
                    documents[path.value] = sha.value

    def typed(cls: ox.NamedNode) -> frozenset[str]:
        return frozenset(t.subject.value for t in scope.triples if t.predicate == _TYPE and t.object == cls
                         and not isinstance(t.subject, ox.Triple) and ox.Quad(t.subject, _TYPE, cls, _DEFAULT) in store)

    findings: dict[tuple[str, str], set[str]] = {}
    for work in finding_works:
        for finding in _objects(store, work, _REPORTS):
            if isinstance(finding, ox.Literal):
                continue
            for outcome in _objects(store, finding, _OUTCOME):
                for direction in _objects(store, finding, _DIRECTION):
                    findings.setdefault((work.value, outcome.value), set()).add(direction.value)
    return _Facts(
        documents=documents,
        works=typed(_EXPRESSION),
        persons=typed(_PERSON),
        merges=frozenset((kind, canonical, alias) for kind, canonical, alias in _rows(store, _MERGES)),
        findings={key: frozenset(value) for key, value in findings.items()},
    )


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


def _facts(store: ox.Store | None) -> _Facts:
    if store is None:
        return _Facts({}, frozenset(), frozenset(), frozenset(), {})
    findings: dict[tuple[str, str], set[str]] = {}
    for work, outcome, direction in _rows(store, _FINDINGS):
        findings.setdefault((work, outcome), set()).add(direction)
    return _Facts(
        documents={path: sha for path, sha in _rows(store, _DOCUMENTS)},
        works=frozenset(row[0] for row in _rows(store, _WORKS)),
        persons=frozenset(row[0] for row in _rows(store, _PERSONS)),
        merges=frozenset((kind, canonical, alias) for kind, canonical, alias in _rows(store, _MERGES)),
        findings={key: frozenset(value) for key, value in findings.items()},
    )


def _short(direction: str) -> str:
    return direction.rsplit("#", 1)[-1]


def compare(old: ox.Store | None, new: ox.Store, build: str, scope: Scope | None = None) -> list[Change]:
    """Every change from the old store (None before the first build) to the new one, in a stable order.

    With a scope (the new store is the old one patched), only what the patch wrote is compared:
    the same changes, found without reading the stores whole.
    """
    if scope is None:
        before, after = _facts(old), _facts(new)
    else:
        works = _finding_works([old, new], scope)
        before, after = _scoped_facts(old, scope, works), _scoped_facts(new, scope, works)
    changes: list[Change] = []
    for path in sorted(after.documents.keys() | before.documents.keys()):
        was, now = before.documents.get(path), after.documents.get(path)
        if was != now:
            change = "added" if was is None else "removed" if now is None else "changed"
            changes.append(Change(build, "document", change, path, now or was or ""))
    for kind, old_items, new_items in (("work", before.works, after.works), ("person", before.persons, after.persons)):
        changes += [Change(build, kind, "added", item) for item in sorted(new_items - old_items)]
        changes += [Change(build, kind, "removed", item) for item in sorted(old_items - new_items)]
    for change, merges in (("added", after.merges - before.merges), ("removed", before.merges - after.merges)):
        changes += [Change(build, "merge", change, alias, f"{kind} into {canonical}")
                    for kind, canonical, alias in sorted(merges, key=lambda m: (m[2], m[1], m[0]))]
    for work, outcome in sorted(after.findings.keys() | before.findings.keys()):
        was_set, now_set = before.findings.get((work, outcome)), after.findings.get((work, outcome))
        if was_set == now_set:
            continue
        shown = f"{_short(outcome)}: " + ", ".join(sorted(_short(d) for d in (now_set or was_set or ())))
        if was_set is None or now_set is None:
            changes.append(Change(build, "finding", "added" if was_set is None else "removed", work, shown))
        else:
            old_shown = ", ".join(sorted(_short(d) for d in was_set))
            changes.append(Change(build, "finding", "changed", work, f"{shown} (was {old_shown})"))
    return changes


def summary(changes: Iterable[Change]) -> dict[str, dict[str, int]]:
    """How many of each kind were added, removed, changed."""
    counts: dict[str, dict[str, int]] = {}
    for change in changes:
        kind = counts.setdefault(change.kind, {})
        kind[change.change] = kind.get(change.change, 0) + 1
    return counts


def quads(changes: list[Change], build: str, since: str) -> Iterator[ox.Quad]:
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
    of earlier builds when the new store was built from nothing) and as CSV into ``scratch``."""
    changes = compare(old, new, build, scope)
    if scope is None:
        new.bulk_extend([*history(old), *quads(changes, build, since)])
    else:
        new.extend(quads(changes, build, since))
    partial = write_csv(scratch, build, changes)
    return Record(build, summary(changes), partial)


def write_csv(root: Path, build: str, changes: list[Change]) -> Path:
    """``changes/<build>.csv`` beside the builds."""
    folder = root / _CHANGES
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{build}.csv"
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows((c.build, c.kind, c.change, c.item, c.detail) for c in changes)
    partial = path.with_suffix(".csv.tmp")
    partial.write_text(text.getvalue(), encoding="utf-8")
    partial.replace(path)
    return path


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
