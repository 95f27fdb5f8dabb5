"""The ontology documented at /ontology: classes, properties, individuals and the concept schemes as
trees, read from the store's ontology graph (the ontology/ files each build loads); every ``psk:``
term has its entry (``/ontology#Study``). Turtle, N-Triples and JSON-LD by Accept or suffix."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

from flask import Blueprint, Response, render_template, request
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.namespaces import PSK
from kg.vocabulary import ONTOLOGY_GRAPH
from server.iris import ONTOLOGY_PATH
from server.protocol import ProtocolError, plain
from server.resources import BY_SUFFIX, HTML, PAGE_FORMS, PageForm, page_form
from server.rows import graph_answer

__all__ = ["Concept", "Term", "blueprint", "ontology_entries"]

blueprint = Blueprint("ontology", __name__)

KINDS = (
    (OWL.Class, "Classes"),
    (OWL.ObjectProperty, "Object properties"),
    (OWL.DatatypeProperty, "Datatype properties"),
    (OWL.AnnotationProperty, "Annotation properties"),
)
MATCHES = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


@dataclass
class Term:
    """One term of the ontology as its entry shows it."""

    iri: str
    anchor: str
    label: str
    comment: str
    details: list[tuple[str, list[str]]] = field(default_factory=list)  # (heading, IRIs)


@dataclass
class Concept:
    """A concept of a scheme, with the narrower ones under it."""

    iri: str
    label: str
    definition: str
    alt_labels: list[str]
    matches: list[tuple[str, str]]
    narrower: list[Concept] = field(default_factory=list)


@dataclass
class Ontology:
    """Everything the page shows."""

    title: str
    comment: str
    version: str
    license: str
    sections: list[tuple[str, list[Term]]]
    individuals: list[Term]
    schemes: list[tuple[str, str, str, list[Concept]]]  # (IRI, label, definition, top concepts)
    labels: dict[str, str]


def _text(graph: Graph, node: URIRef, *predicates: URIRef) -> str:
    for predicate in predicates:
        values = sorted(graph.objects(node, predicate), key=lambda v: (getattr(v, "language", None) not in
                                                                       (None, "en"), str(v)))
        if values:
            return str(values[0])
    return ""


def _label(graph: Graph, node: URIRef) -> str:
    return _text(graph, node, SKOS.prefLabel, RDFS.label) or str(node).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _term(graph: Graph, node: URIRef) -> Term:
    details = []
    for heading, predicate in (("subclass of", RDFS.subClassOf), ("domain", RDFS.domain), ("range", RDFS.range),
                               ("sub-property of", RDFS.subPropertyOf), ("type", RDF.type)):
        values = sorted(str(v) for v in graph.objects(node, predicate) if isinstance(v, URIRef))
        if values:
            details.append((heading, values))
    members = [str(v) for v in graph.subjects(RDF.type, node) if isinstance(v, URIRef)]
    if members:
        details.append(("members", sorted(members)))
    return Term(str(node), str(node).rsplit("#", 1)[-1], _label(graph, node), _text(graph, node, RDFS.comment,
                                                                                    SKOS.definition), details)


def _concept(graph: Graph, node: URIRef, seen: set[URIRef]) -> Concept:
    seen.add(node)
    narrower = set(graph.objects(node, SKOS.narrower)) | set(graph.subjects(SKOS.broader, node))
    children = [_concept(graph, child, seen) for child in narrower if isinstance(child, URIRef) and child not in seen]
    return Concept(
        str(node),
        _label(graph, node),
        _text(graph, node, SKOS.definition),
        sorted(str(v) for v in graph.objects(node, SKOS.altLabel)),
        sorted((str(p).rsplit("#", 1)[-1], str(o)) for p in MATCHES for o in graph.objects(node, p)),
        sorted(children, key=lambda c: c.label.casefold()),
    )


def ontology_entries(graph: Graph) -> Ontology:
    """The page's content from the ontology graph."""
    ours = str(PSK)
    sections = []
    for kind, heading in KINDS:
        nodes = sorted({n for n in graph.subjects(RDF.type, kind) if isinstance(n, URIRef) and str(n).startswith(ours)})
        sections.append((heading, [_term(graph, node) for node in nodes]))
    typed = {URIRef(term.iri) for _, terms in sections for term in terms}
    individuals = sorted({n for n in graph.subjects(RDF.type, None) if isinstance(n, URIRef)
                          and str(n).startswith(ours) and n not in typed})
    schemes = []
    for scheme in sorted(str(n) for n in graph.subjects(RDF.type, SKOS.ConceptScheme)):
        scheme = URIRef(scheme)
        assert isinstance(scheme, URIRef)
        seen: set[URIRef] = set()
        tops = [t for t in graph.objects(scheme, SKOS.hasTopConcept) if isinstance(t, URIRef)]
        tops += [t for t in graph.subjects(SKOS.topConceptOf, scheme) if isinstance(t, URIRef) and t not in tops]
        trees = sorted((_concept(graph, top, seen) for top in tops), key=lambda c: c.label.casefold())
        # concepts of the scheme under no top concept still get an entry
        loose = [c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef) and c not in seen]
        trees += sorted((_concept(graph, c, seen) for c in loose if c not in seen), key=lambda c: c.label.casefold())
        schemes.append((str(scheme), _label(graph, scheme), _text(graph, scheme, SKOS.definition), trees))
    labels = {str(s): _label(graph, s) for s in set(graph.subjects()) if isinstance(s, URIRef)}
    root = URIRef(ONTOLOGY_GRAPH)
    license_iri = graph.value(root, URIRef("http://purl.org/dc/terms/license"))
    return Ontology(
        title=_text(graph, root, RDFS.label) or "Ontology",
        comment=_text(graph, root, RDFS.comment),
        version=_text(graph, root, OWL.versionInfo),
        license=str(license_iri) if license_iri else "",
        sections=sections,
        individuals=[_term(graph, node) for node in individuals],
        schemes=schemes,
        labels=labels,
    )


