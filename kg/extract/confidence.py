"""The confidence a machine-extracted fact carries: how often facts of its kind were right on unseen text.

``psk:confidence`` is the precision the extractor reached, on abstracts no rule was tuned on (the
held-out annotations), for facts of the same kind: designs, roles, outcomes, participant groups,
settings, ages and findings, and for findings also per extracted direction, since a Positive
finding and a NoDifference finding are not equally often right, and per kind of study the extracted
designs make the abstract (:data:`STUDY_KINDS`), since findings read from qualitative studies are right
less often than those read from trials or reviews. The figures live in
``data/confidence.csv``, written by ``kg eval --confidence-out`` from a measurement, with the
extractor version they were measured on. A direction's figure is its precision drawn toward that of all
findings by :data:`PRIOR_FINDINGS` findings' worth of weight (additive smoothing with the kind's precision as
the prior): a direction extracted a few times says little on its own, and one found wrong in all of few
tries (0 of 17) should state much less than all findings do, not the same.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from kg.resources import ResourceError, resource_file

CONFIDENCE_CSV = "data/confidence.csv"
COLUMNS = ("kind", "direction", "confidence", "correct", "extracted", "extractor_version", "measured")
# The weight, in findings, of the figure of all findings in a direction's figure: (right + PRIOR_FINDINGS * p) /
# (extracted + PRIOR_FINDINGS), where p is the precision of all findings. With 100 extracted, a direction's own
# precision counts five times as much as the prior; with 5, a fifth as much.
PRIOR_FINDINGS = 20
# The kinds of extracted fact, each with the field of `kg eval` its precision is read from.
KIND_FIELDS = {"design": "designs", "role": "roles", "outcome": "outcomes", "group": "sizes",
               "setting": "settings", "age": "ages", "finding": "directions"}


# Kinds of study by their designs, for findings scored and stated per kind: a comparison over time or between
# arms, a study of what people say, a review of other studies, or any other (surveys, evaluations, case studies).
STUDY_KINDS = ("trials and cohorts", "qualitative", "reviews", "other")
_COMPARATIVE = frozenset({"design/rct", "design/quasi-experimental", "design/pre-post", "design/cohort",
                          "design/secondary-analysis"})
_REVIEWS = frozenset({"design/systematic-review", "design/scoping-review", "design/review", "design/literature-review",
                      "design/meta-analysis", "design/umbrella-review", "design/realist-synthesis"})


def study_kind(designs: Iterable[str]) -> str:
    """The kind of study its designs ("design/rct", ...) make it (one of STUDY_KINDS); a trial with a qualitative
    part is a trial, a review that pools trials is a review."""
    names = set(designs)
    if names & _REVIEWS:
        return "reviews"
    if names & _COMPARATIVE:
        return "trials and cohorts"
    if "design/qualitative" in names:
        return "qualitative"
    return "other"


# The kind of the table's rows that give findings' precision per kind of study (the second column then names the kind
# of study, not a direction).
STUDY = "study"


@dataclass(frozen=True)
class Measured:
    """One row of the table: the precision of a kind of fact (of one direction, for findings)."""

    kind: str
    direction: str  # "" for the kind as a whole
    correct: int
    extracted: int
    extractor_version: str
    measured: str  # the date of the measurement

    @property
    def confidence(self) -> Decimal:
        """The precision, to two decimals (0 when nothing was extracted)."""
        if not self.extracted:
            return Decimal("0.00")
        return (Decimal(self.correct) / Decimal(self.extracted)).quantize(Decimal("0.01"))


def _drawn(row: Measured, prior: Decimal) -> Decimal:
    """A row's precision drawn toward the prior by PRIOR_FINDINGS findings' worth of weight."""
    return (Decimal(row.correct) + PRIOR_FINDINGS * prior) / (Decimal(row.extracted) + PRIOR_FINDINGS)


@dataclass(frozen=True)
class ConfidenceTable:
    """The measured precisions by (kind, direction), and the extractor version they were measured on."""

    rows: dict[tuple[str, str], Measured]
    path: str

    def confidence(self, kind: str, direction: str = "", study: str = "") -> Decimal:
        """The confidence of a fact of ``kind``; a finding's is its direction's precision drawn toward that of
        all findings (:data:`PRIOR_FINDINGS`), or the latter alone for a direction not measured, and, given the
        kind of study it was read from, scaled by how findings of that kind of study fared against all findings
        (their precision, drawn the same way, over that of all findings; at most 1)."""
        overall = self.rows.get((kind, ""))
        if overall is None:
            raise ResourceError(f"{self.path}: no confidence for {kind!r} facts; the table is incomplete")
        if not overall.extracted:
            return overall.confidence
        prior = Decimal(overall.correct) / Decimal(overall.extracted)
        row = self.rows.get((kind, direction)) if direction else None
        drawn = prior if row is None else _drawn(row, prior)
        of_study = self.rows.get((STUDY, study)) if kind == "finding" and study else None
        if of_study is not None and prior:
            drawn = min(Decimal(1), drawn * _drawn(of_study, prior) / prior)
        return drawn.quantize(Decimal("0.01"))

    @property
    def extractor_versions(self) -> set[str]:
        """The extractor versions the rows were measured on (one, in a table written at once)."""
        return {row.extractor_version for row in self.rows.values()}


def read_table(path: Path) -> ConfidenceTable:
    """The confidence table of a CSV file; every kind must have its row."""
    rows: dict[tuple[str, str], Measured] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for line, record in enumerate(csv.DictReader(handle), start=2):
            try:
                row = Measured(record["kind"], record["direction"], int(record["correct"]),
                               int(record["extracted"]), record["extractor_version"], record["measured"])
            except (KeyError, TypeError, ValueError) as error:
                raise ResourceError(f"{path}, line {line}: not a row of {', '.join(COLUMNS)} ({error})") from error
            rows[(row.kind, row.direction)] = row
    missing = [kind for kind in KIND_FIELDS if (kind, "") not in rows]
    if missing:
        raise ResourceError(f"{path}: no confidence for {', '.join(missing)} facts; the table is incomplete")
    return ConfidenceTable(rows, str(path))


@cache
def shipped_table() -> ConfidenceTable:
    """The table the package ships, read once per process."""
    return read_table(resource_file("kg", CONFIDENCE_CSV))


def write_table(path: Path, rows: Iterable[Measured]) -> None:
    """Write a confidence table (the columns of :data:`COLUMNS`, one row per kind and direction)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for row in rows:
            writer.writerow((row.kind, row.direction, row.confidence, row.correct, row.extracted,
                             row.extractor_version, row.measured))
