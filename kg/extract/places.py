"""Settings: the places a study names as where it was done, read against the curated place table."""

from __future__ import annotations

import re
from functools import cache

from kg.extract.gazetteer import COUNTRY_STOPLIST, Place
from kg.extract.lexicon import places
from kg.extract.model import Setting
from kg.extract.text import Sentence

# Words before a place that say it is not where the study was done.
# Matches: "a peer-led programme developed in the USA", "originally from Canada"
NOT_HERE = re.compile(r"""
    (?:\b(?:developed|originated|originating|imported|adapted|founded|created|pioneered)\s+(?:in|from|by)\s+
        (?:the\s+)?
      | \bAmerican\s+)$
    """, re.VERBOSE)
# Words after a place that make it something else. Matches: "US dollars", "US$", "Indian Ocean"
NOT_A_PLACE_AFTER = re.compile(r"^\s*(?:\$|dollars?\b|Ocean\b|English\b|University\b|College\b|Institute\b)")


# A capitalised word right after a place makes it part of a longer name ("The Manchester Short Assessment",
# "Ontario Peer Development Initiative"), unless it says what kind of place it is ("New York State").
NAME_GOES_ON = re.compile(r"^[ \t]+(?!(?:State|City|County|Province|Region|Territory|Metropolitan|Area)\b)[A-Z][a-z]")
# A run of capitalised words, the only text a place name can be. Matches "New South Wales", "U.S.",
# "KwaZulu-Natal", "Montréal", "Stoke-on-Trent" (lower-case joiners inside a name are allowed).
NAME_WORD = re.compile(r"(?<![\w.])[A-Z][\w.'’]*(?:-(?:[a-z]{1,3}-)?[A-Za-z][\w'’]*)*")


# The possessive ending of a name: "the UK’s National Health Service", "Ontario's community agencies".
POSSESSIVE_END = re.compile(r"['’]s$")


@cache
def _place_index() -> tuple[dict[str, list[tuple[tuple[str, ...], Place]]], int]:
    """Names by their first word (longest first), for a lookup that costs the same for 10 or 10,000 names."""
    by_first: dict[str, list[tuple[tuple[str, ...], Place]]] = {}
    seen: set[str] = set()
    for place in places():
        if place.minor:
            continue
        for name in (place.name, *place.altnames):
            if name in seen or name in COUNTRY_STOPLIST:
                continue
            seen.add(name)
            words = tuple(name.split())
            by_first.setdefault(words[0], []).append((words, place))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    return by_first, max(len(w) for entries in by_first.values() for w, _ in entries)


@cache
def _minor_index() -> dict[str, list[tuple[tuple[str, ...], Place]]]:
    """The smaller cities by the first word of their names (longest first; several countries per name)."""
    by_first: dict[str, list[tuple[tuple[str, ...], Place]]] = {}
    for place in places():
        if place.minor:
            for name in (place.name, *place.altnames):
                words = tuple(name.split())
                by_first.setdefault(words[0], []).append((words, place))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    return by_first


def _names_in(text: str, minor_countries: frozenset[str] = frozenset()) -> list[tuple[int, int, Place]]:
    """(start, end, place) of every table name in the text, leftmost-longest, case-sensitive; the smaller
    cities only of the countries given."""
    by_first, _ = _place_index()
    minors = _minor_index() if minor_countries else {}
    found: list[tuple[int, int, Place]] = []
    cursor = 0
    for token in NAME_WORD.finditer(text):
        if token.start() < cursor:
            continue
        word = POSSESSIVE_END.sub("", token.group())  # "the UK’s National Health Service" names the UK
        candidates = (by_first.get(word) or by_first.get(word.rstrip(".'’"))
                      or by_first.get(word.split("-")[0], []))
        candidates = candidates + [(w, p) for w, p in minors.get(word, []) if p.country in minor_countries]
        for words, place in candidates:
            m = re.compile(r"\s+".join(re.escape(w) for w in words) + r"(?!\w)").match(text, token.start())
            if m is not None:
                found.append((m.start(), m.end(), place))
                cursor = m.end()
                break
    return found


def sentence_settings(sentence: Sentence) -> list[Setting]:
    """The places of the table one sentence names as settings."""
    text = sentence.text
    kept = [(s, e, p) for s, e, p in _names_in(text) if _reads_as_place(text, s, e)]
    # A smaller city is read only in a list with another place of its country: "Ulm and Hamburg (Germany)",
    # "Guelph, Ontario", "Ulm (n=2), Hamburg (n=2)".
    countries = frozenset(p.country for _, _, p in kept)
    if countries:
        kept = [(s, e, p) for s, e, p in _names_in(text, countries) if _reads_as_place(text, s, e)
                and (not p.minor or _listed_with(text, s, e, [k for k in kept if k[2].country == p.country]))]
    return [Setting(place.name, place.country, place.kind, place.wikidata,
                    sentence.span(sentence.start + start, sentence.start + end), place.geonames)
            for start, end, place in kept]


# What may stand between two places of one list: commas, "and", parentheses, counts ("(n=2)").
LIST_GAP = re.compile(r"^(?:[\s,;()&]|\band\b|\bn\s*=\s*\d+)*$")


def _reads_as_place(text: str, start: int, end: int) -> bool:
    before, after = text[:start], text[end:]
    return not (NOT_HERE.search(before[-40:]) or NOT_A_PLACE_AFTER.match(after) or NAME_GOES_ON.match(after))


def _listed_with(text: str, start: int, end: int, others: list[tuple[int, int, Place]]) -> bool:
    """True when a place of others stands next to the span in one list of places."""
    for s, e, _ in others:
        gap = text[end:s] if s >= end else text[e:start] if e <= start else None
        if gap is not None and LIST_GAP.match(gap):
            return True
    return False


def prepare_places() -> None:
    """Build the place indexes now (about two seconds), in this process."""
    _place_index()
    _minor_index()
    _by_name()


def place_by_name(name: str) -> Place | None:
    """The table row of a place, by its name."""
    return _by_name().get(name)


@cache
def _by_name() -> dict[str, Place]:
    table: dict[str, Place] = {}
    for place in places():
        table.setdefault(place.name, place)
    return table
