"""SHACL validation reported as typed issues; each document's verdict in a build.

Two engines give the same results: "sparql" (the default) runs the shapes compiled to SPARQL
inside Oxigraph (kg/shacl/), "pyshacl" is the reference.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph, URIRef
from rdflib.term import Node

from kg.cache import BuildCache
from kg.cache import key as cache_key
from kg.documents import DocumentReport, ShippedDocument
from kg.namespaces import RDF, SH
from kg.terms import TermConverter
from kg.vocabulary import ontology_graph, shapes_graph
from kg.workers import worker_context

if TYPE_CHECKING:
    from kg.shacl.engine import Batch, BatchWriter, Checked, DocumentValidator

ENGINES = ("sparql", "pyshacl")
DEFAULT_ENGINE = "sparql"
# Documents are validated this many triples at a time (each alone, a batch shares a store and the
# cost of each query); it bounds a worker's memory. KG_VALIDATION_BATCH_TRIPLES overrides it.
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
    """One document's verdict: the violation that rejects it (None: it loads), its warnings, and what was
    checked: the document alone, its own triples and the build's triples about its nodes."""

    rejection: LocatedIssue | None = None
    warnings: tuple[LocatedIssue, ...] = ()
    own: int = 0  # the document's triples
    build: int = 0  # the triples of the build's own graphs (resolution, links, curation) about its nodes

    @property
    def accepted(self) -> bool:
        """True when the document loads."""
        return self.rejection is None

    def checked(self) -> str:
        """What validation checked the document against, and what it decided (for the build's report)."""
        outcome = "accepted" if self.rejection is None else "rejected"
        shown = f", {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}" if self.warnings else ""
        return (f"{outcome}{shown}; checked alone on its {self.own} triples, the build's {self.build} triples "
                "about its nodes and the vocabulary")

    def apply(self, report: DocumentReport, cached: bool = False) -> None:
        """Write the verdict into a document's report, its warnings after those mapping gave."""
        report.rejected = str(self.rejection) if self.rejection is not None else ""
        report.warnings = [*report.warnings, *(str(w) for w in self.warnings)]
        report.validated = self.checked() + (" (the verdict of an earlier build on the same triples)" if cached
                                             else "")


@dataclass
class _Batch:
    """Documents validated in one worker (each alone), and, once it answered, their verdicts."""

    documents: list[ShippedDocument] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    triples: int = 0
    scopes: list[tuple[int, int]] = field(default_factory=list)  # each document's own and the build's triples
    writer: BatchWriter | None = None  # the "sparql" engine's batch, written as its documents come
    future: Future[list[ValidationReport]] | None = None
    done: bool = False


def batch_triples() -> int:
    """Triples per batch: ``KG_VALIDATION_BATCH_TRIPLES`` when set, else ``VALIDATION_BATCH_TRIPLES``.

    The size only trades memory for per-batch cost; no verdict depends on it."""
    setting = os.environ.get("KG_VALIDATION_BATCH_TRIPLES", "").strip()
    if not setting:
        return VALIDATION_BATCH_TRIPLES
    if not setting.isdigit() or int(setting) < 1:
        raise ValueError(f"KG_VALIDATION_BATCH_TRIPLES={setting!r}: expected a positive number of triples")
    return int(setting)


def validate_stream(documents: Iterable[ShippedDocument], extra: Iterable[Graph] = (), jobs: int = 1,
                    cache: BuildCache | None = None, engine: str | None = None,
                    scratch: Path | None = None) -> Iterator[ShippedDocument]:
    """Each document back, in order, with its verdict: rejected when it carries a violation.

    A document's verdict is decided by what it states, alone: its triples, the triples of the
    build's own graphs (resolution, links, curation) about its nodes, and the vocabulary. What
    another document states never counts, so one document can never get another rejected, and
    a verdict is the same whichever documents share its batch; a conflict between documents
    (two page counts for one work, once resolution made two records one work) is left to
    resolution, not charged to either. A document given exactly the triples it was given by an
    earlier build keeps that build's verdict (from the cache, keyed by those triples).

    Documents go to ``jobs`` processes in batches of about ``batch_triples()`` triples while the
    next ones stream in; only the batches under way are held. "sparql" loads a batch, each
    document in its named graph, into one Oxigraph store and runs the shapes compiled per
    document (kg/shacl/batch.py); "pyshacl" validates each document in turn. None:
    ``DEFAULT_ENGINE``. With a ``scratch`` folder, the "sparql" engine's batches wait there as
    N-Quads files until a worker reads them, instead of in this process's memory.
    """
    engine = engine or DEFAULT_ENGINE
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}; choose one of {', '.join(ENGINES)}")
    cache = cache or BuildCache(Path(), enabled=False)
    limit = batch_triples()
    about = _extra_by_subject(list(extra))
    # The texts a cache key is made of are written by the encoder of the batches, which then takes them
    # as they are: each triple is written once.
    encoded = engine == "sparql" and cache.enabled
    keys = _document_validator().encoder if encoded else TermConverter()
    window: deque[tuple[ShippedDocument, _Batch | None]] = deque()
    under_way: deque[_Batch] = deque()
    batch = _Batch()
    with ExitStack() as stack:
        pool = stack.enter_context(ProcessPoolExecutor(max_workers=jobs, mp_context=worker_context())) \
            if jobs > 1 else None

        def submit(full: _Batch) -> None:
            work: Callable[[], list[ValidationReport]]
            if full.writer is not None:  # the worker gets N-Quads and answers each document's report
                work = partial(_sparql_reports, full.writer.finish())
                full.writer = None
            else:
                work = partial(_pyshacl_reports, _seen(full.documents, about))
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
                triples = _checked_triples(document, about)
                texts = keys.texts(triples) or [] if cache.enabled else None
                key = _verdict_key(document, texts, keys) if texts is not None else ""
                hit = cache.get("verdicts", key) if key else None
                if isinstance(hit, Verdict):
                    hit.apply(document.report, cached=True)
                else:
                    owner = batch
                    batch.documents.append(document)
                    batch.keys.append(key)
                    batch.scopes.append((len(document.checked), len(triples) - len(document.checked)))
                    if engine == "sparql":
                        if batch.writer is None:
                            batch.writer = _document_validator().writer(scratch)
                        batch.writer.add(document.graph_iri, triples, texts if encoded else None)
                    batch.triples += len(document.checked)
                    if batch.triples >= limit:
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
    reports = batch.future.result()
    for document, key, report, (own, build) in zip(batch.documents, batch.keys, reports, batch.scopes, strict=True):
        verdict = Verdict(_located(document, report.violations[0]) if report.violations else None,
                          tuple(_located(document, w) for w in report.warnings), own, build)
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


