"""Count heads: what a number in a sentence counts, read from the words after it.

After the number: a role ("35 peer support workers"), people ("29 adult participants"), interviews or focus groups
and whom they were held with ("18 stakeholder interviews"), or something that is not people ("10 principles",
"12 weekly sessions", "6 community mental health teams", "60 min interviews"). What an "n =" counts from the group
before it is read by :mod:`kg.extract.count_before`, with the words of this module.
"""

from __future__ import annotations

import re

from kg.extract.counts import NUMBER, PERCENT_AFTER
from kg.extract.lexicon import ROLE, lexicon
from kg.extract.matches import Match
from kg.extract.roles import counted_peers_role, not_peers
from kg.extract.text import Sentence, Token
from kg.namespaces import CONCEPT

# The units a count counts in.
PARTICIPANTS, INTERVIEWS, FOCUS_GROUPS, FAMILIES = "participants", "interviews", "focus groups", "families"
# Nouns for people counted in pairs, households or families, whose count is of families: "889 mother-child dyads",
# "106 families of patients".
FAMILY_NOUNS = frozenset({"dyad", "household", "family"})
# Nouns a count of people names a role by, which are no label of it because they name other things elsewhere
# ("consumer-operated services", "users of", "providers of care").
COUNTED_ROLES = {"consumer": CONCEPT["role/service-user"], "user": CONCEPT["role/service-user"],
                 "outpatient": CONCEPT["role/service-user"], "inpatient": CONCEPT["role/service-user"],
                 "professional": CONCEPT["role/mental-health-staff"], "provider": CONCEPT["role/mental-health-staff"],
                 # the scheme defines family members as "relatives and informal carers" ("relative risk" is no one)
                 "relative": CONCEPT["role/family-member"]}
# Nouns for the people who use what the words before them name: the users of "peer support users".
USER_NOUNS = frozenset({"user", "consumer"})
# Nouns for counted people who have no role of the scheme.
PERSON_NOUNS = frozenset({"participant", "people", "person", "individual", "respondent", "adult", "subject",
                          "interviewee", "informant", "woman", "women", "man", "men", "mother", "father",
                          "veteran", "student", "child", "children", "patient", "volunteer", "graduate",
                          "trainee", "employee", "worker", "response", "mentee", "youth", "completer", "user",
                          "nonuser", "beneficiary", "enrollee", "enrolee", "attendee", "inpatient", "outpatient",
                          "resident", "refugee", "migrant", "survivor", "girl", "boy", "teen", "dyad", "couple",
                          "applicant", "recipient", "responder", "decedent", "parent", "recruit", "family", "household",
                          "control", "consumer", "professional", "provider", "relative"})
