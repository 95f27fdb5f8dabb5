"""What a count such as "(n = 35)" counts, read from the group before it.

The group it follows ("peer support workers (n = 35)"), the people a relative clause between them refers back to
("individuals who received peer specialist services (n = 367)"), an arm ("the intervention group (n = 60)",
"randomised to peer mentors (n = 60)"), the studies whose people it counts ("12 trials (n = 1,500)") or things
("Messages (n = 4,000)"), with the words of :mod:`kg.extract.count_heads`.
"""

from __future__ import annotations

from kg.extract.count_heads import (
    AGENT_ENDINGS,
    ARM_WORDS,
    ASSIGNED,
    HEAD_STOPS,
    IRREGULAR_PLURALS,
    MODIFIER_REACH,
    ORGANISATION_NOUNS,
    STUDY_NOUNS,
    UNIT_NOUNS,
    is_number,
    is_person,
    named_by_noun,
)
from kg.extract.matches import Match
from kg.extract.text import Sentence, Token

# How many words before an "n =" the group it counts may be named.
BACKWARD_REACH = 8


def group_before(sentence: Sentence, index: int, roles: list[Match]) -> tuple[bool, Match | None, bool]:
    """The group a count such as "(n = 35)" follows: (found, role, arm). found is False when the words before
    it name something that is not people ("12 trials (n = 5)"); arm is True when they name an arm
    ("the intervention group (n = 60)", "randomised to peer mentors (n = 60)")."""
    tokens = sentence.tokens
    antecedent = _relative_antecedent(sentence, index, roles)
    if antecedent is not None:
        return antecedent
    words = 0
    opening = open_parenthesis(tokens, index)
    i = index
    while i > 0:
        i -= 1
        token = tokens[i]
        if not token.norm or token.text in {"(", ")"}:
            continue
        if not token.word and token.norm not in {",", ";", ":"}:
            if i > opening >= 0:
                i = opening  # "(k = 8; N = 1 024)": another statistic of the same parenthesis
                continue
            return False, None, False  # "(intervention: n = 60": the arm the colon names
        if words == 0 and i + 1 < len(tokens) and tokens[i + 1].text == "(" and _things(tokens, i, roles):
            described = _describing_preposition(tokens, i)
            if described is not None:
                i = described  # "Caregivers of children with mental health concerns (N=111)"
                continue
            return False, None, False  # "Messages (n = 4,000)": what the parenthesis counts is no people
        ending = [m for m in roles if m.last == i]
        head = _head_of_complement(sentence, ending[0].first if ending else i, roles)
        if head is not None and (ending or is_person(token)):
            return head  # "Parents of adolescents (N = 95)": the parents, whom "of adolescents" qualifies
        if ending:
            return True, ending[0], assigned_before(tokens, ending[0].first)
        if is_person(token):
            # the role the noun names by itself: "consumers (n = 50)", "relatives (n = 30)", "peers (n = 12)"
            return True, named_by_noun(sentence, i), False
        if token.norm in UNIT_NOUNS:
            return True, None, False  # "interviews (n=32)": the people interviewed
        if token.norm in ARM_WORDS:
            return True, None, True
        if token.norm in STUDY_NOUNS:
            # "Study 1 (n = 200)", "12 trials (n = 1,500)": the people they included; but "scoping reviews
            # (n = 6)", with no count of its own before the plural noun, counts the studies themselves
            return (not token.plural or _counted(tokens, i)), None, False
        if token.plural and (token.norm in HEAD_STOPS or token.norm in ORGANISATION_NOUNS) and (
                i == 0 or not token.text[:1].isupper()):
            described = _describing_preposition(tokens, i)
            if described is not None:
                # "Caregivers of children with mental health concerns (N=111)": the things are what the people
                # before "with" have, and the count is of those people
                i = described
                continue
            return False, None, False  # "12 sites (n = 4)", "Practices (n = 4)"; not "the United States (N = 117)"
        words += token.word  # punctuation is no word of the group's name
        if words >= BACKWARD_REACH:
            return True, None, False
    # The count follows the sentence's subject: "Latinos with a serious mental illness (N=110)".
    return True, None, False


# Words after which the things named describe the people before them: "people with mental health problems",
# "adults without housing", "youth experiencing mental health challenges".
DESCRIBING = frozenset({"with", "without", "experiencing", "having", "reporting"})
# How many words of such a description may stand between the describing word and its last noun.
DESCRIPTION_REACH = 4


def _describing_preposition(tokens: tuple[Token, ...], last: int) -> int | None:
    """The index of a describing word ("with") a few words before a noun of things, with no punctuation between
    them and a word before it (the people it describes, which the walk back then reads); None otherwise."""
    words = 0
    for j in range(last - 1, -1, -1):
        token = tokens[j]
        if not token.norm:
            continue
        if not token.word:
            return None
        if token.norm in DESCRIBING:
            return j if j > 0 and tokens[j - 1].word else None
        words += 1
        if words > DESCRIPTION_REACH:
            return None
    return None


