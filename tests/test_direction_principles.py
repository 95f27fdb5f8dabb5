"""Principles of how results are reported, each read the same way on any abstract: an obstacle said to exist is no
worsening, an effect without its direction is Unclear, a modal verb hedges a claim whoever makes it, a change over time
means nothing when the arms did not differ, and a change reaches its object, not the phrase that dates it. The
sentences are written for these tests."""

from __future__ import annotations

import pytest

from tests.findings_support import found as _found
from tests.findings_support import study as _study


@pytest.mark.parametrize(("sentence", "expected"), [
    # a barrier, challenge or lack in the workplace or a service is only said to exist: no finding
    ("Stigma and role confusion challenged the integration of peer workers into clinical teams.", set()),
    ("Managing role boundaries was described as a major challenge.", set()),
    ("Barriers to implementation included a lack of funding.", set()),
    ("Staff named the lack of role clarity as a risk to the service.", set()),
    # an obstacle to the people's own state is a harm done to them
    ("Emotional exhaustion was a challenge reported by most peer workers.", {("burnout", "Negative")}),
    ("Mentors said the role was challenging for their wellbeing.", {("wellbeing", "Negative")}),
    # a risk is a harm that may come, not one that came; a risk lowered is a result
    ("Peer workers were at risk of burnout.", set()),
    ("Peer support lowered the risk of burnout.", {("burnout", "Positive")}),
    # a change stays a change: an obstacle that grew or shrank is a result
    ("Self-stigma decreased among participants.", {("self-stigma", "Positive")}),
])
def test_an_obstacle_only_said_to_exist_is_no_finding(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # an effect or impact without its direction is Unclear, shown, found or called significant (the annotation
    # rules: "significant" says the effect is not chance, not which way it went)
    ("The per-protocol analysis showed an effect on loneliness and hope.",
     {("loneliness", "Unclear"), ("hope", "Unclear")}),
    ("The trial found effects on self-esteem at twelve months.", {("self-esteem", "Unclear")}),
    ("Peer support has significant impacts on quality of life.", {("quality-of-life", "Unclear")}),
    ("Effects on hope were significant (eta squared = .24).", {("hope", "Unclear")}),
    # a word or a signed figure for the outcome gives the direction
    ("Peer support had a significant effect on depression (SMD = -0.88).", {("symptom-severity", "Positive")}),
    ("Effects for self-stigma were small and significant (smd = − 0.24).", {("self-stigma", "Positive")}),
    # the figure's own clause must call it significant
    ("Effects were significant for hope (SMD 0.30) but not for loneliness (SMD 0.10).",
     {("hope", "Positive"), ("loneliness", "NoDifference")}),
    ("The analysis showed a negative effect on hope.", {("hope", "Negative")}),
    ("The groups had a significant positive effect on hope.", {("hope", "Positive")}),
    # denied, it is no difference
    ("The analysis did not show an effect on hope.", {("hope", "NoDifference")}),
    # an effect said for some and denied for others is a mix
    ("Three trials had significant effects on hope, while others did not.", {("hope", "Mixed")}),
])
def test_an_effect_without_its_direction_is_unclear(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a modal verb hedges the change, however much evidence is quantified before it
    ("There is some evidence that peer mentoring may reduce loneliness.", {("loneliness", "Unclear")}),
    ("Several reviews suggested that peer support might improve hope.", {("hope", "Unclear")}),
    # without a modal verb, only some studies finding it is a mix
    ("Some studies found improvements in hope.", {("hope", "Mixed")}),
])
def test_a_modal_hedges_the_claim_whoever_makes_it(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_a_change_over_time_means_nothing_when_the_arms_did_not_differ() -> None:
    content = _study(
        ("Methods", "Adults were randomised to a peer support group or to a self-help booklet."),
        ("Results", "Loneliness and self-esteem improved over the year in the whole sample. There was no "
                    "difference in outcome between the two conditions."))
    assert _found(content) == {("loneliness", "NoDifference"), ("self-esteem", "NoDifference")}


def test_a_change_said_of_one_arm_stands_beside_a_null_between_arms() -> None:
    content = _study(
        ("Results", "Loneliness fell more in the intervention group than in the control group. There was no "
                    "difference in outcome between the two conditions."))
    assert ("loneliness", "Positive") in _found(content)


@pytest.mark.parametrize(("sentence", "expected"), [
    # the change is of its object; an outcome in a phrase that says when or among whom is not its object
    ("There was a decrease in readmissions following engagement with the peer worker.",
     {("hospitalisation", "Positive")}),
    ("Loneliness fell after attendance at the groups.", {("loneliness", "Positive")}),
    # coordinated, each outcome is an object of its own
    ("There was a decrease in readmissions and in loneliness.",
     {("hospitalisation", "Positive"), ("loneliness", "Positive")}),
])
def test_a_change_reaches_its_object_not_the_phrase_that_dates_it(sentence: str,
                                                                  expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a condition of the work that people have or meet is a barrier that exists, not a finding
    ("Peer mentors reported experiencing role ambiguity in most teams.", set()),
    ("Evidence suggests that peer mentors experience role ambiguity in many services.", set()),
    # a state of the people they have or meet is a harm done to them
    ("Peer mentors reported experiencing stigma from colleagues.", {("stigma", "Negative")}),
])
def test_a_condition_of_the_work_that_is_there_is_no_finding(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # results called uneven are mixed, for each outcome the clause names
    ("Results were uneven, although gains in hope and self-esteem were reported.",
     {("hope", "Mixed"), ("self-esteem", "Mixed")}),
    # a gerund of change after the noun of a cause describes the cause: no result
    ("Factors promoting recovery included supportive supervision.", set()),
])
def test_uneven_results_and_causes_described(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the groups a superlative compares are no change in every arm
    ("Mentees reported the largest gains of all three groups in self-esteem.", {("self-esteem", "Positive")}),
    ("Self-esteem improved in all three groups.", set()),
    # findings judged positive as a whole: the items after them went the favourable way
    ("Interview findings were positive: themes included hope and social connectedness.",
     {("hope", "Positive"), ("connectedness", "Positive")}),
])
def test_superlatives_between_arms_and_findings_judged_positive(sentence: str,
                                                                expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_a_null_between_two_named_arms_is_said_of_the_outcomes() -> None:
    content = _study(
        ("Results", "Peer mentoring was superior to usual care in reducing loneliness. Five trials compared peer "
                    "mentoring with group therapy. There was no significant difference between group therapy and "
                    "peer mentoring."))
    assert _found(content) == {("loneliness", "Positive"), ("loneliness", "NoDifference")}


@pytest.mark.parametrize(("sentence", "expected"), [
    # the annotation rules' hedges are modal verbs; seeming and appearing state the result
    ("The groups seem to reduce loneliness.", {("loneliness", "Positive")}),
    ("Self-esteem appears to improve after the course.", {("self-esteem", "Positive")}),
    ("The groups might reduce loneliness.", {("loneliness", "Unclear")}),
])
def test_seeming_is_no_hedge(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # what was looked into is no result: an outcome is Unclear only when it is said to be affected
    ("We examined the impact of the groups on loneliness.", set()),
    ("Interviews explored whether peer contact influenced self-esteem.", set()),
    ("Peer contact influenced self-esteem.", {("self-esteem", "Unclear")}),
])
def test_an_effect_looked_into_is_no_result(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a level and an outcome that together name a kind of site or place are no result
    ("In low engagement-low fidelity sites, peer workers met weekly.", set()),
    ("Peer workers in high stigma communities reported better hope.", {("hope", "Positive")}),
    # a level said of the outcome itself still is one
    ("Mentees reported low stigma after the course.", {("stigma", "Positive")}),
])
def test_a_level_that_names_a_kind_is_no_result(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the studies a review took in are what it read, not what it found
    ("Eight trials (five of them depression trials), all from high income countries, met the inclusion criteria.",
     set()),
    ("Six studies of anxiety, all with high attrition, were included.", set()),
    # a study taken in that found something still says so
    ("Twelve studies were included and showed improvements in loneliness.", {("loneliness", "Positive")}),
    # themes identified are findings of their own
    ("Three themes were identified, showing how the groups improved hope.", {("hope", "Positive")}),
])
def test_the_studies_a_review_took_in_are_no_result(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # words of likeness between arms are nulls
    ("The peer arm and the usual care arm showed similar numbers of readmissions.",
     {("hospitalisation", "NoDifference")}),
    ("Both arms responded similarly on loneliness and hope.", {("loneliness", "NoDifference"), ("hope", "NoDifference")}),
    ("Similar improvements in self-esteem were seen in the peer and control arms.", {("self-esteem", "NoDifference")}),
])
def test_likeness_between_arms_is_no_difference(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a later list item with a degree of its own is not reached by the cue of the first item, and a measure named
    # after its outcome says nothing of its own (the dropout rate is engagement's opposite pole, and low)
    ("Mentees reported a low dropout rate, moderate anxiety on the GAD-7 and mild depression on the PHQ-9.",
     {("engagement", "Positive")}),
    ("Loneliness was low, and anxiety on the GAD-7 was unchanged.", {("loneliness", "Positive"),
                                                                     ("symptom-severity", "NoDifference")}),
    # the measure's outcome still takes the change said of it
    ("Depression as measured by the PHQ-9 decreased in the peer arm.", {("symptom-severity", "Positive")}),
    ("Peer support reduced depression according to the PHQ-9.", {("symptom-severity", "Positive")}),
])
def test_a_list_item_with_its_own_degree_and_a_named_measure(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a word that calls evidence mixed sums up results only when it qualifies them
    ("Peer workers described a contradictory dual role within their teams.", set()),
    ("Peer mentors reported experiencing stigma and contradictory expectations from staff.",
     {("stigma", "Negative")}),
    ("Findings on hope were conflicting.", {("hope", "Mixed")}),
    ("There was inconsistent evidence for effects on loneliness.", {("loneliness", "Mixed")}),
])
def test_a_word_of_mixed_evidence_qualifies_results(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a denied verb governs the outcomes of its object; a level word in the next conjunct is said of that conjunct
    ("The programme did not affect loneliness or the move to higher levels of care.",
     {("loneliness", "NoDifference")}),
    ("Mentoring did not affect loneliness, and hope was higher in the peer arm.",
     {("loneliness", "NoDifference"), ("hope", "Positive")}),
    # an indication is no modal verb: it states the result
    ("There were indications of improved hope among members.", {("hope", "Positive")}),
])
def test_a_denied_verb_governs_its_objects_and_indications_state(sentence: str,
                                                                  expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected
