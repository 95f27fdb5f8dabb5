"""Who a finding is about, and what each role does in a study: delivers, receives, is compared or informs.

A finding's population is a role the evidence sentence names, chosen by the kind of
outcome: an outcome of the peer workforce (burnout, pay, role clarity) is about the
peer workers; any other outcome is about the people who receive support. When the
sentence names no fitting role, a workforce outcome falls back on the study's peer role
and any other outcome has no population: the text does not say.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from kg.extract.lexicon import ROLE, Lexicon
from kg.extract.matches import Match
from kg.extract.model import COMPARED, DELIVERS, INFORMANT, RECEIVES, ConceptMention, Finding, RoleFunction, Span
from kg.extract.participants import participant_groups
from kg.extract.text import Sentence
from kg.namespaces import CONCEPT

PEER = CONCEPT["role/peer-support-worker"]
WORKFORCE = CONCEPT["outcome/peer-workforce"]
IMPLEMENTATION = CONCEPT["outcome/implementation"]
# Roles that receive peer support when a study names them.
RECIPIENTS = frozenset(CONCEPT[f"role/{r}"] for r in ("service-user", "youth", "veteran", "parent", "student",
                                                      "family-member"))
# Roles that deliver it: the peer roles (narrower than peer support worker) and consumer-providers.
OTHER_DELIVERERS = frozenset({CONCEPT["role/consumer-provider"]})
STAFF = CONCEPT["role/mental-health-staff"]
LIVED_EXPERIENCE = CONCEPT["role/lived-experience"]
# How many tokens may stand between a role and the mention of lived experience that describes it: "peer workers
# (people with lived experience".
HOST_REACH = 4
# Verbs that join a subject to a noun that describes it: "peer workers are people with lived experience".
COPULAS = frozenset({"are", "is", "were", "was", "be", "being"})
# Words between a copula and the noun it joins to its subject: "are often trained young adults".
PREDICATE_WORDS = frozenset({"a", "an", "the", "often", "usually", "all", "typically", "trained", "young", "older"})
FAMILY = CONCEPT["role/family-member"]
# Outcomes of the people who care for someone, which are about them whoever else the sentence names.
CAREGIVER_OUTCOMES = frozenset({CONCEPT["outcome/caregiver-burden"]})
CARERS = frozenset({FAMILY, CONCEPT["role/parent"]})
# Words near a staff mention that make the staff a comparison: "compared with non-peer staff".
COMPARISON_WORDS = frozenset({"compared", "comparison", "compare", "comparing", "versus", "vs", "than", "control",
                              "non", "nonconsumer", "nonpeer", "usual"})
COMPARISON_REACH = 6
# Nouns a role word can modify without naming people: "the peer mentor condition", "peer-led programme".
MODIFIED_NOUNS = frozenset({"condition", "arm", "group", "intervention", "program", "model", "led", "delivered",
                            "service", "support", "role", "position", "workforce", "training"})
# Last words of role labels that name what peers do rather than who they are: "peer mentoring".
ACTIVITIES = frozenset({"mentoring", "coaching", "counselling", "counseling", "navigation", "befriending", "work",
                        "working"})
# Verbs of giving support whose agent ("delivered by X", "X-led") delivers it.
DELIVERING = frozenset({"provided", "delivered", "led", "facilitated", "run", "offered", "given", "conducted",
                        "supported", "mentored", "coached", "delivering", "providing"})
# How many words before a role its "delivered by" may stand: "provided by a volunteer recruited from the".
AGENT_REACH = 8
# Words between "by" and the role that end the agent's noun phrase.
AGENT_BREAKS = frozenset({"and", "or", "who", "which", "to", "for", "(", ")"})
# Nouns for a study's people in general words, in their normal form: "Participants who were assigned a peer mentor".
GENERAL_PEOPLE = frozenset({"participant", "people", "person", "individual", "subject", "respondent", "those"})
# Words of a sentence that says the people it names gave data: "interviews with 12 staff members". Not "experience",
# which names what people lived through ("peer mentors with lived experience") as often as what they were asked.
DATA_WORDS = frozenset({"interview", "interviewed", "focus", "survey", "surveyed", "questionnaire", "respondent",
                        "participant", "consultation", "consulted", "perspective", "perception", "view",
                        "recruited", "sample", "informant"})
# Of those, the words that say people were asked (in person or in writing), not only that they took part.
ASKING_WORDS = frozenset({"interview", "interviewed", "survey", "surveyed", "focus", "questionnaire"})


def is_peer_role(concept: URIRef, lex: Lexicon) -> bool:
    """True for the peer support worker and every narrower peer role."""
    return concept == PEER or concept in OTHER_DELIVERERS or PEER in lex.ancestors(concept)


def is_workforce_outcome(concept: URIRef, lex: Lexicon) -> bool:
    """True for outcomes of the peer workers themselves (narrower than peer workforce outcomes)."""
    return concept == WORKFORCE or WORKFORCE in lex.ancestors(concept)


def population(finding: Finding, sentence_roles: list[URIRef], study_peer: URIRef | None,
               lex: Lexicon, study_recipient: URIRef | None = None, people_first: bool = False,
               staff_subject: bool = False) -> URIRef | None:
    """The role a finding is about, or None when the text does not say. people_first: the sentence names people
    in general words before any role ("Participants who were assigned a peer mentor had fewer ..."), so the peer
    roles it names are what those people received, not whom the finding is about. staff_subject: the sentence
    opens with staff, not as a comparison ("Mental health professionals felt ..."). A sentence that calls the
    study's peers by the general name ("peer workers", "peers") means the study's own peer role when the study
    names one narrower role (study_peer)."""
    if study_peer is not None and study_peer != PEER:
        sentence_roles = [study_peer if r == PEER else r for r in sentence_roles]
    if finding.outcome in CAREGIVER_OUTCOMES:
        # the burden of caring is the carers' own: "caregiver burden fell" is about the family, whoever it names
        named = [r for r in sentence_roles if r in CARERS]
        return named[0] if named else FAMILY
    if is_workforce_outcome(finding.outcome, lex):
        named = [r for r in sentence_roles if is_peer_role(r, lex)]
        return named[0] if named else study_peer
    named = [r for r in sentence_roles if r in RECIPIENTS]
    if named:
        return named[0]
    peers = [r for r in sentence_roles if is_peer_role(r, lex)]
    if people_first and len(peers) == len(sentence_roles):
        return study_recipient
    # "Peer mentors reported more self-esteem": no recipient named, the peers are the ones who changed.
    if peers and len(set(peers)) == 1 and _subject_is(sentence_roles, peers[0]):
        return peers[0]
    # "Mental health professionals felt safer disclosing": no recipient named, and the staff the sentence opens
    # with are not said to give peer support; how a service was put into practice concerns no one group
    if staff_subject and sentence_roles and sentence_roles[0] == STAFF and not people_first and not peers and (
            finding.outcome != IMPLEMENTATION):
        return STAFF
    # "Participants reported less loneliness" in a study of one recipient group: that group. How a
    # service was put into practice concerns no one group.
    if sentence_roles or finding.outcome == IMPLEMENTATION:
        return None
    return study_recipient


def _subject_is(sentence_roles: list[URIRef], role: URIRef) -> bool:
    return bool(sentence_roles) and sentence_roles[0] == role


def with_populations(findings: Iterable[Finding], sentences: dict[tuple[str, int], tuple[Sentence, list[Match]]],
                     roles: list[ConceptMention], lex: Lexicon) -> list[Finding]:
    """The findings, each with the population its evidence sentence names (or the study's peer role)."""
    peers = {m.concept for m in roles if is_peer_role(m.concept, lex)}
    narrower = peers - {PEER} - OTHER_DELIVERERS
    # the study's peer role: the one narrower peer role it names ("peer specialists"), else the first it names
    study_peer = next(iter(narrower)) if len(narrower) == 1 else next(
        (m.concept for m in roles if is_peer_role(m.concept, lex)), None)
    recipients = {m.concept for m in roles if m.concept in RECIPIENTS}
    study_recipient = next(iter(recipients)) if len(recipients) == 1 else None
    if not recipients and study_peer is not None:
        # a study of peers asked about their work, which names no one receiving support: its participants are
        # those peers ("Participants reported experiencing microaggressions in the workplace")
        asked = _informing_roles([s for s, _ in sentences.values()], [ms for _, ms in sentences.values()],
                                 ASKING_WORDS)
        study_recipient = study_peer if study_peer in asked else None
    out = []
    for finding in findings:
        sentence, matches = sentences[(finding.sentence.field, finding.sentence.start)]
        kept = [m for m in matches if m.scheme == ROLE and not _modifier(sentence, m)]
        people_first = bool(kept) and any(t.norm in GENERAL_PEOPLE for t in sentence.tokens[:kept[0].first])
        # the people a result counts are named by their count's noun too: "detected among 23 consumers"
        counted = [g.role for g in participant_groups(sentence, matches) if g.role is not None]
        named = [m.concept for m in kept] + [r for r in counted if r not in {m.concept for m in kept}]
        staff_subject = bool(kept) and kept[0].concept == STAFF and _opens_clause(sentence, kept[0])
        out.append(Finding(finding.outcome, finding.direction, finding.comparator, finding.sentence,
                           finding.prefix, finding.suffix, population(finding, named, study_peer, lex,
                                                                      study_recipient, people_first, staff_subject)))
    return out


def _opens_clause(sentence: Sentence, match: Match) -> bool:
    """True when a role opens the sentence or the clause after its first comma, as its subject, with no word of
    comparison before it: "Mental health professionals felt ...", "In teams with peer workers, clinicians ...",
    not "... effective to services provided by non-peer paraprofessionals"."""
    tokens = sentence.tokens
    before = [t for t in tokens[:match.first] if t.norm]
    window = tokens[max(0, match.first - COMPARISON_REACH):match.first]
    if any(t.norm in COMPARISON_WORDS for t in window):
        return False
    article = {"the", "a", "an", "these", "those", "many", "most", "some", "all"}
    while before and before[-1].norm in article:
        before.pop()
    return not before or before[-1].text == ","


def _modifier(sentence: Sentence, match: Match) -> bool:
    """True when a role word only modifies another noun ("the peer mentor condition", "peer-led groups") or
    names the activity, not the people ("peer mentoring may be equivalent to usual care")."""
    if sentence.tokens[match.last].norm in ACTIVITIES:
        return True
    after = next((t for t in sentence.tokens[match.last + 1:] if t.norm), None)
    return after is not None and after.norm in MODIFIED_NOUNS


def role_functions(roles: list[ConceptMention], parts: list[Sentence], matched: list[list[Match]],
                   lex: Lexicon) -> list[RoleFunction]:
    """What each role the study names does in it."""
    compared_staff = _compared_mention(parts, matched)
    informing = _informing_roles(parts, matched)
    # a role named only by a count's noun ("focus groups with four professionals") informs by its own sentence
    for mention in roles:
        sentence = next((p for p in parts if p.field == mention.span.field and p.start <= mention.span.start < p.end),
                        None)
        if mention.concept not in informing and sentence is not None and any(
                t.norm in DATA_WORDS for t in sentence.tokens):
            informing[mention.concept] = mention.span
    delivering = _delivering_roles(parts, matched)
    # a study that names no one who receives peer support and asks the peers about their work gives no support
    # itself: its peers are informants ("a survey of 645 peer support workers on their job satisfaction")
    recipients = any(m.concept in RECIPIENTS for m in roles)
    out = []
    for mention in roles:
        concept = mention.concept
        if is_peer_role(concept, lex) and concept in informing and not recipients and concept not in delivering:
            out.append(RoleFunction(concept, INFORMANT, informing[concept]))
        elif is_peer_role(concept, lex):
            out.append(RoleFunction(concept, DELIVERS, mention.span))
        elif concept in delivering:
            out.append(RoleFunction(concept, DELIVERS, delivering[concept]))
            if concept in RECIPIENTS:  # "family-led peer support groups": the families support each other
                out.append(RoleFunction(concept, RECEIVES, mention.span))
        elif concept == CONCEPT["role/family-member"] and concept in informing:
            out.append(RoleFunction(concept, INFORMANT, informing[concept]))
        elif concept in RECIPIENTS:
            out.append(RoleFunction(concept, RECEIVES, mention.span))
        elif concept == STAFF and compared_staff is not None:
            out.append(RoleFunction(concept, COMPARED, compared_staff.span))
        elif concept in informing:
            out.append(RoleFunction(concept, INFORMANT, informing[concept]))
        # Other roles named in passing ("clinicians refer to the service") get no function.
    return _with_lived_experience(out, parts, matched)


def _with_lived_experience(functions: list[RoleFunction], parts: list[Sentence],
                           matched: list[list[Match]]) -> list[RoleFunction]:
    """The functions with those of the people "with lived experience" describes: the same people as the role it
    follows, with the same function ("peer mentors with lived experience of homelessness": both deliver)."""
    hosts = _lived_experience_hosts(parts, matched)
    lived = [f for f in functions if f.role == LIVED_EXPERIENCE]
    if not hosts or lived:
        return functions
    added = [RoleFunction(LIVED_EXPERIENCE, f.function, span) for host, span in hosts.items()
             for f in functions if f.role == host]
    return functions + list({(f.role, f.function): f for f in added}.values())


def _subject_of(sentence: Sentence, matches: list[Match], first: int, predicate: Match | None) -> Match | None:
    """The role that the noun phrase starting at token first describes: when a copula stands before it, the
    subject's ("Youth peer support workers (YPSWs) are young adults with lived experience": the peer support
    workers; None when the subject names no role), else the role the phrase names itself (predicate)."""
    tokens = sentence.tokens
    k = first - 1
    while k >= 0 and tokens[k].norm in PREDICATE_WORDS:
        k -= 1
    if k < 0 or tokens[k].norm not in COPULAS:
        return predicate
    k -= 1
    if k >= 0 and tokens[k].text == ")":  # an acronym in parentheses after the subject: "(YPSWs)"
        k = next((j for j in range(k - 1, -1, -1) if tokens[j].text == "("), 0) - 1
    return next((m for m in matches if m.scheme == ROLE and m.last == k), None)


def _lived_experience_hosts(parts: list[Sentence], matched: list[list[Match]]) -> dict[URIRef, Span]:
    """The roles that a mention of lived experience right after them describes ("peer workers who have lived
    experience", "peer workers (people with lived experience)"), each with the mention's first span."""
    found: dict[URIRef, Span] = {}
    for sentence, matches in zip(parts, matched, strict=True):
        for lived in (m for m in matches if m.concept == LIVED_EXPERIENCE):
            between = {"(", ",", "who", "have", "has", "had", "all", "each", "people", "individuals"}
            k = lived.first - 1
            while k >= 0 and (not sentence.tokens[k].norm or sentence.tokens[k].norm in between) and (
                    lived.first - k <= HOST_REACH):
                k -= 1
            host = next((m for m in matches if m.scheme == ROLE and m.last == k and m.concept != LIVED_EXPERIENCE),
                        None)
            if host is not None:
                host = _subject_of(sentence, matches, host.first, host)
            elif k >= 0 and sentence.tokens[k].norm in GENERAL_PEOPLE | {"adult"}:
                host = _subject_of(sentence, matches, k, None)  # "peer navigators are adults with lived experience"
            if host is not None and host.concept not in found:
                found[host.concept] = sentence.span(lived.start, lived.end)
    return found


def _delivering_roles(parts: list[Sentence], matched: list[list[Match]]) -> dict[URIRef, Span]:
    """Roles a sentence names as the ones who give the support: the agent after "provided by", "delivered by"
    ("provided by a volunteer recruited from the community who had previously experienced ...") or before "-led"
    ("family-led peer support groups"), with the first such mention."""
    found: dict[URIRef, Span] = {}
    for sentence, matches in zip(parts, matched, strict=True):
        tokens = sentence.tokens
        for match in matches:
            if match.scheme != ROLE or match.concept in found or match.concept == STAFF:
                continue  # staff who lead an arm ("a clinician-led recovery group") lead the comparison
            after = [t.norm for t in tokens[match.last + 1:match.last + 3]]
            before = [t.norm for t in tokens[max(0, match.first - AGENT_REACH):match.first]
                      if t.word or t.norm in {"(", ")"}]
            led = tokens[match.last + 1:match.last + 2] and tokens[match.last + 1].text in {"-", "‐"} and (
                after[1:] and after[1] in DELIVERING)
            by = "by" in before and any(w in DELIVERING for w in before[:before.index("by") + 1][-2:]) and not (
                set(before[before.index("by") + 1:]) & AGENT_BREAKS)
            if led or by:
                found[match.concept] = sentence.span(match.start, match.end)
    return found


def _informing_roles(parts: list[Sentence], matched: list[list[Match]],
                     words: frozenset[str] = DATA_WORDS) -> dict[URIRef, Span]:
    """Roles named in a sentence about collecting data from people, with the first such mention."""
    found: dict[URIRef, Span] = {}
    for sentence, matches in zip(parts, matched, strict=True):
        if not any(t.norm in words for t in sentence.tokens):
            continue
        for match in matches:
            if match.scheme == ROLE and match.concept not in found:
                found[match.concept] = sentence.span(match.start, match.end)
    return found


def _compared_mention(parts: list[Sentence], matched: list[list[Match]]) -> ConceptMention | None:
    """The first staff mention that a comparison word stands next to ("than other mental health workers")."""
    for sentence, matches in zip(parts, matched, strict=True):
        for match in matches:
            if match.concept != STAFF:
                continue
            window = sentence.tokens[max(0, match.first - COMPARISON_REACH):match.first]
            after = [t.norm for t in sentence.tokens[match.last + 1:match.last + 3]]
            # staff who lead an arm beside peer support ("a clinician-led recovery group") are its comparison
            led = after[:1] == [""] and after[1:] and after[1] in DELIVERING
            if any(t.norm in COMPARISON_WORDS for t in window) or led:
                return ConceptMention(STAFF, sentence.span(match.start, match.end))
    return None
