"""SHACL validation with pyshacl, reported as typed issues."""

from __future__ import annotations

from dataclasses import dataclass

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.term import Node

from kg.namespaces import RDF, SH
from kg.vocabulary import ontology_graph, shapes_graph

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
