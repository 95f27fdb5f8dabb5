"""What the seed studies say, asked of the built store: designs, participants, settings, roles, findings."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import ROOT

Sparql = Callable[[str], "list[dict[str, str]] | bool"]

PORTAL = '?s bibo:doi "10.1016/j.socscimed.2020.113249"'
BELLAMY = '?s dcterms:abstract ?a FILTER(STRSTARTS(?a, "Purpose As peer support services"))'
TSE = '?s dcterms:abstract ?a FILTER(STRSTARTS(?a, "Background Knowledge construction"))'
HALSALL = '?s dcterms:abstract ?a FILTER(STRSTARTS(?a, "The Canadian youth services"))'
KENT = '?s dcterms:title "Developing a Strategy to Embed Peer Support into Mental Health Systems"'


def _labels(sparql: Sparql, where: str, path: str) -> set[str]:
    return {r["l"] for r in sparql(f"SELECT ?l {{ {where} . ?s {path}/skos:prefLabel ?l }}")}


@pytest.mark.parametrize(("where", "design"), [
    (PORTAL, "mixed methods study"), (BELLAMY, "review"), (TSE, "qualitative study"), (KENT, "viewpoint"),
])
def test_study_designs(sparql: Sparql, where: str, design: str) -> None:
    assert design in _labels(sparql, where, "psk:studyDesign")


def test_portal_setting_is_pennsylvania_in_the_usa(sparql: Sparql) -> None:
    rows = sparql(f"SELECT ?label ?wd {{ {PORTAL} . ?s psk:setting ?p . ?p rdfs:label ?label . "
                  "OPTIONAL { ?p owl:sameAs ?wd } }")
    found: dict[str, set[str]] = {}
    for r in rows:
        found.setdefault(r["label"], set()).add(r.get("wd", ""))
    # Wikidata from the curated table, GeoNames from the GeoNames table (issue 11).
    assert found["Pennsylvania"] == {"http://www.wikidata.org/entity/Q1400", "https://sws.geonames.org/6254927/"}
    assert found["United States"] == {"http://www.wikidata.org/entity/Q30", "https://sws.geonames.org/6252001/"}


@pytest.mark.parametrize(("where", "role", "size", "unit"), [
    (PORTAL, "peer support worker", "35", "participants"),
    (PORTAL, "stakeholder", "14", "participants"),
    (TSE, "service user", "32", "participants"),
])
def test_participant_groups(sparql: Sparql, where: str, role: str, size: str, unit: str) -> None:
    rows = sparql(f"""SELECT ?n ?unit {{ {where} . ?s psk:hasParticipantGroup ?g .
                       ?g psk:role/skos:prefLabel "{role}"@en ; psk:size ?n ; psk:unit ?unit }}""")
    assert rows == [{"n": size, "unit": unit}]


def test_portal_counts_49_interviews(sparql: Sparql) -> None:
    assert sparql(f'ASK {{ {PORTAL} . ?s psk:hasParticipantGroup [ psk:size 49 ; psk:unit "interviews" ] }}') is True


def test_portal_names_stigma(sparql: Sparql) -> None:
    assert "stigma" in _labels(sparql, PORTAL, "psk:studiesOutcome")


def test_halsall_youth_aged_14_to_26(sparql: Sparql) -> None:
    assert "youth" in _labels(sparql, HALSALL, "psk:studiesRole")
    assert sparql(f"ASK {{ {HALSALL} . ?s psk:minAge 14 ; psk:maxAge 26 }}") is True or \
        sparql(f"ASK {{ {HALSALL} . ?s psk:hasParticipantGroup [ psk:minAge 14 ; psk:maxAge 26 ] }}") is True


@pytest.mark.parametrize(("outcome", "direction"), [
    ("hope and optimism", "Positive"), ("empowerment", "Positive"), ("quality of life", "Positive"),
    ("hospitalisation", "Mixed"), ("symptom severity", "Mixed"), ("clinical outcomes", "NoDifference"),
])
def test_bellamy_review_findings(sparql: Sparql, outcome: str, direction: str) -> None:
    rows = sparql(f"""SELECT ?d ?evidence {{ {BELLAMY} . ?s psk:reports ?f .
                       ?f psk:outcome/skos:prefLabel "{outcome}"@en ; psk:direction ?d ; psk:evidence ?evidence }}""")
    assert [r["d"].split("#")[1] for r in rows] == [direction]


def test_bellamy_no_difference_against_paraprofessionals(sparql: Sparql) -> None:
    rows = sparql(f"""SELECT ?c {{ {BELLAMY} . ?s psk:reports ?f . ?f psk:direction psk:NoDifference ;
                       psk:comparator ?c }}""")
    assert [r["c"] for r in rows] == ["non-peer paraprofessionals"]


def test_evidence_is_traced_to_its_sentence(sparql: Sparql) -> None:
    """The selectors count in the source document the graph names (by path and SHA-256)."""
    rows = sparql(f"""SELECT ?path ?exact ?start ?end ?evidence {{ {BELLAMY} . ?s psk:reports ?f .
        ?f psk:direction psk:NoDifference ; psk:evidence ?evidence ; oa:hasTarget ?t .
        ?t oa:hasSource ?doc ; oa:hasSelector ?q, ?p . ?doc dcterms:identifier ?path ; psk:sha256 ?sha .
        ?q a oa:TextQuoteSelector ; oa:exact ?exact . ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end }}""")
    (row,) = rows
    text = (ROOT / row["path"]).read_text(encoding="utf-8")
    assert text[int(row["start"]):int(row["end"])] == row["exact"]
    assert " ".join(row["exact"].split()) == " ".join(row["evidence"].split())
    assert row["exact"].startswith("Peer services are generally equally effective")


def test_no_finding_from_hedged_or_background_sentences(sparql: Sparql) -> None:
    """'Some studies found ... reducing hospitalization' is hedged: mixed, never positive."""
    assert sparql(f"""ASK {{ {BELLAMY} . ?s psk:reports ?f . ?f psk:outcome/skos:prefLabel "hospitalisation"@en ;
                      psk:direction psk:Positive }}""") is False


@pytest.mark.parametrize(("where", "outcome", "population"), [
    (PORTAL, "pay and career progression", "peer support worker"),  # the peer workers' own pay
    (PORTAL, "wellbeing of peer workers", "peer support worker"),
    # Dual Diagnosis Anonymous: its members, supported by peer facilitators
    ('?s dcterms:abstract ?a FILTER(CONTAINS(?a, "Dual Diagnosis Anonymous"))', "employment and education",
     "service user"),
])
def test_findings_say_whom_they_are_about(sparql: Sparql, where: str, outcome: str, population: str) -> None:
    rows = sparql(f"""SELECT ?who {{ {where} . ?s psk:reports ?f . ?f psk:outcome/skos:prefLabel "{outcome}"@en ;
                       psk:population/skos:prefLabel ?who }}""")
    assert {r["who"] for r in rows} == {population}


def test_roles_are_kept_apart_by_function(sparql: Sparql) -> None:
    rows = sparql(f"""SELECT ?p ?label {{ {PORTAL} . ?s ?p ?r . ?r skos:prefLabel ?label .
                       VALUES ?p {{ psk:deliveringRole psk:receivingRole psk:comparedRole psk:informantRole }} }}""")
    found = {(r["p"].rsplit("#", 1)[1], r["label"]) for r in rows}
    # a study that interviews peer support workers and stakeholders and names no one receiving peer support gives
    # none itself: both inform it
    assert ("informantRole", "peer support worker") in found
    assert ("informantRole", "stakeholder") in found
    assert not any(p == "deliveringRole" for p, _ in found)
    # every role with a function is also a role the study studies
    assert sparql(f"""ASK {{ {PORTAL} . ?s psk:deliveringRole ?r FILTER NOT EXISTS {{ ?s psk:studiesRole ?r }} }}""") is False
