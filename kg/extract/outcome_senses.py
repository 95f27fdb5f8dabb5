"""Outcome labels used in another sense, or of other people, by the words around them: a theory's name, an
organisation's state, an act done to peer workers, a point in time, a diagnosis among diagnoses, the feasibility
of the research, and wellbeing or employment that is peer workers'."""

from __future__ import annotations

from rdflib import URIRef

from kg.extract.coordination import before_coordinated_nouns
from kg.extract.evaluations import CLINICAL
from kg.extract.lexicon import OUTCOME, ROLE, Lexicon
from kg.extract.matches import (
    COORDINATORS,
    DETERMINERS,
    Match,
    is_peer_worker,
)
from kg.extract.outcome_phrases import EFFECT_VERBS
from kg.extract.text import Sentence, Token, word_set
from kg.namespaces import CONCEPT

# Words after an outcome label that make it the name of a theory: "self-determination theory", "boundary theory".
_THEORY_WORDS = frozenset({"theory", "theories"})
# Outcomes that name an act done to people when "of" and a role follow: "the employment of peer workers" is
# their hiring, not the employment outcome of the people supported; "the implementation of peer support
# workers" is the introduction of a role, not the implementation of a service.
_ACTS_ON_PEOPLE = frozenset({URIRef(CONCEPT["outcome/employment-education"]),
                             URIRef(CONCEPT["outcome/implementation"])})
_ACT_NOUNS = frozenset({"employment", "implementation"})


# Nouns after "training" that make it a course given in a study, not the training of peer workers as an outcome:
# "a four-hour training session", "the training programme".
_TRAINING = URIRef(CONCEPT["outcome/training"])
_COURSE_WORDS = frozenset({"session", "course", "program", "workshop", "module", "curriculum", "manual",
                           "day", "hour", "week"})
# Words before an outcome label that make it an organisation's, not people's: "organisational well-being",
# "organizational functioning" (labels that hold the word, such as "organisational culture", match whole).
_ORGANISATIONAL = frozenset({"organizational", "organisational", "institutional", "corporate"})
# Words before "implementation" that make it a point in time ("after the implementation of the programme",
# "prior to its implementation"), not an outcome.
_TIME_BEFORE = frozenset({"after", "before", "following", "since", "during", "prior", "until"})
# Nouns of an event that happens once, which, as implementation does, a word of time before makes a point in
# time: "held various positions following certification", "before credentialing".
_EVENT_NOUNS = frozenset({"certification", "credentialing", "accreditation"})


_IMPLEMENTATION = URIRef(CONCEPT["outcome/implementation"])
_EMPLOYMENT = URIRef(CONCEPT["outcome/employment-education"])
_PEER_WORKFORCE = URIRef(CONCEPT["outcome/peer-workforce"])
# Beginnings of the words by which abstracts name peer workers and consumer staff: "peers", "PSWrs", "consumers".
_PEER_STEMS = ("peer", "psw", "consumer", "lived")


def peer_employment(sentence: Sentence, match: Match) -> Match:
    """Employment that is the employing of peers ("the employment of veteran peers", "recommendations for the
    employment of PSWrs", "peer support employment") is a peer-workforce outcome, as "employing peer support
    workers" is, not the employment outcome of the people supported."""
    if match.concept != _EMPLOYMENT or sentence.tokens[match.last].norm != "employment":
        return match
    before = [sentence.tokens[i].norm for i in sentence.near_before(match.first, 2)]
    after = [sentence.tokens[i].norm for i in sentence.near_after(match.last, 4)]
    employing = after[:1] == ["of"] and any(w.startswith(_PEER_STEMS) for w in after[1:])
    if employing or (before and before[-1] in ("peer", "support") and "peer" in before):
        return Match(_PEER_WORKFORCE, match.scheme, match.first, match.last, match.start, match.end, match.plural)
    return match


_WELLBEING = URIRef(CONCEPT["outcome/wellbeing"])
_PEER_WORKER_WELLBEING = URIRef(CONCEPT["outcome/peer-worker-wellbeing"])
_OF_PEOPLE = frozenset({"of", "among", "amongst", "in", "for"})


