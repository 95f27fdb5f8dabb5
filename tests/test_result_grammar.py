"""More principles of how results are reported, each read the same way on any abstract: a result said to be as
hypothesised is a result, a level word hyphened to a noun names a kind, "to a greater degree" grades the change
before it, and what people want is wished for, not found. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from tests.findings_support import found as _found
from tests.findings_support import study as _study


@pytest.mark.parametrize(("section", "sentence", "expected"), [
    # a result said to be as the hypothesis had it reports what was found, in a results section or none
    ("Results", "As hypothesized, mentees were less likely to be readmitted than controls.",
     {("hospitalisation", "Positive")}),
    ("", "Adults were randomised to peer mentoring or usual care. As hypothesised, loneliness fell more in the peer "
         "arm than in the control arm.", {("loneliness", "Positive")}),
    ("Results", "As we hypothesised, loneliness fell more in the peer arm than in the control arm.",
     {("loneliness", "Positive")}),
    # the hypothesis itself is no result
    ("", "It was hypothesized that peer mentoring would reduce loneliness.", set()),
    ("Results", "We hypothesized that peer mentoring would reduce loneliness.", set()),
])
def test_a_result_as_hypothesised_is_a_result(section: str, sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study((section, sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a word of level joined by a hyphen to the next word names a kind of thing, not a level or a risk
    ("Mentees reported reductions in high-risk drinking.", {("substance-use", "Positive")}),
    ("Loneliness fell among low-income mothers in the peer arm.", {("loneliness", "Positive")}),
    ("High-risk drinking was unchanged.", {("substance-use", "NoDifference")}),
    # a level said of the outcome still is one, and a hyphened grade of the evidence still grades it
    ("Mentees reported high levels of hope after the course.", {("hope", "Positive")}),
    ("Low-quality evidence suggested fewer readmissions with peer support.", {("hospitalisation", "Unclear")}),
    ("Drinking was high at follow-up.", {("substance-use", "Negative")}),
])
def test_a_level_hyphened_to_a_noun_names_a_kind(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # "to a greater degree" grades the change named before it, it is no rise of its own
    ("Mentees showed reductions in their daily alcohol use to a greater extent than controls.",
     {("substance-use", "Positive")}),
    ("Mentees reported reductions in drinking to a greater degree than students taught by staff.",
     {("substance-use", "Positive")}),
    # a rise said of the outcome is still one
    ("Mentees reported greater hope than controls.", {("hope", "Positive")}),
])
def test_a_degree_grades_the_change_before_it(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # what people want or are interested in is wished for, not found, to the end of its clause
    ("Members were most interested in services related to enhancing coping skills, enabling overall wellbeing, "
     "and accessing therapy.", set()),
    ("Mentees wanted groups that would build hope and reduce loneliness.", set()),
    # a result in the next clause still stands
    ("Members were interested in online groups, but loneliness decreased in all who attended.",
     {("loneliness", "Positive")}),
])
def test_what_people_want_is_no_result(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a change of a harm or an obstacle named before the outcome is the harm's: more of it is worse, less is better,
    # whichever way the outcome itself is better
    ("The peer arm showed more functional difficulties with employment and housing.",
     {("employment-education", "Negative"), ("social-inclusion", "Negative")}),
    ("Mentees reported fewer barriers to employment.", {("employment-education", "Positive")}),
    ("Mentees reported more problems with loneliness.", {("loneliness", "Negative")}),
    # denied or hedged, it is so too
    ("Mentees did not report more difficulties with employment.", {("employment-education", "NoDifference")}),
    ("Peer support may reduce difficulties with employment.", {("employment-education", "Unclear")}),
    # a change of the outcome itself, and an obstacle only said to exist, are read as before
    ("Employment increased among mentees.", {("employment-education", "Positive")}),
    ("Barriers to employment were described.", set()),
])
def test_a_change_of_a_harm_is_the_harms(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # an outcome that is the subject of a verb acting on an object is the cause, not what changed
    ("The training had no impact on loneliness.", {("loneliness", "NoDifference")}),
    ("The training increased the value staff gave to peer work.", set()),
    ("Training improved the confidence of staff in working with peers.", set()),
    # an outcome that changes itself takes no object, and an arm favoured is no object the outcome changed
    ("Hope increased in the peer arm.", {("hope", "Positive")}),
    ("Differences in empowerment favoured the peer arm.", {("empowerment", "Positive")}),
    ("Hope increased the most in the peer arm.", {("hope", "Positive")}),
])
def test_the_agent_of_a_change_is_not_what_changed(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the measures used say what was measured, not what changed
    ("Outcome measures were limited to measures of individual clinical improvement and recovery.", set()),
    ("The instruments used included scales of loneliness and hope.", set()),
    # a change said of the measures still is one
    ("Outcome measures were significantly improved for loneliness in the peer arm.", {("loneliness", "Positive")}),
    # a list of factors or influences names causes or conditions, not results
    ("Factors promoting successful implementation included adequate training and a supportive culture.", set()),
    ("Micro level influences pertain to relationships between peer workers and team members, and peer worker "
     "wellbeing.", set()),
    ("The following factors were identified as issues: relapse of symptoms and little knowledge of peer support.",
     set()),
    # factors that act on how peer support works are no list: the result in the sentence stands
    ("Contextual factors affect the mechanisms through which peer support can improve wellbeing.",
     {("wellbeing", "Unclear")}),
    # facilitators are often people
    ("The facilitators observed that the groups had reduced loneliness.", {("loneliness", "Positive")}),
])
def test_measures_and_factors_described_are_no_result(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # details after a summary of mixed results (", with ...") give an outcome the change they state for it
    ("Findings were mixed, with evidence supporting the groups for improving hope, and limited support for reduced "
     "readmissions.", {("hope", "Positive"), ("hospitalisation", "Mixed")}),
    ("Mentors reported both positive and negative experiences, with positive aspects mentioned more often, such as "
     "high self-esteem.", {("self-esteem", "Positive")}),
    # without a change of its own in the details, the outcome keeps the summary's mix
    ("Findings on hope were mixed, with some studies reporting no change.", {("hope", "Mixed")}),
    ("Results were mixed for loneliness and hope.", {("loneliness", "Mixed"), ("hope", "Mixed")}),
])
def test_details_after_a_mixed_summary_decide_their_outcomes(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # what a pilot says of the study to come is an implication for research, not a finding about peer support
    ("The high satisfaction with the groups suggests that a larger trial is feasible.", {("acceptability", "Positive")}),
    ("A definitive trial of peer mentoring is feasible.", set()),
    ("Results support the feasibility of a definitive trial.", set()),
    # the feasibility of the support itself is a finding
    ("The pilot demonstrated the feasibility of the intervention.", {("implementation", "Positive")}),
])
def test_the_feasibility_of_a_study_to_come_is_no_finding(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_an_effect_without_its_direction_in_a_trial_is_against_the_comparison_arm() -> None:
    content = _study(("Methods", "Adults were randomised to peer mentoring or usual care."),
                     ("Results", "Intention-to-treat analysis showed an effect on loneliness."))
    assert [(f.direction.rsplit("/", 1)[-1].rsplit("#", 1)[-1], f.comparator) for f in content.findings] == [
        ("Unclear", "usual care")]


@pytest.mark.parametrize(("sections", "expected"), [
    # a measure whose higher scores mean the concept's opposite pole turns the change of its scores
    ((("Results", "Scores on the General Health Questionnaire fell significantly more in the peer arm than in usual "
                  "care."),), {("clinical", "Positive")}),
    ((("Results", "Scores on the Beck Hopelessness Scale decreased significantly."),), {("hope", "Positive")}),
    ((("Results", "WHODAS scores increased significantly in the peer group."),), {("social-functioning", "Negative")}),
    # also by the abbreviation a text defines, with the measure's length after it
    ((("Methods", "Distress was measured with the Chinese Health Questionnaire-12 (CHQ-12)."),
      ("Results", "Among the 29 service users, their scores in the CHQ-12 decreased significantly.")),
     {("clinical", "Positive")}),
    # a measure scored as its concept is read as before
    ((("Results", "Scores on the Recovery Assessment Scale increased significantly."),), {("recovery", "Positive")}),
    ((("Results", "PHQ-9 scores decreased significantly."),), {("symptom-severity", "Positive")}),
])
def test_a_measure_scored_by_the_opposite_pole_turns_its_change(sections: tuple[tuple[str, str], ...],
                                                              expected: set[tuple[str, str]]) -> None:
    assert _found(_study(*sections)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # more use of services is a change without a direction; less of it is read as a good
    ("Having peer specialists on staff was associated with an increase in annual outpatient visits (P < .001).",
     {("service-use", "Unclear")}),
    ("Participants in the peer group made fewer emergency department visits than controls.",
     {("service-use", "Positive")}),
    # hospitalisation keeps its polarity
    ("Participants in the peer group had more hospital admissions than controls.", {("hospitalisation", "Negative")}),
])
def test_a_rise_in_service_use_has_no_direction(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the condition people were treated or diagnosed for says who they are, not what changed
    ("Among 12 046 patients treated for nonfatal opioid overdose, those treated in EDs with peer support were "
     "significantly more likely to initiate treatment than patients treated in comparison EDs.", set()),
    ("Adults diagnosed with depression who received peer support reported significantly less loneliness.",
     {("loneliness", "Positive")}),
    # the outcome itself, changed, is still read
    ("Substance use decreased significantly among patients treated in the peer arm.", {("substance-use", "Positive")}),
])
def test_the_condition_people_were_treated_for_describes_them(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_a_bound_or_a_margin_is_no_comparison_arm_and_names_no_outcome() -> None:
    content = _study(("Results", "The difference in the remission rate was 8.91%, with the lower boundary of the "
                                 "confidence interval larger than the prespecified −10% noninferiority margin."))
    assert {(f.outcome.rsplit("/", 1)[-1], f.comparator) for f in content.findings} == {("symptom-severity", "")}
    assert {m.concept.rsplit("/", 1)[-1] for m in content.outcomes} == {"symptom-severity"}
    # a norm compared with is no arm either; role boundaries are still role ambiguity
    burnout = _study(("Results", "Peer specialists reported higher burnout than national norms."))
    assert [f.comparator for f in burnout.findings] == [""]
    roles = _study(("Results", "Peer workers described unclear role boundaries."))
    assert {m.concept.rsplit("/", 1)[-1] for m in roles.outcomes} == {"role-ambiguity"}


@pytest.mark.parametrize(("sentence", "expected"), [
    # clinical and functional recovery are not personal recovery (tests/annotations/README.md, outcomes)
    ("Peer support is associated with positive effects on clinical and personal recovery.",
     {("clinical", "Positive"), ("recovery", "Positive")}),
    ("Participants reported improvements in functional recovery.", {("social-functioning", "Positive")}),
    ("Personal recovery improved significantly.", {("recovery", "Positive")}),
])
def test_clinical_and_functional_recovery_are_not_personal_recovery(sentence: str,
                                                                     expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a two-word label whose words changed places around a preposition names the same outcome
    ("Satisfaction with life increased over the study period.", {("wellbeing", "Positive")}),
    ("Adherence to medication improved in the peer group.", {("health-behaviour", "Positive")}),
    ("Integration into the community increased significantly.", {("social-inclusion", "Positive")}),
    # "used in" is a verb, not the noun of a label
    ("Participants felt the skills they used in healthcare were respected.", set()),
])
def test_a_label_whose_words_changed_places_names_its_outcome(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # an outcome word that is the subject of a verb whose object is another outcome is the cause, not what changed
    ("Self-management improved hope.", {("hope", "Positive")}),
    ("Self-management for people with severe mental disorders improved well-being and health-promoting lifestyles.",
     {("wellbeing", "Positive"), ("health-behaviour", "Positive")}),
    # an outcome that changes itself keeps its change, and a change said of one outcome is not the next one's
    ("Hope among participants improved.", {("hope", "Positive")}),
    ("Self-esteem increased and hope was unchanged.", {("self-esteem", "Positive"), ("hope", "NoDifference")}),
])
def test_an_outcome_that_acts_on_another_is_the_cause(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the population phrase ends where a verb of change opens the predicate
    ("Support for people with depression improved wellbeing.", {("wellbeing", "Positive")}),
    # a changed state after "with" still describes the people
    ("People with improved wellbeing stayed in the programme longer.", set()),
])
def test_a_verb_of_change_ends_the_population_phrase(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a negated verb of showing denies the whole that-clause of the proposition it names, however long
    ("Study results therefore do not support the hypothesis that participation in an unmoderated, unstructured "
     "Internet listserv or bulletin board peer support group for individuals with psychiatric disabilities enhances "
     "well-being.", {("wellbeing", "NoDifference")}),
    ("We did not find that peer support, delivered weekly by trained volunteers over six months, reduced "
     "loneliness.", {("loneliness", "NoDifference")}),
    # a terminator ends the denied clause
    ("The results do not support the idea that peer support reduces stigma, but hope improved.",
     {("stigma", "NoDifference"), ("hope", "Positive")}),
])
def test_a_denied_proposition_denies_its_whole_clause(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_an_arm_the_study_says_it_lacked_is_no_comparator() -> None:
    content = _study(("Methods", "A longitudinal study without control group followed 262 adults."),
                     ("Results", "Wellbeing improved significantly. Due to the lack of a control group, we are unable "
                                 "to attribute those changes to the intervention only."))
    assert {(f.outcome.rsplit("/", 1)[-1], f.comparator) for f in content.findings} == {("wellbeing", "")}
    controlled = _study(("Methods", "Adults were randomised to peer support or a control group."),
                        ("Results", "Wellbeing improved significantly."))
    assert {(f.outcome.rsplit("/", 1)[-1], f.comparator) for f in controlled.findings} == {("wellbeing", "control group")}


@pytest.mark.parametrize(("sentence", "expected"), [
    # a result that held only some of the time is mixed
    ("Peer support did not consistently reduce symptoms.", {("symptom-severity", "Mixed")}),
    ("The findings suggest that sharing lived experience does not always result in relationships that service users "
     "find helpful.", {("acceptability", "Mixed")}),
    # a difficulty said to hold sometimes is no result
    ("Remote alternatives to face-to-face delivery are not always straightforward to implement for peer workers.",
     set()),
])
def test_a_result_that_held_only_sometimes_is_mixed(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a need the findings point to is advice, not a result
    ("Findings underscore the need for organizational changes to address burnout and low pay to better support "
     "peer workers' well-being.", set()),
    # a need the support changed is a result
    ("Peer support reduced the need for hospital admission.", {("hospitalisation", "Positive")}),
])
def test_a_need_the_findings_point_to_is_no_result(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # people compared with people by age is no result of peer support, even when the sentence opens with "compared"
    ("Compared to younger veterans, those aged 32-57 years were less likely to drop out by 6 weeks.", set()),
    # a comparison with the arm that had no peer support is
    ("Compared to the control group, participants receiving peer support were less likely to drop out.",
     {("engagement", "Positive")}),
])
def test_people_compared_by_age_is_no_result(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # what peer support provides is there for the people supported, as what it gives or instils is
    ("The study suggests that online peer support plays a critical role in providing social connection for rural "
     "carers.", {("connectedness", "Positive")}),
    # hedged, it is a possibility
    ("All groups described how consumer peer workers may provide hope and connection.",
     {("hope", "Unclear"), ("connectedness", "Unclear")}),
    # a service named by an outcome word is what was provided, not the outcome
    ("The majority of programs provided general recovery support and assisted with naloxone distribution.", set()),
])
def test_what_peer_support_provides_is_present(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a longer or shorter time is a rise or a fall of what lasted
    ("Those who received peer outreach demonstrated longer engagement in treatment than their counterparts.",
     {("engagement", "Positive")}),
    ("Peer support was associated with shorter hospital stays.", {("hospitalisation", "Positive")}),
    ("Length of hospital stay was longer in the peer group.", {("hospitalisation", "Negative")}),
])
def test_a_longer_or_shorter_time_is_a_change(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # what people no longer report or meet is what fell, even behind a verb of presence
    ("Participants no longer reported loneliness.", {("loneliness", "Positive")}),
    ("At follow-up, 40% no longer met criteria for depression.", {("symptom-severity", "Positive")}),
    # an effect no longer significant is no difference
    ("The effect on hope was no longer significant at 12 months.", {("hope", "NoDifference")}),
    # a presence without the change is still a presence
    ("Participants reported loneliness.", {("loneliness", "Negative")}),
])
def test_what_is_no_longer_there_fell(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # odds, like rates and risks, are a measure through which a change reaches the outcome
    ("Peer support was associated with higher odds of treatment engagement.", {("engagement", "Positive")}),
    ("Peer support increased the odds of treatment engagement.", {("engagement", "Positive")}),
    ("Peer support was associated with lower odds of readmission.", {("hospitalisation", "Positive")}),
])
def test_odds_measure_a_change(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a lack of differences between the groups, and stability over time, are no difference
    ("Training did not seem to affect the relationship, as indicated by the lack of differences between the two "
     "groups on empowerment.", {("empowerment", "NoDifference")}),
    ("The analysis indicated stability over the study period in community functioning and rates of hospitalization.",
     {("social-functioning", "NoDifference"), ("hospitalisation", "NoDifference")}),
    # stability that was improved is what rose
    ("Peer support improved stability in housing.", {("social-inclusion", "Positive")}),
])
def test_a_lack_of_differences_and_stability_are_no_difference(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sections", "expected"), [
    # an association whose subject is the intervention, named by the abbreviation the abstract defines for it, is a
    # result about peer support
    ((("Background", "We studied the Opioid Overdose Recovery Program (OORP), a peer recovery support service."),
      ("Results", "OORP participation was also associated with lower risk of acute care utilization.")),
     {("service-use", "Positive")}),
    ((("Background", "We studied Peer Support Specialists (PSS) in emergency departments."),
      ("Results", "PSS was consistently associated with higher odds of treatment engagement.")),
     {("engagement", "Positive")}),
    # an abbreviation that is no subject of the association, or one hyphened to it as an adjective, makes none
    ((("Background", "We surveyed Peer Recovery Support Specialists (PRSS)."),
      ("Results", "Having to complete extra tasks outside of PRSS responsibilities and low job satisfaction "
                  "significantly predicted burnout.")),
     set()),
    ((("Background", "Veterans attended a peer support program (PSP)."),
      ("Results", "The model identifies improved functioning as the outcome of PSP-mediated recovery.")),
     set()),
    # a hypothesis in the present tense is no result
    ((("Background", "Mutual help programs (MHPs) serve people with mental illness."),
      ("Results", "We hypothesize social support to be a key ingredient of MHPs benefits.")),
     set()),
])
def test_an_association_of_the_intervention_named_by_its_abbreviation(
        sections: tuple[tuple[str, str], ...], expected: set[tuple[str, str]]) -> None:
    assert _found(_study(*sections)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the meaning people found in a role or a work, said by its adjective, is meaning, and found
    ("However, the peer support role was perceived as deeply meaningful.", {("meaning", "Positive")}),
    ("They perceived rendering peer support as meaningful engagement.", {("meaning", "Positive")}),
    ("Peer workers found their work meaningful.", {("meaning", "Positive")}),
    # "meaningful" said of the support's value or of a size of effect is not
    ("Participants perceived peer support as a meaningful source of support.", set()),
    ("There were no meaningful differences in hope.", {("hope", "NoDifference")}),
])
def test_meaning_found_in_a_role_is_meaning(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # those who had none of the support are the comparison arm
    ("Total service costs were significantly lower for respite users compared with non-users.", {("cost", "Positive")}),
    # people compared by how much of it they had are kinds of people, not arms
    ("Hope improved more among completers than non-completers.", set()),
    ("Frequent attenders reported less loneliness than low attenders.", set()),
])
def test_those_who_had_none_of_the_support_are_an_arm(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the groups compared before the intervention describe the sample
    ("There were no significant differences between groups in the pre-intervention phase in family functioning.",
     set()),
    # a change from that phase is a result
    ("Family functioning improved from the pre-intervention phase to follow-up.", {("social", "Positive")}),
])
def test_the_groups_before_the_intervention_are_the_sample(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a verb of having has every item of the short list it opens
    ("The groups created a safe space, providing a sense of belonging and hope.",
     {("connectedness", "Positive"), ("hope", "Positive")}),
    ("Mentors provided hope.", {("hope", "Positive")}),
    # a list after a change of its own is that change's
    ("The groups provided a safe space, and loneliness fell.", {("loneliness", "Positive")}),
])
def test_a_verb_of_having_has_the_list_it_opens(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a noun of harm right after an outcome where more is better names its opposite
    ("Participants reported fewer social adjustment difficulties after the groups.",
     {("social-functioning", "Positive")}),
    ("Mentees reported more employment problems than controls.", {("employment-education", "Negative")}),
    # after an outcome where less is better it names the same harm
    ("Anxiety problems decreased.", {("symptom-severity", "Positive")}),
])
def test_a_harm_in_an_outcomes_domain_is_its_opposite(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the participants described with their count, compared with the population, are the sample
    ("The 75 participants were mostly female, with lower levels of overall wellbeing than the general population.",
     set()),
    # a suicide that bereaved them names who they are
    ("These findings underline the enduring mental health challenges for those bereaved by suicide.", set()),
    # wellness is wellbeing; a plan named after it is the intervention
    ("Recipients of peer support services experienced increased wellness.", {("wellbeing", "Positive")}),
    ("Participants completed Wellness Recovery Action Planning.", set()),
])
def test_who_took_part_is_no_result(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # relief from a harm is less of it
    ("The groups were perceived to offer relief from feelings of isolation.", {("loneliness", "Positive")}),
    ("Peer support relieved loneliness.", {("loneliness", "Positive")}),
    # the experience of the support judged as a whole is its acceptability
    ("The experience of the groups was positive.", {("acceptability", "Positive")}),
    ("Findings suggest the experience was a positive one.", {("acceptability", "Positive")}),
    ("The experience of stigma was common.", set()),
    # a savings and a judgement of the economics are the cost's
    ("The outcomes demonstrate an average cost saving of 6,672 euro per worker.", {("cost", "Positive")}),
    ("The programme proves economically advantageous for hospitals.", {("cost", "Positive")}),
    ("There were no cost savings.", {("cost", "NoDifference")}),
    # the stress of a role is the work's
    ("Identified challenges included role-related stress.", {("burnout", "Negative")}),
])
def test_relief_experience_savings_and_the_stress_of_a_role(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # what people say they need is wished for, not found
    ("Peer navigators discussed needs for high-quality supervision and organizational support.", set()),
    ("Unmet needs decreased and hope improved.", {("hope", "Positive")}),
    # a need a change is said of is the outcome
    ("Members reported a decreased need for emergency help.", {("service-use", "Positive")}),
    # what something is said to be essential for is a condition of success, and themes a sentence highlights are
    # listed, not found
    ("Staff emphasised supervision of peer workers as essential for successful programmes, highlighting three "
     "themes: defining supervisory roles and envisioning role clarity.", set()),
    ("The first focuses on the influence of peers on meetings, while the third details the perceived impact of peer "
     "practitioners on team and organisational culture.", set()),
])
def test_needs_are_wished_for_and_highlighted_themes_are_listed(sentence: str,
                                                               expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # what a relative clause right after the outcome says of it decides over the having before it
    ("Participants experienced isolation, which the forums helped to address.", {("loneliness", "Positive")}),
    ("Participants reported loneliness, which increased over time.", {("loneliness", "Negative")}),
    # a clause that says nothing of a change leaves the having
    ("Participants experienced loneliness that was common.", {("loneliness", "Negative")}),
])
def test_a_relative_clause_after_the_outcome_says_what_became_of_it(sentence: str,
                                                                   expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # "whether as X or as Y" names who, not a question
    ("Those who use peer support, whether as facilitators or as members, state that it improved social integration.",
     {("social-inclusion", "Positive")}),
    # "whether" that asks stays a question
    ("We examined whether peer support improved social integration.", set()),
])
def test_whether_as_names_alternatives_not_a_question(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # what the authors hope to show is wished for, and what a step is toward is its aim
    ("We are hoping to show how peer specialists can improve health outcomes.", set()),
    ("Integration is an essential step toward improving the continuity of care.", set()),
    # a goal, as an aim, is what was meant
    ("The project's goal was to enhance rural veterans' engagement with telehealth.", set()),
    # what something contributed toward is a result
    ("Peer support contributed towards reducing loneliness.", {("loneliness", "Positive")}),
])
def test_hopes_and_steps_toward_are_aims(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("abstract", "expected"), [
    # a sentence that says how the study was done introduces it, named or not: what comes before it is background
    ("Suicide can have a significant impact on the bereaved. Semi-structured interviews were conducted with 12 adults "
     "attending peer support groups. Mechanisms of the groups included connection and belongingness.", set()),
    ("Hearing voices groups have provided a space to share experiences for forty years. Staff (N=49) and members "
     "(N=26) took part in a mixed-methods survey. Members expressed enthusiasm for the groups, recognising their role "
     "in fostering peer connection.", {("acceptability", "Positive"), ("connectedness", "Positive")}),
    # an abstract that never says how it was done keeps its opening as results
    ("Peer support reduced loneliness among the mothers.", {("loneliness", "Positive")}),
])
def test_a_sentence_of_method_ends_the_background(abstract: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("", abstract))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # what people said they doubted is what they said, not the study's question
    ("Members expressed enthusiasm for the groups, recognising their role in fostering peer connection, though "
     "members questioned whether NHS-run groups could uphold the ethos.",
     {("acceptability", "Positive"), ("connectedness", "Positive")}),
    # the study's own question is still an aim
    ("We examined whether the groups fostered peer connection.", set()),
])
def test_a_doubt_people_voiced_is_no_question_of_the_study(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a verb of bringing about or offering gives what comes right after it; going well is favourable
    ("Through shared stories, new possibilities and hope were created.", {("hope", "Positive")}),
    ("The group offered mutual acceptance and social inclusion.", {("social-inclusion", "Positive")}),
    ("The data suggest that peer specialist implementation is going well overall.", {("implementation", "Positive")}),
    # a word of degree right after a verb of having is what is said of the outcome
    ("Respondents felt peer support helped, particularly in feeling less alone.", {("loneliness", "Positive")}),
    ("Participants reported more hope after the course.", {("hope", "Positive")}),
    # the having alone still says the harm is there
    ("Peer workers experienced burnout.", {("burnout", "Negative")}),
])
def test_bringing_about_offering_and_a_degree_after_having(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # two groups said both ways are the alternatives compared, not a denial: their likeness is no difference
    ("Workers at sites that did and didn't receive the programme had similar mental well-being.",
     {("wellbeing", "NoDifference")}),
    ("Mothers with or without a peer mentor reported similar hope.", {("hope", "NoDifference")}),
    # a negation of the change itself still denies it
    ("Hope did not improve.", {("hope", "NoDifference")}),
])
def test_two_groups_said_both_ways_are_compared_not_denied(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the experience people report of the support, judged, is its acceptability
    ("Most workers engaged in the programme reported overall very positive experiences.",
     {("acceptability", "Positive")}),
    ("The vast majority (81.4%) reported a 'good' or 'very good' peer support experience.",
     {("acceptability", "Positive")}),
    ("Members were satisfied with the clubhouse.", {("acceptability", "Positive")}),
    ("Scores on all satisfaction scales increased with more frequent use.", {("acceptability", "Positive")}),
    # people compared by their experiences are no judgement of the support; feeling helpless is no unhelpfulness
    ("Those who reported more positive experiences also reported higher hope than others.", {("hope", "Positive")}),
    ("Sites had similar levels of moral distress, or feeling helpless in their work.",
     {("symptom-severity", "NoDifference")}),
])
def test_an_experience_reported_good_is_acceptability(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # norms and attitudes about a harm name a topic, not the harm
    ("Training improved the peer leaders' adaptive norms regarding suicide, their connectedness to adults, and their "
     "school engagement, with the largest gains for those entering with the least adaptive norms.",
     {("connectedness", "Positive"), ("employment-education", "Positive")}),
    ("Views on care seeking improved after the course.", {("help-seeking", "Positive")}),
    ("Peer support brought improvements such as starting a job.", {("employment-education", "Positive")}),
    ("The intervention improved coping abilities.", {("self-efficacy", "Positive")}),
    ("The intervention improved adaptive coping.", {("resilience", "Positive")}),
    # keeping participants in a study is their engagement, no workforce retention
    ("The follow-up retention rate improved to 72% in the second year.", {("engagement", "Positive")}),
    # an acronym before a capitalised label at the start of a sentence makes it a name
    ("SMART Recovery mutual-help groups improved engagement in treatment.", {("engagement", "Positive")}),
])
def test_topics_names_and_words_of_other_outcomes(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the support valued, or met with enthusiasm, is acceptable to those who value it
    ("Peer support was valued by those involved.", {("acceptability", "Positive")}),
    ("Both staff and members expressed enthusiasm for the groups.", {("acceptability", "Positive")}),
    ("Carers said the programme was a valuable resource.", {("acceptability", "Positive")}),
    # valuing the people who give it is no judgement of the support, nor is a value held within a model
    ("Mental health workers valued peer support workers in their teams.", set()),
    ("Peer workers are highly valued in the service transformation process.", set()),
])
def test_the_support_valued_is_acceptable(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("text", "outcome"), [
    # taking a service up and staying with it, as the definition of engagement has it; the treatment gap is its
    # opposite
    ("The intervention aims to close the treatment gap for common mental disorders.", "engagement"),
    ("The follow-up retention rate was 72%.", "engagement"),
    ("Take-up of the service was low among fathers.", "engagement"),
])
def test_taking_up_and_staying_with_care_is_engagement(text: str, outcome: str) -> None:
    assert outcome in {str(m.concept).rsplit("/", 1)[-1] for m in _study(("", text)).outcomes}


@pytest.mark.parametrize(("text", "outcome"), [
    # knowing about treatment and where help is, and recognising the signs of illness, are mental health literacy
    ("Members shared information about treatment and medication.", "mental-health-literacy"),
    ("Participants learned the warning signs of relapse.", "mental-health-literacy"),
    # their own mental health is the peer workers' wellbeing
    ("We compared mental health recovery and quality of life among peer specialists.", "peer-worker-wellbeing"),
    # coming back into community life is social inclusion, and homelessness its opposite
    ("The training aimed to support veteran reintegration.", "social-inclusion"),
    ("Homelessness fell among guests of the respite.", "social-inclusion"),
    # markers of the body a trial measures are physical health
    ("Viral suppression was similar in both arms.", "physical-health"),
    ("Glycaemic control improved among the mentored adults.", "physical-health"),
])
def test_outcomes_read_by_what_their_definitions_name(text: str, outcome: str) -> None:
    assert outcome in {str(m.concept).rsplit("/", 1)[-1] for m in _study(("", text)).outcomes}


@pytest.mark.parametrize(("sentence", "expected"), [
    # a change located in an outcome without its direction is Unclear
    ("The largest changes were in self-efficacy and empowerment.",
     {("self-efficacy", "Unclear"), ("empowerment", "Unclear")}),
    # complicating or eroding something makes it worse; under a modal hedge the result is Unclear
    ("Stigma complicated their recovery.", {("recovery", "Negative")}),
    ("The informal nature of support may complicate recovery.", {("recovery", "Unclear")}),
    # something said to be a cause or a source of something brings it about; the causes of a thing name none
    ("Reading posts was a cause of distress for users.", {("symptom-severity", "Negative")}),
    ("The groups were a source of hope.", {("hope", "Positive")}),
    ("The sources of distress were not explored.", set()),
])
def test_changes_located_complications_and_causes(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # "not all" and "not every" say the change held for some and not for others: mixed, not denied
    ("Not all groups significantly improved their loneliness scores.", {("loneliness", "Mixed")}),
    ("Not every participant reported less loneliness.", {("loneliness", "Mixed")}),
    ("Peer support did not always reduce readmissions.", {("hospitalisation", "Mixed")}),
    # "positive results" judge the result, whichever way the outcome is better
    ("Mentoring produced more positive results for anxiety and stress.", {("symptom-severity", "Positive")}),
    ("Peer learning had positive findings for depression.", {("symptom-severity", "Positive")}),
    # an effect size printed without its sign says nothing of which way: the words do
    ("The intervention was associated with decreased depressive symptoms (d = 0.30, p = .003) compared with the "
     "control group.", {("symptom-severity", "Positive")}),
])
def test_some_but_not_all_judged_results_and_unsigned_effects(sentence: str,
                                                                expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_a_null_that_names_its_measure_is_not_said_of_every_outcome() -> None:
    # the null names what it is about, though no label of the schemes names it: quality of life keeps its own result
    study = _study(("Results", "The intervention was associated with an increase in quality of life (p = .008). No "
                               "statistically significant difference was found between the groups in the presence of "
                               "psychiatric diagnoses."))
    assert _found(study) == {("quality-of-life", "Positive")}
    # said of the outcomes as a whole, it still decides the outcomes no result sentence decides
    study = _study(("Methods", "Outcomes were hope and loneliness."),
                   ("Results", "There were no significant differences between the groups on any outcome."))
    assert _found(study) == {("hope", "NoDifference"), ("loneliness", "NoDifference")}


@pytest.mark.parametrize(("sentence", "expected"), [
    # knowledge the people supported gain is mental health literacy, as its definition has it
    ("Participants reported increased knowledge and reduced anxiety.",
     {("mental-health-literacy", "Positive"), ("symptom-severity", "Positive")}),
    ("They learned more about mental health issues from the forums.", {("mental-health-literacy", "Positive")}),
    # the knowledge of research, a kind of training and knowledge of something else are not
    ("To our knowledge, this is the first trial to show improved outcomes.", set()),
    ("More knowledge-based training was offered in the second year.", set()),
    ("Knowledge of peer support was low.", set()),
])
def test_knowledge_gained_is_mental_health_literacy(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("text", "named"), [
    # the skills, knowledge and competence of peer workers, changed, are their competence as its definition has it
    ("The competencies of peer mentors improved after the course.", True),
    ("Peer specialists developed new skills over the year.", True),
    ("Peer workers' skills increased.", True),
    # skills only had, or the skills of others, are not
    ("Peer workers have the skills to do this.", False),
    ("Clinicians' skills improved.", False),
])
def test_abilities_of_peer_workers_are_their_competence(text: str, named: bool) -> None:
    outcomes = {str(m.concept).rsplit("/", 1)[-1] for m in _study(("", text)).outcomes}
    assert ("peer-worker-competence" in outcomes) == named


@pytest.mark.parametrize(("sentence", "expected"), [
    # a "however" set between commas after a short subject is an aside inside one clause, not a new clause
    ("Not all interventions, however, significantly improved the loneliness score.", {("loneliness", "Mixed")}),
    # after an outcome it still divides two results
    ("Hope improved, however, loneliness did not change.", {("hope", "Positive"), ("loneliness", "NoDifference")}),
    # a potential to change an outcome is hedged, as the annotation rules read it
    ("Peer support has the potential to improve recovery.", {("recovery", "Unclear")}),
    # ways to change it are still a purpose
    ("The findings show ways to improve recovery.", set()),
])
def test_asides_and_potentials(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a negated verb of having or making an effect denies the effect and what it is on
    ("Overall, the intervention did not have a significant impact on reducing maternal depression.",
     {("symptom-severity", "NoDifference")}),
    ("Peer support did not have the expected effect on hope.", {("hope", "NoDifference")}),
    # having something else is no effect denied: the change after it stands
    ("Participants who did not have a peer mentor at first reported less depression at follow-up.",
     {("symptom-severity", "Positive")}),
    # contributing is bringing about, as leading to is
    ("Peer support did not contribute to a reduction in depression.", {("symptom-severity", "NoDifference")}),
    ("There was no indication that peer support reduced depression.", {("symptom-severity", "NoDifference")}),
    # a predicate that judges the satisfaction decides it, not the words that name it
    ("Satisfaction with the service was low.", {("acceptability", "Negative")}),
    ("Satisfaction with the groups was high.", {("acceptability", "Positive")}),
    ("Peer support adversely affected wellbeing.", {("wellbeing", "Negative")}),
    # a promise for an outcome is hedged, as the annotation rules say; promise shown through a change is that change
    ("Peer support showed promise for reducing depression.", {("symptom-severity", "Unclear")}),
    ("The intervention demonstrated considerable promise through positively impacting health care utilization.",
     {("service-use", "Positive")}),
    # after a comma the next outcome opens a clause of its own, and is no object of the verb before it
    ("Hope increased, loneliness decreased.", {("hope", "Positive"), ("loneliness", "Positive")}),
    ("Self-management improved well-being.", {("wellbeing", "Positive")}),
])
def test_denied_effects_judged_satisfaction_and_promises(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sections", "expected"), [
    # a baseline the analysis adjusted for leaves the sentence about what changed
    ((("Results", "Greater intervention exposure was associated with higher social support and lower depressive "
                  "symptomatology at follow-up, even after controlling for baseline adherence."),),
     {("social", "Positive"), ("symptom-severity", "Positive")}),
    # what was adjusted for is no result of its own, up to the comma that ends it
    ((("Results", "Hope improved significantly after adjusting for baseline depression."),), {("hope", "Positive")}),
    ((("Results", "After controlling for age, hope improved significantly."),), {("hope", "Positive")}),
    # the groups at baseline are still no result
    ((("Results", "Depression was higher in the intervention group at baseline."),), set()),
    # a sentence that says what was calculated reports nothing, in an abstract without headings too
    ((("", "This pilot tested a peer-delivered programme in rural Malawi. Pre-post change in depression scores and "
            "retention rates were calculated. Depression scores fell by 7.6 points."),),
     {("symptom-severity", "Positive")}),
])
def test_covariates_and_calculations(sections: tuple[tuple[str, str], ...], expected: set[tuple[str, str]]) -> None:
    assert _found(_study(*sections)) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # being unable to bring a change about denies it, as failing to does; being unable to do something is no finding
    ("Peer support was unable to reduce depression.", {("symptom-severity", "NoDifference")}),
    ("Participants were unable to work.", set()),
    # a difference denied is no difference; one made, with no way given, is an effect of unknown direction
    ("Peer support did not make a significant difference to depression.", {("symptom-severity", "NoDifference")}),
    ("Peer support made a significant difference to depression.", {("symptom-severity", "Unclear")}),
    # a change alike in the groups compared is no difference between them
    ("Hope improved equally in both groups.", {("hope", "NoDifference")}),
    # results called inconsistent or variable are mixed, the subject of the predicate however far before it
    ("Findings on quality of life were inconsistent.", {("quality-of-life", "Mixed")}),
    ("Peer support had variable effects on recovery.", {("recovery", "Mixed")}),
    # a promise of a change is a hedged claim of it, not a purpose
    ("Peer support is a promising approach to improve recovery.", {("recovery", "Unclear")}),
    ("Peer support shows promise to improve recovery.", {("recovery", "Unclear")}),
    # an effective strategy to reduce something still claims the reduction
    ("Peer support is an effective strategy to reduce depression.", {("symptom-severity", "Positive")}),
])
def test_inability_alike_changes_variable_results_and_promised_means(sentence: str,
                                                                     expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # retention said of the people supported, or of what they stay with, is their staying in care
    ("Retention in the patient group was high (87%).", {("engagement", "Positive")}),
    ("Retention on the board was high among users.", {("engagement", "Positive")}),
    # said of the workers, it stays their own
    ("Retention of peer support workers improved.", {("peer-worker-wellbeing", "Positive")}),
])
def test_retention_is_of_those_it_is_said_of(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # the having of people who are counted is what the count's change is said of
    ("Fewer participants reported loneliness at follow-up.", {("loneliness", "Positive")}),
    ("The number of providers who experienced psychological distress (42% to 33%; p = 0.02) decreased between "
     "surveys.", {("symptom-severity", "Positive")}),
    ("The proportion of participants who reported loneliness fell from 40% to 25%.", {("loneliness", "Positive")}),
    ("The percentage of mothers with depressive symptoms decreased significantly.", {("symptom-severity", "Positive")}),
    # a verb of having said of the people supported still says the outcome is there
    ("Participants experienced less loneliness.", {("loneliness", "Positive")}),
])
def test_a_change_in_the_count_of_people_who_have_an_outcome(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a null before a coordinator does not reach an outcome with its own change after it
    ("Participants had unchanged depression scores and improved quality of life.",
     {("symptom-severity", "NoDifference"), ("quality-of-life", "Positive")}),
    # nor a null after it, as before
    ("Self-stigma was reduced, and self-esteem did not change.",
     {("self-stigma", "Positive"), ("self-esteem", "NoDifference")}),
    # a significant effect named by its kind is an effect without a direction, and "but not" denies it
    ("Findings revealed statistically significant group intervention effects for symptoms and hope, but not for "
     "recovery.", {("symptom-severity", "Unclear"), ("hope", "Unclear"), ("recovery", "NoDifference")}),
    ("Neither symptomology nor hopelessness differed by service condition.",
     {("symptom-severity", "NoDifference"), ("hope", "NoDifference")}),
])
def test_nulls_and_effects_reach_only_their_own_outcomes(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a noun of change in a label is the cue of every outcome coordinated with it
    ("Analyses showed significant improvements in recovery and self-efficacy.",
     {("recovery", "Positive"), ("self-efficacy", "Positive")}),
    # a judgement asserted by the predicate of its clause
    ("The feasibility and acceptability of the programs were shown.",
     {("implementation", "Positive"), ("acceptability", "Positive")}),
    # who helped is no judgement
    ("Implementation was supported by the managers.", set()),
])
def test_changes_and_judgements_said_of_every_outcome_they_reach(sentence: str,
                                                                 expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected
