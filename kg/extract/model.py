"""The records the extractor returns: what one study says, each fact with the text it came from."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

# Text fields a span can point into; offsets are character offsets into that field's string.
TITLE = "title"
ABSTRACT = "abstract"
KEYWORDS = "keywords"  # the author keywords joined with "; "
ARTICLE_TYPE = "article_type"


@dataclass(frozen=True)
class Span:
    """A stretch of one text field: where a fact was read."""

    field: str  # TITLE, ABSTRACT, KEYWORDS or ARTICLE_TYPE
    start: int
    end: int
    text: str  # the field's text between start and end
    section: str = ""  # heading of the structured-abstract section, "" when unstructured


@dataclass(frozen=True)
class ConceptMention:
    """A concept of one of the schemes, named at a place in the text (its first mention)."""

    concept: URIRef
    span: Span


@dataclass(frozen=True)
class ParticipantGroup:
    """A counted group of participants ("peer support workers (n = 35)", "49 semi-structured interviews")."""

    size: int
    unit: str  # "participants", "interviews" or "focus groups"
    role: URIRef | None  # a concept of the role scheme, None for unnamed participants
    span: Span
    min_age: int | None = None
    max_age: int | None = None


@dataclass(frozen=True)
class AgeRange:
    """An age range in years the text states ("youth (14–26 years old)")."""

    min_age: int | None
    max_age: int | None
    span: Span


@dataclass(frozen=True)
class Setting:
    """A place named as where the study was done, resolved against the curated place table."""

    name: str  # the table's name ("Pennsylvania")
    country: str  # the table's country ("United States")
    kind: str  # country, state, province, region, territory, city
    wikidata: str  # Q-id from the curated table, "" when none is curated
    span: Span
    geonames: str = ""  # GeoNames id from the place table, "" when it gives none


@dataclass(frozen=True)
class Finding:
    """One result: an outcome, which way it went, against what, and the sentence that says so."""

    outcome: URIRef  # a concept of the outcome scheme
    direction: URIRef  # PSK.Positive, PSK.Negative, PSK.NoDifference, PSK.Mixed or PSK.Unclear
    comparator: str  # what peer support was compared with, as worded; "" when not stated
    sentence: Span  # the evidence sentence
    prefix: str  # up to 32 characters of the field before the sentence (oa:prefix)
    suffix: str  # up to 32 characters after it (oa:suffix)
    population: URIRef | None = None  # the role concept the finding is about, None when the text does not say


# What a role does in a study: delivers peer support, receives it, is compared with it, or is asked about it.
DELIVERS, RECEIVES, COMPARED, INFORMANT = "delivers", "receives", "compared", "informant"
ROLE_FUNCTIONS = (DELIVERS, RECEIVES, COMPARED, INFORMANT)


@dataclass(frozen=True)
class RoleFunction:
    """A role of the scheme with what it does in the study, and the words that say so."""

    role: URIRef
    function: str  # one of ROLE_FUNCTIONS
    span: Span


@dataclass(frozen=True)
class StudyContent:
    """Everything the extractor read from one work's title, abstract and keywords."""

    designs: tuple[ConceptMention, ...] = ()
    participant_groups: tuple[ParticipantGroup, ...] = ()
    age_ranges: tuple[AgeRange, ...] = ()
    settings: tuple[Setting, ...] = ()
    roles: tuple[ConceptMention, ...] = ()
    outcomes: tuple[ConceptMention, ...] = ()
    findings: tuple[Finding, ...] = ()
    role_functions: tuple[RoleFunction, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nothing was found."""
        return not any((self.designs, self.participant_groups, self.age_ranges, self.settings,
                        self.roles, self.outcomes, self.findings))