def _ontology_rdf(media_type: str) -> bytes:
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}"
    answer = graph_answer(query, media_type)
    return answer.body


def _graph() -> Graph:
    graph = Graph()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        graph.parse(data=_ontology_rdf("application/n-triples"), format="nt")
    if len(graph) == 0:
        raise ProtocolError(404, "this store holds no ontology graph; rebuild it with `kg build`")
    return graph


def _serve(form: PageForm) -> Response:
    if form is HTML:
        page = render_template("ontology.html", o=ontology_entries(_graph()), literal=Literal)
        response = Response(page, content_type=HTML.content_type)
    else:
        response = Response(_ontology_rdf(form.media_type), content_type=form.content_type)
    response.headers["Content-Location"] = f"{ONTOLOGY_PATH}.{form.suffix}"
    response.headers["Link"] = ", ".join(
        f'<{ONTOLOGY_PATH}.{f.suffix}>; rel="alternate"; type="{f.media_type}"' for f in PAGE_FORMS if f != form
    )
    response.vary.add("Accept")
    return response


@blueprint.get(ONTOLOGY_PATH)
def page() -> Response:
    """The ontology, in the form the client asks for."""
    form = page_form(request.headers.get("Accept", ""))
    if form is None:
        return plain(406, "the ontology is sent as " + ", ".join(f.media_type for f in PAGE_FORMS))
    return _serve(form)


@blueprint.get(ONTOLOGY_PATH + ".<suffix>")
def by_suffix(suffix: str) -> Response:
    """The ontology in the form its suffix names (.html, .ttl, .nt, .jsonld)."""
    form = BY_SUFFIX.get(suffix)
    if form is None:
        raise ProtocolError(404, f"no form .{suffix}; the ontology is at /ontology.html, .ttl, .nt and .jsonld")
    return _serve(form)
