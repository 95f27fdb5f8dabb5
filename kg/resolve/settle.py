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

import sys
from collections import defaultdict
from collections.abc import Iterable
from itertools import groupby

from rdflib.term import Node

from kg.namespaces import DCTERMS, FOAF, XSD
from kg.resolve.keytables import KeyTables, decode
from kg.resolve.rewrite import Plan


def _label_rank(label: str) -> tuple[int, int, str]:
    """Prefer mixed case over ALL CAPS, then the fuller form, then the first in sorted order."""
    return (1 if label.isupper() else 0, -len(label), label)


def _date_rank(value: Node) -> tuple[str, int, str]:
    precise = 0 if getattr(value, "datatype", None) == XSD.date else 1
    return (str(value)[:4], precise, str(value))


def _prefer_one(values: Iterable[tuple[Node, set[Node]]], tables: KeyTables,
                kinds: tuple[str, ...]) -> dict[Node, Node]:
    """The preferred label of each node of the kinds that, as merged, holds more than one."""
    return {s: min(found, key=lambda v: _label_rank(str(v))) for s, found in values
            if any(tables.is_node(kind, s) for kind in kinds)}


def settle(tables: KeyTables, canonical: dict[Node, Node]) -> tuple[Plan, list[str]]:
    """The plan for rewriting each document, and the date conflicts settled (for the report).

    Only the nodes that, as merged, hold more than one value come back from the tables.
    """
    tables.set_canonical(canonical)
    plan = Plan(canonical=canonical)
    plan.titles = _prefer_one(tables.conflicts(DCTERMS.title), tables, ("work", "journal"))
    settled: list[str] = []
    for work, found in sorted(dict(tables.conflicts(DCTERMS.issued)).items()):
        keep = min(found, key=_date_rank)
        plan.issued[work] = keep
        others = sorted(str(v) for v in found if v != keep)
        if any(o[:4] != str(keep)[:4] for o in others):
            settled.append(f"<{work}> issued {keep}; other sources say {', '.join(others)}")
    plan.author_lists = _author_lists(tables, canonical)
    plan.readings, plan.abstracts = _abstracts(tables)
    plan.families = _prefer_one(tables.conflicts(FOAF.familyName), tables, ("person",))
    named = {p for prop in (FOAF.givenName, FOAF.name) for p, _ in tables.conflicts(prop)}
    for person in [p for p in named if tables.is_node("person", p)]:
        givens, names = tables.merged_values(FOAF.givenName, person), tables.merged_values(FOAF.name, person)
        # The fullest given name wins ("Larry" over "L."), and the display name goes with it.
        given = max((str(g) for g in givens), key=lambda g: (len(g), g), default="")
        full = [n for n in names if given and str(n).startswith(given)]
        shown = full or names
        plan.names[person] = (given, min(shown, key=lambda v: _label_rank(str(v))) if shown else None)
    return plan, settled


_AUTHOR_LISTS = """
SELECT COALESCE(c.canonical, a.work) AS w, a.graph, a.head, a.length FROM author_list AS a
LEFT JOIN canon AS c ON c.alias = a.work
WHERE COALESCE(c.canonical, a.work) IN (SELECT COALESCE(k.canonical, l.work) FROM author_list AS l
    LEFT JOIN canon AS k ON k.alias = l.work GROUP BY 1 HAVING COUNT(DISTINCT l.head) > 1)
"""


def _author_lists(tables: KeyTables, canonical: dict[Node, Node]) -> dict[Node, tuple[Node, bool]]:
    """One bibo:authorList per work that, as merged, has more than one: the longest complete list any
    source gives."""
    heads: dict[Node, list[tuple[tuple[int, int, str], Node]]] = defaultdict(list)
    for work, graph, head_term, length in tables.rows(_AUTHOR_LISTS):
        into, head = decode(work), decode(head_term)
        cut_short = (decode(w) for (w,) in tables.rows("SELECT work FROM truncated WHERE graph = ?", (graph,)))
        cut = any(canonical.get(w, w) == into for w in cut_short)
        heads[into].append(((1 if cut else 0, -length, str(head)), head))
    chosen = {}
    for work, candidates in heads.items():
        rank, head = min(candidates)
        chosen[work] = (head, rank[0] == 0)
    return chosen


def _abstracts(tables: KeyTables) -> tuple[dict[Node, tuple[str, str]], dict[Node, tuple[str, str]]]:
    """One abstract per work, the one the extractor's reading is stated from: the fullest any source
    gives (ties: the first source by graph IRI); and the same for the works given abstracts by more
    than one source."""
    readings: dict[Node, tuple[str, str]] = {}
    several: dict[Node, tuple[str, str]] = {}
    rows = tables.rows("SELECT COALESCE(c.canonical, a.work) AS w, a.graph, a.digest FROM abstract AS a "
                       "LEFT JOIN canon AS c ON c.alias = a.work ORDER BY w, a.length DESC, a.graph, a.digest")
    for term, group in groupby(rows, key=lambda row: row[0]):
        work, (first, *others) = decode(term), group
        chosen = readings[work] = (sys.intern(first[1]), first[2])
        if any(graph != first[1] for _, graph, _ in others):
            several[work] = chosen
    return readings, several