def peer_wellbeing(sentence: Sentence, match: Match, found: list[Match], lex: Lexicon,
                   roles_by_end: dict[int, list[Match]]) -> Match:
    """Wellbeing, or a concept under it, said of peer workers ("PSW wellbeing", "peer workers' wellbeing", "the
    wellbeing of peer mentors", "peer volunteers' motivation and resilience") is the wellbeing of peer workers,
    not that of the people supported; so is mental health, or a concept under it, said of them ("peer workers' mental
    health improved", "quality of life among peer specialists"), their own mental health as the concept defines it."""
    if _PEER_WORKER_WELLBEING not in lex.labels or (
            match.concept not in (_WELLBEING, CLINICAL) and _WELLBEING not in lex.broader.get(match.concept, ())
            and CLINICAL not in lex.broader.get(match.concept, ())):
        return match
    tokens = sentence.tokens
    k = before_coordinated_nouns(tokens, match.first - 1, roles_by_end.keys())
    while k >= 0 and not tokens[k].word and tokens[k].text in ("'", "\u2019"):
        k -= 1
    before = k >= 0 and any(is_peer_worker(m.concept, lex) for m in roles_by_end.get(k, ()))
    after = sentence.near_after(match.last, 3)
    while len(after) > 1 and tokens[after[1]].norm in DETERMINERS:
        after.pop(1)
    of = (len(after) > 1 and tokens[after[0]].norm in _OF_PEOPLE
          and any(m.first == after[1] and m.scheme == ROLE and is_peer_worker(m.concept, lex) for m in found))
    if before or of:
        return Match(_PEER_WORKER_WELLBEING, match.scheme, match.first, match.last, match.start, match.end,
                     match.plural, match.opposite)
    return match


_ENGAGEMENT = URIRef(CONCEPT["outcome/engagement"])
# Words for the people a service is for, and for its workers, by which the retention nearest them is theirs:
# "87% retention in the patient group", "retention of 80% participants" are the people supported staying with a
# service; "recruitment and retention of volunteers", "workforce retention" are the workers staying in post.
_SERVED_WORDS = word_set({"participant", "participants", "patient", "patients", "client", "clients", "user", "users",
                          "member", "members", "woman", "women", "mother", "mothers", "veteran", "veterans",
                          "student", "students", "caregiver", "caregivers", "family", "families", "youth", "people",
                          "programme", "program", "intervention", "treatment", "study", "trial", "group", "board",
                          "forum", "service", "services", "sample", "cohort"})
_WORKER_WORDS = word_set({"worker", "workers", "workforce", "staff", "employee", "employees", "volunteer",
                          "volunteers", "mentor", "mentors", "coach", "coaches", "facilitator", "facilitators",
                          "job", "jobs", "position", "positions"})
# How far from "retention" the words that say whose it is may stand.
_RETENTION_REACH = 6


def retention_of_the_served(sentence: Sentence, match: Match, found: list[Match], lex: Lexicon) -> Match:
    """Retention alone is the peer workers' (the scheme files it under their wellbeing) only when the nearest word of
    people, a role or a service names workers; said of the people supported or of the service they stay with ("87%
    retention in the patient group", "retention on the board varied", "retention of 80% participants") it is their
    staying in care, service engagement as the concept defines it."""
    tokens = sentence.tokens
    if (match.concept != _PEER_WORKER_WELLBEING or match.first != match.last or tokens[match.first].norm != "retention"
            or _ENGAGEMENT not in lex.labels):
        return match
    workers = {i for m in found if m.scheme == ROLE and is_peer_worker(m.concept, lex)
               for i in range(m.first, m.last + 1)}
    workers |= {i for i, t in enumerate(tokens) if t.text.casefold() == "peers"}  # not "peer-delivered coaching"
    nearest: tuple[int, bool] | None = None  # distance in words, and whether the word names workers
    for step, i in enumerate(sentence.near_after(match.first, _RETENTION_REACH), 1):
        if i in workers or tokens[i].norm in _WORKER_WORDS or tokens[i].norm in _SERVED_WORDS:
            nearest = (step, i in workers or tokens[i].norm in _WORKER_WORDS)
            break
    for step, i in enumerate(reversed(sentence.near_before(match.first, _RETENTION_REACH)), 1):
        if nearest is not None and step >= nearest[0]:
            break
        if i in workers or tokens[i].norm in _WORKER_WORDS or tokens[i].norm in _SERVED_WORDS:
            nearest = (step, i in workers or tokens[i].norm in _WORKER_WORDS)
            break
    if nearest is not None and nearest[1]:
        return match
    if nearest is None and workers and not any(t.norm in _SERVED_WORDS for t in tokens):
        return match  # "support peer educators ... and enhance retention": the only people named are workers
    return Match(_ENGAGEMENT, match.scheme, match.first, match.last, match.start, match.end, match.plural,
                 match.opposite)


