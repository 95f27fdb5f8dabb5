"""Training and cross-validation of the learned reader of finding directions (kg.extract.reader).

Used by ``scripts/train-reader`` and ``bench/reader_cv.py`` only: it needs scikit-learn (the ``train``
extra), which the package does not need at run time. Labels are per annotated file and outcome: the
directions the file annotates for the outcome, or "none" when it annotates no finding for it.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from kg.extract.evaluate import EXTRACTED, OPTIONAL_FIELDS, Annotation, EvaluationReport, Items, score
from kg.extract.reader import LABELS, NONE, Candidate, Encoding, Weights, decide, encoder_features, probabilities
from kg.extract.study_findings import finding_candidates
from kg.namespaces import CONCEPT, PSK

# Regularisation (inverse strength), the least number of training candidates a feature must occur in, whether
# labels are weighted by their rarity, and how sure the model must be to overrule the rules. Chosen by the
# cross-validation of bench/reader_cv.py among a few settings (C 0.3 and 1, balanced or not, thresholds 0.5 to
# 0.8), so its best figures are a little optimistic.
C = 0.3
MIN_COUNT = 3
BALANCED = True
THRESHOLD = 0.7
SEED = 0
DECIMALS = 4
TOL = 1e-6  # the solver's stopping tolerance
FOLDS = 6
# The reader the package ships (kg/data/reader-weights.json, scripts/train-reader): the sentence encoder's
# vector of each mention's clause (its outcome marked) and its similarities to the prototypes of
# kg.extract.reader, with the cues and the rules' verdict but not the words and word pairs, which the model
# learned by heart (bench/reader_cv.py --encoder-grid; chosen there, so its figures are a little optimistic).
# The solver's tolerance is looser than TOL: the dense features make each fit slow, and 1e-4 moved no figure.
ENCODING = Encoding("clause", "marked", False, 1.0, vector=True, prototypes=3.0)
ENCODER_FEATURES = "encoder"
WORDS = ("w=", "b=", "pre=", "post=")  # the features "encoder" leaves out
ENCODER_C = 1.0
ENCODER_TOL = 1e-4
# How sure the shipped reader must be to overrule the rules: 0.8 and 0.9 tie in cross-validation (both give the
# rules' own figures); 0.9 also leaves alone the hand-written sentences of tests/test_findings.py whose wordings
# (an outcome named by its opposite, a comparison said of the control arm) the model does not know.
ENCODER_THRESHOLD = 0.9


def fit_shipped(annotations: Iterable[Annotation]) -> Weights:
    """The reader the package ships, trained on these annotations."""
    return fit(examples(annotations, ENCODING), c=ENCODER_C, tol=ENCODER_TOL, without=WORDS, encoding=ENCODING,
               threshold=ENCODER_THRESHOLD)


@dataclass(frozen=True)
class Example:
    """One candidate of one annotated file, with the rule reader's directions and the annotated ones."""

    ident: str
    candidate: Candidate
    rule: frozenset[str]  # the rule reader's directions for the outcome
    labels: frozenset[str]  # the annotated directions, or {"none"}


def _local(iri: object) -> str:
    return str(iri).removeprefix(str(CONCEPT)).removeprefix(str(PSK))


def examples(annotations: Iterable[Annotation], encoding: Encoding | None = None) -> list[Example]:
    """Every candidate of every annotated file, labelled, in file and candidate order (with the sentence
    encoder's features when an encoding is given)."""
    out = []
    for annotation in sorted(annotations, key=lambda a: a.ident):
        rule, found = finding_candidates(annotation.work)
        if encoding is not None:
            found = encoder_features(found, encoding)
        wanted: dict[str, set[str]] = {}
        for outcome, direction in annotation.expected["directions"]:
            wanted.setdefault(outcome, set()).add(direction)
        for candidate in found:
            outcome = _local(candidate.outcome)
            given = frozenset(_local(f.direction) for f in rule if f.outcome == candidate.outcome)
            out.append(Example(annotation.ident, candidate, given, frozenset(wanted.get(outcome, {NONE}))))
    return out


def unreachable(annotations: Iterable[Annotation]) -> tuple[int, int]:
    """(annotated findings whose outcome no candidate names, annotated findings): what bounds recall."""
    missing = total = 0
    for annotation in annotations:
        _, found = finding_candidates(annotation.work)
        named = {_local(c.outcome) for c in found}
        for outcome, _ in annotation.expected["directions"]:
            total += 1
            missing += outcome not in named
    return missing, total


