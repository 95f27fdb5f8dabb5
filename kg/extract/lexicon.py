"""The label lexicon, read once from the SKOS concept schemes in ontology/ (the single source of labels)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache, lru_cache

import snowballstemmer
from rdflib import Graph, Literal, URIRef

from kg.extract.gazetteer import Place, place_table
from kg.extract.text import normalize_phrase
from kg.namespaces import CONCEPT, PSK, RDF, SKOS
from kg.resources import resource_file
from kg.vocabulary import ontology_graph

DESIGN = CONCEPT["design"]
ROLE = CONCEPT["role"]
OUTCOME = CONCEPT["outcome"]
SCHEMES = (DESIGN, ROLE, OUTCOME)
# Phrases that contain a concept label without naming the concept; matched like labels, then dropped.
BLOCK = URIRef(CONCEPT["none"])

# The properties whose literals name a concept or find it in text; psk:oppositeLabel finds it by naming its
# opposite pole ("hopelessness" for hope).
LABEL_PROPERTIES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, PSK.oppositeLabel)

# Longer phrases that hold a label in another sense: "recovery-oriented care" is not the outcome
# recovery, "barriers and facilitators" are not peer facilitators, "peer review" is not a review.
BLOCKED_PHRASES = (
    "recovery oriented", "recovery orientation", "recovery focused", "recovery model", "recovery movement",
    "recovery field", "recovery college", "recovery approach", "recovery principle", "recovery based",
    "recovery vision", "recovery paradigm", "in recovery", "recovery community", "recovery support service",
    "barrier and facilitator", "facilitator and barrier", "barriers to and facilitator",
    "facilitators of implementation", "facilitators to implementation", "facilitator of implementation",
    "peer review", "peer reviewed", "reviewed by", "review board", "record review", "chart review",
    "case note review", "expert review",
    "mental health and substance use service", "substance use service", "substance use disorder treatment",
    "employment specialist", "supported employment", "employment support", "education program",
    "peer education", "health education", "continuing education",
    "family of", "parent organization", "user involvement", "user led", "user driven", "end user",
    "service user involvement", "person centered", "patient centered", "client centered",
    "peer client relationship", "client relationship", "admission criteria", "cost of living", "at a cost",
    "stakeholder engagement", "community member", "member checking", "primary care provider",
    "facilitator to", "as facilitator", "anti stigma", "self management intervention",
    "self management program", "self management support", "per protocol",
    # Words of statistics, research staff and places that hold a label in another sense.
    "confidence interval", "confidence level", "lower boundary", "upper boundary", "lower bound", "upper bound",
    "boundary of the", "noninferiority margin", "non inferiority margin", "research nurse", "research assistant",
    "research staff",
    "data manager", "data collector", "study coordinator", "outpatient department", "outpatient clinic",
    "outpatient service", "outpatient setting", "outpatient unit", "outpatient care", "inpatient unit",
    "inpatient ward", "inpatient setting", "training in",
    # Members, patients and health workers of other kinds than the roles: "household members", "team members",
    # "the Patient Health Questionnaire", "lady health workers".
    "household member", "team member", "staff member", "board member", "committee member", "serving member",
    "member of the community", "members of the public", "member of the public", "patient health questionnaire",
    "patient reported", "community health worker", "lady health worker",
    # The engagement of staff with a programme is no outcome of the people supported.
    "staff engagement", "clinician engagement",
    # A technique of behaviour change, not the implementation of a service; adherence to a protocol is fidelity.
    "implementation intention", "adherence and competence", "protocol adherence", "adherence to the protocol",
    "adherence to protocol",
    # Housing that is the intervention, not the housing outcome of the people supported.
    "housing first", "supported housing", "supportive housing",
    # Contact with people who use services is no contact with services.
    "contact with service user", "contacts with service user", "contact with the service user",
    # Services, tools and plans named after wellness, which are the intervention, not the state of wellness.
    "wellness recovery", "wellness tool", "wellness service", "wellness coaching", "wellness coach", "wellness program",
    "wellness programme", "wellness goal", "wellness education", "wellness self management", "wellness management",
    "wellness promotion", "wellness center", "wellness centre", "wellness oriented", "wellness plan",
    "wellness planning", "wellness intervention", "wellness activity", "wellness group", "wellness class",
    "wellness course", "wellness workshop", "wellness initiative", "peer wellness",
    # A suicide that bereaved the people supported names who they are, not their own suicidality.
    "bereaved by suicide", "suicide bereavement", "suicide bereaved", "suicide loss", "suicide survivor",
    "loss to suicide", "lost to suicide", "loss by suicide", "loss through suicide",
    # Feeling helpless is a state of the person, not the opposite of the support's helpfulness.
    "helpless", "helplessness",
)


# Named measures and the outcome concept each measures: instrument (its full name), abbreviation, standalone
# ("yes" when the abbreviation is distinctive enough to be read without the text defining it, as "PHQ-9" or
# "WEMWBS"; other abbreviations, such as "RAS" or "PSS", are read only where a text defines them after the full
# name), concept, source ("name": the instrument's name states the construct; "label": the concept already
# carries the instrument as a label in ontology/outcomes.ttl), scores ("concept": its higher scores mean more of the
# concept as the scheme names it; "opposite": more of its opposite pole, as a hopelessness scale's do for hope, a
# disability scale's for functioning or a distress questionnaire's for the clinical outcome, so that "GHQ-12 scores
# fell" reads as the clinical outcome improving).
INSTRUMENTS_CSV = "data/instruments.csv"

# Nouns of change before "in <outcome>".
CHANGE_NOUNS = ("change", "changes", "improvement", "improvements", "increase", "increases", "decrease", "decreases",
                "gain", "gains", "difference", "differences", "decline", "deterioration", "progress")

# Nouns of measurement: a phrase they head or start names a measure ("levels of disability", "scores on the
# hope scale", "severity of symptoms"), which is an outcome and never a description of the people studied.
MEASURE_NOUNS = frozenset({"level", "score", "severity", "measure", "rating", "rate", "scale", "index",
                           "inventory", "questionnaire", "subscale"})


@dataclass(frozen=True)
class Entry:
    """One label of one concept, as the matcher sees it."""

    concept: URIRef
    scheme: URIRef
    label: str


@dataclass(frozen=True)
class Lexicon:
    """Every label of the three schemes by normal form, and how outcomes improve."""

    entries: dict[tuple[str, ...], tuple[Entry, ...]]
    longest: int
    improves: dict[URIRef, URIRef]  # outcome concept -> PSK.Higher or PSK.Lower
    labels: dict[URIRef, str]  # concept -> prefLabel
    broader: dict[URIRef, tuple[URIRef, ...]]
    # Outcome concept -> the normal forms of its labels that name its opposite pole (psk:oppositeLabel):
    # "reduced hopelessness" is more hope, "less treatment dropout" more engagement.
    opposites: dict[URIRef, frozenset[tuple[str, ...]]] = field(default_factory=dict)
    # Outcome labels (and blocked phrases) by the stems of their words, so that a label meets its derived and
    # inflected forms: "hospitalization" -> ("hospit",), which "hospitalized" and "hospitalisations" share.
    stemmed: dict[tuple[str, ...], tuple[Entry, ...]] = field(default_factory=dict)

    def ancestors(self, concept: URIRef) -> set[URIRef]:
        """Every concept broader than concept in its scheme, however many steps up."""
        seen: set[URIRef] = set()
        todo = [concept]
        while todo:
            for parent in self.broader.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen


_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=1 << 16)
def stem(norm: str) -> str:
    """The Snowball (Porter 2) English stem of a token's normal form: "hopefulness" -> "hope" (a word's stem is
    asked for again and again, in every abstract: kept for the most recent 65,536 words)."""
    return str(_STEMMER.stemWord(norm))


def stem_key(key: tuple[str, ...]) -> tuple[str, ...]:
    """The stems of a label's normal form."""
    return tuple(stem(word) for word in key)


