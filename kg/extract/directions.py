"""Directions: which way one outcome mention went, read from the cues in its scope.

Precise before broad:
- a "no difference" cue ("equally effective", "not significantly different") wins;
- a "mixed" cue ("mixed evidence", "not consistent", "confounded") makes the result Mixed, unless details after it
  (after a colon, or ", with ...") give the outcome a change of its own;
- otherwise the polar cue nearest to the outcome decides, turned by the outcome's polarity
  ("reduced hospitalisation" is favourable); a negated cue ("did not improve") gives
  NoDifference, never the opposite direction;
- a quantified hedge ("some studies found") makes a polar result Mixed, a modal hedge
  ("may improve") makes it Unclear; neither inflates it;
- an outcome with only a neutral cue ("changes to stigma") is Unclear;
- evidence called uncertain or inconclusive, or graded low, and a modal hedge before "no difference" ("may be
  equivalent"), give Unclear; a level at baseline or a noun of measure ("a lower risk of") is no change itself;
- wordings of an outcome's opposite, by their form ("disengagement") or as labels the scheme marks so
  (psk:oppositeLabel: "hopelessness", "role clarity", "treatment dropout"), turn a rise or fall round, and a
  judging word right before the outcome ("more positive attitudes") says which way its rise went; an
  outcome that names a judgement ("feasibility") is Positive when asserted ("suggests feasibility");
- a rise or fall graded as the lesser of a comparison ("increased less than in controls", "a smaller increase")
  speaks the other way for peer support;
- a word of having reaches the outcome it stands before, through a phrase of quantity ("reported a great deal of
  satisfaction") or as the first of the outcome's own words ("feeling isolated");
- a worry only voiced ("concerns about stigma", "anxiety about working with a peer") is no finding, as the annotation
  rules say of concerns; a change in it still is one;
- an obstacle only said to exist ("role ambiguity was a challenge", "barriers to implementation") and a condition of
  the work that people have ("experience role ambiguity") are no finding, as the annotation rules say; an obstacle
  to the people's own state is a harm done to them ("emotional labour as a challenge"), a risk never one that came;
  an outcome named as the obstacle ("stigma remained a major barrier", "challenges such as stigma and low pay") is
  no finding whatever word stands nearer;
- a modal verb hedges a claim however much evidence is quantified before it ("some evidence that ... may improve");
- a denied verb governs the outcomes of its object, whatever a word of level in the next conjunct says;
- a change of a harm or obstacle named between the change word and the outcome is the harm's ("more difficulties
  with employment" is unfavourable, "fewer barriers to care" favourable).
"""

from __future__ import annotations

import re

from rdflib import URIRef

from kg.extract.clauses import LIST_OPENERS
from kg.extract.count_heads import COUNT_NOUNS, PERSON_NOUNS
from kg.extract.cues import (
    DECREASE,
    DIFFER,
    FAVOURABLE,
    INCREASE,
    MIXED,
    MODAL_HEDGE,
    NEGATION,
    NEUTRAL,
    NO_DIFFERENCE,
    POLAR,
    PRESENCE,
    PRESENCE_REACH,
    PREVALENT,
    QUANTIFIED_HEDGE,
    SIGNS,
    UNCERTAIN,
    UNFAVOURABLE,
    Cue,
)
from kg.extract.lexicon import Lexicon
from kg.extract.matches import Match
from kg.extract.mention_roles import names_a_kind
from kg.extract.scope import (
    COORDINATED_AFTER,
    COPULAS,
    SHOWING_VERBS,
    details_follow,
    details_with,
    excepted,
    modal_before,
    nearness,
    negated,
    own_change_before,
    reaches_forward_only,
    terminated,
)
from kg.extract.text import Sentence, word_set
from kg.namespaces import CONCEPT, PSK

# Words that grade evidence, and the words of evidence they grade: "low-certainty evidence", "the quality of the
# evidence was low". How far before a grade the evidence may be named.
EVIDENCE_GRADES = frozenset({"low", "lower", "weak", "poor", "limited", "high", "strong", "moderate"})
EVIDENCE_WORDS = frozenset({"evidence", "certainty"})
SUBJECT_ENDS = frozenset({",", ";", "(", "that", "which", "whether"})
EVIDENCE_REACH = 8
# How many words the first item of a list may take after a verb of having, for the list's last item to be had too:
# "providing a sense of belonging and hope".
LISTED_REACH = 5
# How many tokens after its "which" a relative clause's change may stand: "which the forums helped to address".
RELATIVE_REACH = 5
# Where the subject of a grade of evidence ends: a clause or a verb of showing.
EVIDENCE_SUBJECT_ENDS = SUBJECT_ENDS | SHOWING_VERBS
# Outcome names that are judgements in themselves, the verbs that assert them and the adjectives that grade them
# as enough: "demonstrates feasibility", "adequate acceptability".
EVALUATIONS = frozenset({"feasibility", "acceptability", "satisfaction", "helpfulness", "usefulness"})
ASSERTING = frozenset({"suggest", "suggests", "suggested", "indicate", "indicates", "indicated", "demonstrate",
                       "demonstrates", "demonstrated", "show", "shows", "showed", "shown", "support", "supports",
                       "supported", "confirm", "confirms", "confirmed", "establish", "established", "establishes"})
