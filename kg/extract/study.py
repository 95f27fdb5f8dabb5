"""extract_study: one work's title, abstract and keywords in, its StudyContent out."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import replace

from rdflib import URIRef

from kg.extract import reader
from kg.extract.ages import age_ranges
from kg.extract.comparators import with_comparators
from kg.extract.context import Part, SentenceContext, classify
from kg.extract.counts import NUMBER
from kg.extract.findings import sentence_findings
from kg.extract.lexicon import DESIGN, MEASURE_NOUNS, OUTCOME, ROLE, Lexicon, lexicon
from kg.extract.matcher import Match, find_matches, learn_acronyms
from kg.extract.model import ABSTRACT, TITLE, ConceptMention, Finding, ParticipantGroup, StudyContent
from kg.extract.paraphrase import with_read_outcomes
from kg.extract.participants import PARTICIPANTS, PERSON_NOUNS, names_people, participant_groups, short_forms
from kg.extract.places import sentence_settings
from kg.extract.populations import role_functions, with_populations
from kg.extract.reader import Candidate, Mention, candidates, read_findings, shipped_weights
from kg.extract.result_sentences import (
    change_between,
    hedged_change,
    mixed_without_outcome,
    no_difference_overall,
    trend,
)
from kg.extract.roles import clause_roles, peer_agents
from kg.extract.text import Sentence, Token, field_text, sentences
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
                                "site", "visit", "prevention", "history", "disorder",
                                # a thing the outcome word only qualifies: "recovery stories", "recovery principles"
                                "story", "stories", "narrative", "narratives", "principle", "principles", "movement",
                                "college", "colleges", "paradigm", "philosophy", "ethos", "values"})
# Words a count names its people by without saying who they are.
GENERIC_HEADS = frozenset({"participant", "participants", "people", "person", "persons", "individual", "individuals",
                           "respondent", "respondents", "response", "responses", "subject", "subjects", "adult",
                           "adults", "completer", "completers", "interviewee", "interviewees", "informant",
                           "informants", "sample", "women", "men"})
# How many words after a count its head may stand: "29 adult participants".
GENERIC_REACH = 4
STAFF_ROLES = frozenset(CONCEPT[f"role/{r}"] for r in ("mental-health-staff", "stakeholder", "commissioner"))
# Phrases before an outcome word that say who people are, not what changed: "lived experience of
# mental health challenges and service use", "their recovery from substance use".
# Nouns of change right after an outcome, which make it a result: "symptom reduction", "hope gains".
CHANGE_NOUN = re.compile(r"(?:reduction|improvement|gain|decline|deterioration|worsening)s?")
# Words before "groups" that make them the arms compared, not a group for a condition: "between groups for depression".
COMPARED_GROUPS = frozenset({"between", "across", "among", "both", "by", "two", "all",
                             # an arm named by its condition: "in favour of the intervention group for anxiety"
                             "intervention", "control", "experimental", "treatment", "comparison"})
POPULATION_BEFORE = (("experience", "of"), ("recovery", "from"), ("recovering", "from"), ("history", "of"),
                     ("diagnosis", "of"), ("diagnosed", "with"), ("living", "with"),
                     # what a service is for: "peer support for depression", "an intervention for substance use"
                     ("support", "for"), ("intervention", "for"), ("program", "for"), ("service", "for"),
                     ("treatment", "for"), ("group", "for"), ("course", "for"),
                     # a subgroup: "among peer specialists who received regular supervision"
                     ("who", "received"), ("who", "had"), ("who", "receive"), ("who", "have"),
                     # what an intervention teaches: "training in mental illness self-management"
                     ("training", "in"), ("training", "on"), ("education", "on"), ("education", "about"))


def extract_study(work: Work) -> StudyContent:
    """Designs, participant groups, ages, settings, roles, outcomes and findings of one work."""
    lex = lexicon()
    parts = sentences(work)
    contexts = classify(parts)
    acronyms = learn_acronyms(parts, lex)
    labelled = [_with_roles(s, ms, peer_agents) for s, ms in zip(parts, with_read_outcomes(
        parts, contexts, [find_matches(s, lex, acronyms) for s in parts]), strict=True)]
    # roles named by a clause ("individuals who received the services") are roles of the study, but a count of
    # such people names them by its noun ("89 individuals who used ..."), which gives its group no role
    matched = [_with_roles(s, ms, clause_roles) for s, ms in zip(parts, labelled, strict=True)]

    own = [(s, _unrandomised(s, m)) for s, c, ms in zip(parts, contexts, matched, strict=True)
           for m in ms if m.scheme == DESIGN and _own_design(m, c, s)]
    own += _drawn_from_data(parts, contexts, matched) + _planned(parts, contexts, own)
    designs = _first_mentions(own)
    designs = [d for d in designs if not _has_narrower(d.concept, designs, lex)]
    designs = settle_designs(designs + _measured_before_and_after(designs, parts, contexts, lex)
                             + _assessed_feasibility(designs, parts, contexts), lex,
                             {(s.field, m.start) for s, m in own if _gathering(s, m)})
    outcomes = _first_mentions((s, m) for s, ms in zip(parts, matched, strict=True)
                               for m in ms if m.scheme == OUTCOME and not describes_population(s, m, ms))
    groups = _groups(parts, labelled)
    barriers = any(t.norm == "barrier" for s in parts for t in s.tokens)
    roles = _first_mentions((s, m) for s, ms in zip(parts, matched, strict=True)
                            for m in ms if m.scheme == ROLE and not (barriers and _bare_facilitator(s, m)))
    # a counted group names its people, by a role's label or by a noun a count names the role by ("four
    # professionals", "54 consumers")
    named = {m.concept for m in roles}
    for group in groups:
        if group.role is not None and group.role not in named:
            named.add(group.role)
            roles.append(ConceptMention(group.role, group.span))
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
        findings=tuple(_shared_population(with_populations(
            _findings(work, parts, contexts, matched, lex, {d.concept for d in designs}),
            {(s.field, s.start): (s, ms) for s, ms in zip(parts, matched, strict=True)}, roles, lex),
            {(s.field, s.start) for s, ms in zip(parts, matched, strict=True)
             if any(m.scheme == OUTCOME for m in ms)})),
        role_functions=tuple(role_functions(roles, parts, matched, lex)),
    )


def _with_roles(sentence: Sentence, matches: list[Match],
                read: Callable[[Sentence, list[Match]], list[Match]]) -> list[Match]:
    """A sentence's matches with the roles read adds, in the order of the text."""
    return sorted([*matches, *read(sentence, matches)], key=lambda m: (m.start, m.end, str(m.concept)))


