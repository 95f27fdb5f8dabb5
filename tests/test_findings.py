"""Reading findings that generalise: hedges, inverse wordings, two results of one outcome, paraphrases,
outcomes after "for", and whom a finding is about; per sentence and on a built store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.build import BuildSettings, build
from kg.extract import extract_study
from kg.extract.text import sentences
from kg.records import AbstractSection, Work
from kg.store import open_read_only
from tests.conftest import run_query
from tests.findings_support import found as _found
from tests.findings_support import local as _local
from tests.findings_support import study as _study


@pytest.mark.parametrize(("sentence", "expected"), [
    # a modal hedge before "no difference" leaves the result open, as does evidence called uncertain
    ("Peer support may be equivalent to usual care for hope.", {("hope", "Unclear")}),
    ("Evidence on loneliness was inconclusive.", {("loneliness", "Unclear")}),
    ("It is very uncertain whether peer support improves recovery.", {("recovery", "Unclear")}),
    # wordings that name an outcome's opposite turn a rise or fall round
    ("Peer support reduced hopelessness.", {("hope", "Positive")}),
    ("Participants felt less powerless after the course.", {("empowerment", "Positive")}),
    ("Role clarity increased among peer workers.", {("role-ambiguity", "Positive")}),
    ("Participants reported less pain than controls.", {("physical-health", "Positive")}),
    ("The peer arm had higher rates of remission.", {("symptom-severity", "Positive")}),
    # one outcome, two results in two clauses
    ("Depressive symptoms were significantly lower at 3 months, although not at 6 months.",
     {("symptom-severity", "Positive"), ("symptom-severity", "NoDifference")}),
    # the same result qualified stays one finding
    ("There was a positive effect on hope, but without statistical significance.", {("hope", "NoDifference")}),
    # acceptability said with a verb or an adjective
    ("Most mothers found the peer sessions helpful.", {("acceptability", "Positive")}),
    ("Peer support was welcomed by nine in ten caregivers.", {("acceptability", "Positive")}),
    # an outcome after "for" with a change word between is what changed, not whom the service is for
    ("Evidence supported consumer-provided services for improving engagement.", {("engagement", "Positive")}),
    ("Peer support makes a strong contribution to destigmatising psychosis.", {("stigma", "Positive")}),
    # a significant result given per arm, in either order, read against the comparison arm
    ("Readmission rates were 12% in the peer group and 25% in usual care (p = 0.03).",
     {("hospitalisation", "Positive")}),
    ("Hope scores were 3.4 among controls versus 4.1 among those receiving peer support (p < .01).",
     {("hope", "Positive")}),
    ("Readmission rates were 12% in the peer group and 15% in usual care (p = 0.43).",
     {("hospitalisation", "NoDifference")}),
    # "outcomes were" reports results; it does not make the sentence a list of themes
    ("Cross-study synthesis revealed high acceptability and feasibility, but cost outcomes were underreported.",
     {("acceptability", "Positive"), ("implementation", "Positive")}),
    # a cue that heads a list of themes says what each item is
    ("Thematic analysis identified several benefits for mentees; including hope and reconnection with others.",
     {("hope", "Positive"), ("connectedness", "Positive")}),
    # in a list of themes a cue governs the outcomes listed right after it
    ("Four themes were identified, showing how the course impacted the recovery and well-being of participants.",
     {("recovery", "Unclear"), ("wellbeing", "Unclear")}),
    # a cue after a list of themes that names what they are: "X, Y and Z as challenges"; a challenge is a harm to
    # the people's own state (burnout), while one in the workplace (role ambiguity) is only said to exist
    ("A thematic analysis identified: 'Role ambiguity' and 'Emotional labour' as challenges experienced by "
     "peer supporters.", {("burnout", "Negative")}),
    ("The feasibility and acceptability of the intervention was demonstrated.",
     {("implementation", "Positive"), ("acceptability", "Positive")}),
    # peer support associated with an outcome, no direction said: Unclear; two outcomes associated: nothing
    ("Receiving peer support was associated with personal recovery.", {("recovery", "Unclear")}),
    ("Loneliness was associated with depression.", set()),
    # an association between measures of the job is no finding about peer support
    ("Job control was associated with less emotional exhaustion.", set()),
    # "no" reaches its noun past modifiers; a null said of the groups reaches back
    ("At 12 months, there were no significant between-group differences in depressive symptoms or quality of life.",
     {("symptom-severity", "NoDifference"), ("quality-of-life", "NoDifference")}),
    ("Recovery scores improved in both groups, with no significant difference between them.",
     {("recovery", "NoDifference")}),
    ("Rates of emergency department visits were similar between groups.", {("service-use", "NoDifference")}),
    # change words without a cue of old: "fell", "more likely", "gave them hope", "undermined"
    ("Loneliness scores fell significantly in the intervention group compared with the control group.",
     {("loneliness", "Positive")}),
    ("Mothers in the intervention arm were more likely to be in remission at 6 months.",
     {("symptom-severity", "Positive")}),
    ("Interviewees reported that peer support reduced their sense of isolation and gave them hope.",
     {("loneliness", "Positive"), ("hope", "Positive")}),
    ("Peer support workers felt that their credibility was undermined by clinical staff.",
     {("workplace-integration", "Negative")}),
    ("Peer workers described their role as rewarding but emotionally draining.", {("burnout", "Negative")}),
    ("Most respondents were satisfied with the peer support they received.", {("acceptability", "Positive")}),
    # a clause that adds to the one before takes its change
    ("Peer mentors reported greater job satisfaction but also emotional exhaustion.",
     {("job-satisfaction", "Positive"), ("burnout", "Negative")}),
    # other studies finding nothing make a review's result mixed; weak evidence leaves it open
    ("Six trials reported reductions in depressive symptoms, whereas four found no effect.",
     {("symptom-severity", "Mixed")}),
    ("Evidence of effects on hospitalisation was of very low certainty.", {("hospitalisation", "Unclear")}),
    # what relates two outcomes, or belongs to an outcome's name, says nothing of a change
    ("Stigma was a major barrier to help-seeking.", set()),
    # the groups as they were at baseline are no result; change from baseline is
    ("Baseline depression scores were higher in the intervention group.", set()),
    ("Participants with higher self-efficacy at baseline showed greater reductions in symptoms.", set()),
    ("Depression scores decreased from baseline to 6 months (p < 0.001).", {("symptom-severity", "Positive")}),
    # what people report having or meeting is present; a self-reported measure is only a measure
    ("Peer workers felt valued by patients, and many reported burnout.", {("burnout", "Negative")}),
    ("There was significant improvement in self-reported symptoms.", {("symptom-severity", "Positive")}),
    ("There was insufficient evidence to determine the effect of peer support on suicidality.",
     {("suicidality", "Unclear")}),
    ("Peer support did not improve engagement, although satisfaction with care was high.",
     {("engagement", "NoDifference"), ("acceptability", "Positive")}),
    ("Self-stigma decreased significantly from pre- to post-intervention, whereas public stigma was unchanged.",
     {("self-stigma", "Positive"), ("stigma", "NoDifference")}),
    ("Peer navigation did not significantly change emergency department use.", {("service-use", "NoDifference")}),
    # a lack only said to remain is a barrier that exists, not a finding (the annotation rules)
    ("Peer specialists still perceive a lack of recognition for their roles.", set()),
    ("Many peer workers reported financial vulnerability.", {("pay-career", "Negative")}),
    # evidence that varies across studies is mixed
    ("Effects on hospitalisation varied across studies.", {("hospitalisation", "Mixed")}),
    ("Findings on quality of life were heterogeneous.", {("quality-of-life", "Mixed")}),
    ("Some but not all trials reported improvements in hope.", {("hope", "Mixed")}),
    ("Studies reported both benefits and harms for peer workers' wellbeing.", {("peer-worker-wellbeing", "Mixed")}),
    ("Participants reported high satisfaction.", {("acceptability", "Positive")}),
    # what goes wrong for peer workers, in the words qualitative studies use
    ("Peer workers felt excluded from team decisions.", {("workplace-integration", "Negative")}),
    ("Peer workers struggled with boundaries.", {("role-ambiguity", "Negative")}),
    ("Peer workers' own mental health suffered.", {("peer-worker-wellbeing", "Negative")}),
    ("Peer workers lacked clear job descriptions.", {("role-ambiguity", "Negative")}),
    ("Peer workers were poorly integrated into clinical teams.", {("workplace-integration", "Negative")}),
    # a change in the comparison arm alone says nothing of peer support
    ("Empowerment scores were unchanged, but social functioning deteriorated in the control group.",
     {("empowerment", "NoDifference")}),
])
def test_result_sentence_gives_findings(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # a change word in an inflection the cue list does not spell out
    ("Depressive symptoms kept declining in the peer arm over the year.", {("symptom-severity", "Positive")}),
    ("Isolation was lessening among mentees at every follow-up visit.", {("loneliness", "Positive")}),
    ("Loneliness kept deteriorating in the peer arm.", {("loneliness", "Negative")}),
    # a negated verb of showing denies what its object says
    ("The navigator programme did not show a meaningful reduction in loneliness.", {("loneliness", "NoDifference")}),
    ("These data do not support the effectiveness of peer coaching for reducing substance use.",
     {("substance-use", "NoDifference")}),
    # an elided verb after a contrast denies the change of the clause before
    ("Hope rose in the peer arm, while self-esteem did not.", {("hope", "Positive"), ("self-esteem", "NoDifference")}),
    ("Social functioning improved (p = .02) whereas empowerment did not (p = .40).",
     {("social-functioning", "Positive"), ("empowerment", "NoDifference")}),
    # a no-difference said of the subject through a verb of being reaches back to it
    ("Effects on quality of life were small and non-significant.", {("quality-of-life", "NoDifference")}),
    # a clause with no outcome of its own decides the outcome the clause before left without a direction
    ("The pooled effect on anxiety was modest but significant (SMD -0.31, 95% CI -0.52 to -0.10).",
     {("symptom-severity", "Positive")}),
    # what is said of the comparison arm alone is no finding, even a null
    ("Self-esteem improved in the mentoring arm (from 21 to 26), whereas it stayed unchanged in the control arm.",
     {("self-esteem", "Positive")}),
    # figures given per arm with their spread, read against the comparison arm
    ("Mean loneliness was 31.2 (SD 7.4) in the peer group and 36.8 (SD 8.1) in the wait-list group (p = 0.01).",
     {("loneliness", "Positive")}),
    # some people one way, others another: mixed
    ("A few mentees described more hope, whereas others felt no change.", {("hope", "Mixed")}),
    # a low grade of the evidence leaves the result open, whatever the result says
    ("The certainty of the evidence on quality of life was low.", {("quality-of-life", "Unclear")}),
    ("Low-quality evidence suggested fewer readmissions with peer support.", {("hospitalisation", "Unclear")}),
    # a verb of differing counts when negated
    ("Neither loneliness nor self-esteem differed between the trial arms.",
     {("loneliness", "NoDifference"), ("self-esteem", "NoDifference")}),
    # staying the same, and a change or effect all but absent, are no difference
    ("Empowerment stayed the same over the year.", {("empowerment", "NoDifference")}),
    ("There was minimal change in recovery scores after the course.", {("recovery", "NoDifference")}),
    # a level stated at baseline is no change
    ("Hope was low at baseline and rose by the end of the programme.", {("hope", "Positive")}),
    # plain adjectives of quality
    ("Adherence to the peer sessions was excellent.", {("engagement", "Positive")}),
    # an outcome that is a judgement in itself, asserted or graded as enough
    ("Findings support the feasibility of a peer-run crisis line.", {("implementation", "Positive")}),
    ("Mothers reported adequate satisfaction with the program.", {("acceptability", "Positive")}),
    # the name of a harm is no judgement once a change is said of it
    ("Episodes of self-harm decreased among mentees.", {("suicidality", "Positive")}),
    # outcomes named by an adjective of how people feel
    ("Carers felt less anxious after the group.", {("symptom-severity", "Positive")}),
    ("Members became more confident in handling crises.", {("self-efficacy", "Positive")}),
    # a modal after the change and the outcome hedges neither
    ("Mentees grew more hopeful that they could finish school.", {("hope", "Positive")}),
    # p-values in any usual writing, and the abbreviation of not significant
    ("Empowerment rose slightly in the peer arm (p-value = 0.3).", {("empowerment", "NoDifference")}),
    ("Readmissions were 14% in the peer arm and 16% in usual care (n.s.).", {("hospitalisation", "NoDifference")}),
    ("Loneliness was 20% in the peer arm and 35% in usual care (p ≤ 0.01).", {("loneliness", "Positive")}),
    # an outcome taken out of a change said of all
    ("Mentees gained on every measure except self-esteem.", {("self-esteem", "NoDifference")}),
    # an effect that did not last, and one that did
    ("Loneliness fell by week 8; at the 6-month follow-up, however, the benefit had faded.",
     {("loneliness", "Positive"), ("loneliness", "NoDifference")}),
    ("Gains in hope were not maintained at one year.", {("hope", "NoDifference")}),
    # people compared with people are no finding about peer support
    ("Female respondents reported more stigma than men.", set()),
    # an outcome that is only the topic of another, or of knowledge or a feeling, takes no finding of its own
    ("Mothers reported less stigma about drug use after the groups.", {("stigma", "Positive")}),
    ("Confidence in managing anxiety grew among carers.", {("self-efficacy", "Positive")}),
    ("Students felt more hopeful about their recovery.", {("hope", "Positive")}),
    # a risk is the measure of what follows it; the change said of the risk decides
    ("Mentees had a reduced risk of readmission at one year.", {("hospitalisation", "Positive")}),
    # verbs of favouring and outperforming
    ("Differences in empowerment favoured the peer arm.", {("empowerment", "Positive")}),
    ("Peer navigation outperformed usual care on engagement.", {("engagement", "Positive")}),
    # a sign given to a word of influence says which way; the sign of an association is a rise or a fall
    ("The groups had a positive influence on self-esteem.", {("self-esteem", "Positive")}),
    ("Loneliness was negatively correlated with the number of peer sessions attended.", {("loneliness", "Positive")}),
    # hedges and open questions in their other usual forms
    ("It is possible that the mentoring lowered self-stigma.", {("self-stigma", "Unclear")}),
    ("Whether peer support changes employment rates is still unclear.", {("employment-education", "Unclear")}),
    # a verb of showing carries a null back to its subject
    ("Recovery showed a non-significant improvement over the year.", {("recovery", "NoDifference")}),
    # a share of the reviewed studies short of all of them makes a result mixed
    ("The majority of included trials found lower readmission rates.", {("hospitalisation", "Mixed")}),
    ("Effects on hope were reported in some but not all studies.", {("hope", "Mixed")}),
    # a significant change given as two figures
    ("Mean loneliness scores went from 44.0 to 37.5 (p < .01).", {("loneliness", "Positive")}),
    # a change after a coordinator opens the next conjunct, and is not said of the outcome before it
    ("Mentees reported reduced levels of worry, stress and depression, and increased wellbeing.",
     {("symptom-severity", "Positive"), ("wellbeing", "Positive")}),
    # "though not for reducing" an outcome the rules do not know says nothing of the outcomes before
    ("The course was effective for enhancing hope, though not for reducing waiting lists.", {("hope", "Positive")}),
    # frequent against infrequent attenders are people compared with people
    ("Frequent attenders did better than low attenders on quality of life.", set()),
    # the place of an outcome is no outcome of its own
    ("Fewer mentees were readmitted to acute care (p = 0.01).", {("hospitalisation", "Positive")}),
    # the statistic "number needed to treat" is no advice
    ("The peer arm had fewer emergency visits (OR 0.4, 95% CI 0.2-0.8; number needed to treat 6).",
     {("service-use", "Positive")}),
    # an association with changes is a result, even without a word for peer support
    ("Attending the groups was associated with reported improvements in self-esteem.", {("self-esteem", "Positive")}),
    # a null "by group" speaks of the groups as a whole and reaches back
    ("Both arms showed gains in empowerment, with no significant differences by group.",
     {("empowerment", "NoDifference")}),
    # "no" reaches its noun past an outcome and a coordination
    ("There was no significant hope or QALY difference between the arms.", {("hope", "NoDifference")}),
    # "but not" followed by a thing of its own, not a time, leaves the outcome before alone
    ("The course increased hope, but not motivation to volunteer.", {("hope", "Positive")}),
])
def test_general_reading_mechanisms(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_an_infinitive_of_inquiry_inside_results_is_no_aim() -> None:
    content = _study(("Background", "Peer forums are common."),
                     ("Results", "Members valued the chance to explore their fears with peers, and loneliness fell."))
    assert _found(content) == {("loneliness", "Positive")}


def test_a_denied_change_of_the_outcomes_as_a_whole_is_no_difference_for_each_measured_outcome() -> None:
    content = _study(("Methods", "Carers were randomised to peer groups or usual care; hope and loneliness were measured."),
                     ("Conclusions", "Peer groups for carers with depression did not improve outcomes beyond usual care."))
    assert _found(content) == {("hope", "NoDifference"), ("loneliness", "NoDifference")}


def test_what_the_literature_suggests_is_no_result_of_the_study() -> None:
    content = _study(("Importance", "The literature on peer mentoring suggests it improves hope."),
                     ("Findings", "In this cohort, loneliness decreased."))
    assert _found(content) == {("loneliness", "Positive")}


def test_a_conclusion_that_finds_no_evidence_is_a_result() -> None:
    content = _study(("Conclusions", "This trial provides no evidence that peer mentoring improves clinical outcomes."))
    assert _found(content) == {("clinical", "NoDifference")}


@pytest.mark.parametrize(("sentence", "outcome"), [
    ("Participants reported feeling less alone.", "loneliness"),
    ("Participants found new purpose through helping others.", "meaning"),
    ("Participants attended more outpatient appointments.", "engagement"),
    ("Peer workers experienced high levels of stress at work.", "burnout"),
    ("Peer workers reported confusion about their role.", "role-ambiguity"),
    ("Peer workers felt accepted by their colleagues.", "workplace-integration"),
    ("Peer workers struggled to balance work and their own recovery.", "work-life-balance"),
    ("Participants were more willing to seek help.", "help-seeking"),
    ("Participants felt more comfortable disclosing their diagnosis.", "disclosure"),
    ("Participants felt better able to advocate for themselves.", "self-advocacy"),
    ("Participants reported better relationships with family members.", "social"),
    ("Emergency department presentations decreased.", "service-use"),
    ("Housing stability improved.", "social-inclusion"),
    ("Depression was measured with the PHQ-9.", "symptom-severity"),
    ("Participants were more satisfied with the program.", "acceptability"),
    ("Less than one-half were satisfied with their promotion opportunities.", "pay-career"),
    ("Peer specialists perceive a lack of recognition for their roles.", "workplace-integration"),
    # "in recovery" after a noun of change is the outcome, not people's state
    ("Gains in recovery were larger among mentees.", "recovery"),
])
def test_outcomes_named_in_the_fields_usual_paraphrases(sentence: str, outcome: str) -> None:
    assert outcome in {_local(m.concept) for m in _study(("Results", sentence)).outcomes}


@pytest.mark.parametrize("sentence", [
    "Twenty-four adults were randomly assigned to peer navigation to reduce hospitalisation or to usual care.",
    "We conducted semi-structured interviews with mentees about hope and empowerment.",
    "Focus groups about loneliness and stigma were conducted with 15 peer workers.",
    "The current pilot trial is a preliminary examination of a peer intervention for improving service use.",
])
def test_no_findings_from_method_or_description_sentences_of_an_unstructured_abstract(sentence: str) -> None:
    text = "This study examined peer support. " + sentence
    assert extract_study(Work(line=1, abstract=text)).findings == ()


def test_an_unstructured_result_that_mentions_the_authors_is_still_a_result() -> None:
    text = ("This study examined peer respite. After the authors controlled for covariates, the odds of "
            "hospitalisation were 70% lower among respite users.")
    assert _found(extract_study(Work(line=1, abstract=text))) == {("hospitalisation", "Positive")}


@pytest.mark.parametrize(("sentence", "not_outcome"), [
    ("Members attended a relapse prevention course.", "symptom-severity"),
    ("Mentors valued their shared smoking history with participants.", "health-behaviour"),
    ("Peer support was offered for people with anxiety disorders.", "symptom-severity"),
    ("Participants were interviewed about the peer workforce.", "peer-workforce"),
    ("Burnout was lower among peer specialists who received regular supervision.", "training"),
    ("Better group attendance was associated with more improvement.", "engagement"),
    ("Training in mental illness self-management reduced the use of services.", "self-efficacy"),
    ("The degree of engagement of mental health workers varied across sites.", "engagement"),
    ("The groups were led by women in recovery.", "recovery"),
    ("The service ran in isolated rural districts.", "loneliness"),
    ("Peer navigators are increasingly employed in emergency departments.", "employment-education"),
])
def test_names_of_interventions_conditions_and_people_are_not_outcomes(sentence: str, not_outcome: str) -> None:
    content = _study(("Methods", sentence))
    assert not_outcome not in {_local(m.concept) for m in content.outcomes}


def test_a_finding_that_names_no_one_is_about_the_studys_one_recipient_group() -> None:
    content = _study(("Methods", "Homeless veterans were randomised to peer mentoring or usual care."),
                     ("Results", "Loneliness decreased more in the peer arm. The programme proved feasible."))
    populations = {_local(f.outcome): _local(f.population) if f.population else None for f in content.findings}
    assert populations == {"loneliness": "veteran", "implementation": None}


def test_no_recipient_group_is_assumed_when_a_study_names_two() -> None:
    content = _study(("Methods", "Youth and their parents took part in peer groups."),
                     ("Results", "Loneliness decreased."))
    assert [f.population for f in content.findings] == [None]


RIS = "\n".join([
    "TY  - JOUR",
    "TI  - Peer mentoring for homeless veterans: a randomised trial",
    "AB  - Methods: Homeless veterans were randomised to peer mentoring or usual care. Results: Loneliness "
    "decreased more in the peer arm than in usual care. Hopelessness was reduced. Peer mentoring may be equivalent "
    "to usual care for quality of life.",
    "PY  - 2024",
    "DO  - 10.1000/findings-test",
    "ER  - ",
    "",
])


@pytest.fixture(scope="module")
def store_rows(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, str]]:
    folder = tmp_path_factory.mktemp("findings-docs")
    (folder / "trial.ris").write_text(RIS, encoding="utf-8")
    summary = build([folder], BuildSettings(store=Path(tmp_path_factory.mktemp("findings-store")) / "store"))
    rows = run_query(open_read_only(summary.store), """
        SELECT ?outcome ?direction ?who { ?s bibo:doi "10.1000/findings-test" ; psk:reports ?f .
          ?f psk:outcome ?outcome ; psk:direction ?direction . OPTIONAL { ?f psk:population ?who } }""")
    assert isinstance(rows, list)
    return rows


@pytest.mark.parametrize(("outcome", "direction"), [
    ("loneliness", "Positive"), ("hope", "Positive"), ("quality-of-life", "Unclear"),
])
def test_built_store_holds_the_findings_with_their_population(store_rows: list[dict[str, str]], outcome: str,
                                                              direction: str) -> None:
    found = {(_local(r["outcome"]), _local(r["direction"]), _local(r.get("who", ""))) for r in store_rows}
    assert (outcome, direction, "veteran") in found, found


def test_a_share_of_respondents_is_no_comparison_arm() -> None:
    content = _study(("Results", "More than 75% were satisfied with their jobs."))
    assert [(_local(f.outcome), f.comparator) for f in content.findings] == [("job-satisfaction", "")]


@pytest.mark.parametrize(("sentence", "expected"), [
    # a comparison that denies a difference decides the clause, not the change the clause names as measured
    ("Peer support was not superior to treatment as usual in reducing depressive symptoms.",
     {("symptom-severity", "NoDifference")}),
    ("The intervention was no more effective than usual care in improving quality of life.",
     {("quality-of-life", "NoDifference")}),
    ("Peer support did not outperform usual care in improving hope.", {("hope", "NoDifference")}),
    ("Peer support was non-inferior to usual care on recovery.", {("recovery", "NoDifference")}),
    # hedged, the equivalence is open; a comparison that finds a difference still reads as one
    ("Peer support may be as effective as usual care in reducing loneliness.", {("loneliness", "Unclear")}),
    ("Peer support was superior to usual care in reducing depressive symptoms.", {("symptom-severity", "Positive")}),
    # the comparison is the clause's own: a change in the next clause keeps its direction
    ("Peer support was not superior to treatment as usual on depression, but improved hope.",
     {("symptom-severity", "NoDifference"), ("hope", "Positive")}),
])
def test_a_comparison_denying_a_difference_decides_its_clause(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results:", sentence))) == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    # verbs of tending hedge the change they govern, as a modal does; "a trend towards" too; verbs of seeming do
    # not, as the annotation rules say ("appears to" and "seem" are no hedges)
    ("Hope appeared to improve among those who joined the groups.", {("hope", "Positive")}),
    ("Mentees tended to report less loneliness at the end of the year.", {("loneliness", "Unclear")}),
    ("There was a trend towards fewer readmissions in the peer arm (p = 0.09).", {("hospitalisation", "Unclear")}),
    # a null effect is no difference
    ("The befriending scheme had a null effect on loneliness.", {("loneliness", "NoDifference")}),
    # "fell into" sorts, it does not fall
    ("Comments about stigma fell into four categories.", set()),
    # figures per arm with each arm named before its figure, read against the comparison arm
    ("Mean hope: peer arm 4.6 versus control 3.9 (p = 0.01).", {("hope", "Positive")}),
    ("Readmitted within a year: intervention 22% vs. usual care 37% (p < 0.001).", {("hospitalisation", "Positive")}),
    ("Readmitted within a year: intervention 30% vs. usual care 33% (p = 0.52).", {("hospitalisation", "NoDifference")}),
    # the object of an attempt or a design is a goal, not a result
    ("Volunteers struggled when trying to help their mentees cut down on smoking.", set()),
    ("Mentors visited often in an effort to reduce loneliness.", set()),
    # the outcomes an association starts from predict; those it leads to are the result
    ("Among peer workers, higher self-esteem was associated with improvements in recovery of the people they "
     "supported.", {("recovery", "Positive")}),
    # a clause of cause stands apart from the result it explains
    ("Because engagement was partial, per-protocol analyses found larger gains in wellbeing.",
     {("wellbeing", "Positive")}),
    # a statistic in the parenthesis after an outcome speaks for that outcome only
    ("Loneliness (b = -0.30, p = .002) and hope (b = 0.04, p = .62) were modelled over time.",
     {("hope", "NoDifference")}),
    # "and that" opens a second statement, whose change is not the first one's
    ("Interviews showed that mentees felt the course mattered for their recovery and that mentors found the role "
     "challenging.", set()),
    # whose outcome a possessive names is no agent: supervision and job satisfaction are only associated
    ("Good supervision, after accounting for workload, contributed to peers' job satisfaction.", set()),
    # the arms named as groups compared are no group "for" a condition
    ("No statistically significant differences were found between groups for anxiety or quality of life.",
     {("symptom-severity", "NoDifference"), ("quality-of-life", "NoDifference")}),
    # a comparison said of the comparison arm speaks for it: as its subject, or located in it
    ("Wait-list participants reported greater gains in hope than those in the groups.", {("hope", "Negative")}),
    ("Treatment as usual outperformed the mentoring scheme on depressive symptoms.",
     {("symptom-severity", "Negative")}),
    ("At 12 months loneliness was lower in the control group.", {("loneliness", "Negative")}),
    ("Admissions were more frequent among controls than in the peer arm.", {("hospitalisation", "Positive")}),
    ("Compared with controls, hope rose more among mentees.", {("hope", "Positive")}),
    # a verdict on a hypothesis is a result
    ("The data did not support the hypothesis that mentoring reduces loneliness.", {("loneliness", "NoDifference")}),
    # a later clause that denies the change lasted adds a null beside it
    ("Loneliness fell by the end of the course; this was not sustained at 12 months.",
     {("loneliness", "Positive"), ("loneliness", "NoDifference")}),
    # a change one way for some and the other way for others is mixed
    ("Recovery scores rose for some mentees but fell for others.", {("recovery", "Mixed")}),
    # results as numbers: the effect named nearest before an interval says whether it holds 1 or 0
    ("Mentoring lowered admissions (IRR 0.83; 95% CI 0.64 to 1.07).", {("hospitalisation", "NoDifference")}),
    ("Admissions were fewer (IRR 0.70; 95% CI 0.52 to 0.94).", {("hospitalisation", "Positive")}),
    # figures per arm in per cent, or with the arm in a parenthesis after its figure
    ("Readmission was 19 per cent in the mentored group and 33 per cent in usual care (p = .02).",
     {("hospitalisation", "Positive")}),
    ("Readmitted within a year: 18.5% (mentoring) vs 31.0% (usual care), p = 0.004.", {("hospitalisation", "Positive")}),
    # the comparison arm after "than" is what the change is compared with
    ("Depressive symptoms fell more in mentored students than in controls (p = 0.02).",
     {("symptom-severity", "Positive")}),
    # a summary "mixed" before a colon leaves each outcome after it its own result
    ("Findings were mixed: self-efficacy rose but loneliness did not.",
     {("self-efficacy", "Positive"), ("loneliness", "NoDifference")}),
    # mixed effects on outcomes are mixed results; mixed-effects models are not
    ("The groups had mixed effects on quality of life.", {("quality-of-life", "Mixed")}),
    ("Mixed-effects models showed that self-efficacy rose.", {("self-efficacy", "Positive")}),
    # evidence too thin to conclude leaves the result open
    ("Evidence was insufficient to draw conclusions about self-stigma.", {("self-stigma", "Unclear")}),
    # an outcome word an organisation's adjective qualifies is the organisation's, not people's
    ("Organisational functioning improved after peer workers joined.", set()),
    # what was meant, hoped, expected, believed, wanted or focused on is a goal, not a result
    ("To improve self-efficacy, mentors shared their own stories.", set()),
    ("Mentees hoped the visits would reduce their loneliness.", set()),
    ("Carers expected the groups to improve their self-efficacy.", set()),
    ("Befriending is thought to improve self-esteem.", set()),
    ("Mentors used their own stories to increase self-efficacy.", set()),
    ("Sessions focused on building self-esteem and reducing self-stigma.", set()),
    ("We included trials of mentoring to reduce loneliness.", set()),
    ("Students wanted more help with employment.", set()),
    ("Mentors need regular debriefs to prevent burnout.", set()),
    # ... but what was found to work is a result
    ("These results support the use of mentors to reduce self-stigma.", {("self-stigma", "Positive")}),
    ("Some studies found mentoring to be effective at reducing loneliness.", {("loneliness", "Mixed")}),
    # the groups as they were at entry are no result
    ("Many mentees had high levels of loneliness at study entry.", set()),
    # a word of prevalence after an outcome says it is present
    ("Emotional exhaustion was common among the mentors.", {("burnout", "Negative")}),
    # a clause that denies the change with its verb left out replaces it; other studies denying it make it mixed
    ("Completers gained self-efficacy, but intention-to-treat analyses did not.", {("self-efficacy", "NoDifference")}),
    ("Five trials found less loneliness with befriending, but three did not.", {("loneliness", "Mixed")}),
    # what could not be known or determined leaves the result open; tendencies hedge; indications state the result,
    # as "suggest" does (the annotation rules' hedges are the modal verbs)
    ("It is not known whether befriending reduces loneliness.", {("loneliness", "Unclear")}),
    ("The effect of mentoring on self-efficacy could not be determined.", {("self-efficacy", "Unclear")}),
    ("There were indications that mentoring improved self-efficacy.", {("self-efficacy", "Positive")}),
    ("Befriending showed a tendency to reduce loneliness.", {("loneliness", "Unclear")}),
    # a change denied significance in a clause of its own is no difference
    ("Self-efficacy rose slightly, though not significantly.", {("self-efficacy", "NoDifference")}),
    # a result that favours the comparison arm, or is better with it, speaks for the comparison
    ("The pooled estimate favoured usual care for readmission.", {("hospitalisation", "Negative")}),
    ("Effects on self-efficacy favoured the wait-list group.", {("self-efficacy", "Negative")}),
    ("Quality of life was better with usual care.", {("quality-of-life", "Negative")}),
    ("Quality of life was better with mentoring than with usual care.", {("quality-of-life", "Positive")}),
    # ineffective is no difference
    ("Befriending was ineffective for loneliness.", {("loneliness", "NoDifference")}),
    # each coordinated clause keeps its own change: a null after "and" is said of what it names
    ("Mentoring reduced self-stigma and did not change self-esteem.",
     {("self-stigma", "Positive"), ("self-esteem", "NoDifference")}),
    ("Self-esteem increased and loneliness was unchanged.",
     {("self-esteem", "Positive"), ("loneliness", "NoDifference")}),
    # ... unless it speaks again of the change before, or of the groups
    ("Self-esteem rose significantly with mentoring, and the difference was not significant.",
     {("self-esteem", "NoDifference")}),
    # "without" reaches its noun as "no" does, and a null between the groups reaches back over a change in both
    ("Self-efficacy rose in both arms, without a significant between-group effect.",
     {("self-efficacy", "NoDifference")}),
    # the remainder of the studies finding nothing makes a review's result mixed
    ("Two trials reported less loneliness, while the remainder found no effect.", {("loneliness", "Mixed")}),
    # a comparison that denies a difference decides the outcome named after it, cue word or none
    ("Mentoring did not outperform usual care on loneliness.", {("loneliness", "NoDifference")}),
])
def test_grammar_of_results_sentences(sentence: str, expected: set[tuple[str, str]]) -> None:
    assert _found(_study(("Results", sentence))) == expected


def test_general_claims_an_unstructured_abstract_opens_with_are_background() -> None:
    work = Work(line=1, title="Peer mentoring on wards", abstract=(
        "Peer mentors improve engagement with inpatient care. Their work is poorly understood. Interviews with "
        "15 mentors were analysed thematically. Mentors reported less loneliness after joining the team."))
    assert _found(extract_study(work)) == {("loneliness", "Positive")}


def test_an_abstract_written_wholly_in_the_present_keeps_its_results() -> None:
    work = Work(line=1, abstract="Peer support reduces loneliness, a new trial shows. Groups meet weekly.")
    assert _found(extract_study(work)) == {("loneliness", "Positive")}


def test_a_closing_statement_of_the_authors_draws_no_line_before_the_results() -> None:
    work = Work(line=1, title="A trial of peer debriefing on ships", abstract=(
        "Peer debriefing is offered after critical incidents. Twelve crews were randomised to debriefing or "
        "standard care. At one year there was no significant change in stigma in either arm. Team functioning "
        "was modestly better with debriefing. The authors conclude that debriefing may be worth keeping."))
    assert _found(extract_study(work)) == {("stigma", "NoDifference")}


def test_text_the_given_sections_do_not_hold_is_still_read() -> None:
    # A source that gave headings only to the abstract's last paragraphs: the opening paragraph, results and all,
    # is read as unheaded text; a bare heading left between two sections is no sentence.
    opening = ("This evaluation aimed to establish the effectiveness of a peer-led course. Participants reported "
               "significant improvements in wellbeing six months after the course.")
    limits = "Due to the lack of a control group, the changes cannot be attributed to the course."
    value = "Peer-led courses are offered in many services."
    abstract = f"{opening} Research limitations {limits} Main Outcomes and Measures {value}"
    parts = (AbstractSection("Research limitations", limits), AbstractSection("Originality/value", value))
    content = extract_study(Work(line=1, abstract=abstract, abstract_sections=parts))
    assert _found(content) == {("wellbeing", "Positive")}
    assert [s.section for s in sentences(Work(line=1, abstract=abstract, abstract_sections=parts))
            if s.field == "abstract"] == ["", "", "Research limitations", "Originality/value"]


@pytest.mark.parametrize("null", [
    "No outcome differed significantly between arms.",
    "Mentoring was not more effective than usual care.",
    "Neither primary nor secondary outcomes differed between groups.",
    "The mentoring scheme was not effective.",
    "Both groups improved over time, with no differences between them.",
])
def test_a_null_said_of_the_outcomes_as_a_whole_holds_for_each_measured_outcome(null: str) -> None:
    work = Work(line=1, abstract="We randomised 150 students to mentoring or usual care. Self-efficacy and loneliness "
                                 f"were measured at 6 months. {null}")
    assert _found(extract_study(work)) == {("self-efficacy", "NoDifference"), ("loneliness", "NoDifference")}


def test_a_hedged_equivalence_is_no_null_for_the_outcomes_as_a_whole() -> None:
    work = Work(line=1, abstract="We randomised 150 students to mentoring or usual care. Self-efficacy and loneliness "
                                 "were measured at 6 months. Mentoring may be as effective as usual care.")
    assert _found(extract_study(work)) == set()
