"""Outcomes named by what a sentence says of them, not by a label alone: acceptability by a judgement of the
intervention itself, and the clinical outcome by "mental health" where a change, a good or a harm is said of it, or
where it is named as a burden of the background (frequent or growing problems, a poor state).

Abstracts seldom name acceptability; they say that people judged the service: "participants found peer support
useful", "39 of 54 were satisfied with peer services", "the intervention was positively evaluated", "a positive
view regarding peer services". The scheme defines acceptability as the acceptability of and satisfaction with
the peer support received, so a word of judgement counts as naming it only when what it judges is the peer
support, the service or the intervention (a judgement of anything else, "useful insights", is no acceptability).
The judging word becomes the outcome's mention, and being a direction cue itself it also says which way.
"""

from __future__ import annotations

import re

from rdflib import URIRef

from kg.extract.lexicon import OUTCOME
from kg.extract.text import Sentence
from kg.namespaces import CONCEPT

ACCEPTABILITY = URIRef(CONCEPT["outcome/acceptability"])

# What the judgement must be about: the peer support, the service, the intervention or the people who give it.
# Matches: "peer support", "the peer services", "the intervention", "the GPSG-intervention", "their mentor",
# "the program", "peer-delivered services", "the groups"
_SUPPORT = r"""(?:(?:the|this|their|such|these|our|its)\s+)?(?:[\w-]+\s+){0,2}?
    (?:peer\ support|peer[-\s]+(?:delivered\ |led\ |run\ )?(?:services?|programs?|programmes?|groups?|work)
      |[\w-]*interventions?|programs?|programmes?|services?|course|mentors?|mentoring|groups?|sessions|clubhouses?
      |forums?|platforms?|apps?|coaching)\b"""
# Words of judgement that, said of the support, name its acceptability; "not" before them is read by the cues.
_JUDGEMENT = r"(?:useful|helpful|valuable|acceptable|satisfying|worthwhile|enjoyable|supportive|unhelpful|unacceptable)"
_DEGREE = r"(?:(?:very|highly|extremely|uniquely|particularly|generally|mostly|largely|not|less|more|most)\s+)?"
# "found peer support useful", "rated the sessions as very helpful", "described their mentor as uniquely supportive"
JUDGED_OBJECT = re.compile(rf"""\b(?:found|find|finds|rated|rate|perceived|perceive|considered|consider|viewed|view
    |described|describe|saw|see|deemed|judged)\s+{_SUPPORT}\s+(?:as\s+|to\s+be\s+)?{_DEGREE}(?P<word>{_JUDGEMENT})\b""",
                           re.IGNORECASE | re.VERBOSE)
# "peer support services were satisfying and beneficial", "the intervention was rated as helpful"
JUDGED_SUBJECT = re.compile(rf"""{_SUPPORT}\s+(?:was|were|is|are)\s+(?:(?:rated|perceived|considered|viewed|seen
    |found|deemed|judged|described)\s+)?(?:as\s+|to\s+be\s+)?(?:an?\s+)?{_DEGREE}(?P<word>{_JUDGEMENT})\b""",
                            re.IGNORECASE | re.VERBOSE)
# The support valued, or met with enthusiasm: "peer support was valued by those involved", "members valued the
# groups", "both staff and members expressed enthusiasm for the groups", "satisfaction with the programme"
VALUED = re.compile(rf"""{_SUPPORT}\s+(?:was|were|is|are)\s+(?:(?:highly|greatly|very\ much|much|particularly)\s+)?
    (?P<word>valued|appreciated)\b(?!\s+(?:in|within|across|throughout)\b)
    | \b(?P<word2>valued|appreciated|enthusiasm\ for|enthusiastic\ about|satisfaction\ with)
      (?!\s+(?:in|as|by|within|across|at|on)\b)\s+{_SUPPORT}
      # not the people who give it: "staff valued peer support workers" is their integration, not acceptability
      (?!\s+(?:workers?|specialists?|staff|roles?|providers?|coordinators?))
      # nor a satisfaction its predicate judges: "satisfaction with the service was low" is read by that word
      (?!\s+(?:was|were|is|are|remained)\s+(?:\w+ly\s+)?(?:low|lower|poor|limited|mixed|moderate|modest|variable
        |inconsistent)\b)""",
                    re.IGNORECASE | re.VERBOSE)
# "satisfied with peer services", "dissatisfied with the program"
SATISFIED_WITH = re.compile(rf"""\b(?P<word>(?:dis)?satisfied|pleased|happy)\s+with\s+{_SUPPORT}""",
                            re.IGNORECASE | re.VERBOSE)
