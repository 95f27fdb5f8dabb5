"""Findings: which way each outcome went, read clause by clause from the cue words around it.

Precise before broad:
- a "no difference" cue ("equally effective", "not significantly different") wins;
- a "mixed" cue ("mixed evidence", "not consistent", "confounded") makes the clause Mixed;
- otherwise the polar cue nearest to the outcome decides, turned by the outcome's polarity
  ("reduced hospitalisation" is favourable); a negated cue ("did not improve") gives
  NoDifference, never the opposite direction;
- a quantified hedge ("some studies found") makes a polar result Mixed, a modal hedge
  ("may improve") makes it Unclear; neither inflates it;
- clauses split at contrasts ("but", "whereas", "in which", ";"), and discourse markers
  such as "on the other hand" never flip anything;
- an outcome with only a neutral cue ("changes to stigma") is Unclear, unless the cue links two
  outcomes ("burnout impacts job satisfaction"), which is no finding about peer support.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from rdflib import URIRef

from kg.extract.lexicon import OUTCOME, Lexicon
from kg.extract.matcher import Match
from kg.extract.model import Finding
from kg.extract.text import Sentence, normalize_phrase
from kg.namespaces import PSK
from kg.resources import resource_file

CUES_CSV = "data/cues.csv"

FAVOURABLE, UNFAVOURABLE, INCREASE, DECREASE = "favourable", "unfavourable", "increase", "decrease"
NEUTRAL, NO_DIFFERENCE, MIXED = "neutral", "no_difference", "mixed"
QUANTIFIED_HEDGE, MODAL_HEDGE, NEGATION, IGNORE = "quantified_hedge", "modal_hedge", "negation", "ignore"
# A verb of having or meeting something ("peer specialists experience role ambiguity") counts as an
# increase only for the outcome right after it: "three experiences: mood changes, ..., sense of hope" is not.
PRESENCE = "presence"
PRESENCE_REACH = 3
POLAR = frozenset({FAVOURABLE, UNFAVOURABLE, INCREASE, DECREASE})
# How many tokens before a cue a negation reaches: "did not significantly improve".
NEGATION_REACH = 3
# Clause boundaries that separate what each side says. Concessive "although" joins its clause
# to the main one, so "although this was not consistent" still qualifies the main clause.
STRONG_BOUNDARIES = frozenset({";", "but", "whereas", "however", "yet", "while"})
CONCESSIVE = frozenset({"although", "though"})
PREFIX_LENGTH = 32

# Statistical association between measures, which says nothing about peer support unless the
# sentence names the intervention or a comparison.
# Matches: "role clarity significantly predicted less emotional exhaustion"
ASSOCIATION = re.compile(r"\b(?:predict(?:ed|s|ors?)?|correlat\w*|mediat\w*|accounted\ for|regression)\b",
                         re.IGNORECASE)
# Matches: "peer support was associated with", "compared with the control group", "the intervention"
AGENT = re.compile(r"\b(?:peer|peers|intervention|program(?:me)?s?|navigation|navigators?|compared|control"
                   r"|versus|vs\.?|usual\ care|attendance|received|receiving)\b", re.IGNORECASE)

# What peer support was compared with. Matches: "equally effective to services provided by non-peer
# paraprofessionals on", "not significantly different to other mental health workers."
COMPARATOR = re.compile(r"""
    \b(?:compared\ (?:with|to)|in\ comparison\ (?:with|to)|relative\ to|versus|vs\.?|different\ (?:to|from)
      |(?:equally|as)\ effective\ (?:to|as)|similar\ to|(?:better|worse|more|less|greater|higher|lower|fewer)
        (?:\ \w+)?\ than)
    \s+(?:those\s+(?:in|receiving|who\s+received)\s+)?(?P<np>[^,.;:()]+?)
    (?=\s+(?:on|in|at|for|over|across|after|during|with|regarding|and\ (?:had|were|was|showed))\b|[,.;:()]|$)
    """, re.VERBOSE | re.IGNORECASE)
# The part of a comparator that names who provided the other service.
# Matches: "services provided by non-peer paraprofessionals" -> "non-peer paraprofessionals"
PROVIDED_BY = re.compile(r"^.*?\b(?:provided|delivered|offered|led)\s+by\s+", re.IGNORECASE)
LEADING_ARTICLE = re.compile(r"^(?:the|a|an|those\s+(?:in|receiving|who\s+received))\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """A cue word of one kind at a token position."""

    kind: str
    first: int
    last: int


@cache
def cue_table() -> tuple[dict[tuple[str, ...], str], int]:
    """The cue phrases by normal form, and the longest phrase's length."""
    table: dict[tuple[str, ...], str] = {}
    with resource_file("kg", CUES_CSV).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            table.setdefault(normalize_phrase(row["phrase"]), row["kind"])
    return table, max(len(k) for k in table)


def find_cues(sentence: Sentence) -> list[Cue]:
    """Cue words of a sentence, leftmost-longest."""
    table, longest = cue_table()
    positions = [i for i, t in enumerate(sentence.tokens) if t.norm]
    norms = [sentence.tokens[i].norm for i in positions]
    cues, p = [], 0
    while p < len(positions):
        for n in range(min(longest, len(positions) - p), 0, -1):
            kind = table.get(tuple(norms[p:p + n]))
            if kind:
                if kind != IGNORE:
                    cues.append(Cue(kind, positions[p], positions[p + n - 1]))
                p += n
                break
        else:
            p += 1
    return cues


