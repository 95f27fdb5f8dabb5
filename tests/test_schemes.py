"""The concept schemes: every concept labelled, defined and in one scheme; every external id sourced."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from kg.namespaces import CONCEPT, MESH, PSK, WD

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
SCHEMES = {"designs.ttl": CONCEPT["design"], "roles.ttl": CONCEPT["role"], "outcomes.ttl": CONCEPT["outcome"]}


@pytest.fixture(scope="module")
def schemes() -> Graph:
    graph = Graph()
    for name in SCHEMES:
        graph.parse(ONTOLOGY / name, format="turtle")
    return graph


def _concepts(graph: Graph) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef))


@pytest.mark.parametrize("scheme", sorted(SCHEMES.values()))
def test_scheme_is_a_concept_scheme_with_concepts(schemes: Graph, scheme: URIRef) -> None:
    assert (scheme, RDF.type, SKOS.ConceptScheme) in schemes
    members = set(schemes.subjects(SKOS.inScheme, scheme))
    assert len(members) >= 10
    assert all(str(m).startswith(str(scheme) + "/") for m in members)


def test_every_concept_has_one_preflabel_a_definition_and_one_scheme(schemes: Graph) -> None:
    for concept in _concepts(schemes):
        assert len(list(schemes.objects(concept, SKOS.prefLabel))) == 1, concept
        assert len(list(schemes.objects(concept, SKOS.definition))) == 1, concept
        assert len(list(schemes.objects(concept, SKOS.inScheme))) == 1, concept


def test_broader_and_narrower_agree_and_stay_in_scheme(schemes: Graph) -> None:
    for child, parent in schemes.subject_objects(SKOS.broader):
        assert (parent, SKOS.narrower, child) in schemes, (child, parent)
        assert schemes.value(child, SKOS.inScheme) == schemes.value(parent, SKOS.inScheme)
    for parent, child in schemes.subject_objects(SKOS.narrower):
        assert (child, SKOS.broader, parent) in schemes, (parent, child)


def test_no_label_names_two_concepts_of_one_scheme(schemes: Graph) -> None:
    seen: dict[tuple[URIRef, str], URIRef] = {}
    for concept in _concepts(schemes):
        scheme = schemes.value(concept, SKOS.inScheme)
        for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, PSK.oppositeLabel):
            for label in schemes.objects(concept, prop):
                key = (scheme, str(label).casefold())
                assert seen.setdefault(key, concept) == concept, (str(label), seen[key], concept)


def test_a_concepts_preferred_alternative_and_hidden_labels_are_disjoint(schemes: Graph) -> None:
    """SKOS's integrity condition S13: no label is both a concept's preferred label and another of its labels (an
    opposite label is a hidden label of its own kind)."""
    for concept in _concepts(schemes):
        kinds = [{str(label) for label in schemes.objects(concept, prop) if getattr(label, "language", None) == "en"}
                 for prop in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, PSK.oppositeLabel)]
        for first in range(len(kinds)):
            for second in range(first + 1, len(kinds)):
                assert not kinds[first] & kinds[second], (concept, kinds[first] & kinds[second])


@pytest.mark.parametrize(("concept", "label"), [
    ("outcome/hospitalisation", "hospitalization"),
    ("outcome/hospitalisation", "hospitalisation"),
    ("design/rct", "randomized controlled trial"),
    ("design/rct", "randomised controlled trial"),
    ("design/programme-evaluation", "program evaluation"),
    ("design/umbrella-review", "review of reviews"),
    ("role/peer-specialist", "peer support specialist"),
])
def test_both_spellings_are_labels(schemes: Graph, concept: str, label: str) -> None:
    labels = {str(v).casefold() for p in (SKOS.prefLabel, SKOS.altLabel)
              for v in schemes.objects(CONCEPT[concept], p)}
    assert label in labels


@pytest.mark.parametrize(("child", "parent"), [
    ("design/systematic-review", "design/review"),
    ("design/umbrella-review", "design/review"),
    ("role/peer-specialist", "role/peer-support-worker"),
    ("role/commissioner", "role/stakeholder"),
    ("outcome/hope", "outcome/recovery"),
    ("outcome/self-stigma", "outcome/stigma"),
    ("outcome/hospitalisation", "outcome/service-use"),
])
def test_hierarchy(schemes: Graph, child: str, parent: str) -> None:
    assert (CONCEPT[child], SKOS.broader, CONCEPT[parent]) in schemes


def test_every_outcome_says_which_way_is_better(schemes: Graph) -> None:
    for concept in schemes.subjects(SKOS.inScheme, CONCEPT["outcome"]):
        assert schemes.value(concept, PSK.improvesWhen) in {PSK.Higher, PSK.Lower}, concept


def test_every_external_identifier_is_in_the_sources_table(schemes: Graph) -> None:
    with (ONTOLOGY / "sources.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    sourced = {(CONCEPT[r["concept"]], r["identifier"]) for r in rows if r["source"].strip()}
    used = {(s, str(o)) for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch,
                                  SKOS.relatedMatch)
            for s, o in schemes.subject_objects(p)}
    assert used, "the schemes link to MeSH"
    assert all(str(o).startswith((str(MESH), str(WD))) for _, o in used)
    assert used == sourced
