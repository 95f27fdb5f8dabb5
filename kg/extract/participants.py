"""Participant groups: "peer support workers (n = 35)", "32 clients", "Six focus groups with 25 staff".

A count is read by a small grammar: where the number stands ("n = 35" after a group, "115 of 301
respondents", "of whom 319", "a sample size of 264") and what follows it (a role, a person noun,
interviews or focus groups, or a noun that is not people: "10 principles", "12 sessions";
:mod:`kg.extract.count_heads`). Counts
that split a counted group, in a parenthesis after it ("381 participants (147 in Vermont and 234 in
Minnesota)") or as arms ("23 receiving peer support and 23 in the care-as-usual arm"), take the
group's unit and role: one arm's size is never the number of the peers who deliver the intervention.
This module reads where the numbers stand and what follows them; the counts without a noun of their own are
read by :mod:`kg.extract.count_parts` (parts of a group before them) and :mod:`kg.extract.count_splits` (splits
by whom, by kind, by arm or by place), all into one :class:`kg.extract.count_reader.CountReader`.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rdflib import URIRef

from kg.extract.count_before import group_before, people_before, previous_word
from kg.extract.count_heads import (
    AGENT_ENDINGS,
    ARM_WORDS,
    ASSIGNED,
    FAMILIES,
    FAMILY_NOUNS,
    HEAD_STOPS,
    MODIFIER_REACH,
    PARTICIPANTS,
    PERSON_NOUNS,
    UNIT_NOUNS,
    Head,
    head_after,
    next_word_index,
    role_of_unit,
    token_at,
)
from kg.extract.count_parts import kinds_of_whole, read_coordinated, read_parts, read_shares, totals_of_lists
from kg.extract.count_reader import CountReader
from kg.extract.count_returns import read_returned
from kg.extract.count_splits import (
    read_gapped,
    read_held_with,
    read_kind_shares,
    read_kinds,
    read_labelled_arms,
    read_place_counts,
    read_places,
    read_shares_of,
    read_site_counts,
)
from kg.extract.counts import (
    COORDINATED,
    COUNT_WITH_SHARE,
    N_EQUALS,
    NAMED_ARM,
    NUMBER,
    PART_OF,
    PART_OF_GROUP,
    PERCENT_AFTER,
    PERCENT_BEFORE_COUNT,
    PERCENT_OPENING,
    PROPORTION_BEFORE,
    RANGE_BEFORE,
    RATE_AFTER,
    STATISTIC_NAMES,
    SUMMARY_BEFORE,
    is_year,
    parse_number,
)
from kg.extract.lexicon import ROLE, Lexicon
from kg.extract.matches import Match
from kg.extract.model import ParticipantGroup
from kg.extract.text import Sentence, Token, word_set
from kg.namespaces import CONCEPT

# Words of a label that make what it labels an age or a summary of a measure, not a group: "(mean age = 26)".
AGE_OR_SUMMARY = word_set({"age", "ages", "aged", "years", "mean", "median", "average"})
# Person nouns too general to stand for the one role a text names with them ("young people" is no reason to
# read every "people" as youth).
GENERIC_NOUNS = frozenset({"participant", "people", "person", "individual", "adult", "respondent", "subject",
                           "man", "men", "woman", "women", "child", "children", "youth", "student", "patient",
                           "experience", "member", "group", "family", "service", "health", "support"})
# What follows a count of each arm in its "n =". Matches " per group" and " in each arm" of "(n = 20 per group)".
PER_ARM = re.compile(r"\s*(?:per|in\s+each|each)\s+(?:group|arm|condition)\b", re.IGNORECASE)
# How many words may stand between an "n =" and the next one it is coordinated with.
SIBLING_REACH = 6
# Prepositions that open a sentence with the group its counts are of: "Among consumers, 39 of 54 were satisfied".
OPENING_PREPOSITIONS = frozenset({"among", "amongst", "for", "of", "in"})


def short_forms(sentences: list[Sentence], matched: list[list[Match]]) -> dict[str, URIRef]:
    """The last words of the roles a text names in several words, each standing for its role when one role
    ends with it: after "peer support volunteers", "47 volunteers" are peer support workers."""
    found: dict[str, set[URIRef]] = {}
    for sentence, matches in zip(sentences, matched, strict=True):
        for m in matches:
            if m.scheme == ROLE and m.last > m.first:
                found.setdefault(sentence.tokens[m.last].norm, set()).add(m.concept)
    return {word: next(iter(concepts)) for word, concepts in found.items()
            if len(concepts) == 1 and word not in GENERIC_NOUNS and word.isalpha() and word.endswith(AGENT_ENDINGS)}


def _with_short_forms(sentence: Sentence, matches: list[Match], forms: dict[str, URIRef]) -> list[Match]:
    covered = {i for m in matches for i in range(m.first, m.last + 1)}
    extra = [Match(forms[t.norm], ROLE, i, i, t.start, t.end, t.plural) for i, t in enumerate(sentence.tokens)
             if t.norm in forms and i not in covered and not _named_qualifier(sentence.tokens, i)]
    return [*matches, *extra]


def _named_qualifier(tokens: tuple[Token, ...], index: int) -> bool:
    """True when a name or an acronym qualifies the word at index, which then names another kind of people
    than the role it is the short form of: the "VR" of "222 VR specialists" beside "152 peer specialists"."""
    before = previous_word(tokens, index)
    return before is not None and before.word and before is not tokens[0] and before.text[:1].isupper() and (
        tokens[index].text[:1].islower())


def participant_groups(sentence: Sentence, matches: list[Match],
                       forms: dict[str, URIRef] | None = None) -> list[ParticipantGroup]:
    """The counted groups of one sentence; forms are the short forms of roles the text named (short_forms)."""
    reader = CountReader(sentence, _with_short_forms(sentence, matches, forms) if forms else matches)
    text, tokens = sentence.text, sentence.tokens
    for m in N_EQUALS.finditer(text):
        _read_n_equals(reader, m)
    for m in NAMED_ARM.finditer(text):
        if m.group("arm").strip().casefold() in STATISTIC_NAMES or m.start("number") in reader.taken or (
                AGE_OR_SUMMARY & set(m.group("arm").casefold().split())):
            continue  # "(mean age = 26)" gives an age, not a group
        opening = text.rfind("(", 0, m.start())
        if opening < 0:
            continue
        # "(PSWs: 4; Supervisors: 2)": a label that names a role counts that role; "PS group = 149" is an arm
        start, end = sentence.start + m.start("arm"), sentence.start + m.end("arm")
        arm = ARM_WORDS & {w.casefold() for w in re.findall(r"[A-Za-z]+", m.group("arm"))}
        named = None if arm else next((r for r in reader.roles if start <= r.start and r.end <= end), None)
        found, role, _ = group_before(sentence, token_at(tokens, sentence.start + opening), reader.roles)
        if found or named is not None:
            reader.add(m.group("number"), m.start("number"), (PARTICIPANTS, named or role))
    for m in COUNT_WITH_SHARE.finditer(text):
        # "Most patients named alcohol as their main substance (289, 65%)": a count of a kind of participant
        found_people, named = people_before(sentence, token_at(tokens, sentence.start + m.start()), reader.roles)
        if found_people and m.start("number") not in reader.taken:
            reader.add(m.group("number"), m.start("number"), (PARTICIPANTS, named))
    heads: dict[int, tuple[Head, int | None]] = {}
    for m in reversed(list(PART_OF.finditer(text))):
        # the head may follow the part's percentage ("227/283 (80%) women") or the next part it is
        # coordinated with ("227/283 (80%) and 226/287 (79%) women")
        end = (PERCENT_AFTER.match(text, m.end()) or m).end()
        joined = COORDINATED.match(text, end)
        read = head_after(sentence, token_at(tokens, sentence.start + end), reader.by_first,
                           parse_number(m.group("number"))) or _part_of_group(reader, m) or (
            heads.get(joined.end()) if joined else None) or _opening_group(reader, m.start())
        if read is not None:
            heads[m.start()] = read
            # "22 (73%) of the 30 participants were women": the part counts a kind of participant, a group too
            for key in ("part", "number"):
                reader.add(m.group(key), m.start(key), read[0], read[1])
    for m in NUMBER.finditer(text):
        if (m.start("number") in reader.taken or is_year(m.group("number"))
                or PROPORTION_BEFORE.search(text[:m.start()]) or RANGE_BEFORE.search(text[:m.start()])):
            continue
        read = head_after(sentence, token_at(tokens, sentence.start + m.end()), reader.by_first,
                           parse_number(m.group("number")))
        if read is not None and (SUMMARY_BEFORE.search(text[:m.start()]) or RATE_AFTER.match(
                text, tokens[read[1]].end - sentence.start)):
            reader.taken.add(m.start("number"))  # "a caseload of 20 clients", "12 clients per week": no group
        elif read is not None:
            reader.add(m.group("number"), m.start("number"), read[0], read[1])
    reader.settle_parts()
    read_returned(reader)
    read_coordinated(reader)
    read_held_with(reader)
    read_parts(reader)
    read_kinds(reader)
    read_places(reader)
    read_place_counts(reader)
    read_labelled_arms(reader)
    read_shares_of(reader)
    read_gapped(reader)
    read_site_counts(reader)
    read_shares(reader)
    read_kind_shares(reader)
    totals_of_lists(reader)
    kinds_of_whole(reader)
    groups = sorted((c.group for c in reader.counts), key=lambda g: g.span.start)
    # One person is no group: "One peer worker described feeling isolated".
    return [g for g in groups if g.size > 1]


def _opening_group(reader: CountReader, at: int) -> tuple[Head, int | None] | None:
    """The group a sentence opens with, set off by a comma before the count at character at, which a part
    without a noun of its own counts: the caregivers of "For caregivers, 31 of 32 expressed a positive view",
    "Among the peer workers, 11 of 13 wished to continue"."""
    tokens = reader.sentence.tokens
    words = [i for i, t in enumerate(tokens) if t.norm]
    if not words or tokens[words[0]].norm not in OPENING_PREPOSITIONS:
        return None
    index = token_at(tokens, reader.sentence.start + at)
    for role in reader.roles:
        comma = next_word_index(tokens, role.last)
        if role.first <= words[0] + 1 + MODIFIER_REACH and comma is not None and tokens[comma].text == "," and (
                next_word_index(tokens, comma) == index):
            return (PARTICIPANTS, role), None
    return None


def _part_of_group(reader: CountReader, m: re.Match[str]) -> tuple[Head, int | None] | None:
    """The people a part given in the parenthesis after a percentage counts: those the words after the
    parenthesis name ("45% (27/60) of participants"), or the arm's people ("29% (64/218) of the intervention
    group"); None for anything else ("30% (6/20) of sessions")."""
    sentence, text = reader.sentence, reader.sentence.text
    after = PART_OF_GROUP.match(text, m.end())
    if after is None or not PERCENT_OPENING.search(text[:m.start()]):
        return None
    index = token_at(sentence.tokens, sentence.start + after.end())
    read = head_after(sentence, index, reader.by_first, parse_number(m.group("number")))
    if read is not None:
        return read
    words = [t.norm for t in sentence.tokens[index:index + 6] if t.word][:2]
    return (reader.inherited(m.start()), None) if ARM_WORDS & set(words) else None


