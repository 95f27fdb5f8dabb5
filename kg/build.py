"""The pipeline: documents -> mapper -> per-document graph -> resolve -> validate -> store."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache, lru_cache, partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import to_canonical_graph
from rdflib.term import IdentifiedNode, Node

from kg.cache import BuildCache, file_sha256
from kg.cache import key as cache_key
from kg.changes import Change, compare, history, write_csv
from kg.changes import quads as change_quads
from kg.changes import summary as change_summary
from kg.curation import CurationReport, apply_curation
from kg.detect import detect_mapper, map_source, read_document
from kg.errors import BuildError, DocumentError
from kg.link import link
from kg.namespaces import DEFAULT_BASE, IriMinter
from kg.progress import Progress, track
from kg.resolve import ResolutionReport, resolve
from kg.store import DEFAULT_STORE, BuildLock, QuadConverter, build_lock, current_build, new_build
from kg.triples import TripleWriter
from kg.validate import Issue, ValidationReport, validate_graph
from kg.vocabulary import ONTOLOGY_GRAPH, ontology_graph
from kg.workers import DocumentPool, default_jobs, worker_context

DEFAULT_INPUTS = (Path("seeds"),)
MAX_VALIDATION_ROUNDS = 3
# pyshacl holds its whole data graph (and more) in memory; validating so many triples at a time
# keeps a build of thousands of documents within a few GB.
VALIDATION_BATCH_TRIPLES = 100_000


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
class DocumentReport:
    """What happened to one source document."""

    path: str
    mapper: str = ""
    records: int = 0
    triples: int = 0
    errors: list[str] = field(default_factory=list)  # records that failed; the rest loaded
    warnings: list[str] = field(default_factory=list)
    rejected: str = ""  # why the whole document was not loaded

    @property
    def loaded(self) -> bool:
        """Whether the document's graph is in the store."""
        return not self.rejected


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
class _Mapped:
    report: DocumentReport
    graph: Graph | None = None
    graph_iri: IdentifiedNode | None = None
    lines: dict[Node, int] = field(default_factory=dict)  # work IRI -> line of its record, for messages

    @property
    def accepted_graph(self) -> Graph:
        """The graph of a document that was mapped (only rejected documents have none)."""
        assert self.graph is not None
        return self.graph


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
    """A path relative to the working directory when inside it, else relative to the argument's parent."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.resolve().relative_to(anchor.resolve()).as_posix()


def map_document(path: Path, display: str, writer: TripleWriter) -> _Mapped:
    """Read, detect and map one document into its own named graph; never raises for bad input."""
    report = DocumentReport(path=display)
    try:
        source = read_document(path, display)
        mapper = detect_mapper(source)
    except DocumentError as error:
        report.rejected = str(error)
        return _Mapped(report)
    report.mapper = mapper.name
    report.warnings.extend(source.notes)
    mapped = map_source(source, mapper, writer)
    report.warnings.extend(mapped.warnings)
    report.errors.extend(str(error) for error in mapped.errors)
    if not mapped.records:
        first = str(mapped.errors[0]) if mapped.errors else f"{display}: no records found by {mapper.name}"
        report.rejected = first
        return _Mapped(report)
    report.records = mapped.records
    report.triples = len(mapped.graph)
    return _Mapped(report, mapped.graph, mapped.graph.identifier, mapped.lines)


def _subject_index(mapped: list[_Mapped]) -> dict[Node, list[_Mapped]]:
    index: dict[Node, list[_Mapped]] = {}
    for item in mapped:
        assert item.graph is not None
        for subject in set(item.graph.subjects()):
            index.setdefault(subject, []).append(item)
    return index


def _owners(issue: Issue, index: dict[Node, list[_Mapped]]) -> list[_Mapped]:
    """The documents whose triples an issue is about (those that state the offending value, if any)."""
    candidates = index.get(issue.focus, [])
    if issue.value:
        stating = [m for m in candidates if any(str(o) == issue.value for o in m.accepted_graph.objects(issue.focus))]
        return stating or candidates
    return candidates


def validate_documents(mapped: list[_Mapped], extra: Iterable[Graph] = (), jobs: int = 1,
                       progress: bool = False, cache: BuildCache | None = None) -> None:
    """Validate the documents in batches, in ``jobs`` processes; reject each document that carries a violation.

    The shapes only check what each document states (a work's authors, venue and cited works
    are typed in the same document; concepts come from the vocabulary every batch includes),
    so batches lose no check, and they keep pyshacl's memory bounded on a large build.
    Each batch gets the triples of the resolution and links graphs about its own nodes.
    A document given exactly the triples it was given by an earlier build keeps that
    build's verdict (from the cache).
    """
    extra = list(extra)
    accepted = [m for m in mapped if m.report.loaded and m.graph is not None]
    cache = cache or BuildCache(Path(), enabled=False)
    keys: dict[int, str] = {}
    if cache.enabled:
        about = _extra_by_subject(extra)
        for item in accepted:
            keys[id(item)] = _verdict_key(item, about)
    todo = []
    for item in accepted:
        hit = cache.get("verdicts", keys[id(item)]) if cache.enabled else None
        if hit is None:
            todo.append(item)
        else:
            item.report.rejected, item.report.warnings = hit
    batches: list[list[_Mapped]] = [[]]
    size = 0
    for item in todo:
        if size >= VALIDATION_BATCH_TRIPLES:
            batches.append([])
            size = 0
        batches[-1].append(item)
        size += len(item.accepted_graph)
    batches = [batch for batch in batches if batch]
    tasks = (_batch_task(batch, extra) for batch in batches)
    shown = Progress("validating", len(accepted), "docs", enabled=progress)
    with ExitStack() as stack:
        if jobs <= 1 or len(batches) <= 1:
            verdicts: Iterator[list[tuple[str, list[str]]]] = map(_validate_task, tasks)
        else:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=min(jobs, len(batches)),
                                                           mp_context=worker_context()))
            verdicts = pool.map(_validate_task, tasks)
        shown.advance(len(accepted) - len(todo))
        for batch, verdict in zip(batches, verdicts, strict=True):
            for item, (rejected, warnings) in zip(batch, verdict, strict=True):
                item.report.rejected, item.report.warnings = rejected, warnings
                if cache.enabled:
                    cache.put("verdicts", keys[id(item)], (rejected, warnings))
            shown.advance(len(batch))
    shown.close()


def _extra_by_subject(extra: list[Graph]) -> dict[Node, list[tuple[Node, Node, Node]]]:
    about: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for graph in extra:
        for triple in graph:
            about.setdefault(triple[0], []).append(triple)
    return about


def _verdict_key(item: _Mapped, about: dict[Node, list[tuple[Node, Node, Node]]]) -> str:
    """Everything a document's verdict depends on: its triples after resolution, the resolution and
    link triples about its nodes, its name, its records' lines and the warnings it has so far."""
    assert item.graph is not None
    subjects = set(item.graph.subjects())
    triples = [*item.graph, *(t for s in subjects for t in about.get(s, ()))]
    statements = sorted({f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in triples})
    lines = sorted(f"{node.n3()} {line}" for node, line in item.lines.items())
    return cache_key("verdict", item.report.path, "\n".join(statements), "\n".join(lines),
                     "\n".join(item.report.warnings))


