"""Assertions: which changes a result sentence asserts as found, as against goals, purposes, hopes and
expectations, and what a judgement held by a minority says.

- what is attempted, meant, hoped, expected, believed or wanted is a goal, not a result ("To improve recovery, ...",
  "hoped the groups would reduce", "focused on reducing stigma"), unless a verb of showing governs it ("was found to
  improve", "findings support the use of peer mentors to reduce") or a judgement says the means worked ("an effective
  strategy to reduce readmissions"); "to date" is a time, not a purpose ("studies to date have found");
- an expectation reaches forward to the end of its clause, as ConText's hypothetical modifier does: in "anticipated
  benefits include engagement and stigma reduction" the reduction is anticipated too;
- a favourable judgement held by a minority of the people asked says the outcome fell short ("less than one-half
  were satisfied"); a change only a minority made is a result for some only, so a quantified hedge;
- a judgement of the support itself (:mod:`kg.extract.evaluations`) stands in place of the cue words inside it.
"""

from __future__ import annotations

import re

from kg.extract.clauses import STRONG_BOUNDARIES
from kg.extract.cues import (
    FAVOURABLE,
    MIXED,
    NEUTRAL,
    POLAR,
    QUANTIFIED_HEDGE,
    UNFAVOURABLE,
    Cue,
    find_cues,
    statistic_cues,
)
from kg.extract.evaluations import judgements
from kg.extract.matches import Match
from kg.extract.scope import COPULAS, SHOWING_VERBS
from kg.extract.text import HYPHENS, Sentence, word_set

# Words of trying or intending whose infinitive names a goal, not a result: "trying to help", "designed to reduce",
# "in order to improve".
PURPOSE_WORDS = word_set({"try", "tries", "tried", "trying", "attempt", "attempts", "attempted", "attempting", "aim",
                          "aims", "aimed", "aiming", "designed", "intended", "intending", "seek", "seeks", "sought",
                          "seeking", "effort", "efforts", "order", "strive", "strives", "striving", "want", "wanted",
                          "wish", "wished", "meant", "planned",
                          # hopes, expectations and beliefs: "expected peer support to improve", "is thought to"
                          "hoped", "expected", "expect", "expects", "thought", "believed", "assumed", "supposed",
                          "presumed", "hypothesised", "hypothesized", "proposed",
                          # means and directives: "use their experience to promote", "encouraged mentees to"
                          "use", "uses", "used", "using", "encouraged", "encourage", "encourages", "encouraging",
                          "asked", "invited", "taught", "teach", "teaches", "need", "needs",
                          # what is meant to do something: "interventions to improve", "programmes to reduce"
                          "intervention", "interventions", "programme", "programmes", "program", "programs",
                          "strategy", "strategies", "approach", "approaches", "initiative", "initiatives", "trials",
                          "studies", "services", "tools", "trial", "study", "service", "tool"})
# Nouns of what is meant to bring a change about, or of what brings it about, which a gerund of change after them
# describes: "studies preventing eating disorders", "programmes improving hope", "factors promoting implementation".
PURPOSE_NOUNS = word_set({"intervention", "interventions", "programme", "programmes", "program", "programs",
                          "strategy", "strategies", "approach", "approaches", "initiative", "initiatives", "trial",
                          "trials", "study", "studies", "service", "services", "efforts", "components", "activities",
                          "sessions", "groups", "tools", "factor", "factors", "determinants", "mechanisms"})
# Nouns of means or aims, after which an infinitive of change is what they are for, whatever verb of showing stands
# before them: "the results highlight ways to improve access", "opportunities to reduce stigma".
MEANS_NOUNS = word_set({"way", "ways", "means", "opportunity", "opportunities", "strategy", "strategies", "need",
                        "needs", "effort", "efforts", "attempt", "attempts", "plan", "plans", "goal", "goals", "aim",
                        "aims", "avenue", "avenues", "steps", "measures", "actions"})
# Change verbs in their base form, which after "to" name a purpose, and the words before "to" that make the
# infinitive a result: "was found to improve", "helped participants to reduce", "were able to increase".
BASE_CHANGE_VERBS = frozenset({"improve", "reduce", "increase", "decrease", "promote", "enhance", "foster", "build",
                               "strengthen", "lower", "prevent", "boost", "raise", "lessen", "alleviate", "support"})