# Nouns of a count of people, whose change is a change in what the people counted have: "the number of providers who
# experienced distress decreased", "the percentage of mothers with depressive symptoms fell".
COUNT_NOUNS = frozenset({"number", "proportion", "percentage", "share", "rate", "prevalence", "fraction", "count",
                         "percent"})
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
HEAD_STOPS = frozenset({"of", "with", "from", "were", "was", "who", "that", "and", "in", "at", "to", "for", "per",
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
# How many words may qualify the noun a count counts: "29 adult participants".
MODIFIER_REACH = 3
# How far after "interviews" or "focus groups" the people they were held with may be named.
UNIT_REACH = 25
# Words after a number that make it a length of time. Matches the "min" of "60 min interviews"
DURATIONS = frozenset({"min", "mins", "minute", "minutes", "hour", "hours", "hr", "hrs", "h"})
# How many words may qualify the noun a count counts when commas, "and" or a parenthesis show the noun phrase
# is a long one: "25 predominantly Black and Hispanic adult (ages 26-57) child welfare-involved female caregivers".
LONG_REACH = 6
# How many tokens a parenthesis inside a count's noun phrase may hold.
PARENTHESIS_REACH = 10
# Words that join the modifiers of one noun.
COORDINATORS = frozenset({",", "and", "or"})
# Words after "of" that make a count a part of the people named after them: "11 of their supervisors".
PARTITIVE_DETERMINERS = frozenset({"the", "their", "these", "those", "our", "its", "his", "her"})
# Words that open a noun phrase: the noun a count counts has none ("40 reported their peer worker" counts no
# peer workers).
DETERMINERS = frozenset({"the", "a", "an", "their", "his", "her", "its", "our", "my", "your", "this", "these",
                         "those", "that", "which", "who", "whom", "whose", "any", "some", "every", "no"})
# Words of a clause that say its people took part in the study. Matches "completed baseline surveys", "were
# interviewed", "took part", "responded"
TOOK_PART = re.compile(r"""[^.;]*?\b(?:(?:completed|returned)\ (?:the\ |a\ |an\ )?(?:baseline\ |online\ |follow-up\ )?
      (?:surveys?|questionnaires?|interviews?|assessments?)|took\ part|participated|consented|responded
      |(?:were|was)\ (?:randomi[sz]ed|recruited|enrolled|included|interviewed|surveyed))\b""",
                       re.VERBOSE | re.IGNORECASE)
# What a count counts: its unit (PARTICIPANTS, INTERVIEWS or FOCUS_GROUPS) and the role of its people, if named.
Head = tuple[str, Match | None]


def token_at(tokens: tuple[Token, ...], offset: int) -> int:
    """The index of the first token at or after a character offset of the field; len(tokens) when none is."""
    return next((i for i, t in enumerate(tokens) if t.start >= offset), len(tokens))


def next_word_index(tokens: tuple[Token, ...], i: int) -> int | None:
    """The index of the next token after i that has a normal form; None at the end."""
    return next((k for k in range(i + 1, len(tokens)) if tokens[k].norm), None)


def is_person(token: Token) -> bool:
    """True when a token is a noun for people who have no role of the scheme: "participants", "mothers", or
    "peers", whose role is what they do (:func:`kg.extract.roles.counted_peers_role`)."""
    return token.norm in PERSON_NOUNS or token.text.casefold() in PERSON_NOUNS or token.text.casefold() == "peers"


def is_number(token: Token) -> bool:
    """True when a token is a count in digits or words: "12", "twelve"."""
    return token.norm.isdigit() or NUMBER.fullmatch(token.text) is not None


def head_after(sentence: Sentence, index: int, roles: dict[int, Match], count: int = 2) -> tuple[Head, int] | None:
    """What a count of ``count`` ending before token index counts (a role, people, interviews) and its last
    token; None when it counts something else ("10 principles", "12 weekly sessions") or nothing. A count with its
    share between it and its noun ("251 (72%) peer support workers") counts a group of the study only when its
    clause says they took part ("... completed baseline surveys"), not when it reports a result ("71 (16%) patients
    were still engaged")."""
    read = _head_after(sentence, index, roles, count)
    if read is None or index >= len(sentence.tokens):
        return read
    share = PERCENT_AFTER.match(sentence.text, sentence.tokens[index].start - sentence.start)
    if share is not None and not TOOK_PART.match(sentence.text, sentence.tokens[read[1]].end - sentence.start):
        return None
    return read


def _head_after(sentence: Sentence, index: int, roles: dict[int, Match], count: int) -> tuple[Head, int] | None:
    tokens = sentence.tokens
    before = [t.norm for t in tokens[max(0, index - 4):index - 1]]
    if "each" in before and before[-3:-1] != ["each", "of"] and before[-2:] != ["each", "of"]:
        return None  # "teams that each deployed two PSs": a number per unit, not a group; not "each of the 20"
    modifiers = 0
    first = next_word_index(tokens, index - 1)
    if first is not None and tokens[first].norm in DURATIONS:
        return None  # "60 min interviews" is how long they were, not how many
    determiner = next_word_index(tokens, first) if first is not None and tokens[first].norm == "of" else None
    if determiner is not None and tokens[determiner].norm in PARTITIVE_DETERMINERS:
        # "11 of their supervisors", "12 of the peer workers": a part of people named after it, counted so
        return _head_after(sentence, determiner + 1, roles, count)
    skip_to = -1
    if first is not None and tokens[first].norm in {"were", "was"} and first + 1 in roles:
        return (PARTICIPANTS, roles[first + 1]), roles[first + 1].last  # "40 were peer workers"
    paired: Match | None = None  # a role joined by a hyphen to what follows: the "mother" of "mother-child"
    qualifier = -1  # the first singular person noun that qualifies the head: the "mother" of "mother-child dyads"
    extended = False  # the noun phrase holds a parenthesis or coordinated modifiers, which may make it longer
    for i in range(index, len(tokens)):
        token = tokens[i]
        if not token.norm or i <= skip_to:
            continue
        if token.text == "(" and (closing := _closing(tokens, i)) is not None:
            skip_to = closing  # "25 adult (ages 26-57) caregivers", "863 (628 female) volunteers"
            # a share right after the count says what part of a whole it is; it makes the noun phrase no longer:
            # "251 (72%) peer support workers"
            extended = extended or not PERCENT_AFTER.match(sentence.text, token.start - sentence.start)
            continue
        if token.norm in COORDINATORS and modifiers and not (tokens[i - 1].plural and not _in_name(tokens, i - 1)) and (
                _modifier_follows(tokens, i)):
            extended = True  # "Black and Hispanic adult caregivers", "United Kingdom, United States, and Canadian"
            continue
        if not token.word or token.norm in DETERMINERS:
            return None
        if i in roles and _compound_start(tokens, roles[i].last):
            skip_to = roles[i].last + 2  # "thirteen PC-led interventions": the role qualifies what follows
            modifiers += 1
            paired = paired or roles[i]
            continue
        if i in roles and tokens[roles[i].last].norm in ORGANISATION_NOUNS:
            return None  # "6 community mental health teams" counts teams, not people
        if i in roles and _names_body(tokens, roles[i]):
            skip_to = roles[i].last  # "138 Veterans Health Administration facilities": a name qualifies the head
            modifiers += 1
            continue
        if i in roles:
            # "18 stakeholder interviews" counts interviews with stakeholders
            after = next_word_index(tokens, roles[i].last)
            if after is not None and tokens[after].norm in UNIT_NOUNS:
                return (UNIT_NOUNS[tokens[after].norm], roles[i]), after
            glossed = _past_gloss(tokens, roles[i].last)  # "eight peer support worker (PSW) principles"
            named = next_word_index(tokens, glossed)
            if named is not None and named in roles and not tokens[roles[i].last].plural and glossed == roles[i].last:
                skip_to = roles[i].last  # "6 peer specialist supervisors": the last role of a compound is its head
                modifiers += 1
                continue
            if named is not None and _things_named_by(tokens, roles[i].last, named, glossed):
                return None  # "5 peer support worker meetings": the role names what the meetings were of
            listed = _list_end(tokens, roles[i], roles)
            if listed is not None:
                return (PARTICIPANTS, None), listed  # "71 peer workers, service users, staff and managers"
            unit = FAMILIES if tokens[roles[i].last].norm in FAMILY_NOUNS else PARTICIPANTS  # "24 families"
            return (unit, roles[i]), roles[i].last
        if _runs_into_name(tokens, i):
            modifiers += 1  # "138 Veterans Health Administration facilities": a word of a name, not the head
            if modifiers > LONG_REACH:
                return None
            continue
        if token.norm in UNIT_NOUNS or token.text.casefold() in UNIT_NOUNS:
            unit = UNIT_NOUNS.get(token.norm) or UNIT_NOUNS[token.text.casefold()]
            return (unit, role_of_unit(sentence, i, roles)), i
        if is_person(token):
            # "738 adult PSs": the role the person noun qualifies; "Twelve adults with a past history of an
            # eating disorder (mentors)": the role a parenthesis glosses the group with
            after = next_word_index(tokens, i)
            if count > 1 and not token.plural and token.norm not in IRREGULAR_PLURALS:
                modifiers += 1  # "ten individual sessions": a singular person noun after a count qualifies a noun
                qualifier = i if qualifier < 0 else qualifier
                continue
            if after is not None and after in roles:
                return (PARTICIPANTS, roles[after]), roles[after].last
            if token.norm in FAMILY_NOUNS:  # "mother-child dyads": the role of the first person they pair
                return (FAMILIES, _glossed_role(sentence, i, roles) or paired or (
                    named_by_noun(sentence, qualifier) if qualifier >= 0 else None) or (
                    named_by_noun(sentence, i))), i
            return (PARTICIPANTS, _glossed_role(sentence, i, roles) or named_by_noun(sentence, i)), i
        if token.norm == "in" and next_word_index(tokens, i) is not None and tokens[i + 2:i + 3] and tokens[
                i + 2].norm == "depth":  # "in-depth interviews"
            skip_to = i + 2
            continue
        if is_number(token) and ((k := next_word_index(tokens, i)) is not None and tokens[k].norm in DURATIONS):
            skip_to = k  # "three 60 min interviews"
            continue
        if _in_name(tokens, i) and extended:
            modifiers += 1  # "United Kingdom, United States, and Canadian volunteers": a place's name qualifies
            continue
        if token.norm in HEAD_STOPS or is_number(token):
            return None
        if token.plural and token.norm not in ARM_WORDS:
            return None  # the count's head is a plural noun that is not people: "5 key principles guiding peers"
        # an adverb qualifies the next modifier and a word joined by a hyphen is part of the one before it:
        # "predominantly female", "child welfare-involved"
        modifiers += not (token.norm.endswith("ly") or _hyphen_joined(tokens, i))
        if modifiers > (LONG_REACH if extended else MODIFIER_REACH):
            return None
    return None


def _list_end(tokens: tuple[Token, ...], role: Match, roles: dict[int, Match]) -> int | None:
    """The last token of a list of roles that the role counted first opens, with no count of their own ("71 peer
    workers, service users, staff and managers": one count of them all, of no one role); None when the role
    stands alone or the next item is counted ("13 peer service providers and 54 consumers")."""
    last = role.last
    while True:
        sep = next_word_index(tokens, last)
        if sep is None or tokens[sep].norm not in COORDINATORS:
            return None
        item = next_word_index(tokens, sep)
        if item is not None and tokens[item].norm in {"and", "or"} and tokens[sep].text == ",":
            sep, item = item, next_word_index(tokens, item)  # the serial comma of "staff, and managers"
        if item is None or item not in roles:
            return None
        last = roles[item].last
        if tokens[sep].norm in {"and", "or"}:
            return last


def _names_body(tokens: tuple[Token, ...], role: Match) -> bool:
    """True when a role's capitalised words run on into more capitalised words, which make them part of a name
    ("Veterans Health Administration", "Peer Support Canada"), not people."""
    return role.first > 0 and tokens[role.first].text[:1].isupper() and _runs_into_name(tokens, role.last)


def _runs_into_name(tokens: tuple[Token, ...], i: int) -> bool:
    """True when the capitalised word at i is followed by another capitalised word that is no acronym: both are
    words of a name."""
    after = i + 1
    return i > 0 and tokens[i].text[:1].isupper() and after < len(tokens) and tokens[after].word and (
        tokens[after].text[:1].isupper() and not tokens[after].text.isupper())


def _closing(tokens: tuple[Token, ...], opening: int) -> int | None:
    """The index of the parenthesis that closes the one at opening, when it closes soon; None otherwise."""
    for k in range(opening + 1, min(len(tokens), opening + PARENTHESIS_REACH)):
        if tokens[k].text == "(":
            return None
        if tokens[k].text == ")":
            return k
    return None


def _modifier_follows(tokens: tuple[Token, ...], i: int) -> bool:
    """True when a comma or "and" joins two modifiers of one noun: a word that is neither a number nor a word that
    ends a count's noun phrase follows it."""
    k = next_word_index(tokens, i)
    while k is not None and tokens[k].norm in COORDINATORS:
        k = next_word_index(tokens, k)
    return k is not None and tokens[k].word and not is_number(tokens[k]) and (
        tokens[k].norm not in HEAD_STOPS and tokens[k].norm not in DETERMINERS)


def _in_name(tokens: tuple[Token, ...], i: int) -> bool:
    """True when the word at i ends a name of several capitalised words: the "States" of "United States"."""
    return i >= 1 and tokens[i].text[:1].isupper() and tokens[i - 1].word and tokens[i - 1].text[:1].isupper() and (
        not is_number(tokens[i - 1]))


def _hyphen_joined(tokens: tuple[Token, ...], i: int) -> bool:
    """True when a hyphen with no space joins the token at i to the word before it."""
    return i >= 2 and tokens[i - 1].text in {"-", "‐", "‑"} and tokens[i - 1].start == tokens[i - 2].end and (
        tokens[i].start == tokens[i - 1].end)


def _past_gloss(tokens: tuple[Token, ...], last: int) -> int:
    """The index of the closing parenthesis of an acronym that glosses the role ending at last ("peer support
    worker (PSW)"), which the noun the role qualifies may follow; last when none does."""
    if last + 3 < len(tokens) and tokens[last + 1].text == "(" and tokens[last + 3].text == ")" and (
            tokens[last + 2].text[:1].isupper() and tokens[last + 2].text.isalpha()):
        return last + 3
    return last


def _things_named_by(tokens: tuple[Token, ...], last: int, after: int, glossed: int | None = None) -> bool:
    """True when a role in the singular qualifies the plural noun right after it (or after its acronym's
    parenthesis, glossed), which names things, not people: the "meetings" of "peer support worker meetings", the
    "principles" of "peer support worker (PSW) principles", not the "representatives" of "service user
    representatives"."""
    noun = tokens[after]
    adjacent = after == (last if glossed is None else glossed) + 1
    return adjacent and not tokens[last].plural and noun.plural and noun.word and not is_person(noun) and (
        not noun.norm.endswith((*AGENT_ENDINGS, "ive")) or noun.norm in QUALIFIED_NOUNS) and noun.norm not in ARM_WORDS


def names_people(sentence: Sentence, match: Match) -> bool:
    """True when a role's words name people, not an activity ("Peer mentoring for ..."), a body of people
    ("consumer-operated service programs") or what the role qualifies ("peer-led groups", "a Peer Navigator
    Intervention")."""
    last = sentence.tokens[match.last]
    after = next_word_index(sentence.tokens, match.last)
    qualifies = after is not None and sentence.tokens[after].norm in QUALIFIED_NOUNS
    return not last.text.casefold().endswith("ing") and last.norm not in ORGANISATION_NOUNS and not qualifies and (
        not _compound_start(sentence.tokens, match.last))


def _compound_start(tokens: tuple[Token, ...], last: int) -> bool:
    """True when a hyphen joins the word at last to the next one: "PC-led", "peer worker-delivered"."""
    return last + 2 < len(tokens) and tokens[last + 1].text in {"-", "‐", "‑"} and (
        tokens[last + 1].start == tokens[last].end and tokens[last + 2].start == tokens[last + 1].end)


def named_by_noun(sentence: Sentence, index: int) -> Match | None:
    """The role a counted person noun names by itself: as one of the role's labels, where a longer phrase hid it
    from the matcher (the families of "106 families of patients": "family of" is blocked for "a family of
    measures"), or as a noun a count of people names the role by ("54 consumers", "four professionals", "12
    service providers"), unless "peer" stands before it."""
    tokens = sentence.tokens
    token = tokens[index]
    peers = peers_match(tokens, index)
    if peers is not None:  # "Six peers were trained": peers are named by what they do
        return peers
    concepts = {e.concept for e in lexicon().entries.get((token.norm,), ()) if e.scheme == ROLE}
    if not concepts and token.norm in COUNTED_ROLES and not _peer_modified(tokens, index):
        concepts = {COUNTED_ROLES[token.norm]}
    if len(concepts) != 1:
        return None
    return Match(next(iter(concepts)), ROLE, index, index, token.start, token.end, token.plural)


def peers_match(tokens: tuple[Token, ...], index: int) -> Match | None:
    """The role of the "peers" at index, by what they do, as a match of that one word; None for other words."""
    role = counted_peers_role(tokens, index)
    token = tokens[index]
    return None if role is None else Match(role, ROLE, index, index, token.start, token.end, token.plural)


def _peer_modified(tokens: tuple[Token, ...], index: int) -> bool:
    """True when "peer" modifies the noun at index, among the words between it and its count: "13 peer service
    providers", not "the peers and 17 consumers"; for users, only right before them: "peer support users" use peer
    support, as the scheme's service users do."""
    for k in range(index - 1, max(-1, index - MODIFIER_REACH - 1), -1):
        token = tokens[k]
        if not token.word or is_number(token) or token.norm in {"and", "or"}:
            return False
        if token.norm == "peer":
            return not not_peers(tokens, k) and (tokens[index].norm not in USER_NOUNS or k == index - 1)
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


def role_of_unit(sentence: Sentence, index: int, roles: dict[int, Match]) -> Match | None:
    """Whom interviews or focus groups were held with, when the sentence names one group after the unit:
    "Four focus groups of 5-8 homeless veterans", "interviews were conducted with six mental health
    professionals"; None when it names several ("with 35 peer workers and 14 stakeholders") or the unit is split by
    whom ("16 interviews, eight with peer workers and eight with staff"). A count held with others of its own ("30
    interviews with peer workers and 20 with managers") or another unit ("and focus groups with staff") ends the
    people of this one."""
    tokens = sentence.tokens
    words = 0
    joined = False
    found: list[Match] = []
    for i in range(index + 1, len(tokens)):
        token = tokens[i]
        after = next_word_index(tokens, i)
        if is_number(token) and after is not None and tokens[after].norm == "with":
            if not found:
                return None  # "Sixteen interviews, eight with peer workers and eight with clinicians": split by whom
            break
        if found and token.norm in UNIT_NOUNS:
            break
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
