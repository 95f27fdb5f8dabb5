"""The pipeline: documents -> mapper -> keys and staged triples -> resolve, rewrite and validate
(resolving again without the rejected documents) -> store.

This module only orchestrates: mapping in worker processes is kg/mapping.py, resolution on
the documents' keys kg/resolve/, the verdicts of validation kg/validate.py, the cache of
unchanged documents and the staging of mapped ones kg/cache.py, the record of what changed
kg/changes.py, the store kg/store.py. No stage holds the documents' graphs all at once:
each document's triples wait on disk from mapping until validation's pass reads them and
rewrites them by resolution's plan, and again, rewritten (as N-Triples texts), until they
stream into the new store.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Container, Iterable, Iterator
from contextlib import ExitStack
from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from kg.cache import BuildCache, Staging
from kg.changes import Record, Scope, record
from kg.curation import Curation, CurationReport, Decision, apply_decisions, read_curation
from kg.documents import DocumentReport, ShippedDocument
from kg.errors import BuildError
from kg.link import link
from kg.manifest import (
    Entry,
    KeysWriter,
    Manifest,
    changed_lines,
    document_nodes,
    plan_digest,
    plan_lines,
    read_manifest,
    read_nodes,
    read_raw,
    setup_digest,
    split_record,
    write_manifest,
)
from kg.mapping import find_documents, map_document, map_documents, map_shipped, mapping_key
from kg.namespaces import DEFAULT_BASE, IriMinter
from kg.patch import Patch
from kg.progress import track
from kg.resolve import KeyTables, Resolution, resolve_keys
from kg.store import (
    DEFAULT_STORE,
    BuildLock,
    build_lock,
    build_path,
    bulk_extend_lines,
    current_build,
    new_build,
)
from kg.terms import TermConverter, parse_triple_texts
from kg.triples import Triple, stated_readings
from kg.validate import Verdict, document_reports, extra_by_subject, validate_stream
from kg.vocabulary import ONTOLOGY_GRAPH, ontology_graph
from kg.workers import default_jobs

__all__ = ["DocumentReport", "build", "find_documents", "map_document", "map_documents"]

DEFAULT_INPUTS = (Path("seeds"),)
_TABLES = "keys.sqlite"  # the key tables of all the documents mapped, in the build's staging folder
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


@dataclass
class _Staged:
    """A source document while the build goes on."""

    report: DocumentReport  # as mapping left it, then as the build leaves it
    source: tuple[Path, str]  # its path and the name it is reported by
    mapping: str | None = None  # its mapping's cache key
    final: bool = True  # False: mapping timed out or its worker died (never reused)
    mapped: DocumentReport | None = None  # the report as mapping left it (for the next build)
    graph: URIRef | None = None  # its graph, when it mapped and is not a copy of another document
    path: Path | None = None  # where its triples wait in staging (None: in the mapping cache)
    at: int = -1  # its record in this build's keys file
    doc: int = -1  # its number in the key tables
    keyed: bool = False  # its keys were added to the key tables in this build (not kept from the published's)
    size: int = 0
    previous: Entry | None = None  # the published build's entry when its mapping is reused from there
    plan: str = ""  # digest of resolution's decisions about its nodes
    digested: bool = True  # its digest was made in this build (not kept from the published build's)
    curated: bool = False  # curators' decisions name a work it holds
    kept: bool = False  # its graph in the published build is the one this build would write
    triples: int = 0  # triples of its graph as loaded
    # its triples as a resolution rewrote them to validate them, as N-Triples texts waiting in staging for
    # the load (which then need not read the document and rewrite it again when that resolution is loaded)
    rewritten: tuple[Resolution, Path] | None = None

    def entry(self) -> Entry:
        """What the next build needs to know of it."""
        return Entry(self.source[1], self.mapping, self.final, self.mapped or self.report, self.report,
                     self.graph, self.at, self.size, self.plan, self.curated, self.triples)


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


@dataclass
class _Previous:
    """The published build an incremental build starts from: its folder, store and manifest."""

    build: Path
    store: ox.Store
    manifest: Manifest

    @classmethod
    def open(cls, directory: Path, setup: str) -> _Previous | None:
        """The published build when it left a manifest of the same set-up, else None (a full build)."""
        build = current_build(directory)
        manifest = read_manifest(build, setup)
        if build is None or manifest is None:
            return None
        if manifest.keys_path.stat().st_size < max((e.at + e.size for e in manifest.entries), default=0):
            return None  # a keys file cut short: build from nothing
        try:
            return cls(build, ox.Store.read_only(str(build)), manifest)
        except OSError:
            return None

    def loaded(self) -> set[URIRef]:
        """The documents' graphs the published build holds."""
        return {e.graph for e in self.manifest.entries if e.graph is not None and e.report.loaded}


