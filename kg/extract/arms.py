"""Arms: which arm of a comparison a clause's result is said of: peer support, the comparison arm alone, every arm,
or an event rather than either.

- a comparison said of the comparison arm, as its subject ("control participants reported greater gains",
  "usual care outperformed"), as the arm it favours ("favoured usual care") or as the place it holds ("lower in
  the control group"), speaks for the comparison;
- a change in the comparison arm alone ("whereas they remained stable in the control group") or in every arm
  ("participants in both groups improved") is no finding about peer support, and neither is a change an event
  brought about ("the pandemic worsened the mental health of populations");
- a comparison with the comparator that denies a difference ("not superior to usual care in reducing symptoms",
  "as effective as") decides every outcome of its clause: no difference, whatever the words after it.
"""

from __future__ import annotations

import re
from itertools import pairwise

from kg.extract.clauses import clause_text
from kg.extract.comparisons import COMPARES
from kg.extract.cues import (
    COMPARISON_ARM,
    POLAR,
    Cue,
)
from kg.extract.matches import Match
from kg.extract.text import Sentence

# Change within every group is no finding about peer support. Matches: "Across groups, depression ... improved",
# "Participants in both interventions improved significantly over time"; not the groups a superlative compares:
# "the largest gains of all three groups". How many words open a clause: such a
# phrase among them governs the whole clause.
WITHIN_GROUPS = re.compile(r"\b(?:across\ (?:all\ )?(?:groups|arms|conditions)|(?:in\ )?both\ (?:groups|arms|conditions"
                           r"|interventions)|(?<!of\ )all\ (?:three\ )?(?:groups|arms|conditions)"
                           r"|regardless\ of\ (?:group|condition|arm))\b", re.IGNORECASE | re.VERBOSE)
LEAD_WORDS = 3
# Peer support, its comparison or its receipt named in a sentence, as what may bring a change about. Matches:
# "peer support was associated with", "compared with the control group", "the intervention"
AGENT = re.compile(r"\b(?:peer|peers(?![’'])|PSWs?|PSs|intervention|program(?:me)?s?|navigation|navigators?|compared"
                   r"|control\ (?:group|arm|condition)s?|controls|versus|vs\.?|usual\ care|attendance|received"
                   r"|receiving)\b", re.IGNORECASE)
# Events that change people's lives whatever the support: "the pandemic", "COVID-19", "lockdowns".
EVENTS = re.compile(r"\b(?:pandemic|covid(?:-19)?|coronavirus|lockdowns?|disasters?|earthquakes?|war|recession)\b",
                    re.IGNORECASE)
# A change located in the comparison arm alone, which says nothing of peer support by itself.
# Matches: "deteriorated in the control group", "among controls"; the clause must not compare ("than", "versus").
IN_CONTROL_ARM = re.compile(r"\b(?:in|among|for)\s+(?:the\s+)?(?:controls|(?:control|comparison|usual[-\s]care|TAU"
                            r"|wait[-\s]?list)(?:\s+(?:group|arm|condition|participants))?)\b", re.IGNORECASE)
# Comparative words whose comparison may be said of either arm, and words before an arm that make it the object of
# a comparison ("compared with controls").
COMPARATIVES = frozenset({"higher", "lower", "greater", "more", "less", "fewer", "better", "worse", "larger", "smaller",
                          "outperformed", "outperform", "outperforms", "superior"})
OBJECT_MARKERS = frozenset({"with", "to", "than", "versus", "vs", "over", "against", "and", "or", "plus", "+",
                            "alongside", "added", "compared", "relative"})
# Verbs that name the arm a result favours right after them: "favoured usual care", "favoured the control group".
FAVOURING = frozenset({"favoured", "favored", "favours", "favors", "favouring", "favoring", "favour", "favor"})
# How many tokens after such a verb the arm may be named.
FAVOURED_REACH = 5
# The comparison arm as the place a comparative holds. Matches: "in the control group", "among controls", "for
# usual care"; not "in comparison to".
CONTROL_LOCATION = re.compile(r"\b(?:in|among|for|with)\s+(?:the\s+)?(?:controls\b|(?:control|comparison"
                              r"|usual[-\s]care|TAU|wait[-\s]?list)\s+(?:group|arm|condition|participant)s?\b"
                              r"|(?:control|usual[-\s]care|TAU|wait[-\s]?list)\b(?!\s+(?:to|with)\b))", re.IGNORECASE)
# How many tokens after a comparative the arm it holds in may be named.
LOCATION_REACH = 8
# Any arm named, and the peer arm. Matches: "the mentored group", "peer", "the intervention"
ARM_NOUN = re.compile(r"\b(?:groups?|arms?|conditions?)\b", re.IGNORECASE)
PEER_ARM = re.compile(r"\b(?<!non-)(?<!non\ )(?:peer|peers|intervention|experimental|program(?:me)?)\b",
                      re.IGNORECASE | re.VERBOSE)
# Staff compared with peer workers, as the subject of a comparison whose other side is the peers. Matches:
# "clinicians", "mental health professionals", "other providers", "non-peer staff", "case managers"
STAFF_COMPARED = re.compile(r"\b(?:clinicians?|professionals?|(?:other|non-?peer|regular|traditional|professional)"
                            r"\s+(?:staff|providers?|workers?|employees?|colleagues)|case\ managers?)\b",
                            re.IGNORECASE | re.VERBOSE)
