"""Serialising the store: a table of formats, output streamed in a stable order, .gz by suffix."""

from __future__ import annotations

import gzip
import json
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
    # JSON-LD holds the merged graph, as Turtle does: JSON-LD readers see named graphs' triples only
    # when they read a dataset, so rdflib's Graph().parse would find none (nq and trig keep the graphs).
    "jsonld": ExportFormat("jsonld", ox.RdfFormat.JSON_LD, quads=False),
}
PREFIX_MAP: dict[str, str] = {name: str(namespace) for name, namespace in PREFIXES.items()}


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
    if spec.rdf_format is ox.RdfFormat.JSON_LD:
        output.write(json_ld_with_context(ox.serialize(items, format=ox.RdfFormat.JSON_LD) or b"[]"))
        return
    prefixes = None if spec.rdf_format in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS) else PREFIX_MAP
    ox.serialize(items, output, spec.rdf_format, prefixes=prefixes)


def json_ld_with_context(expanded: bytes, prefixes: dict[str, str] = PREFIX_MAP) -> bytes:
    """Expanded JSON-LD (as pyoxigraph writes it, without a context) with an ``@context`` of the prefixes.

    Property names, node ``@id``s and datatypes become compact IRIs (``psk:Study``), which any
    JSON-LD reader expands back through the context; literal values are never touched.
    """
    by_length = sorted(prefixes.items(), key=lambda item: -len(item[1]))

    def compact(iri: str) -> str:
        for name, namespace in by_length:
            local = iri[len(namespace):]
            if iri.startswith(namespace) and local and not local.startswith("//"):
                return f"{name}:{local}"
        return iri

    def walk(value: object) -> object:
        if isinstance(value, list):
            return [walk(item) for item in value]
        if not isinstance(value, dict):
            return value
        out: dict[str, object] = {}
        for key, item in value.items():
            if key == "@id" and isinstance(item, str) and not item.startswith("_:"):
                out[key] = compact(item)
            elif key == "@type" and isinstance(item, str):
                out[key] = compact(item)
            elif key.startswith("@"):
                out[key] = walk(item) if key in ("@graph", "@list", "@set") else item
            else:
                out[compact(key)] = walk(item)
        return out

    document = {"@context": dict(prefixes), "@graph": walk(json.loads(expanded))}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def open_output(path: Path) -> BinaryIO:
    """A binary file to write, gzip-compressed when the name ends in .gz."""
    if path.suffix == ".gz":
        # mtime 0 keeps the bytes the same for the same graph; GzipFile is a binary file that typeshed does not
        # declare a typing.BinaryIO
        return cast(BinaryIO, gzip.GzipFile(path, "wb", mtime=0))
    return open(path, "wb")
