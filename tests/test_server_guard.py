"""SERVICE and LOAD never reach a host the operator did not allow: probes against a loopback canary.

Each probe is sent to `kg serve` (started as a user starts it); the canary counts every
request it receives, and the count must stay 0. The second wall is tested on its own:
a query worker that is handed a SERVICE call directly, past the parser, cannot connect.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from server.formats import negotiate
from server.guard import RemoteCallError, check_query, check_update
from server.query.execute import PREFIX_MAP, QueryJob
from server.query.pool import QueryPool
from server.settings import ServerSettings
from tests.server_support import Canary, build_store, running_server

TOKEN = "correct-horse-battery"


@pytest.fixture(scope="module")
def canary():
    server = Canary()
    yield server
    server.close()


def _probes(url: str, port: int) -> dict[str, str]:
    """Queries that try to make the endpoint call the canary; {name: query}."""
    host = url.removeprefix("http://")
    return {
        "plain": f"SELECT * {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        "escaped quote in a local name (the reported bypass)": (
            "PREFIX ex: <http://e/>\n"
            f"SELECT ?x WHERE {{ OPTIONAL {{ ?s ex:a\\' ?o }} SERVICE <{url}/x> {{ ?x ?y ?z }} }} # \"'\""
        ),
        "escaped hash in a local name": (
            f"PREFIX ex: <http://e/> SELECT * {{ ?s ex:a\\# ?o . SERVICE <{url}/x> {{ ?x ?y ?z }} }}"
        ),
        "escaped quote in a local name, then a string": (
            f"PREFIX ex: <http://e/> SELECT * {{ ?s ex:b\\\" ?o . SERVICE <{url}/x> {{ ?x ?y ?z }} }} # \""
        ),
        "decimal host": f"SELECT * {{ SERVICE <http://2130706433:{port}/x> {{ ?s ?p ?o }} }}",
        "hex host": f"SELECT * {{ SERVICE <http://0x7f000001:{port}/x> {{ ?s ?p ?o }} }}",
        "short host": f"SELECT * {{ SERVICE <http://127.1:{port}/x> {{ ?s ?p ?o }} }}",
        "host by name": f"SELECT * {{ SERVICE <http://localhost:{port}/x> {{ ?s ?p ?o }} }}",
        "mapped IPv6 host": f"SELECT * {{ SERVICE <http://[::ffff:127.0.0.1]:{port}/x> {{ ?s ?p ?o }} }}",
        "u-escaped keyword": f"SELECT * {{ \\u0053ERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        "U-escaped keyword": f"SELECT * {{ \\U00000053ERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        "u-escaped IRI": f"SELECT * {{ SERVICE <http://{host}/\\u0078> {{ ?s ?p ?o }} }}",
        "lower case, SILENT": f"select * {{ service silent <{url}/x> {{ ?s ?p ?o }} }}",
        "comments around the keyword": f"SELECT * {{ # }}\n SERVICE # <http://ok/>\n <{url}/x> {{ ?s ?p ?o }} }}",
        "after a string holding a hash": f'SELECT * {{ ?s ?p "#" . SERVICE <{url}/x> {{ ?s ?p ?o }} }}',
        "after a long string": f"SELECT * {{ ?s ?p '''a ' b \" # ''' . SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        "prefixed endpoint": f"PREFIX c: <{url}/> SELECT * {{ SERVICE c:x {{ ?s ?p ?o }} }}",
        "relative to BASE": f"BASE <{url}/> SELECT * {{ SERVICE <x> {{ ?s ?p ?o }} }}",
        "in a nested sub-select": f"SELECT * {{ {{ SELECT * {{ {{ SELECT * {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} }} }} }} }}",
        "in FILTER EXISTS": f"SELECT * {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} }}",
        "in OPTIONAL and MINUS": (
            f"SELECT * {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}/x> {{ ?s ?q ?r }} }} "
            f"MINUS {{ SERVICE <{url}/y> {{ ?s ?p ?o }} }} }}"
        ),
        "variable bound by VALUES": f"SELECT * {{ VALUES ?e {{ <{url}/x> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "variable bound by BIND": f"SELECT * {{ BIND(<{url}/x> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "variable from the data": "SELECT * { ?e a ?t SERVICE ?e { ?s ?p ?o } }",
        "CONSTRUCT": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        "ASK": f"ASK {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        "DESCRIBE": f"DESCRIBE ?s WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
        "nested too deep for the checker": "SELECT * " + "{ " * 400 + f"SERVICE <{url}/x> {{ ?s ?p ?o }}" + " }" * 400,
        "too long for the checker": f"SELECT * {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} # " + "long " * 4000,
    }


PROBE_NAMES = list(_probes("http://127.0.0.1:1", 1))


@pytest.fixture(scope="module")
def closed(tmp_path_factory, canary):
    """A server with an empty allow-list (the default)."""
    store = build_store(tmp_path_factory.mktemp("guard") / "store")
    settings = ServerSettings.resolve({}, store=store, update_token=TOKEN, query_timeout=10)
    with running_server(settings) as live:
        yield live


@pytest.mark.parametrize("name", PROBE_NAMES)
@pytest.mark.parametrize("method", ["GET", "POST form", "POST body"])
def test_no_probe_reaches_the_canary(closed, canary, name, method):
    query = _probes(canary.url, canary.port)[name]
    before = len(canary.hits)
    if method == "GET":
        response = requests.get(closed.sparql, params={"query": query}, timeout=30)
    elif method == "POST form":
        response = requests.post(closed.sparql, data={"query": query}, timeout=30)
    else:
        response = requests.post(
            closed.sparql, data=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30
        )
    assert len(canary.hits) == before == 0, canary.hits
    # 403 when the checker reads the query; a query it cannot read runs sealed: its SERVICE is refused
    # by the kernel (403) or, when nothing joins with it, never evaluated (an empty 200)
    assert response.status_code in (200, 400, 403), response.text
    assert "canary" not in response.text
    if response.status_code == 403:
        assert "not allowed" in response.text
    assert str(canary.port) not in response.text and "127.0.0.1" not in response.text  # nothing about hosts


@pytest.mark.parametrize(
    "update",
    [
        "LOAD <{url}/data.ttl>",
        "LOAD SILENT <{url}/data.ttl> INTO GRAPH <urn:g>",
        "INSERT { GRAPH <urn:g> { ?s ?p ?o } } WHERE { SERVICE <{url}/x> { ?s ?p ?o } }",
        "PREFIX ex: <http://e/> INSERT {{ GRAPH <urn:g> {{ ?s ex:a\\' ?o }} }} WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }} # '",
        "INSERT { GRAPH <urn:g> { ?s ?p ?o } } WHERE { \\u0053ERVICE <{url}/x> { ?s ?p ?o } }",
        "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } } ; LOAD <{url}/data.ttl>",
    ],
)
def test_no_update_reaches_the_canary(closed, canary, update):
    text = update.replace("{{", "{").replace("}}", "}").replace("{url}", canary.url)
    response = requests.post(
        closed.url + "/update", data={"update": text}, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60
    )
    assert canary.hits == []
    assert response.status_code in (400, 403), response.text
    assert str(canary.port) not in response.text


def test_the_query_workers_are_sealed(closed):
    # seccomp mode 2 (a filter) in every worker; the HTTP server itself is not filtered
    pids = closed.worker_pids()
    assert pids
    for pid in pids:
        status = Path(f"/proc/{pid}/status").read_text()
        assert "Seccomp:\t2" in status


def test_a_sealed_worker_cannot_connect_even_when_handed_a_service_call(tmp_path, canary):
    # the second wall alone: the job goes straight to a worker, past every check
    pool = QueryPool(build_store(tmp_path / "store"), 1)
    try:
        for query in (
            f"SELECT * {{ SERVICE <{canary.url}/x> {{ ?s ?p ?o }} }}",
            f"SELECT * {{ SERVICE SILENT <{canary.url}/x> {{ ?s ?p ?o }} }}",
            f"SELECT * {{ VALUES ?e {{ <{canary.url}/x> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        ):
            answer = pool.run(QueryJob(query, negotiate("").chosen, 10), 20)
            assert answer.status in (200, 403, 500), answer.body  # 500: Oxigraph cannot bind ?e from VALUES
            if answer.status == 403:
                assert b"not allowed" in answer.body
    finally:
        pool.close()
    assert canary.hits == []


def test_an_unsealed_worker_does_connect(tmp_path):
    # the control for the test above: the same job from a worker allowed to connect reaches a canary
    target = Canary()
    pool = QueryPool(build_store(tmp_path / "store"), 1, sealed=False)
    try:
        answer = pool.run(QueryJob(f"SELECT * {{ SERVICE <{target.url}/x> {{ ?x ?y ?z }} }}", negotiate("").chosen, 10), 20)
    finally:
        pool.close()
        target.close()
    assert answer.status == 200 and b"canary" in answer.body
    assert len(target.hits) == 1


def test_an_allowed_endpoint_that_redirects_leads_nowhere(tmp_path):
    target = Canary()
    redirector = Canary(redirect_to=f"{target.url}/stolen")
    allowed = f"{redirector.url}/redirect"
    settings = ServerSettings.resolve(
        {}, store=build_store(tmp_path / "store"), service_allowlist=(allowed,), query_timeout=10
    )
    try:
        with running_server(settings) as live:
            response = requests.get(
                live.sparql, params={"query": f"SELECT * {{ SERVICE <{allowed}> {{ ?s ?p ?o }} }}"}, timeout=30
            )
            other = requests.get(
                live.sparql, params={"query": f"SELECT * {{ SERVICE <{target.url}/x> {{ ?s ?p ?o }} }}"}, timeout=30
            )
    finally:
        redirector.close()
        target.close()
    assert len(redirector.hits) == 1  # the allowed endpoint was called
    assert target.hits == []  # its redirect was not followed
    assert str(target.port) not in response.text  # nor echoed
    assert other.status_code == 403 and "not allowed" in other.text


ALLOWED = "http://ok.example/sparql"


@pytest.mark.parametrize(
    ("text", "remote"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", ()),
        ('SELECT * { ?s ?p "SERVICE <http://x.example/>" } # SERVICE <http://y.example/>', ()),
        ("SELECT * { ?s <http://z.example/SERVICE> ?o }", ()),
        ("SELECT ?service { ?service psk:serviceType ?o }", ()),
        (f"SELECT * {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}", (ALLOWED,)),
        (f"select * {{ service silent <{ALLOWED}> {{ ?s ?p ?o }} }}", (ALLOWED,)),
        ("PREFIX ok: <http://ok.example/> SELECT * { SERVICE ok:sparql { ?s ?p ?o } }", (ALLOWED,)),
        ("BASE <http://ok.example/> SELECT * { SERVICE <sparql> { ?s ?p ?o } }", (ALLOWED,)),
        ("SELECT * { SERVICE <http://ok.example/\\u0073parql> { ?s ?p ?o } }", (ALLOWED,)),
    ],
)
def test_allowed_and_local_queries_are_planned(text, remote):
    assert check_query(text, (ALLOWED,), PREFIX_MAP).remote == remote


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://ok.example/sparql/> { ?s ?p ?o } }",
        "SELECT * { SERVICE <https://ok.example/sparql> { ?s ?p ?o } }",
        "SELECT * { SERVICE SILENT ?endpoint { ?s ?p ?o } }",
        "SELECT * { VALUES ?e { <http://ok.example/sparql> } SERVICE ?e { ?s ?p ?o } }",
        "PREFIX ok: <http://elsewhere.example/> SELECT * { SERVICE ok:sparql { ?s ?p ?o } }",
    ],
)
def test_anything_but_the_exact_allowed_iri_is_refused(text):
    with pytest.raises(RemoteCallError, match="not allowed"):
        check_query(text, (ALLOWED,), PREFIX_MAP)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * " + "{ " * 400 + f"SERVICE <{ALLOWED}> {{ ?s ?p ?o }}" + " }" * 400,
        f"SELECT * {{ SERVICE <{ALLOWED}> {{ SERVICE <http://no.example/> {{ ?s ?p ?o }} }} }}",
        f"PREFIX ex: <http://e/> SELECT * {{ ?s ex:a\\# ?o . SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ SERVICE <{ALLOWED}> {{ ?s ?p ?o }} }} # " + "long " * 4000,
    ],
)
def test_a_query_the_checker_cannot_read_runs_sealed(text):
    assert check_query(text, (ALLOWED,), PREFIX_MAP).sealed


def test_an_update_is_parsed_never_run():
    with pytest.raises(SyntaxError):
        check_update("INSERT DATA { <urn:a> <urn:b> }", PREFIX_MAP)
    with pytest.raises(RemoteCallError):
        check_update("LOAD <http://ok.example/sparql>", PREFIX_MAP)
    check_update("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }", PREFIX_MAP)


def test_a_remote_store_is_never_sent_what_could_not_be_checked(canary, monkeypatch):
    # a remote store has no sealed workers: an unreadable or over-long query that mentions SERVICE stays here
    from server import create_app
    from server.query.remote import RemotePool

    monkeypatch.setattr(RemotePool, "start", lambda self: None)  # no publication to look for at start
    app = create_app(ServerSettings.resolve({}, remote="http://127.0.0.1:9/sparql", query_workers=1))
    try:
        client = app.test_client()
        for query in (
            f"SELECT * {{ SERVICE <{canary.url}/x> {{ ?s ?p ?o }} }} # " + "long " * 4000,
            f"PREFIX ex: <http://e/> SELECT * {{ ?s ex:a\\# ?o . SERVICE <{canary.url}/x> {{ ?s ?p ?o }} }}",
        ):
            response = client.post("/sparql", data={"query": query})
            assert response.status_code == 403 and b"could not be checked" in response.data
    finally:
        app.extensions["kg"].close()
    assert canary.hits == []
