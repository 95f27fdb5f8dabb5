"""What a finding compares peer support with: "usual care", "wait-list control", "non-peer staff".

A finding's comparator is the phrase its own sentence compares with ("than those receiving usual
care", "compared to women in the EUC-alone group"), as worded, without the people who received it.
A result of a controlled study that names no comparison is against the arm the study compared peer
support with, as its methods or results name it ("randomised to peer support or usual care"); never
one named only in a title or the background. Per-arm numbers ("50% vs 44%") are no comparator.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rdflib import URIRef

from kg.extract.context import Part, SentenceContext
from kg.extract.model import ABSTRACT, Finding
from kg.extract.text import Sentence
from kg.namespaces import CONCEPT, PSK

# People who received the comparison, before the arm itself. Matches "those receiving ", "women in the ",
# "participants who were assigned to ", "patients offered only "
_RECEIVERS = r"""(?:(?:those|participants|patients|people|individuals|persons|women|men|mothers|veterans|clients
      |users|adults|youth|students|carers|caregivers|workers|respondents|subjects|members)\s+
    (?:who\s+(?:were\s+|had\s+)?)?(?:in|receiving|received|given|offered|getting|on|with|assigned\s+to
      |allocated\s+to|randomi[sz]ed\s+to)\s+(?:only\s+)?(?:the\s+|a\s+|an\s+)?)"""
# What the sentence compares peer support with. Matches: "compared with usual care", "than those receiving Usual
# Care", "equally effective to services provided by non-peer paraprofessionals", "not significantly different to
# other mental health workers", "relative to control", "superior to usual care", "beyond usual care"
COMPARATOR = re.compile(rf"""
    (?<!rather\ )(?<!other\ )
    \b(?:compared\ (?:with|to)|in\ comparison\ (?:with|to)|relative\ to|versus|vs\.?|different\ (?:to|from)
      |(?:equally|as)\ effective\ (?:to|as)|similar\ to|superior\ to|inferior\ to|than)
    \s+(?:that\ of\s+|those\ of\s+)?{_RECEIVERS}?(?:the\s+|a\s+|an\s+)?
    (?P<np>those\s+(?:who\s+)?(?:were\s+not|weren['’]t|did\s+not|didn['’]t|not)\s+[^,.;:()\[\]]+
      |norms?\s+(?:for|of)\s+[^,.;:()\[\]]+?|[^,.;:()\[\]]+?)
    (?=\s+(?:on|in|at|for|over|across|after|during|with|regarding|and\ (?:had|were|was|showed)|while|whereas
      |but|although|though|who|which|p\s*[<=>])\b|\s*[,.;:()\[\]]|$)
    """, re.VERBOSE | re.IGNORECASE)
# The part of a comparator that names who provided the other service.
# Matches: "services provided by non-peer paraprofessionals" -> "non-peer paraprofessionals"
PROVIDED_BY = re.compile(r"^.*?\b(?:provided|delivered|offered|led)\s+by\s+", re.IGNORECASE)
# What a comparison's second term is when it is no comparison arm: a number ("50% vs 44%"), a time, an
# expectation, the peer arm itself. Matches: "44%", "baseline", "expected", "before", "chance", "intervention group"
NOT_AN_ARM = re.compile(r"""^(?:[\d.,\-−–±$£€%<>≥≤=]|\w+\s*[<=>]
    |(?:the\s+)?(?:baseline|expected|before|previously|prior|pre|post|chance|ever|that|this|it|them|they|in|at|one
      |half|twice|end|follow[-\s]?up|(?:pre|post)[-\s]?(?:intervention|test|treatment)
      |other\s+(?:outcomes?|measures?|domains?))\b
    |(?:usual|average)$|those\b(?!\s+(?:who\s+)?(?:were|did|had)?\s*n[o'’]t)
    |(?:intervention|experimental|treatment|active|peer(?:[-\s]support)?)\s+(?:group|arm|condition)s?$
    |.*\b(?:outcomes|measures|indicators|variables|domains|scores)$)""", re.VERBOSE | re.IGNORECASE)
# The arms trials compare peer support with, as abstracts name them.
# Matches: "usual care", "care-as-usual", "treatment as usual", "TAU", "wait-list control group", "control group",
# "standard care", "usual treatment", "EUC-alone group", "controls", "active control", "non-peer staff",
# "clinician-led group", "no intervention"
COMPARATOR_PHRASE = re.compile(r"""
    \b(?:(?:enhanced\ )?usual\ (?:(?:mental\ health|psychiatric|clinical)\ )?(?:care|treatment|services|practice)
      |care[-\ ]as[-\ ]usual|treatment[-\ ]as[-\ ]usual|services[-\ ]as[-\ ]usual|routine\ (?:care|services)
      |standard\ (?:care|treatment|services)|standard\ of\ care|comparison\ (?:group|arm|condition)s?
      |delayed[-\ ](?:intervention|treatment)|(?:assessment|information)[-\ ]only(?:\ control)?
      |no[-\ ]treatment\ control|minimal\ intervention
      |(?:wait(?:ing)?[-\ ]?list)(?:\ control)?(?:\ group|\ condition)?
      |(?:EUC|TAU)(?:[-\ ](?:alone|only))?(?:\ (?:group|arm))?|(?:active|attention)\ control(?:\ group)?
      |control\ (?:group|arm|condition)s?|controls|no[-\ ]intervention(?:\ control)?
      |non[-\ ]peer\ (?:staff|providers?|workers?|professionals?)|no\ peer\ support
      |(?:clinician|professional|professionally|staff)[-\ ](?:led|delivered|facilitated)\ (?:[\w-]+\ ){0,2}
        (?:groups?|care|services?|support|programs?|interventions?|treatment))\b
    """, re.VERBOSE | re.IGNORECASE)
# Arms that give another active treatment, second to usual care or no treatment as a study's comparison.
ACTIVE_ARM = re.compile(r"\b(?:led|delivered|facilitated|active|attention|non[-\ ]peer)\b", re.IGNORECASE)
# A phrase that names an arm only as a case-sensitive acronym: "TAU", "EUC".
_ACRONYM_ARM = re.compile(r"^(?:TAU|EUC)", re.IGNORECASE)
LEADING_ARTICLE = re.compile(r"^(?:among(?:st)?\s+)?(?:(?:the|a|an)\s+)?", re.IGNORECASE)
# Words of a result sentence that compare arms without naming one: "between groups", "than controls".
COMPARES = re.compile(r"\b(?:between[-\ ]groups?|between\ (?:the\ )?(?:two\ |three\ )?(?:groups|arms|conditions)"
                      r"|among\ (?:the\ )?(?:groups|arms|conditions)|group\ differences?|relative\ to|compared"
                      r"|versus|vs\.?|than)\b", re.IGNORECASE)
# Changes within one arm, which compare with no arm. Matches: "in both groups", "from baseline"
WITHIN = re.compile(r"\b(?:(?:in\ )?both\ (?:groups|arms|conditions)|all\ (?:three\ )?(?:groups|arms)"
                    r"|across\ (?:all\ )?(?:groups|arms|conditions)|from\ baseline|over\ time\ in\ the)\b",
                    re.IGNORECASE)
COMPARED_DIRECTIONS = frozenset({PSK.Positive, PSK.Negative, PSK.NoDifference})
MAX_WORDS = 8
# Designs that compare arms; a review's comparisons differ from one included study to the next.
CONTROLLED = frozenset(CONCEPT[f"design/{d}"] for d in ("rct", "quasi-experimental", "cohort"))


def comparator(text: str) -> str:
    """What one sentence compares peer support with, as worded; "" when it compares with nothing."""
    for m in COMPARATOR.finditer(text):
        np = PROVIDED_BY.sub("", m.group("np").strip())
        np = LEADING_ARTICLE.sub("", np).strip()
        if np and not NOT_AN_ARM.match(np) and len(np.split()) <= MAX_WORDS:
            return np
    return _arm_phrase(text)


def _arm_phrase(text: str) -> str:
    """The arm a sentence names; of several, the one without an active treatment."""
    found = [m.group().strip() for m in COMPARATOR_PHRASE.finditer(text)]
    # "tau" or "euc" in lower case are words, not the arms' acronyms
    found = [f for f in found if not _ACRONYM_ARM.match(f) or f[:3].isupper()]
    return _usual_first(found)


def _usual_first(arms: list[str]) -> str:
    """Of several arms, the one without an active treatment is the comparison: "a clinician-led recovery
    group, and usual treatment" compares peer support with usual treatment."""
    return min(arms, key=lambda n: ACTIVE_ARM.search(n) is not None) if arms else ""


def study_arm(parts: list[Sentence], contexts: list[SentenceContext]) -> str:
    """The arm the study compares peer support with, as its own methods, aims or results first name it;
    "" when it names none. Titles and background sentences are not the study's own arms."""
    return _usual_first([n for s, c in zip(parts, contexts, strict=True)
                         if s.field == ABSTRACT and c.part != Part.BACKGROUND and not c.prior_work
                         and (n := _arm_phrase(s.text))])


def with_comparators(findings: list[Finding], parts: list[Sentence], contexts: list[SentenceContext],
                     designs: set[URIRef]) -> list[Finding]:
    """Each finding with the comparator its sentence names, or else the study's arm when the result compares
    arms ("no significant differences between groups") or the study is a controlled one."""
    arm = study_arm(parts, contexts)
    controlled = bool(designs & CONTROLLED) and not any("review" in str(d) or "meta" in str(d) for d in designs)
    out = []
    for finding in findings:
        text = finding.sentence.text
        named = comparator(text)
        if not named and arm and finding.direction in COMPARED_DIRECTIONS and not WITHIN.search(text) and (
                COMPARES.search(text) or controlled):
            named = arm
        out.append(replace(finding, comparator=named) if named != finding.comparator else finding)
    return out