def _scheme_of(graph: Graph, concept: URIRef) -> URIRef | None:
    scheme = graph.value(concept, SKOS.inScheme)
    return scheme if isinstance(scheme, URIRef) and scheme in SCHEMES else None


def build_lexicon(graph: Graph) -> Lexicon:
    """The lexicon of the design, role and outcome schemes of a graph, plus the blocked phrases."""
    collected: dict[tuple[str, ...], list[Entry]] = {}
    concepts = sorted(c for c in graph.subjects(RDF.type, SKOS.Concept) if isinstance(c, URIRef))
    for concept in concepts:
        scheme = _scheme_of(graph, concept)
        if scheme is None:
            continue
        for prop in LABEL_PROPERTIES:
            for label in sorted(o for o in graph.objects(concept, prop) if isinstance(o, Literal)):
                key = normalize_phrase(str(label))
                if key and all(e.concept != concept for e in collected.get(key, ())):
                    collected.setdefault(key, []).append(Entry(concept, scheme, str(label)))
    scored_opposite: dict[URIRef, set[tuple[str, ...]]] = {}
    for instrument, entry, opposite in _instrument_entries(graph):
        key = normalize_phrase(instrument)
        # an abbreviation read only where a text defines it names no concept here (entry.scheme is BLOCK), only
        # the opposite pole of the concept its definition takes
        if key and entry.scheme != BLOCK and all(e.concept != entry.concept for e in collected.get(key, ())):
            collected.setdefault(key, []).append(entry)
        if key and opposite:
            scored_opposite.setdefault(entry.concept, set()).add(key)
    # "in recovery" names people's state ("people in recovery") and is blocked, but after a noun of change it
    # names the outcome again: "a change in recovery", "improvements in recovery".
    recovery = CONCEPT["outcome/recovery"]
    if any(e.concept == recovery for e in collected.get(("recovery",), ())):
        for noun in CHANGE_NOUNS:
            key = (*normalize_phrase(noun), "in", "recovery")
            collected.setdefault(key, []).append(Entry(recovery, OUTCOME, f"{noun} in recovery"))
    for phrase in BLOCKED_PHRASES:
        key = normalize_phrase(phrase)
        if all(e.concept != BLOCK for e in collected.get(key, ())):
            collected.setdefault(key, []).insert(0, Entry(BLOCK, BLOCK, phrase))
    entries = {k: tuple(v) for k, v in collected.items()}
    stemmed: dict[tuple[str, ...], list[Entry]] = {}
    for key, found in entries.items():
        for entry in found:
            if entry.scheme in (OUTCOME, BLOCK):
                group = stemmed.setdefault(stem_key(key), [])
                if all(e.concept != entry.concept for e in group):
                    group.append(entry)
    improves = {c: v for c in concepts
                if _scheme_of(graph, c) == OUTCOME and isinstance(v := graph.value(c, PSK.improvesWhen), URIRef)}
    labels = {c: str(graph.value(c, SKOS.prefLabel)) for c in concepts if _scheme_of(graph, c)}
    broader = {c: tuple(sorted(b for b in graph.objects(c, SKOS.broader) if isinstance(b, URIRef)))
               for c in concepts if _scheme_of(graph, c)}
    opposites = {c: frozenset({normalize_phrase(str(o)) for o in graph.objects(c, PSK.oppositeLabel)}
                              | scored_opposite.get(c, set()))
                 for c in concepts if _scheme_of(graph, c) == OUTCOME
                 and ((c, PSK.oppositeLabel, None) in graph or c in scored_opposite)}
    return Lexicon(entries, max(len(k) for k in entries), improves, labels, broader,
                   opposites, {k: tuple(sorted(v, key=lambda e: e.concept != BLOCK)) for k, v in stemmed.items()})


