"""The endpoint's parts on their own: content negotiation, query scanning, settings, answers, cache."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.store import LiveStore
from server import create_app
from server.formats import negotiate
from server.query.cache import BuildCache
from server.query.execute import QueryJob, execute
from server.settings import ServerSettings, SettingsError
from tests.server_support import REPO, build_store

SOLUTIONS_CASES = [
    # (Accept, format=, media type chosen for a SELECT; None means 406)
    ("", "", "application/sparql-results+json"),
    ("*/*", "", "application/sparql-results+json"),
    ("text/csv", "", "text/csv"),
    ("text/tab-separated-values", "", "text/tab-separated-values"),
    ("application/sparql-results+xml", "", "application/sparql-results+xml"),
    # rdflib's SPARQLStore sends this for every query type
    ("application/rdf+xml, application/sparql-results+xml", "", "application/sparql-results+xml"),
    # SPARQLWrapper's JSON request
    (
        "application/sparql-results+json,application/json,text/javascript,application/javascript",
        "json",
        "application/sparql-results+json",
    ),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "", "application/sparql-results+xml"),
    ("text/*", "", "text/csv"),
    ("application/json", "", "application/sparql-results+json"),
    ("image/png", "", None),
    ("application/sparql-results+json;q=0, */*;q=0.1", "", "application/sparql-results+xml"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "", "application/sparql-results+xml"),
    ("image/png", "csv", "text/csv"),  # format= wins over Accept
    ("", "tsv", "text/tab-separated-values"),
    ("", "text/csv", "text/csv"),
    ("", "yaml", None),
]

GRAPH_CASES = [
    ("", "", "text/turtle"),
    ("application/turtle,text/turtle", "turtle", "text/turtle"),  # SPARQLWrapper's CONSTRUCT request
    ("application/rdf+xml, application/sparql-results+xml", "", "application/rdf+xml"),
    ("application/n-triples", "", "application/n-triples"),
    ("application/ld+json", "", "application/ld+json"),
    ("application/trig", "", "application/trig"),
    ("application/n-quads", "", "application/n-quads"),
    ("text/csv", "", None),
    ("", "xml", "application/rdf+xml"),
    ("", "json-ld", "application/ld+json"),
    ("", "nt", "application/n-triples"),
]


@pytest.mark.parametrize(("accept", "format_param", "expected"), SOLUTIONS_CASES)
def test_solutions_format_follows_accept_and_format(accept, format_param, expected):
    chosen = negotiate(accept, format_param).for_form("solutions")
    assert (chosen.media_type if chosen else None) == expected


@pytest.mark.parametrize(("accept", "format_param", "expected"), GRAPH_CASES)
def test_graph_format_follows_accept_and_format(accept, format_param, expected):
    chosen = negotiate(accept, format_param).for_form("graph")
    assert (chosen.media_type if chosen else None) == expected


def test_not_acceptable_explains_what_is_offered():
    message = negotiate("image/png", "").explain("graph")
    assert "text/turtle" in message and "image/png" in message


def test_settings_resolve_defaults_then_environment_then_arguments():
    environ = {
        "KG_QUERY_TIMEOUT": "5",
        "KG_MAX_ROWS": "10",
        "KG_STORE": "/srv/kg",
        "KG_CORS_ORIGINS": "https://a.example",
    }
    settings = ServerSettings.resolve(environ, max_rows=20, update_token=None)
    assert settings.query_timeout == 5.0
    assert settings.max_rows == 20
    assert settings.store == Path("/srv/kg")
    assert settings.cors_origins == ("https://a.example",)
    assert settings.update_token is None
    assert ServerSettings.resolve({}).query_timeout == 30.0
    assert ServerSettings.resolve({}).max_rows == 100_000
    assert ServerSettings.resolve({"KG_CORS_ORIGINS": ""}).cors_origins == ()
    assert ServerSettings.resolve({"KG_SERVICE_ALLOWLIST": "http://a/ http://b/"}).service_allowlist == (
        "http://a/",
        "http://b/",
    )


@pytest.mark.parametrize(
    ("environ", "given", "message"),
    [
        ({"KG_QUERY_TIMEOUT": "soon"}, {}, "KG_QUERY_TIMEOUT='soon'"),
        ({}, {"max_rows": 0}, "max_rows must be positive"),
        ({}, {"update_token": "short"}, "at least 8 characters"),
        ({}, {"timeout": 3}, "unknown settings"),
    ],
)
def test_bad_settings_say_which_and_why(environ, given, message):
    with pytest.raises(SettingsError, match=message):
        ServerSettings.resolve(environ, **given)


def test_settings_survive_json():
    settings = ServerSettings.resolve(
        {}, store="/x", service_allowlist=("http://a/",), update_token="s3cret-token"
    )
    assert ServerSettings.from_json(settings.to_json()) == settings


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    return LiveStore(build_store(tmp_path_factory.mktemp("units") / "store"))


def _job(query: str, accept: str = "", max_rows: int = 1000) -> QueryJob:
    return QueryJob(query, negotiate(accept, "").chosen, max_rows)


def test_rows_over_the_cap_are_cut_and_flagged(live):
    answer = execute(live, _job("SELECT * WHERE { ?s ?p ?o }", max_rows=7))
    document = json.loads(answer.body)
    assert answer.truncated and document["truncated"] is True
    assert len(document["results"]["bindings"]) == 7


def test_rows_at_the_cap_are_not_flagged(live):
    answer = execute(
        live, _job("SELECT * WHERE { ?s a <https://w3id.org/peer-support-kg/ontology#Study> }", max_rows=4)
    )
    assert not answer.truncated and "truncated" not in json.loads(answer.body)
    assert len(json.loads(answer.body)["results"]["bindings"]) == 4


# literals that hold what marks a row in each format: a comma between JSON objects, an XML element, a line
MARKED_ROWS = 'SELECT ?x WHERE { VALUES ?x { "a},{b<result>c\\nd" "},{},{},{" "\\n\\n\\n" } }'
ROW_COUNTS = {
    "application/sparql-results+json": lambda body: len(json.loads(body)["results"]["bindings"]),
    "application/sparql-results+xml": lambda body: body.count(b"<result>"),
    "text/csv": lambda body: len(list(csv.reader(io.StringIO(body.decode(), newline="")))) - 1,
    "text/tab-separated-values": lambda body: len(body.splitlines()) - 1,
}


@pytest.mark.parametrize("accept", ROW_COUNTS)
@pytest.mark.parametrize(("max_rows", "rows", "truncated"), [(3, 3, False), (2, 2, True), (100, 3, False)])
def test_rows_are_counted_exactly_whatever_the_literals_hold(live, accept, max_rows, rows, truncated):
    answer = execute(live, _job(MARKED_ROWS, accept=accept, max_rows=max_rows))
    assert answer.status == 200 and answer.truncated is truncated
    assert ROW_COUNTS[accept](answer.body) == rows


def test_triples_over_the_cap_are_cut_and_flagged(live):
    answer = execute(live, _job("CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples", max_rows=5))
    assert answer.truncated
    lines = answer.body.splitlines()
    assert lines[0].startswith(b"# truncated") and len(lines[1:]) == 5  # the body says so too


def test_a_query_without_variables_has_one_empty_row(live):
    answer = execute(live, _job("SELECT * WHERE {}", accept="text/csv"))
    assert answer.body == b"\r\n\r\n"


def test_a_store_without_a_build_is_a_503_that_says_so(tmp_path):
    answer = execute(LiveStore(tmp_path / "none"), _job("ASK {}"))
    assert answer.status == 503 and b"kg build" in answer.body


def test_the_cache_forgets_everything_when_the_build_changes():
    cache: BuildCache[bytes] = BuildCache(10, 1600)
    assert cache.get("b1", "ask") is None
    cache.put("b1", "ask", b"true", 4)
    assert cache.get("b1", "ask") == b"true"
    assert cache.get("b2", "ask") is None
    cache.put("b1", "ask", b"stale", 5)  # answered by the old build: not kept
    assert cache.get("b2", "ask") is None


def test_the_project_prefixes_are_predeclared(live):
    answer = execute(live, _job("SELECT (COUNT(*) AS ?n) WHERE { ?s a psk:Study }"))
    assert json.loads(answer.body)["results"]["bindings"][0]["n"]["value"] == "4"


def test_a_syntax_error_reports_the_query_as_written(live):
    answer = execute(live, _job("SELECT ?s\nWHERE { ?s ?p ?o .\n  FILTER(?s = ) }"))
    text = answer.body.decode()
    assert answer.status == 400
    column = int(re.match(r"SPARQL syntax error: error at 3:(\d+): expected", text)[1])
    assert text.endswith("\n\n      FILTER(?s = ) }\n" + " " * (4 + column - 1) + "^\n")  # the line, a caret


def test_before_the_first_build_the_service_is_described_and_queries_say_what_to_do(tmp_path):
    app = create_app(ServerSettings.resolve({}, store=tmp_path / "empty", query_workers=1))
    try:
        client = app.test_client()
        described = client.get("/sparql", headers={"Accept": "application/n-triples"})
        assert described.status_code == 200
        assert b"sparql-service-description#Service" in described.data
        assert b"void#triples" not in described.data  # nothing to count yet
        answer = client.get("/sparql", query_string={"query": "ASK {}"})
        assert answer.status_code == 503 and b"run `kg build` first" in answer.data
    finally:
        app.extensions["kg"].close()


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [("https://yasgui.example", True), ("https://elsewhere.example", False)],
)
def test_cors_can_be_limited_to_named_origins(tmp_path, origin, allowed):
    settings = ServerSettings.resolve(
        {}, store=tmp_path, cors_origins=("https://yasgui.example",), query_workers=1
    )
    app = create_app(settings)
    try:
        response = app.test_client().options(
            "/sparql", headers={"Origin": origin, "Access-Control-Request-Method": "POST"}
        )
        assert response.status_code == 204
        assert response.headers.get("Access-Control-Allow-Origin") == (origin if allowed else None)
        assert ("Origin" in response.headers.get("Vary", "")) is allowed
    finally:
        app.extensions["kg"].close()


ORPHANING = """
import sys, threading
from pathlib import Path
from server.query.execute import QueryJob
from server.formats import negotiate
from server.query.pool import QueryPool
pool = QueryPool(Path(sys.argv[1]), 1)
query = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"  # hours
job = QueryJob(query, negotiate("").chosen, 10)
threading.Thread(target=pool.run, args=(job, 600), daemon=True).start()
import time
def settled():  # one worker running the query, the spare one idle
    return pool.fairness._busy == 1 and len(pool._all) == 2 and pool._idle.qsize() == 1
