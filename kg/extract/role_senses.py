"""Role senses: words of a role's label that name no people the study concerns.

The annotation rules read a role where the text names people ("participants, providers, recipients, comparators,
stakeholders"); a programme's name is not people. So a role's word is not read as people
- inside the name of a body: the "Veterans" of "Veterans Health Administration" or "Department of Veterans Affairs".
"""

from __future__ import annotations

from kg.extract.matches import Match
from kg.extract.text import Sentence

# Nouns that end the name of a body, an authority or an institution: "Veterans Health Administration", "Department
# of Veterans Affairs", "Carers Trust".
BODY_NOUNS = frozenset({"administration", "affairs", "department", "association", "alliance", "network", "foundation",
                        "council", "society", "institute", "trust", "agency", "authority", "organisation",
                        "organization", "coalition", "union", "ministry", "commission", "federation", "hospital"})
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
