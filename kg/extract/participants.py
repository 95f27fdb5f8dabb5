"""Participant groups and ages: "peer support workers (n = 35)", "32 clients", "(14–26 years old)"."""

from __future__ import annotations

import re

from kg.extract.lexicon import ROLE
from kg.extract.matcher import Match
from kg.extract.model import AgeRange, ParticipantGroup
from kg.extract.text import Sentence, Token

PARTICIPANTS, INTERVIEWS, FOCUS_GROUPS = "participants", "interviews", "focus groups"

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
          "seventeen": 17, "eighteen": 18, "nineteen": 19}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
# A count written in digits or words. Matches: "49", "5597", "4,001", "Twenty-four", "six"
NUMBER = re.compile(r"""
    (?<![\w.,=<>≥≤±$£€%/-])
    (?P<number>\d{1,3}(?:,\d{3})+|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+|\d{1,2}\ \d{3}(?![\d.,])|\d+
      |(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[-‐ ](?:one|two|three|four|five|six|seven
        |eight|nine))?
      |one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen
      |seventeen|eighteen|nineteen)
    (?![\w%]|\.\d|,\d)
    """, re.VERBOSE | re.IGNORECASE)
# A count in parentheses after the group it counts. Matches: "(n = 35)", "(N=454)", "(n = 20;"
N_EQUALS = re.compile(r"(?:\(\s*|(?<=,)\s*)[nN]\s*=\s*(?P<number>\d[\d,]*)\s*[),;]")
# Arms counted inside a parenthesis after the group they split. Matches "PS group = 149" and "Usual Care = 133"
# in "All patients (PS group = 149, Usual Care = 133)"
NAMED_ARM = re.compile(r"(?<=[(,;])\s*(?P<arm>[A-Za-z][\w+\- ]{1,30}?)\s*[=:]\s*(?P<number>\d[\d,]*)\s*(?=[),;])")
# A part of a counted whole. Matches "115 of 301 respondents", "22/30"
PART_OF = re.compile(r"(?<![\w.,/])(?P<part>\d[\d,]*)\s*(?:of|out\ of|/)\s*(?:the\s+)?(?P<number>\d[\d,]*)(?![\d.,%])")
# Nouns for counted people who have no role of the scheme.
PERSON_NOUNS = frozenset({"participant", "people", "person", "individual", "respondent", "adult", "subject",
                          "interviewee", "informant", "woman", "women", "man", "men", "mother", "father",
                          "veteran", "student", "child", "children", "patient", "volunteer", "graduate",
                          "trainee", "employee", "worker"})
UNIT_NOUNS = {"interview": INTERVIEWS, "focus": FOCUS_GROUPS}
# Words after a number that end the search for what it counts.
_STOP = frozenset({"of", "with", "from", "were", "was", "who", "that", "and", "in", "at", "to", "for", "per",
                   "regarding", "about", "among", "between", "across", "within", "than",
                   "had", "have", "by", "on", "over", "months", "month", "year", "week", "day", "hour",
                   "session", "site", "study", "trial", "time", "item", "theme", "percent", "country",
                   "paper", "article", "record", "program", "domain", "area", "category",
                   "point", "wave", "round", "stage", "phase", "level", "cmoc", "step", "type", "title",
                   "million", "billion", "thousand", "hundred"})
# "one in four people" is a proportion, not a group. Matches the "one in " before "four"
PROPORTION_BEFORE = re.compile(r"\b(?:one|1)\s+(?:in|out\s+of)\s+$", re.IGNORECASE)
MODIFIER_REACH = 3
# How far after "interviews" or "focus groups" the people they were held with may be named.
UNIT_REACH = 25
# Words after a number that make it a length of time. Matches the "min" of "60 min interviews"
DURATIONS = frozenset({"min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs"})
BACKWARD_REACH = 8

