"""Study-level facts read by their grammar, as abstracts the rules were not written on state them.

Each case is a sentence and what must be read from it: sample sizes attached to the group they count,
the role a count is of, and the arm a result is compared with.
"""

from __future__ import annotations

import pytest

from kg.extract import extract_study
from kg.records import AbstractSection, Work


def _sizes(title: str, text: str) -> set[tuple[int, str]]:
    content = extract_study(Work(line=1, title=title, abstract=text))
    return {(g.size, str(g.role).rsplit("/", 1)[1] if g.role else "") for g in content.participant_groups}


@pytest.mark.parametrize(("text", "sizes"), [
    # "N =" beside a percentage counts a share of the people counted before it in the sentence
    ("Of 1785 patients approached, 84% (N = 1503) engaged with a peer, and 6% (N = 86) engaged with both.",
     {(1785, "service-user"), (1503, "service-user"), (86, "service-user")}),
    ("Patients were mostly male (N = 1438, 81%) with a mean age of 45 (SD = 13), and enrolled in Medicaid "
     "(N = 1062, 59%).", {(1438, "service-user"), (1062, "service-user")}),
    # a percentage's "n" before "of" and a noun for people counts those people, and the next share is of them too
    ("At 4 weeks, 40.9% (n = 9) of mothers in the control group scored above 12 on the EPDS, compared with only 10% "
     "(n = 2) in the experimental group.", {(9, "parent"), (2, "parent")}),
    # without a group counted before it, a percentage's "n" is no group of its own
    ("The response rate was 45% (n = 90).", set()),
])
def test_a_count_beside_a_percentage_is_a_share_of_the_group(text: str, sizes: set) -> None:
    assert _sizes("", text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # the whole of a part given after a percentage counts the people named after the parenthesis
    ("At 12 weeks, 14% (40/297) of women in the intervention group had a high score.", {(40, ""), (297, "")}),
    # a count of women inside the parenthesis is a count of a kind of participant of the group before it
    ("Patients (N = 96; 52 women) were recruited from two hospitals.", {(96, "service-user"), (52, "service-user")}),
    ("Forty-two participants (20 women) took part.", {(42, ""), (20, "")}),
])
def test_a_head_outside_the_parenthesis_counts_the_whole(text: str, sizes: set) -> None:
    assert _sizes("", text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a part of a whole without a noun counts the group the sentence opens with
    ("For caregivers, 31 of 32 expressed a positive view of the service.", {(31, "family-member"),
                                                                              (32, "family-member")}),
    ("Among the peer workers, 11 of 13 wished to continue.", {(11, "peer-support-worker"),
                                                              (13, "peer-support-worker")}),
    # a part that names its own people keeps them
    ("Among carers, 12 of 20 patients improved.", {(12, "service-user"), (20, "service-user")}),
])
def test_a_part_takes_the_group_the_sentence_opens_with(text: str, sizes: set) -> None:
    assert _sizes("", text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a role's last word after a name or an acronym names another kind of people, not the role
    ("We surveyed 152 peer specialists and 222 VR specialists across 138 health care systems.",
     {(152, "peer-specialist")}),
    # the short form alone, or after a number or article, still stands for the role
    ("Peer support volunteers offered support to mothers. Forty-seven volunteers and 42 mothers were interviewed.",
     {(47, "peer-support-worker"), (42, "parent")}),
])
def test_a_short_form_after_another_qualifier_is_another_role(text: str, sizes: set) -> None:
    assert _sizes("", text) == sizes


def _sectioned(*sections: tuple[str, str]) -> Work:
    parts = tuple(AbstractSection(heading, text) for heading, text in sections)
    return Work(line=1, title="", abstract=" ".join(text for _, text in sections), abstract_sections=parts)


