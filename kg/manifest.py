"""What a build leaves for the next build of its store: each document's keys, plan and verdict.

A published build ``builds/<id>`` has three files in the store's ``manifests/`` folder:

- ``<id>.keys``: for every document that mapped, the nodes resolution may rewrite in it, its key
  table and the works it holds readings of, one pickle after another;
- ``<id>.tables``: the key tables of those documents (kg.resolve.keytables), which the next build
  copies and changes in place (its new and changed documents added, its removed ones taken out)
  rather than reading every document's keys again;
- ``<id>.manifest``: the set-up the build ran with (program, base IRI, validation, curation) and,
  for every document in the build's order, its mapping key, its report as mapping left it and as
  the build left it, where its keys are in ``<id>.keys``, and a digest of resolution's decisions
  about its nodes.

The next build of the store reads them to know which documents it must write again: one whose
content, name and plan digest are the same as before has, in the published store, exactly the
named graph a build from nothing would write (the plan digest covers every decision that
rewriting reads: the canonical IRI of each of its nodes and the title, date, author list,
abstract, reading and names kept for it). A build with another set-up starts from nothing.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import pickle
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from rdflib import URIRef
from rdflib.term import Node

from kg.cache import program_fingerprint
from kg.documents import DocumentReport
from kg.errors import DiskFullError
from kg.resolve import DocumentKeys, KeyTables, Plan
from kg.store import manifest_path

KEYS_SUFFIX = ".keys"
TABLES_SUFFIX = ".tables"
MANIFEST_SUFFIX = ".manifest"
_FORMAT = "manifest 1"


def setup_digest(base_iri: str, validation: str, curation: Iterable[object]) -> str:
    """A digest of all a build's documents' graphs depend on besides the documents: the program (its
    code, ontology and shapes), the base IRI, how it validates (``validation``: "" for not at all, else
    the engine), and the curators' decisions."""
    digest = hashlib.sha256(f"{_FORMAT}\0{program_fingerprint()}\0{base_iri}\0{validation}".encode())
    for decision in curation:
        digest.update(b"\0" + repr(decision).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def document_nodes(keys: DocumentKeys, readings: Iterable[Node]) -> tuple[Node, ...]:
    """The nodes of a document that resolution's plan may rewrite or settle a value of: the works,
    journals, persons and organisations it types, the subjects of the values resolution reads, and the
    works it states an author list, an abstract or a reading of.

    Every IRI a mapper writes for a work, journal or person is typed in the same document (a cited
    or related work too), so no alias can stand in a document outside this set.
    """
    found: dict[Node, None] = {}
    for nodes in keys.nodes.values():
        found.update(dict.fromkeys(nodes))
    for values in keys.values.values():
        found.update(dict.fromkeys(values))
    for work, creator in keys.creators:
        found[work] = found[creator] = None
    found.update(dict.fromkeys(keys.first_authors))
    found.update(dict.fromkeys(a.work for a in keys.author_lists))
    found.update(dict.fromkeys(a.work for a in keys.abstracts))
    found.update(dict.fromkeys(keys.truncated))
    found.update(dict.fromkeys(readings))
    return tuple(found)


def _shown(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, Node):
        return value.n3()
    if isinstance(value, tuple):
        return "(" + " ".join(_shown(v) for v in value) + ")"
    return repr(value)


def plan_lines(plan: Plan) -> dict[str, str]:
    """Every decision of the plan that rewriting reads, as a line per node it decides anything about (the
    canonical IRI of the node and the title, date, author list, abstract, reading and names kept for it),
    by the node's N3 form. A node without a line is kept as it is, with nothing settled."""
    canonical = plan.canonical
    tables: tuple[Mapping[Node, object], ...] = (plan.titles, plan.issued, plan.author_lists, plan.abstracts,
                                                 plan.readings, plan.families, plan.names, plan.cited_by, plan.pages)
    decided: set[Node] = set(canonical)
    for table in tables:
        decided.update(table)
    lines = {}
    for node in decided:
        kept = canonical.get(node, node)
        lines[node.n3()] = " ".join([node.n3(), kept.n3(), *(_shown(table.get(kept)) for table in tables)])
    return lines


def _undecided(text: str) -> str:
    """The line of a node the plan decides nothing about."""
    return " ".join([text, text, *["-"] * 9])


def plan_digest(nodes: Iterable[Node], lines: Mapping[str, str]) -> str:
    """A digest of every decision of the plan (as :func:`plan_lines`) that rewriting a document with these
    nodes reads."""
    found = []
    for node in nodes:
        text = node.n3()
        line = lines.get(text)
        found.append(line if line is not None else _undecided(text))
    found.sort()
    return hashlib.sha256("\n".join(found).encode("utf-8", "surrogatepass")).hexdigest()


def changed_lines(old: Mapping[str, str], new: Mapping[str, str]) -> set[str]:
    """The nodes (N3) whose line differs between two plans: only documents holding one of them can have
    another plan digest under the new plan."""
    return {text for text in old.keys() | new.keys() if old.get(text) != new.get(text)}


@dataclass(frozen=True)
class Entry:
    """One document of a build, as the next build needs it."""

    display: str
    mapping: str | None  # the mapping's cache key (None: unreadable)
    final: bool  # False: mapping timed out or its worker died, so the next build maps it again
    mapped: DocumentReport  # as mapping left it
    report: DocumentReport  # as the build left it (duplicates and validation's verdict applied)
    graph: URIRef | None = None  # None: rejected in mapping
    at: int = -1  # where its record is in the keys file (-1: none)
    size: int = 0
    plan: str = ""  # plan_digest of its nodes
    curated: bool = False  # curators' decisions touched it
    triples: int = 0  # triples of its named graph (when loaded)

    @property
    def keyed(self) -> bool:
        """True when the document mapped and its keys are recorded."""
        return self.graph is not None and self.at >= 0


@dataclass
class Manifest:
    """A published build's manifest, with the path of its keys file."""

    setup: str
    entries: list[Entry] = field(default_factory=list)
    keys_path: Path = Path()
    tables_path: Path | None = None  # the key tables of its documents (None: read them from the keys file)
    lines: dict[str, str] | None = None  # the final plan's lines (plan_lines); None: not recorded

    def by_mapping(self) -> dict[str, Entry]:
        """The entries that may be reused, by mapping key."""
        return {e.mapping: e for e in self.entries if e.mapping and e.final}



def read_manifest(build: Path | None, setup: str) -> Manifest | None:
    """The manifest of a published build when it was made with the same set-up, else None."""
    if build is None:
        return None
    try:
        with open(manifest_path(build, MANIFEST_SUFFIX), "rb") as handle:
            manifest = pickle.load(handle)  # written by this program beside a build of the store it owns
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None
    if not isinstance(manifest, Manifest) or manifest.setup != setup:
        return None
    manifest.keys_path = manifest_path(build, KEYS_SUFFIX)
    tables = manifest_path(build, TABLES_SUFFIX)
    manifest.tables_path = tables if KeyTables.readable(tables) else None
    return manifest if manifest.keys_path.is_file() else None


class KeysWriter:
    """Appends documents' key records to a build's keys file (in the build's staging folder until it is
    published). A record is two pickles: the document's nodes, then its keys and the works it holds
    readings of, so that the nodes alone can be read back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = open(path, "wb")  # closed by close()

    def add(self, nodes: tuple[Node, ...], keys: DocumentKeys, readings: tuple[Node, ...]) -> tuple[int, int]:
        """Write a record; returns where it is and its size."""
        return self.add_raw(pickle.dumps(nodes, protocol=pickle.HIGHEST_PROTOCOL)
                            + pickle.dumps((keys, readings), protocol=pickle.HIGHEST_PROTOCOL))

    def add_raw(self, raw: bytes) -> tuple[int, int]:
        """Write a record as bytes read from an earlier keys file."""
        at = self._handle.tell()
        try:
            self._handle.write(raw)
        except OSError as error:
            self._raise_if_full(error)
            raise
        return at, len(raw)

    def close(self) -> None:
        """Finish the file (it can be read from then on)."""
        try:
            self._handle.close()
        except OSError as error:
            self._raise_if_full(error)
            raise

    def _raise_if_full(self, error: OSError) -> None:
        """A full disk is reported as the build reports it elsewhere (the previous store stays)."""
        if error.errno == errno.ENOSPC:
            raise DiskFullError(f"no space left on device while writing {self.path}; "
                                "the previous store is unchanged") from error


def read_raw(handle: BinaryIO, at: int, size: int) -> bytes:
    """The bytes of a record in a keys file open as ``handle``."""
    handle.seek(at)
    raw = handle.read(size)
    if len(raw) != size:
        raise EOFError(f"{handle.name}: a record is cut short")
    return raw


def read_nodes(handle: BinaryIO, at: int) -> tuple[Node, ...]:
    """The nodes of the record at ``at`` in a keys file open as ``handle``."""
    handle.seek(at)
    nodes = pickle.load(handle)  # written by this program in the store it owns
    assert isinstance(nodes, tuple)
    return nodes


def split_record(raw: bytes) -> tuple[tuple[Node, ...], DocumentKeys, tuple[Node, ...]]:
    """A record's nodes, keys and reading works from its bytes."""
    buffer = io.BytesIO(raw)
    nodes = pickle.load(buffer)  # written by this program in the store it owns
    keys, readings = pickle.load(buffer)
    return nodes, keys, readings


def write_manifest(manifest: Manifest, build: Path, keys: Path, tables: Path | None = None) -> None:
    """Put a build's manifest, keys file and key tables (when given) beside it (before it is published)."""
    manifest_path(build, KEYS_SUFFIX).parent.mkdir(exist_ok=True)
    os.replace(keys, manifest_path(build, KEYS_SUFFIX))
    if tables is not None:
        os.replace(tables, manifest_path(build, TABLES_SUFFIX))
    partial = manifest_path(build, MANIFEST_SUFFIX + ".tmp")
    with open(partial, "wb") as handle:  # straight to the file: no copy of the whole pickle in memory
        pickle.dump(Manifest(manifest.setup, manifest.entries, lines=manifest.lines), handle,
                    protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, manifest_path(build, MANIFEST_SUFFIX))
