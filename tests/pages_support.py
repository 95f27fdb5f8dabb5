"""Helpers for the page tests: `kg serve` started as a user starts it, and RDF read back from answers."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from rdflib import Dataset, Graph

from tests.server_support import REPO, free_port

STARTUP_SECONDS = 30.0


@dataclass
class Served:
    """A `kg serve` process and its base URL."""

    process: subprocess.Popen[bytes]
    url: str
    store: Path

    def get(self, path: str, accept: str = "text/html", **kwargs: object) -> requests.Response:
        """GET a path of this server."""
        return requests.get(self.url + path, headers={"Accept": accept}, timeout=60, **kwargs)  # type: ignore[arg-type]


@contextmanager
def kg_serve(store: Path, *options: str, environment: dict[str, str] | None = None) -> Iterator[Served]:
    """`kg serve --store STORE` on a free loopback port, stopped afterwards."""
    port = free_port()
    log = tempfile.TemporaryFile()
    command = [sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store", str(store),
               "--host", "127.0.0.1", "--port", str(port), *options]
    process = subprocess.Popen(
        command, cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO), **(environment or {})),
        stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    served = Served(process, f"http://127.0.0.1:{port}", store)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"kg serve did not start:\n{log.read().decode(errors='replace')}")
            try:
                if requests.get(served.url + "/sparql", params={"query": "ASK {}"}, timeout=5).ok:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        yield served
    finally:
        os.killpg(process.pid, 15)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait()
        log.close()


def load_rdf(data: bytes, rdf_format: str) -> Graph:
    """An answer's RDF in an rdflib graph (JSON-LD into a Dataset's merge, as rdflib reads it)."""
    if rdf_format != "json-ld":
        return Graph().parse(data=data, format=rdf_format)
    with warnings.catch_warnings():
        # rdflib's JSON-LD parser calls its own deprecated Dataset members; that is not ours to fix
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset = Dataset().parse(data=data, format="json-ld")
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    return graph
