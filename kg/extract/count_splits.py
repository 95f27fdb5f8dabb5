"""Counts that split a counted group by whom or by what kind of people, without a noun of their own.

The annotation rules make each a group: "12 in-depth interviews, six with staff and six with patients" is 12
interviews and 6 interviews of each role; "375 male" is a count of a kind of participant, of the group it is a
part of ("Of the 250 service users, 140 were female and 110 male", "200 students took part (120 female)"), or of
the group it is coordinated with ("375 male and 225 female students"); an arm's count labelled by the arm in the
parenthesis after the group ("200 patients (intervention 101, control 99)") is a part of it; counts per site or
country are groups too ("30 peer workers, 18 in Kenya and 12 in Uganda", "Seven interviews took place in Pakistan
and five in India").
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.count_before import open_parenthesis, previous_word
from kg.extract.count_heads import (
    ARM_WORDS,
    FOCUS_GROUPS,
    INTERVIEWS,
    PARTICIPANTS,
    next_word_index,
    token_at,
)
from kg.extract.count_reader import WHOLES, Count, CountReader
from kg.extract.counts import DIGITS, N_EQUALS, NUMBER, PERCENT_BEFORE_COUNT, is_year, parse_number
from kg.extract.matches import Match
from kg.extract.places import sentence_settings

# Verbs of taking part or of what an arm received, which a second clause may repeat after a bare count: "45
# participants received peer support and 43 received usual care".
SHARED_VERBS = frozenset({"received", "receive", "completed", "attended", "participated", "joined", "entered",
                          "used", "took", "started", "began", "finished", "got"})
# What joins a bare count to the people interviews or focus groups were held with. Matches " with" of "six with
# staff", " were held with", " conducted with".
HELD_WITH = re.compile(r"\s*(?:(?:were|was)\s+)?(?:(?:held|conducted|carried\s+out|done|completed)\s+)?with\b",
                       re.IGNORECASE)
# How many words may stand between "with" and the role of the people: "with mental health staff", "with the
# service users".
WITH_REACH = 3
# Words that label an arm besides those of count_heads.ARM_WORDS: "(treatment 101, waitlist 99)".
ARM_LABELS = frozenset({"treatment", "experimental", "peer", "comparison", "active", "tau", "cau", "euc", "list"})
# A count in parentheses after a percentage and before "of" a counted group. Matches "69% (121) of the " before
# "175 volunteers"
SHARE_OF = re.compile(rf"%\s*\(\s*(?P<number>{DIGITS})\s*\)\s*of\s+(?:the\s+|all\s+)?")
# What joins a bare count to the place its people were at. Matches " in " of "18 in Kenya", " were from " of "12
# were from Uganda", " at the " of "9 at the Leeds site", " worked in " of "20 worked in Kenya".
AT_PLACE = re.compile(r"\s+(?:(?:were|was)\s+)?(?:(?:worked|lived|based|recruited|located|working|living)\s+)?"
                      r"(?:in|from|at)\s+(?:the\s+)?", re.IGNORECASE)
# A bare count in parentheses, from the space after the word before it. Matches " (20)" of "in Kenya (20)"
PLACE_COUNT = re.compile(rf"\s*\(\s*(?P<number>{DIGITS})\s*\)")
# Words a count of a kind of participant gives its kind by, without a noun: "375 male", "(120 female)".
KINDS = frozenset({"male", "female", "males", "females", "nonbinary", "non-binary", "transgender"})
# A kind right after a bare count, and what may follow it: the end of a clause, not a noun it qualifies ("12 male
# nurses" is read by its noun). Matches " male and", " female)", " female,"
KIND_AFTER = re.compile(rf"\s+(?:{'|'.join(sorted(KINDS, key=len, reverse=True))})\b(?=\s*(?:$|[),;.]|and\b|or\b))",
                        re.IGNORECASE)
# A kind right after a bare count that a counted group's count follows, joined to it. Matches " male and " of
# "375 male and 225 female students"
KIND_COORDINATED = re.compile(rf"\s+(?:{'|'.join(sorted(KINDS, key=len, reverse=True))})\s*(?:,\s*|,?\s+and\s+)",
                              re.IGNORECASE)
# Words that give the kind of the people an "n =" counts, after its parenthesis or before it, with "women" and "men".
_KIND_WORDS = "|".join(sorted(KINDS | {"women", "men", "woman", "man"}, key=len, reverse=True))
# A kind after the parenthesis of a share's "n =". Matches ") were women" of "64% (n = 77) were women", ") men" of "36%
# (n = 43) men", ") identified as female"
KIND_AFTER_SHARE = re.compile(rf"\s*\)\s*(?:(?:were|was|are|identified\s+as)\s+)?(?:{_KIND_WORDS})\b", re.IGNORECASE)
# A share and a kind right before the parenthesis of an "n =". Matches "64% female (" of "64% female (n = 77)", "64%
# women ("
KIND_SHARE_BEFORE = re.compile(rf"\d(?:\.\d+)?\s*(?:%|\bper\s?cent)\s+(?:were\s+)?(?:{_KIND_WORDS})\s*\(\s*$",
                               re.IGNORECASE)


def read_held_with(reader: CountReader) -> None:
    """A bare count followed by "with" and whom, after a count of interviews or focus groups, counts those held
    with them: the sixes of "12 in-depth interviews, six with staff and six with patients", in the unit of the
    count it splits and the role named after "with"."""
    sentence, text = reader.sentence, reader.sentence.text
    units = [c for c in reader.counts if c.group.unit in {INTERVIEWS, FOCUS_GROUPS}]
    if not units:
        return
    for m in NUMBER.finditer(text):
        at = m.start("number")
        held = HELD_WITH.match(text, m.end())
        if at in reader.taken or is_year(m.group("number")) or held is None:
            continue
        index = token_at(sentence.tokens, sentence.start + at)
        earlier = [c for c in units if c.last < index and c.group.size > parse_number(m.group("number"))]
        whole = max(earlier, key=lambda c: c.last) if earlier else None
        if whole is None:
            continue
        reader.add(m.group("number"), at, (whole.group.unit, _role_after(reader, sentence.start + held.end())))


def _role_after(reader: CountReader, offset: int) -> Match | None:
    """The role named within a few words after a field offset, before the clause ends."""
    tokens = reader.sentence.tokens
    index = token_at(tokens, offset)
    words = 0
    for k in range(index, len(tokens)):
        role = next((r for r in reader.roles if r.first == k), None)
        if role is not None:
            return role
        if tokens[k].norm in {",", ";", ".", ":", "(", ")", "and", "or"}:
            return None
        words += tokens[k].word
        if words > WITH_REACH:
            return None
    return None


def read_kinds(reader: CountReader) -> None:
    """A bare count followed by a kind of people and no noun counts people of that kind among a counted group: a
    part of the group counted before it in the sentence when it is smaller ("140 were female and 110 male", "200
    students took part (120 female)"), else of the group whose count it is coordinated with ("375 male and 225
    female students")."""
    sentence, text = reader.sentence, reader.sentence.text
    starts = {c.group.span.start - sentence.start: c for c in reader.counts}
    for m in NUMBER.finditer(text):
        at = m.start("number")
        if at in reader.taken or is_year(m.group("number")):
            continue
        size = parse_number(m.group("number"))
        whole = reader.before(at)
        if KIND_AFTER.match(text, m.end()) and whole is not None and whole.group.unit in WHOLES and (
                whole.group.size > size):
            reader.add(m.group("number"), at, reader.inherited(at))
            continue
        joined = KIND_COORDINATED.match(text, m.end())
        shared = starts.get(joined.end()) if joined else None
        if shared is not None and shared.group.unit == PARTICIPANTS:
            role = next((r for r in reader.roles if r.concept == shared.group.role), None)
            reader.add(m.group("number"), at, (PARTICIPANTS, role))



def read_places(reader: CountReader) -> None:
    """A bare count followed by "in" and a place of the table counts the people, interviews or focus groups of
    a counted group at that place: a part of the group counted before it ("30 peer workers, 18 in Kenya and 12 in
    Uganda"), or a sibling of a count that is itself at a place ("Seven interviews took place in Pakistan and
    five in India"), in the unit and role of that count."""
    sentence, text = reader.sentence, reader.sentence.text
    if not any(AT_PLACE.match(text, m.end()) for m in NUMBER.finditer(text) if m.start("number") not in reader.taken):
        return  # the place table is read only for a sentence that may count people at a place
    places = {setting.span.start - sentence.start for setting in sentence_settings(sentence)}
    if not places:
        return
    for m in NUMBER.finditer(text):
        at = m.start("number")
        joined = AT_PLACE.match(text, m.end())
        if at in reader.taken or is_year(m.group("number")) or joined is None or joined.end() not in places:
            continue
        whole = reader.before(at)
        if whole is None:
            continue
        size = parse_number(m.group("number"))
        own_end = whole.group.span.end - sentence.start
        # the count before is at a place of its own, named between the two: "Seven interviews took place in
        # Pakistan and five in India"
        sibling = any(own_end < p < m.start() for p in places) and not re.search(r"[;:]", text[own_end:m.start()])
        if whole.group.size > size or sibling:
            role = next((r for r in reader.roles if r.concept == whole.group.role), None)
            reader.add(m.group("number"), at, (whole.group.unit, role))


def read_place_counts(reader: CountReader) -> None:
    """A bare count in parentheses right after a place of the table counts the people, interviews or focus groups
    of the larger group counted before it that were at that place: the 20 and 18 of "38 peer workers were recruited
    in Kenya (20) and Uganda (18)"."""
    sentence, text = reader.sentence, reader.sentence.text
    bare = [m for m in PLACE_COUNT.finditer(text) if m.start("number") not in reader.taken]
    if not bare:
        return  # the place table is read only for a sentence that may count people at a place
    ends = {setting.span.end - sentence.start for setting in sentence_settings(sentence)}
    for m in bare:
        whole = reader.before(m.start("number"))
        if m.start() not in ends or whole is None or whole.group.unit not in WHOLES | {INTERVIEWS, FOCUS_GROUPS} or (
                whole.group.size <= parse_number(m.group("number"))):
            continue
        role = next((r for r in reader.roles if r.concept == whole.group.role), None)
        reader.add(m.group("number"), m.start("number"), (whole.group.unit, role))


def read_labelled_arms(reader: CountReader) -> None:
    """A count after a label, as an item of the parenthesis right after a counted group, counts a part of the
    group: the arm's people of "200 patients (intervention 101, control 99)", "a sample of N=139 (WHAM N=68,
    control N=71)"."""
    sentence, text, tokens = reader.sentence, reader.sentence.text, reader.sentence.tokens
    for m in NUMBER.finditer(text):
        at = m.start("number")
        if at in reader.taken or is_year(m.group("number")):
            continue
        index = token_at(tokens, sentence.start + at)
        label = index - 1
        while label >= 0 and tokens[label].word and tokens[label].norm in ARM_WORDS | ARM_LABELS:
            label -= 1
        if label == index - 1 or label < 0 or tokens[label].text not in {"(", ",", ";"}:
            continue
        if _part_of_parenthesised_whole(reader, index, parse_number(m.group("number"))):
            reader.add(m.group("number"), at, reader.inherited(at))
    for m in N_EQUALS.finditer(text):
        at = m.start("number")
        index = token_at(tokens, sentence.start + m.start())
        if at not in reader.taken and _part_of_parenthesised_whole(reader, index, parse_number(m.group("number"))):
            reader.add(m.group("number"), at, reader.inherited(at))


def _part_of_parenthesised_whole(reader: CountReader, index: int, size: int) -> bool:
    """True when the token at index stands in a parenthesis right after a larger counted group of people."""
    opening = open_parenthesis(reader.sentence.tokens, index)
    return opening > 0 and any(opening - 1 in (c.first, c.last) and c.group.unit in WHOLES and c.group.size > size
                               for c in reader.counts)


def read_shares_of(reader: CountReader) -> None:
    """A count in parentheses after a percentage, before "of" and a counted group, is a part of that group: the
    121 of "completed by 69% (121) of the 175 volunteers"."""
    sentence, text = reader.sentence, reader.sentence.text
    starts = {c.group.span.start - sentence.start: c for c in reader.counts}
    for m in SHARE_OF.finditer(text):
        whole = starts.get(m.end())
        if m.start("number") in reader.taken or whole is None or whole.group.unit not in WHOLES or (
                whole.group.size <= parse_number(m.group("number"))):
            continue
        role = next((r for r in reader.roles if r.concept == whole.group.role), None)
        reader.add(m.group("number"), m.start("number"), (whole.group.unit, role))


def read_site_counts(reader: CountReader) -> None:
    """An "n =" right after a place counts what the sentence counted before it at that place, in its unit and
    role: the focus groups of "9 focus groups in Ulm (n = 3) and Kampala (n = 6)", not the participants a
    parenthesis after that count names ("12 focus groups (including 86 participants), across sites in Ulm
    (n=2)")."""
    sentence, text, tokens = reader.sentence, reader.sentence.text, reader.sentence.tokens
    if not N_EQUALS.search(text) or not any(c.group.unit in {INTERVIEWS, FOCUS_GROUPS} for c in reader.counts):
        return
    ends = [setting.span.end - sentence.start for setting in sentence_settings(sentence)]
    if not ends:
        return
    for m in N_EQUALS.finditer(text):
        opening = text.rfind("(", 0, m.start())
        if opening < 0 or text[opening + 1:m.start()].strip() or not any(
                text[end:opening].strip() == "" for end in ends):
            continue
        index = token_at(tokens, sentence.start + m.start())
        size = parse_number(m.group("number"))
        whole = _outer_count_before(reader, index, size)
        if whole is None or whole.group.unit not in {INTERVIEWS, FOCUS_GROUPS}:
            continue
        role = next((r for r in reader.roles if r.concept == whole.group.role), None)
        read = next((k for k, c in enumerate(reader.counts)
                     if c.group.span.start - sentence.start == m.start("number")), None)
        if read is None:
            reader.add(m.group("number"), m.start("number"), (whole.group.unit, role))
        else:
            count = reader.counts[read]
            reader.counts[read] = replace(count, group=replace(count.group, unit=whole.group.unit,
                                                                role=whole.group.role))


def _outer_count_before(reader: CountReader, index: int, size: int) -> Count | None:
    """The nearest count before token index that is larger and stands outside any parenthesis closed before
    index."""
    tokens = reader.sentence.tokens
    earlier = [c for c in reader.counts if c.last < index and c.group.size > size and not (
        open_parenthesis(tokens, c.first) >= 0 and ")" in {t.text for t in tokens[c.last:index]})]
    return max(earlier, key=lambda c: c.last) if earlier else None


def read_gapped(reader: CountReader) -> None:
    """A bare count in a clause joined to one that counted a group, which leaves out the noun the first clause gave,
    counts a sibling group in the same unit and role: the 43 of "45 participants received peer support and 43
    received usual care" (the same verb after it) and of "the intervention group comprised 45 participants and the
    control group 43" (an arm named before it, the clause ending after it)."""
    sentence, text, tokens = reader.sentence, reader.sentence.text, reader.sentence.tokens
    for m in NUMBER.finditer(text):
        at = m.start("number")
        if at in reader.taken or is_year(m.group("number")):
            continue
        whole = reader.before(at)
        index = token_at(tokens, sentence.start + at)
        if whole is None or whole.group.unit not in WHOLES or "and" not in {
                t.norm for t in tokens[whole.last + 1:index]} or re.search(r"[;:]", text[
                whole.group.span.end - sentence.start:m.start()]):
            continue
        verb, echo = next_word_index(tokens, index), next_word_index(tokens, whole.last)
        repeated = verb is not None and echo is not None and tokens[verb].norm == tokens[echo].norm and (
            tokens[verb].norm in SHARED_VERBS)
        label = previous_word(tokens, index)
        # the arm's name stands where the first clause named its own arm, outside any parenthesis: not "(cohort 2;"
        ends = verb is None or tokens[verb].text in {".", ",", ";"}
        arm = label is not None and label.norm in ARM_WORDS and ends and open_parenthesis(tokens, index) < 0 and (
            any(t.norm in ARM_WORDS for t in tokens[:whole.first]))
        if repeated or arm:
            role = next((r for r in reader.roles if r.concept == whole.group.role), None)
            reader.add(m.group("number"), at, (whole.group.unit, role))


def read_kind_shares(reader: CountReader) -> None:
    """An "n =" that gives the people of a share of a kind of participant counts them, a group as "375 male" is: the
    77 of "64% (n = 77) were women" and of "64% female (n = 77)", in the unit and role of the group they are of."""
    text = reader.sentence.text
    for m in N_EQUALS.finditer(text):
        at = m.start("number")
        opening = text.rfind("(", 0, m.start())
        if at in reader.taken or opening < 0 or text[opening + 1:m.start()].strip():
            continue
        rest = text.find(")", m.end())  # the rest of the parenthesis: ", 64%"
        shared = rest >= 0 and "(" not in text[m.end():rest] and PERCENT_BEFORE_COUNT.search(
            text[:opening + 1]) and KIND_AFTER_SHARE.match(text, rest)
        if shared or KIND_SHARE_BEFORE.search(text[:opening + 1]):
            reader.add(m.group("number"), at, reader.inherited(at))
