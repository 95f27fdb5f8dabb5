"""Roles, their functions and counted groups read as the annotation rules write them: who delivers and who
receives peer support, what "with lived experience" adds, and the counts that split a group by whom or by kind.
Each sentence is written for the rule, not taken from an annotated abstract."""

from __future__ import annotations

import pytest

from kg.extract import StudyContent, extract_study
from kg.records import Work


def _read(text: str) -> StudyContent:
    return extract_study(Work(line=1, title="", abstract=text))


def _name(iri: object) -> str:
    return str(iri).rsplit("/", 1)[1] if iri else ""


@pytest.mark.parametrize(("text", "roles"), [
    # peers who receive the support are service users, never peer workers
    ("The workshop was delivered by nurses to peers with alcohol problems.", {"mental-health-staff", "service-user"}),
    ("Coaching was provided by people in long-term recovery from gambling problems to peers in treatment.",
     {"service-user"}),
    ("Peers receiving the calls reported less loneliness.", {"service-user"}),
    ("Peers who had attended the drop-in rated it highly.", {"service-user"}),
    ("Volunteers in recovery are trained to support peers in treatment.", {"service-user"}),
    ("The support peers gave was valued by patients.", {"peer-support-worker", "service-user"}),
    # or the narrower group the text names them by
    ("Trained students provided support to peers who were struggling with exams.", {"student"}),
    # peers who give it stay peer workers
    ("Peers were trained to deliver the sessions.", {"peer-support-worker"}),
    ("Students talked with peers about stress.", {"peer-support-worker", "student"}),
    # "peer" set against another kind of provider names the peers who deliver
    ("We compared peer versus professional delivery of a brief intervention.", {"peer-support-worker"}),
    ("Patients chose a clinician or peer for the follow-up call.",
     {"mental-health-staff", "peer-support-worker", "service-user"}),
    ("Peer or group sessions were offered.", set()),
    # an activity peers do names the intervention, as "peer support" does, not people
    ("Individualised peer mentoring reduced low mood.", set()),
    ("Peer mentors phoned each mentee weekly.", {"peer-mentor"}),
    # "consumers" at the head of their phrase are service users, as the scheme defines them; not a modifier of
    # another noun, nor consumers in another role, nor the narrower group a role before them names
    ("Peer providers help the consumers of their services.", {"peer-support-worker", "service-user"}),
    ("The team brought consumers into services.", {"service-user"}),
    ("Consumer providers joined the team.", {"consumer-provider"}),
    ("Staff valued consumers as trainers.", {"mental-health-staff"}),
    ("Outcomes for young adult consumers were mixed.", {"youth"}),
    # a therapist is a clinician, whom the scheme's mental health staff include
    ("Users rated their online therapist highly.", {"mental-health-staff"}),
    # a programme's name names a service, not people, as does a service a participle says who runs
    ("A consumer-operated program served the county.", set()),
    ("Consumer-run services were compared across four states.", set()),
    ("The county expanded its consumer-provided services.", set()),
    ("Consumers of mental health services rated the groups.", {"service-user"}),
    # the last noun of a compound is its head: "youth peer support workers" are peer support workers
    ("Youth peer support workers phoned young people after discharge.", {"peer-support-worker", "youth"}),
])
def test_peers_are_named_by_what_they_do(text: str, roles: set[str]) -> None:
    assert {_name(m.concept) for m in _read(text).roles} == roles


