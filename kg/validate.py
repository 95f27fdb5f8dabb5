"""SHACL validation reported as typed issues; each document's verdict in a build.

Two engines give the same results: "sparql" (the default) runs the shapes compiled to SPARQL
inside Oxigraph (kg/shacl/), "pyshacl" is the reference.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.cache import BuildCache
from kg.cache import key as cache_key
from kg.documents import DocumentReport, MappedGraph, ShippedDocument
from kg.namespaces import RDF, SH
from kg.shacl.batch import batch_verdicts
from kg.vocabulary import ontology_graph, shapes_graph
from kg.workers import worker_context

if TYPE_CHECKING:
    from kg.shacl.batch import BatchValidator
    from kg.shacl.engine import DocumentValidator, Result

ENGINES = ("sparql", "pyshacl")
DEFAULT_ENGINE = "sparql"
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


def validate_graph(data: Graph, *, with_vocabulary: bool = True, engine: str = DEFAULT_ENGINE,
                   shapes: Graph | None = None) -> ValidationReport:
    """Validate a graph against the shapes (the project's, unless given); the concept schemes are added
    so sh:class checks see them."""
    if engine == "pyshacl":
        return _pyshacl_graph(data, with_vocabulary, shapes)
    if engine != "sparql":
        raise ValueError(f"unknown validation engine {engine!r}; choose one of {', '.join(ENGINES)}")
    from kg.shacl.engine import validate_graph as sparql_validate

    results = sparql_validate(data, ontology_graph() if with_vocabulary else None, shapes or shapes_graph())
    return _report(Issue(r.severity, r.focus, r.path, r.message, r.value) for r in results)


def _report(issues: Iterable[Issue]) -> ValidationReport:
    return ValidationReport(tuple(sorted(issues, key=lambda i: (i.severity, str(i.focus), i.path, i.message,
                                                                i.value))))


def _pyshacl_graph(data: Graph, with_vocabulary: bool, shapes: Graph | None = None) -> ValidationReport:
    """The reference engine: pyshacl over the graph (and the vocabulary)."""
    from pyshacl import validate as shacl_validate

    if with_vocabulary:
        combined = Graph()
        for triple in data:
            combined.add(triple)
        for triple in ontology_graph():
            combined.add(triple)
        data = combined
    _, results, _ = shacl_validate(data, shacl_graph=shapes or shapes_graph(), inference="none",
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
    return _report(issues)


# ---------------------------------------------------------------- verdicts of a build's documents

@dataclass(frozen=True)
class LocatedIssue:
    """A SHACL issue in a document: its name and the line of the record the issue concerns (0: unknown)."""

    path: str
    line: int
    issue: Issue

    def __str__(self) -> str:
        return f"{self.path}{f':{self.line}' if self.line else ''}: SHACL {self.issue}"


@dataclass(frozen=True)
class Verdict:
    """One document's verdict: the violation that rejects it (None: it loads) and its warnings."""

    rejection: LocatedIssue | None = None
    warnings: tuple[LocatedIssue, ...] = ()

    @property
    def accepted(self) -> bool:
        """True when the document loads."""
        return self.rejection is None

    def apply(self, report: DocumentReport) -> None:
        """Write the verdict into a document's report, its warnings after those mapping gave."""
        report.rejected = str(self.rejection) if self.rejection is not None else ""
        report.warnings = [*report.warnings, *(str(w) for w in self.warnings)]


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


@dataclass
class _Batch:
    """Documents validated together in one worker, and, once it answered, their verdicts."""

    documents: list[ShippedDocument] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    triples: int = 0
    future: Future[object] | None = None
    finish: Callable[[object], list[Verdict]] | None = None  # the worker's answer -> each document's verdict
    done: bool = False


def validate_stream(documents: Iterable[ShippedDocument], extra: Iterable[Graph] = (), jobs: int = 1,
                    cache: BuildCache | None = None, engine: str | None = None) -> Iterator[ShippedDocument]:
    """Each document back, in order, with its verdict: rejected when it carries a violation.

    Documents are validated in batches of about VALIDATION_BATCH_TRIPLES triples in ``jobs``
    processes while the next ones stream in; only the batches under way are held. The shapes
    only check what each document states (a work's authors, venue and cited works are typed in
    the same document; concepts come from the vocabulary every batch includes), so batches lose
    no check. Each batch gets the triples of the build's own graphs (resolution, links,
    curation) about its own nodes. A document given exactly the triples it was given by an
    earlier build keeps that build's verdict (from the cache).

    Both engines validate a batch as one graph (the documents, the build's triples about their
    nodes, the vocabulary) and charge each result to the documents that state its focus node:
    "sparql" (``batch_verdicts``) in an Oxigraph store the worker loads from N-Quads,
    "pyshacl" (``_validate_batch``) in rdflib. None: ``DEFAULT_ENGINE``.
    """
    engine = engine or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; choose one of {', '.join(ENGINES)}")
    cache = cache or BuildCache(Path(), enabled=False)
    about = _extra_by_subject(list(extra))
    window: deque[tuple[ShippedDocument, _Batch | None]] = deque()
    under_way: deque[_Batch] = deque()
    batch = _Batch()
    with ExitStack() as stack:
        pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs, mp_context=worker_context())) \
            if jobs > 1 else None

        def submit(full: _Batch) -> None:
            work: Callable[[], object]
            if engine == "sparql":  # the worker gets N-Quads, runs the compiled shapes and answers verdicts
                task = _batch_task(full.documents, about)
                data = _batch_validator().encode([(d.graph_iri, d.triples) for d in full.documents  # type: ignore[misc]
                                                  ], task.extra)
                work = partial(batch_verdicts, data, [str(d.graph_iri) for d in full.documents], MAX_VALIDATION_ROUNDS)
                full.finish = partial(_batch_verdicts, full.documents)
            else:
                work = partial(_validate_task, _batch_task(full.documents, about))
            if pool is None:
                full.future = Future()
                full.future.set_result(work())
            else:
                full.future = pool.submit(work)
            under_way.append(full)

        def ready(wait: bool) -> Iterator[ShippedDocument]:
            while window:
                document, owner = window[0]
                if owner is not None:
                    if owner.future is None or not (wait or owner.future.done()):
                        return
                    if not owner.done:
                        _settle(owner, cache)
                        under_way.remove(owner)
                window.popleft()
                yield document

        for document in documents:
            owner = None
            if document.report.loaded and document.graph_iri is not None:
                key = _verdict_key(document, about) if cache.enabled else ""
                hit = cache.get("verdicts", key) if key else None
                if isinstance(hit, Verdict):
                    hit.apply(document.report)
                else:
                    owner = batch
                    batch.documents.append(document)
                    batch.keys.append(key)
                    batch.triples += len(document.triples)
                    if batch.triples >= VALIDATION_BATCH_TRIPLES:
                        submit(batch)
                        batch = _Batch()
            window.append((document, owner))
            yield from ready(wait=len(under_way) > max(1, jobs))  # a batch per worker and one more
        if batch.documents:
            submit(batch)
        yield from ready(wait=True)