RESULT_BEFORE_TO = frozenset({"found", "shown", "appeared", "appears", "appear", "seemed", "seems", "seem", "helped",
                              "help", "helps", "able", "tended", "tends", "tend", "likely", "continued", "failed",
                              "unable", "proved", "reported", "said", "felt", "perceived", "believed", "went", "led",
                              "contributed", "served", "due", "according", "tendency", "trend", "trended", "began",
                              "begun", "started", "managed", "came",
                              # a potential to change an outcome is a hedged result, as the annotation rules read it
                              "potential"})
# Verbs of aiming whose object is the goal: "targeted reductions in", "addressing improvements".
TARGETING = frozenset({"targeted", "targeting", "targets", "target", "addressed", "addressing"})
# Prepositions of direction before a gerund of change, which make it an aim after a noun of a step: "a step toward
# improving care", "efforts towards reducing stigma".
TOWARD = frozenset({"toward", "towards"})
STEP_NOUNS = frozenset({"step", "steps", "effort", "efforts", "move", "moves", "work", "progress", "strategy",
                        "strategies", "approach", "goal", "goals", "aim", "aims"})
# A minority of the people asked, as the subject of a judgement. Matches: "less than one-half were", "fewer than
# half of respondents", "a minority of participants", "only a few"
MINORITY = re.compile(r"\b(?:(?:less|fewer)\s+than|under)\s+(?:one[-\s])?half\b|\ba\s+minority\b"
                      r"|\bonly\s+(?:a\s+)?(?:few|minority|one\s+in)\b", re.IGNORECASE)
# Words of judgement whose favourable sense a minority's share turns round: "less than half were satisfied".
JUDGING_WORDS = frozenset({"satisfied", "satisfying", "helpful", "useful", "valued", "valuable", "acceptable",
                           "pleased", "happy", "worthwhile", "supportive", "positive", "positively", "well"})
# Verbs and words of looking into something, whose object is a question, not a result, and how far before a cue
# they reach: "we examined the effect on hope", "explored whether the groups affected loneliness".
INQUIRY_WORDS = frozenset({"examine", "examined", "examines", "examining", "explore", "explored", "explores",
                           "exploring", "investigate", "investigated", "investigates", "investigating", "assess",
                           "assessed", "assesses", "assessing", "evaluate", "evaluated", "evaluates", "evaluating",
                           "studied", "measuring", "whether", "determine", "understand", "tested"})
INQUIRY_REACH = 5
# Words that call evidence mixed but may qualify anything, the nouns of results they must stand near to sum them up,
# and how near: "the findings were conflicting", "inconsistent evidence".
EVIDENCE_QUALIFIERS = frozenset({"contradictory", "conflicting", "inconsistent", "equivocal"})
RESULT_NOUNS = frozenset({"evidence", "finding", "result", "study", "trial", "review", "effect", "outcome", "data",
                          "estimate", "association", "support", "picture", "literature"})
QUALIFIED_REACH = 4
# How far back the subject of a predicate of mixed evidence may stand ("findings on quality of life were inconsistent").
CLAUSE_REACH = 12
# Words of expectation before a change, which make it hoped for, not found: "anticipated benefits include",
# "the expected improvements in".
EXPECTATION = frozenset({"anticipated", "expected", "hypothesised", "hypothesized", "intended", "hoped-for", "putative",
                         "presumed", "assumed", "theorised", "theorized", "envisaged", "desired"})
# Verbs of failing before "to", which report that the attempt came to nothing: "the programme failed to reduce".
FAILING = frozenset({"failed", "fail", "fails", "failing", "unable"})
# Words that mark what follows as the goal: "to improve", "would reduce".
PURPOSE_MARKS = frozenset({"to", "would"})
# Judgements of what a means achieved, which make "an effective strategy to reduce" a claim that it reduced, not a
# purpose: "peer support is an effective strategy to reduce readmissions", "a successful approach to improve hope".
ACHIEVING = frozenset({"effective", "efficacious", "successful", "useful", "helpful", "beneficial"})
# Words of promise before a means and its infinitive of change, which claim the change as a hedge does: "a promising
# approach to improve recovery" says peer support may improve it (the annotation rules read a promise as a modal hedge).
PROMISING = word_set({"promising", "promise"})
# Nouns after "to" that make it no infinitive but a phrase of time: "studies to date have found".
TIME_AFTER_TO = frozenset({"date"})
# Words of focus before a gerund of change: "focused on improving", "aimed at reducing".
FOCUS_WORDS = word_set({"focused", "focusing", "focus", "focuses", "focussed", "aimed", "aiming", "targeted",
                        "targeting", "centred", "centered", "geared", "directed", "committed", "dedicated"})
