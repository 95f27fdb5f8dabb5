"""Reading mechanisms found by the errors on abstracts the rules were not written on: what is hoped, targeted or
trended is no plain result, a mix is one result, a judgement of the support names its acceptability, a minority's
satisfaction is a shortfall, and a null said of the main outcomes holds for each of them."""

from __future__ import annotations

import pytest

from kg.extract import extract_study
from kg.records import Work
from tests.findings_support import found as _found
from tests.findings_support import local as _local
from tests.findings_support import study as _study


@pytest.mark.parametrize(("sentence", "expected"), [
    # a trend is a hedge; "the intervention group for anxiety" is an arm, not a group for people with anxiety;
    # "but not" reaches every outcome coordinated after it
    ("There was a positive trend in favour of the intervention group for maternal anxiety but not loneliness or "
     "use of health services.",
     {("symptom-severity", "Unclear"), ("loneliness", "NoDifference"), ("service-use", "NoDifference")}),
    ("There was a trend towards lower depression scores in the peer group.", {("symptom-severity", "Unclear")}),
    # what included studies aimed at is no result of the review
    ("One targeted depression and anxiety, two stigma, and four studies preventing eating disorders and one drug "
     "misuse.", set()),
    ("Interventions reducing stigma were included.", set()),
    # an expectation reaches to the end of its clause, as ConText's hypothetical modifier does
    ("Anticipated benefits include engagement with providers, social support and stigma reduction.", set()),
    ("The expected benefits did not materialise, but hope improved.", {("hope", "Positive")}),
    ("Hope improved more than expected.", {("hope", "Positive")}),
    # a review whose studies went both ways gives one Mixed result, not its parts besides
    ("One study reduced anxiety and depression, another reduced depression only, with the final three measuring, "
     "but not having a significant impact on depression.", {("symptom-severity", "Mixed")}),
    # a favourable judgement held by a minority is a shortfall
    ("Less than one-half were satisfied with their promotion opportunities.", {("pay-career", "Negative")}),
    ("Only a few participants found the groups helpful.", {("acceptability", "Negative")}),
])
def test_scope_of_hedges_purposes_and_mixes(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize("sentence", [
    "Participants found peer support useful.",
    "Among consumers, 39 of 54 were satisfied with peer services.",
    "Key stakeholders reported that peer support services were satisfying and beneficial.",
    "The GPSG-intervention was positively evaluated.",
    "For caregivers, 31 of 32 expressed a positive view regarding peer services.",
    "Most mentees described their mentor as uniquely supportive.",
])
def test_a_judgement_of_the_support_is_its_acceptability(sentence: str) -> None:
    content = _study(("Results", sentence))
    assert "acceptability" in {_local(m.concept) for m in content.outcomes}
    assert _found(content) == {("acceptability", "Positive")}


@pytest.mark.parametrize("sentence", [
    "The study yielded useful insights into loneliness.",
    "Participants were satisfied with their housing.",
    "Participants were satisfied with their social support.",
])
def test_a_judgement_of_something_else_is_no_acceptability(sentence: str) -> None:
    assert "acceptability" not in {_local(m.concept) for m in _study(("Results", sentence)).outcomes}


def test_a_null_said_of_the_main_outcomes_holds_for_an_outcome_a_subgroup_decided() -> None:
    content = _study(("Methods", "Mothers were randomised to peer support or usual care; hope and distress were "
                                 "measured."),
                     ("Results", "Those who took part more often reported higher distress (p = 0.03). Time by group "
                                 "interactions showed no differences between conditions on the main outcomes."))
    assert ("symptom-severity", "NoDifference") in _found(content)
    assert ("hope", "NoDifference") in _found(content)


def test_a_result_that_held_for_some_programmes_only_makes_the_result_before_mixed() -> None:
    content = _study(("Results", "Those who received the consumer-operated services perceived higher levels of "
                                 "personal empowerment than those in the control intervention. However, we noted "
                                 "variations by study site, which suggest that specific programs had significant "
                                 "effects, while others did not."))
    assert _found(content) == {("empowerment", "Positive"), ("empowerment", "Mixed")}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Peer support yielded positive effects on the mental health of its recipients.", {("clinical", "Positive")}),
    ("Compared with usual care, the program did not improve patients' mental health.", {("clinical", "NoDifference")}),
    # a purpose, a service or a coordinated modifier is no clinical outcome
    ("An online program to improve mental health among students was well attended.", set()),
    ("Peer support improved the mental health services of the region.", set()),
])
def test_mental_health_is_the_clinical_outcome_where_a_change_is_said_of_it(
        sentence: str, expected: set[tuple[str, str]]) -> None:
    content = _study(("Results", sentence))
    assert _found(content) == expected
    assert ("clinical" in {_local(m.concept) for m in content.outcomes}) == bool(expected)