# Nouns of what people think or say about something, and the words that join them to it: "adaptive norms regarding
# suicide", "attitudes towards depression", "misconceptions about psychosis" name a topic, not the outcome.
_VIEW_NOUNS = frozenset({"norm", "norms", "attitude", "attitudes", "belief", "beliefs", "view", "views", "myth",
                         "myths", "misconception", "misconceptions", "conversation", "conversations", "discussion",
                         "discussions", "talk", "talking"})
_TOPIC_LINKS = frozenset({"regarding", "about", "towards", "toward", "around", "concerning"})
# Outcomes that are themselves what people think of something: "attitudes toward help-seeking" is help-seeking.
_VIEWS_OF_THEIR_OWN = frozenset({URIRef(CONCEPT["outcome/help-seeking"]), URIRef(CONCEPT["outcome/acceptability"]),
                                 URIRef(CONCEPT["outcome/engagement"]), URIRef(CONCEPT["outcome/stigma"]),
                                 URIRef(CONCEPT["outcome/mental-health-literacy"])})


def topic_of_views(sentence: Sentence, match: Match) -> bool:
    """True when an outcome label names what people's norms, attitudes or talk are about ("the peer leaders' adaptive
    norms regarding suicide"): a topic, not the outcome of the people."""
    if match.concept in _VIEWS_OF_THEIR_OWN:
        return False
    before = [sentence.tokens[i].norm for i in sentence.near_before(match.first, 4, words=False)]
    while before and before[-1] in DETERMINERS:
        before.pop()
    if len(before) < 2 or before[-1] not in _TOPIC_LINKS:
        return False
    return before[-2] in _VIEW_NOUNS


def other_sense(sentence: Sentence, match: Match, found: list[Match]) -> bool:
    """True when an outcome label is used in another sense by the words around it: the name of a theory
    ("self-determination theory"), an organisation's state ("organisational well-being"), an act done to the
    people a role names ("employment of peers"), or a point in time ("after the implementation of")."""
    if match.scheme != OUTCOME:
        return False
    following = sentence.near_after(match.last, 2, words=False)
    if following and sentence.tokens[following[0]].norm in _THEORY_WORDS:
        return True
    if (match.concept == _TRAINING and following
            and sentence.tokens[following[0]].norm in _COURSE_WORDS):
        return True
    preceding = [sentence.tokens[i].norm for i in sentence.near_before(match.first, 1, words=False)]
    if preceding and preceding[0] in _ORGANISATIONAL:
        return True
    if _compound_adjective(sentence, match):
        return True
    if topic_of_views(sentence, match):
        return True
    if match.concept == _SYMPTOMS and match.first == match.last and _among_diagnoses(sentence, match):
        return True
    if match.first == match.last and (match.concept == _IMPLEMENTATION
                                      or sentence.tokens[match.first].norm in _EVENT_NOUNS):
        before = [t.norm for t in sentence.tokens[:match.first] if t.norm][-3:]
        while before and before[-1] in DETERMINERS:
            before.pop()
        if before and before[-1] in _TIME_BEFORE:
            return True
    if match.concept == _IMPLEMENTATION and _feasibility_of_research(sentence, match):
        return True
    if match.concept == _IMPLEMENTATION and _implementing_that_acts(sentence, match):
        return True
    if match.concept in _ACTS_ON_PEOPLE and sentence.tokens[match.last].norm in _ACT_NOUNS:
        words = [i for i in range(match.last + 1, len(sentence.tokens)) if sentence.tokens[i].norm][:6]
        norms = [sentence.tokens[i].norm for i in words]
        # "employment of", "implementation and integration of" (one coordinated noun may stand between)
        k = 2 if norms[:1] in (["and"], ["or"]) else 0
        if norms[k:k + 1] == ["of"]:
            rest = words[k + 1:]
            while rest and sentence.tokens[rest[0]].norm in DETERMINERS:
                rest = rest[1:]
            return bool(rest) and any(m.scheme == ROLE and m.first == rest[0] for m in found)
    return False


