"""Capitalised names around a label: the names of measures, which name the outcome they measure
("Hope Scale"), other names, which do not ("Mental Health Survey of India"), and words in capitals that
abbreviate a name ("HOPE")."""

from __future__ import annotations

from kg.extract.lexicon import OUTCOME, Entry
from kg.extract.model import ABSTRACT
from kg.extract.text import Sentence, Token

# Capitalised words after a label that show it is the name of a measure, which names the outcome.
# Matches the "Scale" of "Empowerment Scale" and "Hope Scale"
_MEASURE_WORDS = frozenset({"scale", "index", "inventory", "questionnaire", "measure", "survey", "tool"})
_NAME_JOINERS = frozenset({"&", "and", "of", "for", "on"})


def is_name_part(sentence: Sentence, first: int, last: int, outcome: bool = False) -> bool:
    """True when a capitalised label is part of a longer name ("Mental Health Survey of India"); for an
    outcome label, not when the name is a measure's ("Recovery Markers Questionnaire")."""
    if sentence.field != ABSTRACT:
        return False
    tokens = sentence.tokens
    words = [t for t in tokens[first:last + 1] if t.word]
    if not all(t.text[:1].isupper() and not t.text.isupper() for t in words):
        return False
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if after is not None and after.word and after.text[:1].isupper():
        return not (_names_measure(tokens, last + 1) if outcome else after.norm in _MEASURE_WORDS)
    k = first - 1
    while k > 0 and tokens[k].text in _NAME_JOINERS:  # "Illness Management & Recovery"
        k -= 1
    before = tokens[k] if 0 <= k < first else None
    # the first word of a sentence is capitalised anyway, unless it is written in capitals ("SMART Recovery groups")
    return before is not None and before.word and before.text[:1].isupper() and (
        k > 0 or (before.text.isupper() and len(before.text) > 1))


def _names_measure(tokens: tuple[Token, ...], k: int) -> bool:
    """True when the capitalised name that goes on at k ends in a word of measurement within a few words:
    "Recovery Markers Questionnaire", "Hope Scale" (so the label inside names what the measure measures)."""
    for token in tokens[k:k + NAME_TAIL]:
        if token.norm in INSTRUMENT_WORDS:
            return True
        if not (name_part(token) or token.norm in _NAME_JOINERS):
            return False
    return False


def not_as_acronym(sentence: Sentence, i: int, entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """A word written in capitals in a sentence that is not is an acronym, the name of what it abbreviates
    ("Harnessing Online Peer Education (HOPE)"), not the outcome an ordinary word of the same letters names:
    outcome labels in small letters do not match it, labels written in capitals ("GAF") do."""
    token = sentence.tokens[i]
    letters = [c for c in token.text if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return entries
    lower = sum(1 for t in sentence.tokens if t.word and any(c.islower() for c in t.text))
    if lower < 3:  # a heading or a title set in capitals
        return entries
    return tuple(e for e in entries if e.scheme != OUTCOME or not e.label.islower())


# Feasibility said of the research itself, its trial and procedures ("a larger trial is feasible", "blinding
# participants was not feasible", "the feasibility of a definitive trial"), is the feasibility of the study, not


# Words that make a name the name of a measure, so that the acronym after it stands for what it measures (and
# "depression Internet Support Group (ISG)", an intervention, stays no outcome).
INSTRUMENT_WORDS = _MEASURE_WORDS | frozenset({"interview", "test", "schedule", "assessment", "checklist",
                                                "rating", "subscale", "item"})
# How many name words may stand before or after an outcome label inside the name of a measure.
NAME_TAIL = 5


def name_part(token: Token) -> bool:
    """A word of a measure's name: capitalised, a number, or a hyphen ("Warwick-Edinburgh", "-9", "BREF")."""
    return token.text == "-" or token.text.isdigit() or (token.word and token.text[:1].isupper())


def abbreviates(short: str, long: str) -> bool:
    """True when every letter and digit of short occurs in long in order, the first at the start of a word
    (the way authors abbreviate names: "WEMWBS" of "Warwick-Edinburgh Mental Wellbeing Scale")."""
    chars = [c.casefold() for c in short if c.isalnum()]
    text = long.casefold()
    at = len(text) - 1
    for i in range(len(chars) - 1, -1, -1):
        while at >= 0 and (text[at] != chars[i] or (i == 0 and at > 0 and text[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return False
        at -= 1
    return True
