"""Outcomes named by phrases that hold no label: how staff work with, take and regard peer workers
(workplace integration), attitudes toward mental illness (stigma), reaching or being engaged in care
(service engagement), the skills and knowledge of peer workers, changed (peer worker competence), and knowledge
the people supported gain (mental health literacy)."""

from __future__ import annotations

from itertools import pairwise

from rdflib import URIRef

from kg.extract.lexicon import OUTCOME, ROLE, Lexicon
from kg.extract.matches import (
    DETERMINERS,
    Match,
    is_peer_worker,
)
from kg.extract.text import Sentence, Token
from kg.namespaces import CONCEPT

# Nouns and verbs of working together, with the word that joins them to a role of peer workers:
# "collaborating with", "partnership with", "working alongside" ("the integration of peer specialists into
# teams" is more often the intervention itself than an outcome, and is left out).
_RELATION_LINKS = {
    "collaboration": ("with",), "collaborating": ("with",), "collaborate": ("with",), "collaborated": ("with",),
    "partnership": ("with",), "working": ("alongside",), "work": ("alongside",),
}


def peer_work_relations(sentence: Sentence, found: list[Match], lex: Lexicon, positions: list[int],
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
        if role.scheme != ROLE or not is_peer_worker(role.concept, lex) or role.first not in index:
            continue
        k = index[role.first] - 1
        while k >= 0 and norms[k] in DETERMINERS:
            k -= 1
        if k < 1 or norms[k] not in _RELATION_LINKS.get(norms[k - 1], ()) or positions[k - 1] in taken:
            continue
        extra.append(Match(concept, OUTCOME, positions[k - 1], positions[k - 1],
                           sentence.tokens[positions[k - 1]].start, sentence.tokens[positions[k - 1]].end, False))
    return extra


# The noun of integrating, the words that join it to the peer workers integrated or to where they are integrated,
# and the places of work: "the integration of PSWs into multiprofessional teams", "integration within mainstream
# mental health services", "organisational integration of the counsellor within facilities".
# The definition's own word is the participle ("accepted and integrated where they work"): "peers are being
# integrated into the behavioral health workforce" names the outcome as the noun does. Where they work is the
# workforce too ("integration into the workforce").
_INTEGRATION = frozenset({"integration", "integrated", "integrating"})
_WHERE_WORK = frozenset({"team", "teams", "workplace", "service", "services", "facility", "facilities", "ward",
                         "wards", "organisation", "organization", "setting", "settings", "workforce", "workspace"})
# Verbs of effect after the words of an outcome that make them the intervention which acts: "integration of peer
# specialists into case management appears to lead to enhanced quality of life".
EFFECT_VERBS = frozenset({"lead", "leads", "led", "result", "results", "resulted", "improve", "improves",
                           "improved", "reduce", "reduces", "reduced", "increase", "increases", "increased",
                           "enhance", "enhances", "enhanced", "promote", "promotes", "promoted", "produce",
                           "produces", "produced", "contribute", "contributes", "contributed"})
_INTEGRATION_REACH = 8


def integration_of_peers(sentence: Sentence, found: list[Match], lex: Lexicon) -> list[Match]:
    """Workplace integration named as the integration of peer workers ("the integration of PSWs into teams") or
    as peer workers' integration within services or into the workforce, by the noun or its participle; not the
    introduction of the role ("the implementation and integration of peer support workers"), nor an integration
    that acts on other outcomes (the intervention)."""
    concept = URIRef(CONCEPT["outcome/workplace-integration"])
    if concept not in lex.labels:
        return []
    tokens = sentence.tokens
    taken = {i for m in found if m.scheme == OUTCOME for i in range(m.first, m.last + 1)}
    peers = [m for m in found if m.scheme == ROLE and is_peer_worker(m.concept, lex)]
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
        if not (of_peer or within) or EFFECT_VERBS & set(clause):
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


def acceptance_by_staff(sentence: Sentence, found: list[Match], lex: Lexicon) -> list[Match]:
    """Workplace integration named by how staff take peer workers: peer workers "valued by" or "respected by" the
    staff of a service, and relations between staff and peer workers. The words name the outcome only where
    both the peer workers and the staff are named."""
    if _WORKPLACE_INTEGRATION not in lex.labels:
        return []
    tokens = sentence.tokens
    words = [i for i, t in enumerate(tokens) if t.word]
    peers = [m for m in found if m.scheme == ROLE and is_peer_worker(m.concept, lex)]
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


def attitudes_toward(sentence: Sentence, found: list[Match], lex: Lexicon) -> list[Match]:
    """Stigma named as attitudes toward mental illness or its people (the illness must open the topic: "attitudes
    toward disclosure of mental illness" are about disclosure); workplace integration named as attitudes toward
    peer workers (the peer workers must open the topic)."""
    if _STIGMA not in lex.labels:
        return []
    tokens = sentence.tokens
    peers = {m.first for m in found if m.scheme == ROLE and is_peer_worker(m.concept, lex)}
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
                        if tokens[j].norm and tokens[j].norm not in DETERMINERS), None)
        if opening in peers and _WORKPLACE_INTEGRATION in lex.labels:
            out.append(Match(_WORKPLACE_INTEGRATION, OUTCOME, i, i, token.start, token.end, token.plural))
    return out


