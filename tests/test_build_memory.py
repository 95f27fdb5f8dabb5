"""A build's memory does not grow with the corpus: documents stream through it, one at a time.

The parent process of `kg build` is measured (its peak resident memory, as the kernel
counts it) on N and 4N generated documents. Before builds streamed, every document graph
sat in the parent until the load, and the peak grew by about 2 MB per document (on these
documents: 221 MB at 20, 778 MB at 80); now it stays near what the interpreter, the
libraries and one document need.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.synthetic import generate

_MEASURE = """
import resource, runpy, sys
sys.argv = ["kg", *sys.argv[1:]]
try:
    runpy.run_module("kg.cli", run_name="__main__")
except SystemExit as done:
    code = done.code
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
SMALL = 20


def _peak_kib(documents: Path, store: Path) -> int:
    """Run `kg build` in a process of its own; its exit code must be 0; returns the process's peak memory."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, "build", str(documents), "--store", str(store),
                           "--no-validate", "--no-progress"], capture_output=True, text=True, check=False)
    code, peak = done.stdout.split()[-2:]
    assert code in ("0", "None"), done.stderr
    return int(peak)


def test_peak_memory_does_not_grow_with_the_corpus(tmp_path: Path) -> None:
    generate(SMALL, tmp_path / "small")
    generate(4 * SMALL, tmp_path / "large")
    small = _peak_kib(tmp_path / "small", tmp_path / "store-small")
    large = _peak_kib(tmp_path / "large", tmp_path / "store-large")
    assert large < 1.3 * small, f"{SMALL} documents: {small // 1024} MB; {4 * SMALL}: {large // 1024} MB"
