"""Attachment: which cue words of a clause may speak of which outcome mention it names, decided per mention.

- a cue word that belongs to an outcome's own words speaks for that outcome only, and so does a statistic in an
  outcome's own parenthesis;
- a change said of one outcome as its predicate is not said of the next ("self-esteem increased and hope was
  unchanged"), nor one whose object is another outcome ("a reduction in bed days following engagement");
- a rise or fall before an outcome in the complement of another noun or verb is said of that head ("increased
  awareness of symptom triggers", "more hope for recovery"), unless the head only measures the outcome ("lower levels
  of depression");
- in a list of themes only a cue beside an outcome, or one that governs, heads or names the list, says which way
  it went.

How far each cue reaches within its clause is decided in :mod:`kg.extract.scope`.
"""

from __future__ import annotations

from rdflib import URIRef

from kg.extract.clauses import LIST_OPENERS
from kg.extract.cues import DECREASE, INCREASE, POLAR, Cue
from kg.extract.lexicon import Lexicon
from kg.extract.matches import Match
from kg.extract.mention_roles import OBJECT_DETERMINERS
from kg.extract.scope import says_of, token_gap
from kg.extract.text import Sentence, normalize_phrase, word_set

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
# Prepositions that open a noun's complement, the nouns of measure or amount through which a change reaches the
# outcome in their complement ("levels of depression", "a sense of hope", "days of hospitalisation"), and how many
# words may stand between the preposition and the outcome ("of their own").
COMPLEMENT_LINKS = frozenset({"of", "about", "regarding", "towards", "toward"})
TRANSPARENT_HEADS = word_set({
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


# How far apart, in tokens, a cue and an outcome may stand for the cue to speak of it, and so how far around an outcome
# the other outcomes and cues are looked at. The farthest a cue stands from an outcome it speaks of in the annotated
# abstracts is 81 tokens, in a numbered list ("significant increases in: 1) ... 8) ... wellness"), and the readings of
# both sets are the same with the bound; without it a run-on "sentence" of many outcomes and cues ("hope improved
# and ..." repeated) costs time that grows with the cube of its length.
CUE_WINDOW = 100


def cues_in_scope(match: Match, cues: list[Cue], clause_outcomes: list[Match], sentence_outcomes: list[Match],
                  sentence: Sentence, lex: Lexicon, *, themes: bool) -> list[Cue]:
    """The cues of a clause that may speak of one outcome mention: none inside another outcome's words, in another
    outcome's parenthesis or said of another outcome as its predicate; in a list of themes only a cue beside the
    outcome, one that governs the list it stands in, heads that list or names its items. The measure named after its
    outcome ("moderate anxiety as per the GAD-7") says nothing of its own: the outcome before it decides. Only the cues
    within CUE_WINDOW tokens of the outcome, and the outcomes within twice that, are looked at."""
    low, high = match.first - 2 * CUE_WINDOW, match.last + 2 * CUE_WINDOW
    clause_outcomes = [m for m in clause_outcomes if low <= m.first <= high]
    sentence_outcomes = [m for m in sentence_outcomes if low <= m.first <= high]
    cues = [c for c in cues if token_gap(c, match) <= CUE_WINDOW]
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
        if tokens[head].norm not in TRANSPARENT_HEADS and tokens[head].text.casefold() not in TRANSPARENT_HEADS:
            return True  # (the word as written too: the normal form of "odds" is "odd")
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
    longest = max((len(link) for link in MEASURE_LINKS), default=0) + 1  # the words of a link, and an article
    for other in outcomes:
        if other is match or other.concept != match.concept or other.last >= match.first or (
                match.first - other.last > 2 * longest + 1):
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
        if not (cue.last < other.first and other.last < match.first) or other.concept == match.concept:
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
    between = sentence.tokens[cue.last + 1:match.first]
    before = [t.norm for t in between if t.word][-2:]
    if before in (["as", "did"], ["so", "did"], ["as", "was"], ["as", "were"], ["as", "had"]):
        return False  # "quality of life improved, as did social functioning": the same change, said again
    if (cue.first == cue.last and sentence.tokens[cue.last].norm.endswith(("ed", "es"))
            and all(t.word and t.norm in OBJECT_DETERMINERS for t in between)):
        return False  # "self-management improved well-being": the outcome right after the verb is its object
    for other in outcomes:
        if other is match or other.last >= cue.first or other.concept == match.concept:
            continue
        if says_of(cue, other, sentence):
            return True
    return False


def _inside_other(cue: Cue, match: Match, outcomes: list[Match], sentence: Sentence, lex: Lexicon) -> bool:
    """True when a cue word belongs to the words of an outcome and so says nothing about this one: the
    "help" of "help-seeking" (part of its name), the "no" of "no-show" (a label the scheme marks as naming the
    outcome's opposite, which turns its change as a whole), or the "lack of" of "lack of role clarity" for any other
    outcome."""
    for other in outcomes:
        if other.first <= cue.first and cue.last <= other.last:
            if other is not match:
                return True
            if tuple(t.norm for t in match.tokens(sentence) if t.norm) in lex.opposites.get(match.concept, ()):
                return True
            words = {t.norm for t in sentence.tokens[cue.first:cue.last + 1] if t.norm}
            return words <= set(normalize_phrase(lex.labels.get(other.concept, "")))
    return False


def _glossed_outcome(cue: Cue, outcomes: list[Match], sentence: Sentence) -> URIRef | None:
    """The outcome whose parenthesis holds a cue ("loneliness (p = .003) and hope (p = .41)"): the statistics in
    it speak of that outcome only. None when the cue stands in no parenthesis right after an outcome."""
    depth = 0
    for k in range(cue.first - 1, max(-1, cue.first - 1 - CUE_WINDOW), -1):
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