def _checked_triples(item: ShippedDocument, about: dict[Node, list[tuple[Node, Node, Node]]]
                     ) -> list[tuple[Node, Node, Node]]:
    """What a document is validated on: the triples it states and the build's triples about its nodes."""
    own = item.checked
    subjects = {s for s, _, _ in own}
    return [*own, *(t for s in subjects for t in about.get(s, ()))]


def _verdict_key(item: ShippedDocument, texts: list[str], convert: TermConverter) -> str:
    """Everything a document's verdict depends on: the triples it is checked on (its own, its nodes
    named as resolution named them), the build's own triples about its nodes (``texts``: those triples
    as ``convert`` writes them), its name, its records' lines and the warnings it has so far. Nothing of
    any other document."""
    statements = sorted(set(texts))
    text = convert.text
    lines = sorted(f"{text(node)} {line}" for node, line in item.lines.items())
    return cache_key("verdict", item.report.path, "\n".join(statements), "\n".join(lines),
                     "\n".join(item.report.warnings))


def _seen(documents: Iterable[ShippedDocument], about: dict[Node, list[tuple[Node, Node, Node]]]
          ) -> list[tuple[URIRef, list[tuple[Node, Node, Node]]]]:
    """What each document is validated on: the triples it states and the build's triples about its nodes."""
    seen: list[tuple[URIRef, list[tuple[Node, Node, Node]]]] = []
    for shipped in documents:
        assert shipped.graph_iri is not None
        seen.append((shipped.graph_iri, _checked_triples(shipped, about)))
    return seen


def _sparql_reports(batch: Batch) -> list[ValidationReport]:
    """What a worker runs for the "sparql" engine: each document's report, validated alone."""
    from kg.shacl.batch import checked

    return _reports(checked(batch), list(batch.names))


def _pyshacl_reports(seen: list[tuple[URIRef, list[tuple[Node, Node, Node]]]]) -> list[ValidationReport]:
    """What a worker runs for the "pyshacl" engine: each document validated alone by pyshacl."""
    return [_pyshacl_alone(triples) for _, triples in seen]


def _reports(checked: Checked, names: list[str], shapes: Graph | None = None) -> list[ValidationReport]:
    """Each document's report from the compiled engine's results, or from pyshacl (the documents left to it)."""
    return [_report(Issue(r.severity, r.focus, r.path, r.message, r.value) for r in checked.results[name])
            if name in checked.results else _pyshacl_alone(checked.left[name], shapes) for name in names]


def _pyshacl_alone(triples: list[tuple[Node, Node, Node]], shapes: Graph | None = None) -> ValidationReport:
    """A document validated alone by pyshacl (with the vocabulary): the results about the nodes it states."""
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    subjects = {s for s, _, _ in triples}
    return _report(i for i in _pyshacl_graph(graph, True, shapes).issues if i.focus in subjects)


def document_reports(documents: Iterable[ShippedDocument], about: dict[Node, list[tuple[Node, Node, Node]]],
                     engine: str = "sparql", shapes: Graph | None = None) -> list[ValidationReport]:
    """Each document validated on its own, as a build validates it: its triples, the build's triples
    about its nodes (``about``, by subject) and the vocabulary, reporting the results about the nodes
    it states triples about.

    The "sparql" engine validates all the documents in one Oxigraph store; a document that states
    rdfs:subClassOf itself is left to pyshacl (the compiled class tests take subclasses from the
    vocabulary). "pyshacl" validates each document in turn.
    """
    seen = _seen(documents, about)
    if engine == "pyshacl":
        return [_pyshacl_alone(triples, shapes) for _, triples in seen]
    from kg.shacl.engine import DocumentValidator

    validator = _document_validator() if shapes is None else DocumentValidator(shapes, ontology_graph())
    return _reports(validator.validate(seen), [str(name) for name, _ in seen], shapes)


def extra_by_subject(extra: Iterable[tuple[Node, Node, Node]]) -> dict[Node, list[tuple[Node, Node, Node]]]:
    """The triples of the build's own graphs, by subject."""
    about: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for triple in extra:
        about.setdefault(triple[0], []).append(triple)
    return about


def _document_validator() -> DocumentValidator:
    """The project's shapes compiled once per process for documents validated beside the vocabulary."""
    from kg.shacl.batch import project_validator

    return project_validator()


def _located(document: ShippedDocument, issue: Issue) -> LocatedIssue:
    """A SHACL issue with the document and the line of the record it concerns."""
    return LocatedIssue(document.report.path, document.lines.get(issue.focus, 0), issue)
