"""Every IRI kind of the seed graph dereferences on `kg serve`: HTML for people, Turtle, N-Triples and
JSON-LD for programs, with the facts' sources and the evidence of extracted facts."""

from __future__ import annotations

import html
import re

import pytest
from rdflib import URIRef

from kg.namespaces import DEFAULT_BASE, PREFIXES
from server.iris import IriSpace
from tests.conftest import run_query
from tests.pages_support import kg_serve, load_rdf

KINDS = {
    "study": "?x a psk:Study ; psk:reports ?f",
    "person": "?x a foaf:Person ; foaf:name ?n",
    "journal": "?x a fabio:Journal",
    "organisation": "?x a foaf:Organization",
    "place": "?x a psk:Place",
    "finding": "?x a psk:Finding",
    "group": "?x a psk:ParticipantGroup",
    "concept": "?x a skos:Concept ; skos:inScheme pskc:outcome . ?w psk:reports/psk:outcome ?x",
    "graph": "?x prov:wasDerivedFrom ?source . ?source psk:sha256 ?sha",
}


@pytest.fixture(scope="module")
def served(seed_build):
    with kg_serve(seed_build.store) as server:
        yield server


@pytest.fixture(scope="module")
def examples(seed_store):
    found = {}
    for kind, pattern in KINDS.items():
        rows = run_query(seed_store, f"SELECT ?x WHERE {{ {pattern} }} ORDER BY ?x LIMIT 1")
        assert rows, f"the seed graph has no {kind}"
        found[kind] = rows[0]["x"]
    return found


def local(iri: str) -> str:
    path = IriSpace(DEFAULT_BASE).local(iri)
    assert path is not None, iri
    return path


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_answers_html_turtle_ntriples_and_jsonld(served, examples, kind):
    iri = examples[kind]
    path = local(iri)
    page = served.get(path)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert page.headers["Content-Location"] == path + ".html"
    assert f'<{path}.ttl>; rel="alternate"; type="text/turtle"' in page.headers["Link"]
    assert html.escape(iri) in page.text
    for accept, rdf_format, suffix in [("text/turtle", "turtle", ".ttl"), ("application/n-triples", "nt", ".nt"),
                                       ("application/ld+json", "json-ld", ".jsonld")]:
        negotiated = served.get(path, accept)
        assert negotiated.status_code == 200, negotiated.text
        assert negotiated.headers["Content-Location"] == path + suffix
        by_suffix = served.get(path + suffix, "text/html")
        assert by_suffix.content == negotiated.content
        graph = load_rdf(negotiated.content, rdf_format)
        assert (URIRef(iri), None, None) in graph or (None, None, URIRef(iri)) in graph


def test_an_unknown_iri_is_404_and_a_refused_form_is_406(served):
    assert served.get("/resource/work/0000000000000000").status_code == 404
    assert served.get("/resource/work/0000000000000000.ttl").status_code == 404
    refused = served.get(local(DEFAULT_BASE + "dataset"), "image/png")
    assert refused.status_code in (404, 406)


def test_a_study_page_reads_like_a_summary_with_highlighted_evidence(served, seed_store, examples):
    iri = examples["study"]
    (about,) = run_query(seed_store, f"""SELECT (COUNT(DISTINCT ?f) AS ?n) (SAMPLE(?e) AS ?evidence)
        WHERE {{ <{iri}> psk:reports ?f . ?f psk:evidence ?e }}""")
    page = served.get(local(iri)).text
    assert page.count('class="finding ') == int(about["n"])
    marked = re.findall(r"<mark>(.*?)</mark>", page, re.S)
    assert html.escape(about["evidence"], quote=True) in marked or html.escape(about["evidence"]) in marked
    assert "Design" in page and "Findings" in page
    designs = run_query(seed_store, f"SELECT ?l WHERE {{ <{iri}> psk:studyDesign/skos:prefLabel ?l }}")
    for row in designs:
        assert html.escape(row["l"]) in page
    # the source document of each fact, with its hash
    (source,) = run_query(seed_store, f"""SELECT ?sha ?path WHERE {{ GRAPH ?g {{ <{iri}> psk:reports ?f }}
        ?g prov:wasDerivedFrom ?s . ?s psk:sha256 ?sha ; dcterms:identifier ?path }} LIMIT 1""")
    assert source["sha"] in page and source["path"] in page


def test_links_go_to_local_pages_both_ways(served, seed_store, examples):
    person = examples["person"]
    (work,) = run_query(seed_store, f"SELECT ?w WHERE {{ ?w dcterms:creator <{person}> }} LIMIT 1")
    page = served.get(local(person)).text
    assert f'href="{local(work["w"])}"' in page  # incoming: the person's work
    assert f'href="{DEFAULT_BASE}' not in page  # never off-site for our own IRIs


def test_a_concept_page_lists_its_studies(served, seed_store, examples):
    concept = examples["concept"]
    studies = run_query(seed_store, f"SELECT DISTINCT ?w WHERE {{ ?w psk:reports/psk:outcome <{concept}> }}")
    page = served.get(local(concept)).text
    for row in studies:
        assert f'href="{local(row["w"])}"' in page


def test_iri_space_maps_paths_under_the_configured_base():
    space = IriSpace("http://example.org/kg/")
    assert space.local("http://example.org/kg/work/1") == "/resource/work/1"
    assert space.iri("resource", "work/1") == "http://example.org/kg/work/1"
    assert space.local(str(PREFIXES["pskc"]) + "outcome/hope") == "/concept/outcome/hope"
    assert space.local(str(PREFIXES["psk"]) + "Study") == "/ontology#Study"
    assert space.local("https://doi.org/10.1/x") is None
