"""Roles named by a clause: people by what they receive or use, or by what they have lived through.

A label names a role in a few fixed words ("service users", "people with lived experience"); abstracts
as often name it by a person noun and a clause after it: "individuals who received the consumer-operated
services", "people using public mental health services", "users of peer respite" (service users), "a
volunteer recruited from the community who had previously experienced and recovered from postnatal
depression" (lived experience), "researchers with experience of living with mental health conditions"
(peer researchers). The grammar here reads those clauses; the schemes keep the labels.
"""

from __future__ import annotations

from rdflib import URIRef

from kg.extract.lexicon import ROLE
from kg.extract.matches import Match
from kg.extract.text import HYPHENS, Sentence, Token, word_set
from kg.namespaces import CONCEPT

SERVICE_USER = URIRef(CONCEPT["role/service-user"])
PEER_FACILITATOR = URIRef(CONCEPT["role/peer-facilitator"])
# Verbs of leading a group, which make peers peer facilitators: "trained to co-lead the groups".
LEADING = frozenset({"lead", "leads", "led", "leading", "facilitate", "facilitates", "facilitated", "facilitating",
                     "run", "ran", "running"})
# How many words after the peers the clause of leading may reach: "were trained and were willing to co-lead".
LEAD_REACH = 14
# How many words after the verb of leading its groups may be named: "co-lead and assist workplace problem-solving
# groups".
GROUP_REACH = 7
PEER_SUPPORT_WORKER = URIRef(CONCEPT["role/peer-support-worker"])
LIVED_EXPERIENCE = URIRef(CONCEPT["role/lived-experience"])
PEER_RESEARCHER = URIRef(CONCEPT["role/peer-researcher"])
# Service users and the narrower groups of them the annotation rules name peers who receive support by: "peers who
# receive the support are service-user (or the narrower group named: youth, student, veteran, parent)".
RECEIVING_GROUPS = frozenset({SERVICE_USER, *(URIRef(CONCEPT[f"role/{r}"]) for r in ("youth", "student", "veteran",
                                                                                      "parent"))})

# Nouns for people that a clause after them can say more of (in their normal, singular form).
# Not "participants" nor "those": a study's own participants who received its intervention, or those of the other
# arm, are named by the study, not as a role.
PEOPLE = frozenset({"individual", "people", "person", "adult", "woman", "women", "man", "men", "patient",
                    "volunteer", "researcher", "interviewer", "member", "youth", "student", "parent", "mother",
                    "father", "veteran", "client", "user", "recipient"})
# Nouns for people by what they do, which "peer" before them makes peer support workers: "peer service providers".
AGENTS = frozenset({"provider", "worker", "supporter", "leader", "helper", "facilitator", "mentor", "counsellor",
                    "counselor", "educator", "advocate", "specialist", "navigator", "volunteer", "practitioner",
                    "trainer", "tutor", "mediator", "befriender", "listener", "moderator", "ambassador", "coach",
                    "staff", "employee"})
# How many words may stand between "peer" and the noun for people: "peer support group leaders".
MODIFIERS = 2
# Nouns for people that "of" a service makes its users: "users of peer respite", "recipients of the service".
USERS = frozenset({"user", "recipient"})
# Researchers, whose own lived experience makes them peer researchers.
RESEARCHERS = frozenset({"researcher", "interviewer", "co-researcher"})
# Verbs of receiving or using a service, in the forms a clause gives them.
RECEIVING = frozenset({"receive", "received", "receiving", "use", "used", "using", "attend", "attended",
                       "attending", "access", "accessed", "accessing", "get", "getting", "got"})
# Nouns for what people receive or use.
SERVICES = frozenset({"service", "support", "program", "programme", "intervention", "care", "treatment", "respite",
                      "therapy", "mentoring"})
# Verbs of having lived through mental health challenges: "who had previously experienced and recovered from",
# "people recovered from an eating disorder"; the first three only with what was lived through after them.
LIVED = frozenset({"experienced", "lived", "living", "recovered", "survived"})
LIVED_WITH_OBJECT = frozenset({"experienced", "lived", "living"})
# How many words after "experienced" or "lived" may name what was lived through.
LIVED_REACH = 3
# First words of a mental health condition after "experience of": "experience of mental illness".
CONDITIONS = frozenset({"mental", "psychiatric", "psychosis", "depression", "anxiety", "distress", "illness",
                        "suicide", "self-harm", "trauma", "addiction", "substance", "eating", "recovery"})