def _build(paths: list[Path], settings: BuildSettings, held: BuildLock, staging: Staging) -> BuildSummary:
    minter = IriMinter(settings.base_iri)
    cache = BuildCache(settings.store, enabled=settings.reuse)
    decisions, decisions_report = read_curation(settings.curation, minter)
    setup = setup_digest(settings.base_iri, settings.shacl_engine if settings.validate else "", decisions)
    previous = _Previous.open(settings.store, setup) if settings.reuse else None
    build_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    keys = KeysWriter(staging.root / "keys")
    convert = TermConverter()  # one per build: the texts of terms made once serve validation's pass and the load
    clock = time.perf_counter()
    staged, tables = _map(paths, settings, cache, staging, keys, previous)
    keys.close()
    mapped = cache.hits["mapped"] + sum(s.previous is not None for s in staged)  # not mapped again
    seconds = {"map": time.perf_counter() - clock}
    clock = time.perf_counter()
    accepted = _resolve_accepted(staged, tables, keys.path, minter, decisions, decisions_report, staging, cache,
                                 settings, previous, convert)
    resolution, extra, curated, curation = accepted.resolution, accepted.extra, accepted.curated, accepted.curation
    # reading and rewriting the documents to check them is resolution's work, as it is in the load
    seconds["resolve"] = time.perf_counter() - clock - accepted.validating + accepted.rewriting
    if settings.validate:
        seconds["validate"] = accepted.validating - accepted.rewriting
    summary = BuildSummary([s.report for s in staged], settings.store, seconds=seconds,
                           merges=resolution.report.counts(), settled=resolution.report.settled,
                           curation=curation.report)
    if not any(s.graph is not None for s in staged):
        raise BuildError(f"no document could be loaded ({_reasons(summary)})")
    clock = time.perf_counter()
    rewriting, validating = _Stopwatch(), _Stopwatch()
    changed = [s for s in staged if s.graph is not None and not s.kept and s.report.loaded]  # verdicts given
    documents: Iterable[_Loaded] = rewriting.timed(
        _loaded(changed, resolution, curated, staging, minter, cache, settings.base_iri, convert))
    documents = validating.timed(track(documents, "loading", len(changed), "docs", enabled=settings.progress))

    def finish(build: Path) -> None:
        write_manifest(Manifest(setup, [s.entry() for s in staged], lines=accepted.lines), build, keys.path,
                       staging.root / _TABLES)

    if previous is None:
        changes = _write_store(settings.store, build_id, extra, documents, held, summary, finish, staging.root,
                               convert)
    else:
        changes = _patch_store(settings.store, build_id, previous, extra, documents, staged, held, finish,
                               staging.root, convert)
    changes.publish(settings.store)
    # the ontology graph of an incremental build is the published build's (the same program): counted there,
    # not made again
    ontology = len(_stored_ontology()) if previous is None else sum(
        1 for _ in previous.store.quads_for_pattern(None, None, None, ox.NamedNode(str(ONTOLOGY_GRAPH))))
    summary.triples = ontology + sum(len(g) for g in extra) + sum(s.triples for s in staged if s.report.loaded)
    summary.changes = changes.counts
    total = time.perf_counter() - clock
    summary.seconds["resolve"] += rewriting.seconds
    summary.seconds["load"] = total - validating.seconds
    summary.published = True
    kept = sum(s.kept for s in staged)
    summary.reused = {"mapped": mapped,
                      "verdicts": cache.hits["verdicts"] + (kept if settings.validate else 0)}
    if previous is not None:
        summary.reused["graphs"] = kept  # named graphs of the published build kept as they were
        keyed = [s for s in staged if s.doc >= 0]
        # documents whose keys stayed in the key tables, and whose plan digest was kept, without being read
        summary.reused["keys"] = sum(not s.keyed for s in keyed)
        summary.reused["plans"] = sum(not s.digested for s in keyed)
    # An incremental build does not look up the verdicts of the documents it keeps, so only a full
    # build knows which verdicts are stale.
    cache.prune(("mapped",) if previous is not None else ("mapped", "verdicts"))
    return summary


