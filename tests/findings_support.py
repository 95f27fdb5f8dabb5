"""What the sentence-level tests of finding reading share: a study read from its sections, and its findings
as (outcome, direction) local names."""

from __future__ import annotations

from kg.extract import StudyContent, extract_study
from kg.records import AbstractSection, Work


def study(*sections: tuple[str, str]) -> StudyContent:
    """The content read from an abstract made of (heading, text) sections."""
    parts = tuple(AbstractSection(heading, text) for heading, text in sections)
    return extract_study(Work(line=1, abstract=" ".join(p.text for p in parts), abstract_sections=parts))


def local(iri: object) -> str:
    """An IRI's last path segment or fragment: "hope" for the outcome concept hope."""
    return str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def found(content: StudyContent) -> set[tuple[str, str]]:
    """The findings as (outcome, direction) local names."""
    return {(local(f.outcome), local(f.direction)) for f in content.findings}
