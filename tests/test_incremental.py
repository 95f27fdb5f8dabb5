"""Incremental builds: unchanged documents are not mapped again, and the store equals a build from nothing."""

from __future__ import annotations

import hashlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

from kg.build import BuildSettings, BuildSummary, build
from kg.export import export
from kg.store import open_read_only
from tests.conftest import SEEDS, run_query
from tests.test_resolution import EXPORT_FILES, EXPORTS


def _dump(store: Path) -> bytes:
    """The sorted N-Quads dump (the change record, the store's history, is not part of it)."""
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


def test_the_change_record_lists_exactly_what_changed(tmp_path: Path) -> None:
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    shutil.copytree(SEEDS, corpus)
    build([corpus], BuildSettings(store=store))
    (corpus / "one.ris").write_text(_ris("10.9999/one", "Hope in peer-run services", "Rogers, E. Sally",
                                         "Quinn, Tanya"), encoding="utf-8")
    first = next((store / "changes").iterdir()).stem
    summary = build([corpus], BuildSettings(store=store))
    assert summary.changes == {"document": {"added": 1}, "work": {"added": 1}, "person": {"added": 2}}
    done = subprocess.run([sys.executable, "-m", "kg.cli", "changes", "--store", str(store)],
                          capture_output=True, text=True, check=True, cwd=tmp_path)
    lines = [line.split("  ", 1)[1] for line in done.stdout.splitlines()[:-1]]
    work = "https://w3id.org/peer-support-kg/resource/work/doi/10.9999/one"
    persons = run_query(open_read_only(store), f"SELECT ?p WHERE {{ <{work}> dcterms:creator ?p }} ORDER BY ?p")
    assert isinstance(persons, list)
    sha = hashlib.sha256((corpus / "one.ris").read_bytes()).hexdigest()
    assert lines == [f"document added: {(corpus / 'one.ris').relative_to(tmp_path).as_posix()}  ({sha})",
                     f"work added: {work}", *(f"person added: {row['p']}" for row in persons)]
    # The same record, as RDF in a graph of its own, with the first build's record kept.
    sets = run_query(open_read_only(store), """SELECT ?build (COUNT(?change) AS ?n) WHERE {
        GRAPH <https://w3id.org/peer-support-kg/changes> { ?set psk:build ?build .
        OPTIONAL { ?set psk:change ?change } } } GROUP BY ?build ORDER BY ?build""")
    assert isinstance(sets, list) and len(sets) == 2
    assert sets[0]["build"] == first and int(sets[1]["n"]) == 4
    since = subprocess.run([sys.executable, "-m", "kg.cli", "changes", "--store", str(store), "--since", first],
                           capture_output=True, text=True, check=True, cwd=tmp_path)
    assert since.stdout == done.stdout
