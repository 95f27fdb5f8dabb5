"""The pipeline: documents -> mapper -> per-document graph -> resolve -> validate -> store.

This module only orchestrates: mapping in worker processes is kg/mapping.py, the
verdicts of validation kg/validate.py, the cache of unchanged documents kg/cache.py,
the record of what changed kg/changes.py, the store kg/store.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import IdentifiedNode

from kg.cache import BuildCache
from kg.changes import Change, compare, history, write_csv
from kg.changes import quads as change_quads
from kg.changes import summary as change_summary
from kg.curation import CurationReport, apply_curation
from kg.documents import DocumentReport, MappedGraph
from kg.errors import BuildError
from kg.link import link
from kg.mapping import find_documents, map_document, map_documents
from kg.namespaces import DEFAULT_BASE, IriMinter
from kg.progress import track
from kg.resolve import ResolutionReport, resolve
from kg.store import DEFAULT_STORE, BuildLock, QuadConverter, build_lock, current_build, new_build
from kg.validate import validate_documents
from kg.vocabulary import ONTOLOGY_GRAPH, ontology_graph
from kg.workers import default_jobs

__all__ = ["DocumentReport", "build", "find_documents", "map_document", "map_documents"]

DEFAULT_INPUTS = (Path("seeds"),)


@dataclass(frozen=True)
class BuildSettings:
    """What a build reads and where it writes."""

    store: Path = DEFAULT_STORE
    base_iri: str = DEFAULT_BASE
    validate: bool = True
    progress: bool = False
    jobs: int = 0  # worker processes that map documents; 0: as many as cores
    time_limit: float = 60.0  # seconds one document may take to map before it is rejected
    wait: bool = False  # wait for another build of the same store to finish instead of failing
    reuse: bool = True  # reuse what earlier builds of the store computed for unchanged documents
    curation: Path | None = None  # researchers' decisions; None: curation/ when there is one


@dataclass
class BuildSummary:
    """The outcome of a build, for the CLI to print."""

    documents: list[DocumentReport]
    store: Path
    triples: int = 0
    published: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # wall time per stage: map, validate, load
    merges: dict[str, int] = field(default_factory=dict)  # merged mentions per kind: work, journal, person
    settled: list[str] = field(default_factory=list)  # conflicting values resolution settled
    reused: dict[str, int] = field(default_factory=dict)  # results of unchanged documents reused: mapped, verdicts
    changes: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> added/removed/changed -> count
    curation: CurationReport = field(default_factory=CurationReport)  # decisions applied and stale

    @property
    def rejected(self) -> list[DocumentReport]:
        """Documents not loaded."""
        return [d for d in self.documents if not d.loaded]

    @property
    def records(self) -> int:
        """Records loaded across all documents."""
        return sum(d.records for d in self.documents if d.loaded)

    @property
    def record_errors(self) -> list[str]:
        """Records that failed in documents that otherwise loaded."""
        return [e for d in self.documents if d.loaded for e in d.errors]

    @property
    def warnings(self) -> list[str]:
        """Warnings of all documents."""
        return [w for d in self.documents for w in d.warnings]

    @property
    def ok(self) -> bool:
        """True when every document and every record loaded."""
        return not self.rejected and not self.record_errors


def build(paths: Iterable[Path] = DEFAULT_INPUTS, settings: BuildSettings = BuildSettings()) -> BuildSummary:
    """Map every document under the paths, validate, and publish a new store atomically.

    The store's build lock is taken first, so a second build of the same store stops (or
    waits) before it reads a single document.
    """
    with build_lock(settings.store, wait=settings.wait) as held:
        return _build(list(paths), settings, held)


def _build(paths: list[Path], settings: BuildSettings, held: BuildLock) -> BuildSummary:
    minter = IriMinter(settings.base_iri)
    cache = BuildCache(settings.store, enabled=settings.reuse)
    clock = time.perf_counter()
    sources = find_documents(paths)
    mapped: list[MappedGraph] = []
    seen: dict[URIRef, str] = {}
    documents = map_documents(sources, settings.base_iri, settings.jobs, settings.time_limit, cache)
    for item in track(documents, "mapping", len(sources), "docs", enabled=settings.progress):
        display = item.report.path
        if item.graph_iri is not None and item.graph_iri in seen:
            item.report.rejected = f"{display}: same content as {seen[item.graph_iri]}; loaded once"
            item.graph = None
        elif item.graph_iri is not None:
            seen[item.graph_iri] = display
        mapped.append(item)
    seconds = {"map": time.perf_counter() - clock}
    clock = time.perf_counter()
    resolution, extra = _resolve_and_link(mapped, minter)
    curation = after_extraction([m.graph for m in mapped if m.graph is not None and m.report.loaded], extra, minter,
                                settings.curation)
    seconds["resolve"] = time.perf_counter() - clock
    if settings.validate:
        clock = time.perf_counter()
        validate_documents(mapped, extra, settings.jobs or default_jobs(), settings.progress, cache)
        seconds["validate"] = time.perf_counter() - clock
    summary = BuildSummary([m.report for m in mapped], settings.store, seconds=seconds,
                           merges=resolution.counts(), settled=resolution.settled, curation=curation)
    if not any(m.report.loaded for m in mapped):
        reasons = "; ".join(r.rejected for r in summary.rejected[:3]) or "no documents found"
        raise BuildError(f"no document could be loaded ({reasons})")
    clock = time.perf_counter()
    summary.triples, changes = _write_store(settings.store, _quads(mapped, extra), settings.progress, held)
    summary.changes = change_summary(changes)
    summary.seconds["load"] = time.perf_counter() - clock
    summary.published = True
    summary.reused = dict(cache.hits)
    cache.prune()
    return summary


def after_extraction(graphs: list[Graph], extra: list[Graph], minter: IriMinter,
                     curation: Path | None = None) -> CurationReport:
    """The hook between extraction and validation: the documents' graphs, resolved, with the study
    content read from them, and the build's own graphs (resolution, links), which a step may extend.

    Researchers' decisions (curation) apply here, so that validation checks the curated facts
    and the change record sees them: the documents' graphs change in place and the curation
    graph joins the build's own graphs.
    """
    applied = apply_curation(graphs, curation, minter)
    extra.append(applied.graph)
    return applied.report


def _resolve_and_link(mapped: list[MappedGraph], minter: IriMinter) -> tuple[ResolutionReport, list[Graph]]:
    """Resolve across the documents' graphs (in place), then link to external identifiers."""
    graphs = [m.graph for m in mapped if m.graph is not None]
    report, merges = resolve(graphs, minter)
    union = Graph()
    for graph in graphs:
        union += graph
    return report, [merges, link(union, minter)]


