"""Dumps of one build: the whole store as N-Quads, the merged graph as Turtle, N-Triples and JSON-LD.

Every file is gzipped, streamed from the store (never held whole in memory) and the same,
byte for byte, for two builds of the same input: quads come in the store's index order,
which depends only on the terms, and blank nodes (a random label per build) are given
labels computed from what they describe and written last, sorted. A manifest records each
file's size, SHA-256 and statement count, and ``SHA256SUMS`` lets ``sha256sum -c`` check them.

Run as ``python -m kg.dumps BUILD_DIR OUT_DIR`` (the server does, on the first request).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, cast

import pyoxigraph as ox

from kg.export import store_quads
from kg.namespaces import PREFIXES

__all__ = ["DUMPS", "MANIFEST", "DumpFile", "Manifest", "read_manifest", "write_dumps"]

MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"
PREFIX_MAP = {name: str(namespace) for name, namespace in PREFIXES.items()}
Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass(frozen=True)
class DumpFile:
    """One dump file: name, what it holds, size, checksum and number of triples or quads."""

    name: str
    media_type: str
    description: str
    bytes: int
    sha256: str
    statements: int


@dataclass(frozen=True)
class Manifest:
    """The dumps of one build."""

    build: str
    files: tuple[DumpFile, ...]

    def to_json(self) -> str:
        """The manifest as JSON (what manifest.json holds)."""
        return json.dumps({"build": self.build, "files": [asdict(f) for f in self.files]}, indent=1) + "\n"


def read_manifest(folder: Path) -> Manifest:
    """The manifest of a dump folder."""
    data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    return Manifest(data["build"], tuple(DumpFile(**f) for f in data["files"]))


def _has_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode) or isinstance(
        quad.graph_name, ox.BlankNode
    )


class _BlankLabels:
    """Labels for blank nodes computed from their triples (and the triples pointing at them).

    Blank nodes are few in this graph (RDF lists of the ontology), so their quads are held
    in memory; a node's label is a hash of its outgoing triples, with the labels of the
    blank nodes they reach, and of the triples that reach it.
    """

    def __init__(self, quads: list[ox.Quad]) -> None:
        self.outgoing: dict[str, list[tuple[str, Term, str]]] = {}
        self.incoming: dict[str, list[str]] = {}
        for quad in quads:
            graph = str(quad.graph_name)
            if isinstance(quad.subject, ox.BlankNode):
                # RDF 1.1 quads: an object is never a quoted triple here
                self.outgoing.setdefault(quad.subject.value, []).append(
                    (str(quad.predicate), quad.object, graph))  # type: ignore[arg-type]
            if isinstance(quad.object, ox.BlankNode):
                self.incoming.setdefault(quad.object.value, []).append(
                    f"{quad.subject if not isinstance(quad.subject, ox.BlankNode) else '_'} {quad.predicate} {graph}"
                )
        self._done: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        nodes = sorted(set(self.outgoing) | set(self.incoming))
        hashed = sorted((self._hash(node, frozenset()), node) for node in nodes)
        seen: dict[str, int] = {}
        for digest, node in hashed:
            # identical descriptions (rare) keep apart by their place in the sorted order
            seen[digest] = seen.get(digest, -1) + 1
            self.labels[node] = f"b{digest[:24]}" + (f"x{seen[digest]}" if seen[digest] else "")

    def _hash(self, node: str, visiting: frozenset[str]) -> str:
        if node in self._done:
            return self._done[node]
        if node in visiting:
            return "cycle"
        inner = visiting | {node}
        lines = sorted(
            f"{p} {self._hash(o.value, inner) if isinstance(o, ox.BlankNode) else o} {g}"
            for p, o, g in self.outgoing.get(node, [])
        )
        lines += sorted(f"<- {line}" for line in self.incoming.get(node, []))
        digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
        if not visiting:
            self._done[node] = digest
        return digest

    def term(self, term: object) -> object:
        """The term with a blank node relabelled."""
        return ox.BlankNode(self.labels[term.value]) if isinstance(term, ox.BlankNode) else term


def stable_quads(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """The quads in store order, those with blank nodes relabelled and last, sorted."""
    blank: list[ox.Quad] = []
    for quad in quads:
        if _has_blank(quad):
            blank.append(quad)
        else:
            yield quad
    labels = _BlankLabels(blank)
    relabelled = [
        ox.Quad(labels.term(q.subject), q.predicate, labels.term(q.object), labels.term(q.graph_name))  # type: ignore[arg-type]
        for q in blank
    ]
    yield from sorted(relabelled, key=str)


class _Counter:
    def __init__(self) -> None:
        self.count = 0

    def quads(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
        for quad in quads:
            self.count += 1
            yield quad

    def triples(self, quads: Iterable[ox.Quad]) -> Iterator[ox.Triple]:
        for quad in quads:
            self.count += 1
            yield ox.Triple(quad.subject, quad.predicate, quad.object)


def _merged_quads(store: ox.Store) -> Iterator[ox.Quad]:
    return store.quads_for_pattern(None, None, None, ox.DefaultGraph())


def _compact(iri: str) -> str:
    for name, namespace in PREFIX_MAP.items():
        if iri.startswith(namespace) and len(iri) > len(namespace) and not iri[len(namespace) :].startswith("//"):
            return f"{name}:{iri[len(namespace):]}"
    return iri


def _jsonld_value(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"@id": _compact(term.value)}
    if isinstance(term, ox.BlankNode):
        return {"@id": f"_:{term.value}"}
    assert isinstance(term, ox.Literal)
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return {"@value": term.value}
    return {"@value": term.value, "@type": _compact(term.datatype.value)}


def _subject_id(term: object) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else _compact(term.value)  # type: ignore[attr-defined]


def write_jsonld(triples: Iterable[ox.Triple], output: IO[bytes]) -> None:
    """JSON-LD with the project's prefixes as @context, one node object per run of a subject's triples."""
    output.write(b'{"@context":' + json.dumps(PREFIX_MAP, sort_keys=True).encode() + b',\n"@graph":[')
    node: dict[str, object] | None = None
    first = True

    def flush() -> None:
        nonlocal first
        if node is not None:
            output.write((b"\n" if first else b",\n") + json.dumps(node, ensure_ascii=False).encode("utf-8"))
            first = False

    for triple in triples:
        subject = _subject_id(triple.subject)
        if node is None or node["@id"] != subject:
            flush()
            node = {"@id": subject}
        values = node.setdefault(_compact(triple.predicate.value), [])
        assert isinstance(values, list)
        values.append(_jsonld_value(triple.object))
    flush()
    output.write(b"\n]}\n")


@dataclass(frozen=True)
class _Dump:
    name: str
    media_type: str
    description: str
    quads: Callable[[ox.Store], Iterator[ox.Quad]]
    write: Callable[[_Counter, Iterator[ox.Quad], IO[bytes]], object]  # what a serialiser returns is unused


DUMPS: tuple[_Dump, ...] = (
    # as `kg export --format nq`: every named graph but the change record (the store's history, not its data)
    _Dump("store.nq.gz", "application/n-quads", "every named graph (the default graph is their merge)",
          store_quads, lambda c, q, out: ox.serialize(c.quads(q), out, format=ox.RdfFormat.N_QUADS)),
    _Dump("merged.ttl.gz", "text/turtle", "the merged graph (what queries see)", _merged_quads,
          lambda c, q, out: ox.serialize(c.triples(q), out, format=ox.RdfFormat.TURTLE, prefixes=PREFIX_MAP)),
    _Dump("merged.nt.gz", "application/n-triples", "the merged graph", _merged_quads,
          lambda c, q, out: ox.serialize(c.triples(q), out, format=ox.RdfFormat.N_TRIPLES)),
    _Dump("merged.jsonld.gz", "application/ld+json", "the merged graph, with the prefixes as @context",
          _merged_quads, lambda c, q, out: write_jsonld(c.triples(q), out)),
)


class _HashingWriter:
    """A binary sink that hashes and counts what passes to the file under it."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


