"""The keys resolution decides on: a compact table per document, and their union over a build.

Mapping writes each document's table beside its triples (in the worker that mapped it), so
resolution never needs the documents' graphs: it reads identifiers (DOIs, ISSNs, ORCIDs),
the literals it compares or settles (titles, dates, names), who wrote what, the author
lists and abstracts by size, and the organisations' names and places for linking.
"""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal
from rdflib.term import Node

from kg.namespaces import BIBO, DCTERMS, FABIO, FOAF, PSK, RDF, SCHEMA, normalize_key

# The literal-valued properties resolution compares or settles.
VALUE_PROPERTIES = (BIBO.doi, DCTERMS.title, DCTERMS.issued, BIBO.issn, FOAF.familyName, FOAF.givenName,
                    FOAF.name, PSK.orcid)
# The kinds of node resolution merges or links, by their class.
KINDS = {"work": FABIO.Expression, "journal": FABIO.Journal, "person": FOAF.Person,
         "organization": FOAF.Organization}

Values = dict[Node, tuple[Node, ...]]  # subject -> objects of one property


def digest(text: str) -> str:
    """A short digest that tells texts apart (abstracts are compared, never kept)."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(frozen=True)
class AuthorList:
    """One document's author list of a work: its head cell, whether cut short, and its length."""

    work: Node
    head: Node
    truncated: bool
    length: int


@dataclass(frozen=True)
class Abstract:
    """One abstract a document gives a work, by length and digest."""

    work: Node
    length: int
    digest: str


@dataclass(frozen=True)
class DocumentKeys:
    """What one document contributes to resolution and linking."""

    graph: str  # the document's graph IRI
    nodes: dict[str, tuple[Node, ...]]  # kind -> the nodes of that kind the document types
    values: dict[Node, Values]  # property -> subject -> objects, for VALUE_PROPERTIES
    creators: tuple[tuple[Node, Node], ...]  # (work, creator)
    first_authors: dict[Node, tuple[str, ...]]  # work -> normalised family names of its first author
    author_lists: tuple[AuthorList, ...]
    abstracts: tuple[Abstract, ...]
    localities: dict[Node, tuple[str, ...]]  # organisation -> normalised cities of its address
    units: tuple[tuple[Node, Node], ...]  # (unit, parent organisation)
    truncated: tuple[Node, ...]  # works whose author list this document says is cut short


def list_cells(graph: Graph, head: Node) -> list[Node]:
    """The cells of an rdf:List from its head, as far as the graph holds them."""
    cells: list[Node] = []
    cell: Node | None = head
    while cell != RDF.nil and cell is not None and cell not in cells:
        cells.append(cell)
        cell = graph.value(cell, RDF.rest)
    return cells


def document_keys(graph: Graph) -> DocumentKeys:
    """The keys of one document's graph."""
    values: dict[Node, Values] = {}
    for prop in VALUE_PROPERTIES:
        found: dict[Node, list[Node]] = defaultdict(list)
        for s, o in graph.subject_objects(prop):
            found[s].append(o)
        values[prop] = {s: tuple(dict.fromkeys(v)) for s, v in found.items()}
    firsts: dict[Node, set[str]] = defaultdict(set)
    lists = []
    for work, head in graph.subject_objects(BIBO.authorList):
        first = graph.value(head, RDF.first)
        if first is not None:
            name = graph.value(first, FOAF.familyName) or graph.value(first, FOAF.name)
            if name is not None:
                firsts[work].add(normalize_key(str(name)))
        truncated = (work, PSK.authorListTruncated, Literal(True)) in graph
        lists.append(AuthorList(work, head, truncated, len(list_cells(graph, head))))
    localities: dict[Node, set[str]] = defaultdict(set)
    for org, address in graph.subject_objects(SCHEMA.address):
        for city in graph.objects(address, SCHEMA.addressLocality):
            localities[org].add(normalize_key(str(city)))
    return DocumentKeys(
        graph=str(graph.identifier),
        nodes={kind: tuple(dict.fromkeys(graph.subjects(RDF.type, cls))) for kind, cls in KINDS.items()},
        values=values,
        creators=tuple(graph.subject_objects(DCTERMS.creator)),
        first_authors={w: tuple(sorted(f)) for w, f in firsts.items()},
        author_lists=tuple(lists),
        abstracts=tuple(Abstract(w, len(str(t)), digest(str(t))) for w, t in graph.subject_objects(DCTERMS.abstract)),
        localities={o: tuple(sorted(c)) for o, c in localities.items()},
        units=tuple(graph.subject_objects(SCHEMA.parentOrganization)),
        truncated=tuple(graph.subjects(PSK.authorListTruncated, Literal(True))),
    )


