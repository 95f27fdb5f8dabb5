"""What a finding is compared with, by the annotation rules for `comparator`: the text's phrase when the result is
relative to one; a result between the study's arms takes the comparison arm's phrase even when its sentence names
none (the phrase of the file's other results, or of the methods' arm); an abbreviation the text defines is written
out; of several names for the arm, the one in the sentence that states the comparison; and a finding with no
comparison stated has none. The sentences are written for these tests."""

from __future__ import annotations

import pytest

from kg.extract import extract_study
from kg.extract.comparisons import comparator
from kg.records import AbstractSection, Work
from tests.findings_support import local
from tests.findings_support import study as _study


def _compared(*sections: tuple[str, str]) -> set[tuple[str, str]]:
    """The findings of an abstract made of (heading, text) sections, as (outcome, comparator)."""
    return {(local(f.outcome), f.comparator) for f in _study(*sections).findings}


@pytest.mark.parametrize(("text", "expected"), [
    # the arm's own name, where the sentence gives one, before those who delivered it
    ("Compared to an active control delivered by nurses, the peer course reduced loneliness.", "active control"),
    ("Mentoring was no more effective than a waitlist control led by volunteers in reducing stigma.",
     "waitlist control"),
    # a service named by no arm's name is known by those who provided it
    ("Peer support was as effective as services provided by ward nurses.", "ward nurses"),
])
def test_an_arm_delivered_by_others_keeps_its_name(text: str, expected: str) -> None:
    assert comparator(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # "comparable to" and "differ from" compare as "similar to" and "different from" do
    ("Burnout among peer workers was comparable to that of ward staff.", "ward staff"),
    ("Hope among mentees did not differ from the comparison cohort.", "comparison cohort"),
    # a measure of the people compared stands for the people, as "that of" does
    ("Emotional exhaustion of peer staff differed from rates reported by ward nurses.", "ward nurses"),
    ("Compared with published burnout levels of hospital social workers, peer workers reported less burnout.",
     "hospital social workers"),
    # a measure alone is no arm, nor a figure with a word of amount before it
    ("Loneliness was lower than levels at intake.", ""),
    ("Hope was high among 60% of mentees, compared with only 25%.", ""),
    # the people or group who received the arm are not its name, nor is a possessive ending
    ("Fathers reported less loneliness than their counterparts in routine care.", "routine care"),
    ("Stigma fell more than in the group that received a leaflet only.", "leaflet only"),
    ("Admission costs were lower than the comparison group's.", "comparison group"),
    ("Mothers stayed in care longer than their counterparts exposed to standard outreach.", "standard outreach"),
    # what was planned or expected is no arm
    ("Mentoring lasted longer than planned, and loneliness fell.", ""),
])
def test_the_grammar_of_a_comparison_names_its_second_term(text: str, expected: str) -> None:
    assert comparator(text) == expected


@pytest.mark.parametrize(("sections", "expected"), [
    # a likeness "in both groups" is between the groups
    ((("Methods", "Carers were randomised to a peer befriending scheme or a waitlist control group."),
      ("Results", "Loneliness was comparable in both groups at twelve weeks.")),
     {("loneliness", "waitlist control group")}),
    # a change within every group compares with none
    ((("Methods", "Carers were randomised to a peer befriending scheme or a waitlist control group."),
      ("Results", "Loneliness did not change from baseline in both groups.")),
     {("loneliness", "")}),
    # a comparative said of the peer arm named as an arm is between the arms the methods compare
    ((("Methods", "We compared a peer mentoring scheme with brief written advice."),
      ("Results", "The intervention group reported greater hope at six months.")),
     {("hope", "brief written advice")}),
    # a change from baseline said of a group-by-time interaction is between the arms
    ((("Methods", "Carers were randomised to a peer befriending scheme or a waitlist control group."),
      ("Results", "A significant condition × time interaction showed a greater fall in loneliness from baseline "
                  "among befriended carers.")),
     {("loneliness", "waitlist control group")}),
    # a superlative over the arms compares one with the others, by the phrase the other results give them
    ((("Methods", "Clients were randomly assigned to peer-staffed teams, nurse-led teams or usual care."),
      ("Results", "Compared with clients in the other two groups, clients of the peer-staffed team reported less "
                  "loneliness. They also reported the greatest gains in hope of all three groups.")),
     {("loneliness", "other two groups"), ("hope", "other two groups")}),
    # the arm a comparison "between" names, by the whole phrase that comparison gives it
    ((("Methods", "This evaluation compared readmissions between clients who received peer navigation (n = 50) and "
                  "a standard care group (n = 90) matched on age."),
      ("Results", "Readmissions were significantly lower in the peer navigation group.")),
     {("hospitalisation", "standard care group")}),
])
def test_a_result_between_the_arms_takes_the_comparison_arms_phrase(
        sections: tuple[tuple[str, str], ...], expected: set[tuple[str, str]]) -> None:
    assert _compared(*sections) == expected


