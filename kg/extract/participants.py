"""Participant groups: "peer support workers (n = 35)", "32 clients", "Six focus groups with 25 staff".

A count is read by a small grammar: where the number stands ("n = 35" after a group, "115 of 301
respondents", "of whom 319", "a sample size of 264") and what follows it (a role, a person noun,
interviews or focus groups, or a noun that is not people: "10 principles", "12 sessions"). Counts
that split a counted group, in a parenthesis after it ("381 participants (147 in Vermont and 234 in
Minnesota)") or as arms ("23 receiving peer support and 23 in the care-as-usual arm"), take the
group's unit and role: one arm's size is never the number of the peers who deliver the intervention.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from rdflib import URIRef

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
from kg.extract.lexicon import ROLE, lexicon
from kg.extract.matcher import Match
from kg.extract.model import ParticipantGroup
from kg.extract.text import Sentence, Token
from kg.namespaces import CONCEPT

PARTICIPANTS, INTERVIEWS, FOCUS_GROUPS = "participants", "interviews", "focus groups"

# Words right after a count inside a breakdown that make it something else than a part of the group.
# Matches the "female" of "(19 female, 6 male)"
NOT_A_PART = frozenset({"female", "females", "male", "males", "women", "men", "year", "years", "yr", "yrs",
                        "month", "months", "week", "weeks", "day", "days", "%", "percent"})
# Nouns a count of people names a role by, which are no label of it because they name other things elsewhere
# ("consumer-operated services", "users of", "providers of care").
COUNTED_ROLES = {"consumer": CONCEPT["role/service-user"], "user": CONCEPT["role/service-user"],
                 "professional": CONCEPT["role/mental-health-staff"], "provider": CONCEPT["role/mental-health-staff"]}
# Nouns for counted people who have no role of the scheme.
PERSON_NOUNS = frozenset({"participant", "people", "person", "individual", "respondent", "adult", "subject",
                          "interviewee", "informant", "woman", "women", "man", "men", "mother", "father",
                          "veteran", "student", "child", "children", "patient", "volunteer", "graduate",
                          "trainee", "employee", "worker", "response", "mentee", "youth", "completer", "user",
                          "nonuser", "beneficiary", "enrollee", "enrolee", "attendee", "inpatient", "outpatient",
                          "resident", "refugee", "migrant", "survivor", "girl", "boy", "teen", "dyad", "couple",
                          "applicant", "recipient", "responder", "decedent", "parent", "recruit", "family",
                          "control", "consumer", "professional", "provider"})
# Nouns for the people who answered a survey, who are of the group it was sent to.
RESPONDENT_NOUNS = frozenset({"respondent", "response", "responder", "completer"})
# Person nouns too general to stand for the one role a text names with them ("young people" is no reason to
# read every "people" as youth).
GENERIC_NOUNS = frozenset({"participant", "people", "person", "individual", "adult", "respondent", "subject",
                           "man", "men", "woman", "women", "child", "children", "youth", "student", "patient",
                           "experience", "member", "group", "family", "service", "health", "support"})
# Endings of English nouns for people by what they do: "volunteer", "worker", "specialist", "navigator".
AGENT_ENDINGS = ("er", "or", "ist", "ee", "ant", "ent", "ian")
IRREGULAR_PLURALS = frozenset({"people", "women", "men", "children", "youth"})
# Interviews and focus groups, and the acronyms abstracts give them ("in-depth interviews (IDIs)").
UNIT_NOUNS = {"interview": INTERVIEWS, "focus": FOCUS_GROUPS, "idi": INTERVIEWS, "idis": INTERVIEWS,
              "fgd": FOCUS_GROUPS, "fgds": FOCUS_GROUPS}
# Words of an arm: what a count before "(n = 60)" splits the sample by, not whom it counts.
ARM_WORDS = frozenset({"group", "arm", "condition", "control", "care", "tau", "usual", "waitlist", "wait",
                       "intervention", "cohort", "sample"})
# Words after a number that end the search for what it counts.
_STOP = frozenset({"of", "with", "from", "were", "was", "who", "that", "and", "in", "at", "to", "for", "per",
                   "regarding", "about", "among", "between", "across", "within", "than",
                   "had", "have", "by", "on", "over", "months", "month", "year", "week", "day", "hour",
                   "session", "site", "study", "trial", "time", "item", "theme", "percent", "country",
                   "paper", "article", "record", "domain", "area", "category",
                   "point", "wave", "round", "stage", "phase", "level", "cmoc", "step", "type", "title",
                   "million", "billion", "thousand", "hundred", "principle", "practice", "team", "cluster",
                   "village", "school", "hospital", "organization", "agency", "province", "state", "city",
                   "review", "rct", "source", "measure", "scale", "subscale", "question", "outcome", "visit",
                   "dose", "module", "component", "strategy", "criterion", "factor", "dimension", "region",
                   "hospitalization", "admission", "night", "h", "score"})
# Last words of a role's name that make it a body of people, which a count counts as bodies, not people.
ORGANISATION_NOUNS = frozenset({"team", "service", "organization", "agency", "unit", "ward", "clinic", "practice",
                                "program", "trust", "center", "centre", "group", "network"})
# Nouns for what a role's name may qualify: "a Peer Navigator Intervention", "a peer mentor programme".
QUALIFIED_NOUNS = frozenset({"intervention", "program", "programme", "model", "scheme", "project", "initiative",
                             "training", "approach", "service", "pilot", "course", "curriculum", "app"})
# Nouns for studies, whose "(n = 200)" counts the people they included.
STUDY_NOUNS = frozenset({"study", "trial", "rct", "review", "article", "paper", "record", "source", "report"})
# "randomised to peer mentors (n = 60)": the group named after these words is an arm.
ASSIGNED = frozenset({"randomized", "randomised", "assigned", "allocated", "randomly"})
MODIFIER_REACH = 3
# Prepositions that open a sentence with the group its counts are of: "Among consumers, 39 of 54 were satisfied".
OPENING_PREPOSITIONS = frozenset({"among", "amongst", "for", "of", "in"})
# How far after "interviews" or "focus groups" the people they were held with may be named.
UNIT_REACH = 25
# Words after a number that make it a length of time. Matches the "min" of "60 min interviews"
DURATIONS = frozenset({"min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "h"})
BACKWARD_REACH = 8
# Nouns a number labels rather than counts: "Study 2", "Phase 1", "Table 3", "Wave 2".
LABELLED = frozenset({"phase", "wave", "stage", "step", "table", "figure", "fig", "time", "round", "cohort", "arm",
                      "group", "site", "session", "week", "month", "year", "day", "level", "part", "experiment",
                      "aim", "hypothesis", "question", "model", "version", "type", "grade", "class", "module"})

Head = tuple[str, Match | None]


@dataclass(frozen=True)
class _Count:
    """A group read from a sentence, with the tokens it spans (the number through its head)."""

    group: ParticipantGroup
    first: int
    last: int


def _token_at(tokens: tuple[Token, ...], offset: int) -> int:
    return next((i for i, t in enumerate(tokens) if t.start >= offset), len(tokens))


def _next_word(tokens: tuple[Token, ...], i: int) -> int | None:
    return next((k for k in range(i + 1, len(tokens)) if tokens[k].norm), None)


def _is_person(token: Token) -> bool:
    return token.norm in PERSON_NOUNS or token.text.casefold() in PERSON_NOUNS


def _is_number(token: Token) -> bool:
    return token.norm.isdigit() or NUMBER.fullmatch(token.text) is not None


def _head_after(sentence: Sentence, index: int, roles: dict[int, Match], count: int = 2) -> tuple[Head, int] | None:
    """What a count of ``count`` ending before token index counts (a role, people, interviews) and its last
    token; None when it counts something else ("10 principles", "12 weekly sessions") or nothing."""
    tokens = sentence.tokens
    before = [t.norm for t in tokens[max(0, index - 4):index - 1]]
    if "each" in before and before[-3:-1] != ["each", "of"] and before[-2:] != ["each", "of"]:
        return None  # "teams that each deployed two PSs": a number per unit, not a group; not "each of the 20"
    modifiers = 0
    first = _next_word(tokens, index - 1)
    if first is not None and tokens[first].norm in DURATIONS:
        return None  # "60 min interviews" is how long they were, not how many
    skip_to = -1
    if first is not None and tokens[first].norm in {"were", "was"} and first + 1 in roles:
        return (PARTICIPANTS, roles[first + 1]), roles[first + 1].last  # "40 were peer workers"
    for i in range(index, len(tokens)):
        token = tokens[i]
        if not token.norm or i <= skip_to:
            continue
        if not token.word:
            return None
        if i in roles and _compound_start(tokens, roles[i].last):
            skip_to = roles[i].last + 2  # "thirteen PC-led interventions": the role qualifies what follows
            modifiers += 1
            continue
        if i in roles and tokens[roles[i].last].norm in ORGANISATION_NOUNS:
            return None  # "6 community mental health teams" counts teams, not people
        if i in roles:
            # "18 stakeholder interviews" counts interviews with stakeholders
            after = _next_word(tokens, roles[i].last)
            if after is not None and tokens[after].norm in UNIT_NOUNS:
                return (UNIT_NOUNS[tokens[after].norm], roles[i]), after
            return (PARTICIPANTS, roles[i]), roles[i].last
        if token.norm in UNIT_NOUNS or token.text.casefold() in UNIT_NOUNS:
            unit = UNIT_NOUNS.get(token.norm) or UNIT_NOUNS[token.text.casefold()]
            return (unit, _role_of_unit(sentence, i, roles)), i
        if _is_person(token):
            # "738 adult PSs": the role the person noun qualifies; "Twelve adults with a past history of an
            # eating disorder (mentors)": the role a parenthesis glosses the group with
            after = _next_word(tokens, i)
            if count > 1 and not token.plural and token.norm not in IRREGULAR_PLURALS:
                modifiers += 1  # "ten individual sessions": a singular person noun after a count qualifies a noun
                continue
            if after is not None and after in roles:
                return (PARTICIPANTS, roles[after]), roles[after].last
            return (PARTICIPANTS, _glossed_role(sentence, i, roles) or _named_by_noun(sentence, i, roles)), i
        if token.norm == "in" and _next_word(tokens, i) is not None and tokens[i + 2:i + 3] and tokens[
                i + 2].norm == "depth":  # "in-depth interviews"
            skip_to = i + 2
            continue
        if _is_number(token) and ((k := _next_word(tokens, i)) is not None and tokens[k].norm in DURATIONS):
            skip_to = k  # "three 60 min interviews"
            continue
        if token.norm in _STOP or _is_number(token):
            return None
        if token.plural and token.norm not in ARM_WORDS:
            return None  # the count's head is a plural noun that is not people: "5 key principles guiding peers"
        modifiers += 1
        if modifiers > MODIFIER_REACH:
            return None
    return None


def names_people(sentence: Sentence, match: Match) -> bool:
    """True when a role's words name people, not an activity ("Peer mentoring for ..."), a body of people
    ("consumer-operated service programs") or what the role qualifies ("peer-led groups", "a Peer Navigator
    Intervention")."""
    last = sentence.tokens[match.last]
    after = _next_word(sentence.tokens, match.last)
    qualifies = after is not None and sentence.tokens[after].norm in QUALIFIED_NOUNS
    return not last.text.casefold().endswith("ing") and last.norm not in ORGANISATION_NOUNS and not qualifies and (
        not _compound_start(sentence.tokens, match.last))


def _compound_start(tokens: tuple[Token, ...], last: int) -> bool:
    """True when a hyphen joins the word at last to the next one: "PC-led", "peer worker-delivered"."""
    return last + 2 < len(tokens) and tokens[last + 1].text in {"-", "‐", "‑"} and (
        tokens[last + 1].start == tokens[last].end and tokens[last + 2].start == tokens[last + 1].end)


def _named_by_noun(sentence: Sentence, index: int, roles: dict[int, Match]) -> Match | None:
    """The role a counted person noun names by itself: as one of the role's labels, where a longer phrase hid it
    from the matcher (the families of "106 families of patients": "family of" is blocked for "a family of
    measures"), or as a noun a count of people names the role by ("54 consumers", "four professionals", "12
    service providers"), unless "peer" stands before it."""
    tokens = sentence.tokens
    token = tokens[index]
    concepts = {e.concept for e in lexicon().entries.get((token.norm,), ()) if e.scheme == ROLE}
    if not concepts and token.norm in COUNTED_ROLES and not _peer_modified(tokens, index):
        concepts = {COUNTED_ROLES[token.norm]}
    if len(concepts) != 1:
        return None
    return Match(next(iter(concepts)), ROLE, index, index, token.start, token.end, token.plural)


def _peer_modified(tokens: tuple[Token, ...], index: int) -> bool:
    """True when "peer" modifies the noun at index, among the words between it and its count: "13 peer service
    providers", not "the peers and 17 consumers"."""
    for token in reversed(tokens[max(0, index - MODIFIER_REACH):index]):
        if not token.word or _is_number(token) or token.norm in {"and", "or"}:
            return False
        if token.norm == "peer":
            return True
    return False


def _glossed_role(sentence: Sentence, index: int, roles: dict[int, Match]) -> Match | None:
    """The role a parenthesis names alone, closing the noun phrase of a person noun: "adults with a past
    history of an eating disorder (mentors)"."""
    tokens = sentence.tokens
    for i in range(index + 1, min(len(tokens), index + 14)):
        if tokens[i].text == "(":
            role = roles.get(i + 1)
            closing = role.last + 1 if role is not None else -1
            return role if 0 < closing < len(tokens) and tokens[closing].text == ")" else None
        if tokens[i].norm in {",", ";", ".", ":", "were", "was", "and", "who", "had"}:
            return None
    return None


def _role_of_unit(sentence: Sentence, index: int, roles: dict[int, Match]) -> Match | None:
    """Whom interviews or focus groups were held with, when the sentence names one group after the unit:
    "Four focus groups of 5-8 homeless veterans", "interviews were conducted with six mental health
    professionals"; None when it names several ("with 35 peer workers and 14 stakeholders")."""
    tokens = sentence.tokens
    words = 0
    joined = False
    found: list[Match] = []
    for i in range(index + 1, len(tokens)):
        token = tokens[i]
        if token.norm in {"with", "of", "among"}:
            joined = True
        elif token.norm in {";", "."}:
            break
        if joined and i in roles:
            found.append(roles[i])
        words += token.word
        if words > UNIT_REACH:
            break
    return found[0] if len({m.concept for m in found}) == 1 else None


def _group_before(sentence: Sentence, index: int, roles: list[Match]) -> tuple[bool, Match | None, bool]:
    """The group a count such as "(n = 35)" follows: (found, role, arm). found is False when the words before
    it name something that is not people ("12 trials (n = 5)"); arm is True when they name an arm
    ("the intervention group (n = 60)", "randomised to peer mentors (n = 60)")."""
    tokens = sentence.tokens
    words = 0
    opening = _opening(tokens, index)
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
            return False, None, False  # "Messages (n = 4,000)": what the parenthesis counts is no people
        ending = [m for m in roles if m.last == i]
        if ending:
            return True, ending[0], _assigned_before(tokens, ending[0].first)
        if _is_person(token):
            return True, None, False
        if token.norm in UNIT_NOUNS:
            return True, None, False  # "interviews (n=32)": the people interviewed
        if token.norm in ARM_WORDS:
            return True, None, True
        if token.norm in STUDY_NOUNS:
            return True, None, False  # "Study 1 (n = 200)", "12 trials (n = 1,500)": the people they included
        if token.plural and (token.norm in _STOP or token.norm in ORGANISATION_NOUNS) and (
                i == 0 or not token.text[:1].isupper()):
            return False, None, False  # "12 sites (n = 4)", "Practices (n = 4)"; not "the United States (N = 117)"
        words += 1
        if words >= BACKWARD_REACH:
            return True, None, False
    # The count follows the sentence's subject: "Latinos with a serious mental illness (N=110)".
    return True, None, False


def _opening(tokens: tuple[Token, ...], index: int) -> int:
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
    if _is_person(token) or token.norm in UNIT_NOUNS or token.norm in ARM_WORDS or token.norm in STUDY_NOUNS:
        return False
    if token.norm.endswith(AGENT_ENDINGS) or token.norm in IRREGULAR_PLURALS:
        return False
    before = _previous_word(tokens, i)
    return before is None or before.norm not in {"with", "of", "from", "for", "in", "without", "having", "experiencing",
                                                 "and", "or", "including", "among"}


def _assigned_before(tokens: tuple[Token, ...], first: int) -> bool:
    """True when the words before a group say it is what people were assigned to: "randomised to peer mentors"."""
    words = [t.norm for t in tokens[max(0, first - 4):first] if t.word]
    return "to" in words[-2:] and bool(ASSIGNED & set(words))


class _Reader:
    """The counts of one sentence, gathered by the grammar's rules in turn; each number is read once."""

    def __init__(self, sentence: Sentence, matches: list[Match]) -> None:
        self.sentence = sentence
        self.roles = [m for m in matches if m.scheme == ROLE]
        self.by_first = {m.first: m for m in self.roles}
        self.counts: list[_Count] = []
        self.taken: set[int] = set()

    def add(self, number: str, at: int, head: Head, last: int | None = None) -> None:
        """Record a count whose number starts at character at (relative to the sentence)."""
        start = self.sentence.start + at
        first = _token_at(self.sentence.tokens, start)
        unit, role = head
        if role is not None and role not in self.roles:
            self.roles.append(role)  # a role a person noun names by itself: the parts of its group inherit it
        end = role.end if role is not None and role.end > start else start + len(number)
        group = ParticipantGroup(parse_number(number), unit, role.concept if role is not None else None,
                                 self.sentence.span(start, end))
        self.counts.append(_Count(group, first, first if last is None else max(first, last)))
        self.taken.add(at)

    def before(self, at: int) -> _Count | None:
        """The nearest count of people read before character at."""
        index = _token_at(self.sentence.tokens, self.sentence.start + at)
        earlier = [c for c in self.counts if c.last < index]
        return max(earlier, key=lambda c: c.last) if earlier else None

    def inherited(self, at: int) -> Head:
        """The unit and role of the group a part of it splits off: the group counted before it, or else the
        people the sentence is about ("Service users were allocated to the peer mentor arm (n=40)"), never
        a role that names an arm."""
        whole = self.before(at)
        if whole is not None:
            if whole.group.unit != PARTICIPANTS:
                return PARTICIPANTS, None
            return PARTICIPANTS, next((m for m in self.roles if m.concept == whole.group.role), None)
        tokens = self.sentence.tokens
        index = _token_at(tokens, self.sentence.start + at)
        for role in self.roles:
            after = _next_word(tokens, role.last)
            if role.last < index and not (after is not None and tokens[after].norm in ARM_WORDS) and not (
                    _assigned_before(tokens, role.first)):
                return PARTICIPANTS, role
        return PARTICIPANTS, None


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
    before = _previous_word(tokens, index)
    return before is not None and before.word and before is not tokens[0] and before.text[:1].isupper() and (
        tokens[index].text[:1].islower())


def participant_groups(sentence: Sentence, matches: list[Match],
                       forms: dict[str, URIRef] | None = None) -> list[ParticipantGroup]:
    """The counted groups of one sentence; forms are the short forms of roles the text named (short_forms)."""
    reader = _Reader(sentence, _with_short_forms(sentence, matches, forms) if forms else matches)
    text, tokens = sentence.text, sentence.tokens
    for m in N_EQUALS.finditer(text):
        _read_n_equals(reader, m)
    for m in NAMED_ARM.finditer(text):
        if m.group("arm").strip().casefold() in STATISTIC_NAMES or m.start("number") in reader.taken:
            continue
        opening = text.rfind("(", 0, m.start())
        if opening < 0:
            continue
        # "(PSWs: 4; Supervisors: 2)": a label that names a role counts that role; "PS group = 149" is an arm
        start, end = sentence.start + m.start("arm"), sentence.start + m.end("arm")
        arm = ARM_WORDS & {w.casefold() for w in re.findall(r"[A-Za-z]+", m.group("arm"))}
        named = None if arm else next((r for r in reader.roles if start <= r.start and r.end <= end), None)
        found, role, _ = _group_before(sentence, _token_at(tokens, sentence.start + opening), reader.roles)
        if found or named is not None:
            reader.add(m.group("number"), m.start("number"), (PARTICIPANTS, named or role))
    heads: dict[int, tuple[Head, int | None]] = {}
    for m in reversed(list(PART_OF.finditer(text))):
        # the head may follow the part's percentage ("227/283 (80%) women") or the next part it is
        # coordinated with ("227/283 (80%) and 226/287 (79%) women")
        end = (PERCENT_AFTER.match(text, m.end()) or m).end()
        joined = COORDINATED.match(text, end)
        read = _head_after(sentence, _token_at(tokens, sentence.start + end), reader.by_first,
                           parse_number(m.group("number"))) or _part_of_group(reader, m) or (
            heads.get(joined.end()) if joined else None) or _opening_group(reader, m.start())
        if read is not None:
            heads[m.start()] = read
            # "22 (73%) of the 30 participants were women": the part only describes the whole
            described = read[1] is not None and DESCRIBES_GROUP.match(text[tokens[read[1]].end - sentence.start:])
            for key in ("number",) if described else ("part", "number"):
                reader.add(m.group(key), m.start(key), read[0], read[1])
    for m in NUMBER.finditer(text):
        if (m.start("number") in reader.taken or is_year(m.group("number"))
                or PROPORTION_BEFORE.search(text[:m.start()]) or RANGE_BEFORE.search(text[:m.start()])):
            continue
        read = _head_after(sentence, _token_at(tokens, sentence.start + m.end()), reader.by_first,
                           parse_number(m.group("number")))
        if read is not None:
            reader.add(m.group("number"), m.start("number"), read[0], read[1])
    _read_coordinated(reader)
    _read_parts(reader)
    _read_shares(reader)
    _totals_of_lists(reader)
    _descriptions(reader)
    groups = sorted((c.group for c in reader.counts), key=lambda g: g.span.start)
    # One person is no group: "One peer worker described feeling isolated".
    return [g for g in groups if g.size > 1]


def _opening_group(reader: _Reader, at: int) -> tuple[Head, int | None] | None:
    """The group a sentence opens with, set off by a comma before the count at character at, which a part
    without a noun of its own counts: the caregivers of "For caregivers, 31 of 32 expressed a positive view",
    "Among the peer workers, 11 of 13 wished to continue"."""
    tokens = reader.sentence.tokens
    words = [i for i, t in enumerate(tokens) if t.norm]
    if not words or tokens[words[0]].norm not in OPENING_PREPOSITIONS:
        return None
    index = _token_at(tokens, reader.sentence.start + at)
    for role in reader.roles:
        comma = _next_word(tokens, role.last)
        if role.first <= words[0] + 1 + MODIFIER_REACH and comma is not None and tokens[comma].text == "," and (
                _next_word(tokens, comma) == index):
            return (PARTICIPANTS, role), None
    return None


def _part_of_group(reader: _Reader, m: re.Match[str]) -> tuple[Head, int | None] | None:
    """The people a part given in the parenthesis after a percentage counts: those the words after the
    parenthesis name ("45% (27/60) of participants"), or the arm's people ("29% (64/218) of the intervention
    group"); None for anything else ("30% (6/20) of sessions")."""
    sentence, text = reader.sentence, reader.sentence.text
    after = PART_OF_GROUP.match(text, m.end())
    if after is None or not PERCENT_OPENING.search(text[:m.start()]):
        return None
    index = _token_at(sentence.tokens, sentence.start + after.end())
    read = _head_after(sentence, index, reader.by_first, parse_number(m.group("number")))
    if read is not None:
        return read
    words = [t.norm for t in sentence.tokens[index:index + 6] if t.word][:2]
    return (reader.inherited(m.start()), None) if ARM_WORDS & set(words) else None


def _read_n_equals(reader: _Reader, m: re.Match[str]) -> None:
    """"(n = 35)" counts the group before it; "N = 120 participants" the people after it."""
    sentence = reader.sentence
    tokens = sentence.tokens
    after = _token_at(tokens, sentence.start + m.end())
    read = _head_after(sentence, after, reader.by_first)
    nxt = _next_word(tokens, after - 1)
    if read is not None:
        reader.add(m.group("number"), m.start("number"), read[0], read[1])
        return
    if nxt is not None and tokens[nxt].word and (tokens[nxt].plural or tokens[nxt].norm in _STOP) and (
            tokens[nxt].norm not in {"per", "each", "in", "and", "at", "from", "across", "with", "of"}):
        return  # "n = 5 studies"
    index = _token_at(tokens, sentence.start + m.start())
    opening = sentence.text.rfind("(", 0, m.start())
    if opening >= 0 and ")" not in sentence.text[opening:m.start()] and any(
            opening < t < m.start() for t in reader.taken):
        # a second count in the same parenthesis: "(n = 30 and n = 32)" splits the group as the first did
        reader.add(m.group("number"), m.start("number"), reader.inherited(m.start()))
        return
    found, role, arm = _group_before(sentence, index, reader.roles)
    if not found:
        return
    if arm:  # "the intervention group (n = 60)": part of the sample, not the peers who deliver it
        reader.add(m.group("number"), m.start("number"), reader.inherited(m.start()))
    else:
        reader.add(m.group("number"), m.start("number"), (PARTICIPANTS, role))


def _read_shares(reader: _Reader) -> None:
    """An "n =" that gives the people of a percentage ("6% (N = 86) engaged with both", "enrolled in Medicaid
    (N = 1062, 59%)") counts a share of the nearest group counted before it in the sentence that is larger,
    if there is one (not the "one" of "at least one staff type")."""
    text, tokens = reader.sentence.text, reader.sentence.tokens
    for m in N_EQUALS.finditer(text):
        opening = text.rfind("(", 0, m.start())
        if m.start("number") in reader.taken or opening < 0 or not (
                PERCENT_BEFORE_COUNT.search(text[:opening + 1]) or PERCENT_BESIDE_COUNT.match(text[m.end():])):
            continue
        index = _token_at(tokens, reader.sentence.start + m.start())
        size = parse_number(m.group("number"))
        wholes = [c for c in reader.counts if c.last < index and c.group.size > size and c.group.unit == PARTICIPANTS]
        if wholes:
            whole = max(wholes, key=lambda c: c.last)
            role = next((r for r in reader.roles if r.concept == whole.group.role), None)
            reader.add(m.group("number"), m.start("number"), (PARTICIPANTS, role))


def _previous_word(tokens: tuple[Token, ...], index: int) -> Token | None:
    return next((tokens[k] for k in range(index - 1, -1, -1) if tokens[k].norm), None)


def _totals_of_lists(reader: _Reader) -> None:
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


def _descriptions(reader: _Reader) -> None:
    """Counts of women or men in the parenthesis right after a counted group, or after its count inside the
    parenthesis, describe it: the 20 of "42 participants (20 women)", the 52 of "Patients (N = 96; 52 women)"."""
    tokens = reader.sentence.tokens
    kept = []
    for count in reader.counts:
        head = tokens[count.last]
        opening = _opening(tokens, count.first)
        # the head must stand inside the parenthesis: the "women" of "14% (40/297) of women" is whom it counts
        closed = any(t.text == ")" for t in tokens[count.first:count.last])
        described = (head.norm in NOT_A_PART or head.text.casefold() in NOT_A_PART) and opening > 0 and not (
            closed) and any(c.last == opening - 1 or opening < c.first < count.first for c in reader.counts)
        if not described:
            kept.append(count)
    reader.counts = kept


def _read_coordinated(reader: _Reader) -> None:
    """A bare count coordinated with a counted group shares its head: the 560 of "560 and 280 women"."""
    text = reader.sentence.text
    starts = {c.group.span.start - reader.sentence.start: c for c in reader.counts}
    for m in NUMBER.finditer(text):
        at = m.start("number")
        joined = COORDINATED.match(text, m.end())
        if at in reader.taken or is_year(m.group("number")) or joined is None or joined.end() not in starts:
            continue
        index = _token_at(reader.sentence.tokens, reader.sentence.start + at)
        label = _previous_word(reader.sentence.tokens, index)
        if label is not None and (label.norm in LABELLED or label.norm in STUDY_NOUNS):
            continue  # "In Study 2, 145 undergraduates": the 2 names a study, it counts no one
        shared = starts[joined.end()]
        role = next((r for r in reader.roles if r.concept == shared.group.role), None)
        reader.add(m.group("number"), at, (shared.group.unit, role))


def _respondents_of(reader: _Reader) -> None:
    """Respondents are of the group a survey went to, counted before them: "all known CPSSs (N=1,128),
    yielding 394 respondents"."""
    tokens = reader.sentence.tokens
    for k, count in enumerate(reader.counts):
        if count.group.role is None and tokens[count.last].norm in RESPONDENT_NOUNS:
            earlier = [c for c in reader.counts if c.last < count.first and c.group.role is not None]
            if earlier:
                whole = max(earlier, key=lambda c: c.last)
                reader.counts[k] = replace(count, group=replace(count.group, role=whole.group.role))


def _read_parts(reader: _Reader) -> None:
    """Counts without a head of their own that split a group read before them: a breakdown in the
    parenthesis after the group, "of whom 319", "a total sample size of 264", and arms or subsets
    ("23 in the care-as-usual arm", "704 (83%) attended")."""
    sentence = reader.sentence
    text = sentence.text
    _respondents_of(reader)
    for m in OF_WHOM.finditer(text):
        if (m.start("number") not in reader.taken and reader.before(m.start()) is not None
                and not DESCRIBES_GROUP.match(text[m.end():])):
            reader.add(m.group("number"), m.start("number"), reader.inherited(m.start()))
    for m in SAMPLE_SIZE.finditer(text):
        if m.start("number") not in reader.taken:
            reader.add(m.group("number"), m.start("number"), reader.inherited(m.start()))
    _read_bare_samples(reader)
    for m in NUMBER.finditer(text):
        at = m.start("number")
        if at in reader.taken or is_year(m.group("number")) or reader.before(at) is None:
            continue
        rest = text[m.end():]
        if _in_breakdown(reader, at, m.end()) or PART_OF_SAMPLE.match(rest):
            reader.add(m.group("number"), at, reader.inherited(at))


# What the people a bare count at the head of a clause counts were, up to the clause's comma. Matches " invited," of
# "Of 300 invited, 120 (40%) responded", " randomised," of "Of 80 randomised, 72 completed"
SAMPLED_CLAUSE = re.compile(r"\s*(?:(?:who\ )?(?:were|was)\ )?(?:invited|approached|contacted|screened|surveyed"
                            r"|randomi[sz]ed|enrolled|recruited|eligible|consented)\s*,", re.VERBOSE | re.IGNORECASE)


def _read_bare_samples(reader: _Reader) -> None:
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


def _things_before(reader: _Reader, at: int) -> bool:
    """True when the last count before character at counts things, not people, whose part a bare count then
    is: the 6 of "in 12 warships; 6 were randomized", of "24 practices, of which 12 were randomised"."""
    sentence = reader.sentence
    earlier = [m for m in NUMBER.finditer(sentence.text, 0, at) if not is_year(m.group("number"))]
    if not earlier:
        return False
    first = _token_at(sentence.tokens, sentence.start + earlier[-1].end())
    for index in range(first, min(first + MODIFIER_REACH + 1, len(sentence.tokens))):
        token = sentence.tokens[index]
        if not token.word or index in reader.by_first or _is_person(token) or token.norm in UNIT_NOUNS:
            return False
        if token.plural:  # the head of what the count counts: "12 warships", "24 general practices"
            return token.norm not in ARM_WORDS
    return False


def _in_breakdown(reader: _Reader, at: int, end: int) -> bool:
    """True when a count opens an item of the parenthesis right after a counted group: the 147 and 234 of
    "381 participants (147 in Vermont and 234 in Minnesota)", not the 19 of "(19 female, 6 male)"."""
    sentence = reader.sentence
    tokens = sentence.tokens
    index = _token_at(tokens, sentence.start + at)
    if index == 0 or tokens[index - 1].norm not in {"(", ",", ";", "and", "vs", "versus", "/"}:
        return False
    nxt = _next_word(tokens, index)
    if nxt is not None and (tokens[nxt].norm in NOT_A_PART or tokens[nxt].text.casefold() in NOT_A_PART):
        return False
    if re.match(r"\s*(?:[.,]\d|%)", sentence.text[end:end + 3]):
        return False
    opening = _opening(tokens, index)
    return opening >= 0 and any(c.last == opening - 1 and c.group.unit == PARTICIPANTS for c in reader.counts)


