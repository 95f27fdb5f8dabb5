"""A phrase matcher over normalised tokens, driven by the scheme labels.

Leftmost-longest: at each token the longest label wins and its tokens are
consumed, so "systematic review" is never also a "review" and the blocked
phrase "recovery-oriented care" never yields the outcome recovery. Two
additions keep it from missing what abstracts write: coordinated modifiers
("realist and participatory evaluation" also names realist evaluation) and
acronyms a document defines ("peer support workers (PSWs)", then "PSW").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from rdflib import URIRef

from kg.extract.evaluations import CLINICAL, acceptability_matches, clinical_matches
from kg.extract.lexicon import BLOCK, OUTCOME, ROLE, Entry, Lexicon, stem
from kg.extract.model import ABSTRACT, ConceptMention
from kg.extract.text import Sentence, Token, normalize_phrase, normalize_token
from kg.namespaces import CONCEPT

# Words that join coordinated modifiers: "realist and participatory evaluation".
_COORDINATORS = frozenset({"and", "or", ",", "and/or"})
# Capitalised words after a label that show it is the name of a measure, which names the outcome.
# Matches the "Scale" of "Empowerment Scale" and "Hope Scale"
_MEASURE_WORDS = frozenset({"scale", "index", "inventory", "questionnaire", "measure", "survey", "tool"})
_NAME_JOINERS = frozenset({"&", "and", "of", "for", "on"})
# Adjective endings and the noun endings they come from: anxious/anxiety, depressive/depression, confident/
# confidence, isolated/isolation, stigmatized/stigmatization, empowered/empowerment, suicidal/suicide.
_DERIVATIONS = (("ious", ("iety", "ion")), ("ive", ("ion",)), ("ent", ("ence",)), ("ant", ("ance",)),
                ("ized", ("ization",)), ("ated", ("ation",)), ("ed", ("ion", "ment", "", "e")), ("al", ("e", "")),
                ("ful", ("",)), ("ly", ("liness",)))
_MIN_STEM = 3
# Words before an adjective that say how people feel or are: "felt less anxious", "were more confident".
_FEELING_WORDS = frozenset({"feel", "felt", "feeling", "more", "less", "very", "highly", "became", "become",
                            "becoming", "remained", "least", "most", "seemed"})
# Nouns after an adjective that make it the name of a measure: "depressive symptoms", "anxious mood".
_MEASURE_HEADS = frozenset({"symptom", "score", "level", "feeling", "mood", "thought", "state", "severity"})
_ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "in", "with", "to"})
# Words after an outcome label that make it the name of a theory: "self-determination theory", "boundary theory".
_THEORY_WORDS = frozenset({"theory", "theories"})
# Outcomes that name an act done to people when "of" and a role follow: "the employment of peer workers" is
# their hiring, not the employment outcome of the people supported; "the implementation of peer support
# workers" is the introduction of a role, not the implementation of a service.
_ACTS_ON_PEOPLE = frozenset({URIRef(CONCEPT["outcome/employment-education"]),
                             URIRef(CONCEPT["outcome/implementation"])})
_ACT_NOUNS = frozenset({"employment", "implementation"})
# Nouns and verbs of working together, with the word that joins them to a role of peer workers:
# "collaborating with", "partnership with", "working alongside" ("the integration of peer specialists into
# teams" is more often the intervention itself than an outcome, and is left out).
_RELATION_LINKS = {
    "collaboration": ("with",), "collaborating": ("with",), "collaborate": ("with",), "collaborated": ("with",),
    "partnership": ("with",), "working": ("alongside",), "work": ("alongside",),
}
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
_DETERMINERS = frozenset({"the", "its", "their", "this", "a", "to"})
_IMPLEMENTATION = URIRef(CONCEPT["outcome/implementation"])
_EMPLOYMENT = URIRef(CONCEPT["outcome/employment-education"])
_PEER_WORKFORCE = URIRef(CONCEPT["outcome/peer-workforce"])
# Beginnings of the words by which abstracts name peer workers and consumer staff: "peers", "PSWrs", "consumers".
_PEER_STEMS = ("peer", "psw", "consumer", "lived")


@dataclass(frozen=True)
class Match:
    """One label found in one sentence."""

    concept: URIRef
    scheme: URIRef
    first: int  # index of the first token in sentence.tokens
    last: int  # index of the last token (inclusive)
    start: int  # character offsets into the field
    end: int
    plural: bool  # the label's last word stood in the plural
    opposite: bool = False  # the words name the outcome's opposite by their form ("disengagement", "meaningless")

    def tokens(self, sentence: Sentence) -> tuple[Token, ...]:
        """The tokens of the match."""
        return sentence.tokens[self.first:self.last + 1]


def first_mentions(pairs: Iterable[tuple[Sentence, Match]]) -> list[ConceptMention]:
    """The first mention of each concept among matches, each with the sentence it stands in, in their order."""
    seen: set[URIRef] = set()
    mentions = []
    for sentence, match in pairs:
        if match.concept not in seen:
            seen.add(match.concept)
            mentions.append(ConceptMention(match.concept, sentence.span(match.start, match.end)))
    return mentions


Acronyms = dict[tuple[str, ...], tuple[Entry, ...]]


def _words(sentence: Sentence) -> list[int]:
    return [i for i, t in enumerate(sentence.tokens) if t.norm]


def _lookup(key: tuple[str, ...], lex: Lexicon, acronyms: Acronyms) -> tuple[Entry, ...]:
    return lex.entries.get(key) or acronyms.get(key, ())


def _is_name_part(sentence: Sentence, first: int, last: int, outcome: bool = False) -> bool:
    """True when a capitalised label is part of a longer name ("Mental Health Survey of India"); for an
    outcome label, not when the name is a measure's ("Recovery Markers Questionnaire")."""
    if sentence.field != ABSTRACT:
        return False
    tokens = sentence.tokens
    words = [t for t in tokens[first:last + 1] if t.word]
    if not all(t.text[:1].isupper() and not t.text.isupper() for t in words):
        return False
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if after is not None and after.word and after.text[:1].isupper():
        return not (_names_measure(tokens, last + 1) if outcome else after.norm in _MEASURE_WORDS)
    k = first - 1
    while k > 0 and tokens[k].text in _NAME_JOINERS:  # "Illness Management & Recovery"
        k -= 1
    before = tokens[k] if 0 <= k < first else None
    return before is not None and before.word and before.text[:1].isupper() and k > 0


def _names_measure(tokens: tuple[Token, ...], k: int) -> bool:
    """True when the capitalised name that goes on at k ends in a word of measurement within a few words:
    "Recovery Markers Questionnaire", "Hope Scale" (so the label inside names what the measure measures)."""
    for token in tokens[k:k + _NAME_TAIL]:
        if token.norm in _INSTRUMENT_WORDS:
            return True
        if not (_name_part(token) or token.norm in _NAME_JOINERS):
            return False
    return False


