"""Which way of stopping a pyoxigraph query really stops it? Measured on a cross product.

    python bench/cancellation.py

Each approach gets a budget of one second against a query that needs several
(a COUNT over the cross product of all triples with themselves). Reported: how
long until control came back to the caller, and whether the work stopped then.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: python bench/cancellation.py
    sys.path.insert(0, str(REPO))

from bench.synthetic_graph import synthetic_quads  # noqa: E402
from kg.namespaces import XSD  # noqa: E402

BUDGET = 1.0
TRIPLES = 5_000
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"
DEADLINE_FUNCTION = ox.NamedNode("urn:bench:deadline")
WITH_DEADLINE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f FILTER(<urn:bench:deadline>()) }"


class Late(Exception):
    """Raised by the deadline checks."""


def _store() -> ox.Store:
    store = ox.Store()
    store.bulk_extend(synthetic_quads(TRIPLES))
    return store


def _full(store: ox.Store) -> float:
    started = time.monotonic()
    list(store.query(CROSS_PRODUCT, use_default_graph_as_union=True))
    return time.monotonic() - started


def _custom_function(store: ox.Store) -> tuple[float, str]:
    deadline = time.monotonic() + BUDGET

    def check() -> ox.Literal:
        if time.monotonic() > deadline:
            raise Late
        return ox.Literal("true", datatype=ox.NamedNode(str(XSD.boolean)))

    started = time.monotonic()
    rows = list(
        store.query(
            WITH_DEADLINE, use_default_graph_as_union=True, custom_functions={DEADLINE_FUNCTION: check}
        )
    )
    complete = len(store) ** 2
    return time.monotonic() - started, (
        "no error: the exception counts as a false FILTER, so the query ran on and returned a wrong count "
        f"({int(rows[0]['n'].value):,} of {complete:,})"
    )


def _signal(store: ox.Store) -> tuple[float, str]:
    def interrupt(signum: int, frame: object) -> None:
        raise Late

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, BUDGET)
    started = time.monotonic()
    try:
        list(store.query(CROSS_PRODUCT, use_default_graph_as_union=True))
        outcome = "finished before the alarm"
    except Late:
        outcome = "the alarm's exception surfaced only when the query returned"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return time.monotonic() - started, outcome


def _chunks(store: ox.Store) -> tuple[float, str]:
    deadline = time.monotonic() + BUDGET
    started = time.monotonic()
    for _ in store.query(CROSS_PRODUCT, use_default_graph_as_union=True):
        if time.monotonic() > deadline:
            return (
                time.monotonic() - started,
                "the check ran only after the first row, i.e. after all the work",
            )
    return time.monotonic() - started, "the first row (the count) needed the whole evaluation"


def _thread(store: ox.Store) -> tuple[float, str]:
    worker = threading.Thread(
        target=lambda: list(store.query(CROSS_PRODUCT, use_default_graph_as_union=True))
    )
    started = time.monotonic()
    worker.start()
    worker.join(BUDGET)
    returned = time.monotonic() - started
    running = worker.is_alive()
    worker.join()
    return (
        returned,
        "control came back, but the thread kept the CPU busy until the query ended" if running else "",
    )


WORKER = f"""
import sys
sys.path.insert(0, {str(REPO)!r})
import pyoxigraph as ox
from bench.synthetic_graph import synthetic_quads
store = ox.Store()
store.bulk_extend(synthetic_quads({TRIPLES}))
print("ready", flush=True)
list(store.query({CROSS_PRODUCT!r}, use_default_graph_as_union=True))
"""


def _process(store: ox.Store) -> tuple[float, str]:
    process = subprocess.Popen([sys.executable, "-c", WORKER], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    process.stdout.readline()  # the worker has its store and starts the query
    started = time.monotonic()
    try:
        process.wait(timeout=BUDGET)
        outcome = "finished before the limit"
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        outcome = "killed at the limit: the work stopped with the process"
    return time.monotonic() - started, outcome


APPROACHES: dict[str, Callable[[ox.Store], tuple[float, str]]] = {
    "custom function that raises past the deadline (in a FILTER)": _custom_function,
    "SIGALRM handler that raises (main thread)": _signal,
    "iterate the results, check the deadline between rows": _chunks,
    "run in a thread, stop waiting at the deadline": _thread,
    "run in a worker process, kill it at the deadline (what the server does)": _process,
}


def measure() -> list[str]:
    """Markdown lines: one row per approach."""
    store = _store()
    full = _full(store)
    lines = [
        "### Stopping a query: what works",
        "",
        f"`{CROSS_PRODUCT}` over {TRIPLES:,} triples takes {full:.1f} s in pyoxigraph here; "
        f"each approach was given {BUDGET:g} s (`python bench/cancellation.py`).",
        "",
        "| approach | control back after | stopped at the limit, with an error? | what happened |",
        "|---|---:|---|---|",
    ]
    for name, approach in APPROACHES.items():
        elapsed, outcome = approach(store)
        stopped = "yes" if elapsed < BUDGET + 0.5 and "killed" in outcome else "no"
        lines.append(f"| {name} | {elapsed:.1f} s | {stopped} | {outcome} |")
    return [*lines, ""]


if __name__ == "__main__":
    print("\n".join(measure()))