def _read_n_equals(reader: CountReader, m: re.Match[str]) -> None:
    """"(n = 35)" counts the group before it; "N = 120 participants" the people after it."""
    sentence = reader.sentence
    tokens = sentence.tokens
    after = token_at(tokens, sentence.start + m.end())
    read = head_after(sentence, after, reader.by_first)
    opening = sentence.text.rfind("(", 0, m.start())
    of_people = PART_OF_GROUP.match(sentence.text, m.end())
    if read is None and of_people is not None and opening >= 0 and PERCENT_BEFORE_COUNT.search(
            sentence.text[:opening + 1]):
        # "40.9% (n = 9) of mothers in the control group": the share counts the people named after "of"
        read = head_after(sentence, token_at(tokens, sentence.start + of_people.end()), reader.by_first)
    if PER_ARM.match(sentence.text, m.end()):  # "(n = 20 per group)": each arm, a part of the group before it
        reader.add_part(m.group("number"), m.start("number"))
        return
    if _sibling_counts_things(reader, m):
        return  # "in inpatient (n = 12) and community (n = 31) teams"
    if read is not None:
        reader.add(m.group("number"), m.start("number"), read[0], read[1])
        return
    if _names_inhabitants(reader, m):
        # "a nationally representative sample of N = 812 Australians": people named by where they live
        reader.add(m.group("number"), m.start("number"), (PARTICIPANTS, None))
        return
    if _counts_things(reader, m):
        return  # "n = 5 studies"
    index = token_at(tokens, sentence.start + m.start())
    opening = sentence.text.rfind("(", 0, m.start())
    if opening >= 0 and ")" not in sentence.text[opening:m.start()] and any(
            opening < t < m.start() for t in reader.taken):
        # a second count in the same parenthesis: "(n = 30 and n = 32)" splits the group as the first did
        reader.add_part(m.group("number"), m.start("number"))
        return
    unit = _unit_before(reader, index)
    if unit is not None:  # "student focus groups (n = 15)": the focus groups, held with students
        reader.add(m.group("number"), m.start("number"), unit)
        return
    found, role, arm = group_before(sentence, index, reader.roles)
    sibling = _sibling_arm(reader, m)
    if not found and not sibling:
        return
    # "randomly assigned to a program led by certified peer specialists (N = 198) or to usual care (N = 202)": a
    # count in the list of what people were assigned to counts an arm, not the peers who lead it
    arm = arm or (sibling and not found) or _assignment_list(reader, index)
    if arm:  # "the intervention group (n = 60)": part of the sample, not the peers who deliver it
        reader.add_part(m.group("number"), m.start("number"))
    else:
        # "Families of young people with psychosis (n = 60)": a count of families (tests/annotations/README.md, sizes)
        family = role is not None and sentence.tokens[role.last].norm in FAMILY_NOUNS
        reader.add(m.group("number"), m.start("number"), (FAMILIES if family else PARTICIPANTS, role))


