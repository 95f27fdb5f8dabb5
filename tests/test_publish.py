"""`kg publish` to a real Virtuoso (Debian's package, started on loopback by the tests)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests

from bench.synthetic_graph import write_documents
from kg.build import BuildSettings, build
from kg.publish import MERGED_GRAPH, PUBLICATION_GRAPH, local_digests, read_publication
from kg.store import current_build, open_read_only
from tests.conftest import ROOT, SEEDS
from tests.test_remote import answer, kg_serve
from tests.virtuoso_support import Virtuoso, available, running_virtuoso

KG = str(Path(sys.executable).with_name("kg"))
DEBIAN_ROWS = 10_000  # Virtuoso's ResultSetMaxRows as Debian ships it
DOCUMENTS = 1_000


@pytest.fixture(scope="module")
def virtuoso() -> Iterator[Virtuoso]:
    """One Virtuoso for the module (CI installs it: a missing server fails there instead of skipping)."""
    if not available():
        if os.environ.get("CI"):
            pytest.fail("virtuoso-t is not installed; scripts/install-test-deps installs it")
        pytest.skip("virtuoso-t is not installed (scripts/install-test-deps installs it)")
    with running_virtuoso(rows=DEBIAN_ROWS) as instance:
        yield instance


def publish(store: Path, remote: Virtuoso, *args: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    """`kg publish` as a user runs it, credentials in the environment."""
    environment = dict(os.environ, KG_REMOTE_USER=remote.user,
                       KG_REMOTE_PASSWORD=remote.password if password is None else password)
    return subprocess.run([KG, "publish", "--store", str(store), "--graph-store", remote.graph_store, *args],
                          capture_output=True, text=True, env=environment, timeout=600, check=False)


def remote_select(remote: Virtuoso, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT at the remote endpoint, as {variable: value}."""
    response = requests.post(remote.sparql, data={"query": query},
                             headers={"Accept": "application/sparql-results+json"}, timeout=60)
    response.raise_for_status()
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


def remote_graphs(remote: Virtuoso) -> dict[str, int]:
    """Every graph of the project on the remote store with its triple count."""
    rows = remote_select(remote, "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                                 "FILTER(STRSTARTS(STR(?g), 'https://w3id.org/peer-support-kg/')) } GROUP BY ?g")
    return {row["g"]: int(row["n"]) for row in rows}