SUFFICIENT = frozenset({"moderate", "adequate", "reasonable", "sufficient", "acceptable"})
# Verbs of asserting that, as a predicate, may say who helped rather than what was shown: "implementation was supported
# by the managers".
SUPPORTING = frozenset({"support", "supports", "supported"})
ASSERTION_REACH = 5
# Words of an obstacle that is there, which say no more than that: "a challenge", "barriers to", "lack of".
OBSTACLES = frozenset({"barrier", "barriers", "challenge", "challenges", "challenging", "challenged", "risk", "risks",
                       "lack", "obstacle", "obstacles", "difficulty", "difficulties"})
# Outcomes that are states of the people themselves, their health and wellbeing, where an obstacle they meet is a
# harm done to them ("emotional labour as a challenge experienced by peer supporters", "work-life boundary
# challenges"), not a feature of a service or workplace that stands in the way.
PEOPLE_STATES = frozenset(CONCEPT[f"outcome/{o}"] for o in (
    "burnout", "peer-worker-wellbeing", "work-life-balance", "wellbeing", "quality-of-life", "caregiver-burden",
    "loneliness", "suicidality", "physical-health"))
# The modal verbs of the annotation rules' hedges: "may", "might", "can", "could", "would".
MODAL_VERBS = frozenset({"may", "might", "can", "could", "would"})
# Outcomes that are conditions of a workplace or a service rather than states of the people: had, met or common,
# they are barriers that exist ("peer specialists experience role ambiguity"), which the annotation rules make no
# finding; a change in them, or a harm they did ("felt excluded from team decisions"), still is one.
WORKPLACE_CONDITIONS = frozenset(CONCEPT[f"outcome/{o}"] for o in (
    "role-ambiguity", "workplace-integration", "training", "implementation", "peer-workforce"))
# Service use is how much people use health and crisis services: less of it is read as a good (fewer crisis visits,
# lower costs), but more of it says no harm by itself (more outpatient visits may be care reaching those who need it),
# so a rise in it is a change without a direction. Hospitalisation, a concept of its own, keeps its polarity.
AMBIVALENT_RISE = frozenset({CONCEPT["outcome/service-use"]})
# Words that may stand between an outcome and the obstacle noun it is named as: "stigma as a persistent challenge",
# "role ambiguity was a key barrier", "stigma remained a major obstacle"; and how many of them. Words of a list that
# an obstacle noun heads: "challenges such as stigma and low pay", "barriers including stigma", "barriers: stigma".
NAMING_WORDS = word_set({"as", "a", "an", "the", "one", "of", "was", "were", "is", "are", "be", "been", "being",
                         "remained", "remains", "remain", "persisted", "persists", "became", "become", "seen",
                         "described", "identified", "perceived", "considered", "experienced", "reported", "named"})
NAMING_REACH = 6
# How many words of an outcome's own complement may stand before that "as": "stigma from colleagues as".
OUTCOME_COMPLEMENT = 3
OBSTACLE_LIST_REACH = 12
OBSTACLE_LIST_ENDS = frozenset({";", ".", "but", "while", "whereas"})
# Cue words that are also nouns of measure, transparent before "of": "a reduced risk of suicide attempts".
MEASURE_CUE_WORDS = frozenset({"risk"})
# Nouns of a harm or an obstacle that a change word may govern in place of the outcome after them: in "more
# difficulties with employment" the difficulties grew, so employment went the unfavourable way; in "fewer barriers to
# care" the barriers shrank. How many words may stand between the change word and the noun ("more functional
# difficulties").
HARM_NOUNS = word_set({"difficulty", "difficulties", "problem", "problems", "barrier", "barriers", "obstacle",
                       "obstacles", "challenge", "challenges", "impairment", "impairments", "deficit", "deficits",
                       "trouble", "troubles", "struggles"})
