"""The counts of one sentence as the grammar reads them: each number once, with the tokens it spans.

The rules of :mod:`kg.extract.participants` and :mod:`kg.extract.count_splits` add to one reader in turn; a count
without a noun of its own takes its unit and role from the group it splits (:meth:`CountReader.inherited`).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.count_before import assigned_before
from kg.extract.count_heads import (
    ARM_WORDS,
    ASSIGNED,
    FAMILIES,
    FAMILY_NOUNS,
    PARTICIPANTS,
    QUALIFIED_NOUNS,
    Head,
    next_word_index,
    token_at,
)
from kg.extract.counts import RANGE_BETWEEN, parse_number
from kg.extract.lexicon import ROLE
from kg.extract.matches import Match
from kg.extract.model import ParticipantGroup
from kg.extract.text import Sentence, word_set

# Units whose groups a breakdown or an arm splits into parts of the same unit.
WHOLES = word_set({PARTICIPANTS, FAMILIES})


@dataclass(frozen=True)
class Count:
    """A group read from a sentence, with the tokens it spans (the number through its head)."""

    group: ParticipantGroup
    first: int
    last: int


class CountReader:
    """The counts of one sentence, gathered by the grammar's rules in turn; each number is read once."""

    def __init__(self, sentence: Sentence, matches: list[Match]) -> None:
        self.sentence = sentence
        self.roles = [m for m in matches if m.scheme == ROLE]
        self.by_first = {m.first: m for m in self.roles}
        self.counts: list[Count] = []
        # parts of a group whose unit and role wait for the groups counted by a noun of their own (add_part)
        self.parts: list[tuple[str, int, Head]] = []
        # the ends of a range of sizes count no one group ("groups of between 4 and 9 participants"): read as taken
        self.taken: set[int] = {m.start(end) for m in RANGE_BETWEEN.finditer(sentence.text) for end in ("low", "high")}

    def add(self, number: str, at: int, head: Head, last: int | None = None) -> None:
        """Record a count whose number starts at character at (relative to the sentence)."""
        start = self.sentence.start + at
        first = token_at(self.sentence.tokens, start)
        unit, role = head
        if role is not None and role not in self.roles:
            self.roles.append(role)  # a role a person noun names by itself: the parts of its group inherit it
        end = role.end if role is not None and role.end > start else start + len(number)
        group = ParticipantGroup(parse_number(number), unit, role.concept if role is not None else None,
                                 self.sentence.span(start, end))
        self.counts.append(Count(group, first, first if last is None else max(first, last)))
        self.taken.add(at)

    def add_part(self, number: str, at: int) -> None:
        """Record a count that splits a group, to take the group's unit and role once the counts with a noun of
        their own are read (settle_parts): the 40 families of "40 families, randomly assigned to peer support
        (n = 20) or usual care (n = 20)" are read after the arms' "n =" but are the group the arms split."""
        self.parts.append((number, at, self.inherited(at)))
        self.taken.add(at)

    def settle_parts(self) -> None:
        """Add the parts recorded by add_part in the order of the text, each with the unit and role it inherits."""
        for number, at, early in sorted(self.parts, key=lambda part: part[1]):
            unit, role = self.inherited(at)
            # the whole counted since gives the unit of the people the sentence names, or the people when it
            # names none or names them first ("90 families of adolescents"); not other people counted after
            # them ("Caregivers of 90 young people were allocated ...")
            same = early[1] is None or (role is not None and (
                role.concept == early[1].concept or role.first <= early[1].first))
            self.add(number, at, (unit, role) if same else early)
        self.parts = []

    def before(self, at: int) -> Count | None:
        """The nearest count of people read before character at."""
        index = token_at(self.sentence.tokens, self.sentence.start + at)
        earlier = [c for c in self.counts if c.last < index]
        return max(earlier, key=lambda c: c.last) if earlier else None

    def inherited(self, at: int) -> Head:
        """The unit and role of the group a part of it splits off: the group counted before it, or else the
        people the sentence is about ("Service users were allocated to the peer mentor arm (n=40)"), never
        a role that names an arm."""
        whole = self.before(at)
        if whole is not None:
            if whole.group.unit not in WHOLES:
                return PARTICIPANTS, None
            return whole.group.unit, next((m for m in self.roles if m.concept == whole.group.role), None)
        tokens = self.sentence.tokens
        index = token_at(tokens, self.sentence.start + at)
        # roles named after the words that assign people to arms name what the arms give
        assigning = next((k for k, t in enumerate(tokens) if t.norm in ASSIGNED), len(tokens))
        for role in self.roles:
            after = next_word_index(tokens, role.last)
            if after is not None and tokens[after].norm in QUALIFIED_NOUNS:
                continue  # "peer specialist services" names a service, not people
            if role.last < index and not (after is not None and tokens[after].norm in ARM_WORDS) and not (
                    assigned_before(tokens, role.first)) and role.first < assigning:
                # "Families were randomly assigned to peer support (N=35)": the arm counts families
                return (FAMILIES if tokens[role.last].norm in FAMILY_NOUNS else PARTICIPANTS), role
        return PARTICIPANTS, None
