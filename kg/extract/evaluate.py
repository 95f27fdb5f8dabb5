"""Precision and recall of the extractor (or of a built store) against hand-annotated abstracts.

Each annotation file holds one real abstract (with the address it was taken from)
and the facts a careful reader finds in it; see tests/annotations/README.md for the
annotation rules. The annotations are split in two: ``dev/``, the set the rules are
written on, and ``heldout/``, annotated before the extractor ever ran on it and never
used to tune anything. Scores are micro-averaged over all files, per field, with 95 %
Wilson intervals.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import RecordError
from kg.extract.confidence import KIND_FIELDS, STUDY, STUDY_KINDS, Measured, study_kind
from kg.extract.model import StudyContent
from kg.extract.study import extract_study
from kg.namespaces import CONCEPT, PSK
from kg.records import AbstractSection, Work

FIELDS = ("designs", "settings", "roles", "outcomes", "sizes", "directions", "ages", "comparators")
# Fields of the optional annotations: scored only where files carry them.
OPTIONAL_FIELDS = ("populations", "role functions")
DIRECTIONS = ("Positive", "Negative", "NoDifference", "Mixed", "Unclear")
# The targets the extractor is held to on abstracts no rule was tuned on (issue 11); None: no target.
TARGETS: dict[str, tuple[float | None, float | None]] = {
    "designs": (0.9, None), "roles": (0.85, 0.85), "outcomes": (0.9, 0.9), "sizes": (0.9, 0.9),
    "directions": (0.85, 0.75), "comparators": (None, 0.7),
}
# The recall of non-positive findings may trail that of positive ones by this much at most.
DIRECTION_GAP = 0.10
DEV, HELDOUT = "dev", "heldout"
Z95 = 1.959964

Item = tuple[str, ...]
Items = dict[str, set[Item]]


@dataclass(frozen=True)
class Annotation:
    """One annotated abstract: where it came from, the work to extract from and what should come out."""

    path: Path
    ident: str
    source: str
    work: Work
    expected: Items


def wilson(successes: int, total: int) -> tuple[float, float]:
    """The 95 % Wilson score interval of a proportion; (0, 1) when nothing was counted."""
    if total == 0:
        return 0.0, 1.0
    p = successes / total
    centre = p + Z95 * Z95 / (2 * total)
    margin = Z95 * math.sqrt(p * (1 - p) / total + Z95 * Z95 / (4 * total * total))
    denominator = 1 + Z95 * Z95 / total
    return max(0.0, (centre - margin) / denominator), min(1.0, (centre + margin) / denominator)


@dataclass
class FieldScore:
    """Counts of one field over all annotations."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def counted(self) -> bool:
        """True when anything was expected or found."""
        return bool(self.true_positives or self.false_positives or self.false_negatives)

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

    @property
    def precision_interval(self) -> tuple[float, float]:
        """95 % Wilson interval of the precision."""
        return wilson(self.true_positives, self.true_positives + self.false_positives)

    @property
    def recall_interval(self) -> tuple[float, float]:
        """95 % Wilson interval of the recall."""
        return wilson(self.true_positives, self.true_positives + self.false_negatives)


