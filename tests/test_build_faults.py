"""`kg build` run as a user runs it, under faults: a near-copy of a document, a killed build,
a full disk, a second build of the same store, a document that maps too slowly."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import current_build, open_read_only
from tests.conftest import PREFIX_BLOCK, SEEDS, seed_path


def _kg(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, check=False)


def _start(*args: str | Path, cwd: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=cwd)


def _rows(store: Path, query: str) -> list[tuple[str, ...]]:
    result = open_read_only(store).query(PREFIX_BLOCK + query)
    assert isinstance(result, ox.QuerySolutions)
    return sorted(tuple(term.value for term in row) for row in result)


def _folders(store: Path) -> set[str]:
    return set(os.listdir(store / "builds"))


def _one_doi_changed(folder: Path) -> Path:
    """A second save of the seed article page with one digit of reference 16's DOI changed."""
    text = seed_path("002").read_text(encoding="utf-8")
    changed = text.replace("10.1007/s10597-017-0145-4", "10.1007/s10598-017-0145-4")
    assert changed != text
    copy = folder / "one-doi-changed.txt"
    copy.write_text(changed, encoding="utf-8")
    return copy


def test_a_near_copy_never_gets_the_original_rejected(docs_dir: Path, tmp_path: Path) -> None:
    _one_doi_changed(docs_dir)
    store = tmp_path / "store"
    done = _kg("build", docs_dir, "--store", store, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "documents: 4 (4 loaded, 0 rejected)" in done.stdout
    # Each document's reference 16 is its own entry, pointing to the DOI that document gives.
    rows = _rows(store, """SELECT ?source ?doi WHERE {
        GRAPH ?g { ?work psk:hasReference ?entry . ?entry psk:referenceNumber 16 ; psk:refersTo ?cited .
                   ?cited bibo:doi ?doi }
        ?g prov:wasDerivedFrom ?s . ?s dcterms:identifier ?source }""")
    assert [(source.rsplit("/", 1)[-1], doi) for source, doi in rows] == [
        (seed_path("002").name, "10.1007/s10597-017-0145-4"),
        ("one-doi-changed.txt", "10.1007/s10598-017-0145-4"),
    ]
    validated = _kg("validate", "--store", store, cwd=tmp_path)
    assert validated.returncode == 0, validated.stdout


def _kill_while_loading(folder: Path, store: Path, cwd: Path) -> None:
    """Start a build and kill -9 it while it writes its new folder (marked partial)."""
    for _ in range(5):
        before = _folders(store) if (store / "builds").exists() else set()
        process = _start("build", folder, "--store", store, cwd=cwd)
        while process.poll() is None:
            if (store / "builds").exists() and any(n.endswith(".partial") for n in _folders(store) - before):
                process.send_signal(signal.SIGKILL)
                process.communicate()
                return
            time.sleep(0.001)
        process.communicate()  # finished before it could be caught writing: try again
    pytest.fail("never caught a build while it wrote its folder")


def test_killed_builds_are_removed_and_the_previous_build_is_kept(docs_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert _kg("build", docs_dir, "--store", store, cwd=tmp_path).returncode == 0
    assert _kg("build", docs_dir, "--store", store, cwd=tmp_path).returncode == 0
    previous = current_build(store)
    assert previous is not None
    _kill_while_loading(docs_dir, store, tmp_path)
    leftover = {n for n in _folders(store) if n.endswith(".partial")}
    assert len(leftover) == 1, "a killed build's folder is marked partial"
    assert current_build(store) == previous, "a killed build publishes nothing"
    assert _kg("build", docs_dir, "--store", store, cwd=tmp_path).returncode == 0
    published = current_build(store)
    assert published is not None and published != previous
    # The killed build's folder is gone, and pruning kept the build a server may still have open.
    assert _folders(store) == {previous.name, published.name}


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB file system, room for one build of the seeds but not for a larger one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root to mount a small file system")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr!r}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_is_one_line_and_keeps_the_store(small_disk: Path, docs_dir: Path, tmp_path: Path) -> None:
    store = small_disk / "store"
    assert _kg("build", SEEDS, "--store", store, cwd=tmp_path).returncode == 0
    before = current_build(store)
    big = tmp_path / "big"
    big.mkdir()
    text = seed_path("001").read_text(encoding="utf-8")
    for n in range(50):  # fifty listings of seven records each: more than the disk holds
        (big / f"listing-{n:02d}.txt").write_text(text.replace("2019", str(1960 + n)), encoding="utf-8")
    done = _kg("build", big, "--store", store, "--no-validate", cwd=tmp_path)
    assert done.returncode == 1
    assert re.fullmatch(r"kg: no space left on device while writing \S+; the previous store is unchanged\n",
                        done.stderr), done.stderr
    assert current_build(store) == before
    assert _folders(store) == {before.name} if before else False
    assert _rows(store, "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a psk:Study }") == [("9",)]


def _hold_lock(store: Path) -> int:
    store.mkdir(parents=True, exist_ok=True)
    handle = os.open(store / "build.lock", os.O_WRONLY | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def test_a_second_build_is_refused_before_it_reads_anything(tmp_path: Path) -> None:
    store = tmp_path / "store"
    handle = _hold_lock(store)
    try:
        # The path does not exist: a build that mapped first would complain about it instead.
        done = _kg("build", tmp_path / "no-such-folder", "--store", store, cwd=tmp_path)
    finally:
        os.close(handle)
    assert done.returncode != 0
    assert "another build is writing this store" in done.stderr and "--wait" in done.stderr
    assert "no such file" not in done.stderr and "documents:" not in done.stdout


def test_wait_builds_once_the_other_build_is_done(tmp_path: Path) -> None:
    store = tmp_path / "store"
    handle = _hold_lock(store)
    try:
        process = _start("build", SEEDS, "--store", store, "--wait", cwd=tmp_path)
        time.sleep(1.0)
        assert process.poll() is None, "it waits while the lock is held"
        assert current_build(store) is None
    finally:
        os.close(handle)
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "documents: 3 (3 loaded, 0 rejected)" in out


def test_a_document_over_the_time_limit_is_rejected_by_name(docs_dir: Path, tmp_path: Path) -> None:
    """No seed maps in a millisecond: each is rejected by name, its worker replaced, the next one tried."""
    done = _kg("build", docs_dir, "--store", tmp_path / "store", "--jobs", "1", "--time-limit", "0.001", cwd=tmp_path)
    assert done.returncode == 1
    for path in sorted(docs_dir.iterdir()):
        assert f"{path.name}: took longer than 0.001 s to map" in done.stderr
    assert "no document could be loaded" in done.stderr
