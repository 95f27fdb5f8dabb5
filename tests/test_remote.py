"""`kg serve --remote` in front of a real Virtuoso gives the embedded store's answers.

Both servers are started as a user starts them (`kg serve` subprocesses); the
Virtuoso instance cuts results at 1,000 rows (Debian ships 10,000), so that the
seed graph is already large enough to show that results are read whole.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from kg.build import BuildSettings, build
from tests.conftest import ROOT, SEEDS
from tests.server_support import free_port, serving
from tests.virtuoso_support import Virtuoso, available, running_virtuoso

KG = str(Path(sys.executable).with_name("kg"))
EXAMPLES = sorted((ROOT / "queries").glob("*.rq"))
REMOTE_ROWS = 1_000  # Virtuoso's ResultSetMaxRows in this module
JSON = "application/sparql-results+json"


@contextmanager
def kg_serve(*args: str) -> Iterator[str]:
    """`kg serve ARGS` on a free loopback port; yields its /sparql URL."""
    port = free_port()
    with serving([KG, "serve", "--port", str(port), *args], port, dict(os.environ)) as (_, url, _log):
        yield url + "/sparql"


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Virtuoso]]:
    """The seeds built, published to Virtuoso, and served both ways: (embedded URL, remote URL, Virtuoso)."""
    if not available():
        if os.environ.get("CI"):
            pytest.fail("virtuoso-t is not installed; scripts/install-test-deps installs it")
        pytest.skip("virtuoso-t is not installed (scripts/install-test-deps installs it)")
    store = tmp_path_factory.mktemp("remote") / "store"
    build([SEEDS], BuildSettings(store=store))
    with running_virtuoso(rows=REMOTE_ROWS) as virtuoso:
        environment = dict(os.environ, KG_REMOTE_USER=virtuoso.user, KG_REMOTE_PASSWORD=virtuoso.password)
        published = subprocess.run([KG, "publish", "--store", str(store), "--graph-store", virtuoso.graph_store],
                                   capture_output=True, text=True, env=environment, timeout=300, check=False)
        assert published.returncode == 0, published.stderr
        with kg_serve("--store", str(store)) as embedded, kg_serve("--remote", virtuoso.sparql) as remote:
            yield embedded, remote, virtuoso


def _term(binding: dict[str, str]) -> tuple[str, ...]:
    if binding["type"] == "bnode":
        return ("bnode",)  # blank node labels are the store's own
    return (binding["type"], binding["value"], binding.get("datatype", ""), binding.get("xml:lang", ""))


def answer(url: str, query: str) -> tuple[list[str], list[tuple[tuple[str, ...], ...]]]:
    """The variables and rows of a SELECT answer, each term as a comparable tuple."""
    response = requests.post(url, data={"query": query}, headers={"Accept": JSON}, timeout=120)
    assert response.status_code == 200, response.text
    data = response.json()
    variables = data["head"]["vars"]
    rows = [tuple(_term(row[v]) if v in row else ("unbound",) for v in variables)
            for row in data["results"]["bindings"]]
    return variables, rows


ORDERED = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_answers_the_same_on_both_stores(servers: tuple[str, str, Virtuoso], example: Path) -> None:
    embedded, remote, _ = servers
    query = example.read_text(encoding="utf-8")
    local_vars, local_rows = answer(embedded, query)
    remote_vars, remote_rows = answer(remote, query)
    assert remote_vars == local_vars
    assert local_rows, f"{example.name} answers nothing on the seed graph"
    if ORDERED.search(query):
        assert remote_rows == local_rows
    else:
        assert sorted(remote_rows) == sorted(local_rows)


def test_results_beyond_the_remote_row_cap_are_complete(servers: tuple[str, str, Virtuoso]) -> None:
    embedded, remote, _ = servers
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) }"
    _, local_rows = answer(embedded, query)
    _, remote_rows = answer(remote, query)
    assert len(local_rows) > REMOTE_ROWS
    assert sorted(remote_rows) == sorted(local_rows)


def test_graph_of_a_document_is_reached_but_not_the_merge(servers: tuple[str, str, Virtuoso]) -> None:
    embedded, remote, _ = servers
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    assert answer(remote, query) == answer(embedded, query)


def test_a_cut_graph_result_is_refused_never_passed_on(servers: tuple[str, str, Virtuoso]) -> None:
    _, remote, _ = servers
    response = requests.post(remote, data={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                             headers={"Accept": "application/n-triples"}, timeout=120)
    assert response.status_code == 502
    assert "ResultSetMaxRows" in response.text


def test_the_remote_front_is_read_only(servers: tuple[str, str, Virtuoso]) -> None:
    _, remote, _ = servers
    response = requests.post(remote.rsplit("/", 1)[0] + "/update",
                             data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, timeout=30)
    assert response.status_code in (403, 404, 405)