# services", "engage homeless veterans in care" name service engagement as the noun does.
_ENGAGING = frozenset({"engage", "engages", "engaged", "engaging"})
_CARE_NOUNS = frozenset({"care", "service", "treatment", "therapy", "services"})
_ENGAGING_REACH = 5
_PEOPLE = frozenset({"patient", "client", "user", "people", "person", "individual", "participant", "member",
                     "adult", "youth", "student", "veteran", "woman", "women", "man", "men", "mother", "family"})
_ENGAGEMENT = URIRef(CONCEPT["outcome/engagement"])


def verb_of_engagement(sentence: Sentence, found: list[Match], lex: Lexicon) -> list[Match]:
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


def access_to_care(sentence: Sentence, lex: Lexicon) -> list[Match]:
    """Service engagement named as reaching care, with up to three modifiers before the head of care; not the
    peer support itself ("access to a peer support group"), and "support" only with a modifier ("mental health
    support", never "support" alone)."""
    if _ENGAGEMENT not in lex.labels:
        return []
    tokens = sentence.tokens
    words = [i for i, tok in enumerate(tokens) if tok.norm]
    out: list[Match] = []
    stop = _after_an_arm([tokens[j].norm for j in words])
    for n, i in enumerate(words):
        if n >= stop:
            break  # "the control group only had access to routine care": what the arm was given
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


def _after_an_arm(norms: list[str]) -> int:
    """The position of the first word after a study arm named as the subject ("the control group ... had access
    to"), from which on nothing is read; the number of words when no arm is named. One pass over the words, so a
    sentence of any length costs its length."""
    return next((k + 1 for k, (a, b) in enumerate(pairwise(norms), start=1)
                 if a in _ARM_WORDS and b in ("group", "arm", "condition")), len(norms))


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


# Nouns of what peer workers can do or know, which the definition of peer worker competence names ("the skills,
# knowledge and competence peer workers bring to their role or build for it"); the words that join such a noun to the
# peer workers after it ("skills of peer workers", "competence among peer mentors"); the verbs by which peer workers,
# as a clause's subject, gain it ("peer specialists developed new skills"), and how many words may stand between.
_ABILITY_NOUNS = frozenset({"skill", "competence", "competency", "capacity", "knowledge", "proficiency",
                            "capability"})
# Words of a change, one of which must stand within a few words of such a noun for it to be an outcome ("increased
# knowledge", "gained in knowledge", "skills improved"): without one, knowledge and skills are more often what a
# study draws on or describes ("peer workers have the skills", "knowledge gained from research") than what it found.
_CHANGE_WORDS = frozenset({"increased", "increase", "increases", "increasing", "improved", "improve", "improves",
                           "improvement", "improving", "gained", "gain", "gains", "gaining", "greater", "more",
                           "better", "enhanced", "enhance", "higher", "developed", "develop", "developing",
                           "acquired", "acquire", "acquiring", "learned", "learnt", "decreased", "decrease", "reduced",
                           "lower", "less", "poorer", "poor", "limited", "lack", "lacked", "lacking", "built",
                           "strengthened", "grew", "growth", "expanded", "rose", "declined", "changes", "change"})