_ENGAGEMENT = URIRef(CONCEPT["outcome/engagement"])
# The nouns of taking part that engagement's labels share with other outcomes, and the words joining them to what
# is taken part in: "engagement in self-care activities", "engagement with meaningful activity".
_TAKING_PART = frozenset({"engagement", "engaged", "engaging"})
_TAKING_PART_LINKS = frozenset({"in", "with"})


def taking_part_in_another(sentence: Sentence, match: Match, found: list[Match]) -> bool:
    """True when engagement is taking part in what another outcome names ("engagement in self-care activities" is
    health behaviour, "engagement in meaningful activities" meaning in life), not engagement with care."""
    tokens = sentence.tokens
    if match.concept != _ENGAGEMENT or match.first != match.last or tokens[match.first].norm not in _TAKING_PART:
        return False
    after = [i for i in range(match.last + 1, len(tokens)) if tokens[i].norm][:4]
    if not after or tokens[after[0]].norm not in _TAKING_PART_LINKS:
        return False
    rest = after[1:]
    while rest and tokens[rest[0]].norm in DETERMINERS:
        rest = rest[1:]
    return bool(rest) and any(m.scheme == OUTCOME and m.first == rest[0] and m.concept != _ENGAGEMENT
                              for m in found)


def facet_of_another(sentence: Sentence, match: Match, found: list[Match]) -> bool:
    """True when an outcome stands in parentheses right after another outcome, alone or in a list, as its facets
    or subscales: "burnout (disengagement and exhaustion)" names burnout, not engagement."""
    if match.scheme != OUTCOME:
        return False
    tokens = sentence.tokens
    if sentence.text.find("(", 0, match.start - sentence.start) < 0:
        return False  # no parenthesis before it (a look-up per outcome over the sentence's outcomes, spared)
    inside = {i for m in found if m.scheme == OUTCOME for i in range(m.first, m.last + 1)}
    k = match.first - 1
    while k >= 0 and (k in inside or tokens[k].norm in COORDINATORS
                      or (not tokens[k].norm and tokens[k].text != "(")):
        k -= 1
    if k < 1 or tokens[k].text != "(":
        return False
    return any(m.last == k - 1 and m.scheme == OUTCOME and m.concept != match.concept for m in found)


def _implementing_that_acts(sentence: Sentence, match: Match) -> bool:
    """True when "the implementation of" a service is the subject of a verb of effect in its clause ("the
    implementation of peer support may not result in savings"): the putting in place is the intervention that
    acts, as an integration that acts is (:mod:`kg.extract.outcome_phrases`), not an implementation outcome."""
    tokens = sentence.tokens
    if match.first != match.last or tokens[match.first].norm != "implementation":
        return False
    after = [t.norm for t in tokens[match.last + 1:match.last + 2] if t.norm]
    if after != ["of"]:
        return False
    clause = []
    for token in tokens[match.last + 1:]:
        if token.text in (",", ";", ":"):
            break
        clause.append(token.norm)
    return bool(EFFECT_VERBS & set(clause))


