"""How a change reaches the outcome it is said of, by the grammar of the phrase: a cue phrase in another inflection is
still the cue, the objects of a preposition before a colon share its change however long they run, a rise or fall
said of another noun is that noun's, and a worry only voiced is no finding (annotation rules: "a barrier, concern or
challenge that is only said to exist or remain is no finding"). The sentences are written for these tests."""

from __future__ import annotations

import pytest

from tests.findings_support import found as _found
from tests.findings_support import study as _study


@pytest.mark.parametrize(("sentence", "expected"), [
    # a signed cue phrase whose last word takes another verb ending is still the cue
    ("The befriending scheme was positively impacting hope and loneliness.",
     {("hope", "Positive"), ("loneliness", "Positive")}),
    ("Night shifts were negatively affecting the wellbeing of peer workers.", {("peer-worker-wellbeing", "Negative")}),
])
def test_a_cue_phrase_in_another_inflection_is_the_cue(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the items after "increases in:" are the preposition's objects, however long each runs
    ("Mentees reported significant increases in: (1) confidence in their own ability to manage daily life at home; "
     "(2) a sense of belonging to a wider community of peers and friends; and (3) hope.",
     {("self-efficacy", "Positive"), ("connectedness", "Positive"), ("hope", "Positive")}),
    # after "show that:" each long item is a clause of its own, with its own change
    ("The findings show that: mentors found the role rewarding in many different ways over time; mentees felt less "
     "alone than they had ever felt before.", {("loneliness", "Positive")}),
])
def test_the_objects_of_a_preposition_before_a_colon_share_its_change(
        sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the rise is the awareness's, the skill's or the hope's, not that of what they concern
    ("Carers reported increased awareness of their own early signs of depression.", set()),
    ("Volunteers reported greater skill in dealing with stress.", set()),
    ("Mentees reported more hope for recovery.", {("hope", "Positive")}),
    # a noun of measure or amount lets the change through
    ("Carers reported lower levels of depression.", {("symptom-severity", "Positive")}),
    ("Participants had fewer days of hospitalisation.", {("hospitalisation", "Positive")}),
    ("Participants reported fewer symptoms of depression and anxiety.", {("symptom-severity", "Positive")}),
])
def test_a_rise_or_fall_said_of_another_noun_is_that_nouns(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Peer workers reported concerns about stigma from colleagues.", set()),
    ("Staff voiced worries about burnout among peer workers.", set()),
    ("Volunteers reported concerns about privacy, loneliness and stigma.", set()),
    ("Nurses reported vague anxiety about sharing an office with a peer worker.", set()),
    # a change in the worry is a result
    ("Mothers reported less anxiety about parenting.", {("symptom-severity", "Positive")}),
])
def test_a_worry_only_voiced_is_no_finding(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a change word that opens a later conjunct modifies the noun after it
    ("Themes were feeling isolated, seeking social support and improved motivation.", {("loneliness", "Negative")}),
    # a word of having that opens the outcome's own words says it is there
    ("Mentors spoke of feeling isolated.", {("loneliness", "Negative")}),
    # and it reaches the outcome through a phrase of quantity as through an article
    ("Peer workers reported a great deal of satisfaction with their jobs.", {("job-satisfaction", "Positive")}),
    # one that goes on as a predicate still speaks of the outcome before it
    ("Hope was higher and improved over time.", {("hope", "Positive")}),
    ("Depression, anxiety and stress decreased.", {("symptom-severity", "Positive")}),
])
def test_a_change_or_having_word_reaches_the_noun_it_governs(
        sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize("sentence", [
    "The new self-esteem questionnaire showed good internal consistency and test-retest reliability.",
    "Higher scores on the recovery scale indicate better recovery.",
])
def test_the_quality_or_key_of_a_measure_is_no_result(sentence: str) -> None:
    assert _found(_study(("Results", sentence))) == set()


@pytest.mark.parametrize(("sentence", "expected"), [
    # a hedge inside an item of its own hedges that item, not the next
    ("There were improvements in hope, in the number of peers likely to offer support, and in self-esteem.",
     {("hope", "Positive"), ("self-esteem", "Positive")}),
    ("Peer support may improve hope, self-esteem and loneliness.",
     {("hope", "Unclear"), ("self-esteem", "Unclear"), ("loneliness", "Unclear")}),
    ("Peer support improved hope and may reduce loneliness.", {("hope", "Positive"), ("loneliness", "Unclear")}),
])
def test_a_hedge_in_a_list_item_hedges_that_item(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # an infinitive of change after a noun of means is what the means are for
    ("The findings show ways to improve access to mental health care.", set()),
    ("The results point to opportunities to reduce stigma in schools.", set()),
    # after a verb of showing with the support as its object it is a result
    ("Findings support the use of peer mentors to reduce self-stigma.", {("self-stigma", "Positive")}),
])
def test_an_infinitive_after_a_noun_of_means_is_a_purpose(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Conclusions", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # mixed opinions are people's views, not mixed evidence on the outcome before them
    ("Engagement with the online group was low, and the group received mixed and mostly negative feedback.",
     {("engagement", "Negative")}),
    # mixed results or evidence still sum up what was found
    ("Results for hope were mixed.", {("hope", "Mixed")}),
    ("Hope showed mixed results.", {("hope", "Mixed")}),
])
def test_mixed_opinions_are_no_mixed_evidence(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_an_outcome_that_says_who_the_people_are_is_no_finding() -> None:
    # "those with ..." names people by the outcome, as "participants with ..." does: a subgroup, not a result
    assert _found(_study(("Results", "Those with higher self-stigma benefited less from the groups."))) == set()


@pytest.mark.parametrize(("sentence", "expected"), [
    # a rise in what a judging word calls good is a gain, whichever way the outcome is better
    ("Participants showed more positive attitudes towards people with mental illness.", {("stigma", "Positive")}),
    ("Students held fewer negative attitudes about mental illness.", {("stigma", "Positive")}),
])
def test_a_judging_word_before_an_outcome_says_which_way_its_change_went(
        sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # staff compared with the peers, as the comparison's subject, speak for the comparison
    ("Clinicians reported more burnout than peer workers.", {("burnout", "Positive")}),
    ("Non-peer staff had higher job satisfaction than peer staff.", {("job-satisfaction", "Negative")}),
    ("Peer workers reported less burnout than clinicians.", {("burnout", "Positive")}),
])
def test_staff_compared_with_peers_speak_for_the_comparison(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a result stated before a clause of advice is still a result; what the advice names is not
    ("Loneliness fell over the year, suggesting that befriending should be offered more widely.",
     {("loneliness", "Positive")}),
    ("Mentees reported better self-esteem, which warrants a larger trial of effects on hope.",
     {("self-esteem", "Positive")}),
    # advice that opens the sentence reports nothing
    ("Future research should examine whether befriending reduces loneliness, and why.", set()),
])
def test_a_result_before_a_clause_of_advice_is_a_result(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Conclusions", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a change that held for some and not for others is mixed
    ("Hope improved for some participants, but not for others.", {("hope", "Mixed")}),
    ("Benefits for hope were reported in some, but not all, studies.", {("hope", "Mixed")}),
    ("One trial found fewer readmissions, whereas another found no effect.", {("hospitalisation", "Mixed")}),
    # a later time or another outcome denied is no mix
    ("Hope improved at 3 months but not at 6 months.", {("hope", "Positive"), ("hope", "NoDifference")}),
])
def test_a_change_denied_for_others_is_mixed(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the lesser change of a comparison speaks the other way for peer support
    ("Loneliness increased less in the befriended group than in the control group.", {("loneliness", "Positive")}),
    ("Compared with usual care, mentees showed a smaller increase in depressive symptoms.",
     {("symptom-severity", "Positive")}),
    ("Anxiety decreased less in the peer arm than in the usual care arm.", {("symptom-severity", "Negative")}),
    # a change less than expected is still the change
    ("Loneliness fell less than expected.", {("loneliness", "Positive")}),
])
def test_the_lesser_change_of_a_comparison_is_turned(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_a_change_not_significantly_so_is_no_difference() -> None:
    sentence = "Readmissions were more frequent among mentees, although not significantly so."
    assert _found(_study(("Results", sentence))) == {("hospitalisation", "NoDifference")}
