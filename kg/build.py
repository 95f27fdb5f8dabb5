"""The pipeline: documents -> mapper -> keys and staged triples -> resolve -> rewrite, validate, store.

This module only orchestrates: mapping in worker processes is kg/mapping.py, resolution on
the documents' keys kg/resolve/, the verdicts of validation kg/validate.py, the cache of
unchanged documents and the staging of mapped ones kg/cache.py, the record of what changed
kg/changes.py, the store kg/store.py. No stage holds the documents' graphs all at once:
each document's triples wait on disk from mapping until they stream, rewritten by
resolution's plan and validated, into the new store.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph

from kg.cache import BuildCache, Staging
from kg.changes import Change, compare, history, write_csv
from kg.changes import quads as change_quads
from kg.changes import summary as change_summary
from kg.curation import CurationReport, apply_decisions, read_curation
from kg.documents import DocumentReport, ShippedDocument
from kg.errors import BuildError
from kg.link import link
from kg.mapping import find_documents, map_document, map_documents
from kg.namespaces import DEFAULT_BASE, IriMinter
from kg.progress import track
from kg.resolve import KeyTables, Resolution, resolve_keys
from kg.store import DEFAULT_STORE, BuildLock, QuadConverter, build_lock, bulk_extend, current_build, new_build
from kg.triples import Triple, stated_readings
from kg.validate import validate_stream
from kg.vocabulary import ONTOLOGY_GRAPH, ontology_graph
from kg.workers import default_jobs

__all__ = ["DocumentReport", "build", "find_documents", "map_document", "map_documents"]

DEFAULT_INPUTS = (Path("seeds"),)
Item = TypeVar("Item")


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
    shacl_engine: str = "sparql"  # "sparql": the shapes run inside Oxigraph; "pyshacl": the reference engine


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


@dataclass(frozen=True)
class _Staged:
    """A mapped document while the build goes on: its report, and where its triples wait (None: rejected)."""

    report: DocumentReport
    path: Path | None = None


class _Stopwatch:
    """The time spent pulling items from an iterator (a stage that runs inside another's loop)."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def timed(self, items: Iterable[Item]) -> Iterator[Item]:
        iterator = iter(items)
        while True:
            start = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                self.seconds += time.perf_counter() - start
                return
            self.seconds += time.perf_counter() - start
            yield item


def build(paths: Iterable[Path] = DEFAULT_INPUTS, settings: BuildSettings = BuildSettings()) -> BuildSummary:
    """Map every document under the paths, validate, and publish a new store atomically.

    The store's build lock is taken first, so a second build of the same store stops (or
    waits) before it reads a single document.
    """
    with build_lock(settings.store, wait=settings.wait) as held:
        staging = Staging(settings.store)
        try:
            return _build(list(paths), settings, held, staging)
        finally:
            staging.close()


def _build(paths: list[Path], settings: BuildSettings, held: BuildLock, staging: Staging) -> BuildSummary:
    minter = IriMinter(settings.base_iri)
    cache = BuildCache(settings.store, enabled=settings.reuse)
    clock = time.perf_counter()
    staged, tables = _map(paths, settings, cache, staging)
    seconds = {"map": time.perf_counter() - clock}
    clock = time.perf_counter()
    resolution = resolve_keys(tables, minter)
    extra = [resolution.graph, link(tables, resolution.plan, minter)]
    curated, curation = _curate(staged, tables, resolution, extra, minter, settings.curation, staging)
    tables.close()
    seconds["resolve"] = time.perf_counter() - clock
    summary = BuildSummary([s.report for s in staged], settings.store, seconds=seconds,
                           merges=resolution.report.counts(), settled=resolution.report.settled, curation=curation)
    if not any(s.path is not None for s in staged):
        raise BuildError(f"no document could be loaded ({_reasons(summary)})")
    clock = time.perf_counter()
    rewriting, validating = _Stopwatch(), _Stopwatch()
    documents: Iterable[ShippedDocument] = rewriting.timed(_resolved(staged, resolution, curated, staging, minter))
    if settings.validate:  # the merge records are about no document's nodes: of them, validation reads the aliases
        documents = validate_stream(documents, [resolution.aliases, *extra[1:]], settings.jobs or default_jobs(), cache,
                                    settings.shacl_engine)
    documents = validating.timed(track(documents, "validating and loading" if settings.validate else "loading",
                                       sum(s.path is not None for s in staged), "docs", enabled=settings.progress))
    summary.triples, changes = _write_store(settings.store, extra, documents, held, summary)
    summary.changes = change_summary(changes)
    total = time.perf_counter() - clock
    summary.seconds["resolve"] += rewriting.seconds
    if settings.validate:
        summary.seconds["validate"] = validating.seconds - rewriting.seconds
    summary.seconds["load"] = total - validating.seconds
    summary.published = True
    summary.reused = dict(cache.hits)
    cache.prune()
    return summary


def _reasons(summary: BuildSummary) -> str:
    return "; ".join(r.rejected for r in summary.rejected[:3]) or "no documents found"


def _map(paths: list[Path], settings: BuildSettings, cache: BuildCache,
         staging: Staging) -> tuple[list[_Staged], KeyTables]:
    """Map every document; stage its triples on disk and gather the keys resolution reads."""
    sources = find_documents(paths)
    staged: list[_Staged] = []
    tables = KeyTables(staging.root / "keys.sqlite")  # on disk: they grow with the corpus
    seen: dict[URIRef, str] = {}
    documents = map_documents(sources, settings.base_iri, settings.jobs, settings.time_limit, cache)
    for item in track(documents, "mapping", len(sources), "docs", enabled=settings.progress):
        display = item.report.path
        if item.graph_iri is None or item.keys is None:
            staged.append(_Staged(item.report))
        elif item.graph_iri in seen:
            item.report.rejected = f"{display}: same content as {seen[item.graph_iri]}; loaded once"
            staged.append(_Staged(item.report))
        else:
            seen[item.graph_iri] = display
            tables.add(item.keys)
            staged.append(_Staged(item.report, staging.put(replace(item, keys=None))))
    return staged, tables


def _curate(staged: list[_Staged], tables: KeyTables, resolution: Resolution, extra: list[Graph],
            minter: IriMinter, folder: Path | None, staging: Staging) -> tuple[dict[int, Graph], CurationReport]:
    """Researchers' decisions (curation), applied to the resolved documents that hold the works they name.

    They apply between resolution and validation, so that validation checks the curated
    facts and the change record sees them. Only those documents are read here (decisions are
    few); the curation graph joins the build's own graphs.
    """
    decisions, report = read_curation(folder, minter)
    touched: dict[int, Graph] = {}
    works: set[object] = set()
    if decisions:
        tables.set_canonical(resolution.plan.canonical)
        decided = {d.work for d in decisions}
        works = {w for w in decided if tables.is_node("work", w)}  # those of the build's works that decisions name
        for number, item in enumerate(staged):
            if item.path is None:
                continue
            document: ShippedDocument = staging.get(item.path)
            triples = _document_triples(document, resolution, minter)
            if any(s in decided for s, _, _ in triples):
                graph = touched[number] = Graph(identifier=document.graph_iri)
                for triple in triples:
                    graph.add(triple)
    applied = apply_decisions(list(touched.values()), decisions, report, minter, works)  # type: ignore[arg-type]
    extra.append(applied.graph)
    return touched, applied.report


def _resolved(staged: list[_Staged], resolution: Resolution, curated: dict[int, Graph], staging: Staging,
              minter: IriMinter) -> Iterator[ShippedDocument]:
    """Each loaded document read back from staging, rewritten by resolution's plan (or as curated)."""
    for number, item in enumerate(staged):
        if item.path is None:
            continue
        document: ShippedDocument = staging.get(item.path)
        graph = curated.get(number)
        triples = tuple(graph) if graph is not None else tuple(_document_triples(document, resolution, minter))
        yield ShippedDocument(item.report, document.graph_iri, triples, document.lines)


def _document_triples(document: ShippedDocument, resolution: Resolution, minter: IriMinter) -> set[Triple]:
    """A document's triples rewritten by resolution's plan, with the readings of the works whose chosen
    abstract it holds (each work's study content is stated once, after resolution)."""
    plan, graph = resolution.plan, str(document.graph_iri)
    triples = plan.apply(document.triples, graph)
    triples.update(stated_readings(document.readings, graph, plan.canonical, plan.readings, minter))
    return triples


@cache
def _stored_ontology() -> Graph:
    """The ontology with its blank nodes (owl:oneOf lists) labelled from their content, so that every
    process, and so every build, writes the same labels."""
    return to_canonical_graph(ontology_graph())


def _write_store(directory: Path, extra: list[Graph], documents: Iterable[ShippedDocument],
                 held: BuildLock, summary: BuildSummary) -> tuple[int, list[Change]]:
    """Load the build's own graphs and each loaded document into its named graph of a new build, record
    what changed; publish on success.

    Every triple also goes into the store's default graph, which is a set: that makes the
    default graph the RDF merge of the named graphs. (Oxigraph's own union-default-graph
    mode returns a triple once per graph that holds it, which would inflate counts.)
    The new build is private until it is published, so the fast non-transactional
    bulk loader is safe: a failure discards the whole directory.
    """
    counted = [0]
    loaded = [False]
    convert = QuadConverter()

    def quads() -> Iterator[ox.Quad]:
        for graph in (_stored_ontology(), *extra):
            identifier = ONTOLOGY_GRAPH if graph is _stored_ontology() else graph.identifier
            yield from convert.quads(graph, ox.NamedNode(str(identifier)))
            yield from convert.quads(graph, ox.DefaultGraph())
            counted[0] += len(graph)
        for document in documents:
            if document.report.loaded and document.graph_iri is not None:
                yield from convert.document(document.triples, document.graph_iri)
                counted[0] += len(document.triples)
                loaded[0] = True

    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    previous = current_build(directory)
    try:
        old = ox.Store.read_only(str(previous)) if previous is not None else None
    except OSError:  # an unreadable previous build: everything counts as added
        old = None
    with new_build(directory, held, build_id) as ox_store:
        bulk_extend(ox_store, quads())
        if not loaded[0]:
            raise BuildError(f"no document could be loaded ({_reasons(summary)})")
        changes = compare(old, ox_store, build_id)
        since = previous.name if previous is not None and old is not None else ""
        ox_store.bulk_extend([*history(old), *change_quads(changes, build_id, since)])
    del old
    write_csv(directory, build_id, changes)
    return counted[0], changes