REVIEW = CONCEPT["design/review"]
LITERATURE_REVIEW = CONCEPT["design/literature-review"]
SYSTEMATIC_REVIEW = CONCEPT["design/systematic-review"]
# Reviews with a method of their own, beside which a "narrative review" names only how results were summed up.
SYSTEMATIC_REVIEWS = frozenset(CONCEPT[f"design/{d}"] for d in (
    "systematic-review", "scoping-review", "meta-analysis", "umbrella-review", "realist-synthesis"))
TRAINING = CONCEPT["outcome/training"]
PEER_ROLES = frozenset(CONCEPT[f"role/{r}"] for r in (
    "peer-support-worker", "peer-specialist", "peer-navigator", "peer-mentor", "peer-facilitator", "consumer-provider",
    "peer-recovery-coach", "peer-counsellor", "peer-educator", "peer-researcher", "lived-experience"))
# Designs named by how data were gathered ("interviews", "an online survey"): the study's design only when
# nothing more specific says what the study is.
GATHERING_WORDS = frozenset({"interview", "interviewed", "focus", "group", "survey", "surveyed", "questionnaire"})
GATHERING_DESIGNS = frozenset({CONCEPT["design/qualitative"], CONCEPT["design/cross-sectional-survey"]})
# Designs that say what a study is, beside which the gathering words are only methods (a mixed-methods
# study's interviews and survey are its parts).
FRAMING_DESIGNS = frozenset(CONCEPT[f"design/{d}"] for d in (
    "rct", "quasi-experimental", "pre-post", "cohort", "feasibility-study", "process-evaluation",
    "secondary-analysis", "case-study", "quality-improvement", "realist-synthesis", "programme-evaluation",
    "mixed-methods"))
# Words of a way of analysing data, which beside a framing design is a part of its methods: "thematic analysis".
ANALYSIS_WORDS = frozenset({"qualitative", "quantitative", "thematic", "reflexive", "framework", "content"})
# Measurements of the same people before and after an intervention. Matches "pre- and postintervention", "before
# and after the programme", "at baseline and one month after the intervention"
BEFORE_AND_AFTER = re.compile(r"""
    \bpre[-\s]*(?:and|/|to)\s*post[-\s]*(?:intervention|test|treatment|program(?:me)?|course|training)
    | \bbefore\s+and\s+after\s+(?:(?:the|a|an|their|each)\s+)?(?:[\w-]+\s+){0,3}?(?:intervention|program(?:me)?|course
        |training|attending|participation|completing|group|sessions?|workshops?|module|curriculum)\b
    | \bat\s+baseline\s+and\s+(?:at\s+)?(?:[\w-]+\s+){0,3}(?:months?|weeks?|days?)\s+(?:after|post|later|following)
    | \bat\s+baseline\s+and\s+(?:at\s+)?(?:the\s+)?(?:end|completion)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?
        (?:intervention|program(?:me)?|course|training|group|sessions|workshop)\b
    """, re.VERBOSE | re.IGNORECASE)