HARM_REACH = 2
# Words that grade a rise or fall as the lesser of a comparison, before the change noun ("a smaller increase") or
# after the change verb ("increased less", "declined more slowly"), and the words of a comparison they need.
LESSER = frozenset({"smaller", "slower", "lesser", "weaker", "milder"})
LESSER_AFTER = (("less",), ("more", "slowly"), ("to", "a", "lesser"), ("to", "a", "smaller"))
COMPARING = re.compile(r"\b(?:than(?!\ (?:expected|anticipated|predicted|hypothesi[sz]ed))|compared|relative\ to"
                       r"|versus|vs)\b", re.IGNORECASE | re.VERBOSE)
# Nouns of quantity, and the words before them, through which a word of having reaches the outcome after "of":
# "reported a significant amount of satisfaction", "a great deal of hope".
QUANTITY_NOUNS = frozenset({"amount", "deal", "level", "levels", "degree", "lot", "lots", "measure"})
QUANTITY_WORDS = frozenset({"a", "an", "the", "significant", "great", "good", "large", "considerable", "substantial",
                            "high", "certain", "fair", "moderate", "some", "greater", "higher"})
# Nouns of worry, the words that give a worry its object, how many words before an outcome a worry may stand and
# what ends that reach: "concerns about confidentiality and stigma", "anxiety about working with a peer supporter".
CONCERNS = word_set({"concern", "concerns", "worry", "worries", "fear", "fears", "anxiety", "anxieties",
                     "apprehension", "apprehensions", "unease", "doubt", "doubts", "reservations", "misgivings"})
CONCERN_LINKS = frozenset({"about", "over", "regarding", "around", "surrounding", "of", "that"})
CONCERN_REACH = 6
CONCERN_ENDS = frozenset({";", ":", ".", "but", "while", "whereas"})
# Adjectives that grade an obstacle without changing what it is: "a major barrier", "a persistent challenge".
ADJECTIVES_OF_DEGREE = frozenset({"major", "key", "main", "persistent", "significant", "ongoing", "common", "big",
                                  "biggest", "great", "greatest", "particular", "central", "primary", "important",
                                  "considerable", "substantial", "frequent", "continuing", "constant", "further",
                                  "additional", "other", "many", "several", "some", "specific", "structural"})