@dataclass
class EvaluationReport:
    """Scores per field, and every miss and false alarm by document for reading."""

    documents: int = 0
    scores: dict[str, FieldScore] = field(
        default_factory=lambda: {f: FieldScore() for f in (*FIELDS, *OPTIONAL_FIELDS)})
    # recall of findings by their annotated direction: direction -> (found, expected)
    by_direction: dict[str, list[int]] = field(default_factory=lambda: {d: [0, 0] for d in DIRECTIONS})
    # precision of findings by their extracted direction: direction -> (right, extracted)
    by_extracted_direction: dict[str, list[int]] = field(
        default_factory=lambda: {d: [0, 0] for d in DIRECTIONS})
    # findings (true positives, false positives, false negatives) by the kind of study its annotated designs make
    # their document
    by_kind: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0, 0] for k in STUDY_KINDS})
    # precision of findings by the kind of study the extracted designs make their document: kind -> (right,
    # extracted), what the confidence table states per kind of study (the build knows only extracted designs)
    by_extracted_kind: dict[str, list[int]] = field(default_factory=lambda: {k: [0, 0] for k in STUDY_KINDS})
    # sizes by number and unit alone, the role not compared: (true positives, false positives, false negatives),
    # which tells a count read with another role from a count not read
    sizes_unroled: list[int] = field(default_factory=lambda: [0, 0, 0])
    # comparators by the arm they name, the same outcome's phrases matched by same_arm: (true positives, false
    # positives, false negatives), which tells another name for the same arm from another arm or none
    comparators_by_arm: list[int] = field(default_factory=lambda: [0, 0, 0])
    # (document, field, "missed" or "extra", item)
    errors: list[tuple[str, str, str, Item]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # annotated documents a store does not hold

    def direction_recall(self, positive: bool) -> tuple[int, int]:
        """(found, expected) findings whose annotated direction is Positive, or any other."""
        chosen = [v for d, v in self.by_direction.items() if (d == "Positive") == positive]
        return sum(v[0] for v in chosen), sum(v[1] for v in chosen)

    def meets_targets(self) -> bool:
        """True when every targeted field reaches its targets and non-positive findings keep up."""
        for name, (precision, recall) in TARGETS.items():
            score = self.scores[name]
            if precision is not None and score.precision < precision:
                return False
            if recall is not None and score.recall < recall:
                return False
        found, expected = self.direction_recall(positive=True)
        other_found, other_expected = self.direction_recall(positive=False)
        if expected and other_expected:
            return other_found / other_expected >= found / expected - DIRECTION_GAP
        return True

    def shown_fields(self) -> list[str]:
        """The fixed fields, and the optional ones the annotations carry."""
        return [*FIELDS, *(f for f in OPTIONAL_FIELDS if self.scores[f].counted)]

    def format(self, *, details: bool = False) -> str:
        """A table of precision and recall per field (and the errors, when details is set)."""
        lines = [f"{self.documents} annotated documents", f"{'field':<12} {'precision':>9} {'recall':>7} "
                 f"{'tp':>4} {'fp':>4} {'fn':>4}  target"]
        for name in self.shown_fields():
            s = self.scores[name]
            lines.append(f"{name:<12} {s.precision:>9.3f} {s.recall:>7.3f} {s.true_positives:>4} "
                         f"{s.false_positives:>4} {s.false_negatives:>4}  {_target(name)}")
        if details:
            lines.extend(f"{doc}: {name} {kind} {item}" for doc, name, kind, item in self.errors)
        return "\n".join(lines)

    def format_with_intervals(self, title: str, *, details: bool = False) -> str:
        """The table with 95 % Wilson intervals and the recall of findings by direction."""
        lines = [f"{title}: {self.documents} annotated documents",
                 f"{'field':<14} {'precision':>9} {'95% CI':>13} {'recall':>7} {'95% CI':>13} "
                 f"{'tp':>4} {'fp':>4} {'fn':>4}  target"]
        for name in self.shown_fields():
            s = self.scores[name]
            lines.append(f"{name:<14} {s.precision:>9.3f} {_interval(s.precision_interval):>13} "
                         f"{s.recall:>7.3f} {_interval(s.recall_interval):>13} {s.true_positives:>4} "
                         f"{s.false_positives:>4} {s.false_negatives:>4}  {_target(name)}")
        shown = ", ".join(f"{d} {v[0]}/{v[1]}" for d, v in self.by_direction.items() if v[1])
        lines.append(f"findings found by annotated direction: {shown or 'none annotated'}")
        right = ", ".join(f"{d} {v[0]}/{v[1]}" for d, v in self.by_extracted_direction.items() if v[1])
        lines.append(f"findings right by extracted direction: {right or 'none extracted'}")
        found, expected = self.direction_recall(positive=True)
        other_found, other_expected = self.direction_recall(positive=False)
        if expected and other_expected:
            lines.append(f"recall of Positive {found / expected:.3f}, of the others "
                         f"{other_found / other_expected:.3f} (target: within {DIRECTION_GAP:.2f})")
        tp, fp, fn = self.sizes_unroled
        if tp + fp + fn:
            lines.append(f"sizes by number and unit alone (roles not compared), P / R (tp/fp/fn): "
                         f"{tp / (tp + fp) if tp + fp else 0:.3f} / {tp / (tp + fn) if tp + fn else 0:.3f} "
                         f"({tp}/{fp}/{fn})")
        tp, fp, fn = self.comparators_by_arm
        if tp + fp + fn:
            lines.append(f"comparators by the arm named (another name for the same arm counts), P / R (tp/fp/fn): "
                         f"{tp / (tp + fp) if tp + fp else 0:.3f} / {tp / (tp + fn) if tp + fn else 0:.3f} "
                         f"({tp}/{fp}/{fn})")
        kinds = [f"{k} {tp / (tp + fp) if tp + fp else 0:.2f} / {tp / (tp + fn) if tp + fn else 0:.2f} "
                 f"({tp}/{fp}/{fn})" for k, (tp, fp, fn) in self.by_kind.items() if tp + fp + fn]
        if kinds:
            lines.append(f"findings by kind of study, P / R (tp/fp/fn): {'; '.join(kinds)}")
        if self.missing:
            lines.append(f"not in the store ({len(self.missing)}): {', '.join(self.missing)}")
        if details:
            lines.extend(f"{doc}: {name} {kind} {item}" for doc, name, kind, item in self.errors)
        return "\n".join(lines)


def _target(name: str) -> str:
    precision, recall = TARGETS.get(name, (None, None))
    shown = [f"P>={precision:.2f}" if precision is not None else "",
             f"R>={recall:.2f}" if recall is not None else ""]
    return " ".join(s for s in shown if s)


def _interval(bounds: tuple[float, float]) -> str:
    return f"[{bounds[0]:.2f}, {bounds[1]:.2f}]"


def _local(iri: object) -> str:
    return str(iri).removeprefix(str(CONCEPT)).removeprefix(str(PSK))


_ARTICLE = re.compile(r"^(?:the|a|an)\s+")


def comparator_phrase(text: str) -> str:
    """A comparator phrase as it is compared: case, a leading article, hyphens, curly quotes and
    spacing do not make "the Usual Care" another comparator than "usual care"."""
    plain = text.replace("\u2019", "'").replace("\u2018", "'").replace("-", " ").casefold()
    return _ARTICLE.sub("", " ".join(plain.split()))


# Words that name a comparison arm's kind rather than which arm it is ("the control group", "treatment as usual
# alone", "non-respite users"), and the small words inside a phrase.
_ARM_WORDS = frozenset({"group", "groups", "arm", "arms", "condition", "conditions", "participants", "patients",
                        "users", "alone", "only", "cohort", "sample", "the", "a", "an", "of", "for", "in", "with",
                        "and", "at"})
_NOT_WORDS = frozenset({"no", "non", "not", "without", "didn't", "did", "never", "nonparticipants"})


def same_arm(first: str, second: str) -> bool:
    """True when two comparator phrases name the same comparison arm: equal once the words of an arm's kind are left
    out, or the words of one all in the other ("control" and "wait list control group", "standard services" and
    "standard services for community reentry"), unless only one of them says what the arm did not get ("no receipt of
    caring letters" is not "caring letters")."""
    words = [set(comparator_phrase(p).split()) for p in (first, second)]
    if (words[0] & _NOT_WORDS) != (words[1] & _NOT_WORDS):
        return False
    kept = [w - _ARM_WORDS or w for w in words]
    return kept[0] <= kept[1] or kept[1] <= kept[0]


def _arms_matched(got: set[Item], want: set[Item]) -> int:
    """How many annotated comparators an extracted one of the same outcome names the same arm as, one to one."""
    free = sorted(got)
    matched = 0
    for outcome, phrase in sorted(want):
        hit = next((g for g in free if g[0] == outcome and same_arm(str(g[1]), str(phrase))), None)
        if hit is not None:
            free.remove(hit)
            matched += 1
    return matched


EXTRACTED: dict[str, Callable[[StudyContent], set[Item]]] = {
    "designs": lambda c: {(_local(m.concept),) for m in c.designs},
    "settings": lambda c: {(s.name,) for s in c.settings},
    "roles": lambda c: {(_local(m.concept),) for m in c.roles},
    "outcomes": lambda c: {(_local(m.concept),) for m in c.outcomes},
    "sizes": lambda c: {(str(g.size), g.unit, _local(g.role) if g.role else "")
                        for g in c.participant_groups},
    "directions": lambda c: {(_local(f.outcome), _local(f.direction)) for f in c.findings},
    "ages": lambda c: {(str(a.min_age), str(a.max_age)) for a in c.age_ranges},
    "comparators": lambda c: {(_local(f.outcome), comparator_phrase(f.comparator))
                              for f in c.findings if f.comparator},
    "populations": lambda c: {(_local(f.outcome), _local(f.population) if f.population else "")
                              for f in c.findings},
    "role functions": lambda c: {(_local(r.role), r.function) for r in c.role_functions},
}


def extracted_items(content: StudyContent) -> Items:
    """The items of every field the extractor found in one work."""
    return {name: get(content) for name, get in EXTRACTED.items()}


def _expected(data: dict[str, Any]) -> Items:
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
        "comparators": {(f["outcome"], comparator_phrase(f["comparator"])) for f in findings if f.get("comparator")},
        # Optional: scored only for findings that carry the key (null: the text does not say).
        "populations": {(f["outcome"], f["population"] or "") for f in findings if "population" in f},
        "role functions": {(r["role"], r["function"]) for r in data.get("role_functions", [])},
    }