class KeyTables:
    """The union of the documents' keys over a build (what resolution and linking read).

    Kept compact, since they grow with the corpus: every term is held once (interned), and
    values sit in tuples (most nodes have one).
    """

    def __init__(self) -> None:
        self._terms: dict[Node, Node] = {}
        self.nodes: dict[str, dict[Node, None]] = {kind: {} for kind in KINDS}  # ordered sets
        self.values: dict[Node, dict[Node, tuple[Node, ...]]] = {prop: {} for prop in VALUE_PROPERTIES}
        self.creators: dict[Node, tuple[Node, ...]] = {}  # creator -> works
        self.first_authors: dict[Node, tuple[str, ...]] = {}
        self.author_lists: dict[Node, list[tuple[str, Node, int]]] = defaultdict(list)  # work -> (graph, head, length)
        self.abstracts: dict[Node, list[tuple[str, int, str]]] = defaultdict(list)  # work -> (graph, length, digest)
        self.localities: dict[Node, tuple[str, ...]] = {}
        self.units: dict[tuple[Node, Node], None] = {}
        self.truncated: dict[str, tuple[Node, ...]] = {}  # graph -> works it says have a cut author list

    def _term(self, node: Node) -> Node:
        return self._terms.setdefault(node, node)

    def add(self, keys: DocumentKeys) -> None:
        """Fold one document's keys in."""
        term = self._term
        graph = sys.intern(keys.graph)
        for kind, nodes in keys.nodes.items():
            self.nodes[kind].update(dict.fromkeys(map(term, nodes)))
        for prop, found in keys.values.items():
            _extend(self.values[prop], ((term(s), tuple(map(term, o))) for s, o in found.items()))
        _extend(self.creators, ((term(creator), (term(work),)) for work, creator in keys.creators))
        _extend(self.first_authors, ((term(w), f) for w, f in keys.first_authors.items()))
        for authors in keys.author_lists:
            self.author_lists[term(authors.work)].append((graph, term(authors.head), authors.length))
        for abstract in keys.abstracts:
            self.abstracts[term(abstract.work)].append((graph, abstract.length, abstract.digest))
        _extend(self.localities, ((term(o), c) for o, c in keys.localities.items()))
        self.units.update(dict.fromkeys((term(u), term(p)) for u, p in keys.units))
        if keys.truncated:
            self.truncated[graph] = tuple(map(term, keys.truncated))

    @classmethod
    def of(cls, keys: Iterable[DocumentKeys]) -> KeyTables:
        """The tables of some documents' keys."""
        tables = cls()
        for item in keys:
            tables.add(item)
        return tables

    def objects(self, prop: Node, subject: Node) -> set[Node]:
        """The values of a property for a subject, across the documents."""
        return set(self.values[prop].get(subject, ()))


def _extend(table: dict[Node, tuple[Any, ...]], items: Iterable[tuple[Node, tuple[Any, ...]]]) -> None:
    """Add values to a table of tuples, each value once."""
    for key, values in items:
        held = table.get(key)
        if held is None:
            table[key] = values
        elif any(v not in held for v in values):
            table[key] = tuple(dict.fromkeys((*held, *values)))
