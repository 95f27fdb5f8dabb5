"""The store: a build is published atomically; failed or concurrent builds leave the old one serving."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

import kg.store
from kg.cli import main
from kg.errors import StoreError
from kg.store import LiveStore, current_build, new_build, open_read_only

EX = "http://example.org/"


def _quad(name: str) -> ox.Quad:
    return ox.Quad(ox.NamedNode(EX + name), ox.NamedNode(EX + "p"), ox.Literal(name), ox.NamedNode(EX + "g"))


def _subjects(store: ox.Store) -> set[str]:
    rows = store.query("SELECT ?s { ?s ?p ?o }", use_default_graph_as_union=True)
    return {row["s"].value for row in rows}


def _publish(directory: Path, *names: str) -> None:
    with new_build(directory) as store:
        store.extend([_quad(n) for n in names])


def test_no_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="run `kg build` first"):
        open_read_only(tmp_path / "missing")


def test_failed_build_leaves_previous_store(tmp_path: Path) -> None:
    _publish(tmp_path, "old")
    before = current_build(tmp_path)
    with pytest.raises(RuntimeError), new_build(tmp_path) as store:
        store.add(_quad("new"))
        raise RuntimeError("mapper crashed half way")
    assert current_build(tmp_path) == before
    assert _subjects(open_read_only(tmp_path)) == {EX + "old"}
    assert len(os.listdir(tmp_path / "builds")) == 1, "the failed build's directory is removed"


def test_interrupted_build_leaves_previous_store(tmp_path: Path) -> None:
    _publish(tmp_path, "old")
    with pytest.raises(KeyboardInterrupt), new_build(tmp_path) as store:
        store.add(_quad("new"))
        raise KeyboardInterrupt
    assert _subjects(open_read_only(tmp_path)) == {EX + "old"}


def test_concurrent_build_is_refused(tmp_path: Path) -> None:
    _publish(tmp_path, "old")
    with new_build(tmp_path) as first:
        first.add(_quad("first"))
        with pytest.raises(StoreError, match="another build"), new_build(tmp_path):
            pass
        assert _subjects(open_read_only(tmp_path)) == {EX + "old"}, "nothing published mid-build"
    assert _subjects(open_read_only(tmp_path)) == {EX + "first"}


def test_rebuild_while_serving(tmp_path: Path) -> None:
    """A reader keeps its build; a LiveStore moves to the new one; neither needs the writer's lock."""
    _publish(tmp_path, "one")
    reader = open_read_only(tmp_path)
    live = LiveStore(tmp_path)
    assert _subjects(live.get()) == {EX + "one"}
    _publish(tmp_path, "two")
    assert _subjects(reader) == {EX + "one"}
    assert _subjects(live.get()) == {EX + "two"}


def test_old_builds_are_pruned(tmp_path: Path) -> None:
    for name in ("a", "b", "c", "d"):
        _publish(tmp_path, name)
    assert len(os.listdir(tmp_path / "builds")) == 2
    assert _subjects(open_read_only(tmp_path)) == {EX + "d"}


def test_kg_build_closes_its_new_store_before_publishing_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A server follows `current` and opens each published build read-only; the build's own writer must be gone
    # by then. RocksDB lets one writer hold a store: if opening it for writing works, the build's writer is closed.
    closed: list[bool] = []
    publish = kg.store._publish

    def checked(root: Path, build: Path) -> None:
        try:
            probe = ox.Store(str(build))
        except OSError:
            closed.append(False)
        else:
            del probe
            closed.append(True)
        publish(root, build)

    monkeypatch.setattr(kg.store, "_publish", checked)
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    added = tmp_path / "added.ris"
    added.write_text("TY  - JOUR\nTI  - Peer navigators in primary care\nPY  - 2021\nER  - \n", encoding="utf-8")
    store = str(tmp_path / "store")
    for documents in ([str(seeds)], [str(seeds), str(added)]):  # from nothing, then made from the published one
        result = CliRunner().invoke(main, ["build", *documents, "--store", store, "--no-progress"])
        assert result.exit_code == 0, result.output
    assert "reused:" in result.output
    assert closed == [True, True]
