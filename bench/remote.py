"""Publish to Virtuoso and answer the example queries on both engines: `python bench/remote.py [--documents N]`.

Makes a generated store of N document graphs (bench/synthetic_graph.py, 20 works
each), starts Debian's Virtuoso on loopback (tests/virtuoso_support.py), times a
full `kg publish` and a publish with nothing changed, then runs every example
query through `kg serve --store` and `kg serve --remote` (median of three runs
each, after one warm-up) and prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic_graph import WORKS_PER_DOCUMENT, write_store  # noqa: E402
from tests.test_remote import kg_serve  # noqa: E402
from tests.virtuoso_support import running_virtuoso  # noqa: E402

KG = str(Path(sys.executable).with_name("kg"))
TRIPLES_PER_WORK = 38  # about what synthetic_graph writes per work
JSON = "application/sparql-results+json"


def _timed(url: str, query: str) -> float:
    # a comment line makes each text new to the answer caches, so every run is evaluated
    text = f"# run {time.time_ns()}\n{query}"
    started = time.perf_counter()
    response = requests.post(url, data={"query": text}, headers={"Accept": JSON}, timeout=600)
    response.raise_for_status()
    return time.perf_counter() - started


def _median(url: str, query: str, runs: int = 3) -> float:
    _timed(url, query)  # warm-up
    return statistics.median(_timed(url, query) for _ in range(runs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        write_store(store, arguments.documents * WORKS_PER_DOCUMENT * TRIPLES_PER_WORK)
        with running_virtuoso() as virtuoso:
            environment = dict(os.environ, KG_REMOTE_USER=virtuoso.user, KG_REMOTE_PASSWORD=virtuoso.password)
            command = [KG, "publish", "--store", str(store), "--graph-store", virtuoso.graph_store]
            started = time.perf_counter()
            full = subprocess.run([*command, "--full"], capture_output=True, text=True, env=environment, check=True)
            full_seconds = time.perf_counter() - started
            started = time.perf_counter()
            subprocess.run(command, capture_output=True, text=True, env=environment, check=True)
            noop_seconds = time.perf_counter() - started
            print(f"## Publish, {arguments.documents} generated document graphs\n")
            print(full.stdout.strip().replace("\n", "; "))
            print(f"\nfull publish {full_seconds:.1f} s; publish with nothing changed {noop_seconds:.1f} s\n")
            rows = []
            with kg_serve("--store", str(store)) as embedded, kg_serve("--remote", virtuoso.sparql) as remote:
                for example in sorted((ROOT / "queries").glob("*.rq")):
                    query = example.read_text(encoding="utf-8")
                    rows.append((example.stem, _median(embedded, query), _median(remote, query)))
    print("| example | embedded (ms) | Virtuoso through kg serve --remote (ms) | ratio |")
    print("|---|---|---|---|")
    for name, local, far in rows:
        print(f"| {name} | {local * 1000:.1f} | {far * 1000:.1f} | {far / local:.1f}x |")


if __name__ == "__main__":
    main()