def _head_of_complement(sentence: Sentence, first: int, roles: list[Match]) -> tuple[bool, Match | None, bool] | None:
    """The people a group of people qualifies as the complement of "of", as group_before gives them: the carers of
    "Carers of children with anxiety (N = 80)", the head of its noun phrase; None when no noun for people stands
    right before that "of" ("a sample of adolescents", "users of peer support")."""
    tokens = sentence.tokens
    before = previous_word(tokens, first)
    if before is None or before.norm != "of":
        return None
    at = next((j for j in range(first - 1, -1, -1) if tokens[j] is before), -1)
    head = previous_word(tokens, at)
    k = next((j for j in range(at - 1, -1, -1) if tokens[j] is head), -1)
    if head is None or not head.plural:
        return None
    ending = next((m for m in roles if m.last == k), None)
    if ending is not None:
        return True, ending, assigned_before(tokens, ending.first)
    if is_person(head):
        return True, named_by_noun(sentence, k), False
    return None


def people_before(sentence: Sentence, index: int, roles: list[Match]) -> tuple[bool, Match | None]:
    """The people a count in a table-like parenthesis ("(289, 65%)") gives the number of: those its clause names
    before it, as (found, role): the patients of "Most patients named alcohol as their main substance (289, 65%)";
    found is False when a plural noun for things comes first ("most sessions (40, 20%)") or the clause names no
    people."""
    tokens = sentence.tokens
    words = 0
    for i in range(index - 1, -1, -1):
        token = tokens[i]
        if token.text in {"(", ")", ","} or not token.norm:
            continue
        if not token.word:
            return False, None  # the clause begins: "; ", ": ", "."
        ending = next((m for m in roles if m.last == i), None)
        if ending is not None:
            return True, ending
        if is_person(token):
            return True, named_by_noun(sentence, i)
        if token.plural and token.norm not in IRREGULAR_PLURALS and not token.text[:1].isupper():
            return False, None
        words += 1
        if words > 2 * BACKWARD_REACH:
            return False, None
    return False, None


def _relative_antecedent(sentence: Sentence, index: int,
                         roles: list[Match]) -> tuple[bool, Match | None, bool] | None:
    """The group a count follows when a relative clause stands between them: the people "who" refers back to
    ("individuals who received peer specialist services (n = 367)", "peer workers who ran groups (n = 12)"), as
    group_before gives it; None when no "who" opens a clause within reach or it follows no people."""
    tokens = sentence.tokens
    words = 0
    for k in range(index - 1, -1, -1):
        token = tokens[k]
        if token.text in {"(", ")"} and k >= index - 1:
            continue
        if token.norm in {";", ":", "(", ")", "."} or (token.norm and not token.word and token.norm != ","):
            return None
        if token.norm in {"who", "whom"}:
            before = previous_word(tokens, k)
            at = next((j for j in range(k - 1, -1, -1) if tokens[j] is before), -1)
            ending = next((m for m in roles if m.last == at), None)
            if ending is not None:
                return True, ending, assigned_before(tokens, ending.first)
            if before is not None and is_person(before):
                return True, named_by_noun(sentence, at), False
            return None
        words += token.word
        if words > BACKWARD_REACH:
            return None
    return None


def _counted(tokens: tuple[Token, ...], index: int) -> bool:
    """True when a count stands before the noun at index, within the words that may qualify it: the "12" of "12
    randomised trials"."""
    for token in reversed(tokens[max(0, index - MODIFIER_REACH - 1):index]):
        if is_number(token):
            return True
        if not token.word:
            return False
    return False


def open_parenthesis(tokens: tuple[Token, ...], index: int) -> int:
    """The index of the parenthesis still open at token index, or -1."""
    depth = 0
    for i in range(index - 1, -1, -1):
        if tokens[i].text == ")":
            depth += 1
        elif tokens[i].text == "(":
            if depth == 0:
                return i
            depth -= 1
    return -1


def _things(tokens: tuple[Token, ...], i: int, roles: list[Match]) -> bool:
    """True when the plural noun at i heads a noun phrase of things: "Messages", "Text messages", not "adults with
    disabilities" (a noun after a preposition qualifies the people before it), not people by what they do."""
    token = tokens[i]
    if not token.plural or (token.text[:1].isupper() and i > 0) or any(m.first <= i <= m.last for m in roles):
        return False
    if is_person(token) or token.norm in UNIT_NOUNS or token.norm in ARM_WORDS or token.norm in STUDY_NOUNS:
        return False
    if token.norm.endswith(AGENT_ENDINGS) or token.norm in IRREGULAR_PLURALS:
        return False
    before = previous_word(tokens, i)
    return before is None or before.norm not in {"with", "of", "from", "for", "in", "without", "having", "experiencing",
                                                 "and", "or", "including", "among"}


def assigned_before(tokens: tuple[Token, ...], first: int) -> bool:
    """True when the words before a group say it is what people were assigned to: "randomised to peer mentors"."""
    words = [t.norm for t in tokens[max(0, first - 4):first] if t.word]
    return "to" in words[-2:] and bool(ASSIGNED & set(words))


def previous_word(tokens: tuple[Token, ...], index: int) -> Token | None:
    """The last token before index that has a normal form; None at the start."""
    return next((tokens[k] for k in range(index - 1, -1, -1) if tokens[k].norm), None)