# an implementation outcome of the service.
_RESEARCH_NOUNS = frozenset({"trial", "blinding", "blind", "masking", "randomisation", "randomization",
                             "randomising", "randomizing", "recruitment", "recruiting", "follow-up", "followup"})
_COPULAS = word_set({"is", "was", "are", "were", "be", "been", "being", "seems", "seemed", "appears", "appeared",
                     "proved", "not"})
_SUBJECT_REACH = 3


def _feasibility_of_research(sentence: Sentence, match: Match) -> bool:
    """True when "feasible" has a word of the research in the few words of its subject before a copula, or
    "feasibility of" one after it."""
    tokens = sentence.tokens
    if match.first != match.last or tokens[match.first].norm not in ("feasible", "feasibility"):
        return False
    before = [t.norm for t in tokens[:match.first] if t.norm]
    copula = False
    while before and before[-1] in _COPULAS:
        before.pop()
        copula = True
    if copula and _RESEARCH_NOUNS & set(before[-_SUBJECT_REACH:]):
        return True
    after = [t.norm for t in tokens[match.last + 1:] if t.norm][:5]
    return after[:1] == ["of"] and bool(_RESEARCH_NOUNS & set(after[1:]))


# Verbs of engaging with their object and a complement of care: "engaging service users with mental health


# settings" describe something else and measure no outcome.
_DEGREE_WORDS = frozenset({"low", "high", "lower", "higher", "no", "zero"})


def _compound_adjective(sentence: Sentence, match: Match) -> bool:
    """True when a one-word label stands in a hyphenated compound after a word of degree ("low-cost")."""
    tokens = sentence.tokens
    k = match.first
    return (match.first == match.last and k >= 2 and tokens[k - 1].text == "-"
            and tokens[k - 2].norm in _DEGREE_WORDS and tokens[k - 1].start == tokens[k - 2].end
            and tokens[k].start == tokens[k - 1].end)


# Names of diagnoses: a condition listed with them ("bipolar disorder, schizophrenia, or major depression") names
# a diagnosis people have, not an outcome measured.
_DIAGNOSES = word_set({"schizophrenia", "bipolar", "psychosis", "psychoses", "disorder", "dementia", "autism",
                       "adhd", "schizophrenic", "personality", "illness", "anorexia", "bulimia"})
_SYMPTOMS = URIRef(CONCEPT["outcome/symptom-severity"])
_LIST_JOINERS = frozenset({",", "and", "or", "/", "such", "as", "major", "severe", "serious", "chronic"})
_LIST_REACH = 4


def _among_diagnoses(sentence: Sentence, match: Match) -> bool:
    """True when a one-word condition stands in a list of diagnoses, within a few words either side."""
    words = [t.norm for t in sentence.tokens]
    for step in (-1, 1):
        k, seen = (match.first if step < 0 else match.last) + step, 0
        while 0 <= k < len(words) and seen < _LIST_REACH:
            if words[k] in _DIAGNOSES:
                return True
            skipped = _count_in_brackets(sentence.tokens, k, step)
            if skipped != k:  # a count or share of each item: "depression (34%), post-traumatic stress disorder"
                k = skipped + step
                continue
            if words[k] and words[k] not in _LIST_JOINERS and not sentence.tokens[k].word:
                break
            seen += 1 if sentence.tokens[k].word and words[k] not in _LIST_JOINERS else 0
            k += step
    return False


_BRACKET_CONTENT = frozenset({"%", ".", ",", "n", "=", "\u2009"})


def _count_in_brackets(tokens: tuple[Token, ...], k: int, step: int) -> int:
    """The index of the other bracket when a bracket at k, walked into by step, holds only a number or a share
    ("(34%)", "(n = 12)"); k itself otherwise."""
    opening, closing = ("(", ")") if step > 0 else (")", "(")
    if tokens[k].text != opening:
        return k
    j = k + step
    while 0 <= j < len(tokens) and tokens[j].text != closing:
        if not (tokens[j].text.replace(".", "").isdigit() or tokens[j].norm in _BRACKET_CONTENT):
            return k
        j += step
    return j if 0 <= j < len(tokens) and j != k + step else k
