"""Where a sentence stands in an abstract and what it does: background, aims, methods, results or advice.

A review's results are the evidence it sums up: past the point where the review introduces itself, "studies to
date have found" reports what the review found, as the annotation rules read "results of this study, or of the
evidence a review sums up".

Facts about *this* study come from its own statements: a design named in the
background ("Qualitative research about PSWs has found...") is someone else's,
a finding stated as an aim ("whether peer support reduces readmissions") or a
recommendation ("future trials should measure hope") is not a result. A result stated
before a clause of advice in the same sentence ("Hope improved, suggesting that
mentoring should be offered more widely") still is one, up to where the advice begins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from kg.extract.cues import DIFFER, MIXED, NEUTRAL, NO_DIFFERENCE, POLAR, find_cues
from kg.extract.model import ABSTRACT, KEYWORDS, TITLE
from kg.extract.text import Sentence


class Part(Enum):
    """The rhetorical part of an abstract a sentence belongs to."""

    TITLE = "title"
    KEYWORDS = "keywords"
    BACKGROUND = "background"
    AIM = "aim"
    METHODS = "methods"
    RESULTS = "results"
    CONCLUSIONS = "conclusions"
    IMPLICATIONS = "implications"
    OTHER = "other"


# Section headings of structured abstracts, folded to lower case, by part.
SECTION_PARTS: dict[str, Part] = {
    **dict.fromkeys(("background", "introduction", "context", "rationale"), Part.BACKGROUND),
    **dict.fromkeys(("purpose", "aim", "aims", "objective", "objectives", "goal", "goals", "question"),
                    Part.AIM),
    **dict.fromkeys(("methods", "method", "design", "design/methodology/approach", "setting", "settings",
                     "participants", "measures", "intervention", "interventions", "materials and methods",
                     "methodology", "approach", "data sources", "study selection", "data extraction"),
                    Part.METHODS),
    **dict.fromkeys(("results", "findings", "main findings", "outcomes", "main outcomes", "main results",
                     "key findings"), Part.RESULTS),
    **dict.fromkeys(("conclusions", "conclusion", "discussion", "interpretation",
                     "discussion and conclusions",
                     "discussion and conclusion", "conclusions and implications", "summary"),
                    Part.CONCLUSIONS),
    **dict.fromkeys(("research limitations/implications", "practical implications", "social implications",
                     "implications", "limitations", "implications for practice", "recommendations",
                     "originality/value", "value"), Part.IMPLICATIONS),
}

# A sentence about the paper itself. Matches: "This mixed-methods study of peer support work in
# Pennsylvania", "Through a qualitative paradigm, this study aims", "We conducted this systematic review"
SELF_STATEMENT = re.compile(r"""
    \b(?:this|the\ present|the\ current|our)\s+(?:[\w-]+\s+){0,3}?
      (?:study|paper|article|review|trial|project|analysis|evaluation|research|viewpoint|commentary
        |report|protocol|work|chapter|essay|open\ forum|pilot|survey|investigation|audit|inquiry|thesis
        |meta-analysis|synthesis)\b
    | \bthe\ (?:study|paper|article|review)\b(?!\ (?:context|site|setting|population|area)s?\b)
    | \b(?:we|the\ authors)\b | \bhere,?\ we\b | ^(?:to|in\ order\ to)\s | \bthe\ aim\b | \bthe\ purpose\b
    | \bthe\ objective\b | \baimed?\s+to\b | \bsought\s+to\b
    """, re.VERBOSE | re.IGNORECASE)
# A sentence that states an aim or a question, not a result.
# Matches: "We aimed to establish whether peer support for discharge reduces readmissions"
AIM = re.compile(r"""
    \b(?:aims?|aimed|aiming|seeks?|sought|purpose|objectives?|intends?|designed|goals?)\s+(?:is\s+|was\s+|were\s+)?to\b
    | (?<!uncertain\ )(?<!unclear\ )(?<!unknown\ )(?<!known\ )
      # not what people said they doubted: "members questioned whether NHS-run groups could uphold its ethos"
      (?<!questioned\ )(?<!wondered\ )(?<!doubted\ )(?<!unsure\ )(?<!debated\ )(?<!questioning\ )\bwhether\b
        # not "whether as facilitators or as group members", alternatives of who or where, not a question
        (?!\ (?:as|in|at|through|by|via|from|online)\b)
        # not "uncertain whether", "whether ... is unclear"
        (?!.*\b(?:is|are|was|were|remains?)\ (?:still\ )?(?:unclear|uncertain|unknown|not\ (?:yet\ )?known)\b)
    | \bhypothes(?:is|es|i[sz]ed?|i[sz]es)\b | \?\s*$  # "hypothesis", "we hypothesize", "hypothesised"
    | \bresearch\ agenda\b | \bcould\ include\b
    | \b(?:primary|secondary|main)\ (?:outcomes?|endpoints?)\ (?:measures?\ )?(?:was|were|is|are|included|include)\b
    | \boutcomes?\ (?:measures?\ )?(?:included|include|were\ assessed|were\ measured|was\ assessed)\b
    """, re.VERBOSE | re.IGNORECASE)
# A verdict on a hypothesis, which reports a result where an aim names the hypothesis. Matches: "did not support the
# hypothesis", "confirmed our hypotheses", "consistent with the hypothesis", "strong support for the null hypothesis",
# and a result said to be as the hypothesis had it: "As hypothesized, participants ... were less likely to be
# readmitted", "as we hypothesised"
HYPOTHESIS_VERDICT = re.compile(r"\b(?:support(?:s|ed|ing)?(?:\s+for)?|confirm(?:s|ed|ing)?|reject(?:s|ed|ing)?"
                                r"|refut(?:e|es|ed|ing)|consistent\ with|in\ support\ of)\s+"
                                r"(?:the\s+|our\s+|this\s+|these\s+)?"
                                r"(?:\w+\s+)?hypothes[ie]s\b"
                                r"|\bas\ (?:(?:we|was|had\ been)\ )?hypothesi[sz]ed\b",
                                re.IGNORECASE | re.VERBOSE)
# An infinitive of inquiry, which states an aim outside a results or conclusions section; inside one it is part of a
# result ("users may benefit from the opportunity to explore personal difficulties").
# Matches: "To examine whether", "in order to assess"
AIM_INFINITIVE = re.compile(r"""
    (?<!evidence\ )(?<!data\ )\bto\ (?:examine|explore|investigate|assess|determine|evaluate|establish|test|describe
        |understand|identify|compare|measure)\b
    """, re.VERBOSE | re.IGNORECASE)
# A sentence that says how the study was done, read where no heading says so. Matches: "Participants were
# randomised to peer support or usual care", "Hope was measured with the Herth Hope Index", "We conducted
# semi-structured interviews with 20 mentees"
METHOD = re.compile(r"""
    \b(?:was|were|had\ been)\s+(?:\w+ly\s+)?(?:assessed|measured|evaluated|collected|administered|recruited
      |randomi[sz]ed|allocated|assigned|interviewed|surveyed|analy[sz]ed|coded|transcribed|enrolled|invited
      |followed\ up|compared\ on|conducted|held|carried\ out|performed|calculated|computed|recorded|examined|explored
      |tested)\b
    | \b(?:took|take|taking)\ part\ in\b | \bparticipated\ in\ (?:a|an|the|this|semi-structured|in-depth)\b
    | \b(?:we|researchers|the\ authors)\s+(?:\w+ly\s+)?(?:conducted|interviewed|surveyed|recruited|used|analy[sz]ed
      |searched|collected|measured|assessed|developed|explored|examined|compared)\b
    | \b(?:data|measures|outcomes|interviews|questionnaires|surveys)\s+(?:were|was)\s+(?:\w+\s+){0,2}?(?:used
      |gathered|obtained|completed)\b
    """, re.VERBOSE | re.IGNORECASE)
# Words that report a result, which a sentence that also says how something was done still gives.
# Matches: "found", "showed", "was associated with", "significantly"
REPORTS = re.compile(r"\b(?:found|find|finding|findings|show(?:ed|s|n)?|demonstrat\w+|reveal\w*|indicat\w+|suggest\w*"
                     r"|report(?:ed|s)?|significant(?:ly)?|improved|reduced|increased|decreased|differ\w*"
                     r"|higher|lower|greater|fewer|better|worse)\b", re.IGNORECASE)
# Verbs by which a study reports what it found. A sentence about the study itself without one describes it:
# "The current pilot trial is a preliminary examination of an intervention for improving health".
FINDS = re.compile(r"\b(?:found|find|finds|findings|results?|show(?:ed|s|n)?|demonstrat\w+|reveal\w*|indicat\w+"
                   r"|suggest\w*|conclude\w*|support(?:s|ed)|confirm\w*|provides?\ (?:no\ |little\ |some\ )?evidence"
                   r"|highlight\w*|identif\w+)\b",
                   re.IGNORECASE)
DIGIT = re.compile(r"\d")
# The authors' concluding statement. Matches: "The authors conclude that", "We concluded", "In conclusion, we"
CONCLUDING = re.compile(r"\b(?:conclude[sd]?|in\ conclusion|to\ conclude)\b", re.IGNORECASE | re.VERBOSE)
# A verb in the past or a figure, which a general claim of an opening sentence lacks; verbs that report a finding.
PAST_OR_FIGURE = re.compile(r"\b(?:was|were|had|did|found|began|took|gave|\w{2,}ed)\b|\d", re.IGNORECASE)
REPORTING = re.compile(r"\b(?:shows?|finds?|suggests?|reports?|indicates?|reveals?|demonstrates?|according\ to"
                       r"|results?|findings?)\b", re.IGNORECASE | re.VERBOSE)
# A review of other studies, as its title or a sentence about itself names it. Matches: "A Systematic Review of Peer
# Recovery Support Services", "This meta-analysis pooled", "our scoping review", "an umbrella review"
REVIEW = re.compile(r"\b(?:review|meta-?analy[sz](?:is|es)|(?:evidence|narrative|qualitative)\ synthesis|overview\ of"
                    r"\ reviews)\b", re.IGNORECASE | re.VERBOSE)
# A sentence that recommends or looks ahead, not a result.
# Matches: "More research is needed to better understand the effectiveness of peer support services", "which requires
# careful attention to role definition", "requires careful consideration of the role", "Findings underscore the need
# for organizational changes"; not the statistic "number needed to treat"
ADVICE = re.compile(r"""
    \b(?:should|must|(?<!number\ )need(?:s|ed)?\ to|(?<!number\ )needed|is\ needed|are\ needed|further\ research
      |more\ research
      |future\ (?:research|studies|trials|work|evaluations?|interventions?|programs?|programmes?|practice|efforts?)
      |in\ (?:the\ )?future
      |recommend(?:s|ed|ations?)?|warrant(?:s|ed)?|implications\ for
      |(?:requir(?:es?|ed|ing)|call(?:s|ed)?\ for|deserv(?:es?|ed))\ (?:\w+\ )?(?:attention|consideration|planning
        |thought)
      # a need that findings point to, not one the support changed ("reduced the need for admission")
      |(?:underscor\w*|highlight\w*|emphasi[sz]\w*|point\w*\ to|reinforc\w*|illustrat\w*|signal\w*|there\ is
        |there\ remains)\ (?:the\ |a\ )?(?:\w+\ )?need\ (?:for|of))\b
    """, re.VERBOSE | re.IGNORECASE)
# Where a clause of advice or implication may follow a result in the same sentence. Matches: ", suggesting that",
# ", which warrants", "; future research", ", and further research", ", indicating"
RESULT_CLAUSE_BREAK = re.compile(r"""[;:]|,\s*(?:suggesting|indicating|implying|highlighting|underscoring|supporting
    |which|and|but|so|thus|therefore|although|though|yet)\b|\s(?:and|but)\s+(?=(?:further|future|more)\b)""",
                                 re.IGNORECASE | re.VERBOSE)
# Kinds of cue by which the clause before such a break reports a result: a change, a difference or its absence.
RESULT_KINDS = POLAR | {NO_DIFFERENCE, MIXED, DIFFER, NEUTRAL}
# A sentence about what will be done, not what was found. Matches: "This trial will test a new ..."
FUTURE = re.compile(r"\b(?:will|would|if\ the|proposed)\b", re.IGNORECASE)
WILL = re.compile(r"\bwill\b", re.IGNORECASE)
# A sentence that says which design the study used without speaking of the study, read as its own method statement:
# it ends an unstructured abstract's background as a statement about the study does. Matches "A quasi-experimental
# design was employed", "a mixed-methods approach was adopted"; not a design other studies used ("A randomised design
# was used in earlier trials"), see OTHER_STUDIES.
DESIGN_EMPLOYED = re.compile(r"\b(?:design|approach|methodology)\s+(?:was|were)\s+(?:\w+ly\s+)?"
                             r"(?:employed|used|adopted|utili[sz]ed|applied|chosen|followed|implemented)\b",
                             re.IGNORECASE)
# Words that put a design in other studies than this one: "in earlier trials", "previous studies".
OTHER_STUDIES = re.compile(r"\b(?:previous|prior|earlier|past|other|existing|studies|trials)\b", re.IGNORECASE)
# Claims attributed to earlier work.
# Matches: "have been shown to reduce stigma", "prior research highlighting"
PRIOR_WORK = re.compile(r"""
    \b(?:ha(?:ve|s)\ been\ shown|has\ shown|have\ shown|to\ date|is\ known
      |(?:previous|prior|earlier|existing|past)\ (?:research|studies|work|evidence|literature|trials)
        \ (?:has|have|highlight|show|suggest|indicat|found|demonstrat|report)
      |(?:research|studies|trials)\ (?:has|have)\ (?:shown|found|suggested|demonstrated|reported|highlighted)
      |\b(?:the\ )?literature\ (?:on\ [\w\s()-]{1,60}?\ )?(?:suggests|shows|indicates|has\ shown|reports))
    """, re.VERBOSE | re.IGNORECASE)


@dataclass(frozen=True)
class SentenceContext:
    """What a sentence is for."""

    part: Part
    self_statement: bool
    aim: bool
    advice: bool
    future: bool
    prior_work: bool  # a claim of earlier work that the sentence does not make its own
    method: bool = False  # says how the study was done and reports nothing
    describes_study: bool = False  # speaks of the study itself without a verb of finding
    # where a clause of advice or of what is to come begins after a clause that reports a result, as an offset into
    # the sentence's text: "Hope improved, suggesting that peer mentoring should be offered more widely"
    result_until: int | None = None
    # a claim of the studies a review sums up, made past the review's introduction of itself: its results
    reviewed_evidence: bool = False

    @property
    def states_own_design(self) -> bool:
        """Design words here describe this study."""
        if self.part in (Part.TITLE, Part.KEYWORDS):
            return True
        if self.advice or self.prior_work:
            return False
        if self.part in (Part.BACKGROUND, Part.IMPLICATIONS):
            return self.self_statement
        return True

    @property
    def states_result(self) -> bool:
        """Direction words here report this study's (or the reviewed evidence's) results."""
        if self.aim or (self.prior_work and not self.reviewed_evidence) or (self.method and self.part == Part.OTHER):
            return False
        if (self.advice or self.future) and self.result_until is None:
            return False
        if self.describes_study and self.part in (Part.OTHER, Part.CONCLUSIONS):
            return False
        # Titles announce, they do not report: a trial with a null result may carry a hopeful title.
        return self.part in (Part.RESULTS, Part.CONCLUSIONS, Part.OTHER)


def classify(sentences: list[Sentence]) -> list[SentenceContext]:
    """The context of every sentence of a work, in order."""
    contexts = []
    # An abstract that never speaks of itself gives no line between background and the rest.
    # A concluding statement ("The authors conclude that ...") draws no such line: what comes before it is reported.
    # Nor does one that reports what the study found ("This study suggests peer mentoring can reduce depression"):
    # only a statement that introduces the study (its aim, design or methods) ends the background.
    # A sentence that says how the study was done introduces it too, without naming it: "NHS staff (N=49) and group
    # members (N=26) took part in a mixed-methods survey", "Semi-structured interviews were conducted with 12 adults".
    seen_self = not any(_introduces_study(s.text) or _describes_method(s.text)
                        for s in sentences if s.field == ABSTRACT)
    opening = _general_opening(sentences)
    review = _is_review(sentences)
    for sentence in sentences:
        self_statement = bool(SELF_STATEMENT.search(sentence.text))
        own_method = _states_own_design(sentence.text)
        part = _part(sentence, seen_self or self_statement or own_method or _describes_method(sentence.text))
        if part == Part.OTHER and (sentence.field, sentence.start) in opening:
            part = Part.BACKGROUND
        if sentence.field == ABSTRACT:
            seen_self = seen_self or own_method or _introduces_study(sentence.text) or _describes_method(sentence.text)
        # In a results section "would" reports what people said they would do, not a plan.
        future = bool(FUTURE.search(sentence.text)) and (part != Part.RESULTS or bool(WILL.search(sentence.text)))
        # a verdict on a hypothesis in a result or conclusion reports what was found
        aim_text = HYPOTHESIS_VERDICT.sub(" ", sentence.text) if part in (Part.RESULTS, Part.CONCLUSIONS,
                                                                           Part.OTHER) else sentence.text
        aim = bool(AIM.search(aim_text)) or (bool(AIM_INFINITIVE.search(sentence.text))
                                                 and part not in (Part.RESULTS, Part.CONCLUSIONS))
        advice = bool(ADVICE.search(sentence.text))
        contexts.append(SentenceContext(part, self_statement, aim,
                                        advice,
                                        future,
                                        bool(PRIOR_WORK.search(sentence.text)) and not self_statement,
                                        bool(METHOD.search(sentence.text)) and not REPORTS.search(sentence.text),
                                        self_statement and not FINDS.search(sentence.text)
                                        and not DIGIT.search(sentence.text),
                                        _result_before_advice(sentence, advice, future),
                                        review and part in (Part.RESULTS, Part.CONCLUSIONS, Part.OTHER)))
    return contexts


def _is_review(sentences: list[Sentence]) -> bool:
    """True when the work is a review of other studies, as its title or a sentence about itself says: "A systematic
    review of ...", "This review characterises the existing research"."""
    return any(REVIEW.search(s.text) for s in sentences
               if s.field == TITLE or (s.field == ABSTRACT and SELF_STATEMENT.search(s.text)))


