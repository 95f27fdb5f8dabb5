"""Ages: the age ranges or bounds in years a sentence states ("(14–26 years old)", "aged 18 and over")."""

from __future__ import annotations

import re

from kg.extract.model import AgeRange
from kg.extract.text import Sentence

# An age range in years. Matches: "(14–26 years old)", "aged 18-25 years", "aged between 16 and 25"; not a span of
# something other than life ("3-10 years of peer work")
AGE_RANGE = re.compile(r"""
    (?:\b(?:aged?|ages)\s+(?:between\s+)?(?P<a1>\d{1,2})\s*(?:–|-|—|to|and)\s*(?P<b1>\d{1,2})\b)
    | (?:\b(?P<a2>\d{1,2})\s*(?:–|-|—|to)\s*(?P<b2>\d{1,2})(?:\s+|-)(?:years?|yrs?)\b
       (?!\s+(?:younger|older|earlier|later|ago|since|after|before)|\s+of\s+(?!age\b)))
    | (?:\bage[^.;()]{0,30}?\(?\s*range[\s:=]*(?P<a3>\d{1,2})\s*(?:–|-|—|to)\s*(?P<b3>\d{1,2})\b)
    """, re.VERBOSE | re.IGNORECASE)
# Years that measure a span of something other than life, after an age-like figure: "(≤5 years of illness)", "3-10
# years of peer work"; not "years of age".
DURATION_AFTER = r"(?!\s+of\s+(?!age\b))"
# A lower age bound. Matches: "age ≥18 years", "aged over 18 years", "aged 18 and over", "(≥65 years)", "were 18
# years or older", "at least 18 years of age", "at least 21 years old"
AGE_MIN = re.compile(rf"""
    \baged?\s*(?:≥|>=|>|over|above|at\ least)\s*(?P<a1>\d{{1,2}})\b
    | \baged?\s+(?P<a2>\d{{1,2}})\s*(?:years?\s+)?(?:and|or)\s+(?:over|older|above)\b
    | (?<!\baged)(?<!\bage)(?<![\w.])(?:≥|>=)\s*(?P<a3>\d{{1,2}})\s*(?:years?|yrs?)\b{DURATION_AFTER}
    | (?<!\baged\ )(?<!\bage\ )\b(?P<a4>\d{{1,2}})\s+(?:years?\s+)?(?:or|and)\s+(?:older|over|above)\b
    | \bat\s+least\s+(?P<a5>\d{{1,2}})\s*(?:years?|yrs?)\s+(?:of\s+age|old)\b
    """, re.VERBOSE | re.IGNORECASE)
# An upper age bound. Matches: "(individuals < 26 years old)", "under 25 years"; not "(≤5 years of illness)"
AGE_MAX = re.compile(rf"(?:<|≤|\bunder|\byounger\s+than|\bbelow)\s*(?P<b1>\d{{1,2}})\s*(?:years?|yrs?)\b"
                     rf"{DURATION_AFTER}", re.IGNORECASE)


def age_ranges(sentence: Sentence) -> list[AgeRange]:
    """The age ranges (or bounds) in years one sentence states."""
    found = []
    for pattern in (AGE_RANGE, AGE_MIN, AGE_MAX):
        for m in pattern.finditer(sentence.text):
            values = {k[0]: int(v) for k, v in m.groupdict().items() if v is not None}
            low, high = values.get("a"), values.get("b")
            if low is not None and high is not None and low >= high:
                continue
            span = sentence.span(sentence.start + m.start(), sentence.start + m.end())
            found.append(AgeRange(low, high, span))
    found.sort(key=lambda a: a.span.start)
    return [a for i, a in enumerate(found) if not any(_overlaps(a, b) for b in found[:i])]


def _overlaps(a: AgeRange, b: AgeRange) -> bool:
    return a.span.start < b.span.end and b.span.start < a.span.end
