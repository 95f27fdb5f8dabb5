"""A label found in a sentence, and the helpers every reading of the matches shares."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef

from kg.extract.lexicon import ROLE, Entry, Lexicon
from kg.extract.model import ConceptMention
from kg.extract.text import Sentence, Token
from kg.namespaces import CONCEPT

# Words that join coordinated modifiers: "realist and participatory evaluation".
COORDINATORS = frozenset({"and", "or", ",", "and/or"})
# Words that may stand between a word and the noun phrase it governs: "the integration of the PSWs".
DETERMINERS = frozenset({"the", "its", "their", "this", "a", "to"})


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
    opposite: bool = False  # the words name the outcome's opposite by their form ("disengagement", "meaningless")

    def tokens(self, sentence: Sentence) -> tuple[Token, ...]:
        """The tokens of the match."""
        return sentence.tokens[self.first:self.last + 1]


def first_mentions(pairs: Iterable[tuple[Sentence, Match]]) -> list[ConceptMention]:
    """The first mention of each concept among matches, each with the sentence it stands in, in their order."""
    seen: set[URIRef] = set()
    mentions = []
    for sentence, match in pairs:
        if match.concept not in seen:
            seen.add(match.concept)
            mentions.append(ConceptMention(match.concept, sentence.span(match.start, match.end)))
    return mentions


# The acronyms a document defines, by their normalised words, with the entries of what they stand for.
Acronyms = dict[tuple[str, ...], tuple[Entry, ...]]


def word_positions(sentence: Sentence) -> list[int]:
    """The indices of the tokens that are words or count as words for labels (not punctuation)."""
    return [i for i, t in enumerate(sentence.tokens) if t.norm]


def lookup(key: tuple[str, ...], lex: Lexicon, acronyms: Acronyms) -> tuple[Entry, ...]:
    """The entries a sequence of normalised words names: the scheme labels first, then the document's acronyms."""
    return lex.entries.get(key) or acronyms.get(key, ())


def make_match(sentence: Sentence, entry: Entry, first: int, last: int) -> Match:
    """The match of an entry over the tokens first to last of a sentence."""
    tokens = sentence.tokens
    return Match(entry.concept, entry.scheme, first, last, tokens[first].start, tokens[last].end,
                 tokens[last].plural)


def next_word(sentence: Sentence, last: int) -> int:
    """The index of the first word after token last, -1 when none follows."""
    return next((i for i in range(last + 1, len(sentence.tokens)) if sentence.tokens[i].norm), -1)


def is_peer_worker(concept: URIRef, lex: Lexicon) -> bool:
    """True when a role is peer support workers or a narrower role of theirs."""
    worker = URIRef(CONCEPT["role/peer-support-worker"])
    return concept == worker or worker in lex.broader.get(concept, ())


def ends_a_role(matches: list[Match], index: int) -> bool:
    """True when a role match ends at token ``index``: asked of a few tokens, where a set of every role's end, made
    for each outcome of a sentence, grew with the square of a long sentence."""
    return any(m.last == index and m.scheme == ROLE for m in matches)
