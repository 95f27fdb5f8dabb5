"""Clustering: which mentions of a work, journal or person are one, and why (on the key tables only).

Rules, in order:
- works: the same DOI (by minting); else the same normalised title, year and first
  author's family name as a work that has a DOI;
- journals: a shared ISSN; else the same normalised title, abbreviations expanded
  from a curated table;
- persons: the same ORCID; or compatible names (same family name, no conflicting
  given name or initial) and corroboration: the same work, or a shared co-author.
Rules look only at sorted sets of facts and pick the smallest IRI as the canonical one,
so any order of the same documents gives the same clusters.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any

from rdflib.term import IdentifiedNode, Node

from kg.namespaces import BIBO, DCTERMS, FOAF, PSK, normalize_key
from kg.resolve.keytables import PROPS, SEQ, KeyTables, decode, encode, identified, identified_nodes, lexical
from kg.tables import journal_table, journal_title_key


@dataclass(frozen=True)
class Merge:
    """One mention folded into a canonical node, and why."""

    kind: str  # work, journal, person
    canonical: IdentifiedNode
    alias: IdentifiedNode
    rule: str
    evidence: str


class Clusters:
    """Union-find over IRIs, keeping each cluster's members and the rule and evidence of each union."""

    def __init__(self) -> None:
        self.parent: dict[IdentifiedNode, IdentifiedNode] = {}
        self.groups: dict[IdentifiedNode, list[IdentifiedNode]] = {}
        self.reasons: dict[IdentifiedNode, tuple[str, str]] = {}

    def find(self, node: IdentifiedNode) -> IdentifiedNode:
        """The canonical node of a node's cluster."""
        if node not in self.parent:
            return node  # never joined: its own cluster (and nothing is kept for it)
        root = node
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        self.parent[node] = root
        return root

    def union(self, a: IdentifiedNode, b: IdentifiedNode, rule: str, evidence: str) -> bool:
        """Join two clusters under the smaller root; False when they were one already."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        keep, fold = sorted((ra, rb))
        self.parent[fold] = keep
        self.parent.setdefault(keep, keep)
        self.groups[keep] = self.groups.pop(keep, [keep]) + self.groups.pop(fold, [fold])
        self.reasons[fold] = (rule, evidence)
        return True

    def merges(self, kind: str) -> list[Merge]:
        """Each folded IRI with its canonical IRI and the reason its branch was folded."""
        result = []
        for root, members in sorted(self.groups.items()):
            for node in sorted(members):
                if node != root:
                    rule, evidence = self._reason(node)
                    result.append(Merge(kind, root, node, rule, evidence))
        return result

    def _reason(self, node: IdentifiedNode) -> tuple[str, str]:
        while node not in self.reasons and self.parent.get(node, node) != node:
            node = self.parent[node]
        return self.reasons.get(node, ("", ""))


# ---------------------------------------------------------------- works

_BATCH = 1000  # rows written to a table at once (memory stays bounded)

_WORK_FACTS = """
SELECT n.term,
       EXISTS (SELECT 1 FROM value WHERE prop = :doi AND subject = n.term),
       (SELECT json_group_array(DISTINCT object) FROM value WHERE prop = :issued AND subject = n.term),
       (SELECT json_group_array(DISTINCT object) FROM value WHERE prop = :title AND subject = n.term),
       (SELECT json_group_array(DISTINCT family) FROM first_author WHERE work = n.term)