def direction(match: Match, cues: list[Cue], inherited: int | None, lex: Lexicon,
              sentence: Sentence | None = None) -> URIRef | None:
    """The direction of one outcome from the cues of its clause; None when the clause states none.

    A no-difference or mixed cue decides every outcome of its clause it is not cut off from by a
    terminator ("as well as", "except"); otherwise the polar cue nearest the outcome decides.
    """
    if sentence is not None and names_a_kind(match, sentence):
        return None  # "in low engagement-low fidelity sites": a kind of site, not a result
    if sentence is not None:
        # A low grade of the evidence leaves the result open; a high one says nothing of the outcome.
        cues = [r for c in cues if (r := _regraded(c, sentence)) is not None]
    kinds = {c.kind for c in cues if not negated(c, cues, sentence)}
    scoped = [c for c in cues if c.kind in (NO_DIFFERENCE, MIXED, UNCERTAIN) and not negated(c, cues, sentence)
              and (sentence is None or (not terminated(c, match, sentence) and not details_follow(c, match, sentence)
                                        and not details_with(c, match, cues, sentence)
                                        and not own_change_before(c, match, cues, sentence)
                                        and not (reaches_forward_only(c, sentence) and c.first > match.last)))]
    if scoped:
        nearest_scope = min(scoped, key=lambda c: nearness(c, match))
        if nearest_scope.kind == UNCERTAIN or (nearest_scope.kind == NO_DIFFERENCE
                                               and modal_before(nearest_scope, cues)):
            return PSK.Unclear  # "it is very uncertain whether ...", "may be equivalent"
        return PSK.NoDifference if nearest_scope.kind == NO_DIFFERENCE else PSK.Mixed
    polar = [c for c in cues if c.kind in POLAR
             or (c.kind == PRESENCE and (0 < match.first - c.last <= PRESENCE_REACH
                                         # the outcome's own words open with it: "feeling isolated"
                                         or (c.first == match.first and c.last < match.last)
                                         or (sentence is not None and _through_a_quantity(c, match, sentence))
                                         or (sentence is not None and _next_in_list(c, match, sentence)))
                 and not (sentence is not None and _names_a_service(match, sentence)))
             or (c.kind == PREVALENT and 0 < c.first - match.last <= PRESENCE_REACH)]
    # A verb of presence right after a word of decrease is what the decrease is said of: "no longer reported
    # loneliness", "fewer reported stigma". The decrease decides.
    # A word of degree right after it is what is said of the outcome: "feeling less alone", "reported more hope".
    polar = [c for c in polar if not (c.kind == PRESENCE and any(
        (d.kind == DECREASE and d.last + 1 == c.first) or (d.kind in (DECREASE, INCREASE) and d.first == c.last + 1)
        for d in cues))]
    if sentence is not None:
        # The having of people who are counted is what the count's change is said of: "fewer participants reported
        # loneliness", "the number of providers who experienced distress decreased".
        polar = [c for c in polar if not (c.kind == PRESENCE and _had_by_counted_people(c, cues, sentence))]
    # The head word of an outcome where less is better may name the harm itself ("self-harm"); a change said of
    # it ("self-harm decreased") then decides, not the harm in its name. A judging modifier at the front ("lack
    # of role clarity") still judges.
    outside = [c for c in polar if not (match.first <= c.first and c.last <= match.last)]
    if outside and lex.improves.get(match.concept) == PSK.Lower:
        polar = [c for c in polar if c in outside or c.kind != UNFAVOURABLE
                 or not (c.last == match.last and c.first > match.first)]
    if polar and sentence is not None and any(
            c.kind in (NEUTRAL, DIFFER) and c.last < match.first and negated(c, cues, sentence) for c in cues) and all(
            nearness(c, match, sentence)[0] >= COORDINATED_AFTER for c in polar):
        # "did not impact body mass index or reentry into higher level of care": the denied verb governs the outcome,
        # and a word of level in the next conjunct is said of that conjunct
        polar = []
    if not polar:
        if inherited is not None:
            return PSK.NoDifference  # "improvements to recovery but not hope": the cue, negated
        if sentence is not None and _evaluation_asserted(match, sentence) and not any(
                c.kind == NEGATION for c in cues):
            return PSK.Positive  # "This pilot suggests feasibility", "moderate acceptability"
        differ = [c for c in cues if c.kind == DIFFER]
        if differ and all(negated(c, cues, sentence) for c in differ):
            return PSK.NoDifference  # "did not differ", "effects were not maintained"
        neutral = [c for c in cues if c.kind == NEUTRAL]
        if neutral:
            if all(negated(c, cues, sentence) for c in neutral):
                return PSK.NoDifference
            # "effects on empowerment were found in some but not all studies"
            return PSK.Mixed if QUANTIFIED_HEDGE in kinds else PSK.Unclear
        return None
    nearest = min(polar, key=lambda c: nearness(c, match, sentence))
    if sentence is not None and nearest.kind in (PRESENCE, PREVALENT) and nearest.last < match.first:
        # "experienced isolation, which the forums helped to address": what the relative clause after the outcome
        # says of it decides over the having before it
        relative = _relative_clause_cue(match, polar, sentence)
        if relative is not None:
            nearest = relative
    harm = _change_of_a_harm(nearest, polar, match, sentence) if sentence is not None else None
    if harm is not None:
        # "more difficulties with employment", "fewer barriers to care": the change is the harm's
        nearest, harm_sign = harm
        if negated(nearest, cues, sentence):
            return PSK.NoDifference
        return _hedged(nearest, match, cues, kinds, sentence) or (PSK.Positive if harm_sign > 0 else PSK.Negative)
    if sentence is not None and (nearest.kind in (PRESENCE, PREVALENT) or obstacle_only(nearest, sentence)) \
            and _voices_a_concern(match, sentence):
        return None  # "reported concerns about stigma", "vague anxiety about working with a peer": a worry voiced
    if sentence is not None and match.concept not in PEOPLE_STATES and nearest.kind not in (INCREASE, DECREASE) \
            and any(obstacle_only(c, sentence) and named_as_obstacle(c, match, sentence) for c in cues):
        # "stigma was described as a persistent challenge", "challenges such as stigma and low pay remain": named as
        # an obstacle that is there, whatever other word stands nearer
        return None
    if sentence is not None and obstacle_only(nearest, sentence) and (
            match.concept not in PEOPLE_STATES or _only_a_risk(nearest, sentence)):
        # "role ambiguity was a challenge", "barriers to implementation": there, not a change; "at risk of burnout":
        # a harm that may come, not one that came
        return None
    if nearest.kind in (PRESENCE, PREVALENT) and match.concept in WORKPLACE_CONDITIONS:
        return None  # "peer specialists experience role ambiguity": a condition of the work that is there
    if negated(nearest, cues, sentence):
        return PSK.NoDifference
    if any(c.kind == DIFFER and c.first > nearest.last and negated(c, cues, sentence) for c in cues):
        return PSK.NoDifference  # "gains in hope were not maintained", "improvements did not differ by arm"
    if sentence is not None and nearest.last < match.first and excepted(nearest, match, sentence):
        return PSK.NoDifference  # "improved on all measures except employment"
    sign = polarity(nearest.kind, match.concept, lex)
    if sentence is not None and nearest.kind not in (FAVOURABLE, UNFAVOURABLE) and names_opposite(match, sentence, lex):
        sign = -sign
    if sentence is not None and nearest.kind in (INCREASE, DECREASE) and _lesser_change(nearest, sentence):
        sign = -sign  # "loneliness increased less than in the control group", "a smaller increase in depression"
    judged = _judged_by(match, sentence) if sentence is not None and nearest.kind in (INCREASE, DECREASE) else None
    if judged is not None:
        # "more positive attitudes towards mental illness": a rise in what is judged good, whatever the outcome's
        # own polarity; "fewer negative attitudes" a fall in what is judged bad
        sign = (1 if nearest.kind == INCREASE else -1) * (1 if judged == FAVOURABLE else -1)
    if sign < 0 and match.concept in AMBIVALENT_RISE and nearest.kind in (INCREASE, PRESENCE, PREVALENT):
        return PSK.Unclear  # "an increase in annual outpatient visits", "utilized more ambulatory services"
    return _hedged(nearest, match, cues, kinds, sentence) or (PSK.Positive if sign > 0 else PSK.Negative)


