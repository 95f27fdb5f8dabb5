"""Result sentences: whether a sentence that states a result (:mod:`kg.extract.context`) says anything of what
peer support changed, and what it says of the outcomes as a whole.

- a statistical association between measures ("role clarity predicted less emotional exhaustion", among peer workers
  or anyone else), people grouped by the level of a measure ("among those with more symptoms"), the quality of
  the measures ("good internal consistency") or their key ("higher scores indicate"), a description of the sample
  ("participants were predominately female"), the people as they were at baseline or before the support began
  ("had experienced stigma before joining"), a comparison between kinds of people ("women reported more stigma than
  men"), the measures used ("outcome measures were limited to measures of
  clinical improvement") and a list of factors or influences ("factors promoting implementation included adequate
  training") say nothing of peer support;
- a sentence can list themes, which names outcomes without saying which way they went;
- a sentence can state a null for the outcomes as a whole, naming none ("there were no other significant
  differences", "was not more effective than usual care"), a result that held for some and not for others
  ("specific programs had significant effects, while others did not"), a change under a modal verb ("may reduce")
  or a trend short of significance.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from kg.extract.arms import AGENT, NULL_COMPARISON, WITHIN_GROUPS
from kg.extract.clauses import COUNTED_SUBJECT, OTHER_STUDIES, clause_text, clauses, elliptic_negation
from kg.extract.cues import (
    DECREASE,
    DIFFER,
    FAVOURABLE,
    INCREASE,
    MIXED,
    MODAL_HEDGE,
    NEUTRAL,
    NO_DIFFERENCE,
    POLAR,
    UNFAVOURABLE,
    find_cues,
    statistic_cues,
)
from kg.extract.matches import Match
from kg.extract.scope import negated
from kg.extract.short_forms import ABBREVIATION, defined_abbreviations
from kg.extract.text import Sentence, split_sentences, word_set

# Words of a trend, a result short of significance.
TREND_WORDS = frozenset({"trend", "trends", "trended", "tendency"})
# The modal verbs of the annotation rules' hedges.
MODAL_VERBS = frozenset({"may", "might", "could", "can"})
# A list of themes or categories names outcomes without saying which way they went.
# Matches: "Thematic synthesis revealed five descriptive themes: ...", "Seven major themes were identified in",
# "highlighting three interconnected themes: ...", "The first focuses on ...; the second explores ..."
THEME_LIST = re.compile(r"\b(?:themes?|thematic|categories|subthemes?|elements|domains|features)\b.{0,60}?"
                        r"\b(?:identified|emerged|revealed|included|organi[sz]ed|were|found)\b"
                        # "outcomes were" reports results; "outcomes identified ... included" lists them
                        r"|\boutcomes\b.{0,60}?\b(?:identified|emerged|included)\b"
                        r"|\b(?:identified|revealed|emerged|included|organi[sz]ed|highlight(?:ed|ing|s)?|yielded"
                        r"|generated)\b.{0,40}?"
                        r"\b(?:themes?|thematic|categories|elements|domains|features)\b"
                        # the themes described in turn: "the second explores the opportunities and challenges of"
                        r"|^(?:the\s+)?(?:first|second|third|fourth|fifth|final|last)\s+(?:(?:sub)?theme\s+|category\s+)?"
                        r"(?:focuse[sd]|explore[sd]|detail(?:s|ed)|describe[sd]|concern(?:s|ed)|address(?:es|ed)"
                        r"|capture[sd]|illuminate[sd])\b", re.IGNORECASE)
# A sentence that describes who took part, not what changed. Matches: "Participants were predominately female",
# "The 75 participants were mostly female, with lower levels of overall wellbeing ... than the general population"
DESCRIBES_SAMPLE = re.compile(r"^(?:the\s+)?(?:\d[\d,]*\s+)?(?:participants|respondents|patients|clients|the\s+sample"
                              r"|most\s+participants)"
                              r"\s+(?:were|was|had)\s+(?:predominantly|predominately|mostly|mainly|largely|primarily"
                              r"|aged|on\s+average|female|male|women|men|white|black)", re.IGNORECASE)
# Statistical association between measures, which says nothing about peer support unless the
# sentence names the intervention or a comparison.
# Matches: "role clarity significantly predicted less emotional exhaustion"
ASSOCIATION = re.compile(r"\b(?:predict(?:ed|s|ors?)?|correlat\w*|mediat\w*|account(?:ed|ing)\ for|regression"
                         r"|associated\ with|association\ between|linked\ (?:to|with)|related\ to"
                         r"|relationships?\ between)\b",
                         re.IGNORECASE)
# The peer workers a sentence is about, named as the people among whom measures were related, which makes them no
# term of the association. Matches: "among peer workers", "in peer support specialists", "for the peer mentors", and
# their possessive "peer workers' burnout".
PEER_POPULATION = re.compile(r"""
    \b(?:among|amongst|in|for|of)\s+(?:the\s+|these\s+|all\s+)?(?:\w+\s+)?peer\s+(?:support\s+)?
      (?:workers?|specialists?|supporters?|mentors?|providers?|staff|volunteers?|counsell?ors?|educators?)\b
    | \bpeer\s+(?:support\s+)?(?:workers|specialists|supporters|mentors|providers)['’]
    """, re.IGNORECASE | re.VERBOSE)
# People grouped by the level of a measure, compared with each other: "among participants with more depressive
# symptoms", "in those with higher self-stigma".
MEASURE_SUBGROUP = re.compile(r"""\b(?:among|amongst|in|for)\s+(?:the\s+)?(?:participants|people|those|respondents
    |patients|individuals|users|clients|students|women|men)\s+(?:who\s+(?:had|reported)|with|reporting)\s+
    (?:more|less|higher|lower|greater|fewer|better|worse|high|low)\b""", re.IGNORECASE | re.VERBOSE)
# Nouns of change after an association, which make it a result about what changed: "groups are associated with
# reported improvements in", "associated with reductions in".
CHANGE_NOUNS = re.compile(r"\b(?:improvements?|reductions?|benefits?|gains|declines?|decreases?)\b", re.IGNORECASE)
# The studies or people a review or analysis took in, which says what was read, not what it found. Matches: "met the
# inclusion criteria", "were included in the review", "were identified", "were eligible".
STUDIES_TAKEN_IN = re.compile(r"\b(?:met\ (?:the\ )?(?:inclusion|eligibility)\ criteria|(?:were|was)\ (?:included"
                              r"|identified|eligible|retrieved|screened)\b(?!\ (?:as|by)\b))",
                              re.IGNORECASE | re.VERBOSE)
# The studies a review reads, as against themes or people: "Fourteen studies", "Seven RCTs", "24 papers".
STUDY_NOUNS = re.compile(r"\b(?:studies|trials|RCTs|articles|papers|reviews|records|citations|publications)\b",
                         re.IGNORECASE)
# Cue kinds that judge a result, which a sentence about what was taken in may still state: "were included and showed
# a benefit".
JUDGING_KINDS = frozenset({FAVOURABLE, UNFAVOURABLE, NO_DIFFERENCE, MIXED, DIFFER})
# A comparison between kinds of people rather than between arms. Matches: "than men", "than younger ones",
# "compared with women", "than those without a diagnosis", "older participants ... than younger", and people
# compared by how much of the support they had ("than low attenders", "than non-completers"). Those who had none of it
# ("compared with non-users", "than nonparticipants") are the comparison arm, not a kind of people.
SUBGROUPS = re.compile(r"""\b(?:than|compared\ (?:with|to)|versus|vs\.?)\s+(?:the\s+)?
    (?:men|women|males|females|boys|girls|(?:younger|older)\b|those\ (?:without|with)\b
      |(?:non-?)?(?:white|black|hispanic|latino|asian)\b|(?:other\ )?(?:ethnic|age|gender)\ groups)
    |\b(?:than|over|compared\ (?:with|to)|versus|vs\.?)\s+(?:the\s+)?(?:(?:low|high|less\ frequent|frequent)\s*
      (?:attenders|completers|users|participants)|non-?\s*completers)\b""",
                       re.IGNORECASE | re.VERBOSE)
# A result said of the outcomes as a whole, not of one of them. Matches: "There were no other significant
# differences", "no difference in outcome between the two conditions", "no difference between group CBT and peer
# interventions", "no statistically significant differences in improvement among the groups", "found no
# statistically significant benefits for peer support on the primary or secondary outcome measures", "no significant
# changes were observed in other measured outcomes", "no differences were found for the remaining measures", "There
# were no significant differences in secondary outcomes"
OVERALL = re.compile(r"\b(?:no\ other|any\ (?:of\ the\ )?(?:other\ )?outcomes?|(?:primary|secondary)\ (?:or|and)\ "
                     r"(?:primary|secondary)\ outcomes?|outcome\ measures|all\ outcomes|among\ the\ groups"
                     r"|(?:the\ )?(?:other|remaining)\ (?:\w+\ ){0,2}?(?:outcomes|measures|variables|scales|endpoints)"
                     r"|secondary\ (?:outcomes|measures|endpoints)"
                     r"|between\ (?:the\ )?(?:two\ |three\ |both\ )?(?:groups|arms|conditions|them)"
                     # the two arms named: "no significant difference between group CBT and peer interventions"
                     r"|between\ [\w\s-]{1,40}?\ and\ (?:the\ )?(?:peer|intervention|control|usual\ care)"
                     r"|no\ (?:single\ )?outcome"
                     r"|neither\ (?:the\ )?primary\ nor|not\ (?:significantly\ )?(?:effective|efficacious|beneficial)"
                     r"|(?:improve|change|affect|benefit)\w*\ (?:any\ |the\ |these\ )?outcomes)\b",
                     re.IGNORECASE | re.VERBOSE)
# What a null names after "in", "on", "for" or "regarding" when it is said of one thing, however the schemes name it:
# "no difference between the groups in the presence of psychiatric diagnoses" is a result on that measure, not on the
# outcomes as a whole. The words that still speak of the outcomes as a whole, or only of time and arms, may follow.
NAMED_AFTER = re.compile(r"""\b(?:differences?|differ(?:ed)?|effects?|changes?)\s+
    (?:(?:was|were)\s+(?:found|observed|seen|detected)\s+)?
    (?:between\s+(?:the\s+)?(?:two\s+|three\s+|both\s+)?(?:groups|arms|conditions)\s+)?
    (?:in|on|for|regarding)\s+(?:the\s+|their\s+|its\s+|mean\s+)?(?P<word>[A-Za-z][\w-]*)""",
                         re.IGNORECASE | re.VERBOSE)
WHOLE_WORDS = word_set({
    "any", "all", "either", "both", "each", "outcome", "outcomes", "measure", "measures", "primary", "secondary",
    "other", "remaining", "these", "those", "improvement", "improvements", "change", "changes", "score", "scores",
    "effect", "effects", "group", "groups", "arm", "arms", "condition", "conditions", "time", "terms", "favour",
    "favor", "follow-up", "baseline", "week", "weeks", "month", "months", "year", "years", "post-intervention",
    "posttest", "post-test", "participants", "intervention", "control", "comparison", "study", "trial", "sample",
    "analysis", "analyses", "adjusted", "unadjusted", "intention-to-treat", "scale", "scales", "variables",
    "endpoints", "result", "results", "multivariate", "regression", "models", "model", "three", "two", "six",
    "twelve", "subscales", "domains", "most", "many", "some", "main", "key", "overall", "global"})
# A sentence whose subject is the measures used says what was measured, not what changed. Matches: "Outcome measures
# were limited to measures of individual clinical improvement and recovery", "The instruments used included ..."; not
# "Outcome measures improved", "Measures of hope were significantly higher in the peer arm".
MEASURES_SUBJECT = re.compile(r"""^(?:the\s+)?
    (?:(?:primary|secondary|main|outcome|clinical|quantitative|standardi[sz]ed)\s+)*
    (?:measures|instruments|scales|measurements|outcomes\s+measured)\s+(?:used\s+)?
    (?:were|was|are|included|include|comprised|consisted|covered|focused|ranged)\b
    (?!\s+(?:significantly\s+|statistically\s+|also\s+)*(?:improved|increased|reduced|decreased|better|worse|higher
        |lower|unchanged|similar|different)\b)""", re.IGNORECASE | re.VERBOSE)
# A sentence whose subject is a list of factors or influences names causes or conditions, not what peer support
# changed ("facilitators" are left out: they are often people). Matches: "Factors promoting successful implementation
# included adequate training", "Micro level influences pertain to relationships between PSWs and team members, and PSW
# wellbeing", "The following factors were identified as issues to peer support".
FACTORS_SUBJECT = re.compile(r"""^(?:the\s+)?(?:(?:following|key|main|important|several|common|contextual|individual
    |organi[sz]ational|structural|personal|\w+[-\s]level)\s+)*(?:factors|influences|determinants|enablers|issues)\b
    # the verb lists them; "Contextual factors affect the mechanisms through which peer support can improve" does not
    .{0,80}?\b(?:included?|includes|were|are|pertain(?:ed|s)?\ to|comprised|consisted\ of)\b""",
                             re.IGNORECASE | re.VERBOSE)
# A sentence that grades the measures themselves, their reliability or validity, says how well they measure, not what
# changed. Matches: "the new questionnaires showed good internal consistency", "Cronbach's alpha of 0.81", "adequate
# psychometric properties", "test-retest reliability was high"
PSYCHOMETRICS = re.compile(r"\b(?:psychometric|reliability|validity|internal\ consistency|cronbach|test[-\s]retest"
                           r"|factor\ structure)\b", re.IGNORECASE | re.VERBOSE)
# A sentence that says how a scale is read gives its key, not a result. Matches: "Higher scores indicate better
# recovery", "lower total scores reflect less stigma", "higher scores on the hope scale indicate more hope"
SCALE_KEY = re.compile(r"""\b(?:higher|lower|greater|high|low)\s+(?:[\w-]+\s+)?(?:scores?|values?|ratings?)
    (?:\s+(?:on|of|in)\s+[\w\s-]{1,40}?)?\s+(?:indicate|indicates|indicating|reflect|reflects|reflecting|represent|represents|representing|mean|denote
    |denotes|denoting|signify|signifies|signifying|correspond\ to)\b""", re.IGNORECASE | re.VERBOSE)
# A sentence about the groups at baseline, unless it measures change from there. Matches: "Baseline depression
# scores were higher in the intervention group", "participants with higher self-efficacy at baseline"; not
# "Scores improved from baseline to 6 months".
# The people as they were before the support began, which describes the sample. Matches: "at baseline", "at intake",
# "before joining the group", "prior to enrolment", "in the pre-intervention phase", "lifetime experiences of
# discrimination", "a history of"
AT_BASELINE = re.compile(r"""\bbaseline\b|\b(?:at|on)\s+(?:study\s+)?(?:entry|intake|enrol(?:l)?ment)\b
    |\b(?:before|prior\ to)\s+(?:joining|entering|enrol\w*|starting|receiving|beginning|referral|admission\ to\ the
      |the\ (?:study|programme|program|intervention|group|service|trial))\b
    |\b(?:in|at|during)\s+the\s+pre-?(?:intervention|test|treatment)\s+(?:phase|period|stage)\b
    |\blifetime\b|\bhistor(?:y|ies)\ of\b""", re.IGNORECASE | re.VERBOSE)
FROM_BASELINE = re.compile(r"\b(?:from|since|over|relative\ to|compared\ (?:with|to)|vs\.?|versus)"
                           r"\s+(?:the\s+)?baseline\b|\bbaseline\s+(?:to|and)\b|\bpre[-\s]?(?:to|post)\b"
                           r"|\bfrom\s+(?:before|prior\ to)\b",
                           re.IGNORECASE | re.VERBOSE)
# A baseline named as what an analysis adjusted for, which leaves the sentence about what changed: "even after
# controlling for baseline adherence", "models adjusting for baseline characteristics", "after adjustment for baseline
# scores".
# The words by which an analysis names what it adjusted for ("adjusted for age and depression").
ADJUSTING = frozenset({"controlling", "controlled", "adjusting", "adjusted", "adjustment", "adjustments", "accounting",
                       "accounted", "correcting", "corrected"})
COVARIATE_BASELINE = re.compile(rf"\b(?:{'|'.join(sorted(ADJUSTING))})\s+for\s+(?:the\s+|their\s+)?(?:\w+\s+){{0,2}}?"
                                r"baseline\b", re.IGNORECASE)
# Sentences about who was randomised, not what changed: "no significant differences between groups at baseline".
BASELINE = re.compile(r"\b(?:baseline|demographic|characteristics|attrition|drop[- ]?out|retention)\b", re.IGNORECASE)


@lru_cache(maxsize=64)
def _defined(field_text: str) -> dict[str, str]:
    """The abbreviations an abstract defines, with what they stand for."""
    return defined_abbreviations([field_text[s:e] for s, e in split_sentences(field_text)])


# How many words may stand between the abbreviation that is the subject of an association and the association:
# "OORP participation was also associated with".
SHORT_FORM_SUBJECT_REACH = 4


def _agent_by_short_form(sentence: Sentence, field_text: str, association: re.Match[str]) -> bool:
    """True when the subject of an association is the intervention or its people, named by an abbreviation the
    abstract defines as such: "OORP participation was associated with ..." where the abstract wrote "Opioid Overdose
    Recovery Program (OORP)", "PSS was associated with ..." after "Peer Support Specialists (PSS)". An abbreviation
    further before the association is no subject of it ("tasks outside of PRSS responsibilities ... predicted")."""
    if not field_text or not ABBREVIATION.search(sentence.text, 0, association.start()) or (
            sentence.text[association.start() - 1:association.start()] == "-"):
        return False  # "PSP-mediated recovery": an adjective, no association the abbreviation is the subject of
    defined = _defined(field_text)
    return any(AGENT.search(defined[m.group()]) for m in ABBREVIATION.finditer(sentence.text, 0, association.start())
               if m.group() in defined
               and len(sentence.text[m.end():association.start()].split()) <= SHORT_FORM_SUBJECT_REACH)


def says_nothing_of_peer_support(sentence: Sentence, field_text: str = "") -> bool:
    """True when a sentence relates measures to each other, describes the sample or the studies a review took in,
    speaks of the groups at baseline or compares kinds of people: it says nothing of what peer support changed.
    The abstract's text (``field_text``) tells which abbreviations name the intervention."""
    if STUDIES_TAKEN_IN.search(sentence.text) and STUDY_NOUNS.search(sentence.text) and not CHANGE_NOUNS.search(
            sentence.text) and not any(
            c.kind in JUDGING_KINDS for c in find_cues(sentence)):
        return True  # "Fourteen studies, all from high income countries, met the inclusion criteria"
    if MEASURES_SUBJECT.search(sentence.text) or FACTORS_SUBJECT.search(sentence.text):
        return True  # "Outcome measures were limited to measures of clinical improvement", "Factors ... included"
    if PSYCHOMETRICS.search(sentence.text) or SCALE_KEY.search(sentence.text):
        return True  # "The hope scale showed good internal consistency", "Higher scores indicate better recovery"
    association = ASSOCIATION.search(sentence.text)
    if (association and not AGENT.search(PEER_POPULATION.sub(" ", sentence.text))
            and not CHANGE_NOUNS.search(sentence.text, association.end())
            and not _agent_by_short_form(sentence, field_text, association)) or DESCRIBES_SAMPLE.search(
            sentence.text) or (AT_BASELINE.search(COVARIATE_BASELINE.sub(" ", sentence.text))
                               and not FROM_BASELINE.search(sentence.text)):
        return True
    # "Women reported more stigma than men", "loneliness was higher among those with more depressive symptoms":
    # people compared with people, not with peer support
    # people compared with people, not with peer support; the word that compares them ("Compared to younger
    # veterans, those aged 32-57 were less likely to drop out") names no arm
    return bool((SUBGROUPS.search(sentence.text) or MEASURE_SUBGROUP.search(sentence.text))
                and not AGENT.search(SUBGROUPS.sub(" ", sentence.text)))


def lists_themes(sentence: Sentence) -> bool:
    """True when a sentence lists themes or categories, which names outcomes without saying which way they went."""
    return bool(THEME_LIST.search(sentence.text))


def hedged_change(sentence: Sentence) -> bool:
    """True when a sentence states a change under a modal verb before it: "may reduce", "can improve" (not "seems
    to enhance" or "a promising intervention for reducing", which annotators read as claims)."""
    cues = find_cues(sentence)
    hedges = [c for c in cues if c.kind == MODAL_HEDGE and not negated(c, cues, sentence)
              and sentence.tokens[c.first].norm in MODAL_VERBS]
    return any(c.kind in POLAR and any(h.last < c.first for h in hedges) for c in cues)


def trend(sentence: Sentence) -> bool:
    """True when a sentence reports a trend, a result short of significance in its own words: "a positive trend in
    favour of the intervention group for maternal anxiety"."""
    return any(c.kind == MODAL_HEDGE and any(t.norm in TREND_WORDS for t in sentence.tokens[c.first:c.last + 1])
               for c in find_cues(sentence))


def mixed_without_outcome(sentence: Sentence) -> bool:
    """True when a sentence that names no outcome says a result held for some and not for others: "specific
    programs had significant effects, while others did not", "the results were mixed across sites"."""
    cues = find_cues(sentence)
    if any(c.kind == MIXED and not negated(c, cues, sentence) for c in cues):
        return True
    split = clauses(sentence)
    for (first, last, _), (later, end, _) in pairwise(split):
        # an effect said without its direction is said too: "specific programs had significant effects, while others
        # did not"
        said = any(c.kind in (*POLAR, NEUTRAL) and first <= c.first <= last and not negated(c, cues, sentence)
                   for c in cues)
        denied = clause_text(sentence, later, end)
        if said and (OTHER_STUDIES.search(denied) or COUNTED_SUBJECT.search(denied)) and (
                elliptic_negation(sentence, later, end) or any(
                    c.kind == NO_DIFFERENCE and later <= c.first <= end for c in cues)):
            return True
    return False


def no_difference_overall(sentence: Sentence, outcomes: list[Match]) -> bool:
    """True when a clause of a sentence states no difference for the outcomes as a whole, naming none:
    "There were no other significant differences", "no differences in improvement among the groups"; not one that
    names what it is said of, in words no label holds ("no difference between the groups in the presence of
    psychiatric diagnoses")."""
    if BASELINE.search(sentence.text):
        return False
    all_cues = sorted(find_cues(sentence) + statistic_cues(sentence), key=lambda c: c.first)
    for first, last, _ in clauses(sentence):
        text = clause_text(sentence, first, last)
        cues = [c for c in all_cues if first <= c.first <= last]
        comparison = NULL_COMPARISON.search(text)  # "was not more effective than usual care"
        if any(first <= m.first <= last for m in outcomes) or not (OVERALL.search(text) or comparison):
            continue
        if _names_one_thing(text):
            continue  # "no difference between the groups in the presence of psychiatric diagnoses"
        if any(c.kind == MODAL_HEDGE for c in cues):
            continue  # "may be as effective as usual care" leaves the result open
        if comparison:
            return True
        # a null cue, or a change or difference denied ("did not improve outcomes", "no outcome differed")
        null = [c for c in cues if (c.kind == NO_DIFFERENCE and not negated(c, all_cues))
                or (c.kind in POLAR and negated(c, all_cues, sentence))
                or (c.kind == DIFFER and negated(c, all_cues, sentence))]
        # a change before the null says something of its own, unless every arm made it ("both groups improved")
        if null and (WITHIN_GROUPS.search(text) or not any(
                c.kind in POLAR and c.first < null[0].first and c not in null for c in cues)):
            return True
    return False


def _names_one_thing(text: str) -> bool:
    """True when a null names what it is said of after "in", "on", "for" or "regarding", with a word that is not one
    of the outcomes as a whole, a time or an arm: "no difference between the groups in the presence of psychiatric
    diagnoses" is about that one measure, even when no scheme label names it."""
    return any(m.group("word").casefold() not in WHOLE_WORDS for m in NAMED_AFTER.finditer(text))


def change_between(sentence: Sentence, after: int, before: int) -> bool:
    """True when a word saying that something rose, fell or improved stands between two token positions
    ("services for improving engagement"); words naming a condition ("challenges") do not count."""
    return any(after < c.first < before for c in find_cues(sentence) if c.kind in (FAVOURABLE, INCREASE, DECREASE))