@pytest.mark.parametrize(("work", "expected"), [
    # three arms: a result that names no comparison is not said to be against any one of them
    (_sectioned(("Methods", "Families were randomly assigned to peer support (N=35), psychoeducation (N=35), or "
                            "standard care (N=36)."),
                ("Results", "Families in the peer support group reported greater improvements in functioning.")),
     set()),
    # ... but a result between the groups is against the arm without an active treatment
    (_sectioned(("Methods", "Veterans were randomised to peer mentoring, a clinician-led group or usual care."),
                ("Results", "Recovery did not differ between groups.")), {("recovery", "usual care")}),
    # a description of the first arm set off by commas is no third arm
    (_sectioned(("Methods", "Clients were randomly assigned to receive either Whole Health Action Management, a "
                            "self-management program led by peer specialists, or care as usual."),
                ("Results", "Intervention participants demonstrated greater improvement in hope.")),
     {("hope", "care as usual")}),
    # two arms: the other arm
    (_sectioned(("Methods", "Families were randomly assigned to peer support (N=35) or standard care (N=36)."),
                ("Results", "Families in the peer support group reported greater improvements in functioning.")),
     {("social-functioning", "standard care")}),
])
def test_a_result_of_a_trial_of_three_arms_needs_its_comparison_named(work: Work, expected: set) -> None:
    found = {(str(f.outcome).rsplit("/", 1)[1], f.comparator) for f in extract_study(work).findings if f.comparator}
    assert found == expected


@pytest.mark.parametrize(("work", "expected"), [
    # no difference by group holds between the arms, beside the change within both
    (_sectioned(("Methods", "Patients were enrolled in either enhanced usual care (N=243) or the peer support "
                            "intervention (N=200)."),
                ("Results", "Both groups showed significant improvements in quality of life at six months, with no "
                            "significant differences by group.")),
     {("quality-of-life", "enhanced usual care")}),
    # a change within both groups alone is against no arm
    (_sectioned(("Methods", "Patients were enrolled in either enhanced usual care (N=243) or the peer support "
                            "intervention (N=200)."),
                ("Results", "Both groups showed significant improvements in quality of life at six months.")),
     set()),
])
def test_no_difference_between_arms_beside_change_within_them(work: Work, expected: set) -> None:
    found = {(str(f.outcome).rsplit("/", 1)[1], f.comparator) for f in extract_study(work).findings if f.comparator}
    assert found == expected


@pytest.mark.parametrize(("work", "expected"), [
    # how acceptable the service was is said of it alone: no arm is implied
    (_sectioned(("Methods", "Mothers were randomised to telephone peer support or a control group."),
                ("Results", "Of the mothers in the experimental group, 87.5% were satisfied with the intervention.")),
     set()),
    # a difference between peers and other people compares with the others
    (_sectioned(("Methods", "We surveyed staff of rural mental health programs."),
                ("Results", "There were no differences in burnout between peer providers and other providers "
                            "employed by those programs.")),
     {("burnout", "other providers")}),
    # a comparison between kinds or doses of peer support is against no arm without it
    (_sectioned(("Methods", "We linked county records of youth to the peer specialists of their clinics."),
                ("Results", "Having three or more peer specialist trainings (vs fewer trainings) was associated with "
                            "lower use of inpatient services.")),
     set()),
])
def test_what_a_result_is_compared_with(work: Work, expected: set) -> None:
    found = {(str(f.outcome).rsplit("/", 1)[1], f.comparator) for f in extract_study(work).findings if f.comparator}
    assert found == expected, found


@pytest.mark.parametrize(("text", "expected"), [
    # the review names what it reviewed: the literature
    ("We reviewed the literature examining the outcomes of consumer providers on case management teams.",
     {"literature-review"}),
    # a systematic search is how a narrative review found its studies, not another design
    ("We conducted a comprehensive narrative review and used a systematic search strategy to identify studies.",
     {"literature-review"}),
    # a systematic review that searched systematically stays one
    ("We conducted a systematic review after a systematic search of five databases.", {"systematic-review"}),
])
def test_a_reviews_own_design(text: str, expected: set[str]) -> None:
    work = Work(line=1, abstract=text, abstract_sections=(AbstractSection("Methods", text),))
    assert {str(m.concept).rsplit("/", 1)[1] for m in extract_study(work).designs} == expected


