"""Publish to Virtuoso and answer the example queries on both engines: `python bench/remote.py [--documents N]`.

Makes a generated store of exactly N document graphs (bench/synthetic_graph.py,
`--works-per-document` works each, 20 by default), starts Debian's Virtuoso on
loopback (tests/virtuoso_support.py) and times, each as `kg publish` run by a user:

- a full publish (every graph written; the build's digests are taken on the way);
- a publish of the same build with nothing changed (the kept digests compared,
  nothing read from the store, nothing written);
- an incremental publish of a new build in which `--revised` documents changed
  (the new build's digests computed once, the changed graphs and the merge written).

Then it runs every example query through `kg serve --store` and `kg serve --remote`
(median of three runs each, after one warm-up; `--no-queries` skips this) and prints
Markdown for BENCHMARKS.md.
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

from bench.synthetic_graph import WORKS_PER_DOCUMENT, write_documents  # noqa: E402
from tests.test_remote import kg_serve  # noqa: E402
from tests.virtuoso_support import running_virtuoso  # noqa: E402

KG = str(Path(sys.executable).with_name("kg"))
JSON = "application/sparql-results+json"


def _timed(url: str, query: str) -> float:
    # a comment line makes each text new to the answer caches, so every run is evaluated
    text = f"# run {time.time_ns()}\n{query}"
    started = time.perf_counter()
    response = requests.post(url, data={"query": text}, headers={"Accept": JSON}, timeout=1800)
    response.raise_for_status()
    return time.perf_counter() - started


def _median(url: str, query: str, runs: int = 3) -> float:
    _timed(url, query)  # warm-up
    return statistics.median(_timed(url, query) for _ in range(runs))


def _publish(command: list[str], environment: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=True)
    seconds = time.perf_counter() - started
    lines = [" ".join(line.split()) for line in done.stdout.splitlines() if not line.startswith("seconds")]
    return seconds, "; ".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--works-per-document", type=int, default=WORKS_PER_DOCUMENT)
    parser.add_argument("--revised", type=int, default=10, help="documents changed for the incremental publish")
    parser.add_argument("--connections", type=int, default=3, help="kg publish --connections")
    parser.add_argument("--no-queries", action="store_true", help="time the publishes only")
    arguments = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        started = time.perf_counter()
        write_documents(store, arguments.documents, arguments.works_per_document)
        generated = time.perf_counter() - started
        rows = []
        with running_virtuoso() as virtuoso:
            environment = dict(os.environ, KG_REMOTE_USER=virtuoso.user, KG_REMOTE_PASSWORD=virtuoso.password)
            command = [KG, "publish", "--store", str(store), "--graph-store", virtuoso.graph_store,
                       "--connections", str(arguments.connections)]
            full = _publish([*command, "--full"], environment)
            unchanged = _publish(command, environment)
            write_documents(store, arguments.documents, arguments.works_per_document, revised=arguments.revised)
            incremental = _publish(command, environment)
            if not arguments.no_queries:
                with kg_serve("--store", str(store)) as embedded, kg_serve("--remote", virtuoso.sparql) as remote:
                    for example in sorted((ROOT / "queries").glob("*.rq")):
                        query = example.read_text(encoding="utf-8")
                        rows.append((example.stem, _median(embedded, query), _median(remote, query)))
    print(f"## Publish: {arguments.documents} generated documents of {arguments.works_per_document} works "
          f"(store generated in {generated:.0f} s; load average {load:.1f} at the start, "
          f"{os.getloadavg()[0]:.1f} at the end)\n")
    print("| publish | seconds | report |")
    print("|---|---:|---|")
    for name, (seconds, report) in (("full", full), ("same build again", unchanged),
                                    (f"{arguments.revised} documents revised", incremental)):
        print(f"| {name} | {seconds:.1f} | {report} |")
    if rows:
        print("\n| example | embedded (ms) | Virtuoso through kg serve --remote (ms) | ratio |")
        print("|---|---|---|---|")
        for name, local, far in rows:
            print(f"| {name} | {local * 1000:.1f} | {far * 1000:.1f} | {far / local:.1f}x |")


if __name__ == "__main__":
    main()