def find_matches(sentence: Sentence, lex: Lexicon, acronyms: Acronyms | None = None) -> list[Match]:
    """Every label of the schemes in a sentence, leftmost-longest, blocked phrases removed."""
    acronyms = acronyms or {}
    positions = _words(sentence)
    norms = [sentence.tokens[i].norm for i in positions]
    found: list[Match] = []
    consumed: set[int] = set()  # token indices a label or a blocked phrase took
    p = 0
    while p < len(positions):
        for n in range(min(lex.longest, len(positions) - p), 0, -1):
            entries = _lookup(tuple(norms[p:p + n]), lex, acronyms)
            if n == 1:
                entries = _not_as_acronym(sentence, positions[p], entries)
            if entries:
                first, last = positions[p], positions[p + n - 1]
                outcome = all(e.scheme in (OUTCOME, BLOCK) for e in entries)
                if not _is_name_part(sentence, first, last, outcome):
                    found.extend(_make(sentence, e, first, last) for e in entries if e.concept != BLOCK)
                consumed.update(positions[p:p + n])
                p += n
                break
        else:
            p += 1
    found = _compound_heads(sentence, found, lex, acronyms, positions, norms)
    coordinated, replaced = _coordinated(sentence, found, lex, positions, norms)
    found = [m for m in found if m not in replaced] + coordinated
    found.extend(_derived_adjectives(sentence, found, lex, positions, norms))
    found.extend(_derived_nouns(sentence, consumed, lex, positions, norms))
    opposites, negated = _opposite_forms(sentence, found, consumed, lex, positions, norms)
    found = [_marked_opposite(sentence, m, lex) for m in found if m not in negated] + opposites
    found = _modified_heads(sentence, found, lex, positions, norms)
    found.extend(_peer_work_relations(sentence, found, lex, positions, norms))
    found.extend(_integration_of_peers(sentence, found, lex))
    found.extend(_attitudes_toward(sentence, found, lex))
    found.extend(_acceptance_by_staff(sentence, found, lex))
    taken = {i for m in found if m.scheme == OUTCOME for i in range(m.first, m.last + 1)}
    heads = {m.first for m in found if m.scheme == OUTCOME}
    found.extend(Match(concept, scheme, first, last, sentence.tokens[first].start, sentence.tokens[last].end, False)
                 for concept, scheme, first, last in [*acceptability_matches(sentence, taken),
                                                      *clinical_matches(sentence, taken)]
                 if _next_word(sentence, last) not in heads)
    engaging = _verb_of_engagement(sentence, found, lex) + _access_to_care(sentence, lex)
    found = [m for m in found if not any(m.scheme == OUTCOME and e.first <= m.first and m.last <= e.last
                                         and m.concept != e.concept for e in engaging)]
    found.extend(e for e in engaging if not any(m.concept == e.concept and m.first <= e.first <= m.last
                                                for m in found))
    found = [_peer_employment(sentence, m) for m in found]
    found = [_peer_wellbeing(sentence, m, found, lex) for m in found]
    found = [m for m in found if not _other_sense(sentence, m, found) and not _facet_of_another(sentence, m, found)]
    return sorted(found, key=lambda m: (m.start, m.end, str(m.concept)))


def _compound_heads(sentence: Sentence, found: list[Match], lex: Lexicon, acronyms: Acronyms, positions: list[int],
                    norms: list[str]) -> list[Match]:
    """The roles of a noun compound whose leftmost-longest label ends where a longer role label begins: the last
    noun is the compound's head, so "youth peer support workers" names peer support workers (and youth, the
    label before them), not the "youth peer" that leftmost-longest took."""
    index = {tok: k for k, tok in enumerate(positions)}
    out = list(found)
    for match in found:
        if match.scheme != ROLE or match.first == match.last or match.last not in index:
            continue
        k = index[match.last]
        for n in range(min(lex.longest, len(positions) - k), 1, -1):
            entries = _lookup(tuple(norms[k:k + n]), lex, acronyms)
            if not entries or any(e.scheme != ROLE for e in entries):
                continue
            last = positions[k + n - 1]
            out = [m for m in out if m is not match and not (match.last <= m.first and m.last <= last)]
            modifier = _lookup(tuple(norms[index[match.first]:k]), lex, acronyms)
            out += [_make(sentence, e, match.first, positions[k - 1]) for e in modifier if e.scheme == ROLE]
            out += [_make(sentence, e, match.last, last) for e in entries]
            break
    return out


def _peer_work_relations(sentence: Sentence, found: list[Match], lex: Lexicon, positions: list[int],
                         norms: list[str]) -> list[Match]:
    """Workplace integration named by how others work with peer workers: "collaborating with peer supporters",
    "partnerships with peer workers", "working alongside peer workers"."""
    concept = URIRef(CONCEPT["outcome/workplace-integration"])
    if concept not in lex.labels:
        return []
    index = {tok: k for k, tok in enumerate(positions)}
    taken = {i for m in found for i in range(m.first, m.last + 1)}
    extra: list[Match] = []
    for role in found:
        if role.scheme != ROLE or not _is_peer_worker(role.concept, lex) or role.first not in index:
            continue
        k = index[role.first] - 1
        while k >= 0 and norms[k] in _DETERMINERS:
            k -= 1
        if k < 1 or norms[k] not in _RELATION_LINKS.get(norms[k - 1], ()) or positions[k - 1] in taken:
            continue
        extra.append(Match(concept, OUTCOME, positions[k - 1], positions[k - 1],
                           sentence.tokens[positions[k - 1]].start, sentence.tokens[positions[k - 1]].end, False))
    return extra


# The noun of integrating, the words that join it to the peer workers integrated or to where they are integrated,
# and the places of work: "the integration of PSWs into multiprofessional teams", "integration within mainstream
# mental health services", "organisational integration of the counsellor within facilities".
_INTEGRATION = frozenset({"integration"})
_WHERE_WORK = frozenset({"team", "teams", "workplace", "service", "services", "facility", "facilities", "ward",
                         "wards", "organisation", "organization", "setting", "settings"})
# Verbs of effect after the words of an outcome that make them the intervention which acts: "integration of peer
# specialists into case management appears to lead to enhanced quality of life".
_EFFECT_VERBS = frozenset({"lead", "leads", "led", "result", "results", "resulted", "improve", "improves",
                           "improved", "reduce", "reduces", "reduced", "increase", "increases", "increased",
                           "enhance", "enhances", "enhanced", "promote", "promotes", "promoted", "produce",
                           "produces", "produced", "contribute", "contributes", "contributed"})
_INTEGRATION_REACH = 8


