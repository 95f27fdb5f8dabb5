"""The pipeline: documents -> mapper -> per-document graph -> resolve -> validate -> store."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.term import Node
from tqdm import tqdm

from kg.curation import CurationReport, apply_curation
from kg.detect import detect_mapper, map_source, read_document
from kg.errors import BuildError, DocumentError
from kg.link import link
from kg.namespaces import DEFAULT_BASE, IriMinter
from kg.resolve import ResolutionReport, resolve
from kg.store import DEFAULT_STORE, QuadConverter, new_build
from kg.triples import TripleWriter
from kg.validate import Issue, validate_graph
from kg.vocabulary import ONTOLOGY_GRAPH, ontology_graph

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
    graph_iri: URIRef | None = None
    lines: dict[Node, int] = field(default_factory=dict)  # work IRI -> line of its record, for messages


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
        stating = [m for m in candidates if any(str(o) == issue.value for o in m.graph.objects(issue.focus))]
        return stating or candidates
    return candidates


def validate_documents(mapped: list[_Mapped], extra: Iterable[Graph] = ()) -> None:
    """Validate the documents in batches; reject each document that carries a violation.

    The shapes only check what each document states (a work's authors, venue and cited works
    are typed in the same document; concepts come from the vocabulary every batch includes),
    so batches lose no check, and they keep pyshacl's memory bounded on a large build.
    """
    extra = list(extra)
    accepted = [m for m in mapped if m.report.loaded and m.graph is not None]
    batch: list[_Mapped] = []
    size = 0
    for item in accepted:
        batch.append(item)
        size += len(item.graph)
        if size >= VALIDATION_BATCH_TRIPLES:
            _validate_batch(batch, extra)
            batch, size = [], 0
    if batch:
        _validate_batch(batch, extra)


def _validate_batch(batch: list[_Mapped], extra: list[Graph]) -> None:
    for _ in range(MAX_VALIDATION_ROUNDS):
        current = [m for m in batch if m.report.loaded]
        if not current:
            return
        union = Graph()
        for graph in [m.graph for m in current] + extra:
            union += graph
        report = validate_graph(union)
        index = _subject_index(current)
        for item in current:
            item.report.warnings = [w for w in item.report.warnings if ": SHACL " not in w]
        for issue in report.warnings:
            for owner in _owners(issue, index)[:1]:
                owner.report.warnings.append(_located(owner, issue))
        offenders: dict[str, tuple[_Mapped, Issue]] = {}
        for issue in report.violations:
            for owner in _owners(issue, index):
                offenders.setdefault(owner.report.path, (owner, issue))
        if not offenders:
            return
        for owner, issue in offenders.values():
            owner.report.rejected = _located(owner, issue)


def _located(owner: _Mapped, issue: Issue) -> str:
    """A SHACL issue as 'file:line: SHACL Severity: ...', with the line of the record it concerns."""
    line = owner.lines.get(issue.focus)
    return f"{owner.report.path}{f':{line}' if line else ''}: SHACL {issue}"


def build(paths: Iterable[Path] = DEFAULT_INPUTS, settings: BuildSettings = BuildSettings()) -> BuildSummary:
    """Map every document under the paths, validate, and publish a new store atomically."""
    writer = TripleWriter(IriMinter(settings.base_iri))
    clock = time.perf_counter()
    sources = find_documents(list(paths))
    mapped: list[_Mapped] = []
    seen: dict[URIRef, str] = {}
    for path, display in tqdm(sources, desc="mapping", unit="doc", disable=not settings.progress):
        item = map_document(path, display, writer)
        if item.graph_iri is not None and item.graph_iri in seen:
            item.report.rejected = f"{display}: same content as {seen[item.graph_iri]}; loaded once"
            item.graph = None
        elif item.graph_iri is not None:
            seen[item.graph_iri] = display
        mapped.append(item)
    seconds = {"map": time.perf_counter() - clock}
    clock = time.perf_counter()
    resolution, extra = _resolve_and_link(mapped, writer.minter)
    curation = apply_curation([m.graph for m in mapped if m.graph is not None], settings.curation, writer.minter)
    extra.append(curation.graph)
    seconds["resolve"] = time.perf_counter() - clock
    if settings.validate:
        clock = time.perf_counter()
        validate_documents(mapped, extra)
        seconds["validate"] = time.perf_counter() - clock
    summary = BuildSummary([m.report for m in mapped], settings.store, seconds=seconds,
                           merges=resolution.counts(), settled=resolution.settled, curation=curation.report)
    if not any(m.report.loaded for m in mapped):
        reasons = "; ".join(r.rejected for r in summary.rejected[:3]) or "no documents found"
        raise BuildError(f"no document could be loaded ({reasons})")
    clock = time.perf_counter()
    summary.triples = _write_store(settings.store, _quads(mapped, extra), settings.progress)
    summary.seconds["load"] = time.perf_counter() - clock
    summary.published = True
    return summary


def _resolve_and_link(mapped: list[_Mapped], minter: IriMinter) -> tuple[ResolutionReport, list[Graph]]:
    """Resolve across the documents' graphs (in place), then link to external identifiers."""
    graphs = [m.graph for m in mapped if m.graph is not None]
    report, merges = resolve(graphs, minter)
    union = Graph()
    for graph in graphs:
        union += graph
    return report, [merges, link(union, minter)]


def _quads(mapped: list[_Mapped], extra: list[Graph]) -> Iterator[tuple[URIRef, Graph]]:
    yield ONTOLOGY_GRAPH, ontology_graph()
    for graph in extra:
        yield graph.identifier, graph
    for item in mapped:
        if item.report.loaded and item.graph is not None:
            yield item.graph.identifier, item.graph


def _write_store(directory: Path, graphs: Iterator[tuple[URIRef, Graph]], progress: bool) -> int:
    """Load each graph into its named graph of a new build; publish on success.

    Every triple also goes into the store's default graph, which is a set: that makes the
    default graph the RDF merge of the named graphs. (Oxigraph's own union-default-graph
    mode returns a triple once per graph that holds it, which would inflate counts.)
    The new build is private until it is published, so the fast non-transactional
    bulk loader is safe: a failure discards the whole directory.
    """
    counted = [0]
    convert = QuadConverter()

    def quads() -> Iterator[ox.Quad]:
        for identifier, graph in tqdm(graphs, desc="loading", unit="graph", disable=not progress):
            yield from convert.quads(graph, ox.NamedNode(str(identifier)))
            yield from convert.quads(graph, ox.DefaultGraph())
            counted[0] += len(graph)

    with new_build(directory) as ox_store:
        ox_store.bulk_extend(quads())  # one call: each call writes its own set of sorted files
    return counted[0]