# Words of a relative clause before its verb: "who had previously", "who were".
CLAUSE_WORDS = word_set({"who", "had", "have", "has", "were", "was", "are", "is", "previously", "currently",
                         "themselves", "also", "already", "once", "not"})
# Punctuation and words that end a noun phrase and its clause.
BREAKS = frozenset({",", ";", ".", ":", "(", ")", "and", "but", "while", "whereas", "which"})
# How many words a participle phrase may put between a person noun and its "who": "a volunteer recruited from the
# community who had ...".
GAP = 6
# How many words the object of a receiving verb may take before its service noun: "the consumer-operated services".
OBJECT_REACH = 5


# Participles after "peer-" that say peers deliver what they qualify: "peer-led groups", "a peer-delivered
# intervention", "peer-provided services", "peer-facilitated sessions", "peer-run centres".
DELIVERED_BY_PEERS = frozenset({"led", "delivered", "provided", "facilitated", "run", "taught", "moderated",
                                "mentored", "operated", "supported"})


# Verbs and nouns of giving whose "to" makes the people after it those who receive: "delivered ... to peers",
# "provided support to peers".
GIVING = frozenset({"delivered", "provided", "offered", "given", "gave", "give", "giving", "provide", "providing",
                    "deliver", "delivering", "offer", "offering", "support", "supported", "help", "helped", "taught"})
# Verbs of giving whose object peers may be, besides GIVING: "to mentor peers", "supporting peers".
OBJECT_GIVING = frozenset({"supporting", "helping", "mentor", "mentoring", "coach", "coaching", "assist", "assisting",
                           "serve", "serving"})
# How many words a verb of giving may stand before the "to" of the peers: "delivered by people in recovery from
# substance use disorders to peers".
GIVING_REACH = 10
# Nouns for people by their part in a study, which "consumer" before them makes service users: "consumer participants".
TAKING_PART = frozenset({"participant", "respondent", "interviewee", "informant"})
# Words that set two kinds of provider against each other: "peer versus professional", "peer or clinician".
CONTRASTS = frozenset({"versus", "vs", "or"})
# Nouns (and adjectives) for providers who are not peers, which "peer" is set against.
PROVIDERS = frozenset({"professional", "clinician", "staff", "nurse", "therapist", "psychologist", "psychiatrist",
                       "doctor", "physician", "practitioner", "expert", "paraprofessional", "counsellor", "counselor",
                       "clinical", "non-peer", "nonpeer"})


# Nouns of support that "mutual" makes given among the members themselves, and how many words after "mutual" they may
# stand: "mutual peer support", "mutual aid", "mutual-help groups".
MUTUAL_NOUNS = frozenset({"support", "aid", "help"})
MUTUAL_REACH = 2
# Words before "peers" that make them age-mates or fellows, not peer workers: "their peers", "compared with other
# peers".
AGE_MATES = frozenset({"their", "his", "her", "its", "our", "other", "age", "same-age", "non-affected"})


def peers_named(sentence: Sentence) -> tuple[int, int] | None:
    """The field offsets of the first words by which a sentence names peers as people without a role's label:
    "peers" standing as a noun ("support from peers", "delivered by volunteer peers"), "peer-" before a verb of
    delivering ("peer-led", "peer-delivered") or "peer" set against another kind of provider ("peer versus
    professional"). The annotation rules read them as the people who deliver peer support, unless they receive it
    (:func:`receiving_peers`); "peer support" alone names the intervention."""
    tokens = sentence.tokens
    for i, token in enumerate(tokens):
        if token.norm != "peer":
            continue
        after = _words(tokens, i + 1)
        hyphened = i + 1 < len(tokens) and not tokens[i + 1].norm and tokens[i + 1].text in {"-", "‐", "‑"}
        if hyphened and after and tokens[after[0]].norm in DELIVERED_BY_PEERS:
            return token.start, tokens[after[0]].end
        if _set_against_providers(tokens, i):
            return token.start, token.end
        before = [tokens[k].norm for k in range(i) if tokens[k].norm][-1:]
        if token.text.casefold() == "peers" and not hyphened and not set(before) & AGE_MATES and (
                not _receives(tokens, i)):
            return token.start, token.end
    return None