def _integration_of_peers(sentence: Sentence, found: list[Match], lex: Lexicon) -> list[Match]:
    """Workplace integration named as the integration of peer workers ("the integration of PSWs into teams") or
    as peer workers' integration within services; not the introduction of the role ("the implementation and
    integration of peer support workers"), nor an integration that acts on other outcomes (the intervention)."""
    concept = URIRef(CONCEPT["outcome/workplace-integration"])
    if concept not in lex.labels:
        return []
    tokens = sentence.tokens
    taken = {i for m in found if m.scheme == OUTCOME for i in range(m.first, m.last + 1)}
    peers = [m for m in found if m.scheme == ROLE and _is_peer_worker(m.concept, lex)]
    out: list[Match] = []
    for i, token in enumerate(tokens):
        if token.norm not in _INTEGRATION or i in taken:
            continue
        before = [t.norm for t in tokens[:i] if t.norm][-2:]
        if "implementation" in before:
            continue
        after = [j for j in range(i + 1, len(tokens)) if tokens[j].norm][:_INTEGRATION_REACH]
        norms = [tokens[j].norm for j in after]
        of_peer = norms[:1] == ["of"] and any(m.first in after[1:4] for m in peers)
        within = (norms[:1] in (["within"], ["into"], ["in"]) and any(n in _WHERE_WORK for n in norms[1:6])
                  and bool(peers))
        clause = []
        for j in range(i + 1, len(tokens)):
            if tokens[j].text in (",", ";", ":"):
                break
            clause.append(tokens[j].norm)
        if not (of_peer or within) or _EFFECT_VERBS & set(clause):
            continue
        out.append(Match(concept, OUTCOME, i, i, token.start, token.end, False))
    return out


# Participles of being accepted, with "by" and the staff who accept: "Peer Workers were highly valued by mental
# health teams", "peer specialists felt respected by clinicians". Only words of acceptance, so that a fall is read
# as such; their opposites ("excluded") are labels that name the opposite.
_ACCEPTED = frozenset({"valued", "respected", "accepted", "welcomed", "trusted", "appreciated", "included"})
# Nouns of relations between two kinds of people: "relationship qualities between mental health staff and peer
# workers".
_RELATIONS = frozenset({"relationship", "relation"})
_STAFF = frozenset(URIRef(CONCEPT[f"role/{r}"]) for r in ("mental-health-staff", "stakeholder"))
# The people peer workers work among, when no role names them: "valued by their teams", "by colleagues".
_WORKMATES = frozenset({"team", "colleague", "coworker", "co-worker", "workmate"})
_ACCEPTANCE_REACH = 4
_RELATIONS_REACH = 8


def _acceptance_by_staff(sentence: Sentence, found: list[Match], lex: Lexicon) -> list[Match]:
    """Workplace integration named by how staff take peer workers: peer workers "valued by" or "respected by" the
    staff of a service, and relations between staff and peer workers. The words name the outcome only where
    both the peer workers and the staff are named."""
    if _WORKPLACE_INTEGRATION not in lex.labels:
        return []
    tokens = sentence.tokens
    words = [i for i, t in enumerate(tokens) if t.word]
    peers = [m for m in found if m.scheme == ROLE and _is_peer_worker(m.concept, lex)]
    staff = {m.first for m in found if m.scheme == ROLE and m.concept in _STAFF}
    staff |= {i for i in words if tokens[i].norm in _WORKMATES}
    taken = {i for m in found if m.scheme == OUTCOME for i in range(m.first, m.last + 1)}
    if not peers or not staff:
        return []
    out: list[Match] = []
    for n, i in enumerate(words):
        if i in taken:
            continue
        norm = tokens[i].norm
        after = words[n + 1:]
        if norm in _ACCEPTED and after and tokens[after[0]].norm == "by":
            reach = after[1:1 + _ACCEPTANCE_REACH]
            if any(p.last < i for p in peers) and staff & set(reach):
                out.append(Match(_WORKPLACE_INTEGRATION, OUTCOME, i, i, tokens[i].start, tokens[i].end, False))
        elif norm in _RELATIONS:
            between = next((k for k in after[:2] if tokens[k].norm == "between"), None)
            if between is None:
                continue
            reach = [k for k in after if k > between][:_RELATIONS_REACH]
            if staff & set(reach) and any(m.first in reach for m in peers):
                out.append(Match(_WORKPLACE_INTEGRATION, OUTCOME, i, i, tokens[i].start, tokens[i].end,
                                 tokens[i].plural))
    return out


# Attitudes toward mental illness, or toward the people who live with it, are its stigma ("Community Attitudes
# toward Mental Illness"); attitudes toward peer workers are how they are accepted where they work, their
# workplace integration ("staff attitudes towards peer workers"); attitudes toward anything else name no outcome
# by themselves.
_ATTITUDES = frozenset({"attitude"})
_TOWARD = frozenset({"toward", "towards"})
_ILLNESS = (("mental", "illness"), ("mental", "disorder"), ("mental", "health", "problem"), ("mental", "disease"),
            ("psychiatric", "illness"), ("psychiatric", "disorder"), ("mentally", "ill"))
# Words before the illness that say its people: "attitudes toward people with mental illness".
_ILL_PEOPLE = frozenset({"the", "people", "person", "persons", "individual", "those", "with", "a"})
_STIGMA = URIRef(CONCEPT["outcome/stigma"])
_WORKPLACE_INTEGRATION = URIRef(CONCEPT["outcome/workplace-integration"])


def _attitudes_toward(sentence: Sentence, found: list[Match], lex: Lexicon) -> list[Match]:
    """Stigma named as attitudes toward mental illness or its people (the illness must open the topic: "attitudes
    toward disclosure of mental illness" are about disclosure); workplace integration named as attitudes toward
    peer workers (the peer workers must open the topic)."""
    if _STIGMA not in lex.labels:
        return []
    tokens = sentence.tokens
    peers = {m.first for m in found if m.scheme == ROLE and _is_peer_worker(m.concept, lex)}
    out: list[Match] = []
    for i, token in enumerate(tokens):
        if token.norm not in _ATTITUDES:
            continue
        after = [tokens[j].norm for j in range(i + 1, len(tokens)) if tokens[j].norm][:10]
        if not after or after[0] not in _TOWARD:
            continue
        topic = after[1:]
        lead = 0
        while lead < len(topic) and topic[lead] in _ILL_PEOPLE:
            lead += 1
        if any(tuple(topic[lead:lead + len(p)]) == p for p in _ILLNESS):
            out.append(Match(_STIGMA, OUTCOME, i, i, token.start, token.end, token.plural))
            continue
        toward = next(j for j in range(i + 1, len(tokens)) if tokens[j].norm)
        opening = next((j for j in range(toward + 1, len(tokens))
                        if tokens[j].norm and tokens[j].norm not in _DETERMINERS), None)
        if opening in peers and _WORKPLACE_INTEGRATION in lex.labels:
            out.append(Match(_WORKPLACE_INTEGRATION, OUTCOME, i, i, token.start, token.end, token.plural))
    return out