@cache
def _stored_ontology() -> Graph:
    """The ontology with its blank nodes (owl:oneOf lists) labelled from their content, so that every
    process, and so every build, writes the same labels."""
    return to_canonical_graph(ontology_graph())


def _quads(mapped: list[MappedGraph], extra: list[Graph]) -> Iterator[tuple[IdentifiedNode, Graph]]:
    yield ONTOLOGY_GRAPH, _stored_ontology()
    for graph in extra:
        yield graph.identifier, graph
    for item in mapped:
        if item.report.loaded and item.graph is not None:
            yield item.graph.identifier, item.graph


def _write_store(directory: Path, graphs: Iterator[tuple[IdentifiedNode, Graph]], progress: bool,
                 held: BuildLock) -> tuple[int, list[Change]]:
    """Load each graph into its named graph of a new build, record what changed; publish on success.

    Every triple also goes into the store's default graph, which is a set: that makes the
    default graph the RDF merge of the named graphs. (Oxigraph's own union-default-graph
    mode returns a triple once per graph that holds it, which would inflate counts.)
    The new build is private until it is published, so the fast non-transactional
    bulk loader is safe: a failure discards the whole directory.
    """
    counted = [0]
    convert = QuadConverter()

    def quads() -> Iterator[ox.Quad]:
        for identifier, graph in track(graphs, "loading", None, "graphs", enabled=progress):
            yield from convert.quads(graph, ox.NamedNode(str(identifier)))
            yield from convert.quads(graph, ox.DefaultGraph())
            counted[0] += len(graph)

    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    previous = current_build(directory)
    try:
        old = ox.Store.read_only(str(previous)) if previous is not None else None
    except OSError:  # an unreadable previous build: everything counts as added
        old = None
    with new_build(directory, held, build_id) as ox_store:
        ox_store.bulk_extend(quads())  # one call: each call writes its own set of sorted files
        changes = compare(old, ox_store, build_id)
        since = previous.name if previous is not None and old is not None else ""
        ox_store.bulk_extend([*history(old), *change_quads(changes, build_id, since)])
    del old
    write_csv(directory, build_id, changes)
    return counted[0], changes