def _instrument_entries(graph: Graph) -> list[tuple[str, Entry, bool]]:
    """The names (and abbreviations) of the measures of the instrument table, as outcome labels, each with whether
    the measure's higher scores mean more of its concept's opposite pole. An abbreviation that is not standalone is
    no label (the text's definition of it is read instead) but still names the opposite pole where it stands."""
    known = {c for c in graph.subjects(SKOS.inScheme, OUTCOME) if isinstance(c, URIRef)}
    out: list[tuple[str, Entry, bool]] = []
    with resource_file("kg", INSTRUMENTS_CSV).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            concept = URIRef(CONCEPT[row["concept"]])
            if concept not in known:
                raise ValueError(f"{INSTRUMENTS_CSV}: {row['instrument']} names {row['concept']}, "
                                 "which is no outcome concept of ontology/outcomes.ttl")
            if row["scores"] not in ("concept", "opposite"):
                raise ValueError(f"{INSTRUMENTS_CSV}: {row['instrument']} has scores {row['scores']!r}, "
                                 "neither 'concept' nor 'opposite'")
            opposite = row["scores"] == "opposite"
            names = [row["instrument"]] + ([row["abbreviation"]] if row["standalone"] == "yes" else [])
            out.extend((name, Entry(concept, OUTCOME, name), opposite) for name in names)
            if opposite and row["standalone"] != "yes" and row["abbreviation"]:
                out.append((row["abbreviation"], Entry(concept, BLOCK, row["abbreviation"]), True))
    return out


@cache
def lexicon() -> Lexicon:
    """The lexicon of the project's schemes, built once per process."""
    return build_lexicon(ontology_graph())


def places() -> tuple[Place, ...]:
    """The place table (curated rows, GeoNames and ISO 3166); see kg.extract.gazetteer."""
    return place_table()
