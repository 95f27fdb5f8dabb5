"""Settling: where sources disagree about one node, the one value kept (from the key tables only).

- titles of works and journals: mixed case over ALL CAPS, then the fuller form (the others
  become ``skos:altLabel``);
- dates: the earliest year, as precise as a source gives it (others of another year become
  ``psk:otherIssued``, and the report says so);
- author lists: the longest complete list any source gives;
- abstracts: the fullest abstract (others become ``psk:otherAbstract``); the extractor's
  reading of it is the one the work gets;
- person names: one family name, the fullest given name, and the display name that goes with it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib.term import Node

from kg.namespaces import DCTERMS, FOAF, XSD
from kg.resolve.keys import KeyTables
from kg.resolve.rewrite import Plan


def _label_rank(label: str) -> tuple[int, int, str]:
    """Prefer mixed case over ALL CAPS, then the fuller form, then the first in sorted order."""
    return (1 if label.isupper() else 0, -len(label), label)


def _date_rank(value: Node) -> tuple[str, int, str]:
    precise = 0 if getattr(value, "datatype", None) == XSD.date else 1
    return (str(value)[:4], precise, str(value))


class _Resolved:
    """The key tables seen through the merges: each node's values gathered on its canonical IRI."""

    def __init__(self, tables: KeyTables, canonical: dict[Node, Node]) -> None:
        self.tables = tables
        self.canonical = canonical

    def nodes(self, kind: str) -> set[Node]:
        return {self.canonical.get(n, n) for n in self.tables.nodes[kind]}

    def values(self, prop: Node) -> dict[Node, set[Node]]:
        gathered: dict[Node, set[Node]] = defaultdict(set)
        for subject, objects in self.tables.values[prop].items():
            gathered[self.canonical.get(subject, subject)].update(objects)
        return gathered


def _prefer_one(values: dict[Node, set[Node]], subjects: Iterable[Node]) -> dict[Node, Node]:
    return {s: min(values[s], key=lambda v: _label_rank(str(v))) for s in subjects if len(values.get(s, ())) > 1}


def settle(tables: KeyTables, canonical: dict[Node, Node]) -> tuple[Plan, list[str]]:
    """The plan for rewriting each document, and the date conflicts settled (for the report)."""
    resolved = _Resolved(tables, canonical)
    plan = Plan(canonical=canonical)
    titles = resolved.values(DCTERMS.title)
    plan.titles = {**_prefer_one(titles, resolved.nodes("work")), **_prefer_one(titles, resolved.nodes("journal"))}
    settled: list[str] = []
    for work, found in sorted(resolved.values(DCTERMS.issued).items()):
        if len(found) < 2:
            continue
        keep = min(found, key=_date_rank)
        plan.issued[work] = keep
        others = sorted(str(v) for v in found if v != keep)
        if any(o[:4] != str(keep)[:4] for o in others):
            settled.append(f"<{work}> issued {keep}; other sources say {', '.join(others)}")
    plan.author_lists = _author_lists(resolved)
    plan.readings = _abstracts(resolved)
    canonical = resolved.canonical
    graphs: dict[Node, set[str]] = defaultdict(set)
    for work, stated in resolved.tables.abstracts.items():
        graphs[canonical.get(work, work)].update(graph for graph, _, _ in stated)
    plan.abstracts = {work: chosen for work, chosen in plan.readings.items() if len(graphs[work]) > 1}
    persons = resolved.nodes("person")
    plan.families = _prefer_one(resolved.values(FOAF.familyName), persons)
    givens, names = resolved.values(FOAF.givenName), resolved.values(FOAF.name)
    for person in [p for p in persons if len(givens.get(p, ())) > 1 or len(names.get(p, ())) > 1]:
        # The fullest given name wins ("Larry" over "L."), and the display name goes with it.
        given = max((str(g) for g in givens.get(person, ())), key=lambda g: (len(g), g), default="")
        full = [n for n in names.get(person, ()) if given and str(n).startswith(given)]
        shown = full or names.get(person, set())
        plan.names[person] = (given, min(shown, key=lambda v: _label_rank(str(v))) if shown else None)
    return plan, settled


def _author_lists(resolved: _Resolved) -> dict[Node, tuple[Node, bool]]:
    """One bibo:authorList per work: the longest complete list any source gives."""
    canonical = resolved.canonical
    heads: dict[Node, list[tuple[tuple[int, int, str], Node]]] = defaultdict(list)
    for work, stated in resolved.tables.author_lists.items():
        into = canonical.get(work, work)
        for graph, head, length in stated:
            cut = any(canonical.get(w, w) == into for w in resolved.tables.truncated.get(graph, ()))
            heads[into].append(((1 if cut else 0, -length, str(head)), head))
    chosen = {}
    for work, candidates in heads.items():
        if len({head for _, head in candidates}) < 2:
            continue
        rank, head = min(candidates)
        chosen[work] = (head, rank[0] == 0)
    return chosen


def _abstracts(resolved: _Resolved) -> dict[Node, tuple[str, str]]:
    """One abstract per work, the one the extractor's reading is stated from: the fullest any source
    gives (ties: the first source by graph IRI)."""
    found: dict[Node, list[tuple[int, str, str]]] = defaultdict(list)
    for work, stated in resolved.tables.abstracts.items():
        for graph, length, text in stated:
            found[resolved.canonical.get(work, work)].append((-length, graph, text))
    return {work: (graph, text) for work, candidates in found.items() for _, graph, text in [min(candidates)]}