# Words that say something was measured, which a before-and-after comparison of measures needs (perceptions
# "before and after a peer-led intervention" gathered in interviews are no pre-post design).
MEASURED = re.compile(r"\b(?:measure[sd]?|measurements?|scores?|scored|questionnaires?|surveys?|scales?"
                      r"|assess(?:ed|ments?)?|completed|rated|ratings?|levels?|outcomes?|tested)\b", re.IGNORECASE)
# Nouns after a design word that make it a part of the study's methods: "qualitative analysis", "survey design".
COMPONENT_NOUNS = frozenset({"analysis", "data", "evaluation", "component", "strand", "phase", "method",
                             "response", "question", "design", "interview", "item", "comment", "feedback"})
# Designs of empirical studies, which a review's text names for the studies it includes.
EMPIRICAL_DESIGNS = frozenset(CONCEPT[f"design/{d}"] for d in (
    "rct", "quasi-experimental", "pre-post", "cohort", "cross-sectional-survey", "qualitative", "mixed-methods",
    "feasibility-study", "case-study", "secondary-analysis", "quality-improvement", "realist-evaluation",
    "process-evaluation", "programme-evaluation"))
# Designs that say how a programme was evaluated, beside which "an evaluation of the program" adds nothing.
EXPERIMENTAL_DESIGNS = frozenset(CONCEPT[f"design/{d}"] for d in ("rct", "quasi-experimental", "pre-post", "cohort"))
# A design that contains another study's: a process evaluation or secondary analysis of a trial.
CONTAINERS = frozenset({CONCEPT["design/process-evaluation"], CONCEPT["design/secondary-analysis"]})


def settle_designs(designs: list[ConceptMention], lex: Lexicon,
                   gathering: set[tuple[str, int]] | None = None) -> list[ConceptMention]:
    """The study's own designs among those named: a review's included designs, the trial a process
    evaluation accompanies, and designs named only by how data were gathered or analysed ("semi-structured
    interviews", "qualitative analysis of responses", mentions at the field offsets in gathering) beside a
    design that frames the study are dropped."""
    concepts = {d.concept for d in designs}
    if LITERATURE_REVIEW in concepts and any(d.concept == SYSTEMATIC_REVIEW and "search" in d.span.text.casefold()
                                             for d in designs) and not concepts & (SYSTEMATIC_REVIEWS - {
                                                 SYSTEMATIC_REVIEW}):
        # "a comprehensive narrative review ... used a systematic search strategy": how a narrative review searched
        designs = [d for d in designs if d.concept != SYSTEMATIC_REVIEW]
        concepts.discard(SYSTEMATIC_REVIEW)
    if concepts & SYSTEMATIC_REVIEWS:  # "synthesised in a narrative review" is how a systematic review sums up
        designs = [d for d in designs if d.concept != LITERATURE_REVIEW]
    if concepts & (SYSTEMATIC_REVIEWS - {SYSTEMATIC_REVIEW, CONCEPT["design/meta-analysis"]}):
        # "a systematic search ... for this scoping review": how another kind of review searched
        designs = [d for d in designs if not (d.concept == SYSTEMATIC_REVIEW and "search" in d.span.text.casefold())]
    if any(c == REVIEW or REVIEW in lex.broader.get(c, ()) for c in concepts):
        # A review's own design is a review; trials and surveys it names are the included studies'.
        return [d for d in designs if d.concept == REVIEW or REVIEW in lex.broader.get(d.concept, ())
                or d.concept not in EMPIRICAL_DESIGNS]
    if concepts & CONTAINERS:
        designs = [d for d in designs if d.concept not in {CONCEPT["design/rct"], CONCEPT["design/meta-analysis"]}]
    if concepts & EXPERIMENTAL_DESIGNS:  # "an evaluation of the program using a pre-post design" is a pre-post study
        designs = [d for d in designs if d.concept != CONCEPT["design/programme-evaluation"]]
    if CONCEPT["design/rct"] in concepts:  # a randomised pilot is a (pilot) RCT
        designs = [d for d in designs if d.concept != CONCEPT["design/feasibility-study"]]
    if concepts & FRAMING_DESIGNS:
        designs = [d for d in designs if d.concept not in GATHERING_DESIGNS
                   or (d.span.field, d.span.start) not in (gathering or set())]
    return designs


QUASI = CONCEPT["design/quasi-experimental"]
RCT = CONCEPT["design/rct"]
PROTOCOL = CONCEPT["design/protocol"]
SECONDARY = CONCEPT["design/secondary-analysis"]
# A word of randomisation denied just before a design word. Matches the "non-" of "non-randomised design", the
# "not " of "were not randomised"
DENIED = re.compile(r"(?:\bnon[-\s‐]?|\bnot\s+|\bwithout\s+|\bquasi[-\s‐]?)$", re.IGNORECASE)
# Data of another study that this one analyses again. Matches "data from the", "using data collected in a",
# "re-analysed data of"
FROM_DATA = re.compile(r"\b(?:data\s+(?:were\s+|was\s+)?(?:from|of|collected\s+(?:in|during|for))"
                       r"|(?:re-?analy[sz]ed|re-?analysis\s+of)|(?:dataset|data\s+set)\s+(?:from|of))"
                       r"\s+(?:(?:the|a|an|two|three|one|our|\w+'s)\s+)?(?:[\w-]+\s+){0,4}$", re.IGNORECASE)
