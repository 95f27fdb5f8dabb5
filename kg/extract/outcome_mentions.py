"""Outcome mentions: which outcome words a sentence names are outcomes of the study, and which of those a result
sentence can give a result of their own.

- an outcome word that names whom a study is about ("youth with substance use challenges", "lived experience of
  service use") or an intervention ("a Healthy Lifestyle Intervention") is no outcome, and training is an outcome
  only beside the peers it trains;
- an outcome named as the orientation of a service ("recovery-oriented care", "a recovery-focused approach"), or
  mental health named as a burden of the background ("high rates of mental health difficulties"), is an outcome
  the study concerns, though no result is read of it;
- an outcome named only as the topic of another outcome or of a belief ("stigma about substance use", "knowledge
  about depression"), as a goal ("designed to reduce readmissions", :mod:`kg.extract.assertions`), as what a
  service is for ("services for mental health recovery"), as an organisation's ("team functioning") or as the
  predictor of another outcome ("levels of hope among peer workers were associated with improvements in
  empowerment") takes no finding from that sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise

from kg.extract.assertions import goal_of_an_attempt
from kg.extract.count_heads import COUNT_NOUNS, IRREGULAR_PLURALS, PERSON_NOUNS
from kg.extract.evaluations import CLINICAL, clinical_burden_spans
from kg.extract.lexicon import MEASURE_NOUNS, OUTCOME, ROLE, Lexicon, lexicon
from kg.extract.matches import Match, ends_a_role
from kg.extract.outcome_phrases import EFFECT_VERBS
from kg.extract.result_sentences import ADJUSTING, change_between
from kg.extract.text import Sentence, Token, word_set
from kg.namespaces import CONCEPT, PSK

# Words that make what follows them the topic of the noun before: "stigma about", "attitudes toward", "confidence
# in managing", "coping with"; the nouns of belief and knowledge that take a topic; the words skipped between, and
# how many words may stand between.
TOPIC_LINKS = frozenset({"about", "toward", "towards", "regarding", "concerning", "related to", "surrounding",
                         "in managing", "with managing", "for managing", "in dealing with", "with", "around", "to",
                         "into"})
TOPIC_HEADS = frozenset({"knowledge", "belief", "understanding", "awareness", "shame", "fear", "worry", "conversation",
                         "information", "talk", "coping", "literacy"})
TOPIC_FILLERS = word_set({"the", "their", "his", "her", "its", "one", "own", "a", "an", "people", "others"})
TOPIC_REACH = 4
# Words that make the outcome after them an organisation's: "organizational functioning", "team functioning".
ORGANISATION_WORDS = frozenset({"organisational", "organizational", "institutional", "team", "system", "systems",
                                "service-level", "workplace", "ward", "unit"})
# Verbs that make the outcomes named before them predictors of those named after: "X was associated with Y"; the
# words that end a predictor's reach.
PREDICTING = frozenset({"associated", "predicted", "predicts", "predict", "correlated", "linked"})
PREDICTOR_ENDS = frozenset({";", "whereas", "while", "but"})
# How many words an outcome may stand after the "with" of a population phrase.
POPULATION_REACH = 6
# Auxiliaries and modals, which open the predicate of a clause: the population phrase of "people with psychosis
# are at high risk of loneliness" ends before "are", and the outcome after it is said of those people; a relative
# pronoun before the auxiliary keeps it inside the phrase ("adults with psychosis who are lonely").
AUXILIARIES = frozenset({"is", "are", "was", "were", "be", "been", "has", "have", "had", "do", "does", "did",
                         "can", "could", "may", "might", "will", "would", "shall", "should", "must"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom", "whose"})
# Pronouns that stand for people before "with": "those with higher self-stigma benefited less".
PEOPLE_PRONOUNS = frozenset({"those", "anyone", "everyone", "someone"})
# Nouns after an outcome word that make it the name of an intervention: "a Healthy Lifestyle Intervention",
# "a self-management programme".
INTERVENTION_NOUNS = word_set({"intervention", "program", "course", "curriculum", "workshop", "initiative",
                               "model", "app", "toolkit", "package", "service", "group", "approach", "training",
                               # teaching about it, as training is: "nutrition education course", "recovery education"
                               "education",
                               "site", "visit", "prevention", "history", "disorder",
                               # a thing the outcome word only qualifies: "recovery stories", "recovery principles"
                               "story", "stories", "narrative", "narratives", "principle", "principles", "movement",
                               "college", "colleges", "paradigm", "philosophy", "ethos", "values"})
# Words of level that make "people with a high rate of attendance" a group by its level, not a count of who has it.
GROUPING_LEVELS = frozenset({"high", "low", "higher", "lower", "greater", "more", "less", "poor", "good", "better",
                             "worse", "frequent", "infrequent"})
# Roles of staff, whose outcomes are not those of the people supported: "the engagement of mental health workers".
STAFF_ROLES = frozenset(CONCEPT[f"role/{r}"] for r in ("mental-health-staff", "stakeholder", "commissioner"))
# Nouns of change right after an outcome, which make it a result: "symptom reduction", "hope gains".
CHANGE_NOUN = re.compile(r"(?:reduction|improvement|gain|decline|deterioration|worsening)s?")
# Words before "groups" that make them the arms compared, not a group for a condition: "between groups for depression".
COMPARED_GROUPS = frozenset({"between", "across", "among", "both", "by", "two", "all",
                             # an arm named by its condition: "in favour of the intervention group for anxiety"
                             "intervention", "control", "experimental", "treatment", "comparison"})
# Phrases before an outcome word that say who people are, not what changed: "lived experience of
# mental health challenges and service use", "their recovery from substance use".
POPULATION_BEFORE = (("experience", "of"), ("recovery", "from"), ("recovering", "from"), ("history", "of"),
                     ("diagnosis", "of"), ("diagnosed", "with"), ("living", "with"),
                     # a presentation or a condition had: "patients presenting after an overdose", "respondents
                     # reported having depression (34%)"
                     ("presenting", "after"), ("presenting", "with"), ("reported", "having"),
                     ("with", "having"),
                     # what a service is for: "peer support for depression", "an intervention for substance use"
                     ("support", "for"), ("intervention", "for"), ("program", "for"), ("service", "for"),
                     ("treatment", "for"), ("group", "for"), ("course", "for"),
                     # a subgroup: "among peer specialists who received regular supervision"
                     ("who", "received"), ("who", "had"), ("who", "receive"), ("who", "have"),
                     # what an intervention teaches: "training in mental illness self-management"
                     ("training", "in"), ("training", "on"), ("education", "on"), ("education", "about"))
# Training, an outcome of the peer workforce, and the roles of peers it is an outcome of.
TRAINING = CONCEPT["outcome/training"]
PEER_ROLES = frozenset(CONCEPT[f"role/{r}"] for r in (
    "peer-support-worker", "peer-specialist", "peer-navigator", "peer-mentor", "peer-facilitator", "consumer-provider",
    "peer-recovery-coach", "peer-counsellor", "peer-educator", "peer-researcher", "lived-experience"))
# Verbs that give something to people: "providing peer workers with training" names what they get.
GIVING_VERBS = frozenset({"provide", "providing", "provided", "provides", "equip", "equipping", "equipped", "supply",
                          "supplying", "offer", "offering"})


def describes_population(sentence: Sentence, match: Match, matches: list[Match]) -> bool:
    """True when an outcome word names whom a study is about ("youth with ... substance use challenges",
    "lived experience of ... service use") or names an intervention ("Healthy Lifestyle Intervention", "substance use
    (n = 10) programs" over the parenthesis between, social support of which peer support is a kind)."""
    tokens = sentence.tokens
    after = next((t for t in tokens[_past_aside(tokens, match.last + 1):] if t.norm), None)
    if after is not None and after.norm in INTERVENTION_NOUNS:
        return True
    if support_as_a_kind_of_peer_support(sentence, match):
        return True
    # "the engagement of mental health workers": an outcome of the staff, not of the people supported
    if after is not None and after.norm == "of" and any(
            m.scheme == ROLE and m.concept in STAFF_ROLES and 0 < m.first - match.last <= 3 for m in matches):
        return True
    if _after_population_phrase(sentence, match):
        return True
    if _participle_of_people(sentence, match, matches):
        return True
    words = 0
    verb: int | None = None  # a verb of change between the population phrase and the outcome
    for i in range(match.first - 1, -1, -1):
        token = tokens[i]
        if token.norm in EFFECT_VERBS:
            verb = i
        if token.norm in {"for", "with"} and i >= 2 and tokens[i - 1].norm in CONDITION_PARTICIPLES and (
                ends_a_role(matches, i - 2) or tokens[i - 2].norm in PERSON_NOUNS):
            return True  # "patients treated for nonfatal opioid overdose", "adults diagnosed with depression"
        if token.norm == "with":
            if verb is not None and verb > next((k for k in range(i + 1, len(tokens)) if tokens[k].word), verb):
                return False  # "people with depression improved wellbeing": the verb opens the predicate
            j = i - 1
            if j >= 0 and tokens[j].text == ")":  # "youth (14–26 years old) with ..."
                while j > 0 and tokens[j].text != "(":
                    j -= 1
                j -= 1
            counted = [k for k in range(j - 1, -1, -1) if tokens[k].word][:2]
            graded = any(t.norm in GROUPING_LEVELS for t in tokens[i + 1:match.first])
            if len(counted) == 2 and tokens[counted[0]].norm == "of" and tokens[counted[1]].norm in COUNT_NOUNS \
                    and not graded:
                # "the percentage of mothers with depressive symptoms decreased": a count of who has it; not "the
                # proportion of members with a high rate of attendance", a group by its level
                return False
            return j >= 0 and (ends_a_role(matches, j) or tokens[j].norm in PERSON_NOUNS
                               or tokens[j].norm in PEOPLE_PRONOUNS) \
                and not _given_to(tokens, matches, j)
        if token.norm in AUXILIARIES and not (i > 0 and tokens[i - 1].norm in RELATIVE_PRONOUNS):
            return False  # the predicate of the population's clause, not its description
        if token.word:
            words += 1
        elif token.norm not in {",", "/", ""}:
            return False
        if words > POPULATION_REACH:
            return False
    return False


def _past_aside(tokens: tuple[Token, ...], at: int) -> int:
    """The position after a parenthesis that opens at a token ("substance use (n = 10) programs": the noun the words
    before it modify stands after it), or the token itself when none opens there."""
    if at >= len(tokens) or tokens[at].norm not in ("(", "["):
        return at
    depth = 0
    for k in range(at, len(tokens)):
        depth += (tokens[k].norm in ("(", "[")) - (tokens[k].norm in (")", "]"))
        if depth == 0:
            return k + 1
    return at


# The kind of support whose kinds peer support is, and the phrases by which a text says one thing is a kind of
# another (the lexico-syntactic patterns of hyponymy): "peer support is an intentional form of social support",
# "social support, specifically peer support", "social supports such as peer support".
SUPPORT_HYPERNYM = CONCEPT["outcome/social"]
KIND_OF = re.compile(r"""\bpeer[-\s]support\b[^.;]{0,40}?\b(?:form|type|kind|source|variety)\s+of
    \s+(?:\w+\s+){0,2}$""", re.IGNORECASE | re.VERBOSE)
KINDS_AFTER = re.compile(r"""^[\s,(]*(?:specifically|namely|particularly|especially|such\s+as|including|like
    |i\.e\.|e\.g\.)[\s,]*(?:\w+\s+){0,2}?peer[-\s]support\b""", re.IGNORECASE | re.VERBOSE)


def support_as_a_kind_of_peer_support(sentence: Sentence, match: Match) -> bool:
    """True when social support is named as the kind of support peer support is ("peer support is a form of social
    support", "social support, specifically peer support, after discharge"): the intervention, not an outcome
    (README: social support that names the intervention is no outcome)."""
    if match.concept != SUPPORT_HYPERNYM or sentence.tokens[match.last].norm != "support":
        return False
    before = sentence.text[:match.start - sentence.start]
    after = sentence.text[match.end - sentence.start:]
    return bool(KIND_OF.search(before) or KINDS_AFTER.search(after))


def _participle_of_people(sentence: Sentence, match: Match, matches: list[Match]) -> bool:
    """True when the outcome words open with a participle right after the people they describe: "individuals
    seeking help in addressing challenges" says who the people are, as "people living with" does. The people are a
    whole noun phrase, plural or with a determiner: a bare singular noun modifies the -ing word ("patient
    functioning" is the patients' functioning, an outcome)."""
    tokens = sentence.tokens
    first = tokens[match.first].norm
    if not first.endswith("ing") or first.endswith("being") or first in CHANGE_WORDS_ING:  # "wellbeing" is none
        return False
    before = next((i for i in range(match.first - 1, -1, -1) if tokens[i].norm), None)
    if before is None or any(t.text in POSSESSIVE_MARKS for t in tokens[before + 1:match.first]):
        return False  # "peer workers' working conditions" are theirs; no description of them
    people = next((m.first for m in matches if m.scheme == ROLE and m.last == before), None)
    if people is None and tokens[before].norm not in PERSON_NOUNS:
        return False
    # A participle follows a whole noun phrase ("individuals seeking help", "a woman living with"); a bare singular
    # noun before an -ing word is the noun that modifies it ("patient functioning", "client coping").
    determiner = next((t.norm for t in reversed(tokens[:people if people is not None else before]) if t.norm), "")
    return tokens[before].plural or tokens[before].norm in IRREGULAR_PLURALS or determiner in SINGULAR_DETERMINERS


# Participles by which people are described by the condition they were treated or seen for: "patients treated for
# opioid overdose", "adults diagnosed with depression", "youth presenting with suicidal ideation".
CONDITION_PARTICIPLES = frozenset({"treated", "admitted", "hospitalised", "hospitalized", "diagnosed", "presenting",
                                   "seen", "referred", "discharged"})
# Marks of a possessive between the people and the participle: "peer workers' working conditions".
POSSESSIVE_MARKS = frozenset({"'", "\u2019", "'s", "\u2019s"})
# Participles that are no description of people but a result: "improving", "increasing".
CHANGE_WORDS_ING = frozenset({"improving", "increasing", "reducing", "decreasing", "declining", "worsening"})
# Determiners that make a singular noun a noun phrase of its own, which a participle may describe: "a person living
# with psychosis", "each client seeking help".
SINGULAR_DETERMINERS = frozenset({"a", "an", "each", "every", "any", "one", "the"})


def _given_to(tokens: tuple[Token, ...], matches: list[Match], end: int) -> bool:
    """True when the people ending at token end are the object of a verb of giving ("providing PSWs with")."""
    first = min((m.first for m in matches if m.last == end and m.scheme == ROLE), default=end)
    before = next((t for t in reversed(tokens[:first]) if t.norm and t.norm not in ("the", "their", "all")), None)
    return before is not None and before.norm in GIVING_VERBS


def _after_population_phrase(sentence: Sentence, match: Match) -> bool:
    """True when the outcome (or a list it ends) follows "experience of", "recovery from" and the like."""
    at = sentence.near_before(match.first, POPULATION_REACH + 2)  # all the walk below reads
    words = [sentence.tokens[i].norm for i in at]
    # Walk back over a coordinated list: "experience of mental health challenges and service use"; a list of
    # measures is no population ("recovery from depression, levels of disability and social support").
    if sentence.tokens[match.first].norm in MEASURE_NOUNS:
        return False
    for i in range(len(words) - 1, max(-1, len(words) - 1 - POPULATION_REACH), -1):
        if words[i] in MEASURE_NOUNS:
            return False
        if i >= 1 and (words[i - 1], words[i]) in POPULATION_BEFORE and not (
                words[i - 1] == "group" and i >= 2 and words[i - 2] in COMPARED_GROUPS):
            # A change word between, or right after, says what happened to the outcome: "support for improving
            # engagement", "superior to peer support for symptom reduction"; what a service is for may be its aim.
            following = next((t.norm for t in sentence.tokens[match.last + 1:] if t.word), "")
            return not change_between(sentence, at[i], match.first) and not CHANGE_NOUN.fullmatch(following) \
                and not aim_of_a_service(sentence, match)
    return False


def aim_of_a_service(sentence: Sentence, match: Match) -> bool:
    """True when an outcome is what a service is for, an aim and not whom it serves nor a result: a good right
    after "support for", "services for" ("peer support services for mental health recovery"; a condition there,
    "peer support for depression", is whom it serves), or the object of a verb of giving after "for" ("a network
    for offering social connection")."""
    at = sentence.near_before(match.first, POPULATION_REACH)
    norms = [sentence.tokens[i].norm for i in at]
    for k in range(len(norms) - 1, -1, -1):
        if norms[k] != "for":
            continue
        if k + 1 < len(norms) and norms[k + 1] in GIVING_VERBS:
            return True
        # a change word between says what the service did: "services for improving engagement"
        return len(norms) - k <= AIM_REACH and k >= 1 and norms[k - 1] in SERVICE_NOUNS and _sought_good(match) \
            and not change_between(sentence, at[k], match.first)
    return False


# What a service may be "for" ("support for", "services for"), and how many words may stand between "for" and the
# outcome it aims at ("for personal recovery").
SERVICE_NOUNS = frozenset(noun for noun, preposition in POPULATION_BEFORE if preposition == "for")
AIM_REACH = 2


def _sought_good(match: Match) -> bool:
    """True when the outcome is one more of which is better (psk:improvesWhen), named as itself, not by its
    opposite ("hopelessness")."""
    return not match.opposite and lexicon().improves.get(match.concept, PSK.Higher) == PSK.Higher


def training_of_others(match: Match, matches: list[Match]) -> bool:
    """Training is a peer-workforce outcome only beside the peers it trains; "self-management training"
    given to service users is the intervention."""
    return match.concept == TRAINING and not any(m.scheme == ROLE and m.concept in PEER_ROLES for m in matches)


def reported_outcomes(outcomes: list[Match], sentence: Sentence) -> list[Match]:
    """The outcome mentions of a result sentence whose results it may state: none that is only the topic of another,
    a goal, an organisation's or the predictor of another outcome."""
    ends = Counter(o.last for o in outcomes)
    kept = [m for m in outcomes if not _topic_of_another(m, ends, sentence)
            and not goal_of_an_attempt(m, sentence) and not aim_of_a_service(sentence, m)
            and not _of_an_organisation(m, sentence) and not _adjusted_for(m, sentence)]
    return _without_predictors(kept, sentence)


# How many words may stand between the "for" of what an analysis adjusted for (kg.extract.result_sentences.ADJUSTING:
# "even after controlling for baseline adherence") and the outcome.
ADJUSTED_REACH = 6


def _adjusted_for(match: Match, sentence: Sentence) -> bool:
    """True when an outcome is what an analysis adjusted for, a covariate and no result: "controlling for baseline
    adherence"."""
    words: list[str] = []
    for token in reversed(sentence.tokens[:match.first]):
        if not token.word and token.text not in ("-", "'", "\u2019"):
            break  # "after controlling for age, hope improved": a comma ends what was adjusted for
        if token.word:
            words.append(token.norm)
        if len(words) > ADJUSTED_REACH + 1:
            break
    return any(words[k] == "for" and words[k + 1] in ADJUSTING for k in range(len(words) - 1))


def _topic_of_another(match: Match, ends: Counter[int], sentence: Sentence) -> bool:
    """True when an outcome is only the topic of another outcome or of a belief or knowledge: "stigma about
    substance use", "knowledge about depression", "confidence in managing anxiety", "coping with stigma"."""
    k = match.first - 1
    between: list[str] = []
    while k >= 0 and len(between) <= TOPIC_REACH:
        token = sentence.tokens[k]
        if ends[k] > (match.last == k) or token.norm in TOPIC_HEADS:  # another outcome ends there
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


# Words that make the outcome before them the orientation of a service: "recovery-oriented care", "a recovery
# orientation", "recovery-focused services". The matcher blocks such phrases, since no result is read of them.
ORIENTATION_WORDS = frozenset({"oriented", "orientated", "orientation", "focused", "focussed"})


def orientation_outcomes(sentence: Sentence, lex: Lexicon) -> list[Match]:
    """Outcomes named as the orientation of a service ("recovery-oriented care"): the study concerns the
    outcome, so it is one of the study's outcomes, but these mentions take part in no finding."""
    tokens = sentence.tokens
    words = [i for i, t in enumerate(tokens) if t.word]
    out: list[Match] = []
    for before, at in pairwise(words):
        if tokens[at].norm not in ORIENTATION_WORDS or any(t.norm for t in tokens[before + 1:at] if t.text != "-"):
            continue
        for entry in lex.entries.get((tokens[before].norm,), ()):
            if entry.scheme == OUTCOME:
                out.append(Match(entry.concept, OUTCOME, before, at, tokens[before].start, tokens[at].end, False))
    return out


def burden_outcomes(sentence: Sentence) -> list[Match]:
    """The clinical outcome named by mental health as a burden of the background ("high rates of mental health
    difficulties", "poor mental health"): an outcome the study concerns, taking part in no finding."""
    tokens = sentence.tokens
    return [Match(CLINICAL, OUTCOME, first, last, tokens[first].start, tokens[last].end, False)
            for first, last in clinical_burden_spans(sentence)]
