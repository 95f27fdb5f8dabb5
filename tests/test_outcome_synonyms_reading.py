"""Outcomes named by words that the concept's definition makes synonyms of its labels: the health economics of
a service (cost), a team's cohesion (workplace integration), a role description (as a job description, role
ambiguity) and the characteristics of peer workers' employment (as their job characteristics, the peer workforce);
engagement that is taking part in what another outcome names, which names that outcome; and widely used
instruments, which name what they measure. Each sentence is written for its case, and each case states what must
not match as well as what must."""

from __future__ import annotations

import pytest

from kg.extract import extract_study
from kg.records import AbstractSection, Work


def _named(sentence: str, heading: str = "Results") -> set[str]:
    """The outcome concepts a one-sentence abstract names."""
    work = Work(line=1, abstract=sentence, abstract_sections=(AbstractSection(heading, sentence),))
    return {str(m.concept).rsplit("/", 1)[-1] for m in extract_study(work).outcomes}


def _found(sentence: str) -> set[tuple[str, str]]:
    """The (outcome, direction) findings of a one-sentence abstract whose sentence is a result."""
    work = Work(line=1, abstract=sentence, abstract_sections=(AbstractSection("Results", sentence),))
    return {(str(f.outcome).rsplit("/", 1)[-1], str(f.direction).rsplit("#", 1)[-1])
            for f in extract_study(work).findings}


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # What a service costs and the value it gives: the cost outcome, by the definition's words.
    # Economic hardship named as people's circumstances is no cost of a service.
    ("Families named social and economic challenges in reaching the clinic.", set(), {"cost"}),
    ("The trial adds a health economics analysis of the befriending scheme.", {"cost"}, set()),
    # The unity of the team peer workers join is how they are integrated where they work.
    ("Managers named team cohesion as the main support for the new peer roles.", {"workplace-integration"}, set()),
    # A role description, as a job description, says what a peer worker is for.
    ("Each site wrote a role description before the peer mentors started.", {"role-ambiguity"}, set()),
    ("Role descriptions differed between the three wards.", {"role-ambiguity"}, set()),
    # The characteristics of peer workers' employment are their job characteristics, not the employment outcome
    # of the people they support.
    ("Exhaustion among peer specialists was related to their employment characteristics.", {"peer-workforce"},
     {"employment-education"}),
    # The pleasure of doing the work of helping well (the Professional Quality of Life scale) is the workers' own
    # wellbeing at work, not satisfaction with a service received.
    ("Peer responders derive pleasure from their jobs, i.e., compassion satisfaction.", {"peer-worker-wellbeing"},
     {"acceptability"}),
])
def test_synonyms_by_definition(sentence: str, present: set[str], absent: set[str]) -> None:
    named = _named(sentence)
    assert present <= named
    assert not absent & named


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # Taking part in what another outcome names is that outcome, not engagement with care.
    ("Carers reported more engagement in self-care activities after the course.", {"health-behaviour"},
     {"engagement"}),
    ("Mentees reported greater engagement in meaningful activities by the end of the year.", {"meaning"},
     {"engagement"}),
    # Engagement with care, or with the programme itself, stays service engagement.
    ("Engagement with the befriending scheme was high in the first month.", {"engagement"}, set()),
    ("Engagement in outpatient treatment rose after discharge.", {"engagement"}, set()),
])
def test_engagement_in_another_outcome_names_that_outcome(sentence: str, present: set[str], absent: set[str]) -> None:
    named = _named(sentence)
    assert present <= named
    assert not absent & named


@pytest.mark.parametrize(("sentence", "concept"), [
    # A widely used instrument names the construct it measures, by its full name or a distinctive abbreviation.
    ("Clinicians rated each mentee on the Clinical Global Impression scale.", "symptom-severity"),
    ("Key workers completed the Life Skills Profile for every resident.", "social-functioning"),
    ("Couples filled in the Dyadic Adjustment Scale at both visits.", "social"),
    ("Relatives completed the Family Assessment Device after the last session.", "social"),
    ("Fathers completed the Parenting Sense of Competence Scale at intake.", "self-efficacy"),
    ("Members completed the Assessment of Recovery Capital every quarter.", "recovery"),
    ("OQ-45 totals were recorded at every fourth session.", "clinical"),
    ("CORE-10 totals were recorded at every session.", "symptom-severity"),
])
def test_an_instrument_names_what_it_measures(sentence: str, concept: str) -> None:
    assert concept in _named(sentence, "Methods")


@pytest.mark.parametrize(("sentence", "heading"), [
    # What people with mental illness are at risk of bodily is physical health, background included
    # (tests/annotations/README.md, outcomes): illness and death counted in a population, or dying early.
    ("Excess morbidity from diabetes and heart disease is common in bipolar disorder.", "Background"),
    ("Mortality at two years did not differ between the arms.", "Results"),
    ("Premature death, often from preventable causes, shortens the lives of people with schizophrenia.",
     "Background"),
    ("Untreated medical conditions were common among the shelter residents.", "Background"),
])
def test_illness_and_death_of_the_body_are_physical_health(sentence: str, heading: str) -> None:
    assert "physical-health" in _named(sentence, heading)


def test_a_fall_in_mortality_is_a_gain_in_physical_health() -> None:
    assert ("physical-health", "Positive") in _found("Mortality fell significantly among members who met a peer navigator.")


@pytest.mark.parametrize(("sentence", "heading"), [
    # Being shut out of community life is the opposite pole of social inclusion, and a fall in it a gain.
    ("Many tenants described social exclusion after leaving the ward.", "Results"),
    ("Marginalisation of people with psychosis persists in rural areas.", "Background"),
    ("Members felt less socially excluded after a year of drop-in visits.", "Results"),
])
def test_exclusion_names_social_inclusion(sentence: str, heading: str) -> None:
    assert "social-inclusion" in _named(sentence, heading)


def test_a_fall_in_social_exclusion_is_a_gain_in_inclusion() -> None:
    assert ("social-inclusion", "Positive") in _found("Social exclusion fell significantly among those who attended the clubhouse.")


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # The stress of parenting a child with mental health needs is the strain of caring the burden concept defines;
    # the stress of others is not.
    ("Mothers in the peer-led course reported less parenting stress than those on the waitlist.",
     {"caregiver-burden"}, set()),
    ("Parental stress did not differ between the two arms.", {"caregiver-burden"}, set()),
    ("Peer workers described occupational stress in their first year.", set(), {"caregiver-burden"}),
])
def test_the_stress_of_parenting_is_caregiver_burden(sentence: str, present: set[str], absent: set[str]) -> None:
    named = _named(sentence)
    assert present <= named
    assert not absent & named
