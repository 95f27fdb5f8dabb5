"""Dumps at /dumps/ on `kg serve`: checksums verify, the N-Quads give the store back, every file loads,
two builds of the same input give the same bytes, VoID lists them; a cut CONSTRUCT says so in its body."""

from __future__ import annotations

import gzip
import hashlib
import time

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from kg.build import BuildSettings, build
from kg.dumps import DUMPS, write_dumps
from kg.namespaces import CHANGES_GRAPH, VOID
from kg.store import materialize_default_graph, open_read_only
from tests.conftest import SEEDS
from tests.pages_support import ProcessPeaks, kg_serve, load_rdf, reader_memory, write_build_like_store

FORMATS = {"store.nq.gz": "nquads", "merged.ttl.gz": "turtle", "merged.nt.gz": "nt", "merged.jsonld.gz": "json-ld"}


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return build([SEEDS], BuildSettings(store=tmp_path_factory.mktemp("dumps") / "store")).store


@pytest.fixture(scope="module")
def served(store):
    with kg_serve(store) as server:
        yield server


@pytest.fixture(scope="module")
def manifest(served):
    deadline = time.monotonic() + 120
    while True:
        listing = served.get("/dumps/")
        if listing.status_code == 200:
            break
        assert listing.status_code == 503 and listing.headers["Retry-After"], listing.text
        assert time.monotonic() < deadline, "the dumps were not made within two minutes"
        time.sleep(0.5)
    return served.get("/dumps/manifest.json").json()


@pytest.fixture(scope="module")
def downloads(served, manifest):
    return {f["name"]: served.get("/dumps/" + f["name"], "*/*").content for f in manifest["files"]}


def test_every_dump_is_listed_with_a_checksum_that_verifies(served, manifest, downloads):
    assert {f["name"] for f in manifest["files"]} == {dump.name for dump in DUMPS}
    sums = dict(reversed(line.split("  ")) for line in served.get("/dumps/SHA256SUMS").text.splitlines())
    for entry in manifest["files"]:
        data = downloads[entry["name"]]
        assert len(data) == entry["bytes"]
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] == sums[entry["name"]]
    page = served.get("/dumps/").text
    assert all(entry["sha256"] in page for entry in manifest["files"])


def test_the_nquads_dump_gives_the_store_back(store, downloads, manifest):
    served_store = open_read_only(store)
    fresh = ox.Store()
    fresh.bulk_extend(ox.parse(gzip.decompress(downloads["store.nq.gz"]), format=ox.RdfFormat.N_QUADS))
    history = ox.NamedNode(str(CHANGES_GRAPH))  # the change record is the store's history, not its data
    changes = len(list(served_store.quads_for_pattern(None, None, None, history)))
    named = sum(1 for q in served_store.quads_for_pattern(None, None, None, None)
                if not isinstance(q.graph_name, ox.DefaultGraph)) - changes
    assert len(fresh) == named == next(f for f in manifest["files"] if f["name"] == "store.nq.gz")["statements"]
    assert set(fresh.named_graphs()) == set(served_store.named_graphs()) - {history}
    materialize_default_graph(fresh)
    assert len(fresh) == len(served_store) - changes


@pytest.mark.parametrize("name", ["merged.ttl.gz", "merged.nt.gz", "merged.jsonld.gz"])
def test_each_merged_dump_loads_with_every_triple(store, downloads, manifest, name):
    graph = load_rdf(gzip.decompress(downloads[name]), FORMATS[name])
    merged = len(list(open_read_only(store).quads_for_pattern(None, None, None, ox.DefaultGraph())))
    assert len(graph) == merged == next(f for f in manifest["files"] if f["name"] == name)["statements"]
    if name.endswith("jsonld.gz"):
        assert b'"@context"' in gzip.decompress(downloads[name])[:200]


def test_two_builds_of_the_same_input_give_identical_dumps(tmp_path):
    files = []
    for attempt in ("one", "two"):
        summary = build([SEEDS], BuildSettings(store=tmp_path / attempt))
        write_dumps(open_read_only(summary.store), tmp_path / f"dumps-{attempt}", attempt)
        files.append({d.name: (tmp_path / f"dumps-{attempt}" / d.name).read_bytes() for d in DUMPS})
    assert files[0] == files[1]


def test_void_lists_the_dumps_and_a_licence(served):
    void = Graph().parse(data=served.get("/.well-known/void", "text/turtle").text, format="turtle")
    dumps = {str(o) for o in void.objects(None, VOID.dataDump)}
    assert dumps == {f"{served.url}/dumps/{d.name}" for d in DUMPS}
    assert any(void.objects(None, URIRef("http://purl.org/dc/terms/license")))
    assert 'href="/dumps/"' in served.get("/").text  # the query page links to them


def test_a_construct_cut_at_the_cap_says_so_in_its_body(store):
    query = {"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"}
    with kg_serve(store, "--max-rows", "10") as small:
        turtle = small.get("/sparql", "text/turtle", params=query)
        assert turtle.headers["X-SPARQL-Truncated"] == "true"
        assert turtle.text.startswith("# truncated")
        assert len(Graph().parse(data=turtle.text, format="turtle")) == 10
        jsonld = small.get("/sparql", "application/ld+json", params=query)
        assert jsonld.json()["truncated"] is True
        assert len(load_rdf(jsonld.content, "json-ld")) == 10


def dump_memory(tmp_path, documents: int) -> tuple[float, int]:
    """MiB the server's dump process holds beyond what reading the store costs, and the dumps' bytes."""
    store = tmp_path / f"store-{documents}"
    write_build_like_store(store, documents)
    with kg_serve(store) as served:
        peaks = ProcessPeaks(served.process.pid)
        peaks.start()
        deadline = time.monotonic() + 600
        while served.get("/dumps/").status_code == 503:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        peaks.stop()
        sizes = sum(f["bytes"] for f in served.get("/dumps/manifest.json").json()["files"])
    return peaks.peak_mib("kg.dumps", "RssAnon") - reader_memory(next((store / "builds").iterdir())), sizes


def test_dump_memory_does_not_grow_with_the_store(tmp_path):
    small, small_bytes = dump_memory(tmp_path, 60)  # 46,000 quads
    large, large_bytes = dump_memory(tmp_path, 240)
    assert large_bytes > 3.5 * small_bytes
    # 13 MiB beyond the reader at both sizes; holding the quads in a list instead adds 12 and 49 MiB
    assert large < small + 8, (small, large)
