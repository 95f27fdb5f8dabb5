"""Fuzz every mapper: thousands of mutated documents through detection, mapping and the store's terms.

Run: `python bench/fuzz.py [--documents 10000] [--seed 1] [--limit 10] [--wall-limit 60] [--workers 2]
[--json out.json]`.

Each document is a mutation of a real document of one input format (`bench/mutations.py`),
written to a file and handled exactly as `kg build` handles one document: read, detect,
map (`kg.detect.map_source`, with its safety net), and then every triple converted to
Oxigraph terms and inserted into an in-memory store, as the load stage does. A worker
process handles the documents one at a time and measures each one's processor time (the
work, whatever else the machine runs); the parent waits at most `--wall-limit` seconds for
each, and a worker that overruns is killed and counted as a hang.

Reported: documents per input format, crashes (an exception that escaped the handling of one
document), hangs, the slowest and the median time, and whether every error and warning
names its file and no line lies past the end of the file.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import re
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mutations import base_documents, mutate

ROOT = Path(__file__).resolve().parent.parent
# What the safety net says for a fault no mapper foresaw: "could not be mapped (KeyError: ...)"
NETTED = re.compile(r"could not be mapped \((?P<kind>\w+Error)|(?P<kind2>nested too deeply to read)")
# "fuzz/00042.ris:17: ...": the line an error names
LINE_IN_MESSAGE = re.compile(r"^[^:]+:(?P<line>\d+):")


def handle(path: Path, display: str) -> dict:
    """One document as the build handles it; what came out, and how long it took."""
    import pyoxigraph as ox

    from kg.detect import detect_mapper, map_source, read_document
    from kg.errors import DocumentError
    from kg.namespaces import IriMinter
    from kg.terms import TermConverter
    from kg.triples import TripleWriter

    start, cpu = time.perf_counter(), time.process_time()
    result: dict = {"mapper": "", "records": 0, "triples": 0, "messages": [], "crash": ""}
    try:
        try:
            source = read_document(path, display)
            mapper = detect_mapper(source)
        except DocumentError as error:
            result["messages"].append(str(error))
        else:
            result["mapper"] = mapper.name
            mapped = map_source(source, mapper, TripleWriter(IriMinter()))
            result["records"] = mapped.records
            result["messages"] += [str(e) for e in mapped.errors] + mapped.warnings
            store = ox.Store()
            store.extend(TermConverter().graph_quads(mapped.graph, ox.NamedNode(str(mapped.graph.identifier))))
            result["triples"] = len(store)
    except Exception:  # what the benchmark counts: anything that escaped the handling of one document
        result["crash"] = traceback.format_exc(limit=-3)
    result["seconds"] = time.perf_counter() - start
    result["cpu"] = time.process_time() - cpu
    return result


def _worker(conn: Connection) -> None:
    # What a build loads once per process (parsers, lexicons, the gazetteer) is loaded before the first
    # timed document, so each document's time is its own.
    handle(next((ROOT / "seeds").glob("002_*.txt")), "warm-up")
    while True:
        job = conn.recv()
        if job is None:
            return
        conn.send(handle(Path(job[0]), job[1]))


class Runner:
    """A worker process that handles documents one by one, replaced when it overruns."""

    def __init__(self) -> None:
        self._start()

    def _start(self) -> None:
        self.conn, child = mp.Pipe()
        self.process = mp.get_context("fork").Process(target=_worker, args=(child,), daemon=True)
        self.process.start()

    def run(self, path: Path, display: str, limit: float) -> dict | None:
        """The result, or None when the document ran over the limit."""
        self.conn.send((str(path), display))
        if self.conn.poll(limit):
            try:
                return self.conn.recv()
            except EOFError:  # the worker died (a crash in native code): the worst crash of all
                self.process.join()
                code = self.process.exitcode
                self._start()
                return {"crash": f"worker process died (exit code {code})", "seconds": 0.0}
        self.process.kill()
        self.process.join()
        self._start()
        return None

    def close(self) -> None:
        """Stop the worker."""
        self.conn.send(None)
        self.process.join(5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=float, default=10.0, help="processor seconds one document may take")
    parser.add_argument("--wall-limit", type=float, default=60.0,
                        help="wall seconds after which a document's worker is killed (a hang)")
    parser.add_argument("--workers", type=int, default=2, help="documents handled at the same time")
    parser.add_argument("--json", type=Path, help="write every document's outcome here")
    parser.add_argument("--keep", type=Path, help="copy documents that crashed or hung into this folder")
    args = parser.parse_args()

    bases = base_documents()
    outcomes: list[dict] = []
    indexes = iter(range(args.documents))
    lock = threading.Lock()
    clock = time.perf_counter()

    def drive(folder: str) -> None:
        runner = Runner()
        while True:
            with lock:
                index = next(indexes, None)
            if index is None:
                break
            outcome = _one(index, args, bases, runner, Path(folder))
            with lock:
                outcomes.append(outcome)
                if len(outcomes) % 500 == 0:
                    done = f"{len(outcomes)} documents, {time.perf_counter() - clock:.0f} s"
                    print(done, file=sys.stderr, flush=True)
        runner.close()

    with tempfile.TemporaryDirectory() as folder:
        threads = [threading.Thread(target=drive, args=(folder,)) for _ in range(args.workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    outcomes.sort(key=lambda o: o["document"])
    if args.json:
        args.json.write_text(json.dumps(outcomes, indent=1), encoding="utf-8")
    _report(outcomes, args, time.perf_counter() - clock)


def _one(index: int, args: argparse.Namespace, bases: list, runner: Runner, folder: Path) -> dict:
    """Make document number `index` (the same for a seed, whichever worker makes it), handle it, judge it."""
    rng = random.Random(f"{args.seed}:{index}")
    base = bases[index % len(bases)]
    mutation, text = mutate(rng, base, bases)
    path = folder / f"{index:05d}{base.suffix}"
    data = text.encode("utf-8", errors="surrogatepass")
    path.write_bytes(data)
    display = f"fuzz/{path.name}"
    result = runner.run(path, display, args.wall_limit)
    path.unlink()
    outcome = {"document": display, "format": base.format, "mutation": mutation, "bytes": len(data)}
    outcome.update(result if result is not None
                   else {"hang": True, "seconds": args.wall_limit, "cpu": args.wall_limit})
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1  # as the build reads it
    messages = outcome.get("messages", [])
    outcome["unnamed"] = [m for m in messages if not m.startswith(display)]
    outcome["past_end"] = [m for m in messages if (found := LINE_IN_MESSAGE.match(m)) and int(found["line"]) > lines]
    if args.keep and (outcome.get("crash") or outcome.get("hang") or outcome["cpu"] > args.limit):
        args.keep.mkdir(parents=True, exist_ok=True)
        (args.keep / path.name).write_bytes(data)
    return outcome


def _report(outcomes: list[dict], args: argparse.Namespace, wall: float) -> None:
    crashes = [o for o in outcomes if o.get("crash")]
    hangs = [o for o in outcomes if o.get("hang")]
    slow = [o for o in outcomes if o["cpu"] > args.limit and not o.get("hang")]
    unnamed = [m for o in outcomes for m in o["unnamed"]]
    past_end = [m for o in outcomes for m in o["past_end"]]
    seconds = sorted(o["seconds"] for o in outcomes)
    cpu = sorted(o["cpu"] for o in outcomes)
    formats = Counter(o["format"] for o in outcomes)
    big = [o for o in outcomes if o["bytes"] >= 1_000_000]
    print(f"fuzz: {len(outcomes)} documents (seed {args.seed}, limit {args.limit:g} s, {args.workers} workers) "
          f"in {wall:.0f} s")
    print("formats: " + ", ".join(f"{name} {n}" for name, n in sorted(formats.items())))
    print(f"mapped with at least one record: {sum(1 for o in outcomes if o.get('records'))}; "
          f"documents with errors: {sum(1 for o in outcomes if o.get('messages'))}")
    netted = Counter(found["kind"] or "RecursionError" for o in outcomes for m in o.get("messages", [])
                     if (found := NETTED.search(m)))
    print(f"crashes: {len(crashes)}; faults the safety net turned into document errors: "
          f"{sum(netted.values())} {dict(netted)}")
    for outcome in crashes[:20]:
        last = outcome["crash"].strip().splitlines()[-1]
        print(f"  {outcome['document']} ({outcome['format']}, {outcome['mutation']}): {last}")
    print(f"hangs (worker killed after {args.wall_limit:g} s of wall time): {len(hangs)}; "
          f"over {args.limit:g} s of processor time: {len(slow)}")
    for outcome in (hangs + slow)[:20]:
        print(f"  {outcome['document']} ({outcome['format']}, {outcome['mutation']}, {outcome['bytes']} bytes)")
    print(f"processor seconds per document: median {statistics.median(cpu):.3f}, "
          f"p99 {cpu[int(len(cpu) * 0.99) - 1]:.2f}, max {cpu[-1]:.2f}")
    print(f"wall seconds per document (a shared machine): median {statistics.median(seconds):.3f}, "
          f"p99 {seconds[int(len(seconds) * 0.99) - 1]:.2f}, max {seconds[-1]:.2f}")
    if big:
        print(f"documents of 1 MB or more: {len(big)}, most processor time {max(o['cpu'] for o in big):.2f} s")
    print(f"messages not naming their file: {len(unnamed)}")
    for message in unnamed[:10]:
        print(f"  {message[:200]}")
    print(f"messages naming a line past the end of the file: {len(past_end)}")
    for message in past_end[:10]:
        print(f"  {message[:200]}")
    slowest = sorted(outcomes, key=lambda o: -o["cpu"])[:5]
    print("slowest: " + "; ".join(f"{o['document']} {o['format']} {o['mutation']} {o['bytes']} B {o['cpu']:.2f} s"
                                  for o in slowest))


if __name__ == "__main__":
    main()
