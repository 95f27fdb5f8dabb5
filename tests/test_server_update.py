"""/update: only with a token, only with the right bearer token; applied as a new build that queries see."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import requests

from kg.store import materialize_default_graph, new_build
from server.settings import ServerSettings
from tests.server_support import build_store, running_server

TOKEN = "correct-horse-battery"
COUNT_STUDIES = "SELECT (COUNT(?s) AS ?n) WHERE { ?s a <https://w3id.org/peer-support-kg/ontology#Study> }"
NEW_STUDY = """PREFIX psk: <https://w3id.org/peer-support-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
INSERT DATA { GRAPH <https://w3id.org/peer-support-kg/resource/graph/curation> {
  <https://w3id.org/peer-support-kg/resource/work/added> a psk:Study ;
    dcterms:title "Peer navigators in primary care" ;
    dcterms:abstract "A study of peer navigators." } }"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("update") / "store")
    with running_server(ServerSettings.resolve({}, store=store, update_token=TOKEN)) as live:
        yield live


def _studies(server) -> int:
    response = requests.get(server.sparql, params={"query": COUNT_STUDIES})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


REFUSED = {
    "no Authorization": ({}, 401, "updates need 'Authorization: Bearer <token>'"),
    "another scheme": ({"Authorization": f"Basic {TOKEN}"}, 401, "Bearer"),
    "wrong token": ({"Authorization": "Bearer not-the-token"}, 403, "not the update token"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_updates_without_the_token_are_refused_and_change_nothing(server, case):
    headers, status, message = REFUSED[case]
    before = _studies(server)
    response = requests.post(server.url + "/update", data={"update": NEW_STUDY}, headers=headers)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert message in response.text
    if status == 401:
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert _studies(server) == before


def test_an_update_with_the_token_is_applied_and_seen_by_queries(server):
    before = _studies(server)  # also puts the answer in the server's caches
    response = requests.post(
        server.url + "/update",
        data=NEW_STUDY.encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"},
    )
    assert response.status_code == 204, response.text
    assert "Content-Type" not in response.headers
    assert _studies(server) == before + 1


def test_a_form_encoded_update_works_too(server):
    # in an update the default graph is the store's own, not the union: data lives in named graphs
    delete = "DELETE WHERE { GRAPH ?g { <https://w3id.org/peer-support-kg/resource/work/kent2019> ?p ?o } }"
    before = _studies(server)
    response = requests.post(
        server.url + "/update", data={"update": delete}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 204
    assert _studies(server) == before - 1


@pytest.mark.parametrize(
    ("update", "status", "message"),
    [
        ("INSERT DATA { <urn:a> <urn:b> }", 400, "SPARQL Update syntax error"),
        ("LOAD <http://127.0.0.1:9/data.ttl>", 403, "LOAD and SERVICE are not allowed in updates"),
    ],
)
def test_bad_updates_are_refused_with_a_reason(server, update, status, message):
    before = _studies(server)
    response = requests.post(
        server.url + "/update", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == status and message in response.text
    assert _studies(server) == before


def test_a_rebuild_while_serving_is_picked_up(server):
    _studies(server)
    with new_build(server.settings.store) as store:
        store.add(
            ox.Quad(
                ox.NamedNode("https://w3id.org/peer-support-kg/resource/work/only"),
                ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                ox.NamedNode("https://w3id.org/peer-support-kg/ontology#Study"),
                ox.NamedNode("https://w3id.org/peer-support-kg/resource/graph/only"),
            )
        )
        materialize_default_graph(store)
        del store  # closed before it is published, as kg build does: the running server opens it next
    assert _studies(server) == 1


def test_the_query_endpoint_stays_read_only_when_updates_are_enabled(server):
    response = requests.post(
        server.sparql, data={"update": NEW_STUDY}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 403 and "send it to /update" in response.text


def test_an_update_that_breaks_a_shape_is_refused_with_the_report(server):
    # dcterms:issued must be a year or a date (the shapes every build is checked with)
    update = """PREFIX dcterms: <http://purl.org/dc/terms/>
    INSERT DATA { GRAPH <https://w3id.org/peer-support-kg/resource/graph/curation> {
      <https://w3id.org/peer-support-kg/resource/work/dated> a <http://purl.org/spar/fabio/Expression> ;
        dcterms:title "A work with a bad date" ; dcterms:issued "not a year" } }"""
    ask = 'ASK { ?s <http://purl.org/dc/terms/issued> "not a year" }'
    builds = set((server.settings.store / "builds").iterdir())
    response = requests.post(
        server.url + "/update", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 422, response.text
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "SHACL" in response.text and "work/dated> dcterms:issued" in response.text and "issued" in response.text
    assert requests.get(server.sparql, params={"query": ask}).json()["boolean"] is False
    assert set((server.settings.store / "builds").iterdir()) == builds  # the refused build was removed
