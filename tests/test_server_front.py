"""The front of `kg serve` (started as a user does): plain GET queries answered by sealed processes that take
the connection, everything else relayed to the Flask app, with the client's own address."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import pytest
import requests
import urllib3

from kg.store import current_build
from server.front import ClientTable
from server.settings import ServerSettings
from tests.server_support import LiveServer, build_store, running_server

JSON = "application/sparql-results+json"
SELECT = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 7"
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
UNCOMPARED = {"date", "server", "content-length"}  # the HTTP server's own, and a length the body check covers


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = build_store(tmp_path_factory.mktemp("front") / "store")
    settings = ServerSettings.resolve({}, store=store, query_timeout=2, cache_entries=0, query_workers=2)
    with running_server(settings) as live:
        yield live


def _rows(store: Path, query: str) -> int:
    return len(list(ox.Store.read_only(str(current_build(store))).query(query)))


def test_a_plain_get_is_answered_by_a_sealed_process_as_flask_answers_it(server: LiveServer) -> None:
    fast = requests.get(server.sparql, params={"query": SELECT}, headers={"Accept": JSON}, timeout=30)
    flask = requests.post(server.sparql, data={"query": SELECT}, headers={"Accept": JSON}, timeout=30)
    assert fast.status_code == flask.status_code == 200
    assert "server" not in fast.headers and flask.headers["server"] == "granian"  # two paths, really
    assert fast.content == flask.content
    assert len(fast.json()["results"]["bindings"]) == _rows(server.settings.store, SELECT) == 7
    headers = [{k.lower(): v for k, v in r.headers.items() if k.lower() not in UNCOMPARED} for r in (fast, flask)]
    assert headers[0] == headers[1]
    assert "Seccomp:\t2" in "".join(Path(f"/proc/{pid}/status").read_text() for pid in server.worker_pids())


def test_one_connection_carries_queries_pages_and_queries_again(server: LiveServer) -> None:
    with requests.Session() as session:
        for number in range(12):
            query = f'SELECT ?s WHERE {{ ?s ?p ?o FILTER(?o != "page {number}") }} LIMIT 3'
            response = session.get(server.sparql, params={"query": query}, headers={"Accept": JSON}, timeout=30)
            assert response.status_code == 200 and len(response.json()["results"]["bindings"]) == 3
        assert session.get(server.url + "/", timeout=30).status_code == 200  # relayed to Flask from here on
        response = session.get(server.sparql, params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": JSON},
                               timeout=30)
        assert response.json()["boolean"] is True
        syntax = session.get(server.sparql, params={"query": "SELEC *"}, timeout=30)
        assert syntax.status_code == 400 and "syntax" in syntax.text.lower()


def _get_from(server: LiveServer, source: str, target: str) -> int:
    parts = urlsplit(server.url)
    pool = urllib3.HTTPConnectionPool(parts.hostname, parts.port, source_address=(source, 0), maxsize=1)
    return pool.request("GET", target, timeout=30.0, retries=False).status


def test_the_log_names_each_client_on_both_paths(server: LiveServer) -> None:
    assert _get_from(server, "127.0.0.7", "/") == 200  # relayed
    assert _get_from(server, "127.0.0.8", "/sparql?" + urlencode({"query": "ASK {}"})) == 200  # the front's path
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        log = server.log_text()
        if 'path="/" status=200' in log and 'client="127.0.0.8"' in log:
            break
        time.sleep(0.1)
    assert 'client="127.0.0.7"' in log and 'client="127.0.0.8"' in log
    assert 'client="127.1.' not in log  # never the relay's own address


def test_a_client_that_leaves_mid_query_costs_nothing_more(server: LiveServer) -> None:
    parts = urlsplit(server.url)
    assert parts.hostname is not None and parts.port is not None
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        sock.sendall(f"GET /sparql?{urlencode({'query': EXPENSIVE})} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        time.sleep(0.3)
    # stopped at the time limit all the same; meanwhile and afterwards others are answered
    for _ in range(3):
        response = requests.get(server.sparql, params={"query": "ASK {}"}, headers={"Accept": JSON}, timeout=30)
        assert response.json()["boolean"] is True
    time.sleep(server.settings.query_timeout + 0.5)
    assert requests.get(server.sparql, params={"query": SELECT}, timeout=30).status_code == 200


def test_a_client_over_its_share_is_told_when_to_come_back(server: LiveServer) -> None:
    statuses: list[tuple[int, str, str]] = []

    def ask(number: int) -> None:
        query = EXPENSIVE.replace("?l }", f'?l FILTER(?l != "{number}") }}')
        response = requests.get(server.sparql, params={"query": query}, timeout=30)
        statuses.append((response.status_code, response.headers.get("Retry-After", ""), response.text))

    threads = [threading.Thread(target=ask, args=(number,)) for number in range(server.settings.client_queries + 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    refused = [s for s in statuses if "already has" in s[2]]
    assert refused and all(status == 503 and retry.isdigit() for status, retry, _ in refused)
    stopped = [s for s in statuses if "was stopped" in s[2]]
    assert stopped and all(status == 503 for status, _, _ in stopped)  # the time limit, from the front


def test_the_app_behind_the_front_reads_each_relayed_connections_client(tmp_path: Path) -> None:
    front = ClientTable(tmp_path / "clients", writable=True)
    app = ClientTable(tmp_path / "clients")  # another process's view of the same file
    first, second = front.take("203.0.113.9"), front.take("2001:db8::7")
    assert first and second and first != second and first.startswith("127.1.")
    assert (app.client_of(first), app.client_of(second)) == ("203.0.113.9", "2001:db8::7")
    assert app.client_of("127.0.0.1") is None and app.client_of("127.1.300.1") is None
