"""The store: a build is published atomically; failed or concurrent builds leave the old one serving."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

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