def _peer_employment(sentence: Sentence, match: Match) -> Match:
    """Employment that is the employing of peers ("the employment of veteran peers", "recommendations for the
    employment of PSWrs", "peer support employment") is a peer-workforce outcome, as "employing peer support
    workers" is, not the employment outcome of the people supported."""
    if match.concept != _EMPLOYMENT or sentence.tokens[match.last].norm != "employment":
        return match
    before = [t.norm for t in sentence.tokens[:match.first] if t.word][-2:]
    after = [t.norm for t in sentence.tokens[match.last + 1:] if t.word][:4]
    employing = after[:1] == ["of"] and any(w.startswith(_PEER_STEMS) for w in after[1:])
    if employing or (before and before[-1] in ("peer", "support") and "peer" in before):
        return Match(_PEER_WORKFORCE, match.scheme, match.first, match.last, match.start, match.end, match.plural)
    return match


_WELLBEING = URIRef(CONCEPT["outcome/wellbeing"])
_PEER_WORKER_WELLBEING = URIRef(CONCEPT["outcome/peer-worker-wellbeing"])
_OF_PEOPLE = frozenset({"of", "among", "amongst", "in", "for"})


def _peer_wellbeing(sentence: Sentence, match: Match, found: list[Match], lex: Lexicon) -> Match:
    """Wellbeing, or a concept under it, said of peer workers ("PSW wellbeing", "peer workers' wellbeing", "the
    wellbeing of peer mentors", "peer volunteers' motivation and resilience") is the wellbeing of peer workers,
    not that of the people supported; so is mental health said of them ("peer workers' mental health improved"),
    their own mental health as the concept defines it."""
    if _PEER_WORKER_WELLBEING not in lex.labels or (
            match.concept not in (_WELLBEING, CLINICAL) and _WELLBEING not in lex.broader.get(match.concept, ())):
        return match
    tokens = sentence.tokens
    k = _before_coordinated_nouns(tokens, match.first - 1, found)
    while k >= 0 and not tokens[k].word and tokens[k].text in ("'", "\u2019"):
        k -= 1
    before = k >= 0 and any(m.scheme == ROLE and m.last == k and _is_peer_worker(m.concept, lex) for m in found)
    after = [i for i in range(match.last + 1, len(tokens)) if tokens[i].word][:3]
    while len(after) > 1 and tokens[after[1]].norm in _DETERMINERS:
        after.pop(1)
    of = (len(after) > 1 and tokens[after[0]].norm in _OF_PEOPLE
          and any(m.scheme == ROLE and m.first == after[1] and _is_peer_worker(m.concept, lex) for m in found))
    if before or of:
        return Match(_PEER_WORKER_WELLBEING, match.scheme, match.first, match.last, match.start, match.end,
                     match.plural, match.opposite)
    return match


# How many words a coordinated list may hold before an outcome that a possessive before the list governs:
# "peer volunteers' motivation and resilience".
_LIST_NOUNS = 3


def _before_coordinated_nouns(tokens: tuple[Token, ...], k: int, found: list[Match]) -> int:
    """The index before a coordinated list of nouns that ends at k with a coordinator ("motivation and" of
    "motivation and resilience"), so that what stands before the list governs every item; k itself when no
    coordinator ends there or no possessive stands before the list."""
    if k < 1 or tokens[k].norm not in _COORDINATORS:
        return k
    role_ends = {m.last for m in found if m.scheme == ROLE}
    j, words = k - 1, 0
    while j >= 0 and words <= _LIST_NOUNS:
        if tokens[j].text in ("'", "\u2019", "'s", "\u2019s") or tokens[j].norm in ("'s",):
            return j if j - 1 in role_ends else k
        if tokens[j].word:
            if tokens[j].norm in _DETERMINERS or j in role_ends:
                return k
            words += 1
        elif tokens[j].norm not in _COORDINATORS:
            return k
        j -= 1
    return k


def _is_peer_worker(concept: URIRef, lex: Lexicon) -> bool:
    worker = URIRef(CONCEPT["role/peer-support-worker"])
    return concept == worker or worker in lex.broader.get(concept, ())


def _other_sense(sentence: Sentence, match: Match, found: list[Match]) -> bool:
    """True when an outcome label is used in another sense by the words around it: the name of a theory
    ("self-determination theory"), an organisation's state ("organisational well-being"), an act done to the
    people a role names ("employment of peers"), or a point in time ("after the implementation of")."""
    if match.scheme != OUTCOME:
        return False
    following = [i for i in range(match.last + 1, len(sentence.tokens)) if sentence.tokens[i].norm][:2]
    if following and sentence.tokens[following[0]].norm in _THEORY_WORDS:
        return True
    if (match.concept == _TRAINING and following
            and sentence.tokens[following[0]].norm in _COURSE_WORDS):
        return True
    preceding = [t.norm for t in sentence.tokens[:match.first] if t.norm][-1:]
    if preceding and preceding[0] in _ORGANISATIONAL:
        return True
    if _compound_adjective(sentence, match):
        return True
    if match.concept == _SYMPTOMS and match.first == match.last and _among_diagnoses(sentence, match):
        return True
    if match.first == match.last and (match.concept == _IMPLEMENTATION
                                      or sentence.tokens[match.first].norm in _EVENT_NOUNS):
        before = [t.norm for t in sentence.tokens[:match.first] if t.norm][-3:]
        while before and before[-1] in _DETERMINERS:
            before.pop()
        if before and before[-1] in _TIME_BEFORE:
            return True
    if match.concept == _IMPLEMENTATION and _feasibility_of_research(sentence, match):
        return True
    if match.concept in _ACTS_ON_PEOPLE and sentence.tokens[match.last].norm in _ACT_NOUNS:
        words = [i for i in range(match.last + 1, len(sentence.tokens)) if sentence.tokens[i].norm][:6]
        norms = [sentence.tokens[i].norm for i in words]
        # "employment of", "implementation and integration of" (one coordinated noun may stand between)
        k = 2 if norms[:1] in (["and"], ["or"]) else 0
        if norms[k:k + 1] == ["of"]:
            rest = words[k + 1:]
            while rest and sentence.tokens[rest[0]].norm in _DETERMINERS:
                rest = rest[1:]
            return bool(rest) and any(m.scheme == ROLE and m.first == rest[0] for m in found)
    return False


def _facet_of_another(sentence: Sentence, match: Match, found: list[Match]) -> bool:
    """True when an outcome stands in parentheses right after another outcome, alone or in a list, as its facets
    or subscales: "burnout (disengagement and exhaustion)" names burnout, not engagement."""
    if match.scheme != OUTCOME:
        return False
    tokens = sentence.tokens
    inside = {i for m in found if m.scheme == OUTCOME for i in range(m.first, m.last + 1)}
    k = match.first - 1
    while k >= 0 and (k in inside or tokens[k].norm in _COORDINATORS
                      or (not tokens[k].norm and tokens[k].text != "(")):
        k -= 1
    if k < 1 or tokens[k].text != "(":
        return False
    return any(m.scheme == OUTCOME and m.last == k - 1 and m.concept != match.concept for m in found)


def _next_word(sentence: Sentence, last: int) -> int:
    """The index of the first word after token last, -1 when none follows."""
    return next((i for i in range(last + 1, len(sentence.tokens)) if sentence.tokens[i].norm), -1)