def _result_before_advice(sentence: Sentence, advice: bool, future: bool) -> int | None:
    """Where a clause of advice or of what is to come begins, when a clause before it reports a result: in "Hope
    improved significantly, suggesting that mentoring should be offered more widely" the result stands before
    ", suggesting"; None when the advice opens the sentence or no such clause break stands before it."""
    if not (advice or future):
        return None
    text = sentence.text
    starts = [m.start() for m in (ADVICE.search(text) if advice else None, FUTURE.search(text) if future else None)
              if m is not None]
    breaks = [m.start() for m in RESULT_CLAUSE_BREAK.finditer(text, 0, min(starts))]
    if not breaks:
        return None
    until = sentence.start + breaks[-1]
    reported = any(c.kind in RESULT_KINDS and sentence.tokens[c.first].start < until for c in find_cues(sentence))
    return breaks[-1] if reported else None


def _states_own_design(text: str) -> bool:
    """True when a sentence says which design was used without putting it in other studies: "A quasi-experimental
    design was employed using propensity score matching"."""
    return bool(DESIGN_EMPLOYED.search(text)) and not OTHER_STUDIES.search(text)


def _describes_method(text: str) -> bool:
    """True when a sentence says how the study was done and reports nothing: "Interviews were conducted with 12
    adults attending peer-facilitated groups"; not "Participants who were interviewed reported less stigma"."""
    return bool(METHOD.search(text)) and not REPORTS.search(text) and not PRIOR_WORK.search(text)


