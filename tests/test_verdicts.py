"""A document's verdict is its own: the same in any batch, among any neighbours, from the cache or not.

Every build here is the real `kg build` command in a process of its own; which documents loaded is
read back from the built store with SPARQL (each loaded document's graph names the SHA-256 of the
document it was derived from). The batch size is set through KG_VALIDATION_BATCH_TRIPLES: 1 puts
every document in a batch of its own, 1,000,000 puts them all in one.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.store import open_read_only
from tests.conftest import ROOT, SEEDS, run_query

PREFIXES = """@prefix fabio: <http://purl.org/spar/fabio/> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix ex: <https://example.org/> .
"""
# Two descriptions of one work, each valid alone; together the work has two page counts (sh:maxCount 1).
PAGES_10 = PREFIXES + 'ex:w a fabio:Expression ; dcterms:title "Hope in peer support" ; bibo:numPages 10 .\n'
PAGES_12 = PREFIXES + 'ex:w a fabio:Expression ; dcterms:title "Hope in peer support" ; bibo:numPages 12 .\n'
# An author without a name: invalid alone, whatever another document says about the same person.
NAMELESS = PREFIXES + ('ex:v a fabio:Expression ; dcterms:title "Peer specialists at work" ; dcterms:creator ex:p .\n'
                       'ex:p a foaf:Person .\n')
NAMES_HIM = PREFIXES + 'ex:p foaf:name "Pat Doe" .\n'
UNRELATED = PREFIXES + 'ex:u a fabio:Expression ; dcterms:title "Recovery colleges" .\n'
BATCH_SIZES = ["1", "1000000"]


def _portal_pair(folder: Path) -> None:
    """The portal record twice, as captured on two days: the same DOI (one work) with its times-cited
    count grown from 46 to 52. Each is valid alone; together the work has two counts, and resolution
    keeps one abstract for it, in the first document's graph only."""
    (seed,) = SEEDS.glob("000_*.txt")
    text = seed.read_text(encoding="utf-8")
    assert "被引:46" in text
    (folder / "a_portal.txt").write_text(text, encoding="utf-8")
    (folder / "b_portal.txt").write_text(text.replace("被引:46", "被引:52"), encoding="utf-8")


def _corpus(folder: Path, documents: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _kg_build(corpus: Path, store: Path, batch: str, *options: str) -> str:
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(store),
                           "--no-progress", *options], capture_output=True, text=True, cwd=corpus.parent,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "KG_VALIDATION_BATCH_TRIPLES": batch})
    assert done.returncode in (0, 1), done.stdout + done.stderr  # 1: some document was rejected
    return done.stdout + done.stderr


def _loaded(store: Path, corpus: Path) -> set[str]:
    """The names of the documents of ``corpus`` whose graphs the built store holds."""
    by_digest = {hashlib.sha256(path.read_bytes()).hexdigest(): path.name for path in corpus.iterdir()}
    rows = run_query(open_read_only(store), "SELECT DISTINCT ?source WHERE { GRAPH ?g { ?g prov:wasDerivedFrom ?source } }")
    assert isinstance(rows, list)
    return {by_digest[row["source"].rsplit("/", 1)[-1]] for row in rows
            if row["source"].rsplit("/", 1)[-1] in by_digest}


@pytest.mark.parametrize("batch", BATCH_SIZES)
def test_documents_valid_alone_load_together_in_any_batch(batch: str, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs", {"pages10.ttl": PAGES_10, "pages12.ttl": PAGES_12})
    _portal_pair(corpus)
    out = _kg_build(corpus, tmp_path / "store", batch, "--jobs", "2")
    assert _loaded(tmp_path / "store", corpus) == {"a_portal.txt", "b_portal.txt", "pages10.ttl", "pages12.ttl"}, out
    store = open_read_only(tmp_path / "store")
    # both documents load; resolution settles the conflict (the higher count, the higher page count)
    counts = run_query(store, "SELECT DISTINCT ?n WHERE { GRAPH ?g { ?w psk:citedByCount ?n } } ORDER BY ?n")
    assert [row["n"] for row in counts] == ["52"]  # type: ignore[union-attr]
    pages = run_query(store, "SELECT ?n WHERE { <https://example.org/w> bibo:numPages ?n } ORDER BY ?n")
    assert [row["n"] for row in pages] == ["12"]  # type: ignore[union-attr]
    report = (tmp_path / "store" / "build-report.txt").read_text(encoding="utf-8")
    assert re.search(r"^docs/pages12.ttl: accepted; checked alone on its \d+ triples", report, re.MULTILINE), report


@pytest.mark.parametrize("batch", BATCH_SIZES)
def test_a_document_invalid_alone_is_rejected_in_any_batch(batch: str, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs", {"nameless.ttl": NAMELESS, "names.ttl": NAMES_HIM, "other.ttl": UNRELATED})
    out = _kg_build(corpus, tmp_path / "store", batch, "--jobs", "2")
    assert _loaded(tmp_path / "store", corpus) == {"names.ttl", "other.ttl"}, out
    assert "rejected: docs/nameless.ttl: SHACL Violation: <https://example.org/p> foaf:name: an author without a name" \
        in out


def test_a_verdict_from_the_cache_is_the_verdict_among_other_neighbours(tmp_path: Path) -> None:
    """The first build validates each document beside a neighbour that completes or contradicts it; the
    second swaps the neighbours for an unrelated document, reusing the first build's verdicts (and
    graphs). It must load exactly what a build of the same documents from nothing loads."""
    first = {"nameless.ttl": NAMELESS, "names.ttl": NAMES_HIM, "pages10.ttl": PAGES_10, "pages12.ttl": PAGES_12}
    corpus = _corpus(tmp_path / "docs", first)
    store = tmp_path / "store"
    _kg_build(corpus, store, "1000000", "--jobs", "1")
    assert _loaded(store, corpus) == {"names.ttl", "pages10.ttl", "pages12.ttl"}
    for name in ("names.ttl", "pages10.ttl"):
        (corpus / name).unlink()
    (corpus / "other.ttl").write_text(UNRELATED, encoding="utf-8")
    out = _kg_build(corpus, store, "1000000", "--jobs", "1")
    assert "reused:" in out  # verdicts or graphs of the first build were reused
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    _kg_build(corpus, fresh, "1", "--jobs", "1", "--full")
    assert _loaded(store, corpus) == _loaded(fresh, corpus) == {"pages12.ttl", "other.ttl"}
