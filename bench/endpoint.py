"""Benchmark the SPARQL endpoint against Oxigraph's own server and rdflib-endpoint, on loopback.

    python bench/endpoint.py [--seed-store DIR] [--seconds 3] [--repeat 3] [--out bench/ENDPOINT_RESULTS.md]

For each dataset (the seed graph, built from seeds/ unless --seed-store names a
store; and a 100,000-triple synthetic graph) and each server, it
checks that the server answers both queries with the same number of rows as
pyoxigraph does, then runs wrk (4 connections, 2 threads, a few seconds, a
10 s request timeout) a few times per query, and writes the median run's
throughput, p50 and p99 latency and the ratios to Oxigraph's server as a
markdown section, followed by the measurement of ways to stop a query
(bench/cancellation.py).

Each query runs twice: once as the same text in every request ("repeated", which an answer
cache serves) and once with a new text in every request ("unique": a FILTER against a literal
that no term matches, numbered per request by a wrk script), the way pagination and edits in
the query page reach a server. The unique rows are the headline.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pyoxigraph as ox
import requests

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: python bench/endpoint.py
    sys.path.insert(0, str(REPO))

from bench import cancellation  # noqa: E402
from bench.synthetic_graph import write_store  # noqa: E402
from kg.build import BuildSettings, build  # noqa: E402
from kg.store import current_build  # noqa: E402
from server.settings import ServerSettings  # noqa: E402

QUERIES = {
    "LIMIT 10": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10",
    "GROUP BY": (
        "PREFIX psk: <https://w3id.org/peer-support-kg/ontology#> "
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?outcome (COUNT(DISTINCT ?study) AS ?studies) WHERE { "
        "?study a psk:Study ; psk:reports ?finding . ?finding psk:outcome ?concept . "
        "?concept skos:prefLabel ?outcome } GROUP BY ?outcome ORDER BY DESC(?studies)"
    ),
}
# Where the unique variant of each query puts its per-request literal: a FILTER no term passes
UNIQUE_LABEL = "{label}, unique"
UNIQUE = {
    "LIMIT 10": ("{ ?s ?p ?o }", '{ ?s ?p ?o FILTER(?o != "TAG") }'),
    "GROUP BY": ("?concept skos:prefLabel ?outcome }", '?concept skos:prefLabel ?outcome FILTER(?outcome != "TAG") }'),
}
TAG = "TAG"
# wrk's per-request hook: the query's URL with TAG replaced by thread and request numbers
UNIQUE_SCRIPT = """
local before, after = "{before}", "{after}"
local count, threads = 0, 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function request()
  count = count + 1
  return wrk.format("GET", before .. "u" .. id .. "-" .. count .. after)
end
"""
ACCEPT = "application/sparql-results+json"

CONNECTIONS = 4
WRK_THREADS = 2
STARTUP_SECONDS = 120.0
LARGE_TRIPLES = 100_000


@dataclass(frozen=True)
class Measurement:
    """One wrk run."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    completed: int
    cpu_us: float = float("nan")  # processor time of the server's processes per request, in microseconds


@dataclass(frozen=True)
class Server:
    """A server under test: how to start it on a port, and its query URL."""

    name: str
    start: Callable[[Path, Path, int], subprocess.Popen[bytes]]
    path: str


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ours(processes: int = 1, front: bool = True) -> Callable[[Path, Path, int], subprocess.Popen[bytes]]:
    def start(store: Path, dump: Path, port: int) -> subprocess.Popen[bytes]:
        # the defaults of `kg serve`; two Granian processes share the two query workers between them
        workers = {"query_workers": 1} if processes > 1 else {}
        settings = ServerSettings.resolve({}, store=store, **workers)
        code = (
            "import sys; from server.serve import serve; from server.settings import ServerSettings; "
            "serve(ServerSettings.from_json(sys.argv[1]), port=int(sys.argv[2]), processes=int(sys.argv[3]), "
            "front=sys.argv[4] == 'front')"
        )
        mode = "front" if front else "granian"
        return _spawn([sys.executable, "-c", code, settings.to_json(), str(port), str(processes), mode])

    return start


def _inprocess(processes: int) -> Callable[[Path, Path, int], subprocess.Popen[bytes]]:
    def start(store: Path, dump: Path, port: int) -> subprocess.Popen[bytes]:
        script = str(REPO / "bench" / "inprocess_server.py")
        return _spawn([sys.executable, script, str(store), str(port), str(processes)])

    return start