# People named by where they live: "Australians", "Kenyans", "Pakistanis"; not "Papers", "Analysis".
INHABITANTS = re.compile(r"[A-Z][a-z]+(?:ans|[^s]is)")


def _names_inhabitants(reader: CountReader, m: re.Match[str]) -> bool:
    """True when the word right after an "N =" is a capitalised plural naming the inhabitants of a place."""
    sentence = reader.sentence
    after = token_at(sentence.tokens, sentence.start + m.end())
    nxt = next_word_index(sentence.tokens, after - 1)
    return nxt is not None and INHABITANTS.fullmatch(sentence.tokens[nxt].text) is not None


def _counts_things(reader: CountReader, m: re.Match[str], closed: bool = False) -> bool:
    """True when the word after an "n =" is a plural noun that no head of people took, or a word that ends the
    search for one: the studies of "n = 5 studies"; closed, past the parenthesis the count closes ("(n = 5)
    studies")."""
    sentence = reader.sentence
    after = token_at(sentence.tokens, sentence.start + m.end())
    if head_after(sentence, after, reader.by_first) is not None:
        return False
    nxt = next_word_index(sentence.tokens, after - 1)
    if closed and nxt is not None and sentence.tokens[nxt].text == ")":
        # past the parenthesis only a plural noun of things counts things: not "(n = 15) were", "(n = 22) groups"
        nxt = next_word_index(sentence.tokens, nxt)
        return nxt is not None and sentence.tokens[nxt].word and sentence.tokens[nxt].plural and (
            sentence.tokens[nxt].norm not in HEAD_STOPS | ARM_WORDS | PERSON_NOUNS) and not any(
            r.first == nxt for r in reader.roles)
    if nxt is None:
        return False
    token = sentence.tokens[nxt]
    return token.word and (token.plural or token.norm in HEAD_STOPS) and (
        token.norm not in {"per", "each", "in", "and", "at", "from", "across", "with", "of"})


