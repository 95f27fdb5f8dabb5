"""Questionnaires returned, counted as the people who returned them.

The annotation rules make "82 questionnaires" returned 82 participants: a count of questionnaires said to be
returned or completed ("82 questionnaires were returned", "82 completed questionnaires", "of 200 questionnaires
sent, 82 were returned") counts the people who answered them, with the role of those the sentence says returned
them ("82 questionnaires were returned by peer workers"). Surveys count people so only when the sentence names
who returned them: a survey may be one per site ("11 surveys were completed" by 11 services). What was only sent
or given out ("200 questionnaires were distributed") counts no one, nor do the measures each person filled in.
"""

from __future__ import annotations

import re

from kg.extract.count_heads import PARTICIPANTS, next_word_index, token_at
from kg.extract.count_reader import CountReader
from kg.extract.counts import DIGITS, NUMBER, WORD_NUMBER, is_year
from kg.extract.matches import Match

# The words of returning or completing a questionnaire, before its noun or after it.
_RETURNED = r"(?:returned|completed|usable|valid|received|collected|analy[sz]ed)"
# What makes a count of questionnaires the measures each person filled in, not the people: "three questionnaires
# were completed by each participant", "at baseline", "per visit".
_PER_PERSON = r"(?:by\s+(?:each|every|all)|at\s+(?:baseline|each|every|both)|per|before|after|pre|post)\b"
# A count of questionnaires or surveys said to be returned or completed. Matches "82 questionnaires were returned",
# "82 completed questionnaires", "Eighty-two usable online surveys", "82 questionnaires (41%) were returned"
RETURNED_FORMS = re.compile(rf"""(?<![\w.,/-])(?P<number>{DIGITS}|{WORD_NUMBER})\s+
      (?:(?P<adjective>{_RETURNED})\s+)?(?:(?:online|postal|paper|baseline|follow-up|staff|self-report)\s+)?
      (?:questionnaires?|(?P<survey>surveys?))\b
      (?P<verb>\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:were|was)\s+(?:fully\s+)?{_RETURNED}\b)?
      (?!\s+{_PER_PERSON})""",
                            re.VERBOSE | re.IGNORECASE)
# A bare count of the questionnaires a sentence named before it that were returned. Matches " were returned" of
# "Of 200 questionnaires sent, 82 were returned", " (41%) were completed"
RETURNED_AFTER = re.compile(r"\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:were|was)\s+(?:fully\s+)?"
                            rf"(?:returned|completed)\b(?!\s+{_PER_PERSON})", re.IGNORECASE)
# The questionnaires or surveys a sentence names before a bare count.
QUESTIONNAIRES_BEFORE = re.compile(r"\b(?:questionnaires?|surveys?)\b", re.IGNORECASE)
# Words that introduce who returned the questionnaires: "returned by peer workers", "from 14 sites".
BY_WHOM = frozenset({"by", "from"})
# How many words may stand between "by" or "from" and the role of those who returned them: "by the peer workers".
BY_REACH = 3


def read_returned(reader: CountReader) -> None:
    """Counts of questionnaires or surveys returned or completed, as counts of the people who returned them, with
    the role named after "by" or "from" when the sentence names one."""
    sentence, text = reader.sentence, reader.sentence.text
    if not QUESTIONNAIRES_BEFORE.search(text):
        return
    for m in RETURNED_FORMS.finditer(text):
        at = m.start("number")
        if at in reader.taken or is_year(m.group("number")) or not (m.group("adjective") or m.group("verb")):
            continue
        role = _returned_by(reader, sentence.start + m.end())
        if role is not None or not m.group("survey"):  # surveys may be of sites: "11 surveys were completed"
            reader.add(m.group("number"), at, (PARTICIPANTS, role))
    for m in NUMBER.finditer(text):
        at = m.start("number")
        after = RETURNED_AFTER.match(text, m.end())
        if at in reader.taken or is_year(m.group("number")) or after is None or (
                not QUESTIONNAIRES_BEFORE.search(text, 0, m.start())):
            continue
        named = QUESTIONNAIRES_BEFORE.findall(text, 0, m.start())[-1].casefold()
        role = _returned_by(reader, sentence.start + after.end())
        if role is not None or named.startswith("questionnaire"):
            reader.add(m.group("number"), at, (PARTICIPANTS, role))


def _returned_by(reader: CountReader, offset: int) -> Match | None:
    """The role named right after "by" or "from" at a field offset: the peer workers of "returned by peer
    workers"; None when the next word is neither or no role follows within reach."""
    tokens = reader.sentence.tokens
    index = token_at(tokens, offset)
    by = index if index < len(tokens) and tokens[index].norm else next_word_index(tokens, index)
    if by is None or tokens[by].norm not in BY_WHOM:
        return None
    words = 0
    for k in range(by + 1, len(tokens)):
        role = reader.by_first.get(k)
        if role is not None:
            return role
        if not tokens[k].word or NUMBER.fullmatch(tokens[k].text):
            return None
        words += 1
        if words > BY_REACH:
            return None
    return None