def _oxigraph(store: Path, dump: Path, port: int) -> subprocess.Popen[bytes]:
    build = current_build(store)
    command = [shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph"), "serve-read-only"]
    return _spawn(
        [*command, "--location", str(build), "--bind", f"127.0.0.1:{port}"]
    )


def _rdflib_endpoint(store: Path, dump: Path, port: int) -> subprocess.Popen[bytes]:
    command = shutil.which("rdflib-endpoint") or str(Path(sys.executable).parent / "rdflib-endpoint")
    return _spawn([command, "serve", "--host", "127.0.0.1", "--port", str(port), str(dump)])


def _spawn(command: list[str]) -> subprocess.Popen[bytes]:
    environment = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        command,
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


OURS = "this endpoint"
BEFORE = "Granian in front, 2 processes"  # the design before the front: every query crosses from Granian to a worker
SERVERS = (
    Server(OURS, _ours(), "/sparql"),
    Server(BEFORE, _ours(processes=2, front=False), "/sparql"),
    Server("Oxigraph server", _oxigraph, "/query"),
    Server("rdflib-endpoint", _rdflib_endpoint, "/"),
)
# --ceiling: queries run in the HTTP process (bench/inprocess_server.py), with no time limit, seal or
# fair queue; not a server to run, but what any design that crosses to another process can reach at best
CEILING = (
    Server("in-process ceiling", _inprocess(1), "/sparql"),
    Server("in-process ceiling, 2 processes", _inprocess(2), "/sparql"),
)


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def _group_cpu(group: int) -> float:
    """Seconds of processor time (user and system) used so far by the live processes of a process group."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            # after the command's closing parenthesis: state, ppid, pgrp, ... utime (12th), stime (13th)
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[2]) == group:
            total += int(fields[11]) + int(fields[12])
    return total / CLOCK_TICKS


@contextmanager
def _running(server: Server, store: Path, dump: Path) -> Iterator[tuple[str, int]]:
    """The server's query URL and its process group (every server starts in a session of its own)."""
    port = _free_port()
    process = server.start(store, dump, port)
    url = f"http://127.0.0.1:{port}{server.path}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{server.name} exited with code {process.returncode}")
            try:
                if requests.get(url, params={"query": "ASK {}"}, headers={"Accept": ACCEPT}, timeout=5).ok:
                    break
            except (requests.ConnectionError, requests.Timeout):
                pass  # not listening yet, or too busy to answer the first query in time
            if time.monotonic() > deadline:
                raise RuntimeError(f"{server.name} did not start within {STARTUP_SECONDS:g} s")
            time.sleep(0.2)
        yield url, process.pid
    finally:
        _stop(process)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server's process group (one that failed to start may be gone already)."""
    try:
        os.killpg(process.pid, 15)
        process.wait(timeout=15)
    except ProcessLookupError:
        process.wait()
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.wait()


# `    50%  374.00us`, `    99%   139.54ms`, `Requests/sec:   6800.74`, `Non-2xx or 3xx responses: 12`
LATENCY = re.compile(r"^\s+(?P<percentile>50|99)%\s+(?P<value>[\d.]+)(?P<unit>us|ms|s)\s*$", re.MULTILINE)
THROUGHPUT = re.compile(r"^Requests/sec:\s+(?P<value>[\d.]+)", re.MULTILINE)
COMPLETED = re.compile(
    r"^\s*(?P<count>\d+) requests in", re.MULTILINE
)  # `  35463 requests in 5.21s, 98.15MB read`
ERRORS = re.compile(r"^\s*(?:Non-2xx or 3xx responses|Socket errors):\s*(?P<text>.*)$", re.MULTILINE)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _unique(query: str, label: str) -> str:
    plain, tagged = UNIQUE[label]
    if plain not in query:
        raise ValueError(f"cannot make {label} unique: {plain!r} is not in it")
    return query.replace(plain, tagged)


ONE_CLIENT = "LIMIT 10, unique, 1 connection"  # one person in the query page: one query after another


