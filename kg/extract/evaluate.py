"""Precision and recall of the extractor against hand-annotated abstracts (tests/annotations/*.json).

Each annotation file holds one real abstract (with the address it was taken from)
and the facts a careful reader finds in it; see tests/annotations/README.md for the
annotation rules. Scores are micro-averaged over all files, per field.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import RecordError
from kg.extract.model import StudyContent
from kg.extract.study import extract_study
from kg.namespaces import CONCEPT, PSK
from kg.records import AbstractSection, Work

FIELDS = ("designs", "settings", "roles", "outcomes", "sizes", "directions", "ages", "comparators")
# The targets the extractor is held to on the annotations.
TARGETS: dict[str, tuple[float, float]] = {
    "designs": (0.9, 0.8), "settings": (0.9, 0.8), "roles": (0.9, 0.8), "outcomes": (0.9, 0.8),
    "directions": (0.8, 0.7),
}

Item = tuple[str, ...]


@dataclass(frozen=True)
class Annotation:
    """One annotated abstract: where it came from, the work to extract from and what should come out."""

    path: Path
    ident: str
    source: str
    work: Work
    expected: dict[str, set[Item]]


@dataclass
class FieldScore:
    """Counts of one field over all annotations."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        """Share of extracted items that were expected (1.0 when nothing was extracted)."""
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        """Share of expected items that were extracted (1.0 when nothing was expected)."""
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass
class EvaluationReport:
    """Scores per field, and every miss and false alarm by document for reading."""

    documents: int = 0
    scores: dict[str, FieldScore] = field(default_factory=lambda: {f: FieldScore() for f in FIELDS})
    # (document, field, "missed" or "extra", item)
    errors: list[tuple[str, str, str, Item]] = field(default_factory=list)

    def meets_targets(self) -> bool:
        """True when every targeted field reaches its precision and recall target."""
        return all(self.scores[f].precision >= p and self.scores[f].recall >= r
                   for f, (p, r) in TARGETS.items())

    def format(self, *, details: bool = False) -> str:
        """A table of precision and recall per field (and the errors, when details is set)."""
        lines = [f"{self.documents} annotated documents", f"{'field':<12} {'precision':>9} {'recall':>7} "
                 f"{'tp':>4} {'fp':>4} {'fn':>4}  target"]
        for name in FIELDS:
            s = self.scores[name]
            target = TARGETS.get(name)
            shown = f"P>={target[0]:.2f} R>={target[1]:.2f}" if target else ""
            lines.append(f"{name:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.true_positives:>4} "
                         f"{s.false_positives:>4} {s.false_negatives:>4}  {shown}")
        if details:
            lines.extend(f"{doc}: {name} {kind} {item}" for doc, name, kind, item in self.errors)
        return "\n".join(lines)


def _local(iri: object) -> str:
    return str(iri).removeprefix(str(CONCEPT)).removeprefix(str(PSK))


EXTRACTED: dict[str, Callable[[StudyContent], set[Item]]] = {
    "designs": lambda c: {(_local(m.concept),) for m in c.designs},
    "settings": lambda c: {(s.name,) for s in c.settings},
    "roles": lambda c: {(_local(m.concept),) for m in c.roles},
    "outcomes": lambda c: {(_local(m.concept),) for m in c.outcomes},
    "sizes": lambda c: {(str(g.size), g.unit, _local(g.role) if g.role else "")
                        for g in c.participant_groups},
    "directions": lambda c: {(_local(f.outcome), _local(f.direction)) for f in c.findings},
    "ages": lambda c: {(str(a.min_age), str(a.max_age)) for a in c.age_ranges},
    "comparators": lambda c: {(_local(f.outcome), f.comparator) for f in c.findings if f.comparator},
}


def _expected(data: dict) -> dict[str, set[Item]]:
    findings = data.get("findings", [])
    return {
        "designs": {(d,) for d in data.get("designs", [])},
        "settings": {(s,) for s in data.get("settings", [])},
        "roles": {(r,) for r in data.get("roles", [])},
        "outcomes": {(o,) for o in data.get("outcomes", [])},
        "sizes": {(str(s["size"]), s.get("unit", "participants"), s.get("role") or "")
                  for s in data.get("sizes", [])},
        "directions": {(f["outcome"], f["direction"]) for f in findings},
        "ages": {(str(a[0]), str(a[1])) for a in data.get("ages", [])},
        "comparators": {(f["outcome"], f["comparator"]) for f in findings if f.get("comparator")},
    }


def load_annotation(path: Path) -> Annotation:
    """One annotation file as a Work to extract from and the expected items per field."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        work = Work(
            line=1,
            title=data.get("title", ""),
            abstract=data["abstract"],
            abstract_sections=tuple(AbstractSection(h.rstrip(": "), t) for h, t in data.get("sections", [])),
            keywords=tuple(data.get("keywords", [])),
            article_type=data.get("article_type", ""),
        )
        return Annotation(path, data["id"], data["source"], work, _expected(data["expected"]))
    except (KeyError, TypeError, ValueError) as e:
        reason = f"annotation file is not as tests/annotations/README.md describes ({e})"
        raise RecordError(str(path), 1, reason) from e


def load_annotations(annotation_dir: Path | str) -> list[Annotation]:
    """Every annotation file of a folder, in name order."""
    paths = sorted(Path(annotation_dir).glob("*.json"))
    if not paths:
        raise RecordError(str(annotation_dir), 0, "no annotation files (*.json) found")
    return [load_annotation(p) for p in paths]


def evaluate(annotation_dir: Path | str) -> EvaluationReport:
    """Extract from every annotated abstract and score each field against the annotations."""
    report = EvaluationReport()
    for annotation in load_annotations(annotation_dir):
        report.documents += 1
        content = extract_study(annotation.work)
        for name in FIELDS:
            got, want = EXTRACTED[name](content), annotation.expected[name]
            score = report.scores[name]
            score.true_positives += len(got & want)
            score.false_positives += len(got - want)
            score.false_negatives += len(want - got)
            report.errors.extend((annotation.ident, name, "extra", item) for item in sorted(got - want))
            report.errors.extend((annotation.ident, name, "missed", item) for item in sorted(want - got))
    return report
