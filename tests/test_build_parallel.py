"""Parallel mapping gives exactly what one process gives."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import SEEDS
from tests.test_resolution import EXPORTS


def _dump(corpus: Path, jobs: int, work: Path) -> bytes:
    store, out = work / f"store-{jobs}", work / f"dump-{jobs}.nq"
    for args in (["build", str(corpus), "--store", str(store), "--jobs", str(jobs)],
                 ["export", "--store", str(store), "--format", "nq", "--out", str(out)]):
        done = subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True,
                              cwd=work, check=False)
        assert done.returncode in (0, 1), done.stderr  # the broken exports reject records
    return out.read_bytes()


def test_one_and_two_workers_give_byte_identical_dumps(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus / "seeds")
    shutil.copytree(EXPORTS, corpus / "exports")
    one, two = _dump(corpus, 1, tmp_path), _dump(corpus, 2, tmp_path)
    assert len(one) > 100_000
    assert one == two


def test_query_loads_neither_the_build_nor_pyshacl(tmp_path: Path) -> None:
    """`kg query` imports what a query needs: not the build, the mappers, pyshacl or oxrdflib."""
    store = tmp_path / "store"
    assert subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEEDS), "--store", str(store)],
                          capture_output=True, check=False, cwd=tmp_path).returncode == 0
    script = f"""
import sys
from kg.cli import main
main(["query", "--store", {str(store)!r}, "ASK {{ ?s a psk:Study }}"], standalone_mode=False)
heavy = ("kg.build", "kg.mappers", "kg.resolve", "kg.extract", "pyshacl", "oxrdflib")
print(sorted(name for name in sys.modules if name.startswith(heavy)))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout == "true\n[]\n"