FOCUS_LINKS = frozenset({"on", "at", "towards", "toward", "to"})
# Words of wanting whose object is wished for, not found: "wanted more help with employment".
DESIRE_WORDS = frozenset({"want", "wants", "wanted", "wanting", "wish", "wished", "requested", "desired", "hoping"})
# Words of wanting or interest that, like an expectation, reach forward to the end of their clause: in "participants
# were most interested in services related to enhancing coping skills, enabling wellbeing" the enabling is wanted.
WANTING = DESIRE_WORDS | {"interested"}
# Adjectives of success that, after "for" or "to", name what something is needed for: "key to successful
# integration", "essential for effective peer support".
SUCCESS_ADJECTIVES = frozenset({"successful", "effective"})
# Nouns of need that, followed by "for", wish for what comes after as wanting does: "needs for supervision".
NEEDS = frozenset({"need", "needs"})
# Words of level that, joined by a hyphen to the next word, make an adjective of kind, not a level: "high-risk
# drinking", "low-income families", "high-intensity support".
LEVEL_WORDS = frozenset({"high", "low", "higher", "lower"})
# Nouns after a hyphened level word that grade the evidence ("low-quality evidence"), which the directions read.
EVIDENCE_GRADE_NOUNS = frozenset({"quality", "certainty", "confidence", "strength"})
# Nouns by which "to a greater degree" grades a change named before it.
DEGREE_NOUNS = frozenset({"degree", "extent"})
# How many words before an outcome a purpose may stand, how many words apart a purpose word and its mark may
# stand, and the marks that end such a phrase.
PURPOSE_REACH = 8
PURPOSE_WORD_REACH = 4
PURPOSE_ENDS = frozenset({",", ";", ":", "(", ")", "but", "while", "whereas"})


def asserted_cues(sentence: Sentence) -> list[Cue]:
    """The cues a result sentence asserts, in order: its cue words and statistics, a judgement of the support in
    place of the cue words inside it, a minority's judgement turned, and no purpose or expectation."""
    judged = [Cue(FAVOURABLE if favourable else UNFAVOURABLE, first, last)
              for first, last, favourable in judgements(sentence)]
    cues = [c for c in find_cues(sentence)
            if not any(j.first <= c.first <= j.last for j in judged)]
    cues = [c for c in cues if not _topic_of_inquiry(c, sentence) and not _qualifies_no_evidence(c, sentence)
            and not _in_compound_of_kind(c, sentence) and not _degree_of_another(c, sentence)]
    return _without_goals(sorted(_by_a_minority(cues + judged, sentence) + statistic_cues(sentence),
                                 key=lambda c: c.first), sentence)


def _topic_of_inquiry(cue: Cue, sentence: Sentence) -> bool:
    """True when a neutral cue names what was looked into, not what was found: "we examined the effect on hope",
    "explored how peer work influenced identity", "whether the groups affected loneliness". The annotation rules make
    an outcome Unclear when it is said to be affected; looking into an effect says nothing of whether there was one."""
    if cue.kind != NEUTRAL:
        return False
    return bool(set(sentence.words_before(cue.first, PURPOSE_ENDS, INQUIRY_REACH)) & INQUIRY_WORDS)


def _degree_of_another(cue: Cue, sentence: Sentence) -> bool:
    """True when a cue only grades the change named before it: in "reported reductions in drinking to a greater
    degree than students taught by staff" the reductions were larger, and "greater" is no rise of its own."""
    before = [t.norm for t in reversed(sentence.tokens[:cue.first]) if t.word][:2]
    after = next((t.norm for t in sentence.tokens[cue.last + 1:] if t.word), "")
    return before == ["a", "to"] and after in DEGREE_NOUNS