@pytest.mark.parametrize(("sentence", "outcome"), [
    ("Recommendations for the employment of veteran peers can be derived.", "peer-workforce"),
    ("Peer support employment differed across sites.", "peer-workforce"),
    ("Employment improved among participants.", "employment-education"),
])
def test_employing_peers_is_a_peer_workforce_outcome(sentence: str, outcome: str) -> None:
    outcomes = {_local(m.concept) for m in _study(("Results", sentence)).outcomes}
    assert outcome in outcomes
    assert len(outcomes & {"peer-workforce", "employment-education"}) == 1


@pytest.mark.parametrize(("sentence", "expected"), [
    # "both groups" of the first clause says nothing of the clause after ", and"
    ("Attendance was a challenge for both groups, and self-stigma decreased among mentors.",
     {("self-stigma", "Positive")}),
    # opening the clause it governs every item of a list
    ("Across groups, depression and functioning, and overall mental health improved significantly.", set()),
    ("Hope improved in both groups.", set()),
])
def test_a_change_in_every_arm_holds_in_its_own_clause(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("conclusion", "expected"), [
    # a change the conclusions state under a modal verb is a result of its own beside the measured one
    ("Peer support may reduce depression among mothers.",
     {("symptom-severity", "Positive"), ("symptom-severity", "Unclear")}),
    # "seems to" is read as a claim, and an outcome named only as affected adds nothing
    ("Peer support seems to reduce depression among mothers.", {("symptom-severity", "Positive")}),
    ("Peer support had effects on depression.", {("symptom-severity", "Positive")}),
])
def test_a_hedged_conclusion_stands_beside_a_measured_result(conclusion: str, expected: set[tuple[str, str]]) -> None:
    content = _study(("Results", "Depression scores fell more in the peer group than with usual care (p = 0.01)."),
                     ("Conclusions", conclusion))
    assert _found(content) == expected


def test_support_for_the_null_hypothesis_reports_a_result() -> None:
    content = _study(("Results", "Consistent with the prior studies, there were no differences in burnout between "
                                 "peer providers and other providers, with strong support for the null hypothesis."))
    assert _found(content) == {("burnout", "NoDifference")}


def test_a_closing_statement_of_what_the_study_found_leaves_the_results_before_it() -> None:
    abstract = ("Peer support is widely used. One hundred adults were randomised to peer mentoring or usual care. "
                "Depression scores fell significantly more in the mentoring group (p = 0.01), but loneliness did not "
                "differ between groups. This study suggests peer mentoring can reduce depression.")
    found = _found(extract_study(Work(line=1, abstract=abstract)))
    assert {("symptom-severity", "Positive"), ("loneliness", "NoDifference")} <= found


def test_a_statement_introducing_the_study_still_ends_the_background() -> None:
    abstract = ("Peer mentoring reduces loneliness. This study examined whether mentoring improves hope. "
                "Hope improved more with mentoring (p = 0.02).")
    assert _found(extract_study(Work(line=1, abstract=abstract))) == {("hope", "Positive")}


