"""Study content: designs, participants, settings, roles, outcomes and findings, each traced to its text.

The extractor reads a :class:`kg.records.Work` (title, abstract by section, author
keywords) and returns a :class:`StudyContent`; :func:`content_triples` turns that
into RDF for a work IRI. It never touches the store.
"""

from __future__ import annotations

from kg.extract.cues import cue_table
from kg.extract.lexicon import lexicon
from kg.extract.model import (
    AgeRange,
    ConceptMention,
    Finding,
    ParticipantGroup,
    Setting,
    Span,
    StudyContent,
)
from kg.extract.places import prepare_places
from kg.extract.rdf import content_triples, place_key
from kg.extract.study import extract_study
from kg.vocabulary import ontology_graph

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
    "prepare",
]


def prepare() -> None:
    """Build the tables reading needs (the schemes, the lexicon, the cues, the place indexes) in this process,
    once: worker processes forked after it share them, where each would otherwise build its own (about three
    seconds of a worker's first document)."""
    ontology_graph()
    lexicon()
    cue_table()
    prepare_places()
