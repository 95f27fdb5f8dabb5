"""Outcomes read from the names of measures, their acronyms and the words around a label, not from fixed phrases."""

from __future__ import annotations

import csv

import pytest

from kg.extract import extract_study
from kg.extract.lexicon import INSTRUMENTS_CSV, lexicon
from kg.namespaces import CONCEPT
from kg.records import Work
from kg.resources import resource_file


def _outcomes(text: str) -> set[str]:
    content = extract_study(Work(line=1, abstract=text))
    return {str(m.concept).removeprefix(str(CONCEPT)) for m in content.outcomes}


def _findings(text: str) -> set[tuple[str, str]]:
    content = extract_study(Work(line=1, abstract=text))
    return {(str(f.outcome).removeprefix(str(CONCEPT)), str(f.direction).rsplit("#", 1)[-1])
            for f in content.findings}


def test_every_instrument_names_an_outcome_concept_of_the_scheme() -> None:
    with resource_file("kg", INSTRUMENTS_CSV).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    outcomes = {str(c).removeprefix(str(CONCEPT)) for c in lexicon().labels if "/outcome/" in str(c)}
    for row in rows:
        assert row["concept"] in outcomes, row
        assert row["standalone"] in ("yes", "no") and row["source"] in ("name", "label"), row


@pytest.mark.parametrize(("text", "outcome"), [
    ("Carers completed the Zarit Burden Interview.", "outcome/caregiver-burden"),
    ("Hope was rated on the Herth Hope Index.", "outcome/hope"),
    ("Peer workers completed the Copenhagen Burnout Inventory.", "outcome/burnout"),
    ("Drinking was measured by the Alcohol Use Disorders Identification Test.", "outcome/substance-use"),
])
def test_the_name_of_a_measure_names_its_outcome(text: str, outcome: str) -> None:
    assert outcome in _outcomes(text)


@pytest.mark.parametrize(("text", "finding"), [
    # an acronym the text defines after a measure's name, with digits, then used alone
    ("Measures included the Patient Health Questionnaire-9 (PHQ-9). Results: PHQ-9 scores fell significantly.",
     ("outcome/symptom-severity", "Positive")),
    # the acronym's letters taken from inside the name's words ("Wellbeing" gives W and B)
    ("We used the Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS). Results: WEMWBS scores rose significantly.",
     ("outcome/wellbeing", "Positive")),
    # a short acronym, read only because the text defines it
    ("Burden was rated on the Zarit Burden Interview (ZBI). Results: ZBI scores did not differ between groups.",
     ("outcome/caregiver-burden", "NoDifference")),
])
def test_an_acronym_defined_after_a_measure_stands_for_its_outcome(text: str, finding: tuple[str, str]) -> None:
    assert finding in _findings(text)


def test_a_short_acronym_the_text_does_not_define_is_no_outcome() -> None:
    assert _outcomes("Results: ZBI and RAS totals were reported.") == set()


def test_the_acronym_of_an_intervention_named_for_an_outcome_is_no_outcome() -> None:
    text = ("Participants joined a depression Internet Support Group (ISG). "
            "Results: The ISG was used weekly by most participants.")
    assert _outcomes(text) == {"outcome/symptom-severity"}
    assert _findings(text) == set()


@pytest.mark.parametrize(("text", "absent"), [
    ("Themes mapped onto self-determination theory.", "outcome/empowerment"),
    ("Coding was informed by boundary theory.", "outcome/role-ambiguity"),
    ("We discuss the employment of peer support workers in emergency departments.", "outcome/employment-education"),
])
def test_a_label_in_another_sense_is_no_outcome(text: str, absent: str) -> None:
    assert absent not in _outcomes(text)


@pytest.mark.parametrize(("text", "outcome"), [
    ("Results: Employment of participants rose at twelve months.", "outcome/employment-education"),
    ("Results: Self-determination increased.", "outcome/empowerment"),
    ("Results: Family burden fell and carer strain eased.", "outcome/caregiver-burden"),
    ("Results: Patient activation improved.", "outcome/self-efficacy"),
])
def test_the_same_labels_in_their_own_sense_are_outcomes(text: str, outcome: str) -> None:
    assert outcome in _outcomes(text)


@pytest.mark.parametrize("text", [
    "Focus groups were held 18 months after the implementation of the peer support programme.",
    "Prior to its implementation, the trial compared the programme with usual care.",
    "The course drew on implementation intentions.",
    "The implementation and integration of peer support workers is one such strategy.",
])
def test_implementation_as_a_point_in_time_or_a_technique_is_no_outcome(text: str) -> None:
    assert "outcome/implementation" not in _outcomes(text)


def test_implementation_as_a_theme_is_an_outcome() -> None:
    assert "outcome/implementation" in _outcomes("Themes concerned the implementation of peer support in hospitals.")


@pytest.mark.parametrize(("text", "absent"), [
    ("Measurements of organizational functioning were better on the intervention ships.",
     "outcome/social-functioning"),
    ("The programme aims at promoting organisational well-being.", "outcome/wellbeing"),
    ("Mentors delivered the intervention with fidelity as assessed by adherence and competence ratings.",
     "outcome/engagement"),
])
def test_an_organisation_or_a_protocol_is_not_the_people_supported(text: str, absent: str) -> None:
    assert absent not in _outcomes(text)


def test_academic_outcomes_are_education() -> None:
    assert _findings("Results: The intervention had no effect on academic satisfaction and engagement.") >= {
        ("outcome/employment-education", "NoDifference")}


@pytest.mark.parametrize(("text", "expected"), [
    ("This study explored how mental health professionals collaborate with peer supporters.", True),
    ("Staff were prepared for working alongside peer workers.", True),
    ("Service users collaborated with clinicians on the plan.", False),
    ("Clinicians formed partnerships with service users.", False),
])
def test_working_together_with_peer_workers_is_workplace_integration(text: str, expected: bool) -> None:
    assert ("outcome/workplace-integration" in _outcomes(text)) is expected


def test_what_people_are_given_is_no_description_of_them() -> None:
    assert "outcome/training" in _outcomes("Services should focus on providing peer workers with training.")
    assert "outcome/substance-use" not in _outcomes("Peer workers with substance use problems were recruited.")


@pytest.mark.parametrize(("text", "expected"), [
    ("Peer volunteers attended a four-hour training session.", False),
    ("Peer workers asked for more training and supervision.", True),
])
def test_a_training_session_of_the_study_is_no_training_outcome(text: str, expected: bool) -> None:
    assert ("outcome/training" in _outcomes(text)) is expected


@pytest.mark.parametrize("text", [
    "Mental health workers demonstrated overall positive attitudes towards peer support.",
    "Peers from the same community were the most preferred delivery agents.",
])
def test_attitudes_to_peer_support_are_its_acceptability(text: str) -> None:
    assert "outcome/acceptability" in _outcomes(text)
