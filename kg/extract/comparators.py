"""What a finding compares peer support with: "usual care", "wait-list control", "non-peer staff".

A finding's comparator is the phrase its own sentence compares with ("than those receiving usual
care", "compared to women in the EUC-alone group"), as worded, without the people who received it.
A result of a controlled study that names no comparison is against the arm the study compared peer
support with, as its methods or results name it ("randomised to peer support or usual care"); never
one named only in a title or the background. Per-arm numbers ("50% vs 44%") are no comparator.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from abbreviations import schwartz_hearst
from rdflib import URIRef

from kg.extract.context import Part, SentenceContext
from kg.extract.model import ABSTRACT, Finding
from kg.extract.text import Sentence
from kg.namespaces import CONCEPT, PSK

# People who received the comparison, before the arm itself. Matches "those receiving ", "women in the ",
# "participants who were assigned to ", "patients offered only "
_RECEIVERS = r"""(?:(?:those|participants|patients|people|individuals|persons|women|men|mothers|veterans|clients
      |users|adults|youth|students|carers|caregivers|workers|respondents|subjects|members)\s+
    (?:who\s+(?:were\s+|had\s+)?)?(?:in|receiving|received|given|offered|getting|on|(?<!those\ )with|assigned\s+to
      |allocated\s+to|randomi[sz]ed\s+to)\s+(?:only\s+)?(?:the\s+|a\s+|an\s+)?)"""
# What the sentence compares peer support with. Matches: "compared with usual care", "than those receiving Usual
# Care", "equally effective to services provided by non-peer paraprofessionals", "not significantly different to
# other mental health workers", "relative to control", "superior to usual care", "beyond usual care"
COMPARATOR = re.compile(rf"""
    (?<!rather\ )(?<!other\ )
    \b(?:compared\ (?:with|to)|in\ comparison\ (?:with|to)|relative\ to|versus|vs\.?|different\ (?:to|from)
      |(?:equally|as)\ effective\ (?:to|as)|similar(?:ly)?\ (?:[\w-]+\ ){{0,3}}?to|superior\ to|inferior\ to|than)
    \s+(?:(?:in|among|for)\s+)?(?:that\ of\s+|those\ of\s+)?{_RECEIVERS}?(?:the\s+|a\s+|an\s+)?
    (?P<np>those\s+(?:who\s+)?(?:were\s+not|weren['’]t|did\s+not|didn['’]t|not)(?:\s+[^,.;:()\[\]]+)?
      |those\s+with\s+[^,.;:()\[\]]+?
      |norms?\s+(?:for|of)\s+[^,.;:()\[\]]+?|[^,.;:()\[\]]+?)
    (?=\s+(?:on|in|at|for|to|over|across|after|during|with|regarding|and\ (?:had|were|was|showed|did|\w+ed)
      |while|whereas|but|although|though|who|which|p\s*[<=>])\b|\s*[,.;:()\[\]]|$)
    """, re.VERBOSE | re.IGNORECASE)
# The part of a comparator that names who provided the other service.
# Matches: "services provided by non-peer paraprofessionals" -> "non-peer paraprofessionals"
PROVIDED_BY = re.compile(r"^.*?\b(?:provided|delivered|offered|led)\s+by\s+", re.IGNORECASE)
# What a comparison's second term is when it is no comparison arm: a number ("50% vs 44%"), a time, an
# expectation, the peer arm itself. Matches: "44%", "baseline", "expected", "before", "chance", "intervention group",
# "the previous year", "the months before enrolment", "men" (a comparison by sex is no comparison with peer support)
NOT_AN_ARM = re.compile(r"""^(?:[\d.,\-−–±$£€%<>≥≤=]|\w+\s*[<=>]
    |(?:the\s+)?(?:baseline|expected|before|previously|prior|pre|post|chance|ever|that|this|it|them|they|in|at|one
      |half|twice|end|follow[-\s]?up|(?:pre|post)[-\s]?(?:intervention|test|treatment)
      |other\s+(?:outcomes?|measures?|domains?)
      |(?:previous|preceding|following|same|first|last|next|earlier|later)\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?
        |periods?|times?|waves?|assessments?|visits?)
      |(?:years?|months?|weeks?|days?|periods?|times?|admission|discharge|enrol+ment|entry)\s+(?:before|prior|after))\b
    |(?:usual|average)$|(?:(?:younger|older)\s+)?(?:men|women|males?|females?|boys|girls)$|those\b(?!\s+(?:who\s+)?(?:were|did|had)?\s*n[o'’]t|\s+with\b)
    |(?:intervention|experimental|treatment|active|peer(?:[-\s]support)?)\s+(?:group|arm|condition)s?$
    |.*\b(?:outcomes|measures|indicators|variables|domains|scores)$)""", re.VERBOSE | re.IGNORECASE)
# The arms trials compare peer support with, as abstracts name them.
# Matches: "usual care", "care-as-usual", "treatment as usual", "TAU", "wait-list control group", "control group",
# "standard care", "usual treatment", "EUC-alone group", "controls", "active control", "non-peer staff",
# "clinician-led group", "no intervention"
COMPARATOR_PHRASE = re.compile(r"""
    \b(?:(?:(?:enhanced\ )?usual\ (?:(?:mental\ health|psychiatric|clinical)\ )?(?:care|treatment|services|practice)
      |(?:care|treatment|services?|practice)[-\ ]as[-\ ]usual|routine\ (?:care|services)
      |standard\ (?:care|treatment|services)|standard\ of\ care|comparison\ (?:group|arm|condition)s?
      |delayed[-\ ](?:intervention|treatment)|(?:assessment|information)[-\ ]only(?:\ control)?
      |no[-\ ]treatment\ control|minimal\ intervention
      |(?:wait(?:ing)?[-\ ]?list)(?:\ control)?(?:\ group|\ condition)?
      |(?:EUC|TAU)(?:[-\ ](?:alone|only))?(?:\ (?:group|arm))?|(?:active|attention)\ control(?:\ group)?
      |control\ (?:group|arm|condition)s?|controls(?!\ for\b)|no[-\ ]intervention(?:\ control)?
      |non[-\ ]peer\ (?:staff|providers?|workers?|professionals?)|no\ peer\ support
      |(?:clinician|professional|professionally|staff)[-\ ](?:led|delivered|facilitated)\ (?:[\w-]+\ ){0,2}
        (?:groups?|care|services?|support|programs?|interventions?|treatment))
    # what the arm lacks or holds alone is part of its name: "SAU alone", "standard care without peer support"
    (?:[-\ ](?:alone|only)|\ without\ (?!the\b|any\b)[\w-]+(?:\ (?!on\b|in\b|for\b|at\b|and\b|or\b|to\b)[\w-]+)?)?)\b
    """, re.VERBOSE | re.IGNORECASE)
# Words before a comparison arm's name that make it what every participant received beside peer support.
# Matches "in addition to ", "alongside their ", "on top of ", "as well as "
ADDED_TO = re.compile(r"\b(?:in\ addition\ to|alongside|on\ top\ of|as\ well\ as|added\ to|adjunct\ to|while\ receiving"
                      r"|continued\ to\ receive)\s+(?:(?:the|a|an|their|his|her)\s+)?$", re.IGNORECASE)
# Arms that give another active treatment, second to usual care or no treatment as a study's comparison.
ACTIVE_ARM = re.compile(r"\b(?:led|delivered|facilitated|active|attention|non[-\ ]peer)\b", re.IGNORECASE)
# A phrase that names an arm only as a case-sensitive acronym: "TAU", "EUC".
_ACRONYM_ARM = re.compile(r"^(?:TAU|EUC)", re.IGNORECASE)
# What comes before an arm's name in a comparison: "than among the controls", "than for matched controls".
LEADING_ARTICLE = re.compile(rf"^(?:(?:among(?:st)?|for|in|with)\s+)?(?:(?:the|a|an|their|its)\s+)?{_RECEIVERS}?",
                             re.IGNORECASE | re.VERBOSE)
# A difference or effect by arm. Matches "differences by group", "difference by treatment arm", "effect of condition"
_BY_GROUP = (r"(?:differ\w*|effects?)\ (?:by|of)\ (?:the\ )?(?:treatment\ |study\ )?(?:group|arm|condition"
             r"|allocation|assignment)s?")
# A no-difference result between arms, which holds of the arms beside any change within them: "Both groups improved,
# with no significant differences by group".
BETWEEN_NULL = re.compile(rf"\bno\ (?:significant\ |statistically\ significant\ )?(?:\w+\ )?(?:{_BY_GROUP}"
                          r"|differences?\ between\ (?:the\ )?(?:two\ |three\ )?(?:groups|arms|conditions))",
                          re.VERBOSE | re.IGNORECASE)
# Words of a result sentence that compare arms without naming one: "between groups", "than controls".
COMPARES = re.compile(r"\b(?:between[-\ ]groups?|between\ (?:the\ )?(?:two\ |three\ )?(?:groups|arms|conditions)"
                      r"|among\ (?:the\ )?(?:groups|arms|conditions)|group\ differences?|relative\ to|compared"
                      r"|versus|vs\.?|than|BY_GROUP)\b".replace("BY_GROUP", _BY_GROUP), re.IGNORECASE)
# Changes within one arm, which compare with no arm. Matches: "in both groups", "from baseline", "within-group",
# "from pre- to post-intervention", "pre-post", "before and after"
WITHIN = re.compile(r"\b(?:(?:in\ )?both\ (?:groups|arms|conditions)|all\ (?:three\ )?(?:groups|arms)"
                    r"|across\ (?:all\ )?(?:groups|arms|conditions)|from\ baseline|over\ time\ in\ the"
                    r"|within[-\ ](?:group|arm|subjects?)|from\ pre|pre[-\ ]?(?:to|and)[-\ ]?post|pre[-\ ]post"
                    r"|before\ and\ after)\b", re.IGNORECASE)
# A difference between two groups of people, the first of whom get peer support or give it. Matches "differed
# significantly between those employed in peer services jobs and those in other job types", "no differences in
# burnout between peer providers and other providers employed by"
BETWEEN_GROUPS = re.compile(r"""\bdiffer\w*\b[^.;]{0,60}?\bbetween\s+(?:the\s+)?(?P<first>[^,.;()]+?)
    \s+and\s+(?:the\s+)?(?P<second>those\s+(?:in|with|who)\s+[^,.;()]+?|[^,.;()]+?)
    (?=\s+(?:employed|working|who|which|with|on|in|at|for|regarding|over|across|during|after|p\s*[<=>])\b|\s*[,.;:()]|$)
    """, re.VERBOSE | re.IGNORECASE)
# A second term that names peers or less of the same: a comparison between kinds or doses of peer support, not
# against an arm without it. Matches "older peer specialists", "fewer trainings", "fewer services"
# (what follows "without", "no" or "non" names what the arm lacks: "programs without a peer support component")
PEERS_COMPARED = re.compile(r"^(?:(?!\b(?:without|no|non)\b).)*?\bpeers?\b|^(?:fewer|less|lower|more|higher)\b",
                            re.IGNORECASE)
COMPARED_DIRECTIONS = frozenset({PSK.Positive, PSK.Negative, PSK.NoDifference, PSK.Unclear})
# Outcomes said of the peer support service itself, by those who received or ran it: how acceptable it was and how
# it was put into practice. A result on them is against another arm only when its own sentence names one.
OF_THE_SERVICE = frozenset(CONCEPT[f"outcome/{o}"] for o in ("acceptability", "implementation"))
MAX_WORDS = 8
# Designs that compare arms; a review's comparisons differ from one included study to the next.
CONTROLLED = frozenset(CONCEPT[f"design/{d}"] for d in ("rct", "quasi-experimental", "cohort"))


# A statement that people were assigned to arms, up to the words that name the arms. Matches "were randomised to ",
# "randomly allocated (1:1) to ", "were enrolled in either ", "were randomized into one of three conditions: ",
# "were cluster-randomised by ward to "
ASSIGNED_TO = re.compile(r"""\b(?:randomi[sz]ed
        (?!\ (?:controlled|clinical|trial|pilot|study|design|feasibility|evaluation))
      |assigned|allocated|(?:were|was|be|being)\ enrolled)\b[^.;]{0,40}?\b(?:to|into|in)\s+
    (?:(?:one\ of\ )?(?:two|three|four|five|\d)\ (?:[\w-]+\ )?(?:conditions|arms|groups)\s*[:,]?\s*|receive\s+
      |either\s+)*""",
                         re.VERBOSE | re.IGNORECASE)
# A study's comparison as its aims or methods state it. Matches "compared the COPe-support intervention to ",
# "a randomized controlled trial of Trauma Risk Management against ", "to compare peer navigation with "
COMPARED_WITH = re.compile(r"""\b(?:compar(?:e|ed|ing)\b[^.;]{0,80}?\b(?:with|to|against|versus|vs)
    |(?:trial|evaluation|study)\ of\ [^.;]{1,60}?\b(?:against|versus|vs))\s+""", re.VERBOSE | re.IGNORECASE)
# What separates the arms of a list. Matches ", ", " or to ", ", or ", " versus ", " vs ", ", and "
ARM_SEPARATOR = re.compile(r"\s*,\s*(?:(?:or|and)\s+)?(?:\d+\s+)?(?:to\s+)?|\s+(?:or|versus|vs\.?)\s+(?:to\s+)?",
                           re.IGNORECASE)
# Where an arm's name ends: a parenthesis, a clause, or the adjuncts that say when, where, how or for how long.
# Matches the " for " of "usual care for 12 weeks", the " at " of "a wait-list at three sites", the " with " of "a
# control website with delayed access"
ARM_END = re.compile(r"""\s*[(\[:;]|\s+(?:for|at|in|over|during|after|from|on|by|who|which|that|where|while|and\ (?:were
    |was|then|followed|assessed|completed)|using|based|via|through|receiving|given|offered|provided|with|without
    |across|within|between|among|until|before)\b""", re.VERBOSE | re.IGNORECASE)
# An arm that gives peer support, or the study's own intervention, rather than the comparison.
PEER_ARM = re.compile(r"\b(?:peers?|peer[-\ ]\w+|intervention|experimental|program(?:me)?|mentor\w*|navigat\w*"
                      r"|coach\w*|buddy|mutual|(?:self[-\ ]help|support)\ groups?|plus)\b", re.IGNORECASE)
# An arm that names the comparison itself. Matches "usual care", "control", "wait list", "standard case
# management", "no intervention", "self-help materials alone"
PASSIVE_ARM = re.compile(r"""\b(?:usual|control|controls|standard|routine|wait(?:ing)?[-\ ]?list(?:ed)?|delayed|no
    |alone|only|TAU|EUC|UC|comparison|attention|placebo|information|leaflet|non[-\ ]peer)\b""",
                         re.VERBOSE | re.IGNORECASE)
# A comparison a result names that is an arm of the study: "the SCS group", "control participants", "usual care".
NAMES_ARM = re.compile(r"\b(?:groups?|arms?|conditions?|controls?|usual|standard|routine|wait(?:ing)?[-\ ]?list\w*"
                       r"|TAU|UC|EUC)\b", re.IGNORECASE)
MAX_ARM_WORDS = 6
# The most arms a study may have for a result that names no comparison to be against the study's comparison arm.
MAX_IMPLIED_ARMS = 2
# Parentheses and brackets, dropped before an arm list is read: "peer support (n = 60) or usual care (n = 62)".
_BRACKETED = re.compile(r"\s*(?:\([^()]*\)|\[[^\[\]]*\])")


def assigned_arms(text: str) -> list[str]:
    """The arms a sentence says people were assigned to, as worded ("randomised to peer support or usual care"
    -> ["peer support", "usual care"]); [] when it names fewer than two."""
    plain = _BRACKETED.sub("", _BRACKETED.sub("", text))
    for m in reversed(list(ASSIGNED_TO.finditer(plain))):  # "enrolled in the study and randomised to A or B"
        clause = _clause(plain[m.end():])
        if not re.search(r"\s(?:or|versus|vs\.?|and\s+(?:\d+\s+)?to)\s", clause, re.IGNORECASE):
            continue  # a list of arms ends with "or": "unmoderated, unstructured Internet peer support" is none
        items = _list_items(clause)
        arms = [a for a in (_arm_name(a) for k, (_, a) in enumerate(items) if not _appositive(items, k)) if a]
        if len(arms) >= 2:
            return arms
    return []


def _list_items(clause: str) -> list[tuple[str, str]]:
    """The items of a list of arms, each with the separator before it; a participle after the item that "or" (or
    "versus") introduces opens a clause of its own, which ends the list: "A, B, or C, resulting in a sample of
    139" lists A, B and C."""
    items: list[tuple[str, str]] = []
    start, separator, ored = 0, "", False
    for m in ARM_SEPARATOR.finditer(clause):
        items.append((separator, clause[start:m.start()]))
        separator, start = m.group(), m.end()
        if ored and PARTICIPLE.match(clause, start):
            return items
        ored = ored or (re.search(r"\b(?:or|versus|vs)\b", separator, re.IGNORECASE) is not None)
    return [*items, (separator, clause[start:])]


# A participle that opens a clause. Matches "resulting", "yielding", "stratified"
PARTICIPLE = re.compile(r"\s*[a-z]+(?:ing|ed)\b")


def _appositive(items: list[tuple[str, str]], k: int) -> bool:
    """True when the item at k of an arm list, set off by a comma, describes the name before it rather than adding
    an arm: "a medical illness self-management program led by peer specialists" after "Whole Health Action
    Management"."""
    separator, item = items[k]
    if k == 0 or separator.strip() != "," or not re.match(r"(?:a|an)\s", item.strip()):
        return False
    name = re.sub(r"^(?:(?:either|to|receive|receiving)\s+)*", "", items[k - 1][1].strip(), flags=re.IGNORECASE)
    words = re.findall(r"[A-Za-z][\w'-]*", name)
    # an apposition names the class of what it describes: "the HARP program, a self-management program led by ..."
    head = words[-1].casefold() if words else ""
    if head and head not in _NAME_JOINERS and re.search(rf"\b{re.escape(head)}\b", item, re.IGNORECASE):
        return True
    return bool(words) and all(w[:1].isupper() for w in words if w.casefold() not in _NAME_JOINERS)


# Words a programme's name may hold in lower case: "Building Recovery of Individual Dreams and Goals".
_NAME_JOINERS = frozenset({"of", "and", "the", "for", "to", "in", "on", "with", "a", "an"})


def _clause(text: str) -> str:
    """The words up to the end of the clause that names the arms."""
    end = re.search(r"[.;](?:\s|$)", text)
    return text[:end.start()] if end else text


def _arm_name(words: str) -> str:
    """One arm's name: without its article, its adjuncts and its count; "" when it is no name."""
    words = re.sub(rf"^(?:(?:\d+|either|to|receive|receiving)\s+)*(?:(?:the|a|an)\s+)?{_RECEIVERS}?", "", words.strip(),
                   flags=re.IGNORECASE | re.VERBOSE)
    words = ARM_END.split(words, maxsplit=1)[0].strip()
    if not words or (NOT_AN_ARM.match(words) and not PEER_ARM.search(words)) or len(words.split()) > MAX_ARM_WORDS:
        return ""
    return words


def comparison_arm(arms: list[str]) -> str:
    """Of a study's arms, the one peer support is compared with: one that names a comparison ("usual care",
    "a wait-list"), else the other of two arms when one gives peer support, else the second of two arms (a
    study names its own intervention first: "assigned to WRAP or to a nutrition education course"); "" when
    that is not clear."""
    passive = [a for a in arms if PASSIVE_ARM.search(a) and not PEER_ARM.search(a)]
    if passive:
        return passive[0]
    others = [a for a in arms if not PEER_ARM.search(a)]
    if len(arms) != 2 or not others:
        return ""
    return others[0] if len(others) == 1 else arms[1]


def comparator(text: str) -> str:
    """What one sentence compares peer support with, as worded; "" when it compares with nothing."""
    for m in COMPARATOR.finditer(text):
        np = PROVIDED_BY.sub("", m.group("np").strip())
        np = _other_of_pair(LEADING_ARTICLE.sub("", np).strip())
        if np and not NOT_AN_ARM.match(np) and not PEERS_COMPARED.search(np) and len(np.split()) <= MAX_WORDS:
            return np
    return _arm_phrase(text) or _second_of_between(text)


def _second_of_between(text: str) -> str:
    """The second group of a difference between peers and others: "no differences in burnout between peer
    providers and other providers employed by those programs" compares with "other providers"."""
    for m in BETWEEN_GROUPS.finditer(text):
        first, second = m.group("first"), m.group("second").strip()
        if PEER_ARM.search(first) and not PEER_ARM.search(second) and not (
                NOT_AN_ARM.match(second) and not re.match(r"those\s+(?:in|with|who)\s", second, re.IGNORECASE)) and (
                len(second.split()) <= MAX_WORDS):
            return second
    return ""


def _other_of_pair(np: str) -> str:
    """Of two arms a comparison coordinates ("similarly to the expressive writing and the Internet support group"),
    the one that gives no peer support; the phrase itself when it is no such pair."""
    pair = re.split(r"\s+and\s+(?:the\s+|a\s+|an\s+)?", np)
    if len(pair) != 2:
        return np
    others = [arm for arm in pair if not PEER_ARM.search(arm)]
    return others[0] if len(others) == 1 else np


def _arm_phrase(text: str) -> str:
    """The arm a sentence names; of several, the one without an active treatment."""
    found = [_one_arm(m.group().strip(), text[:m.start()]) for m in COMPARATOR_PHRASE.finditer(text)
             if not ADDED_TO.search(text, 0, m.start())]
    # "tau" or "euc" in lower case are words, not the arms' acronyms
    found = [f for f in found if not _ACRONYM_ARM.match(f) or f[:3].isupper()]
    return _usual_first(found)


def _one_arm(phrase: str, before: str) -> str:
    """The arm a coordinated plural names: the "control group" of "the treatment and control groups"."""
    if re.search(r"\b(?:and|or|&)\s+$", before) and re.search(r"(?:group|arm|condition)s$", phrase):
        return phrase[:-1]
    return phrase


def _usual_first(arms: list[str]) -> str:
    """Of several arms, the one without an active treatment is the comparison: "a clinician-led recovery
    group, and usual treatment" compares peer support with usual treatment."""
    return min(arms, key=lambda n: ACTIVE_ARM.search(n) is not None) if arms else ""


def study_arm(parts: list[Sentence], contexts: list[SentenceContext]) -> str:
    """The arm the study compares peer support with, as its own methods, aims or results name it: the arm
    people were assigned to ("randomised to peer support or standard case management"), else the first
    comparison arm named ("a wait-list control group"), else what the study compared peer support with;
    "" when it names none. Titles and background sentences are not the study's own arms."""
    # a sentence under a background heading that states this study's aim is the study's own ("Introduction: We
    # aimed to investigate ... compared to service as usual alone")
    own = [s.text for s, c in zip(parts, contexts, strict=True)
           if s.field == ABSTRACT and (c.part != Part.BACKGROUND or c.aim or c.self_statement) and not c.prior_work]
    assigned = next((a for text in own if (a := comparison_arm(assigned_arms(text)))), "")
    return assigned or _usual_first([n for text in own if (n := _arm_phrase(text))]) or next(
        (a for text in own if (a := _compared_arm(text))), "")


def _as_results_name_it(arm: str, parts: list[Sentence], contexts: list[SentenceContext]) -> str:
    """The study's arm by the shorter name a result sentence compares with, when its words are all words of the
    arm's name ("expressive writing" for "online expressive writing condition"); the arm as named otherwise."""
    words = set(re.findall(r"\w+", arm.casefold()))
    if not words:
        return arm
    for sentence, context in zip(parts, contexts, strict=True):
        if context.part in (Part.RESULTS, Part.CONCLUSIONS) and (named := comparator(sentence.text)):
            if set(re.findall(r"\w+", named.casefold())) < words:
                return named
    return arm


def _compared_arm(text: str) -> str:
    """What a sentence of aims or methods compares the study's intervention with ("compared peer navigation
    with standard case management"); "" when the second term gives peer support too."""
    plain = _BRACKETED.sub("", text)
    m = COMPARED_WITH.search(plain)
    if m is None:
        return ""
    arm = _arm_name(ARM_SEPARATOR.split(_clause(plain[m.end():]), maxsplit=1)[0])
    later = re.search(r"\b(?:with|against|versus|vs)\s+(?!respect\b|regard\b)", _clause(plain[m.end():]))
    if m.group().rstrip().endswith("to") and PEER_ARM.search(arm) and later:
        # "compared direction to an Internet support group with online expressive writing": what "to" introduced
        # is part of the first term, and the second term follows "with"
        arm = _arm_name(ARM_SEPARATOR.split(_clause(plain[m.end() + later.end():]), maxsplit=1)[0])
    return "" if PEER_ARM.search(arm) else arm


def arm_count(parts: list[Sentence], contexts: list[SentenceContext]) -> int:
    """How many arms the study's own methods say people were assigned to (0 when they name none)."""
    return max((len(assigned_arms(s.text)) for s, c in zip(parts, contexts, strict=True)
                if s.field == ABSTRACT and c.part != Part.BACKGROUND and not c.prior_work), default=0)


def assigns_arms(parts: list[Sentence], contexts: list[SentenceContext]) -> bool:
    """True when the study's own methods say people were assigned to two arms or more."""
    return arm_count(parts, contexts) >= 2


def with_comparators(findings: list[Finding], parts: list[Sentence], contexts: list[SentenceContext],
                     designs: set[URIRef]) -> list[Finding]:
    """Each finding with the comparator its sentence names, or else the study's arm when the result compares
    arms ("no significant differences between groups") or the study is a controlled one (by its design, or
    because its methods assign people to arms). A result of a study of three arms or more that does not say it
    compares arms is against no one arm: "the peer support group improved more" may be against either."""
    review = any("review" in str(d) or "meta" in str(d) for d in designs)
    arms = arm_count(parts, contexts)
    controlled = not review and (bool(designs & CONTROLLED) or arms >= 2)
    named_by = {id(f): comparator(f.sentence.text) for f in findings}
    # the arm as the results name it ("compared with the SCS group") stands for the arm in the other results
    in_results = Counter(n for f in findings if NAMES_ARM.search(n := named_by[id(f)]))
    arm = in_results.most_common(1)[0][0] if in_results and controlled else _as_results_name_it(
        study_arm(parts, contexts), parts, contexts)
    out = []
    for finding in findings:
        text = finding.sentence.text
        named = named_by[id(finding)]
        within = WITHIN.search(text) and not (finding.direction == PSK.NoDifference and BETWEEN_NULL.search(text))
        if not named and arm and finding.direction in COMPARED_DIRECTIONS and not within and (
                finding.outcome not in OF_THE_SERVICE) and (
                COMPARES.search(text) or (controlled and arms <= MAX_IMPLIED_ARMS)):
            named = arm
        out.append(replace(finding, comparator=named) if named != finding.comparator else finding)
    return _written_out(out, parts)


# A capitalised abbreviation inside a phrase: "TAU", "EUC", "CAU".
_ABBREVIATION = re.compile(r"\b[A-Z][A-Za-z]*[A-Z]s?\b")


def _written_out(findings: list[Finding], parts: list[Sentence]) -> list[Finding]:
    """The findings with each abbreviation of their comparators written out as the abstract defines it ("the TAU
    group" -> "the treatment as usual group" where the abstract says "treatment as usual (TAU)"), as readers of
    the graph and the annotation rules want it. Definitions are found by the Schwartz-Hearst algorithm."""
    if not any(_ABBREVIATION.search(f.comparator) for f in findings):
        return findings
    defined = defined_abbreviations([s.text for s in parts if s.field == ABSTRACT])
    if not defined:
        return findings

    def write_out(phrase: str) -> str:
        return _ABBREVIATION.sub(lambda m: defined.get(m.group(), m.group()), phrase)

    return [replace(f, comparator=write_out(f.comparator)) if _ABBREVIATION.search(f.comparator) else f
            for f in findings]


# An abbreviation in parentheses, with the text before it: "enhanced usual care (EUC", "(THPP plus Enhanced Usual
# Care (EUC".
_DEFINED_HERE = re.compile(r"\(\s*(?P<short>[A-Z][A-Za-z]{0,8}[A-Z])s?\s*[)\s;,]")


def defined_abbreviations(sentences: list[str]) -> dict[str, str]:
    """The abbreviations a text defines, each with its definition as it reads inside a phrase. The Schwartz-Hearst
    algorithm reads each sentence on its own (a parenthesis left open in one sentence does not hide the
    definitions of the next); where it finds none whose words' initials spell the abbreviation (nested
    parentheses: "(THPP plus Enhanced Usual Care (EUC))"), the words right before the parenthesis whose
    initials spell it are its definition."""
    defined: dict[str, str] = {}
    for text in sentences:
        try:
            pairs = schwartz_hearst.extract_abbreviation_definition_pairs(doc_text=text)
        except (ValueError, IndexError):
            pairs = {}
        for short, long in pairs.items():
            if short not in defined and _initials_match(short, long):
                defined[short] = _as_written(long)
        for m in _DEFINED_HERE.finditer(text):
            short = m.group("short")
            if short not in defined and (long := _initials_before(short, text[:m.start()])):
                defined[short] = _as_written(long)
    return defined


def _initials_before(short: str, before: str) -> str:
    """The shortest run of words at the end of before whose initials spell the abbreviation; "" when none does."""
    words = re.findall(r"[A-Za-z][\w'-]*", before)[-2 * len(short):]
    for k in range(len(words) - 1, -1, -1):
        long = " ".join(words[k:])
        if _initials_match(short, long) and words[k].casefold() not in _MINOR_WORDS:
            return long
    return ""


# Words an abbreviation may leave out: "treatment as usual" (TAU) keeps "as", "care as usual" (CAU) too.
_MINOR_WORDS = frozenset({"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"})


def _initials_match(short: str, long: str) -> bool:
    """True when the abbreviation is the initials of its definition's words, with or without the minor words:
    the algorithm's shortest match can be one word that merely holds the letters ("services" for SCS)."""
    letters = short.rstrip("s").upper() if short.endswith("s") and short[:-1].isupper() else short.upper()
    words = re.findall(r"[A-Za-z]+", long)
    return letters in ("".join(w[0] for w in words).upper(),
                       "".join(w[0] for w in words if w.casefold() not in _MINOR_WORDS).upper())


def _as_written(definition: str) -> str:
    """A definition as it reads inside a phrase: a capital that only began its sentence is dropped
    ("Enhanced usual care" -> "enhanced usual care"); a name keeps its capitals ("Whole Health Action Management")."""
    words = definition.split()
    if words and words[0][:1].isupper() and not any(w[:1].isupper() for w in words[1:]):
        return words[0][:1].lower() + definition[1:]
    return definition
