"""A learned reader of finding directions: multinomial logistic regression over the words and cues around
each outcome a result sentence names.

The unit of decision is a candidate: an outcome concept the extractor recognises in the result or conclusion
sentences of one abstract. Its features are read from the clauses that name it, the outcome's own words
masked: the words and word pairs there, the cue kinds of ``data/cues.csv`` in scope (negated or not, and
turned by the outcome's polarity), p-values and intervals, figures per arm, the part of the abstract, whether
less is better for the outcome, whether a comparison arm is named, and the rule reader's own verdict. The
model gives each candidate a probability for "no finding" and for each direction.

The weights are learned from the development annotations (``kg.extract.reader_training``, which needs the
``train`` extra; ``scripts/train-reader`` writes them to a file); here they are only applied, in plain Python.
The reader is measured beside the rules (``bench/reader_cv.py``) and is not part of extraction: no weights
ship in the package.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from rdflib import URIRef

from kg.errors import KGError
from kg.extract.context import Part, SentenceContext
from kg.extract.cues import COMPARISON_ARM as COMPARISON_ARM_WORDS
from kg.extract.cues import (
    CONFIDENCE_INTERVAL,
    NEGATION,
    P_VALUE,
    POLAR,
    Cue,
    find_cues,
    p_significant,
    statistic_cues,
)
from kg.extract.findings import _negated as negated
from kg.extract.findings import _polarity as polarity
from kg.extract.findings import clauses
from kg.extract.lexicon import Lexicon
from kg.extract.matcher import Match
from kg.extract.model import Finding
from kg.extract.text import Sentence
from kg.namespaces import PSK

NONE = "none"
# What the model chooses among for each candidate: no finding, or one of the directions.
LABELS = (NONE, "Positive", "Negative", "NoDifference", "Mixed", "Unclear")
DIRECTION_IRIS: dict[str, URIRef] = {label: PSK[label] for label in LABELS if label != NONE}
# Words around a mention that are read as features of their own, by side.
WINDOW = 3
# Figures given per arm: "12% in the peer group and 25% in usual care", "21.0% (peer) vs 34.2% (usual care)".
PER_ARM = re.compile(r"\d(?:\.\d+)?\s*%?[^;]{0,60}?\b(?:vs\.?|versus|compared\s+(?:with|to))\s+[^;]{0,40}?\d",
                     re.IGNORECASE)
NUMBER = re.compile(r"^[\d.,%]+$")


class ReaderError(KGError):
    """The learned reader's weights are missing or not as the training script writes them."""


@dataclass(frozen=True)
class Mention:
    """One outcome named in one result sentence, with the sentence's other outcomes and its context."""

    sentence: Sentence
    context: SentenceContext
    match: Match
    outcomes: tuple[Match, ...]  # every outcome the sentence names, this one included


@dataclass(frozen=True)
class Candidate:
    """An outcome of one abstract that may carry a finding, with the features the model reads."""

    outcome: URIRef
    features: dict[str, float]
    mention: Mention | None  # its first result sentence; None when only the rule reader named it


@dataclass(frozen=True)
class Weights:
    """A learned model: an intercept and a weight per feature for each label."""

    labels: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float  # how sure the model must be to overrule the rule reader


def _words(mention: Mention, first: int, last: int) -> list[str]:
    """The words of a token range, the outcome masked as <o>, other outcomes as <x>, figures as <n>."""
    own = range(mention.match.first, mention.match.last + 1)
    others = {i for m in mention.outcomes if m is not mention.match for i in range(m.first, m.last + 1)}
    out: list[str] = []
    for i in range(first, last + 1):
        token = mention.sentence.tokens[i]
        if i in own:
            word = "<o>"
        elif i in others:
            word = "<x>"
        elif not token.norm:
            continue
        elif NUMBER.match(token.norm):
            word = "<n>"
        else:
            word = token.norm
        if not out or out[-1] != word or word not in ("<o>", "<x>"):
            out.append(word)
    return out


