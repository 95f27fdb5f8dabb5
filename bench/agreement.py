"""Agreement between two annotators of the same abstracts, scored with the project's own scorer.

Usage: python bench/agreement.py FIRST_DIR SECOND_DIR
Only files present in both folders (by file name) count. The second annotation is scored against the
first as if it were the extractor's output (kg/extract/evaluate.py `score`), so precision is the share
of the second's items the first also gives and recall the share of the first's items the second gives.
Prints per field precision and recall with 95 % Wilson intervals and F1; then, for findings whose
outcome both annotators give in the same file, a confusion table of their directions with Cohen's
kappa; and the recall of the first's findings by their direction.

Pairing of directions: in one file and for one outcome, a direction both give is one agreeing pair;
the directions left on each side are paired in the order of DIRECTIONS; what is left after that (one
side gave more directions for the outcome) is counted as unpaired and not in the table.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.evaluate import DIRECTIONS, Annotation, EvaluationReport, load_annotations, score  # noqa: E402


@dataclass
class DirectionAgreement:
    """Pairs of (first, second) directions given to the same outcome of the same file."""

    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    unpaired: int = 0

    @property
    def total(self) -> int:
        """Number of pairs."""
        return sum(self.pairs.values())

    @property
    def observed(self) -> float:
        """Share of pairs where both gave the same direction."""
        return sum(n for (a, b), n in self.pairs.items() if a == b) / self.total if self.total else 0.0

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa of the pairs; None when chance agreement is total or nothing was paired."""
        if not self.total:
            return None
        first = Counter[str]()
        second = Counter[str]()
        for (a, b), n in self.pairs.items():
            first[a] += n
            second[b] += n
        expected = sum(first[d] * second[d] for d in first) / (self.total * self.total)
        return None if expected >= 1.0 else (self.observed - expected) / (1.0 - expected)


def _order(direction: str) -> int:
    return DIRECTIONS.index(direction) if direction in DIRECTIONS else len(DIRECTIONS)


def pair_directions(first: Annotation, second: Annotation, agreement: DirectionAgreement) -> None:
    """Add the direction pairs of one file's outcomes that both annotations give findings for."""
    by_outcome: dict[str, tuple[set[str], set[str]]] = {}
    for index, annotation in enumerate((first, second)):
        for outcome, direction in annotation.expected["directions"]:
            by_outcome.setdefault(outcome, (set(), set()))[index].add(direction)
    for mine, theirs in by_outcome.values():
        if not mine or not theirs:
            continue
        for direction in mine & theirs:
            agreement.pairs[(direction, direction)] += 1
        left = sorted(mine - theirs, key=_order)
        right = sorted(theirs - mine, key=_order)
        for a, b in zip(left, right, strict=False):
            agreement.pairs[(a, b)] += 1
        agreement.unpaired += abs(len(left) - len(right))


@dataclass(frozen=True)
class Agreement:
    """The scorer's report of the second annotation against the first, and their direction pairs."""

    report: EvaluationReport
    directions: DirectionAgreement
    only_first: int
    only_second: int


def agreement(first_dir: Path, second_dir: Path) -> Agreement:
    """Score the files of second_dir against the files of the same name in first_dir."""
    firsts = {a.path.name: a for a in load_annotations(first_dir)}
    seconds = {a.path.name: a for a in load_annotations(second_dir)}
    common = sorted(firsts.keys() & seconds.keys())
    report = score([firsts[name] for name in common], lambda a: seconds[a.path.name].expected)
    directions = DirectionAgreement()
    for name in common:
        pair_directions(firsts[name], seconds[name], directions)
    return Agreement(report, directions, len(firsts.keys() - seconds.keys()), len(seconds.keys() - firsts.keys()))


def _f1(tp: int, fp: int, fn: int) -> str:
    return f"{2 * tp / (2 * tp + fp + fn):.3f}" if tp + fp + fn else "-"


def format_agreement(result: Agreement) -> str:
    """The table of fields, the direction confusion table with kappa, and recall by direction."""
    report = result.report
    lines = [f"{report.documents} files annotated in both folders "
             f"({result.only_first} only in the first, {result.only_second} only in the second: not counted)",
             f"{'field':<14} {'precision':>9} {'95% CI':>13} {'recall':>7} {'95% CI':>13} {'F1':>6} "
             f"{'tp':>4} {'fp':>4} {'fn':>4}"]
    for name in report.shown_fields():
        s = report.scores[name]
        p_low, p_high = s.precision_interval
        r_low, r_high = s.recall_interval
        lines.append(f"{name:<14} {s.precision:>9.3f} {f'[{p_low:.2f}, {p_high:.2f}]':>13} {s.recall:>7.3f} "
                     f"{f'[{r_low:.2f}, {r_high:.2f}]':>13} "
                     f"{_f1(s.true_positives, s.false_positives, s.false_negatives):>6} "
                     f"{s.true_positives:>4} {s.false_positives:>4} {s.false_negatives:>4}")
    d = result.directions
    kappa = "n/a" if d.kappa is None else f"{d.kappa:.3f}"
    lines.append(f"directions of the same outcome in the same file: {d.total} pairs ({d.unpaired} unpaired), "
                 f"observed agreement {d.observed:.3f}, Cohen's kappa {kappa}")
    width = max(len(x) for x in DIRECTIONS) + 1
    corner = "first \\ second"
    lines.append(f"{corner:<15}" + "".join(f"{x:>{width}}" for x in DIRECTIONS))
    for a in DIRECTIONS:
        lines.append(f"{a:<15}" + "".join(f"{d.pairs[(a, b)]:>{width}}" for b in DIRECTIONS))
    shown = ", ".join(f"{x} {v[0]}/{v[1]}" for x, v in report.by_direction.items() if v[1])
    lines.append(f"first's findings the second also gives, by direction: {shown or 'none annotated'}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Print the agreement of SECOND_DIR with FIRST_DIR."""
    if len(argv) != 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    print(format_agreement(agreement(Path(argv[0]), Path(argv[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
