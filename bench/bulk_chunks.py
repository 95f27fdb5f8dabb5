"""Does loading a store in many bulk-loader calls cost more as the store grows? pyoxigraph alone.

The build loads its quads in calls of ``kg.store.BULK_CHUNK`` N-Quads lines, so that memory stays bounded; the
benchmark's raw anchor loads one file in one call. This loads the same generated quads into a new store both ways
(and in calls of other sizes) and prints the seconds of each, per size of store, so the two curves can be compared:

    python bench/bulk_chunks.py --quads 2000000 6000000 --chunks 50000 1000000 0    # 0: one call for everything

A chunk of -1 is one call that reads the lines from a pipe a thread writes them into, as a build can stream them.
Each cell also gives the bytes the process wrote to disk (RocksDB's writes of its files, compactions included).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

BASE = "https://example.org/"


def lines(count: int, seed: int = 7) -> Iterator[str]:
    """``count`` N-Quads lines shaped like a build's: document graphs of about 2,000 quads, subjects shared within
    a graph, a few predicates, IRIs and literals as objects."""
    rng = random.Random(seed)
    for i in range(count):
        graph, subject = i // 2000, i // 20
        predicate = rng.randrange(40)
        if rng.random() < 0.5:
            obj = f"<{BASE}r/{rng.randrange(count // 10 + 1)}>"
        else:
            obj = f'"value {rng.randrange(1_000_000)}"'
        yield f"<{BASE}s/{subject}> <{BASE}p/{predicate}> {obj} <{BASE}g/{graph}> .\n"


def _written() -> int:
    with open("/proc/self/io") as io:
        return next(int(line.split()[1]) for line in io if line.startswith("write_bytes:"))


def _streamed(store: ox.Store, count: int) -> None:
    read, write = os.pipe()

    def feed() -> None:
        with open(write, "wb") as out:
            batch: list[str] = []
            for line in lines(count):
                batch.append(line)
                if len(batch) >= 10_000:
                    out.write("".join(batch).encode())
                    batch = []
            out.write("".join(batch).encode())

    feeder = threading.Thread(target=feed)
    feeder.start()
    with open(read, "rb") as source:
        store.bulk_load(source, ox.RdfFormat.N_QUADS)
    feeder.join()


def load(count: int, chunk: int, folder: Path) -> tuple[float, float]:
    """Seconds to load ``count`` quads into a new store in calls of ``chunk`` lines (0: one call; -1: one call
    reading a pipe), flushed, and the GiB written to disk meanwhile."""
    store = ox.Store(str(folder))
    written = _written()
    start = time.perf_counter()
    if chunk == -1:
        _streamed(store, count)
    elif chunk == 0:
        store.bulk_load("".join(lines(count)).encode(), ox.RdfFormat.N_QUADS)
    else:
        batch: list[str] = []
        for line in lines(count):
            batch.append(line)
            if len(batch) >= chunk:
                store.bulk_load("".join(batch).encode(), ox.RdfFormat.N_QUADS)
                batch = []
        if batch:
            store.bulk_load("".join(batch).encode(), ox.RdfFormat.N_QUADS)
    store.flush()
    seconds = time.perf_counter() - start
    written = _written() - written
    del store
    return seconds, written / 2**30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quads", type=int, nargs="+", default=[2_000_000, 6_000_000])
    parser.add_argument("--chunks", type=int, nargs="+", default=[50_000, 1_000_000, 0])
    args = parser.parse_args()
    names = {0: "one call", -1: "one call, streamed"}
    print("| quads | " + " | ".join(names.get(c, f"calls of {c:,}") for c in args.chunks) + " |")
    print("|---:|" + "---:|" * len(args.chunks))
    for count in args.quads:
        cells = []
        for chunk in args.chunks:
            with tempfile.TemporaryDirectory() as folder:
                seconds, gib = load(count, chunk, Path(folder))
                cells.append(f"{seconds:.1f} s, {gib:.1f} GiB written")
        print(f"| {count:,} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
