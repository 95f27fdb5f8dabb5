"""How results are reported, read as the annotation rules read them (tests/annotations/README.md, "findings"): the
subject of each clause, the evidence a review sums up, and results stated only as figures of the arms compared. The
sentences are written for these tests."""

from __future__ import annotations

import pytest

from tests.findings_support import found as _found
from tests.findings_support import study as _study


def _results(sentence: str) -> set[tuple[str, str]]:
    return _found(_study(("Results", sentence)))


@pytest.mark.parametrize(("sentence", "expected"), [
    # a concessive clause whose subject is an outcome of its own states that outcome's result
    ("Loneliness scores did not differ between arms, although self-esteem was higher in the mentored group.",
     {("loneliness", "NoDifference"), ("self-esteem", "Positive")}),
    ("No between-group difference was seen in self-esteem, although loneliness fell more in the befriending arm.",
     {("self-esteem", "NoDifference"), ("loneliness", "Positive")}),
    # one that opens without such a subject still qualifies the main clause
    ("Hope rose in the peer arm, although not at the final visit.",
     {("hope", "Positive"), ("hope", "NoDifference")}),
])
def test_a_concessive_clause_with_an_outcome_as_subject_states_its_own_result(
        sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("abstract", "expected"), [
    # past the review's introduction of itself, what the studies to date found is the review's result
    ("Befriending schemes are spreading. This scoping review maps the evidence on befriending for adults with "
     "psychosis. Studies to date have reported gains in self-esteem, while evidence on readmission is mixed.",
     {("self-esteem", "Positive"), ("hospitalisation", "Mixed")}),
    ("This narrative synthesis gathers trials of peer coaching. Research to date has shown less loneliness among "
     "coached adults.", {("loneliness", "Positive")}),
    # in a study of its own the same words are earlier work, and before a review introduces itself its background
    ("This pilot tested peer coaching on one ward. Research to date has shown less loneliness among coached "
     "adults. Hope rose after the pilot.", {("hope", "Positive")}),
    ("Research to date has shown less loneliness among coached adults. This narrative synthesis gathers trials of "
     "peer coaching.", set()),
])
def test_a_review_sums_up_the_evidence_to_date(abstract: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("", abstract))) == expected



