"""SHACL validation with pyshacl, reported as typed issues; each document's verdict in a build."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.term import Node

from kg.cache import BuildCache
from kg.cache import key as cache_key
from kg.documents import MappedGraph, ShippedDocument
from kg.namespaces import RDF, SH
from kg.progress import Progress
from kg.vocabulary import ontology_graph, shapes_graph
from kg.workers import worker_context

MAX_VALIDATION_ROUNDS = 3
# pyshacl holds its whole data graph (and more) in memory; validating so many triples at a time
# keeps a build of thousands of documents within a few GB.
VALIDATION_BATCH_TRIPLES = 100_000
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Issue:
    """One SHACL result: what is wrong, where, and how bad."""

    severity: str  # Violation, Warning or Info
    focus: Node
    path: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        shown = f" (value {self.value})" if self.value else ""
        return f"{self.severity}: <{self.focus}> {self.path}: {self.message}{shown}"


@dataclass(frozen=True)
class ValidationReport:
    """All issues of one validation run; it conforms when none is a violation."""

    issues: tuple[Issue, ...]

    @property
    def violations(self) -> tuple[Issue, ...]:
        """The issues that reject a document."""
        return tuple(i for i in self.issues if i.severity == "Violation")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The issues that are reported and kept."""
        return tuple(i for i in self.issues if i.severity != "Violation")

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings allowed)."""
        return not self.violations


def validate_graph(data: Graph, *, with_vocabulary: bool = True) -> ValidationReport:
    """Validate a graph against the shapes; the concept schemes are added so sh:class checks see them."""
    if with_vocabulary:
        combined = Graph()
        for triple in data:
            combined.add(triple)
        for triple in ontology_graph():
            combined.add(triple)
        data = combined
    _, results, _ = shacl_validate(data, shacl_graph=shapes_graph(), inference="none",
                                   abort_on_first=False, allow_warnings=True)
    issues = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        issues.append(Issue(
            severity=_SEVERITY.get(results.value(result, SH.resultSeverity), "Violation"),
            focus=results.value(result, SH.focusNode),
            path=data.namespace_manager.normalizeUri(path) if path is not None and not isinstance(path, Graph)
            else str(path or ""),
            message=str(results.value(result, SH.resultMessage) or "does not conform"),
            value=str(value) if value is not None else "",
        ))
    issues.sort(key=lambda i: (i.severity, str(i.focus), i.path, i.message, i.value))
    return ValidationReport(tuple(issues))


# ---------------------------------------------------------------- verdicts of a build's documents

def _subject_index(mapped: list[MappedGraph]) -> dict[Node, list[MappedGraph]]:
    index: dict[Node, list[MappedGraph]] = {}
    for item in mapped:
        assert item.graph is not None
        for subject in set(item.graph.subjects()):
            index.setdefault(subject, []).append(item)
    return index


def _owners(issue: Issue, index: dict[Node, list[MappedGraph]]) -> list[MappedGraph]:
    """The documents whose triples an issue is about (those that state the offending value, if any)."""
    candidates = index.get(issue.focus, [])
    if issue.value:
        stating = [m for m in candidates if any(str(o) == issue.value for o in m.mapped.objects(issue.focus))]
        return stating or candidates
    return candidates


def validate_documents(mapped: list[MappedGraph], extra: Iterable[Graph] = (), jobs: int = 1,
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
    batches: list[list[MappedGraph]] = [[]]
    size = 0
    for item in todo:
        if size >= VALIDATION_BATCH_TRIPLES:
            batches.append([])
            size = 0
        batches[-1].append(item)
        size += len(item.mapped)
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


def _verdict_key(item: MappedGraph, about: dict[Node, list[tuple[Node, Node, Node]]]) -> str:
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

    documents: tuple[ShippedDocument, ...]
    extra: tuple[tuple[Node, Node, Node], ...]


def _batch_task(batch: list[MappedGraph], extra: list[Graph]) -> _BatchTask:
    subjects = {s for item in batch for s in item.mapped.subjects()}
    about = tuple(t for graph in extra for t in graph if t[0] in subjects)
    return _BatchTask(tuple(ShippedDocument.pack(item) for item in batch), about)


def _validate_task(task: _BatchTask) -> list[tuple[str, list[str]]]:
    """Each document's verdict in a batch: why it is rejected ("" when it is not) and its warnings."""
    batch = [shipped.unpack() for shipped in task.documents]
    extra = Graph()
    for triple in task.extra:
        extra.add(triple)
    _validate_batch(batch, [extra])
    return [(item.report.rejected, item.report.warnings) for item in batch]


def _validate_batch(batch: list[MappedGraph], extra: list[Graph]) -> None:
    before = {id(item): list(item.report.warnings) for item in batch}  # the warnings mapping gave
    for _ in range(MAX_VALIDATION_ROUNDS):
        current = [m for m in batch if m.report.loaded]
        if not current:
            return
        union = Graph()
        for graph in [m.mapped for m in current] + extra:
            union += graph
        report = validate_graph(union)
        index = _subject_index(current)
        for item in current:
            item.report.warnings = list(before[id(item)])
        for issue in report.warnings:
            for owner in _owners(issue, index)[:1]:
                owner.report.warnings.append(_located(owner, issue))
        offenders: dict[str, tuple[MappedGraph, Issue]] = {}
        alone: dict[str, ValidationReport] = {}
        for issue in report.violations:
            for owner in _causes(issue, _owners(issue, index), extra, alone):
                offenders.setdefault(owner.report.path, (owner, issue))
        if not offenders:
            return
        for owner, issue in offenders.values():
            owner.report.rejected = _located(owner, issue)


def _causes(issue: Issue, owners: list[MappedGraph], extra: list[Graph],
            alone: dict[str, ValidationReport]) -> list[MappedGraph]:
    """Of the documents that state a violation's focus, those that cause it: one document never
    gets another rejected. A document that violates on its own is at fault; when only the
    combination violates, the documents after the first (in build order) are."""
    if len(owners) < 2:
        return owners
    at_fault = []
    for owner in owners:
        if owner.report.path not in alone:
            union = Graph()
            for graph in [owner.mapped, *extra]:
                union += graph
            alone[owner.report.path] = validate_graph(union)
        if any((v.focus, v.path, v.message) == (issue.focus, issue.path, issue.message)
               for v in alone[owner.report.path].violations):
            at_fault.append(owner)
    return at_fault or owners[1:]


def _located(owner: MappedGraph, issue: Issue) -> str:
    """A SHACL issue as 'file:line: SHACL Severity: ...', with the line of the record it concerns."""
    line = owner.lines.get(issue.focus)
    return f"{owner.report.path}{f':{line}' if line else ''}: SHACL {issue}"