def write_dumps(store: ox.Store, folder: Path, build: str) -> Manifest:
    """Write every dump of a store into a new folder (made atomically: a partial folder never shows)."""
    partial = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    files = []
    try:
        for dump in DUMPS:
            counter = _Counter()
            with open(partial / dump.name, "wb") as raw:
                sink = _HashingWriter(raw)
                # no name and no time in the gzip header: the same input gives the same bytes
                with gzip.GzipFile(filename="", mode="wb", fileobj=sink, mtime=0, compresslevel=6) as zipped:
                    # a GzipFile is a binary file, which typeshed does not declare an IO[bytes]
                    dump.write(counter, stable_quads(dump.quads(store)), cast(IO[bytes], zipped))
            files.append(DumpFile(dump.name, dump.media_type, dump.description, sink.size, sink.sha.hexdigest(),
                                  counter.count))
        manifest = Manifest(build, tuple(files))
        (partial / MANIFEST).write_text(manifest.to_json(), encoding="utf-8")
        (partial / CHECKSUMS).write_text("".join(f"{f.sha256}  {f.name}\n" for f in files), encoding="utf-8")
        try:
            os.replace(partial, folder)
        except OSError:  # another process finished the same dumps first
            if not (folder / MANIFEST).is_file():
                raise
            shutil.rmtree(partial, ignore_errors=True)
            return read_manifest(folder)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return manifest


def main(argv: list[str]) -> int:
    """``python -m kg.dumps BUILD_DIR OUT_DIR``: write the dumps of one build."""
    if len(argv) != 3:
        print("usage: python -m kg.dumps BUILD_DIR OUT_DIR", file=sys.stderr)
        return 2
    build = Path(argv[1])
    write_dumps(ox.Store.read_only(str(build)), Path(argv[2]), build.name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