# An age range in years. Matches: "(14–26 years old)", "aged 18-25 years", "aged between 16 and 25"
AGE_RANGE = re.compile(r"""
    (?:\baged?\s+(?:between\s+)?(?P<a1>\d{1,2})\s*(?:–|-|—|to|and)\s*(?P<b1>\d{1,2})\b)
    | (?:\b(?P<a2>\d{1,2})\s*(?:–|-|—|to)\s*(?P<b2>\d{1,2})(?:\s+|-)(?:years?|yrs?)\b)
    """, re.VERBOSE | re.IGNORECASE)
# A lower age bound. Matches: "age ≥18 years", "aged over 18 years", "aged 18 and over"
AGE_MIN = re.compile(r"""
    \baged?\s*(?:≥|>=|>|over|above|at\ least)\s*(?P<a1>\d{1,2})\b
    | \baged?\s+(?P<a2>\d{1,2})\s*(?:years?\s+)?(?:and|or)\s+(?:over|older|above)\b
    """, re.VERBOSE | re.IGNORECASE)
# An upper age bound. Matches: "(individuals < 26 years old)", "under 25 years"
AGE_MAX = re.compile(r"(?:<|≤|\bunder|\byounger\s+than|\bbelow)\s*(?P<b1>\d{1,2})\s*(?:years?|yrs?)\b",
                     re.IGNORECASE)


def parse_number(text: str) -> int:
    """The value of a count written in digits or in words ("Twenty-four" -> 24)."""
    word = text.casefold().replace(",", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "").replace(
        "\u2009", "")
    if word.isdigit():
        return int(word)
    parts = re.split(r"[-‐ ]", word)
    return _TENS.get(parts[0], 0) + _UNITS.get(parts[-1], 0) if parts[0] in _TENS else _UNITS[word]


def _token_at(tokens: tuple[Token, ...], offset: int) -> int:
    return next((i for i, t in enumerate(tokens) if t.start >= offset), len(tokens))


def _next_word(tokens: tuple[Token, ...], i: int) -> int | None:
    return next((k for k in range(i + 1, len(tokens)) if tokens[k].norm), None)


def _head_after(sentence: Sentence, index: int, roles: dict[int, Match]) -> tuple[str, Match | None] | None:
    """What the count ending before token index counts: a role, people, interviews, or nothing."""
    tokens = sentence.tokens
    modifiers = 0
    first = _next_word(tokens, index - 1)
    if first is not None and tokens[first].norm in DURATIONS:
        return None  # "60 min interviews" is how long they were, not how many
    skip_to = -1
    for i in range(index, len(tokens)):
        token = tokens[i]
        if not token.norm or i <= skip_to:
            continue
        if not token.word:
            return None
        if i in roles:
            # "18 stakeholder interviews" counts interviews with stakeholders
            after = _next_word(tokens, roles[i].last)
            if after is not None and tokens[after].norm in UNIT_NOUNS:
                return UNIT_NOUNS[tokens[after].norm], roles[i]
            return PARTICIPANTS, roles[i]
        if token.norm in UNIT_NOUNS:
            return UNIT_NOUNS[token.norm], _role_of_unit(sentence, i, roles)
        if token.norm in PERSON_NOUNS or token.text.casefold() in PERSON_NOUNS:
            # "738 adult PSs": the role the person noun qualifies
            after = _next_word(tokens, i)
            return PARTICIPANTS, roles.get(after) if after is not None else None
        if token.norm == "in" and _next_word(tokens, i) is not None and tokens[i + 2:i + 3] and tokens[
                i + 2].norm == "depth":  # "in-depth interviews"
            skip_to = i + 2
            continue
        if (token.norm.isdigit() or NUMBER.fullmatch(token.text)) and (
                (k := _next_word(tokens, i)) is not None and tokens[k].norm in DURATIONS):
            skip_to = k  # "three 60 min interviews"
            continue
        if token.norm in _STOP or token.norm.isdigit() or NUMBER.fullmatch(token.text):
            return None
        modifiers += 1
        if modifiers > MODIFIER_REACH:
            return None
    return None


