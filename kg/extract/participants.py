"""Participant groups: "peer support workers (n = 35)", "32 clients", "Six focus groups with 25 staff".

A count is read by a small grammar: where the number stands ("n = 35" after a group, "115 of 301
respondents", "of whom 319", "a sample size of 264") and what follows it (a role, a person noun,
interviews or focus groups, or a noun that is not people: "10 principles", "12 sessions";
:mod:`kg.extract.count_heads`). Counts
that split a counted group, in a parenthesis after it ("381 participants (147 in Vermont and 234 in
Minnesota)") or as arms ("23 receiving peer support and 23 in the care-as-usual arm"), take the
group's unit and role: one arm's size is never the number of the peers who deliver the intervention.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rdflib import URIRef

from kg.extract.count_heads import (
    AGENT_ENDINGS,
    ARM_WORDS,
    ASSIGNED,
    HEAD_STOPS,
    MODIFIER_REACH,
    PARTICIPANTS,
    STUDY_NOUNS,
    UNIT_NOUNS,
    Head,
    group_before,
    head_after,
    is_person,
    next_word_index,
    open_parenthesis,
    previous_word,
    token_at,
)
from kg.extract.count_reader import WHOLES, CountReader
from kg.extract.count_splits import (
    read_held_with,
    read_kinds,
    read_labelled_arms,
    read_places,
    read_shares_of,
    read_site_counts,
)
from kg.extract.counts import (
    COORDINATED,
    DESCRIBES_GROUP,
    JOINED_STUDY,
    N_EQUALS,
    NAMED_ARM,
    NUMBER,
    OF_WHOM,
    PART_OF,
    PART_OF_GROUP,
    PART_OF_SAMPLE,
    PERCENT_AFTER,
    PERCENT_BEFORE_COUNT,
    PERCENT_BESIDE_COUNT,
    PERCENT_OPENING,
    PROPORTION_BEFORE,
    RANGE_BEFORE,
    SAMPLE_SIZE,
    STATISTIC_NAMES,
    WHOLE_BEFORE,
    is_year,
    parse_number,
)
from kg.extract.lexicon import ROLE, Lexicon
from kg.extract.matcher import Match
from kg.extract.model import ParticipantGroup
from kg.extract.text import Sentence, Token
from kg.namespaces import CONCEPT

# Words right after a count inside a breakdown that make it something else than a part of the group: an age or
# a duration. A count of a kind of participant ("(19 female, 6 male)") is a part, a group of its own.
NOT_A_PART = frozenset({"year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day", "days", "%",
                        "percent"})
# Words of a label that make what it labels an age or a summary of a measure, not a group: "(mean age = 26)".
AGE_OR_SUMMARY = frozenset({"age", "ages", "aged", "years", "mean", "median", "average"})
# A count's share and the verb of what its people did or had, which make it a part of the group counted before
# it in the sentence: " (29%) had an opioid overdose", " (10%) achieved", " (47.0 percent) did"
SHARE_OF_GROUP = re.compile(r"^\s*\(\s*\d+(?:\.\d+)?\s*(?:%|percent)\s*\)\s+(?:had|did|achieved|reported|made|were|was"
                            r"|showed|met|used|received)\b", re.IGNORECASE)
# Nouns for the people who answered a survey, who are of the group it was sent to.
RESPONDENT_NOUNS = frozenset({"respondent", "response", "responder", "completer"})
# Person nouns too general to stand for the one role a text names with them ("young people" is no reason to
# read every "people" as youth).
GENERIC_NOUNS = frozenset({"participant", "people", "person", "individual", "adult", "respondent", "subject",
                           "man", "men", "woman", "women", "child", "children", "youth", "student", "patient",
                           "experience", "member", "group", "family", "service", "health", "support"})
# Prepositions that open a sentence with the group its counts are of: "Among consumers, 39 of 54 were satisfied".
OPENING_PREPOSITIONS = frozenset({"among", "amongst", "for", "of", "in"})
# Nouns a number labels rather than counts: "Study 2", "Phase 1", "Table 3", "Wave 2".
LABELLED = frozenset({"phase", "wave", "stage", "step", "table", "figure", "fig", "time", "round", "cohort", "arm",
                      "group", "site", "session", "week", "month", "year", "day", "level", "part", "experiment",
                      "aim", "hypothesis", "question", "model", "version", "type", "grade", "class", "module"})
# What the people a bare count at the head of a clause counts were, up to the clause's comma. Matches " invited," of
# "Of 300 invited, 120 (40%) responded", " randomised," of "Of 80 randomised, 72 completed"
SAMPLED_CLAUSE = re.compile(r"\s*(?:(?:who\ )?(?:were|was)\ )?(?:invited|approached|contacted|screened|surveyed"
                            r"|randomi[sz]ed|enrolled|recruited|eligible|consented)\s*,", re.VERBOSE | re.IGNORECASE)


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
        if read is not None:
            reader.add(m.group("number"), m.start("number"), read[0], read[1])
    _read_coordinated(reader)
    read_held_with(reader)
    _read_parts(reader)
    read_kinds(reader)
    read_places(reader)
    read_labelled_arms(reader)
    read_shares_of(reader)
    read_site_counts(reader)
    _read_shares(reader)
    _totals_of_lists(reader)
    _kinds_of_whole(reader)
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
    nxt = next_word_index(tokens, after - 1)
    if read is not None:
        reader.add(m.group("number"), m.start("number"), read[0], read[1])
        return
    if nxt is not None and tokens[nxt].word and (tokens[nxt].plural or tokens[nxt].norm in HEAD_STOPS) and (
            tokens[nxt].norm not in {"per", "each", "in", "and", "at", "from", "across", "with", "of"}):
        return  # "n = 5 studies"
    index = token_at(tokens, sentence.start + m.start())
    opening = sentence.text.rfind("(", 0, m.start())
    if opening >= 0 and ")" not in sentence.text[opening:m.start()] and any(
            opening < t < m.start() for t in reader.taken):
        # a second count in the same parenthesis: "(n = 30 and n = 32)" splits the group as the first did
        reader.add(m.group("number"), m.start("number"), reader.inherited(m.start()))
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
    arm = arm or (sibling and not found) or (role is not None and _assignment_list(reader, index))
    if arm:  # "the intervention group (n = 60)": part of the sample, not the peers who deliver it
        reader.add(m.group("number"), m.start("number"), reader.inherited(m.start()))
    else:
        reader.add(m.group("number"), m.start("number"), (PARTICIPANTS, role))


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
    return unit, role


def _read_shares(reader: CountReader) -> None:
    """An "n =" that gives the people of a percentage ("6% (N = 86) engaged with both", "enrolled in Medicaid
    (N = 1062, 59%)") counts a share of the nearest group counted before it in the sentence that is larger,
    if there is one (not the "one" of "at least one staff type")."""
    text, tokens = reader.sentence.text, reader.sentence.tokens
    for m in N_EQUALS.finditer(text):
        opening = text.rfind("(", 0, m.start())
        if m.start("number") in reader.taken or opening < 0 or not (
                PERCENT_BEFORE_COUNT.search(text[:opening + 1]) or PERCENT_BESIDE_COUNT.match(text[m.end():])):
            continue
        index = token_at(tokens, reader.sentence.start + m.start())
        size = parse_number(m.group("number"))
        wholes = [c for c in reader.counts if c.last < index and c.group.size > size and c.group.unit == PARTICIPANTS]
        if wholes:
            whole = max(wholes, key=lambda c: c.last)
            role = next((r for r in reader.roles if r.concept == whole.group.role), None)
            reader.add(m.group("number"), m.start("number"), (PARTICIPANTS, role))


def _totals_of_lists(reader: CountReader) -> None:
    """A count after a list of counted groups that is larger than the list's last item is the list's total, of
    the list's one role or of none: the 28 of "6 clinicians and 4 administrators (N = 28)"."""
    counts = sorted(reader.counts, key=lambda c: c.first)
    for k, total in enumerate(counts):
        listed = [c for c in counts[:k] if c.last < total.first]
        if len(listed) < 2 or total.group.role is None or total.group.role != listed[-1].group.role:
            continue
        if total.group.size <= listed[-1].group.size or total.first - listed[-1].last > 5:
            continue
        roles = {c.group.role for c in listed}
        if len(roles) > 1:
            reader.counts[reader.counts.index(total)] = replace(total, group=replace(total.group, role=None))


def _kinds_of_whole(reader: CountReader) -> None:
    """A count of a kind of participant inside the parenthesis after a counted group, whose noun names no role
    ("8 peer workers (3 women, 5 men)"), counts people of the group's role."""
    tokens = reader.sentence.tokens
    for k, count in enumerate(reader.counts):
        opening = open_parenthesis(tokens, count.first)
        if count.group.role is not None or count.group.unit != PARTICIPANTS or opening <= 0:
            continue
        whole = next((c for c in reader.counts if c.group.role is not None and c.group.unit == PARTICIPANTS and (
            opening - 1 in (c.first, c.last) or opening < c.first < count.first)
            and count.group.size < c.group.size), None)  # a part is smaller than its whole: not "(N = 14)"
        if whole is not None:
            reader.counts[k] = replace(count, group=replace(count.group, role=whole.group.role))


def _read_coordinated(reader: CountReader) -> None:
    """A bare count coordinated with a counted group shares its head: the 560 of "560 and 280 women"."""
    text = reader.sentence.text
    starts = {c.group.span.start - reader.sentence.start: c for c in reader.counts}
    for m in NUMBER.finditer(text):
        at = m.start("number")
        joined = COORDINATED.match(text, m.end())
        if at in reader.taken or is_year(m.group("number")) or joined is None or joined.end() not in starts:
            continue
        index = token_at(reader.sentence.tokens, reader.sentence.start + at)
        label = previous_word(reader.sentence.tokens, index)
        if label is not None and (label.norm in LABELLED or label.norm in STUDY_NOUNS):
            continue  # "In Study 2, 145 undergraduates": the 2 names a study, it counts no one
        shared = starts[joined.end()]
        role = next((r for r in reader.roles if r.concept == shared.group.role), None)
        reader.add(m.group("number"), at, (shared.group.unit, role))


def _respondents_of(reader: CountReader) -> None:
    """Respondents are of the group a survey went to, counted before them: "all known CPSSs (N=1,128),
    yielding 394 respondents"."""
    tokens = reader.sentence.tokens
    for k, count in enumerate(reader.counts):
        if count.group.role is None and tokens[count.last].norm in RESPONDENT_NOUNS:
            earlier = [c for c in reader.counts if c.last < count.first and c.group.role is not None]
            if earlier:
                whole = max(earlier, key=lambda c: c.last)
                reader.counts[k] = replace(count, group=replace(count.group, role=whole.group.role))


def _read_parts(reader: CountReader) -> None:
    """Counts without a head of their own that split a group read before them: a breakdown in the
    parenthesis after the group, "of whom 319", "a total sample size of 264", and arms or subsets
    ("23 in the care-as-usual arm", "704 (83%) attended")."""
    sentence = reader.sentence
    text = sentence.text
    _respondents_of(reader)
    for m in OF_WHOM.finditer(text):
        if m.start("number") not in reader.taken and reader.before(m.start()) is not None:
            reader.add(m.group("number"), m.start("number"), reader.inherited(m.start()))
    for m in SAMPLE_SIZE.finditer(text):
        if m.start("number") not in reader.taken:
            reader.add(m.group("number"), m.start("number"), reader.inherited(m.start()))
    _read_bare_samples(reader)
    for m in NUMBER.finditer(text):
        at = m.start("number")
        if at in reader.taken or is_year(m.group("number")):
            continue
        rest = text[m.end():]
        if _in_breakdown(reader, at, m.end()) or (reader.before(at) is not None and (
                PART_OF_SAMPLE.match(rest) or DESCRIBES_GROUP.match(rest) or SHARE_OF_GROUP.match(rest))):
            reader.add(m.group("number"), at, reader.inherited(at))


def _read_bare_samples(reader: CountReader) -> None:
    """A count without a noun that the sentence makes the study's sample, though no group was counted
    before it: "Of the 120 who were randomised", "a total of 96 took part", "a sample of 212 completed
    the survey". It counts the people the sentence is about, if it names them."""
    text = reader.sentence.text
    for m in NUMBER.finditer(text):
        at = m.start("number")
        if at in reader.taken or is_year(m.group("number")) or reader.before(at) is not None or (
                _things_before(reader, at)):
            continue
        rest = text[m.end():]
        if JOINED_STUDY.match(re.sub(r"^\s*(?:who|that)\b", "", rest)) or (
                re.search(r"\b(?:of|among)\s+(?:the|all)\s+$", text[:m.start()], re.IGNORECASE)
                and re.match(r"\s*(?:randomi[sz]ed|enrolled|recruited|included|eligible)\b", rest)) or (
                re.search(r"(?:^|\b(?:of|among)\s+)$", text[:m.start()], re.IGNORECASE)
                and SAMPLED_CLAUSE.match(rest)) or (
                WHOLE_BEFORE.search(text[:m.start()]) and re.match(r"\s*(?:were|was|,|took|completed)", rest)):
            reader.add(m.group("number"), at, reader.inherited(at))


def _things_before(reader: CountReader, at: int) -> bool:
    """True when the last count before character at counts things, not people, whose part a bare count then
    is: the 6 of "in 12 warships; 6 were randomized", of "24 practices, of which 12 were randomised"."""
    sentence = reader.sentence
    earlier = [m for m in NUMBER.finditer(sentence.text, 0, at) if not is_year(m.group("number"))]
    if not earlier:
        return False
    first = token_at(sentence.tokens, sentence.start + earlier[-1].end())
    for index in range(first, min(first + MODIFIER_REACH + 1, len(sentence.tokens))):
        token = sentence.tokens[index]
        if not token.word or index in reader.by_first or is_person(token) or token.norm in UNIT_NOUNS:
            return False
        if token.plural:  # the head of what the count counts: "12 warships", "24 general practices"
            return token.norm not in ARM_WORDS
    return False


def _in_breakdown(reader: CountReader, at: int, end: int) -> bool:
    """True when a count opens an item of the parenthesis right after a counted group: the 147 and 234 of
    "381 participants (147 in Vermont and 234 in Minnesota)", not the 19 of "(19 female, 6 male)"."""
    sentence = reader.sentence
    tokens = sentence.tokens
    index = token_at(tokens, sentence.start + at)
    if index == 0 or tokens[index - 1].norm not in {"(", ",", ";", ":", "and", "vs", "versus", "/"}:
        return False
    nxt = next_word_index(tokens, index)
    if nxt is not None and (tokens[nxt].norm in NOT_A_PART or tokens[nxt].text.casefold() in NOT_A_PART):
        return False
    if re.match(r"\s*(?:[.,]\d|%)", sentence.text[end:end + 3]):
        return False
    opening = open_parenthesis(tokens, index)
    colon = next((k for k in range(index - 1, -1, -1) if tokens[k].text in {":", ";"}), -1)
    if colon >= 0 and tokens[colon].text == ":" and any(c.last == colon - 1 and c.group.unit in WHOLES
                                                        for c in reader.counts):
        return True  # a list after a colon splits the group before it: "889 dyads: 206 treatment, 216 EUC"
    # the parenthesis follows the group ("381 participants (147 in Vermont ...)") or its number ("863 (628 female)
    # volunteers")
    return opening >= 0 and any(opening - 1 in (c.last, c.first) and c.group.unit in WHOLES
                                for c in reader.counts)


PEER = CONCEPT["role/peer-support-worker"]


def specific_peer_groups(groups: list[ParticipantGroup], roles: set[URIRef], lex: Lexicon) -> list[ParticipantGroup]:
    """The groups, those counted by the general name of peers ("738 peer workers", "PSs") given the study's one
    narrower peer role when it names one ("peer specialists"): the same people."""
    narrower = {r for r in roles if r != PEER and PEER in lex.ancestors(r)}
    if len(narrower) != 1:
        return groups
    specific = next(iter(narrower))
    return [replace(g, role=specific) if g.role == PEER else g for g in groups]