def _introduces_study(text: str) -> bool:
    """True when a sentence about the study introduces it rather than reports what it found: "This study examined
    whether", "We conducted interviews"; not "This study suggests that" nor "The authors conclude that"."""
    if not SELF_STATEMENT.search(text) or CONCLUDING.search(text):
        return False
    return not FINDS.search(text) or bool(AIM.search(text) or AIM_INFINITIVE.search(text) or METHOD.search(text))


def _general_opening(sentences: list[Sentence]) -> set[tuple[str, int]]:
    """The sentences an unstructured abstract opens with that state general claims in the present tense, with no
    figure and no verb of reporting ("Peer support improves recovery. Loneliness is common."), when a later sentence
    speaks in the past: they are background, not this study's results."""
    abstract = [s for s in sentences if s.field == ABSTRACT and not s.section]
    leading: list[Sentence] = []
    for sentence in abstract:
        if PAST_OR_FIGURE.search(sentence.text) or REPORTING.search(sentence.text) or SELF_STATEMENT.search(
                sentence.text):
            break
        leading.append(sentence)
    if len(leading) == len(abstract):
        return set()  # an abstract written wholly in the present gives no line
    return {(s.field, s.start) for s in leading}


# Words of headings that the table does not list: "Introduction and purpose", "What was the research about?"
HEADING_WORDS: tuple[tuple[re.Pattern[str], Part], ...] = (
    (re.compile(r"result|finding|what did .* find|what were the results|^evidence synthesis"), Part.RESULTS),
    (re.compile(r"conclu|discussion|interpretation|summary|what does this mean|take.?home|key message"),
     Part.CONCLUSIONS),
    (re.compile(r"method|design|setting|participant|measure|procedure|sample|data|analys|intervention"
                r"|how was|who was|exposure|acquisition|eligibility|criteria|sources|search|selection|extraction"
                r"|appraisal|population|patients|subjects"), Part.METHODS),
    (re.compile(r"aim|purpose|objective|goal|question"), Part.AIM),
    (re.compile(r"background|introduction|context|about|rationale|why"), Part.BACKGROUND),
    (re.compile(r"implication|limitation|recommend|future|originality|value|funding|registration"),
     Part.IMPLICATIONS),
)


def _part_by_keyword(heading: str) -> Part:
    return next((part for pattern, part in HEADING_WORDS if pattern.search(heading)), Part.OTHER)


def _part(sentence: Sentence, after_self_statement: bool) -> Part:
    if sentence.field == TITLE:
        return Part.TITLE
    if sentence.field == KEYWORDS:
        return Part.KEYWORDS
    if sentence.field != ABSTRACT:
        return Part.TITLE  # the article type is read like a title
    if sentence.section:
        heading = sentence.section.casefold().strip(" :?")
        return SECTION_PARTS.get(heading) or _part_by_keyword(heading)
    # Unstructured: what comes before the paper first speaks of itself is background.
    return Part.OTHER if after_self_statement else Part.BACKGROUND
