"""Serialising the store: a table of formats, output streamed in a stable order, .gz by suffix."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, cast

import pyoxigraph as ox

from kg.namespaces import CHANGES_GRAPH, PREFIXES


@dataclass(frozen=True)
class ExportFormat:
    """One RDF syntax the export can write."""

    name: str
    rdf_format: ox.RdfFormat
    quads: bool  # keeps the named graphs


FORMATS: dict[str, ExportFormat] = {
    "turtle": ExportFormat("turtle", ox.RdfFormat.TURTLE, quads=False),
    "nt": ExportFormat("nt", ox.RdfFormat.N_TRIPLES, quads=False),
    "nq": ExportFormat("nq", ox.RdfFormat.N_QUADS, quads=True),
    "trig": ExportFormat("trig", ox.RdfFormat.TRIG, quads=True),
    "jsonld": ExportFormat("jsonld", ox.RdfFormat.JSON_LD, quads=True),
}


_CHANGES = ox.NamedNode(str(CHANGES_GRAPH))


def store_quads(store: ox.Store) -> Iterator[ox.Quad]:
    """The quads of the named graphs, streamed in the store's own index order.

    That order depends only on the data (Oxigraph orders by its encoding of the terms), so
    equal stores dump byte for byte alike without a sort in memory. The default graph is
    left out: it is the merge of the named graphs, which a build derives again; so is the
    change record, the store's history rather than its data.
    """
    for quad in store.quads_for_pattern(None, None, None, None):
        if not isinstance(quad.graph_name, ox.DefaultGraph) and quad.graph_name != _CHANGES:
            yield quad


def store_triples(store: ox.Store) -> Iterator[ox.Triple]:
    """The default graph (the merge of every document graph) as triples, streamed in the store's order."""
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        yield quad.triple


def export(store: ox.Store, fmt: str, output: BinaryIO) -> None:
    """Write the store in a format of :data:`FORMATS`: the union for triple formats, graphs for quad formats."""
    spec = FORMATS[fmt]
    items = store_quads(store) if spec.quads else store_triples(store)
    prefixes: dict[str, str] | None = {name: str(ns) for name, ns in PREFIXES.items()}
    if spec.rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        prefixes = None
    ox.serialize(items, output, spec.rdf_format, prefixes=prefixes)


def open_output(path: Path) -> BinaryIO:
    """A binary file to write, gzip-compressed when the name ends in .gz."""
    if path.suffix == ".gz":
        # mtime 0 keeps the bytes the same for the same graph; GzipFile is a binary file that typeshed does not
        # declare a typing.BinaryIO
        return cast(BinaryIO, gzip.GzipFile(path, "wb", mtime=0))
    return open(path, "wb")