FROM (SELECT DISTINCT term FROM node WHERE kind = 'work') AS n
"""


def work_clusters(tables: KeyTables) -> Clusters:
    """Works without a DOI join the DOI work with the same title, year and first author."""
    clusters = Clusters()
    # The works' keys go to a table of their own; only the keys that two works share come back.
    tables.script("CREATE TEMP TABLE IF NOT EXISTS work_key(key TEXT, work TEXT, doi INTEGER); DELETE FROM work_key;")
    rows: list[tuple[str, str, int]] = []
    props = {"doi": PROPS[BIBO.doi], "issued": PROPS[DCTERMS.issued], "title": PROPS[DCTERMS.title]}
    facts = tables.rows(_WORK_FACTS, props)
    for term, doi, issued, titles, families in facts:
        if not identified(term):
            continue
        years = sorted(lexical(v)[:4] for v in json.loads(issued))
        year = years[0] if years else ""
        rows.extend((f"{normalize_key(lexical(title))}|{year}|{family}", term, doi)
                    for title in json.loads(titles) for family in json.loads(families) if year and family)
        if len(rows) >= _BATCH:
            tables.insert("INSERT INTO work_key VALUES (?, ?, ?)", rows)
            rows.clear()
    tables.insert("INSERT INTO work_key VALUES (?, ?, ?)", rows)
    keyed: dict[str, list[tuple[IdentifiedNode, bool]]] = defaultdict(list)
    shared = tables.rows("SELECT key, work, MAX(doi) FROM work_key WHERE key IN (SELECT key FROM work_key GROUP BY key "
                "HAVING COUNT(DISTINCT work) > 1) GROUP BY key, work")
    for key, term, doi in shared:
        work = decode(term)
        assert isinstance(work, IdentifiedNode)
        keyed[key].append((work, bool(doi)))
    for key, members in sorted(keyed.items()):
        with_doi = sorted({w for w, doi in members if doi})
        if len(with_doi) != 1:
            continue  # no DOI to anchor on, or two DOIs (a preprint and its article): never guess
        for work in sorted({w for w, _ in members} - set(with_doi)):
            title_key, year, family = key.split("|")
            clusters.union(with_doi[0], work, "same title, year and first author as a work with a DOI",
                           f"title '{title_key}', year {year}, first author {family}")
    return clusters


# ---------------------------------------------------------------- journals

def journal_clusters(tables: KeyTables) -> Clusters:
    """Journals join on a shared ISSN (stated or curated), else on the same normalised title."""
    clusters = Clusters()
    _, curated = journal_table()
    by_issn: dict[str, list[IdentifiedNode]] = defaultdict(list)
    by_title: dict[str, list[IdentifiedNode]] = defaultdict(list)
    for journal in identified_nodes(tables.nodes("journal")):
        for stated in tables.objects(BIBO.issn, journal):
            by_issn[str(stated)].append(journal)
        for title in tables.objects(DCTERMS.title, journal):
            key = journal_title_key(str(title))
            by_title[key].append(journal)
            for issn in curated.get(key, ()):
                by_issn[issn].append(journal)
    for issn, members in sorted(by_issn.items()):
        for other in sorted(set(members))[1:]:
            clusters.union(min(members), other, "same ISSN", issn)
    for key, members in sorted(by_title.items()):
        for other in sorted(set(members))[1:]:
            clusters.union(min(members), other, "same normalised title", key)
    return clusters


# ---------------------------------------------------------------- persons

_NAME_PARTS = re.compile(r"[\s.\-]+")


@lru_cache(maxsize=65536)
def _given_parts(given: str) -> tuple[str, ...]:
    return tuple(part for part in _NAME_PARTS.split(normalize_key(given)) if part)


def names_compatible(a: str, b: str) -> bool:
    """Given names that could be one person's: "L." ~ "Larry", "E. Sally" ~ "E.", never "G." ~ "L."."""
    pa, pb = _given_parts(a), _given_parts(b)
    if not pa or not pb:
        return False
    for x, y in zip(pa, pb, strict=False):
        if x[0] != y[0] or (len(x) > 1 and len(y) > 1 and x != y):
            return False
    return True


def _initial(givens: Iterable[str]) -> str:
    """The first initial, when all the given names agree on one."""
    initials = {parts[0][0] for g in givens if (parts := _given_parts(g))}
    return initials.pop() if len(initials) == 1 else ""


@dataclass
class _Mention:
    iri: IdentifiedNode
    family: str  # normalised
    display_family: str
    givens: set[str] = field(default_factory=set)
    initial: str = ""  # the first initial, when all the given names agree on one
    works: set[IdentifiedNode] = field(default_factory=set)

    def shown(self) -> str:
        """The name as a person would read it in an explanation."""
        given = max(self.givens, key=lambda g: (len(g), g), default="")
        return f"{given} {self.display_family}".strip()


def _compatible(a: _Mention, b: _Mention) -> bool:
    return a.family == b.family and all(names_compatible(x, y) for x in a.givens for y in b.givens)


