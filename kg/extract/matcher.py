"""A phrase matcher over normalised tokens, driven by the scheme labels.

Leftmost-longest: at each token the longest label wins and its tokens are
consumed, so "systematic review" is never also a "review" and the blocked
phrase "recovery-oriented care" never yields the outcome recovery. Two
additions keep it from missing what abstracts write: coordinated modifiers
("realist and participatory evaluation" also names realist evaluation) and
acronyms a document defines ("peer support workers (PSWs)", then "PSW").
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from kg.extract.lexicon import BLOCK, OUTCOME, Entry, Lexicon
from kg.extract.model import ABSTRACT
from kg.extract.text import Sentence, Token, normalize_token

# Words that join coordinated modifiers: "realist and participatory evaluation".
_COORDINATORS = frozenset({"and", "or", ",", "and/or"})
# Capitalised words after a label that show it is the name of a measure, which names the outcome.
# Matches the "Scale" of "Empowerment Scale" and "Hope Scale"
_MEASURE_WORDS = frozenset({"scale", "index", "inventory", "questionnaire", "measure", "survey", "tool"})
_NAME_JOINERS = frozenset({"&", "and", "of", "for"})
# Adjective endings and the noun endings they come from: anxious/anxiety, depressive/depression, confident/
# confidence, isolated/isolation, stigmatized/stigmatization, empowered/empowerment, suicidal/suicide.
_DERIVATIONS = (("ious", ("iety", "ion")), ("ive", ("ion",)), ("ent", ("ence",)), ("ant", ("ance",)),
                ("ized", ("ization",)), ("ated", ("ation",)), ("ed", ("ion", "ment", "", "e")), ("al", ("e", "")),
                ("ful", ("",)), ("ly", ("liness",)))
_MIN_STEM = 3
# Words before an adjective that say how people feel or are: "felt less anxious", "were more confident".
_FEELING_WORDS = frozenset({"feel", "felt", "feeling", "more", "less", "very", "highly", "became", "become",
                            "becoming", "remained", "least", "most", "seemed"})
# Nouns after an adjective that make it the name of a measure: "depressive symptoms", "anxious mood".
_MEASURE_HEADS = frozenset({"symptom", "score", "level", "feeling", "mood", "thought", "state", "severity"})
_ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "in", "with", "to"})


@dataclass(frozen=True)
class Match:
    """One label found in one sentence."""

    concept: URIRef
    scheme: URIRef
    first: int  # index of the first token in sentence.tokens
    last: int  # index of the last token (inclusive)
    start: int  # character offsets into the field
    end: int
    plural: bool  # the label's last word stood in the plural

    def tokens(self, sentence: Sentence) -> tuple[Token, ...]:
        """The tokens of the match."""
        return sentence.tokens[self.first:self.last + 1]


Acronyms = dict[tuple[str, ...], tuple[Entry, ...]]


def _words(sentence: Sentence) -> list[int]:
    return [i for i, t in enumerate(sentence.tokens) if t.norm]


def _lookup(key: tuple[str, ...], lex: Lexicon, acronyms: Acronyms) -> tuple[Entry, ...]:
    return lex.entries.get(key) or acronyms.get(key, ())


def _is_name_part(sentence: Sentence, first: int, last: int) -> bool:
    """True when a capitalised label is part of a longer name ("Mental Health Survey of India")."""
    if sentence.field != ABSTRACT:
        return False
    tokens = sentence.tokens
    words = [t for t in tokens[first:last + 1] if t.word]
    if not all(t.text[:1].isupper() and not t.text.isupper() for t in words):
        return False
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if after is not None and after.word and after.text[:1].isupper():
        return after.norm not in _MEASURE_WORDS
    k = first - 1
    while k > 0 and tokens[k].text in _NAME_JOINERS:  # "Illness Management & Recovery"
        k -= 1
    before = tokens[k] if 0 <= k < first else None
    return before is not None and before.word and before.text[:1].isupper() and k > 0


def find_matches(sentence: Sentence, lex: Lexicon, acronyms: Acronyms | None = None) -> list[Match]:
    """Every label of the schemes in a sentence, leftmost-longest, blocked phrases removed."""
    acronyms = acronyms or {}
    positions = _words(sentence)
    norms = [sentence.tokens[i].norm for i in positions]
    found: list[Match] = []
    p = 0
    while p < len(positions):
        for n in range(min(lex.longest, len(positions) - p), 0, -1):
            entries = _lookup(tuple(norms[p:p + n]), lex, acronyms)
            if entries:
                first, last = positions[p], positions[p + n - 1]
                if not _is_name_part(sentence, first, last):
                    found.extend(_make(sentence, e, first, last) for e in entries if e.concept != BLOCK)
                p += n
                break
        else:
            p += 1
    found.extend(_coordinated(sentence, found, lex, positions, norms))
    found.extend(_derived_adjectives(sentence, found, lex, positions, norms))
    return sorted(found, key=lambda m: (m.start, m.end, str(m.concept)))


def _derived_adjectives(sentence: Sentence, found: list[Match], lex: Lexicon, positions: list[int],
                        norms: list[str]) -> list[Match]:
    """Outcomes named by the adjective of a one-word label, said of how people feel or heading a measure:
    "felt less anxious" (anxiety), "more confident" (confidence), "depressive scores" (depression),
    "felt less stigmatised" (stigmatisation). Only where no label matched and the noun is an outcome label."""
    taken = {i for m in found for i in range(m.first, m.last + 1)}
    extra: list[Match] = []
    for k, word in enumerate(norms):
        if positions[k] in taken or (word,) in lex.entries:
            continue
        before = norms[max(0, k - 2):k]
        after = norms[k + 1:k + 2]
        if not (set(before) & _FEELING_WORDS or set(after) & _MEASURE_HEADS):
            continue
        for noun in _nouns_of(word):
            entries = [e for e in lex.entries.get((noun,), ()) if e.scheme == OUTCOME]
            if entries:
                extra.extend(_make(sentence, e, positions[k], positions[k]) for e in entries)
                break
    return extra


def _nouns_of(adjective: str) -> list[str]:
    """Nouns an adjective may be derived from, by the usual English suffixes."""
    out: list[str] = []
    for ending, replacements in _DERIVATIONS:
        if adjective.endswith(ending) and len(adjective) - len(ending) >= _MIN_STEM:
            stem = adjective[:len(adjective) - len(ending)]
            out.extend(stem + r for r in replacements)
    return out


def _make(sentence: Sentence, entry: Entry, first: int, last: int) -> Match:
    tokens = sentence.tokens
    return Match(entry.concept, entry.scheme, first, last, tokens[first].start, tokens[last].end,
                 tokens[last].plural)


def _coordinated(sentence: Sentence, found: list[Match], lex: Lexicon, positions: list[int],
                 norms: list[str]) -> list[Match]:
    """Labels whose modifier is shared by coordination: "realist and participatory evaluation"."""
    extra = []
    index = {tok: k for k, tok in enumerate(positions)}
    for match in found:
        k = index[match.first]
        head = norms[k + 1:index[match.last] + 1]
        if not head or k < 2 or norms[k - 1] not in _COORDINATORS:
            continue
        for entry in lex.entries.get((norms[k - 2], *head), ()):
            if entry.scheme == match.scheme and entry.concept not in (BLOCK, match.concept):
                extra.append(_make(sentence, entry, positions[k - 2], match.last))
    return extra


def learn_acronyms(sentences: list[Sentence], lex: Lexicon) -> Acronyms:
    """Acronyms a document defines right after a label: "Peer Recovery Support Specialists (PRSS)"."""
    learned: Acronyms = {}
    for sentence in sentences:
        tokens = sentence.tokens
        for match in find_matches(sentence, lex):
            nxt = match.last + 1
            if nxt + 2 >= len(tokens) or tokens[nxt].text != "(" or tokens[nxt + 2].text != ")":
                continue
            acronym = tokens[nxt + 1]
            key = (normalize_token(acronym.text)[0],)
            if key not in lex.entries and _defines(acronym.text, match.tokens(sentence)):
                learned.setdefault(key, (Entry(match.concept, match.scheme, acronym.text),))
    return learned


def _defines(acronym: str, words: tuple[Token, ...]) -> bool:
    """True when acronym (optionally with a plural s) spells the initials of the words."""
    letters = acronym[:-1] if acronym.endswith("s") and acronym[:-1].isupper() else acronym
    if not (2 <= len(letters) <= 8 and letters.isupper() and letters.isalpha()):
        return False
    initials = "".join(t.text[0] for t in words if t.word and t.norm not in _ACRONYM_SKIP).upper()
    return initials == letters
