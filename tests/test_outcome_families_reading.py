"""Outcome concepts named the way the field writes them: the narrower MeSH terms of a concept's descriptor, the
phrasings its definition names, and the background the annotation rules count ("what the people concerned are at
risk of or burdened by"). Each sentence is written for its family, and each case states what must not match as
well as what must."""

from __future__ import annotations

import pytest

from kg.extract import extract_study
from kg.records import AbstractSection, Work


def _read(sentence: str) -> tuple[set[str], set[str]]:
    """The outcome concepts a one-sentence result names, and those it gives a finding of."""
    work = Work(line=1, abstract=sentence, abstract_sections=(AbstractSection("Results", sentence),))
    content = extract_study(work)
    return ({str(m.concept).rsplit("/", 1)[-1] for m in content.outcomes},
            {str(f.outcome).rsplit("/", 1)[-1] for f in content.findings})


@pytest.mark.parametrize(("sentence", "clinical"), [
    # A good or harm done to mental health names the clinical outcome, as a change said of it does.
    ("Mentees described benefits to their mental health.", True),
    ("Several members reported harm to their mental health.", True),
    # Whose mental health it is may stand between: "maternal", "adolescent".
    ("The groups had positive effects on maternal mental health.", True),
    # What a service is for, or its staff, stays no outcome.
    ("Mentees described benefits to mental health services.", False),
    ("There is little evidence for the benefits of mental health peers.", False),
])
def test_a_good_or_harm_done_to_mental_health(sentence: str, clinical: bool) -> None:
    named, _ = _read(sentence)
    assert ("clinical" in named) is clinical


@pytest.mark.parametrize(("sentence", "clinical"), [
    # Mental health problems said to be frequent or growing, and mental health named by its state, are the
    # burden of the background: an outcome, with no finding of it.
    ("Mental health difficulties among university students are increasing.", True),
    ("Rural families face high rates of child mental health problems.", True),
    ("Mental health conditions are a leading cause of disability in young people.", True),
    ("The sessions teach pupils to tell good and bad mental health apart.", True),
    # The problems as what people have, or what a service is for, describe a population.
    ("Adults with mental health problems were recruited from clinics.", False),
    ("Peer support for mental health problems is spreading across Europe.", False),
])
def test_mental_health_as_a_burden_of_the_background(sentence: str, clinical: bool) -> None:
    named, found = _read(sentence)
    assert ("clinical" in named) is clinical
    assert "clinical" not in found


@pytest.mark.parametrize(("sentence", "concept"), [
    # The narrower term of MeSH Patient Acceptance of Health Care (Patient Compliance), and the rate of attending
    # that the definition names, are service engagement.
    ("Treatment compliance was higher in the mentored arm.", "engagement"),
    ("Attendance rates rose after peer outreach began.", "engagement"),
    # MeSH Credentialing and its Certification name the professional development of peer workers.
    ("Peer specialists valued state certification as a step in their careers.", "training"),
    # Housing is a part of community life as a citizen (social inclusion).
    ("Housing improved for the people who met a peer mentor.", "social-inclusion"),
    ("Participation in community activities rose in the peer group.", "social-inclusion"),
    # MeSH Health Status as people rate it themselves.
    ("General health improved in the peer group.", "physical-health"),
    ("Self-rated health was higher at twelve months.", "physical-health"),
    # Outcomes for the peer workers themselves: the conditions and experiences of their work.
    ("Peer workers described their working conditions as precarious.", "peer-workforce"),
    ("The survey asked peer specialists about their employment experiences.", "peer-workforce"),
])
def test_sourced_phrasings(sentence: str, concept: str) -> None:
    named, _ = _read(sentence)
    assert concept in named


@pytest.mark.parametrize(("sentence", "concept"), [
    # Housing that is the intervention is no outcome.
    ("Tenants of supported housing were offered peer mentoring.", "social-inclusion"),
    ("The Housing First programme added peer specialists.", "social-inclusion"),
    # The General Health Questionnaire measures distress, and general health services are a service.
    ("The General Health Questionnaire was completed at baseline.", "physical-health"),
    ("Participants used general health services more often.", "physical-health"),
    # Certification after a word of time is a point in time, not an outcome.
    ("Following certification, peer specialists held various positions.", "training"),
])
def test_sourced_phrasings_in_other_senses(sentence: str, concept: str) -> None:
    named, _ = _read(sentence)
    assert concept not in named


@pytest.mark.parametrize(("sentence", "concept", "named"), [
    # A possessive between the people and a participle makes the phrase theirs, not a description of them.
    ("Peer workers' working conditions were discussed in every focus group.", "peer-workforce", True),
    # Without the possessive, a participle right after the people still says who they are.
    ("Programs may produce sustained benefits for individuals seeking help in addressing challenges.",
     "help-seeking", False),
])
def test_a_possessive_before_a_participle(sentence: str, concept: str, named: bool) -> None:
    found, _ = _read(sentence)
    assert (concept in found) is named


@pytest.mark.parametrize(("sentence", "concept", "named"), [
    # Attitudes toward peer workers are how they are accepted where they work.
    ("Staff attitudes toward peer workers grew more positive over the year.", "workplace-integration", True),
    ("Nurses held favourable attitudes towards the peer specialists.", "workplace-integration", True),
    # Attitudes toward the people who live with mental illness stay stigma; toward anything else, nothing.
    ("Attitudes toward people with mental illness improved.", "workplace-integration", False),
    ("Attitudes toward medication were unchanged.", "workplace-integration", False),
    # Being valued by colleagues is acceptance at work.
    ("Peer workers felt valued by colleagues in the ward.", "workplace-integration", True),
])
def test_acceptance_of_peer_workers_at_work(sentence: str, concept: str, named: bool) -> None:
    found, _ = _read(sentence)
    assert (concept in found) is named


@pytest.mark.parametrize(("sentence", "integration"), [
    # Peer workers valued, respected or accepted by the staff of a service, and relations between the two.
    ("Peer workers were highly valued by the ward teams.", True),
    ("Peer specialists felt respected by clinicians and managers.", True),
    ("Good relationships between nurses and peer workers mattered most.", True),
    # Without both the peer workers and the staff, the words name no acceptance at work.
    ("Service users valued the advice given by clinicians.", False),
    ("The relationship between hope and recovery was strong.", False),
])
def test_peer_workers_taken_by_staff(sentence: str, integration: bool) -> None:
    found, _ = _read(sentence)
    assert ("workplace-integration" in found) is integration


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # Supervision named by its relationship or support is the supervision of the peer workers.
    ("The supervisory relationship shaped how peer specialists saw their jobs.", {"training"}, set()),
    ("Peer workers rated the supervisory working alliance highly.", {"training"}, {"engagement"}),
    ("Capacity building for peer supporters was recommended.", {"training"}, set()),
])
def test_supervision_named_by_its_relationship(sentence: str, present: set[str], absent: set[str]) -> None:
    found, _ = _read(sentence)
    assert present <= found
    assert not (absent & found)


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # Mental health said of the peer workers is their own mental health, the wellbeing of peer workers.
    ("Peer workers' mental health improved over the year.", {"peer-worker-wellbeing"}, {"clinical"}),
    ("Service users' mental health improved over the year.", {"clinical"}, {"peer-worker-wellbeing"}),
])
def test_the_mental_health_of_peer_workers(sentence: str, present: set[str], absent: set[str]) -> None:
    found, _ = _read(sentence)
    assert present <= found
    assert not (absent & found)
