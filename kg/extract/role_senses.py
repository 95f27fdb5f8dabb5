"""Role senses: words of a role's label that name no people the study concerns.

The annotation rules read a role where the text names people ("participants, providers, recipients, comparators,
stakeholders"); a programme's name is not people. So a role's word is not read as people
- inside the name of a body: the "Veterans" of "Veterans Health Administration" or "Department of Veterans Affairs";
- "staff" of a school, a university or a forum, which the scheme's mental health staff (staff of mental health
  services) are not.
"""

from __future__ import annotations

from kg.extract.matches import Match
from kg.extract.text import Sentence

# Nouns that end the name of a body, an authority or an institution: "Veterans Health Administration", "Department
# of Veterans Affairs", "Carers Trust".
BODY_NOUNS = frozenset({"administration", "affairs", "department", "association", "alliance", "network", "foundation",
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
