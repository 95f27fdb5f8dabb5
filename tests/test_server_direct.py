"""A plain GET /sparql answered in front of Flask gives the very response Flask gives; what it must not
answer (SERVICE, full-text patterns, errors the blueprint words) still goes through Flask."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
import requests
from flask import Flask
from werkzeug.test import Client

from kg.build import BuildSummary
from server import create_app
from server.direct import DirectSparql
from server.settings import ServerSettings
from tests.server_support import running_server

ORIGIN = "https://tools.example"
SELECT = "SELECT ?w ?t WHERE { ?w a psk:Study ; dcterms:title ?t } ORDER BY ?w"
CONSTRUCT = "CONSTRUCT { ?w dcterms:title ?t } WHERE { ?w a psk:Study ; dcterms:title ?t }"
JSON = "application/sparql-results+json"

# (query, Accept, Origin, whether the direct path takes it; a syntax error it then hands to Flask)
CASES = [
    (SELECT, JSON, None, True),
    (SELECT, "text/csv", None, True),
    (SELECT, "text/tab-separated-values", None, True),
    (SELECT, "application/sparql-results+xml", None, True),
    (SELECT, "text/html;q=0.9, */*;q=0.1", None, True),
    (SELECT, "", None, True),
    ("ASK { ?s a psk:Study }", JSON, None, True),
    (CONSTRUCT, "text/turtle", None, True),
    (CONSTRUCT, "application/n-triples", None, True),
    ("DESCRIBE ?w WHERE { ?w a psk:Study } LIMIT 1", "application/ld+json", None, True),
    (CONSTRUCT, JSON, None, True),  # nothing acceptable for a graph: 406 with what would be
    ("SELECT * WHERE { ?s ?p ?o }", JSON, None, True),  # over the row cap: cut and flagged
    (SELECT, JSON, ORIGIN, True),  # an allowed origin: Vary: Origin
    (SELECT, JSON, "https://other.example", True),
    ("SELEC * WHERE { ?s ?p ?o }", JSON, None, True),
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", JSON, None, True),  # 403: send it to /update
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", JSON, None, False),
    ("SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", JSON, None, False),
]


@pytest.fixture(scope="module")
def app(seed_build: BuildSummary) -> Iterator[Flask]:
    settings = ServerSettings.resolve({}, store=seed_build.store, max_rows=5, cors_origins=(ORIGIN,))
    app = create_app(settings)
    yield app
    app.extensions["kg"].close()


@pytest.mark.parametrize(("query", "accept", "origin", "direct"), CASES)
def test_the_direct_path_answers_as_flask_does(app: Flask, query: str, accept: str, origin: str | None,
                                               direct: bool) -> None:
    assert isinstance(app.wsgi_app, DirectSparql)
    assert (DirectSparql._plain_query(urlencode({"query": query})) is not None) == direct
    headers = {"Accept": accept, **({"Origin": origin} if origin else {})}
    fast = Client(app).get("/sparql", query_string={"query": query}, headers=headers)
    flask = Client(app.wsgi_app.app).get("/sparql", query_string={"query": query}, headers=headers)
    assert fast.status_code == flask.status_code
    assert fast.get_data() == flask.get_data()
    assert sorted(fast.headers.items()) == sorted(flask.headers.items())


def test_other_parameters_and_methods_go_to_flask() -> None:
    for query_string in ("query=ASK%7B%7D&format=json", "query=ASK%7B%7D&default-graph-uri=urn%3Ag",
                         "query=ASK%7B%7D&query=ASK%7B%7D", "update=CLEAR%20ALL", "", "query=%FF"):
        if query_string == "query=%FF":
            assert DirectSparql._plain_query(query_string) == "%FF"  # kept percent-encoded, as Flask does
            continue
        assert DirectSparql._plain_query(query_string) is None, query_string


def test_over_http_service_is_refused_and_a_slow_query_is_stopped(seed_build: BuildSummary) -> None:
    settings = ServerSettings.resolve({}, store=seed_build.store, query_timeout=1, cache_entries=0)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with running_server(settings) as live:
        refused = requests.get(live.sparql, params={"query": "ASK { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"},
                               headers={"Accept": JSON}, timeout=30)
        stopped = requests.get(live.sparql, params={"query": slow}, headers={"Accept": JSON}, timeout=30)
        after = requests.get(live.sparql, params={"query": "ASK { ?s a psk:Study }"}, headers={"Accept": JSON},
                             timeout=30)
    assert refused.status_code == 403 and "SERVICE is not allowed" in refused.text
    assert stopped.status_code == 503 and "query stopped" in stopped.text
    assert after.status_code == 200 and after.json()["boolean"] is True
