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


@cache
def _place_index() -> tuple[dict[str, list[tuple[tuple[str, ...], Place]]], int]:
    """Names by their first word (longest first), for a lookup that costs the same for 10 or 10,000 names."""
    by_first: dict[str, list[tuple[tuple[str, ...], Place]]] = {}
    seen: set[str] = set()
    for place in places():
        for name in (place.name, *place.altnames):
            if name in seen or name in COUNTRY_STOPLIST:
                continue
            seen.add(name)
            words = tuple(name.split())
            by_first.setdefault(words[0], []).append((words, place))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    return by_first, max(len(w) for entries in by_first.values() for w, _ in entries)


def _names_in(text: str) -> list[tuple[int, int, Place]]:
    """(start, end, place) of every table name in the text, leftmost-longest, case-sensitive."""
    by_first, _ = _place_index()
    found: list[tuple[int, int, Place]] = []
    cursor = 0
    for token in NAME_WORD.finditer(text):
        if token.start() < cursor:
            continue
        word = token.group()
        candidates = (by_first.get(word) or by_first.get(word.rstrip(".'’"))
                      or by_first.get(word.split("-")[0], []))
        for words, place in candidates:
            m = re.compile(r"\s+".join(re.escape(w) for w in words) + r"(?!\w)").match(text, token.start())
            if m is not None:
                found.append((m.start(), m.end(), place))
                cursor = m.end()
                break
    return found


def sentence_settings(sentence: Sentence) -> list[Setting]:
    """The places of the table one sentence names as settings."""
    found = []
    for start, end, place in _names_in(sentence.text):
        before = sentence.text[:start]
        after = sentence.text[end:]
        if NOT_HERE.search(before[-40:]) or NOT_A_PLACE_AFTER.match(after) or NAME_GOES_ON.match(after):
            continue
        found.append(Setting(place.name, place.country, place.kind, place.wikidata,
                             sentence.span(sentence.start + start, sentence.start + end), place.geonames))
    return found


def place_by_name(name: str) -> Place | None:
    """The table row of a place, by its name."""
    return _by_name().get(name)


@cache
def _by_name() -> dict[str, Place]:
    table: dict[str, Place] = {}
    for place in places():
        table.setdefault(place.name, place)
    return table
