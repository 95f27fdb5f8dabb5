"""extract_study: one work's title, abstract and keywords in, its StudyContent out.

The stages each have a module: designs (:mod:`kg.extract.designs`), outcome mentions
(:mod:`kg.extract.outcome_mentions`), participant groups (:mod:`kg.extract.participants`, gathered here across the
sentences), settings, ages, roles and their functions, and findings (:mod:`kg.extract.study_findings`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from rdflib import URIRef

from kg.extract.acronyms import learn_acronyms
from kg.extract.ages import age_ranges
from kg.extract.context import classify
from kg.extract.count_heads import ARM_WORDS, PERSON_NOUNS, names_people
from kg.extract.count_reader import WHOLES
from kg.extract.counts import NUMBER
from kg.extract.designs import study_designs
from kg.extract.lexicon import OUTCOME, ROLE, Lexicon, lexicon
from kg.extract.matcher import find_matches
from kg.extract.matches import Match, first_mentions
from kg.extract.model import ABSTRACT, TITLE, ConceptMention, ParticipantGroup, StudyContent
from kg.extract.outcome_mentions import (
    PEER_ROLES,
    STAFF_ROLES,
    burden_outcomes,
    describes_population,
    orientation_outcomes,
)
from kg.extract.paraphrase import with_read_outcomes
from kg.extract.participants import participant_groups, short_forms, specific_peer_groups
from kg.extract.places import sentence_settings
from kg.extract.populations import role_functions
from kg.extract.role_senses import leadership_as_skill, names_a_body, staff_of_another_service, title_taken_by_peers
from kg.extract.roles import (
    CLAUSE_WORDS,
    PEER_SUPPORT_WORKER,
    RECEIVING,
    RECEIVING_GROUPS,
    SERVICE_USER,
    clause_roles,
    consumer_participants,
    names_mutual_support,
    peer_agents,
    peers_named,
    receiving_peers,
)
from kg.extract.study_findings import study_findings
from kg.extract.text import Sentence, sentences
from kg.namespaces import CONCEPT
from kg.records import Work

# Words a count names its people by without saying who they are.
GENERIC_HEADS = frozenset({"participant", "participants", "people", "person", "persons", "individual", "individuals",
                           "respondent", "respondents", "response", "responses", "subject", "subjects", "adult",
                           "adults", "completer", "completers", "interviewee", "interviewees", "informant",
                           "informants", "sample", "women", "men"})
# Nouns for a service or programme, which a role's label that ends with one names rather than people.
SERVICE_NOUNS = frozenset({"program", "programme", "organisation", "organization", "initiative"})
# How many words after a count its head may stand: "29 adult participants".
GENERIC_REACH = 4
# Words of delivering the support, in a clause after a count: "people involved in the delivery of peer support" (not
# "provided", said of data and consent as well: "45 participants provided data").
DELIVERING = frozenset({"deliver", "delivered", "delivering", "delivery", "facilitate", "facilitated", "facilitating",
                        "facilitation"})
# How many words after a count such a clause may name the delivering.
DELIVERY_REACH = 10
# How many words before a count's "n =" a clause of receiving may open: "individuals who received peer specialist
# services (n = 367)".
RECIPIENT_REACH = 8


def extract_study(work: Work) -> StudyContent:
    """Designs, participant groups, ages, settings, roles, outcomes and findings of one work."""
    lex = lexicon()
    parts = sentences(work)
    contexts = classify(parts)
    acronyms = learn_acronyms(parts, lex)
    read = with_read_outcomes(parts, contexts, [find_matches(s, lex, acronyms) for s in parts])
    labelled = [[m for m in _with_roles(s, _with_roles(s, ms, peer_agents), consumer_participants)
                 if not (m.scheme == ROLE and leadership_as_skill(s, m))] for s, ms in zip(parts, read, strict=True)]
    # roles named by a clause ("individuals who received the services") are roles of the study, but a count of
    # such people names them by its noun ("89 individuals who used ..."), which gives its group no role
    matched = [_with_roles(s, ms, clause_roles) for s, ms in zip(parts, labelled, strict=True)]

    designs = study_designs(parts, contexts, matched, lex)
    outcomes = _outcome_mentions(parts, matched, lex)
    groups = _groups(parts, labelled)
    barriers = any(t.norm == "barrier" for s in parts for t in s.tokens)
    roles = first_mentions((s, m) for s, ms in zip(parts, matched, strict=True)
                           for m in ms if m.scheme == ROLE and not (barriers and _bare_facilitator(s, m))
                           and not _names_activity(s, m) and not names_a_body(s, m)
                           and not staff_of_another_service(s, m) and not title_taken_by_peers(s, m, ms))
    groups = specific_peer_groups(groups, {m.concept for m in roles}, lex)
    # a counted group names its people, by a role's label or by a noun a count names the role by ("four
    # professionals", "54 consumers")
    named = {m.concept for m in roles}
    for group in groups:
        if group.role is not None and group.role not in named:
            named.add(group.role)
            roles.append(ConceptMention(group.role, group.span))
    if not any(m.concept == PEER_SUPPORT_WORKER or PEER_SUPPORT_WORKER in lex.ancestors(m.concept) for m in roles) and (
            not any(names_mutual_support(s) for s in parts if s.field == TITLE)):
        # "peers", "peer-led": the people who deliver peer support, when no peer role of the schemes is named and
        # the support the title names is not mutual (given by the members to one another)
        peers = next(((s, found) for s in parts if (found := peers_named(s)) is not None), None)
        if peers is not None:
            roles.append(ConceptMention(PEER_SUPPORT_WORKER, peers[0].span(*peers[1])))
    if not any(m.concept in RECEIVING_GROUPS for m in roles):
        # "delivered ... to peers with substance use disorders": peers who receive the support are service users
        given = next(((s, found) for s in parts if (found := receiving_peers(s)) is not None), None)
        if given is not None:
            roles.append(ConceptMention(SERVICE_USER, given[0].span(*given[1])))
    settings, seen_places = [], set()
    for sentence in parts:
        for setting in sentence_settings(sentence):
            if setting.name not in seen_places:
                seen_places.add(setting.name)
                settings.append(setting)
    ages = [a for s in parts for a in age_ranges(s)]
    return StudyContent(
        designs=tuple(designs),
        participant_groups=tuple(groups),
        age_ranges=tuple(ages),
        settings=tuple(settings),
        roles=tuple(roles),
        outcomes=tuple(outcomes),
        findings=tuple(study_findings(work, parts, contexts, matched, lex, {d.concept for d in designs}, roles)),
        role_functions=tuple(role_functions(roles, parts, matched, lex)),
    )


def _outcome_mentions(parts: list[Sentence], matched: list[list[Match]], lex: Lexicon) -> list[ConceptMention]:
    """The first mention of each outcome concept among the outcome matches that name no population or
    intervention; an outcome named only as a service's orientation ("recovery-oriented care") or as a burden of
    the background ("high rates of mental health difficulties"), which take part in no finding, is one too,
    quoted there."""
    mentions = first_mentions((s, m) for s, ms in zip(parts, matched, strict=True)
                              for m in ms if m.scheme == OUTCOME and not describes_population(s, m, ms))
    named = {m.concept for m in mentions}
    oriented = first_mentions((s, m) for s in parts for m in [*orientation_outcomes(s, lex), *burden_outcomes(s)])
    return mentions + [m for m in oriented if m.concept not in named]


def _with_roles(sentence: Sentence, matches: list[Match],
                read: Callable[[Sentence, list[Match]], list[Match]]) -> list[Match]:
    """A sentence's matches with the roles read adds, in the order of the text."""
    return sorted([*matches, *read(sentence, matches)], key=lambda m: (m.start, m.end, str(m.concept)))