def _settle(batch: _Batch, cache: BuildCache) -> None:
    """Give each document of an answered batch its verdict (and keep it in the cache)."""
    assert batch.future is not None
    answer = batch.future.result()
    verdicts = batch.finish(answer) if batch.finish is not None else answer
    assert isinstance(verdicts, list)
    for document, key, verdict in zip(batch.documents, batch.keys, verdicts, strict=True):
        verdict.apply(document.report)
        if key:
            cache.put("verdicts", key, verdict)
    batch.done = True


def _extra_by_subject(extra: list[Graph]) -> dict[Node, list[tuple[Node, Node, Node]]]:
    about: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for graph in extra:
        for triple in graph:
            about.setdefault(triple[0], []).append(triple)
    return about


def _verdict_key(item: ShippedDocument, about: dict[Node, list[tuple[Node, Node, Node]]]) -> str:
    """Everything a document's verdict depends on: its triples after resolution, the resolution and
    link triples about its nodes, its name, its records' lines and the warnings it has so far."""
    subjects = {s for s, _, _ in item.triples}
    triples = [*item.triples, *(t for s in subjects for t in about.get(s, ()))]
    statements = sorted({f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in triples})
    lines = sorted(f"{node.n3()} {line}" for node, line in item.lines.items())
    return cache_key("verdict", item.report.path, "\n".join(statements), "\n".join(lines),
                     "\n".join(item.report.warnings))


@dataclass(frozen=True)
class _BatchTask:
    """A batch of documents for pyshacl in a worker: each with its triples, report and record lines."""

    documents: tuple[ShippedDocument, ...]
    extra: tuple[tuple[Node, Node, Node], ...]


def _batch_task(batch: list[ShippedDocument], about: dict[Node, list[tuple[Node, Node, Node]]]) -> _BatchTask:
    subjects = {s for item in batch for s, _, _ in item.triples}
    return _BatchTask(tuple(batch), tuple(t for s in subjects for t in about.get(s, ())))


def _validate_task(task: _BatchTask) -> list[Verdict]:
    """Each document's verdict in a batch validated together by pyshacl."""
    extra = Graph()
    for triple in task.extra:
        extra.add(triple)
    return _validate_batch([shipped.unpack() for shipped in task.documents], [extra])


def _seen(documents: Iterable[ShippedDocument], about: dict[Node, list[tuple[Node, Node, Node]]]
          ) -> list[tuple[URIRef, list[tuple[Node, Node, Node]]]]:
    """What each document sees: its triples and the build's triples about its nodes."""
    seen: list[tuple[URIRef, list[tuple[Node, Node, Node]]]] = []
    for shipped in documents:
        assert shipped.graph_iri is not None
        subjects = {s for s, _, _ in shipped.triples}
        seen.append((shipped.graph_iri, [*shipped.triples, *(t for s in subjects for t in about.get(s, ()))]))
    return seen


