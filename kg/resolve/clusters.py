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

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import pairwise

from rdflib.term import IdentifiedNode, Node

from kg.namespaces import BIBO, DCTERMS, FOAF, PSK, normalize_key
from kg.resolve.keys import KeyTables
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


def _year(values: Iterable[Node]) -> str:
    years = sorted(str(v)[:4] for v in values)
    return years[0] if years else ""


def _identified(nodes: Iterable[Node]) -> list[IdentifiedNode]:
    return sorted({n for n in nodes if isinstance(n, IdentifiedNode)})


# ---------------------------------------------------------------- works

def work_clusters(tables: KeyTables) -> Clusters:
    """Works without a DOI join the DOI work with the same title, year and first author."""
    clusters = Clusters()
    dois = tables.values[BIBO.doi]
    keyed: dict[str, list[IdentifiedNode]] = defaultdict(list)
    for work in _identified(tables.nodes["work"]):
        year = _year(tables.objects(DCTERMS.issued, work))
        for title in tables.objects(DCTERMS.title, work):
            for family in tables.first_authors.get(work, ()):
                if year and family:
                    keyed[f"{normalize_key(str(title))}|{year}|{family}"].append(work)
    for key, members in sorted(keyed.items()):
        with_doi = sorted({w for w in members if dois.get(w)})
        if len(with_doi) != 1:
            continue  # no DOI to anchor on, or two DOIs (a preprint and its article): never guess
        for work in sorted(set(members) - set(with_doi)):
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
    for journal in _identified(tables.nodes["journal"]):
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


@dataclass
class _Mention:
    iri: IdentifiedNode
    family: str  # normalised
    display_family: str
    givens: set[str] = field(default_factory=set)
    orcids: set[str] = field(default_factory=set)
    works: set[IdentifiedNode] = field(default_factory=set)

    @cached_property
    def initial(self) -> str:
        """The first initial, when all the given names agree on one."""
        initials = {parts[0][0] for g in self.givens if (parts := _given_parts(g))}
        return initials.pop() if len(initials) == 1 else ""

    def shown(self) -> str:
        """The name as a person would read it in an explanation."""
        given = max(self.givens, key=lambda g: (len(g), g), default="")
        return f"{given} {self.display_family}".strip()


def _mentions(tables: KeyTables, works: Mapping[Node, Node]) -> dict[IdentifiedNode, _Mention]:
    """Every person node with its names and its works (as resolved by ``works``)."""
    mentions: dict[IdentifiedNode, _Mention] = {}
    for person in tables.nodes["person"]:
        if isinstance(person, IdentifiedNode):
            written = (works.get(w, w) for w in tables.creators.get(person, ()))
            family = min((str(f) for f in tables.objects(FOAF.familyName, person)), default="")
            mentions[person] = _Mention(
                person, normalize_key(family), family,
                {str(g) for g in tables.objects(FOAF.givenName, person)},
                {str(o) for o in tables.objects(PSK.orcid, person)},
                {w for w in written if isinstance(w, IdentifiedNode)})
    return mentions


def _compatible(a: _Mention, b: _Mention) -> bool:
    return a.family == b.family and all(names_compatible(x, y) for x in a.givens for y in b.givens)


def person_clusters(tables: KeyTables, works: Mapping[Node, Node]) -> Clusters:
    """Persons merge on an ORCID, or on compatible names corroborated by a work or a co-author.

    Candidates come from inverted indexes (mentions of one family name and initial that
    share a work, or share a co-author's family name and initial), so the cost grows with
    the corroborated pairs, not with the square of the mentions.
    """
    clusters = Clusters()
    mentions = _mentions(tables, works)
    givens: dict[IdentifiedNode, set[str]] = {m.iri: set(m.givens) for m in mentions.values()}  # per cluster root
    by_work: dict[Node, list[_Mention]] = defaultdict(list)
    for mention in mentions.values():
        for work in mention.works:
            by_work[work].append(mention)

    def join(a: _Mention, b: _Mention, rule: str, evidence: str) -> bool:
        """Union a's and b's clusters if every given name of one fits every given name of the other."""
        ra, rb = clusters.find(a.iri), clusters.find(b.iri)
        if ra == rb:
            return True
        if not all(names_compatible(x, y) for x in givens[ra] for y in givens[rb]):
            return False
        clusters.union(a.iri, b.iri, rule, evidence)
        givens[clusters.find(a.iri)] = givens[ra] | givens[rb]
        return True

    by_orcid: dict[str, list[IdentifiedNode]] = defaultdict(list)
    for mention in mentions.values():
        for orcid in mention.orcids:
            by_orcid[orcid].append(mention.iri)
    for orcid, members in sorted(by_orcid.items()):
        for other in sorted(members)[1:]:
            first, second = clusters.find(min(members)), clusters.find(other)
            if clusters.union(min(members), other, "same ORCID", orcid):  # an ORCID outranks the names
                givens[clusters.find(other)] = givens[first] | givens[second]

    blocks: dict[tuple[str, str], list[_Mention]] = defaultdict(list)
    for mention in sorted(mentions.values(), key=lambda m: m.iri):
        if mention.family and mention.initial:
            blocks[(mention.family, mention.initial)].append(mention)
    for block in blocks.values():
        if len(block) < 2:
            continue
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
