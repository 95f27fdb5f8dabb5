"""A learned reader of finding directions: multinomial logistic regression over the cues around each outcome
a result sentence names and what a pretrained sentence encoder makes of its clause.

The unit of decision is a candidate: an outcome concept the extractor recognises in the result or conclusion
sentences of one abstract. Its features are read from the clauses that name it: the cue kinds of
``data/cues.csv`` in scope (negated or not, and turned by the outcome's polarity and by words that name its
opposite), p-values and intervals, figures per arm, the part of the abstract, whether less is better for the
outcome, whether a comparison arm is named, the rule reader's own verdict, and (:class:`Encoding`) the
encoder's vector of the clause with the outcome marked and its similarities to written prototypes of how
results are reported (:data:`PROTOTYPES`); the older reader also reads the words and word pairs, the
outcome's own words masked. The model gives each candidate a probability for "no finding" and for each
direction.

The weights are learned from the development annotations (``kg.extract.reader_training``, which needs the
``train`` extra; ``scripts/train-reader`` writes them); here they are only applied, in plain Python. The
package ships them (``data/reader-weights.json``), and extraction lets the model overrule the rules where it
is at least the file's threshold sure of another label (:func:`read_findings`); ``bench/reader_cv.py``
measures every reader beside the rules.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise

from rdflib import URIRef

from kg.errors import KGError
from kg.extract.clauses import clause_text, clauses
from kg.extract.context import Part, SentenceContext
from kg.extract.cues import COMPARISON_ARM as COMPARISON_ARM_WORDS
from kg.extract.cues import (
    CONFIDENCE_INTERVAL,
    DECREASE,
    INCREASE,
    NEGATION,
    P_VALUE,
    POLAR,
    find_cues,
    p_significant,
    statistic_cues,
)
from kg.extract.directions import names_opposite, polarity
from kg.extract.lexicon import Lexicon
from kg.extract.matches import Match
from kg.extract.model import Finding
from kg.extract.scope import negated, token_gap
from kg.extract.text import Sentence, field_text
from kg.namespaces import PSK
from kg.records import Work
from kg.resources import resource_file

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
# Cue kinds whose sign a wording of the outcome's opposite turns ("reduced hopelessness"), as the rules turn them;
# "improved role clarity" is favourable whatever the words.
TURNED = frozenset({INCREASE, DECREASE})


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
    mentions: tuple[Mention, ...] = ()  # every result sentence that names it, in order


@dataclass(frozen=True)
class Encoding:
    """Which text of each mention the sentence encoder reads, and how its vector becomes features."""

    scope: str  # "clause": the clause that names the outcome; "sentence": the whole sentence
    outcome: str  # "marked": the outcome's words kept between brackets; "masked": replaced by MASK
    difference: bool  # also the vector minus that of the same text without the outcome's words
    scale: float  # what the unit-length vectors are multiplied by, so that the model's penalty lets them count
    vector: bool = True  # the vector itself as features (384 of them)
    prototypes: float = 0.0  # the scale of the similarities to PROTOTYPES (0: not read)

    def as_dict(self) -> dict[str, object]:
        """The setting as the weights file records it."""
        return {"scope": self.scope, "outcome": self.outcome, "difference": self.difference, "scale": self.scale,
                "vector": self.vector, "prototypes": self.prototypes}


@dataclass(frozen=True)
class Weights:
    """A learned model: an intercept and a weight per feature for each label."""

    labels: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    threshold: float  # how sure the model must be to overrule the rule reader
    encoding: Encoding | None = None  # the sentence encoder's features the model reads, None for none


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
    turned = _turned(mention, lex)
    for cue in in_clause:
        denied = "~neg" if negated(cue, cues, sentence) else ""
        features.add(f"cue={cue.kind}{denied}")
        if cue.kind in POLAR:
            sign = "+" if (polarity(cue.kind, match.concept, lex) > 0) != (turned and cue.kind in TURNED) else "-"
            features.add(f"signed={sign}{denied}")
    polar = [c for c in in_clause if c.kind in POLAR]
    if polar:
        nearest = min(polar, key=lambda c: token_gap(c, match))
        sign = "+" if (polarity(nearest.kind, match.concept, lex) > 0) != (turned and nearest.kind in TURNED) else "-"
        features.add(f"nearest={sign}{'~neg' if negated(nearest, cues, sentence) else ''}")
    if any(c.kind == NEGATION for c in cues if first <= c.first <= last):
        features.add("negator")
    text = clause_text(sentence, first, last)
    for p in P_VALUE.finditer(text):
        features.add("p<=.05" if p_significant(p) else "p>.05")
    for ci in CONFIDENCE_INTERVAL.finditer(text):
        features.add("ci=" + ("holds-null" if _holds_null(ci) else "excludes-null"))
    if PER_ARM.search(text):
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


def _turned(mention: Mention, lex: Lexicon) -> bool:
    """True when the mention's words name its outcome's opposite ("reduced hopelessness" is more hope)."""
    return names_opposite(mention.match, mention.sentence, lex)


def _holds_null(ci: re.Match[str]) -> bool:
    """True when a confidence interval holds the null value: 1 for ratios, 0 for differences."""
    low, high = (float(ci.group(k).replace("−", "-").replace("–", "-").replace(" ", "")) for k in ("low", "high"))
    null = 1.0 if ci.group("ratio") else 0.0
    return min(low, high) <= null <= max(low, high)


def candidates(mentions: Iterable[Mention], rule_findings: Iterable[Finding], lex: Lexicon) -> list[Candidate]:
    """One candidate per outcome named in a result sentence or given a finding by the rules, in first-seen order."""
    features: dict[URIRef, set[str]] = {}
    named: dict[URIRef, list[Mention]] = {}
    sentences: dict[URIRef, set[tuple[str, int]]] = {}
    for mention in mentions:
        concept = mention.match.concept
        features.setdefault(concept, set()).update(mention_features(mention, lex))
        named.setdefault(concept, []).append(mention)
        sentences.setdefault(concept, set()).add((mention.sentence.field, mention.sentence.start))
    verdicts: dict[URIRef, set[str]] = {}
    for finding in rule_findings:
        verdicts.setdefault(finding.outcome, set()).add(_label(finding.direction))
        features.setdefault(finding.outcome, {"no-mention"})
    out = []
    for concept, found in features.items():
        values = {f: 1.0 for f in found}
        values.update({f"rule={v}": 1.0 for v in verdicts.get(concept, {NONE})})
        values["sentences"] = math.log1p(len(sentences.get(concept, ())))
        own = tuple(named.get(concept, ()))
        out.append(Candidate(concept, values, own[0] if own else None, own))
    return out


# What a masked outcome's words become in the text the encoder reads.
MASK = "the outcome"
# Decimals the encoder's features are rounded to, so that a difference in the last bits of a float on
# another machine cannot move a decision.
ENCODER_DECIMALS = 4


# Sentences of how results are reported in general, written for this reader (not taken from any annotated
# abstract), by what they say happened to "the outcome". A mention's text is compared with each (masked), and
# its greatest similarity to a kind is a feature: what the encoder knows of these wordings from outside the
# corpus. For an outcome where less is better, "higher" and "lower" trade places.
PROTOTYPES: dict[str, tuple[str, ...]] = {
    "higher": ("the outcome increased significantly in the intervention group",
               "participants reported higher levels of the outcome than the control group",
               "the outcome rose from baseline to follow-up",
               "greater the outcome was found among those who received the intervention"),
    "lower": ("the outcome decreased significantly in the intervention group",
              "participants reported lower levels of the outcome than the control group",
              "the outcome fell from baseline to follow-up",
              "the intervention reduced the outcome"),
    "better": ("the outcome improved significantly", "the intervention had a beneficial effect on the outcome",
               "participants benefited in terms of the outcome", "the intervention was effective for the outcome"),
    "worse": ("the outcome worsened", "the outcome deteriorated over time",
              "the intervention had a harmful effect on the outcome", "participants did worse on the outcome"),
    "none": ("there was no significant difference in the outcome between the groups",
             "the outcome did not change", "the intervention had no effect on the outcome",
             "the outcome was similar in both groups", "the groups did not differ in the outcome"),
    "mixed": ("the outcome improved at three months but not at twelve months",
              "results for the outcome were mixed", "some measures of the outcome improved while others did not",
              "the outcome improved for some participants and worsened for others"),
    "hedged": ("the intervention may improve the outcome", "the outcome could potentially benefit",
               "the evidence on the outcome was inconclusive", "further research is needed on the outcome"),
    "unmeasured": ("the outcome was measured at baseline and follow-up", "we assessed the outcome with a questionnaire",
                   "themes included the outcome", "the aim was to examine the outcome"),
}
SWAPPED = {"higher": "lower", "lower": "higher"}


def mention_texts(mention: Mention, encoding: Encoding) -> tuple[str, str]:
    """The text the encoder reads for one mention (its outcome marked or masked) and the same text
    without the outcome's words."""
    sentence, match = mention.sentence, mention.match
    if encoding.scope == "clause":
        first, last = next(((a, b) for a, b, _ in clauses(sentence) if a <= match.first <= b),
                           (0, len(sentence.tokens) - 1))
    else:
        first, last = 0, len(sentence.tokens) - 1
    tokens, base = sentence.tokens, sentence.start
    before = sentence.text[tokens[first].start - base:tokens[match.first].start - base]
    own = sentence.text[tokens[match.first].start - base:tokens[match.last].end - base]
    after = sentence.text[tokens[match.last].end - base:tokens[last].end - base]
    middle = f"[{own}]" if encoding.outcome == "marked" else MASK
    return (before + middle + after).strip(), " ".join((before.strip() + " " + after.strip()).split())