_CHANGE_REACH = 4
_CHANGE_ENDS = frozenset({",", ";", ":", ".", "but", "while", "whereas", "which", "who", "(", ")"})

_OF_WORKERS = frozenset({"of", "among", "amongst", "in"})
_GAINING = frozenset({"gained", "gain", "gains", "developed", "develop", "develops", "acquired", "acquire",
                      "improved", "built", "build", "increased", "enhanced", "strengthened", "learned", "learnt",
                      "expanded", "had", "have", "has", "lacked", "lack", "lacking", "needed", "need"})
_GAINING_REACH = 4
_CLAUSE_ENDS = frozenset({",", ";", ":", ".", "and", "but", "while", "whereas", "which", "who"})
_PEER_WORKER_COMPETENCE = URIRef(CONCEPT["outcome/peer-worker-competence"])


def _changed(tokens: tuple[Token, ...], words: list[int], n: int) -> bool:
    """True when a word of change stands within a few words before or after words[n] (the positions of a sentence's
    tokens that have a normal form), inside its clause."""
    near: list[int] = []
    for step in (-1, 1):
        k = n + step
        while 0 <= k < len(words) and abs(k - n) <= _CHANGE_REACH and tokens[words[k]].norm not in _CHANGE_ENDS:
            near.append(words[k])
            k += step
    return any(tokens[j].norm in _CHANGE_WORDS for j in near)


def peer_worker_abilities(sentence: Sentence, found: list[Match], lex: Lexicon) -> list[Match]:
    """Peer worker competence named as the skills, knowledge, competence or capacity of peer workers, as its
    definition has it: said of them by a possessive or a modifier ("peer workers' skills", "PSS capacity to use
    technology"), after the noun ("competencies of peer mentors"), or as what they gain ("peer specialists developed
    new skills"). A noun another label takes ("coping skills") keeps its own concept."""
    if _PEER_WORKER_COMPETENCE not in lex.labels:
        return []
    tokens = sentence.tokens
    taken = {i for m in found if m.scheme == OUTCOME for i in range(m.first, m.last + 1)}
    peers = [m for m in found if m.scheme == ROLE and is_peer_worker(m.concept, lex)]
    if not peers:
        return []
    words = [i for i, t in enumerate(tokens) if t.norm]
    out: list[Match] = []
    for n, i in enumerate(words):
        if tokens[i].norm not in _ABILITY_NOUNS or i in taken:
            continue
        before = words[max(0, n - _GAINING_REACH - 1):n]
        # the peer workers right before, with or without a possessive mark
        right_before = words[n - 1] if n else -1
        possessed = any(p.last == right_before or (p.last == right_before - 1 and not tokens[right_before].word)
                        for p in peers)
        after = [j for j in words[n + 1:n + 4] if tokens[j].norm not in DETERMINERS]
        of_workers = len(after) > 1 and tokens[after[0]].norm in _OF_WORKERS and any(p.first == after[1] for p in peers)
        gained = False
        gains = [j for j in before if tokens[j].norm in _GAINING]
        if gains:
            verb = gains[-1]
            subject = [p for p in peers if p.last < verb and verb - p.last <= _GAINING_REACH
                       and not any(tokens[k].norm in _CLAUSE_ENDS for k in range(p.last + 1, verb))]
            gained = bool(subject) and not any(tokens[k].norm in _CLAUSE_ENDS for k in range(verb + 1, i))
        if (possessed or of_workers or gained) and _changed(tokens, words, n):
            out.append(Match(_PEER_WORKER_COMPETENCE, OUTCOME, i, i, tokens[i].start, tokens[i].end, tokens[i].plural))
    return out