def _in_compound_of_kind(cue: Cue, sentence: Sentence) -> bool:
    """True when a cue is part of an adjective of kind made by a hyphen from a word of level: "high-risk drinking",
    "low-income families", "high-risk" in "students at high-risk". The compound says what kind of thing follows,
    not that anything rose, fell or was a risk."""
    tokens = sentence.tokens
    first, last = cue.first, cue.last
    if tokens[last].norm in LEVEL_WORDS and last + 2 < len(tokens) and tokens[last + 1].text in HYPHENS \
            and tokens[last + 2].word:
        # "high-risk", "low-income": the level word opens the compound; "low-quality evidence" grades evidence
        return tokens[last + 2].norm not in EVIDENCE_GRADE_NOUNS
    return first >= 2 and tokens[first - 1].text in HYPHENS and tokens[first - 2].norm in LEVEL_WORDS  # its "risk"


def _qualifies_no_evidence(cue: Cue, sentence: Sentence) -> bool:
    """True when a word that calls evidence mixed ("contradictory", "conflicting", "inconsistent", "equivocal")
    qualifies something else, with no word of evidence or results near it: "a contradictory dual role" is a role,
    while "the findings were conflicting" and "inconsistent evidence" sum up results."""
    if cue.kind != MIXED:
        return False
    words = [t.norm for t in sentence.tokens[cue.first:cue.last + 1] if t.word]
    if len(words) != 1 or words[0] not in EVIDENCE_QUALIFIERS:
        return False
    near = {t.norm for t in sentence.tokens[max(0, cue.first - QUALIFIED_REACH):cue.last + 1 + QUALIFIED_REACH]}
    if _word_before(cue, sentence) in COPULAS:
        # said of the subject of its clause, however long: "findings on quality of life were inconsistent"
        near |= set(sentence.words_before(cue.first, PURPOSE_ENDS | STRONG_BOUNDARIES, CLAUSE_REACH))
    return not near & RESULT_NOUNS


def _by_a_minority(cues: list[Cue], sentence: Sentence) -> list[Cue]:
    """Cues where a favourable judgement held for a minority of the people asked says the outcome fell short: "less
    than one-half were satisfied with their promotion opportunities", "only a few found it helpful". A change a
    minority made is no worsening but a result for some only: "less than half of participants improved" is Mixed."""
    shares = [sentence.start + m.end() for m in MINORITY.finditer(sentence.text)]
    if not shares:
        return cues
    out = []
    for c in cues:
        at = sentence.tokens[c.first].start
        if c.kind in POLAR and any(end <= at and not any(
                t.norm in STRONG_BOUNDARIES or t.norm == "," for t in sentence.tokens if end <= t.start < at)
                for end in shares):
            words = {t.norm for t in sentence.tokens[c.first:c.last + 1]}
            if c.kind == FAVOURABLE and words & JUDGING_WORDS:
                c = Cue(UNFAVOURABLE, c.first, c.last)
            else:
                out.append(Cue(QUANTIFIED_HEDGE, c.first, c.first))
        out.append(c)
    return out


def _without_goals(cues: list[Cue], sentence: Sentence) -> list[Cue]:
    """The cues of a sentence without those that name a purpose, an expectation or a wish; an expectation or a wish
    reaches forward to the end of its clause, as ConText's hypothetical modifier does: in "anticipated benefits
    include engagement, social support and stigma reduction" the reduction is anticipated too, and in "were most
    interested in services related to enhancing coping skills" the enhancing is wanted."""
    expected = [c.first for c in cues if c.kind in POLAR and _word_before(c, sentence) in EXPECTATION]
    expected += [i for i, t in enumerate(sentence.tokens) if t.norm in WANTING]
    # "discussed needs for high-quality supervision": what is needed is wanted, not found; a need a change is said of
    # is the outcome ("decreased need for emergency help", "reduce the need for crisis services")
    changed = {i for c in cues if c.kind in POLAR for i in range(c.last + 1, c.last + 3)}
    expected += [i for i, t in enumerate(sentence.tokens[:-1])
                 if t.norm in NEEDS and sentence.tokens[i + 1].norm == "for" and i not in changed]
    kept = []
    for c in cues:
        if _purpose_cue(c, sentence) or any(start <= c.first and not any(
                t.norm in STRONG_BOUNDARIES for t in sentence.tokens[start:c.first]) for start in expected):
            continue
        kept.append(c)
    return kept


