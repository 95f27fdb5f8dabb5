"""What one sentence compares peer support with: "usual care", "wait-list control", "non-peer staff".

The phrase a sentence compares with ("than those receiving usual care", "compared to women in the EUC-alone
group"), as worded, without the people who received it; the arm a sentence names ("the control group"); and the
words that say a sentence compares arms without naming one ("between groups"). Per-arm numbers ("50% vs 44%"),
times and the peer arm itself are no comparator.
"""

from __future__ import annotations

import re

# People who received the comparison, before the arm itself. Matches "those receiving ", "women in the ",
# "participants who were assigned to ", "patients offered only ", "their counterparts in ", "the group that received ",
# "their counterparts exposed to "
RECEIVERS = r"""(?:(?:those|participants|patients|people|individuals|persons|women|men|mothers|veterans|clients
      |users|adults|youth|students|carers|caregivers|workers|respondents|subjects|members|counterparts|groups?)\s+
    (?:(?:who|that)\s+(?:were\s+|had\s+)?)?(?:in|receiving|received|given|offered|getting|on|(?<!those\ )with
      |assigned\s+to|allocated\s+to|randomi[sz]ed\s+to|exposed\s+to)\s+(?:only\s+)?(?:the\s+|a\s+|an\s+)?)"""
# What the sentence compares peer support with. Matches: "compared with usual care", "than those receiving Usual
# Care", "equally effective to services provided by non-peer paraprofessionals", "not significantly different to
# other mental health workers", "relative to control", "superior to usual care", "beyond usual care", "comparable to
# those of other staff", "did not differ from clinicians"
COMPARATOR = re.compile(rf"""
    (?<!rather\ )(?<!other\ )
    \b(?:compared\ (?:with|to)|in\ comparison\ (?:with|to)|relative\ to|versus|vs\.?|different\ (?:to|from)
      |comparable\ (?:with|to)|differ(?:s|ed)?\ from
      |(?:equally|as)\ effective\ (?:to|as)|similar(?:ly)?\ (?:[\w-]+\ ){{0,3}}?to|superior\ to|inferior\ to|than)
    \s+(?:(?:in|among|for)\s+)?(?:that\ of\s+|those\ of\s+)?(?:(?:the\s+|their\s+)?{RECEIVERS})?(?:the\s+|a\s+|an\s+)?
    (?P<np>those\s+(?:who\s+)?(?:were\s+not|weren['’]t|did\s+not|didn['’]t|not)(?:\s+[^,.;:()\[\]]+)?
      |those\s+with\s+[^,.;:()\[\]]+?
      |norms?\s+(?:for|of)\s+[^,.;:()\[\]]+?|[^,.;:()\[\]]+?)
    (?=\s+(?:on|in|at|for|to|over|across|after|during|with|regarding|and\ (?:had|were|was|showed|did|\w+ed)
      |while|whereas|but|although|though|who|which|p\s*[<=>])\b|\s*[,.;:()\[\]]|$)
    """, re.VERBOSE | re.IGNORECASE)
# The part of a comparator that names who provided the other service: the comparator when what they provided is
# named by no arm's name. Matches: "services provided by non-peer paraprofessionals" -> "non-peer paraprofessionals";
# "active control delivered by non-peers" keeps its name, "active control"
PROVIDED_BY = re.compile(r"^(?P<service>.*?)\s+(?:provided|delivered|offered|led)\s+by\s+", re.IGNORECASE)
# A measure of the people compared, or its change, before them: the comparison is with the people, as with "those
# of". Matches "rates reported by ", "previously published burnout levels of ", "mean scores among ", "changes in the ",
# "improvements among "
MEASURE_OF = re.compile(r"^(?:[\w-]+\s+){0,3}?(?:levels?|rates?|scores?|ratings?|changes?|improvements?|gains?)\s+"
                        r"(?:of|among|in|for|reported\s+by)\s+(?:the\s+)?", re.IGNORECASE)