def _reasons(summary: BuildSummary) -> str:
    return "; ".join(r.rejected for r in summary.rejected[:3]) or "no documents found"


def _map(paths: list[Path], settings: BuildSettings, cache: BuildCache, staging: Staging, keys: KeysWriter,
         previous: _Previous | None) -> tuple[list[_Staged], KeyTables]:
    """Map every document (or take its mapping from the published build when it did not change); stage
    its triples on disk, and gather the keys resolution reads (kept in this build's keys file too)."""
    sources = find_documents(paths)
    entries = [mapping_key(path, display, settings.base_iri) for path, display in sources]
    # A copy of another document (it mapped, but holds no graph of its own) is mapped again (from the
    # cache): the document it copied may be gone, and then the copy holds the graph.
    reusable = {key: entry for key, entry in previous.manifest.by_mapping().items()
                if entry.graph is not None or not entry.mapped.loaded} if previous is not None else {}
    todo = [source for source, entry in zip(sources, entries, strict=True) if entry not in reusable]
    fresh = map_documents(todo, settings.base_iri, settings.jobs, settings.time_limit, cache)
    staged: list[_Staged] = []
    # On disk: they grow with the corpus. An incremental build starts from the published build's tables
    # and changes only the documents that changed there.
    path = staging.root / _TABLES
    saved = previous.manifest.tables_path if previous is not None else None
    tables = KeyTables.reopen(saved, path) if saved is not None else KeyTables(path)
    present = tables.documents()  # those of them not met again are removed
    seen: dict[URIRef, str] = {}
    with ExitStack() as stack:
        old_keys = stack.enter_context(open(previous.manifest.keys_path, "rb")) if previous is not None else None
        for source, entry in track(zip(sources, entries, strict=True), "mapping", len(sources), "docs",
                                   enabled=settings.progress):
            old = reusable.get(entry) if entry is not None else None
            if old is not None and old_keys is not None:
                cache.keep("mapped", entry or "")
                item = _Staged(deepcopy(old.mapped), source, entry, mapped=old.mapped, previous=old)
                if old.keyed and old.graph is not None:
                    raw = read_raw(old_keys, old.at, old.size)
                    if _distinct(item, old.graph, seen):
                        item.doc = present.pop((source[1], entry or ""), -1)
                        if item.doc < 0:
                            nodes, document_keys, _ = split_record(raw)
                            item.doc, item.keyed = tables.add(document_keys, source[1], entry or "", nodes), True
                        item.at, item.size = keys.add_raw(raw)
                staged.append(item)
                continue
            shipped = next(fresh)
            item = _Staged(shipped.report, source, entry, shipped.final, deepcopy(shipped.report))
            if shipped.graph_iri is not None and shipped.keys is not None and _distinct(item, shipped.graph_iri, seen):
                readings = tuple(dict.fromkeys(r.work for r in shipped.readings))
                nodes = document_nodes(shipped.keys, readings)
                item.doc, item.keyed = tables.add(shipped.keys, source[1], entry or "", nodes), True
                item.at, item.size = keys.add(nodes, shipped.keys, readings)
                item.path = staging.put(replace(shipped, keys=None))
            staged.append(item)
    tables.remove(present.values())
    if saved is not None:
        tables.order([item.doc for item in staged if item.doc >= 0])
    return staged, tables