# "the intervention was positively evaluated", "the groups were well received"
WELL_RECEIVED = re.compile(rf"""{_SUPPORT}\s+(?:was|were)\s+(?:(?:very|highly|generally)\s+)?
    (?P<word>(?:positively|favourably|favorably|well)\s+(?:evaluated|received|rated|regarded))\b""",
                           re.IGNORECASE | re.VERBOSE)
# "a positive view regarding peer services", "positive feedback about the program"
POSITIVE_VIEW = re.compile(rf"""\b(?P<word>(?:positive|negative|favourable|favorable)\s+(?:views?|attitudes?|feedback
    |opinions?|perceptions?|ratings?))\s+(?:of|regarding|toward|towards|about|on|with)\s+{_SUPPORT}""",
                           re.IGNORECASE | re.VERBOSE)
# The experience of the support judged as a whole: "The experience of YouFB was positive", "the experience was a
# positive one" (the experience a study of the support asks about is that of the support).
EXPERIENCE_JUDGED = re.compile(rf"""\b(?:the|their|this|participants'|participants’)\s+experiences?
    (?:\s+(?:of|with|in)\s+(?:the\s+)?[\w-]+(?:\s+[\w-]+){{0,2}}?)?\s+(?:was|were|is|are)\s+(?:a\s+|an\s+)?{_DEGREE}
    (?P<word>positive|negative)(?!\s+(?:and|or)\s+negative\b)""", re.IGNORECASE | re.VERBOSE)
# The experience people report of the support, judged by the adjective before it: "reported overall very positive
# experiences", "reported a 'good' or 'very good' peer support experience", "described a poor experience of the service"
# (what a study of the support asks people to report is their experience of it); not "those who reported more positive
# experiences", a comparison of people, not a judgement.
EXPERIENCE_REPORTED = re.compile(r"""\b(?:reported|report|reports|described|describe|describes|had|have|has|expressed
    |shared|rated)\s+(?:an?\s+|their\s+)?(?:overall\s+)?(?:(?:very|highly|extremely|generally|mostly|largely)\s+)?
    ['‘"“]?(?P<word>positive|good|negative|poor)['’"”]?
    (?:\s+or\s+['‘"“]?(?:very\s+)?(?:good|positive)['’"”]?)?\s+(?:(?:peer|support|service|group|programme|program
    |overall)\s+){0,3}experiences?\b""", re.IGNORECASE | re.VERBOSE)
PATTERNS = (JUDGED_OBJECT, JUDGED_SUBJECT, SATISFIED_WITH, WELL_RECEIVED, POSITIVE_VIEW, EXPERIENCE_JUDGED,
            EXPERIENCE_REPORTED, VALUED)
# Every pattern's judging word holds one of these: a sentence without any is not searched by the patterns, whose
# open starts ("[\w-]*interventions?" tried at each position) cost far more than one scan for these words.
_ANY_JUDGEMENT = re.compile(r"useful|helpful|valuable|acceptable|satisf|worthwhile|enjoyable|supportive|pleased"
                            r"|happy|positive|negative|favou?rabl|well\s+(?:evaluated|received|rated|regarded)"
                            r"|good|poor|valued|appreciated|enthusias",
                            re.IGNORECASE)


def judged_spans(sentence: Sentence) -> list[tuple[int, int]]:
    """(first, last) token ranges of the words by which a sentence judges the peer support it received."""
    spans: set[tuple[int, int]] = set()
    if not _ANY_JUDGEMENT.search(sentence.text):
        return []
    for pattern in PATTERNS:
        for m in pattern.finditer(sentence.text):
            group = "word" if m.group("word") is not None or "word2" not in pattern.groupindex else "word2"
            start, end = sentence.start + m.start(group), sentence.start + m.end(group)
            inside = [i for i, t in enumerate(sentence.tokens) if start <= t.start < end]
            if inside:
                spans.add((inside[0], inside[-1]))
    return sorted(spans)


# Judging words that say the support was found wanting.
_UNFAVOURABLE = re.compile(r"\b(?:unhelpful|unacceptable|dissatisfied|negative|negatively|not|less|poor)\b",
                           re.IGNORECASE)


def judgements(sentence: Sentence) -> list[tuple[int, int, bool]]:
    """(first, last, favourable) for each judgement of the support in a sentence: "found peer support useful" is
    favourable, "dissatisfied with the program" is not; the meaning found in a role or work ("perceived the role as
    deeply meaningful") is favourable. A "not" before the judging word is left to the cues."""
    out = []
    for first, last in judged_spans(sentence):
        words = " ".join(t.text for t in sentence.tokens[first:last + 1])
        out.append((first, last, not _UNFAVOURABLE.search(words)))
    out.extend((first, last, True) for first, last in meaningful_spans(sentence))
    return sorted(out)


