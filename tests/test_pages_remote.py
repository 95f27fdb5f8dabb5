"""Full-text search and dumps when `kg serve --remote` fronts a real Virtuoso.

The seeds are built, published with `kg publish`, and served three ways: embedded,
remote with `--store` naming the build that was published (its FTS index and dump
files are used), and remote without it (a 503 that says what to pass).
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.conftest import PREFIX_BLOCK
from tests.server_support import KG, free_port, serving
from tests.virtuoso_support import Virtuoso, available, running_virtuoso

TEXT_QUERY = PREFIX_BLOCK + """SELECT ?w ?score WHERE {
    ?w a psk:Study ; psk:textMatch '"peer support" OR recovery' ; psk:textScore ?score } ORDER BY DESC(?score) ?w"""
JSON = "application/sparql-results+json"


@pytest.fixture(scope="module")
def virtuoso(seed_build) -> Iterator[Virtuoso]:
    """A Virtuoso the seed build was published to."""
    if not available():
        if os.environ.get("CI"):
            pytest.fail("virtuoso-t is not installed; scripts/install-test-deps installs it")
        pytest.skip("virtuoso-t is not installed (scripts/install-test-deps installs it)")
    with running_virtuoso() as instance:
        environment = dict(os.environ, KG_REMOTE_USER=instance.user, KG_REMOTE_PASSWORD=instance.password)
        published = subprocess.run([str(KG), "publish", "--store", str(seed_build.store),
                                    "--graph-store", instance.graph_store],
                                   capture_output=True, text=True, env=environment, timeout=300, check=False)
        assert published.returncode == 0, published.stderr
        yield instance


def kg_serve(*options: str, cwd: Path | None = None):  # type: ignore[no-untyped-def]
    port = free_port()
    return serving([str(KG), "serve", "--port", str(port), *options], port, dict(os.environ), cwd)


def when_made(url: str, **kwargs: object) -> requests.Response:
    """GET, waiting while the server is still making the build's index or dumps (503 with 'being made')."""
    deadline = time.monotonic() + 120
    while True:
        response = requests.get(url, timeout=60, **kwargs)  # type: ignore[arg-type]
        if response.status_code != 503 or "being made" not in response.text:
            return response
        assert time.monotonic() < deadline, response.text
        time.sleep(0.3)


def scored(response: requests.Response) -> list[tuple[str, float]]:
    assert response.status_code == 200, response.text
    return [(row["w"]["value"], float(row["score"]["value"])) for row in response.json()["results"]["bindings"]]


def test_the_remote_front_searches_and_dumps_from_the_build_that_was_published(seed_build, virtuoso):
    store = str(seed_build.store)
    with kg_serve("--store", store) as (_, embedded, _), \
            kg_serve("--remote", virtuoso.sparql, "--store", store) as (_, remote, _):
        here = scored(when_made(embedded + "/sparql", params={"query": TEXT_QUERY}, headers={"Accept": JSON}))
        there = scored(when_made(remote + "/sparql", params={"query": TEXT_QUERY}, headers={"Accept": JSON}))
        assert len(here) >= 2 and [iri for iri, _ in there] == [iri for iri, _ in here]
        # Virtuoso writes doubles with six significant digits
        assert [score for _, score in there] == pytest.approx([score for _, score in here], rel=1e-5)
        assert when_made(remote + "/search", params={"q": "peer"}).status_code == 200
        listing = when_made(remote + "/dumps/")
        assert listing.status_code == 200 and "SHA256SUMS" in listing.text
        sums = when_made(remote + "/dumps/SHA256SUMS")
        assert sums.status_code == 200 and sums.content == when_made(embedded + "/dumps/SHA256SUMS").content


def test_without_the_local_build_the_remote_front_says_what_to_pass(virtuoso, tmp_path):
    with kg_serve("--remote", virtuoso.sparql, cwd=tmp_path) as (_, remote, _):
        for path, params in (("/sparql", {"query": TEXT_QUERY}), ("/dumps/", {}), ("/dumps/SHA256SUMS", {}),
                             ("/search", {"q": "peer"})):
            response = requests.get(remote + path, params=params, timeout=60)
            assert response.status_code == 503, (path, response.text)
            assert f"kg serve --remote {virtuoso.sparql} --store DIR" in response.text, path
        plain = requests.get(remote + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": JSON},
                             timeout=60)
        assert plain.status_code == 200 and plain.json()["boolean"] is True  # the rest is served as before
    empty = tmp_path / "empty"
    refused = subprocess.run([str(KG), "serve", "--remote", virtuoso.sparql, "--store", str(empty)],
                             capture_output=True, text=True, timeout=60, check=False)
    assert refused.returncode != 0 and "names the build that was published" in refused.stderr