def _score(report: EvaluationReport, annotation: Annotation, got: Items) -> None:
    want = annotation.expected
    got = dict(got)
    # Optional fields count only where the annotator gave them.
    annotated_outcomes = {item[0] for item in want["populations"]}
    got["populations"] = {item for item in got["populations"] if item[0] in annotated_outcomes}
    if not want["role functions"]:
        got["role functions"] = set()
    report.documents += 1
    for name in (*FIELDS, *OPTIONAL_FIELDS):
        found, expected = got[name], want[name]
        score = report.scores[name]
        score.true_positives += len(found & expected)
        score.false_positives += len(found - expected)
        score.false_negatives += len(expected - found)
        report.errors.extend((annotation.ident, name, "extra", item) for item in sorted(found - expected))
        report.errors.extend((annotation.ident, name, "missed", item) for item in sorted(expected - found))
    found_counts = {item[:2] for item in got["sizes"]}  # (size, unit)
    expected_counts = {item[:2] for item in want["sizes"]}
    report.sizes_unroled[0] += len(found_counts & expected_counts)
    report.sizes_unroled[1] += len(found_counts - expected_counts)
    report.sizes_unroled[2] += len(expected_counts - found_counts)
    arms = _arms_matched(got["comparators"], want["comparators"])
    report.comparators_by_arm[0] += arms
    report.comparators_by_arm[1] += len(got["comparators"]) - arms
    report.comparators_by_arm[2] += len(want["comparators"]) - arms
    read_kind = report.by_extracted_kind.setdefault(study_kind(d[0] for d in got["designs"]), [0, 0])
    read_kind[0] += len(got["directions"] & want["directions"])
    read_kind[1] += len(got["directions"])
    kind = report.by_kind.setdefault(study_kind(d[0] for d in want["designs"]), [0, 0, 0])
    kind[0] += len(got["directions"] & want["directions"])
    kind[1] += len(got["directions"] - want["directions"])
    kind[2] += len(want["directions"] - got["directions"])
    for item in want["directions"]:
        counts = report.by_direction.setdefault(item[1], [0, 0])
        counts[1] += 1
        counts[0] += item in got["directions"]
    for item in got["directions"]:
        counts = report.by_extracted_direction.setdefault(item[1], [0, 0])
        counts[1] += 1
        counts[0] += item in want["directions"]


