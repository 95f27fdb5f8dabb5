"""Settings: cities, states and provinces as well as countries, each linked to its country, with sourced ids."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal

from kg.extract import content_triples, extract_study
from kg.extract.gazetteer import place_table
from kg.namespaces import GEONAMES, PSK, RDFS, IriMinter
from kg.records import Work
from tests.test_extract import WORK

IN_COUNTRY = """
SELECT ?label WHERE { ?s psk:setting ?place . ?place psk:country ?country . ?country rdfs:label ?label }
"""


def _settings(text: str) -> dict[str, str]:
    content = extract_study(Work(line=1, abstract=text))
    return {s.name: s.country for s in content.settings}


@pytest.mark.parametrize(("text", "place", "country"), [
    ("Peer specialists were recruited from three clinics in Chicago.", "Chicago", "United States"),
    ("A trial of peer support in Melbourne, Australia.", "Melbourne", "Australia"),
    ("Peer workers in Ontario completed the survey.", "Ontario", "Canada"),
    ("Study sites were in Hamburg and Dar es Salaam.", "Dar es Salaam", "Tanzania"),
    ("Services in Georgia began billing Medicaid for peer specialists.", "Georgia", "United States"),
    ("A U.S.-based sample of peer recovery specialists.", "United States", "United States"),
    # a possessive names the place it is formed from
    ("Mentors worked in Scotland's community mental health teams.", "Scotland", "United Kingdom"),
    ("The clubhouse drew members from Manitoba’s rural districts.", "Manitoba", "Canada"),
])
def test_a_place_is_read_with_its_country(text: str, place: str, country: str) -> None:
    assert _settings(text).get(place) == country


@pytest.mark.parametrize("text", [
    "Quality of life was measured with the Manchester Short Assessment of Quality of Life.",
    "Authors from Columbia University and Boston University reviewed the trials.",
    "Participants (Mage = 49.3, SD = 12.9) were peer workers.",
    "Reading the transcripts, Jackson and Lincoln coded the themes.",
    "Little is known about families in non-Western countries.",
])
def test_words_that_are_not_settings(text: str) -> None:
    assert _settings(text) == {}


@pytest.mark.parametrize(("text", "expected"), [
    # a city below the population bar, listed with a larger city or the country it lies in
    ("Sites were in Ulm and Hamburg (Germany).", {"Ulm": "Germany", "Hamburg": "Germany", "Germany": "Germany"}),
    ("Focus groups were held in Tübingen (n=2) and Hamburg (n=3).", {"Tübingen": "Germany", "Hamburg": "Germany"}),
    ("A trial in Guelph, Ontario.", {"Guelph": "Canada", "Ontario": "Canada"}),
    # alone, or beside a place of another country, a small town's name stays a word
    ("Participants in Ulm took part.", {}),
    ("Sites were in Ulm and Kampala.", {"Kampala": "Uganda"}),
    ("The authors, from University College, worked in Boston.", {"Boston": "United States"}),
])
def test_smaller_cities_are_read_beside_a_place_of_their_country(text: str, expected: dict[str, str]) -> None:
    assert _settings(text) == expected


def test_a_demonym_names_its_country() -> None:
    assert _settings("Six professionals at a Korean community centre were interviewed.") == {
        "South Korea": "South Korea"}


def test_regions_of_england_are_settings_in_the_united_kingdom() -> None:
    assert _settings("Peer supporters across North East England took part.") == {
        "North East England": "United Kingdom"}


def test_a_study_in_a_city_is_found_by_its_country() -> None:
    content = extract_study(Work(line=1, abstract="Peer navigators were trained in Philadelphia."))
    graph = Graph()
    for triple in content_triples(WORK, content, IriMinter()):
        graph.add(triple)
    rows = {str(r.label) for r in graph.query(IN_COUNTRY, initNs={"psk": PSK, "rdfs": RDFS})}
    assert rows == {"United States"}
    cities = [s for s, _, label in graph.triples((None, RDFS.label, Literal("Philadelphia")))]
    same = {str(o) for o in graph.objects(cities[0], None) if str(o).startswith(str(GEONAMES))}
    assert same == {f"{GEONAMES}4560349/"}  # Philadelphia's GeoNames id, from the place table


def test_every_place_names_its_source_and_country() -> None:
    table = place_table()
    assert len(table) > 1000
    names = {p.name for p in table}
    for place in table:
        assert place.country in names, place
        if place.geonames or place.iso or place.wikidata:
            assert place.source, place
    curated = next(p for p in table if p.name == "Pennsylvania")
    assert (curated.wikidata, curated.geonames, curated.iso) == ("Q1400", "6254927", "US-PA")