def local_graphs(store: ox.Store) -> dict[str, int]:
    """Every named graph of the local store with its triple count, plus the merge as MERGED_GRAPH."""
    counts: dict[str, int] = {}
    for quad in store:
        name = quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else MERGED_GRAPH
        counts[name] = counts.get(name, 0) + 1
    return counts


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A folder with the three seeds, to add and remove documents."""
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    return folder


def test_publish_writes_every_graph_and_the_merge(virtuoso: Virtuoso, seed_copy: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([seed_copy], BuildSettings(store=store))
    done = publish(store, virtuoso, "--endpoint", virtuoso.sparql, "--full")
    assert done.returncode == 0, done.stderr
    local = local_graphs(open_read_only(store))
    remote = remote_graphs(virtuoso)
    assert {g: n for g, n in remote.items() if g != PUBLICATION_GRAPH} == local
    # The publication record lists each graph with the digest of what was written.
    body = requests.get(virtuoso.graph_store, params={"graph": PUBLICATION_GRAPH},
                        auth=requests.auth.HTTPDigestAuth(virtuoso.user, virtuoso.password),
                        headers={"Accept": "application/n-triples"}, timeout=30).content
    listed, complete = read_publication(body)
    assert complete
    assert listed == local_digests(open_read_only(store))
    # The same title the embedded store answers, through the remote merge graph.
    title = "Developing a Strategy to Embed Peer Support into Mental Health Systems"
    rows = remote_select(virtuoso, f"SELECT ?w FROM <{MERGED_GRAPH}> WHERE {{ ?w <http://purl.org/dc/terms/title> "
                                   f"\"{title}\" }}")
    assert len(rows) == 1


def test_incremental_publish_writes_only_changed_graphs(virtuoso: Virtuoso, seed_copy: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([seed_copy], BuildSettings(store=store))
    assert publish(store, virtuoso, "--full").returncode == 0
    # The same build again: nothing is written, and the digests kept beside the build are compared
    # without reading a single graph of the store.
    again = publish(store, virtuoso)
    assert again.returncode == 0, again.stderr
    assert "0 written, 0 deleted" in again.stdout
    assert "read:    0 graphs from the store (digests kept)" in again.stdout
    # Remove one document: its graph goes, the merge and the derived graphs change, the others stay.
    removed = next(seed_copy.glob("000_*"))
    old_graphs = set(local_graphs(open_read_only(store)))
    removed.unlink()
    build([seed_copy], BuildSettings(store=store))
    new_graphs = set(local_graphs(open_read_only(store)))
    (gone,) = old_graphs - new_graphs
    third = publish(store, virtuoso)
    assert third.returncode == 0, third.stderr
    assert "(digests computed)" in third.stdout  # a new build's digests are computed once...
    fourth = publish(store, virtuoso)
    assert "0 written, 0 deleted" in fourth.stdout
    assert "read:    0 graphs from the store (digests kept)" in fourth.stdout  # ...and kept
    # Kept digests that do not read as ours are computed again, never trusted.
    current = current_build(store)
    assert current is not None
    kept = store / "digests" / f"{current.name}.tsv"
    kept.write_text("damaged\n", encoding="utf-8")
    fifth = publish(store, virtuoso)
    assert "0 written, 0 deleted" in fifth.stdout and "(digests computed)" in fifth.stdout
    written = {line.split(" ", 1)[1].strip("<>") for line in third.stderr.splitlines() if line.startswith("wrote ")}
    deleted = {line.split(" ", 1)[1].strip("<>") for line in third.stderr.splitlines() if line.startswith("deleted ")}
    assert deleted == {gone}
    assert MERGED_GRAPH in written
    document_graphs = {g for g in new_graphs if "/resource/graph/" in g and not g.endswith(("links", "resolution", "merged"))}
    assert not written & document_graphs, "unchanged document graphs were written again"
    assert set(remote_graphs(virtuoso)) - {PUBLICATION_GRAPH} == new_graphs


def test_wrong_password_is_a_clear_error_and_writes_nothing(virtuoso: Virtuoso, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([SEEDS], BuildSettings(store=store))
    before = remote_graphs(virtuoso)
    failed = publish(store, virtuoso, "--full", password="not-the-password")
    assert failed.returncode == 1
    assert "refused the credentials" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert remote_graphs(virtuoso) == before


def test_killed_publish_is_reported_and_a_second_run_finishes(virtuoso: Virtuoso, seed_copy: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    build([seed_copy], BuildSettings(store=store))
    environment = dict(os.environ, KG_REMOTE_USER=virtuoso.user, KG_REMOTE_PASSWORD=virtuoso.password)
    with subprocess.Popen([KG, "publish", "--store", str(store), "--graph-store", virtuoso.graph_store, "--full"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment) as process:
        # Kill it as soon as it has written its first graph.
        assert process.stderr is not None
        for line in process.stderr:
            if line.startswith("wrote "):
                process.kill()
                break
        process.wait()
    body = requests.get(virtuoso.graph_store, params={"graph": PUBLICATION_GRAPH},
                        auth=requests.auth.HTTPDigestAuth(virtuoso.user, virtuoso.password),
                        headers={"Accept": "application/n-triples"}, timeout=30).content
    _, complete = read_publication(body)
    assert not complete, "a killed publish must leave its record marked as in progress"
    finished = publish(store, virtuoso)
    assert finished.returncode == 0, finished.stderr
    listed, complete = read_publication(requests.get(
        virtuoso.graph_store, params={"graph": PUBLICATION_GRAPH},
        auth=requests.auth.HTTPDigestAuth(virtuoso.user, virtuoso.password),
        headers={"Accept": "application/n-triples"}, timeout=30).content)
    assert complete
    assert listed == local_digests(open_read_only(store))
    assert {g: n for g, n in remote_graphs(virtuoso).items() if g != PUBLICATION_GRAPH} == local_graphs(open_read_only(store))


def test_a_thousand_document_graph_answers_the_same_through_the_remote_front(virtuoso: Virtuoso,
                                                                             tmp_path: Path) -> None:
    """1,000 generated document graphs published; every example, and results larger than Debian's
    10,000-row cap, read whole, give the embedded store's answers."""
    store = write_documents(tmp_path / "store", DOCUMENTS, works_per_document=2)
    done = publish(store, virtuoso, "--full", "--endpoint", virtuoso.sparql)
    assert done.returncode == 0, done.stderr
    assert f"{DOCUMENTS + 2} written" in done.stdout  # the documents, the ontology and the merge
    again = publish(store, virtuoso)
    assert "0 written, 0 deleted" in again.stdout and "read:    0 graphs" in again.stdout
    with kg_serve("--store", str(store)) as embedded, kg_serve("--remote", virtuoso.sparql) as remote:
        per_graph = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        _, local_rows = answer(embedded, per_graph)
        _, remote_rows = answer(remote, per_graph)
        assert len(local_rows) == DOCUMENTS + 1
        assert sorted(remote_rows) == sorted(local_rows)
        findings = "SELECT ?f ?p ?o WHERE { ?f a <https://w3id.org/peer-support-kg/ontology#Finding> ; ?p ?o }"
        _, local_rows = answer(embedded, findings)
        _, remote_rows = answer(remote, findings)
        assert len(local_rows) > DEBIAN_ROWS
        assert sorted(remote_rows) == sorted(local_rows)
        for example in sorted((ROOT / "queries").glob("*.rq")):
            query = example.read_text(encoding="utf-8")
            local_vars, local_rows = answer(embedded, query)
            remote_vars, remote_rows = answer(remote, query)
            assert (remote_vars, sorted(remote_rows)) == (local_vars, sorted(local_rows)), example.name