@dataclass(frozen=True)
class _BatchTask:
    """A batch of documents to validate in a worker: each with its triples, report and record lines."""

    documents: tuple[_Shipped, ...]
    extra: tuple[tuple[Node, Node, Node], ...]


def _batch_task(batch: list[_Mapped], extra: list[Graph]) -> _BatchTask:
    subjects = {s for item in batch for s in item.accepted_graph.subjects()}
    about = tuple(t for graph in extra for t in graph if t[0] in subjects)
    return _BatchTask(tuple(_Shipped(item.report, item.graph_iri, tuple(item.accepted_graph), item.lines)
                            for item in batch), about)


def _validate_task(task: _BatchTask) -> list[tuple[str, list[str]]]:
    """Each document's verdict in a batch: why it is rejected ("" when it is not) and its warnings."""
    batch = []
    for shipped in task.documents:
        graph = Graph(identifier=shipped.graph_iri)
        for triple in shipped.triples:
            graph.add(triple)
        batch.append(_Mapped(shipped.report, graph, shipped.graph_iri, shipped.lines))
    extra = Graph()
    for triple in task.extra:
        extra.add(triple)
    _validate_batch(batch, [extra])
    return [(item.report.rejected, item.report.warnings) for item in batch]


def _validate_batch(batch: list[_Mapped], extra: list[Graph]) -> None:
    for _ in range(MAX_VALIDATION_ROUNDS):
        current = [m for m in batch if m.report.loaded]
        if not current:
            return
        union = Graph()
        for graph in [m.accepted_graph for m in current] + extra:
            union += graph
        report = validate_graph(union)
        index = _subject_index(current)
        for item in current:
            item.report.warnings = [w for w in item.report.warnings if ": SHACL " not in w]
        for issue in report.warnings:
            for owner in _owners(issue, index)[:1]:
                owner.report.warnings.append(_located(owner, issue))
        offenders: dict[str, tuple[_Mapped, Issue]] = {}
        alone: dict[str, ValidationReport] = {}
        for issue in report.violations:
            for owner in _causes(issue, _owners(issue, index), extra, alone):
                offenders.setdefault(owner.report.path, (owner, issue))
        if not offenders:
            return
        for owner, issue in offenders.values():
            owner.report.rejected = _located(owner, issue)


