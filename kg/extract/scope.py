"""Scope: how far the cue words of a clause reach, as ConText decides the scope of its modifiers (negation, terminators,
forward-only triggers).

- a negation reaches a few words ahead ("did not significantly improve") or, through a verb of showing, the
  object after it ("did not show a reduction in"); a parenthesis ends its reach;
- a no-difference or mixed cue reaches every outcome of its clause it is not cut off from by a terminator ("as
  well as", "except"); one that opens with "no" reaches forward only ("no significant changes were observed in X"),
  unless it speaks of the groups as a whole ("hope improved, with no significant difference between groups",
  "without a significant between-group effect"), which reaches back to the outcomes before it;
- a null after a coordinator does not reach back to an outcome with its own change ("reduced self-stigma and did
  not change self-esteem"), and a change said of one outcome as its predicate is not said of the next ("self-esteem
  increased and hope was unchanged");
- a neutral cue or a barrier between two outcomes relates them to each other ("burnout impacts job satisfaction"),
  which is no finding about peer support;
- otherwise the nearest cue decides (:func:`nearness`).

Which cues may speak of one outcome mention at all is decided in :mod:`kg.extract.attachment`; outcome mentions that
name no result of peer support in :mod:`kg.extract.mention_roles`.
"""

from __future__ import annotations

from kg.extract.clauses import AUXILIARIES
from kg.extract.cues import MIXED, MODAL_HEDGE, NEGATION, NEUTRAL, NO_DIFFERENCE, POLAR, UNCERTAIN, Cue
from kg.extract.matches import Match
from kg.extract.mention_roles import EFFECT_NOUNS as AGENT_EFFECT_NOUNS
from kg.extract.mention_roles import HAVING
from kg.extract.text import Sentence, word_set

# How many tokens before a cue a negation reaches: "did not significantly improve".
NEGATION_REACH = 3
# Verbs of showing or bringing about whose negation negates what their object says: "did not show a
# reduction", "failed to demonstrate improvements", "do not support the effectiveness of", "did not lead to".
SHOWING_VERBS = frozenset({"show", "showed", "shown", "find", "found", "support", "supported", "demonstrate",
                           "demonstrated", "confirm", "confirmed", "detect", "detected", "observe", "observed",
                           "produce", "produced", "yield", "yielded", "lead", "led", "result", "resulted", "provide",
                           "provided", "translate", "translated", "achieve", "achieved", "indicate", "indicated",
                           "suggest", "suggested", "contribute", "contributed", "contributes"})
# How far after such a negation its object's cue may stand.
NEGATED_OBJECT_REACH = 12
# Verbs of having or making an effect, whose negation negates the effect named as their object and what the effect is
# on: "did not have a significant impact on reducing maternal depression", "did not make a difference to"; and the
# nouns of effect that must follow them, within a few words ("did not have access to a peer" negates nothing after):
# those by which an outcome acts as an agent ("had no impact on", kg.extract.mention_roles), and a few more.
HAVING_VERBS = HAVING | {"make", "makes", "made"}
EFFECT_NOUNS = AGENT_EFFECT_NOUNS | {"benefit", "benefits", "difference", "differences"}
EFFECT_NOUN_REACH = 4
# Words that end the scope of a no-difference or mixed cue inside a clause, as ConText's terminators do:
# "positive effects on stigma stress as well as non-significant effects on self-stigma".
SCOPE_TERMINATORS = (("as", "well", "as"), ("except",), ("apart", "from"), ("aside", "from"), ("other", "than"),
                     ("unlike",))
# First words of no-difference cues whose scope runs forward only, as ConText's forward modifiers do, and how many
# words after such a cue its noun phrase runs.
FORWARD_OPENERS = frozenset({"no", "non", "without", "lack", "insufficient", "little", "limited"})
NULL_PHRASE_REACH = 4
# Nouns of opinion that a word of mixing may qualify ("mixed and often negative feedback", "mixed views"), and how
# many words after it they may stand.
OPINION_NOUNS = word_set({"feedback", "view", "views", "opinion", "opinions", "feeling", "feelings", "reaction",
                          "reactions", "response", "responses", "attitude", "attitudes", "perception", "perceptions",
                          "review", "reviews", "comments", "sentiment", "sentiments", "emotions"})
OPINION_REACH = 4
# Words after a null that speak of the groups as a whole: "no significant difference between groups", "by group",
# "across arms".
GROUPS_WORDS = frozenset({"between", "by", "across", "among", "group", "treatment", "condition", "arm"})
# Verbs of being through which a clause says something of its subject, and how far before a cue they stand.
COPULAS = frozenset({"was", "were", "is", "are", "be", "been", "remained", "remain", "appeared", "seemed"})
PREDICATE_REACH = 3
# Verbs whose object is said of their subject: "empowerment showed a non-significant improvement".
PREDICATE_VERBS = word_set({"showed", "shows", "had", "has", "demonstrated", "revealed", "yielded", "displayed",
                            "exhibited"})