def _sibling_counts_things(reader: CountReader, m: re.Match[str]) -> bool:
    """True when "n =" counts stand coordinated or compared before a plural noun of things: both count the
    modifiers of that noun ("in urban (n = 14) than rural (n = 6) clinics", "adult (n = 9) and adolescent
    (n = 5) programmes"), not people."""
    text = reader.sentence.text
    following = next(N_EQUALS.finditer(text, m.end()), None)
    if following is not None and _coordinated(text[m.end():following.start()]):
        return _counts_things(reader, following, closed=True)
    preceding = list(N_EQUALS.finditer(text, 0, m.start()))
    return bool(preceding) and _coordinated(text[preceding[-1].end():m.start()]) and _counts_things(
        reader, m, closed=True)


def _coordinated(between: str) -> bool:
    """True when the text between two "n =" joins them: the ") and community (" of "(n = 12) and community
    (n = 31)", or a ") than" of a comparison."""
    return between.lstrip().startswith(")") and re.search(
        r"\b(?:and|or|than|versus|vs)\b", between, re.IGNORECASE) is not None and not re.search(
        r"[.;]", between) and len(between.split()) <= SIBLING_REACH


def _assignment_list(reader: CountReader, index: int) -> bool:
    """True when the count at token index stands in a list of arms: the sentence says before it that people were
    assigned to something, and gives another "n =" too."""
    tokens, text = reader.sentence.tokens, reader.sentence.text
    words = [t.norm for t in tokens[:index] if t.word]
    assigned = any(w in ASSIGNED and {"to", "into", "between", "either"} & set(words[k + 1:k + 4])
                   for k, w in enumerate(words))
    return assigned and len(N_EQUALS.findall(text)) >= 2


