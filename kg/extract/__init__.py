"""Study content: designs, participants, settings, roles, outcomes and findings, each traced to its text.

The extractor reads a :class:`kg.records.Work` (title, abstract by section, author
keywords) and returns a :class:`StudyContent`; :func:`content_triples` turns that
into RDF for a work IRI. It never touches the store.
"""

from __future__ import annotations

from kg.extract.model import (
    AgeRange,
    ConceptMention,
    Finding,
    ParticipantGroup,
    Setting,
    Span,
    StudyContent,
)
from kg.extract.rdf import content_triples, place_key
from kg.extract.study import extract_study

__all__ = [
    "AgeRange",
    "ConceptMention",
    "Finding",
    "ParticipantGroup",
    "Setting",
    "Span",
    "StudyContent",
    "content_triples",
    "extract_study",
    "place_key",
]