def encoder_features(found: list[Candidate], encoding: Encoding) -> list[Candidate]:
    """The candidates with the encoder's features added: the mean vector of the texts of their mentions
    (and of its difference to the texts without the outcome), scaled and rounded."""
    from kg.extract.encoder import embed
    from kg.extract.lexicon import lexicon

    lex = lexicon()
    texts = [mention_texts(m, encoding) for c in found for m in c.mentions]
    if not texts:
        return found
    vectors = {"enc": embed([t for t, _ in texts])} if encoding.vector else {}
    if encoding.vector and encoding.difference:
        vectors["dif"] = vectors["enc"] - embed([t for _, t in texts])
    similar: list[dict[str, float]] = []
    if encoding.prototypes:
        masked = Encoding(encoding.scope, "masked", False, 1.0)
        kinds = [k for k in PROTOTYPES for _ in PROTOTYPES[k]]
        mentions = [m for c in found for m in c.mentions]
        scores = embed([mention_texts(m, masked)[0] for m in mentions]) @ embed(
            [t for k in PROTOTYPES for t in PROTOTYPES[k]]).T
        for row, mention in zip(scores, mentions, strict=True):
            best: dict[str, float] = {}
            for kind, score in zip(kinds, row, strict=True):
                best[kind] = max(best.get(kind, -1.0), float(score))
            lower = (lex.improves.get(mention.match.concept) == PSK.Lower) != _turned(mention, lex)
            similar.append({SWAPPED.get(k, k) if lower else k: v for k, v in best.items()})
    out, at = [], 0
    for candidate in found:
        first, at = at, at + len(candidate.mentions)
        if first == at:
            out.append(candidate)
            continue
        added = dict(candidate.features)
        if similar:
            added.update({f"proto={k}": round(max(s[k] for s in similar[first:at]) * encoding.prototypes,
                                              ENCODER_DECIMALS) for k in PROTOTYPES})
        for prefix, rows in vectors.items():
            mean = rows[first:at].mean(axis=0)
            added.update({f"{prefix}={j:03d}": round(float(x) * encoding.scale, ENCODER_DECIMALS)
                          for j, x in enumerate(mean)})
        out.append(replace(candidate, features=added))
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
        setting = data.get("encoding")
        encoding = None if setting is None else Encoding(
            str(setting["scope"]), str(setting["outcome"]), bool(setting["difference"]), float(setting["scale"]),
            bool(setting["vector"]), float(setting["prototypes"]))
        if encoding is not None and (encoding.scope not in ("clause", "sentence")
                                     or encoding.outcome not in ("marked", "masked")):
            raise ValueError(f"unknown encoding {setting}")
        return Weights(labels, intercepts, weights, float(data["threshold"]), encoding)
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