def _causes(issue: Issue, owners: list[_Mapped], extra: list[Graph],
            alone: dict[str, ValidationReport]) -> list[_Mapped]:
    """Of the documents that state a violation's focus, those that cause it: one document never
    gets another rejected. A document that violates on its own is at fault; when only the
    combination violates, the documents after the first (in build order) are."""
    if len(owners) < 2:
        return owners
    at_fault = []
    for owner in owners:
        if owner.report.path not in alone:
            union = Graph()
            for graph in [owner.accepted_graph, *extra]:
                union += graph
            alone[owner.report.path] = validate_graph(union)
        if any((v.focus, v.path, v.message) == (issue.focus, issue.path, issue.message)
               for v in alone[owner.report.path].violations):
            at_fault.append(owner)
    return at_fault or owners[1:]


def _located(owner: _Mapped, issue: Issue) -> str:
    """A SHACL issue as 'file:line: SHACL Severity: ...', with the line of the record it concerns."""
    line = owner.lines.get(issue.focus)
    return f"{owner.report.path}{f':{line}' if line else ''}: SHACL {issue}"


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
    mapped: list[_Mapped] = []
    seen: dict[IdentifiedNode, str] = {}
    for item in track(map_documents(sources, settings, cache), "mapping", len(sources), "docs",
                      enabled=settings.progress):
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


@dataclass(frozen=True)
class _Shipped:
    """What a worker sends back for one document: its report, and its graph as a list of triples."""

    report: DocumentReport
    graph_iri: IdentifiedNode | None = None
    triples: tuple[tuple[Node, Node, Node], ...] = ()
    lines: dict[Node, int] = field(default_factory=dict)
    final: bool = True  # False for a time-out or a dead worker: the next build tries the document again


@lru_cache(maxsize=4)
def _writer(base_iri: str) -> TripleWriter:
    return TripleWriter(IriMinter(base_iri))


def _map_shipped(base_iri: str, path: Path, display: str) -> _Shipped:
    """Map one document in a worker process."""
    item = map_document(path, display, _writer(base_iri))
    graph = item.graph
    return _Shipped(item.report, item.graph_iri, tuple(graph) if graph is not None else (), item.lines)


def _rejected(display: str, reason: str) -> _Shipped:
    return _Shipped(DocumentReport(display, rejected=f"{display}: {reason}; rejected"), final=False)


def map_documents(sources: list[tuple[Path, str]], settings: BuildSettings,
                  cache: BuildCache | None = None) -> Iterator[_Mapped]:
    """Map the documents in worker processes, each under the time limit; results in the sources' order.

    A document whose mapping the cache holds (same content, name, base IRI and program) is
    not mapped again.
    """
    cache = cache or BuildCache(settings.store, enabled=False)
    keys = [_mapping_key(path, display, settings.base_iri) if cache.enabled else None for path, display in sources]
    cached = [cache.get("mapped", k) if k else None for k in keys]
    todo = [source for source, hit in zip(sources, cached, strict=True) if hit is None]
    jobs = min(settings.jobs or default_jobs(), max(1, len(todo)))
    with ExitStack() as stack:
        fresh: Iterator[_Shipped] = iter(())
        if todo:
            pool = stack.enter_context(DocumentPool(partial(_map_shipped, settings.base_iri), _rejected,
                                                    jobs, settings.time_limit))
            fresh = pool.map(todo)
        for entry, hit in zip(keys, cached, strict=True):
            shipped = hit if hit is not None else next(fresh)
            if hit is None and entry and shipped.final:
                cache.put("mapped", entry, shipped)
            graph = None
            if shipped.graph_iri is not None:
                graph = Graph(identifier=shipped.graph_iri)
                for triple in shipped.triples:
                    graph.add(triple)
            yield _Mapped(shipped.report, graph, shipped.graph_iri, shipped.lines)


def _mapping_key(path: Path, display: str, base_iri: str) -> str | None:
    try:
        return cache_key("mapped", file_sha256(path), display, base_iri)
    except OSError:  # unreadable: mapping reports it, and nothing is cached
        return None


def _resolve_and_link(mapped: list[_Mapped], minter: IriMinter) -> tuple[ResolutionReport, list[Graph]]:
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


def _quads(mapped: list[_Mapped], extra: list[Graph]) -> Iterator[tuple[IdentifiedNode, Graph]]:
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