# How near before an outcome its own change stands: "reduced self-stigma".
OWN_CHANGE_REACH = 2
# Words that may stand between a change and the outcome it is of: "improved their quality of life", "improvements in
# hope"; not "harms for peer workers' wellbeing", where the change is a noun said of something else.
OWN_CHANGE_LINKS = frozenset({"the", "their", "his", "her", "its", "a", "an", "in", "on"})
# Words by which a later clause speaks again of the change before it: "the difference", "this", "the effect".
ANAPHORS = frozenset({"difference", "effect", "change", "improvement", "reduction", "increase", "decrease", "this",
                      "these", "it", "they", "which", "result", "finding", "gain"})
# Words between a subject and its predicate: "hope was not significantly changed".
PREDICATE_FILLERS = frozenset({"not", "also", "then", "further", "both"})
# Words that take an outcome out of a change said of a whole set: "all measures except employment".
EXCEPTIONS = (("except",), ("apart", "from"), ("aside", "from"), ("other", "than"), ("excluding",),
              ("with", "the", "exception", "of"))
# How much farther a change after a coordinator stands from the outcome before it than its token distance.
COORDINATED_AFTER = 100
# Nouns that relate one outcome to another rather than say how it changed: "a barrier to help-seeking".
RELATING_NOUNS = frozenset({"barrier", "facilitator", "predictor", "obstacle"})


def negated(cue: Cue, cues: list[Cue], sentence: Sentence | None = None) -> bool:
    """True when a negation stands a few words before a cue ("did not significantly improve"), or before a
    verb of showing whose object holds the cue ("did not show a reduction in", "do not support the
    effectiveness of peer mentoring for reducing"). A parenthesis ends a negation's reach: the "(p = .31)"
    of "self-esteem did not (p = .31)" is the statistic of the negated result, not negated itself."""
    for c in cues:
        if c.kind != NEGATION or cue.first <= c.last:
            continue
        if sentence is not None and any(t.norm in ("(", ")") for t in sentence.tokens[c.last + 1:cue.first]):
            continue
        if sentence is not None and _both_ways(c, sentence):
            continue
        if cue.first - c.last <= NEGATION_REACH:
            return True
        if sentence is not None and sentence.tokens[c.first].norm in ("neither", "nor"):
            return True  # "neither loneliness nor self-esteem differed": the coordinated subjects, then the verb
        if sentence is not None and cue.first - c.last <= NEGATED_OBJECT_REACH and any(
                t.norm in SHOWING_VERBS for t in sentence.tokens[c.last + 1:c.last + 1 + NEGATION_REACH]):
            return True
        if sentence is not None and cue.first - c.last <= NEGATED_OBJECT_REACH and _negated_effect(c, cue, sentence):
            return True
        if sentence is not None and _in_denied_proposition(c, cue, sentence):
            return True
    return False


def _negated_effect(negation: Cue, cue: Cue, sentence: Sentence) -> bool:
    """True when a negation denies a verb of having or making whose object is an effect that reaches the cue: "did
    not have a significant impact on reducing depression", "did not make a significant difference"."""
    tokens = sentence.tokens
    words = [k for k in range(negation.last + 1, cue.first + 1) if tokens[k].word]
    verb = next((i for i, k in enumerate(words[:NEGATION_REACH]) if tokens[k].norm in HAVING_VERBS), None)
    if verb is None:
        return False
    return any(tokens[k].norm in EFFECT_NOUNS for k in words[verb + 1:verb + 1 + EFFECT_NOUN_REACH])


# Words that, said both ways with a negation ("sites that did and didn't receive", "with or without support", "those
# who were and were not offered"), name the two alternatives of a comparison rather than deny anything.
BOTH_WAYS_WORDS = frozenset({"did", "do", "does", "with", "had", "have", "has", "were", "was", "are", "is", "could",
                             "can", "would", "will"})


def _both_ways(negation: Cue, sentence: Sentence) -> bool:
    """True when a negation is the second of two alternatives said both ways: "did and didn't", "with or without"."""
    before = [t.norm for t in sentence.tokens[:negation.first] if t.norm][-3:]
    if before and before[-1] in BOTH_WAYS_WORDS and sentence.tokens[negation.first].norm in ("not", "n't"):
        before = before[:-1]  # "did and did not": the auxiliary repeated before "not"
    return len(before) >= 2 and before[-1] in ("and", "or") and before[-2] in BOTH_WAYS_WORDS


