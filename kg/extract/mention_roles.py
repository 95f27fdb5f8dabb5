"""Mention roles: outcome mentions that name no result of peer support, whatever cue stands beside them.

- the cause of a change rather than what changed ("the training had no impact on stigma");
- what a pilot says of a study to come ("a larger trial is feasible");
- a level and an outcome that together name a kind of place or people ("high stigma communities").
"""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.cues import NEUTRAL, POLAR, Cue
from kg.extract.matches import Match
from kg.extract.text import HYPHENS, Sentence, word_set

# Nouns of a kind of place or people that a level and an outcome before them can classify: "high stigma communities".
KIND_NOUNS = frozenset({"site", "setting", "country", "area", "community", "neighbourhood", "neighborhood", "region",
                        "school", "population", "household", "service", "team", "group", "organisation",
                        "organization"})
LEVELS = frozenset({"high", "low"})
# Verbs of having and nouns of effect by which an outcome that is the subject acts on an object ("the training had no
# impact on stigma"), the determiners that open a verb's object ("increased the value"), and how many words the
# effect noun may stand after the verb.
HAVING = frozenset({"had", "has", "have"})
EFFECT_NOUNS = frozenset({"impact", "impacts", "effect", "effects", "influence"})
OBJECT_DETERMINERS = word_set({"the", "a", "an", "their", "its", "his", "her", "our", "participants"})
AGENT_REACH = 4
# Words of a study to come, the nouns of studies they qualify, how many words before the outcome words they may stand
# and what ends that reach: "a larger trial is feasible", "feasibility of a definitive RCT".
LATER_STUDY = frozenset({"larger", "definitive", "full", "full-scale", "future", "subsequent", "confirmatory",
                         "powered", "multisite", "main"})
STUDY_WORDS = frozenset({"trial", "trials", "rct", "rcts", "study", "studies", "evaluation"})
RESEARCH_REACH = 8
RESEARCH_ENDS = frozenset({",", ";", ":", "but", "while", "whereas", "and"})


def agent_of_a_change(match: Match, cues: list[Cue], sentence: Sentence, outcomes: Sequence[Match] = ()) -> bool:
    """True when an outcome is the subject of a verb that changes something else, so it is the cause and not what
    changed: "The training had no impact on stigma", "the training increased the value organisations gave to peer
    work", "self-management improved well-being" (another of the sentence's ``outcomes`` is the object). The change
    is said of the verb's object; an outcome that changes itself ("hope increased") takes no object.
    """
    after = [t.norm for t in sentence.tokens[match.last + 1:match.last + 1 + AGENT_REACH + 2] if t.word]
    if after[:1] and after[0] in HAVING and any(
            w in EFFECT_NOUNS and after[k + 1:k + 2] == ["on"] for k, w in enumerate(after[1:AGENT_REACH], 1)):
        return True  # "had no impact on", "has a positive effect on"
    verb = next((c for c in cues if c.first == c.last and c.kind in (*POLAR, NEUTRAL)
                 and (c.first == match.last + 1 or _qualifier_between(sentence, match.last + 1, c.first))), None)
    if verb is None:
        return False
    word = sentence.tokens[verb.first].norm
    if word.startswith("favo"):
        return False  # "effects on hope favoured the peer arm": the arm favoured is no object the outcome changed
    if not word.endswith(("ed", "es")):
        return False
    if verb.first == match.last + 1 and after[1:2] != [] and after[1] in OBJECT_DETERMINERS and after[2:3] != ["most"]:
        return True
    # the verb's object is another outcome, right after it: "self-management (for people with severe mental
    # disorders) improved well-being"; after a comma the next outcome opens a clause of its own ("While self-efficacy
    # improved, hope decreased")
    following = verb.last + 1
    return following < len(sentence.tokens) and sentence.tokens[following].word and any(
        m is not match and m.first == following for m in outcomes)


# Prepositions that open a phrase qualifying the subject before its verb ("self-management for people with severe
# mental disorders improved well-being"), and how many words the phrase may hold.
QUALIFIER_OPENERS = frozenset({"for", "among", "amongst", "in", "with", "by"})
QUALIFIER_REACH = 8


def _qualifier_between(sentence: Sentence, start: int, end: int) -> bool:
    """True when the tokens from start to before end are one prepositional phrase of words only, so the word at end
    is still the verb of the subject before start."""
    between = sentence.tokens[start:end]
    return (0 < len(between) <= QUALIFIER_REACH and between[0].norm in QUALIFIER_OPENERS
            and all(t.word or t.text == "-" for t in between))


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