# Knowledge as the people supported gain it, which in this field is knowledge about mental illness, its treatment and
# where to find help, as the definition of mental health literacy has it ("increased knowledge", "learned more about
# health problems they already had"); not the knowledge of research ("to our knowledge", "knowledge gaps", "existing
# knowledge"), which the words around it say.
_KNOWLEDGE = frozenset({"knowledge", "literacy"})
_RESEARCH_BEFORE = frozenset({"our", "existing", "current", "scientific", "research", "empirical", "prior",
                              "previous", "theoretical", "evidence", "available", "scarce", "sparse", "limited",
                              "little", "new", "generate", "generated", "generating", "contribute", "contributes",
                              "adds", "add", "advance", "advances", "body", "gap", "practice-based", "experiential",
                              "lived", "expert", "professional", "clinical", "tacit", "local", "cultural"})
_RESEARCH_AFTER = frozenset({"gap", "base", "translation", "exchange", "transfer", "mobilisation", "mobilization",
                             "synthesis", "production", "generation", "sharing", "holder", "user", "broker"})
# The words that give knowledge a topic, which must then be one of health: "knowledge about medication".
_TOPIC_OPENERS = frozenset({"of", "on", "about", "regarding", "around", "concerning"})
_LEARNING = frozenset({"learned", "learnt", "learning", "learn"})
_HEALTH_TOPICS = frozenset({"health", "illness", "disorder", "condition", "problem", "symptom", "medication",
                            "treatment", "diagnosis", "recovery", "depression", "anxiety", "psychosis", "service",
                            "self-harm", "suicide", "issue", "wellbeing", "well-being"})
_LEARNING_REACH = 6
_MENTAL_HEALTH_LITERACY = URIRef(CONCEPT["outcome/mental-health-literacy"])


def knowledge_gained(sentence: Sentence, found: list[Match], lex: Lexicon) -> list[Match]:
    """Mental health literacy named as knowledge alone ("increased knowledge", "knowledge improved") or as learning
    about health ("learned more about mental health issues"), as its definition has it: what people supported in
    mental health come to know is about illness, treatment and help. Knowledge with a topic of its own ("knowledge of
    peer support") or the knowledge of research ("to our knowledge", "knowledge gaps") is left alone."""
    if _MENTAL_HEALTH_LITERACY not in lex.labels:
        return []
    tokens = sentence.tokens
    taken = {i for m in found if m.scheme == OUTCOME for i in range(m.first, m.last + 1)}
    words = [i for i, t in enumerate(tokens) if t.word]
    normed = [i for i, t in enumerate(tokens) if t.norm]  # punctuation too, which ends the reach of a change
    place = {i: n for n, i in enumerate(normed)}
    out: list[Match] = []
    for n, i in enumerate(words):
        norm = tokens[i].norm
        if i in taken:
            continue
        if norm in _KNOWLEDGE:
            if i + 1 < len(tokens) and tokens[i + 1].text in ("-", "\u2010", "\u2011"):
                continue  # "knowledge-based training": a kind of something else
            before = tokens[words[n - 1]].norm if n else ""
            if norm == "literacy" and before not in _HEALTH_TOPICS:
                continue  # "tech literacy", "financial literacy"
            after = tokens[words[n + 1]].norm if n + 1 < len(words) else ""
            if before in _RESEARCH_BEFORE or after in _RESEARCH_AFTER:
                continue
            if after in _TOPIC_OPENERS and not any(tokens[j].norm in _HEALTH_TOPICS
                                                   for j in words[n + 2:n + 2 + _LEARNING_REACH]):
                continue  # "knowledge of peer support": a topic of its own
            if i not in place or not _changed(tokens, normed, place[i]):
                continue
            out.append(Match(_MENTAL_HEALTH_LITERACY, OUTCOME, i, i, tokens[i].start, tokens[i].end, False))
        elif norm in _LEARNING:
            ahead = words[n + 1:n + 1 + _LEARNING_REACH]
            about = next((k for k, j in enumerate(ahead) if tokens[j].norm == "about"), None)
            if about is not None and about <= 2 and any(tokens[j].norm in _HEALTH_TOPICS for j in ahead[about + 1:]):
                out.append(Match(_MENTAL_HEALTH_LITERACY, OUTCOME, i, i, tokens[i].start, tokens[i].end, False))
    return out