# Nouns of a proposition that a negated verb of showing denies as a whole, in the that-clause after them: "do not
# support the hypothesis that ... enhances well-being".
PROPOSITION_NOUNS = word_set({"hypothesis", "hypotheses", "claim", "idea", "notion", "assumption", "view",
                              "expectation", "prediction", "premise"})
# Words that end the that-clause of a denied proposition, as ConText's terminators end a scope.
PROPOSITION_ENDS = frozenset({";", "but", "however", "although", "though", "whereas", "while", "yet"})


def _in_denied_proposition(negation: Cue, cue: Cue, sentence: Sentence) -> bool:
    """True when a cue stands in the that-clause of a proposition a negated verb of showing denies ("results do not
    support the hypothesis that participation ... enhances well-being", "did not confirm that peer support reduces"):
    the scope is the whole that-clause, however long, up to a terminator."""
    tokens = sentence.tokens
    words = [k for k in range(negation.last + 1, min(cue.first, negation.last + 1 + NEGATION_REACH + 4))
             if tokens[k].word]
    if not words or tokens[words[0]].norm not in SHOWING_VERBS:
        return False
    that = next((k for k in words[1:] if tokens[k].norm == "that"), None)
    if that is None:
        return False
    if any(tokens[k].norm not in PROPOSITION_NOUNS | {"the", "a", "our", "this", "their"}
           for k in words[1:words.index(that)]):
        return False
    return not any(t.norm in PROPOSITION_ENDS for t in tokens[that + 1:cue.first])


def modal_before(cue: Cue, cues: list[Cue]) -> bool:
    """True when a modal hedge stands before a cue in its clause: "may be equivalent", "might not differ"."""
    return any(c.kind == MODAL_HEDGE and c.last < cue.first for c in cues)


