"""Web of Science affiliation addresses: abbreviated names expanded, places split off.

Web of Science writes an address as comma-separated parts, largest body first,
then the place: ``Boston Univ, Ctr Psychiat Rehabil, Boston, MA 02215 USA``.
Words are abbreviated by a fixed convention kept in ``kg/data/wos_abbreviations.csv``;
the connecting words the convention drops ("Center *for*", "Department *of*")
are restored from the same table.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from kg.errors import AddressError
from kg.records import Organization
from kg.resources import resource_file

ABBREVIATIONS_FILE = "data/wos_abbreviations.csv"

# "MA 02115 USA", "MA 02115-1234 USA", "MA USA": the last part of a US address.
US_TAIL = re.compile(r"^(?P<region>[A-Z]{2})(?:\s+(?P<postal>\d{5}(?:-\d{4})?))?\s+(?P<country>USA)$")

# Countries whose addresses carry a state or province part between city and country,
# e.g. "Toronto, ON M5T 1R8, Canada" / "Parkville, Vic 3010, Australia" / "Sao Paulo, SP, Brazil".
REGION_PARTS: dict[str, re.Pattern[str]] = {
    "Canada": re.compile(r"^(?P<region>[A-Z]{2})(?:\s+(?P<postal>[A-Z]\d[A-Z]\s?\d[A-Z]\d))?$"),
    "Australia": re.compile(
        r"^(?P<region>NSW|Vic|VIC|Qld|QLD|SA|WA|Tas|TAS|ACT|NT)(?:\s+(?P<postal>\d{4}))?$"
    ),
    "Brazil": re.compile(r"^(?P<region>[A-Z]{2})(?:\s+(?P<postal>\d{5}-?\d{3}))?$"),
}

# "6525 GA Nijmegen": a Dutch postal code is four digits and two capitals before the city.
DUTCH_POSTAL = re.compile(r"^(?P<postal>(?:NL-)?\d{4}\s[A-Z]{2})\s+(?P<city>\S.*)$")
# "940 Commonwealth Ave W": older addresses put the street among the organisation parts.
STREET_PART = re.compile(r"^\d+[A-Za-z]?\s+\S")


@dataclass(frozen=True)
class Abbreviation:
    """One row of the abbreviation table."""

    words: tuple[str, ...]  # "Vet Affairs" -> ("Vet", "Affairs")
    expansion: str
    adjective: str  # the form used before another word ("Psychiatric"), if it differs
    connector: str  # the word a unit drops before its subject ("for", "of")
    kind: str  # unit | body | word | place


@cache
def abbreviations() -> dict[tuple[str, ...], Abbreviation]:
    """The curated abbreviation table, keyed by its words."""
    text = resource_file("kg", ABBREVIATIONS_FILE).read_text(encoding="utf-8")
    table: dict[tuple[str, ...], Abbreviation] = {}
    for row in csv.DictReader(text.splitlines()):
        words = tuple(row["abbreviation"].split())
        table[words] = Abbreviation(
            words=words,
            expansion=row["expansion"],
            adjective=row["adjective"],
            connector=row["connector"],
            kind=row["kind"],
        )
    return table


@dataclass(frozen=True)
class _Token:
    text: str
    entry: Abbreviation | None


def _tokens(text: str) -> list[_Token]:
    """Words of a name, with multi-word abbreviations ("Vet Affairs") taken first."""
    table = abbreviations()
    longest = max(len(words) for words in table)
    words = text.split()
    tokens: list[_Token] = []
    position = 0
    while position < len(words):
        for size in range(min(longest, len(words) - position), 0, -1):
            key = tuple(words[position : position + size])
            if key in table:
                tokens.append(_Token(" ".join(key), table[key]))
                position += size
                break
        else:
            tokens.append(_Token(words[position], None))
            position += 1
    return tokens


def _unit_connects(at_start: bool, following: _Token) -> bool:
    """A unit ("Dept") names its subject: "Dept Psychiat", "Mailman Sch Publ Hlth".

    Mid-name it connects only to a known subject word, so "Kings Coll London" stays as is.
    """
    if following.entry is None:
        return at_start
    return following.entry.kind in ("word", "place")


def _body_connects(at_start: bool, following: _Token) -> bool:
    """A body ("Univ") connects to a name or place, not to a unit: "Univ Toronto", "Univ Hosp"."""
    return following.entry is None or following.entry.kind == "place"


CONNECTS = {"unit": _unit_connects, "body": _body_connects}


def expand_wos_name(text: str) -> str:
    """The readable form of a name: "Ctr Psychiat Rehabil" -> "Center for Psychiatric Rehabilitation".

    Web of Science abbreviates several words alike (Psychiat: Psychiatry, Psychiatric); the
    adjective is chosen before another word, so "Psychiat Unit" reads "Psychiatric Unit".
    """
    tokens = _tokens(text)
    out: list[str] = []
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        # "Dept Psychiat 2", "Inst Hlth Equ & Social...": a number or "&" is not a word to qualify.
        before_word = following is not None and following.text[0].isalpha()
        entry = token.entry
        if entry is None:
            out.append(token.text)
            continue
        out.append(entry.adjective if entry.adjective and before_word else entry.expansion)
        connects = CONNECTS.get(entry.kind)
        if entry.connector and following is not None and before_word and connects and connects(index == 0, following):
            out.append(entry.connector)
    return " ".join(out)


@dataclass(frozen=True)
class _Place:
    locality: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""


def _split_city(part: str) -> tuple[str, str]:
    """City and postal code from "London SE5 8AF", "D-89081 Ulm", "6525 GA Nijmegen", "Beijing 100191"."""
    dutch = DUTCH_POSTAL.match(part)
    if dutch:
        return dutch["city"], dutch["postal"]
    words = part.split()
    has_digit = [any(char.isdigit() for char in word) for word in words]
    start = 0
    while start < len(words) - 1 and has_digit[start]:
        start += 1
    end = len(words)
    while end > start + 1 and has_digit[end - 1]:
        end -= 1
    postal = " ".join(words[:start] + words[end:])
    return " ".join(words[start:end]), postal


def _split_place(parts: list[str]) -> tuple[_Place, list[str]]:
    """The place at the end of an address and the organisation parts before it."""
    us_tail = US_TAIL.match(parts[-1])
    if us_tail:
        place = _Place(parts[-2], us_tail["region"], us_tail["postal"] or "", us_tail["country"])
        return place, parts[:-2]
    country = parts[-1]
    region_part = REGION_PARTS.get(country)
    region_match = region_part.match(parts[-2]) if region_part else None
    if region_match and len(parts) >= 4:
        city, postal = _split_city(parts[-3])
        place = _Place(city, region_match["region"], region_match["postal"] or postal, country)
        return place, parts[:-3]
    # "Hong Kong, Hong Kong, Peoples R China": a city that is also its own region.
    if len(parts) >= 4 and parts[-3] == parts[-2]:
        city, postal = _split_city(parts[-3])
        return _Place(city, parts[-2], postal, country), parts[:-3]
    # "Guangzhou 510080, Guangdong, Peoples R China": a province named after a city with a postal code.
    if len(parts) >= 4 and not _has_digit(parts[-2]) and _has_digit(parts[-3].split()[-1]):
        city, postal = _split_city(parts[-3])
        return _Place(city, parts[-2], postal, country), parts[:-3]
    city, postal = _split_city(parts[-2])
    return _Place(city, "", postal, country), parts[:-2]


def _has_digit(text: str) -> bool:
    return any(char.isdigit() for char in text)


def parse_wos_address(text: str) -> Organization:
    """The most specific organisation of an address, its parents chained, and the place it gives."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    if len(parts) < 3:
        raise AddressError(f"address {text!r} has no 'Organization, City, Country' parts")
    place, org_parts = _split_place(parts)
    org_parts = [part for part in org_parts if not STREET_PART.match(part)]
    if not org_parts or not place.locality:
        raise AddressError(f"address {text!r} names no organisation before its city and country")
    parent: Organization | None = None
    for part in org_parts[:-1]:
        parent = Organization(name=expand_wos_name(part), as_given=part, parent=parent)
    return Organization(
        name=expand_wos_name(org_parts[-1]),
        as_given=text.strip(),
        parent=parent,
        locality=place.locality,
        region=place.region,
        postal_code=place.postal_code,
        country=place.country,
    )
