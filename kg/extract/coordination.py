"""Labels that coordination and compounding share out: a head shared by coordinated modifiers ("realist and
participatory evaluation"), the head of a noun compound ("youth peer support workers") and general heads that
take their outcome from their modifiers ("cannabis and heroin use")."""

from __future__ import annotations

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


def before_coordinated_nouns(tokens: tuple[Token, ...], k: int, found: list[Match]) -> int:
    """The index before a coordinated list of nouns that ends at k with a coordinator ("motivation and" of
    "motivation and resilience"), so that what stands before the list governs every item; k itself when no
    coordinator ends there or no possessive stands before the list."""
    if k < 1 or tokens[k].norm not in COORDINATORS:
        return k
    role_ends = {m.last for m in found if m.scheme == ROLE}
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