def _distinct(item: _Staged, graph: URIRef, seen: dict[URIRef, str]) -> bool:
    """Whether a mapped document is the first with its content (a copy is rejected, and loaded once)."""
    display = item.source[1]
    if graph in seen:
        item.report.rejected = f"{display}: same content as {seen[graph]}; loaded once"
        return False
    seen[graph] = display
    item.graph = graph
    return True


def _plan(staged: list[_Staged], keys: Path, tables: KeyTables, resolution: Resolution,
          decisions: list[Decision], previous: _Previous | None, rejected: Container[int]) -> dict[str, str]:
    """Each document's digest of resolution's decisions about its nodes, and whether curators' decisions
    name a work it holds; returns the plan's lines (for the next build).

    A document of the published build whose nodes hold no decision that changed since keeps its digest
    without being read: only the documents holding a node whose line changed are digested again (every
    document without a published build's lines to compare with, or when curators decided anything).
    """
    plan = resolution.plan
    lines = plan_lines(plan)
    decided = {d.work for d in decisions}
    old = previous.manifest.lines if previous is not None else None
    touched = tables.holding(changed_lines(old, lines)) if old is not None and not decided else None
    with open(keys, "rb") as handle:
        for item in staged:
            if item.graph is None:
                continue
            known = item.previous
            if (touched is not None and known is not None and known.plan and item.doc not in touched
                    and id(item) not in rejected):
                item.plan, item.curated, item.digested = known.plan, False, False
                continue
            nodes = read_nodes(handle, item.at)
            item.plan, item.digested = plan_digest(nodes, lines), True
            item.curated = bool(decided) and any(plan.canonical.get(n, n) in decided for n in nodes)
    return lines


@dataclass
class _Accepted:
    """Resolution among the documents that pass validation, what the build's own graphs say after it, and
    the time validation took, and how much of it went to reading and rewriting the documents to check."""

    resolution: Resolution
    extra: list[Graph]  # the resolution graph, the links, the curation graph
    curated: dict[int, Graph]
    curation: Curation
    lines: dict[str, str]  # the plan's lines (what the next build compares its plan with)
    validating: float = 0.0
    rewriting: float = 0.0