# What a comparison's second term is when it is no comparison arm: a number ("50% vs 44%"), a time, an
# expectation, the peer arm itself. Matches: "44%", "only 10%", "baseline", "expected", "planned", "before", "chance",
# "intervention group", "the previous year", "the months before enrolment", "men" (a comparison by sex is no comparison
# with peer support), "the prespecified −10% noninferiority margin", "national norms" (a bound or a norm, not an arm)
NOT_AN_ARM = re.compile(r"""^(?:(?:only|just|about|approximately|around|nearly|almost|over|under)\s+)?
    (?:[\d.,\-−–±$£€%<>≥≤=]
    |\w+\s*[<=>]
    |(?:the\s+)?(?:baseline|expected|planned|anticipated|intended|predicted|hypothesi[sz]ed|before|previously|prior
      |pre|post|chance|ever|that|this|it|them|they|in|at|one
      |half|twice|end|follow[-\s]?up|(?:pre|post)[-\s]?(?:intervention|test|treatment)
      |other\s+(?:outcomes?|measures?|domains?)
      |(?:previous|preceding|following|same|first|last|next|earlier|later)\s+(?:\w+\s+)?(?:years?|months?|weeks?|days?
        |periods?|times?|waves?|assessments?|visits?)
      |(?:years?|months?|weeks?|days?|periods?|times?|admission|discharge|enrol+ment|entry)\s+(?:before|prior|after))\b
    |(?:usual|average)$|(?:(?:younger|older)\s+)?(?:men|women|males?|females?|boys|girls)$|those\b(?!\s+(?:who\s+)?(?:were|did|had)?\s*n[o'’]t|\s+with\b)
    |(?:intervention|experimental|treatment|active|peer(?:[-\s]support)?)\s+(?:group|arm|condition)s?$
    |.*\b(?:outcomes|measures|indicators|variables|domains|scores|levels|rates|changes|improvements|gains)$
    |.*\b(?:margins?|thresholds?|cut[-\s]?offs?|cut[-\s]?points?|norms?|benchmarks?|targets?|limits?|means?|medians?
      |averages?)$)""",
                        re.VERBOSE | re.IGNORECASE)
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
# Words before an arm's name that say the study had no such arm. Matches "without a ", "lack of a ", "no concurrent ",
# "in the absence of an ", "did not include a ", "lacked a "
ABSENT = re.compile(r"\b(?:without|no|lack\ of|lacked|lacking|absence\ of|(?:did|does)\ not\ (?:have|include|use))"
                    r"\s+(?:(?:a|an|any|the)\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
# Arms that give another active treatment, second to usual care or no treatment as a study's comparison.
ACTIVE_ARM = re.compile(r"\b(?:led|delivered|facilitated|active|attention|non[-\ ]peer)\b", re.IGNORECASE)
# A phrase that names an arm only as a case-sensitive acronym: "TAU", "EUC".
_ACRONYM_ARM = re.compile(r"^(?:TAU|EUC)", re.IGNORECASE)
# What comes before an arm's name in a comparison: "than among the controls", "than for matched controls".
LEADING_ARTICLE = re.compile(rf"^(?:(?:among(?:st)?|for|in|with)\s+)?(?:(?:the|a|an|their|its)\s+)?{RECEIVERS}?",
                             re.IGNORECASE | re.VERBOSE)
# A difference or effect by arm. Matches "differences by group", "difference by treatment arm", "effect of condition"
BY_GROUP = (r"(?:differ\w*|effects?)\ (?:by|of)\ (?:the\ )?(?:treatment\ |study\ )?(?:group|arm|condition"
             r"|allocation|assignment)s?")
# Words of a result sentence that compare arms without naming one: "between groups", "than controls".
COMPARES = re.compile(r"\b(?:between[-\ ]groups?|between\ (?:the\ )?(?:two\ |three\ )?(?:groups|arms|conditions)"
                      r"|among\ (?:the\ )?(?:groups|arms|conditions)|group\ differences?|relative\ to|compared"
                      r"|versus|vs\.?|than|BY_GROUP)\b".replace("BY_GROUP", BY_GROUP), re.IGNORECASE)
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
# An arm that gives peer support, or the study's own intervention, rather than the comparison.
PEER_ARM = re.compile(r"\b(?:peers?|peer[-\ ]\w+|intervention|experimental|program(?:me)?|mentor\w*|navigat\w*"
                      r"|coach\w*|buddy|mutual|(?:self[-\ ]help|support)\ groups?|plus)\b", re.IGNORECASE)
# A comparison a result names that is an arm of the study: "the SCS group", "control participants", "usual care".
NAMES_ARM = re.compile(r"\b(?:groups?|arms?|conditions?|controls?|usual|standard|routine|wait(?:ing)?[-\ ]?list\w*"
                       r"|TAU|UC|EUC)\b", re.IGNORECASE)
MAX_WORDS = 8


def comparator(text: str) -> str:
    """What one sentence compares peer support with, as worded; "" when it compares with nothing."""
    for m in COMPARATOR.finditer(text):
        np = MEASURE_OF.sub("", _named_or_provider(m.group("np").strip()))
        np = _other_of_pair(re.sub(r"['’]s$", "", LEADING_ARTICLE.sub("", np).strip()))
        if np and not NOT_AN_ARM.match(np) and not PEERS_COMPARED.search(np) and len(np.split()) <= MAX_WORDS:
            return np
    return arm_phrase(text) or _second_of_between(text)


def _named_or_provider(np: str) -> str:
    """Of a comparison's second term that says who provided it, the arm's own name when it has one ("active control
    delivered by non-peers" is "active control"), else those who provided it ("services provided by non-peer
    paraprofessionals" is "non-peer paraprofessionals")."""
    by = PROVIDED_BY.match(np)
    if by is None:
        return np
    named = COMPARATOR_PHRASE.search(by.group("service"))
    return named.group().strip() if named else np[by.end():]


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


def arm_phrase(text: str) -> str:
    """The arm a sentence names; of several, the one without an active treatment."""
    found = [_one_arm(m.group().strip(), text[:m.start()]) for m in COMPARATOR_PHRASE.finditer(text)
             if not ADDED_TO.search(text, 0, m.start()) and not ABSENT.search(text, 0, m.start())]
    # "tau" or "euc" in lower case are words, not the arms' acronyms
    found = [f for f in found if not _ACRONYM_ARM.match(f) or f[:3].isupper()]
    return usual_first(found)


def _one_arm(phrase: str, before: str) -> str:
    """The arm a coordinated plural names: the "control group" of "the treatment and control groups"."""
    if re.search(r"\b(?:and|or|&)\s+$", before) and re.search(r"(?:group|arm|condition)s$", phrase):
        return phrase[:-1]
    return phrase


def usual_first(arms: list[str]) -> str:
    """Of several arms, the one without an active treatment is the comparison: "a clinician-led recovery
    group, and usual treatment" compares peer support with usual treatment."""
    return min(arms, key=lambda n: ACTIVE_ARM.search(n) is not None) if arms else ""

