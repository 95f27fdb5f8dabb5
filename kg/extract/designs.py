"""Designs: which of the designs a work names are the study's own, and which it shows without naming them.

- a design named in the study's own statements counts (:mod:`kg.extract.context`), not one of the background, of
  the studies a review includes, of a parent study ("drawn from a larger trial") or of what informed it ("guided by");
  a plural names included studies ("searched for meta-analyses") unless the design's plural still describes one
  study ("49 semi-structured interviews");
- a denied randomisation ("non-randomised") makes a trial quasi-experimental; another study's data analysed again
  ("data from the ENRICH trial") make a secondary analysis; methods told in the future tense make a protocol;
  measures before and after ("pre- and postintervention scores") make a pre-post study and an assessed feasibility
  a feasibility study, when nothing more specific frames the study;
- designs are settled against each other (:func:`settle_designs`): a review's own design is a review, a process
  evaluation accompanies a trial without being one, a design named only by how data were gathered (a survey as a
  measure, bare "interviews") gives way to one that frames the study, and a qualitative part named as qualitative or
  by its method stays beside it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rdflib import URIRef

from kg.extract.context import Part, SentenceContext
from kg.extract.lexicon import DESIGN, Lexicon, lexicon
from kg.extract.matches import Match, first_mentions
from kg.extract.model import ABSTRACT, TITLE, ConceptMention
from kg.extract.text import Sentence, Token, word_set
from kg.namespaces import CONCEPT

# Designs whose plural still describes this study ("49 semi-structured interviews", "focus groups");
# for the others a plural names the studies a review includes ("searched for meta-analyses").
PLURAL_OWN_DESIGNS = frozenset({CONCEPT["design/qualitative"], CONCEPT["design/mixed-methods"],
                                CONCEPT["design/participatory-research"],
                                CONCEPT["design/cross-sectional-survey"]})
REVIEW = CONCEPT["design/review"]
LITERATURE_REVIEW = CONCEPT["design/literature-review"]
SYSTEMATIC_REVIEW = CONCEPT["design/systematic-review"]
# Reviews with a method of their own, beside which a "narrative review" names only how results were summed up.
SYSTEMATIC_REVIEWS = frozenset(CONCEPT[f"design/{d}"] for d in (
    "systematic-review", "scoping-review", "meta-analysis", "umbrella-review", "realist-synthesis"))
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
# Words that name a study's part as qualitative before whatever noun follows: "a qualitative description".
QUALITATIVE_WORDS = frozenset({"qualitative", "qualitatively"})
# Words that name how interviews were held, a few words before "interviews": "semi-structured follow-up interviews".
# ("structured" only after "semi", "depth" only after "in": a structured clinical interview is a measure).
INTERVIEW_METHODS = frozenset({"semistructured", "qualitative", "narrative", "unstructured"})
# Words that name interviewing and no method of it: "interviews", "were interviewed", "we interviewed".
BARE_INTERVIEW_WORDS = frozenset({"interview", "interviewed", "were", "was", "we"})
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
    "process-evaluation", "programme-evaluation", "economic-evaluation"))
# Designs that say how a programme was evaluated, beside which "an evaluation of the program" adds nothing.
EXPERIMENTAL_DESIGNS = frozenset(CONCEPT[f"design/{d}"] for d in ("rct", "quasi-experimental", "pre-post", "cohort"))
# A design that contains another study's: a process evaluation or secondary analysis of a trial.
CONTAINERS = frozenset({CONCEPT["design/process-evaluation"], CONCEPT["design/secondary-analysis"]})
QUASI = CONCEPT["design/quasi-experimental"]
QUALITATIVE = CONCEPT["design/qualitative"]
RCT = CONCEPT["design/rct"]
PROGRAMME_EVALUATION = CONCEPT["design/programme-evaluation"]
# An evaluation whose object's head noun is a programme or service, however many words qualify it: "Evaluation of a
# peer-delivered, transitional and post-discharge support program", "an evaluation of the Peer Support Centre
# service". The word before "evaluation" must not make it another design ("process evaluation of").
EVALUATED_PROGRAMME = re.compile(r"""(?<![\w-])(?P<kind>[\w-]+\s+)?evaluation\s+of\s+(?:a|an|the|this|our|its)\s+
    (?:[\w'’-]+,?\s+){0,7}?(?:program(?:me)?|service|pilot\s+project|project|initiative)\b(?!\s*(?:'s|’s|users?))""",
                                re.VERBOSE | re.IGNORECASE)
# Words before "evaluation" that name another design (or no design of this study's): "process evaluation",
# "economic evaluation", "future evaluation".
OTHER_EVALUATIONS = word_set({"process", "economic", "cost", "realist", "outcome", "implementation", "future",
                              "further", "formal", "rigorous", "no", "systematic", "independent", "qualitative",
                              "quantitative", "mixed-methods"})
# A review of reviews: the other reviews it names (systematic reviews, meta-analyses) are the ones it includes.
UMBRELLA_REVIEW = CONCEPT["design/umbrella-review"]
# Words after "protocol" that make it the study's registration, not a protocol paper: "the protocol was registered
# with PROSPERO", "its protocol has been published".
REGISTERED = frozenset({"registered", "preregistered", "pre-registered", "registration", "published", "prospero"})
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
# Words before a design that make it another study's, or what informed the study. Matches "drawn from a larger
# multisite", "as part of a", "nested within the", "the parent", "the control arm of a", "Guided by a"
ANOTHER_STUDY = re.compile(r"""\b(?:drawn\ from|recruited\ from|part\ of|nested\ (?:in|within)|embedded\ (?:in|within)
                           |larger|parent|ongoing|alongside|previous|prior|earlier|arms?\ of
                           |participants\ (?:in|of|from)|informed\ by|based\ on|drawing\ on|guided\ by|derived\ from
                           |identified\ (?:in|through|by))
                           \b(?:\ \S+){0,3}$""", re.VERBOSE)
# The study itself as part of a larger one, which is then its own design too: "This study is part of a
# mixed-methods evaluation"; or the study itself as what it rests on: "This paper is based on a systematic
# literature review".
SELF_PART = re.compile(r"\b(?:this|the\ present|our)\ (?:study|paper|article|work|analysis)\ (?:is|was|forms)"
                       r"\ (?:part\ of|based\ on)")
# A design word after "this" names the study itself, whatever came before: "participants in this trial".
THIS_STUDY = re.compile(r"\b(?:this|the\ present|the\ current)\b")
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


def study_designs(parts: list[Sentence], contexts: list[SentenceContext], matched: list[list[Match]],
                  lex: Lexicon) -> list[ConceptMention]:
    """The study's own designs, each at its first mention: those its own statements name, with those read from
    what it did (a secondary analysis, a protocol, a pre-post or feasibility study), settled against each other."""
    own = [(s, _unrandomised(s, m)) for s, c, ms in zip(parts, contexts, matched, strict=True)
           for m in ms if m.scheme == DESIGN and _own_design(m, c, s)]
    own += _drawn_from_data(parts, contexts, matched) + _planned(parts, contexts, own)
    own += [(s, m) for s, c, m in _qualitative_methods(parts, contexts, matched) if _own_design(m, c, s)]
    others = {m.concept for _, m in own} - {SURVEY, FEASIBILITY}
    own = [(s, m) for s, m in own if not _survey_gathers_data(s, m, bool(others))]
    bare = {(s.field, m.start) for s, m in own if m.concept == QUALITATIVE and _bare_interviews(s, m)}
    if any(m.concept == QUALITATIVE and (s.field, m.start) not in bare for s, m in own):
        # A qualitative method named anywhere ("focus groups", "thematic analysis") is the mention that counts.
        own = [(s, m) for s, m in own if (s.field, m.start) not in bare]
    designs = first_mentions(own)
    designs = [d for d in designs if not _has_narrower(d.concept, designs, lex)]
    return settle_designs(designs + _measured_before_and_after(designs, parts, contexts, lex)
                          + _assessed_feasibility(designs, parts, contexts)
                          + _evaluated_programme(designs, parts, contexts, lex), lex,
                          bare | {(s.field, m.start) for s, m in own if m.concept != QUALITATIVE and _gathering(s, m)})


def settle_designs(designs: list[ConceptMention], lex: Lexicon,
                   gathering: set[tuple[str, int]] | None = None) -> list[ConceptMention]:
    """The study's own designs among those named: a review's included designs, the trial a process
    evaluation accompanies, and designs named only by how data were gathered (a survey used as a measure, bare
    "interviews": mentions at the field offsets in gathering) beside a design that frames the study are dropped.
    A qualitative part named as qualitative or by its method ("semi-structured interviews", "thematic analysis")
    stays beside any framing design: the two are separate concepts, neither narrower than the other."""
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
    if UMBRELLA_REVIEW in concepts:  # a review of reviews: the other reviews named are those it includes
        designs = [d for d in designs if d.concept == UMBRELLA_REVIEW
                   or not (d.concept == REVIEW or REVIEW in lex.broader.get(d.concept, ()))]
        concepts = {d.concept for d in designs}
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


def _evaluated_programme(designs: list[ConceptMention], parts: list[Sentence],
                         contexts: list[SentenceContext], lex: Lexicon) -> list[ConceptMention]:
    """A programme evaluation, when the study's title or its own statements call it an evaluation of a programme
    or service, however many words qualify the programme ("Evaluation of a peer-delivered, transitional and
    post-discharge support program"); nothing when it names the design already or is a review."""
    concepts = {d.concept for d in designs}
    if any(c == PROGRAMME_EVALUATION or PROGRAMME_EVALUATION in lex.broader.get(c, ())
           or c == REVIEW or REVIEW in lex.broader.get(c, ()) for c in concepts):
        return []
    for sentence, context in zip(parts, contexts, strict=True):
        own = sentence.field == TITLE or (sentence.field == ABSTRACT and context.part in OWN_PARTS
                                          and not context.prior_work)
        for found in EVALUATED_PROGRAMME.finditer(sentence.text) if own else ():
            kind = (found.group("kind") or "").strip().casefold()
            if kind in OTHER_EVALUATIONS:
                continue
            start = found.start() + len(found.group("kind") or "")
            return [ConceptMention(PROGRAMME_EVALUATION, sentence.span(sentence.start + start,
                                                                      sentence.start + found.end()))]
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


# A survey is a cross-sectional survey only when it is the study (the concept's definition: people measured once).
# Words before "surveys" that make them repeated ("four biannual online surveys", "weekly check-in surveys"), the
# nouns after a survey that make it the source of data ("cross-sectional survey data", "2353 survey responses"), and
# the words before one that make it how another design gathered its data ("assessed via a program survey").
SURVEY = CONCEPT["design/cross-sectional-survey"]
REPEATED_SURVEYS = frozenset({"biannual", "annual", "weekly", "monthly", "daily", "quarterly", "repeated", "serial",
                              "follow", "followup", "check", "periodic", "two", "three", "four", "five", "six",
                              "several", "multiple", "completed"})
SURVEY_DATA = frozenset({"data", "dataset", "response", "item", "question", "answer"})
GATHERED_BY = frozenset({"via", "through", "using", "by"})
SURVEY_REACH = 4


def _survey_gathers_data(sentence: Sentence, match: Match, other_design: bool) -> bool:
    """True when a survey named as a design is only how data were gathered, which the annotation rules do not make
    a cross-sectional survey: surveys repeated over time ("four biannual online surveys", a "longitudinal user
    survey"), a qualitative survey or one of open-ended questions, or, beside another design of the study, its data
    ("secondary analysis ... using cross-sectional survey data"), a survey coordinated with interviews ("a survey and
    semi-structured realist interviews") or one the data were gathered through ("assessed via a program survey")."""
    if match.concept != SURVEY:
        return False
    tokens = sentence.tokens
    before = [t.norm for t in tokens[:match.last] if t.word][-SURVEY_REACH - (match.last - match.first):]
    after = [t.norm for t in tokens[match.last + 1:] if t.word][:2 * SURVEY_REACH]
    if "longitudinal" in before or "qualitative" in before or (after[:1] == ["of"] and "open" in after[:SURVEY_REACH]):
        return True
    if tokens[match.last].plural and set(before) & REPEATED_SURVEYS:
        return True
    if not other_design:
        return False  # "This study uses survey data from CPSs": the survey is the study
    coordinated = after[:1] == ["and"] and bool({"interview", "focus"} & set(after))
    return coordinated or bool(set(before) & GATHERED_BY) or (after[:1] != [] and after[0] in SURVEY_DATA)


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


def _qualitative_methods(parts: list[Sentence], contexts: list[SentenceContext],
                         matched: list[list[Match]]) -> list[tuple[Sentence, SentenceContext, Match]]:
    """The study's qualitative part named by a word no label holds: "qualitative" or "qualitatively" before any
    word ("a qualitative description", "qualitative reports", "were qualitatively analysed"), an interview
    named by its method a few words away ("semi-structured face-to-face interviews") and a content analysis of
    any kind ("directed content analysis"). These are a qualitative method as the annotation rules name them."""
    found = []
    for sentence, context, matches in zip(parts, contexts, matched, strict=True):
        if sentence.field not in (ABSTRACT, TITLE) or not context.states_own_design:
            continue
        covered = {i for m in matches if m.scheme == DESIGN for i in range(m.first, m.last + 1)}
        tokens = sentence.tokens
        for i, token in enumerate(tokens):
            if i in covered:
                continue
            last = -1
            if token.norm in QUALITATIVE_WORDS:
                last = i
            elif token.norm in INTERVIEW_METHODS or (token.norm in {"structured", "depth"} and i > 0
                                                     and tokens[i - 1].norm in {"semi", "in"}):
                last = next((j for j in range(i + 1, min(i + 4, len(tokens)))
                             if tokens[j].norm == "interview"), -1)
            elif token.norm == "content" and i + 1 < len(tokens) and tokens[i + 1].norm in {"analysis", "analyse"}:
                last = i + 1
            if last >= 0:
                found.append((sentence, context, Match(QUALITATIVE, DESIGN, i, last, token.start, tokens[last].end,
                                                       tokens[last].plural)))
    return found


def _bare_interviews(sentence: Sentence, match: Match) -> bool:
    """True when a qualitative design is named only by interviewing ("interviews", "were interviewed"), which
    names no design of its own: measures are taken so too ("interviewed at baseline and 3 months later")."""
    words = {t.norm for t in sentence.tokens[match.first:match.last + 1] if t.norm}
    return sentence.field == ABSTRACT and words <= BARE_INTERVIEW_WORDS


def _has_narrower(concept: URIRef, mentions: list[ConceptMention], lex: Lexicon) -> bool:
    """True when a more specific concept is also mentioned (a "systematic review" is not also a "review")."""
    return any(concept in lex.broader.get(m.concept, ()) for m in mentions)


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
    found = ANOTHER_STUDY.search(text)
    if found and not SELF_PART.search(text) and not THIS_STUDY.search(found.group(0)):
        return True
    if match.concept == CONCEPT["design/protocol"] and (
            (before and before[-1] in NOT_A_STUDY_PROTOCOL)
            or any(t.text.casefold() in REGISTERED for t in after[:4])):
        return True
    return match.concept == CONCEPT["design/participatory-research"] and bool(CO_WORDS & set(words)) and any(
        t.norm in MADE_THINGS for t in after[:5])
