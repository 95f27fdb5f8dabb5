"""The arms a study compares: those its methods assign people to ("randomised to peer support or usual care"),
and the one of them peer support is compared with, as the study's own methods, aims or results name it; never one
named only in a title or the background."""

from __future__ import annotations

import re

from kg.extract.comparisons import MEASURE_OF, NOT_AN_ARM, PEER_ARM, RECEIVERS, arm_phrase, comparator, usual_first
from kg.extract.context import Part, SentenceContext
from kg.extract.model import ABSTRACT
from kg.extract.text import Sentence

# A statement that people were assigned to arms, up to the words that name the arms. Matches "were randomised to ",
# "randomly allocated (1:1) to ", "were enrolled in either ", "were randomized into one of three conditions: ",
# "were cluster-randomised by ward to "
ASSIGNED_TO = re.compile(r"""\b(?:randomi[sz]ed
        (?!\ (?:controlled|clinical|trial|pilot|study|design|feasibility|evaluation))
      |assigned|allocated|(?:were|was|be|being)\ enrolled)\b[^.;]{0,40}?\b(?:to|into|in)\s+
    (?:(?:one\ of\ )?(?:two|three|four|five|\d)\ (?:[\w-]+\ )?(?:conditions|arms|groups)\s*[:,]?\s*|receive\s+
      |either\s+)*""",
                         re.VERBOSE | re.IGNORECASE)
# A study's comparison as its aims or methods state it. Matches "compared the COPe-support intervention to ",
# "a randomized controlled trial of Trauma Risk Management against ", "to compare peer navigation with "
COMPARED_WITH = re.compile(r"""\b(?:compar(?:e|ed|ing)\b[^.;]{0,80}?\b(?:with|to|against|versus|vs)
    |(?:trial|evaluation|study)\ of\ [^.;]{1,60}?\b(?:against|versus|vs))\s+""", re.VERBOSE | re.IGNORECASE)
# A study's comparison between two groups, the first of whom get peer support. Matches "compared mental health
# outcomes between individuals who received peer specialist services and a treatment as usual group"
COMPARED_BETWEEN = re.compile(r"""\bcompar(?:e|ed|ing)\b[^.;]{0,80}?\bbetween\s+(?P<first>[^.;]+?)\s+and\s+
    (?P<second>[^.;]+)""", re.VERBOSE | re.IGNORECASE)
# What separates the arms of a list. Matches ", ", " or to ", ", or ", " versus ", " vs ", ", and "
ARM_SEPARATOR = re.compile(r"\s*,\s*(?:(?:or|and)\s+)?(?:\d+\s+)?(?:to\s+)?|\s+(?:or|versus|vs\.?)\s+(?:to\s+)?",
                           re.IGNORECASE)
# Where an arm's name ends: a parenthesis, a clause, or the adjuncts that say when, where, how or for how long.
# Matches the " for " of "usual care for 12 weeks", the " at " of "a wait-list at three sites", the " with " of "a
# control website with delayed access"
ARM_END = re.compile(r"""\s*[(\[:;]|\s+(?:for|at|in|over|during|after|from|on|by|who|which|that|where|while|and\ (?:were
    |was|then|followed|assessed|completed)|using|based|via|through|receiving|given|offered|provided|with|without
    |across|within|between|among|until|before)\b
    # a participle with its preposition opens a clause that describes the arm: "a usual care group matched on age"
    |\s+[a-z]+ed\s+(?:on|by|for|with|from|in|to|at)\b""", re.VERBOSE | re.IGNORECASE)
# An arm that names the comparison itself. Matches "usual care", "control", "wait list", "standard case
# management", "no intervention", "self-help materials alone"
PASSIVE_ARM = re.compile(r"""\b(?:usual|control|controls|standard|routine|wait(?:ing)?[-\ ]?list(?:ed)?|delayed|no
    |alone|only|TAU|EUC|UC|comparison|attention|placebo|information|leaflet|non[-\ ]peer)\b""",
                         re.VERBOSE | re.IGNORECASE)
MAX_ARM_WORDS = 6
# Parentheses and brackets, dropped before an arm list is read: "peer support (n = 60) or usual care (n = 62)".
_BRACKETED = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")


