"""Scope: which cue words of a clause speak of which outcome mention it names, decided per mention.

As ConText decides the scope of its modifiers (negation, terminators, forward-only triggers):
- a negation reaches a few words ahead ("did not significantly improve") or, through a verb of showing, the
  object after it ("did not show a reduction in"); a parenthesis ends its reach;
- a no-difference or mixed cue reaches every outcome of its clause it is not cut off from by a terminator ("as
  well as", "except"); one that opens with "no" reaches forward only ("no significant changes were observed in X"),
  unless it speaks of the groups as a whole ("hope improved, with no significant difference between groups",
  "without a significant between-group effect"), which reaches back to the outcomes before it;
- a null after a coordinator does not reach back to an outcome with its own change ("reduced self-stigma and did
  not change self-esteem"), and a change said of one outcome as its predicate is not said of the next ("self-esteem
  increased and hope was unchanged");
- a cue word that belongs to an outcome's own words speaks for that outcome only, and so does a statistic in an
  outcome's own parenthesis;
- a rise or fall before an outcome in the complement of another noun or verb is said of that head ("increased
  awareness of symptom triggers", "more hope for recovery"), unless the head only measures the outcome ("lower levels
  of depression");
- a neutral cue or a barrier between two outcomes relates them to each other ("burnout impacts job satisfaction"),
  which is no finding about peer support;
- in a list of themes only a cue beside an outcome, or one that governs, heads or names the list, says which way
  it went; otherwise the nearest cue decides (:func:`nearness`).
"""

from __future__ import annotations

from rdflib import URIRef

from kg.extract.clauses import AUXILIARIES, LIST_OPENERS
from kg.extract.cues import (
    DECREASE,
    INCREASE,
    MIXED,
    MODAL_HEDGE,
    NEGATION,
    NEUTRAL,
    NO_DIFFERENCE,
    POLAR,
    UNCERTAIN,
    Cue,
)
from kg.extract.lexicon import Lexicon
from kg.extract.matches import Match
from kg.extract.text import Sentence, normalize_phrase

# How many tokens before a cue a negation reaches: "did not significantly improve".
NEGATION_REACH = 3
# Verbs of showing or bringing about whose negation negates what their object says: "did not show a
# reduction", "failed to demonstrate improvements", "do not support the effectiveness of", "did not lead to".
SHOWING_VERBS = frozenset({"show", "showed", "shown", "find", "found", "support", "supported", "demonstrate",
                           "demonstrated", "confirm", "confirmed", "detect", "detected", "observe", "observed",
                           "produce", "produced", "yield", "yielded", "lead", "led", "result", "resulted", "provide",
                           "provided", "translate", "translated", "achieve", "achieved", "indicate", "indicated",
                           "suggest", "suggested"})