def _names_activity(sentence: Sentence, match: Match) -> bool:
    """True when a role's label ends with the activity peers do or the service they run, which names the
    intervention, as "peer support" does, not people: "individualized peer mentoring", "peer recovery coaching",
    "consumer-operated services", "Consumer Operated Service Programs"."""
    tokens = sentence.tokens
    last = tokens[match.last]
    # a service a participle says who runs ("consumer-operated services", "consumer-provided services"), not the
    # services whose consumers a label names ("consumers of mental health services")
    run_by = last.norm == "service" and tokens[match.last - 1].norm.endswith(("ed", "run"))
    return match.last > match.first and (last.text.casefold().endswith("ing") or last.norm in SERVICE_NOUNS or run_by)


def _bare_facilitator(sentence: Sentence, match: Match) -> bool:
    """"Facilitators" alone, in a text about barriers, are things that help, not peer facilitators."""
    return match.first == match.last and sentence.tokens[match.first].norm == "facilitator"


def _groups(parts: list[Sentence], matched: list[list[Match]]) -> list[ParticipantGroup]:
    """The groups a work counts, each size, unit and role once, in the order of the text, with the one age range
    of a sentence that counts one group; a count in general words is of the one role the study is about."""
    groups: list[ParticipantGroup] = []
    seen: set[tuple[int, str, URIRef | None]] = set()
    forms = short_forms(parts, matched)
    studied = _studied_role(parts, matched)
    for sentence, matches in zip(parts, matched, strict=True):
        found = participant_groups(sentence, matches, forms)
        if studied is not None and not {g.role for g in found} - {None, studied}:
            # counts in general words are of the study's one population, unless the sentence counts other
            # groups beside them ("Among the 74 participants, 40 were peer workers")
            found = [replace(g, role=studied) if g.role is None and g.unit in WHOLES
                     and _generic_head(sentence, g) and not (studied in PEER_ROLES and (
                         _counts_an_arm(sentence, g) or _counts_recipients(sentence, g)))
                     and not (studied not in PEER_ROLES and _counts_deliverers(sentence, g))
                     else g for g in found]
        ages = age_ranges(sentence)
        for group in found:
            key = (group.size, group.unit, group.role)
            if key in seen:
                continue
            seen.add(key)
            if len(ages) == 1 and len(found) == 1:
                group = ParticipantGroup(group.size, group.unit, group.role, group.span,
                                         ages[0].min_age, ages[0].max_age)
            groups.append(group)
    return groups


