"""Helpers for the server tests: stores from TriG fixtures, and the real server on a loopback port."""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import requests

from kg.store import materialize_default_graph, new_build
from server.settings import ENVIRONMENT, ServerSettings

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini.trig"
REPO = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 30.0


def build_store(directory: Path, trig: Path = MINI) -> Path:
    """A published store under directory holding the quads of a TriG file."""
    with new_build(directory) as store:
        store.bulk_extend(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
        materialize_default_graph(store)
    return directory


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class LiveServer:
    """A running server process and its base URL."""

    process: subprocess.Popen[bytes]
    url: str
    settings: ServerSettings
    log: Path  # what the server wrote to standard output and error

    def log_text(self) -> str:
        """Everything the server has logged so far."""
        return self.log.read_text(encoding="utf-8", errors="replace")

    @property
    def sparql(self) -> str:
        """The query endpoint's URL."""
        return self.url + "/sparql"

    def worker_pids(self) -> set[int]:
        """Process ids of the query workers under this server."""
        found = set()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                command = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            workers = (b"server.query.worker", b"server.query.connections")
            if any(name in command for name in workers) and str(self.settings.store).encode() in command:
                found.add(int(entry.name))
        return found


KG = Path(sys.executable).with_name("kg")  # the console script the package installs


def settings_environment(settings: ServerSettings) -> dict[str, str]:
    """The KG_* variables that give a `kg serve` these settings."""
    data = json.loads(settings.to_json())
    environment = {}
    for variable, (name, _) in ENVIRONMENT.items():
        value = data[name]
        if value is None:
            continue
        environment[variable] = " ".join(value) if isinstance(value, list) else str(value)
    return environment


@contextmanager
def serving(
    command: list[str], port: int, environment: dict[str, str] | None = None, cwd: Path | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """Run a `kg serve ... --port PORT` command until the block ends: (process, base URL, log file).

    The block starts once /sparql answers; afterwards the whole process group is stopped. The
    command runs outside the checkout unless told otherwise, so the installed package must be enough.
    """
    with tempfile.NamedTemporaryFile(prefix="kg-serve-", suffix=".log") as log:
        process = subprocess.Popen(
            command,
            cwd=cwd or tempfile.gettempdir(),
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            try:
                _wait_until_ready(process, url)
            except RuntimeError as error:
                raise RuntimeError(f"{error}\n{Path(log.name).read_text(errors='replace')}") from None
            yield process, url, Path(log.name)
        finally:
            os.killpg(process.pid, 15)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
                process.wait()


@contextmanager
def running_server(
    settings: ServerSettings, threads: int = 8, arguments: tuple[str, ...] = (), environment: dict[str, str] | None = None
) -> Iterator[LiveServer]:
    """Start `kg serve` as a user does (the installed command, in its own process) on a free port; stop it after."""
    port = free_port()
    variables = {k: v for k, v in os.environ.items() if not k.startswith("KG_")}
    variables.update(settings_environment(settings))
    variables.update(environment or {})
    command = [str(KG), "serve", "--store", str(settings.store), "--port", str(port), "--threads", str(threads)]
    with serving([*command, *arguments], port, variables) as (process, url, log):
        yield LiveServer(process, url, settings, log)


def _wait_until_ready(process: subprocess.Popen[bytes], url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            response = requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=5)
            if response.status_code == 200:
                return
        except (requests.ConnectionError, requests.Timeout):
            pass  # not listening yet, or its first query worker is still starting
        time.sleep(0.1)
    raise RuntimeError(f"the server at {url} did not answer within {STARTUP_SECONDS} s")


def run_query(store: ox.Store, text: str) -> list[dict[str, str]]:
    """Rows of a SELECT over the store's default graph (the merge of its graphs), as {variable: value}."""
    solutions = store.query(text)
    if not isinstance(solutions, ox.QuerySolutions):
        raise TypeError(f"expected a SELECT query, got {type(solutions).__name__}")
    names = [variable.value for variable in solutions.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in solutions]


def fixture_store(trig: Path = MINI) -> ox.Store:
    """An in-memory store holding a TriG fixture."""
    store = ox.Store()
    store.bulk_extend(ox.parse(path=str(trig), format=ox.RdfFormat.TRIG))
    materialize_default_graph(store)
    return store


class _CanaryHandler(http.server.BaseHTTPRequestHandler):
    server: Canary

    def _answer(self) -> None:
        self.server.hits.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", self.server.redirect_to)
            self.end_headers()
            return
        body = b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"literal","value":"canary"}}]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


class Canary(http.server.ThreadingHTTPServer):
    """A loopback HTTP server that counts every request it gets (and answers like a SPARQL endpoint)."""

    def __init__(self, redirect_to: str = "") -> None:
        super().__init__(("127.0.0.1", 0), _CanaryHandler)
        self.hits: list[str] = []
        self.redirect_to = redirect_to
        self.port = self.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def close(self) -> None:
        """Stop serving."""
        self.shutdown()
        self.server_close()
