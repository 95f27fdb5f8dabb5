"""content_triples: a StudyContent as RDF in the core vocabulary, every node with a minted IRI."""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.extract.model import (
    COMPARED,
    DELIVERS,
    INFORMANT,
    RECEIVES,
    AgeRange,
    Finding,
    ParticipantGroup,
    Setting,
    StudyContent,
)
from kg.extract.places import place_by_name
from kg.namespaces import GEONAMES, OA, OWL, PSK, RDF, RDFS, WD, XSD, IriMinter, normalize_key

Triple = tuple[Node, Node, Node]
# What a role does in a study, as the sub-property of psk:studiesRole that states it.
ROLE_FUNCTION_PROPERTIES = {DELIVERS: PSK.deliveringRole, RECEIVES: PSK.receivingRole,
                            COMPARED: PSK.comparedRole, INFORMANT: PSK.informantRole}


def place_key(name: str) -> str:
    """The key a place IRI is minted from (IriMinter.place), shared by every module that names places."""
    return normalize_key(name)


def content_triples(work_iri: URIRef, content: StudyContent, minter: IriMinter, scope: str = "") -> Iterator[Triple]:
    """The triples of what one study says, attached to its work IRI.

    ``scope`` keeps apart the groups and findings read from different sources' abstracts of
    the same work; resolution then keeps those of one source.
    """
    scoped = (scope,) if scope else ()
    for mention in content.designs:
        yield work_iri, PSK.studyDesign, mention.concept
    for mention in content.roles:
        yield work_iri, PSK.studiesRole, mention.concept
    for function in content.role_functions:
        yield work_iri, ROLE_FUNCTION_PROPERTIES[function.function], function.role
    for mention in content.outcomes:
        yield work_iri, PSK.studiesOutcome, mention.concept
    for number, group in enumerate(content.participant_groups, start=1):
        yield from _group(work_iri, minter.child(work_iri, "group", *scoped, number), group)
    yield from _study_ages(work_iri, content)
    places_done: set[str] = set()
    for setting in content.settings:
        yield from _setting(work_iri, setting, minter, places_done)
    for number, finding in enumerate(content.findings, start=1):
        yield from _finding(work_iri, minter.child(work_iri, "finding", *scoped, number), finding)


def _group(work_iri: URIRef, iri: URIRef, group: ParticipantGroup) -> Iterator[Triple]:
    yield work_iri, PSK.hasParticipantGroup, iri
    yield iri, RDF.type, PSK.ParticipantGroup
    yield iri, PSK.size, Literal(group.size, datatype=XSD.integer)
    yield iri, PSK.unit, Literal(group.unit)
    yield iri, RDFS.label, Literal(group.span.text)
    if group.role is not None:
        yield iri, PSK.role, group.role
    yield from _ages(iri, group.min_age, group.max_age)


def _ages(iri: URIRef, low: int | None, high: int | None) -> Iterator[Triple]:
    if low is not None:
        yield iri, PSK.minAge, Literal(low, datatype=XSD.integer)
    if high is not None:
        yield iri, PSK.maxAge, Literal(high, datatype=XSD.integer)


def _study_ages(work_iri: URIRef, content: StudyContent) -> Iterator[Triple]:
    """Ages no group carries go on the study: the widest stated range."""
    on_groups = {(g.min_age, g.max_age) for g in content.participant_groups}
    loose: list[AgeRange] = [a for a in content.age_ranges if (a.min_age, a.max_age) not in on_groups]
    lows = [a.min_age for a in loose if a.min_age is not None]
    highs = [a.max_age for a in loose if a.max_age is not None]
    yield from _ages(work_iri, min(lows) if lows else None, max(highs) if highs else None)


def _place(iri: URIRef, name: str, kind: str, wikidata: str, geonames: str = "") -> Iterator[Triple]:
    yield iri, RDF.type, PSK.Place
    yield iri, RDFS.label, Literal(name)
    if kind:
        yield iri, PSK.placeKind, Literal(kind)
    if wikidata:  # only ids of the curated place table
        yield iri, OWL.sameAs, WD[wikidata]
    if geonames:  # only ids of the place table's GeoNames rows
        yield iri, OWL.sameAs, GEONAMES[f"{geonames}/"]


def _setting(work_iri: URIRef, setting: Setting, minter: IriMinter, done: set[str]) -> Iterator[Triple]:
    iri = minter.place(place_key(setting.name))
    yield work_iri, PSK.setting, iri
    if setting.name not in done:
        done.add(setting.name)
        yield from _place(iri, setting.name, setting.kind, setting.wikidata, setting.geonames)
    if not setting.country:
        return
    country_iri = minter.place(place_key(setting.country))
    yield iri, PSK.country, country_iri
    if setting.country not in done:
        done.add(setting.country)
        row = place_by_name(setting.country)
        kind, wikidata, geonames = (row.kind, row.wikidata, row.geonames) if row else ("country", "", "")
        yield from _place(country_iri, setting.country, kind, wikidata, geonames)


def _finding(work_iri: URIRef, iri: URIRef, finding: Finding) -> Iterator[Triple]:
    sentence = finding.sentence
    yield work_iri, PSK.reports, iri
    yield iri, RDF.type, PSK.Finding
    yield iri, PSK.outcome, finding.outcome
    yield iri, PSK.direction, finding.direction
    yield iri, PSK.evidence, Literal(sentence.text)
    yield iri, PSK.section, Literal(sentence.section or sentence.field)
    if finding.comparator:
        yield iri, PSK.comparator, Literal(finding.comparator)
    if finding.population is not None:
        yield iri, PSK.population, finding.population
    target = IriMinter.child(iri, "target")
    quote = IriMinter.child(iri, "target", "quote")
    position = IriMinter.child(iri, "target", "position")
    yield iri, OA.hasTarget, target
    yield target, RDF.type, OA.SpecificResource
    yield target, OA.hasSource, work_iri
    yield target, OA.hasSelector, quote
    yield target, OA.hasSelector, position
    yield quote, RDF.type, OA.TextQuoteSelector
    yield quote, OA.exact, Literal(sentence.text)
    if finding.prefix:
        yield quote, OA.prefix, Literal(finding.prefix)
    if finding.suffix:
        yield quote, OA.suffix, Literal(finding.suffix)
    yield position, RDF.type, OA.TextPositionSelector
    yield position, OA.start, Literal(sentence.start, datatype=XSD.integer)
    yield position, OA.end, Literal(sentence.end, datatype=XSD.integer)
