"""Settling: where sources disagree about one node, the one value kept (from the key tables only).

- titles of works and journals: mixed case over ALL CAPS, then the fuller form (the others
  become ``skos:altLabel``);
- dates: the earliest year, as precise as a source gives it (others of another year become
  ``psk:otherIssued``, and the report says so);
- author lists: the longest complete list any source gives;
- abstracts: the fullest abstract (others become ``psk:otherAbstract``); the extractor's
  reading of it is the one the work gets;
- person names: one family name, the fullest given name, and the display name that goes with it;
- times cited: the highest count (a count only grows, so it is the latest capture's);
- page counts: the count the page range gives (last page - first page + 1) when the sources agree
  on one range of whole numbers, else the highest count.

Settling reads the key tables of the documents that pass validation only (the build gives it no
other), so a rejected document's values are never kept.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from itertools import groupby

from rdflib import Literal
from rdflib.term import Node

from kg.namespaces import BIBO, DCTERMS, FOAF, PSK, XSD
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
    works = {w: found for w, found in tables.conflicts(PSK.citedByCount) if tables.is_node("work", w)}
    plan.cited_by = {w: max(found, key=_count_rank) for w, found in works.items()}
    works = {w: found for w, found in tables.conflicts(BIBO.numPages) if tables.is_node("work", w)}
    plan.pages = {w: _page_count(tables, w, found) for w, found in works.items()}
    return plan, settled


def _whole(value: Node) -> int | None:
    """A literal's whole number (None when it is not one)."""
    text = str(value).strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _count_rank(value: Node) -> tuple[int, str]:
    number = _whole(value)
    return (number if number is not None else -1, str(value))


def _page_count(tables: KeyTables, work: Node, found: set[Node]) -> Node:
    """The page count a work keeps: from its one page range when it has one, else the highest stated."""
    starts, ends = tables.merged_values(BIBO.pageStart, work), tables.merged_values(BIBO.pageEnd, work)
    if len(starts) == 1 and len(ends) == 1:
        first, last = _whole(next(iter(starts))), _whole(next(iter(ends)))
        if first is not None and last is not None and last >= first:
            return Literal(last - first + 1, datatype=XSD.integer)
    return max(found, key=_count_rank)


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
