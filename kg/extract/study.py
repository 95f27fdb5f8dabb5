"""extract_study: one work's title, abstract and keywords in, its StudyContent out."""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from kg.extract.context import SentenceContext, classify
from kg.extract.findings import sentence_findings
from kg.extract.lexicon import DESIGN, OUTCOME, ROLE, Lexicon, lexicon
from kg.extract.matcher import Match, find_matches, learn_acronyms
from kg.extract.model import ConceptMention, Finding, ParticipantGroup, StudyContent
from kg.extract.participants import PERSON_NOUNS, age_ranges, participant_groups
from kg.extract.places import sentence_settings
from kg.extract.populations import role_functions, with_populations
from kg.extract.text import Sentence, field_text, sentences
from kg.namespaces import CONCEPT, PSK
from kg.records import Work

# Designs whose plural still describes this study ("49 semi-structured interviews", "focus groups");
# for the others a plural names the studies a review includes ("searched for meta-analyses").
PLURAL_OWN_DESIGNS = frozenset({CONCEPT["design/qualitative"], CONCEPT["design/mixed-methods"],
                                CONCEPT["design/participatory-research"],
                                CONCEPT["design/cross-sectional-survey"]})
# How many words an outcome may stand after the "with" of a population phrase.
POPULATION_REACH = 6
# Nouns after an outcome word that make it the name of an intervention: "a Healthy Lifestyle Intervention",
# "a self-management programme".
INTERVENTION_NOUNS = frozenset({"intervention", "program", "course", "curriculum", "workshop", "initiative",
                                "model", "app", "toolkit", "package", "service", "group", "approach", "training",
                                "site", "visit"})
# Phrases before an outcome word that say who people are, not what changed: "lived experience of
# mental health challenges and service use", "their recovery from substance use".
POPULATION_BEFORE = (("experience", "of"), ("recovery", "from"), ("recovering", "from"), ("history", "of"),
                     ("diagnosis", "of"), ("diagnosed", "with"), ("living", "with"))


def extract_study(work: Work) -> StudyContent:
    """Designs, participant groups, ages, settings, roles, outcomes and findings of one work."""
    lex = lexicon()
    parts = sentences(work)
    contexts = classify(parts)
    acronyms = learn_acronyms(parts, lex)
    matched = [find_matches(s, lex, acronyms) for s in parts]

    designs = _first_mentions((s, m) for s, c, ms in zip(parts, contexts, matched, strict=True)
                              for m in ms if m.scheme == DESIGN and _own_design(m, c))
    designs = [d for d in designs if not _has_narrower(d.concept, designs, lex)]
    # A pilot that is randomised is a (pilot) RCT, and the feasibility concept is for the others.
    if any(d.concept == CONCEPT["design/rct"] for d in designs):
        designs = [d for d in designs if d.concept != CONCEPT["design/feasibility-study"]]
    outcomes = _first_mentions((s, m) for s, ms in zip(parts, matched, strict=True)
                               for m in ms if m.scheme == OUTCOME and not describes_population(s, m, ms))
    groups = _groups(parts, matched)
    barriers = any(t.norm == "barrier" for s in parts for t in s.tokens)
    roles = _first_mentions((s, m) for s, ms in zip(parts, matched, strict=True)
                            for m in ms if m.scheme == ROLE and not (barriers and _bare_facilitator(s, m)))
    settings, seen_places = [], set()
    for sentence in parts:
        for setting in sentence_settings(sentence):
            if setting.name not in seen_places:
                seen_places.add(setting.name)
                settings.append(setting)
    ages = [a for s in parts for a in age_ranges(s)]
    return StudyContent(
        designs=tuple(designs),
        participant_groups=tuple(groups),
        age_ranges=tuple(ages),
        settings=tuple(settings),
        roles=tuple(roles),
        outcomes=tuple(outcomes),
        findings=tuple(with_populations(_findings(work, parts, contexts, matched, lex),
                                        {(s.field, s.start): (s, ms) for s, ms in zip(parts, matched, strict=True)},
                                        roles, lex)),
        role_functions=tuple(role_functions(roles, parts, matched, lex)),
    )