MEANING = URIRef(CONCEPT["outcome/meaning"])
# Nouns after "meaningful" that make it a judgement of something else than what people found in their role or work:
# "a meaningful source of support" (the support's value), "meaningful change" (a size of effect).
_NOT_MEANING_NOUNS = r"""(?:sources?|ways?|changes?|differences?|improvements?|reductions?|effects?|information|data
    |outcomes?|results?|insights?|contributions?|input|involvement|participation|comparisons?|numbers?|amounts?)"""
_MEANING_DEGREE = r"(?:(?:deeply|very|highly|personally|particularly|truly|especially|most|more|so)\s+)?"
# Meaning people found in a role, a work or an activity, said by the adjective: "the peer support role was perceived
# as deeply meaningful", "They perceived rendering peer support as meaningful engagement", "found their work
# meaningful". The outcome is meaning (in life and work), as the scheme defines it.
MEANINGFUL = re.compile(rf"""
    \b(?:perceived|perceive|perceives|experienced|experience|experiences|described|describe|describes|found|find|finds
      |saw|see|sees|considered|consider|considers|viewed|view|views)\s+(?:[\w'’-]+\s+){{0,5}}?(?:as\s+|to\s+be\s+)?
      (?:a\s+|an\s+)?{_MEANING_DEGREE}(?P<word>meaningful)\b(?!\s+{_NOT_MEANING_NOUNS}\b)
    | \b(?:role|roles|work|job|jobs|position|activities|activity|experience|involvement)\s+(?:was|were|is|are)\s+
      (?:(?:perceived|experienced|described|seen|considered|viewed|found)\s+)?(?:as\s+|to\s+be\s+)?
      {_MEANING_DEGREE}(?P<word2>meaningful)\b""", re.IGNORECASE | re.VERBOSE)


def meaningful_spans(sentence: Sentence) -> list[tuple[int, int]]:
    """(first, last) token ranges of "meaningful" where a sentence says people found meaning in a role or work."""
    if "meaningful" not in sentence.text.casefold():
        return []
    spans = set()
    for m in MEANINGFUL.finditer(sentence.text):
        group = "word" if m.group("word") else "word2"
        start, end = sentence.start + m.start(group), sentence.start + m.end(group)
        inside = [i for i, t in enumerate(sentence.tokens) if start <= t.start < end]
        if inside:
            spans.add((inside[0], inside[-1]))
    return sorted(spans)


def meaning_matches(sentence: Sentence, taken: set[int]) -> list[tuple[URIRef, URIRef, int, int]]:
    """(concept, scheme, first, last) of meaning named by "meaningful" said of a role or work, where no label took the
    word already."""
    return [(MEANING, OUTCOME, first, last) for first, last in meaningful_spans(sentence)
            if not any(i in taken for i in range(first, last + 1))]


def acceptability_matches(sentence: Sentence, taken: set[int]) -> list[tuple[URIRef, URIRef, int, int]]:
    """(concept, scheme, first, last) of acceptability named by a judgement of the support, where no label took the
    words already."""
    return [(ACCEPTABILITY, OUTCOME, first, last) for first, last in judged_spans(sentence)
            if not any(i in taken for i in range(first, last + 1))]


CLINICAL = URIRef(CONCEPT["outcome/clinical"])
# "Mental health" names the clinical outcome only where a change, a good or a harm is said of it; elsewhere it names a
# field, a service or a condition ("mental health services", "mental health challenges"). Matches: "improved
# patients' mental health", "positive effects on the mental health of", "improved mental and physical health",
# "benefits to their mental health", "effects on maternal mental health", "their mental health worsened",
# "improved physical and mental health"
_NOT_OUTCOME_HEADS = r"""(?:services?|care|systems?|professionals?|workers?|staff|nurses?|providers?|settings?
    |conditions?|problems?|challenges?|difficult\w*|issues|diagnos\w*|disorders?|illness\w*|needs|resources?|support
    |literacy|recovery|outcomes?|status|first\ aid|practitioners?|teams?|agenc\w*|centres?|centers?|policy|research
    |symptoms?|concerns?|consumers?|users?|field|sector|apps?|programs?|programmes?|peers?)"""
