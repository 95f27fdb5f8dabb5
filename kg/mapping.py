"""Mapping: find the documents, map each one in a worker process under a time limit, reuse the cache."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from functools import lru_cache, partial
from pathlib import Path

from rdflib import Graph, URIRef

from kg.cache import BuildCache, file_sha256
from kg.cache import key as cache_key
from kg.detect import detect_mapper, map_source, read_document
from kg.documents import DocumentReport, MappedGraph, ShippedDocument
from kg.errors import DocumentError
from kg.extract import prepare
from kg.namespaces import IriMinter
from kg.resolve.keys import document_keys
from kg.triples import TripleWriter, own_readings, stated_readings
from kg.workers import DocumentPool, default_jobs


def find_documents(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """Every file under the paths (hidden files skipped), sorted, with the name to report it by."""
    found: dict[Path, str] = {}
    for root in paths:
        if root.is_file():
            found.setdefault(root.resolve(), _display(root, root.parent))
            continue
        if not root.exists():
            raise DocumentError(str(root), 0, "no such file or directory")
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if not name.startswith("."):
                    path = Path(dirpath) / name
                    found.setdefault(path.resolve(), _display(path, root.parent))
    return sorted(((path, shown) for path, shown in found.items()), key=lambda item: item[1])


def _display(path: Path, anchor: Path) -> str:
    """A path relative to the working directory when inside it, else relative to the argument's parent;
    a file that a link takes out of both is named by the way it was reached."""
    resolved = path.resolve()
    for base in (Path.cwd().resolve(), anchor.resolve()):
        if resolved.is_relative_to(base):
            return resolved.relative_to(base).as_posix()
    return Path(os.path.relpath(path.absolute(), anchor.absolute())).as_posix()


def map_document(path: Path, display: str, writer: TripleWriter) -> MappedGraph:
    """Read, detect and map one document into its own named graph; never raises for bad input."""
    report = DocumentReport(path=display)
    try:
        source = read_document(path, display)
        mapper = detect_mapper(source)
    except DocumentError as error:
        report.rejected = str(error)
        return MappedGraph(report)
    report.mapper = mapper.name
    report.warnings.extend(source.notes)
    mapped = map_source(source, mapper, writer)
    report.warnings.extend(mapped.warnings)
    report.errors.extend(str(error) for error in mapped.errors)
    if not mapped.records:
        first = str(mapped.errors[0]) if mapped.errors else f"{display}: no records found by {mapper.name}"
        report.rejected = first
        return MappedGraph(report)
    report.records = mapped.records
    report.triples = len(mapped.graph)
    return MappedGraph(report, mapped.graph, URIRef(mapped.graph.identifier), mapped.lines, mapped.readings)


def with_readings(item: MappedGraph, minter: IriMinter) -> Graph:
    """A mapped document's graph with what the extractor read stated in it, as a build of that document
    alone states it (one reading per work: the fullest abstract's)."""
    graph = Graph(identifier=item.mapped.identifier)
    graph += item.mapped
    name = str(item.mapped.identifier)
    for triple in stated_readings(item.readings, name, {}, own_readings(item.readings, name), minter):
        graph.add(triple)
    return graph


@lru_cache(maxsize=4)
def _writer(base_iri: str) -> TripleWriter:
    return TripleWriter(IriMinter(base_iri))


def map_shipped(base_iri: str, path: Path, display: str) -> ShippedDocument:
    """Map one document in a worker process."""
    item = map_document(path, display, _writer(base_iri))
    return ShippedDocument.pack(item, document_keys(item.graph) if item.graph is not None else None)


def _rejected(display: str, reason: str) -> ShippedDocument:
    return ShippedDocument(DocumentReport(display, rejected=f"{display}: {reason}; rejected"), final=False)


def map_documents(sources: list[tuple[Path, str]], base_iri: str, jobs: int = 0, time_limit: float = 60.0,
                  cache: BuildCache | None = None) -> Iterator[ShippedDocument]:
    """Map the documents in worker processes, each under the time limit; results in the sources' order,
    each with its triples and the keys resolution reads.

    A document whose mapping the cache holds (same content, name, base IRI and program) is
    not mapped again.
    """
    cache = cache or BuildCache(Path(), enabled=False)
    keys = [mapping_key(path, display, base_iri) if cache.enabled else None for path, display in sources]
    # Only whether each mapping is cached is known up front; each is read when its turn comes, so a
    # build holds one cached document at a time, not all of them.
    cached = [k is not None and cache.has("mapped", k) for k in keys]
    todo = [source for source, hit in zip(sources, cached, strict=True) if not hit]
    jobs = min(jobs or default_jobs(), max(1, len(todo)))
    with ExitStack() as stack:
        fresh: Iterator[ShippedDocument] = iter(())
        if todo:
            prepare()  # the workers forked next share what reading needs instead of each building it
            pool = stack.enter_context(DocumentPool(partial(map_shipped, base_iri), _rejected,
                                                    jobs, time_limit))
            fresh = pool.map(todo)
        for source, entry, hit in zip(sources, keys, cached, strict=True):
            shipped: ShippedDocument | None = cache.get("mapped", entry) if hit and entry else None
            mapped = shipped is None
            if shipped is None:  # not cached, or unreadable since it was found (then mapped here)
                shipped = map_shipped(base_iri, *source) if hit else next(fresh)
            if mapped and entry and shipped.final:
                cache.put("mapped", entry, shipped)
            yield shipped


def mapping_key(path: Path, display: str, base_iri: str) -> str | None:
    """The cache key of a document's mapping: its content, name, the base IRI and the program."""
    try:
        return cache_key("mapped", file_sha256(path), display, base_iri)
    except OSError:  # unreadable: mapping reports it, and nothing is cached
        return None