# Nouns of people who may be counted, the words that may stand among them ("fewer of the mothers who"), and the
# nouns of a count ("the number of providers who experienced distress").
COUNTED_PEOPLE = PERSON_NOUNS | word_set({"members", "clients", "staff", "caregivers", "carers", "adolescents",
                                          "nurses", "those", "them"})
COUNT_FILLERS = word_set({"the", "of", "who", "that", "in", "our", "these", "intervention", "control", "group", "arm",
                          "peer", "support", "significantly", "statistically"})
COUNT_REACH = 6


def _had_by_counted_people(cue: Cue, cues: list[Cue], sentence: Sentence) -> bool:
    """True when a verb of having is said of people a change word or a noun of count counts: "fewer participants
    reported loneliness" (the fall is in those who have it), "the number of providers who experienced psychological
    distress decreased" (the count's change decides, said after the outcome)."""
    tokens = sentence.tokens
    words = [i for i in range(cue.first - 1, -1, -1) if tokens[i].word][:COUNT_REACH]
    people = False
    for i in words:
        norm = tokens[i].norm
        if norm in COUNTED_PEOPLE:
            people = True
            continue
        if norm in COUNT_FILLERS:
            continue
        if not people:
            return False
        if norm in COUNT_NOUNS:
            return True  # "the proportion of participants who reported ..."
        return any(d.kind in (DECREASE, INCREASE) and d.last == i for d in cues)  # "fewer participants reported"
    return False


# Nouns after an outcome word that make it the name of a service or of those who give it: what a verb of giving
# gives is then the service ("provided general recovery support"), not the outcome.
SERVICE_NOUNS = frozenset({"support", "service", "program", "programme", "intervention", "group", "coaching", "coach",
                           "worker", "specialist", "plan", "planning", "education", "class", "course", "training"})


def _names_a_service(match: Match, sentence: Sentence) -> bool:
    """True when the outcome words modify a noun of a service right after them: "recovery support", "hope
    groups"."""
    after = next((t for t in sentence.tokens[match.last + 1:] if t.norm), None)
    return after is not None and after.word and after.norm in SERVICE_NOUNS


def _lesser_change(cue: Cue, sentence: Sentence) -> bool:
    """True when a rise or fall is graded as the lesser of a comparison: "increased less than in controls", "a smaller
    increase compared with usual care", "declined more slowly than": the arm compared went further the same way, so
    the change speaks the other way for peer support."""
    tokens = sentence.tokens
    if not COMPARING.search(sentence.text):
        return False
    before = [t.norm for t in reversed(tokens[:cue.first]) if t.word][:1]
    after = [t.norm for t in tokens[cue.last + 1:cue.last + 4] if t.word]
    return (bool(before) and before[0] in LESSER) or any(after[:len(p)] == list(p) for p in LESSER_AFTER)