def _sibling_arm(reader: CountReader, m: re.Match[str]) -> bool:
    """True when an "n =" follows another one already read, joined to it by a coordinating word: the 86 of
    "treatment as usual (n = 84) alone or in combination with Horyzons (n = 86)"."""
    text = reader.sentence.text
    earlier = [e for e in N_EQUALS.finditer(text, 0, m.start()) if e.start("number") in reader.taken]
    if not earlier:
        return False
    between = text[earlier[-1].end():m.start()]
    before = previous_word(reader.sentence.tokens, token_at(reader.sentence.tokens, reader.sentence.start + m.start())
                           - 1)
    if before is not None and before.plural and not before.text[:1].isupper():
        return False  # "observations (n = 5)" counts things
    return ")" in between and re.search(r"\b(?:or|and|versus|vs)\b", between, re.IGNORECASE) is not None and (
        not re.search(r"[.;]", between.split(")", 1)[1]))


def _unit_before(reader: CountReader, index: int) -> Head | None:
    """The interviews or focus groups an "(n = 11)" at token index counts when their noun stands right before its
    parenthesis ("staff interviews (n = 11)", "student focus groups (n = 15)"), with the role that qualifies the
    noun; None when the noun is coordinated with another way of collecting data, whose count is of the people
    ("an online survey and interviews (n = 32)"), or when no such noun stands there."""
    tokens = reader.sentence.tokens
    k = index - 1
    while k >= 0 and tokens[k].text == "(":
        k -= 1
    if k < 0 or not tokens[k].word or not tokens[k].plural:
        return None  # "since the last research interview (N = 102)" counts the people, not one interview
    noun = tokens[k]
    if noun.norm == "group" and k > 0 and tokens[k - 1].norm == "focus":
        k -= 1
    elif (noun.norm not in UNIT_NOUNS and noun.text.casefold() not in UNIT_NOUNS) or noun.norm == "focus":
        return None
    unit = UNIT_NOUNS.get(tokens[k].norm) or UNIT_NOUNS[tokens[k].text.casefold()]
    start = max(0, k - MODIFIER_REACH - 1)
    if any(t.norm in {"and", "or"} and j > 0 and tokens[j - 1].word
           for j, t in enumerate(tokens[start:k], start)):
        return None  # "a survey and interviews (n = 32)", not "(n = 14) and carer focus groups (n = 3)"
    role = next((r for r in reader.roles if r.last == k - 1 or (r.last < k and all(
        t.word and t.norm not in HEAD_STOPS for t in tokens[r.last + 1:k]) and k - r.last <= MODIFIER_REACH)), None)
    # or whom the sentence says they were held with: "Semi-structured interviews (n = 24) were conducted with carers"
    return unit, role or role_of_unit(reader.sentence, index, reader.by_first)


PEER = CONCEPT["role/peer-support-worker"]


def specific_peer_groups(groups: list[ParticipantGroup], roles: set[URIRef], lex: Lexicon) -> list[ParticipantGroup]:
    """The groups, those counted by the general name of peers ("738 peer workers", "PSs") given the study's one
    narrower peer role when it names one ("peer specialists"): the same people."""
    narrower = {r for r in roles if r != PEER and PEER in lex.ancestors(r)}
    if len(narrower) != 1:
        return groups
    specific = next(iter(narrower))
    return [replace(g, role=specific) if g.role == PEER else g for g in groups]

