"""Findings: which way each outcome went, read clause by clause from the cue words around it.

Precise before broad:
- a "no difference" cue ("equally effective", "not significantly different") wins;
- a "mixed" cue ("mixed evidence", "not consistent", "confounded") makes the clause Mixed;
- otherwise the polar cue nearest to the outcome decides, turned by the outcome's polarity
  ("reduced hospitalisation" is favourable); a negated cue ("did not improve") gives
  NoDifference, never the opposite direction;
- a quantified hedge ("some studies found") makes a polar result Mixed, a modal hedge
  ("may improve") makes it Unclear; neither inflates it;
- clauses split at contrasts ("but", "whereas", "in which", ";"), and discourse markers
  such as "on the other hand" never flip anything;
- an outcome with only a neutral cue ("changes to stigma") is Unclear, unless the cue links two
  outcomes ("burnout impacts job satisfaction", "stigma was a barrier to help-seeking"), which is no
  finding about peer support;
- evidence called uncertain or inconclusive, and a modal hedge before "no difference" ("may be
  equivalent"), give Unclear;
- "no" reaches its noun past modifiers ("no significant between-group differences"), and a null said
  "between the groups" reaches back to the outcomes before it;
- wordings of an outcome's opposite ("hopelessness", "role clarity", "remission") turn a rise or fall
  round; a cue word that belongs to an outcome's own words speaks for that outcome only;
- one outcome can take two results in two clauses ("lower at 3 months, although not at 6 months");
  a clause that adds to the one before ("but also") takes its change; other studies finding nothing
  ("whereas four found no effect") make a review's result Mixed;
- numbers alone: a significant result given per arm is read against the comparison arm, besides
  p-values and intervals; a change in the comparison arm alone, or in every arm, is no finding, and
  neither are the groups as they were at baseline;
- a comparison said of the comparison arm, as its subject ("control participants reported greater gains",
  "usual care outperformed") or as the place it holds ("lower in the control group"), speaks for the comparison;
- what is attempted, meant, hoped, expected, believed or wanted is a goal, not a result ("To improve recovery, ...",
  "hoped the groups would reduce", "focused on reducing stigma"), unless a verb of showing governs it;
- the outcomes an association starts from are its predictors ("levels of hope among peer workers were associated
  with improvements in empowerment"); a statistic in an outcome's own parenthesis speaks for that outcome only;
- a denial that a change lasted or held in the main analysis ("this was not sustained", "but intention-to-treat
  analyses did not") gives no difference; a change one way for some and the other way for others, or other
  studies denying it ("but four did not"), is mixed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from rdflib import URIRef

from kg.extract.comparators import COMPARES
from kg.extract.cues import (
    COMPARISON_ARM,
    DECREASE,
    DIFFER,
    FAVOURABLE,
    INCREASE,
    MIXED,
    MODAL_HEDGE,
    NEGATION,
    NEUTRAL,
    NO_DIFFERENCE,
    POLAR,
    PRESENCE,
    PRESENCE_REACH,
    PREVALENT,
    QUANTIFIED_HEDGE,
    UNCERTAIN,
    UNFAVOURABLE,
    Cue,
    find_cues,
    statistic_cues,
)
from kg.extract.evaluations import judgements
from kg.extract.lexicon import OUTCOME, Lexicon
from kg.extract.matcher import Match
from kg.extract.model import Finding
from kg.extract.text import Sentence, Token, normalize_phrase
from kg.namespaces import PSK

# Labels that name the opposite of their outcome: "reduced hopelessness" is more hope, "improved role clarity"
# is less role ambiguity. A rise or fall in one of them counts the other way round.
INVERSE_LABELS = frozenset(normalize_phrase(p) for p in (
    "hopelessness", "hopeless", "powerlessness", "powerless", "disempowerment", "disconnectedness",
    "role clarity", "role clarification", "turnover", "intention to leave", "intent to leave", "turnover intention",
    "intention to quit", "disability", "level of disability", "levels of disability", "social impairment",
    "functional impairment", "pain", "physical health problems", "physical illness", "chronic conditions",
    "chronic disease", "physical symptoms", "smoking", "tobacco use", "cigarettes per day", "remission",
    "financial vulnerability", "financial strain", "illness stability", "days in the community",
    "community tenure"))
# How many tokens before a cue a negation reaches: "did not significantly improve".
NEGATION_REACH = 3
# Verbs of showing or bringing about whose negation negates what their object says: "did not show a
# reduction", "failed to demonstrate improvements", "do not support the effectiveness of", "did not lead to".
SHOWING_VERBS = frozenset({"show", "showed", "shown", "find", "found", "support", "supported", "demonstrate",
                           "demonstrated", "confirm", "confirmed", "detect", "detected", "observe", "observed",
                           "produce", "produced", "yield", "yielded", "lead", "led", "result", "resulted", "provide",
                           "provided", "translate", "translated", "achieve", "achieved", "indicate", "indicated",
                           "suggest", "suggested"})
# How far after such a negation its object's cue may stand.
NEGATED_OBJECT_REACH = 12
# Words that grade evidence, and the words of evidence they grade: "low-certainty evidence", "the quality of the
# evidence was low". How far before a grade the evidence may be named.
EVIDENCE_GRADES = frozenset({"low", "lower", "weak", "poor", "limited", "high", "strong", "moderate"})
EVIDENCE_WORDS = frozenset({"evidence", "certainty"})
SUBJECT_ENDS = frozenset({",", ";", "(", "that", "which", "whether"})
EVIDENCE_REACH = 8
# Outcome names that are judgements in themselves, the verbs that assert them and the adjectives that grade them
# as enough: "demonstrates feasibility", "adequate acceptability".
EVALUATIONS = frozenset({"feasibility", "acceptability", "satisfaction", "helpfulness", "usefulness"})
ASSERTING = frozenset({"suggest", "suggests", "suggested", "indicate", "indicates", "indicated", "demonstrate",
                       "demonstrates", "demonstrated", "show", "shows", "showed", "shown", "support", "supports",
                       "supported", "confirm", "confirms", "confirmed", "establish", "established", "establishes"})
SUFFICIENT = frozenset({"moderate", "adequate", "reasonable", "sufficient", "acceptable"})
ASSERTION_REACH = 5
# Words that make what follows them the topic of the noun before: "stigma about", "attitudes toward", "confidence
# in managing", "coping with"; the nouns of belief and knowledge that take a topic; words skipped between.
TOPIC_LINKS = frozenset({"about", "toward", "towards", "regarding", "concerning", "related to", "surrounding",
                         "in managing", "with managing", "for managing", "in dealing with", "with", "around", "to",
                         "into"})
TOPIC_HEADS = frozenset({"knowledge", "belief", "understanding", "awareness", "shame", "fear", "worry", "conversation",
                         "information", "talk", "coping", "literacy"})
TOPIC_FILLERS = frozenset({"the", "their", "his", "her", "its", "one", "own", "a", "an", "people", "others"})
TOPIC_REACH = 4
# Cue words that are also nouns of measure, transparent before "of": "a reduced risk of suicide attempts".
MEASURE_NOUNS = frozenset({"risk"})
# Words that take an outcome out of a change said of a whole set: "all measures except employment".
EXCEPTIONS = (("except",), ("apart", "from"), ("aside", "from"), ("other", "than"), ("excluding",),
              ("with", "the", "exception", "of"))
# Words of time that make a clause about the same outcome another result, not a qualification of it: "by 12
# months, however, the effect had disappeared".
LATER = re.compile(r"\b(?:months?|weeks?|years?|follow[-\s]?up|post[-\s]?intervention|long(?:er)?[-\s]term)\b",
                   re.IGNORECASE)
# How much farther a change after a coordinator stands from the outcome before it than its token distance.
COORDINATED_AFTER = 100
# Words after a null that speak of the groups as a whole: "no significant difference between groups", "by group",
# "across arms".
GROUPS_WORDS = frozenset({"between", "by", "across", "among", "group", "treatment", "condition", "arm"})
# Prepositions that open a time or circumstance after "but not": "but not at follow-up", "although not in women".
CIRCUMSTANCE_WORDS = frozenset({"at", "in", "for", "after", "during", "by", "over", "among", "until", "beyond"})
# Verbs of being through which a clause says something of its subject, and how far before a cue they stand.
COPULAS = frozenset({"was", "were", "is", "are", "be", "been", "remained", "remain", "appeared", "seemed"})
PREDICATE_REACH = 3
# Verbs whose object is said of their subject: "empowerment showed a non-significant improvement".
PREDICATE_VERBS = frozenset({"showed", "shows", "had", "has", "demonstrated", "revealed", "yielded", "displayed",
                             "exhibited"})
# How near before an outcome its own change stands ("reduced self-stigma"), and words between a subject and its
# predicate ("hope was not significantly changed").
OWN_CHANGE_REACH = 2
# Words by which a later clause speaks again of the change before it: "the difference", "this", "the effect".
ANAPHORS = frozenset({"difference", "effect", "change", "improvement", "reduction", "increase", "decrease", "this",
                      "these", "it", "they", "which", "result", "finding", "gain"})
PREDICATE_FILLERS = frozenset({"not", "also", "then", "further", "both"})
AUXILIARIES = frozenset({"did", "do", "does", "was", "were", "is", "are", "had", "has", "have", "could"})
# Clause boundaries that separate what each side says. Concessive "although" joins its clause
# to the main one, so "although this was not consistent" still qualifies the main clause.
STRONG_BOUNDARIES = frozenset({";", "but", "whereas", "however", "yet", "while"})
CONCESSIVE = frozenset({"although", "though"})
PREFIX_LENGTH = 32
# Words from which a list item after a semicolon counts as a clause of its own.
CLAUSE_ITEM = 8
# Words that end the scope of a no-difference or mixed cue inside a clause, as ConText's terminators do:
# "positive effects on stigma stress as well as non-significant effects on self-stigma".
SCOPE_TERMINATORS = (("as", "well", "as"), ("except",), ("apart", "from"), ("aside", "from"), ("other", "than"),
                     ("unlike",))
# First words of no-difference cues whose scope runs forward only, as ConText's forward modifiers do.
NULL_PHRASE_REACH = 4
FORWARD_OPENERS = frozenset({"no", "non", "without", "lack", "insufficient", "little", "limited"})
# Words that open a subordinate clause ended by the first comma: "While the trial found no benefit, hope ...".
SUBORDINATORS = frozenset({"while", "whereas", "although", "though", "whilst", "because"})
# Words of trying or intending whose infinitive names a goal, not a result: "trying to help", "designed to reduce",
# "in order to improve"; how far before an outcome, and the marks that end such a phrase.
PURPOSE_WORDS = frozenset({"try", "tries", "tried", "trying", "attempt", "attempts", "attempted", "attempting", "aim",
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
# Nouns of what is meant to bring a change about, which a gerund of change after them describes: "studies
# preventing eating disorders", "programmes improving hope".
PURPOSE_NOUNS = frozenset({"intervention", "interventions", "programme", "programmes", "program", "programs",
                           "strategy", "strategies", "approach", "approaches", "initiative", "initiatives", "trial",
                           "trials", "study", "studies", "service", "services", "efforts", "components", "activities",
                           "sessions", "groups", "tools"})
# Change verbs in their base form, which after "to" name a purpose, and the words before "to" that make the
# infinitive a result: "was found to improve", "helped participants to reduce", "were able to increase".
BASE_CHANGE_VERBS = frozenset({"improve", "reduce", "increase", "decrease", "promote", "enhance", "foster", "build",
                               "strengthen", "lower", "prevent", "boost", "raise", "lessen", "alleviate", "support"})
RESULT_BEFORE_TO = frozenset({"found", "shown", "appeared", "appears", "appear", "seemed", "seems", "seem", "helped",
                              "help", "helps", "able", "tended", "tends", "tend", "likely", "continued", "failed",
                              "unable", "proved", "reported", "said", "felt", "perceived", "believed", "went", "led",
                              "contributed", "served", "due", "according", "tendency", "trend", "trended", "began",
                              "begun", "started", "managed", "came"})
# Verbs of aiming whose object is the goal: "targeted reductions in", "addressing improvements".
TARGETING = frozenset({"targeted", "targeting", "targets", "target", "addressed", "addressing"})
# A minority of the people asked, as the subject of a judgement. Matches: "less than one-half were", "fewer than
# half of respondents", "a minority of participants", "only a few"
MINORITY = re.compile(r"\b(?:(?:less|fewer)\s+than|under)\s+(?:one[-\s])?half\b|\ba\s+minority\b"
                      r"|\bonly\s+(?:a\s+)?(?:few|minority|one\s+in)\b", re.IGNORECASE)
# Words of judgement whose favourable sense a minority's share turns round: "less than half were satisfied".
JUDGING_WORDS = frozenset({"satisfied", "satisfying", "helpful", "useful", "valued", "valuable", "acceptable",
                           "pleased", "happy", "worthwhile", "supportive", "positive", "positively", "well"})
# Words of expectation before a change, which make it hoped for, not found: "anticipated benefits include",
# "the expected improvements in".
EXPECTATION = frozenset({"anticipated", "expected", "hypothesised", "hypothesized", "intended", "hoped-for", "putative",
                         "presumed", "assumed", "theorised", "theorized", "envisaged", "desired"})
# Verbs of failing before "to", which report that the attempt came to nothing: "the programme failed to reduce".
FAILING = frozenset({"failed", "fail", "fails", "failing", "unable"})
# Words that mark what follows as the goal: "to improve", "would reduce".
PURPOSE_MARKS = frozenset({"to", "would"})
# Words of focus before a gerund of change: "focused on improving", "aimed at reducing".
FOCUS_WORDS = frozenset({"focused", "focusing", "focus", "focuses", "focussed", "aimed", "aiming", "targeted",
                         "targeting", "centred", "centered", "geared", "directed", "committed", "dedicated"})
FOCUS_LINKS = frozenset({"on", "at", "towards", "toward", "to"})
# Words of wanting whose object is wished for, not found: "wanted more help with employment".
DESIRE_WORDS = frozenset({"want", "wants", "wanted", "wanting", "wish", "wished", "requested", "desired"})
PURPOSE_REACH = 8
PURPOSE_WORD_REACH = 4
PURPOSE_ENDS = frozenset({",", ";", ":", "(", ")", "but", "while", "whereas"})
# Words that make the outcome after them an organisation's: "organizational functioning", "team functioning".
ORGANISATION_WORDS = frozenset({"organisational", "organizational", "institutional", "team", "system", "systems",
                                "service-level", "workplace", "ward", "unit"})
# Verbs that make the outcomes named before them predictors of those named after: "X was associated with Y".
PREDICTING = frozenset({"associated", "predicted", "predicts", "predict", "correlated", "linked"})
PREDICTOR_ENDS = frozenset({";", "whereas", "while", "but"})
# Other studies of a review, or other people, as the subject of a clause. Matches: "whereas four found no effect",
# "while other trials showed no difference", "the remaining studies reported no change", "while others felt no change"
OTHER_STUDIES = re.compile(r"^\W*(?:while|whereas|but|and)?\s*(?:others|the\ (?:others|rest|remainder))\b"
                           r"|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|others?|remaining|the\ rest)"
                           r"\b(?:\s+\w+){0,2}?\s+(?:found|reported|showed|demonstrated|observed)\b"
                           r"|\b(?:studies|trials|reviews)\b", re.IGNORECASE | re.VERBOSE)
# Other people or studies than those a clause before spoke of. Matches: "worsened for others", "while two trials found
# increases", "for the remaining participants"
OTHERS = re.compile(r"\b(?:others|other\ (?:participants|people|users|studies|trials|reviews)|the\ rest|remaining)\b"
                    r"|" + OTHER_STUDIES.pattern, re.IGNORECASE | re.VERBOSE)
# A counted subject opening a clause: other studies or people than those the clause before spoke of. Matches: "but
# four did not", "while 12 showed no change", "whereas some did not"
COUNTED_SUBJECT = re.compile(r"^\W*(?:but|while|whereas|and|although)?\s*(?:\d+|one|two|three|four|five|six|seven|eight"
                             r"|nine|ten|some|many|most|several)\b(?!\s*(?:%|months?|weeks?|years?|days?))",
                             re.IGNORECASE)
# Counted studies or people that went two ways in one sentence. Matches: "five reported improvements in hope and
# seven found no significant change", "three trials found benefits, whereas two found none", "4 studies showed
# reductions while the others showed no effect"
_COUNT = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
SPLIT_RESULTS = re.compile(rf"""\b{_COUNT}\s+(?:\w+\s+){{0,2}}?(?:found|reported|showed|demonstrated|observed)\b
    [^;.]*?\b(?:and|while|whereas|but)\s+(?:{_COUNT}|(?:the\ )?others|the\ (?:rest|remainder|remaining))
    (?:\s+\w+){{0,2}}?\s+(?:found|reported|showed|demonstrated|observed)\s+(?:no|non|none|little)\b""",
                           re.IGNORECASE | re.VERBOSE)
# Change within every group is no finding about peer support. Matches: "Across groups, depression ... improved",
# "Participants in both interventions improved significantly over time"
WITHIN_GROUPS = re.compile(r"\b(?:across\ (?:all\ )?(?:groups|arms|conditions)|(?:in\ )?both\ (?:groups|arms|conditions"
                           r"|interventions)|all\ (?:three\ )?(?:groups|arms|conditions)|regardless\ of\ (?:group"
                           r"|condition|arm))\b", re.IGNORECASE | re.VERBOSE)
# Words of a trend, a result short of significance.
TREND_WORDS = frozenset({"trend", "trends", "trended", "tendency"})
# The modal verbs of the annotation rules' hedges.
MODAL_VERBS = frozenset({"may", "might", "could", "can"})
# How many words open a clause: a phrase among them governs the whole clause.
LEAD_WORDS = 3
# A list of themes or categories names outcomes without saying which way they went.
# Matches: "Thematic synthesis revealed five descriptive themes: ...", "Seven major themes were identified in"
THEME_LIST = re.compile(r"\b(?:themes?|thematic|categories|subthemes?|elements|domains|features)\b.{0,60}?"
                        r"\b(?:identified|emerged|revealed|included|organi[sz]ed|were|found)\b"
                        # "outcomes were" reports results; "outcomes identified ... included" lists them
                        r"|\boutcomes\b.{0,60}?\b(?:identified|emerged|included)\b"
                        r"|\b(?:identified|revealed|emerged|included|organi[sz]ed)\b.{0,40}?"
                        r"\b(?:themes?|thematic|categories|elements|domains|features)\b", re.IGNORECASE)
# A sentence that describes who took part, not what changed. Matches: "Participants were predominately female"
DESCRIBES_SAMPLE = re.compile(r"^(?:the\s+)?(?:participants|respondents|patients|clients|the\s+sample"
                              r"|most\s+participants)"
                              r"\s+(?:were|was|had)\s+(?:predominantly|predominately|mostly|mainly|largely|primarily"
                              r"|aged|on\s+average|female|male|women|men|white|black)", re.IGNORECASE)
# How near a cue must stand to an outcome in a list of themes: "(5) Overall high acceptability".
THEME_REACH = 2
# Words that open a list of examples; a cue right before one says what the items are: "several benefits for
# mentees; including hope, reconnection with others".
LIST_OPENERS = frozenset({"including", "include", "included", "such", ":"})
LIST_HEAD_REACH = 4
# Words that hold a list of outcomes together: "the recovery and well-being of".
LIST_GLUE = frozenset({"and", "or", ",", "the", "their", "its", "of", ""})

# Statistical association between measures, which says nothing about peer support unless the
# sentence names the intervention or a comparison.
# Matches: "role clarity significantly predicted less emotional exhaustion"
ASSOCIATION = re.compile(r"\b(?:predict(?:ed|s|ors?)?|correlat\w*|mediat\w*|account(?:ed|ing)\ for|regression"
                         r"|associated\ with|association\ between)\b",
                         re.IGNORECASE)
# Nouns of change after an association, which make it a result about what changed: "groups are associated with
# reported improvements in", "associated with reductions in".
CHANGE_NOUNS = re.compile(r"\b(?:improvements?|reductions?|benefits?|gains|declines?|decreases?)\b", re.IGNORECASE)
# Matches: "peer support was associated with", "compared with the control group", "the intervention"
AGENT = re.compile(r"\b(?:peer|peers(?![’'])|PSWs?|PSs|intervention|program(?:me)?s?|navigation|navigators?|compared"
                   r"|control\ (?:group|arm|condition)s?|controls|versus|vs\.?|usual\ care|attendance|received"
                   r"|receiving)\b", re.IGNORECASE)


# Events that change people's lives whatever the support: "the pandemic", "COVID-19", "lockdowns".
EVENTS = re.compile(r"\b(?:pandemic|covid(?:-19)?|coronavirus|lockdowns?|disasters?|earthquakes?|war|recession)\b",
                    re.IGNORECASE)
# A comparison between kinds of people rather than between arms. Matches: "than men", "than younger ones",
# "compared with women", "than those without a diagnosis", "older participants ... than younger"
SUBGROUPS = re.compile(r"""\b(?:than|compared\ (?:with|to)|versus|vs\.?)\s+(?:the\s+)?
    (?:men|women|males|females|boys|girls|(?:younger|older)\b|those\ (?:without|with)\b
      |(?:non-?)?(?:white|black|hispanic|latino|asian)\b|(?:other\ )?(?:ethnic|age|gender)\ groups)
    |\b(?:than|over|compared\ (?:with|to)|versus|vs\.?)\s+(?:the\s+)?(?:low|high|non-?|less\ frequent|frequent)\s*
      (?:attenders|completers|users|participants)\b""",
                       re.IGNORECASE | re.VERBOSE)
# A result said of the outcomes as a whole, not of one of them. Matches: "There were no other significant
# differences", "no statistically significant differences in improvement among the groups", "found no
# statistically significant benefits for peer support on the primary or secondary outcome measures"
OVERALL = re.compile(r"\b(?:no\ other|any\ (?:of\ the\ )?(?:other\ )?outcomes?|(?:primary|secondary)\ (?:or|and)\ "
                     r"(?:primary|secondary)\ outcomes?|outcome\ measures|all\ outcomes|among\ the\ groups"
                     r"|between\ (?:the\ )?(?:groups|arms|conditions|them)|no\ (?:single\ )?outcome"
                     r"|neither\ (?:the\ )?primary\ nor|not\ (?:significantly\ )?(?:effective|efficacious|beneficial)"
                     r"|(?:improve|change|affect|benefit)\w*\ (?:any\ |the\ |these\ )?outcomes)\b",
                     re.IGNORECASE | re.VERBOSE)
# A change located in the comparison arm alone, which says nothing of peer support by itself.
# Matches: "deteriorated in the control group", "among controls"; the clause must not compare ("than", "versus").
IN_CONTROL_ARM = re.compile(r"\b(?:in|among|for)\s+(?:the\s+)?(?:controls|(?:control|comparison|usual[-\s]care|TAU"
                            r"|wait[-\s]?list)(?:\s+(?:group|arm|condition|participants))?)\b", re.IGNORECASE)
# Comparative words whose comparison may be said of either arm, words before an arm that make it the object of a
# comparison ("compared with controls"), and how far after a comparative the arm it is located in may be named.
COMPARATIVES = frozenset({"higher", "lower", "greater", "more", "less", "fewer", "better", "worse", "larger", "smaller",
                          "outperformed", "outperform", "outperforms", "superior"})
OBJECT_MARKERS = frozenset({"with", "to", "than", "versus", "vs", "over", "against", "and", "or", "plus", "+",
                            "alongside", "added", "compared", "relative"})
# Verbs that name the arm a result favours right after them: "favoured usual care", "favoured the control group".
FAVOURING = frozenset({"favoured", "favored", "favours", "favors", "favouring", "favoring", "favour", "favor"})
FAVOURED_REACH = 5
# The comparison arm as the place a comparative holds. Matches: "in the control group", "among controls", "for
# usual care"; not "in comparison to".
CONTROL_LOCATION = re.compile(r"\b(?:in|among|for|with)\s+(?:the\s+)?(?:controls\b|(?:control|comparison"
                              r"|usual[-\s]care|TAU|wait[-\s]?list)\s+(?:group|arm|condition|participant)s?\b"
                              r"|(?:control|usual[-\s]care|TAU|wait[-\s]?list)\b(?!\s+(?:to|with)\b))", re.IGNORECASE)
LOCATION_REACH = 8
ARM_NOUN = re.compile(r"\b(?:groups?|arms?|conditions?)\b", re.IGNORECASE)
PEER_ARM = re.compile(r"\b(?:peer|peers|intervention|experimental|program(?:me)?)\b", re.IGNORECASE)
# Nouns that relate one outcome to another rather than say how it changed: "a barrier to help-seeking".
RELATING_NOUNS = frozenset({"barrier", "facilitator", "predictor", "obstacle"})
# A sentence about the groups at baseline, unless it measures change from there. Matches: "Baseline depression
# scores were higher in the intervention group", "participants with higher self-efficacy at baseline"; not
# "Scores improved from baseline to 6 months".
AT_BASELINE = re.compile(r"\bbaseline\b|\b(?:at|on)\s+(?:study\s+)?(?:entry|intake|enrol(?:l)?ment)\b", re.IGNORECASE)
FROM_BASELINE = re.compile(r"\b(?:from|since|over|relative\ to|compared\ (?:with|to)|vs\.?|versus)"
                           r"\s+(?:the\s+)?baseline\b|\bbaseline\s+(?:to|and)\b|\bpre[-\s]?(?:to|post)\b",
                           re.IGNORECASE | re.VERBOSE)
# A comparison with the comparator that denies a difference, or says the arms were alike: the comparison
# decides every outcome of its clause, whatever the words after it name as measured ("not superior to usual
# care in reducing symptoms" reports no difference, not a reduction). Matches: "was not superior to",
# "no more effective than", "not significantly better than", "did not outperform", "failed to outperform",
# "non-inferior to", "noninferiority", "as effective as", "equally effective", "neither better nor worse".
NULL_COMPARISON = re.compile(r"""
    \b(?:not|no|nor|never|neither|n't)\s+(?:statistically\s+)?(?:significantly\s+)?(?:more\s+)?
      (?:superior|better|more\ effective|more\ beneficial|worse|inferior|less\ effective)\s+(?:to|than)\b
    | \b(?:not|n't|failed\ to|did\ not|does\ not|do\ not)\s+(?:significantly\s+)?outperform
    | \bnon-?inferior(?:ity)?\b | \bnot\s+inferior\b
    | \bas\s+effective\s+as\b | \bequally\s+effective\b | \bneither\s+better\s+nor\s+worse\b
    """, re.VERBOSE | re.IGNORECASE)
# Sentences about who was randomised, not what changed: "no significant differences between groups at baseline".
BASELINE = re.compile(r"\b(?:baseline|demographic|characteristics|attrition|drop[- ]?out|retention)\b", re.IGNORECASE)


def _forward_only(cue: Cue, sentence: Sentence) -> bool:
    """A cue that opens with a negator reaches forward only ("no significant changes were observed in X"),
    unless it speaks of the groups as a whole: "hope improved, with no significant difference between groups"."""
    after = [t.norm for t in sentence.tokens[cue.last + 1:cue.last + 3]]
    # "without a significant between-group effect": the groups named inside the null's own noun phrase
    head = [t.norm for t in sentence.tokens[cue.last + 1:cue.last + 1 + NULL_PHRASE_REACH] if t.word]
    between_groups = cue.first == cue.last and any(w.startswith("between") for w in head)
    return sentence.tokens[cue.first].norm in FORWARD_OPENERS and not set(after) & GROUPS_WORDS \
        and not _predicate(cue, sentence) and not between_groups


def _predicate(cue: Cue, sentence: Sentence) -> bool:
    """True when a cue is said of the clause's subject through a verb of being: "Effects on quality of life were
    small and non-significant", "Hope was not significantly different"."""
    before = [t.norm for t in sentence.tokens[max(0, cue.first - PREDICATE_REACH):cue.first] if t.word]
    return any(w in COPULAS or w in PREDICATE_VERBS for w in before)


def _elliptic_negation(sentence: Sentence, first: int, last: int) -> bool:
    """True when a clause ends on a negated auxiliary whose verb is left out, as in "while self-esteem did
    not" or "but hope was not (p = .31)": it denies the change the clause before states."""
    words = []
    depth = 0
    for token in sentence.tokens[first:last + 1]:
        depth += (token.norm == "(") - (token.norm == ")")
        if token.word and depth == 0:
            words.append(token.norm)
    return len(words) >= 2 and words[-1] in ("not", "n't") and words[-2] in AUXILIARIES

def _terminated(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when a scope terminator stands between a cue and an outcome."""
    low, high = (cue.last, match.first) if cue.last < match.first else (match.last, cue.first)
    norms = [t.norm for t in sentence.tokens[low + 1:high] if t.norm]
    return any(tuple(norms[i:i + len(term)]) == term for term in SCOPE_TERMINATORS for i in range(len(norms)))


def _own_change_before(cue: Cue, match: Match, cues: list[Cue], sentence: Sentence) -> bool:
    """True when an outcome has its own change right before it and a null comes after it across a coordinator: in
    "reduced self-stigma and did not change self-esteem" the null is said of self-esteem only. A null said of the
    groups ("with no difference between groups") still reaches back."""
    if cue.first <= match.last or not any(t.norm in ("and", ",") for t in sentence.tokens[match.last + 1:cue.first]):
        return False
    phrase = [t.norm for t in sentence.tokens[cue.last + 1:cue.last + 1 + NULL_PHRASE_REACH] if t.word]
    if set(phrase[:2]) & GROUPS_WORDS or any(w.startswith("between") for w in phrase):
        return False  # "with no difference between groups", "without a significant between-group effect"
    if {t.norm for t in sentence.tokens[match.last + 1:cue.first]} & ANAPHORS:
        return False  # "..., and the difference was not significant" speaks of the change before
    return any(c.kind in POLAR and not _negated(c, cues, sentence) and (
        0 < match.first - c.last <= OWN_CHANGE_REACH
        or (match.last < c.first < cue.first and _says_of(c, match, sentence))) for c in cues)


def _says_of(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when a cue right after an outcome is its predicate: "self-esteem increased", "hope was higher"."""
    between = [t.norm for t in sentence.tokens[match.last + 1:cue.first] if t.norm]
    return len(between) <= PREDICATE_REACH and all(w in COPULAS or w in AUXILIARIES or w in PREDICATE_FILLERS
                                                   or w.endswith("ly") for w in between)


def _predicate_of_another(cue: Cue, match: Match, outcomes: list[Match], sentence: Sentence) -> bool:
    """True when a cue before an outcome is the predicate of another outcome just before the cue: in "self-esteem
    increased and hope was unchanged", "increased" is said of self-esteem, not of hope."""
    if cue.last >= match.first:
        return False
    before = [t.norm for t in sentence.tokens[cue.last + 1:match.first] if t.word][-2:]
    if before in (["as", "did"], ["so", "did"], ["as", "was"], ["as", "were"], ["as", "had"]):
        return False  # "quality of life improved, as did social functioning": the same change, said again
    for other in outcomes:
        if other is match or other.concept == match.concept or other.last >= cue.first:
            continue
        if _says_of(cue, other, sentence):
            return True
    return False


def _details_follow(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when a colon stands between a summary cue and an outcome after it: "Results were mixed: hope improved
    but loneliness did not" gives each outcome its own result."""
    return cue.kind == MIXED and cue.last < match.first and any(
        t.norm == ":" for t in sentence.tokens[cue.last + 1:match.first])


def _item_is_clause(tokens: tuple[Token, ...], at: int) -> bool:
    """True when the list item after a semicolon runs to CLAUSE_ITEM words or more before the next one."""
    words = 0
    for token in tokens[at + 1:]:
        if token.norm == ";":
            break
        words += token.word
    return words >= CLAUSE_ITEM


def clauses(sentence: Sentence) -> list[tuple[int, int, bool]]:
    """(first, last, starts_with_but_not) token ranges of a sentence's clauses; concessives stay joined."""
    tokens = sentence.tokens
    has_list = any(t.norm == ":" for t in tokens)
    cuts = [0]
    for i, token in enumerate(tokens):
        # The items of a list after a colon share its cue ("improved: hope; empowerment"), unless each
        # item is a clause of its own ("The findings indicate that: peers experience ambiguity; ...").
        if token.norm in STRONG_BOUNDARIES and i > 0 and not (token.norm == ";" and has_list
                                                               and not _item_is_clause(tokens, i)) and not (
                token.norm == ";" and i + 1 < len(tokens) and tokens[i + 1].norm in LIST_OPENERS) and not (
                token.norm == "but" and tokens[i - 1].norm == "some"):  # "some but not all trials" is one subject
            cuts.append(i)
        elif token.norm in CONCESSIVE and i > 0 and i + 1 < len(tokens) and tokens[i + 1].norm in ("not", "no"):
            cuts.append(i)  # "lower scores at 3 months although not at 6 months" contrasts two results
        elif token.norm == "and" and i + 1 < len(tokens) and tokens[i + 1].norm == "that":
            cuts.append(i)  # "participants changed ... and that the peers find the role challenging": two statements
        elif token.norm == "which" and i > 1 and tokens[i - 1].norm == "in" and tokens[i - 2].norm == ",":
            cuts.append(i - 1)
    # "While the pilot found no benefits on the outcomes, there is an indication that hope may increase."
    word_positions = [i for i, t in enumerate(tokens) if t.word]
    if word_positions and tokens[word_positions[0]].norm in SUBORDINATORS:
        comma = next((i for i, t in enumerate(tokens) if t.norm == ","), None)
        if comma is not None:
            cuts.append(comma + 1)
    cuts = sorted(set(cuts))
    cuts.append(len(tokens))
    out = []
    for a, b in pairwise(cuts):
        if b > a:
            lead = [t.norm for t in tokens[a:b] if t.word][:2]
            out.append((a, b - 1, lead[:1] in (["but"], ["although"], ["though"]) and lead[1:2] in (["not"], ["no"])))
    return out


def _links_outcomes(cue: Cue, outcomes: list[Match], sentence: Sentence | None = None) -> bool:
    """A neutral cue between two outcomes ("burnout impacts job satisfaction") relates them to each other, as
    does a barrier or facilitator between them ("stigma was a major barrier to help-seeking")."""
    relating = cue.kind == NEUTRAL or (sentence is not None and any(
        t.norm in RELATING_NOUNS for t in sentence.tokens[cue.first:cue.last + 1]))
    return relating and any(m.last < cue.first for m in outcomes) and any(m.first > cue.last for m in outcomes)


def _polarity(kind: str, outcome: URIRef, lex: Lexicon) -> int:
    better_higher = lex.improves.get(outcome, PSK.Higher) == PSK.Higher
    return {FAVOURABLE: 1, UNFAVOURABLE: -1, INCREASE: 1 if better_higher else -1,
            PRESENCE: 1 if better_higher else -1, PREVALENT: 1 if better_higher else -1,
            DECREASE: -1 if better_higher else 1}[kind]


def _negated(cue: Cue, cues: list[Cue], sentence: Sentence | None = None) -> bool:
    """True when a negation stands a few words before a cue ("did not significantly improve"), or before a
    verb of showing whose object holds the cue ("did not show a reduction in", "do not support the
    effectiveness of peer mentoring for reducing"). A parenthesis ends a negation's reach: the "(p = .31)"
    of "self-esteem did not (p = .31)" is the statistic of the negated result, not negated itself."""
    for c in cues:
        if c.kind != NEGATION or cue.first <= c.last:
            continue
        if sentence is not None and any(t.norm in ("(", ")") for t in sentence.tokens[c.last + 1:cue.first]):
            continue
        if cue.first - c.last <= NEGATION_REACH:
            return True
        if sentence is not None and sentence.tokens[c.first].norm in ("neither", "nor"):
            return True  # "neither loneliness nor self-esteem differed": the coordinated subjects, then the verb
        if sentence is not None and cue.first - c.last <= NEGATED_OBJECT_REACH and any(
                t.norm in SHOWING_VERBS for t in sentence.tokens[c.last + 1:c.last + 1 + NEGATION_REACH]):
            return True
    return False


def hedged_change(sentence: Sentence) -> bool:
    """True when a sentence states a change under a modal verb before it: "may reduce", "can improve" (not "seems
    to enhance" or "a promising intervention for reducing", which annotators read as claims)."""
    cues = find_cues(sentence)
    hedges = [c for c in cues if c.kind == MODAL_HEDGE and not _negated(c, cues, sentence)
              and sentence.tokens[c.first].norm in MODAL_VERBS]
    return any(c.kind in POLAR and any(h.last < c.first for h in hedges) for c in cues)


def trend(sentence: Sentence) -> bool:
    """True when a sentence reports a trend, a result short of significance in its own words: "a positive trend in
    favour of the intervention group for maternal anxiety"."""
    return any(c.kind == MODAL_HEDGE and any(t.norm in TREND_WORDS for t in sentence.tokens[c.first:c.last + 1])
               for c in find_cues(sentence))


def mixed_without_outcome(sentence: Sentence) -> bool:
    """True when a sentence that names no outcome says a result held for some and not for others: "specific
    programs had significant effects, while others did not", "the results were mixed across sites"."""
    cues = find_cues(sentence)
    if any(c.kind == MIXED and not _negated(c, cues, sentence) for c in cues):
        return True
    split = clauses(sentence)
    for (first, last, _), (later, end, _) in pairwise(split):
        said = any(c.kind in POLAR and first <= c.first <= last and not _negated(c, cues, sentence) for c in cues)
        denied = _clause_text(sentence, later, end)
        if said and (OTHER_STUDIES.search(denied) or COUNTED_SUBJECT.search(denied)) and (
                _elliptic_negation(sentence, later, end) or any(
                    c.kind == NO_DIFFERENCE and later <= c.first <= end for c in cues)):
            return True
    return False


def change_between(sentence: Sentence, after: int, before: int) -> bool:
    """True when a word saying that something rose, fell or improved stands between two token positions
    ("services for improving engagement"); words naming a condition ("challenges") do not count."""
    return any(after < c.first < before for c in find_cues(sentence) if c.kind in (FAVOURABLE, INCREASE, DECREASE))


def _inverse(match: Match, sentence: Sentence) -> bool:
    """True when the words matched name the outcome's opposite ("hopelessness", "role clarity")."""
    return tuple(t.norm for t in match.tokens(sentence) if t.norm) in INVERSE_LABELS


def _hedged(cue: Cue, cues: list[Cue]) -> bool:
    """True when a modal hedge stands before a cue in its clause: "may be equivalent", "might not differ"."""
    return any(c.kind == MODAL_HEDGE and c.last < cue.first for c in cues)


def _distance(cue: Cue, match: Match, sentence: Sentence | None = None) -> tuple[int, int]:
    if cue.first >= match.first and cue.last <= match.last:
        return -1, 0  # the outcome's own words judge it: "underpaid", "lack of role clarity"
    if cue.last < match.first:
        return match.first - cue.last, 0
    if sentence is not None and any(t.norm in ("and", ",", "or") for t in sentence.tokens[match.last + 1:cue.first]):
        # a change after a coordinator opens the next conjunct: in "reduced stress and depression, and increased
        # well-being", "increased" is not said of depression
        return COORDINATED_AFTER + cue.first - match.last, 1
    return cue.first - match.last, 1


def _grading_evidence(cue: Cue, sentence: Sentence) -> bool:
    """True when a cue word grades the evidence rather than the outcome: "the certainty of the evidence for
    quality of life was low", "low-quality evidence", "the evidence is weak"."""
    words = {t.norm for t in sentence.tokens[cue.first:cue.last + 1] if t.word}
    if not words & EVIDENCE_GRADES:
        return False
    after = [t.norm for t in sentence.tokens[cue.last + 1:cue.last + 4] if t.word]
    before: list[str] = []
    for token in reversed(sentence.tokens[:cue.first]):
        # the subject of the grade ends where a clause or a verb of showing begins: not "evidence showed that
        # loneliness was low"
        if token.norm in SUBJECT_ENDS or token.norm in SHOWING_VERBS or len(before) >= EVIDENCE_REACH:
            break
        if token.word:
            before.append(token.norm)
    return bool(EVIDENCE_WORDS & set(after[:2])) or (bool(EVIDENCE_WORDS & set(before))
                                                     and bool(COPULAS & set(before[:2])))


def _measures_next(cue: Cue, sentence: Sentence) -> bool:
    """True when a cue word is a noun of measure followed by "of" or "for": "risk of", "risk for"."""
    words = [t.norm for t in sentence.tokens[cue.first:cue.last + 1] if t.word]
    after = next((t.norm for t in sentence.tokens[cue.last + 1:] if t.word), "")
    before = next((t.norm for t in reversed(sentence.tokens[:cue.first]) if t.word), "")
    # "at risk of burnout" states a risk; "a lower risk of readmission" measures a change
    return len(words) == 1 and words[0] in MEASURE_NOUNS and after in ("of", "for") and before != "at"


def _at_start(cue: Cue, sentence: Sentence) -> bool:
    """True when a cue is followed by "at baseline" or "at entry": it states a level, not a change."""
    after = [t.norm for t in sentence.tokens[cue.last + 1:cue.last + 4] if t.word]
    return after[:1] == ["at"] and bool({"baseline", "entry", "intake", "enrolment", "enrollment"} & set(after[1:3]))


def _evaluation_asserted(match: Match, sentence: Sentence) -> bool:
    """True when an outcome whose name is itself a judgement ("feasibility", "acceptability") is asserted
    by a verb of showing or graded by an adjective of sufficiency just before it: "suggests feasibility of the
    programme", "was deemed to have moderate feasibility"."""
    words = {t.norm for t in match.tokens(sentence) if t.word}
    if not words & EVALUATIONS:
        return False
    before = [t.norm for t in sentence.tokens[max(0, match.first - ASSERTION_REACH):match.first] if t.word]
    return bool(set(before[-2:]) & SUFFICIENT) or bool(set(before) & ASSERTING)


def _topic_of_another(match: Match, outcomes: list[Match], sentence: Sentence) -> bool:
    """True when an outcome is only the topic of another outcome or of a belief or knowledge: "stigma about
    substance use", "knowledge about depression", "confidence in managing anxiety", "coping with stigma"."""
    k = match.first - 1
    between: list[str] = []
    while k >= 0 and len(between) <= TOPIC_REACH:
        token = sentence.tokens[k]
        if any(o.last == k for o in outcomes if o is not match) or token.norm in TOPIC_HEADS:
            words = [w for w in reversed(between) if w not in TOPIC_FILLERS]
            return bool(words) and " ".join(words) in TOPIC_LINKS
        if token.word:
            between.append(token.norm)
        elif token.norm:
            return False
        k -= 1
    return False


def _excepted(cue: Cue, match: Match, sentence: Sentence) -> bool:
    """True when an outcome is excepted from the change before it: "all outcomes except", "apart from"."""
    norms = [t.norm for t in sentence.tokens[cue.last + 1:match.first] if t.word]
    return any(tuple(norms[i:i + len(e)]) == e for e in EXCEPTIONS for i in range(len(norms)))


def _regraded(cue: Cue, sentence: Sentence) -> Cue | None:
    """A cue that grades the evidence as low becomes a cue of uncertainty; one grading it high is dropped, and
    so is one that states where the outcome started ("low at baseline and improved by 12 months") or a noun that
    only measures what follows it ("a lower risk of readmission": the risk is the measure, "lower" the change)."""
    if cue.kind in POLAR and (_at_start(cue, sentence) or _measures_next(cue, sentence)):
        return None
    if cue.kind not in POLAR or not _grading_evidence(cue, sentence):
        return cue
    return Cue(UNCERTAIN, cue.first, cue.last) if cue.kind in (DECREASE, UNFAVOURABLE) else None


def direction(match: Match, cues: list[Cue], inherited: int | None, lex: Lexicon,
              sentence: Sentence | None = None) -> URIRef | None:
    """The direction of one outcome from the cues of its clause; None when the clause states none.

    A no-difference or mixed cue decides every outcome of its clause it is not cut off from by a
    terminator ("as well as", "except"); otherwise the polar cue nearest the outcome decides.
    """
    if sentence is not None:
        # A low grade of the evidence leaves the result open; a high one says nothing of the outcome.
        cues = [r for c in cues if (r := _regraded(c, sentence)) is not None]
    kinds = {c.kind for c in cues if not _negated(c, cues, sentence)}
    scoped = [c for c in cues if c.kind in (NO_DIFFERENCE, MIXED, UNCERTAIN) and not _negated(c, cues, sentence)
              and (sentence is None or (not _terminated(c, match, sentence) and not _details_follow(c, match, sentence)
                                        and not _own_change_before(c, match, cues, sentence)
                                        and not (_forward_only(c, sentence) and c.first > match.last)))]
    if scoped:
        nearest_scope = min(scoped, key=lambda c: _distance(c, match))
        if nearest_scope.kind == UNCERTAIN or (nearest_scope.kind == NO_DIFFERENCE and _hedged(nearest_scope, cues)):
            return PSK.Unclear  # "it is very uncertain whether ...", "may be equivalent"
        return PSK.NoDifference if nearest_scope.kind == NO_DIFFERENCE else PSK.Mixed
    polar = [c for c in cues if c.kind in POLAR
             or (c.kind == PRESENCE and 0 < match.first - c.last <= PRESENCE_REACH)
             or (c.kind == PREVALENT and 0 < c.first - match.last <= PRESENCE_REACH)]
    # The head word of an outcome where less is better may name the harm itself ("self-harm"); a change said of
    # it ("self-harm decreased") then decides, not the harm in its name. A judging modifier at the front ("lack
    # of role clarity") still judges.
    outside = [c for c in polar if not (match.first <= c.first and c.last <= match.last)]
    if outside and lex.improves.get(match.concept) == PSK.Lower:
        polar = [c for c in polar if c in outside or c.kind != UNFAVOURABLE
                 or not (c.last == match.last and c.first > match.first)]
    if not polar:
        if inherited is not None:
            return PSK.NoDifference  # "improvements to recovery but not hope": the cue, negated
        if sentence is not None and _evaluation_asserted(match, sentence) and not any(
                c.kind == NEGATION for c in cues):
            return PSK.Positive  # "This pilot suggests feasibility", "moderate acceptability"
        differ = [c for c in cues if c.kind == DIFFER]
        if differ and all(_negated(c, cues, sentence) for c in differ):
            return PSK.NoDifference  # "did not differ", "effects were not maintained"
        neutral = [c for c in cues if c.kind == NEUTRAL]
        if neutral:
            if all(_negated(c, cues, sentence) for c in neutral):
                return PSK.NoDifference
            # "effects on empowerment were found in some but not all studies"
            return PSK.Mixed if QUANTIFIED_HEDGE in kinds else PSK.Unclear
        return None
    nearest = min(polar, key=lambda c: _distance(c, match, sentence))
    if _negated(nearest, cues, sentence):
        return PSK.NoDifference
    if any(c.kind == DIFFER and c.first > nearest.last and _negated(c, cues, sentence) for c in cues):
        return PSK.NoDifference  # "gains in hope were not maintained", "improvements did not differ by arm"
    if sentence is not None and nearest.last < match.first and _excepted(nearest, match, sentence):
        return PSK.NoDifference  # "improved on all measures except employment"
    sign = _polarity(nearest.kind, match.concept, lex)
    if sentence is not None and nearest.kind not in (FAVOURABLE, UNFAVOURABLE) and _inverse(match, sentence):
        sign = -sign
    if QUANTIFIED_HEDGE in kinds:
        return PSK.Mixed
    # A modal hedges the change it stands before ("may improve") or a result it stands inside, not one it
    # follows: "more confident that they could manage their care".
    reach = max(nearest.first, match.first)
    if any(c.kind == MODAL_HEDGE and c.first < reach for c in cues if not _negated(c, cues, sentence)):
        return PSK.Unclear
    return PSK.Positive if sign > 0 else PSK.Negative


def no_difference_overall(sentence: Sentence, outcomes: list[Match]) -> bool:
    """True when a clause of a sentence states no difference for the outcomes as a whole, naming none:
    "There were no other significant differences", "no differences in improvement among the groups"."""
    if BASELINE.search(sentence.text):
        return False
    all_cues = sorted(find_cues(sentence) + statistic_cues(sentence), key=lambda c: c.first)
    for first, last, _ in clauses(sentence):
        text = sentence.text[sentence.tokens[first].start - sentence.start:sentence.tokens[last].end - sentence.start]
        cues = [c for c in all_cues if first <= c.first <= last]
        comparison = NULL_COMPARISON.search(text)  # "was not more effective than usual care"
        if any(first <= m.first <= last for m in outcomes) or not (OVERALL.search(text) or comparison):
            continue
        if any(c.kind == MODAL_HEDGE for c in cues):
            continue  # "may be as effective as usual care" leaves the result open
        if comparison:
            return True
        # a null cue, or a change or difference denied ("did not improve outcomes", "no outcome differed")
        null = [c for c in cues if (c.kind == NO_DIFFERENCE and not _negated(c, all_cues))
                or (c.kind in POLAR and _negated(c, all_cues, sentence))
                or (c.kind == DIFFER and _negated(c, all_cues, sentence))]
        # a change before the null says something of its own, unless every arm made it ("both groups improved")
        if null and (WITHIN_GROUPS.search(text) or not any(
                c.kind in POLAR and c.first < null[0].first and c not in null for c in cues)):
            return True
    return False


def sentence_findings(sentence: Sentence, outcome_matches: list[Match], field_text: str,
                      lex: Lexicon) -> list[Finding]:
    """The findings one result sentence states: one per outcome and clause, and a later clause adds a
    finding only when it says something else ("lower scores at 3 months although not at 6 months")."""
    judged = [Cue(FAVOURABLE if favourable else UNFAVOURABLE, first, last)
              for first, last, favourable in judgements(sentence)]
    cues = [c for c in find_cues(sentence) if not any(j.first <= c.first <= j.last for j in judged)]
    all_cues = _asserted(sorted(_by_a_minority(cues + judged, sentence) + statistic_cues(sentence),
                                key=lambda c: c.first), sentence)
    found: dict[tuple[URIRef, URIRef], Finding] = {}
    previous_polar: int | None = None
    previous_cues: list[Cue] = []
    previous: list[Match] = []
    previous_end = -1
    association = ASSOCIATION.search(sentence.text)
    if (association and not AGENT.search(sentence.text)
            and not CHANGE_NOUNS.search(sentence.text, association.end())) or DESCRIBES_SAMPLE.search(
            sentence.text) or (AT_BASELINE.search(sentence.text) and not FROM_BASELINE.search(sentence.text)):
        return []
    if SUBGROUPS.search(sentence.text) and not AGENT.search(sentence.text):
        return []  # "Women reported more stigma than men": people compared with people, not with peer support
    outcome_matches = [m for m in outcome_matches if not _topic_of_another(m, outcome_matches, sentence)
                       and not _goal_of_an_attempt(m, sentence) and not _of_an_organisation(m, sentence)]
    outcome_matches = _without_predictors(outcome_matches, sentence)
    within_groups = bool(WITHIN_GROUPS.search(sentence.text))
    themes = bool(THEME_LIST.search(sentence.text))
    for first, last, but_not in clauses(sentence):
        in_clause = [m for m in outcome_matches if first <= m.first <= last and m.scheme == OUTCOME]
        cues = [c for c in all_cues if first <= c.first <= last and not _links_outcomes(c, in_clause, sentence)]
        if not in_clause and not cues:
            continue  # "; by 12 months, however, ...": what came before still stands for what comes after
        if not in_clause and _about_control_arm(_clause_text(sentence, first, last)):
            continue  # "whereas they remained stable in the control group" says nothing of peer support
        if not in_clause and previous and (any(c.kind == NO_DIFFERENCE or (c.kind == DIFFER and _negated(
                c, cues, sentence)) for c in cues) or (previous_polar and _elliptic_negation(
                sentence, first, last))) and (not but_not or _only_significance(sentence, first, last)):
            # "... benefits for hope, but intention-to-treat analyses did not": the same result, denied
            # "a positive effect on empowerment, but without a statistical significance": the same result,
            # qualified; "six trials reported reductions in symptoms, whereas four found no effect": mixed.
            other_text = _clause_text(sentence, first, last)
            qualified = PSK.Mixed if previous_polar and (OTHER_STUDIES.search(other_text)
                                                         or COUNTED_SUBJECT.search(other_text)) else PSK.NoDifference
            since = previous_end + 1  # the time must be named after the clause of the first result
            if previous_polar and qualified == PSK.NoDifference and since <= last and LATER.search(
                    _clause_text(sentence, since, last)):
                # a result at another time: the earlier one stands beside it
                for match in previous:
                    found.setdefault((match.concept, PSK.NoDifference),
                                     _finding(sentence, match.concept, PSK.NoDifference, field_text))
                continue
            for match in previous:
                for key in [k for k in found if k[0] == match.concept]:
                    del found[key]
                found[(match.concept, qualified)] = _finding(sentence, match.concept, qualified, field_text)
            continue
        if not in_clause and previous and any(c.kind in POLAR for c in cues) and OTHERS.search(
                _clause_text(sentence, first, last)):
            # "Recovery improved for some participants but worsened for others", "six trials found reductions, while
            # two found increases": the result went one way for some and the other way for the rest.
            for match in previous:
                earlier = [k for k in found if k[0] == match.concept and k[1] in (PSK.Positive, PSK.Negative)]
                value = direction(match, [c for c in cues if c.kind in POLAR], None, lex, sentence)
                if earlier and value in (PSK.Positive, PSK.Negative) and value != earlier[0][1]:
                    del found[earlier[0]]
                    found[(match.concept, PSK.Mixed)] = _finding(sentence, match.concept, PSK.Mixed, field_text)
        elif not in_clause and previous and any(c.kind in POLAR for c in cues) and not OTHER_STUDIES.search(
                _clause_text(sentence, first, last)):
            # "The effect on depressive symptoms was small but significant (SMD -0.24, 95% CI ...)": the change
            # this clause states decides the outcomes the clause before named without a direction.
            for match in previous:
                if (match.concept, PSK.Unclear) in found:
                    value = direction(match, cues, None, lex, sentence)
                    if value is not None and value != PSK.Unclear:
                        del found[(match.concept, PSK.Unclear)]
                        found.setdefault((match.concept, value), _finding(sentence, match.concept, value, field_text))
        if not in_clause and previous and but_not and previous_polar and not any(c.kind in POLAR for c in cues) \
                and _names_a_circumstance(sentence, first):
            # "lower at 3 months, although not at 6 months": the same outcomes, another result; "though not for
            # reducing burden" speaks of another outcome, one the clause names
            for match in previous:
                found.setdefault((match.concept, PSK.NoDifference),
                                 _finding(sentence, match.concept, PSK.NoDifference, field_text))
            continue
        inherited = previous_polar if but_not or _elliptic_negation(sentence, first, last) else None
        if not any(c.kind in POLAR for c in cues) and _adds_to_previous(sentence, first):
            # "greater job satisfaction but also emotional exhaustion": the previous clause's change goes on
            cues = previous_cues + cues
        decided: set[URIRef] = set()
        clause_text = _clause_text(sentence, first, last)
        favours_comparison = _comparison_arm_favoured(sentence, first, last, cues)
        control_only = (_about_control_arm(clause_text) and not favours_comparison) or _caused_by_an_event(
            sentence, first, cues)
        for match in in_clause:
            # In a list of themes only a cue beside the outcome says which way it went.
            near = [c for c in cues if (not themes or _gap(c, match) <= THEME_REACH
                                        or _through_list(c, match, in_clause, sentence)
                                        or (c.last < match.first and _heads_list(c, sentence))
                                        or (c.first > match.last and _names_list(c, sentence)))
                    and not _inside_other(c, match, outcome_matches, sentence, lex)
                    and _glossed_outcome(c, in_clause, sentence) in (None, match.concept)
                    and not _predicate_of_another(c, match, in_clause, sentence)]
            value = direction(match, near, inherited, lex, sentence)
            if NULL_COMPARISON.search(clause_text) and (value is not None or _after_comparison(match, sentence)):
                # "may be as effective as usual care": a hedged equivalence leaves the result open
                hedged = any(c.kind == MODAL_HEDGE and not _negated(c, cues, sentence) for c in cues)
                value = PSK.Unclear if hedged else PSK.NoDifference
            # A change in every arm says nothing of peer support, and neither does anything said of the
            # comparison arm alone ("whereas they remained stable in the control group").
            if (value in (PSK.Positive, PSK.Negative) and within_groups
                    and _within_groups_of(match, sentence, first, last)) or control_only:
                continue
            if favours_comparison and value in (PSK.Positive, PSK.Negative):
                # "Control participants reported greater gains in hope", "hope was higher in the control group"
                value = PSK.Negative if value == PSK.Positive else PSK.Positive
            if value is not None and match.concept not in decided:
                decided.add(match.concept)
                found.setdefault((match.concept, value), _finding(sentence, match.concept, value, field_text))
        previous_polar = 1 if any(c.kind in POLAR for c in cues) else None
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


def _within_groups_of(match: Match, sentence: Sentence, first: int, last: int) -> bool:
    """True when a change in every arm ("in both groups") is said in the clause of an outcome, not in another
    clause joined by ", and": in "ending the relationship was a challenge for both groups, and managing boundaries
    was deemed a main challenge by mentors" the boundaries are the mentors' alone. Opening the clause ("Across
    groups, depression ..., and overall mental health improved") it governs the whole clause."""
    low, high = sentence.tokens[first].start, sentence.tokens[last].end
    at = sentence.tokens[match.first].start
    lead = [t.start for t in sentence.tokens[first:last + 1] if t.word][:LEAD_WORDS]
    for m in WITHIN_GROUPS.finditer(sentence.text):
        start = sentence.start + m.start()
        if not low <= start < high:
            continue
        between = [t.norm for t in sentence.tokens if min(start, at) <= t.start < max(start, at)]
        if start in lead or not any(a == "," and b == "and" for a, b in pairwise(between)):
            return True
    return False


def _goal_of_an_attempt(match: Match, sentence: Sentence) -> bool:
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
        if word in PURPOSE_MARKS and purpose and (k == 0 or words[k - 1] != "be") and not shown and not failed:
            # "expected peer support to improve", "hoped the groups would reduce"; not "found peer services to be
            # effective at reducing", nor "findings support the use of peer mentors to reduce"
            return True
        if word in FOCUS_LINKS and k + 1 < len(words) and words[k + 1] in FOCUS_WORDS:
            return True  # "focused on improving self-esteem and reducing stigma"
        if word in DESIRE_WORDS and k < PURPOSE_WORD_REACH:
            return True
    return False


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


def _asserted(cues: list[Cue], sentence: Sentence) -> list[Cue]:
    """The cues of a sentence without those that name a purpose or an expectation; an expectation reaches forward
    to the end of its clause, as ConText's hypothetical modifier does: in "anticipated benefits include engagement,
    social support and stigma reduction" the reduction is anticipated too."""
    expected = [c.first for c in cues if c.kind in POLAR and _word_before(c, sentence) in EXPECTATION]
    kept = []
    for c in cues:
        if _purpose_cue(c, sentence) or any(start <= c.first and not any(
                t.norm in STRONG_BOUNDARIES for t in sentence.tokens[start:c.first]) for start in expected):
            continue
        kept.append(c)
    return kept


def _word_before(cue: Cue, sentence: Sentence) -> str:
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
        return not ahead or (ahead[0] not in RESULT_BEFORE_TO and not (set(ahead[:3]) & RESULT_BEFORE_TO
                                                                       and ahead[0] not in PURPOSE_NOUNS)
                             and not set(ahead) & SHOWING_VERBS)
    return (gerund and before in PURPOSE_NOUNS) or before in TARGETING


def _of_an_organisation(match: Match, sentence: Sentence) -> bool:
    """True when the word before an outcome makes it an organisation's, not people's: "organisational
    functioning", "team functioning", "institutional stigma"."""
    before = next((t.norm for t in reversed(sentence.tokens[:match.first]) if t.word), "")
    return before in ORGANISATION_WORDS


def _without_predictors(outcomes: list[Match], sentence: Sentence) -> list[Match]:
    """The outcomes of a sentence without those named as the predictors of another: in "levels of hope among
    peer workers were associated with improvements in empowerment among service users", hope predicts."""
    verbs = [i for i, t in enumerate(sentence.tokens)
             if t.norm in PREDICTING and (t.norm != "associated" or _next_word(sentence, i) == "with")]
    if not verbs:
        return outcomes
    verb = verbs[0]
    before = [m for m in outcomes if m.last < verb
              and not any(t.norm in PREDICTOR_ENDS for t in sentence.tokens[m.last + 1:verb])]
    if before and any(m.first > verb for m in outcomes):
        return [m for m in outcomes if m not in before]
    return outcomes


def _next_word(sentence: Sentence, i: int) -> str:
    return next((t.norm for t in sentence.tokens[i + 1:] if t.word), "")


def _glossed_outcome(cue: Cue, outcomes: list[Match], sentence: Sentence) -> URIRef | None:
    """The outcome whose parenthesis holds a cue ("loneliness (p = .003) and hope (p = .41)"): the statistics in
    it speak of that outcome only. None when the cue stands in no parenthesis right after an outcome."""
    depth = 0
    for k in range(cue.first - 1, -1, -1):
        norm = sentence.tokens[k].norm
        if norm == ")":
            depth += 1
        elif norm == "(":
            if depth == 0:
                return next((m.concept for m in outcomes if m.last == k - 1), None)
            depth -= 1
    return None


def _inside_other(cue: Cue, match: Match, outcomes: list[Match], sentence: Sentence, lex: Lexicon) -> bool:
    """True when a cue word belongs to the words of an outcome and so says nothing about this one: the
    "help" of "help-seeking" (part of its name), or the "lack of" of "lack of role clarity" for any other outcome."""
    for other in outcomes:
        if other.first <= cue.first and cue.last <= other.last:
            if other is not match:
                return True
            words = {t.norm for t in sentence.tokens[cue.first:cue.last + 1] if t.norm}
            return words <= set(normalize_phrase(lex.labels.get(other.concept, "")))
    return False


def _after_comparison(match: Match, sentence: Sentence) -> bool:
    """True when an outcome follows a comparison that denies a difference: "did not outperform usual care on
    empowerment" reports no difference in empowerment though no cue word stands beside it."""
    found = NULL_COMPARISON.search(sentence.text)
    return found is not None and sentence.start + found.end() <= sentence.tokens[match.first].start


def _comparison_arm_favoured(sentence: Sentence, first: int, last: int, cues: list[Cue]) -> bool:
    """True when a comparison in a clause is said of the comparison arm: it is the subject ("Control participants
    reported greater improvements than ...", "Usual care outperformed peer support"), or the comparative is located
    in it ("hope was higher in the control group"). The change then speaks for the comparison, not for peer support."""
    for c in cues:
        words = {t.norm for t in sentence.tokens[c.first:c.last + 1]}
        if c.kind in POLAR and first <= c.first <= last and words & FAVOURING:
            # "favoured usual care", "favoured the control group": the arm right after the verb
            named = _clause_text(sentence, c.last + 1, min(last, c.last + FAVOURED_REACH)) if c.last < last else ""
            return bool(COMPARISON_ARM.search(named)) and not PEER_ARM.search(named)
    comparative = [c for c in cues if c.kind in POLAR and first <= c.first <= last
                   and {t.norm for t in sentence.tokens[c.first:c.last + 1]} & COMPARATIVES]
    if not comparative:
        return False
    cue = comparative[0]
    lead = _clause_text(sentence, first, cue.first - 1) if cue.first > first else ""
    rest = _clause_text(sentence, cue.last + 1, last) if cue.last < last else ""
    for arm in COMPARISON_ARM.finditer(lead):
        before = set(re.findall(r"[\w+]+", lead[:arm.start()].casefold())[-3:])
        if not before & OBJECT_MARKERS:
            # the arm compared with must be another: not "the TAU alone group" after "than"
            return not PEER_ARM.search(lead) and not COMPARISON_ARM.search(rest)
    after = _clause_text(sentence, cue.last + 1, min(last, cue.last + LOCATION_REACH)) if cue.last < last else ""
    location = CONTROL_LOCATION.search(after)
    peer = PEER_ARM.search(after)
    if location is None or set(re.findall(r"\w+", after[:location.start()].casefold())[-2:]) & OBJECT_MARKERS:
        return False  # "fell more in mentored students than in controls": the arm compared with
    return peer is None or location.start() < peer.start()


def _caused_by_an_event(sentence: Sentence, first: int, cues: list[Cue]) -> bool:
    """True when the subject of a clause's change is an event, not peer support: "This pandemic has ubiquitously
    worsened the mental health of populations", "lockdowns increased loneliness"."""
    polar = [c for c in cues if c.kind in POLAR and c.first >= first]
    if not polar:
        return False
    subject = _clause_text(sentence, first, polar[0].first - 1) if polar[0].first > first else ""
    return bool(EVENTS.search(subject)) and not AGENT.search(subject)


def _about_control_arm(clause_text: str) -> bool:
    """True when a clause locates what it says in the comparison arm alone, comparing it with nothing."""
    # another arm named beside it ("19% in the mentored group and 33% in usual care") makes it a comparison
    other_arm = ARM_NOUN.search(IN_CONTROL_ARM.sub(" ", clause_text))
    return bool(IN_CONTROL_ARM.search(clause_text)) and not COMPARES.search(clause_text) \
        and not PEER_ARM.search(clause_text) and not other_arm


def _only_significance(sentence: Sentence, first: int, last: int) -> bool:
    """True when a "but not" clause only denies significance: "though not significantly", "but not significant"."""
    words = {t.norm for t in sentence.tokens[first:last + 1] if t.word}
    return words <= {"but", "though", "although", "albeit", "not", "significantly", "significant", "statistically"}


def _names_a_circumstance(sentence: Sentence, first: int) -> bool:
    """True when a "but not" clause goes on with a time or circumstance ("although not at 6 months", "but not
    in the long term"), not with a thing of its own ("but not motivation to provide support")."""
    words = [t.norm for t in sentence.tokens[first:first + 4] if t.word]
    return len(words) >= 3 and words[2] in CIRCUMSTANCE_WORDS


def _clause_text(sentence: Sentence, first: int, last: int) -> str:
    return sentence.text[sentence.tokens[first].start - sentence.start:sentence.tokens[last].end - sentence.start]


def _adds_to_previous(sentence: Sentence, first: int) -> bool:
    """True when a clause opens with "but also", "and also" or "as well as": it adds to what came before."""
    lead = [t.norm for t in sentence.tokens[first:first + 3] if t.word][:2]
    return lead in (["but", "also"], ["and", "also"])


def _heads_list(cue: Cue, sentence: Sentence) -> bool:
    """True when a list of examples opens within a few tokens after a cue: "benefits such as", "benefits: "."""
    return any(t.norm in LIST_OPENERS for t in sentence.tokens[cue.last + 1:cue.last + 1 + LIST_HEAD_REACH])


def _through_list(cue: Cue, match: Match, outcomes: list[Match], sentence: Sentence) -> bool:
    """True when only other outcomes, "and", "or", commas and articles stand between a cue and an outcome:
    "impacted the recovery and well-being", where the cue governs the whole list."""
    if cue.last >= match.first:
        return False
    inside = {i for m in outcomes for i in range(m.first, m.last + 1)}
    return all(i in inside or sentence.tokens[i].norm in LIST_GLUE for i in range(cue.last + 1, match.first))


def _names_list(cue: Cue, sentence: Sentence) -> bool:
    """True when a cue names what the items before it are: "identified X, Y and Z as (key) challenges"."""
    before = [t.norm for t in sentence.tokens[max(0, cue.first - 3):cue.first] if t.word]
    return "as" in before


def _gap(cue: Cue, match: Match) -> int:
    if cue.last < match.first:
        return match.first - cue.last
    if cue.first > match.last:
        return cue.first - match.last
    return 0


def _finding(sentence: Sentence, outcome: URIRef, value: URIRef, field_text: str) -> Finding:
    return Finding(outcome, value, "", sentence.span(),  # the comparator: kg.extract.comparators
                   field_text[max(0, sentence.start - PREFIX_LENGTH):sentence.start],
                   field_text[sentence.end:sentence.end + PREFIX_LENGTH])