# The study's own methods told in the future tense, as a protocol tells them. Matches "will be randomised",
# "We will recruit", "will be assessed"
PLANNED = re.compile(r"""\b(?:will\s+be\s+(?:randomly\s+)?(?:randomi[sz]ed|recruited|enrolled|allocated|assigned
      |assessed|measured|collected|conducted|interviewed|analy[sz]ed|evaluated|invited|followed|delivered|offered)
    |we\s+will\s+(?:recruit|randomi[sz]e|enrol|enroll|conduct|assess|compare|evaluate|interview|analy[sz]e|examine
      |test|measure|collect|use|undertake|carry\ out|explore|investigate)
    |(?:participants|patients|women|mothers|veterans|adults|people|individuals)\s+will\s+(?:receive|be\ offered
      |complete|be\ asked|participate|take\ part))\b""", re.VERBOSE | re.IGNORECASE)
# How many sentences of the study's own methods must be told in the future tense to make the paper a protocol.
PLANNED_SENTENCES = 1
# What only a protocol says of itself, results or not. Matches "describes the rationale and design", "the design of
# a randomised trial", "Recruitment is ongoing", "results are expected in 2025", "We hypothesise that"
PROTOCOL_STATEMENT = re.compile(r"""\b(?:(?:describes?|outlines?|presents?|reports?)\s+(?:the\s+)?(?:study\s+|trial\s+)?
      (?:rationale|design|protocol)\b|rationale\s+and\s+(?:study\s+)?design
    |(?:design|protocol)\s+(?:of|for)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?(?:trial|study|evaluation)
    |recruitment\s+(?:is|was)\s+(?:ongoing|under\s*way|in\s+progress)
    |(?:began|started)\s+in\s+\w+(?:\s+\d{4})?\s+and\s+is\s+ongoing|(?:results|findings)\s+(?:are|will\s+be)\s+expected
    |we\s+hypothesi[sz]e)""", re.VERBOSE | re.IGNORECASE)
FEASIBILITY = CONCEPT["design/feasibility-study"]
# Parts of an abstract where a study says what it did.
OWN_PARTS = frozenset({Part.AIM, Part.METHODS, Part.OTHER})
# The feasibility of what a study studies as what it assessed. Matches "Feasibility of" opening a title, "to examine
# the feasibility for", "We assessed ..., and the program's feasibility", "feasibility and sustainability were
# assessed"; not "which tested the feasibility of" (another study's), not "was not feasible".
FEASIBILITY_ASSESSED = re.compile(r"""^feasibility\s+of\b
    |(?<!which\ )(?<!that\ )\b(?:examine[ds]?|evaluated?|evaluates|test(?:ed|s)?|assess(?:ed|es)?|investigated?
      |explored?|determined?|established?)\b[^.;:]{0,100}?\bfeasibility\b
    |\bfeasibility\b[^.;:]{0,60}?\b(?:was|were)\s+(?:assessed|evaluated|examined|measured|explored)\b""",
                                  re.VERBOSE | re.IGNORECASE)
# The word "feasibility" in what FEASIBILITY_ASSESSED matched.
FEASIBILITY_WORD = re.compile(r"feasibility", re.IGNORECASE)
# Headings under which only protocols tell their methods: "Methods/design", "Methods and analysis" with "Ethics and
# dissemination".
PROTOCOL_HEADINGS = frozenset({"methods/design", "method/design", "methods and design", "ethics and dissemination",
                               "methods and analysis"})


def _unrandomised(sentence: Sentence, match: Match) -> Match:
    """A randomised design denied is a quasi-experimental one: "a non-randomised design", "participants were not
    randomised"."""
    if match.concept == RCT and DENIED.search(sentence.text[:match.start - sentence.start]):
        return replace(match, concept=QUASI)
    return match


def _drawn_from_data(parts: list[Sentence], contexts: list[SentenceContext],
                     matched: list[list[Match]]) -> list[tuple[Sentence, Match]]:
    """A secondary analysis, when the study's own methods analyse the data of another study: "We analysed data
    from the ENRICH randomised controlled trial" (the trial itself is then another study's design)."""
    for sentence, context, matches in zip(parts, contexts, matched, strict=True):
        if sentence.field != ABSTRACT or not context.states_own_design:
            continue
        for m in matches:
            if m.scheme == DESIGN and m.concept in EXPERIMENTAL_DESIGNS and FROM_DATA.search(
                    sentence.text[:m.start - sentence.start]):
                return [(sentence, replace(m, concept=SECONDARY))]
    return []


