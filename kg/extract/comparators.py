"""What a finding compares peer support with: "usual care", "wait-list control", "non-peer staff".

A finding's comparator is the phrase its own sentence compares with ("than those receiving usual
care", "compared to women in the EUC-alone group"), as worded, without the people who received it.
A result between the study's arms takes the comparison arm's phrase even when its sentence names none
("no differences between groups", "similar in both groups", "the intervention group reported more hope"):
the phrase the file's other results give it, else the arm of the study's methods. A result of a controlled
study that names no comparison is against that arm too; never one named only in a title or the background.
A finding with no comparison stated has none: a change within the arms, a result on the service itself, a
finding of the study's qualitative data. Per-arm numbers ("50% vs 44%") are no comparator.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from rdflib import URIRef

from kg.extract.comparisons import BY_GROUP, COMPARES, NAMES_ARM, comparator
from kg.extract.context import SentenceContext
from kg.extract.lexicon import lexicon
from kg.extract.model import ABSTRACT, TITLE, Finding
from kg.extract.populations import is_workforce_outcome
from kg.extract.short_forms import ABBREVIATION, defined_abbreviations, write_out
from kg.extract.study_arms import arm_count, as_results_name_it, study_arm
from kg.extract.text import Sentence
from kg.namespaces import CONCEPT, PSK

# A no-difference result between arms, which holds of the arms beside any change within them: "Both groups improved,
# with no significant differences by group".
BETWEEN_NULL = re.compile(rf"\bno\ (?:significant\ |statistically\ significant\ )?(?:\w+\ )?(?:{BY_GROUP}"
                          r"|differences?\ between\ (?:the\ )?(?:two\ |three\ )?(?:groups|arms|conditions))",
                          re.VERBOSE | re.IGNORECASE)
# Every arm named at once. Matches "in both groups", "all three arms", "across conditions"; not the groups a superlative
# compares: "the largest gains of all three groups"
ALL_ARMS = re.compile(r"\b(?:(?:in\ )?both\ (?:groups|arms|conditions)|(?<!of\ )all\ (?:three\ )?(?:groups|arms)"
                      r"|across\ (?:all\ )?(?:groups|arms|conditions))\b", re.IGNORECASE)
# A change over time, within an arm. Matches "from baseline", "within-group", "from pre- to post-intervention",
# "pre-post", "before and after", "over time in the"
OVER_TIME = re.compile(r"\b(?:from\ baseline|over\ time\ in\ the|within[-\ ](?:group|arm|subjects?)|from\ pre"
                       r"|pre[-\ ]?(?:to|and)[-\ ]?post|pre[-\ ]post|before\ and\ after)\b", re.IGNORECASE)
# Words that say the arms were alike, which said "in both groups" compare the groups: "similar in both groups",
# "comparable across both arms", "did not differ in both conditions"
ALIKE = re.compile(r"\b(?:similar|comparable|equivalent|alike|(?:the\ )?same|no\ (?:\w+\ ){0,2}differences?"
                   r"|(?:did|does|do)\ not\ differ|not\ differ\w*)\b", re.IGNORECASE)
# Words that make a change over time one between the arms. Matches "group × time interaction", "time-by-condition",
# "between-group differences from baseline"
BETWEEN_OVER_TIME = re.compile(r"\b(?:(?:group|arm|condition|treatment)\s*(?:[x×*]|by|-by-)\s*time"
                               r"|time\s*(?:[x×*]|by|-by-)\s*(?:group|arm|condition|treatment)|between[-\ ]groups?)\b",
                               re.IGNORECASE)
# A superlative over the arms, which compares one with the others. Matches "the largest gains of all three groups",
# "the highest scores among the groups"
SUPERLATIVE_OF_ARMS = re.compile(r"\b(?:most|least|\w{2,}est)\b[^.;]{0,60}?\b(?:of|among)\ (?:all\ )?(?:the\ )?"
                                 r"(?:two\ |three\ |four\ )?(?:groups|arms|conditions)\b", re.IGNORECASE)
# A difference denied without naming what differed, which compares the groups the study compares: "There were also
# no differences in turnover intentions", "Loneliness did not differ".
DENIED_DIFFERENCE = re.compile(r"\b(?:no\ (?:\w+\ ){0,2}differences?|(?:did|does|do)\ not\ (?:\w+\ )?differ"
                               r"|not\ (?:\w+\ )?different)\b", re.IGNORECASE)
# Times compared, which make a difference one over time: "at follow-up", "over time", "between baseline and".
TIMES = re.compile(r"\b(?:baseline|follow[-\ ]?up|over\ time|time\ points?|pre[-\ ]?test|post[-\ ]?test)\b",
                   re.IGNORECASE)
# The peer arm named as such, with a comparative said of it: a result between the arms. Matches "the intervention
# group ... more", "the peer support arm reported greater", "fewer ... in the treatment group"
OWN_ARM = re.compile(r"\b(?:intervention|treatment|experimental|peer(?:[-\ ]\w+)?)\ (?:group|arm|condition|cohort)s?\b",
                     re.IGNORECASE)
COMPARATIVE = re.compile(r"\b(?:more|less|fewer|greater|higher|lower|better|worse|larger|smaller)\b", re.IGNORECASE)
# Data of the study's qualitative part, by the qualitative methods the annotation rules list, whose findings compare
# with no arm unless their sentence names one; bare "interviews" name none, as measures are taken so too. Matches
# "qualitative reports", "semi-structured interviews", "focus groups revealed", "themes", "content analysis"
QUALITATIVE = re.compile(r"""\b(?:qualitative(?:ly)?|(?:semi-structured|in-depth)\ interviews?|focus\ groups?|themes?
    |thematic|(?:content|narrative)\ analysis|grounded\ theory|open[-\ ]ended|free[-\ ]text)\b""",
                         re.IGNORECASE | re.VERBOSE)
COMPARED_DIRECTIONS = frozenset({PSK.Positive, PSK.Negative, PSK.NoDifference, PSK.Unclear})
# Outcomes said of the peer support service itself, by those who received or ran it: how acceptable it was and how
# it was put into practice. A result on them is against another arm only when its own sentence names one.
OF_THE_SERVICE = frozenset(CONCEPT[f"outcome/{o}"] for o in ("acceptability", "implementation"))
# Designs that compare arms; a review's comparisons differ from one included study to the next.
CONTROLLED = frozenset(CONCEPT[f"design/{d}"] for d in ("rct", "quasi-experimental", "cohort"))
# The most arms a study may have for a result that names no comparison to be against the study's comparison arm.
MAX_IMPLIED_ARMS = 2


def with_comparators(findings: list[Finding], parts: list[Sentence], contexts: list[SentenceContext],
                     designs: set[URIRef]) -> list[Finding]:
    """Each finding with the comparator its sentence names, or else the study's arm when the result compares
    arms ("no significant differences between groups", "the intervention group reported more hope") or the study
    is a controlled one (by its design, or because its methods assign people to arms). A result of a study of
    three arms or more that does not say it compares arms is against no one arm: "the peer support group improved
    more" may be against either. A difference denied without naming groups ("loneliness did not differ") is
    between the groups the file's other results compare, when they compare with one phrase."""
    review = any("review" in str(d) or "meta" in str(d) for d in designs)
    lex = lexicon()
    arms = arm_count(parts, contexts)
    controlled = not review and (bool(designs & CONTROLLED) or arms >= 2)
    named_by = {id(f): comparator(f.sentence.text) for f in findings}
    # the arm as the results name it ("compared with the SCS group") stands for the arm in the other results
    in_results = Counter(n for f in findings if NAMES_ARM.search(n := named_by[id(f)]))
    arm = in_results.most_common(1)[0][0] if in_results and controlled else as_results_name_it(
        study_arm(parts, contexts), parts, contexts)
    phrases = {n for n in named_by.values() if n}
    results_phrase = next(iter(phrases)) if len(phrases) == 1 else ""
    out = []
    for finding in findings:
        text = finding.sentence.text
        named = named_by[id(finding)]
        if not named and _compares(finding):
            # a trial's arms are arms of the people supported: the peer workers' own outcomes are against no arm
            # unless the sentence says it compares
            implied = arms <= MAX_IMPLIED_ARMS and (controlled or _said_of_own_arm(text)) and (
                not is_workforce_outcome(finding.outcome, lex))
            if arm and (COMPARES.search(text) or SUPERLATIVE_OF_ARMS.search(text) or implied):
                named = arm
            elif not review and finding.direction == PSK.NoDifference and DENIED_DIFFERENCE.search(text) and (
                    not TIMES.search(text)):
                named = results_phrase or arm
        out.append(replace(finding, comparator=named) if named != finding.comparator else finding)
    return _written_out(out, parts)