# Every person node once (of those out of date: see KeyTables.stale_persons), with its family and given names.
_PERSON_FACTS = """
SELECT n.term,
       (SELECT json_group_array(DISTINCT object) FROM value WHERE prop = :family AND subject = n.term),
       (SELECT json_group_array(DISTINCT object) FROM value WHERE prop = :given AND subject = n.term)
FROM node AS n WHERE n.kind = 'person' {} GROUP BY n.term
"""
_MENTIONS = """
CREATE TEMP TABLE IF NOT EXISTS wrote(person TEXT, work TEXT);
CREATE TEMP TABLE IF NOT EXISTS stale(person TEXT PRIMARY KEY) WITHOUT ROWID;
DROP INDEX IF EXISTS temp.wrote_person;
DROP INDEX IF EXISTS temp.wrote_work;
DELETE FROM wrote;
DELETE FROM stale;
"""
_WROTE = """
INSERT INTO wrote SELECT DISTINCT c.person, COALESCE(k.canonical, c.work) FROM creator AS c
LEFT JOIN canon AS k ON k.alias = c.work
WHERE substr(COALESCE(k.canonical, c.work), 1, 1) IN ('u', 'b') AND c.person IN (SELECT person FROM mention);
CREATE INDEX temp.wrote_person ON wrote(person);
CREATE INDEX temp.wrote_work ON wrote(work);
"""
# The order a person was first met in (see SEQ).
_FIRST_MET = f"(SELECT MIN({SEQ.format('s')}) FROM node AS s WHERE s.kind = 'person' AND s.term = m.person)"
_CHUNK = 500  # terms per query (SQLite's limit on parameters is far above)


class _People:
    """The person mentions as a table (works as merged), read one block of candidates at a time."""

    def __init__(self, tables: KeyTables, works: Mapping[Node, Node]) -> None:
        self.tables = tables
        tables.set_canonical(works)
        tables.script(_MENTIONS)
        # The mention rows are brought up to date for the persons whose documents changed (all of them
        # when the tables are new): they depend on the documents alone, not on what was merged.
        stale = tables.stale_persons()
        if stale is None:
            tables.script("DELETE FROM mention")
            only = ""
        else:
            tables.insert("INSERT INTO stale VALUES (?)", ((term,) for term in stale))
            tables.script("DELETE FROM mention WHERE person IN (SELECT person FROM stale)")
            only = "AND n.term IN (SELECT person FROM stale)"
        rows = []
        facts = tables.rows(_PERSON_FACTS.format(only),
                            {"family": PROPS[FOAF.familyName], "given": PROPS[FOAF.givenName]})
        for term, families, givens in facts:
            if identified(term):
                display = min((lexical(f) for f in json.loads(families)), default="")
                named = sorted({lexical(g) for g in json.loads(givens)})
                rows.append((term, normalize_key(display), display, _initial(named), json.dumps(named)))
            if len(rows) >= _BATCH:
                tables.insert("INSERT INTO mention VALUES (?, ?, ?, ?, ?)", rows)
                rows.clear()
        tables.insert("INSERT INTO mention VALUES (?, ?, ?, ?, ?)", rows)
        tables.script(_WROTE)

    @staticmethod
    def _mention(term: str, family: str, display: str, initial: str, givens: str) -> _Mention:
        node = decode(term)
        assert isinstance(node, IdentifiedNode)
        return _Mention(node, family, display, set(json.loads(givens)), initial)

    def _chunks(self, query: str, terms: list[str]) -> Iterator[tuple[Any, ...]]:
        for start in range(0, len(terms), _CHUNK):
            chunk = terms[start:start + _CHUNK]
            yield from self.tables.rows(query.format(", ".join("?" * len(chunk))), chunk)

    def givens(self, person: IdentifiedNode) -> set[str]:
        """One mention's given names."""
        found = self.tables.rows("SELECT givens FROM mention WHERE person = ?", (encode(person),))
        return set(json.loads(next(found)[0]))

    def orcids(self) -> list[tuple[str, list[IdentifiedNode]]]:
        """The ORCIDs that two or more mentions give, with those mentions."""
        shared: dict[str, set[IdentifiedNode]] = defaultdict(set)
        found = self.tables.rows(
            "SELECT object, subject FROM value WHERE prop = ? AND subject IN (SELECT person FROM mention) AND "
            "lexical(object) IN (SELECT lexical(object) FROM value WHERE prop = ? AND subject IN "
            "(SELECT person FROM mention) GROUP BY lexical(object) HAVING COUNT(DISTINCT subject) > 1)",
            (PROPS[PSK.orcid], PROPS[PSK.orcid]))
        for orcid, term in found:
            person = decode(term)
            assert isinstance(person, IdentifiedNode)
            shared[lexical(orcid)].add(person)
        return [(orcid, sorted(members)) for orcid, members in shared.items()]

    def blocks(self) -> Iterator[tuple[list[_Mention], dict[IdentifiedNode, list[_Mention]]]]:
        """The mentions of one family name and initial (two or more), in the order of their smallest IRI,
        each block sorted by IRI and with the mentions of each of its works in the order first met."""
        keys = self.tables.rows("SELECT family, initial FROM mention WHERE family != '' AND initial != '' "
                                "GROUP BY family, initial HAVING COUNT(*) > 1 ORDER BY MIN(person)")
        for family, initial in keys:
            members = {term: self._mention(term, f, d, i, g) for term, f, d, i, g in self.tables.rows(
                "SELECT person, family, display, initial, givens FROM mention WHERE family = ? AND initial = ?",
                (family, initial))}
            works: dict[str, IdentifiedNode] = {}
            for person, term in self._chunks("SELECT person, work FROM wrote WHERE person IN ({})", [*members]):
                work = works.setdefault(term, decode(term))  # type: ignore[arg-type]
                members[person].works.add(work)
            by_work: dict[IdentifiedNode, list[_Mention]] = defaultdict(list)
            known: dict[str, _Mention] = dict(members)
            query = (f"SELECT w.work, m.person, m.family, m.display, m.initial, m.givens, {_FIRST_MET} "
                     "FROM wrote AS w JOIN mention AS m ON m.person = w.person WHERE w.work IN ({})")
            rows = sorted(self._chunks(query, [*works]), key=lambda row: row[-1])  # in the order first met
            for work, person, *fields, _ in rows:
                co = known.get(person)
                if co is None:
                    co = known[person] = self._mention(person, *fields)
                by_work[works[work]].append(co)
            yield sorted(members.values(), key=lambda m: m.iri), by_work