def _planned(parts: list[Sentence], contexts: list[SentenceContext],
             own: list[tuple[Sentence, Match]]) -> list[tuple[Sentence, Match]]:
    """A protocol, when the study's own methods are told in the future tense and no sentence reports a result:
    "Two hundred adults will be randomised", "We will recruit 120 mothers"."""
    if any(m.concept == PROTOCOL for _, m in own):
        return []
    stated = [(s, m) for s, c in zip(parts, contexts, strict=True)
              if s.field in (ABSTRACT, TITLE) and c.part != Part.BACKGROUND and not c.prior_work
              and (m := PROTOCOL_STATEMENT.search(s.text))]
    headed = [(s, m) for s in parts if s.field == ABSTRACT and s.section.casefold().rstrip(": ") in PROTOCOL_HEADINGS
              and (m := re.search(r"\S+(?:\s+\S+)?", s.text))]
    reports = any(c.part == Part.RESULTS for s, c in zip(parts, contexts, strict=True) if s.field == ABSTRACT)
    planned = [] if reports else [
        (s, m) for s, c in zip(parts, contexts, strict=True)
        if s.field == ABSTRACT and c.part not in (Part.BACKGROUND, Part.IMPLICATIONS, Part.CONCLUSIONS)
        and not c.prior_work and (m := PLANNED.search(s.text))]
    if len(planned) < PLANNED_SENTENCES:
        planned = []
    found_in = stated or headed or planned
    if not found_in:
        return []
    sentence, found = found_in[0]
    first = _token_index(sentence, sentence.start + found.start())
    last = max(first, _token_index(sentence, sentence.start + found.end()) - 1)
    return [(sentence, Match(PROTOCOL, DESIGN, first, last, sentence.start + found.start(),
                             sentence.start + found.end(), False))]


def _assessed_feasibility(designs: list[ConceptMention], parts: list[Sentence],
                          contexts: list[SentenceContext]) -> list[ConceptMention]:
    """A feasibility study, when a study that names no design framing it and is no review says it assessed the
    feasibility of what it studies: a title that opens "Feasibility of", an aim "to examine the feasibility
    for developing ...", methods that "assessed ... the program's feasibility and acceptability"."""
    concepts = {d.concept for d in designs}
    if concepts & (FRAMING_DESIGNS | {FEASIBILITY, CONCEPT["design/pre-post"], CONCEPT["design/protocol"]}) or any(
            c == REVIEW or REVIEW in lexicon().broader.get(c, ()) for c in concepts):
        return []
    for sentence, context in zip(parts, contexts, strict=True):
        own = sentence.field == TITLE or (sentence.field == ABSTRACT and context.part in OWN_PARTS
                                          and not context.prior_work)
        found = FEASIBILITY_ASSESSED.search(sentence.text) if own else None
        word = FEASIBILITY_WORD.search(sentence.text, found.start()) if found is not None else None
        if word is not None:
            return [ConceptMention(FEASIBILITY, sentence.span(sentence.start + word.start(),
                                                              sentence.start + word.end()))]
    return []


def _token_index(sentence: Sentence, offset: int) -> int:
    return next((i for i, t in enumerate(sentence.tokens) if t.start >= offset), len(sentence.tokens))


def _measured_before_and_after(designs: list[ConceptMention], parts: list[Sentence],
                               contexts: list[SentenceContext], lex: Lexicon) -> list[ConceptMention]:
    """A pre-post design, when a study that names no design framing it measured its participants before and
    after ("completed interviews at baseline and one month after the intervention", "pre- and postintervention
    scores"); nothing when it names one (a trial also measures at baseline) or is a review."""
    concepts = {d.concept for d in designs}
    if concepts & (FRAMING_DESIGNS | {CONCEPT["design/pre-post"]}) or any(
            c == REVIEW or REVIEW in lex.broader.get(c, ()) for c in concepts):
        return []
    for sentence, context in zip(parts, contexts, strict=True):
        if sentence.field != ABSTRACT or context.part in (Part.BACKGROUND, Part.IMPLICATIONS) or context.prior_work:
            continue
        m = BEFORE_AND_AFTER.search(sentence.text)
        if m and MEASURED.search(sentence.text):
            return [ConceptMention(CONCEPT["design/pre-post"],
                                   sentence.span(sentence.start + m.start(), sentence.start + m.end()))]
    return []