def _roles(text: str) -> set[str]:
    return {str(m.concept).rsplit("/", 1)[1] for m in extract_study(Work(line=1, abstract=text)).roles}


@pytest.mark.parametrize(("text", "role"), [
    # people named by what they receive or use are service users
    ("Results suggest that the individuals who received the consumer-operated services perceived more empowerment.",
     "service-user"),
    ("Peer workers support people using public mental health services in rural areas.", "service-user"),
    ("This review asks how peer support providers relate to people who receive peer support.", "service-user"),
    ("Matched pairs of 139 users of peer respite were compared.", "service-user"),
    # people named by what they lived through have lived experience; researchers who did are peer researchers
    ("Support was provided by a volunteer recruited from the community who had previously experienced and "
     "recovered from postnatal depression.", "lived-experience"),
    ("Mentoring was offered by people recovered from an eating disorder.", "lived-experience"),
    ("Interviews were carried out by researchers with experience of living with mental health conditions.",
     "peer-researcher"),
])
def test_a_role_named_by_a_clause(text: str, role: str) -> None:
    assert role in _roles(text)


@pytest.mark.parametrize(("text", "role"), [
    # a study's own participants are not named as a role by what they did in it
    ("On average, participants attended five sessions of the intervention.", "service-user"),
    ("Those receiving usual care reported less hope.", "service-user"),
    # "experienced" with no condition, and professional experience, are no lived experience
    ("Mothers experienced some individual changes after the course.", "lived-experience"),
    ("Nurses with experience of working in crisis teams were interviewed.", "lived-experience"),
])
def test_no_role_from_a_clause_that_names_none(text: str, role: str) -> None:
    assert role not in _roles(text)


def test_a_count_of_people_named_by_a_clause_keeps_no_role() -> None:
    assert _sizes("", "Service use fell among 89 individuals who used any inpatient or emergency services.") == {
        (89, "")}


@pytest.mark.parametrize(("text", "sizes"), [
    # a person noun that is a role's label names the role though a longer phrase hid it ("family of" is blocked for
    # "a family of measures"), and the parts of its group inherit it
    ("It was conducted with 76 families of outpatients with schizophrenia of whom 38 were assigned randomly to "
     "either a mutual support group or standard care.", {(76, "family-member"), (38, "family-member")}),
    ("A family of 12 measures was used.", set()),
])
def test_a_person_noun_that_is_a_roles_label(text: str, sizes: set) -> None:
    assert _sizes("", text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # "peer" before a noun for people by what they do names peer support workers
    ("Thirteen peer service providers and 54 family caregivers were recruited.",
     {(13, "peer-support-worker"), (54, "family-member")}),
    ("Eleven of 13 peer service providers wished to continue.",
     {(11, "peer-support-worker"), (13, "peer-support-worker")}),
    # a peer role the schemes name keeps its own concept; "peer" before things names no one
    ("Twelve peer navigators took part.", {(12, "peer-navigator")}),
    ("Twelve peer support centers took part.", set()),
])
def test_peer_before_a_noun_for_people_by_what_they_do(text: str, sizes: set) -> None:
    assert _sizes("", text) == sizes


def _functions(text: str) -> set[tuple[str, str]]:
    content = extract_study(Work(line=1, abstract=text))
    return {(str(r.role).rsplit("/", 1)[1], r.function) for r in content.role_functions}


@pytest.mark.parametrize(("text", "expected", "absent"), [
    # the agent of "provided by" gives the support
    ("Telephone support was provided by a volunteer recruited from the community who had previously experienced "
     "and recovered from postnatal depression.", ("lived-experience", "delivers"), None),
    # families who lead groups for families both give and receive support
    ("Families of people with schizophrenia joined family-led peer support groups.", ("family-member", "delivers"),
     None),
    ("Families of people with schizophrenia joined family-led peer support groups.", ("family-member", "receives"),
     None),
    # staff who lead an arm lead the comparison; a role inside a parenthesis after the agent is not the agent
    ("We compared a peer-led recovery group, a clinician-led recovery group and usual treatment.", None,
     ("mental-health-staff", "delivers")),
    ("Sessions were delivered by a peer (defined as a mother from the same community).", None,
     ("parent", "delivers")),
])
def test_who_delivers_the_support(text: str, expected: tuple[str, str] | None,
                                  absent: tuple[str, str] | None) -> None:
    found = _functions(text)
    assert expected is None or expected in found, found
    assert absent is None or absent not in found, found


@pytest.mark.parametrize(("text", "expected", "absent"), [
    # peers asked about their work in a study that gives no one peer support inform it; they deliver nothing in it
    ("We surveyed 645 peer support workers about their job satisfaction and organisational support.",
     ("peer-support-worker", "informant"), ("peer-support-worker", "delivers")),
    ("Semi-structured interviews were conducted with seven peer specialists about workplace integration.",
     ("peer-specialist", "informant"), ("peer-specialist", "delivers")),
    # where the study names those who receive the support, its peers give it, whoever was interviewed
    ("Twenty peer volunteers who supported mothers with perinatal depression were interviewed.",
     ("peer-support-worker", "delivers"), ("peer-support-worker", "informant")),
    # lived experience is what people have lived through, no word of collecting data
    ("Peer mentors with lived experience of an eating disorder met their mentees for thirteen sessions.", None,
     ("lived-experience", "informant")),
])
def test_who_informs_the_study(text: str, expected: tuple[str, str] | None,
                               absent: tuple[str, str] | None) -> None:
    found = _functions(text)
    assert expected is None or expected in found, found
    assert absent is None or absent not in found, found


@pytest.mark.parametrize("text", [
    # staff who lead an arm beside peer support are its comparison
    "We compared a peer-led recovery group, a clinician-led recovery group and usual treatment.",
    # "comparing" and "nonconsumer" are words of comparison too
    "Five studies were found comparing consumer-providers with mental health professionals in the same role.",
    "Consumer case managers were as effective as a team of nonconsumer case managers.",
])
def test_who_is_compared(text: str) -> None:
    assert ("mental-health-staff", "compared") in _functions(text), _functions(text)


@pytest.mark.parametrize(("results", "outcome", "population"), [
    # people named in general words before the peers are those who received them, and the finding is about them
    ("Participants who were assigned a peer mentor had significantly fewer rehospitalizations.", "hospitalisation",
     "service-user"),
    # peers who are the sentence's subject are the ones who changed
    ("Peer mentors reported significantly higher self-esteem.", "self-esteem", "peer-mentor"),
])
def test_whom_a_finding_is_about(results: str, outcome: str, population: str) -> None:
    work = _sectioned(("Methods", "Patients were randomly assigned to usual care or to a peer mentor plus usual "
                                  "care."), ("Results", results))
    found = {(str(f.outcome).rsplit("/", 1)[1], str(f.population).rsplit("/", 1)[1] if f.population else "")
             for f in extract_study(work).findings}
    assert (outcome, population) in found, found


