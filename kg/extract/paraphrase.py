"""Outcomes named in words the lexicon lacks, read by their meaning with the sentence encoder.

The lexicon knows the words of the abstracts its labels were written on; a result sentence on new text often
names its outcome otherwise ("fewer days in acute care", "their social impairment eased"). Here the phrases
a direction cue says something of, before it ("X did not differ", "X improved") or after it ("reductions in
X", "no effect on X", "higher X"), that no label of any scheme covers, are compared with every outcome concept
of the scheme by cosine similarity (all-MiniLM-L6-v2, :mod:`kg.extract.encoder`) and take the nearest one when
it is near enough and clearly nearer than the next.

The settings were chosen on one half of the development set and the reading is off in extraction: on the other
half it named two more outcomes and added two false findings (BENCHMARKS.md, "Outcomes read by meaning").
``bench/outcome_paraphrase.py`` runs the comparison again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from rdflib import Literal, URIRef

from kg.extract.context import SentenceContext
from kg.extract.cues import IGNORE, MODAL_HEDGE, NEGATION, QUANTIFIED_HEDGE, Cue, find_cues
from kg.extract.lexicon import OUTCOME
from kg.extract.matches import Match
from kg.extract.text import Sentence, Token
from kg.namespaces import SKOS
from kg.vocabulary import ontology_graph

__all__ = ["READING", "Candidate", "Reading", "concept_texts", "nearest", "outcome_phrases", "read_outcomes",
           "with_read_outcomes"]


@dataclass(frozen=True)
class Reading:
    """How near a phrase must be to an outcome concept, and to which of its texts, to name it."""

    enabled: bool = False  # read outcomes this way in extraction (off: see the module's note)
    threshold: float = 0.8  # cosine similarity to the nearest concept
    margin: float = 0.0  # over the second-nearest concept
    texts: str = "labels"  # "labels" (prefLabel and altLabels), "definition", or "both"
    min_words: int = 2  # words of a phrase (a lone word is read in too many senses)


READING = Reading()

# Cue kinds that say nothing of an outcome by themselves.
_NO_TARGET = frozenset({IGNORE, NEGATION, MODAL_HEDGE, QUANTIFIED_HEDGE})
# Words that may stand between a cue and the phrase it speaks of: "improvements in the participants' X",
# "X was not significantly", "no effect on their X".
_BRIDGE = frozenset({
    "in", "on", "of", "for", "to", "with", "the", "a", "an", "their", "its", "his", "her", "was", "were", "is",
    "are", "been", "be", "being", "had", "has", "have", "did", "do", "does",
    "not", "no", "significantly", "significant", "statistically", "also", "both", "all", "any", "more", "less",
    "greater", "lower", "higher", "slightly", "marginally", "modestly", "substantially", "considerably",
    "overall", "reported", "perceived", "levels", "level", "scores", "score", "rates", "rate",
})
# Words that end a phrase: clause and comparison words, prepositions of time, arm and place, verbs of being.
_STOP = frozenset({
    "and", "or", "but", "nor", "than", "compared", "comparison", "between", "among", "amongst", "at", "after",
    "before", "from", "relative", "versus", "vs", "whereas", "while", "which", "that", "who", "whom", "when",
    "as", "was", "were", "is", "are", "by", "over", "during", "following", "across", "within", "in", "for",
    "to", "on", "with", "without", "via", "through", "per", "p", "ci", "there", "this", "these", "those",
    "it", "they", "we", "not", "no", "did", "had", "has", "have", "been", "be", "if", "although", "though",
    "because", "since", "until", "up", "off", "out", "into", "such", "like", "including", "except",
    "both", "either", "neither", "each", "only", "all", "any", "being", "can", "could", "may", "might",
    "would", "should", "will", "significantly", "statistically", "respectively", "however",
    # verbs of reporting, which end the subject before them: "analyses showed", "the review found"
    "showed", "found", "revealed", "indicated", "demonstrated", "reported", "suggested", "identified",
    "considered", "remain", "remained", "reveal", "show", "shows", "find", "finds", "indicate", "indicates",
})
# Heads that name the study, its arms, its people or time, never an outcome.
_NOT_OUTCOME = frozenset({
    "group", "arm", "condition", "control", "participant", "people", "person", "individual", "patient",
    "client", "study", "trial", "intervention", "program", "programme", "service", "analysis", "result",
    "finding", "time", "month", "week", "day", "year", "baseline", "follow", "followup", "sample", "cohort",
    "outcome", "measure", "effect", "difference", "change", "evidence", "data", "model", "session",
    "support", "peer", "worker", "staff", "user", "member", "mentor", "specialist", "navigator", "usual",
    "care", "treatment", "number", "proportion", "percentage", "rate", "level", "score", "scale",
})
_LONGEST = 5  # words of a phrase


@dataclass(frozen=True)
class Candidate:
    """A phrase a cue speaks of, with its token span in the sentence."""

    first: int
    last: int
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        """The phrase as the encoder reads it."""
        return " ".join(self.words)


def _word(token: Token) -> bool:
    return token.word and token.text[:1].isalpha()


def _inner(token: Token) -> bool:
    """A word, or a hyphen inside a compound ("peer-led")."""
    return _word(token) or token.text in _HYPHENS


_JOINERS = frozenset({",", "and", "or", "and/or"})
_HYPHENS = ("-", "‐", "–")
_LIST = 4  # items of a coordinated list a cue speaks of


def _bridge(token: Token, possessive: bool = True) -> bool:
    """A word that stands between a cue and its phrase, or a possessive ("patients'", "carers’")."""
    text = token.text.casefold()
    return not token.norm or text in _BRIDGE or (possessive and text.endswith(("'", "’", "'s", "’s")))


def _possessive(tokens: tuple[Token, ...], k: int) -> bool:
    """True for a word an apostrophe closes: the "patients" of "patients’ mental health"."""
    return tokens[k].word and k + 1 < len(tokens) and tokens[k + 1].text in ("'", "’")


def _after(tokens: tuple[Token, ...], cue: Cue, covered: set[int], labelled: set[int]) -> list[Candidate]:
    """The phrases after a cue: "reductions in X", "no effect on X, Y or Z"."""
    out: list[Candidate] = []
    k = cue.last + 1
    for _ in range(_LIST):
        while k < len(tokens) and (_bridge(tokens[k]) or _possessive(tokens, k)):
            k += 1
        first = k
        while k < len(tokens) and k - first < _LONGEST and _inner(tokens[k]) and k not in covered \
                and tokens[k].text.casefold() not in _STOP:
            k += 1
        candidate = _candidate(tokens, first, k - 1, covered, labelled)
        if candidate is not None:
            out.append(candidate)
        while k < len(tokens) and k in labelled and tokens[k].word:  # a label as an item of the list
            k += 1
        if not (k < len(tokens) and tokens[k].text.casefold() in _JOINERS):
            break
        while k < len(tokens) and tokens[k].text.casefold() in _JOINERS:
            k += 1
    return out


def _before(tokens: tuple[Token, ...], cue: Cue, covered: set[int], labelled: set[int]) -> list[Candidate]:
    """The phrases before a cue: "X did not differ", "X and Y improved"."""
    out: list[Candidate] = []
    k = cue.first - 1
    for _ in range(_LIST):
        while k >= 0 and _bridge(tokens[k], possessive=False) \
                and tokens[k].text.casefold() not in {"in", "on", "of", "for", "to", "with"}:
            k -= 1
        last = k
        while k >= 0 and last - k < _LONGEST and _inner(tokens[k]) and k not in covered \
                and tokens[k].text.casefold() not in _STOP:
            k -= 1
        candidate = _candidate(tokens, k + 1, last, covered, labelled)
        if candidate is not None:
            out.append(candidate)
        while k >= 0 and k in labelled and tokens[k].word:
            k -= 1
        if not (k >= 0 and tokens[k].text.casefold() in _JOINERS):
            break
        while k >= 0 and tokens[k].text.casefold() in _JOINERS:
            k -= 1
    return out


def _candidate(tokens: tuple[Token, ...], first: int, last: int, covered: set[int],
               labelled: set[int]) -> Candidate | None:
    if last < first or any(k in covered for k in range(first, last + 1)):
        return None
    while first <= last and (not tokens[first].norm or tokens[first].text.casefold() in _BRIDGE):
        first += 1
    while last >= first and not tokens[last].norm:
        last -= 1
    if last < first or tokens[last].norm in _NOT_OUTCOME or _verb_like(tokens[last].text.casefold()):
        return None
    # A word beside a label is its modifier or its head ("depressive" of "depressive symptoms"), not a phrase.
    if _touches(tokens, first - 1, -1, labelled) or _touches(tokens, last + 1, 1, labelled):
        return None
    words = tuple(t.text.casefold() for t in tokens[first:last + 1] if t.norm)
    return None if _adjective(words) else Candidate(first, last, words)


def _verb_like(word: str) -> bool:
    """Past forms and adverbs end no name of an outcome ("participated", "typically")."""
    return word.endswith(("ed", "ly")) and len(word) > 4


def _adjective(words: tuple[str, ...]) -> bool:
    """A lone adjective, whose noun stands elsewhere ("mental" of "mental and physical health")."""
    return len(words) == 1 and words[0].endswith(("al", "ive", "ic", "ous", "ful"))


def _touches(tokens: tuple[Token, ...], k: int, step: int, covered: set[int]) -> bool:
    while 0 <= k < len(tokens) and not tokens[k].norm and tokens[k].text in "-‐/":
        k += step
    return 0 <= k < len(tokens) and k in covered and tokens[k].word


def outcome_phrases(sentence: Sentence, matches: Sequence[Match]) -> list[Candidate]:
    """The phrases of a result sentence that a direction cue speaks of and no label covers."""
    labelled = {k for m in matches for k in range(m.first, m.last + 1)}
    cues = [c for c in find_cues(sentence) if c.kind not in _NO_TARGET]
    covered = labelled | {k for c in cues for k in range(c.first, c.last + 1)}
    found: dict[tuple[int, int], Candidate] = {}
    for cue in cues:
        for candidate in _after(sentence.tokens, cue, covered, labelled) \
                + _before(sentence.tokens, cue, covered, labelled):
            found.setdefault((candidate.first, candidate.last), candidate)
    return [found[k] for k in sorted(found)]


@cache
def concept_texts(texts: str = "labels") -> tuple[tuple[URIRef, str], ...]:
    """Each outcome concept with each text it is compared by, in a fixed order."""
    graph = ontology_graph()
    props = {"labels": (SKOS.prefLabel, SKOS.altLabel), "definition": (SKOS.definition,),
             "both": (SKOS.prefLabel, SKOS.altLabel, SKOS.definition)}[texts]
    out: list[tuple[URIRef, str]] = []
    for concept in sorted(c for c in graph.subjects(SKOS.inScheme, OUTCOME) if isinstance(c, URIRef)):
        for prop in props:
            out.extend((concept, text) for text in sorted(str(o) for o in graph.objects(concept, prop)
                                                          if isinstance(o, Literal)))
    return tuple(out)


def nearest(phrases: Sequence[str], reading: Reading | None = None) -> list[tuple[URIRef, float, float]]:
    """For each phrase, its nearest outcome concept, that similarity, and its margin over the next concept."""
    from kg.extract.encoder import similarity

    pairs = concept_texts((reading or READING).texts)
    if not phrases:
        return []
    scores = similarity(list(phrases), [text for _, text in pairs])
    out: list[tuple[URIRef, float, float]] = []
    for row in scores:
        best: dict[URIRef, float] = {}
        for (concept, _), value in zip(pairs, row.tolist(), strict=True):
            best[concept] = max(best.get(concept, -1.0), value)
        ranked = sorted(best.items(), key=lambda item: (-item[1], str(item[0])))
        top, second = ranked[0], ranked[1]
        out.append((top[0], top[1], round(top[1] - second[1], 4)))
    return out


def read_outcomes(sentence: Sentence, matches: Sequence[Match], reading: Reading | None = None) -> list[Match]:
    """Outcome matches for the phrases of a result sentence the encoder places near enough to a concept."""
    reading = reading or READING
    phrases = [p for p in outcome_phrases(sentence, matches) if len(p.words) >= reading.min_words]
    out: list[Match] = []
    tokens = sentence.tokens
    for candidate, (concept, score, margin) in zip(phrases, nearest([p.text for p in phrases], reading),
                                                     strict=True):
        if score >= reading.threshold and margin >= reading.margin:
            out.append(Match(concept, OUTCOME, candidate.first, candidate.last, tokens[candidate.first].start,
                             tokens[candidate.last].end, tokens[candidate.last].plural))
    return out


def with_read_outcomes(parts: Sequence[Sentence], contexts: Sequence[SentenceContext],
                       matched: list[list[Match]], reading: Reading | None = None) -> list[list[Match]]:
    """The matches of each sentence, plus the outcomes read by meaning in the sentences that state a result."""
    reading = reading or READING
    if not reading.enabled:
        return matched
    return [ms + read_outcomes(s, ms, reading) if c.states_result else ms
            for s, c, ms in zip(parts, contexts, matched, strict=True)]