while True:
    time.sleep(0.1)
    if settled():
        time.sleep(0.3)
        if settled():
            break
idle = pool._idle.queue[0]
print(next(worker for worker in pool._all if worker is not idle).pid, flush=True)
"""


def test_a_busy_worker_does_not_outlive_the_server(live):
    server = subprocess.Popen(
        [sys.executable, "-c", ORPHANING, str(live.directory)], stdout=subprocess.PIPE, text=True, cwd=REPO
    )
    with server:
        worker = int(server.stdout.readline())
        server.kill()  # the server dies without closing anything
    deadline = time.monotonic() + 5
    while Path(f"/proc/{worker}").exists() and _state(worker) != "Z" and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not Path(f"/proc/{worker}").exists() or _state(worker) == "Z"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


def test_the_cache_keeps_within_its_entries_and_bytes():
    cache: BuildCache[str] = BuildCache(entries=3, max_bytes=1600)  # one value may take 100 bytes
    assert cache.get("b1", "warm") is None  # the first lookup names the build
    for key, size in [("a", 100), ("b", 100), ("c", 100), ("d", 100)]:
        cache.put("b1", key, key.upper(), size)
    assert [cache.get("b1", k) for k in "abcd"] == [None, "B", "C", "D"]  # least recently used went first
    cache.put("b1", "huge", "H", 101)
    assert cache.get("b1", "huge") is None  # larger than a sixteenth of the budget: never kept
    bytes_cache: BuildCache[str] = BuildCache(entries=100, max_bytes=320)  # one value may take 20 bytes
    bytes_cache.get("b1", "warm")
    for index in range(20):
        bytes_cache.put("b1", index, str(index), 20)
    assert sum(bytes_cache.get("b1", i) is not None for i in range(20)) == 16  # 320 bytes of 20-byte values


ASK_THROUGH_A_POOL = """
import sys
from pathlib import Path
from server.formats import negotiate
from server.query.execute import QueryJob
from server.query.pool import QueryPool
pool = QueryPool(Path(sys.argv[1]), 1)
print(pool.run(QueryJob("ASK {}", negotiate("").chosen, 10), 60).status)
pool.close()
"""


def test_workers_import_the_installed_package_not_the_current_folder(tmp_path, live):
    fake = tmp_path / "server"
    fake.mkdir()
    (fake / "__init__.py").write_text("raise ImportError('the wrong server package')\n")
    result = subprocess.run(
        [sys.executable, "-E", "-P", "-c", ASK_THROUGH_A_POOL, str(live.directory)],
        cwd=tmp_path,  # the workers start here too: a `server` folder here must not be imported
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path), "KG_UPDATE_TOKEN": "not-for-workers"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "200", result.stderr