# The weights the package ships, written by scripts/train-reader.
WEIGHTS_FILE = "data/reader-weights.json"

# Whether extraction applies the learned reader. It does not: overruling the rules at p >= 0.9 changed no finding
# in cross-validation over the development set nor on the held-out set's aggregate figures, and it doubled a
# build's processor time and needs PyTorch (BENCHMARKS.md, "The reader with a sentence encoder"). The reader,
# its weights and its cross-validation stay, to be applied when a reader changes what is read.
APPLIED = False


@cache
def shipped_weights() -> Weights:
    """The reader the package ships (a missing or broken file is an error, never a reader left out)."""
    path = resource_file("kg", WEIGHTS_FILE)
    return parse_weights(path.read_text(encoding="utf-8"), str(path))


def read_findings(rule: list[Finding], mentions: list[Mention], lex: Lexicon, weights: Weights,
                  work: Work) -> list[Finding]:
    """The rule reader's findings of one work, with the learned reader's decisions applied: where the model
    is at least its threshold sure of another label, an outcome's findings go ("none"), take its direction
    (the first of them, with its evidence), or, where the rules found none, a finding is added with the
    outcome's first result sentence as its evidence."""
    found = candidates(mentions, rule, lex)
    if weights.encoding is not None:
        found = encoder_features(found, weights.encoding)
    out = list(rule)
    for candidate in found:
        given = frozenset(_label(f.direction) for f in rule if f.outcome == candidate.outcome)
        chosen = decide(given, probabilities(candidate, weights), weights.threshold)
        if chosen == given:
            continue
        own = [i for i, f in enumerate(out) if f.outcome == candidate.outcome]
        if not chosen:
            out = [f for i, f in enumerate(out) if i not in own]
            continue
        direction = DIRECTION_IRIS[next(iter(chosen))]
        if own:
            kept = replace(out[own[0]], direction=direction)
            out = [kept if i == own[0] else f for i, f in enumerate(out) if i == own[0] or i not in own]
        elif candidate.mention is not None:
            sentence = candidate.mention.sentence
            text = field_text(work, sentence.field)
            out.append(Finding(candidate.outcome, direction, "", sentence.span(),
                               text[max(0, sentence.start - 32):sentence.start], text[sentence.end:sentence.end + 32]))
    return out
