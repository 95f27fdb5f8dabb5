"""Resolve across documents: one node per work, journal and person, each with one preferred label.

Resolution runs on the per-document graphs after mapping and before validation.
It never merges on a guess: every merge has a rule and the evidence that fired it,
and both go into the resolution graph (``psk:Merge`` records, ``psk:alias`` links)
that ``kg explain`` reads. Rules look only at sorted sets of facts and pick the
smallest IRI as the canonical one, so any order of the same documents gives the
same graph.

Rules, in order:
- works: the same DOI (by minting); else the same normalised title, year and first
  author's family name as a work that has a DOI;
- journals: a shared ISSN; else the same normalised title, abbreviations expanded
  from a curated table;
- persons: the same ORCID; or compatible names (same family name, no conflicting
  given name or initial) and corroboration: the same work, or a shared co-author.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from itertools import pairwise

from rdflib import Graph, Literal, URIRef
from rdflib.term import IdentifiedNode, Node

from kg.namespaces import BIBO, DCTERMS, FABIO, FOAF, PSK, RDF, SKOS, XSD, IriMinter, normalize_key
from kg.resources import resource_file


@dataclass(frozen=True)
class Merge:
    """One mention folded into a canonical node, and why."""

    kind: str  # work, journal, person
    canonical: IdentifiedNode
    alias: IdentifiedNode
    rule: str
    evidence: str


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


class _Clusters:
    """Union-find over IRIs, keeping each cluster's members and the rule and evidence of each union."""

    def __init__(self) -> None:
        self.parent: dict[IdentifiedNode, IdentifiedNode] = {}
        self.groups: dict[IdentifiedNode, list[IdentifiedNode]] = {}
        self.reasons: dict[IdentifiedNode, tuple[str, str]] = {}

    def find(self, node: IdentifiedNode) -> IdentifiedNode:
        root = node
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        self.parent[node] = root
        return root

    def group(self, node: IdentifiedNode) -> list[IdentifiedNode]:
        """Every member of the node's cluster."""
        return self.groups.get(self.find(node), [node])

    def union(self, a: IdentifiedNode, b: IdentifiedNode, rule: str, evidence: str) -> bool:
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


# ---------------------------------------------------------------- facts gathered from all graphs

def _objects(graphs: list[Graph], predicate: URIRef) -> dict[Node, set[Node]]:
    found: dict[Node, set[Node]] = defaultdict(set)
    for graph in graphs:
        for s, o in graph.subject_objects(predicate):
            found[s].add(o)
    return found


def _first_author_family(graphs: list[Graph]) -> dict[Node, set[str]]:
    families: dict[Node, set[str]] = defaultdict(set)
    for graph in graphs:
        for work, head in graph.subject_objects(BIBO.authorList):
            first = graph.value(head, RDF.first)
            if first is None:
                continue
            name = graph.value(first, FOAF.familyName) or graph.value(first, FOAF.name)
            if name is not None:
                families[work].add(normalize_key(str(name)))
    return families


def _year(values: Iterable[Node]) -> str:
    years = sorted(str(v)[:4] for v in values)
    return years[0] if years else ""


# ---------------------------------------------------------------- works

def _work_clusters(graphs: list[Graph]) -> _Clusters:
    """Works without a DOI join the DOI work with the same title, year and first author."""
    clusters = _Clusters()
    dois = _objects(graphs, BIBO.doi)
    titles = _objects(graphs, DCTERMS.title)
    issued = _objects(graphs, DCTERMS.issued)
    families = _first_author_family(graphs)
    works = sorted({w for g in graphs for w in g.subjects(RDF.type, FABIO.Expression) if isinstance(w, IdentifiedNode)})
    keyed: dict[str, list[IdentifiedNode]] = defaultdict(list)
    for work in works:
        year = _year(issued.get(work, ()))
        for title in titles.get(work, ()):
            for family in families.get(work, ()):
                if year and family:
                    keyed[f"{normalize_key(str(title))}|{year}|{family}"].append(work)
    for key, members in sorted(keyed.items()):
        with_doi = sorted({w for w in members if w in dois})
        if len(with_doi) != 1:
            continue  # no DOI to anchor on, or two DOIs (a preprint and its article): never guess
        for work in sorted(set(members) - set(with_doi)):
            title_key, year, family = key.split("|")
            clusters.union(with_doi[0], work, "same title, year and first author as a work with a DOI",
                           f"title '{title_key}', year {year}, first author {family}")
    return clusters


