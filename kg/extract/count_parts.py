"""Counts without a noun of their own that are parts of a group read before them in the sentence.

"of whom 319", "a total sample size of 264", a breakdown in the parenthesis after a group ("381 participants (147
in Vermont and 234 in Minnesota)"), arms and subsets ("23 in the care-as-usual arm", "704 (83%) attended"), a
count coordinated with a counted group ("560 and 280 women"), shares ("6% (N = 86)") and totals of lists: each
takes the unit and role of the group it is part of (:meth:`CountReader.inherited`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.count_before import open_parenthesis, previous_word
from kg.extract.count_heads import (
    ARM_WORDS,
    MODIFIER_REACH,
    PARTICIPANTS,
    STUDY_NOUNS,
    UNIT_NOUNS,
    is_person,
    next_word_index,
    token_at,
)
from kg.extract.count_reader import WHOLES, CountReader
from kg.extract.counts import (
    COORDINATED,
    DESCRIBES_GROUP,
    JOINED_STUDY,
    N_EQUALS,
    NUMBER,
    OF_WHOM,
    PART_OF_SAMPLE,
    PERCENT_BEFORE_COUNT,
    PERCENT_BESIDE_COUNT,
    SAMPLE_SIZE,
    WHOLE_BEFORE,
    is_year,
    parse_number,
)

# Words right after a count inside a breakdown that make it something else than a part of the group: an age or
# a duration. A count of a kind of participant ("(19 female, 6 male)") is a part, a group of its own.
NOT_A_PART = frozenset({"year", "years", "yr", "yrs", "month", "months", "week", "weeks", "day", "days", "%",
                        "percent"})
# A count's share and the verb of what its people did or had, which make it a part of the group counted before
# it in the sentence: " (29%) had an opioid overdose", " (10%) achieved", " (47.0 percent) did"
SHARE_OF_GROUP = re.compile(r"^\s*\(\s*\d+(?:\.\d+)?\s*(?:%|percent)\s*\)\s+(?:had|did|achieved|reported|made|were|was"
                            r"|showed|met|used|received)\b", re.IGNORECASE)
# Nouns for the people who answered a survey, who are of the group it was sent to.
RESPONDENT_NOUNS = frozenset({"respondent", "response", "responder", "completer"})
# Nouns a number labels rather than counts: "Study 2", "Phase 1", "Table 3", "Wave 2".
LABELLED = frozenset({"phase", "wave", "stage", "step", "table", "figure", "fig", "time", "round", "cohort", "arm",
                      "group", "site", "session", "week", "month", "year", "day", "level", "part", "experiment",
                      "aim", "hypothesis", "question", "model", "version", "type", "grade", "class", "module"})
# What the people a bare count at the head of a clause counts were, up to the clause's comma. Matches " invited," of
# "Of 300 invited, 120 (40%) responded", " randomised," of "Of 80 randomised, 72 completed"
SAMPLED_CLAUSE = re.compile(r"\s*(?:(?:who\ )?(?:were|was)\ )?(?:invited|approached|contacted|screened|surveyed"
                            r"|randomi[sz]ed|enrolled|recruited|eligible|consented)\s*,", re.VERBOSE | re.IGNORECASE)


def read_shares(reader: CountReader) -> None:
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


def totals_of_lists(reader: CountReader) -> None:
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


def kinds_of_whole(reader: CountReader) -> None:
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


def read_coordinated(reader: CountReader) -> None:
    """A bare count coordinated with a counted group shares its head: the 560 of "560 and 280 women", and each count
    of a list read from its end: the 12 and 8 of "12, 8 and 10 peer workers"."""
    text = reader.sentence.text
    starts = {c.group.span.start - reader.sentence.start: c for c in reader.counts}
    for m in reversed(list(NUMBER.finditer(text))):
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
        starts[at] = reader.counts[-1]


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


def read_parts(reader: CountReader) -> None:
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
                re.search(r"(?:^|\b(?:of|among)\s+(?:the\s+|all\s+)?)$", text[:m.start()], re.IGNORECASE)
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