def mention_features(mention: Mention, lex: Lexicon) -> set[str]:
    """The features one mention gives its candidate."""
    sentence, match = mention.sentence, mention.match
    first, last = next(((a, b) for a, b, _ in clauses(sentence) if a <= match.first <= b),
                       (0, len(sentence.tokens) - 1))
    words = _words(mention, first, last)
    features = {f"w={w}" for w in words} | {f"b={a}_{b}" for a, b in pairwise(words)}
    before = _words(mention, max(first, match.first - WINDOW), match.first - 1) if match.first > first else []
    after = _words(mention, match.last + 1, min(last, match.last + WINDOW)) if match.last < last else []
    features |= {f"pre={w}" for w in before} | {f"post={w}" for w in after}
    cues = sorted(find_cues(sentence) + statistic_cues(sentence), key=lambda c: c.first)
    in_clause = [c for c in cues if first <= c.first <= last and c.kind != NEGATION]
    for cue in in_clause:
        denied = "~neg" if negated(cue, cues, sentence) else ""
        features.add(f"cue={cue.kind}{denied}")
        if cue.kind in POLAR:
            sign = "+" if polarity(cue.kind, match.concept, lex) > 0 else "-"
            features.add(f"signed={sign}{denied}")
    polar = [c for c in in_clause if c.kind in POLAR]
    if polar:
        nearest = min(polar, key=lambda c: _gap(c, match))
        sign = "+" if polarity(nearest.kind, match.concept, lex) > 0 else "-"
        features.add(f"nearest={sign}{'~neg' if negated(nearest, cues, sentence) else ''}")
    if any(c.kind == NEGATION for c in cues if first <= c.first <= last):
        features.add("negator")
    clause_text = sentence.text[sentence.tokens[first].start - sentence.start:
                                sentence.tokens[last].end - sentence.start]
    for p in P_VALUE.finditer(clause_text):
        features.add("p<=.05" if p_significant(p) else "p>.05")
    for ci in CONFIDENCE_INTERVAL.finditer(clause_text):
        features.add("ci=" + ("holds-null" if _holds_null(ci) else "excludes-null"))
    if PER_ARM.search(clause_text):
        features.add("per-arm")
    if COMPARISON_ARM_WORDS.search(sentence.text):
        features.add("comparison-arm")
    part = mention.context.part
    features.add(f"part={part.value if part in (Part.RESULTS, Part.CONCLUSIONS) else 'other'}")
    if lex.improves.get(match.concept) == PSK.Lower:
        features.add("less-is-better")
    if sum(1 for m in mention.outcomes if first <= m.first <= last) > 1:
        features.add("shares-clause")
    return features


def _gap(cue: Cue, match: Match) -> int:
    if cue.last < match.first:
        return match.first - cue.last
    return max(0, cue.first - match.last)


def _holds_null(ci: re.Match[str]) -> bool:
    """True when a confidence interval holds the null value: 1 for ratios, 0 for differences."""
    low, high = (float(ci.group(k).replace("−", "-").replace("–", "-").replace(" ", "")) for k in ("low", "high"))
    null = 1.0 if ci.group("ratio") else 0.0
    return min(low, high) <= null <= max(low, high)


def candidates(mentions: Iterable[Mention], rule_findings: Iterable[Finding], lex: Lexicon) -> list[Candidate]:
    """One candidate per outcome named in a result sentence or given a finding by the rules, in first-seen order."""
    features: dict[URIRef, set[str]] = {}
    first: dict[URIRef, Mention] = {}
    sentences: dict[URIRef, set[tuple[str, int]]] = {}
    for mention in mentions:
        concept = mention.match.concept
        features.setdefault(concept, set()).update(mention_features(mention, lex))
        first.setdefault(concept, mention)
        sentences.setdefault(concept, set()).add((mention.sentence.field, mention.sentence.start))
    verdicts: dict[URIRef, set[str]] = {}
    for finding in rule_findings:
        verdicts.setdefault(finding.outcome, set()).add(_label(finding.direction))
        features.setdefault(finding.outcome, {"no-mention"})
    out = []
    for concept, found in features.items():
        named = {f: 1.0 for f in found}
        named.update({f"rule={v}": 1.0 for v in verdicts.get(concept, {NONE})})
        named["sentences"] = math.log1p(len(sentences.get(concept, ())))
        out.append(Candidate(concept, named, first.get(concept)))
    return out


def _label(direction: URIRef) -> str:
    return str(direction).removeprefix(str(PSK))


def probabilities(candidate: Candidate, weights: Weights) -> dict[str, float]:
    """The model's probability of each label for one candidate (a softmax over the labels' scores)."""
    scores = list(weights.intercepts)
    for name, value in candidate.features.items():
        row = weights.weights.get(name)
        if row is not None:
            scores = [s + value * w for s, w in zip(scores, row, strict=True)]
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return {label: e / total for label, e in zip(weights.labels, exps, strict=True)}


def parse_weights(text: str, origin: str = "reader weights") -> Weights:
    """Weights from the JSON the training script writes."""
    try:
        data = json.loads(text)
        labels = tuple(str(x) for x in data["labels"])
        if set(labels) != set(LABELS):
            raise ValueError(f"labels {labels} are not {LABELS}")
        intercepts = tuple(float(x) for x in data["intercepts"])
        weights = {str(k): tuple(float(x) for x in v) for k, v in data["weights"].items()}
        if len(intercepts) != len(labels) or any(len(v) != len(labels) for v in weights.values()):
            raise ValueError("every row must hold one figure per label")
        return Weights(labels, intercepts, weights, float(data["threshold"]))
    except (KeyError, TypeError, ValueError) as e:
        raise ReaderError(f"{origin}: not the reader weights scripts/train-reader writes ({e}); "
                          "run scripts/train-reader to write them again") from e


def decide(rule: frozenset[str], probs: dict[str, float], threshold: float) -> frozenset[str]:
    """The directions of one candidate: the rule reader's, unless the model is at least ``threshold`` sure of
    another label ("none" drops the rules' findings, a direction replaces them)."""
    top = max(probs, key=lambda k: (probs[k], k))
    if probs[top] < threshold or top in rule or (top == NONE and not rule):
        return rule
    return frozenset() if top == NONE else frozenset({top})
