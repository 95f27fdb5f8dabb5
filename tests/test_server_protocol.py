"""The SPARQL 1.1 Protocol over real HTTP: request shapes, formats, service description, limits, CORS."""

from __future__ import annotations

import csv
import io
import json
import re
import time
from urllib.parse import quote

import pyoxigraph as ox
import pytest
import requests

from kg.namespaces import RDFS, SD, VOID, IriMinter
from server.settings import ServerSettings
from tests.server_support import MINI, build_store, running_server

TIMEOUT = 2.0
MAX_ROWS = 100
MAX_BODY = 20_000

STUDIES = "SELECT ?study WHERE { ?study a <https://w3id.org/peer-support-kg/ontology#Study> } ORDER BY ?study"
STUDY_COUNT = 4
CONSTRUCT = "CONSTRUCT WHERE { ?study a <https://w3id.org/peer-support-kg/ontology#Study> }"
# tests/fixtures/mini.trig, each triple once (the default graph is the merge of its graphs)
ALL_TRIPLES = len({quad.triple for quad in ox.parse(path=str(MINI), format=ox.RdfFormat.TRIG)})
GRAPH = "https://w3id.org/peer-support-kg/resource/graph/listing0001"  # holds two of the four studies
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("protocol") / "store")
    settings = ServerSettings.resolve(
        {}, store=store, query_timeout=TIMEOUT, max_rows=MAX_ROWS, max_body_bytes=MAX_BODY
    )
    with running_server(settings) as live:
        yield live


def _rows(response: requests.Response) -> list[dict]:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "application/sparql-results+json"
    return response.json()["results"]["bindings"]


REQUEST_SHAPES = {
    "GET ?query=": lambda url, q: requests.get(url, params={"query": q}),
    "POST form": lambda url, q: requests.post(url, data={"query": q}),
    "POST form, UTF-8 charset": lambda url, q: requests.post(
        url,
        data="query=" + quote(q),
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
    ),
    "POST application/sparql-query": lambda url, q: requests.post(
        url, data=q.encode(), headers={"Content-Type": "application/sparql-query"}
    ),
    # SPARQLWrapper adds these; unknown parameters are ignored
    "GET with output= and results=": lambda url, q: requests.get(
        url, params={"query": q, "output": "json", "results": "json"}
    ),
}


@pytest.mark.parametrize("shape", REQUEST_SHAPES, ids=list(REQUEST_SHAPES))
def test_every_request_shape_answers_the_same_rows(server, shape):
    rows = _rows(REQUEST_SHAPES[shape](server.sparql, STUDIES))
    assert len(rows) == STUDY_COUNT
    assert rows[0]["study"]["value"].startswith("https://w3id.org/peer-support-kg/resource/work/")


def _parsed(parse_as: ox.QueryResultsFormat):
    return lambda body: len(list(ox.parse_query_results(body, format=parse_as)))


def _csv_rows(body: bytes) -> int:
    return len(list(csv.reader(io.StringIO(body.decode("utf-8"))))) - 1  # pyoxigraph does not read CSV back


SOLUTION_TYPES = {
    "application/sparql-results+json": (
        "application/sparql-results+json",
        _parsed(ox.QueryResultsFormat.JSON),
    ),
    "application/sparql-results+xml": ("application/sparql-results+xml", _parsed(ox.QueryResultsFormat.XML)),
    "text/csv": ("text/csv; charset=utf-8", _csv_rows),
    "text/tab-separated-values": (
        "text/tab-separated-values; charset=utf-8",
        _parsed(ox.QueryResultsFormat.TSV),
    ),
    "application/rdf+xml, application/sparql-results+xml": (
        "application/sparql-results+xml",
        _parsed(ox.QueryResultsFormat.XML),
    ),
    "text/csv;q=0.2, text/tab-separated-values;q=0.8": (
        "text/tab-separated-values; charset=utf-8",
        _parsed(ox.QueryResultsFormat.TSV),
    ),
}


