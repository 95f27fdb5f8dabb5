"""Cross-validate the learned reader of finding directions on the development annotations.

Usage: nice -n 10 python bench/reader_cv.py [--grid] [--curve] [--encoder] [--encoder-grid] [--fresh]
Needs the ``train`` extra (scikit-learn). Files are split into 6 folds by a stable hash of their id; each
fold is read by a model trained on the other five and scored with the matching of ``kg eval`` (an
(outcome, direction) pair per file). Prints, on the same folds, the rules alone, the model alone and the
model overruling the rules above a probability; ``--grid`` also tries other settings of the model, ``--curve``
trains the reader of words and cues on 1 to 5 of the other folds (a learning curve). ``--encoder`` adds the
sentence encoder's features (kg/extract/encoder.py) in the setting ENCODING and prints the same rows for that
reader on the same candidates and folds; ``--encoder-grid`` tries the other encoder settings. ``--fresh`` instead
trains each reader (words, and the encoder's features; with and without the rules' verdict) on the development files
outside the fresh batches and scores it on the 45 files of the fresh batches (those whose note says "fresh batch"),
text that was annotated before the extractor first ran on it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.evaluate import Annotation, EvaluationReport, load_annotations  # noqa: E402
from kg.extract.reader import Encoding  # noqa: E402
from kg.extract.reader_training import (  # noqa: E402
    BALANCED,
    ENCODER_C,
    ENCODER_FEATURES,
    ENCODER_TOL,
    ENCODING,
    FOLDS,
    MIN_COUNT,
    THRESHOLD,
    WORDS,
    C,
    Policy,
    adding,
    cross_validate,
    examples,
    learned_alone,
    overruling,
    rules_alone,
    unreachable,
)


def line(name: str, report: EvaluationReport) -> str:
    """Directions precision and recall with intervals, and recall by annotated direction."""
    s = report.scores["directions"]
    (pl, ph), (rl, rh) = s.precision_interval, s.recall_interval
    found, expected = report.direction_recall(positive=True)
    other_found, other_expected = report.direction_recall(positive=False)
    by = " ".join(f"{d} {v[0]}/{v[1]}" for d, v in report.by_direction.items() if v[1])
    return (f"{name:<24} P {s.precision:.3f} [{pl:.2f}, {ph:.2f}]  R {s.recall:.3f} [{rl:.2f}, {rh:.2f}]  "
            f"tp {s.true_positives} fp {s.false_positives} fn {s.false_negatives}  "
            f"Positive {found / expected:.3f} others {other_found / other_expected:.3f}  ({by})")


# Encoder settings tried by --encoder-grid: which text (clause or sentence, outcome marked or masked, the
# difference to the text without the outcome), the scale of the vector (0: left out) and of the similarities
# to the prototypes (0: left out), and which features the model reads ("all", or "encoder": the encoder's
# features, the cues and the rules' verdict without the words and word pairs).
ENCODER_GRID = [
    (Encoding("clause", "marked", False, 1.0), "all"),
    (Encoding("clause", "marked", False, 3.0), "all"),
    (Encoding("clause", "masked", False, 1.0), "all"),
    (Encoding("clause", "masked", False, 3.0), "all"),
    (Encoding("clause", "masked", True, 1.0), "all"),
    (Encoding("clause", "masked", True, 3.0), "all"),
    (Encoding("sentence", "marked", False, 1.0), "all"),
    (Encoding("sentence", "marked", False, 3.0), "all"),
    (Encoding("clause", "masked", False, 1.0, vector=False, prototypes=1.0), "all"),
    (Encoding("clause", "masked", False, 1.0, vector=False, prototypes=3.0), "all"),
    (Encoding("clause", "marked", False, 1.0, vector=True, prototypes=3.0), "encoder"),
]
# The regularisations --encoder-grid tries for the reader of the encoder's features alone.
ENCODER_GRID_C = (0.1, 1.0)


def encoder_rows(annotations: list[Annotation], policies: dict[str, Policy], grid: bool) -> None:
    """The rows of the reader with the sentence encoder's features, in its setting (and the grid's)."""
    for encoding, features in (ENCODER_GRID if grid else [(ENCODING, ENCODER_FEATURES)]):
        data = examples(annotations, encoding)
        without = WORDS if features == "encoder" else ()
        for c in (ENCODER_GRID_C if grid and features == "encoder" else (ENCODER_C if features == "encoder" else C,)):
            print(f"encoder reader: {encoding.as_dict()}, features: {features}, C = {c}, balanced labels")
            reports = cross_validate(data, annotations, {k: v for k, v in policies.items() if k != "rules alone"},
                                     c=c, tol=ENCODER_TOL, without=without)
            reports |= cross_validate(data, annotations, {"without rules' verdict": learned_alone}, c=c,
                                      tol=ENCODER_TOL, without=without, rule_features=False)
            for name, report in reports.items():
                print("  " + line(name, report))


def fresh_rows(annotations: list[Annotation]) -> None:
    """Each reader trained on the development files outside the fresh batches, scored on the fresh batches."""
    import json

    from kg.extract.evaluate import score
    from kg.extract.reader import probabilities
    from kg.extract.reader_training import _local, _reader, fit

    fresh = {a.ident for a in annotations
             if "fresh batch" in json.loads(a.path.read_text(encoding="utf-8")).get("note", "")}
    training = [a for a in annotations if a.ident not in fresh]
    test = [a for a in annotations if a.ident in fresh]
    policies: dict[str, Policy] = {"rules alone": rules_alone, "learned alone": learned_alone}
    policies.update({f"learned over rules >= {t}": overruling(t) for t in (0.5, 0.7, 0.9)})
    policies.update({f"learned adds >= {t}": adding(t) for t in (0.4, 0.5, 0.6, 0.7, 0.8)})
    readers = [("words and cues", None, {"c": C}),
               ("encoder", ENCODING, {"c": ENCODER_C, "tol": ENCODER_TOL, "without": WORDS, "encoding": ENCODING})]
    for name, encoding, settings in readers:
        train_data, test_data = examples(training, encoding), examples(test, encoding)
        for verdict in (True, False):
            weights = fit(train_data, rule_features=verdict, **settings)
            found: dict[str, dict[str, set[tuple[str, str]]]] = {p: {} for p in policies}
            for e in test_data:
                probs = probabilities(e.candidate, weights)
                for p, policy in policies.items():
                    found[p].setdefault(e.ident, set()).update(
                        (_local(e.candidate.outcome), d) for d in policy(e.rule, probs))
            print(f"{name} reader, the rules' verdict {'among' if verdict else 'not among'} its features: "
                  f"{len(training)} training files ({len(train_data)} candidates), {len(test)} fresh files "
                  f"({len(test_data)} candidates)")
            for p in policies:
                print("  " + line(p, score(test, _reader(found[p]))))


def main(argv: list[str]) -> int:
    """Print the cross-validated figures of each reader."""
    annotations = load_annotations(ROOT / "tests" / "annotations" / "dev")
    if "--fresh" in argv:
        fresh_rows(annotations)
        return 0
    data = examples(annotations)
    missing, total = unreachable(annotations)
    labels = sum(len(e.labels) for e in data if "none" not in e.labels)
    print(f"{len(annotations)} files, {len(data)} candidates, {labels} annotated findings with a candidate; "
          f"{missing} of {total} annotated findings name an outcome no candidate names")
    policies: dict[str, Policy] = {"rules alone": rules_alone, "learned alone": learned_alone}
    policies.update({f"learned over rules >= {t}": overruling(t) for t in (0.5, 0.6, 0.7, 0.8, 0.9)})
    policies.update({f"learned adds >= {t}": adding(t) for t in (0.5, THRESHOLD)})
    settings = [(C, BALANCED)]
    if "--grid" in argv:
        settings += [(c, b) for c in (0.3, 1.0) for b in (False, True) if (c, b) != (C, BALANCED)]
    for c, balanced in settings:
        print(f"C = {c}, {'balanced' if balanced else 'unweighted'} labels, features in at least {MIN_COUNT} "
              f"training candidates, {FOLDS} folds by file")
        for name, report in cross_validate(data, annotations, policies, c=c, balanced=balanced).items():
            print("  " + line(name, report))
    if "--encoder" in argv or "--encoder-grid" in argv:
        encoder_rows(annotations, policies, "--encoder-grid" in argv)
    if "--encoder" in argv and "--grid" not in argv and "--curve" not in argv:
        return 0
    print("the model without the rules' verdict among its features (a reader of words and cues only):")
    shares = range(1, FOLDS) if "--curve" in argv else [FOLDS - 1]
    for share in shares:
        report = cross_validate(data, annotations, {"learned alone": learned_alone}, share=share,
                                rule_features=False)["learned alone"]
        print("  " + line(f"trained on {share}/{FOLDS}", report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