@pytest.mark.parametrize(("sentence", "expected"), [
    # the peer arm's figure against the comparison arm's says which way, turned by the outcome's polarity
    ("By week ten, 14% of the befriended group scored above the cut-off for depression, against 31% in the control group.",
     {("symptom-severity", "Positive")}),
    ("Average self-esteem was 33.5 in the intervention group and 29.0 in the control group.",
     {("self-esteem", "Positive")}),
    ("Readmission occurred in 27% of the intervention group and 18% of the control group.",
     {("hospitalisation", "Negative")}),
    # a count in a parenthesis does not part a figure from its arm
    ("Loneliness was reported by 52.0% (n = 13) of the control group compared with 20.0% (n = 5) of the peer "
     "support group.", {("loneliness", "Positive")}),
    # figures before the support began are where the arms started
    ("Mean self-esteem before the intervention was 28.1 in the control group and 29.4 in the intervention group.",
     set()),
])
def test_a_result_stated_only_as_the_figures_of_the_arms(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # what the people had before the support began describes the sample, not a result
    ("Most carers had experienced stigma before joining the group.", set()),
    ("Before entering the programme, many mentees had experienced discrimination.", set()),
    ("Half the mentors had faced stigma prior to enrolment in the course.", set()),
    # a change from then on is one
    ("Loneliness fell from before joining the group to six months later.", {("loneliness", "Positive")}),
])
def test_the_people_as_they_were_before_the_support_are_no_result(
        sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a null from most studies beside an effect from some is mixed evidence, whichever way the clauses are joined
    ("Five trials showed no benefit for self-esteem, whereas two reported gains.", {("self-esteem", "Mixed")}),
    ("Most of the included studies found no change in loneliness, though one found a decrease.",
     {("loneliness", "Mixed")}),
    # within one trial, a few participants are no studies of their own
    ("Self-esteem did not differ between arms, although three mentees described gains.",
     {("self-esteem", "NoDifference")}),
])
def test_an_effect_found_by_only_some_studies_is_mixed(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # getting back what was lost is a change for the better
    ("Mentees talked about rebuilding their confidence.", {("self-efficacy", "Positive")}),
    ("Mentees talked about rebuilding social connections.", {("connectedness", "Positive")}),
    # giving rise to it is having it, as "gave" and "instilled" are
    ("Clients said the volunteers inspired hope.", {("hope", "Positive")}),
    ("Meeting the mentors restores hope, participants said.", {("hope", "Positive")}),
])
def test_verbs_of_getting_back_or_giving_rise_state_a_change(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a means judged to have worked is a claim of what it did, not a purpose
    ("Befriending proved a successful strategy to reduce loneliness.", {("loneliness", "Positive")}),
    ("Peer coaching is an effective approach to improve self-esteem.", {("self-esteem", "Positive")}),
    # a means named for what it is meant to do is a purpose still
    ("Mentors were trained in strategies to reduce loneliness.", set()),
])
def test_a_means_judged_to_have_worked_states_a_result(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the changes a later clause leaves out of its "only ... significant" fell short of significance
    ("Mentees gained in confidence, self-esteem and hope, but only the change in self-esteem was significant.",
     {("self-esteem", "Positive"), ("self-efficacy", "NoDifference"), ("hope", "NoDifference")}),
    ("Loneliness and depression both fell; only loneliness reached statistical significance.",
     {("loneliness", "Positive"), ("symptom-severity", "NoDifference")}),
    # a count after "only" speaks of studies or people, not of outcomes
    ("Loneliness and depression both fell, but only two trials reported significant effects.",
     {("loneliness", "Positive"), ("symptom-severity", "Positive")}),
])
def test_only_the_outcomes_named_as_significant_changed(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a bare singular noun before an -ing word modifies it: the outcome is the people's functioning, a result
    ("Client functioning improved more in the mentored arm than in usual care.", {("social-functioning", "Positive")}),
    ("The befriending group showed greater gains in resident functioning than the control group.",
     {("social-functioning", "Positive")}),
    # a participle after a whole noun phrase (plural, or with its determiner) still says who the people are
    ("Individuals seeking help reported less stigma after the sessions.", {("stigma", "Positive")}),
    ("A woman living with psychosis reported more hope after the sessions.", {("hope", "Positive")}),
])
def test_a_singular_noun_before_an_ing_word_names_whose_outcome_it_is(
        sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a share of studies followed by what those studies did describes the evidence, and hedges no result
    ("Peer mentoring reduced loneliness, with most trials testing weekly home visits.", {("loneliness", "Positive")}),
    ("Befriending improved hope, though the majority of studies were conducted in community settings.",
     {("hope", "Positive")}),
    # the share that found the result still makes it mixed, whatever it tested
    ("Most trials testing weekly home visits found less loneliness.", {("loneliness", "Mixed")}),
    ("A minority of studies reported gains in hope.", {("hope", "Mixed")}),
])
def test_a_share_of_studies_hedges_only_the_result_it_found(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the statistics of each measure in a bracket are one aside: the change after the bracket is not theirs
    ("Mentees gained more in overall functioning [resident functioning, F(1, 90) = 7.2, p = 0.004; family "
     "functioning, F(1, 90) = 5.9, p = 0.01] and reductions in length of readmissions over the two years.",
     {("social-functioning", "Positive"), ("social", "Positive"), ("hospitalisation", "Positive")}),
    ("The peer arm improved more in wellbeing (F(1, 60) = 4.8; p = 0.03) and reported less loneliness.",
     {("wellbeing", "Positive"), ("loneliness", "Positive")}),
    # a semicolon outside brackets still divides two results
    ("Hope improved in the peer arm; readmissions did not differ.",
     {("hope", "Positive"), ("hospitalisation", "NoDifference")}),
])
def test_a_semicolon_inside_brackets_divides_no_clauses(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a concessive with a result noun of its own as subject is a clause apart: the main clause's null still speaks
    # of the outcomes as a whole
    ("There were no significant differences between arms on any outcome measure, although a small difference was "
     "found in anxiety at follow-up.",
     {("self-esteem", "NoDifference"), ("hope", "NoDifference"), ("symptom-severity", "NoDifference")}),
    ("No significant between-group differences were found on the outcome measures, though a clinical difference was "
     "noted in anxiety.",
     {("self-esteem", "NoDifference"), ("hope", "NoDifference"), ("symptom-severity", "NoDifference")}),
])
def test_a_null_for_all_outcomes_holds_beside_a_concessive_result(sentence: str, expected: set[tuple[str, str]]) -> None:
    methods = "Self-esteem, hope and anxiety were measured at baseline and at six months."
    assert _found(_study(("Methods", methods), ("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the noun after a parenthesis is still the one the outcome words modify: a kind of programme, no result
    ("Peer workers were placed less often in crisis teams than in substance use (n = 14) programmes.", set()),
    ("Mentors were more common in recovery (k = 9) services than in inpatient wards.", set()),
    # a parenthesis after an outcome that a result is said of leaves it an outcome
    ("Substance use (n = 14) fell more in the mentored arm than in usual care.", {("substance-use", "Positive")}),
])
def test_outcome_words_before_an_aside_and_a_programme_noun_name_the_programme(
        sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _results(sentence) == expected
