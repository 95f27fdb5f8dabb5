"""Per-graph digests of a build: computed once, kept beside the builds in ``digests/<build>.tsv``.

A graph's digest is the sum of the SHA-256 values of its N-Triples lines modulo
2**256, so it is the same for any order of the same triples. ``kg publish``
compares these digests with the ones its publication record lists to find the
graphs that changed; keeping them per build means that publishing a build again
compares digests without reading the store. A build never changes once published
(a rebuild or an update makes a new build), so a build's file stays true; files
of builds that are gone are removed when a new file is written.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

__all__ = ["GraphDigest", "LineHasher", "graph_lines", "load_digests", "save_digests"]

FOLDER = "digests"  # beside builds/ in the store directory
_HEADER = "# kg graph digests 1: sum of SHA-256 of N-Triples lines mod 2^256\tgraph\ttriples\n"
_MODULUS = 1 << 256


@dataclass(frozen=True)
class GraphDigest:
    """A graph's content as published: an order-independent digest and its size."""

    graph: str
    digest: str
    triples: int


class LineHasher:
    """Accumulates the digest of a graph's lines, in any order."""

    def __init__(self) -> None:
        self.total = 0
        self.count = 0

    def add(self, line: bytes) -> None:
        """Count one N-Triples line (with its newline)."""
        self.total = (self.total + int.from_bytes(hashlib.sha256(line).digest(), "big")) % _MODULUS
        self.count += 1

    def result(self, graph: str) -> GraphDigest:
        """The digest of the lines added so far, for the graph named ``graph``."""
        return GraphDigest(graph, f"{self.total:064x}", self.count)


def graph_lines(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[bytes]:
    """The graph's triples as N-Triples lines, in the store's order."""
    for quad in store.quads_for_pattern(None, None, None, graph):
        yield f"{quad.subject} {quad.predicate} {quad.object} .\n".encode()


def _path(root: Path, build: Path) -> Path:
    return root / FOLDER / f"{build.name}.tsv"


def load_digests(root: Path, build: Path) -> dict[str, GraphDigest] | None:
    """The digests kept for the build folder ``build`` of the store ``root``, or None when there are none."""
    try:
        text = _path(root, build).read_text(encoding="utf-8")
    except OSError:
        return None
    if not text.startswith(_HEADER):
        return None
    digests = {}
    for line in text[len(_HEADER):].splitlines():
        parts = line.split("\t")
        if len(parts) != 3 or not parts[2].isdigit():
            return None  # a damaged file is recomputed, never trusted
        digest, graph, triples = parts
        digests[graph] = GraphDigest(graph, digest, int(triples))
    return digests


def save_digests(root: Path, build: Path, digests: Iterable[GraphDigest]) -> Path:
    """Keep the digests of the build folder ``build`` (atomically); drop those of builds that are gone."""
    folder = root / FOLDER
    folder.mkdir(exist_ok=True)
    path = _path(root, build)
    partial = path.with_suffix(f".tsv.{os.getpid()}")
    body = "".join(f"{d.digest}\t{d.graph}\t{d.triples}\n" for d in sorted(digests, key=lambda d: d.graph))
    partial.write_text(_HEADER + body, encoding="utf-8")
    partial.replace(path)
    for kept in folder.glob("*.tsv"):
        if kept != path and not (build.parent / kept.stem).is_dir():
            kept.unlink(missing_ok=True)
    return path
