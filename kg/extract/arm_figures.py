"""Arm figures: a result stated only as the figures of the arms compared, which way the peer arm's figure stands
against the comparison arm's.

- "12% of the peer group scored above the cut-off, compared with 35% of controls" and "mean scores were 31.2 in the
  intervention group and 28.4 in the control group" say which way the outcome went for peer support without a word
  of change: the peer arm's figure is higher or lower than the comparison's, as a signed figure says it in the
  annotation rules;
- each arm takes the figure nearest to its name, and a sentence gives a direction only when it names one peer arm and
  one comparison arm, each with a figure of its own, and the figures differ;
- figures of the arms before the support began are where they started, no result: "before the intervention",
  "at baseline";
- statistics, counts of people, thresholds and times are no figures of an arm: "(n = 9)", "p = 0.02", "> 12",
  "at 8 weeks".
"""

from __future__ import annotations

import re

from kg.extract.cues import DECREASE, INCREASE
from kg.extract.text import Sentence, word_set

# The peer arm, and the comparison arm. Matches: "the peer support group", "the intervention arm", "mentored
# participants", "the experimental condition"; "controls", "the control group", "usual care", "TAU", "the wait-list"
PEER_ARM_NAME = re.compile(r"""\b(?<!non-)(?:peer(?:[-\ ]\w+)?|intervention|experimental|treatment|mentored|coached
    |befriended|navigated)\ (?:group|arm|condition|participants|cohort)s?\b""", re.IGNORECASE | re.VERBOSE)
COMPARISON_ARM_NAME = re.compile(r"""\bcontrols\b|\b(?:control|comparison|usual[-\ ]care|TAU|wait[-\ ]?list)
    (?:\ (?:group|arm|condition|participants|cohort)s?)?\b|\btreatment\ as\ usual\b""", re.IGNORECASE | re.VERBOSE)
# The arms as they were before the support began. Matches: "at baseline", "before intervention", "pre-intervention"
AT_START = re.compile(r"\b(?:baseline|before\ (?:the\ )?(?:intervention|treatment|randomi[sz]ation|the\ programme)"
                      r"|pre-?(?:intervention|treatment|test)|at\ (?:entry|intake|enrol?ment))\b",
                      re.IGNORECASE | re.VERBOSE)
# A figure: "40.9", "12", "35%".
FIGURE = re.compile(r"^\d+(?:\.\d+)?$")
# Words right before a number that make it a statistic, a count or a threshold, not an arm's figure: "n = 9",
# "p = 0.02", "> 12", "df = 1", "95% CI".
NOT_FIGURE_BEFORE = frozenset({"=", "<", ">", "≤", "≥", "n", "p", "df", "ci", "to", "aged", "age", "over", "under",
                               "above", "below", "than", "±", "-", "–"})
# Words right after a number that make it a time, an age or a count of people: "at 8 weeks", "12-month".
NOT_FIGURE_AFTER = word_set({"week", "weeks", "month", "months", "year", "years", "day", "days", "hours", "sessions",
                             "participants", "people", "patients", "mothers", "studies", "trials"})
HYPHENS = frozenset({"-", "\u2010", "\u2011", "\u2013"})
# How many tokens an arm's name may stand from its figure: "40.9% (n = 9) of mothers in the control group".
FIGURE_REACH = 9


def figure_change(sentence: Sentence) -> str | None:
    """INCREASE when the peer arm's figure is higher than the comparison arm's, DECREASE when lower; None when the
    sentence does not name one figure for each."""
    figures = _figures(sentence)
    if len(figures) < 2 or AT_START.search(sentence.text):
        return None
    peer = [_token_at(sentence, sentence.start + m.start()) for m in PEER_ARM_NAME.finditer(sentence.text)]
    comparison = [_token_at(sentence, sentence.start + m.start()) for m in COMPARISON_ARM_NAME.finditer(sentence.text)]
    if len(peer) != 1 or len(comparison) != 1:
        return None
    arms = sorted([peer[0], comparison[0]])
    # "19% of the intervention group and 33% of the control group" gives each arm the figure before it; "in the
    # intervention group (19%) and in the control group (33%)" the figure after it
    for side in (-1, 1):
        paired = [_figure_beside(sentence, arm, side, arms, figures) for arm in (peer[0], comparison[0])]
        mine, theirs = paired
        if mine is not None and theirs is not None and mine[0] != theirs[0]:
            return None if mine[1] == theirs[1] else (INCREASE if mine[1] > theirs[1] else DECREASE)
    return None


def _figure_beside(sentence: Sentence, arm: int, side: int, arms: list[int],
                   figures: list[tuple[int, float]]) -> tuple[int, float] | None:
    """The figure nearest an arm's name on one side (-1 before, +1 after), within FIGURE_REACH tokens outside
    parentheses and with no other arm's name between them."""
    near = [(_distance(sentence, f[0], arm), f) for f in figures if (f[0] - arm) * side > 0
            and not any(min(f[0], arm) < other < max(f[0], arm) for other in arms if other != arm)]
    near = [(d, f) for d, f in near if d <= FIGURE_REACH]
    return min(near)[1] if near else None


def _distance(sentence: Sentence, a: int, b: int) -> int:
    """How many tokens stand between two positions, not counting a parenthesis and what it holds: in "40.9% (n = 9)
    of mothers in the control group" the count of the parenthesis does not part the figure from its arm."""
    depth, count = 0, 0
    for token in sentence.tokens[min(a, b) + 1:max(a, b)]:
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth = max(0, depth - 1)
        elif depth == 0:
            count += 1
    return count


def _figures(sentence: Sentence) -> list[tuple[int, float]]:
    """The (token, value) of every number that is no statistic, count, threshold or time; a decimal written in three
    tokens ("40", ".", "9") counts as one."""
    tokens = sentence.tokens
    out = []
    k = 0
    while k < len(tokens):
        token = tokens[k]
        if not FIGURE.match(token.text):
            k += 1
            continue
        text, end = token.text, k
        if k + 2 < len(tokens) and tokens[k + 1].text == "." and FIGURE.match(tokens[k + 2].text) \
                and tokens[k + 1].start == token.end and tokens[k + 2].start == tokens[k + 1].end:
            text, end = f"{token.text}.{tokens[k + 2].text}", k + 2
        before = {t.text.casefold() for t in tokens[max(0, k - 2):k]}
        after = [t.text.casefold() for t in tokens[end + 1:end + 3]]
        if after[:1] and after[0] in HYPHENS:
            after = after[1:]  # "a 4-week assessment"
        if not (before & NOT_FIGURE_BEFORE or set(after[:1]) & NOT_FIGURE_AFTER):
            out.append((k, float(text)))
        k = end + 1
    return out


def _token_at(sentence: Sentence, offset: int) -> int:
    """The index of the token that begins at or after a character offset of the field."""
    return next((k for k, t in enumerate(sentence.tokens) if t.start >= offset), len(sentence.tokens) - 1)