@pytest.mark.parametrize(("sentence", "expected"), [
    # evidence graded weak or low leaves the result open, as GRADE's low certainty does
    ("There was weak evidence of improvement in recovery.", {("recovery", "Unclear")}),
    ("Overall, the evidence for peer support in improving clinical outcomes is limited.", {("clinical", "Unclear")}),
    ("Low-quality evidence suggested peer support reduced depression.", {("symptom-severity", "Unclear")}),
    # a null interaction of group and time denies the change every arm made
    ("Recovery scores improved in both groups with no significant group by time interaction.",
     {("recovery", "NoDifference")}),
    ("Hope improved over time, with no significant group-by-time interaction.", {("hope", "NoDifference")}),
    # failing to bring a change about is a result, not a goal
    ("The programme failed to reduce readmissions.", {("hospitalisation", "NoDifference")}),
    # a noun of change after an outcome makes it a result even after "support for"
    ("Usual care was superior to peer support for symptom reduction.", {("symptom-severity", "Negative")}),
    ("Peer support was associated with more hospital days.", {("hospitalisation", "Negative")}),
])
def test_common_ways_unseen_results_are_written(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_training_in_an_outcome_that_reduced_something_is_still_the_intervention() -> None:
    content = _study(("Conclusions", "Training in mental illness self-management reduced the need for services."))
    assert "self-efficacy" not in {_local(f.outcome) for f in content.findings}


@pytest.mark.parametrize(("sentence", "expected"), [
    # an infinitive of change names a purpose ...
    ("Sessions included activities to promote recovery and wellbeing.", set()),
    ("Mentors used their own stories to build hope.", set()),
    # ... unless a verb of showing, helping or being able governs it
    ("Peer support was found to improve hope.", {("hope", "Positive")}),
    ("Peer mentors helped participants to reduce drug use.", {("substance-use", "Positive")}),
    ("Participants were able to reduce their drug use.", {("substance-use", "Positive")}),
    ("Symptoms began to improve after three sessions.", {("symptom-severity", "Positive")}),
    ("Hope had a tendency to improve in the peer group.", {("hope", "Unclear")}),
])
def test_an_infinitive_of_change_is_a_purpose_unless_a_result_governs_it(
        sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # labels the definitions hold in other words: the burden of those who care, symptoms as mental state
    ("Caregivers reported a reduction in caretaker burdens.", {("caregiver-burden", "Positive")}),
    ("Social communication skills improved among consumers.", {("social-functioning", "Positive")}),
    ("Patients' mental state did not differ between groups.", {("symptom-severity", "NoDifference")}),
    # stability of an illness names the opposite of its symptoms
    ("Illness stability increased among consumers.", {("symptom-severity", "Positive")}),
])
def test_outcomes_in_the_words_of_their_definitions(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # time out of hospital is the opposite of hospitalisation; cravings are substance use
    ("Days in the community increased in the peer group.", {("hospitalisation", "Positive")}),
    ("Cravings decreased among mentees.", {("substance-use", "Positive")}),
])
def test_outcomes_named_by_their_opposite_or_part(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_a_trend_stands_beside_a_significant_result_for_the_same_outcome() -> None:
    content = _study(("Results", "At 12 weeks, fewer women in the intervention group had depression scores above 12 "
                                 "(p < 0.001). There was a positive trend in favour of the intervention group for "
                                 "maternal anxiety but not loneliness."))
    assert {("symptom-severity", "Positive"), ("symptom-severity", "Unclear"),
            ("loneliness", "NoDifference")} <= _found(content)


@pytest.mark.parametrize("sentence", [
    "Peer specialists were more likely than other staff to share recovery stories.",
    "Staff valued the recovery principles of the service more highly.",
])
def test_an_outcome_word_that_only_qualifies_a_thing_is_no_outcome(sentence: str) -> None:
    content = _study(("Results", sentence))
    assert "recovery" not in {_local(m.concept) for m in content.outcomes}
    assert not content.findings


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Of the 12 included studies, five reported improvements in hope and seven found no significant change.",
     {("hope", "Mixed")}),
    ("Three trials found benefits for recovery, whereas two found no effect.", {("recovery", "Mixed")}),
])
def test_counted_studies_that_went_two_ways_make_a_mixed_result(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("heading", "expected"), [
    # headings of structured abstracts the table lacks: what was done is no result ...
    ("Exposures", set()),
    ("Evidence acquisition", set()),
    ("Data extraction and synthesis", set()),
    # ... and a review's synthesis of the evidence is
    ("Evidence synthesis", {("hope", "Positive")}),
])
def test_headings_of_structured_abstracts_say_where_results_stand(heading: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Objective", "To assess peer support."), (heading, "Peer support increased hope."))) \
        == expected


def test_barriers_and_facilitators_to_delivering_peer_support_are_its_implementation() -> None:
    content = _study(("Aim", "This paper explores the facilitators and barriers to delivering peer support "
                             "effectively."))
    assert "implementation" in {_local(m.concept) for m in content.outcomes}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("This pandemic has ubiquitously worsened the mental health of populations across the world.", set()),
    ("During the pandemic, peer support reduced loneliness.", {("loneliness", "Positive")}),
])
def test_a_change_an_event_brought_about_is_no_finding(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_as_did_says_the_same_change_again() -> None:
    assert _found(_study(("Results", "Quality of life improved, as did social functioning, whereas symptoms were "
                                     "unchanged."))) == {("quality-of-life", "Positive"),
                                                         ("social-functioning", "Positive"),
                                                         ("symptom-severity", "NoDifference")}


@pytest.mark.parametrize(("sentence", "expected"), [
    # a change a minority made is a result for some only, not a worsening
    ("Less than half of participants improved in hope.", {("hope", "Mixed")}),
    ("Only a few participants reported improved hope.", {("hope", "Mixed")}),
])
def test_a_change_a_minority_made_is_mixed(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected
