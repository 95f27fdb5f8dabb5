"""Counted groups read as the annotation rules write the sizes: every counted group of people, interviews or focus
groups, with the role when the text names one; questionnaires returned are the people who returned them; a range of
sizes is no one group. Each sentence is written for the rule, not taken from an annotated abstract."""

from __future__ import annotations

import pytest

from kg.extract import extract_study
from kg.records import Work

Size = tuple[int, str, str]


def _sizes(text: str, title: str = "") -> set[Size]:
    content = extract_study(Work(line=1, title=title, abstract=text))
    return {(g.size, g.unit, str(g.role).rsplit("/", 1)[1] if g.role else "") for g in content.participant_groups}


@pytest.mark.parametrize(("text", "sizes"), [
    # the two ends of a range of sizes count no one group
    ("Each workshop had between 5 and 11 participants.", set()),
    ("Groups of between six and ten carers met monthly.", set()),
    # unlike two counted groups compared
    ("Differences between 45 peer workers and 43 nurses were small.",
     {(45, "participants", "peer-support-worker"), (43, "participants", "mental-health-staff")}),
])
def test_a_range_of_sizes_is_no_group(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    ("Of the 640 invited, 212 responded.", {(640, "participants", ""), (212, "participants", "")}),
    ("Among the 90 approached, 61 agreed to take part.", {(90, "participants", ""), (61, "participants", "")}),
])
def test_the_people_asked_and_those_who_took_part(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # "82 questionnaires" returned are 82 participants, of the role that returned them
    ("Ninety-four questionnaires were returned.", {(94, "participants", "")}),
    ("Of 300 questionnaires posted, 126 were returned.", {(126, "participants", "")}),
    ("We received 63 completed questionnaires from peer workers.", {(63, "participants", "peer-support-worker")}),
    ("In all, 57 questionnaires were returned by nurses.", {(57, "participants", "mental-health-staff")}),
    # what was only sent, the measures each person filled in, and surveys that may be one per site count no one
    ("Four hundred questionnaires were mailed out.", set()),
    ("Three questionnaires were completed by each participant.", set()),
    ("In total, 11 surveys were completed.", set()),
])
def test_questionnaires_returned_count_the_people_who_returned_them(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a second clause that leaves out the noun counts a sibling group in the same unit and role
    ("Fifty-two carers received the course and 49 received a leaflet.",
     {(52, "participants", "family-member"), (49, "participants", "family-member")}),
    ("The peer arm enrolled 70 participants and the control arm 68.",
     {(70, "participants", ""), (68, "participants", "")}),
    # a number that labels an arm counts no one
    ("Veterans joined one of two cohorts (cohort 1; N=40) and (cohort 2; N=52).",
     {(40, "participants", "veteran"), (52, "participants", "veteran")}),
])
def test_a_clause_that_leaves_out_the_noun_counts_a_sibling_group(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # interviews take the one group they were held with, up to a count held with others
    ("We will hold 24 interviews with carers and 10 with nurses.",
     {(24, "interviews", "family-member"), (10, "interviews", "mental-health-staff")}),
    ("In-depth interviews (n = 18) were carried out with peer mentors.", {(18, "interviews", "peer-mentor")}),
])
def test_interviews_take_whom_they_were_held_with(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # peers counted are named by what they do: those who give the support, or those who receive it
    ("Nine peers were trained to deliver the sessions.", {(9, "participants", "peer-support-worker")}),
    # peers who lead groups are peer facilitators, as the scheme defines them
    ("Four peers were trained to co-facilitate the weekly groups.", {(4, "participants", "peer-facilitator")}),
    ("Weekly support was given to 40 peers with depression.", {(40, "participants", "service-user")}),
    # relatives are family members, as the scheme defines them; a relative risk is no one
    ("We interviewed 15 relatives of people with psychosis.", {(15, "participants", "family-member")}),
    ("The relative risk was 0.8 across 12 trials.", set()),
])
def test_counted_people_are_named_by_what_they_are(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("title", "text", "sizes"), [
    # the "n =" after a relative clause counts the people "who" refers back to
    ("", "We compared adults who attended peer-run services (n = 120) with matched controls (n = 240).",
     {(120, "participants", ""), (240, "participants", "")}),
    ("", "Mothers who used the peer-run services (n = 64) were interviewed.", {(64, "participants", "parent")}),
    # those who received the peers' services are not the peers the title names
    ("Peer specialists and hospital use",
     "Individuals who received peer specialist services (n = 300) were compared with others.",
     {(300, "participants", "")}),
])
def test_a_count_after_a_relative_clause_counts_its_antecedent(title: str, text: str, sizes: set[Size]) -> None:
    assert _sizes(text, title) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a share of a kind of participant given with its "n =" counts them, as "375 male" does
    ("Of the carers, 61% (n = 44) were women and 39% (n = 28) men.",
     {(44, "participants", "family-member"), (28, "participants", "family-member")}),
    ("The sample was 58% female (n = 35).", {(35, "participants", "")}),
])
def test_a_share_of_a_kind_of_participant_is_a_group(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a count in general words is of the study's one population, but not when its clause says they deliver
    ("Peer support for young people was studied. Eight people involved in delivering the groups were interviewed.",
     {(8, "participants", "")}),
    ("Peer support for young people was studied. Eight participants provided data.", {(8, "participants", "youth")}),
])
def test_people_who_deliver_are_not_the_studys_population(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a role glossed by its acronym still qualifies the noun after the parenthesis, which may name things
    ("The guide sets out nine peer mentor (PM) standards.", set()),
    ("Twelve service user (SU) representatives joined the panel.", {(12, "participants", "service-user")}),
])
def test_a_roles_acronym_does_not_hide_what_it_qualifies(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a noun that names a role by itself names it before an "n =" as after a count
    ("Consumers (n = 50) and providers (n = 20) were surveyed.",
     {(50, "participants", "service-user"), (20, "participants", "mental-health-staff")}),
    ("Relatives (n = 30) and patients (n = 30) took part.",
     {(30, "participants", "family-member"), (30, "participants", "service-user")}),
    # users of peer support are service users; peers who provide services are not
    ("We surveyed 412 peer support users.", {(412, "participants", "service-user")}),
    ("We surveyed 41 peer service providers.", {(41, "participants", "peer-support-worker")}),
])
def test_a_noun_names_its_role_wherever_the_count_stands(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a summary of a measure or a rate counts no group
    ("Each navigator carried a caseload of 25 clients.", set()),
    ("Mentors met an average of 9 mentees per month.", set()),
    ("Coaches saw 14 clients a week.", set()),
    # a count at a place, or of the study's people, still does
    ("We recruited 14 clients at each of two clinics.", {(14, "participants", "service-user")}),
])
def test_a_summary_or_a_rate_is_no_group(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a count and its share in one parenthesis, as tables of results give them, counts the people its clause names
    ("Most carers named fatigue as their main concern (142, 58%).", {(142, "participants", "family-member")}),
    ("Most sessions took place by telephone (40, 20%).", set()),
])
def test_a_count_with_its_share_counts_the_people_its_clause_names(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # "N of the (their, these) people" counts a part of them, a group of its own
    ("Twenty nurses and 6 of their managers were interviewed.",
     {(20, "participants", "mental-health-staff"), (6, "participants", "stakeholder")}),
    ("Seven of these carers were later interviewed.", {(7, "participants", "family-member")}),
    ("Three of the sites closed.", set()),
])
def test_a_part_named_after_of_is_a_group(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # counts per site or country are groups of the count they split, however the place is given
    ("Thirty carers were recruited in Ghana (18) and Nigeria (12).",
     {(30, "participants", "family-member"), (18, "participants", "family-member"),
      (12, "participants", "family-member")}),
    ("Of the 30 carers, 18 lived in Ghana and 12 in Nigeria.",
     {(30, "participants", "family-member"), (18, "participants", "family-member"),
      (12, "participants", "family-member")}),
    # each count of a list shares the noun after its last count
    ("The three sites recruited 14, 9 and 11 nurses respectively.",
     {(14, "participants", "mental-health-staff"), (9, "participants", "mental-health-staff"),
      (11, "participants", "mental-health-staff")}),
])
def test_counts_per_place_and_lists_of_counts_are_groups(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # a count after "X of Y" counts X, the head of the group's name, which "of Y" qualifies
    ("Parents of teenagers with anxiety (N=95) were randomly assigned to a peer-led class or a waitlist.",
     {(95, "participants", "parent")}),
    ("Carers of adolescents (N=80; 70% mothers) were randomised to a peer-led course or a waitlist.",
     {(80, "participants", "family-member")}),
    # families counted are families (tests/annotations/README.md, sizes)
    ("Families of young people with psychosis (n = 60) took part.", {(60, "families", "family-member")}),
    # no people before "of": the people after it are the ones counted
    ("A sample of adolescents (N=120) completed the survey.", {(120, "participants", "youth")}),
])
def test_a_count_after_a_group_with_a_complement_counts_its_head(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes



@pytest.mark.parametrize(("text", "sizes"), [
    # an arm's "n =" splits the group counted before it, read however the two stand: families stay families
    ("We enrolled 52 families of people with bipolar disorder, who were randomly allocated to the peer course "
     "(n = 26) or to treatment as usual (n = 26).",
     {(52, "families", "family-member"), (26, "families", "family-member")}),
    ("Ninety families of adolescents with anorexia were assigned to peer mentoring or to a waitlist "
     "(n = 45 in each arm).",
     {(90, "families", "family-member"), (45, "families", "family-member")}),
    # a count "per group" is an arm, not a group of its own
    ("We randomised 84 service users to the peer-led or the clinician-led course (n = 42 per group).",
     {(84, "participants", "service-user"), (42, "participants", "service-user")}),
    # not the other people counted nearer: the arms are of the carers the sentence is about
    ("Carers of 64 young people with psychosis were allocated to peer support (n = 32) or to usual care (n = 32).",
     {(64, "participants", "youth"), (32, "participants", "family-member")}),
])
def test_an_arm_takes_the_unit_and_role_of_the_group_it_splits(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # coordinated or compared "n =" before a plural noun of things count the things their words modify
    ("Peer mentors worked more often in urban (n = 14) than rural (n = 6) clinics.", set()),
    ("Peer navigators were placed in adult (n = 9) and adolescent (n = 5) programmes.", set()),
    # but not before a verb, an arm's noun or people
    ("Peer workers (n = 12) and nurses (n = 15) were interviewed.",
     {(12, "participants", "peer-support-worker"), (15, "participants", "mental-health-staff")}),
    ("Participants were randomised to peer mentoring (n = 20) or usual care (n = 22) groups.",
     {(20, "participants", ""), (22, "participants", "")}),
])
def test_coordinated_counts_before_a_noun_of_things_count_things(text: str, sizes: set[Size]) -> None:
    assert _sizes(text) == sizes
