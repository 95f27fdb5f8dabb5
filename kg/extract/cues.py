"""Cues: the words and numbers that say which way a result went, found in one sentence.

Cue words come from ``data/cues.csv`` (phrase, kind), matched leftmost-longest on the same normal form
as the scheme labels. Numbers add cues of their own: p-values and intervals that hold the null value
(no difference), effects whose interval excludes it (a rise or a fall), significant results given per
arm, and a share of the reviewed studies (a quantified hedge).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache

from kg.extract.clauses import clause_text, clauses
from kg.extract.text import Sentence, normalize_phrase
from kg.resources import resource_file

CUES_CSV = "data/cues.csv"

FAVOURABLE, UNFAVOURABLE, INCREASE, DECREASE = "favourable", "unfavourable", "increase", "decrease"
NEUTRAL, NO_DIFFERENCE, MIXED = "neutral", "no_difference", "mixed"
# A verb of differing or lasting says something only when negated: "neither depression nor anxiety differed",
# "effects were not maintained".
DIFFER = "differ"
# The evidence is said to be uncertain or inconclusive: the outcome is affected, which way is not known.
UNCERTAIN = "uncertain"
QUANTIFIED_HEDGE, MODAL_HEDGE, NEGATION, IGNORE = "quantified_hedge", "modal_hedge", "negation", "ignore"
# A verb of having, meeting or causing something ("peer specialists experience role ambiguity", "the posts caused
# distress") counts as an increase only for the outcome right after it: "three experiences: mood changes, ..., sense
# of hope" is not.
PRESENCE = "presence"
PRESENCE_REACH = 3
# A word of prevalence after an outcome says it is present, as a verb of having before it does: "emotional
# exhaustion was common among peer workers".
PREVALENT = "prevalent"
POLAR = frozenset({FAVOURABLE, UNFAVOURABLE, INCREASE, DECREASE})
# Kinds whose words say what happened and so take verb endings; reporting, negating and hedging words are
# matched only as listed.
INFLECTED_KINDS = POLAR | {NO_DIFFERENCE, MIXED, UNCERTAIN}
# Nouns that "no" turns into a statement of no difference, and how far after "no" they may stand.
NULL_HEADS = frozenset({"difference", "effect", "change", "improvement", "benefit", "impact", "association",
                        "reduction", "increase", "decrease", "interaction"})
NULL_HEAD_REACH = 5
# Signs before a word of influence: "positive influence", "negative impact", "beneficial effect on".
SIGNS = {"positive": FAVOURABLE, "positively": FAVOURABLE, "beneficial": FAVOURABLE, "favourable": FAVOURABLE,
         "favorable": FAVOURABLE, "negative": UNFAVOURABLE, "negatively": UNFAVOURABLE, "adverse": UNFAVOURABLE,
         "detrimental": UNFAVOURABLE, "harmful": UNFAVOURABLE}
ASSOCIATIONS = frozenset({"associated", "correlated", "related", "association", "correlation"})
# Words that say a change or effect was all but absent: "little change", "negligible effects".
ABSENCE_WORDS = frozenset({"little", "minimal", "negligible"})
# A share of the reviewed studies, which makes a polar result mixed. Matches: "of which 10 (62.5%) reported",
# "three of the seven trials found", "in 4 out of 9 studies", "most studies", "the majority of included trials"
SHARE_OF_STUDIES = re.compile(r"""
    \b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s*\(\d+(?:\.\d+)?\s*%\)\s+(?:reported|found|showed
      |demonstrated|studies|trials)
    | \b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:of|out\ of)\s+(?:the\s+)?(?:\d+|two|three|four
      |five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:included\s+)?(?:studies|trials|RCTs|reviews|papers)\b
    | \b(?:most|(?:the\ )?majority|half|a\ minority|a\ few)\s+(?:of\s+)?(?:the\s+)?(?:included\s+|reviewed\s+)?
      (?:studies|trials|RCTs|reviews|papers)\b
    """, re.VERBOSE | re.IGNORECASE)
# What a share of studies did, right after it, as a participle or a passive: "most trials evaluating peers added to
# hospital services", "the majority of studies were conducted in the USA"; and the verbs by which studies report a
# result, which make the share the subject of a finding again ("most trials testing peer mentoring found ...").
STUDY_ACTIVITY = re.compile(r"\s+(?:\w+ing\b|(?:were|was)\s+(?:conducted|carried|based|set|done|performed"
                            r"|published)\b)", re.IGNORECASE)
REPORTING_VERB = re.compile(r"\b(?:found|finds?|finding|report(?:ed|s|ing)?|show(?:ed|s|ing)?|demonstrat(?:ed|es?|ing)"
                            r"|observ(?:ed|ing)|indicat(?:ed|ing)|suggest(?:ed|ing)|yield(?:ed|ing)?)\b", re.IGNORECASE)
# A result given only as numbers that says "no difference": a p-value above .05, or a confidence interval
# that holds the null value (0 for differences, 1 for ratios).
# Matches: "p = 0.32", "p > .05", "(p=.47)", "95% CI −0.21 to 0.35", "OR 1.12, 95% CI 0.81–1.55"
# Any p-value as written, read by its comparison and number: "p = 0.32", "P > .05", "p-value = 0.3", "p ≥ 0.10",
# "(p=.47)", "p < .001". Not significant: above 0.05, or "> 0.05" and up.
P_VALUE = re.compile(r"\bp(?:[\s-]*values?)?\s*(?P<op>[=<>≤≥]|&[lg]t;)\s*(?P<num>0?\.\d+|[01](?:\.\d+)?)(?![\d.]*\s*%)",
                     re.IGNORECASE)
# A result marked not significant by the usual abbreviation: "(ns)", "(n.s.)", ", NS)".
NS_MARK = re.compile(r"[(,;]\s*(?:n\.s\.?|NS|ns)\s*[),;]")
CONFIDENCE_INTERVAL = re.compile(r"""
    (?P<ratio>\b(?:OR|RR|HR|IRR|aOR|aRR|odds\ ratio|risk\ ratio|hazard\ ratio|rate\ ratio)\b[^;]{0,25})?
    \b(?:95\s*%\s*)?(?:CI|confidence\ interval)\b[\s:=,]*[\[(]?\s*
    (?P<low>[-−–]?\s?\d*\.?\d+)\s*(?:,|;|to|–|—|-(?=\s*[-−–]?\d))\s*(?P<high>[-−–]?\s?\d*\.?\d+)
    """, re.VERBOSE | re.IGNORECASE)
# Names of effect sizes whose interval, read against the null value, gives a direction.
# Matches: "SMD -0.59 (95% CI", "adjusted mean difference -0.78 (95% confidence interval", "OR 0.55, 95% CI"
EFFECT_SIZE = re.compile(r"\b(?:S?MD|SMD|mean\ difference|difference|Hedges'?\ g|Cohen'?s\ d|effect\ size|OR|RR|HR|IRR"
                         r"|odds\ ratio|risk\ ratio|hazard\ ratio|rate\ ratio|ratio)\b", re.IGNORECASE | re.VERBOSE)
EFFECT_REACH = 40
# An effect size given with its figure, whose sign says which way the outcome moved (intervention against comparison):
# "SMD = −0.88", "(smd = − 0.24)", "Hedges' g 0.45", "d = -0.3". Eta squared and other shares of variance have no sign
# and are not matched. Not when an interval follows, which the interval's own reading decides.
SIGNED_EFFECT = re.compile(r"""(?:\b(?:S?MD|mean\ difference|Hedges'?\ g|Cohen'?s\ d)\s*[=:]?|\b[dg]\s*=)\s*
    (?P<value>[-−–+]?\s?\d*\.?\d+)(?![\d.])
    (?!\s*[,;(]?\s*(?:95\s*%\s*[-\s]?)?(?:CI|confidence\ interval)\b)""", re.VERBOSE | re.IGNORECASE)
# The signs a figure may be written with: minus, the dashes printed for it, plus.
SIGNS_OF_FIGURES = frozenset("-−–+")
RATIO_NAME = re.compile(r"a?(?:OR|RR|HR|IRR)|(?:odds|risk|hazard|rate)\ ratio|ratio", re.IGNORECASE | re.VERBOSE)
# Results given per arm, each figure with the arm it belongs to, maybe with its spread. Matches: "12% in the peer
# group and 25% in usual care", "3.1 among those receiving peer support versus 2.4 among controls", "12.4 (SD 5.1)
# in the intervention group and 14.9 (SD 6.0) in the control group"
PER_ARM = re.compile(r"""
    (?P<a>\d+(?:\.\d+)?)\s*(?:%|per\s?cent)?(?:\s*\([^()]{1,40}\))?\s+(?:of|in|among|for)\s+(?:the\s+)?
    (?P<arm_a>[^,;()0-9]{2,40}?)\s*,?\s+(?:and|vs\.?|versus|compared\s+(?:with|to))\s+
    (?P<b>\d+(?:\.\d+)?)\s*(?:%|per\s?cent)?(?:\s*\([^()]{1,40}\))?\s+(?:of|in|among|for)\s+(?:the\s+)?
    (?P<arm_b>[^,;.()0-9]{2,40})
    """, re.VERBOSE | re.IGNORECASE)
# Results per arm with each arm named before its figure. Matches: "peer group 4.2 versus control 3.6", "intervention
# 31% vs. usual care 45%", "peer support: 12.1 (SD 3.0) compared with TAU: 14.3"
ARM_THEN_FIGURE = re.compile(r"""
    (?P<arm_a>\b[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)\s*[:=]?\s*(?P<a>\d+(?:\.\d+)?)\s*%?(?:\s*\([^()]{1,40}\))?
    \s*,?\s+(?:vs\.?|versus|compared\s+(?:with|to))\s+(?:the\s+)?
    (?P<arm_b>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,3}?)\s*[:=]?\s*(?P<b>\d+(?:\.\d+)?)(?![\d.])
    """, re.VERBOSE | re.IGNORECASE)
# Results per arm with each arm in a parenthesis after its figure. Matches: "21.0% (peer) vs 34.2% (usual care)",
# "4.1 (intervention) versus 3.5 (control)"
FIGURE_THEN_ARM = re.compile(r"""
    (?P<a>\d+(?:\.\d+)?)\s*(?:%|per\s?cent)?\s*\((?P<arm_a>[A-Za-z][^()0-9]{1,30})\)
    \s*,?\s+(?:vs\.?|versus|compared\s+(?:with|to)|and)\s+
    (?P<b>\d+(?:\.\d+)?)\s*(?:%|per\s?cent)?\s*\((?P<arm_b>[A-Za-z][^()0-9]{1,30})\)
    """, re.VERBOSE | re.IGNORECASE)
# A change given as two figures. Matches: "from 12.3 to 8.1", "from 45% at baseline to 38%", "from 3.1 (SD 0.8) to 3.9"
FROM_TO = re.compile(r"""(?<!aged\ )(?<!ranged\ )(?<!ranging\ )\bfrom\s+(?P<a>\d+(?:\.\d+)?)\s*%?
    (?:\s*\([^()]{1,30}\))?\s+(?:at\s+(?:baseline|intake|entry)\s+)?to\s+(?P<b>\d+(?:\.\d+)?)
    (?!\s*(?:months?|weeks?|years?|days?|sessions?))""", re.VERBOSE | re.IGNORECASE)
# The arm that is the comparison: "usual care", "controls", "the TAU group", "wait-list".
COMPARISON_ARM = re.compile(r"\b(?:usual|control|controls|TAU|wait[-\s]?list|standard|comparison|non[-\s]?peer"
                            r"|treatment\ as\ usual)\b", re.IGNORECASE | re.VERBOSE)
# A result said to be significant: "p = 0.03", "p < .001", "significantly".
SIGNIFICANCE = 0.05
# Any word of significance, said or denied: "significant", "non-significant", "not statistically significant".
SIGNIFICANCE_MENTION = re.compile(r"\bsignifican", re.IGNORECASE)
SIGNIFICANT_WORD = re.compile(r"(?<!non-)(?<!non)(?<!not\ )(?<!not\ statistically\ )\bsignificant(?:ly)?\b",
                         re.IGNORECASE)


# Evidence graded weak or low. Matches: "weak evidence", "low-quality evidence", "very low certainty evidence", "the
# evidence for peer support in improving clinical outcomes is limited", "the quality of the evidence was low"
WEAK_EVIDENCE = re.compile(r"""
    \b(?:weak|low|very\ low|poor|sparse|scant)(?:[-\s](?:quality|certainty))?\s+evidence\b
    | \b(?:evidence|certainty\ of\ (?:the\ )?evidence|quality\ of\ (?:the\ )?evidence)\b[^.;,]{0,80}?
      \b(?:is|was|are|were|remains?|remained)\s+(?:still\s+|very\s+|rather\s+|too\s+)?(?P<grade>weak|low|limited|poor
      |sparse|scarce)\b
    """, re.VERBOSE | re.IGNORECASE)
# Inflections a cue word takes beyond those its table lists: "declining", "dropping", "worsening", "benefiting".
# Only verb endings are folded, never derivations ("effect" is no "effective"), and only on words the table
# does not hold as they stand.
_INFLECTION = re.compile(r"(?:ing|ed|es|s)$")
_MIN_STEM = 3


def inflection_stem(word: str) -> str:
    """A word without its verb ending and final e, a doubled last consonant made single:
    "declining", "declined" and "decline" give "declin"; "dropping" gives "drop"."""
    stem = _INFLECTION.sub("", word)
    if len(stem) < _MIN_STEM:
        stem = word
    stem = stem.removesuffix("e") if len(stem) > _MIN_STEM else stem
    if len(stem) > _MIN_STEM and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
        stem = stem[:-1]
    return stem


def _inflected(token_norm: str) -> bool:
    """True when a token carries a verb ending, "-ed" or "-ing"; a final "-s" may be a noun's plural
    ("their own struggles"), so it is not folded."""
    return token_norm.endswith(("ed", "ing"))


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


@cache
def stem_table() -> dict[tuple[str, ...], str]:
    """The cues of the table whose last word takes verb endings, keyed by their words with the last one's
    inflection stem, each with its kind: "declin" for "declined", ("positively", "impact") for "positively
    impacted". A key two kinds share is left out, so an inflected form never guesses between kinds."""
    kinds: dict[tuple[str, ...], set[str]] = {}
    for key, kind in cue_table()[0].items():
        if kind in INFLECTED_KINDS or (len(key) > 1 and kind == NEUTRAL):
            kinds.setdefault((*key[:-1], inflection_stem(key[-1])), set()).add(kind)
    return {stem: next(iter(k)) for stem, k in kinds.items() if len(k) == 1}


def _lookup(words: tuple[str, ...], last_inflected: bool) -> str | None:
    """The kind of a phrase as it stands, or of a cue whose last word takes another inflection: "declining" as
    "decline" is, "positively impacting" as "positively impact" is."""
    kind = cue_table()[0].get(words)
    if kind is None and last_inflected:
        kind = stem_table().get((*words[:-1], inflection_stem(words[-1])))
    return kind


def find_cues(sentence: Sentence) -> list[Cue]:
    """Cue words of a sentence, leftmost-longest; a cue also with its last word in inflections the table lacks."""
    _, longest = cue_table()
    positions = [i for i, t in enumerate(sentence.tokens) if t.norm]
    norms = [sentence.tokens[i].norm for i in positions]
    inflected = [_inflected(sentence.tokens[i].norm) for i in positions]
    cues, p = [], 0
    taken: set[int] = set()
    while p < len(positions):
        for n in range(min(longest, len(positions) - p), 0, -1):
            kind = _lookup(tuple(norms[p:p + n]), inflected[p + n - 1])
            if kind:
                if kind != IGNORE:
                    base = _negated_head(kind, norms, p, n)
                    kind = _signed_neutral(base, norms, p, n)
                    first = positions[p - 1] if kind != base else positions[p]  # the sign is part of the cue
                    cues.append(Cue(kind, first, positions[p + n - 1]))
                taken.update(positions[p:p + n])
                p += n
                break
        else:
            p += 1
    cues = _alike_changes(_inability_denies(cues, sentence), sentence)
    cues += _significant_effects(sentence, cues)
    return sorted(cues + _absence_cues(norms, positions, taken) + _weak_evidence_cues(sentence, cues),
                  key=lambda c: c.first)


# Words that may name what kind of effect a significant one was, between "significant" and the noun of effect:
# "significant group intervention effects", "significant group-by-time interaction effects", "significant main effects".
EFFECT_KINDS = frozenset({"group", "intervention", "treatment", "main", "interaction", "time", "program", "programme",
                          "condition", "between-group", "within-group", "overall", "x", "by", "-"})
EFFECT_HEADS = frozenset({"effect", "impact"})
EFFECT_KIND_REACH = 4


def _significant_effects(sentence: Sentence, cues: list[Cue]) -> list[Cue]:
    """A significant effect named by its kind is an effect without a direction, as "significant effects" is:
    "statistically significant group intervention effects for symptoms and hope"."""
    tokens = sentence.tokens
    taken = {i for c in cues for i in range(c.first, c.last + 1)}
    found = []
    for i, token in enumerate(tokens):
        if token.norm != "significant" or i in taken:
            continue
        k = i + 1
        while k < len(tokens) and k - i <= EFFECT_KIND_REACH and (tokens[k].norm in EFFECT_KINDS
                                                                 or not tokens[k].word):
            k += 1
        if k > i + 1 and k < len(tokens) and tokens[k].norm in EFFECT_HEADS and k not in taken:
            found.append(Cue(NEUTRAL, i, k))
    return found


# Adverbs after a change that say it was the same in the groups compared: "hope improved equally in both groups".
ALIKE = frozenset({"equally", "similarly", "comparably", "alike"})


def _alike_changes(cues: list[Cue], sentence: Sentence) -> list[Cue]:
    """A rise or fall said to be alike in the groups ("improved equally", "declined similarly") is no difference
    between them, as "no difference" says."""
    out = []
    for cue in cues:
        following = sentence.near_after(cue.last, 1)
        if cue.kind in POLAR and following and sentence.tokens[following[0]].norm in ALIKE:
            cue = Cue(NO_DIFFERENCE, cue.first, following[0])
        out.append(cue)
    return out


# Words of being unable that, right before a change, deny it as "failed to" does: "was unable to reduce depression"
# reports no reduction, while "unable to work" stays a harm said of people.
INABILITY = ("unable", "to")


def _inability_denies(cues: list[Cue], sentence: Sentence) -> list[Cue]:
    """"Unable to" right before a word of change is a negation of that change, not a harm of its own."""
    out = []
    for k, cue in enumerate(cues):
        words = tuple(t.norm for t in sentence.tokens[cue.first:cue.last + 1] if t.word)
        following = cues[k + 1] if k + 1 < len(cues) else None
        if (words == INABILITY and following is not None and following.kind in POLAR | {DIFFER}
                and sentence.near_after(cue.last, 1) == [following.first]):
            cue = Cue(NEGATION, cue.first, cue.last)
        out.append(cue)
    return out


def _weak_evidence_cues(sentence: Sentence, cues: list[Cue]) -> list[Cue]:
    """Evidence graded weak or low is a cue of uncertainty, as GRADE's low certainty is: "weak evidence of
    improvement in recovery", "the evidence for peer support in improving clinical outcomes is limited"."""
    found = []
    for m in WEAK_EVIDENCE.finditer(sentence.text):
        group = "grade" if m.group("grade") else 0
        cue = _cue_at(sentence, UNCERTAIN, m.start(group), m.end(group))
        if not any(c.first <= cue.first <= c.last or cue.first <= c.first <= cue.last for c in cues):
            found.append(cue)
    return found


def _absence_cues(norms: list[str], positions: list[int], taken: set[int]) -> list[Cue]:
    """Words of a near absence before a noun of change or effect are a no-difference cue as "no" is:
    "little change in quality of life", "negligible effects on hope", "minimal improvement"."""
    found = []
    for p, word in enumerate(norms):
        if word in ABSENCE_WORDS and positions[p] not in taken:
            ahead = norms[p + 1:p + 1 + NULL_HEAD_REACH]
            if ahead[:1] and (ahead[0] in NULL_HEADS or any(w in NULL_HEADS for w in ahead[:2])):
                found.append(Cue(NO_DIFFERENCE, positions[p], positions[p]))
    return found


def _signed_neutral(kind: str, norms: list[str], p: int, n: int) -> str:
    """A word of influence or association given a sign says which way: "a positive influence on self-esteem",
    "beneficial impact"; the sign of an association is a rise or a fall with peer support, not a judgement:
    "loneliness was negatively associated with attendance" is less loneliness."""
    if kind != NEUTRAL or p == 0 or norms[p - 1] not in SIGNS:
        return kind
    sign = SIGNS[norms[p - 1]]
    if set(norms[p:p + n]) & ASSOCIATIONS:
        return INCREASE if sign == FAVOURABLE else DECREASE
    return sign


def _negated_head(kind: str, norms: list[str], p: int, n: int) -> str:
    """A "no" or "without" whose noun follows a few modifiers later is a no-difference cue, as ConText's negated
    existence is: "no significant between-group differences", "without a significant group effect"."""
    if kind != NEGATION or norms[p:p + n] not in (["no"], ["without"]):
        return kind
    ahead = norms[p + 1:p + 1 + NULL_HEAD_REACH]
    return NO_DIFFERENCE if any(w in NULL_HEADS for w in ahead) else kind


def _describes_studies(after: str) -> bool:
    """True when a share of studies is followed by what those studies did, not what they found: "with most trials
    evaluating peers added to hospital services" says how the evidence was gathered and hedges no result, while
    "most trials testing peer mentoring found less loneliness" still counts the trials that found it."""
    phrase = re.split(r"[,;.)]", after, maxsplit=1)[0]
    return bool(STUDY_ACTIVITY.match(phrase)) and not REPORTING_VERB.search(phrase)


def statistic_cues(sentence: Sentence) -> list[Cue]:
    """Cues from numbers alone: non-significant p-values and intervals that hold the null value (no
    difference), a share of the reviewed studies (a quantified hedge) unless only what they did follows it, in a
    sentence that says its result is significant, the figures per arm, a change from one figure to another and the
    sign of an effect size, and in one that says nothing of significance, an effect size written with its sign
    ("SMD = −0.88"); a figure printed without its sign leaves the direction to a word of change in its clause."""
    found = []
    for m in P_VALUE.finditer(sentence.text):
        if not p_significant(m):
            found.append(_cue_at(sentence, NO_DIFFERENCE, m.start(), m.end()))
    for m in NS_MARK.finditer(sentence.text):
        found.append(_cue_at(sentence, NO_DIFFERENCE, m.start(), m.end()))
    for m in SHARE_OF_STUDIES.finditer(sentence.text):
        if not _describes_studies(sentence.text[m.end():]):
            found.append(_cue_at(sentence, QUANTIFIED_HEDGE, m.start(), m.end()))
    for m in CONFIDENCE_INTERVAL.finditer(sentence.text):
        low, high = _number(m.group("low")), _number(m.group("high"))
        before = sentence.text[max(0, m.start() - EFFECT_REACH):m.start()]
        named = [e.group(0) for e in EFFECT_SIZE.finditer(before)]
        # the effect named nearest before the interval says which null value it holds: "IRR 0.81; 95% CI"
        ratio = bool(m.group("ratio")) or bool(named and RATIO_NAME.fullmatch(named[-1]))
        null = 1.0 if ratio else 0.0
        if low is None or high is None:
            continue
        if low < null < high:
            found.append(_cue_at(sentence, NO_DIFFERENCE, m.start(), m.end()))
        elif ratio or named:
            # An effect (intervention minus comparison, or their ratio) whose interval excludes the null
            # value says which way the outcome moved; the outcome's polarity then says if that is better.
            kind = INCREASE if low > null else DECREASE
            found.append(_cue_at(sentence, kind, m.start(), m.end()))
    unqualified = not _speaks_of_significance(sentence.text)
    if _significant(sentence.text) or unqualified:
        for m in SIGNED_EFFECT.finditer(sentence.text):
            value = _number(m.group("value"))
            cue = _cue_at(sentence, INCREASE if value is not None and value > 0 else DECREASE, m.start(), m.end())
            signed = m.group("value").lstrip()[:1] in SIGNS_OF_FIGURES
            if value and ((unqualified and signed) or (not unqualified and _significant(_clause_of(sentence, cue.first))
                                                       and (signed or not _worded_change(sentence, cue.first)))):
                # an effect's sign says which way, as the annotation rules read "SMD = −0.88"; where the sentence
                # speaks of significance the clause must call it significant: in "significant for hope (SMD 0.30) but
                # not for loneliness (SMD 0.10)" the second is not; where it does not, only a figure written with
                # its sign gives one, as authors print positive effects either way round. A figure printed without
                # its sign beside a word of change leaves the direction to the word: in "decreased depressive
                # symptoms (d = 0.30)" the symptoms fell
                found.append(cue)
    if _significant(sentence.text):
        found.extend(_per_arm_cues(sentence))
        for m in FROM_TO.finditer(sentence.text):
            a, b = float(m.group("a")), float(m.group("b"))
            if a != b:  # a significant change from one figure to another: which way the numbers went
                found.append(_cue_at(sentence, INCREASE if b > a else DECREASE, m.start(), m.end()))
    return found


def _worded_change(sentence: Sentence, at: int) -> bool:
    """True when the clause that holds the token at position at has a word that says which way something went."""
    clause = next(((first, last) for first, last, _ in clauses(sentence) if first <= at <= last), None)
    return clause is not None and any(c.kind in POLAR and clause[0] <= c.first <= clause[1]
                                      for c in find_cues(sentence))


def p_significant(m: re.Match[str]) -> bool:
    """True when a p-value as written is at most the usual 0.05."""
    op, value = m.group("op"), float(m.group("num"))
    if op in ("<", "≤", "&lt;"):
        return value <= SIGNIFICANCE
    if op == "=":
        return value <= SIGNIFICANCE  # authors who print "p = 0.05" call it significant
    return False  # "> 0.05", "≥ 0.10"


def _speaks_of_significance(text: str) -> bool:
    """True when a sentence says anything of significance: a p-value, an interval, "(ns)" or the word."""
    return bool(P_VALUE.search(text) or CONFIDENCE_INTERVAL.search(text) or NS_MARK.search(text)
                or SIGNIFICANCE_MENTION.search(text))


def _significant(text: str) -> bool:
    return bool(SIGNIFICANT_WORD.search(text)) or any(p_significant(m) for m in P_VALUE.finditer(text))


def _per_arm_cues(sentence: Sentence) -> list[Cue]:
    """A significant result given per arm ("12% in the peer group and 25% in usual care, p = 0.03"): the
    figure of peer support against the comparison arm's says which way the outcome moved."""
    found = []
    for m in [*PER_ARM.finditer(sentence.text), *ARM_THEN_FIGURE.finditer(sentence.text),
              *FIGURE_THEN_ARM.finditer(sentence.text)]:
        a, b = float(m.group("a")), float(m.group("b"))
        compared_a, compared_b = (bool(COMPARISON_ARM.search(m.group(g))) for g in ("arm_a", "arm_b"))
        if a == b or compared_a == compared_b:
            continue  # which arm is peer support is not said
        peer, other = (b, a) if compared_a else (a, b)
        found.append(_cue_at(sentence, INCREASE if peer > other else DECREASE, m.start(), m.end()))
    return found


def _clause_of(sentence: Sentence, at: int) -> str:
    """The text of the clause of a sentence that holds the token at position at."""
    return next((clause_text(sentence, first, last) for first, last, _ in clauses(sentence) if first <= at <= last),
                sentence.text)


def _number(text: str) -> float | None:
    try:
        return float(text.replace("−", "-").replace("–", "-").replace(" ", ""))
    except ValueError:
        return None


def _cue_at(sentence: Sentence, kind: str, start: int, end: int) -> Cue:
    offsets = [i for i, t in enumerate(sentence.tokens) if sentence.start + start <= t.start < sentence.start + end]
    first = offsets[0] if offsets else 0
    return Cue(kind, first, offsets[-1] if offsets else first)