def _counts_an_arm(sentence: Sentence, group: ParticipantGroup) -> bool:
    """True when a count's "n =" follows the name of an arm ("a treatment as usual group (n = 1468)"): people
    given or denied the support, never the peers who give it."""
    before = [t for t in sentence.tokens if t.end <= group.span.start and t.word and t.norm != "n"]
    return bool(before) and before[-1].norm in ARM_WORDS


def _counts_recipients(sentence: Sentence, group: ParticipantGroup) -> bool:
    """True when a count's "n =" follows a clause of receiving the support ("individuals who received peer
    specialist services (n = 367)"): the people peers serve, never the peers."""
    before = [t for t in sentence.tokens if t.end <= group.span.start and t.word and t.norm != "n"][-RECIPIENT_REACH:]
    after_who = [t.norm for t in before[next((k + 1 for k, t in enumerate(before) if t.norm == "who"), len(before)):]]
    verbs = [w for w in after_who if w not in CLAUSE_WORDS]
    return bool(verbs) and verbs[0] in RECEIVING


def _counts_deliverers(sentence: Sentence, group: ParticipantGroup) -> bool:
    """True when the clause after a count says its people deliver the support ("10 people involved in the delivery
    of peer support services", "12 individuals who facilitated the groups"): not the people the study serves."""
    after = [t for t in sentence.tokens if t.start >= group.span.end and t.norm][:DELIVERY_REACH]
    for token in after:
        if token.norm in {";", ".", ":"} or (not token.word and token.norm != ","):
            return False
        if token.norm in DELIVERING:
            return True
    return False


def _generic_head(sentence: Sentence, group: ParticipantGroup) -> bool:
    """True when a count names its people only in general words ("29 participants", "Four hundred and seven
    respondents") or by none ("a total of 96 took part", "of whom 38 were randomised"), not by a noun that
    says who they are ("47 volunteers", "12 mothers")."""
    words = re.findall(r"[a-z]+", group.span.text.casefold())
    if words and NUMBER.fullmatch(group.span.text) is None:
        return words[-1] in GENERIC_HEADS  # the span ends with its head
    after = [t for t in sentence.tokens if t.start >= group.span.end and t.norm][:GENERIC_REACH]
    for token in after:
        if not token.word:
            return True
        if token.text.casefold() in GENERIC_HEADS or token.norm in GENERIC_HEADS:
            return True
        if token.norm in PERSON_NOUNS or token.plural:
            return False
    return True


def _studied_role(parts: list[Sentence], matched: list[list[Match]]) -> URIRef | None:
    """The one role a study is about, as its title names it: of the roles the title names, those who receive
    or are asked about peer support rather than the peers who give it, when one remains ("Survey of Peer
    Support Specialists", "Peer recovery coaches and emergency department use in patients with substance use
    disorders"); for a work without a role in its title, the one group its abstract names besides peers and
    staff; None when there are none or several. A role that names an activity or qualifies a service in the
    title ("Peer mentoring for ...", "consumer-operated programs") names no one the study is about."""
    named = {m.concept for s, ms in zip(parts, matched, strict=True) if s.field == TITLE
             for m in ms if m.scheme == ROLE and names_people(s, m)}
    if not named:
        # a work without a title: the one group its abstract names besides peers and staff
        named = {m.concept for s, ms in zip(parts, matched, strict=True) if s.field == ABSTRACT
                 for m in ms if m.scheme == ROLE} - STAFF_ROLES - {CONCEPT["role/mental-health-staff"]}
        named = named - PEER_ROLES
    others = named - PEER_ROLES
    chosen = others or named
    return next(iter(chosen)) if len(chosen) == 1 else None