# ---------------------------------------------------------------- journals

@cache
def journal_table() -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """Curated journal names: abbreviation -> full title, and normalised title -> ISSNs."""
    abbreviations: dict[str, str] = {}
    issns: dict[str, tuple[str, ...]] = {}
    with resource_file("kg", "data/journals.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(row for row in handle if not row.startswith("#")):
            title = normalize_key(row["title"])
            for abbreviation in filter(None, row["abbreviations"].split("|")):
                abbreviations[normalize_key(abbreviation)] = title
            found = tuple(filter(None, (row["issn_print"], row["issn_online"])))
            if found:
                issns[title] = found
    return abbreviations, issns


def journal_title_key(title: str) -> str:
    """A journal title normalised, a leading article dropped and known abbreviations expanded."""
    key = normalize_key(title)
    key = re.sub(r"^the ", "", key)
    abbreviations, _ = journal_table()
    return abbreviations.get(key, key)


def _journal_clusters(graphs: list[Graph]) -> _Clusters:
    clusters = _Clusters()
    journals = sorted({j for g in graphs for j in g.subjects(RDF.type, FABIO.Journal) if isinstance(j, IdentifiedNode)})
    titles = _objects(graphs, DCTERMS.title)
    issns = _objects(graphs, BIBO.issn)
    _, curated = journal_table()
    by_issn: dict[str, list[IdentifiedNode]] = defaultdict(list)
    by_title: dict[str, list[IdentifiedNode]] = defaultdict(list)
    for journal in journals:
        for stated in issns.get(journal, ()):
            by_issn[str(stated)].append(journal)
        for title in titles.get(journal, ()):
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


def _mentions(graphs: list[Graph]) -> dict[IdentifiedNode, _Mention]:
    mentions: dict[IdentifiedNode, _Mention] = {}
    families = _objects(graphs, FOAF.familyName)
    givens = _objects(graphs, FOAF.givenName)
    orcids = _objects(graphs, PSK.orcid)
    for graph in graphs:
        for person in graph.subjects(RDF.type, FOAF.Person):
            if isinstance(person, IdentifiedNode) and person not in mentions:
                family = min((str(f) for f in families.get(person, ())), default="")
                mentions[person] = _Mention(person, normalize_key(family), family,
                                            {str(g) for g in givens.get(person, ())},
                                            {str(o) for o in orcids.get(person, ())})
        for work, person in graph.subject_objects(DCTERMS.creator):
            if isinstance(person, IdentifiedNode) and isinstance(work, IdentifiedNode) and person in mentions:
                mentions[person].works.add(work)
    return mentions


def _compatible(a: _Mention, b: _Mention) -> bool:
    return a.family == b.family and all(names_compatible(x, y) for x in a.givens for y in b.givens)


def _person_clusters(graphs: list[Graph]) -> _Clusters:
    """Persons merge on an ORCID, or on compatible names corroborated by a work or a co-author.

    Candidates come from inverted indexes (mentions of one family name and initial that
    share a work, or share a co-author's family name and initial), so the cost grows with
    the corroborated pairs, not with the square of the mentions.
    """
    clusters = _Clusters()
    mentions = _mentions(graphs)
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


# ---------------------------------------------------------------- rewriting and tidying

def rewrite(graph: Graph, mapping: dict[Node, IdentifiedNode]) -> None:
    """Replace every alias IRI by its canonical IRI, in subject and object position."""
    nodes = set(graph.subjects()) | set(graph.objects())
    for alias in [a for a in mapping if a in nodes]:
        canonical = mapping[alias]
        for s, p, o in list(graph.triples((alias, None, None))):
            graph.remove((s, p, o))
            graph.add((canonical, p, mapping.get(o, o)))
        for s, p, o in list(graph.triples((None, None, alias))):
            graph.remove((s, p, o))
            graph.add((mapping.get(s, s), p, canonical))


def _label_rank(label: str) -> tuple[int, int, str]:
    """Prefer mixed case over ALL CAPS, then the fuller form, then the first in sorted order."""
    return (1 if label.isupper() else 0, -len(label), label)


def _prefer_one(graphs: list[Graph], subjects: Iterable[Node], predicate: URIRef,
                alternative: URIRef | None) -> int:
    """Keep one value of a property per subject; move the others to `alternative` (or drop them)."""
    values = _objects(graphs, predicate)
    chosen = {s: min(values[s], key=lambda v: _label_rank(str(v))) for s in subjects if len(values.get(s, ())) > 1}
    for graph in graphs:
        for subject in [s for s in set(graph.subjects(predicate)) if s in chosen]:
            keep = chosen[subject]
            for other in list(graph.objects(subject, predicate)):
                if other != keep:
                    graph.remove((subject, predicate, other))
                    graph.add((subject, predicate, keep))
                    if alternative is not None and str(other) != str(keep):
                        graph.add((subject, alternative, other))
    return len(chosen)


def _settle_issued(graphs: list[Graph], report: ResolutionReport) -> None:
    """One dcterms:issued per work: the earliest year, as precise as a source gives it."""
    values = _objects(graphs, DCTERMS.issued)

    def rank(value: Node) -> tuple[str, int, str]:
        precise = 0 if getattr(value, "datatype", None) == XSD.date else 1
        return (str(value)[:4], precise, str(value))

    for work, found in sorted(values.items()):
        if len(found) < 2:
            continue
        keep = min(found, key=rank)
        others = sorted(str(v) for v in found if v != keep)
        if any(o[:4] != str(keep)[:4] for o in others):
            report.settled.append(f"<{work}> issued {keep}; other sources say {', '.join(others)}")
        for graph in graphs:
            for other in list(graph.objects(work, DCTERMS.issued)):
                if other != keep:
                    graph.remove((work, DCTERMS.issued, other))
                    graph.add((work, DCTERMS.issued, keep))
                    if str(other)[:4] != str(keep)[:4]:
                        graph.add((work, PSK.otherIssued, other))


def _list_cells(graph: Graph, head: Node) -> list[Node]:
    cells: list[Node] = []
    cell: Node | None = head
    while cell != RDF.nil and cell is not None and cell not in cells:
        cells.append(cell)
        cell = graph.value(cell, RDF.rest)
    return cells


def _settle_author_lists(graphs: list[Graph]) -> None:
    """One bibo:authorList per work: the longest complete list any source gives."""
    heads: dict[Node, list[tuple[tuple[int, int, str], Node, Graph]]] = defaultdict(list)
    for graph in graphs:
        for work, head in graph.subject_objects(BIBO.authorList):
            truncated = (work, PSK.authorListTruncated, Literal(True)) in graph
            heads[work].append(((1 if truncated else 0, -len(_list_cells(graph, head)), str(head)), head, graph))
    for work, candidates in heads.items():
        if len({head for _, head, _ in candidates}) < 2:
            continue
        best_rank, best_head, _ = min(candidates, key=lambda c: c[0])
        for _, head, graph in candidates:
            if head == best_head:
                continue
            graph.remove((work, BIBO.authorList, head))
            for cell in _list_cells(graph, head):
                graph.remove((cell, None, None))
        if best_rank[0] == 0:
            for graph in graphs:
                graph.remove((work, PSK.authorListTruncated, None))


def _settle_content(graphs: list[Graph]) -> None:
    """One abstract and one reading of it per work: the fullest abstract any source gives.

    Other sources' abstracts stay as psk:otherAbstract; the groups and findings read from
    them go, so an evidence map counts each study's findings once.
    """
    abstracts: dict[Node, list[tuple[tuple[int, str], Graph, Node]]] = defaultdict(list)
    for number, graph in enumerate(graphs):
        for work, text in graph.subject_objects(DCTERMS.abstract):
            abstracts[work].append(((-len(str(text)), str(graph.identifier) or str(number)), graph, text))
    for work, found in abstracts.items():
        if len({id(g) for _, g, _ in found}) < 2:
            continue
        _, keep_graph, keep_text = min(found, key=lambda f: f[0])
        for _, graph, text in found:
            if graph is keep_graph:
                continue
            graph.remove((work, DCTERMS.abstract, text))
            if str(text) != str(keep_text):
                graph.add((work, PSK.otherAbstract, text))
            for link in (PSK.reports, PSK.hasParticipantGroup):
                for node in list(graph.objects(work, link)):
                    graph.remove((work, link, node))
                    for subject in [s for s in set(graph.subjects()) if str(s).startswith(str(node))]:
                        graph.remove((subject, None, None))


def _settle_person_names(graphs: list[Graph]) -> None:
    persons = {p for g in graphs for p in g.subjects(RDF.type, FOAF.Person) if isinstance(p, IdentifiedNode)}
    _prefer_one(graphs, persons, FOAF.familyName, None)
    givens = _objects(graphs, FOAF.givenName)
    names = _objects(graphs, FOAF.name)
    # The fullest given name wins ("Larry" over "L."), and the display name goes with it.
    holders: dict[Node, list[Graph]] = defaultdict(list)
    for graph in graphs:
        for person in set(graph.subjects(FOAF.name)):
            holders[person].append(graph)
    for person in sorted(p for p in persons if len(givens.get(p, ())) > 1 or len(names.get(p, ())) > 1):
        given = max((str(g) for g in givens.get(person, ())), key=lambda g: (len(g), g), default="")
        full = [n for n in names.get(person, ()) if given and str(n).startswith(given)]
        keep_name = min(full or names.get(person, set()), key=lambda v: _label_rank(str(v)))
        for graph in holders[person]:
            for other in list(graph.objects(person, FOAF.name)):
                if other != keep_name:
                    graph.remove((person, FOAF.name, other))
                    graph.add((person, FOAF.name, keep_name))
                    graph.add((person, SKOS.altLabel, other))
            for other in list(graph.objects(person, FOAF.givenName)):
                if str(other) != given:
                    graph.remove((person, FOAF.givenName, other))
                    graph.add((person, FOAF.givenName, Literal(given)))


# ---------------------------------------------------------------- the whole step

def resolve(graphs: list[Graph], minter: IriMinter) -> tuple[ResolutionReport, Graph]:
    """Merge works, journals and persons across the graphs (in place); returns the report and the
    resolution graph holding one psk:Merge record per merged mention."""
    report = ResolutionReport()
    for kind, find in (("work", _work_clusters), ("journal", _journal_clusters), ("person", _person_clusters)):
        merges = find(graphs).merges(kind)
        mapping: dict[Node, IdentifiedNode] = {m.alias: m.canonical for m in merges}
        if mapping:
            for graph in graphs:
                rewrite(graph, mapping)
        report.merges.extend(merges)
    works = {w for g in graphs for w in g.subjects(RDF.type, FABIO.Expression)}
    journals = {j for g in graphs for j in g.subjects(RDF.type, FABIO.Journal)}
    _prefer_one(graphs, works, DCTERMS.title, SKOS.altLabel)
    _prefer_one(graphs, journals, DCTERMS.title, SKOS.altLabel)
    _settle_issued(graphs, report)
    _settle_author_lists(graphs)
    _settle_content(graphs)
    _settle_person_names(graphs)
    return report, merge_graph(report, minter)


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
