"""A synthetic graph in the project's vocabulary, of any size, always the same for the same size.

Works come in source documents of 20 (one named graph each); each study has
authors (an ordered list and unordered creators), a journal, a design, roles, a
setting, a participant group, three findings and references to earlier works.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.namespaces import (
    BIBO,
    CITO,
    CONCEPT,
    DCTERMS,
    FABIO,
    FOAF,
    PROV,
    PSK,
    RDF,
    RDFS,
    SKOS,
    XSD,
    IriMinter,
)
from kg.store import materialize_default_graph, new_build

__all__ = ["document_quads", "synthetic_quads", "write_documents", "write_store"]

OUTCOMES = (
    "hope",
    "empowerment",
    "recovery",
    "quality-of-life",
    "hospitalisation",
    "stigma",
    "self-efficacy",
)
ROLES = ("peer-specialist", "peer-support-worker", "peer-navigator", "consumer-provider", "peer-mentor")
DESIGNS = ("rct", "qualitative", "systematic-review", "mixed-methods", "cohort", "cross-sectional")
DIRECTIONS = (PSK.Positive, PSK.Negative, PSK.NoDifference, PSK.Mixed, PSK.Unclear)
PLACES = (
    "United States",
    "Canada",
    "United Kingdom",
    "Australia",
    "Hong Kong",
    "India",
    "Netherlands",
    "Germany",
)
WORKS_PER_DOCUMENT = 20


def _n(value: object) -> ox.NamedNode:
    return ox.NamedNode(str(value))


def _literal(value: object, datatype: object | None = None) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(datatype)) if datatype else ox.Literal(str(value))


def _concepts() -> Iterator[ox.Quad]:
    graph = _n(PSK)  # the ontology's own graph
    for scheme, names in (("outcome", OUTCOMES), ("role", ROLES), ("design", DESIGNS)):
        for name in names:
            concept = _n(CONCEPT[f"{scheme}/{name}"])
            yield ox.Quad(concept, _n(RDF.type), _n(SKOS.Concept), graph)
            yield ox.Quad(
                concept, _n(SKOS.prefLabel), ox.Literal(name.replace("-", " "), language="en"), graph
            )


def _work(mint: IriMinter, rng: random.Random, index: int, graph: ox.NamedNode) -> Iterator[ox.Quad]:
    iri = mint.work(key=f"synthetic work {index}")
    work = _n(iri)
    add = lambda p, o: ox.Quad(work, _n(p), o, graph)  # noqa: E731
    yield add(RDF.type, _n(FABIO.Expression))
    yield add(RDF.type, _n(FABIO.JournalArticle))
    yield add(RDF.type, _n(PSK.Study))
    yield add(DCTERMS.title, _literal(f"Synthetic study {index} of peer support"))
    yield add(DCTERMS.issued, _literal(2000 + index % 25, XSD.gYear))
    yield add(DCTERMS.isPartOf, _n(mint.journal(f"journal {rng.randrange(60)}")))
    yield add(PSK.studyDesign, _n(CONCEPT[f"design/{rng.choice(DESIGNS)}"]))
    for role in rng.sample(ROLES, rng.randint(1, 2)):
        yield add(PSK.studiesRole, _n(CONCEPT[f"role/{role}"]))
    place = _n(mint.place(rng.choice(PLACES)))
    yield add(PSK.setting, place)
    authors = [_n(mint.person(f"person {rng.randrange(2000)}")) for _ in range(3)]
    cell = _n(mint.child(iri, "authors", 0))
    yield add(BIBO.authorList, cell)
    for position, author in enumerate(authors):
        yield add(DCTERMS.creator, author)
        following = _n(mint.child(iri, "authors", position + 1)) if position < 2 else _n(RDF.nil)
        yield ox.Quad(cell, _n(RDF.first), author, graph)
        yield ox.Quad(cell, _n(RDF.rest), following, graph)
        cell = following
    for finding_index, outcome in enumerate(rng.sample(OUTCOMES, 3)):
        finding = _n(mint.child(iri, "finding", finding_index))
        yield add(PSK.reports, finding)
        yield ox.Quad(finding, _n(RDF.type), _n(PSK.Finding), graph)
        yield ox.Quad(finding, _n(PSK.outcome), _n(CONCEPT[f"outcome/{outcome}"]), graph)
        yield ox.Quad(finding, _n(PSK.direction), _n(rng.choice(DIRECTIONS)), graph)
        yield ox.Quad(
            finding, _n(PSK.evidence), _literal(f"Finding {finding_index} of study {index}."), graph
        )
    for cited in {rng.randrange(max(index, 1)) for _ in range(5)} - {index}:
        yield add(CITO.cites, _n(mint.work(key=f"synthetic work {cited}")))
    for author in authors:
        number = str(author).rsplit("/", 1)[-1]
        yield ox.Quad(author, _n(RDF.type), _n(FOAF.Person), graph)
        yield ox.Quad(author, _n(FOAF.name), _literal(f"Author {number[:6]}"), graph)
    yield ox.Quad(place, _n(RDFS.label), _literal(str(place).rsplit("/", 1)[-1]), graph)


def synthetic_quads(triples: int, seed: int = 7) -> Iterator[ox.Quad]:
    """About `triples` quads (at least that many, at most one work more) in the project's vocabulary."""
    rng = random.Random(seed)
    mint = IriMinter()
    seen: set[ox.Quad] = set()  # people and places recur within a document; count each quad once
    yield from _unique(_concepts(), seen)
    index = 0
    while len(seen) < triples:
        document = index // WORKS_PER_DOCUMENT
        graph = _n(mint.graph(f"{document:016x}"))
        if index % WORKS_PER_DOCUMENT == 0:
            source = ox.Quad(graph, _n(PROV.wasDerivedFrom), _n(mint.source(f"{document:064x}")), graph)
            yield from _unique([source], seen)
        yield from _unique(_work(mint, rng, index, graph), seen)
        index += 1


