"""Rewriting: one document's triples with resolution's decisions applied (its input is left as it was).

A :class:`Plan` holds what resolution decided: the canonical IRI of every alias, and the
one value kept per node where sources disagree (title, date, author list, abstract,
names, times cited, page count). Applying it to a document needs nothing but that document's own triples, so
documents are rewritten one at a time as they stream into the store.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal
from rdflib.term import Node

from kg.namespaces import BIBO, DCTERMS, FOAF, PSK, RDF, SKOS
from kg.resolve.keys import digest

Triple = tuple[Node, Node, Node]
# The predicates whose values resolution may decide on (most of a document's triples are left as they are).
_DECIDED = frozenset({DCTERMS.title, DCTERMS.issued, BIBO.authorList, PSK.authorListTruncated, DCTERMS.abstract,
                      FOAF.familyName, PSK.citedByCount, BIBO.numPages})


@dataclass
class Plan:
    """Resolution's decisions, as applied to each document."""

    canonical: dict[Node, Node] = field(default_factory=dict)  # alias -> canonical IRI
    titles: dict[Node, Node] = field(default_factory=dict)  # work or journal -> the title kept
    issued: dict[Node, Node] = field(default_factory=dict)  # work -> the date kept
    author_lists: dict[Node, tuple[Node, bool]] = field(default_factory=dict)  # work -> (head kept, drop "cut short")
    abstracts: dict[Node, tuple[str, str]] = field(default_factory=dict)  # work -> (graph, digest) of the one kept
    readings: dict[Node, tuple[str, str]] = field(default_factory=dict)  # the same for every work with an abstract
    families: dict[Node, Node] = field(default_factory=dict)  # person -> the family name kept
    names: dict[Node, tuple[str, Node | None]] = field(default_factory=dict)  # person -> (given name, name) kept
    cited_by: dict[Node, Node] = field(default_factory=dict)  # work -> the times-cited count kept
    pages: dict[Node, Node] = field(default_factory=dict)  # work -> the page count kept

    def apply(self, triples: Iterable[Triple], graph: str) -> set[Triple]:
        """The triples of the document named ``graph`` as the resolved store holds them."""
        return self.settled(self.rename(triples), graph)

    def rename(self, triples: Iterable[Triple]) -> set[Triple]:
        """The triples with every alias replaced by its canonical IRI (no value settled)."""
        canonical = self.canonical
        return {(canonical.get(s, s), p, canonical.get(o, o)) for s, p, o in triples}

    def settled(self, renamed: set[Triple], graph: str) -> set[Triple]:
        """The renamed triples of the document named ``graph`` with the values resolution kept: a new set,
        or ``renamed`` itself (left as it was) when the plan settles nothing in them."""
        out = renamed
        by_subject: dict[Node, list[Triple]] = defaultdict(list)
        for triple in out:
            by_subject[triple[0]].append(triple)
        added: list[Triple] = []
        removed: set[Triple] = set()

        def replace(triple: Triple, value: Node) -> None:
            removed.add(triple)
            added.append((triple[0], triple[1], value))

        for s, p, o in out:
            if p not in _DECIDED:
                continue
            if p == DCTERMS.title and s in self.titles and o != self.titles[s]:
                replace((s, p, o), self.titles[s])
                if str(o) != str(self.titles[s]):
                    added.append((s, SKOS.altLabel, o))
            elif p == DCTERMS.issued and s in self.issued and o != self.issued[s]:
                replace((s, p, o), self.issued[s])
                if str(o)[:4] != str(self.issued[s])[:4]:
                    added.append((s, PSK.otherIssued, o))
            elif p == BIBO.authorList and s in self.author_lists and o != self.author_lists[s][0]:
                removed.add((s, p, o))
                removed.update(t for cell in _cells(by_subject, o) for t in by_subject.get(cell, ()))
            elif p == PSK.authorListTruncated and s in self.author_lists and self.author_lists[s][1]:
                removed.add((s, p, o))
            elif p == DCTERMS.abstract and s in self.abstracts and self.abstracts[s][0] != graph:
                removed.add((s, p, o))
                if digest(str(o)) != self.abstracts[s][1]:
                    added.append((s, PSK.otherAbstract, o))
            elif p == FOAF.familyName and s in self.families and o != self.families[s]:
                replace((s, p, o), self.families[s])
            elif p == PSK.citedByCount and s in self.cited_by and o != self.cited_by[s]:
                replace((s, p, o), self.cited_by[s])
            elif p == BIBO.numPages and s in self.pages and o != self.pages[s]:
                replace((s, p, o), self.pages[s])
        for person in [s for s in by_subject if s in self.names]:
            given, name = self.names[person]
            held = by_subject[person]
            if not any(t[1] == FOAF.name for t in held):
                continue
            for s, p, o in held:
                if p == FOAF.name and name is not None and o != name:
                    replace((s, p, o), name)
                    added.append((s, SKOS.altLabel, o))
                elif p == FOAF.givenName and str(o) != given:
                    replace((s, p, o), Literal(given))
        if not removed and not added:
            return renamed
        return (out - removed).union(added)


def _cells(by_subject: dict[Node, list[Triple]], head: Node) -> list[Node]:
    """The cells of an rdf:List from its head, as far as the document holds them."""
    cells: list[Node] = []
    cell: Node | None = head
    while cell != RDF.nil and cell is not None and cell not in cells:
        cells.append(cell)
        cell = next((o for _, p, o in by_subject.get(cell, ()) if p == RDF.rest), None)
    return cells
