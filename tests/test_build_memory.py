"""A build's memory does not grow with the corpus: documents stream through it, one at a time.

The parent process of `kg build` is measured (its peak resident memory, as the kernel
counts it) on N and 4N generated documents. Before builds streamed, every document graph
sat in the parent until the load, and the peak grew by about 2 MB per document (on these
documents: 221 MB at 20, 778 MB at 80); now it stays near what the interpreter, the
libraries and one document need.
"""

from __future__ import annotations

import gc
import subprocess
import sys
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from bench.synthetic import generate
from kg.link import link
from kg.mapping import map_document
from kg.namespaces import IriMinter
from kg.resolve import DocumentKeys, KeyTables, document_keys, resolve_keys
from kg.triples import TripleWriter

# The peak is the process's own high-water mark (VmHWM): ru_maxrss would count the test runner too, as it
# was when it started the process (Linux keeps that figure across exec).
# Oxigraph's bulk loader holds its batches of quads in memory, up to a bound of its own (about 1.9 GiB
# at 40 million quads, bench/bulk_chunks.py) that these small corpora never reach: the build's load
# is run in calls of a few thousand quads here, so that what grows with the corpus is the build's.
_MEASURE = """
import runpy, sys
import kg.build
load = kg.build.bulk_extend_lines
kg.build.bulk_extend_lines = lambda store, blocks, chunk=None: load(store, blocks, 5_000)
sys.argv = ["kg", *sys.argv[1:]]
try:
    runpy.run_module("kg.cli", run_name="__main__")
except SystemExit as done:
    code = done.code
with open("/proc/self/status") as status:
    print(code, next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")))
"""
SMALL = 20


def _measured_kib(script: str, documents: Path, store: Path, *options: str) -> int:
    """Run `kg build` under one of the measuring scripts in a process of its own; its exit code must be 0;
    returns the figure (KiB) the script prints after it."""
    done = subprocess.run([sys.executable, "-c", script, "build", str(documents), "--store", str(store),
                           "--no-progress", *options], capture_output=True, text=True, check=False)
    code, peak = done.stdout.split()[-2:]
    assert code in ("0", "None"), done.stderr
    return int(peak)


def _peak_kib(documents: Path, store: Path) -> int:
    """The build process's peak memory."""
    return _measured_kib(_MEASURE, documents, store, "--no-validate")


def test_peak_memory_does_not_grow_with_the_corpus(tmp_path: Path) -> None:
    generate(SMALL, tmp_path / "small")
    generate(4 * SMALL, tmp_path / "large")
    small = _peak_kib(tmp_path / "small", tmp_path / "store-small")
    large = _peak_kib(tmp_path / "large", tmp_path / "store-large")
    assert large < 1.3 * small, f"{SMALL} documents: {small // 1024} MB; {4 * SMALL}: {large // 1024} MB"


# What the key tables may hold in Python memory per document, and what resolution may add on top of
# them at its peak, per document. Held in memory, the tables cost about 44 KiB per generated
# document and resolution's peak as much again: 100,000 documents would have needed some 8 GiB.
TABLES_PER_DOCUMENT = 2 * 1024
RESOLUTION_PER_DOCUMENT = 8 * 1024


def _keys(count: int, folder: Path) -> list[DocumentKeys]:
    """The keys of `count` generated documents, as mapping hands them to the build."""
    writer = TripleWriter(IriMinter())
    return [document_keys(map_document(path, path.name, writer).mapped) for path in generate(count, folder)]


def _memory(keys: list[DocumentKeys], store: Path) -> tuple[int, int]:
    """Python memory the key tables hold once the documents' keys are in, and what resolving and linking
    add at their peak (bytes, as tracemalloc counts them)."""
    gc.collect()
    tracemalloc.start()
    try:
        with KeyTables.of(keys, store / "keys.sqlite") as tables:
            held = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
            resolution = resolve_keys(tables, IriMinter())
            link(tables, resolution.plan, IriMinter())
            peak = tracemalloc.get_traced_memory()[1] - held
    finally:
        tracemalloc.stop()
    return held, peak


def test_key_tables_do_not_grow_in_memory_with_the_corpus(tmp_path: Path) -> None:
    keys = _keys(4 * SMALL, tmp_path / "documents")
    assert len(keys) == 4 * SMALL
    (tmp_path / "small").mkdir()
    (tmp_path / "large").mkdir()
    small = _memory(keys[:SMALL], tmp_path / "small")
    large = _memory(keys, tmp_path / "large")
    added = 3 * SMALL
    tables, resolving = (large[0] - small[0]) / added, (large[1] - small[1]) / added
    assert tables < TABLES_PER_DOCUMENT, f"the key tables hold {tables / 1024:.1f} KiB more per document"
    assert resolving < RESOLUTION_PER_DOCUMENT, f"resolution's peak grows {resolving / 1024:.1f} KiB per document"


# What both measuring scripts below begin with: reading resident memory and starting a stage's measure.
_MEASURING = """
import ctypes, gc, runpy, sys

def resident(field):
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field))

def begin():  # frees what can be freed, resets the high-water mark: the memory held as a stage begins
    gc.collect()
    ctypes.CDLL("libc.so.6").malloc_trim(0)  # freed memory goes back: the stage's own shows in full
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # resets the high-water mark of resident memory
    return resident("VmRSS:")
"""
# ... and end with: the real command, then its exit code and the largest peak measured.
_RUN_KG = """
sys.argv = ["kg", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("kg.cli", run_name="__main__")
except SystemExit as done:
    code = done.code
print(code, max(peaks))
"""