def _runs() -> list[tuple[str, str, bool, int]]:
    """(row label, query, a new text per request?, connections): the unique rows first, they are the headline."""
    unique = [
        (UNIQUE_LABEL.format(label=label), _unique(query, label), True, CONNECTIONS) for label, query in QUERIES.items()
    ]
    one = (ONE_CLIENT, _unique(QUERIES["LIMIT 10"], "LIMIT 10"), True, 1)
    return [*unique, one, *((label, query, False, CONNECTIONS) for label, query in QUERIES.items())]


def _wrk(
    url: str, group: int, query: str, seconds: float, unique: bool, scratch: Path, connections: int = CONNECTIONS
) -> Measurement:
    target = f"{url}?query={quote(query)}"
    script: list[str] = []
    if unique:
        before, _, after = f"{urlsplit(url).path}?query={quote(query)}".partition(quote(TAG))
        lua = scratch / "unique.lua"
        lua.write_text(UNIQUE_SCRIPT.replace("{before}", before).replace("{after}", after), encoding="utf-8")
        script = ["-s", str(lua)]
    command = [
        "wrk",
        f"-t{min(WRK_THREADS, connections)}",
        f"-c{connections}",
        f"-d{seconds:g}s",
        "--timeout",
        "10s",
        "--latency",
        *script,
    ]
    cpu_before = _group_cpu(group)
    output = subprocess.run(
        [*command, "-H", f"Accept: {ACCEPT}", target],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 60,
    ).stdout
    cpu = _group_cpu(group) - cpu_before  # (a worker replaced during the run would be missed: none is here)
    latency = {m["percentile"]: float(m["value"]) * UNITS[m["unit"]] for m in LATENCY.finditer(output)}
    errors = sum(int(n) for m in ERRORS.finditer(output) for n in re.findall(r"\d+", m["text"]))
    throughput, completed = THROUGHPUT.search(output), COMPLETED.search(output)
    if throughput is None or completed is None or set(latency) != {"50", "99"}:
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    count = int(completed["count"])
    return Measurement(
        float(throughput["value"]), latency["50"], latency["99"], errors, count,
        cpu * 1e6 / count if count else float("nan"),
    )


def _expected_rows(store: Path) -> dict[str, int]:
    opened = ox.Store.read_only(str(current_build(store)))
    return {name: len(list(opened.query(q))) for name, q in QUERIES.items()}


def _check(url: str, expected: dict[str, int], name: str) -> None:
    """Each server answers each query, and its unique variant, with pyoxigraph's number of rows."""
    variants = [(label, query) for label, query in QUERIES.items()]
    variants += [(label, _unique(query, label).replace(TAG, "u-check")) for label, query in QUERIES.items()]
    for label, query in variants:
        response = requests.get(url, params={"query": query}, headers={"Accept": ACCEPT}, timeout=120)
        response.raise_for_status()
        rows = len(json.loads(response.content)["results"]["bindings"])
        if rows != expected[label]:
            raise RuntimeError(f"{name} answered {label} with {rows} rows, pyoxigraph with {expected[label]}")


def _dump(store: Path, target: Path) -> Path:
    opened = ox.Store.read_only(str(current_build(store)))
    triples = (quad.triple for quad in opened.quads_for_pattern(None, None, None, None))
    ox.serialize(triples, str(target), format=ox.RdfFormat.N_TRIPLES)
    return target