@pytest.mark.parametrize(("methods", "results", "outcome", "population"), [
    # the burden of caring is the carers' own, whoever else the sentence names
    ("Families of adults with psychosis joined a family-led group or usual care.",
     "Caregiver burden fell significantly more for relatives of patients in the group.", "caregiver-burden",
     "family-member"),
    # the general name of the peers means the study's one narrower peer role
    ("We surveyed 210 peer specialists about their work.",
     "Peer workers reported significantly higher burnout than other staff.", "burnout", "peer-specialist"),
    # staff a sentence opens with, not said to give peer support, are whom it concerns
    ("We interviewed staff of teams that employ peer workers.",
     "Mental health professionals felt significantly less stigma about disclosing their own experience.", "stigma",
     "mental-health-staff"),
    # the participants of a study that asks peers about their work, and names no one who receives support, are
    # those peers
    ("We interviewed 65 peer support specialists about their workplace.",
     "Participants reported significantly more stigma in the workplace after the training.", "stigma",
     "peer-specialist"),
    # "peer work" names the activity, not the people: the finding is not the peer workers'
    ("We reviewed trials of peer support.",
     "Outcomes that more often improved as a result of peer work were self-efficacy and hope.", "hope", ""),
    # staff named as the comparison are not whom the finding is about
    ("We reviewed trials of peer services.",
     "Peer services were as effective as services provided by non-peer staff on loneliness.", "loneliness", ""),
])
def test_a_finding_is_about_the_people_its_outcome_or_subject_names(methods: str, results: str, outcome: str,
                                                                     population: str) -> None:
    work = _sectioned(("Methods", methods), ("Results", results))
    found = {(str(f.outcome).rsplit("/", 1)[1], str(f.population).rsplit("/", 1)[1] if f.population else "")
             for f in extract_study(work).findings}
    assert (outcome, population) in found, found


@pytest.mark.parametrize(("text", "sizes"), [
    # nouns a count of people names a role by, though elsewhere they name other things
    ("Thirteen peer service providers and 54 consumers were recruited.",
     {(13, "peer-support-worker"), (54, "service-user")}),
    ("We held focus group discussions with four professionals in the mental health welfare field.",
     {(4, "mental-health-staff")}),
    ("We interviewed 14 service users, 12 service providers and 12 carers.",
     {(14, "service-user"), (12, "mental-health-staff"), (12, "family-member")}),
    ("Most were satisfied with the peers and 17 consumers wished to continue.", {(17, "service-user")}),
    ("In total, 20 users on the platform completed interviews.", {(20, "service-user")}),
    # patients named by where they are treated are patients still
    ("Sixty outpatients with anorexia nervosa were randomly assigned to a condition.", {(60, "service-user")}),
])
def test_nouns_a_count_names_a_role_by(text: str, sizes: set) -> None:
    assert _sizes("", text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a count before a list of roles with no count of their own counts them all, of no one role
    ("In-depth interviews were carried out with 71 peer workers, service users, staff and managers.", {(71, "")}),
    ("We interviewed 30 peer workers, service users, and managers.", {(30, "")}),
    # each role counted on its own keeps its count
    ("We interviewed 14 service users and 12 carers.", {(14, "service-user"), (12, "family-member")}),
    # a role in apposition is not a list
    ("Participants were 8 peer mentors, persons with serious mental illnesses who had quit smoking.",
     {(8, "peer-mentor")}),
])
def test_a_count_of_a_list_of_roles(text: str, sizes: set) -> None:
    assert _sizes("", text) == sizes


@pytest.mark.parametrize(("title", "text", "sizes"), [
    # a share in a parenthesis between a count and its noun does not hide the noun
    ("", "Of 348 peer support workers and 143 supervisors, 251 (72%) peer support workers and 115 (80%) supervisors "
     "completed baseline surveys.", {(348, "peer-support-worker"), (143, "stakeholder"), (251, "peer-support-worker"),
                                     (115, "stakeholder")}),
    # a labelled age is no group
    ("", "We surveyed 486 students. Students were somewhat older than traditional age (mean age = 26).",
     {(486, "student")}),
    # a role in the singular before initiatives names what they are of
    ("", "We studied ten peer worker initiatives and interviewed 12 managers.", {(12, "stakeholder")}),
    # the arm a study compares peer support with counts people denied it, never the peers who give it
    ("Outcomes of peer specialists in South Florida", "We compared outcomes between individuals who received peer "
     "specialist services and a treatment as usual group (n = 1468).", {(1468, "")}),
])
def test_what_a_count_is_not(title: str, text: str, sizes: set) -> None:
    assert _sizes(title, text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a bare count that a participle assigns to an arm is a part of the sample counted before it
    # a bare count with its share and what its people had is a part of the group counted before it
    ("Among 325 participants randomized to the social work arm, 95 (29%) had an opioid overdose.",
     {(325, ""), (95, "")}),
    ("We enrolled 30 participants, and only 3 (10%) achieved sustained abstinence.", {(30, ""), (3, "")}),
    ("Among 325 participants randomized to the social work arm, 29% had an overdose, compared to 25% of the 323 "
     "randomized to the peer arm.", {(325, ""), (323, "")}),
    ("Of the 120 veterans, 61 were randomised to the peer arm.", {(120, "veteran"), (61, "veteran")}),
])
def test_a_count_assigned_to_an_arm(text: str, sizes: set) -> None:
    assert _sizes("", text) == sizes


