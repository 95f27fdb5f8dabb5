"""The keys resolution decides on: a compact table per document (their union: :mod:`kg.resolve.keytables`).

Mapping writes each document's table beside its triples (in the worker that mapped it), so
resolution never needs the documents' graphs: it reads identifiers (DOIs, ISSNs, ORCIDs),
the literals it compares or settles (titles, dates, names), who wrote what, the author
lists and abstracts by size, and the organisations' names and places for linking.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.term import Node

from kg.namespaces import BIBO, DCTERMS, FABIO, FOAF, PSK, RDF, SCHEMA, normalize_key

# The literal-valued properties resolution compares or settles.
VALUE_PROPERTIES = (BIBO.doi, DCTERMS.title, DCTERMS.issued, BIBO.issn, FOAF.familyName, FOAF.givenName,
                    FOAF.name, PSK.orcid, PSK.citedByCount, BIBO.numPages, BIBO.pageStart, BIBO.pageEnd)
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
