"""Reliability of the endpoint under attack and under load, against `kg serve` as users start it.

    python bench/reliability.py                 # both sections
    python bench/reliability.py --ssrf          # SERVICE/LOAD probes against a loopback canary
    python bench/reliability.py --starvation 60 # two clients loop an expensive query for 60 s

SSRF: every probe of tests/test_server_guard.py is sent by GET, POST form and POST body
(and the updates by /update) to a server with an empty allow-list; the canary counts
the requests that reach it. Starvation: two clients each loop a query that runs until
the time limit, a third sends simple ASK queries (all different, so no cache helps);
reported are the share of ASKs answered 200 and their latency percentiles.
Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import requests
import urllib3

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: python bench/reliability.py
    sys.path.insert(0, str(REPO))

from server.settings import ServerSettings  # noqa: E402
from tests.server_support import Canary, build_store, running_server  # noqa: E402
from tests.test_server_guard import _probes  # noqa: E402

TOKEN = "bench-update-token"
# runs until the time limit (a five-way cross product); the comment makes each one a new query
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }} # {tag}"
SIMPLE = 'ASK {{ ?s ?p ?o FILTER(?o != "{tag}") }}'
UPDATES = [
    "LOAD <{url}/data.ttl>",
    "INSERT {{ GRAPH <urn:g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}",
    "INSERT {{ GRAPH <urn:g> {{ ?s ?p ?o }} }} WHERE {{ \\u0053ERVICE <{url}/x> {{ ?s ?p ?o }} }}",
]


def ssrf(work: Path) -> tuple[int, int]:
    """(probes sent, canary hits)."""
    canary = Canary()
    settings = ServerSettings.resolve({}, store=build_store(work / "ssrf"), update_token=TOKEN, query_timeout=10)
    sent = 0
    try:
        with running_server(settings) as live:
            for query in _probes(canary.url, canary.port).values():
                requests.get(live.sparql, params={"query": query}, timeout=30)
                requests.post(live.sparql, data={"query": query}, timeout=30)
                requests.post(
                    live.sparql, data=query.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30
                )
                sent += 3
            for update in UPDATES:
                requests.post(
                    live.url + "/update",
                    data={"update": update.format(url=canary.url)},
                    headers={"Authorization": f"Bearer {TOKEN}"},
                    timeout=60,
                )
                sent += 1
    finally:
        canary.close()
    return sent, len(canary.hits)


def client_loop(
    url: str, source: str, template: str, stop: threading.Event, results: list[tuple[int, float]], pause: float
) -> None:
    """Send queries from one loopback address until stopped; record (status, seconds) of each."""
    parts = urlsplit(url)
    pool = urllib3.HTTPConnectionPool(parts.hostname, parts.port, source_address=(source, 0), maxsize=1)
    number = 0
    while not stop.is_set():
        number += 1
        query = urlencode({"query": template.format(tag=f"{source}-{number}")})
        started = time.perf_counter()
        try:
            status = pool.request("GET", f"{parts.path}?{query}", timeout=120.0, retries=False).status
        except urllib3.exceptions.HTTPError:
            status = 0
        results.append((status, time.perf_counter() - started))
        time.sleep(pause)


def starvation(work: Path, seconds: float, timeout: float) -> dict[str, object]:
    """Two clients loop an expensive query; a third sends simple ones. Its share answered and latencies."""
    store = build_store(work / "starvation")
    settings = ServerSettings.resolve({}, store=store, query_timeout=timeout, cache_entries=0)
    heavy: list[tuple[int, float]] = []
    light: list[tuple[int, float]] = []
    stop = threading.Event()
    # each client on its own loopback address, as three machines would be
    with running_server(settings) as live:
        threads = [
            threading.Thread(target=client_loop, args=(live.sparql, source, EXPENSIVE, stop, heavy, 0.0))
            for source in ("127.0.0.2", "127.0.0.3")
        ]
        for thread in threads:
            thread.start()
        time.sleep(timeout + 1.0)  # the heavy clients are under way
        light_thread = threading.Thread(
            target=client_loop, args=(live.sparql, "127.0.0.4", SIMPLE, stop, light, 0.05)
        )
        light_thread.start()
        time.sleep(seconds)
        stop.set()
        for thread in [*threads, light_thread]:
            thread.join()
    answered = [latency for status, latency in light if status == 200]
    by_status: dict[int, int] = {}
    for status, _ in heavy:
        by_status[status] = by_status.get(status, 0) + 1
    latencies = sorted(latency for _, latency in light)
    return {
        "simple queries": len(light),
        "answered": len(answered) / max(len(light), 1),
        "p50 s": statistics.median(latencies) if latencies else float("nan"),
        "p99 s": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else float("nan"),
        "expensive queries": len(heavy),
        "workers": settings.query_workers,
        "by status": by_status,  # type: ignore[dict-item]
    }


def main() -> None:
    """Run the chosen sections and print Markdown rows for BENCHMARKS.md."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ssrf", action="store_true")
    parser.add_argument("--starvation", type=float, metavar="SECONDS", default=None)
    parser.add_argument("--timeout", type=float, default=3.0, help="query time limit of the starvation server")
    args = parser.parse_args()
    both = not args.ssrf and args.starvation is None
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if args.ssrf or both:
            sent, hits = ssrf(work)
            print(f"| SSRF probes (SERVICE/LOAD to a loopback canary, empty allow-list) | {sent} sent | {hits} hits |")
        if args.starvation is not None or both:
            result = starvation(work, args.starvation or 30.0, args.timeout)
            print(f"expensive queries by status: {result.pop('by status')}", file=sys.stderr)
            print(
                f"| starvation: 2 clients loop an expensive query, a 3rd sends simple ASKs "
                f"({os.cpu_count()} cores, {result['workers']} workers, {args.starvation or 30.0:g} s) "
                f"| {result['simple queries']} simple, {result['expensive queries']} expensive "
                f"| {result['answered']:.1%} answered, p50 {result['p50 s']:.3f} s, p99 {result['p99 s']:.3f} s |"
            )


if __name__ == "__main__":
    main()
