"""Helpers for the page tests: `kg serve` started as a user starts it, and RDF read back from answers."""

from __future__ import annotations

import csv
import os
import subprocess
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import requests
from rdflib import Dataset, Graph

from kg.build import BuildSettings, BuildSummary, build
from kg.curation import COLUMNS
from kg.namespaces import CONCEPT
from tests.conftest import SEEDS, run_query
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


@dataclass(frozen=True)
class Curated:
    """The seeds built with a researcher's decisions: which (study, outcome) findings they verified, how."""

    build: BuildSummary
    decisions: dict[tuple[str, str], str]  # (study, outcome) -> the direction it has once verified


def build_curated_seeds(root: Path, seed_store: ox.Store) -> Curated:
    """Accept two findings of the seed graph and correct the direction of a third, then build."""
    rows = run_query(seed_store, """SELECT ?study ?outcome (MIN(STR(?direction)) AS ?d) WHERE {
        ?study psk:reports ?f . ?f psk:outcome ?outcome ; psk:direction ?direction .
        { ?study psk:studiesRole ?role } UNION { ?study psk:hasParticipantGroup/psk:role ?role } }
        GROUP BY ?study ?outcome HAVING (COUNT(DISTINCT ?direction) = 1) ORDER BY ?study ?outcome LIMIT 3""")
    assert isinstance(rows, list) and len(rows) == 3, rows
    decisions = {}
    (root / "curation").mkdir(parents=True)
    with (root / "curation" / "decisions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for number, row in enumerate(rows):
            direction = row["d"].rsplit("#", 1)[-1]
            action = "correct" if number == 2 else "accept"
            if action == "correct":
                direction = "Mixed" if direction != "Mixed" else "Negative"
            decisions[row["study"], row["outcome"]] = direction
            writer.writerow({"time": "2026-11-29T10:00:00+00:00", "curator": "Ada Researcher", "action": action,
                             "work": row["study"], "kind": "finding",
                             "value": row["outcome"].removeprefix(str(CONCEPT)),
                             "direction": direction if action == "correct" else ""})
    summary = build([SEEDS], BuildSettings(store=root / "store", curation=root / "curation"))
    assert summary.ok and summary.curation is not None and summary.curation.applied == 3, summary
    return Curated(summary, decisions)