def fit(training: Sequence[Example], *, c: float = C, min_count: int = MIN_COUNT,
        threshold: float = THRESHOLD, balanced: bool = BALANCED, rule_features: bool = True,
        encoding: Encoding | None = None, tol: float = TOL, without: tuple[str, ...] = ()) -> Weights:
    """A multinomial logistic regression over the candidates' features (scikit-learn, fixed seed)."""
    from sklearn.feature_extraction import DictVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    counts = Counter(name for e in training for name in e.candidate.features)
    left_out = (*without, *(() if rule_features else ("rule=",)))
    kept = {name for name, n in counts.items() if n >= min_count and not name.startswith(left_out)}
    rows, targets, sample_weights = [], [], []
    for e in training:
        features = {k: v for k, v in sorted(e.candidate.features.items()) if k in kept}
        for label in sorted(e.labels):
            rows.append(features)
            targets.append(LABELS.index(label))
            sample_weights.append(1.0 / len(e.labels))
    vectorizer = DictVectorizer(sparse=True, sort=True)
    matrix = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=c, max_iter=5000, random_state=SEED, tol=tol,
                               class_weight="balanced" if balanced else None)
    model.fit(matrix, targets, sample_weight=sample_weights)
    present = [int(k) for k in model.classes_]
    coefficients: dict[int, Any] = {k: model.coef_[i] for i, k in enumerate(present)}
    intercepts = {k: float(model.intercept_[i]) for i, k in enumerate(present)}
    names = vectorizer.get_feature_names_out()
    weights = {str(name): tuple(round(float(coefficients[k][j]), DECIMALS) if k in coefficients else 0.0
                                for k in range(len(LABELS))) for j, name in enumerate(names)}
    weights = {k: v for k, v in weights.items() if any(v)}
    return Weights(LABELS, tuple(round(intercepts.get(k, -30.0), DECIMALS) for k in range(len(LABELS))),
                   weights, threshold, encoding)


def weights_json(weights: Weights) -> str:
    """The weights as the stable JSON file the package ships (sorted, rounded, one feature per line)."""
    lines = ["{", f'  "labels": {json.dumps(list(weights.labels))},',
             f'  "threshold": {weights.threshold},',
             f'  "encoding": {json.dumps(None if weights.encoding is None else weights.encoding.as_dict())},',
             f'  "intercepts": {json.dumps(list(weights.intercepts))},', '  "weights": {']
    rows = sorted(weights.weights.items())
    lines.extend(f"    {json.dumps(k)}: {json.dumps(list(v))}{',' if i < len(rows) - 1 else ''}"
                 for i, (k, v) in enumerate(rows))
    lines.extend(["  }", "}", ""])
    return "\n".join(lines)


def fold_of(ident: str, folds: int = FOLDS) -> int:
    """The fold of a file, by a stable hash of its id."""
    return int(hashlib.sha256(ident.encode("utf-8")).hexdigest(), 16) % folds


# How each reader decides the directions of one candidate from the rules' verdict and the model's probabilities.
Policy = Callable[[frozenset[str], dict[str, float]], frozenset[str]]


def rules_alone(rule: frozenset[str], probs: dict[str, float]) -> frozenset[str]:
    """The rule reader's directions, whatever the model says."""
    return rule


def learned_alone(rule: frozenset[str], probs: dict[str, float]) -> frozenset[str]:
    """The model's most probable label, whatever the rules say."""
    top = max(probs, key=lambda k: (probs[k], k))
    return frozenset() if top == NONE else frozenset({top})


def overruling(threshold: float) -> Policy:
    """The rules' directions, unless the model is at least this sure of another label."""
    def policy(rule: frozenset[str], probs: dict[str, float]) -> frozenset[str]:
        return decide(rule, probs, threshold)
    return policy


def adding(threshold: float) -> Policy:
    """The rules' directions, and the model's label where the rules find nothing and the model is this sure."""
    def policy(rule: frozenset[str], probs: dict[str, float]) -> frozenset[str]:
        return decide(rule, probs, threshold) if not rule else rule
    return policy


def cross_validate(data: Sequence[Example], annotations: Sequence[Annotation], policies: dict[str, Policy],
                   folds: int = FOLDS, share: int = FOLDS - 1, **settings: Any) -> dict[str, EvaluationReport]:
    """Each policy's scores over the development set, every file read by a model trained without its fold
    (on ``share`` of the other folds: fewer for a learning curve)."""
    decided: dict[str, dict[str, set[tuple[str, str]]]] = {name: {} for name in policies}
    for fold in range(folds):
        others = [(fold + k) % folds for k in range(1, share + 1)]
        training = [e for e in data if fold_of(e.ident, folds) in others]
        weights = fit(training, **settings)
        for e in data:
            if fold_of(e.ident, folds) != fold:
                continue
            probs = probabilities(e.candidate, weights)
            for name, policy in policies.items():
                items = decided[name].setdefault(e.ident, set())
                items.update((_local(e.candidate.outcome), d) for d in policy(e.rule, probs))
    return {name: score(annotations, _reader(found)) for name, found in decided.items()}


def _reader(found: dict[str, set[tuple[str, str]]]) -> Callable[[Annotation], Items]:
    def read(annotation: Annotation) -> Items:
        items: Items = {name: set() for name in (*EXTRACTED, *OPTIONAL_FIELDS)}
        items["directions"] = set(found.get(annotation.ident, set()))
        return items
    return read