# Runs `kg build` with the record of what changed measured: the peak resident memory of that stage above
# the memory the process held when it began (the kernel's high-water mark, reset as the stage begins).
# The record goes to the store in calls of at most CHUNK quads, and the comparison's SQLite page cache is
# bounded by CACHE_KIB (16 MiB, more than the whole comparison of 160 documents): both are bounded lower
# here, so that filling them up to their bound does not look like growth on these small stores.
_MEASURE_RECORD = _MEASURING + """
import kg.build, kg.changes
kg.changes.CHUNK = 1_000
kg.changes.CACHE_KIB = 256
stage, peaks = kg.build.record, []

def measured(old, new, *args, **kwargs):
    for store in (old, new):
        for _ in store if store is not None else ():
            pass  # the engine's caches fill up to their bound: on stores this small they would look like growth
    before = begin()
    try:
        return stage(old, new, *args, **kwargs)
    finally:
        peaks.append(resident("VmHWM:") - before)

kg.build.record = measured
""" + _RUN_KG
# What the record of what changed may add per document of the store. Holding every work, person and
# change of both stores, it added about 110 KiB per generated document (some 11 GiB at 100,000).
RECORD_PER_DOCUMENT = 16


def _record_kib(documents: Path, store: Path) -> int:
    """`kg build` in a process of its own (exit code 0); the peak memory its record of what changed added."""
    return _measured_kib(_MEASURE_RECORD, documents, store, "--no-validate")


def _growth(tmp_path: Path, measure: Callable[[Path, Path], int], times: int = 8) -> tuple[int, int, float]:
    """``measure`` at SMALL and ``times`` × SMALL generated documents: both figures (KiB) and the KiB per
    document between them. The allocator's arenas make one measurement vary by a few MiB either way, and the
    sizes lie far apart. The small corpus is built twice, into stores of their own, and keeps its smaller
    figure; the large one, which takes most of the time, is built once: spread over its documents, a chance
    variation of a few MiB is a few KiB per document, far below each bound and the growth it was set against."""
    generate(SMALL, tmp_path / "small")
    generate(times * SMALL, tmp_path / "large")
    small = min(measure(tmp_path / "small", tmp_path / f"store-small-{run}") for run in range(2))
    large = measure(tmp_path / "large", tmp_path / "store-large")
    assert small > 0
    return small, large, (large - small) / ((times - 1) * SMALL)


def test_the_record_of_what_changed_does_not_grow_with_the_store(tmp_path: Path) -> None:
    # One build's figure varies by up to 2 MiB (about 13 KiB per document over 140): the sizes lie 300 apart.
    # Measured 2026-12-01: about 6 MiB at both sizes, within half a MiB in three builds of each.
    small, large, per_document = _growth(tmp_path, _record_kib, times=16)
    assert per_document < RECORD_PER_DOCUMENT, (
        f"the record of what changed added {small} KiB at {SMALL} documents, {large} KiB at {16 * SMALL}: "
        f"{per_document:.0f} KiB more per document")


# Runs `kg build` (with validation) with its validation and its load measured: the largest peak resident
# memory of either stage above the memory the process held when it began (documents stream from staging
# through resolution's rewriting into validation, then again into the store's bulk loader). The caches bounded by a number of
# terms (the load's term converter, the validation encoder) are bounded lower here, so that filling them
# up to their bound does not look like growth on these small corpora; validation batches keep their size.
_MEASURE_LOAD = _MEASURING + """
import kg.build, kg.shacl.engine, kg.terms
kg.terms.CONVERTED_TERMS = kg.shacl.engine._ENCODED_TERMS = 2_000
load, verdicts, peaks = kg.build.bulk_extend_lines, kg.build._verdicts, []

def measured(stage):
    def run(*args):
        before = begin()
        try:
            return stage(*args)
        finally:
            peaks.append(resident("VmHWM:") - before)
    return run

kg.build.bulk_extend_lines = measured(lambda store, blocks, chunk=None: load(store, blocks, 5_000))
kg.build._verdicts = measured(verdicts)  # each round of validation, as a stage of its own
""" + _RUN_KG
# What the validate-and-load stage may add per document. Holding each validation batch's N-Quads (and a
# pickled copy for its worker) in the build's process while the batches queued, it added about 980 KiB
# per generated document from 20 to 160 documents (150 to 290 MiB); with the batches waiting on disk,
# about 120 (113 to 129 MiB: the documents that wait for their batch's verdicts, bounded by the batches
# under way, which these 160 documents do not yet fill). From 20 to 80 documents it adds the same (129 and 138 KiB
# per document in two runs, 2026-12-02), so the test builds 80: half the time, and the old growth still three times
# over the bound.
LOAD_PER_DOCUMENT = 320
LOAD_TIMES = 4


def _load_kib(documents: Path, store: Path) -> int:
    """`kg build` with validation in a process of its own (exit code 0); the peak memory its validate-and-load
    stage added."""
    return _measured_kib(_MEASURE_LOAD, documents, store, "--jobs", "2")


def test_validating_and_loading_do_not_grow_with_the_corpus(tmp_path: Path) -> None:
    small, large, per_document = _growth(tmp_path, _load_kib, times=LOAD_TIMES)
    assert per_document < LOAD_PER_DOCUMENT, (
        f"validating and loading added {small} KiB at {SMALL} documents, {large} KiB at {LOAD_TIMES * SMALL}: "
        f"{per_document:.0f} KiB more per document")