# Words of the people whose mental health it is, standing between the change and "mental health": "worsening of
# adolescent mental health", "effects on maternal mental health".
_WHOSE = r"(?:child|children's|adolescent|youth|student|maternal|perinatal|postnatal|infant|parental|veteran)"
MENTAL_HEALTH_CHANGED = re.compile(rf"""
    # not a purpose: "to improve mental health", "aimed at promoting", "for improving"
    (?<!\bto\ )(?<!\bat\ )(?<!\bfor\ )(?<!\bthat\ )
    \b(?:improv\w*|worsen\w*|better|poorer|strengthen\w*|deteriorat\w*|benefit\w*|(?:effects?|impacts?|influences?)
      \ on|(?:changes?|gains?|declines?)\ in|ameliorat\w*|enhanc\w*|promot\w*
      # a good or harm done to it: "benefits to mental health", "harm to their mental health"
      |(?:benefits?|gains?|harms?)\ to)
    \s+(?:(?:the|their|its|patients'?|participants'?|members'?|[\w]+['’]s?)\s+)?(?:{_WHOSE}\s+)?
    # "mental and physical health": the clinical outcome is "mental", physical health is a label of its own;
    # "physical and mental health": physical health is shared from the head (kg.extract.coordination)
    (?:physical\ (?:and|&)\ )?(?P<phrase>mental(?=\ and\ physical\ health)|mental\ health)(?:\ and\ physical\ health)?\b
    (?!\s*{_NOT_OUTCOME_HEADS}\b)(?!\s+(?:and|wellbeing|well-being)\b)(?![-\w])
    | \b(?P<subject>mental\ health)\s+(?:\w+ly\s+)?(?:improved|worsened|deteriorated|declined|got\ better)\b
    """, re.IGNORECASE | re.VERBOSE)


def clinical_matches(sentence: Sentence, taken: set[int]) -> list[tuple[URIRef, URIRef, int, int]]:
    """(concept, scheme, first, last) of the clinical outcome named as "mental health" where a change is said of it."""
    out = []
    for m in MENTAL_HEALTH_CHANGED.finditer(sentence.text):
        group = "phrase" if m.group("phrase") else "subject"
        start, end = sentence.start + m.start(group), sentence.start + m.end(group)
        inside = [i for i, t in enumerate(sentence.tokens) if start <= t.start < end]
        if inside and not any(i in taken for i in inside):
            out.append((CLINICAL, OUTCOME, inside[0], inside[-1]))
    return out


# What people are burdened by or at risk of names an outcome of the background (README: "the background counts
# twice over"), though no result is read of it: mental health problems or mental illness said to be frequent or
# growing ("high rates of child mental health difficulties", "the global burden of mental illness", "mental health
# problems are a leading cause of burden", "mental health issues among young people are increasing") and mental
# health named by its state ("poor mental health", "to
# recognise good and bad mental health"). "People with mental health problems" stays a population: the
# problems are named here only as the subject or object of their frequency.
_PROBLEMS = r"(?:problems?|difficult(?:y|ies)|issues?|conditions?|disorders?|challenges?|concerns?)"
MENTAL_HEALTH_BURDEN = re.compile(rf"""
    \b(?:rates?|prevalence|incidence|burden|onset|risks?|levels?|numbers?)\ of\ (?:{_WHOSE}\ |common\ |poor\ )?
      (?:(?P<rate>mental\ health)\ {_PROBLEMS}|(?P<illness>mental\ (?:illness(?:es)?|disorders?)))\b
    # the problems as the subject, not what a service is for or whom it serves: "support for mental health problems"
    | (?<!\bfor\ )(?<!\bwith\ )(?<!\bof\ )(?<!\bfrom\ )(?<!\bon\ )\b(?P<subject>mental\ health)\ {_PROBLEMS}
      \s+(?:(?:among|in|of)\s+(?:[\w'’]+\s+){{1,3}})?(?:are|is|have|has|remain)\s+(?:been\s+|now\s+|also\s+)?(?:increasing|rising|growing|common|prevalent|widespread|frequent
      |a\ leading|the\ leading|a\ major|a\ growing|increased|on\ the\ rise)\b
    | (?<![-\w])(?:poor|good|bad|worse|good\ (?:and|or)\ (?:bad|poor))\s+(?P<state>mental\ health)\b
      (?!\s*{_NOT_OUTCOME_HEADS}\b)(?![-\w])
    """, re.IGNORECASE | re.VERBOSE)


def clinical_burden_spans(sentence: Sentence) -> list[tuple[int, int]]:
    """(first, last) token ranges of "mental health" named as a burden or a state people are in, an outcome of
    the background that takes part in no finding."""
    out = []
    for m in MENTAL_HEALTH_BURDEN.finditer(sentence.text):
        group = next(g for g in ("rate", "illness", "subject", "state") if m.group(g))
        start, end = sentence.start + m.start(group), sentence.start + m.end(group)
        inside = [i for i, t in enumerate(sentence.tokens) if start <= t.start < end]
        if inside:
            out.append((inside[0], inside[-1]))
    return out