def names_mutual_support(sentence: Sentence) -> bool:
    """True when a sentence names the support as mutual ("a mutual support group", "mutual peer support", "mutual
    aid"): support the members give one another, so the peers who give it are the people who receive it, not peer
    workers."""
    tokens = sentence.tokens
    return any(t.norm == "mutual" and any(tokens[k].norm in MUTUAL_NOUNS for k in _words(tokens, i + 1)[:MUTUAL_REACH])
               for i, t in enumerate(tokens))


def receiving_peers(sentence: Sentence) -> tuple[int, int] | None:
    """The field offsets of the first "peers" a sentence names as the people who receive the support: after "to"
    that a verb of giving opens ("delivered by nurses to peers with alcohol problems", "provided support to
    peers") or before a clause of receiving ("peers who received weekly calls"). The annotation rules make them
    service users, never peer workers."""
    tokens = sentence.tokens
    for i, token in enumerate(tokens):
        if token.norm == "peer" and token.text.casefold() == "peers" and _receives(tokens, i):
            return token.start, token.end
    return None


def counted_peers_role(tokens: tuple[Token, ...], i: int) -> URIRef | None:
    """The role of the "peers" at token i as a count names them ("Six peers were trained", "calls to 40 peers with
    depression"): by what they do, service users when they receive the support, else the peer support workers who
    give it; None for age-mates or fellows ("their peers", "other peers")."""
    before = [tokens[k].norm for k in range(i) if tokens[k].norm]
    if tokens[i].norm != "peer" or tokens[i].text.casefold() != "peers" or set(before[-2:]) & AGE_MATES:
        return None
    if _receives(tokens, i):
        return SERVICE_USER
    return PEER_FACILITATOR if _lead_groups(tokens, i) else PEER_SUPPORT_WORKER


def _lead_groups(tokens: tuple[Token, ...], i: int) -> bool:
    """True when the clause after the peers at token i says they lead or facilitate groups ("Six peers were trained
    to co-lead the groups"): peer facilitators, as the scheme defines them ("a peer who leads or co-leads a peer
    support or self-help group")."""
    after = [k for k in _words(tokens, i + 1)[:LEAD_REACH]]
    for n, k in enumerate(after):
        if tokens[k].norm in BREAKS - {"and"}:
            return False
        if tokens[k].text.casefold().removeprefix("co-") in LEADING:
            return any(tokens[j].norm == "group" for j in after[n + 1:n + 1 + GROUP_REACH])
    return False


def _receives(tokens: tuple[Token, ...], i: int) -> bool:
    """True when the peers at token i are given the support: the object of "to" after a verb of giving ("delivered
    by nurses to peers", "support to fellow peers") or of the verb itself ("qualified to support peers", "helping
    peers"), or the subject of a clause of receiving ("peers who received", "peers receiving")."""
    before = [k for k in range(i) if tokens[k].norm]
    to = next((n for n in range(len(before) - 1, max(-1, len(before) - 3), -1)
               if tokens[before[n]].norm == "to"), None)
    if to is not None and not {tokens[k].norm for k in before[to + 1:]} & BREAKS:
        for k in reversed(before[max(0, to - GIVING_REACH):to]):
            if tokens[k].norm in BREAKS:
                break
            if tokens[k].norm in GIVING:
                return True
    verb = [tokens[k].text.casefold() for k in before[-2:]]
    if verb and verb[-1] in GIVING | OBJECT_GIVING and (verb[-1].endswith("ing") or verb[:1] == ["to"]):
        return True  # the object of a verb of giving: "qualified to support peers", "helping peers"
    after = _words(tokens, i + 1)
    if after and tokens[after[0]].norm in RECEIVING and tokens[after[0]].text.casefold().endswith("ing"):
        return True  # "peers receiving weekly calls"
    if not after or tokens[after[0]].norm != "who":
        return False
    k = 1
    while k < len(after) and tokens[after[k]].norm in CLAUSE_WORDS:
        k += 1
    return k < len(after) and tokens[after[k]].norm in RECEIVING