def _resolve_accepted(staged: list[_Staged], tables: KeyTables, keys: Path, minter: IriMinter,
                      decisions: list[Decision], decisions_report: CurationReport, staging: Staging,
                      cache: BuildCache, settings: BuildSettings, previous: _Previous | None,
                      convert: TermConverter) -> _Accepted:
    """Resolve on the documents that pass validation, and give every document its verdict.

    Each document is validated on what it states, its nodes named as resolution named them. A
    rejected document must not decide anything about the others (a merge, a date, a title, an
    author list), so resolution runs again on the key tables of the documents not rejected, and the
    documents whose triples that changes are validated again, until no document is newly rejected.
    Of the documents newly rejected, those also rejected when resolved alone are left out first: the
    others may only have been renamed into a violation by them, and are checked again without them.
    A rejection only ever removes a document, so this ends; and it depends on the documents alone,
    so an incremental build decides as a build from nothing does (a document kept from the
    published build had, then, the triples it has now, and passed).
    """
    pristine = {id(item): item.report for item in staged}
    rejected: dict[int, DocumentReport] = {}
    remembered = _Remembering(cache)
    validating, rewriting = 0.0, _Stopwatch()
    while True:
        resolution = resolve_keys(tables, minter)
        extra = [resolution.graph, link(tables, resolution.plan, minter)]
        lines = _plan(staged, keys, tables, resolution, decisions, previous, rejected)
        curated, curation = _curate([s for s in staged if id(s) not in rejected], tables, resolution, decisions,
                                    deepcopy(decisions_report), minter, staging, cache, settings)
        extra.append(curation.graph)
        for item in staged:
            item.kept, item.report = False, pristine[id(item)]
        if previous is not None:
            _keep_unchanged(staged, previous, extra)
        if not settings.validate:
            break
        clock = time.perf_counter()
        todo = [s for s in staged if s.graph is not None and not s.kept and id(s) not in rejected]
        verdicts = _verdicts(todo, resolution, extra, curated, staging, minter, remembered, settings, convert,
                             rewriting)
        validating += time.perf_counter() - clock
        newly = {key: report for key, report in verdicts.items() if not report.loaded}
        if not newly:
            for item in todo:
                item.report = verdicts[id(item)]
            break
        # Those invalid alone go first: the others may have been renamed into a violation by them.
        alone = _rejected_alone([s for s in todo if id(s) in newly], keys, staging, minter, remembered, settings)
        rejected.update((key, report) for key, report in newly.items() if key in alone or not alone)
        tables.close()
        # the tables of all the documents, as mapping left them, without those rejected
        tables = KeyTables.reopen(staging.root / _TABLES, staging.root / f"keys-{len(rejected)}.sqlite")
        tables.remove(s.doc for s in staged if id(s) in rejected)
    tables.close()
    for item in staged:
        if id(item) in rejected:
            item.kept, item.report = False, rejected[id(item)]
    return _Accepted(resolution, extra, curated, curation, lines, validating, rewriting.seconds)


def _verdicts(todo: list[_Staged], resolution: Resolution, extra: list[Graph], curated: dict[int, Graph],
              staging: Staging, minter: IriMinter, cache: BuildCache, settings: BuildSettings,
              convert: TermConverter, rewriting: _Stopwatch | None = None) -> dict[int, DocumentReport]:
    """Each document's report with its verdict (a copy: the document's own report is left as it was);
    the time spent reading and rewriting the documents goes to ``rewriting``."""

    def copies() -> Iterator[ShippedDocument]:
        documents = _resolved(todo, resolution, curated, staging, minter, cache, settings.base_iri, convert)
        for document in rewriting.timed(documents) if rewriting is not None else documents:
            yield replace(document, report=deepcopy(document.report))

    # the merge records are about no document's nodes: of them, validation reads the aliases; the batches
    # wait for the workers as files in staging, not in this process's memory
    batches = staging.root / "validation"
    batches.mkdir(exist_ok=True)
    checked = validate_stream(copies(), [resolution.aliases, *extra[1:]], settings.jobs or default_jobs(), cache,
                              settings.shacl_engine, batches)
    checked = track(checked, "validating", len(todo), "docs", enabled=settings.progress)
    return {id(item): document.report for item, document in zip(todo, checked, strict=True)}


def _rejected_alone(items: list[_Staged], keys: Path, staging: Staging, minter: IriMinter, cache: BuildCache,
                    settings: BuildSettings) -> set[int]:
    """Those of the documents that are rejected when resolved and validated with no other document."""
    found: set[int] = set()
    for item in items:
        with _tables_of(item, keys) as tables:
            alone = resolve_keys(tables, minter)
            extra = [alone.aliases, link(tables, alone.plan, minter)]
        document = _shipped(item, staging, cache, settings.base_iri)
        triples, stated = _document_triples(document, alone, minter)
        shipped = ShippedDocument(item.report, item.graph, tuple(triples), document.lines,
                                  stated=tuple(stated) if stated != triples else ())
        about = extra_by_subject(t for graph in extra for t in graph)
        if not document_reports([shipped], about, settings.shacl_engine)[0].conforms:
            found.add(id(item))
    return found


