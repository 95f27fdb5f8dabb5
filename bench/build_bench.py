"""Time `kg build` on synthetic documents next to a raw pyoxigraph bulk load of the same quads.

Run: `python bench/build_bench.py [--sizes 1000 10000] [--out bench/out] [--jobs N] [--incremental]`.
For each size it generates the documents (seeded), runs the real `kg build` command in a
subprocess, dumps every quad of the built store (the document graphs, the build's own graphs
and the default graph: all that the build wrote) as N-Quads, and bulk-loads those quads into a
fresh on-disk pyoxigraph store: the engine's own floor for the same data. The ratio says what
mapping, validation and provenance cost on top of storing. With ``--incremental`` it then adds
10 documents to the folder and times the build of the same store again (wall and processor time,
each as a share of the full build's).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

# Runs `kg` and then prints, on a line of its own, the command process's own peak memory (KiB) and the
# processor time of it and of its workers (s).
_MEASURED = """
import resource, runpy, sys
sys.argv = ["kg", *sys.argv[1:]]
code = 0
try:
    runpy.run_module("kg.cli", run_name="__main__")
except SystemExit as done:
    code = done.code
own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
# The high-water mark of this process's own memory: ru_maxrss would also count the benchmark's process
# as it was when it started this one (Linux keeps it across exec), after the raw load of a size before.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print("measured:", peak, own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime)
sys.exit(code)
"""


def _kg(*args: str) -> tuple[subprocess.CompletedProcess, int, int, float]:
    """Run the real `kg` command; returns the result, the peak memory of the command's own process and
    of any process so far (MiB), and the processor time of the command and its workers (s)."""
    done = subprocess.run([sys.executable, "-c", _MEASURED, *args], capture_output=True, text=True, check=False)
    line = next((line for line in done.stdout.splitlines() if line.startswith("measured:")), "measured: 0 0")
    own_kib, cpu = line.split()[1:]
    return done, int(own_kib) // 1024, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, float(cpu)


def _stages(output: str) -> dict[str, float]:
    line = output.split("seconds:")[1].splitlines()[0].strip()
    return {k: float(v) for k, v in (part.split() for part in line.split(", "))}


def _build(docs: Path, store: Path, validate: bool, jobs: int) -> tuple[float, dict[str, float], dict[str, float], str]:
    """One `kg build`: wall seconds, seconds per stage, memory and processor time, its output."""
    args = ["build", str(docs), "--store", str(store), "--no-progress", "--jobs", str(jobs)]
    start = time.perf_counter()
    done, own_mib, peak_mib, cpu = _kg(*args, *([] if validate else ["--no-validate"]))
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"kg build failed on {docs}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    measured = {"build_process_peak_mib": own_mib, "peak_mib": peak_mib, "cpu_s": round(cpu, 1),
                "load_average": os.getloadavg()[0]}
    return seconds, _stages(done.stdout), measured, done.stdout


def measure(size: int, work: Path, validate: bool, jobs: int, incremental: bool, free_disk: bool = False) -> dict:
    """One size: generate, build, dump, raw load (and an incremental build); wall seconds of each.

    With `free_disk`, the built store is removed once dumped, and the dump and the raw store once loaded, so
    that the disk holds at most two of the three at a time (a store of 30,000 documents is about 24 GB).
    """
    docs = work / f"docs-{size}"
    if not docs.exists():
        generate(size, docs)
    store = work / f"store-{size}-{'v' if validate else 'nv'}-{time.strftime('%H%M%S')}"
    load_before = os.getloadavg()[0]
    build_seconds, stages, measured, _ = _build(docs, store, validate, jobs)
    dump = work / f"dump-{size}.nq"
    built = ox.Store.read_only(str((store / "current").resolve()))
    built.dump(str(dump), ox.RdfFormat.N_QUADS)  # every quad, the default graph included
    quads = len(built)
    named = quads - sum(1 for _ in built.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    del built
    if free_disk:
        shutil.rmtree(store)
    raw_dir = Path(tempfile.mkdtemp(dir=work))
    start = time.perf_counter()
    raw = ox.Store(str(raw_dir / "raw"))
    raw.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    raw.optimize()
    raw_seconds = time.perf_counter() - start
    if free_disk:
        del raw
        shutil.rmtree(raw_dir)
        dump.unlink()
    result = {"documents": size, "validate": validate, "jobs": jobs, "quads": quads, "named_quads": named,
              "kg_build_s": round(build_seconds, 2), "stages_s": stages, "raw_bulk_load_s": round(raw_seconds, 2),
              "ratio": round(build_seconds / raw_seconds, 1), "docs_per_s": round(size / build_seconds, 1),
              "load_average_before_after": [load_before, measured.pop("load_average")], **measured,
              "autogroup": _autogroup(),
              "mib_per_1000_documents": round(1000 * measured["build_process_peak_mib"] / size, 1)}
    if incremental:
        generate(size + 10, docs)  # seeded: the first `size` documents come out byte for byte the same
        seconds, stages, added, out = _build(docs, store, validate, jobs)
        reused = next((line for line in out.splitlines() if line.startswith("reused:")), "")
        # The processor time of both builds (with their workers) is compared too: on a shared machine
        # the wall-clock share follows the load more than the build.
        result["incremental"] = {"added": 10, "kg_build_s": round(seconds, 2), "stages_s": stages,
                                 "share_of_full": round(seconds / build_seconds, 3), "reused": reused,
                                 "cpu_s": added["cpu_s"],
                                 "cpu_share_of_full": round(added["cpu_s"] / measured["cpu_s"], 3),
                                 "load_average": added["load_average"]}
        for extra in sorted(docs.iterdir())[size:]:
            extra.unlink()  # the folder stays the `size` documents for the next run
    return result


def _autogroup() -> bool:
    """Whether the kernel groups processes by session for scheduling: then `nice` orders only the processes of
    one session, and jobs of other sessions take their share of the processor whatever their niceness."""
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return False


def main() -> None:
    """Run every size and print a markdown table (and JSON) of the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    parser.add_argument("--validate", choices=["yes", "no", "both"], default="yes",
                        help="time builds with SHACL validation, without, or both")
    parser.add_argument("--jobs", type=int, default=0, help="worker processes of kg build (0: as many as cores)")
    parser.add_argument("--incremental", action="store_true", help="then add 10 documents and build again")
    parser.add_argument("--free-disk", action="store_true",
                        help="remove each store and dump once measured (large sizes; not with --incremental)")
    args = parser.parse_args()
    if args.free_disk and args.incremental:
        parser.error("--free-disk removes the store that --incremental builds on")
    args.out.mkdir(parents=True, exist_ok=True)
    if _autogroup():
        print("note: the kernel schedules by session (sched_autogroup_enabled is 1), so a niceness given to this "
              "run or to other jobs does not rank it against them; `sysctl kernel.sched_autogroup_enabled=0` "
              "makes it do so", file=sys.stderr)
    results = []
    for size in args.sizes:
        for validate in {"yes": [True], "no": [False], "both": [True, False]}[args.validate]:
            results.append(measure(size, args.out, validate, args.jobs, args.incremental, args.free_disk))
            print(json.dumps(results[-1]), flush=True)
    print("\n| documents | SHACL | quads in store (named graphs) | kg build (s) | CPU (s) "
          "| map / resolve / validate / load (s) | raw bulk load (s) | ratio | docs/s "
          "| peak MiB: build process (any process) | build MiB per 1,000 documents "
          "| +10 documents (s, share of full; CPU s, share of full) |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        stages = " / ".join(f"{r['stages_s'].get(k, 0):.1f}" for k in ("map", "resolve", "validate", "load"))
        inc = r.get("incremental")
        shown = (f"{inc['kg_build_s']} ({inc['share_of_full']:.1%}); {inc['cpu_s']} ({inc['cpu_share_of_full']:.1%})"
                 if inc else "–")
        print(f"| {r['documents']:,} | {'yes' if r['validate'] else 'no'} | {r['quads']:,} ({r['named_quads']:,}) | "
              f"{r['kg_build_s']} | {r['cpu_s']} | {stages} | {r['raw_bulk_load_s']} | {r['ratio']}× | "
              f"{r['docs_per_s']} | {r['build_process_peak_mib']:,} ({r['peak_mib']:,}) | "
              f"{r['mib_per_1000_documents']} | {shown} |")


if __name__ == "__main__":
    main()
