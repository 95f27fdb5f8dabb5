"""A phrase matcher over normalised tokens, driven by the scheme labels.

Leftmost-longest: at each token the longest label wins and its tokens are
consumed, so "systematic review" is never also a "review" and the blocked
phrase "recovery-oriented care" never yields the outcome recovery. The
readings around it live in modules of their own, run here in order: labels
shared by coordination and compounds (:mod:`kg.extract.coordination`), other
word forms of a label (:mod:`kg.extract.word_forms`), phrases that name an
outcome without a label (:mod:`kg.extract.outcome_phrases`) and labels used in
another sense (:mod:`kg.extract.outcome_senses`). Capitalised names decide
whether a label is part of a name (:mod:`kg.extract.measure_names`); acronyms a
document defines ("peer support workers (PSWs)", then "PSW") are learned by
:mod:`kg.extract.acronyms` and passed in.
"""

from __future__ import annotations

from kg.extract.coordination import (
    compound_heads,
    coordinated_labels,
    modified_heads,
    prefixes_shared,
    shared_heads,
)
from kg.extract.evaluations import acceptability_matches, clinical_matches, meaning_matches
from kg.extract.lexicon import BLOCK, CHANGE_NOUNS, OUTCOME, ROLE, Lexicon
from kg.extract.matches import (
    Acronyms,
    Match,
    lookup,
    make_match,
    next_word,
    word_positions,
)
from kg.extract.measure_names import is_name_part, not_as_acronym
from kg.extract.outcome_phrases import (
    acceptance_by_staff,
    access_to_care,
    attitudes_toward,
    integration_of_peers,
    knowledge_gained,
    peer_work_relations,
    peer_worker_abilities,
    verb_of_engagement,
)
from kg.extract.outcome_senses import (
    facet_of_another,
    other_sense,
    peer_employment,
    peer_wellbeing,
    retention_of_the_served,
    taking_part_in_another,
)
from kg.extract.text import Sentence, normalize_phrase
from kg.extract.word_forms import (
    derived_adjectives,
    derived_nouns,
    inverted_labels,
    marked_opposite,
    opposite_forms,
)


def find_matches(sentence: Sentence, lex: Lexicon, acronyms: Acronyms | None = None) -> list[Match]:
    """Every label of the schemes in a sentence, leftmost-longest, blocked phrases removed."""
    acronyms = acronyms or {}
    positions = word_positions(sentence)
    norms = [sentence.tokens[i].norm for i in positions]
    found: list[Match] = []
    consumed: set[int] = set()  # token indices a label or a blocked phrase took
    p = 0
    while p < len(positions):
        for n in range(min(lex.longest, len(positions) - p), 0, -1):
            entries = lookup(tuple(norms[p:p + n]), lex, acronyms)
            if n == 1:
                entries = not_as_acronym(sentence, positions[p], entries)
            if entries:
                first, last = positions[p], positions[p + n - 1]
                outcome = all(e.scheme in (OUTCOME, BLOCK) for e in entries)
                if not is_name_part(sentence, first, last, outcome):
                    found.extend(make_match(sentence, e, first, last) for e in entries if e.concept != BLOCK)
                consumed.update(positions[p:p + n])
                p += n
                break
        else:
            p += 1
    found = [_outcome_word_only(sentence, m) for m in found]
    inverted = inverted_labels(sentence, consumed, lex, positions, norms)
    found.extend(inverted)
    consumed.update(i for m in inverted for i in range(m.first, m.last + 1))
    found = compound_heads(sentence, found, lex, acronyms, positions, norms)
    coordinated, replaced = coordinated_labels(sentence, found, lex, positions, norms)
    found = [m for m in found if m not in replaced] + coordinated
    found.extend(prefixes_shared(sentence, found, lex))
    found.extend(derived_adjectives(sentence, found, lex, positions, norms))
    found.extend(derived_nouns(sentence, consumed, lex, positions, norms))
    opposites, negated = opposite_forms(sentence, found, consumed, lex, positions, norms)
    found = [marked_opposite(sentence, m, lex) for m in found if m not in negated] + opposites
    found = modified_heads(sentence, found, lex, positions, norms)
    found.extend(peer_work_relations(sentence, found, lex, positions, norms))
    found.extend(integration_of_peers(sentence, found, lex))
    found.extend(attitudes_toward(sentence, found, lex))
    found.extend(acceptance_by_staff(sentence, found, lex))
    found.extend(peer_worker_abilities(sentence, found, lex))
    found.extend(knowledge_gained(sentence, found, lex))
    taken = {i for m in found if m.scheme == OUTCOME for i in range(m.first, m.last + 1)}
    heads = {m.first for m in found if m.scheme == OUTCOME}
    found.extend(Match(concept, scheme, first, last, sentence.tokens[first].start, sentence.tokens[last].end, False)
                 for concept, scheme, first, last in [*acceptability_matches(sentence, taken),
                                                      *clinical_matches(sentence, taken)]
                 if next_word(sentence, last) not in heads)
    # "perceived rendering peer support as meaningful engagement": the meaning found in it, whatever noun follows
    found.extend(Match(concept, scheme, first, last, sentence.tokens[first].start, sentence.tokens[last].end, False)
                 for concept, scheme, first, last in meaning_matches(sentence, taken))
    found.extend(shared_heads(sentence, found, lex, positions, norms))
    engaging = verb_of_engagement(sentence, found, lex) + access_to_care(sentence, lex)
    found = [m for m in found if not any(m.scheme == OUTCOME and e.first <= m.first and m.last <= e.last
                                         and m.concept != e.concept for e in engaging)]
    found.extend(e for e in engaging if not any(m.concept == e.concept and m.first <= e.first <= m.last
                                                for m in found))
    found = [peer_employment(sentence, m) for m in found]
    roles_by_end: dict[int, list[Match]] = {}
    for m in found:
        if m.scheme == ROLE:
            roles_by_end.setdefault(m.last, []).append(m)
    found = [peer_wellbeing(sentence, m, found, lex, roles_by_end) for m in found]
    found = [retention_of_the_served(sentence, m, found, lex) for m in found]
    found = [m for m in found if not other_sense(sentence, m, found) and not facet_of_another(sentence, m, found)
             and not taking_part_in_another(sentence, m, found)]
    return sorted(found, key=lambda m: (m.start, m.end, str(m.concept)))


_CHANGE_NOUN_NORMS = frozenset(normalize_phrase(" ".join(CHANGE_NOUNS)))


def _outcome_word_only(sentence: Sentence, match: Match) -> Match:
    """A label that opens with a noun of change ("improvements in recovery", which the lexicon holds so that "in
    recovery" is not read as people's state) names the outcome by its last word: the noun of change is the cue, and
    is said of every outcome coordinated with it ("improvements in recovery and self-efficacy")."""
    tokens = sentence.tokens
    if (match.scheme == OUTCOME and match.last > match.first + 1 and tokens[match.first].norm in _CHANGE_NOUN_NORMS
            and tokens[match.first + 1].norm == "in"):
        last = tokens[match.last]
        return Match(match.concept, match.scheme, match.last, match.last, last.start, last.end, match.plural,
                     match.opposite)
    return match