def _set_against_providers(tokens: tuple[Token, ...], i: int) -> bool:
    """True when "peer" is set against another kind of provider by "versus", "vs" or "or": "peer versus
    professional", "professional or peer"; the peers are then the people who deliver the support."""
    after = _words(tokens, i + 1)[:2]
    before = [k for k in range(i) if tokens[k].norm][-2:]
    pairs = [after] if len(after) == 2 else []
    if len(before) == 2:
        pairs.append(before[::-1])
    return any(tokens[a].norm in CONTRASTS and tokens[b].norm in PROVIDERS for a, b in pairs)


def not_peers(tokens: tuple[Token, ...], i: int) -> bool:
    """True when "non" is joined to the word at i by a hyphen, or "non" stands right before it: "non-peer service
    providers", "non peer staff" are the people who are not peers."""
    k = i - 1
    if k >= 0 and tokens[k].text in HYPHENS and tokens[k].end == tokens[i].start:
        k -= 1
    return k >= 0 and tokens[k].norm == "non"


def peer_agents(sentence: Sentence, matches: list[Match]) -> list[Match]:
    """Peer support workers named by "peer" and a noun for people by what they do, with up to two words
    between, where no role of the schemes is already named there: "peer service providers", "peer wellness
    coaches", "peer support group leaders"."""
    tokens = sentence.tokens
    taken = {i for m in matches if m.scheme == ROLE for i in range(m.first, m.last + 1)}
    found = []
    for i, token in enumerate(tokens):
        if token.norm != "peer" or i in taken or not_peers(tokens, i):
            continue
        for k in _words(tokens, i + 1)[:MODIFIERS + 1]:
            if k in taken or tokens[k].norm in BREAKS or not tokens[k].word or tokens[k].text[:1].isupper():
                break
            if tokens[k].norm in AGENTS:
                found.append(Match(PEER_SUPPORT_WORKER, ROLE, i, k, token.start, tokens[k].end, tokens[k].plural))
                break
    return found


def consumer_participants(sentence: Sentence, matches: list[Match]) -> list[Match]:
    """Service users named "consumer" before a noun of taking part: "Consumer participants (N=8)", "33 consumer
    participants", the participants who are consumers; a count of them is of service users."""
    tokens = sentence.tokens
    taken = {i for m in matches if m.scheme == ROLE for i in range(m.first, m.last + 1)}
    found = []
    for i, token in enumerate(tokens[:-1]):
        after = tokens[i + 1]
        if (token.norm == "consumer" and not token.plural and after.norm in TAKING_PART and after.plural
                and not {i, i + 1} & taken):
            found.append(Match(SERVICE_USER, ROLE, i, i + 1, token.start, after.end, True))
    return found


def clause_roles(sentence: Sentence, matches: list[Match]) -> list[Match]:
    """The roles a sentence names by a person noun and a clause after it, where no role of the schemes is
    already named there; and service users named "consumers" (:func:`_consumers`)."""
    tokens = sentence.tokens
    taken = {i for m in matches if m.scheme == ROLE for i in range(m.first, m.last + 1)}
    found: list[Match] = _consumers(tokens, taken)
    taken.update(m.first for m in found)
    for i, token in enumerate(tokens):
        if token.norm not in PEOPLE or i in taken:
            continue
        read = _users_of(tokens, i) or _clause(tokens, i)
        if read is not None:
            concept, _ = read
            if concept == LIVED_EXPERIENCE and token.norm in RESEARCHERS:
                concept = PEER_RESEARCHER
            found.append(Match(concept, ROLE, i, i, token.start, token.end, token.plural))
            taken.add(i)
    return found


