"""Study findings: the findings of one work, gathered from its result sentences and completed across them.

- each result sentence gives its findings (:func:`kg.extract.findings.sentence_findings`), and a sentence that names
  no outcome but says a result held for some and not for others makes the sentence before it mixed;
- a null said of the outcomes as a whole ("There were no other significant differences") gives no difference for
  every measured outcome no result sentence decides;
- an outcome named only as affected ("effects on hope") adds nothing once a sentence says which way, except a
  change the conclusions state under a modal hedge or a trend, which are results of their own;
- the learned reader (:mod:`kg.extract.reader`) may overrule the rules; then comparators and populations are read,
  and findings said of the outcomes as a whole concern the people the study's other findings are about.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from rdflib import URIRef

from kg.extract import reader
from kg.extract.acronyms import learn_acronyms
from kg.extract.comparators import with_comparators
from kg.extract.comparisons import COMPARES
from kg.extract.context import Part, SentenceContext, classify
from kg.extract.findings import sentence_finding, sentence_findings
from kg.extract.lexicon import OUTCOME, Lexicon, lexicon
from kg.extract.matcher import find_matches
from kg.extract.matches import Match
from kg.extract.model import ABSTRACT, ConceptMention, Finding
from kg.extract.outcome_mentions import describes_population, training_of_others
from kg.extract.populations import with_populations
from kg.extract.reader import Candidate, Mention, candidates, read_findings, shipped_weights
from kg.extract.result_sentences import hedged_change, mixed_without_outcome, no_difference_overall, trend
from kg.extract.text import Sentence, field_text, sentences
from kg.namespaces import PSK
from kg.records import Work

# Words by which a null said of the outcomes as a whole leaves some out: "There were no other significant differences".
OTHER_OUTCOMES = re.compile(r"\b(?:other|others|remaining|rest|secondary\ (?:outcomes|measures|endpoints))\b",
                            re.IGNORECASE)
# An arm named in a result sentence, or a word that compares arms, which makes its change one of that arm against
# the other: "the intervention group improved", "in the control condition", "superior to usual care".
ARM_NAMED = re.compile(r"\b(?:intervention|experimental|treatment|control|comparison|usual\ care|peer[-\ ]\w+)"
                       r"\s+(?:group|arm|condition|participants)s?\b|\bcontrols\b|\bfavou?r|\busual\ care\b"
                       r"|\btreatment\ as\ usual\b|\bTAU\b|\bwait[-\ ]?list|\bsuperior\b|\binferior\b|\boutperform",
                       re.IGNORECASE)


def study_findings(work: Work, parts: list[Sentence], contexts: list[SentenceContext], matched: list[list[Match]],
                   lex: Lexicon, designs: set[URIRef], roles: list[ConceptMention]) -> list[Finding]:
    """The findings of one work, each with its comparator and the population it concerns."""
    return _shared_population(with_populations(
        _work_findings(work, parts, contexts, matched, lex, designs),
        {(s.field, s.start): (s, ms) for s, ms in zip(parts, matched, strict=True)}, roles, lex),
        {(s.field, s.start) for s, ms in zip(parts, matched, strict=True)
         if any(m.scheme == OUTCOME for m in ms)})


def finding_candidates(work: Work) -> tuple[list[Finding], list[Candidate]]:
    """The rule reader's findings of one work and the candidates the learned reader decides on."""
    lex = lexicon()
    parts = sentences(work)
    contexts = classify(parts)
    acronyms = learn_acronyms(parts, lex)
    matched = [find_matches(s, lex, acronyms) for s in parts]
    rule = _work_findings(work, parts, contexts, matched, lex, set(), learned=False)
    return rule, candidates(result_mentions(parts, contexts, matched), rule, lex)