def person_clusters(tables: KeyTables, works: Mapping[Node, Node]) -> Clusters:
    """Persons merge on an ORCID, or on compatible names corroborated by a work or a co-author.

    Candidates come from blocks of one family name and initial, read one at a time from the
    key tables, and within a block from inverted indexes (mentions that share a work, or share
    a co-author's family name and initial), so the cost grows with the corroborated pairs,
    not with the square of the mentions, and memory with the largest block.
    """
    clusters = Clusters()
    people = _People(tables, works)
    merged: dict[IdentifiedNode, set[str]] = {}  # the given names of each cluster of two or more, by its root

    def givens(root: IdentifiedNode) -> set[str]:
        found = merged.get(root)
        return found if found is not None else people.givens(root)

    def join(a: _Mention, b: _Mention, rule: str, evidence: str) -> bool:
        """Union a's and b's clusters if every given name of one fits every given name of the other."""
        ra, rb = clusters.find(a.iri), clusters.find(b.iri)
        if ra == rb:
            return True
        ga, gb = (a.givens if ra == a.iri and ra not in merged else givens(ra),
                  b.givens if rb == b.iri and rb not in merged else givens(rb))
        if not all(names_compatible(x, y) for x in ga for y in gb):
            return False
        clusters.union(a.iri, b.iri, rule, evidence)
        merged[clusters.find(a.iri)] = ga | gb
        return True

    for orcid, members in sorted(people.orcids()):
        for other in members[1:]:
            first, second = clusters.find(members[0]), clusters.find(other)
            if clusters.union(members[0], other, "same ORCID", orcid):  # an ORCID outranks the names
                merged[clusters.find(other)] = givens(first) | givens(second)

    for block, by_work in people.blocks():
        shared: dict[IdentifiedNode, list[_Mention]] = defaultdict(list)
        coauthored: dict[tuple[str, str], list[tuple[_Mention, _Mention]]] = defaultdict(list)
        for mention in block:
            for work in sorted(mention.works):
                shared[work].append(mention)
                for co in by_work[work]:
                    if co.iri != mention.iri and co.family and co.initial:
                        coauthored[(co.family, co.initial)].append((mention, co))
        for work, group in sorted(shared.items()):
            for a, b in pairwise(group):
                if _compatible(a, b):
                    join(a, b, "same work", f"{a.shown()}, an author of <{work}>")
        for _, pairs in sorted(coauthored.items()):
            seen: list[tuple[_Mention, _Mention]] = []  # one (mention, co-author) per cluster met so far
            for a, co_a in pairs:
                for b, co_b in seen:
                    if clusters.find(a.iri) == clusters.find(b.iri):
                        break
                    if not (a.works & b.works) and _compatible(a, b) and _compatible(co_a, co_b) and join(
                        a, b, "shared co-author", f"{a.shown()} and {b.shown()}, both with {co_a.shown()}"
                    ):
                        break
                else:
                    seen.append((a, co_a))
    return clusters