def _compares(finding: Finding) -> bool:
    """True unless the finding states no comparison: a change within the arms ("improved in both groups", "from
    baseline"; not "similar in both groups" nor a group-by-time interaction), a result on the service itself, or one
    of qualitative data."""
    text = finding.sentence.text
    alike = finding.direction == PSK.NoDifference and (
        BETWEEN_NULL.search(text) or (ALIKE.search(text) and not OVER_TIME.search(text)))
    within = (ALL_ARMS.search(text) or OVER_TIME.search(text)) and not alike and not BETWEEN_OVER_TIME.search(text)
    return finding.direction in COMPARED_DIRECTIONS and not within and finding.outcome not in OF_THE_SERVICE and (
        not QUALITATIVE.search(text))


def _said_of_own_arm(text: str) -> bool:
    """True when a comparative is said of the peer arm named as an arm: "the intervention group reported more hope"
    compares it with the study's other arm."""
    return bool(OWN_ARM.search(text) and COMPARATIVE.search(text))


def _written_out(findings: list[Finding], parts: list[Sentence]) -> list[Finding]:
    """The findings with each abbreviation of their comparators written out as the title or abstract defines it
    ("the TAU group" -> "the treatment as usual group" where the text says "treatment as usual (TAU)")."""
    if not any(ABBREVIATION.search(f.comparator) for f in findings):
        return findings
    defined = defined_abbreviations([s.text for s in parts if s.field in (TITLE, ABSTRACT)])
    if not defined:
        return findings
    return [replace(f, comparator=write_out(f.comparator, defined)) if ABBREVIATION.search(f.comparator) else f
            for f in findings]