def result_mentions(parts: list[Sentence], contexts: list[SentenceContext],
                    matched: list[list[Match]]) -> list[Mention]:
    """Every outcome named in a sentence that states a result, as the finding rules read them."""
    out: list[Mention] = []
    for sentence, context, matches in zip(parts, contexts, matched, strict=True):
        if context.states_result:
            outcomes = [m for m in _reported(sentence, context, matches) if m.scheme == OUTCOME
                        and not training_of_others(m, matches) and not describes_population(sentence, m, matches)]
            out.extend(Mention(sentence, context, m, tuple(outcomes)) for m in outcomes)
    return out


def _work_findings(work: Work, parts: list[Sentence], contexts: list[SentenceContext], matched: list[list[Match]],
                   lex: Lexicon, designs: set[URIRef], learned: bool = True) -> list[Finding]:
    """The findings of one work's result sentences, with nulls said of the outcomes as a whole, the learned
    reader's verdicts where it overrules the rules (unless learned is False) and the comparators."""
    findings: list[Finding] = []
    seen: set[tuple[URIRef, URIRef]] = set()
    previous: list[Finding] = []  # the polar findings of the result sentence before
    for sentence, context, matches in zip(parts, contexts, matched, strict=True):
        if not context.states_result:
            continue
        outcome_matches = [m for m in _reported(sentence, context, matches) if m.scheme == OUTCOME
                           and not training_of_others(m, matches) and not describes_population(sentence, m, matches)]
        if not outcome_matches:
            if previous and mixed_without_outcome(sentence):
                # "..., which suggest that specific programs had significant effects, while others did not": the
                # result of the sentence before held in some places and not in others
                text = field_text(work, sentence.field)
                for f in previous:
                    if (f.outcome, PSK.Mixed) not in seen:
                        seen.add((f.outcome, PSK.Mixed))
                        findings.append(sentence_finding(sentence, f.outcome, PSK.Mixed, text))
            previous = []
            continue
        found = sentence_findings(sentence, outcome_matches, field_text(work, sentence.field), lex)
        previous = [f for f in found if f.direction in (PSK.Positive, PSK.Negative)]
        for finding in found:
            key = (finding.outcome, finding.direction)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    overall = _overall_sentence(parts, contexts, matched)
    if overall is not None:
        findings = _without_changes_within_arms(findings, overall)
        findings.extend(_overall_null(work, overall, parts, contexts, matched, findings))
    # An outcome named only as affected ("effects on hope") adds nothing once a sentence says which way; a change
    # the conclusions state with a modal hedge ("peer support may reduce depression") is a result of its own.
    decided = {f.outcome for f in findings if f.direction != PSK.Unclear}
    hedged = {(s.field, s.start) for s, c in zip(parts, contexts, strict=True)
              if (c.part == Part.CONCLUSIONS and hedged_change(s)) or (c.states_result and trend(s))}
    findings = [f for f in findings if f.direction != PSK.Unclear or f.outcome not in decided
                or (f.sentence.field, f.sentence.start) in hedged]
    if learned and reader.APPLIED:  # the learned reader may overrule the rules (kg.extract.reader)
        findings = read_findings(findings, result_mentions(parts, contexts, matched), lex, shipped_weights(), work)
    return with_comparators(findings, parts, contexts, designs)


def _reported(sentence: Sentence, context: SentenceContext, matches: list[Match]) -> list[Match]:
    """The matches of a result sentence that stand in its result, not in a clause of advice after it: in "Hope
    improved, suggesting that services should address loneliness" loneliness is advice."""
    if context.result_until is None:
        return matches
    until = sentence.start + context.result_until
    return [m for m in matches if sentence.tokens[m.first].start < until]


def _overall_sentence(parts: list[Sentence], contexts: list[SentenceContext],
                      matched: list[list[Match]]) -> Sentence | None:
    """The first result sentence that states no difference for the outcomes as a whole, naming none."""
    return next((s for s, c, ms in zip(parts, contexts, matched, strict=True)
                 if c.states_result and s.field == ABSTRACT and no_difference_overall(
                     s, [m for m in ms if m.scheme == OUTCOME and not describes_population(s, m, ms)])), None)