def _tables_of(item: _Staged, keys: Path) -> KeyTables:
    """The key tables of one document alone, read back from this build's keys file."""
    tables = KeyTables()
    with open(keys, "rb") as handle:
        _, document_keys, _ = split_record(read_raw(handle, item.at, item.size))
    tables.add(document_keys)
    return tables


@dataclass(frozen=True)
class _ThisBuild(Verdict):
    """A verdict given earlier in this build, on the same triples (not one kept from an earlier build)."""

    def apply(self, report: DocumentReport, cached: bool = False) -> None:
        super().apply(report)


class _Remembering(BuildCache):
    """The build's cache, with every verdict given in this build also held in memory: a document validated
    again, after a rejection changed resolution, on the same triples keeps its verdict without a check."""

    def __init__(self, cache: BuildCache) -> None:
        super().__init__(cache.root.parent, enabled=True)
        self.cache = cache
        self.verdicts: dict[str, Verdict] = {}

    def get(self, kind: str, entry: str) -> Any | None:
        """The verdict given in this build, else the cache's entry (held in memory too)."""
        if kind == "verdicts" and entry in self.verdicts:
            return self.verdicts[entry]
        found = self.cache.get(kind, entry) if self.cache.enabled else None
        if kind == "verdicts" and isinstance(found, Verdict):
            self.verdicts[entry] = found
        return found

    def put(self, kind: str, entry: str, value: object) -> None:
        """Keep a value in the cache, and a verdict in memory."""
        if kind == "verdicts" and isinstance(value, Verdict):
            self.verdicts[entry] = _ThisBuild(value.rejection, value.warnings, value.own, value.build)
        self.cache.put(kind, entry, value)


def _keep_unchanged(staged: list[_Staged], previous: _Previous, extra: list[Graph]) -> None:
    """Mark the documents whose graph in the published build is exactly what this build would write,
    with the same verdict: the same content and name, the same decisions of resolution about their
    nodes, loaded before, no curators' decision about them then or now, and no change in what the
    build's own graphs say about their subjects (validation reads that)."""
    for item in staged:
        old = item.previous
        if (item.graph is not None and old is not None and old.graph == item.graph and old.plan == item.plan
                and old.report.loaded and not old.curated and not item.curated):
            item.kept = True
    subjects = _changed_subjects(previous.store, extra)
    graphs: set[object] = set()
    for subject in subjects:
        graphs.update(q.graph_name for q in previous.store.quads_for_pattern(subject, None, None, None))
    for item in staged:
        if item.kept and ox.NamedNode(str(item.graph)) in graphs:
            item.kept = False
        if item.kept and item.previous is not None:
            item.report = deepcopy(item.previous.report)
            item.triples = item.previous.triples


def _changed_subjects(store: ox.Store, extra: list[Graph]) -> set[ox.NamedNode | ox.BlankNode]:
    """The subjects of the triples that the build's own graphs (resolution, links, curation) state now
    and did not, or stated and do not now."""
    convert = TermConverter()
    subjects: set[ox.NamedNode | ox.BlankNode] = set()
    for graph in extra:
        name = ox.NamedNode(str(graph.identifier))
        old = set(store.quads_for_pattern(None, None, None, name))
        new = set(convert.graph_quads(graph, name))
        subjects.update(q.subject for q in old ^ new)  # type: ignore[misc]
    return subjects