def _has_narrower(concept: URIRef, mentions: list[ConceptMention], lex: Lexicon) -> bool:
    """True when a more specific concept is also mentioned (a "systematic review" is not also a "review")."""
    return any(concept in lex.broader.get(m.concept, ()) for m in mentions)


def describes_population(sentence: Sentence, match: Match, matches: list[Match]) -> bool:
    """True when an outcome word names whom a study is about ("youth with ... substance use challenges",
    "lived experience of ... service use") or names an intervention ("Healthy Lifestyle Intervention")."""
    tokens = sentence.tokens
    after = next((t for t in tokens[match.last + 1:] if t.norm), None)
    if after is not None and after.norm in INTERVENTION_NOUNS:
        return True
    if _after_population_phrase(sentence, match):
        return True
    role_ends = {m.last for m in matches if m.scheme == ROLE}
    words = 0
    for i in range(match.first - 1, -1, -1):
        token = tokens[i]
        if token.norm == "with":
            j = i - 1
            if j >= 0 and tokens[j].text == ")":  # "youth (14–26 years old) with ..."
                while j > 0 and tokens[j].text != "(":
                    j -= 1
                j -= 1
            return j >= 0 and (j in role_ends or tokens[j].norm in PERSON_NOUNS)
        if token.word:
            words += 1
        elif token.norm not in {",", "/", ""}:
            return False
        if words > POPULATION_REACH:
            return False
    return False


def _bare_facilitator(sentence: Sentence, match: Match) -> bool:
    """"Facilitators" alone, in a text about barriers, are things that help, not peer facilitators."""
    return match.first == match.last and sentence.tokens[match.first].norm == "facilitator"


def _after_population_phrase(sentence: Sentence, match: Match) -> bool:
    """True when the outcome (or a list it ends) follows "experience of", "recovery from" and the like."""
    words = [t.norm for t in sentence.tokens[:match.first] if t.word]
    # Walk back over a coordinated list: "experience of mental health challenges and service use".
    for i in range(len(words) - 1, max(-1, len(words) - 1 - POPULATION_REACH), -1):
        if i >= 1 and (words[i - 1], words[i]) in POPULATION_BEFORE:
            return True
    return False


def _own_design(match: Match, context: SentenceContext) -> bool:
    if not context.states_own_design:
        return False
    return not match.plural or match.concept in PLURAL_OWN_DESIGNS


def _first_mentions(pairs: Iterable[tuple[Sentence, Match]]) -> list[ConceptMention]:
    seen: set[URIRef] = set()
    mentions = []
    for sentence, match in pairs:
        if match.concept not in seen:
            seen.add(match.concept)
            mentions.append(ConceptMention(match.concept, sentence.span(match.start, match.end)))
    return mentions


def _groups(parts: list[Sentence], matched: list[list[Match]]) -> list[ParticipantGroup]:
    groups: list[ParticipantGroup] = []
    seen: set[tuple[int, str, URIRef | None]] = set()
    for sentence, matches in zip(parts, matched, strict=True):
        found = participant_groups(sentence, matches)
        ages = age_ranges(sentence)
        for group in found:
            key = (group.size, group.unit, group.role)
            if key in seen:
                continue
            seen.add(key)
            if len(ages) == 1 and len(found) == 1:
                group = ParticipantGroup(group.size, group.unit, group.role, group.span,
                                         ages[0].min_age, ages[0].max_age)
            groups.append(group)
    return groups


def _findings(work: Work, parts: list[Sentence], contexts: list[SentenceContext],
              matched: list[list[Match]], lex: Lexicon) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[URIRef, URIRef]] = set()
    for sentence, context, matches in zip(parts, contexts, matched, strict=True):
        if not context.states_result:
            continue
        outcome_matches = [m for m in matches if m.scheme == OUTCOME
                           and not describes_population(sentence, m, matches)]
        if not outcome_matches:
            continue
        for finding in sentence_findings(sentence, outcome_matches, field_text(work, sentence.field), lex):
            key = (finding.outcome, finding.direction)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    # An outcome named only as affected ("effects on hope") adds nothing once a sentence says which way.
    decided = {f.outcome for f in findings if f.direction != PSK.Unclear}
    return [f for f in findings if f.direction != PSK.Unclear or f.outcome not in decided]
