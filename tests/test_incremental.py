"""Incremental builds: a new build is the published one plus what changed, and equals a build from nothing.

Every build here is the real `kg build` command in a process of its own; the incremental store is
compared, byte for byte, with a build of the same documents from nothing in another store.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF

from kg.build import BuildSettings, build
from kg.changes import compare, read_changes
from kg.export import export
from kg.manifest import document_nodes
from kg.mapping import find_documents, map_shipped
from kg.namespaces import DEFAULT_BASE
from kg.resolve.keys import KINDS
from kg.store import current_build, open_read_only
from tests.conftest import ROOT, SEEDS, run_query
from tests.test_resolution import EXPORT_FILES, EXPORTS

REUSED = re.compile(r"^reused: .*?(\d+) graphs", re.MULTILINE)  # "reused: 9 mapped, 9 verdicts, 8 graphs of ..."


def _dump(store: Path) -> bytes:
    """The N-Quads dump in the store's order (the change record, the store's history, is not part of it)."""
    out = io.BytesIO()
    export(open_read_only(store), "nq", out)
    return out.getvalue()


def _kg_build(corpus: Path, store: Path, *options: str, rejects: bool = False) -> str:
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(store),
                           "--no-progress", *options], capture_output=True, text=True, cwd=corpus.parent,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == (1 if rejects else 0), done.stdout + done.stderr
    return done.stdout


def _both(corpus: Path, store: Path, scratch: Path, *, rejects: bool = False) -> int:
    """Build the store incrementally and another from nothing, each by `kg build`; check they hold the same
    quads byte for byte, and that the change record says exactly what changed between the two builds.
    Returns how many graphs the incremental build kept from the build before (-1: it was a full build).
    ``rejects``: the documents include one that validation rejects."""
    kept = REUSED.search(_checked_build(corpus, store, scratch, rejects=rejects))
    return int(kept.group(1)) if kept else -1


def _reused(out: str) -> dict[str, int]:
    """What `kg build` says it reused of unchanged documents ("reused: 9 mapped, 8 graphs, ... of ...")."""
    line = next(line for line in out.splitlines() if line.startswith("reused:"))
    counted = line.removeprefix("reused:").removesuffix(" of unchanged documents").split(",")
    return {what: int(n) for n, what in (part.split() for part in counted)}


# The dumps of builds from nothing, by what they were built from: a build from nothing of the same files, folder
# names and curation is the same dump (builds are deterministic: tests/test_determinism.py), so each is made once
# per test process however many steps and tests come back to the same documents.
_FRESH: dict[str, bytes] = {}


def _inputs(corpus: Path, *stores: Path) -> str:
    """A key for everything a build of ``corpus`` reads beside it: every file under its parent folder (the corpus,
    the curators' folder) by its path there and its bytes, the stores left out."""
    digest = hashlib.sha256()
    root = corpus.parent
    for path in sorted(p for p in root.rglob("*") if p.is_file() and not any(s in p.parents for s in stores)):
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _checked_build(corpus: Path, store: Path, scratch: Path, *, rejects: bool = False) -> str:
    """What `_both` does; returns the incremental build's output."""
    out = _kg_build(corpus, store, "--jobs", "2", rejects=rejects)
    key = _inputs(corpus, store, scratch)
    if key not in _FRESH:
        fresh = scratch / f"fresh-{len(list(scratch.iterdir()))}"
        _kg_build(corpus, fresh, "--jobs", "1", "--full", rejects=rejects)
        _FRESH[key] = _dump(fresh)
    incremental, full = _dump(store), _FRESH[key]
    assert sorted(incremental.splitlines()) == sorted(full.splitlines())
    assert incremental == full
    _check_change_record(store)
    return out


def _check_change_record(store: Path) -> None:
    """The record the build wrote equals a comparison of the whole store it replaced with the new one."""
    previous = (store / "previous").resolve()
    if not previous.is_dir():
        return
    current = current_build(store)
    assert current is not None
    old, new = ox.Store.read_only(str(previous)), ox.Store.read_only(str(current))
    assert read_changes(store) == compare(old, new, current.name)


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


def test_incremental_equals_full(tmp_path: Path) -> None:
    corpus, store, scratch = tmp_path / "corpus", tmp_path / "store", tmp_path / "scratch"
    scratch.mkdir()
    shutil.copytree(SEEDS, corpus / "seeds")
    assert _both(corpus, store, scratch) == -1, "the first build starts from nothing"
    before, seeds_only = _merges(store), _dump(store)

    # Additions: the users' exports repeat works and authors of the seeds, so merges appear, and the
    # seeds' graphs are written again with the merged nodes.
    (corpus / "exports").mkdir()
    for name in EXPORT_FILES:
        shutil.copy(EXPORTS / name, corpus / "exports" / name)
    assert _both(corpus, store, scratch) >= 0
    assert _merges(store) > before

    # The same documents again: every graph is kept, nothing changes.
    assert _both(corpus, store, scratch) == 3 + len(EXPORT_FILES)
    assert read_changes(store) == []

    # An edit: one export's first record gets another title; the documents it shares nodes with are
    # written again, the others kept.
    ris = corpus / "exports" / "zotero.ris"
    ris.write_text(ris.read_text(encoding="utf-8").replace("a review of evidence", "a review of the evidence"),
                   encoding="utf-8")
    kept = _both(corpus, store, scratch)
    assert 0 <= kept < 3 + len(EXPORT_FILES) - 1
    assert {c.item for c in read_changes(store) if c.kind == "document"} == {"corpus/exports/zotero.ris"}

    # Removals: without the exports the merges they made go, with their facts.
    shutil.rmtree(corpus / "exports")
    assert _both(corpus, store, scratch) >= 0
    assert _merges(store) == before
    assert _dump(store) == seeds_only


def _two_okafors(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A corpus of the seeds and two works by an Okafor with no co-author in common; the store and scratch
    folders to build it into."""
    corpus, store, scratch = tmp_path / "corpus", tmp_path / "store", tmp_path / "scratch"
    corpus.mkdir()
    scratch.mkdir()
    shutil.copytree(SEEDS, corpus / "seeds")
    (corpus / "one.ris").write_text(_ris("10.9999/one", "Hope in peer-run services", "Okafor, E. Sally",
                                         "Quill, Tanya"), encoding="utf-8")
    (corpus / "two.ris").write_text(_ris("10.9999/two", "Peer specialists at work", "Okafor, E.",
                                         "Slade, Mike"), encoding="utf-8")
    return corpus, store, scratch


def test_a_document_that_joins_two_persons_and_its_removal(tmp_path: Path) -> None:
    """Okafor of one work and Okafor of another are one person once a source gives both a shared
    co-author; removing that source splits them again, exactly as a build from nothing does."""
    corpus, store, scratch = _two_okafors(tmp_path)
    _both(corpus, store, scratch)
    assert _persons(store, "Okafor") == 2
    (corpus / "three.ris").write_text(_ris("10.9999/two", "Peer specialists at work", "Okafor, E.",
                                           "Slade, Mike", "Quill, T."), encoding="utf-8")
    assert _both(corpus, store, scratch) >= 3, "the seeds' graphs are kept"
    assert _persons(store, "Okafor") == 1
    assert any(c.kind == "merge" and c.change == "added" for c in read_changes(store))
    (corpus / "three.ris").unlink()
    assert _both(corpus, store, scratch) >= 3
    assert _persons(store, "Okafor") == 2
    assert any(c.kind == "merge" and c.change == "removed" for c in read_changes(store))


def test_an_incremental_build_redoes_nothing_for_documents_the_change_does_not_touch(tmp_path: Path) -> None:
    """Adding documents costs what they change: each unchanged document keeps its mapping, its rows in the
    key tables, its plan digest, its verdict and its graph, unless the addition changes what resolution
    decides about its nodes; then only that document is digested, validated and written again."""
    corpus, store, scratch = _two_okafors(tmp_path)
    _both(corpus, store, scratch)
    unchanged = 3 + 2
    # A document about nothing the others hold: every one of them is left as it was.
    (corpus / "alone.ris").write_text(_ris("10.9999/alone", "Mutual aid in rural clubhouses", "Zephyrine, Q.")
                                      .replace("Journal of Tests", "Annals of Clubhouse Studies"),
                                      encoding="utf-8")
    assert _reused(_checked_build(corpus, store, scratch)) == dict.fromkeys(
        ("mapped", "verdicts", "graphs", "keys", "plans"), unchanged)
    unchanged += 1
    # A document that makes the two Okafors one person (and shares a work with two.ris): those two documents'
    # plans change, so they are digested, validated and written again; the seeds are not, and no document
    # is mapped again or has its keys read back.
    (corpus / "three.ris").write_text(_ris("10.9999/two", "Peer specialists at work", "Okafor, E.",
                                           "Slade, Mike", "Quill, T."), encoding="utf-8")
    reused = _reused(_checked_build(corpus, store, scratch))
    assert _persons(store, "Okafor") == 1
    assert reused == {"mapped": unchanged, "keys": unchanged, "plans": unchanged - 2, "verdicts": unchanged - 2,
                      "graphs": unchanged - 2}


def test_a_copy_holds_the_graph_once_the_document_it_copied_is_removed(tmp_path: Path) -> None:
    """Two files with the same content are loaded once, as the first; when that one goes, the other holds
    the graph, as in a build from nothing."""
    corpus, store, scratch = tmp_path / "corpus", tmp_path / "store", tmp_path / "scratch"
    corpus.mkdir()
    scratch.mkdir()
    shutil.copytree(SEEDS, corpus / "seeds")
    for name in ("a.ris", "b.ris"):
        (corpus / name).write_text(_ris("10.9999/twin", "Twin reports of peer work", "Doe, Jane"), encoding="utf-8")
    _both(corpus, store, scratch, rejects=True)  # the copy is reported as one
    (corpus / "a.ris").unlink()
    assert _both(corpus, store, scratch) >= 3, "the seeds' graphs are kept"
    assert b"10.9999/twin" in _dump(store)


def _dated(doi: str, title: str, year: str, *authors: str) -> str:
    return _ris(doi, title, *authors).replace("PY  - 2015", f"PY  - {year}")


def test_a_document_that_becomes_rejected_and_is_fixed(tmp_path: Path) -> None:
    """A document that validation rejects decides nothing: when an edit dates it 1750 (outside 1800-2100),
    the work it shares with another document keeps that document's date and title, and the merge its
    record made (a work without a DOI joining its DOI) goes; fixed again, both come back. Every step
    equals a build from nothing."""
    corpus, store, scratch = tmp_path / "corpus", tmp_path / "store", tmp_path / "scratch"
    corpus.mkdir()
    scratch.mkdir()
    shutil.copytree(SEEDS, corpus / "seeds")
    (corpus / "accepted.ris").write_text(_dated("10.9999/hope", "Hope in peer support", "2019", "Doe, Jane"),
                                         encoding="utf-8")
    (corpus / "no-doi.ris").write_text(_dated("", "Recovery colleges in practice", "2017", "Roe, Rick")
                                       .replace("DO  - \n", ""), encoding="utf-8")
    edited = corpus / "edited.ris"
    good = (_dated("10.9999/hope", "Hope in peer support: the longer title", "2018", "Doe, Jane") + "\n"
            + _dated("10.9999/rc", "Recovery colleges in practice", "2017", "Roe, Rick"))
    edited.write_text(good, encoding="utf-8")
    work = "https://w3id.org/peer-support-kg/resource/work/doi/10.9999/hope"
    values = f"SELECT ?v WHERE {{ <{work}> dcterms:issued|psk:otherIssued|dcterms:title ?v }} ORDER BY ?v"

    def seen() -> list[str]:
        rows = run_query(open_read_only(store), values)
        assert isinstance(rows, list)
        return [row["v"] for row in rows]

    _both(corpus, store, scratch)
    assert seen() == ["2018", "2019", "Hope in peer support: the longer title"]
    merged = _merges(store)
    assert merged >= 1  # the work without a DOI joined its DOI, by the edited document's record
    edited.write_text(good.replace("2018", "1750"), encoding="utf-8")
    assert _both(corpus, store, scratch, rejects=True) >= 3, "the seeds' graphs are kept"
    assert seen() == ["2019", "Hope in peer support"]
    assert _merges(store) < merged
    edited.write_text(good, encoding="utf-8")
    assert _both(corpus, store, scratch) >= 3
    assert seen() == ["2018", "2019", "Hope in peer support: the longer title"]
    assert _merges(store) == merged


def test_a_changed_program_setting_or_curation_builds_from_nothing(tmp_path: Path) -> None:
    """What every graph depends on (the base IRI, the curators' decisions) changed: nothing is kept."""
    corpus, store, scratch = tmp_path / "corpus", tmp_path / "store", tmp_path / "scratch"
    scratch.mkdir()
    shutil.copytree(SEEDS, corpus / "seeds")
    _both(corpus, store, scratch)
    (corpus.parent / "curation").mkdir()
    (corpus.parent / "curation" / "decisions.csv").write_text(
        "time,curator,curator_id,action,work,kind,value,population,direction,new_value,new_population,evidence,"
        "note\n2026-11-29T18:00:00+00:00,A. Researcher,,reject,"
        f"{DEFAULT_BASE}work/doi/10.1016/j.socscimed.2020.113249,design,design/mixed-methods,,,,,,not a design\n",
        encoding="utf-8")
    assert _both(corpus, store, scratch) == -1
    rows = run_query(open_read_only(store), 'ASK { ?d a psk:CurationDecision ; psk:action "reject" }')
    assert rows is True
    # The same decisions again: the graph of the curated work's document is written again, the others kept.
    assert _both(corpus, store, scratch) == 2


def test_a_lost_cache_entry_is_mapped_again(tmp_path: Path) -> None:
    """A document whose graph must be written again, whose mapping is gone from the cache, is mapped again."""
    corpus, store, scratch = tmp_path / "corpus", tmp_path / "store", tmp_path / "scratch"
    scratch.mkdir()
    shutil.copytree(SEEDS, corpus / "seeds")
    _both(corpus, store, scratch)
    shutil.rmtree(store / "cache")
    (corpus / "exports").mkdir()
    for name in EXPORT_FILES:
        shutil.copy(EXPORTS / name, corpus / "exports" / name)
    assert _both(corpus, store, scratch) >= 0


def test_a_failed_incremental_build_leaves_the_published_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that fails while it patches its copy of the store publishes nothing; the next one is whole."""
    corpus, store = tmp_path / "corpus", tmp_path / "store"
    shutil.copytree(SEEDS, corpus / "seeds")
    build([corpus], BuildSettings(store=store))
    published, dump = current_build(store), _dump(store)
    (corpus / "one.ris").write_text(_ris("10.9999/one", "Hope in peer-run services", "Rogers, E. Sally"),
                                    encoding="utf-8")

    def fail(self: object) -> None:
        raise OSError("the disk went away")

    monkeypatch.setattr("kg.patch.Patch.finish", fail)
    with pytest.raises(OSError, match="went away"):
        build([corpus], BuildSettings(store=store))
    assert current_build(store) == published and _dump(store) == dump
    assert sorted(p.name for p in (store / "builds").iterdir()) == [published.name]
    assert sorted(p.name for p in (store / "manifests").iterdir()) == [f"{published.name}.keys",
                                                                      f"{published.name}.manifest",
                                                                      f"{published.name}.tables"]
    monkeypatch.undo()
    summary = build([corpus], BuildSettings(store=store))
    assert summary.reused["graphs"] == 3 and summary.changes["document"] == {"added": 1}


def test_every_work_journal_or_person_a_document_names_is_one_of_its_nodes() -> None:
    """The plan digest of a document covers its nodes only: a work, journal or person IRI a document
    names but does not type would escape it. No mapper writes one."""
    sources = find_documents([SEEDS, EXPORTS, ROOT / "tests" / "fixtures"])
    mapped = [map_shipped(DEFAULT_BASE, path, display) for path, display in sources]
    typed = {s for m in mapped for s, p, o in m.triples if p == RDF.type and o in KINDS.values()}
    assert len(typed) > 100
    for document in (m for m in mapped if m.keys is not None):
        named = {t for triple in document.triples for t in (triple[0], triple[2]) if t in typed}
        nodes = set(document_nodes(document.keys, tuple(r.work for r in document.readings)))
        assert named <= nodes, f"{document.report.path}: {sorted(named - nodes)[:3]}"


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