def _gathering(sentence: Sentence, match: Match) -> bool:
    """True when a design is named only by how data were gathered or analysed: "semi-structured interviews",
    "an online survey design", "qualitative analysis of responses", "for qualitative evaluation"."""
    if sentence.field != ABSTRACT:
        return False
    words = {t.norm for t in sentence.tokens[match.first:match.last + 1] if t.norm}
    after = next((t.norm for t in sentence.tokens[match.last + 1:] if t.norm), "")
    plain = GATHERING_WORDS | {"semi", "structured", "semistructured", "online", "postal", "in", "depth",
                               "telephone", "were", "was", "web", "based", "discussion", "individual"}
    if words <= plain or (match.first == match.last and after in COMPONENT_NOUNS):
        return True
    return len(words) > 1 and words <= plain | COMPONENT_NOUNS | ANALYSIS_WORDS


def _has_narrower(concept: URIRef, mentions: list[ConceptMention], lex: Lexicon) -> bool:
    """True when a more specific concept is also mentioned (a "systematic review" is not also a "review")."""
    return any(concept in lex.broader.get(m.concept, ()) for m in mentions)


# Verbs that give something to people: "providing peer workers with training" names what they get.
GIVING_VERBS = frozenset({"provide", "providing", "provided", "provides", "equip", "equipping", "equipped", "supply",
                          "supplying", "offer", "offering"})


def _given_to(tokens: tuple[Token, ...], matches: list[Match], end: int) -> bool:
    """True when the people ending at token end are the object of a verb of giving ("providing PSWs with")."""
    first = min((m.first for m in matches if m.scheme == ROLE and m.last == end), default=end)
    before = next((t for t in reversed(tokens[:first]) if t.norm and t.norm not in ("the", "their", "all")), None)
    return before is not None and before.norm in GIVING_VERBS


def describes_population(sentence: Sentence, match: Match, matches: list[Match]) -> bool:
    """True when an outcome word names whom a study is about ("youth with ... substance use challenges",
    "lived experience of ... service use") or names an intervention ("Healthy Lifestyle Intervention")."""
    tokens = sentence.tokens
    after = next((t for t in tokens[match.last + 1:] if t.norm), None)
    if after is not None and after.norm in INTERVENTION_NOUNS:
        return True
    # "the engagement of mental health workers": an outcome of the staff, not of the people supported
    if after is not None and after.norm == "of" and any(
            m.scheme == ROLE and m.concept in STAFF_ROLES and 0 < m.first - match.last <= 3 for m in matches):
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
            return j >= 0 and (j in role_ends or tokens[j].norm in PERSON_NOUNS) and not _given_to(tokens, matches, j)
        if token.word:
            words += 1
        elif token.norm not in {",", "/", ""}:
            return False
        if words > POPULATION_REACH:
            return False
    return False


def _training_of_others(match: Match, matches: list[Match]) -> bool:
    """Training is a peer-workforce outcome only beside the peers it trains; "self-management training"
    given to service users is the intervention."""
    return match.concept == TRAINING and not any(m.scheme == ROLE and m.concept in PEER_ROLES for m in matches)


def _bare_facilitator(sentence: Sentence, match: Match) -> bool:
    """"Facilitators" alone, in a text about barriers, are things that help, not peer facilitators."""
    return match.first == match.last and sentence.tokens[match.first].norm == "facilitator"


def _after_population_phrase(sentence: Sentence, match: Match) -> bool:
    """True when the outcome (or a list it ends) follows "experience of", "recovery from" and the like."""
    at = [i for i, t in enumerate(sentence.tokens[:match.first]) if t.word]
    words = [sentence.tokens[i].norm for i in at]
    # Walk back over a coordinated list: "experience of mental health challenges and service use"; a list of
    # measures is no population ("recovery from depression, levels of disability and social support").
    if sentence.tokens[match.first].norm in MEASURE_NOUNS:
        return False
    for i in range(len(words) - 1, max(-1, len(words) - 1 - POPULATION_REACH), -1):
        if words[i] in MEASURE_NOUNS:
            return False
        if i >= 1 and (words[i - 1], words[i]) in POPULATION_BEFORE and not (
                words[i - 1] == "group" and i >= 2 and words[i - 2] in COMPARED_GROUPS):
            # A change word between, or right after, says what happened to the outcome: "support for improving
            # engagement", "superior to peer support for symptom reduction".
            following = next((t.norm for t in sentence.tokens[match.last + 1:] if t.word), "")
            return not change_between(sentence, at[i], match.first) and not CHANGE_NOUN.fullmatch(following)
    return False


def _own_design(match: Match, context: SentenceContext, sentence: Sentence) -> bool:
    if not context.states_own_design:
        return False
    tokens = sentence.tokens
    before = [t.text.casefold() for t in tokens[max(0, match.first - 6):match.first]]
    # "from the group facilitators' point of view" is a perspective, not the article type.
    if sentence.field == ABSTRACT and match.concept == CONCEPT["design/viewpoint"] and before and (
            before[-1] in {"of", "from", "'", "’", "s", "their", "his", "her", "our", "whose"}):
        return False
    words = {t.norm for t in tokens[match.first:match.last + 1]}
    if sentence.field == ABSTRACT and _another_study(before, tokens[match.last + 1:match.last + 6], match, words):
        return False
    return not match.plural or match.concept in PLURAL_OWN_DESIGNS


