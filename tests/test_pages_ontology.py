"""/ontology on `kg serve`: every psk: term has its entry, the schemes are trees, Turtle and JSON-LD load."""

from __future__ import annotations

import re

import pytest

from kg.namespaces import PSK
from kg.vocabulary import ONTOLOGY_GRAPH
from tests.conftest import run_query
from tests.pages_support import kg_serve, load_rdf


@pytest.fixture(scope="module")
def served(seed_build):
    with kg_serve(seed_build.store) as server:
        yield server


def test_every_psk_term_dereferences_to_its_entry(served, seed_store):
    page = served.get("/ontology")
    assert page.status_code == 200
    anchors = set(re.findall(r'<dt id="([^"]+)"', page.text))
    terms = run_query(seed_store, f"""SELECT DISTINCT ?t WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?t a ?kind }}
        FILTER(STRSTARTS(STR(?t), "{PSK}")) }}""")
    assert len(terms) > 30
    for row in terms:
        assert row["t"].removeprefix(str(PSK)) in anchors, row["t"]
    # a psk: IRI on a resource page links to its entry
    (finding,) = run_query(seed_store, "SELECT ?f WHERE { ?f a psk:Finding } ORDER BY ?f LIMIT 1")
    path = finding["f"].replace("https://w3id.org/peer-support-kg/resource/", "/resource/")
    assert 'href="/ontology#Finding"' in served.get(path).text


def test_concept_schemes_are_trees_with_matches(served, seed_store):
    page = served.get("/ontology").text
    concepts = run_query(seed_store, "SELECT ?c ?label WHERE { ?c skos:inScheme pskc:outcome ; skos:prefLabel ?label }")
    for row in concepts:
        assert f'href="/concept/{row["c"].removeprefix("https://w3id.org/peer-support-kg/concept/")}"' in page
    # narrower concepts sit inside their broader concept's list
    tree = page.split('id="schemes"')[1]
    assert re.search(r'personal recovery</a>.*?<ul class="tree">\s*<li class="concept"><a href="/concept/outcome/',
                     tree, re.S)
    assert "http://id.nlm.nih.gov/mesh/" in tree


@pytest.mark.parametrize(("accept", "rdf_format", "suffix"),
                         [("text/turtle", "turtle", "ttl"), ("application/ld+json", "json-ld", "jsonld")])
def test_the_ontology_as_rdf(served, seed_store, accept, rdf_format, suffix):
    answer = served.get("/ontology", accept)
    assert answer.headers["Content-Location"] == f"/ontology.{suffix}"
    graph = load_rdf(answer.content, rdf_format)
    (count,) = run_query(seed_store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?s ?p ?o }} }}")
    assert len(graph) == int(count["n"])
    assert served.get(f"/ontology.{suffix}", "text/html").content == answer.content