def _word_before(cue: Cue, sentence: Sentence) -> str:
    """The word right before a cue; "" at the start of the sentence."""
    return next((t.norm for t in reversed(sentence.tokens[:cue.first]) if t.word), "")


def _purpose_cue(cue: Cue, sentence: Sentence) -> bool:
    """True when a change word names what something is for, not what happened: a gerund after the noun of an
    intervention or study ("four studies preventing eating disorders", "interventions reducing stigma") or the
    word after a verb of targeting ("targeted reductions in"), as ConText's hypothetical modifiers mark what is
    not asserted."""
    if cue.kind not in POLAR:
        return False
    before = _word_before(cue, sentence)
    gerund = sentence.tokens[cue.first].norm.endswith("ing")
    if before == "to" and sentence.tokens[cue.first].norm in BASE_CHANGE_VERBS:
        # an infinitive of change is a purpose ("activities to promote recovery") unless a verb of showing, helping
        # or being able governs it ("was found to improve", "helped them to reduce", "were able to reduce")
        # ("these results support the use of mentors to reduce self-stigma")
        ahead = [t.norm for t in reversed(sentence.tokens[:cue.first]) if t.word][1:1 + PURPOSE_REACH]
        if PROMISING & set(ahead[:3]):
            return False  # "a promising approach to improve recovery": a change claimed, and hedged by the promise
        if ahead[:1] and ahead[0] in MEANS_NOUNS:
            return True  # "highlight ways to improve access": the ways are for improving it
        return not ahead or (ahead[0] not in RESULT_BEFORE_TO and not (set(ahead[:3]) & RESULT_BEFORE_TO
                                                                       and ahead[0] not in PURPOSE_NOUNS)
                             and not set(ahead) & SHOWING_VERBS)
    if before in ("for", "to") and sentence.tokens[cue.first].norm in SUCCESS_ADJECTIVES:
        return True  # "supervision as essential for successful peer programming": a condition of success, not one
    if gerund and before in TOWARD:
        # "a step toward improving the continuity of care": what the step is toward is its aim; what something
        # contributed toward is a result
        two_before = [t.norm for t in reversed(sentence.tokens[:cue.first]) if t.word][1:2]
        return two_before != [] and two_before[0] in STEP_NOUNS
    return (gerund and before in PURPOSE_NOUNS) or before in TARGETING


def goal_of_an_attempt(match: Match, sentence: Sentence) -> bool:
    """True when an outcome is the object of a purpose ("trying to help participants change their smoking",
    "designed to reduce readmissions"): what was attempted, not what was found."""
    words: list[str] = []
    at_start = True
    for token in reversed(sentence.tokens[:match.first]):
        if token.norm in PURPOSE_ENDS or len(words) > PURPOSE_REACH:
            at_start = False
            break
        if token.word:
            words.append(token.norm)
    if at_start and (words[-1:] == ["to"] or words[-2:] == ["order", "in"]):
        return True  # "To improve recovery, peers shared ...", "In order to reduce ..."
    for k, word in enumerate(words):
        purpose = [j for j in range(k + 1, min(len(words), k + 1 + PURPOSE_WORD_REACH)) if words[j] in PURPOSE_WORDS]
        shown = [i for i in range(purpose[0] + 1, min(len(words), purpose[0] + 1 + PURPOSE_WORD_REACH))
                 if words[i] in SHOWING_VERBS and words[i + 1:i + 2] != ["peer"]] if purpose else []
        failed = words[k + 1:k + 2] and words[k + 1] in FAILING
        achieved = (bool(purpose) and words[purpose[0] + 1:purpose[0] + 2] != []
                    and words[purpose[0] + 1] in ACHIEVING | PROMISING)
        if word in PURPOSE_MARKS and purpose and (k == 0 or words[k - 1] not in {"be", *TIME_AFTER_TO}) \
                and not shown and not failed and not achieved:
            # "expected peer support to improve", "hoped the groups would reduce"; not "found peer services to be
            # effective at reducing", nor "findings support the use of peer mentors to reduce", nor "an effective (or a
            # promising) approach to improve"
            return True
        if word in FOCUS_LINKS and k + 1 < len(words) and words[k + 1] in FOCUS_WORDS:
            return True  # "focused on improving self-esteem and reducing stigma"
        if word in DESIRE_WORDS and k < PURPOSE_WORD_REACH:
            return True
    return False
