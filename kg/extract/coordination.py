"""Labels that coordination and compounding share out: a head shared by coordinated modifiers ("realist and
participatory evaluation"), the head of a noun compound ("youth peer support workers") and general heads that
take their outcome from their modifiers ("cannabis and heroin use")."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from rdflib import URIRef

from kg.extract.lexicon import BLOCK, OUTCOME, ROLE, Lexicon
from kg.extract.matches import (
    COORDINATORS,
    DETERMINERS,
    Acronyms,
    Match,
    lookup,
    make_match,
)
from kg.extract.measure_names import is_name_part
from kg.extract.text import Sentence, Token
from kg.namespaces import CONCEPT


def coordinated_labels(sentence: Sentence, found: list[Match], lex: Lexicon, positions: list[int],
                       norms: list[str]) -> tuple[list[Match], list[Match]]:
    """Labels whose modifier is shared by coordination: "realist and participatory evaluation" (the head shared
    backwards), "academic satisfaction and engagement" (the modifier shared forwards: academic engagement, which
    takes the place of the bare word). Returns the labels found and the bare words they replace."""
    extra: list[Match] = []
    replaced: list[Match] = []
    index = {tok: k for k, tok in enumerate(positions)}
    for match in found:
        k = index[match.first]
        head = norms[k + 1:index[match.last] + 1]
        if head and k >= 2 and norms[k - 1] in COORDINATORS:
            for entry in lex.entries.get((norms[k - 2], *head), ()):
                if entry.scheme == match.scheme and entry.concept not in (BLOCK, match.concept):
                    extra.append(make_match(sentence, entry, positions[k - 2], match.last))
        if match.first == match.last and k >= 3 and norms[k - 1] in COORDINATORS:
            # "academic satisfaction and engagement": the modifier of the conjunct before this one word
            entries = [e for e in lex.entries.get((norms[k - 3], norms[k]), ())
                       if e.scheme == match.scheme and e.concept not in (BLOCK, match.concept)]
            extra.extend(make_match(sentence, e, positions[k - 3], match.last) for e in entries)
            replaced.extend([match] if entries else [])
    return extra, replaced


# Words that join the last two items of a list: "physical, social and emotional wellbeing".
_LAST_JOINERS = frozenset({"and", "or", "and/or", "&"})
# Words before a head that make the conjunct a kind of peer support, the intervention, whose head is no outcome:
# "social and peer support" names no social support as measured.
_PEER_WORDS = ("peer",)


def shared_heads(sentence: Sentence, found: list[Match], lex: Lexicon, positions: list[int],
                 norms: list[str]) -> list[Match]:
    """Outcome labels that each coordinated modifier forms with the head of the last conjunct, when the last
    conjunct names an outcome there and the modifier stands before it in a list or the conjunct is named by what
    is said of it rather than by a label: "physical, social and emotional wellbeing" names physical wellbeing,
    "improved physical and mental health" physical health. A conjunct that names no outcome shares nothing:
    "people with physical and mental health problems" are a population."""
    tokens = sentence.tokens
    have = {(m.concept, m.first) for m in found}
    outcomes = {(m.first, m.last) for m in found if m.scheme == OUTCOME}
    extra: list[Match] = []
    for c, word in enumerate(norms):
        if word not in _LAST_JOINERS or c < 1 or c + 2 >= len(norms):
            continue
        second = positions[c + 1]
        if not _modifier(tokens[second]) or norms[c + 1].startswith(_PEER_WORDS):
            continue
        before = c - 1 if norms[c - 1] != "," else c - 2  # "physical, social, and emotional wellbeing"
        if before < 0 or not _modifier(tokens[positions[before]]):
            continue
        modifiers = [j for j in [before, *_coordinated_modifiers(norms, before)] if _modifier(tokens[positions[j]])]
        for n in range(min(lex.longest - 1, len(norms) - c - 2), 0, -1):
            head = tuple(norms[c + 2:c + 2 + n])
            last = positions[c + 1 + n]
            labels = [(j, lex.entries.get((norms[j], *head), ())) for j in modifiers]
            labels = [(j, entries) for j, entries in labels if entries and all(e.concept != BLOCK for e in entries)]
            if not labels or (second, last) not in outcomes:
                continue
            extra.extend(make_match(sentence, e, positions[j], last) for j, entries in labels for e in entries
                         if e.scheme == OUTCOME and (e.concept, positions[j]) not in have)
            break
    return extra


# Words that stand before a noun without modifying it as a kind of it: "the costs", "their roles".
_NOT_KINDS = DETERMINERS | frozenset({"an", "his", "her", "these", "those", "our", "of", "in", "with", "for", "on"})


def _modifier(token: Token) -> bool:
    """True when a token may be a modifier that shares a head: a word in the singular that is no determiner or
    preposition ("roles and role boundaries" coordinates nouns, not modifiers of "boundaries")."""
    return token.word and not token.plural and token.norm not in _NOT_KINDS and not token.text.isdigit()


def prefixes_shared(sentence: Sentence, found: list[Match], lex: Lexicon) -> list[Match]:
    """Outcome labels whose first word a hyphenated conjunct shares with the hyphen left bare: "self-esteem and
    -efficacy" names self-efficacy, the prefix "self" of the first conjunct standing before "-efficacy"."""
    tokens = sentence.tokens
    extra: list[Match] = []
    for match in found:
        if match.scheme != OUTCOME or match.first + 2 > match.last or tokens[match.first + 1].text != "-":
            continue
        k = match.last + 1
        if not (k + 2 < len(tokens) and tokens[k].norm in _LAST_JOINERS and tokens[k + 1].text == "-"
                and tokens[k + 2].word and tokens[k + 2].start == tokens[k + 1].end
                and tokens[k + 1].start > tokens[k].end):
            continue
        key = (tokens[match.first].norm, tokens[k + 2].norm)
        extra.extend(make_match(sentence, e, k + 1, k + 2) for e in lex.entries.get(key, ())
                     if e.scheme == OUTCOME and e.concept != match.concept)
    return extra