def terminated(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when a scope terminator stands between a cue and an outcome."""
    low, high = (cue.last, match.first) if cue.last < match.first else (match.last, cue.first)
    norms = [t.norm for t in sentence.tokens[low + 1:high] if t.norm]
    return any(tuple(norms[i:i + len(term)]) == term for term in SCOPE_TERMINATORS for i in range(len(norms)))


def reaches_forward_only(cue: Cue, sentence: Sentence) -> bool:
    """A cue that opens with a negator reaches forward only ("no significant changes were observed in X"),
    unless it speaks of the groups as a whole: "hope improved, with no significant difference between groups". So
    does a word of mixing before a noun of opinion: in "engagement was low and the group received mixed feedback" the
    opinions were mixed, not the evidence on engagement."""
    if cue.kind == MIXED and any(t.norm in OPINION_NOUNS
                                 for t in sentence.tokens[cue.last + 1:cue.last + 1 + OPINION_REACH]):
        return True
    after = [t.norm for t in sentence.tokens[cue.last + 1:cue.last + 3]]
    # "without a significant between-group effect": the groups named inside the null's own noun phrase
    head = [t.norm for t in sentence.tokens[cue.last + 1:cue.last + 1 + NULL_PHRASE_REACH] if t.word]
    between_groups = cue.first == cue.last and any(w.startswith("between") for w in head)
    return sentence.tokens[cue.first].norm in FORWARD_OPENERS and not set(after) & GROUPS_WORDS \
        and not _predicate(cue, sentence) and not between_groups


def _predicate(cue: Cue, sentence: Sentence) -> bool:
    """True when a cue is said of the clause's subject through a verb of being: "Effects on quality of life were
    small and non-significant", "Hope was not significantly different"."""
    before = [t.norm for t in sentence.tokens[max(0, cue.first - PREDICATE_REACH):cue.first] if t.word]
    return any(w in COPULAS or w in PREDICATE_VERBS for w in before)


def own_change_before(cue: Cue, match: Match, cues: list[Cue], sentence: Sentence) -> bool:
    """True when an outcome has its own change right before it and a null comes after it across a coordinator: in
    "reduced self-stigma and did not change self-esteem" the null is said of self-esteem only. A null said of the
    groups ("with no difference between groups") still reaches back. So, the other way round, a null before a
    coordinator does not reach an outcome with its own change after it: "had unchanged HbA1c and improved quality of
    life"."""
    if cue.last < match.first:
        # a null only: a summary called mixed or uneven governs the clauses after it ("results were uneven, although
        # gains in hope were reported")
        return cue.kind == NO_DIFFERENCE and any(
            t.norm in ("and", ",") for t in sentence.tokens[cue.last + 1:match.first]) and any(
            c.kind in POLAR and not negated(c, cues, sentence) and cue.last < c.first
            and 0 < match.first - c.last <= OWN_CHANGE_REACH
            and all(t.norm in OWN_CHANGE_LINKS for t in sentence.tokens[c.last + 1:match.first] if t.word)
            and any(t.norm in ("and", ",") for t in sentence.tokens[cue.last + 1:c.first]) for c in cues)
    if cue.first <= match.last or not any(t.norm in ("and", ",") for t in sentence.tokens[match.last + 1:cue.first]):
        return False
    phrase = [t.norm for t in sentence.tokens[cue.last + 1:cue.last + 1 + NULL_PHRASE_REACH] if t.word]
    if set(phrase[:2]) & GROUPS_WORDS or any(w.startswith("between") for w in phrase):
        return False  # "with no difference between groups", "without a significant between-group effect"
    if {t.norm for t in sentence.tokens[match.last + 1:cue.first]} & ANAPHORS:
        return False  # "..., and the difference was not significant" speaks of the change before
    return any(c.kind in POLAR and not negated(c, cues, sentence) and (
        0 < match.first - c.last <= OWN_CHANGE_REACH
        or (match.last < c.first < cue.first and says_of(c, match, sentence))) for c in cues)


def says_of(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when a cue right after an outcome is its predicate: "self-esteem increased", "hope was higher"."""
    between = [t.norm for t in sentence.tokens[match.last + 1:cue.first] if t.norm]
    return len(between) <= PREDICATE_REACH and all(w in COPULAS or w in AUXILIARIES or w in PREDICATE_FILLERS
                                                   or w.endswith("ly") for w in between)


def details_follow(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when a colon stands between a summary cue and an outcome after it: "Results were mixed: hope improved
    but loneliness did not" gives each outcome its own result."""
    return cue.kind == MIXED and cue.last < match.first and any(
        t.norm == ":" for t in sentence.tokens[cue.last + 1:match.first])


def details_with(cue: Cue, match: Match, cues: list[Cue], sentence: Sentence) -> bool:
    """True when a summary of mixed results is followed by ", with" and details that give an outcome a change of its
    own: in "Findings were mixed, with evidence supporting the services for improving engagement, and limited support
    for reduced hospitalisations" engagement improved, while hospitalisations, given only limited support, keep the
    summary's mix."""
    if cue.kind != MIXED or cue.last >= match.first:
        return False
    tokens = sentence.tokens
    opening = next((k for k in range(cue.last + 1, match.first)
                    if tokens[k].norm == "with" and tokens[k - 1].norm == ","), None)
    if opening is None:
        return False
    details = [c for c in cues if opening < c.first < match.first]
    return any(c.kind in POLAR for c in details) and not any(c.kind in (NO_DIFFERENCE, MIXED, UNCERTAIN)
                                                             for c in details)


def links_outcomes(cue: Cue, outcomes: list[Match], sentence: Sentence | None = None) -> bool:
    """A neutral cue between two outcomes ("burnout impacts job satisfaction") relates them to each other, as
    does a barrier or facilitator between them ("stigma was a major barrier to help-seeking")."""
    relating = cue.kind == NEUTRAL or (sentence is not None and any(
        t.norm in RELATING_NOUNS for t in sentence.tokens[cue.first:cue.last + 1]))
    return relating and any(m.last < cue.first for m in outcomes) and any(m.first > cue.last for m in outcomes)


def excepted(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when an outcome is excepted from the change before it: "all outcomes except", "apart from"."""
    norms = [t.norm for t in sentence.tokens[cue.last + 1:match.first] if t.word]
    return any(tuple(norms[i:i + len(e)]) == e for e in EXCEPTIONS for i in range(len(norms)))


def nearness(cue: Cue, match: Match, sentence: Sentence | None = None) -> tuple[int, int]:
    """A key that sorts the cue nearest an outcome first: one in the outcome's own words, then by token distance,
    a cue before the outcome winning a tie; a cue after a coordinator counts COORDINATED_AFTER tokens farther."""
    if cue.first >= match.first and cue.last <= match.last:
        return -1, 0  # the outcome's own words judge it: "underpaid", "lack of role clarity"
    if cue.last < match.first:
        return match.first - cue.last, 0
    if sentence is not None and any(t.norm in ("and", ",", "or") for t in sentence.tokens[match.last + 1:cue.first]):
        # a change after a coordinator opens the next conjunct: in "reduced stress and depression, and increased
        # well-being", "increased" is not said of depression
        return COORDINATED_AFTER + cue.first - match.last, 1
    return cue.first - match.last, 1


def token_gap(cue: Cue, match: Match) -> int:
    """How many tokens apart a cue and an outcome stand; 0 when they overlap."""
    if cue.last < match.first:
        return match.first - cue.last
    if cue.first > match.last:
        return cue.first - match.last
    return 0