def _another_study(before: list[str], after: tuple[Token, ...], match: Match, words: set[str]) -> bool:
    """True when a design word names another study or something else than the study's design: the trial a
    sample was "drawn from" or a service was delivered "as part of", "a common assessment protocol", an
    intervention "co-produced" with its users."""
    text = " ".join(before)
    if ANOTHER_STUDY.search(text) and not SELF_PART.search(text):
        return True
    if match.concept == CONCEPT["design/protocol"] and before and before[-1] in NOT_A_STUDY_PROTOCOL:
        return True
    return match.concept == CONCEPT["design/participatory-research"] and bool(CO_WORDS & set(words)) and any(
        t.norm in MADE_THINGS for t in after[:5])


# Words before a design that make it another study's, or what informed the study. Matches "drawn from a larger
# multisite", "as part of a", "nested within the", "the parent", "the control arm of a", "Guided by a"
ANOTHER_STUDY = re.compile(r"""\b(?:drawn\ from|recruited\ from|part\ of|nested\ (?:in|within)|embedded\ (?:in|within)
                           |larger|parent|ongoing|alongside|previous|prior|earlier|arms?\ of
                           |participants\ (?:in|of|from)|informed\ by|based\ on|drawing\ on|guided\ by|derived\ from
                           |identified\ (?:in|through|by))
                           \b(?:\ \S+){0,3}$""", re.VERBOSE)
# The study itself as part of a larger one, which is then its own design too: "This study is part of a
# mixed-methods evaluation".
SELF_PART = re.compile(r"\b(?:this|the\ present|our)\ (?:study|paper|article|work|analysis)\ (?:is|was|forms)"
                       r"\ part\ of")
# The words of co-production, which may name how an intervention was made rather than how it was studied.
CO_WORDS = frozenset({"co", "coproduced", "coproduction", "codesigned", "codesign"})
# Words before "protocol" that name a procedure, not a protocol paper: "a common assessment protocol".
NOT_A_STUDY_PROTOCOL = frozenset({"assessment", "treatment", "interview", "intervention", "common", "standardized",
                                  "standardised", "clinical", "care", "safety", "training", "screening", "data",
                                  "measurement", "observation", "coding", "follow-up", "session"})
# What a co-production makes when it is not the research: "co-produced a digital intervention", "co-produced
# training needs", "co-designed courses".
MADE_THINGS = frozenset({"intervention", "training", "resource", "tool", "course", "app", "program", "material",
                         "service", "need", "curriculum", "toolkit", "package", "guide", "website", "content",
                         "session", "workshop", "module"})


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
    forms = short_forms(parts, matched)
    studied = _studied_role(parts, matched)
    for sentence, matches in zip(parts, matched, strict=True):
        found = participant_groups(sentence, matches, forms)
        if studied is not None and not {g.role for g in found} - {None, studied}:
            # counts in general words are of the study's one population, unless the sentence counts other
            # groups beside them ("Among the 74 participants, 40 were peer workers")
            found = [replace(g, role=studied) if g.role is None and g.unit == PARTICIPANTS
                     and _generic_head(sentence, g) else g for g in found]
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


def _generic_head(sentence: Sentence, group: ParticipantGroup) -> bool:
    """True when a count names its people only in general words ("29 participants", "Four hundred and seven
    respondents") or by none ("a total of 96 took part", "of whom 38 were randomised"), not by a noun that
    says who they are ("47 volunteers", "12 mothers")."""
    words = re.findall(r"[a-z]+", group.span.text.casefold())
    if words and NUMBER.fullmatch(group.span.text) is None:
        return words[-1] in GENERIC_HEADS  # the span ends with its head
    after = [t for t in sentence.tokens if t.start >= group.span.end and t.norm][:GENERIC_REACH]
    for token in after:
        if not token.word:
            return True
        if token.text.casefold() in GENERIC_HEADS or token.norm in GENERIC_HEADS:
            return True
        if token.norm in PERSON_NOUNS or token.plural:
            return False
    return True


def _studied_role(parts: list[Sentence], matched: list[list[Match]]) -> URIRef | None:
    """The one role a study is about, as its title names it: of the roles the title names, those who receive
    or are asked about peer support rather than the peers who give it, when one remains ("Survey of Peer
    Support Specialists", "Peer recovery coaches and emergency department use in patients with substance use
    disorders"); for a work without a role in its title, the one group its abstract names besides peers and
    staff; None when there are none or several. A role that names an activity or qualifies a service in the
    title ("Peer mentoring for ...", "consumer-operated programs") names no one the study is about."""
    named = {m.concept for s, ms in zip(parts, matched, strict=True) if s.field == TITLE
             for m in ms if m.scheme == ROLE and names_people(s, m)}
    if not named:
        # a work without a title: the one group its abstract names besides peers and staff
        named = {m.concept for s, ms in zip(parts, matched, strict=True) if s.field == ABSTRACT
                 for m in ms if m.scheme == ROLE} - STAFF_ROLES - {CONCEPT["role/mental-health-staff"]}
        named = named - PEER_ROLES
    others = named - PEER_ROLES
    chosen = others or named
    return next(iter(chosen)) if len(chosen) == 1 else None