def compound_heads(sentence: Sentence, found: list[Match], lex: Lexicon, acronyms: Acronyms, positions: list[int],
                   norms: list[str]) -> list[Match]:
    """The roles of a noun compound whose leftmost-longest label ends where a longer role label begins: the last
    noun is the compound's head, so "youth peer support workers" names peer support workers (and youth, the
    label before them), not the "youth peer" that leftmost-longest took."""
    index = {tok: k for k, tok in enumerate(positions)}
    out = list(found)
    for match in found:
        if match.scheme != ROLE or match.first == match.last or match.last not in index:
            continue
        k = index[match.last]
        for n in range(min(lex.longest, len(positions) - k), 1, -1):
            entries = lookup(tuple(norms[k:k + n]), lex, acronyms)
            if not entries or any(e.scheme != ROLE for e in entries):
                continue
            last = positions[k + n - 1]
            out = [m for m in out if m is not match and not (match.last <= m.first and m.last <= last)]
            modifier = lookup(tuple(norms[index[match.first]:k]), lex, acronyms)
            out += [make_match(sentence, e, match.first, positions[k - 1]) for e in modifier if e.scheme == ROLE]
            out += [make_match(sentence, e, match.last, last) for e in entries]
            break
    return out


# How many words a coordinated list may hold before an outcome that a possessive before the list governs:
# "peer volunteers' motivation and resilience".
_LIST_NOUNS = 3


def before_coordinated_nouns(tokens: tuple[Token, ...], k: int, role_ends: AbstractSet[int]) -> int:
    """The index before a coordinated list of nouns that ends at k with a coordinator ("motivation and" of
    "motivation and resilience"), so that what stands before the list governs every item; k itself when no
    coordinator ends there or no possessive stands before the list."""
    if k < 1 or tokens[k].norm not in COORDINATORS:
        return k
    j, words = k - 1, 0
    while j >= 0 and words <= _LIST_NOUNS:
        if tokens[j].text in ("'", "\u2019", "'s", "\u2019s") or tokens[j].norm in ("'s",):
            return j if j - 1 in role_ends else k
        if tokens[j].word:
            if tokens[j].norm in DETERMINERS or j in role_ends:
                return k
            words += 1
        elif tokens[j].norm not in COORDINATORS:
            return k
        j -= 1
    return k