def _not_as_acronym(sentence: Sentence, i: int, entries: tuple[Entry, ...]) -> tuple[Entry, ...]:
    """A word written in capitals in a sentence that is not is an acronym, the name of what it abbreviates
    ("Harnessing Online Peer Education (HOPE)"), not the outcome an ordinary word of the same letters names:
    outcome labels in small letters do not match it, labels written in capitals ("GAF") do."""
    token = sentence.tokens[i]
    letters = [c for c in token.text if c.isalpha()]
    if len(letters) < 2 or not all(c.isupper() for c in letters):
        return entries
    lower = sum(1 for t in sentence.tokens if t.word and any(c.islower() for c in t.text))
    if lower < 3:  # a heading or a title set in capitals
        return entries
    return tuple(e for e in entries if e.scheme != OUTCOME or not e.label.islower())


# Feasibility said of the research itself, its trial and procedures ("a larger trial is feasible", "blinding
# participants was not feasible", "the feasibility of a definitive trial"), is the feasibility of the study, not
# an implementation outcome of the service.
_RESEARCH_NOUNS = frozenset({"trial", "blinding", "blind", "masking", "randomisation", "randomization",
                             "randomising", "randomizing", "recruitment", "recruiting", "follow-up", "followup"})
_COPULAS = frozenset({"is", "was", "are", "were", "be", "been", "being", "seems", "seemed", "appears", "appeared",
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
# services", "engage homeless veterans in care" name service engagement as the noun does.
_ENGAGING = frozenset({"engage", "engages", "engaged", "engaging"})
_CARE_NOUNS = frozenset({"care", "service", "treatment", "therapy", "services"})
_ENGAGING_REACH = 5
_PEOPLE = frozenset({"patient", "client", "user", "people", "person", "individual", "participant", "member",
                     "adult", "youth", "student", "veteran", "woman", "women", "man", "men", "mother", "family"})
_ENGAGEMENT = URIRef(CONCEPT["outcome/engagement"])


def _verb_of_engagement(sentence: Sentence, found: list[Match], lex: Lexicon) -> list[Match]:
    """Service engagement named by the verb with the people engaged and the care they are engaged in; the
    match runs from the verb to the noun of care."""
    if _ENGAGEMENT not in lex.labels:
        return []
    tokens = sentence.tokens
    people = {m.last for m in found if m.scheme == ROLE}
    taken = {i for m in found if m.scheme == OUTCOME and m.first < m.last for i in range(m.first, m.last + 1)}
    out: list[Match] = []
    for i, token in enumerate(tokens):
        if token.norm not in _ENGAGING or i in taken:
            continue
        words = [j for j in range(i + 1, len(tokens)) if tokens[j].norm][:_ENGAGING_REACH + 4]
        link = next((n for n, j in enumerate(words[:_ENGAGING_REACH + 1]) if tokens[j].norm in ("in", "with")), None)
        if link is None or link == 0:
            continue
        objects = words[:link]
        if not (people & set(objects) or tokens[objects[-1]].norm in _PEOPLE):
            continue
        care = next((j for j in words[link + 1:link + 4] if tokens[j].norm in _CARE_NOUNS), None)
        if care is not None:
            out.append(Match(_ENGAGEMENT, OUTCOME, i, care, token.start, tokens[care].end, tokens[care].plural))
    return out


# Nouns of reaching care with the words that join them to it, and the heads of care: "access to appropriate mental
# health supports", "connection with community-based services" name service engagement as "access to care" does,
# whatever modifiers stand before the head (the verb, "accessing professional services", was left out: on the
# development set it gained two outcomes but cost a false finding).
_REACHING = {"access": ("to",), "engagement": ("with", "in"), "linkage": ("to",),
             "connection": ("to", "with"), "retention": ("in",)}
_CARE_HEADS = frozenset({"service", "care", "treatment", "support"})
_NOT_MODIFIERS = frozenset({"and", "or", "to", "with", "in", "of", "for", "from", "by", "at", "on", "as", "than",
                            "that", "which"})
_CARE_MODIFIERS = 3


def _access_to_care(sentence: Sentence, lex: Lexicon) -> list[Match]:
    """Service engagement named as reaching care, with up to three modifiers before the head of care; not the
    peer support itself ("access to a peer support group"), and "support" only with a modifier ("mental health
    support", never "support" alone)."""
    if _ENGAGEMENT not in lex.labels:
        return []
    tokens = sentence.tokens
    words = [i for i, tok in enumerate(tokens) if tok.norm]
    out: list[Match] = []
    for n, i in enumerate(words):
        if n >= 2 and _said_of_an_arm([tokens[j].norm for j in words[:n]]):
            break
        links = _REACHING.get(tokens[i].norm)
        k = n + 1
        if links is None or k >= len(words) or tokens[words[k]].norm not in links:
            continue
        k += 1
        while k < len(words) and tokens[words[k]].norm in ("the", "their", "a", "an", "its", "his", "her"):
            k += 1
        modifiers = 0
        while k < len(words) and tokens[words[k]].norm not in _CARE_HEADS and modifiers < _CARE_MODIFIERS:
            norm = tokens[words[k]].norm
            if norm in _NOT_MODIFIERS or norm.startswith("peer") or not tokens[words[k]].word:
                break
            modifiers += 1
            k += 1
        if k >= len(words) or tokens[words[k]].norm not in _CARE_HEADS:
            continue
        head = words[k]
        if (tokens[head].norm == "support" and not modifiers) or tokens[head - 1].text in ("-", "\u2010", "\u2011"):
            continue  # "support" alone, or a head inside a compound word ("self-care")
        if not _ends_noun_phrase(tokens, head):
            continue  # "linkage to a statewide emergency medical services database"
        out.append(Match(_ENGAGEMENT, OUTCOME, i, head, tokens[i].start, tokens[head].end, tokens[head].plural))
    return out


# Words that name a study arm before "group" or "arm": "the control group only had access to routine care" says
# what the arm was given, not an outcome.
_ARM_WORDS = frozenset({"control", "comparison", "intervention", "treatment", "experimental", "usual"})


def _said_of_an_arm(before: list[str]) -> bool:
    """True when the words before name a study arm as the subject ("the control group ... had access to")."""
    return any(a in _ARM_WORDS and b in ("group", "arm", "condition") for a, b in pairwise(before))


# Words that may follow the head of a noun phrase without going on with it: function words, auxiliaries, pronouns.
_AFTER_HEAD = _NOT_MODIFIERS | frozenset({
    "through", "via", "among", "amongst", "during", "after", "before", "across", "within", "without",
    "is", "was", "are", "were", "be", "been", "has", "have", "had", "can", "could", "may", "might", "will",
    "would", "should", "they", "we", "it", "he", "she", "but", "nor", "so", "when", "where", "while", "because",
    "if", "remained", "increased", "decreased", "improved", "declined", "did", "do", "does", "not"})


def _ends_noun_phrase(tokens: tuple[Token, ...], head: int) -> bool:
    """True when nothing after the head goes on with its noun phrase: the end, punctuation, or a word that
    cannot be a further noun of a compound."""
    following = tokens[head + 1] if head + 1 < len(tokens) else None
    if following is None or not following.word:
        return True
    return following.norm in _AFTER_HEAD or following.norm.endswith(("ed", "ly"))


# Words of degree that make a hyphenated compound adjective of a label: "a low-cost programme", "high-stigma
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
_DIAGNOSES = frozenset({"schizophrenia", "bipolar", "psychosis", "psychoses", "disorder", "dementia", "autism",
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


def _derived_adjectives(sentence: Sentence, found: list[Match], lex: Lexicon, positions: list[int],
                        norms: list[str]) -> list[Match]:
    """Outcomes named by the adjective of a one-word label, said of how people feel or heading a measure:
    "felt less anxious" (anxiety), "more confident" (confidence), "depressive scores" (depression),
    "felt less stigmatised" (stigmatisation). Only where no label matched and the noun is an outcome label."""
    taken = {i for m in found for i in range(m.first, m.last + 1)}
    extra: list[Match] = []
    for k, word in enumerate(norms):
        if positions[k] in taken or (word,) in lex.entries:
            continue
        before = norms[max(0, k - 2):k]
        after = norms[k + 1:k + 2]
        if set(after) & _MEASURE_HEADS:
            pass
        elif not set(before) & _FEELING_WORDS or _attributive(sentence, positions, k):
            continue
        for noun in _nouns_of(word):
            entries = [e for e in lex.entries.get((noun,), ()) if e.scheme == OUTCOME]
            if entries:
                extra.extend(_make(sentence, e, positions[k], positions[k]) for e in entries)
                break
        else:
            # The suffix table knows no noun: the stem finds one ("isolated" and "isolation" share "isol").
            extra.extend(_make(sentence, e, positions[k], positions[k]) for e in _stem_entries(word, lex))
    return extra


# Words that may follow an adjective of feeling without being the noun it describes: "more confident in",
# "less anxious and", "felt hopeful about".
_AFTER_PREDICATE = frozenset({
    "in", "about", "and", "or", "with", "to", "than", "at", "of", "after", "over", "when", "as", "because", "for",
    "during", "compared", "but", "while", "across", "toward", "towards", "that", "by", "from", "on", "if",
    "among", "throughout", "following", "before", "since", "overall", "both", "were", "was", "is", "are",
    "upon", "within", "without", "whereas", "although", "though", "so", "enough", "again",
    # a determiner after it makes the word a verb ("destigmatised the topic"): no adjective stands before one
    "the", "a", "an", "their", "its", "his", "her", "this", "these", "those", "our", "them", "it"})


def _attributive(sentence: Sentence, positions: list[int], k: int) -> bool:
    """True when the adjective at k stands before the noun it describes ("more resilient services", "less
    stigmatising language"), so it names a quality of that thing, not how people feel; an adjective said of
    people stands last in its phrase ("felt more resilient", "less anxious than before")."""
    if k + 1 >= len(positions):
        return False
    token = sentence.tokens[positions[k + 1]]
    return token.word and token.norm not in _AFTER_PREDICATE and not token.norm.endswith("ly")


# Stems too short to tell words apart ("use" of "usefulness", "had" of "HADS") are not looked up.
_MIN_STEM_LOOKUP = 4


def _stem_entries(word: str, lex: Lexicon) -> list[Entry]:
    """Outcome labels of one word whose stem is the word's stem, when the word is no label itself and no
    blocked phrase shares the stem."""
    key = (stem(word),)
    if len(key[0]) < _MIN_STEM_LOOKUP or (word,) in lex.entries:
        return []
    entries = lex.stemmed.get(key, ())
    if any(e.concept == BLOCK for e in entries):
        return []
    return [e for e in entries if e.scheme == OUTCOME and len(e.label.split()) == 1
            and _shared_prefix(word, normalize_phrase(e.label)[0]) >= len(normalize_phrase(e.label)[0]) - _SUFFIX_ROOM]


# How many letters of a label may differ from a word of the same stem at its end: "isolat|ion" and "isolat|ed"
# are one word; "activ|ation" and "activ|e" are not.
_SUFFIX_ROOM = 4


def _shared_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


# Endings of nouns made from adjectives and nouns of a state ("hopefulness" of "hopeful").
_STATE_NOUN_ENDINGS = ("ness",)
# The prefix of doing again ("rehospitalization", "re-engaging"): the rest names the outcome.
_AGAIN = "re"
_MIN_REST = 6


def _derived_nouns(sentence: Sentence, consumed: set[int], lex: Lexicon, positions: list[int],
                   norms: list[str]) -> list[Match]:
    """Outcomes named by a derived form of a one-word label that no label matched: a noun of state
    ("hopefulness": hope) or the label with the prefix of doing again ("rehospitalizations",
    "re-engaging": engagement)."""
    extra: list[Match] = []
    for k, word in enumerate(norms):
        if positions[k] in consumed:
            continue
        first = positions[k]
        entries: list[Entry] = []
        if word.endswith(_STATE_NOUN_ENDINGS):
            entries = _stem_entries(word, lex)
        elif word.startswith(_AGAIN) and len(word) - len(_AGAIN) >= _MIN_REST:
            rest = word[len(_AGAIN):]
            entries = list(_stem_entries(rest, lex)) or [e for e in lex.entries.get((rest,), ())
                                                          if e.scheme == OUTCOME]
        elif (word == _AGAIN and k + 1 < len(norms) and positions[k + 1] not in consumed
              and sentence.tokens[first + 1].text == "-"):
            rest = norms[k + 1]
            entries = [e for e in lex.entries.get((rest,), ()) if e.scheme == OUTCOME] or _stem_entries(rest, lex)
            if entries:
                extra.extend(_make(sentence, e, first, positions[k + 1]) for e in entries)
            continue
        extra.extend(_make(sentence, e, first, first) for e in entries)
    return extra


# Prefixes that negate or reverse the word they stand before ("disengagement", "unemployed", "destigmatised",
# "non-adherence") and suffixes of lacking ("meaningless", "powerlessness"): the word names its outcome's
# opposite. The rest must be six letters or more, so that short words that only look so ("desire", "united",
# "unless") are left alone.
_NEGATING_PREFIXES = ("dis", "non", "un", "de")
_UNDOING = "de"
# Endings of adjectives, which describe the noun after them ("unemployed persons", "unhelpful responses").
_ADJECTIVE_ENDINGS = ("ed", "ful", "less", "ing", "ive", "al", "able", "ible")
_VERB_ENDINGS = ("ed", "ing", "ise", "ize", "ises", "izes")
_LACKING_SUFFIXES = ("lessness", "less")
_MIN_NEGATED = 6


def _opposite_forms(sentence: Sentence, found: list[Match], consumed: set[int], lex: Lexicon,
                    positions: list[int], norms: list[str]) -> tuple[list[Match], list[Match]]:
    """Outcomes named by their opposite through a negating prefix or a suffix of lacking on a one-word label or
    a form of it that no label matched: "disengagement" (engagement), "unemployment" (employment), "felt
    destigmatised" (stigma), "meaninglessness" (meaning); a hyphenated prefix negates the label after it
    ("non-adherence to medication"). Each match says it names the opposite, so that a fall in it is a rise in
    the outcome. Returns the matches and the labels they take the place of."""
    taken = consumed | {i for m in found for i in range(m.first, m.last + 1)}
    tokens = sentence.tokens
    extra: list[Match] = []
    negated: list[Match] = []
    for k, word in enumerate(norms):
        first = positions[k]
        if first in taken or (word,) in lex.entries:
            continue
        if word in _NEGATING_PREFIXES[:2] and k + 1 < len(norms) and tokens[first + 1].text == "-":
            after = [m for m in found if m.scheme == OUTCOME and m.first == positions[k + 1]]
            negated.extend(after)
            extra.extend(Match(m.concept, m.scheme, first, m.last, tokens[first].start, m.end, m.plural, True)
                         for m in after)
            rests = [] if after else [norms[k + 1]]
            last = positions[k + 1]
        else:
            rests, last = _negated_rests(word), first
        if (rests and first == last and word.endswith(_ADJECTIVE_ENDINGS) and _attributive(sentence, positions, k)
                and not any(m.scheme == OUTCOME and m.first == positions[k + 1] for m in found)):
            continue  # "unemployed persons" describes people; "destigmatised help-seeking" acts on an outcome
        for rest in rests:
            entries = _negated_entries(rest, lex)
            if entries:
                extra.extend(Match(e.concept, e.scheme, first, last, tokens[first].start, tokens[last].end,
                                   tokens[last].plural, True) for e in entries)
                break
    return extra, negated


def _marked_opposite(sentence: Sentence, match: Match, lex: Lexicon) -> Match:
    """A label that is itself a negated form of its concept's name ("unemployment", "disempowerment",
    "unhelpful") names the opposite too."""
    if match.scheme != OUTCOME or match.opposite:
        return match
    for token in match.tokens(sentence):
        for rest in _negated_rests(token.norm):
            if any(e.concept == match.concept for e in _negated_entries(rest, lex)):
                return Match(match.concept, match.scheme, match.first, match.last, match.start, match.end,
                             match.plural, True)
    return match


def _negated_rests(word: str) -> list[str]:
    """What a word may negate: its rest after a negating prefix, or before a suffix of lacking. The prefix of
    undoing ("de") makes verbs and their participles ("destigmatised", "demotivated"); nouns that start with it
    ("decompensation", "depression") are words of their own."""
    rests = [word[len(p):] for p in _NEGATING_PREFIXES if word.startswith(p) and len(word) - len(p) >= _MIN_NEGATED
             and (p != _UNDOING or word.endswith(_VERB_ENDINGS))]
    rests += [word[:-len(s)] for s in _LACKING_SUFFIXES if word.endswith(s) and len(word) - len(s) >= _MIN_STEM + 1]
    return rests


def _negated_entries(rest: str, lex: Lexicon) -> list[Entry]:
    """Outcome labels of one word that a negated rest names: itself, the noun it is derived from
    ("stigmatized": stigmatization), or a label of its stem."""
    for word in (rest, *_nouns_of(rest)):
        entries = [e for e in lex.entries.get((word,), ()) if e.scheme == OUTCOME]
        if entries:
            return entries
    return _stem_entries(rest, lex)


def _nouns_of(adjective: str) -> list[str]:
    """Nouns an adjective may be derived from, by the usual English suffixes."""
    out: list[str] = []
    for ending, replacements in _DERIVATIONS:
        if adjective.endswith(ending) and len(adjective) - len(ending) >= _MIN_STEM:
            stem = adjective[:len(adjective) - len(ending)]
            out.extend(stem + r for r in replacements)
    return out


def _make(sentence: Sentence, entry: Entry, first: int, last: int) -> Match:
    tokens = sentence.tokens
    return Match(entry.concept, entry.scheme, first, last, tokens[first].start, tokens[last].end,
                 tokens[last].plural)


def _coordinated(sentence: Sentence, found: list[Match], lex: Lexicon, positions: list[int],
                 norms: list[str]) -> tuple[list[Match], list[Match]]:
    """Labels whose modifier is shared by coordination: "realist and participatory evaluation" (the head shared
    backwards), "academic satisfaction and engagement" (the modifier shared forwards: academic engagement, which
    takes the place of the bare word). Returns the labels found and the bare words they replace."""
    extra: list[Match] = []
    replaced: list[Match] = []
    index = {tok: k for k, tok in enumerate(positions)}
    for match in found:
        k = index[match.first]
        head = norms[k + 1:index[match.last] + 1]
        if head and k >= 2 and norms[k - 1] in _COORDINATORS:
            for entry in lex.entries.get((norms[k - 2], *head), ()):
                if entry.scheme == match.scheme and entry.concept not in (BLOCK, match.concept):
                    extra.append(_make(sentence, entry, positions[k - 2], match.last))
        if match.first == match.last and k >= 3 and norms[k - 1] in _COORDINATORS:
            # "academic satisfaction and engagement": the modifier of the conjunct before this one word
            entries = [e for e in lex.entries.get((norms[k - 3], norms[k]), ())
                       if e.scheme == match.scheme and e.concept not in (BLOCK, match.concept)]
            extra.extend(_make(sentence, e, positions[k - 3], match.last) for e in entries)
            replaced.extend([match] if entries else [])
    return extra, replaced


def learn_acronyms(sentences: list[Sentence], lex: Lexicon) -> Acronyms:
    """Acronyms a document defines right after a label: "Peer Recovery Support Specialists (PRSS)"; and, for
    outcomes, after the name of a measure the label is part of: "Warwick-Edinburgh Mental Wellbeing Scale
    (WEMWBS)", "Patient Health Questionnaire-9 (PHQ-9)"."""
    learned: Acronyms = {}
    for sentence in sentences:
        tokens = sentence.tokens
        for match in find_matches(sentence, lex):
            nxt = match.last + 1
            if nxt + 2 < len(tokens) and tokens[nxt].text == "(" and tokens[nxt + 2].text == ")":
                acronym = tokens[nxt + 1]
                key = (normalize_token(acronym.text)[0],)
                if key not in lex.entries and _defines(acronym.text, match.tokens(sentence)):
                    learned.setdefault(key, (Entry(match.concept, match.scheme, acronym.text),))
                    continue
            if match.scheme == OUTCOME:
                for measure_key, text in _measure_acronym(sentence, match):
                    if measure_key not in lex.entries:
                        learned.setdefault(measure_key, (Entry(match.concept, match.scheme, text),))
    return learned


def _measure_acronym(sentence: Sentence, match: Match) -> list[tuple[tuple[str, ...], str]]:
    """The acronym in parentheses after the name of a measure an outcome label stands in, when its letters
    abbreviate the name: keys for the whole acronym ("phq", "9") and for its letters alone ("phq",)."""
    tokens = sentence.tokens
    k = match.last + 1
    while k < len(tokens) and k - match.last <= _NAME_TAIL and _name_part(tokens[k]):
        k += 1
    if k >= len(tokens) or tokens[k].text != "(":
        return []
    closing = next((j for j in range(k + 1, min(len(tokens), k + 6)) if tokens[j].text == ")"), None)
    if closing is None or closing == k + 1:
        return []
    inner = tokens[k + 1:closing]
    text = sentence.text[inner[0].start - sentence.start:inner[-1].end - sentence.start]
    letters = [c for c in text if c.isalpha()]
    if not (2 <= len(letters) <= 10 and sum(c.isupper() for c in letters) >= 2 and text[:1].isupper()
            and all(t.word or t.text == "-" for t in inner)):
        return []
    first = match.first
    while first > 0 and match.first - first < _NAME_TAIL and _name_part(tokens[first - 1]):
        first -= 1
    name = sentence.text[tokens[first].start - sentence.start:tokens[k - 1].end - sentence.start]
    if not (any(t.norm in _INSTRUMENT_WORDS for t in tokens[first:k]) and _abbreviates(text, name)):
        return []
    whole = tuple(t.norm for t in inner if t.norm)
    keys: list[tuple[tuple[str, ...], str]] = [(whole, text)]
    if len(whole) > 1 and whole[0].isalpha() and len(whole[0]) >= 2:
        keys.append(((whole[0],), text))
    return keys


# Words that make a name the name of a measure, so that the acronym after it stands for what it measures (and
# "depression Internet Support Group (ISG)", an intervention, stays no outcome).
_INSTRUMENT_WORDS = _MEASURE_WORDS | frozenset({"interview", "test", "schedule", "assessment", "checklist",
                                                "rating", "subscale", "item"})
# How many name words may stand before or after an outcome label inside the name of a measure.
_NAME_TAIL = 5


def _name_part(token: Token) -> bool:
    """A word of a measure's name: capitalised, a number, or a hyphen ("Warwick-Edinburgh", "-9", "BREF")."""
    return token.text == "-" or token.text.isdigit() or (token.word and token.text[:1].isupper())


def _abbreviates(short: str, long: str) -> bool:
    """True when every letter and digit of short occurs in long in order, the first at the start of a word
    (the way authors abbreviate names: "WEMWBS" of "Warwick-Edinburgh Mental Wellbeing Scale")."""
    chars = [c.casefold() for c in short if c.isalnum()]
    text = long.casefold()
    at = len(text) - 1
    for i in range(len(chars) - 1, -1, -1):
        while at >= 0 and (text[at] != chars[i] or (i == 0 and at > 0 and text[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return False
        at -= 1
    return True


def _defines(acronym: str, words: tuple[Token, ...]) -> bool:
    """True when acronym (optionally with a plural s) spells the initials of the words."""
    letters = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
    if not (2 <= len(letters) <= 8 and letters.isupper() and letters.isalpha()):
        return False
    initials = "".join(t.text[0] for t in words if t.word and t.norm not in _ACRONYM_SKIP).upper()
    return initials == letters


def _outcome(name: str) -> URIRef:
    return URIRef(CONCEPT[f"outcome/{name}"])


# General heads take their outcome from the modifier before them: "cannabis use" is substance use, "crisis
# service use" service use, "caregiver burden" the burden of care. Each head names the class of modifiers that
# decide it; a modifier of no class leaves the head as the labels have it.
_SUBSTANCES = {m: "substance-use" for m in (
    "substance", "alcohol", "drug", "cannabis", "marijuana", "heroin", "cocaine", "crack", "opioid", "opiate",
    "methamphetamine", "amphetamine", "stimulant", "benzodiazepine", "illicit", "polysubstance", "injection",
    "sud")}
_SERVICES = {m: "service-use" for m in (
    "service", "healthcare", "care", "hospital", "outpatient", "emergency", "crisis", "ed", "er", "acute")}
_CARERS = {m: "caregiver-burden" for m in (
    "caregiver", "carer", "caregiving", "family", "familial", "parental", "parenting", "relative")}
# "Health" alone names a field more often than an outcome ("mental health services"), so it gains no outcome
# of its own; but a label that starts with it ("health status", of physical health) takes the outcome of the
# modifier before it: "psychosocial health status" is no physical health.
_HEALTHS = {"mental": "clinical", "psychological": "clinical", "psychiatric": "clinical", "emotional": "clinical",
            "psychosocial": "social", "social": "social"}
_HEAD_GROUPS: tuple[tuple[tuple[str, ...], dict[str, str]], ...] = (
    (("use", "usage", "utilization", "misuse", "abuse", "consumption"), {**_SUBSTANCES, **_SERVICES}),
    (("burden", "strain"), _CARERS),
    (("relapse",), _SUBSTANCES),
    (("health",), _HEALTHS),
)
_HEADS: dict[str, dict[str, str]] = {head: classes for heads, classes in _HEAD_GROUPS for head in heads}
_OVERRIDE_ONLY = frozenset({"health"})


def _modified_heads(sentence: Sentence, found: list[Match], lex: Lexicon, positions: list[int],
                    norms: list[str]) -> list[Match]:
    """Outcomes of general heads decided by their modifiers: a head no label took gains the outcome of its
    modifier, coordinated ones included ("cannabis and heroin use"); a label that starts with the head
    ("health status") gives way to the outcome its modifier names ("psychosocial health status")."""
    out = list(found)
    for k, word in enumerate(norms):
        classes = _HEADS.get(word)
        if classes is None or k == 0:
            continue
        head = positions[k]
        covering = [m for m in out if m.scheme == OUTCOME and m.first <= head <= m.last]
        if any(m.first < head for m in covering) or (word in _OVERRIDE_ONLY and not covering):
            continue  # a label holds the modifier already ("substance use"), or the head names no outcome alone
        modifiers = [k - 1] if word in _OVERRIDE_ONLY else [k - 1, *_coordinated_modifiers(norms, k - 1)]
        concepts = [(j, _outcome(classes[norms[j]])) for j in modifiers if norms[j] in classes]
        concepts = [(j, c) for j, c in concepts if c in lex.labels
                    and not _is_name_part(sentence, positions[j], head, True)]  # "Institute on Drug Abuse"
        if not concepts:
            continue
        last = max([head, *(m.last for m in covering)])
        out = [m for m in out if m not in covering]
        for j, concept in concepts:
            out.append(Match(concept, OUTCOME, positions[j], last, sentence.tokens[positions[j]].start,
                             sentence.tokens[last].end, sentence.tokens[last].plural))
    return out


def _coordinated_modifiers(norms: list[str], k: int) -> list[int]:
    """Indices of the modifiers coordinated before the word at k: "cannabis and" of "cannabis and heroin"."""
    out: list[int] = []
    while k >= 2 and norms[k - 1] in _COORDINATORS:
        k -= 2
        out.append(k)
    return out