@pytest.mark.parametrize(("title", "text", "roles"), [
    # a role's word in the name of a body names the body, not people, as a programme's name does
    ("", "Peer specialists employed by the Veterans Health Administration were surveyed.", {"peer-specialist"}),
    ("", "The Department of Veterans Affairs funds peer specialists.", {"peer-specialist"}),
    ("Peer Specialists in Veterans Health Administration Clinics", "We surveyed them.", {"peer-specialist"}),
    ("Hiring Peer Workers: Lessons From the Department of Veterans Affairs", "We surveyed them.",
     {"peer-support-worker"}),
    # staff of a school, a university or a forum are not the scheme's mental health staff; ward staff are
    ("", "School staff and students described the peer programme.", {"student"}),
    ("", "We interviewed forum staff about peer support.", set()),
    ("", "Ward staff supported the peer workers.", {"mental-health-staff", "peer-support-worker"}),
    # a staff title that peers or consumers take names the peers, not other people; a peer role stays a role
    ("", "Some teams integrated consumers as team members.", set()),
    ("", "Peer workers were hired as case managers on two teams.", {"peer-support-worker"}),
    ("", "Peer workers held paraclinical roles (e.g. case manager) in most trials.", {"peer-support-worker"}),
    ("", "Peer workers as well as nurses were interviewed.", {"mental-health-staff", "peer-support-worker"}),
    ("", "The agency employed consumers as peer specialists.", {"peer-specialist"}),
    # the second "as" of a comparison opens no complement: the staff compared with the peers are people
    ("", "Peer mentors were as helpful as a group of case managers.", {"peer-mentor", "mental-health-staff"}),
    # peers of the mutual support a title names are its members, who give it to one another, not peer workers
    ("A peer-led mutual support group for carers", "Carers met every second week.", {"family-member"}),
    ("Peer-led groups for carers", "Carers met every second week.", {"family-member", "peer-support-worker"}),
    ("Peer support for psychosis: a review", "Trials of mutual support and of peer-delivered services were included.",
     {"peer-support-worker"}),
    # capitalised people in a title stay people
    ("Peer Specialists Helping Veterans With Chronic Pain", "We surveyed them.", {"peer-specialist", "veteran"}),
])
def test_roles_in_other_senses(title: str, text: str, roles: set[str]) -> None:
    content = extract_study(Work(line=1, title=title, abstract=text))
    assert {_name(m.concept) for m in content.roles} == roles


@pytest.mark.parametrize(("text", "functions"), [
    # "with lived experience" adds lived-experience for the same people, with the same function
    ("Peer mentors with lived experience of homelessness supported tenants.",
     {("peer-mentor", "delivers"), ("lived-experience", "delivers")}),
    ("We interviewed peer workers who have lived experience of psychosis about their jobs.",
     {("peer-support-worker", "informant"), ("lived-experience", "informant")}),
    # through a copula, the subject it describes
    ("Peer navigators (PNs) are adults with lived experience of addiction who guide patients.",
     {("peer-navigator", "delivers"), ("lived-experience", "delivers"), ("service-user", "receives")}),
    # a role named only by a count's noun informs when its sentence collects data from it
    ("Focus groups were held with four professionals about peer support.", {("mental-health-staff", "informant")}),
    # peers who receive the support receive it
    ("The course was given by nurses to peers with alcohol problems.", {("service-user", "receives")}),
])
def test_role_functions(text: str, functions: set[tuple[str, str]]) -> None:
    assert {(_name(f.role), str(f.function)) for f in _read(text).role_functions} == functions


@pytest.mark.parametrize(("text", "sizes"), [
    # the last role of a compound is the head a count counts: supervisors of peer specialists, mentors who are youth
    ("We interviewed 7 peer specialists and 6 peer specialist supervisors.",
     {(7, "participants", "peer-specialist"), (6, "participants", "stakeholder")}),
    ("We interviewed 8 youth peer mentors.", {(8, "participants", "peer-mentor")}),
    # interviews or focus groups split by whom they were held with: each part in the unit, with its role
    ("Sixteen interviews were conducted, eight with peer workers and eight with clinicians.",
     {(16, "interviews", ""), (8, "interviews", "peer-support-worker"), (8, "interviews", "mental-health-staff")}),
    ("We ran 20 interviews (12 with service users and 8 with staff).",
     {(20, "interviews", ""), (12, "interviews", "service-user"), (8, "interviews", "mental-health-staff")}),
    ("Five focus groups were held: three with nurses and two with carers.",
     {(5, "focus groups", ""), (3, "focus groups", "mental-health-staff"), (2, "focus groups", "family-member")}),
    # a count with no interviews before it is no part of them
    ("Of the mentors, 12 with a degree stayed on.", set()),
    # counts of a kind of participant, without a noun, are groups of the group they are part of
    ("Of the 250 service users, 140 were female and 110 male.",
     {(250, "participants", "service-user"), (140, "participants", "service-user"),
      (110, "participants", "service-user")}),
    ("Two hundred students took part (120 female).",
     {(200, "participants", "student"), (120, "participants", "student")}),
    # or of the group whose count they are coordinated with
    ("The sample included 375 male and 225 female students.",
     {(375, "participants", "student"), (225, "participants", "student")}),
    # counts per site or country are groups of the count they split, or siblings of a count at a place
    ("We interviewed 30 peer workers, 12 in Kenya and 18 in Uganda.",
     {(30, "participants", "peer-support-worker"), (12, "participants", "peer-support-worker"),
      (18, "participants", "peer-support-worker")}),
    ("Seven interviews took place in Pakistan and five in India.", {(7, "interviews", ""), (5, "interviews", "")}),
    ("The 40 carers met in Leeds on 12 occasions.", {(40, "participants", "family-member")}),
    # an "n =" after a place counts what was counted before it, at that place, in its unit
    ("We held 9 focus groups in Leeds (n = 3) and Kampala (n = 6).",
     {(9, "focus groups", ""), (3, "focus groups", ""), (6, "focus groups", "")}),
    ("Ten interviews (with 14 carers) took place in Leeds (n = 4) and Kampala (n = 6).",
     {(10, "interviews", "family-member"), (14, "participants", "family-member"), (4, "interviews", "family-member"),
      (6, "interviews", "family-member")}),
    # arms labelled inside the parenthesis after a counted group are parts of it
    ("We randomised 150 veterans (intervention 76, waitlist 74).",
     {(150, "participants", "veteran"), (76, "participants", "veteran"), (74, "participants", "veteran")}),
    ("The analysed sample was N = 90 (PALS n = 44, control n = 46).",
     {(90, "participants", ""), (44, "participants", ""), (46, "participants", "")}),
    # an arm's count given by gapping after "and" is an arm too
    ("In all, 130 students were allocated to the peer arm and 128 the control condition.",
     {(130, "participants", "student"), (128, "participants", "student")}),
    # families are a unit of their own, and the arms of a sample of families count families
    ("A trial of 64 families of young people with psychosis was run.", {(64, "families", "family-member")}),
    ("Families were randomly assigned to the peer group (N=30) or usual care (N=34).",
     {(30, "families", "family-member"), (34, "families", "family-member")}),
    ("The groups included 30 carers from 24 families.",
     {(30, "participants", "family-member"), (24, "families", "family-member")}),
    # a count in parentheses after a share, before "of" a counted group, is a part of that group
    ("The exit survey was returned by 58% (70) of the 120 mentors.",
     {(120, "participants", "peer-mentor"), (70, "participants", "peer-mentor")}),
])
def test_counts_split_by_whom_or_by_kind(text: str, sizes: set[tuple[int, str, str]]) -> None:
    assert {(g.size, g.unit, _name(g.role)) for g in _read(text).participant_groups} == sizes