def _overall_null(work: Work, parts: list[Sentence], contexts: list[SentenceContext],
                  matched: list[list[Match]], findings: list[Finding]) -> list[Finding]:
    """No difference for every measured outcome that no result sentence decides, when a result sentence
    says so of the outcomes as a whole ("There were no other significant differences", "no significant
    benefits on the primary or secondary outcome measures")."""
    overall = next((s for s, c, ms in zip(parts, contexts, matched, strict=True)
                    if c.states_result and s.field == ABSTRACT and no_difference_overall(
                        s, [m for m in ms if m.scheme == OUTCOME and not describes_population(s, m, ms)])), None)
    if overall is None:
        return []
    # "no other significant differences" leaves the outcomes decided before it alone; "no differences between
    # conditions on the main outcomes" is said of every measured outcome.
    others = bool(re.search(r"\b(?:other|others|remaining|rest)\b", overall.text, re.IGNORECASE))
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
                    and not _training_of_others(m, matches)):
                measured.append(m.concept)
    text = field_text(work, overall.field)
    return [sentence_null(overall, concept, text) for concept in measured]


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


def sentence_null(sentence: Sentence, outcome: URIRef, field: str) -> Finding:
    """A no-difference finding for an outcome, evidenced by a sentence about the outcomes as a whole."""
    return sentence_result(sentence, outcome, PSK.NoDifference, field)


def sentence_result(sentence: Sentence, outcome: URIRef, direction: URIRef, field: str) -> Finding:
    """A finding for an outcome the evidence sentence does not name."""
    return Finding(outcome, direction, "", sentence.span(), field[max(0, sentence.start - 32):sentence.start],
                   field[sentence.end:sentence.end + 32])


def result_mentions(parts: list[Sentence], contexts: list[SentenceContext],
                    matched: list[list[Match]]) -> list[Mention]:
    """Every outcome named in a sentence that states a result, as the finding rules read them."""
    out: list[Mention] = []
    for sentence, context, matches in zip(parts, contexts, matched, strict=True):
        if context.states_result:
            outcomes = [m for m in matches if m.scheme == OUTCOME and not _training_of_others(m, matches)
                        and not describes_population(sentence, m, matches)]
            out.extend(Mention(sentence, context, m, tuple(outcomes)) for m in outcomes)
    return out


def finding_candidates(work: Work) -> tuple[list[Finding], list[Candidate]]:
    """The rule reader's findings of one work and the candidates the learned reader decides on."""
    lex = lexicon()
    parts = sentences(work)
    contexts = classify(parts)
    acronyms = learn_acronyms(parts, lex)
    matched = [find_matches(s, lex, acronyms) for s in parts]
    rule = _findings(work, parts, contexts, matched, lex, set(), learned=False)
    return rule, candidates(result_mentions(parts, contexts, matched), rule, lex)


def _findings(work: Work, parts: list[Sentence], contexts: list[SentenceContext],
              matched: list[list[Match]], lex: Lexicon, designs: set[URIRef], learned: bool = True) -> list[Finding]:
    findings: list[Finding] = []
    seen: set[tuple[URIRef, URIRef]] = set()
    previous: list[Finding] = []  # the polar findings of the result sentence before
    for sentence, context, matches in zip(parts, contexts, matched, strict=True):
        if not context.states_result:
            continue
        outcome_matches = [m for m in matches if m.scheme == OUTCOME and not _training_of_others(m, matches)
                           and not describes_population(sentence, m, matches)]
        if not outcome_matches:
            if previous and mixed_without_outcome(sentence):
                # "..., which suggest that specific programs had significant effects, while others did not": the
                # result of the sentence before held in some places and not in others
                text = field_text(work, sentence.field)
                for f in previous:
                    if (f.outcome, PSK.Mixed) not in seen:
                        seen.add((f.outcome, PSK.Mixed))
                        findings.append(sentence_result(sentence, f.outcome, PSK.Mixed, text))
            previous = []
            continue
        found = sentence_findings(sentence, outcome_matches, field_text(work, sentence.field), lex)
        previous = [f for f in found if f.direction in (PSK.Positive, PSK.Negative)]
        for finding in found:
            key = (finding.outcome, finding.direction)
            if key not in seen:
                seen.add(key)
                findings.append(finding)
    findings.extend(_overall_null(work, parts, contexts, matched, findings))
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