def _median(runs: list[Measurement]) -> Measurement:
    # the machine is shared: of a few runs, report the middle one by throughput (not the best)
    return sorted(runs, key=lambda m: m.requests_per_second)[len(runs) // 2]


def measure(
    datasets: dict[str, Path], seconds: float, repeat: int, work: Path, servers: tuple[Server, ...] = SERVERS
) -> dict[str, dict[str, dict[str, Measurement]]]:
    """dataset -> server -> query -> measurement.

    All servers of a dataset run at once (idle but for the one measured), and the runs go round them in
    turn, so a burst of load from elsewhere on the machine spreads over all of them, not one cell.
    """
    results: dict[str, dict[str, dict[str, Measurement]]] = {}
    for dataset, store in datasets.items():
        expected = _expected_rows(store)
        slug = re.sub(r"\W+", "-", dataset)
        dump = _dump(store, work / f"{slug}.nt")
        with ExitStack() as running:
            urls = {server.name: running.enter_context(_running(server, store, dump)) for server in servers}
            for name, (url, _) in urls.items():
                _check(url, expected, name)
            runs: dict[tuple[str, str], list[Measurement]] = {}
            for round_number in range(repeat):
                print(f"{dataset}: round {round_number + 1} of {repeat}", file=sys.stderr, flush=True)
                for label, query, unique, connections in _runs():
                    for name, (url, group) in urls.items():
                        measured = _wrk(url, group, query, seconds, unique, work, connections)
                        runs.setdefault((name, label), []).append(measured)
        results[dataset] = {name: {label: _median(runs[name, label]) for label, *_ in _runs()} for name in urls}
    return results


def _size(store: Path) -> int:
    return len(ox.Store.read_only(str(current_build(store))))


NOTES = """\
How the numbers come about:

- **Unique rows are the headline.** Every request of a *unique* row carries a new query text (a
  FILTER against a literal no term matches, numbered by wrk per request), as pagination and edits in
  the query page do: no answer cache helps, identical queries in flight are never merged, and each
  request is parsed and evaluated anew. The rows without it repeat one text, which the answer cache
  serves after the first request.
- **The *1 connection* row** sends one new LIMIT 10 text after another on one connection, as one
  person paging through results in the query page does: latency, not throughput under contention.
- **Server CPU µs/request** is the processor time (user and system, from `/proc`) that the server's
  processes (its process group: HTTP processes and query workers) used during the wrk run, divided
  by the requests answered. It depends less than req/s on how busy the rest of the machine is
  (Oxigraph's stays within about 20 % from a load of 8 to 19), though a server made of several
  processes pays more of it, in cold caches and context switches, on a busier machine.
- **Plain GETs go to sealed processes that take the connection** (`server/front.py`): a front
  (one Python thread, an event loop) owns the port, reads each request head, applies the fair
  queue, and hands a plain `GET /sparql?query=` connection (SCM_RIGHTS) to a sealed query process
  (`server/query/connections.py`), which parses it, runs the query and writes the answer itself,
  and keeps the connection for the requests that follow while no other query waits (a lease).
  The front keeps a copy of each connection: past the time limit it kills the process and answers
  503 there. Everything else is relayed to the Flask app under Granian on a loopback port.
- **Granian in front, 2 processes** is the design before the front, measured in the same run:
  Granian owns the port, runs the WSGI app in two HTTP processes (each with one query worker),
  and every uncached query crosses to a sealed worker (a pickle on a pipe) and back.
- **In-process ceiling** rows (with `--ceiling`) come from `bench/inprocess_server.py`: the same
  query code run in the HTTP process under Granian, with no time limit, no seal, no fair queue, cache
  or log. It is not a server anyone should run; it shows what sending each query to another process
  costs, and the most one or two Python HTTP processes could answer.
- **A busy client leaves one worker free.** wrk is a single client (one address); once its recent
  worker time passes the fair queue's threshold, it shares all workers but one, which stays free for
  other clients' simple queries (hence one worker more than cores). Oxigraph's server has no such rule.
- **p99 over 50 ms** on the 100k graph comes from the GROUP BY's own evaluation (about 0.8 s on this
  loaded machine), as Oxigraph's server's p99 for it in the same run shows.
- **Answers are cached per build** (keyed by query, chosen formats, graphs and row cap; in each
  query process on the front's path), and emptied as soon as a new build is published, so they
  never serve data a rebuild replaced.
- Oxigraph's server runs `serve-read-only` on the same build directory (whose default graph a build makes the
  merge of the named graphs);
  rdflib-endpoint (`rdflib-endpoint serve`, rdflib's in-memory store) loads the same triples from an
  N-Triples dump. Before measuring, each server's answer to each query and its unique variant is checked
  to have the same number of rows as pyoxigraph's.
- The machine is shared: the load average above says how busy it was. Compare ratios within a run.
"""


def _cell(m: Measurement, reference: Measurement) -> str:
    if not m.completed:
        return "0 | – | – | 0.00 | –"
    ratio = m.requests_per_second / reference.requests_per_second if reference.completed else float("nan")
    rate = f"{m.requests_per_second:,.1f}" if m.requests_per_second < 10 else f"{m.requests_per_second:,.0f}"
    return f"{rate} | {m.p50_ms:.2f} | {m.p99_ms:.2f} | {ratio:.2f} | {m.cpu_us:,.0f}"


def report(
    results: dict[str, dict[str, dict[str, Measurement]]],
    sizes: dict[str, int],
    seconds: float,
    repeat: int,
    load: float,
) -> str:
    """The markdown section."""
    lines = [
        "## SPARQL endpoint",
        "",
        f"`python bench/endpoint.py` on {platform.machine()} with {os.cpu_count()} CPUs "
        f"(load average before the run: {load:.2f}), Python {platform.python_version()}, {_versions()}. "
        f"wrk: {CONNECTIONS} connections, {WRK_THREADS} threads (the *1 connection* row: one of each), "
        f"{seconds:g} s per run, loopback, "
        f"the median of {repeat} runs per cell; "
        "`Accept: application/sparql-results+json`. Ratios are to Oxigraph's server in the same run.",
        "",
    ]
    for dataset, servers in results.items():
        lines += [
            f"### {dataset} ({sizes[dataset]:,} triples)",
            "",
            "| server | query | req/s | p50 ms | p99 ms | × Oxigraph req/s | server CPU µs/request | errors |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        reference = servers["Oxigraph server"]
        for name, queries in servers.items():
            for label, m in queries.items():
                lines.append(f"| {name} | {label} | {_cell(m, reference[label])} | {m.errors} |")
        lines.append("")
        lines += _targets(servers)
    lines.append(NOTES)
    return "\n".join(lines)


# The targets: (query, minimum ratio of Oxigraph's req/s); and p99 under 50 ms on every row. Unique
# texts: an answer cache cannot help, so these say what evaluating a new query costs.
TARGETS = (("LIMIT 10, unique", 1.0), ("GROUP BY, unique", 1.0), ("LIMIT 10", 0.25), ("GROUP BY", 1.0))
P99_TARGET_MS = 50.0


def _targets(servers: dict[str, dict[str, Measurement]]) -> list[str]:
    lines = ["| targets | " + " | ".join(f"{q} ≥ {r:g}× Oxigraph" for q, r in TARGETS) + " | p99 < 50 ms |"]
    lines.append("|---|" + "---|" * (len(TARGETS) + 1))
    reference = servers["Oxigraph server"]
    for name in (OURS, BEFORE):
        cells = []
        for query, ratio in TARGETS:
            got = servers[name][query].requests_per_second / max(reference[query].requests_per_second, 1e-9)
            cells.append(f"{'met' if got >= ratio else 'missed'} ({got:.2f}×)")
        worst = max(m.p99_ms for m in servers[name].values())
        cells.append(f"{'met' if worst < P99_TARGET_MS else 'missed'} (worst {worst:.1f} ms)")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("pyoxigraph", "oxigraph", "granian", "flask", "rdflib-endpoint", "rdflib"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} (not installed)")
    return ", ".join(found)


def build_seed_store(directory: Path) -> Path:
    """The three seed documents built into a store, as `kg build seeds` does."""
    summary = build([REPO / "seeds"], BuildSettings(store=directory))
    if not summary.ok:
        raise SystemExit(f"the seeds did not build cleanly: {[d.rejected for d in summary.rejected]}")
    return directory


def main(argv: list[str] | None = None) -> int:
    """Build the datasets, measure every server on each, write the markdown section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seed-store", type=Path, help="a store built from the seeds (`kg build --store DIR`)"
    )
    parser.add_argument("--seconds", type=float, default=3.0, help="wrk duration per run (default 3)")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per cell; the median is reported (default 3)"
    )
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "ENDPOINT_RESULTS.md")
    parser.add_argument(
        "--ceiling", action="store_true",
        help="also measure queries run in the HTTP process (no time limit: the ceiling of a design with workers)",
    )
    parser.add_argument("--seed-only", action="store_true", help="measure the seed graph only")
    args = parser.parse_args(argv)
    for tool in ("wrk",):
        if shutil.which(tool) is None:
            parser.error(f"`{tool}` is not installed (Debian package `{tool}`)")
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as scratch:
        work = Path(scratch)
        seed_name = "seed graph"
        seed = args.seed_store or build_seed_store(work / "seed")
        datasets = {seed_name: seed}
        if not args.seed_only:
            datasets["100k synthetic graph"] = write_store(work / "large", LARGE_TRIPLES)
        sizes = {name: _size(store) for name, store in datasets.items()}
        servers = (*SERVERS, *CEILING) if args.ceiling else SERVERS
        results = measure(datasets, args.seconds, args.repeat, work, servers)
    text = report(results, sizes, args.seconds, args.repeat, load) + "\n" + "\n".join(cancellation.measure())
    args.out.write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
