"""Settings: the places a study names as where it was done, read against the curated place table."""

from __future__ import annotations

import re
from functools import cache

from kg.extract.lexicon import Place, places
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
NOT_A_PLACE_AFTER = re.compile(r"^\s*(?:\$|dollars?\b|Ocean\b|English\b)")


@cache
def _place_pattern() -> tuple[re.Pattern[str], dict[str, Place]]:
    """One alternation of every name and altname of the table, longest first, case-sensitive."""
    by_name: dict[str, Place] = {}
    for place in places():
        for name in (place.name, *place.altnames):
            by_name.setdefault(name, place)
    names = sorted(by_name, key=lambda n: (-len(n), n))
    # Names may end in a dot ("U.S."), so the boundary after them is "not a word character".
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(re.escape(n) for n in names) + r")(?![\w])")
    return pattern, by_name


def sentence_settings(sentence: Sentence) -> list[Setting]:
    """The places of the table one sentence names as settings."""
    pattern, by_name = _place_pattern()
    found = []
    for m in pattern.finditer(sentence.text):
        before = sentence.text[:m.start()]
        if NOT_HERE.search(before[-40:]) or NOT_A_PLACE_AFTER.match(sentence.text[m.end():]):
            continue
        place = by_name[m.group()]
        found.append(Setting(place.name, place.country, place.kind, place.wikidata,
                             sentence.span(sentence.start + m.start(), sentence.start + m.end())))
    return found


def place_by_name(name: str) -> Place | None:
    """The table row of a place, by its name."""
    return next((p for p in places() if p.name == name), None)