def clauses(sentence: Sentence) -> list[tuple[int, int, bool]]:
    """(first, last, starts_with_but_not) token ranges of a sentence's clauses; concessives stay joined."""
    tokens = sentence.tokens
    has_list = any(t.norm == ":" for t in tokens)
    cuts = [0]
    for i, token in enumerate(tokens):
        if token.norm in STRONG_BOUNDARIES and i > 0 and not (token.norm == ";" and has_list):
            cuts.append(i)
        elif token.norm == "which" and i > 1 and tokens[i - 1].norm == "in" and tokens[i - 2].norm == ",":
            cuts.append(i - 1)
    cuts.append(len(tokens))
    out = []
    for a, b in pairwise(cuts):
        if b > a:
            words = [t.norm for t in tokens[a:b] if t.word][:2]
            out.append((a, b - 1, words[:1] == ["but"] and words[1:2] in (["not"], ["no"])))
    return out


def _links_outcomes(cue: Cue, outcomes: list[Match]) -> bool:
    """A neutral cue between two outcomes ("burnout impacts job satisfaction") relates them to each other."""
    return (cue.kind == NEUTRAL and any(m.last < cue.first for m in outcomes)
            and any(m.first > cue.last for m in outcomes))


def _polarity(kind: str, outcome: URIRef, lex: Lexicon) -> int:
    better_higher = lex.improves.get(outcome, PSK.Higher) == PSK.Higher
    return {FAVOURABLE: 1, UNFAVOURABLE: -1, INCREASE: 1 if better_higher else -1,
            PRESENCE: 1 if better_higher else -1, DECREASE: -1 if better_higher else 1}[kind]


def _negated(cue: Cue, cues: list[Cue]) -> bool:
    return any(c.kind == NEGATION and 0 < cue.first - c.last <= NEGATION_REACH for c in cues)


def _distance(cue: Cue, match: Match) -> tuple[int, int]:
    if cue.first >= match.first and cue.last <= match.last:
        return -1, 0  # the outcome's own words judge it: "underpaid", "lack of role clarity"
    if cue.last < match.first:
        return match.first - cue.last, 0
    return cue.first - match.last, 1


def direction(match: Match, cues: list[Cue], inherited: int | None, lex: Lexicon) -> URIRef | None:
    """The direction of one outcome from the cues of its clause; None when the clause states none."""
    kinds = {c.kind for c in cues if not _negated(c, cues)}
    if NO_DIFFERENCE in kinds:
        return PSK.NoDifference
    polar = [c for c in cues if c.kind in POLAR
             or (c.kind == PRESENCE and 0 < match.first - c.last <= PRESENCE_REACH)]
    if MIXED in kinds:
        return PSK.Mixed
    if not polar:
        if inherited is not None:
            return PSK.NoDifference  # "improvements to recovery but not hope": the cue, negated
        neutral = [c for c in cues if c.kind == NEUTRAL]
        if neutral:
            return PSK.NoDifference if all(_negated(c, cues) for c in neutral) else PSK.Unclear
        return None
    nearest = min(polar, key=lambda c: _distance(c, match))
    if _negated(nearest, cues):
        return PSK.NoDifference
    sign = _polarity(nearest.kind, match.concept, lex)
    if QUANTIFIED_HEDGE in kinds:
        return PSK.Mixed
    if MODAL_HEDGE in kinds:
        return PSK.Unclear
    return PSK.Positive if sign > 0 else PSK.Negative


def comparator(text: str) -> str:
    """What the sentence compares peer support with, as worded; "" when it compares with nothing."""
    m = COMPARATOR.search(text)
    if not m:
        return ""
    np = PROVIDED_BY.sub("", m.group("np").strip())
    np = LEADING_ARTICLE.sub("", np).strip()
    return np if 0 < len(np.split()) <= 8 else ""


def sentence_findings(sentence: Sentence, outcome_matches: list[Match], field_text: str,
                      lex: Lexicon) -> list[Finding]:
    """The findings one result sentence states, one per outcome."""
    all_cues = find_cues(sentence)
    found: dict[URIRef, Finding] = {}
    previous_polar: int | None = None
    if ASSOCIATION.search(sentence.text) and not AGENT.search(sentence.text):
        return []
    for first, last, but_not in clauses(sentence):
        in_clause = [m for m in outcome_matches if first <= m.first <= last and m.scheme == OUTCOME]
        cues = [c for c in all_cues if first <= c.first <= last and not _links_outcomes(c, in_clause)]
        inherited = previous_polar if but_not else None
        for match in in_clause:
            value = direction(match, cues, inherited, lex)
            if value is not None and match.concept not in found:
                found[match.concept] = _finding(sentence, match.concept, value, field_text)
        previous_polar = 1 if any(c.kind in POLAR for c in cues) else None
    return list(found.values())


def _finding(sentence: Sentence, outcome: URIRef, value: URIRef, field_text: str) -> Finding:
    compared = comparator(sentence.text) if value in (PSK.NoDifference, PSK.Positive, PSK.Negative) else ""
    return Finding(outcome, value, compared, sentence.span(),
                   field_text[max(0, sentence.start - PREFIX_LENGTH):sentence.start],
                   field_text[sentence.end:sentence.end + PREFIX_LENGTH])