def _curate(staged: list[_Staged], tables: KeyTables, resolution: Resolution, decisions: list[Decision],
            report: CurationReport, minter: IriMinter, staging: Staging, cache: BuildCache,
            settings: BuildSettings) -> tuple[dict[int, Graph], Curation]:
    """Researchers' decisions (curation), applied to the resolved documents that hold the works they name.

    They apply between resolution and validation, so that validation checks the curated
    facts and the change record sees them. Only those documents are read here (decisions are
    few, and the documents' keys tell which hold the works named); the curation graph joins the
    build's own graphs.
    """
    touched: dict[int, Graph] = {}
    works: set[Node] = set()
    if decisions:
        tables.set_canonical(resolution.plan.canonical)
        decided = {d.work for d in decisions}
        works = {w for w in decided if tables.is_node("work", w)}  # those of the build's works that decisions name
        for item in staged:
            if not item.curated:
                continue
            document = _shipped(item, staging, cache, settings.base_iri)
            triples, _ = _document_triples(document, resolution, minter)
            if any(s in decided for s, _, _ in triples):
                graph = touched[id(item)] = Graph(identifier=document.graph_iri)
                for triple in triples:
                    graph.add(triple)
    applied = apply_decisions(list(touched.values()), decisions, report, minter, works)
    return touched, applied


def _shipped(item: _Staged, staging: Staging, cache: BuildCache, base_iri: str) -> ShippedDocument:
    """A mapped document with its triples: from staging, else from the mapping cache, else mapped again."""
    if item.path is not None:
        staged: ShippedDocument = staging.get(item.path)
        return staged
    found = cache.get("mapped", item.mapping) if item.mapping else None
    if isinstance(found, ShippedDocument) and found.graph_iri == item.graph:
        return found
    path, display = item.source
    document = map_shipped(base_iri, path, display)
    if item.mapping and document.final:
        cache.put("mapped", item.mapping, document)
    return document


def _resolved(changed: list[_Staged], resolution: Resolution, curated: dict[int, Graph], staging: Staging,
              minter: IriMinter, cache: BuildCache, base_iri: str, convert: TermConverter | None = None
              ) -> Iterator[ShippedDocument]:
    """Each document to load, read back and rewritten by resolution's plan (or as curated).

    With a converter, each document's rewritten triples also wait in staging as N-Triples texts, so
    that the load, when it loads what this resolution decided, reads them instead of reading and
    rewriting the document again.
    """
    for item in changed:
        document = _shipped(item, staging, cache, base_iri)
        graph = curated.get(id(item))
        if graph is not None:  # validated as curated
            shipped = ShippedDocument(item.report, item.graph, tuple(graph), document.lines)
        else:
            resolved, stated = _document_triples(document, resolution, minter)
            shipped = ShippedDocument(item.report, item.graph, tuple(resolved), document.lines,
                                      stated=() if stated is resolved or stated == resolved else tuple(stated))
        if convert is not None and item.graph is not None:
            if item.rewritten is not None:
                item.rewritten[1].unlink(missing_ok=True)
            item.rewritten = (resolution, staging.put_texts(convert.triple_texts(shipped.triples, item.graph)))
        yield shipped


@dataclass(frozen=True)
class _Loaded:
    """A document as the load writes it: its triples as N-Triples texts (as TermConverter.triple_texts writes
    them)."""

    report: DocumentReport
    graph_iri: URIRef
    texts: list[str]


def _loaded(changed: list[_Staged], resolution: Resolution, curated: dict[int, Graph], staging: Staging,
            minter: IriMinter, cache: BuildCache, base_iri: str, convert: TermConverter) -> Iterator[_Loaded]:
    """Each document to load, as validation's pass left it in staging when it rewrote it by this very
    resolution, else read back and rewritten now; each one's triples counted in its item."""
    for item in changed:
        assert item.graph is not None
        if item.rewritten is not None and item.rewritten[0] is resolution:
            texts = staging.take_texts(item.rewritten[1])
            item.rewritten = None
        else:
            document = next(_resolved([item], resolution, curated, staging, minter, cache, base_iri))
            texts = convert.triple_texts(document.triples, item.graph)
        item.triples = len(texts) if item.report.loaded else 0
        yield _Loaded(item.report, item.graph, texts)


