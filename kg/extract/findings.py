"""Findings: which way each outcome a result sentence names went, combined clause by clause into one finding per
outcome and result.

The reading runs in stages, each decided in a module of its own:
- :mod:`kg.extract.result_sentences`: whether the sentence says anything of what peer support changed;
- :mod:`kg.extract.outcome_mentions`: which outcomes it names can carry a result;
- :mod:`kg.extract.assertions`: which cues it asserts, not goals, hopes or expectations;
- :mod:`kg.extract.clauses`: where it divides into clauses;
- :mod:`kg.extract.mention_roles`: which mentions name no result (a cause, a study to come, a kind of place);
- :mod:`kg.extract.attachment`: which cues of a clause may speak of each outcome mention;
- :mod:`kg.extract.scope`: how far those cues reach (negation, contrast, hedges);
- :mod:`kg.extract.directions`: which way each mention went, from the cues in its scope;
- :mod:`kg.extract.arms`: which arm the result is said of.

Here the mentions' directions become findings:
- one outcome can take two results in two clauses ("lower at 3 months, although not at 6 months"); a clause that
  adds to the one before ("but also") takes its change;
- a clause that names no outcome speaks of the outcomes of the clause before: a denial that the change lasted or
  held in the main analysis ("this was not sustained", "but intention-to-treat analyses did not") gives no
  difference; other studies denying it ("but four did not", "whereas four found no effect"), a change the other
  way for others ("but worsened for others") or the change denied for others ("but not for others") makes it
  mixed; a change it states decides outcomes the clause before named without a direction; a later time ("by 12
  months, however, ...") adds a result beside the first;
- a clause that says only the outcomes it names changed significantly ("but only the change in hope was
  significant") leaves the changes the clauses before gave other outcomes short of significance: no difference;
- counted studies that went two ways ("five reported improvements in hope and seven found no significant change")
  make the sentence's results mixed, and an outcome found mixed keeps only that.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rdflib import URIRef

from kg.extract.arm_figures import figure_change
from kg.extract.arms import (
    NULL_COMPARISON,
    WITHIN_GROUPS,
    about_control_arm,
    after_denied_comparison,
    caused_by_an_event,
    comparison_arm_favoured,
    within_groups_of,
)
from kg.extract.assertions import asserted_cues
from kg.extract.attachment import cues_in_scope
from kg.extract.clauses import (
    COUNTED_SUBJECT,
    OTHER_STUDIES,
    adds_to_previous,
    clause_text,
    clauses,
    denies_only_significance,
    elliptic_negation,
    names_a_circumstance,
)
from kg.extract.cues import DIFFER, MODAL_HEDGE, NEUTRAL, NO_DIFFERENCE, POLAR, Cue
from kg.extract.directions import direction, names_opposite, polarity
from kg.extract.lexicon import OUTCOME, Lexicon
from kg.extract.matches import Match
from kg.extract.mention_roles import agent_of_a_change, research_to_come
from kg.extract.model import Finding
from kg.extract.outcome_mentions import reported_outcomes
from kg.extract.result_sentences import lists_themes, says_nothing_of_peer_support
from kg.extract.scope import links_outcomes, negated
from kg.extract.text import Sentence
from kg.namespaces import PSK

# Words of time that make a clause about the same outcome another result, not a qualification of it: "by 12
# months, however, the effect had disappeared".
LATER = re.compile(r"\b(?:months?|weeks?|years?|follow[-\s]?up|post[-\s]?intervention|long(?:er)?[-\s]term)\b",
                   re.IGNORECASE)
# How many characters before and after its sentence a finding keeps as the quote's prefix and suffix.
PREFIX_LENGTH = 32
# Other people or studies than those a clause before spoke of. Matches: "worsened for others", "while two trials found
# increases", "for the remaining participants"
OTHERS = re.compile(r"\b(?:others|other\ (?:participants|people|users|studies|trials|reviews)|the\ rest|remaining)\b"
                    r"|" + OTHER_STUDIES.pattern, re.IGNORECASE | re.VERBOSE)
# Studies of a review, which a result held by some of them makes mixed. Matches: "studies", "trials", "RCTs", "one
# review"
STUDY_NOUNS = re.compile(r"\b(?:stud(?:y|ies)|trials?|reviews?|RCTs?|papers|articles|meta-analys[ie]s)\b",
                         re.IGNORECASE)
# A clause that opens by saying only some outcomes changed significantly. Matches: "but only the effect on hope was
# significant", "although only hope reached statistical significance", "; only the change in hope was significant"
ONLY_SIGNIFICANT = re.compile(r"^\W*(?:but|although|though|while|whereas|yet|however)?\W*only\b(?!\ (?:one|two|a\ few"
                              r"|some|\d+)\b).*?(?<!non-)(?<!not\ )(?<!non)\b(?:statistically\ )?significan",
                              re.IGNORECASE | re.VERBOSE)
# Counted studies or people that went two ways in one sentence. Matches: "five reported improvements in hope and
# seven found no significant change", "three trials found benefits, whereas two found none", "4 studies showed
# reductions while the others showed no effect"
_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
SPLIT_RESULTS = re.compile(rf"""\b{_COUNT}\s+(?:\w+\s+){{0,2}}?(?:found|reported|showed|demonstrated|observed)\b
    [^;.]*?\b(?:and|while|whereas|but)\s+(?:{_COUNT}|(?:the\ )?others|the\ (?:rest|remainder|remaining))
    (?:\s+\w+){{0,2}}?\s+(?:found|reported|showed|demonstrated|observed)\s+(?:no|non|none|little)\b""",
                           re.IGNORECASE | re.VERBOSE)


def sentence_findings(sentence: Sentence, outcome_matches: list[Match], field_text: str,
                      lex: Lexicon) -> list[Finding]:
    """The findings one result sentence states: one per outcome and clause, and a later clause adds a
    finding only when it says something else ("lower scores at 3 months although not at 6 months")."""
    if says_nothing_of_peer_support(sentence, field_text):
        return []
    all_cues = asserted_cues(sentence)
    found: dict[tuple[URIRef, URIRef], Finding] = {}
    previous_polar: int | None = None
    previous_cues: list[Cue] = []
    previous: list[Match] = []
    previous_end = -1
    outcome_matches = reported_outcomes(outcome_matches, sentence)
    within_groups = bool(WITHIN_GROUPS.search(sentence.text))
    themes = lists_themes(sentence)
    # a result stated only as the figures of the arms compared, said of the one outcome the sentence names: "12% of
    # the peer group scored above the cut-off, compared with 35% of controls"
    figures = figure_change(sentence) if len({m.concept for m in outcome_matches if m.scheme == OUTCOME}) == 1 \
        else None
    subjects = frozenset(m.first for m in outcome_matches if m.scheme == OUTCOME)
    for first, last, but_not in clauses(sentence, subjects):
        in_clause = [m for m in outcome_matches if first <= m.first <= last and m.scheme == OUTCOME]
        cues = [c for c in all_cues if first <= c.first <= last and not links_outcomes(c, in_clause, sentence)]
        if not in_clause and not cues:
            continue  # "; by 12 months, however, ...": what came before still stands for what comes after
        text = clause_text(sentence, first, last)
        if in_clause and first > 0 and ONLY_SIGNIFICANT.search(text):
            # "hope, self-esteem and loneliness improved, but only the change in hope was significant": the changes
            # the clause does not name fell short of significance, no difference as the annotation rules read it
            named = {m.concept for m in in_clause}
            for match in [m for m in outcome_matches if m.last < first and m.concept not in named]:
                for key in [k for k in found if k[0] == match.concept and k[1] in (PSK.Positive, PSK.Negative)]:
                    del found[key]
                    found[(match.concept, PSK.NoDifference)] = sentence_finding(sentence, match.concept,
                                                                               PSK.NoDifference, field_text)
        if not in_clause and about_control_arm(text):
            continue  # "whereas they remained stable in the control group" says nothing of peer support
        if not in_clause and previous and (any(c.kind == NO_DIFFERENCE or (c.kind == DIFFER and negated(
                c, cues, sentence)) for c in cues) or (previous_polar and elliptic_negation(
                sentence, first, last))) and (not but_not or denies_only_significance(sentence, first, last)):
            # "... benefits for hope, but intention-to-treat analyses did not": the same result, denied
            # "a positive effect on empowerment, but without a statistical significance": the same result,
            # qualified; "six trials reported reductions in symptoms, whereas four found no effect": mixed.
            qualified = PSK.Mixed if previous_polar and (OTHER_STUDIES.search(text)
                                                         or COUNTED_SUBJECT.search(text)) else PSK.NoDifference
            since = previous_end + 1  # the time must be named after the clause of the first result
            if previous_polar and qualified == PSK.NoDifference and since <= last and LATER.search(
                    clause_text(sentence, since, last)):
                # a result at another time: the earlier one stands beside it
                for match in previous:
                    found.setdefault((match.concept, PSK.NoDifference),
                                     sentence_finding(sentence, match.concept, PSK.NoDifference, field_text))
                continue
            for match in previous:
                for key in [k for k in found if k[0] == match.concept]:
                    del found[key]
                found[(match.concept, qualified)] = sentence_finding(sentence, match.concept, qualified, field_text)
            continue
        if not in_clause and previous and any(c.kind in POLAR for c in cues) and OTHERS.search(text):
            # "Recovery improved for some participants but worsened for others", "six trials found reductions, while
            # two found increases": the result went one way for some and the other way for the rest.
            # "four trials found no effect on loneliness, whereas two found reductions": only some studies found
            # an effect, which the annotation rules make mixed
            studies = bool(STUDY_NOUNS.search(sentence.text))
            for match in previous:
                earlier = [k for k in found if k[0] == match.concept and (
                    k[1] in (PSK.Positive, PSK.Negative) or (studies and k[1] == PSK.NoDifference))]
                value = direction(match, [c for c in cues if c.kind in POLAR], None, lex, sentence)
                if earlier and value in (PSK.Positive, PSK.Negative) and value != earlier[0][1]:
                    del found[earlier[0]]
                    found[(match.concept, PSK.Mixed)] = sentence_finding(sentence, match.concept, PSK.Mixed, field_text)
        elif not in_clause and previous and any(c.kind in POLAR for c in cues) and not OTHER_STUDIES.search(text):
            # "The effect on depressive symptoms was small but significant (SMD -0.24, 95% CI ...)": the change
            # this clause states decides the outcomes the clause before named without a direction.
            for match in previous:
                if (match.concept, PSK.Unclear) in found:
                    value = direction(match, cues, None, lex, sentence)
                    if value is not None and value != PSK.Unclear:
                        del found[(match.concept, PSK.Unclear)]
                        found.setdefault((match.concept, value),
                                         sentence_finding(sentence, match.concept, value, field_text))
        if not in_clause and previous and but_not and previous_polar and not any(c.kind in POLAR for c in cues) \
                and OTHERS.search(text):
            # "Hope improved for some participants but not others": the change held for some only
            for match in previous:
                for key in [k for k in found if k[0] == match.concept and k[1] in (PSK.Positive, PSK.Negative)]:
                    del found[key]
                found[(match.concept, PSK.Mixed)] = sentence_finding(sentence, match.concept, PSK.Mixed, field_text)
            continue
        if not in_clause and previous and but_not and previous_polar and not any(c.kind in POLAR for c in cues) \
                and names_a_circumstance(sentence, first):
            # "lower at 3 months, although not at 6 months": the same outcomes, another result; "though not for
            # reducing burden" speaks of another outcome, one the clause names
            for match in previous:
                found.setdefault((match.concept, PSK.NoDifference),
                                 sentence_finding(sentence, match.concept, PSK.NoDifference, field_text))
            continue
        inherited = previous_polar if but_not or elliptic_negation(sentence, first, last) else None
        if not any(c.kind in POLAR for c in cues) and adds_to_previous(sentence, first):
            # "greater job satisfaction but also emotional exhaustion": the previous clause's change goes on
            cues = previous_cues + cues
        decided: set[URIRef] = set()
        favours_comparison = comparison_arm_favoured(sentence, first, last, cues)
        control_only = (about_control_arm(text) and not favours_comparison) or caused_by_an_event(
            sentence, first, cues)
        for match in in_clause:
            if agent_of_a_change(match, all_cues, sentence, in_clause) or research_to_come(match, sentence):
                # "The training had no impact on stigma": the training acts, stigma is what changed; "a larger trial
                # is feasible" judges the next study, not peer support
                continue
            near = cues_in_scope(match, cues, in_clause, outcome_matches, sentence, lex, themes=themes)
            value = direction(match, near, inherited, lex, sentence)
            if value is None and figures is not None:
                sign = polarity(figures, match.concept, lex) * (-1 if names_opposite(match, sentence, lex) else 1)
                value = PSK.Positive if sign > 0 else PSK.Negative
            if NULL_COMPARISON.search(text) and (value is not None or after_denied_comparison(match, sentence)):
                # "may be as effective as usual care": a hedged equivalence leaves the result open
                hedged = any(c.kind == MODAL_HEDGE and not negated(c, cues, sentence) for c in cues)
                value = PSK.Unclear if hedged else PSK.NoDifference
            # A change in every arm says nothing of peer support, and neither does anything said of the
            # comparison arm alone ("whereas they remained stable in the control group").
            if (value in (PSK.Positive, PSK.Negative) and within_groups
                    and within_groups_of(match, sentence, first, last)) or control_only:
                continue
            if favours_comparison and value in (PSK.Positive, PSK.Negative):
                # "Control participants reported greater gains in hope", "hope was higher in the control group"
                value = PSK.Negative if value == PSK.Positive else PSK.Positive
            if value is not None and match.concept not in decided:
                decided.add(match.concept)
                found.setdefault((match.concept, value), sentence_finding(sentence, match.concept, value, field_text))
        # an effect said without its direction is a result a later clause can deny for others too: "three trials had
        # significant effects on hope, while others did not"
        previous_polar = 1 if any(c.kind in POLAR or c.kind == NEUTRAL for c in cues) else None
        previous_cues = [c for c in cues if c.kind in POLAR]
        previous = in_clause
        previous_end = last
    if SPLIT_RESULTS.search(sentence.text):
        # "five reported improvements in hope and seven found no significant change": the studies went two ways
        found = {(o, PSK.Mixed if v in (PSK.Positive, PSK.Negative, PSK.NoDifference) else v):
                 replace(f, direction=PSK.Mixed) if v in (PSK.Positive, PSK.Negative, PSK.NoDifference) else f
                 for (o, v), f in found.items()}
    return _mixed_whole(found)


def _mixed_whole(found: dict[tuple[URIRef, URIRef], Finding]) -> list[Finding]:
    """The findings of one sentence, where an outcome found Mixed keeps only that: the other results the sentence
    gives it ("another reduced depression only, ... but not having a significant impact on depression") are the
    parts the mix is made of, not results of their own."""
    mixed = {outcome for outcome, value in found if value == PSK.Mixed}
    return [f for (outcome, value), f in found.items() if outcome not in mixed or value == PSK.Mixed]


def sentence_finding(sentence: Sentence, outcome: URIRef, value: URIRef, field_text: str) -> Finding:
    """A finding of one outcome evidenced by a sentence, quoted with the text around it in its field."""
    return Finding(outcome, value, "", sentence.span(),  # the comparator: kg.extract.comparators
                   field_text[max(0, sentence.start - PREFIX_LENGTH):sentence.start],
                   field_text[sentence.end:sentence.end + PREFIX_LENGTH])

