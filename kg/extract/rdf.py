"""content_triples: a StudyContent as RDF in the core vocabulary, every node with a minted IRI.

Every fact the extractor read (a design, a role or outcome studied, a setting, an age, a
participant group, a finding) carries its evidence as a Web Annotation target, its
``psk:confidence``, ``psk:status psk:MachineExtracted`` and PROV naming the extractor.
Facts that are one triple about the study (``work psk:studyDesign concept``) are also
stated as a ``psk:StudyStatement`` (an ``rdf:Statement``) that carries them.

The target's selectors point into the source document (the ``prov:Entity`` with the
``psk:sha256`` of its bytes): offsets count code points of the document's text as
:func:`kg.detect.read_document` reads it, and ``oa:exact`` is that text between them, so
``kg verify-quotes`` re-checks each quote against the file. A span the source does not
hold recognisably (rare: heavily escaped exports) points into the work's field instead,
named by ``psk:textField``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.extract.confidence import shipped_table, study_kind
from kg.extract.model import (
    ABSTRACT,
    ARTICLE_TYPE,
    COMPARED,
    DELIVERS,
    INFORMANT,
    KEYWORDS,
    RECEIVES,
    TITLE,
    AgeRange,
    Finding,
    ParticipantGroup,
    Setting,
    Span,
    StudyContent,
)
from kg.extract.places import place_by_name
from kg.extract.text import field_text
from kg.namespaces import CONCEPT, GEONAMES, OA, OWL, PROV, PSK, RDF, RDFS, SCHEMA, WD, XSD, IriMinter, normalize_key
from kg.quotes import SourceSpan, line_offset, locate_span
from kg.records import Work
from kg.terms import plain_literal

Triple = tuple[Node, Node, Node]
# What a role does in a study, as the sub-property of psk:studiesRole that states it.
ROLE_FUNCTION_PROPERTIES = {DELIVERS: PSK.deliveringRole, RECEIVES: PSK.receivingRole,
                            COMPARED: PSK.comparedRole, INFORMANT: PSK.informantRole}

EXTRACTOR_NAME = "study-content"
# Bump when the extractor reads differently, so that facts say which reading made them.
EXTRACTOR_VERSION = "29"
# psk:confidence of a machine-extracted fact: the extractor's precision on facts of that kind (and a
# finding's direction) on abstracts no rule was tuned on, from data/confidence.csv (kg.extract.confidence).
QUOTE_CONTEXT = 32  # characters of oa:prefix and oa:suffix


@dataclass(frozen=True)
class RecordSource:
    """The document a work's record came from: its hash, its text and the record's fields."""

    sha256: str
    text: str  # as kg.detect.read_document reads it
    fields: dict[str, str]  # field name (title, abstract, keywords, article_type) -> its text
    line: int = 1  # where the record starts, to find short quotes in the record's own lines


@dataclass(frozen=True)
class _Context:
    minter: IriMinter
    work: URIRef
    activity: URIRef
    agent: URIRef
    source: URIRef | None
    text: RecordSource | None
    study: str  # the kind of study the extracted designs make the work (kg.extract.confidence.study_kind)


def record_source(work: Work, sha256: str, text: str) -> RecordSource:
    """The source of one record: the document's hash and text and the record's fields."""
    fields = {name: field_text(work, name) for name in (TITLE, ABSTRACT, KEYWORDS, ARTICLE_TYPE)}
    return RecordSource(sha256, text, fields, work.line)


def _statement_key(obj: Node) -> str:
    if isinstance(obj, URIRef) and str(obj).startswith(str(CONCEPT)):
        return str(obj)[len(str(CONCEPT)):]
    return hashlib.sha1(str(obj).encode("utf-8")).hexdigest()[:12]


def place_key(name: str) -> str:
    """The key a place IRI is minted from (IriMinter.place), shared by every module that names places."""
    return normalize_key(name)


def content_triples(work_iri: URIRef, content: StudyContent, minter: IriMinter, scope: str = "",
                     source: RecordSource | None = None) -> Iterator[Triple]:
    """The triples of what one study says, attached to its work IRI.

    ``scope`` keeps apart the groups and findings read from different sources' abstracts of
    the same work; resolution then keeps those of one source. ``source`` is the document the
    work was read from; without it, selectors point into the work's own fields.
    """
    scoped = (scope,) if scope else ()
    agent = minter.extractor(EXTRACTOR_NAME, EXTRACTOR_VERSION)
    document = minter.source(source.sha256) if source else None
    activity = IriMinter.child(minter.graph(source.sha256), "extraction") if source else \
        IriMinter.child(work_iri, "extraction")
    study = study_kind(str(m.concept).removeprefix(str(CONCEPT)) for m in content.designs)
    ctx = _Context(minter, work_iri, activity, agent, document, source, study)
    yield from _extraction(ctx)
    for mention in content.designs:
        yield from _statement(ctx, scoped, PSK.studyDesign, mention.concept, mention.span, "design")
    for mention in content.roles:
        yield from _statement(ctx, scoped, PSK.studiesRole, mention.concept, mention.span, "role")
    for function in content.role_functions:
        yield from _statement(ctx, scoped, ROLE_FUNCTION_PROPERTIES[function.function], function.role,
                              function.span, "role")
    for mention in content.outcomes:
        yield from _statement(ctx, scoped, PSK.studiesOutcome, mention.concept, mention.span, "outcome")
    for number, group in enumerate(content.participant_groups, start=1):
        yield from _group(ctx, minter.child(work_iri, "group", *scoped, number), group)
    yield from _study_ages(ctx, scoped, content)
    places_done: set[str] = set()
    for setting in content.settings:
        yield from _setting(ctx, scoped, setting, places_done)
    for number, finding in enumerate(content.findings, start=1):
        yield from _finding(ctx, minter.child(work_iri, "finding", *scoped, number), finding)


@lru_cache(maxsize=1 << 16)
def _integer(value: int) -> Literal:
    """An xsd:integer literal, made once per process: building one through rdflib's casting costs
    microseconds, and positions, sizes and ages repeat across every fact of a build."""
    return Literal(value, datatype=XSD.integer)


@cache
def _confidence(kind: str, direction: str = "", study: str = "") -> Literal:
    """The confidence of one kind of extracted fact (of a finding: with its direction and the kind of study it was
    read from), as an xsd:decimal literal made once per kind, direction and kind of study."""
    return Literal(shipped_table().confidence(kind, direction, study), datatype=XSD.decimal)


def _extraction(ctx: _Context) -> Iterator[Triple]:
    """The extraction activity and the software that ran it."""
    yield ctx.activity, RDF.type, PROV.Activity
    yield ctx.activity, PROV.wasAssociatedWith, ctx.agent
    if ctx.source is not None:
        yield ctx.activity, PROV.used, ctx.source
    yield ctx.agent, RDF.type, PROV.SoftwareAgent
    yield ctx.agent, RDFS.label, Literal(EXTRACTOR_NAME)
    yield ctx.agent, SCHEMA.softwareVersion, Literal(EXTRACTOR_VERSION)


def _machine_fact(ctx: _Context, node: URIRef, kind: str, span: Span, direction: str = "") -> Iterator[Triple]:
    """Status, confidence, PROV and the evidence target of one extracted fact."""
    yield node, PSK.status, PSK.MachineExtracted
    yield node, PSK.confidence, _confidence(kind, direction, ctx.study if kind == "finding" else "")
    yield node, PROV.wasGeneratedBy, ctx.activity
    yield node, PROV.wasAttributedTo, ctx.agent
    yield node, PROV.wasDerivedFrom, ctx.source if ctx.source is not None else ctx.work
    yield from _target(ctx, node, span)


def _target(ctx: _Context, node: URIRef, span: Span) -> Iterator[Triple]:
    """The Web Annotation target: the source document with a quote and a position selector."""
    target = IriMinter.child(node, "target")
    quote = IriMinter.child(node, "target", "quote")
    position = IriMinter.child(node, "target", "position")
    located = _locate(ctx.text, span)
    yield node, OA.hasTarget, target
    yield target, RDF.type, OA.SpecificResource
    yield target, OA.hasSelector, quote
    yield target, OA.hasSelector, position
    yield quote, RDF.type, OA.TextQuoteSelector
    yield position, RDF.type, OA.TextPositionSelector
    if located is not None and ctx.text is not None and ctx.source is not None:
        whole, start, end, exact = ctx.text.text, located.start, located.end, located.exact
        yield target, OA.hasSource, ctx.source
    else:
        whole, start, end, exact = "", span.start, span.end, span.text
        yield target, OA.hasSource, ctx.work
        yield target, PSK.textField, plain_literal(span.field)
    yield quote, OA.exact, plain_literal(exact)
    if whole and start > 0:
        yield quote, OA.prefix, plain_literal(whole[max(0, start - QUOTE_CONTEXT):start])
    if whole and end < len(whole):
        yield quote, OA.suffix, plain_literal(whole[end:end + QUOTE_CONTEXT])
    yield position, OA.start, _integer(start)
    yield position, OA.end, _integer(end)


def _locate(text: RecordSource | None, span: Span) -> SourceSpan | None:
    if text is None or span.field not in text.fields:
        return None
    return locate_span(text.text, text.fields[span.field], span.start, span.end, line_offset(text.text, text.line))


def _statement(ctx: _Context, scoped: tuple[str, ...], predicate: URIRef, obj: Node, span: Span,
               kind: str) -> Iterator[Triple]:
    """work predicate obj, and the psk:StudyStatement that carries its evidence and status."""
    yield ctx.work, predicate, obj
    local = predicate.split("#")[-1]
    node = ctx.minter.child(ctx.work, "statement", *scoped, local, _statement_key(obj))
    yield node, RDF.type, PSK.StudyStatement
    yield node, RDF.type, RDF.Statement
    yield node, RDF.subject, ctx.work
    yield node, RDF.predicate, predicate
    yield node, RDF.object, obj
    yield from _machine_fact(ctx, node, kind, span)


def _group(ctx: _Context, iri: URIRef, group: ParticipantGroup) -> Iterator[Triple]:
    yield ctx.work, PSK.hasParticipantGroup, iri
    yield iri, RDF.type, PSK.ParticipantGroup
    yield iri, PSK.size, _integer(group.size)
    yield iri, PSK.unit, plain_literal(group.unit)
    yield iri, RDFS.label, plain_literal(group.span.text)
    if group.role is not None:
        yield iri, PSK.role, group.role
    yield from _ages(iri, group.min_age, group.max_age)
    yield from _machine_fact(ctx, iri, "group", group.span)


def _ages(iri: URIRef, low: int | None, high: int | None) -> Iterator[Triple]:
    if low is not None:
        yield iri, PSK.minAge, _integer(low)
    if high is not None:
        yield iri, PSK.maxAge, _integer(high)


def _study_ages(ctx: _Context, scoped: tuple[str, ...], content: StudyContent) -> Iterator[Triple]:
    """Ages no group carries go on the study: the widest stated range, each bound with its span."""
    on_groups = {(g.min_age, g.max_age) for g in content.participant_groups}
    loose: list[AgeRange] = [a for a in content.age_ranges if (a.min_age, a.max_age) not in on_groups]
    lows = [a for a in loose if a.min_age is not None]
    highs = [a for a in loose if a.max_age is not None]
    if lows:
        low = min(lows, key=lambda a: a.min_age or 0)
        yield from _statement(ctx, scoped, PSK.minAge, _integer(low.min_age), low.span, "age")
    if highs:
        high = max(highs, key=lambda a: a.max_age or 0)
        yield from _statement(ctx, scoped, PSK.maxAge, _integer(high.max_age), high.span, "age")


def _place(iri: URIRef, name: str, kind: str, wikidata: str, geonames: str = "") -> Iterator[Triple]:
    yield iri, RDF.type, PSK.Place
    yield iri, RDFS.label, Literal(name)
    if kind:
        yield iri, PSK.placeKind, Literal(kind)
    if wikidata:  # only ids of the curated place table
        yield iri, OWL.sameAs, WD[wikidata]
    if geonames:  # only ids of the place table's GeoNames rows
        yield iri, OWL.sameAs, GEONAMES[f"{geonames}/"]


def _setting(ctx: _Context, scoped: tuple[str, ...], setting: Setting, done: set[str]) -> Iterator[Triple]:
    minter = ctx.minter
    iri = minter.place(place_key(setting.name))
    yield from _statement(ctx, scoped, PSK.setting, iri, setting.span, "setting")
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


def _finding(ctx: _Context, iri: URIRef, finding: Finding) -> Iterator[Triple]:
    sentence = finding.sentence
    yield ctx.work, PSK.reports, iri
    yield iri, RDF.type, PSK.Finding
    yield iri, PSK.outcome, finding.outcome
    yield iri, PSK.direction, finding.direction
    yield iri, PSK.evidence, Literal(sentence.text)
    yield iri, PSK.section, Literal(sentence.section or sentence.field)
    if finding.comparator:
        yield iri, PSK.comparator, Literal(finding.comparator)
    if finding.population is not None:
        yield iri, PSK.population, finding.population
    yield from _machine_fact(ctx, iri, "finding", sentence, str(finding.direction).removeprefix(str(PSK)))
