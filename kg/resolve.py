"""Resolve across documents: one node per journal, work and person, one preferred label each.

Resolution runs on the per-document graphs after mapping and before validation.
Every rule is deterministic: the same set of documents gives the same result in
any order, because rules look only at sorted sets of facts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef

from kg.namespaces import DCTERMS, FABIO, RDF, SKOS


def _label_rank(label: str) -> tuple[int, str]:
    """Prefer the label a person would write: mixed case over ALL CAPS, then the first in sorted order."""
    shouting = label.isupper()
    return (1 if shouting else 0, label)


def prefer_journal_titles(graphs: Iterable[Graph]) -> int:
    """Give each journal one dcterms:title; the other spellings become skos:altLabel. Returns journals changed."""
    graphs = list(graphs)
    titles: dict[URIRef, set[str]] = defaultdict(set)
    for graph in graphs:
        for journal in graph.subjects(RDF.type, FABIO.Journal):
            titles[journal].update(str(t) for t in graph.objects(journal, DCTERMS.title))
    preferred = {j: min(ts, key=_label_rank) for j, ts in titles.items() if len(ts) > 1}
    for graph in graphs:
        for journal, title in preferred.items():
            for other in list(graph.objects(journal, DCTERMS.title)):
                if str(other) != title:
                    graph.remove((journal, DCTERMS.title, other))
                    graph.add((journal, SKOS.altLabel, other))
                    graph.add((journal, DCTERMS.title, Literal(title)))
    return len(preferred)