@pytest.mark.parametrize(("title", "text", "expected"), [
    # a study that assesses the feasibility of what it studies, and names no design framing it
    ("Feasibility of peer support services among people with severe mental illness in China",
     "Thirteen peer service providers and 54 consumers were recruited.", {"feasibility-study"}),
    ("", "Implementation, feasibility and sustainability were assessed across five domains.", {"feasibility-study"}),
    ("", "We assessed the mentors' skills after training, their fidelity to the model, and the program's feasibility "
         "and acceptability.", {"feasibility-study"}),
    # a design that frames the study keeps it; another study's feasibility is not this one's
    ("", "This randomised controlled trial examined the feasibility and effectiveness of peer mentors.", {"rct"}),
    ("", "Our data came from a trial, which tested the feasibility of a peer support model.", set()),
])
def test_a_study_that_assesses_feasibility(title: str, text: str, expected: set[str]) -> None:
    work = Work(line=1, title=title, abstract=text, abstract_sections=(AbstractSection("Methods", text),))
    assert {str(m.concept).rsplit("/", 1)[1] for m in extract_study(work).designs} == expected


def test_a_finding_is_about_the_people_its_sentence_counts() -> None:
    work = _sectioned(("Methods", "Thirteen peer service providers, 54 consumers and 32 caregivers took part."),
                      ("Results", "Improvements in mood and illness knowledge were detected among 23 and 13 "
                                  "consumers, respectively."))
    found = {(str(f.outcome).rsplit("/", 1)[1], str(f.population).rsplit("/", 1)[1] if f.population else "")
             for f in extract_study(work).findings}
    assert ("mental-health-literacy", "service-user") in found, found


@pytest.mark.parametrize(("text", "sizes"), [
    # a bare count that opens a clause with what its people were is the sample the rest of the sentence splits
    ("Of 300 invited, 120 (40%) responded.", {(300, ""), (120, "")}),
    ("Of 80 randomised, 72 completed follow-up.", {(80, ""), (72, "")}),
    # not a count of studies
    ("Of 12 studies included, 8 were trials.", set()),
])
def test_a_bare_count_that_opens_a_clause(text: str, sizes: set) -> None:
    assert _sizes("", text) == sizes


@pytest.mark.parametrize(("text", "role"), [
    # a counted group names its people as a role of the study
    ("A qualitative study using focus group discussions with four professionals in the mental health field.",
     "mental-health-staff"),
    ("Thirteen peer service providers and 54 consumers were recruited.", "service-user"),
])
def test_a_counted_group_names_a_role_of_the_study(text: str, role: str) -> None:
    assert role in _roles(text)


@pytest.mark.parametrize(("text", "sizes"), [
    # a part given after a percentage "in the" arm is of that arm, as "of the" arm is
    ("At 12 weeks, 14% (40/297) of women in the intervention group and 25% (78/315) in the control group had a "
     "high score.", {(40, ""), (297, ""), (78, ""), (315, "")}),
    # "in" something that is no arm counts no one
    ("Response was 30% (6/20) in the first wave.", set()),
])
def test_a_part_in_an_arm(text: str, sizes: set) -> None:
    assert _sizes("", text) == sizes