def _batch_verdicts(documents: list[ShippedDocument], answer: object) -> list[Verdict]:
    """The verdicts a worker gave a batch (``batch_verdicts``), located in each document."""
    assert isinstance(answer, list)
    verdicts = []
    for document, (rejection, warnings) in zip(documents, answer, strict=True):
        verdicts.append(Verdict(_located_shipped(document, Issue(*rejection)) if rejection is not None else None,
                                tuple(_located_shipped(document, Issue(*w)) for w in warnings)))
    return verdicts


@cache
def _batch_validator() -> BatchValidator:
    """The shapes compiled once per process, to write batches as the workers read them."""
    from kg.shacl.batch import BatchValidator

    return BatchValidator(shapes_graph(), ontology_graph())


def document_reports(documents: Iterable[ShippedDocument], about: dict[Node, list[tuple[Node, Node, Node]]],
                     engine: str = "sparql", shapes: Graph | None = None) -> list[ValidationReport]:
    """Each document validated on its own: its triples, the build's triples about its nodes
    (``about``, by subject) and the vocabulary, reporting the results about the nodes it states
    triples about (what a build attributes to it).

    The "sparql" engine validates all the documents in one Oxigraph store; a document that
    states rdfs:subClassOf itself is left to pyshacl (the compiled class tests take subclasses
    from the vocabulary). "pyshacl" validates each document in turn.
    """
    seen = _seen(documents, about)
    validator = _document_validator() if shapes is None else _custom_validator(shapes)
    results, unsupported = validator.validate(seen) if engine == "sparql" else ({}, set())
    return [_document_report(name, triples, results, unsupported, shapes) for name, triples in seen]


def _document_report(name: URIRef, triples: list[tuple[Node, Node, Node]], results: dict[str, list[Result]],
                     unsupported: set[str], shapes: Graph | None = None) -> ValidationReport:
    """One document's report from the compiled engine's results, or from pyshacl (left to it, or asked for)."""
    if str(name) in results and str(name) not in unsupported:
        return _report(Issue(r.severity, r.focus, r.path, r.message, r.value) for r in results[str(name)])
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    subjects = {s for s, _, _ in triples}
    return _report(i for i in _pyshacl_graph(graph, True, shapes).issues if i.focus in subjects)


def extra_by_subject(extra: Iterable[tuple[Node, Node, Node]]) -> dict[Node, list[tuple[Node, Node, Node]]]:
    """The triples of the build's own graphs, by subject."""
    about: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for triple in extra:
        about.setdefault(triple[0], []).append(triple)
    return about


@cache
def _document_validator() -> DocumentValidator:
    """The shapes compiled once per process for documents validated beside the vocabulary."""
    from kg.shacl.engine import DocumentValidator

    return DocumentValidator(shapes_graph(), ontology_graph())


def _custom_validator(shapes: Graph) -> DocumentValidator:
    from kg.shacl.engine import DocumentValidator

    return DocumentValidator(shapes, ontology_graph())


def _located_shipped(document: ShippedDocument, issue: Issue) -> LocatedIssue:
    return LocatedIssue(document.report.path, document.lines.get(issue.focus, 0), issue)


def _validate_batch(batch: list[MappedGraph], extra: list[Graph]) -> list[Verdict]:
    """Validate the documents together; a document that causes a violation is rejected and the rest
    validated again without it (a few rounds at most)."""
    rejected: dict[int, LocatedIssue] = {}
    warnings: dict[int, list[LocatedIssue]] = {}
    for _ in range(MAX_VALIDATION_ROUNDS):
        current = [m for m in batch if id(m) not in rejected]
        if not current:
            break
        union = Graph()
        for graph in [m.mapped for m in current] + extra:
            union += graph
        report = validate_graph(union)
        index = _subject_index(current)
        for item in current:
            warnings[id(item)] = []
        for issue in report.warnings:
            for owner in _owners(issue, index)[:1]:
                warnings[id(owner)].append(_located(owner, issue))
        offenders: dict[str, tuple[MappedGraph, Issue]] = {}
        alone: dict[str, ValidationReport] = {}
        for issue in report.violations:
            for owner in _causes(issue, _owners(issue, index), extra, alone):
                offenders.setdefault(owner.report.path, (owner, issue))
        if not offenders:
            break
        for owner, issue in offenders.values():
            rejected[id(owner)] = _located(owner, issue)
    return [Verdict(rejected.get(id(m)), tuple(warnings.get(id(m), ()))) for m in batch]


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


def _located(owner: MappedGraph, issue: Issue) -> LocatedIssue:
    """A SHACL issue with the document and the line of the record it concerns."""
    return LocatedIssue(owner.report.path, owner.lines.get(issue.focus, 0), issue)