def _outcome(name: str) -> URIRef:
    return URIRef(CONCEPT[f"outcome/{name}"])


# General heads take their outcome from the modifier before them: "cannabis use" is substance use, "crisis
# service use" service use, "caregiver burden" the burden of care. Each head names the class of modifiers that
# decide it; a modifier of no class leaves the head as the labels have it.
_SUBSTANCES = {m: "substance-use" for m in (
    "substance", "alcohol", "drug", "cannabis", "marijuana", "heroin", "cocaine", "crack", "opioid", "opiate",
    "methamphetamine", "amphetamine", "stimulant", "benzodiazepine", "illicit", "polysubstance", "injection",
    "sud")}
_SERVICES = {m: "service-use" for m in (
    "service", "healthcare", "care", "hospital", "outpatient", "emergency", "crisis", "ed", "er", "acute")}
_CARERS = {m: "caregiver-burden" for m in (
    "caregiver", "carer", "caregiving", "family", "familial", "parental", "parenting", "relative")}
# "Health" alone names a field more often than an outcome ("mental health services"), so it gains no outcome
# of its own; but a label that starts with it ("health status", of physical health) takes the outcome of the
# modifier before it: "psychosocial health status" is no physical health.
_HEALTHS = {"mental": "clinical", "psychological": "clinical", "psychiatric": "clinical", "emotional": "clinical",
            "psychosocial": "social", "social": "social"}
_HEAD_GROUPS: tuple[tuple[tuple[str, ...], dict[str, str]], ...] = (
    (("use", "usage", "utilization", "misuse", "abuse", "consumption"), {**_SUBSTANCES, **_SERVICES}),
    (("burden", "strain"), _CARERS),
    (("relapse",), _SUBSTANCES),
    (("health",), _HEALTHS),
)
_HEADS: dict[str, dict[str, str]] = {head: classes for heads, classes in _HEAD_GROUPS for head in heads}
_OVERRIDE_ONLY = frozenset({"health"})


def modified_heads(sentence: Sentence, found: list[Match], lex: Lexicon, positions: list[int],
                   norms: list[str]) -> list[Match]:
    """Outcomes of general heads decided by their modifiers: a head no label took gains the outcome of its
    modifier, coordinated ones included ("cannabis and heroin use"); a label that starts with the head
    ("health status") gives way to the outcome its modifier names ("psychosocial health status")."""
    out = list(found)
    for k, word in enumerate(norms):
        classes = _HEADS.get(word)
        if classes is None or k == 0:
            continue
        head = positions[k]
        covering = [m for m in out if m.scheme == OUTCOME and m.first <= head <= m.last]
        if any(m.first < head for m in covering) or (word in _OVERRIDE_ONLY and not covering):
            continue  # a label holds the modifier already ("substance use"), or the head names no outcome alone
        modifiers = [k - 1] if word in _OVERRIDE_ONLY else [k - 1, *_coordinated_modifiers(norms, k - 1)]
        concepts = [(j, _outcome(classes[norms[j]])) for j in modifiers if norms[j] in classes]
        concepts = [(j, c) for j, c in concepts if c in lex.labels
                    and not is_name_part(sentence, positions[j], head, True)]  # "Institute on Drug Abuse"
        if not concepts:
            continue
        last = max([head, *(m.last for m in covering)])
        out = [m for m in out if m not in covering]
        for j, concept in concepts:
            out.append(Match(concept, OUTCOME, positions[j], last, sentence.tokens[positions[j]].start,
                             sentence.tokens[last].end, sentence.tokens[last].plural))
    return out


def _coordinated_modifiers(norms: list[str], k: int) -> list[int]:
    """Indices of the modifiers coordinated before the word at k: "cannabis and" of "cannabis and heroin"."""
    out: list[int] = []
    while k >= 2 and norms[k - 1] in COORDINATORS:
        k -= 2
        out.append(k)
    return out
