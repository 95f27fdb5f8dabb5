"""Outcome mentions: which outcomes a result sentence names can carry a result of their own.

An outcome named only as the topic of another outcome or of a belief ("stigma about substance use", "knowledge
about depression"), as a goal ("designed to reduce readmissions", :mod:`kg.extract.assertions`), as an
organisation's ("team functioning") or as the predictor of another outcome ("levels of hope among peer workers
were associated with improvements in empowerment") takes no finding from that sentence.
"""

from __future__ import annotations

from kg.extract.assertions import goal_of_an_attempt
from kg.extract.matcher import Match
from kg.extract.text import Sentence

# Words that make what follows them the topic of the noun before: "stigma about", "attitudes toward", "confidence
# in managing", "coping with"; the nouns of belief and knowledge that take a topic; the words skipped between, and
# how many words may stand between.
TOPIC_LINKS = frozenset({"about", "toward", "towards", "regarding", "concerning", "related to", "surrounding",
                         "in managing", "with managing", "for managing", "in dealing with", "with", "around", "to",
                         "into"})
TOPIC_HEADS = frozenset({"knowledge", "belief", "understanding", "awareness", "shame", "fear", "worry", "conversation",
                         "information", "talk", "coping", "literacy"})
TOPIC_FILLERS = frozenset({"the", "their", "his", "her", "its", "one", "own", "a", "an", "people", "others"})
TOPIC_REACH = 4
# Words that make the outcome after them an organisation's: "organizational functioning", "team functioning".
ORGANISATION_WORDS = frozenset({"organisational", "organizational", "institutional", "team", "system", "systems",
                                "service-level", "workplace", "ward", "unit"})
# Verbs that make the outcomes named before them predictors of those named after: "X was associated with Y"; the
# words that end a predictor's reach.
PREDICTING = frozenset({"associated", "predicted", "predicts", "predict", "correlated", "linked"})
PREDICTOR_ENDS = frozenset({";", "whereas", "while", "but"})


def reported_outcomes(outcomes: list[Match], sentence: Sentence) -> list[Match]:
    """The outcome mentions of a result sentence whose results it may state: none that is only the topic of another,
    a goal, an organisation's or the predictor of another outcome."""
    kept = [m for m in outcomes if not _topic_of_another(m, outcomes, sentence)
            and not goal_of_an_attempt(m, sentence) and not _of_an_organisation(m, sentence)]
    return _without_predictors(kept, sentence)


def _topic_of_another(match: Match, outcomes: list[Match], sentence: Sentence) -> bool:
    """True when an outcome is only the topic of another outcome or of a belief or knowledge: "stigma about
    substance use", "knowledge about depression", "confidence in managing anxiety", "coping with stigma"."""
    k = match.first - 1
    between: list[str] = []
    while k >= 0 and len(between) <= TOPIC_REACH:
        token = sentence.tokens[k]
        if any(o.last == k for o in outcomes if o is not match) or token.norm in TOPIC_HEADS:
            words = [w for w in reversed(between) if w not in TOPIC_FILLERS]
            return bool(words) and " ".join(words) in TOPIC_LINKS
        if token.word:
            between.append(token.norm)
        elif token.norm:
            return False
        k -= 1
    return False


def _of_an_organisation(match: Match, sentence: Sentence) -> bool:
    """True when the word before an outcome makes it an organisation's, not people's: "organisational
    functioning", "team functioning", "institutional stigma"."""
    before = next((t.norm for t in reversed(sentence.tokens[:match.first]) if t.word), "")
    return before in ORGANISATION_WORDS


def _without_predictors(outcomes: list[Match], sentence: Sentence) -> list[Match]:
    """The outcomes of a sentence without those named as the predictors of another: in "levels of hope among
    peer workers were associated with improvements in empowerment among service users", hope predicts."""
    verbs = [i for i, t in enumerate(sentence.tokens)
             if t.norm in PREDICTING and (t.norm != "associated" or _next_word(sentence, i) == "with")]
    if not verbs:
        return outcomes
    verb = verbs[0]
    before = [m for m in outcomes if m.last < verb
              and not any(t.norm in PREDICTOR_ENDS for t in sentence.tokens[m.last + 1:verb])]
    if before and any(m.first > verb for m in outcomes):
        return [m for m in outcomes if m not in before]
    return outcomes


def _next_word(sentence: Sentence, i: int) -> str:
    """The word right after token i; "" at the end of the sentence."""
    return next((t.norm for t in sentence.tokens[i + 1:] if t.word), "")