def _document_triples(document: ShippedDocument, resolution: Resolution, minter: IriMinter
                      ) -> tuple[set[Triple], set[Triple]]:
    """A document's triples rewritten by resolution's plan, with the readings of the works whose chosen
    abstract it holds (each work's study content is stated once, after resolution); and what it states
    itself, its nodes renamed but no value settled (what validation checks)."""
    plan, graph = resolution.plan, str(document.graph_iri)
    stated = plan.rename(document.triples)
    triples = plan.settled(stated, graph)  # ``stated`` itself when the plan settles no value of the document
    readings = list(stated_readings(document.readings, graph, plan.canonical, plan.readings, minter))
    triples.update(readings)
    if triples is not stated:
        stated.update(readings)
    return triples, stated


@cache
def _stored_ontology() -> Graph:
    """The ontology with its blank nodes (owl:oneOf lists) labelled from their content, so that every
    process, and so every build, writes the same labels."""
    return to_canonical_graph(ontology_graph())


def _write_store(directory: Path, build_id: str, extra: list[Graph], documents: Iterable[_Loaded],
                 held: BuildLock, summary: BuildSummary, finish: Callable[[Path], None], scratch: Path,
                 convert: TermConverter) -> Record:
    """Load the build's own graphs and each loaded document into its named graph of a new build, record
    what changed; publish on success.

    Every triple also goes into the store's default graph, which is a set: that makes the
    default graph the RDF merge of the named graphs. (Oxigraph's own union-default-graph
    mode returns a triple once per graph that holds it, which would inflate counts.)
    The new build is private until it is published, so the fast non-transactional
    bulk loader is safe: a failure discards the whole directory.
    """
    loaded = [False]

    def lines() -> Iterator[list[str]]:
        for graph in (_stored_ontology(), *extra):
            identifier = ONTOLOGY_GRAPH if graph is _stored_ontology() else graph.identifier
            yield convert.graph_lines(graph, URIRef(identifier))
        for document in documents:
            if document.report.loaded:
                yield convert.quad_lines(document.texts, document.graph_iri)
                loaded[0] = True

    previous = current_build(directory)
    try:
        old = ox.Store.read_only(str(previous)) if previous is not None else None
    except OSError:  # an unreadable previous build: everything counts as added
        old = None
    with new_build(directory, held, build_id) as ox_store:
        bulk_extend_lines(ox_store, lines())
        if not loaded[0]:
            raise BuildError(f"no document could be loaded ({_reasons(summary)})")
        since = previous.name if previous is not None and old is not None else ""
        changes = record(old, ox_store, build_id, since, scratch)
        finish(build_path(directory, build_id))
        del ox_store  # the last reference: RocksDB closes before the build is published and readers open it
    del old
    return changes


def _patch_store(directory: Path, build_id: str, previous: _Previous, extra: list[Graph],
                 documents: Iterable[_Loaded], staged: list[_Staged], held: BuildLock,
                 finish: Callable[[Path], None], scratch: Path, convert: TermConverter) -> Record:
    """A new build made from the published one: its copy with the graphs that changed replaced (the
    build's own graphs, the documents written again, those no longer loaded removed) and the default
    graph kept the merge of the named graphs; the change record compares only what was replaced."""
    with new_build(directory, held, build_id, start_from=previous.build) as store:
        patch = Patch(store)
        for graph in extra:
            name = ox.NamedNode(str(graph.identifier))
            patch.replace(name, convert.graph_quads(graph, name))
        for document in documents:
            if document.report.loaded:
                name = ox.NamedNode(str(document.graph_iri))
                patch.replace(name, parse_triple_texts(document.texts, name))
        loaded = {s.graph for s in staged if s.graph is not None and s.report.loaded}
        if not loaded:
            raise BuildError("no document could be loaded")
        for graph_iri in sorted(previous.loaded() - loaded):
            patch.replace(ox.NamedNode(str(graph_iri)), None)
        delta = patch.finish()
        changes = record(previous.store, store, build_id, previous.build.name, scratch,
                         Scope(frozenset(delta.graphs), frozenset(delta.removed | delta.added)))
        finish(build_path(directory, build_id))
        del store, patch  # as in _load_store: the new store is closed before it is published
    return changes