def measured_rows(report: EvaluationReport, extractor_version: str, measured: str) -> list[Measured]:
    """The confidence table of a measurement: each kind's precision, and findings' per extracted direction."""
    rows = []
    for kind, name in KIND_FIELDS.items():
        s = report.scores[name]
        rows.append(Measured(kind, "", s.true_positives, s.true_positives + s.false_positives,
                             extractor_version, measured))
    rows.extend(Measured("finding", direction, right, extracted, extractor_version, measured)
                for direction, (right, extracted) in report.by_extracted_direction.items())
    rows.extend(Measured(STUDY, kind, right, extracted, extractor_version, measured)
                for kind, (right, extracted) in report.by_extracted_kind.items())
    return rows


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
        # role_functions stand beside "expected" in the files (inside it is read too).
        expected = {"role_functions": data.get("role_functions", []), **data["expected"]}
        return Annotation(path, data["id"], data["source"], work, _expected(expected))
    except (KeyError, TypeError, ValueError) as e:
        reason = f"annotation file is not as tests/annotations/README.md describes ({e})"
        raise RecordError(str(path), 1, reason) from e


def load_annotations(annotation_dir: Path | str) -> list[Annotation]:
    """Every annotation file of a folder, in name order."""
    paths = sorted(Path(annotation_dir).glob("*.json"))
    if not paths:
        raise RecordError(str(annotation_dir), 0, "no annotation files (*.json) found")
    return [load_annotation(p) for p in paths]


def score(annotations: Iterable[Annotation], read: Callable[[Annotation], Items | None]) -> EvaluationReport:
    """Score what ``read`` returns for each annotation; None means the work was not found."""
    report = EvaluationReport()
    for annotation in annotations:
        got = read(annotation)
        if got is None:
            report.missing.append(annotation.ident)
        else:
            _score(report, annotation, got)
    return report


def evaluate(annotation_dir: Path | str) -> EvaluationReport:
    """Extract from every annotated abstract and score each field against the annotations."""
    return score(load_annotations(annotation_dir),
                 lambda annotation: extracted_items(extract_study(annotation.work)))


def split_folders(root: Path) -> dict[str, Path]:
    """The development and held-out folders under an annotation root that holds any annotations."""
    return {name: root / name for name in (DEV, HELDOUT) if any((root / name).glob("*.json"))}


def find_annotation_root(start: Path | None = None) -> Path | None:
    """tests/annotations of the repository around the working folder or this package, None when absent."""
    here = (start or Path.cwd()).resolve()
    package_root = Path(__file__).resolve().parents[2]
    for base in (here, *here.parents, package_root):
        candidate = base / "tests" / "annotations"
        if candidate.is_dir() and split_folders(candidate):
            return candidate
    return None