def _judged_by(match: Match, sentence: Sentence) -> str | None:
    """The sign a judging word right before an outcome's words gives them ("positive attitudes", "negative
    self-talk"): FAVOURABLE or UNFAVOURABLE, or None when no such word stands there."""
    if match.first == 0:
        return None
    return SIGNS.get(sentence.tokens[match.first - 1].norm)


def _relative_clause_cue(match: Match, polar: list[Cue], sentence: Sentence) -> Cue | None:
    """The change or judgement a relative clause right after the outcome states of it ("isolation, which the forums
    helped to address"), within a few words of its "which"; None when no such clause follows."""
    tokens = sentence.tokens
    k = match.last + 1
    if k < len(tokens) and tokens[k].norm == ",":
        k += 1
    if k >= len(tokens) or tokens[k].norm not in ("which", "that"):
        return None
    after = [c for c in polar if c.kind in (INCREASE, DECREASE, FAVOURABLE, UNFAVOURABLE)
             and k < c.first <= k + RELATIVE_REACH
             and not any(t.norm in (",", ";", "and", "but") for t in tokens[k + 1:c.first])]
    return min(after, key=lambda c: c.first) if after else None


def _next_in_list(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when the outcome is the last item of a short list that opens within a verb of having's reach, which
    the verb has as it has the first: "providing a sense of belonging and hope"."""
    if cue.last >= match.first or sentence.tokens[match.first - 1].norm not in ("and", "or"):
        return False
    between = [t for t in sentence.tokens[cue.last + 1:match.first - 1]]
    words = [t for t in between if t.word]
    return 0 < len(words) <= LISTED_REACH and all(t.word or t.norm == "," for t in between) \
        and not any(t.norm in ("and", "or") for t in words)


def _through_a_quantity(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when only a phrase of quantity stands between a word of having and the outcome after it, which it lets
    through as it does an article: "reported a significant amount of satisfaction", "felt a great deal of hope"."""
    if cue.last >= match.first:
        return False
    between = [t.norm for t in sentence.tokens[cue.last + 1:match.first] if t.norm]
    return len(between) >= 2 and between[-1] == "of" and between[-2] in QUANTITY_NOUNS \
        and all(w in QUANTITY_WORDS for w in between[:-2])


def _hedged(nearest: Cue, match: Match, cues: list[Cue], kinds: set[str], sentence: Sentence | None) -> URIRef | None:
    """Unclear or Mixed when a hedge qualifies the change a cue states; None when the change is stated outright.

    A modal hedges the change it stands before ("may improve") or a result it stands inside, not one it follows:
    "more confident that they could manage their care". It hedges the change whoever found it: "there is some
    evidence that peer support may improve recovery" is a hedged claim, not a split between studies."""
    reach = max(nearest.first, match.first)
    if sentence is not None:
        # a hedge after the change, in an item of its own before this outcome, hedges that item: in "improvement in
        # help-seeking, the number of sources likely to help, and knowledge" the knowledge improved outright
        cues = [c for c in cues if c.kind != MODAL_HEDGE or not nearest.last < c.first < match.first or not any(
            t.norm in (",", ";", "and") for t in sentence.tokens[c.last + 1:match.first])]
    if any(c.kind == MODAL_HEDGE and c.first < reach and sentence is not None
           and sentence.tokens[c.first].norm in MODAL_VERBS for c in cues if not negated(c, cues, sentence)):
        return PSK.Unclear
    if QUANTIFIED_HEDGE in kinds:
        return PSK.Mixed
    if any(c.kind == MODAL_HEDGE and c.first < reach for c in cues if not negated(c, cues, sentence)):
        return PSK.Unclear
    return None


def _change_of_a_harm(nearest: Cue, polar: list[Cue], match: Match, sentence: Sentence) -> tuple[Cue, int] | None:
    """The change word and its sign (+1 favourable) when the change it states is of a harm or an obstacle named
    between it and the outcome: "more functional difficulties with employment" (-1), "fewer barriers to care" (+1).
    The harm is the change word's object and the outcome only what the harm concerns, whichever way the outcome is
    better; None when no such noun stands there."""
    changes = [c for c in polar if c.kind in (INCREASE, DECREASE) and c.last < match.first]
    if nearest not in changes:
        # the obstacle word itself may be the nearest cue ("fewer barriers to care"): the change right before it
        if not obstacle_only(nearest, sentence) or nearest.last >= match.first:
            return None
        changes = [c for c in changes if c.last < nearest.first]
        if not changes:
            return None
        change = max(changes, key=lambda c: c.last)
    else:
        change = nearest
    words = [t for t in sentence.tokens[change.last + 1:match.first] if t.word]
    if any(t.norm in HARM_NOUNS for t in words[:HARM_REACH + 1]):
        return change, -1 if change.kind == INCREASE else 1
    return None


def obstacle_only(cue: Cue, sentence: Sentence) -> bool:
    """True when an unfavourable cue names an obstacle that is there, not a change: "stigma was a challenge",
    "barriers to implementation", "lack of role clarity", "role confusion challenged integration". As the annotation
    rules say, a barrier, concern or challenge only said to exist or remain is no finding; said of the people's own
    state (:data:`PEOPLE_STATES`) it is a harm done to them, and the caller keeps it."""
    if cue.kind != UNFAVOURABLE:
        return False
    words = [t.norm for t in sentence.tokens[cue.first:cue.last + 1] if t.word]
    return bool(words) and words[0] in OBSTACLES


def named_as_obstacle(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when an outcome is named as the obstacle an obstacle cue speaks of, rather than changed by it: as its
    subject or the object of "as" ("stigma remained a major barrier", "described stigma as a persistent challenge"),
    or as an item of the list it heads ("challenges such as stigma and low pay remain", "barriers included stigma").
    As the annotation rules say, a barrier or challenge only said to exist or remain is no finding."""
    tokens = sentence.tokens
    if cue.first > match.last:
        between = [t.norm for t in tokens[match.last + 1:cue.first] if t.norm]
        if "as" in between:
            # "stigma from colleagues as a challenge": a short complement of the outcome may come before the "as"
            at = len(between) - 1 - between[::-1].index("as")
            if len(between[:at]) > OUTCOME_COMPLEMENT or not all(w.isalpha() for w in between[:at]):
                return False
            between = between[at:]
        return len(between) <= NAMING_REACH and bool(set(between) & (COPULAS | {"as"})) and all(
            w in NAMING_WORDS or w.endswith("ly") or w in ADJECTIVES_OF_DEGREE for w in between)
    if cue.last >= match.first or match.first - cue.last > OBSTACLE_LIST_REACH:
        return False
    between = [t.norm for t in tokens[cue.last + 1:match.first] if t.norm]
    return bool(set(between[:3]) & LIST_OPENERS) and not set(between) & OBSTACLE_LIST_ENDS


def _voices_a_concern(match: Match, sentence: Sentence) -> bool:
    """True when an outcome is a worry about something ("anxiety about working with a peer supporter") or what a
    worry is about ("concerns about confidentiality and stigma", "fear of stigma"): as the annotation rules say, a
    concern only voiced is no finding, while a change in it ("less anxiety about parenting") still is one."""
    tokens = sentence.tokens
    after = next((t.norm for t in tokens[match.last + 1:] if t.word), "")
    if tokens[match.last].norm in CONCERNS and after in CONCERN_LINKS:
        return True
    before = sentence.words_before(match.first, CONCERN_ENDS, CONCERN_REACH)
    return any(w in CONCERN_LINKS and before[k + 1:k + 2] != [] and before[k + 1] in CONCERNS
               for k, w in enumerate(before))


def _only_a_risk(cue: Cue, sentence: Sentence) -> bool:
    """True when an obstacle cue is a risk: "at risk of burnout", "risks to peer workers' wellbeing"."""
    return any(t.norm in ("risk", "risks") for t in sentence.tokens[cue.first:cue.last + 1])


def polarity(kind: str, outcome: URIRef, lex: Lexicon) -> int:
    """+1 when a cue of this kind says the outcome went the favourable way, -1 when the other: a rise in an outcome
    where less is better ("increased hospitalisation") is unfavourable."""
    better_higher = lex.improves.get(outcome, PSK.Higher) == PSK.Higher
    return {FAVOURABLE: 1, UNFAVOURABLE: -1, INCREASE: 1 if better_higher else -1,
            PRESENCE: 1 if better_higher else -1, PREVALENT: 1 if better_higher else -1,
            DECREASE: -1 if better_higher else 1}[kind]


_VERSION = re.compile(r"\d+(?:\.\d+)?|r|sf|bref|ii|iii|iv")


def names_opposite(match: Match, sentence: Sentence, lex: Lexicon) -> bool:
    """True when the words matched name the outcome's opposite, by their form ("disengagement"), as a label the
    scheme marks so (psk:oppositeLabel: "hopelessness", "role clarity", "treatment dropout") or with a noun of harm
    right after an outcome where more is better ("social adjustment difficulties")."""
    if match.opposite:
        return True
    after = match.last + 1
    if (after < len(sentence.tokens) and sentence.tokens[after].norm in HARM_NOUNS
            and sentence.tokens[after].start == sentence.tokens[match.last].end + 1
            and lex.improves.get(match.concept, PSK.Higher) == PSK.Higher):
        return True  # "social adjustment difficulties", "employment problems": the harm in the outcome's domain
    opposites = lex.opposites.get(match.concept, frozenset())
    key = tuple(t.norm for t in match.tokens(sentence) if t.norm)
    # a measure's version or length after its name is still that measure: "CHQ-12", "WHODAS 2.0"
    return key in opposites or (len(key) > 1 and _VERSION.fullmatch(key[-1]) is not None and key[:-1] in opposites)


def _regraded(cue: Cue, sentence: Sentence) -> Cue | None:
    """A cue that grades the evidence as low becomes a cue of uncertainty; one grading it high is dropped, and
    so is one that states where the outcome started ("low at baseline and improved by 12 months") or a noun that
    only measures what follows it ("a lower risk of readmission": the risk is the measure, "lower" the change)."""
    if cue.kind in POLAR and (_at_start(cue, sentence) or _measures_next(cue, sentence)):
        return None
    if cue.kind not in POLAR or not _grading_evidence(cue, sentence):
        return cue
    return Cue(UNCERTAIN, cue.first, cue.last) if cue.kind in (DECREASE, UNFAVOURABLE) else None


def _grading_evidence(cue: Cue, sentence: Sentence) -> bool:
    """True when a cue word grades the evidence rather than the outcome: "the certainty of the evidence for
    quality of life was low", "low-quality evidence", "the evidence is weak"."""
    words = {t.norm for t in sentence.tokens[cue.first:cue.last + 1] if t.word}
    if not words & EVIDENCE_GRADES:
        return False
    after = [t.norm for t in sentence.tokens[cue.last + 1:cue.last + 4] if t.word]
    # the subject of the grade ends where a clause or a verb of showing begins: not "evidence showed that
    # loneliness was low"
    before = sentence.words_before(cue.first, EVIDENCE_SUBJECT_ENDS, EVIDENCE_REACH)
    return bool(EVIDENCE_WORDS & set(after[:2])) or (bool(EVIDENCE_WORDS & set(before))
                                                     and bool(COPULAS & set(before[:2])))


def _measures_next(cue: Cue, sentence: Sentence) -> bool:
    """True when a cue word is a noun of measure followed by "of" or "for": "risk of", "risk for"."""
    words = [t.norm for t in sentence.tokens[cue.first:cue.last + 1] if t.word]
    after = next((t.norm for t in sentence.tokens[cue.last + 1:] if t.word), "")
    before = next((t.norm for t in reversed(sentence.tokens[:cue.first]) if t.word), "")
    # "at risk of burnout" states a risk; "a lower risk of readmission" measures a change
    return len(words) == 1 and words[0] in MEASURE_CUE_WORDS and after in ("of", "for") and before != "at"


def _at_start(cue: Cue, sentence: Sentence) -> bool:
    """True when a cue is followed by "at baseline" or "at entry": it states a level, not a change."""
    after = [t.norm for t in sentence.tokens[cue.last + 1:cue.last + 4] if t.word]
    return after[:1] == ["at"] and bool({"baseline", "entry", "intake", "enrolment", "enrollment"} & set(after[1:3]))


def _evaluation_asserted(match: Match, sentence: Sentence) -> bool:
    """True when an outcome whose name is itself a judgement ("feasibility", "acceptability") is asserted
    by a verb of showing or graded by an adjective of sufficiency just before it: "suggests feasibility of the
    programme", "was deemed to have moderate feasibility"."""
    words = {t.norm for t in match.tokens(sentence) if t.word}
    if not words & EVALUATIONS:
        return False
    before = [t.norm for t in sentence.tokens[max(0, match.first - ASSERTION_REACH):match.first] if t.word]
    if bool(set(before[-2:]) & SUFFICIENT) or bool(set(before) & ASSERTING):
        return True
    # asserted by the predicate of its clause: "the feasibility and acceptability of the programs were shown"
    after: list[str] = []
    for token in sentence.tokens[match.last + 1:]:
        if token.norm in (";", ":") or token.norm in LIST_OPENERS or len(after) > 2 * ASSERTION_REACH:
            break
        if token.word:
            after.append(token.norm)
    return any(w in ASSERTING - SUPPORTING and k > 0 and after[k - 1] in COPULAS for k, w in enumerate(after))
