"""Role senses: words of a role's label that name no people the study concerns.

The annotation rules read a role where the text names people ("participants, providers, recipients, comparators,
stakeholders"); a programme's name is not people. So a role's word is not read as people
- inside the name of a body: the "Veterans" of "Veterans Health Administration" or "Department of Veterans Affairs";
- "staff" of a school, a university or a forum, which the scheme's mental health staff (staff of mental health
  services) are not;
- a staff title that peers or consumers take, named as their complement ("consumers as team members", "peer
  workers in paraclinical roles (e.g. case manager)"): the peers, not another group of people.
"""

from __future__ import annotations

from kg.extract.lexicon import ROLE
from kg.extract.matches import Match
from kg.extract.outcome_mentions import PEER_ROLES
from kg.extract.roles import LIVED_EXPERIENCE, PEER_RESEARCHER, SERVICE_USER
from kg.extract.text import Sentence, word_set

# Nouns that end the name of a body, an authority or an institution: "Veterans Health Administration", "Department
# of Veterans Affairs", "Carers Trust".
BODY_NOUNS = word_set({"administration", "affairs", "department", "association", "alliance", "network", "foundation",
                       "council", "society", "institute", "trust", "agency", "authority", "organisation",
                       "organization", "coalition", "union", "ministry", "commission", "federation", "hospital"})
# Words that name staff without saying whose (the scheme's label "staff"), and the settings outside mental health
# services whose name before them makes them staff of another service: "school staff", "forum staff".
STAFF_HEADS = frozenset({"staff"})
OTHER_SERVICES = frozenset({"school", "college", "university", "campus", "forum", "student", "faculty"})
# How many words before the staff may name their service, and the words that end that reach: "student affairs
# professional staff", "the staff".
MODIFIER_REACH = 3
NOT_MODIFIERS = frozenset({"the", "a", "an", "and", "or", "of", "with", "by", "to", "from", "for", "in", "on", "at",
                           "between", "among", "their", "our", "its"})
# Peer workers: the peer roles but for people with lived experience and peer researchers, who may take a staff
# title as people of their own ("people with lived experience employed as nurses").
PEER_WORKERS = PEER_ROLES - {LIVED_EXPERIENCE, PEER_RESEARCHER}
# Nouns for a post, whose examples are titles: "paraclinical roles (e.g. case manager)", "positions such as ...".
# Nouns after "leadership" that make it a skill or a kind of work: "leadership development", "leadership skills".
SKILL_NOUNS = frozenset({"development", "skill", "skills", "approach", "approaches", "style", "styles", "training",
                         "quality", "qualities", "competency", "competencies", "ability", "abilities", "capacity",
                         "program", "programme", "opportunity", "opportunities", "experience", "experiences"})
POST_NOUNS = frozenset({"role", "position", "post", "title", "job"})
# Words that give examples of a post: "roles (e.g. case manager)", "roles including".
EXAMPLES = frozenset({"e.g.", "e.g", "eg", "i.e.", "i.e", "including"})
# Words before "as" that make it no complement: "such as", "as well as".
NOT_COMPLEMENT = frozenset({"such", "well", "so", "same"})
# How many words a complement may stand after its "as": "serve as a role model or case manager".
COMPLEMENT_REACH = 5
# How many capitalised words may follow a role's words before the noun of the body: "Veterans Health
# Administration".
NAME_REACH = 3


def names_a_body(sentence: Sentence, match: Match) -> bool:
    """True when a capitalised role's words run on, in capitalised words, into the noun that ends the name of a body:
    "Veterans Health Administration", "Veterans Affairs", not "Peer Support Workers in ..." nor "Veterans With PTSD"."""
    tokens = sentence.tokens
    if not tokens[match.first].text[:1].isupper():
        return False
    for token in tokens[match.last + 1:match.last + 1 + NAME_REACH]:
        if not token.word or not token.text[:1].isupper():
            return False
        if token.text.casefold() in BODY_NOUNS:
            return True
    return False


def leadership_as_skill(sentence: Sentence, match: Match) -> bool:
    """True when "leadership" names a skill or a kind of work, not the people who lead: "leadership development",
    "their transition to leadership", "the leadership and interpersonal skills of", not "agency leadership" or
    "interviews with leadership"."""
    tokens = sentence.tokens
    if match.first != match.last or tokens[match.first].norm != "leadership":
        return False
    after = [t.norm for t in tokens[match.last + 1:] if t.word][:3]
    before = [t.norm for t in tokens[:match.first] if t.word][-1:]
    return bool(after and after[0] in SKILL_NOUNS) or before == ["to"] or bool(
        after[:1] == ["and"] and set(after[1:]) & SKILL_NOUNS)


def staff_of_another_service(sentence: Sentence, match: Match) -> bool:
    """True when staff are named by a school, a university or an online forum they work for ("school staff", "forum
    staff", "student affairs professional staff"): the scheme's mental health staff are staff of mental health
    services."""
    tokens = sentence.tokens
    if tokens[match.first].norm not in STAFF_HEADS:
        return False
    before = [t for t in tokens[max(0, match.first - MODIFIER_REACH):match.first]]
    for token in reversed(before):
        if not token.word or token.norm in NOT_MODIFIERS:
            return False
        if token.norm in OTHER_SERVICES:
            return True
    return False


def title_taken_by_peers(sentence: Sentence, match: Match, matches: list[Match]) -> bool:
    """True when a role that is no peer role is the complement of peers or consumers named before it, a title
    they take rather than other people: after "as" ("integrated consumers as team members", "peer workers hired as
    case managers") or as the example of a post ("peer workers in paraclinical roles (e.g. case manager)"). A peer
    role stays a role of its own ("consumers as peer specialists", "peers who serve as mentors")."""
    opens = _complement_opens(sentence, match.first)
    if opens is None:
        return False
    subject = next((m.concept for m in reversed(matches) if m.scheme == ROLE and m.last < opens), None)
    if opens > 0 and sentence.tokens[opens - 1].norm == "consumer":
        subject = SERVICE_USER  # "consumers as ...", which no match reads as service users: consumers in a role
    return subject in PEER_WORKERS | {SERVICE_USER} and match.concept not in PEER_ROLES


def _complement_opens(sentence: Sentence, first: int) -> int | None:
    """The index of the "as" or the example word that opens a complement ending in the role at first, with no more
    than a few words between ("as a role model or mentor"); None when the role is no complement."""
    tokens = sentence.tokens
    for k in range(first - 1, max(-1, first - 1 - COMPLEMENT_REACH), -1):
        token = tokens[k]
        if not token.norm:
            continue
        if not token.word:
            return None
        before = [t.norm for t in tokens[max(0, k - 2):k] if t.word]
        if token.norm == "as":
            if before[-1:] == ["such"]:
                return k if before[-2:-1] and before[-2] in POST_NOUNS else None
            if "as" in before:
                return None  # "as effective as a team of case managers": the second "as" of a comparison
            return k if before[-1:] and before[-1] not in NOT_COMPLEMENT else None
        if token.norm in EXAMPLES:
            return k if before[-1:] and before[-1] in POST_NOUNS else None
    return None
