"""Outcomes that grammar shares out or a text defines: a head shared by coordinated modifiers, a prefix shared by
hyphenated conjuncts, an abbreviation defined in brackets, the burdens of the background the annotation rules
count, and social support that a text names as the kind of support peer support is (the intervention, no outcome).
Each sentence is written for its case, and each case states what must not match as well as what must."""

from __future__ import annotations

import pytest

from kg.extract import extract_study
from kg.records import AbstractSection, Work


def _read(text: str) -> tuple[set[str], set[str]]:
    """The outcome concepts a short result names, and those it gives a finding of."""
    work = Work(line=1, abstract=text, abstract_sections=(AbstractSection("Results", text),))
    content = extract_study(work)
    return ({str(m.concept).rsplit("/", 1)[-1] for m in content.outcomes},
            {str(f.outcome).rsplit("/", 1)[-1] for f in content.findings})


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # Every modifier of a list shares the head of the last item: physical wellbeing is physical health.
    ("Mentees described better physical, social and emotional wellbeing after the course.",
     {"physical-health", "wellbeing"}, set()),
    ("Mentees described better physical, social, and emotional wellbeing after the course.",
     {"physical-health", "wellbeing"}, set()),
    # The last conjunct may be named by what is said of it ("mental health improved") rather than by a label.
    ("Physical and mental health improved in the mentored arm.", {"physical-health", "clinical"}, set()),
    # A conjunct that names no outcome shares nothing: the problems people have describe them.
    ("Adults with physical and mental health problems were recruited from two clinics.", set(),
     {"physical-health", "clinical"}),
    # Support shared out among kinds of peers is the intervention.
    ("Volunteers gave social and peer support to every member.", set(), {"social"}),
])
def test_a_head_shared_by_coordinated_modifiers(sentence: str, present: set[str], absent: set[str]) -> None:
    named, _ = _read(sentence)
    assert present <= named
    assert not absent & named


def test_a_change_said_of_physical_and_mental_health_names_both() -> None:
    named, found = _read("Mentees reported better physical and mental health at twelve weeks.")
    assert {"clinical", "physical-health"} <= found
    assert {"clinical", "physical-health"} <= named


@pytest.mark.parametrize(("sentence", "present", "absent"), [
    # "-esteem" after "self-confidence and" is self-esteem: the bare hyphen takes the first conjunct's prefix.
    ("Group members gained in self-confidence and -esteem over the year.", {"self-efficacy", "self-esteem"}, set()),
    # Written out, each conjunct names itself and nothing is shared.
    ("Group members gained in self-confidence and in trust over the year.", {"self-efficacy"}, {"self-esteem"}),
])
def test_a_prefix_shared_by_hyphenated_conjuncts(sentence: str, present: set[str], absent: set[str]) -> None:
    named, _ = _read(sentence)
    assert present <= named
    assert not absent & named


@pytest.mark.parametrize(("text", "concept"), [
    # An abbreviation defined in square brackets, or before the words it stands for, names their outcome alone.
    ("Social functioning [SF] was rated at intake. At twelve weeks SF was higher among mentees.",
     "social-functioning"),
    ("We rated SF (social functioning) at intake. At twelve weeks SF was higher among mentees.",
     "social-functioning"),
    ("Subjective well-being [SWB] was rated at intake. At twelve weeks SWB was higher among mentees.", "wellbeing"),
    # Small letters may stand beside the capitals that spell the initials.
    ("Mental health literacy (MHLit) was rated at intake. At twelve weeks MHLit was higher among mentees.",
     "mental-health-literacy"),
])
def test_an_abbreviation_the_text_defines_names_its_outcome(text: str, concept: str) -> None:
    _, found = _read(text)
    assert concept in found


def test_an_abbreviation_that_spells_other_initials_names_nothing() -> None:
    named, found = _read("Social functioning [SOC] was rated at intake. At twelve weeks SOC was higher among mentees.")
    assert "social-functioning" in named
    assert "social-functioning" not in found


@pytest.mark.parametrize(("sentence", "clinical"), [
    # The burden or frequency of mental illness among the people concerned is a burden of the background.
    ("The burden of mental illness among refugees keeps rising.", True),
    ("The prevalence of mental disorders in prisons is high.", True),
    # The illness as what people have describes them.
    ("Adults with mental illness joined the weekly groups.", False),
])
def test_the_burden_of_mental_illness(sentence: str, clinical: bool) -> None:
    named, found = _read(sentence)
    assert ("clinical" in named) is clinical
    assert "clinical" not in found


def test_an_empowering_experience_names_empowerment() -> None:
    named, _ = _read("Mentees described the groups as empowering.")
    assert "empowerment" in named


@pytest.mark.parametrize(("sentence", "social"), [
    # Social support named as the kind of support peer support is names the intervention.
    ("Peer support is one form of social support open to new mothers.", False),
    ("Social support, namely peer support, was offered after discharge.", False),
    ("Social supports such as peer support groups were offered after discharge.", False),
    # Social support as measured, and changed by peer support, is the social outcome.
    ("Peer mentoring increased perceived social support among new mothers.", True),
    ("Social support rose in the mentored arm.", True),
])
def test_social_support_as_the_kind_peer_support_is(sentence: str, social: bool) -> None:
    named, _ = _read(sentence)
    assert ("social" in named) is social