def assigned_arms(text: str) -> list[str]:
    """The arms a sentence says people were assigned to, as worded ("randomised to peer support or usual care"
    -> ["peer support", "usual care"]); [] when it names fewer than two."""
    plain = _BRACKETED.sub("", _BRACKETED.sub("", text))
    for m in reversed(list(ASSIGNED_TO.finditer(plain))):  # "enrolled in the study and randomised to A or B"
        clause = _clause(plain[m.end():])
        if not re.search(r"\s(?:or|versus|vs\.?|and\s+(?:\d+\s+)?to)\s", clause, re.IGNORECASE):
            continue  # a list of arms ends with "or": "unmoderated, unstructured Internet peer support" is none
        items = _list_items(clause)
        arms = [a for a in (_arm_name(a) for k, (_, a) in enumerate(items) if not _appositive(items, k)) if a]
        if len(arms) >= 2:
            return arms
    return []


def _list_items(clause: str) -> list[tuple[str, str]]:
    """The items of a list of arms, each with the separator before it; a participle after the item that "or" (or
    "versus") introduces opens a clause of its own, which ends the list: "A, B, or C, resulting in a sample of
    139" lists A, B and C."""
    items: list[tuple[str, str]] = []
    start, separator, ored = 0, "", False
    for m in ARM_SEPARATOR.finditer(clause):
        items.append((separator, clause[start:m.start()]))
        separator, start = m.group(), m.end()
        if ored and PARTICIPLE.match(clause, start):
            return items
        ored = ored or (re.search(r"\b(?:or|versus|vs)\b", separator, re.IGNORECASE) is not None)
    return [*items, (separator, clause[start:])]


# A participle that opens a clause. Matches "resulting", "yielding", "stratified"
PARTICIPLE = re.compile(r"\s*[a-z]+(?:ing|ed)\b")


def _appositive(items: list[tuple[str, str]], k: int) -> bool:
    """True when the item at k of an arm list, set off by a comma, describes the name before it rather than adding
    an arm: "a medical illness self-management program led by peer specialists" after "Whole Health Action
    Management"."""
    separator, item = items[k]
    if k == 0 or separator.strip() != "," or not re.match(r"(?:a|an)\s", item.strip()):
        return False
    name = re.sub(r"^(?:(?:either|to|receive|receiving)\s+)*", "", items[k - 1][1].strip(), flags=re.IGNORECASE)
    words = re.findall(r"[A-Za-z][\w'-]*", name)
    # an apposition names the class of what it describes: "the HARP program, a self-management program led by ..."
    head = words[-1].casefold() if words else ""
    if head and head not in _NAME_JOINERS and re.search(rf"\b{re.escape(head)}\b", item, re.IGNORECASE):
        return True
    return bool(words) and all(w[:1].isupper() for w in words if w.casefold() not in _NAME_JOINERS)


# Words a programme's name may hold in lower case: "Building Recovery of Individual Dreams and Goals".
_NAME_JOINERS = frozenset({"of", "and", "the", "for", "to", "in", "on", "with", "a", "an"})


def _clause(text: str) -> str:
    """The words up to the end of the clause that names the arms."""
    end = re.search(r"[.;](?:\s|$)", text)
    return text[:end.start()] if end else text


def _arm_name(words: str) -> str:
    """One arm's name: without its article, its adjuncts and its count; "" when it is no name."""
    words = MEASURE_OF.sub("", words.strip())  # "changes in a befriending group": the arm is the befriending group
    words = re.sub(rf"^(?:(?:\d+|either|to|receive|receiving)\s+)*(?:(?:the|a|an)\s+)?{RECEIVERS}?", "", words,
                   flags=re.IGNORECASE | re.VERBOSE)
    words = ARM_END.split(words, maxsplit=1)[0].strip()
    if not words or (NOT_AN_ARM.match(words) and not PEER_ARM.search(words)) or len(words.split()) > MAX_ARM_WORDS:
        return ""
    return words


