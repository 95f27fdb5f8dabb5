"""Incremental builds: unchanged documents are not mapped again, and the store equals a build from nothing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from kg.build import BuildSettings, BuildSummary, build
from kg.export import export
from kg.store import open_read_only
from tests.conftest import SEEDS, run_query
from tests.test_resolution import EXPORT_FILES, EXPORTS


def _dump(store: Path) -> bytes:
    out = io.BytesIO()
    export(open_read_only(store), "nq", out)
    return out.getvalue()


def _merges(store: Path) -> int:
    rows = run_query(open_read_only(store), "SELECT (COUNT(*) AS ?n) WHERE { ?m a psk:Merge }")
    assert isinstance(rows, list)
    return int(rows[0]["n"])


def _ris(doi: str, title: str, *authors: str) -> str:
    names = "".join(f"AU  - {name}\n" for name in authors)
    return f"TY  - JOUR\n{names}TI  - {title}\nPY  - 2015\nJO  - Journal of Tests\nDO  - {doi}\nER  - \n"


def _persons(store: Path, family: str) -> int:
    rows = run_query(open_read_only(store), f"""SELECT (COUNT(DISTINCT ?p) AS ?n)
        WHERE {{ ?p a foaf:Person ; foaf:familyName "{family}" }}""")
    assert isinstance(rows, list)
    return int(rows[0]["n"])


def _both(corpus: Path, store: Path, scratch: Path) -> BuildSummary:
    """Build the store incrementally; check it byte for byte against a build from nothing."""
    summary = build([corpus], BuildSettings(store=store, jobs=2))
    fresh = scratch / f"fresh-{len(list(scratch.iterdir()))}"
    build([corpus], BuildSettings(store=fresh, jobs=1, reuse=False))
    assert _dump(store) == _dump(fresh)
    return summary


def test_incremental_equals_full(tmp_path: Path) -> None:
    corpus, store, scratch = tmp_path / "corpus", tmp_path / "store", tmp_path / "scratch"
    scratch.mkdir()
    shutil.copytree(SEEDS, corpus / "seeds")
    first = _both(corpus, store, scratch)
    assert first.reused.get("mapped", 0) == 0
    before = _merges(store)

    # Additions: the users' exports repeat works and authors of the seeds, so merges appear.
    (corpus / "exports").mkdir()
    for name in EXPORT_FILES:
        shutil.copy(EXPORTS / name, corpus / "exports" / name)
    added = _both(corpus, store, scratch)
    assert added.reused["mapped"] == 3, "the seeds are not mapped again"
    assert _merges(store) > before

    # An edit: one export's first record gets another title; only that document is mapped again.
    ris = corpus / "exports" / "zotero.ris"
    ris.write_text(ris.read_text(encoding="utf-8").replace("a review of evidence", "a review of the evidence"),
                   encoding="utf-8")
    edited = _both(corpus, store, scratch)
    assert edited.reused["mapped"] == len(added.documents) - 1

    # Removals: without the exports the merges they made go, with their facts.
    shutil.rmtree(corpus / "exports")
    removed = _both(corpus, store, scratch)
    assert removed.reused["mapped"] == 3
    assert _merges(store) == before
    assert _dump(store) == _dump(scratch / "fresh-0")


def test_a_document_that_joins_two_persons_and_its_removal(tmp_path: Path) -> None:
    """Rogers of one work and Rogers of another are one person once a source gives both a shared
    co-author; removing that source splits them again, exactly as a build from nothing does."""
    corpus, store, scratch = tmp_path / "corpus", tmp_path / "store", tmp_path / "scratch"
    corpus.mkdir()
    scratch.mkdir()
    (corpus / "one.ris").write_text(_ris("10.9999/one", "Hope in peer-run services", "Rogers, E. Sally",
                                         "Quinn, Tanya"), encoding="utf-8")
    (corpus / "two.ris").write_text(_ris("10.9999/two", "Peer specialists at work", "Rogers, E.",
                                         "Slade, Mike"), encoding="utf-8")
    _both(corpus, store, scratch)
    assert _persons(store, "Rogers") == 2
    (corpus / "three.ris").write_text(_ris("10.9999/two", "Peer specialists at work", "Rogers, E.",
                                           "Slade, Mike", "Quinn, T."), encoding="utf-8")
    joined = _both(corpus, store, scratch)
    assert joined.reused["mapped"] == 2
    assert _persons(store, "Rogers") == 1
    (corpus / "three.ris").unlink()
    _both(corpus, store, scratch)
    assert _persons(store, "Rogers") == 2