# A comparison with the comparator that denies a difference, or says the arms were alike: the comparison
# decides every outcome of its clause, whatever the words after it name as measured ("not superior to usual
# care in reducing symptoms" reports no difference, not a reduction). Matches: "was not superior to",
# "no more effective than", "not significantly better than", "did not outperform", "failed to outperform",
# "non-inferior to", "noninferiority", "as effective as", "equally effective", "neither better nor worse".
NULL_COMPARISON = re.compile(r"""
    \b(?:not|no|nor|never|neither|n't)\s+(?:statistically\s+)?(?:significantly\s+)?(?:more\s+)?
      (?:superior|better|more\ effective|more\ beneficial|worse|inferior|less\ effective)\s+(?:to|than)\b
    | \b(?:not|n't|failed\ to|did\ not|does\ not|do\ not)\s+(?:significantly\s+)?outperform
    | \bnon-?inferior(?:ity)?\b | \bnot\s+inferior\b
    | \bas\s+effective\s+as\b | \bequally\s+effective\b | \bneither\s+better\s+nor\s+worse\b
    """, re.VERBOSE | re.IGNORECASE)


def comparison_arm_favoured(sentence: Sentence, first: int, last: int, cues: list[Cue]) -> bool:
    """True when a comparison in a clause is said of the comparison arm: it is the subject ("Control participants
    reported greater improvements than ...", "Usual care outperformed peer support", "clinicians reported more
    burnout than peer workers"), or the comparative is located in it ("hope was higher in the control group"). The
    change then speaks for the comparison, not for peer support."""
    for c in cues:
        words = {t.norm for t in sentence.tokens[c.first:c.last + 1]}
        if c.kind in POLAR and first <= c.first <= last and words & FAVOURING:
            # "favoured usual care", "favoured the control group": the arm right after the verb
            named = clause_text(sentence, c.last + 1, min(last, c.last + FAVOURED_REACH)) if c.last < last else ""
            return bool(COMPARISON_ARM.search(named)) and not PEER_ARM.search(named)
    comparative = [c for c in cues if c.kind in POLAR and first <= c.first <= last
                   and {t.norm for t in sentence.tokens[c.first:c.last + 1]} & COMPARATIVES]
    if not comparative:
        return False
    cue = comparative[0]
    lead = clause_text(sentence, first, cue.first - 1) if cue.first > first else ""
    rest = clause_text(sentence, cue.last + 1, last) if cue.last < last else ""
    for arm in COMPARISON_ARM.finditer(lead):
        before = set(re.findall(r"[\w+]+", lead[:arm.start()].casefold())[-3:])
        if not before & OBJECT_MARKERS:
            # the arm compared with must be another: not "the TAU alone group" after "than"
            return not PEER_ARM.search(lead) and not COMPARISON_ARM.search(rest)
    staff = STAFF_COMPARED.search(lead)
    if staff and not set(re.findall(r"[\w+]+", lead[:staff.start()].casefold())[-3:]) & OBJECT_MARKERS \
            and not PEER_ARM.search(lead) and PEER_ARM.search(rest):
        return True  # "clinicians reported more burnout than peer workers": the staff compared with the peers
    after = clause_text(sentence, cue.last + 1, min(last, cue.last + LOCATION_REACH)) if cue.last < last else ""
    location = CONTROL_LOCATION.search(after)
    peer = PEER_ARM.search(after)
    if location is None or set(re.findall(r"\w+", after[:location.start()].casefold())[-2:]) & OBJECT_MARKERS:
        return False  # "fell more in mentored students than in controls": the arm compared with
    return peer is None or location.start() < peer.start()


def about_control_arm(text: str) -> bool:
    """True when the text of a clause locates what it says in the comparison arm alone, comparing it with nothing."""
    # another arm named beside it ("19% in the mentored group and 33% in usual care") makes it a comparison
    other_arm = ARM_NOUN.search(IN_CONTROL_ARM.sub(" ", text))
    return bool(IN_CONTROL_ARM.search(text)) and not COMPARES.search(text) \
        and not PEER_ARM.search(text) and not other_arm


def within_groups_of(match: Match, sentence: Sentence, first: int, last: int) -> bool:
    """True when a change in every arm ("in both groups") is said in the clause of an outcome, not in another
    clause joined by ", and": in "ending the relationship was a challenge for both groups, and managing boundaries
    was deemed a main challenge by mentors" the boundaries are the mentors' alone. Opening the clause ("Across
    groups, depression ..., and overall mental health improved") it governs the whole clause."""
    low, high = sentence.tokens[first].start, sentence.tokens[last].end
    at = sentence.tokens[match.first].start
    lead = [t.start for t in sentence.tokens[first:last + 1] if t.word][:LEAD_WORDS]
    for m in WITHIN_GROUPS.finditer(sentence.text):
        start = sentence.start + m.start()
        if not low <= start < high:
            continue
        between = [t.norm for t in sentence.tokens if min(start, at) <= t.start < max(start, at)]
        if start in lead or not any(a == "," and b == "and" for a, b in pairwise(between)):
            return True
    return False


def caused_by_an_event(sentence: Sentence, first: int, cues: list[Cue]) -> bool:
    """True when the subject of a clause's change is an event, not peer support: "This pandemic has ubiquitously
    worsened the mental health of populations", "lockdowns increased loneliness"."""
    polar = [c for c in cues if c.kind in POLAR and c.first >= first]
    if not polar:
        return False
    subject = clause_text(sentence, first, polar[0].first - 1) if polar[0].first > first else ""
    return bool(EVENTS.search(subject)) and not AGENT.search(subject)


def after_denied_comparison(match: Match, sentence: Sentence) -> bool:
    """True when an outcome follows a comparison that denies a difference: "did not outperform usual care on
    empowerment" reports no difference in empowerment though no cue word stands beside it."""
    found = NULL_COMPARISON.search(sentence.text)
    return found is not None and sentence.start + found.end() <= sentence.tokens[match.first].start
