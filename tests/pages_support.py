"""Helpers for the page tests: `kg serve` started as a user starts it, and RDF read back from answers."""

from __future__ import annotations

import os
import subprocess
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from rdflib import Dataset, Graph

from tests.server_support import KG, free_port, serving


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
    """`kg serve --store STORE` (the installed command) on a free loopback port, stopped afterwards."""
    port = free_port()
    command = [str(KG), "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port), *options]
    with serving(command, port, dict(os.environ, **(environment or {}))) as (process, url, _):
        yield Served(process, url, store)


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
