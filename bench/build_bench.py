"""Time `kg build` on synthetic documents next to a raw pyoxigraph bulk load of the same triples.

Run: `python bench/build_bench.py [--sizes 1000 10000] [--out bench/out]`. For each size it
generates the documents (seeded), runs the real `kg build` command in a subprocess, exports
the built store as N-Quads, and bulk-loads those quads into a fresh on-disk pyoxigraph store:
the engine's own floor for the same data. The ratio says what mapping, validation and
provenance cost on top of storing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate


def _kg(*args: str) -> tuple[subprocess.CompletedProcess, int]:
    """Run the real `kg` command; returns the result and the peak memory of any child so far (MiB)."""
    done = subprocess.run([sys.executable, "-m", "kg.cli", *args], capture_output=True, text=True, check=False)
    return done, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024


def measure(size: int, work: Path, validate: bool) -> dict:
    """One size: generate, build, export, raw load; wall seconds of each."""
    docs = work / f"docs-{size}"
    if not docs.exists():
        generate(size, docs)
    store = work / f"store-{size}-{'v' if validate else 'nv'}"
    args = ["build", str(docs), "--store", str(store), "--no-progress"] + ([] if validate else ["--no-validate"])
    start = time.perf_counter()
    done, peak_mib = _kg(*args)
    build_seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"kg build failed on {size} documents:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    stages = dict(part.split() for part in done.stdout.split("seconds:")[1].splitlines()[0].strip().split(", "))
    dump = work / f"dump-{size}.nq"
    _kg("export", "--store", str(store), "--format", "nq", "--out", str(dump))
    quads = sum(1 for _ in dump.open("rb"))
    raw_dir = Path(tempfile.mkdtemp(dir=work))
    start = time.perf_counter()
    raw = ox.Store(str(raw_dir / "raw"))
    raw.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    raw.flush()
    raw_seconds = time.perf_counter() - start
    return {"documents": size, "validate": validate, "quads": quads, "kg_build_s": round(build_seconds, 2),
            "stages_s": {k: float(v) for k, v in stages.items()}, "raw_bulk_load_s": round(raw_seconds, 2),
            "ratio": round(build_seconds / raw_seconds, 1), "docs_per_s": round(size / build_seconds, 1),
            "peak_mib": peak_mib}


def main() -> None:
    """Run every size and print a markdown table (and JSON) of the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--out", type=Path, default=Path("bench/out"))
    parser.add_argument("--validate", choices=["yes", "no", "both"], default="yes",
                        help="time builds with SHACL validation, without, or both")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        for validate in {"yes": [True], "no": [False], "both": [True, False]}[args.validate]:
            results.append(measure(size, args.out, validate))
            print(json.dumps(results[-1]), flush=True)
    print("\n| documents | SHACL | quads | kg build (s) | map / resolve / validate / load (s) | raw bulk load (s) "
          "| ratio | docs/s | peak MiB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        stages = " / ".join(f"{r['stages_s'].get(k, 0):.1f}" for k in ("map", "resolve", "validate", "load"))
        print(f"| {r['documents']:,} | {'yes' if r['validate'] else 'no'} | {r['quads']:,} | {r['kg_build_s']} | "
              f"{stages} | {r['raw_bulk_load_s']} | {r['ratio']}× | {r['docs_per_s']} | {r['peak_mib']:,} |")


if __name__ == "__main__":
    main()