def _says_of_other_outcomes(sentence: Sentence) -> bool:
    """True when a null said of the outcomes as a whole leaves some out: "no other significant differences"."""
    return bool(OTHER_OUTCOMES.search(sentence.text))


def _without_changes_within_arms(findings: list[Finding], overall: Sentence) -> list[Finding]:
    """The findings without the changes over time that compare no arms, when the study states that its arms did
    not differ on the outcomes as a whole: in "All outcomes improved over six months. There was no difference between
    the two conditions", every arm improved, which says nothing of peer support; the null decides those outcomes."""
    if _says_of_other_outcomes(overall) or not COMPARES.search(overall.text):
        return findings
    return [f for f in findings if f.direction not in (PSK.Positive, PSK.Negative)
            or COMPARES.search(f.sentence.text) or ARM_NAMED.search(f.sentence.text)]


def _overall_null(work: Work, overall: Sentence, parts: list[Sentence], contexts: list[SentenceContext],
                  matched: list[list[Match]], findings: list[Finding]) -> list[Finding]:
    """No difference for every measured outcome that no result sentence decides, when a result sentence
    says so of the outcomes as a whole ("There were no other significant differences", "no significant
    benefits on the primary or secondary outcome measures")."""
    # "no other significant differences" leaves the outcomes decided before it alone; "no differences between
    # conditions on the main outcomes" is said of every measured outcome.
    others = _says_of_other_outcomes(overall)
    decided = {f.outcome for f in findings if f.direction != PSK.Unclear
               and (others or f.direction == PSK.NoDifference or f.sentence.start >= overall.start)}
    measured: list[URIRef] = []
    for sentence, context, matches in zip(parts, contexts, matched, strict=True):
        # Outcomes of the background ("patients ... sometimes attempt suicide") were not measured.
        if context.part in (Part.BACKGROUND, Part.IMPLICATIONS) or context.prior_work or context.advice:
            continue
        outcomes = [m for m in matches if m.scheme == OUTCOME]
        for m in outcomes:
            if m.concept in decided:
                # The outcome a parenthesis glosses is decided with it: "activation (self-management efficacy)".
                decided.update(g.concept for g in _glosses(sentence, m, outcomes))
        for m in outcomes:
            if (sentence.field == ABSTRACT and m.concept not in decided
                    and m.concept not in measured and not describes_population(sentence, m, matches)
                    and not training_of_others(m, matches)):
                measured.append(m.concept)
    text = field_text(work, overall.field)
    return [_sentence_null(overall, concept, text) for concept in measured]


def _shared_population(findings: list[Finding], naming: set[tuple[str, int]]) -> list[Finding]:
    """Findings said of the outcomes as a whole (their sentence names none) concern the people the
    study's other findings are about."""
    others = Counter(f.population for f in findings
                     if f.population is not None and (f.sentence.field, f.sentence.start) in naming)
    if not others:
        return findings
    shared = others.most_common(1)[0][0]
    return [replace(f, population=shared) if f.population is None and (f.sentence.field, f.sentence.start)
            not in naming else f for f in findings]


def _glosses(sentence: Sentence, match: Match, outcomes: list[Match]) -> list[Match]:
    """The outcomes named inside a parenthesis right after an outcome: "activation (self-management efficacy)"."""
    tokens = sentence.tokens
    opening = match.last + 1
    if opening >= len(tokens) or tokens[opening].text != "(":
        return []
    closing = next((i for i in range(opening, len(tokens)) if tokens[i].text == ")"), len(tokens))
    return [m for m in outcomes if opening < m.first < closing]


def _sentence_null(sentence: Sentence, outcome: URIRef, field: str) -> Finding:
    """A no-difference finding for an outcome, evidenced by a sentence about the outcomes as a whole."""
    return sentence_finding(sentence, outcome, PSK.NoDifference, field)
