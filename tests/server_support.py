"""Helpers for the server tests: stores from TriG fixtures, and the real server on a loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import requests

from kg.store import materialize_default_graph, new_build
from server.settings import ServerSettings

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
            if b"server.query.worker" in command and str(self.settings.store).encode() in command:
                found.add(int(entry.name))
        return found


@contextmanager
def running_server(settings: ServerSettings, threads: int = 8) -> Iterator[LiveServer]:
    """Start serve() in its own process on a free port; stop it afterwards."""
    port = free_port()
    code = (
        "import sys; from server.serve import serve; from server.settings import ServerSettings; "
        "serve(ServerSettings.from_json(sys.argv[1]), port=int(sys.argv[2]), threads=int(sys.argv[3]))"
    )
    environment = dict(os.environ, PYTHONPATH=str(REPO))
    log = tempfile.TemporaryFile()
    process = subprocess.Popen(
        [sys.executable, "-c", code, settings.to_json(), str(port), str(threads)],
        cwd=REPO,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = LiveServer(process, f"http://127.0.0.1:{port}", settings)
    try:
        try:
            _wait_until_ready(server)
        except RuntimeError as error:
            log.seek(0)
            raise RuntimeError(f"{error}\n{log.read().decode(errors='replace')}") from None
        yield server
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
        log.close()


def _wait_until_ready(server: LiveServer) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.process.returncode}")
        try:
            response = requests.get(server.sparql, params={"query": "ASK {}"}, timeout=5)
            if response.status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server at {server.url} did not answer within {STARTUP_SECONDS} s")


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