def _consumers(tokens: tuple[Token, ...], taken: set[int]) -> list[Match]:
    """Service users named "consumers", as the scheme defines them ("people who use or receive mental health or
    peer support services (clients, patients, consumers ...)"): the plural noun at the head of its phrase ("the
    consumers of their services", "to bring consumers into services"), not a modifier of another noun
    ("consumer providers", "consumer-operated"), nor consumers in another role ("consumers as educators"), nor a
    word of a longer label already read."""
    found = []
    for i, token in enumerate(tokens):
        if token.norm != "consumer" or not token.plural or i in taken or i - 1 in taken:
            continue  # "young adult consumers": the narrower group the role before them names
        after = i + 1 < len(tokens) and tokens[i + 1]
        if (after and (not after.norm and after.start == token.end)) or (
                after and after.word and after.norm in AGENTS | {"provider", "operated", "run", "as"}):
            continue
        found.append(Match(SERVICE_USER, ROLE, i, i, token.start, token.end, token.plural))
    return found


def _words(tokens: tuple[Token, ...], start: int) -> list[int]:
    return [k for k in range(start, len(tokens)) if tokens[k].norm]


def _users_of(tokens: tuple[Token, ...], i: int) -> tuple[URIRef, int] | None:
    """"users of peer respite", "recipients of the service": the users of a service."""
    if tokens[i].norm not in USERS:
        return None
    after = _words(tokens, i + 1)
    if not after or tokens[after[0]].norm != "of":
        return None
    return _service_within(tokens, after[1:])


def _clause(tokens: tuple[Token, ...], i: int) -> tuple[URIRef, int] | None:
    """The role a clause after the person noun at i gives it: its verb, after "who" and its auxiliaries or as a
    participle, or "with (lived) experience of"."""
    after = _words(tokens, i + 1)
    k = 0
    if after and tokens[after[0]].norm == "who":
        pass
    elif after and tokens[after[0]].norm == "with":
        return _experience(tokens, after[1:])
    elif after and tokens[after[0]].norm not in RECEIVING | LIVED:
        # a participle phrase before the clause: "a volunteer recruited from the community who had ..."
        gap = next((n for n, k in enumerate(after[:GAP + 1]) if tokens[k].norm == "who"), None)
        if gap is None or any(tokens[k].norm in BREAKS for k in after[:gap]):
            return None
        k = gap
    while k < len(after) and tokens[after[k]].norm in CLAUSE_WORDS:
        k += 1
    if k >= len(after):
        return None
    verb = tokens[after[k]].norm
    if verb in LIVED and (verb not in LIVED_WITH_OBJECT or _lived_through(tokens, after[k + 1:])):
        return LIVED_EXPERIENCE, after[k]
    if verb in RECEIVING:
        return _service_within(tokens, after[k + 1:])
    if verb == "with":
        return _experience(tokens, after[k + 1:])
    return None


def _lived_through(tokens: tuple[Token, ...], words: list[int]) -> bool:
    """True when what follows "experienced" or "lived" names a condition or a recovery from it: "and recovered
    from", "with psychosis", "mental illness"; not "some individual changes"."""
    norms = [tokens[k].norm for k in words[:LIVED_REACH]]
    return bool(norms) and (norms[0] in {"with", "through", "from"} or any(
        n in CONDITIONS or n in {"recovered", "recovery"} for n in norms))


def _service_within(tokens: tuple[Token, ...], words: list[int]) -> tuple[URIRef, int] | None:
    """Service users, when a service noun ends the object within reach: "the consumer-operated services"."""
    for k in words[:OBJECT_REACH + 1]:
        if tokens[k].norm in SERVICES:
            return SERVICE_USER, k
        if tokens[k].norm in BREAKS:
            return None
    return None


def _experience(tokens: tuple[Token, ...], words: list[int]) -> tuple[URIRef, int] | None:
    """"with (lived, personal, own) experience of ...": people with lived experience."""
    norms = [tokens[k].norm for k in words[:3]]
    for n, norm in enumerate(norms):
        if norm == "experience":
            # "experience of living with", "experience of mental illness"; not "experience of working in"
            rest = [tokens[k].norm for k in words[n + 1:n + 3]]
            return (LIVED_EXPERIENCE, words[n]) if rest[:1] == ["of"] and rest[1:] and (
                rest[1] in LIVED or rest[1] in CONDITIONS) else None
        if norm not in {"lived", "personal", "own", "their", "a", "direct", "first-hand", "firsthand"}:
            return None
    return None