# How far after such a negation its object's cue may stand.
NEGATED_OBJECT_REACH = 12
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
OPINION_NOUNS = frozenset({"feedback", "view", "views", "opinion", "opinions", "feeling", "feelings", "reaction",
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
PREDICATE_VERBS = frozenset({"showed", "shows", "had", "has", "demonstrated", "revealed", "yielded", "displayed",
                             "exhibited"})
# How near before an outcome its own change stands: "reduced self-stigma".
OWN_CHANGE_REACH = 2
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
# Nouns of a kind of place or people that a level and an outcome before them can classify: "high stigma communities".
KIND_NOUNS = frozenset({"site", "setting", "country", "area", "community", "neighbourhood", "neighborhood", "region",
                        "school", "population", "household", "service", "team", "group", "organisation",
                        "organization"})
HYPHENS = frozenset({"-", "\u2010", "\u2011"})
LEVELS = frozenset({"high", "low"})
# Words that link an outcome to the measure named after it: "as per the GAD-7", "as measured by the HHI".
MEASURE_LINKS = frozenset({("as", "per"), ("per",), ("according", "to"), ("measured", "by"), ("as", "measured", "by"),
                           ("measured", "with"), ("assessed", "by"), ("assessed", "with"), ("as", "assessed", "by"),
                           ("using",), ("on",)})
# Words of degree that give a list item a level of its own: "moderate anxiety".
DEGREE_WORDS = frozenset({"moderate", "mild", "severe", "minimal", "considerable", "substantial", "clinical",
                          "subclinical", "borderline"})
# Words that end an outcome's own phrase, so that an outcome after them can be an object of its own.
OBJECT_BREAKS = frozenset({"and", "or", ",", ";", ":", "(", ")", "as", "nor", "but", "while", "whereas", "than",
                           "versus", "vs", "vs.", "compared", "including", "such", "well"})
# Words that open a phrase of time or circumstance after an outcome: "following engagement", "among people with".
ADJUNCT_OPENERS = frozenset({"following", "after", "before", "during", "since", "until", "among", "amongst", "upon",
                             "throughout", "prior"})
# How near a cue must stand to an outcome in a list of themes: "(5) Overall high acceptability".
THEME_REACH = 2
# Verbs of having and nouns of effect by which an outcome that is the subject acts on an object ("the training had no
# impact on stigma"), the determiners that open a verb's object ("increased the value"), and how many words the
# effect noun may stand after the verb.
HAVING = frozenset({"had", "has", "have"})
EFFECT_NOUNS = frozenset({"impact", "impacts", "effect", "effects", "influence"})
OBJECT_DETERMINERS = frozenset({"the", "a", "an", "their", "its", "his", "her", "our", "participants"})
AGENT_REACH = 4
# Words of a study to come, the nouns of studies they qualify, how many words before the outcome words they may stand
# and what ends that reach: "a larger trial is feasible", "feasibility of a definitive RCT".
LATER_STUDY = frozenset({"larger", "definitive", "full", "full-scale", "future", "subsequent", "confirmatory",
                         "powered", "multisite", "main"})
STUDY_WORDS = frozenset({"trial", "trials", "rct", "rcts", "study", "studies", "evaluation"})
RESEARCH_REACH = 8
RESEARCH_ENDS = frozenset({",", ";", ":", "but", "while", "whereas", "and"})
# Prepositions that open a noun's complement, the nouns of measure or amount through which a change reaches the
# outcome in their complement ("levels of depression", "a sense of hope", "days of hospitalisation"), and how many
# words may stand between the preposition and the outcome ("of their own").
COMPLEMENT_LINKS = frozenset({"of", "about", "regarding", "towards", "toward"})
TRANSPARENT_HEADS = frozenset({
    "level", "levels", "score", "scores", "rate", "rates", "severity", "symptom", "symptoms", "number", "numbers",
    "frequency", "risk", "risks", "likelihood", "odds", "prevalence", "incidence", "amount", "degree", "extent",
    "intensity", "sense", "feeling", "feelings", "sign", "signs", "day", "days", "episode", "episodes", "duration",
    "use", "quality", "measure", "measures", "burden", "proportion", "percentage", "share", "scale", "subscale",
    "domain", "domains", "outcome", "outcomes", "experience", "experiences", "reports", "total", "mean", "index",
    "cases", "period", "periods", "length", "costs", "cost", "perception", "perceptions", "state", "status",
    "problems", "difficulties", "onset", "history", "lack", "absence", "presence", "area", "areas", "aspect",
    "aspects", "dimension", "dimensions", "component", "components", "terms", "hours", "weeks", "months", "years",
    "strength"})
COMPLEMENT_REACH = 3
# Prepositions by which an outcome is the complement of another outcome before it: "hope for recovery".
COMPLEMENT_OPENERS = frozenset({"for", "of", "about", "regarding", "towards", "toward"})
# Prepositions that open a verb's complement after its -ing form ("dealing with", "caring for"), the shortest -ing
# form counted a verb, and -ing words that are nouns or prepositions, not verbs, or verbs of having, through which a
# change reaches what is had ("increases in having a social support system").
VERB_LINKS = frozenset({"with", "for"})
GERUND_MIN = 5
NOT_GERUNDS = frozenset({"during", "following", "regarding", "including", "concerning", "something", "nothing",
                         "anything", "everything", "evening", "morning", "setting", "settings", "meeting", "wellbeing",
                         "being", "training", "housing", "funding", "building", "having", "getting"})
# Words that open a later conjunct, and the words after a change word by which it goes on as a predicate ("and improved
# over time") rather than modify the noun after it ("and improved motivation").
CONJUNCT_OPENERS = frozenset({"and", "or", ","})
PREDICATE_GOES_ON = frozenset({"over", "in", "at", "by", "from", "to", "after", "during", "between", "among", "for",
                               "with", "across", "since", "until", "when", "while", "as", "than", "and", "or", "but",
                               "further", "more", "less", "most", "least", "both", "again", "too", "only", "somewhat",
                               "the", "their", "its", "his", "her", "our", "this", "these", "those", "it", "them",
                               "that", "which", "if", "not"})
# How many tokens after a cue a list of examples may open for the cue to head it: "benefits such as".
LIST_HEAD_REACH = 4
# Words that hold a list of outcomes together: "the recovery and well-being of".
LIST_GLUE = frozenset({"and", "or", ",", "the", "their", "its", "of", ""})


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
        if cue.first - c.last <= NEGATION_REACH:
            return True
        if sentence is not None and sentence.tokens[c.first].norm in ("neither", "nor"):
            return True  # "neither loneliness nor self-esteem differed": the coordinated subjects, then the verb
        if sentence is not None and cue.first - c.last <= NEGATED_OBJECT_REACH and any(
                t.norm in SHOWING_VERBS for t in sentence.tokens[c.last + 1:c.last + 1 + NEGATION_REACH]):
            return True
    return False


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
    groups ("with no difference between groups") still reaches back."""
    if cue.first <= match.last or not any(t.norm in ("and", ",") for t in sentence.tokens[match.last + 1:cue.first]):
        return False
    phrase = [t.norm for t in sentence.tokens[cue.last + 1:cue.last + 1 + NULL_PHRASE_REACH] if t.word]
    if set(phrase[:2]) & GROUPS_WORDS or any(w.startswith("between") for w in phrase):
        return False  # "with no difference between groups", "without a significant between-group effect"
    if {t.norm for t in sentence.tokens[match.last + 1:cue.first]} & ANAPHORS:
        return False  # "..., and the difference was not significant" speaks of the change before
    return any(c.kind in POLAR and not negated(c, cues, sentence) and (
        0 < match.first - c.last <= OWN_CHANGE_REACH
        or (match.last < c.first < cue.first and _says_of(c, match, sentence))) for c in cues)


def _says_of(cue: Cue, match: Match, sentence: Sentence) -> bool:
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


def cues_in_scope(match: Match, cues: list[Cue], clause_outcomes: list[Match], sentence_outcomes: list[Match],
                  sentence: Sentence, lex: Lexicon, *, themes: bool) -> list[Cue]:
    """The cues of a clause that may speak of one outcome mention: none inside another outcome's words, in another
    outcome's parenthesis or said of another outcome as its predicate; in a list of themes only a cue beside the
    outcome, one that governs the list it stands in, heads that list or names its items. The measure named after its
    outcome ("moderate anxiety as per the GAD-7") says nothing of its own: the outcome before it decides."""
    if _measure_of_previous(match, sentence_outcomes, sentence):
        return []
    return [c for c in cues if (not themes or token_gap(c, match) <= THEME_REACH
                                or _through_list(c, match, clause_outcomes, sentence)
                                or (c.last < match.first and _heads_list(c, sentence))
                                or (c.first > match.last and _names_list(c, sentence)))
            and not _inside_other(c, match, sentence_outcomes, sentence, lex)
            and _glossed_outcome(c, clause_outcomes, sentence) in (None, match.concept)
            and not _predicate_of_another(c, match, clause_outcomes, sentence)
            and not _object_of_another(c, match, clause_outcomes, sentence)
            and not _complement_of_another(c, match, cues, clause_outcomes, sentence)
            and not _modifies_next_conjunct(c, match, sentence)
            and not _own_degree_in_list(c, match, sentence)]


def _complement_of_another(cue: Cue, match: Match, cues: list[Cue], outcomes: list[Match], sentence: Sentence) -> bool:
    """True when an outcome stands in the complement of another noun between it and a change before it, so the
    change is that noun's: in "increases in awareness of their own symptom triggers" the awareness grew, not the
    symptoms, and in "a plan for dealing with stress" nothing is said of stress. A noun of measure or amount lets the
    change through ("lower levels of depression", "fewer days of hospitalisation"), as does a cue word ("greater
    improvement of mood") or another outcome. Only a rise or a fall is so held to its noun: a judgement ("improves the
    culture of disclosure") speaks well or ill of what the noun concerns too."""
    tokens = sentence.tokens
    if cue.last >= match.first or cue.kind not in (INCREASE, DECREASE) or tokens[cue.last].norm == "likely":
        return False  # "more likely to keep appointments for care": the likelihood is of the whole event after it
    taken = [(c.first, c.last) for c in cues] + [(m.first, m.last) for m in outcomes]
    start = match.first
    while True:
        link = start - 1
        while link > cue.last and tokens[link].word and start - link <= COMPLEMENT_REACH:
            norm = tokens[link].norm
            if norm in COMPLEMENT_LINKS or (norm in VERB_LINKS and _gerund(link - 1, sentence)):
                break
            if _gerund(link, sentence) and not any(a <= link <= b for a, b in taken):
                return True  # "increases in managing symptoms": the verb's object, the managing increased
            link -= 1
        head = link - 1
        linked = tokens[link].norm in COMPLEMENT_LINKS or tokens[link].norm in VERB_LINKS
        if head <= cue.last or not linked or not tokens[head].word or any(a <= head <= b for a, b in taken):
            return False
        if tokens[head].norm not in TRANSPARENT_HEADS:
            return True
        start = head  # "awareness of early signs of depression": the signs may stand in a complement themselves


def _modifies_next_conjunct(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when a change word opens a later conjunct right before the noun it modifies, so it says nothing of the
    outcomes before it: in "seeking social support and improved motivation" the motivation improved. A change word
    that goes on as a predicate ("and improved over time", "and decreased significantly") still speaks of them."""
    tokens = sentence.tokens
    if cue.first <= match.last or cue.kind not in POLAR or cue.first == 0 or cue.last + 1 >= len(tokens):
        return False
    before, after = tokens[cue.first - 1].norm, tokens[cue.last + 1]
    return before in CONJUNCT_OPENERS and after.word and after.norm not in PREDICATE_GOES_ON \
        and not after.norm.endswith("ly")


def _gerund(at: int, sentence: Sentence) -> bool:
    """True when the token at a position is a verb's -ing form: "dealing", "managing"."""
    norm = sentence.tokens[at].norm if at >= 0 else ""
    return norm.endswith("ing") and len(norm) > GERUND_MIN and norm not in NOT_GERUNDS


def _measure_of_previous(match: Match, outcomes: list[Match], sentence: Sentence) -> bool:
    """True when an outcome mention names the measure of the same outcome just before it: "anxiety as per the
    GAD-7", "depression according to the PHQ-9", "hope as measured by the HHI"."""
    for other in outcomes:
        if other is match or other.concept != match.concept or other.last >= match.first:
            continue
        between = tuple(t.norm for t in sentence.tokens[other.last + 1:match.first] if t.word and t.norm != "the")
        if between in MEASURE_LINKS:
            return True
    return False


def _own_degree_in_list(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when an outcome is a later item of a list that carries a degree of its own, so the cue before the first
    item does not reach it: in "a low ORS score, moderate anxiety and moderate depression" the low is the score's."""
    if cue.last >= match.first or match.first == 0 or sentence.tokens[match.first - 1].norm not in DEGREE_WORDS:
        return False
    return any(t.norm in (",", ";") for t in sentence.tokens[cue.last + 1:match.first - 1])


def agent_of_a_change(match: Match, cues: list[Cue], sentence: Sentence) -> bool:
    """True when an outcome is the subject of a verb that changes something else, so it is the cause and not what
    changed: "The training had no impact on stigma", "the training increased the value organisations gave to peer
    work". The change is said of the verb's object; an outcome that changes itself ("hope increased") takes no object.
    """
    after = [t.norm for t in sentence.tokens[match.last + 1:match.last + 1 + AGENT_REACH + 2] if t.word]
    if after[:1] and after[0] in HAVING and any(
            w in EFFECT_NOUNS and after[k + 1:k + 2] == ["on"] for k, w in enumerate(after[1:AGENT_REACH], 1)):
        return True  # "had no impact on", "has a positive effect on"
    verb = next((c for c in cues if c.first == match.last + 1 and c.first == c.last
                 and c.kind in (*POLAR, NEUTRAL)), None)
    if verb is None:
        return False
    word = sentence.tokens[verb.first].norm
    if word.startswith("favo"):
        return False  # "effects on hope favoured the peer arm": the arm favoured is no object the outcome changed
    return (word.endswith(("ed", "es")) and after[1:2] != [] and after[1] in OBJECT_DETERMINERS
            and after[2:3] != ["most"])


def research_to_come(match: Match, sentence: Sentence) -> bool:
    """True when an outcome word judges a study to come, not peer support: "suggests that a larger trial is feasible",
    "the feasibility of a definitive trial". What a pilot says of the next study is an implication for research."""
    before = sentence.words_before(match.first, RESEARCH_ENDS, RESEARCH_REACH)
    before.reverse()  # the study to come as the subject: "a larger trial (of peer mentoring) is feasible"
    after = [t.norm for t in sentence.tokens[match.last + 1:match.last + 5] if t.word]
    if after[:1] == ["of"] and after[1:2] in (["a"], ["the"], ["an"]):
        after = after[2:]  # the study to come as the object: "the feasibility of a definitive trial"
    elif after[:1] == ["of"]:
        after = after[1:]
    else:
        after = []
    return any(w in LATER_STUDY and words[k + 1:k + 2] != [] and words[k + 1] in STUDY_WORDS
               for words in (before, after[:2]) for k, w in enumerate(words))


def names_a_kind(match: Match, sentence: Sentence) -> bool:
    """True when a level adjective and the outcome right after it together name a kind of place or people, not a
    result: "in low engagement-low fidelity sites", "high stigma communities"."""
    before = sentence.tokens[match.first - 1:match.first] if match.first > 0 else ()
    after = sentence.tokens[match.last + 1:match.last + 3]
    if not before or before[0].norm not in LEVELS or not after:
        return False
    # a typology of levels joined by a hyphen ("low engagement-low fidelity") or a noun of kind after the outcome
    return after[0].norm in KIND_NOUNS or (after[0].text in HYPHENS and after[1:2] != ()
                                           and after[1].norm in LEVELS)


def _object_of_another(cue: Cue, match: Match, outcomes: list[Match], sentence: Sentence) -> bool:
    """True when a change before an outcome has another outcome as its object and this one only says when, where or
    among whom, in a phrase of time or circumstance after that object with no coordinator between them: in "a
    reduction in hospital bed days following engagement with the programme" the reduction is of the bed days, and
    engagement only dates it; in "more hope for recovery" recovery is what the hope is for; in "reduced hospital days
    and improved engagement" or "reduced hospital days, stigma and isolation" each item is an object of its own. No
    change before the object then reaches the outcome."""
    if cue.last >= match.first:
        return False
    for other in outcomes:
        if other.concept == match.concept or not (cue.last < other.first and other.last < match.first):
            continue
        between = [t.norm for t in sentence.tokens[other.last + 1:match.first] if t.norm]
        if between and between[0] in ADJUNCT_OPENERS and not set(between) & OBJECT_BREAKS:
            return True
        if between and between[0] in COMPLEMENT_OPENERS and len(between) <= COMPLEMENT_REACH \
                and not set(between) & OBJECT_BREAKS:
            return True  # "increases in hopefulness for their own recovery": the hope grew, recovery is its object
    return False


def _predicate_of_another(cue: Cue, match: Match, outcomes: list[Match], sentence: Sentence) -> bool:
    """True when a cue before an outcome is the predicate of another outcome just before the cue: in "self-esteem
    increased and hope was unchanged", "increased" is said of self-esteem, not of hope."""
    if cue.last >= match.first:
        return False
    before = [t.norm for t in sentence.tokens[cue.last + 1:match.first] if t.word][-2:]
    if before in (["as", "did"], ["so", "did"], ["as", "was"], ["as", "were"], ["as", "had"]):
        return False  # "quality of life improved, as did social functioning": the same change, said again
    for other in outcomes:
        if other is match or other.concept == match.concept or other.last >= cue.first:
            continue
        if _says_of(cue, other, sentence):
            return True
    return False


def _inside_other(cue: Cue, match: Match, outcomes: list[Match], sentence: Sentence, lex: Lexicon) -> bool:
    """True when a cue word belongs to the words of an outcome and so says nothing about this one: the
    "help" of "help-seeking" (part of its name), or the "lack of" of "lack of role clarity" for any other outcome."""
    for other in outcomes:
        if other.first <= cue.first and cue.last <= other.last:
            if other is not match:
                return True
            words = {t.norm for t in sentence.tokens[cue.first:cue.last + 1] if t.norm}
            return words <= set(normalize_phrase(lex.labels.get(other.concept, "")))
    return False


def _glossed_outcome(cue: Cue, outcomes: list[Match], sentence: Sentence) -> URIRef | None:
    """The outcome whose parenthesis holds a cue ("loneliness (p = .003) and hope (p = .41)"): the statistics in
    it speak of that outcome only. None when the cue stands in no parenthesis right after an outcome."""
    depth = 0
    for k in range(cue.first - 1, -1, -1):
        norm = sentence.tokens[k].norm
        if norm == ")":
            depth += 1
        elif norm == "(":
            if depth == 0:
                return next((m.concept for m in outcomes if m.last == k - 1), None)
            depth -= 1
    return None


def _heads_list(cue: Cue, sentence: Sentence) -> bool:
    """True when a list of examples opens within a few tokens after a cue: "benefits such as", "benefits: "."""
    return any(t.norm in LIST_OPENERS for t in sentence.tokens[cue.last + 1:cue.last + 1 + LIST_HEAD_REACH])


def _through_list(cue: Cue, match: Match, outcomes: list[Match], sentence: Sentence) -> bool:
    """True when only other outcomes, "and", "or", commas and articles stand between a cue and an outcome:
    "impacted the recovery and well-being", where the cue governs the whole list."""
    if cue.last >= match.first:
        return False
    inside = {i for m in outcomes for i in range(m.first, m.last + 1)}
    return all(i in inside or sentence.tokens[i].norm in LIST_GLUE for i in range(cue.last + 1, match.first))


def _names_list(cue: Cue, sentence: Sentence) -> bool:
    """True when a cue names what the items before it are: "identified X, Y and Z as (key) challenges"."""
    before = [t.norm for t in sentence.tokens[max(0, cue.first - 3):cue.first] if t.word]
    return "as" in before