@pytest.mark.parametrize(("text", "sizes"), [
    # "non-" before "peer" names the people who are not peers: staff, when the noun names providers
    ("Interviews were held with non-peer service providers (n=11) at three centres.",
     {(11, "participants", "mental-health-staff")}),
    ("Interviews were held with 12 peer service providers.", {(12, "participants", "peer-support-worker")}),
    # those who call a line that gives support use its service, and the parts of their count are theirs too
    ("Interviews were held with 33 consumer participants and five peer workers.",
     {(33, "participants", "service-user"), (5, "participants", "peer-support-worker")}),
    ("Helpline callers (n = 34; 21 male, 12 female) were connected to a peer worker.",
     {(34, "participants", "service-user"), (21, "participants", "service-user"),
      (12, "participants", "service-user")}),
])
def test_people_named_by_what_they_are_not_or_by_what_they_use(text: str, sizes: set[tuple[int, str, str]]) -> None:
    assert {(g.size, g.unit, _name(g.role)) for g in _read(text).participant_groups} == sizes


@pytest.mark.parametrize(("text", "roles"), [
    # "consumer" before a noun of taking part names service users; before a noun of a provider it does not
    ("Consumer participants (N=8) had a mean age of 68.8 years.", {"service-user"}),
    ("Consumer providers delivered the groups.", {"consumer-provider"}),
    ("Non-peer staff delivered the groups.", {"mental-health-staff"}),
    # leadership as a skill or a kind of work names no people; the leaders of an agency are its stakeholders
    ("Peer specialists described their transition to leadership and their leadership skills.", {"peer-specialist"}),
    ("Interviews were conducted with agency leadership.", {"stakeholder"}),
])
def test_consumers_who_take_part_are_service_users(text: str, roles: set[str]) -> None:
    assert {_name(m.concept) for m in _read(text).roles} == roles


@pytest.mark.parametrize(("text", "roles"), [
    # lay health workers trained to deliver a psychological intervention are what the peer counsellor is defined as
    ("Problem-solving therapy was delivered on a bench by trained lay health workers.", {"peer-counsellor"}),
    ("Lay health counsellors delivered the sessions to adults with depression.", {"peer-counsellor"}),
    # community and lady health workers stay outside the roles
    ("Community health workers referred mothers to the programme.", {"parent"}),
])
def test_lay_health_workers_who_deliver_therapy_are_peer_counsellors(text: str, roles: set[str]) -> None:
    assert {_name(m.concept) for m in _read(text).roles} == roles
