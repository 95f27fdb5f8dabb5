"""The findings rules of the annotation guide (tests/annotations/README.md, "findings"), each in general form and
tested by behaviour. The sentences are written for these tests."""

from __future__ import annotations

import pytest
from rdflib import Literal
from rdflib.namespace import RDFS, SKOS

from kg.extract.lexicon import lexicon
from kg.namespaces import CONCEPT, PSK
from kg.vocabulary import ontology_graph
from tests.findings_support import found as _found
from tests.findings_support import study as _study


def _results(sentence: str) -> set[tuple[str, str]]:
    return _found(_study(("Results", sentence)))


@pytest.mark.parametrize(("sentence", "expected"), [
    # named as the obstacle itself, as the subject or the object of "as", with a complement of its own
    ("Peer workers described stigma from colleagues as a persistent challenge.", set()),
    ("Stigma remained a major barrier for the peer mentors.", set()),
    # an item of the list an obstacle heads, whatever word of its own judges it ("low pay")
    ("Challenges such as stigma and low pay remain for peer workers.", set()),
])
def test_an_obstacle_only_said_to_exist_is_no_finding(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Some peers felt the role was emotionally challenging.", {("burnout", "Negative")}),
    ("Several mentors said the work left them emotionally drained.", {("burnout", "Negative")}),
])
def test_a_harm_the_work_did_to_the_people_is_negative(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a verb of causing gives rise to what it names: a harm when more of the outcome is worse
    ("Reading other members' posts caused distress for a few users.", {("symptom-severity", "Negative")}),
    ("Some group sessions triggered anxiety in new members.", {("symptom-severity", "Negative")}),
    # and a good when more of it is better
    ("Meeting the mentors provoked hope among the newcomers.", {("hope", "Positive")}),
    # the noun of a cause names none
    ("The causes of distress were not explored in the interviews.", set()),
])
def test_a_verb_of_causing_states_the_outcome_it_gives_rise_to(
        sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("abstract", "expected"), [
    # a pilot that introduces itself ends the background: the rise before it is the setting, not a result
    ("Hospital readmissions increased across the region last year. This pilot evaluated peer bridging on two wards. "
     "Readmissions fell in the first six months.", {("hospitalisation", "Positive")}),
    ("Loneliness increased among older adults during the winter. This survey asked 200 befriending clients about their "
     "contact with volunteers. Clients reported feeling less lonely.", {("loneliness", "Positive")}),
])
def test_findings_of_an_unstructured_abstract_come_after_its_background(
        abstract: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("", abstract))) == expected


@pytest.mark.parametrize(("heading", "sentence", "expected"), [
    ("Background", "Peer support reduced loneliness in earlier trials.", set()),
    ("Aims", "We tested whether peer support reduces loneliness.", set()),
    ("Recommendations", "Services should offer peer support to reduce loneliness.", set()),
    ("Discussion", "Peer support reduced loneliness.", {("loneliness", "Positive")}),
])
def test_findings_come_only_from_results_and_conclusions(
        heading: str, sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study((heading, sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # what a result is said to require attention to is a recommendation, not a result
    ("The mixed picture shows a model that requires careful attention to role clarity.", set()),
    ("These uneven results call for attention to burnout among the mentors.", set()),
    # the result before the advice still stands
    ("Hope improved among mentees, which calls for attention to burnout among the mentors.", {("hope", "Positive")}),
])
def test_what_a_result_requires_attention_to_is_a_recommendation(
        sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Peer support may improve hope.", {("hope", "Unclear")}),
    ("Peer support might reduce loneliness.", {("loneliness", "Unclear")}),
    ("Peer mentoring can strengthen self-esteem.", {("self-esteem", "Unclear")}),
    ("Peer support could reduce isolation.", {("loneliness", "Unclear")}),
    # verbs of suggesting, appearing and seeming state the claim
    ("The interviews suggest that mentees gained hope.", {("hope", "Positive")}),
    ("Peer support appears to reduce loneliness.", {("loneliness", "Positive")}),
    ("Peer mentoring seems to improve self-esteem.", {("self-esteem", "Positive")}),
])
def test_only_modal_verbs_hedge_a_change(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("The programme had a significant impact on quality of life.", {("quality-of-life", "Unclear")}),
    ("Peer support showed an effect on hope.", {("hope", "Unclear")}),
    # a figure written with its sign says which way; an unsigned one, or a share of variance, does not
    ("Effects on depression were found (SMD = −0.88).", {("symptom-severity", "Positive")}),
    ("An effect on hope was found (d = +0.45).", {("hope", "Positive")}),
    ("Effects on depression were found (SMD = 0.45).", {("symptom-severity", "Unclear")}),
    ("Effects on depression were found (η2 = .24).", {("symptom-severity", "Unclear")}),
])
def test_an_effect_takes_a_direction_only_from_a_word_or_a_signed_figure(
        sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # measures related to each other, among peer workers or anyone else
    ("Among peer workers, role clarity was associated with lower burnout.", set()),
    ("Burnout was associated with lower job satisfaction in peer workers.", set()),
    ("Higher self-stigma was linked to lower empowerment among service users.", set()),
    ("Greater social support was related to better recovery.", set()),
    # people grouped by the level of a measure
    ("Loneliness was higher among participants with more depressive symptoms.", set()),
    # peer support as a term of the association is a finding
    ("Receiving peer support was associated with higher hope.", {("hope", "Positive")}),
])
def test_associations_between_measures_are_no_findings(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # leaving care and missing appointments are engagement turned round
    ("Dropout was lower in the peer support group.", {("engagement", "Positive")}),
    ("Treatment dropout decreased in the intervention group.", {("engagement", "Positive")}),
    ("The peer arm had fewer missed appointments than usual care.", {("engagement", "Positive")}),
    ("No-show rates fell in the peer arm.", {("engagement", "Positive")}),
    ("Disengagement from services fell in the peer group.", {("engagement", "Positive")}),
    # readmission and relapse are harms: less of them is better
    ("Peer support reduced readmission.", {("hospitalisation", "Positive")}),
    ("Relapse rates were lower in the peer group.", {("symptom-severity", "Positive")}),
])
def test_a_label_of_the_opposite_pole_turns_a_change_round(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


def test_the_scheme_marks_labels_of_the_opposite_pole() -> None:
    graph = ontology_graph()
    assert (PSK.oppositeLabel, RDFS.subPropertyOf, SKOS.hiddenLabel) in graph
    engagement = CONCEPT["outcome/engagement"]
    assert (engagement, PSK.oppositeLabel, Literal("treatment dropout", lang="en")) in graph
    assert ("treatment", "dropout") in lexicon().opposites[engagement]
    assert ("engagement",) not in lexicon().opposites[engagement]