def comparison_arm(arms: list[str]) -> str:
    """Of a study's arms, the one peer support is compared with: one that names a comparison ("usual care",
    "a wait-list"), else the other of two arms when one gives peer support, else the second of two arms (a
    study names its own intervention first: "assigned to WRAP or to a nutrition education course"); "" when
    that is not clear."""
    passive = [a for a in arms if PASSIVE_ARM.search(a) and not PEER_ARM.search(a)]
    if passive:
        return passive[0]
    others = [a for a in arms if not PEER_ARM.search(a)]
    if len(arms) != 2 or not others:
        return ""
    return others[0] if len(others) == 1 else arms[1]



def study_arm(parts: list[Sentence], contexts: list[SentenceContext]) -> str:
    """The arm the study compares peer support with, as its own methods, aims or results name it: the arm
    people were assigned to ("randomised to peer support or standard case management"), else the first
    comparison arm named ("a wait-list control group"), else what the study compared peer support with;
    "" when it names none. Titles and background sentences are not the study's own arms."""
    # a sentence under a background heading that states this study's aim is the study's own ("Introduction: We
    # aimed to investigate ... compared to service as usual alone")
    own = [s.text for s, c in zip(parts, contexts, strict=True)
           if s.field == ABSTRACT and (c.part != Part.BACKGROUND or c.aim or c.self_statement) and not c.prior_work]
    assigned = next((a for text in own if (a := comparison_arm(assigned_arms(text)))), "")
    return assigned or usual_first([n for text in own if (n := _arm_as_compared(text))]) or next(
        (a for text in own if (a := _compared_arm(text))), "")


def _arm_as_compared(text: str) -> str:
    """The arm a sentence names, by the whole phrase its comparison gives it when that holds the arm's name ("a
    treatment as usual group" of "compared outcomes between peer recipients and a treatment as usual group")."""
    named = arm_phrase(text)
    if not named:
        return named
    compared = _compared_arm(text)
    return compared if re.search(rf"\b{re.escape(named)}\b", compared, re.IGNORECASE) else named


def as_results_name_it(arm: str, parts: list[Sentence], contexts: list[SentenceContext]) -> str:
    """The study's arm by the shorter name a result sentence compares with, when its words are all words of the
    arm's name ("expressive writing" for "online expressive writing condition"); the arm as named otherwise."""
    words = set(re.findall(r"\w+", arm.casefold()))
    if not words:
        return arm
    for sentence, context in zip(parts, contexts, strict=True):
        if context.part in (Part.RESULTS, Part.CONCLUSIONS) and (named := comparator(sentence.text)):
            if set(re.findall(r"\w+", named.casefold())) < words:
                return named
    return arm


def _compared_arm(text: str) -> str:
    """What a sentence of aims or methods compares the study's intervention with ("compared peer navigation
    with standard case management"); "" when the second term gives peer support too."""
    plain = _BRACKETED.sub("", text)
    m = COMPARED_WITH.search(plain)
    between = COMPARED_BETWEEN.search(plain)
    if between and (m is None or between.start("first") < m.end()):
        # "compared outcomes between those who received peer support and a usual care group"
        arm = _arm_name(_clause(between.group("second")).split(",")[0])
        return arm if PEER_ARM.search(between.group("first")) and not PEER_ARM.search(arm) else ""
    if m is None:
        return ""
    arm = _arm_name(ARM_SEPARATOR.split(_clause(plain[m.end():]), maxsplit=1)[0])
    later = re.search(r"\b(?:with|against|versus|vs)\s+(?!respect\b|regard\b)", _clause(plain[m.end():]))
    if m.group().rstrip().endswith("to") and PEER_ARM.search(arm) and later:
        # "compared direction to an Internet support group with online expressive writing": what "to" introduced
        # is part of the first term, and the second term follows "with"
        arm = _arm_name(ARM_SEPARATOR.split(_clause(plain[m.end() + later.end():]), maxsplit=1)[0])
    return "" if PEER_ARM.search(arm) else arm


def arm_count(parts: list[Sentence], contexts: list[SentenceContext]) -> int:
    """How many arms the study's own methods say people were assigned to (0 when they name none)."""
    return max((len(assigned_arms(s.text)) for s, c in zip(parts, contexts, strict=True)
                if s.field == ABSTRACT and c.part != Part.BACKGROUND and not c.prior_work), default=0)

