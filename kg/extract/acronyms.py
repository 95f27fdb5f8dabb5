"""Acronyms a document defines, so that the acronym alone names what its definition names."""

from __future__ import annotations

from kg.extract.lexicon import OUTCOME, Entry, Lexicon
from kg.extract.matcher import find_matches
from kg.extract.matches import (
    Acronyms,
    Match,
)
from kg.extract.measure_names import INSTRUMENT_WORDS, NAME_TAIL, abbreviates, name_part
from kg.extract.text import Sentence, Token, normalize_token

_ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "in", "with", "to"})
# Brackets that enclose a definition, with their closing partner: "quality of life (QoL)", "quality of life [QoL]".
_BRACKETS = {"(": ")", "[": "]"}
# How many small letters an acronym may hold beside the capitals that spell the initials: "QoL", "HRQoL", "PSWrs".
_SMALL_LETTERS = 2


def learn_acronyms(sentences: list[Sentence], lex: Lexicon) -> Acronyms:
    """Acronyms a document defines in brackets right after a label ("Peer Recovery Support Specialists (PRSS)",
    "quality of life [QoL]") or right before the label in brackets ("SF (social functioning)"); and, for outcomes,
    after the name of a measure the label is part of: "Warwick-Edinburgh Mental Wellbeing Scale (WEMWBS)",
    "Patient Health Questionnaire-9 (PHQ-9)"."""
    learned: Acronyms = {}
    for sentence in sentences:
        tokens = sentence.tokens
        if not any(t.text in _BRACKETS for t in tokens):
            continue  # every definition is in brackets: a sentence without one defines nothing
        for match in find_matches(sentence, lex):
            acronym = _bracketed_after(tokens, match.last) or _bracketing_before(tokens, match)
            if acronym is not None:
                key = (normalize_token(acronym.text)[0],)
                if key not in lex.entries and _defines(acronym.text, match.tokens(sentence)):
                    learned.setdefault(key, (Entry(match.concept, match.scheme, acronym.text),))
                    continue
            if match.scheme == OUTCOME:
                for measure_key, text in _measure_acronym(sentence, match):
                    if measure_key not in lex.entries:
                        learned.setdefault(measure_key, (Entry(match.concept, match.scheme, text),))
    return learned


def _bracketed_after(tokens: tuple[Token, ...], last: int) -> Token | None:
    """The one word in brackets right after token last: the "QoL" of "quality of life [QoL]"."""
    k = last + 1
    if k + 2 < len(tokens) and tokens[k + 2].text == _BRACKETS.get(tokens[k].text) and tokens[k + 1].word:
        return tokens[k + 1]
    return None


def _bracketing_before(tokens: tuple[Token, ...], match: Match) -> Token | None:
    """The word right before a label that the label, in brackets alone, spells out: the "SF" of "SF (social
    functioning)"."""
    opening, closing = match.first - 1, match.last + 1
    if (opening >= 1 and closing < len(tokens) and tokens[closing].text == _BRACKETS.get(tokens[opening].text)
            and tokens[opening - 1].word):
        return tokens[opening - 1]
    return None


def _measure_acronym(sentence: Sentence, match: Match) -> list[tuple[tuple[str, ...], str]]:
    """The acronym in parentheses after the name of a measure an outcome label stands in, when its letters
    abbreviate the name: keys for the whole acronym ("phq", "9") and for its letters alone ("phq",)."""
    tokens = sentence.tokens
    k = match.last + 1
    while k < len(tokens) and k - match.last <= NAME_TAIL and name_part(tokens[k]):
        k += 1
    if k >= len(tokens) or tokens[k].text not in _BRACKETS:
        return []
    closing = next((j for j in range(k + 1, min(len(tokens), k + 6)) if tokens[j].text == _BRACKETS[tokens[k].text]),
                   None)
    if closing is None or closing == k + 1:
        return []
    inner = tokens[k + 1:closing]
    text = sentence.text[inner[0].start - sentence.start:inner[-1].end - sentence.start]
    letters = [c for c in text if c.isalpha()]
    if not (2 <= len(letters) <= 10 and sum(c.isupper() for c in letters) >= 2 and text[:1].isupper()
            and all(t.word or t.text == "-" for t in inner)):
        return []
    first = match.first
    while first > 0 and match.first - first < NAME_TAIL and name_part(tokens[first - 1]):
        first -= 1
    name = sentence.text[tokens[first].start - sentence.start:tokens[k - 1].end - sentence.start]
    if not (any(t.norm in INSTRUMENT_WORDS for t in tokens[first:k]) and abbreviates(text, name)):
        return []
    whole = tuple(t.norm for t in inner if t.norm)
    keys: list[tuple[tuple[str, ...], str]] = [(whole, text)]
    if len(whole) > 1 and whole[0].isalpha() and len(whole[0]) >= 2:
        keys.append(((whole[0],), text))
    return keys


def _defines(acronym: str, words: tuple[Token, ...]) -> bool:
    """True when the capitals of acronym spell the initials of the words: "PSWs" and "PSWrs" of "peer support
    workers", "QoL" of "quality of life" (a capital first, and at most two small letters beside the capitals)."""
    capitals = "".join(c for c in acronym if c.isupper())
    small = len(acronym) - len(capitals)
    if not (2 <= len(capitals) <= 8 and acronym.isalpha() and acronym[:1].isupper() and small <= _SMALL_LETTERS):
        return False
    initials = "".join(t.text[0] for t in words if t.word and t.norm not in _ACRONYM_SKIP).upper()
    return initials == capitals