@pytest.mark.parametrize(("sections", "expected"), [
    # a difference denied without naming groups is between the groups the other results compare
    ((("Results", "Peer workers reported more burnout than ward staff. Job satisfaction did not differ."),),
     {("burnout", "ward staff"), ("job-satisfaction", "ward staff")}),
    # but a difference over time compares times, not groups
    ((("Results", "Peer workers reported more burnout than ward staff. Job satisfaction did not differ between "
                  "baseline and follow-up."),),
     {("burnout", "ward staff"), ("job-satisfaction", "")}),
])
def test_a_denied_difference_takes_the_phrase_of_the_other_results(
        sections: tuple[tuple[str, str], ...], expected: set[tuple[str, str]]) -> None:
    assert _compared(*sections) == expected


@pytest.mark.parametrize(("sections", "expected"), [
    # findings of the study's qualitative part compare with no arm
    ((("Methods", "Students were randomised to peer mentoring or usual support."),
      ("Results", "In focus groups, mentees described feeling less lonely.")),
     {("loneliness", "")}),
    ((("Methods", "Students were randomised to peer mentoring or usual support."),
      ("Results", "Thematic analysis showed that mentees gained hope.")),
     {("hope", "")}),
    # a trial's arms are arms of the people supported: the peer workers' own outcomes are against none of them
    ((("Methods", "Students were randomised to peer mentoring or usual support."),
      ("Results", "Peer mentors reported less burnout at six months.")),
     {("burnout", "")}),
    # unless the sentence names what they are compared with
    ((("Methods", "Students were randomised to peer mentoring or usual support."),
      ("Results", "Peer mentors reported less burnout than tutors.")),
     {("burnout", "tutors")}),
    # bare interviews are how measures are taken too: a result of the trial's arms
    ((("Methods", "Students were randomised to peer mentoring or usual support."),
      ("Results", "Structured interviews at six months showed less loneliness among mentees.")),
     {("loneliness", "usual support")}),
])
def test_a_finding_with_no_comparison_stated_has_none(
        sections: tuple[tuple[str, str], ...], expected: set[tuple[str, str]]) -> None:
    assert _compared(*sections) == expected


@pytest.mark.parametrize(("methods", "expected"), [
    # defined after it, in parentheses
    ("Veterans were randomised to peer support or CAU (care as usual).", "care as usual"),
    # defined before it, in brackets
    ("Veterans were randomised to peer support or care as usual [CAU].", "care as usual"),
])
def test_an_abbreviation_the_text_defines_is_written_out(methods: str, expected: str) -> None:
    assert _compared(("Methods", methods), ("Results", "Hope rose more than in CAU.")) == {("hope", expected)}


def test_an_abbreviation_the_title_defines_is_written_out() -> None:
    parts = (AbstractSection("Methods", "Veterans were randomised to peer support or the comparison condition."),
             AbstractSection("Results", "Hope rose more than in the CAU group."))
    work = Work(line=1, title="Peer support versus care as usual (CAU) for veterans: a randomised trial",
                abstract=" ".join(p.text for p in parts), abstract_sections=parts)
    assert {(local(f.outcome), f.comparator) for f in extract_study(work).findings} == {
        ("hope", "care as usual group")}