def _role_of_unit(sentence: Sentence, index: int, roles: dict[int, Match]) -> Match | None:
    """Whom interviews or focus groups were held with, when the sentence names one group after the unit:
    "Four focus groups of 5-8 homeless veterans", "interviews were conducted with six mental health
    professionals"; None when it names several ("with 35 peer workers and 14 stakeholders")."""
    tokens = sentence.tokens
    words = 0
    joined = False
    found: list[Match] = []
    for i in range(index + 1, len(tokens)):
        token = tokens[i]
        if token.norm in {"with", "of", "among"}:
            joined = True
        elif token.norm in {";", "."}:
            break
        if joined and i in roles:
            found.append(roles[i])
        words += token.word
        if words > UNIT_REACH:
            break
    return found[0] if len({m.concept for m in found}) == 1 else None


def _role_before(sentence: Sentence, index: int, roles: list[Match]) -> tuple[bool, Match | None]:
    """The group a parenthesised count follows: (found, role); found is False when no group precedes it."""
    tokens = sentence.tokens
    words = 0
    for i in range(index - 1, -1, -1):
        token = tokens[i]
        if not token.norm:
            continue
        if not token.word:
            return False, None
        ending = [m for m in roles if m.last == i]
        if ending:
            return True, ending[0]
        if token.norm in PERSON_NOUNS or token.text.casefold() in PERSON_NOUNS:
            return True, None
        words += 1
        if words >= BACKWARD_REACH:
            return False, None
    # The count follows the sentence's subject: "Latinos with a serious mental illness (N=110)".
    return True, None


def participant_groups(sentence: Sentence, matches: list[Match]) -> list[ParticipantGroup]:
    """The counted groups of one sentence."""
    roles = [m for m in matches if m.scheme == ROLE]
    by_first = {m.first: m for m in roles}
    groups: list[ParticipantGroup] = []
    taken: set[int] = set()
    for m in N_EQUALS.finditer(sentence.text):
        index = _token_at(sentence.tokens, sentence.start + m.start())
        if index > 0 and sentence.tokens[index - 1].norm == ",":  # "service users, n= 60,"
            index -= 1
        found, role = _role_before(sentence, index, roles)
        if found:
            groups.append(_group(sentence, m.group("number"), PARTICIPANTS, role, m.start("number")))
            taken.add(m.start("number"))
    for m in NAMED_ARM.finditer(sentence.text):
        if m.group("arm").strip().casefold() in {"n", "p", "d", "or", "rr", "hr", "ci", "sd", "se", "b", "r", "t", "f"}:
            continue
        opening = sentence.text.rfind("(", 0, m.start())
        if opening < 0:
            continue
        index = _token_at(sentence.tokens, sentence.start + opening)
        found, role = _role_before(sentence, index, roles)
        if found:
            groups.append(_group(sentence, m.group("number"), PARTICIPANTS, role, m.start("number")))
            taken.add(m.start("number"))
    for m in PART_OF.finditer(sentence.text):
        index = _token_at(sentence.tokens, sentence.start + m.end())
        head = _head_after(sentence, index, by_first)
        if head is not None:
            for key in ("part", "number"):
                groups.append(_group(sentence, m.group(key), head[0], head[1], m.start(key)))
                taken.add(m.start(key))
    for m in NUMBER.finditer(sentence.text):
        if (m.start("number") in taken or _is_year(m.group("number"))
                or PROPORTION_BEFORE.search(sentence.text[:m.start()])):
            continue
        index = _token_at(sentence.tokens, sentence.start + m.end())
        head = _head_after(sentence, index, by_first)
        if head is not None:
            groups.append(_group(sentence, m.group("number"), head[0], head[1], m.start("number")))
    groups.sort(key=lambda g: g.span.start)
    return [g for g in groups if g.size > 0]


def _is_year(number: str) -> bool:
    return number.isdigit() and len(number) == 4 and 1900 <= int(number) <= 2099


def _group(sentence: Sentence, number: str, unit: str, role: Match | None, at: int) -> ParticipantGroup:
    start = sentence.start + at
    end = role.end if role is not None and role.end > start else start + len(number)
    return ParticipantGroup(parse_number(number), unit, role.concept if role is not None else None,
                            sentence.span(start, end))


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