@pytest.mark.parametrize("accept", SOLUTION_TYPES)
def test_select_comes_in_the_accepted_format(server, accept):
    content_type, count_rows = SOLUTION_TYPES[accept]
    response = requests.get(server.sparql, params={"query": STUDIES}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert count_rows(response.content) == STUDY_COUNT


@pytest.mark.parametrize(
    ("query", "expected"), [("ASK { ?s a ?type }", True), ("ASK { ?s a <urn:none> }", False)]
)
def test_ask_answers_a_boolean(server, query, expected):
    response = requests.get(server.sparql, params={"query": query})
    assert response.headers["Content-Type"] == "application/sparql-results+json"
    assert response.json()["boolean"] is expected
    as_xml = requests.get(
        server.sparql, params={"query": query}, headers={"Accept": "application/sparql-results+xml"}
    )
    assert f"<boolean>{str(expected).lower()}</boolean>" in as_xml.text


GRAPH_TYPES = {
    "": ("text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    "text/turtle": ("text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),
    "application/turtle": ("text/turtle; charset=utf-8", ox.RdfFormat.TURTLE),  # SPARQLWrapper asks for this
    "application/n-triples": ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    "application/ld+json": ("application/ld+json", ox.RdfFormat.JSON_LD),
    "application/rdf+xml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    "application/rdf+xml, application/sparql-results+xml": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    "application/trig": ("application/trig", ox.RdfFormat.TRIG),
    "application/n-quads": ("application/n-quads", ox.RdfFormat.N_QUADS),
}


@pytest.mark.parametrize("accept", GRAPH_TYPES)
def test_construct_comes_in_the_accepted_rdf_format(server, accept):
    content_type, parse_as = GRAPH_TYPES[accept]
    headers = {"Accept": accept} if accept else {}
    response = requests.get(server.sparql, params={"query": CONSTRUCT}, headers=headers)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == content_type
    assert len(list(ox.parse(response.content, format=parse_as))) == STUDY_COUNT


def test_describe_is_a_graph_about_the_resource(server):
    work = "https://w3id.org/peer-support-kg/resource/work/kent2019"
    response = requests.get(
        server.sparql, params={"query": f"DESCRIBE <{work}>"}, headers={"Accept": "text/turtle"}
    )
    subjects = {q.subject for q in ox.parse(response.content, format=ox.RdfFormat.TURTLE)}
    # the work and the blank nodes of its author list (a concise bounded description)
    assert {s for s in subjects if isinstance(s, ox.NamedNode)} == {ox.NamedNode(work)}


@pytest.mark.parametrize(
    ("format_param", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("tsv", "text/tab-separated-values; charset=utf-8"),
        ("xml", "application/sparql-results+xml"),
    ],
)
def test_format_parameter_chooses_the_format(server, format_param, content_type):
    response = requests.get(
        server.sparql,
        params={"query": STUDIES, "format": format_param},
        headers={"Accept": "application/json"},
    )
    assert response.headers["Content-Type"] == content_type


def test_default_graph_uri_makes_that_graph_the_default(server):
    rows = _rows(requests.get(server.sparql, params={"query": STUDIES, "default-graph-uri": GRAPH}))
    assert len(rows) == 2


def test_named_graph_uri_limits_the_named_graphs(server):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = _rows(requests.post(server.sparql, data={"query": query, "named-graph-uri": GRAPH}))
    assert [row["g"]["value"] for row in rows] == [GRAPH]


def test_from_in_the_query_replaces_the_union_default_graph(server):
    query = STUDIES.replace("WHERE", f"FROM <{GRAPH}> WHERE")
    assert len(_rows(requests.get(server.sparql, params={"query": query}))) == 2


def test_service_description_without_a_query(server):
    response = requests.get(server.sparql, headers={"Accept": "text/turtle"})
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    triples = [q.triple for q in ox.parse(response.content, format=ox.RdfFormat.TURTLE)]
    service = ox.NamedNode(server.sparql)
    assert ox.Triple(service, ox.NamedNode(str(SD.endpoint)), service) in triples
    assert (
        ox.Triple(service, ox.NamedNode(str(SD.feature)), ox.NamedNode(str(SD.UnionDefaultGraph))) in triples
    )
    see_also = [t.object.value for t in triples if t.predicate == ox.NamedNode(str(RDFS.seeAlso))]
    assert see_also == [server.url + "/.well-known/void"]
    named = [t.object for t in triples if t.predicate == ox.NamedNode(str(SD.name))]
    assert ox.NamedNode(GRAPH) in named


def test_service_description_in_json_ld_for_comunica(server):
    response = requests.get(server.sparql, headers={"Accept": "application/ld+json, application/trig;q=0.9"})
    assert response.headers["Content-Type"] == "application/ld+json"
    assert len(list(ox.parse(response.content, format=ox.RdfFormat.JSON_LD))) > 10


def test_a_browser_without_a_query_goes_to_the_query_page(server):
    response = requests.get(server.sparql, headers={"Accept": "text/html,*/*;q=0.8"}, allow_redirects=False)
    assert response.status_code == 303 and response.headers["Location"].endswith("/")


def test_void_counts_the_dataset(server):
    response = requests.get(server.url + "/.well-known/void", headers={"Accept": "application/n-triples"})
    triples = list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
    dataset = ox.NamedNode(str(IriMinter().dataset()))
    counts = {
        t.predicate.value: t.object.value
        for t in triples
        if t.subject == dataset and isinstance(t.object, ox.Literal)
    }
    assert counts[str(VOID.triples)] == str(ALL_TRIPLES)
    assert counts[str(VOID.documents)] == "4"
    assert ox.NamedNode(server.sparql) in [
        t.object for t in triples if t.predicate.value == str(VOID.sparqlEndpoint)
    ]


ERRORS = {
    "syntax error": (
        lambda url: requests.get(url, params={"query": "SELECT ?s WHERE { ?s ?p }"}),
        400,
        r"SPARQL syntax error: error at 1:\d+",
    ),
    "nothing acceptable": (
        lambda url: requests.get(url, params={"query": STUDIES}, headers={"Accept": "image/png"}),
        406,
        "cannot send a solutions result as Accept: 'image/png'",
    ),
    "unknown format=": (
        lambda url: requests.get(url, params={"query": CONSTRUCT, "format": "yaml"}),
        406,
        "format='yaml'",
    ),
    "body over the limit": (
        lambda url: requests.post(url, data={"query": "# " + "x" * MAX_BODY}),
        413,
        "Request Entity Too Large",
    ),
    "unreadable body type": (
        lambda url: requests.post(url, data=b"{}", headers={"Content-Type": "application/json"}),
        415,
        "application/sparql-query",
    ),
    "update sent as a query": (
        lambda url: requests.post(url, data={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}),
        403,
        "/sparql is read-only",
    ),
    "update= parameter": (
        lambda url: requests.post(url, data={"update": "DELETE WHERE { ?s ?p ?o }"}),
        403,
        "/sparql is read-only",
    ),
    "application/sparql-update body": (
        lambda url: requests.post(
            url, data=b"CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
        ),
        403,
        "/sparql is read-only",
    ),
    "SERVICE not allow-listed": (
        lambda url: requests.get(
            url, params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}
        ),
        403,
        "SERVICE is not allowed",
    ),
    "two queries": (
        lambda url: requests.get(url + "?query=ASK%7B%7D&query=ASK%7B%7D"),
        400,
        "2 'query' parameters",
    ),
    "POST without a query": (lambda url: requests.post(url, data={"other": "x"}), 400, "no query"),
    "bad default-graph-uri": (
        lambda url: requests.get(url, params={"query": STUDIES, "default-graph-uri": "not an iri"}),
        400,
        "default-graph-uri='not an iri' is not an absolute IRI",
    ),
    "method not allowed": (lambda url: requests.put(url, data=b"x"), 405, "Method Not Allowed"),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_errors_say_what_went_wrong_in_plain_text(server, case):
    send, status, message = ERRORS[case]
    response = send(server.sparql)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert re.search(message, response.text), response.text


def test_cors_lets_browser_tools_read_answers(server):
    response = requests.get(
        server.sparql, params={"query": STUDIES}, headers={"Origin": "https://yasgui.example"}
    )
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "X-SPARQL-Truncated" in response.headers["Access-Control-Expose-Headers"]


def test_cors_preflight_is_an_empty_204(server):
    response = requests.options(
        server.sparql,
        headers={
            "Origin": "https://yasgui.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert response.status_code == 204
    assert "Content-Type" not in response.headers
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"] == "content-type"


@pytest.mark.parametrize(
    ("accept", "check"),
    [
        (
            "application/sparql-results+json",
            lambda r: len(r.json()["results"]["bindings"]) == MAX_ROWS and r.json()["truncated"],
        ),
        ("text/csv", lambda r: r.text.count("\r\n") == MAX_ROWS + 1),
    ],
)
def test_results_over_the_row_cap_are_cut_and_flagged(server, accept, check):
    response = requests.get(
        server.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"Accept": accept}
    )
    assert response.status_code == 200
    assert response.headers["X-SPARQL-Truncated"] == "true"
    assert response.headers["X-SPARQL-Max-Rows"] == str(MAX_ROWS)
    assert check(response)


def test_results_under_the_cap_carry_no_flag(server):
    response = requests.get(server.sparql, params={"query": STUDIES})
    assert "X-SPARQL-Truncated" not in response.headers and "truncated" not in response.json()


def test_a_query_over_the_time_limit_is_stopped_on_the_server(server):
    before = server.worker_pids()
    started = time.monotonic()
    response = requests.get(server.sparql, params={"query": EXPENSIVE})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert f"ran longer than {TIMEOUT:g} s and was stopped" in response.text
    assert TIMEOUT <= elapsed < TIMEOUT + 2
    gone = before - server.worker_pids()
    assert len(gone) == 1  # the worker that ran it was killed, so the work really stopped
    assert json.loads(requests.get(server.sparql, params={"query": "ASK {}"}).text)["boolean"] is True


def test_a_repeated_query_gets_the_same_bytes(server):
    first = requests.get(
        server.sparql, params={"query": STUDIES + " LIMIT 3"}, headers={"Accept": "text/csv"}
    )
    second = requests.get(
        server.sparql, params={"query": STUDIES + " LIMIT 3"}, headers={"Accept": "text/csv"}
    )
    assert first.content == second.content and first.headers["Content-Type"] == second.headers["Content-Type"]


def test_unknown_paths_are_plain_text_404s(server):
    response = requests.get(server.url + "/nothing-here")
    assert response.status_code == 404 and response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_there_is_no_update_endpoint_without_a_token(server):
    response = requests.post(server.url + "/update", data={"update": "CLEAR ALL"})
    assert response.status_code == 404
