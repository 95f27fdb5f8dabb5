"""The learned reader of finding directions: trained on the development set, how it reads result sentences, how it decides."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from kg.extract.reader import (
    LABELS,
    Candidate,
    ReaderError,
    Weights,
    decide,
    parse_weights,
    probabilities,
)
from kg.extract.study import finding_candidates
from kg.namespaces import CONCEPT
from kg.records import AbstractSection, Work

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def trained() -> Weights:
    """The reader trained on the development annotations, as scripts/train-reader trains it."""
    pytest.importorskip("sklearn")
    from kg.extract.evaluate import load_annotations
    from kg.extract.reader_training import examples, fit, weights_json

    weights = fit(examples(load_annotations(ROOT / "tests" / "annotations" / "dev")))
    text = weights_json(weights)
    assert weights_json(parse_weights(text)) == text  # the file the script writes reads back the same
    return weights

# Result sentences written for these tests (no annotated file holds them), the outcome and its direction.
SENTENCES = [
    ("Results: There was no significant difference in depression between the peer support and usual care "
     "groups (p = 0.41).", "outcome/symptom-severity", "NoDifference"),
    ("Results: Loneliness increased in the peer support group compared with usual care (p = 0.01).",
     "outcome/loneliness", "Negative"),
    ("Conclusions: Peer support may improve hope among service users.", "outcome/hope", "Unclear"),
    ("Results: Peer support improved hope compared with usual care (p < 0.001).", "outcome/hope", "Positive"),
]


def _candidate(text: str, outcome: str) -> Candidate:
    heading, _, body = text.partition(": ")
    work = Work(line=1, title="", abstract=body, abstract_sections=(AbstractSection(heading, body),))
    _, found = finding_candidates(work)
    return next(c for c in found if c.outcome == CONCEPT[outcome])


def _top(candidate: Candidate, weights: Weights) -> str:
    probs = probabilities(candidate, weights)
    return max(probs, key=lambda k: probs[k])


@pytest.mark.parametrize(("text", "outcome", "direction"), SENTENCES)
def test_learned_reader_reads_the_direction_of_a_result(text: str, outcome: str, direction: str,
                                                       trained: Weights) -> None:
    candidate = _candidate(text, outcome)
    assert candidate.features[f"rule={direction}"] == 1.0
    assert _top(candidate, trained) == direction


@pytest.mark.parametrize(("text", "outcome", "direction"), SENTENCES)
def test_learned_reader_reads_the_words_without_the_rules_verdict(text: str, outcome: str, direction: str,
                                                                 trained: Weights) -> None:
    """Null, negative, hedged and positive results are read from the words and cues alone."""
    candidate = _candidate(text, outcome)
    words_only = replace(candidate, features={k: v for k, v in candidate.features.items()
                                              if not k.startswith("rule=")})
    assert _top(words_only, trained) == direction


def test_features_mask_the_outcome_and_turn_cues_by_its_polarity() -> None:
    features = _candidate(SENTENCES[1][0], "outcome/loneliness").features
    assert "w=<o>" in features and "w=loneliness" not in features
    assert "signed=-" in features and "less-is-better" in features and "p<=.05" in features
    assert "part=results" in features and "comparison-arm" in features


def test_model_overrules_the_rules_only_when_sure() -> None:
    sure_null = {label: 0.02 for label in LABELS} | {"NoDifference": 0.9}
    unsure_null = {label: 0.1 for label in LABELS} | {"NoDifference": 0.5}
    sure_none = {label: 0.02 for label in LABELS} | {"none": 0.9}
    positive = frozenset({"Positive"})
    assert decide(positive, sure_null, 0.7) == frozenset({"NoDifference"})
    assert decide(positive, unsure_null, 0.7) == positive
    assert decide(positive, sure_none, 0.7) == frozenset()
    assert decide(frozenset(), sure_null, 0.7) == frozenset({"NoDifference"})
    assert decide(frozenset(), sure_none, 0.7) == frozenset()


def test_cross_validation_policies_keep_the_rules_where_they_promise_to() -> None:
    pytest.importorskip("sklearn")
    from kg.extract.reader_training import adding, learned_alone, rules_alone

    sure_null = {label: 0.02 for label in LABELS} | {"NoDifference": 0.9}
    positive = frozenset({"Positive"})
    assert adding(0.5)(positive, sure_null) == positive
    assert adding(0.5)(frozenset(), sure_null) == frozenset({"NoDifference"})
    assert rules_alone(positive, sure_null) == positive
    assert learned_alone(positive, sure_null) == frozenset({"NoDifference"})


def test_probabilities_are_a_softmax_of_the_weights() -> None:
    weights = Weights(LABELS, (0.0,) * 6, {"cue=no_difference": (0.0, 0.0, 0.0, 2.0, 0.0, 0.0)}, 0.7)
    probs = probabilities(Candidate(CONCEPT["outcome/hope"], {"cue=no_difference": 1.0, "unknown": 1.0}, None),
                          weights)
    assert sum(probs.values()) == pytest.approx(1.0)
    assert max(probs, key=lambda k: probs[k]) == "NoDifference"
    assert probs["Positive"] == pytest.approx(probs["none"])


def test_broken_weights_are_an_error_that_says_how_to_fix_it() -> None:
    with pytest.raises(ReaderError, match="scripts/train-reader"):
        parse_weights('{"labels": ["none"], "intercepts": [0], "weights": {}, "threshold": 0.7}')
    with pytest.raises(ReaderError, match="train-reader"):
        parse_weights("not json")