def document_quads(documents: int, works_per_document: int = WORKS_PER_DOCUMENT, seed: int = 7,
                   revised: int = 0) -> Iterator[ox.Quad]:
    """Exactly `documents` document graphs of `works_per_document` works each, plus the concepts.

    Quads repeat only within a document (its people and places), so each document is
    deduplicated on its own and memory stays that of one document at any size. The
    first `revised` documents carry one triple more (a new version of the same source).
    """
    rng = random.Random(seed)
    mint = IriMinter()
    yield from _concepts()
    for document in range(documents):
        graph = _n(mint.graph(f"{document:016x}"))
        seen: set[ox.Quad] = set()
        yield from _unique([ox.Quad(graph, _n(PROV.wasDerivedFrom), _n(mint.source(f"{document:064x}")), graph)], seen)
        if document < revised:
            yield ox.Quad(graph, _n(RDFS.comment), _literal("revised"), graph)
        for index in range(document * works_per_document, (document + 1) * works_per_document):
            yield from _unique(_work(mint, rng, index, graph), seen)


def _unique(quads: Iterator[ox.Quad] | list[ox.Quad], seen: set[ox.Quad]) -> Iterator[ox.Quad]:
    for quad in quads:
        if quad not in seen:
            seen.add(quad)
            yield quad


def write_store(directory: Path, triples: int) -> Path:
    """Publish a synthetic store of about `triples` quads under directory."""
    with new_build(directory) as store:
        store.bulk_extend(synthetic_quads(triples))
        materialize_default_graph(store)
    return directory


def write_documents(directory: Path, documents: int, works_per_document: int = WORKS_PER_DOCUMENT,
                    revised: int = 0) -> Path:
    """Publish a synthetic store of exactly `documents` document graphs under directory (a new build)."""
    def with_merge() -> Iterator[ox.Quad]:
        # the default graph is the merge, written in the same pass (an update over millions of
        # quads would hold them all in one transaction)
        for quad in document_quads(documents, works_per_document, revised=revised):
            yield quad
            yield ox.Quad(quad.subject, quad.predicate, quad.object, ox.DefaultGraph())

    with new_build(directory) as store:
        store.bulk_extend(with_merge())
    return directory
