"""How abstracts write counts: numbers in digits or words, "n =", parts of wholes, arms and sample sizes.

The patterns only find where a number stands; what it counts is read by kg.extract.count_heads and
kg.extract.participants.
"""

from __future__ import annotations

import re

UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
         "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
         "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
        "ninety": 90}
# A count below a hundred written in words. Matches: "Twenty-four", "six", "Forty seven"
_BELOW_HUNDRED = (rf"(?:(?:{'|'.join(TENS)})(?:[-‐\u2011 ](?:{'|'.join(list(UNITS)[:9])}))?"
                  rf"|{'|'.join(sorted(UNITS, key=len, reverse=True))})\b")
# A count written in words, hundreds and thousands included. Matches: "Twenty-four", "six", "One hundred and
# twenty", "two hundred", "Three thousand four hundred and five"
WORD_NUMBER = (rf"(?=(?:{_BELOW_HUNDRED}|a[-\s]+(?:hundred|thousand)\b))"
               rf"(?:(?:{_BELOW_HUNDRED}|a)[-\s]+thousand\b(?:,?\s+(?:and\s+)?(?={_BELOW_HUNDRED}))?)?"
               rf"(?:(?:{_BELOW_HUNDRED}|a)[-\s]+hundred\b(?:\s+(?:and\s+)?(?={_BELOW_HUNDRED}))?)?"
               rf"(?:{_BELOW_HUNDRED})?(?<=[a-z])")
# A count written in digits, thousands separators read whole. Matches "1,128", "1 234", "4 001", "45"
DIGITS = (r"(?:\d{1,3}(?:,\d{3})+(?!\d|\.\d)|\d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d|[.,]\d)"
          r"|\d{1,2}\ \d{3}(?!\d|[.,]\d)|\d+(?!\d|[.,]\d))")
# A count written in digits or words, not part of a decimal, a percentage, a range's end or a sum of money.
# Matches: "49", "5597", "4,001", "Twenty-four", "six"
NUMBER = re.compile(rf"(?<![\w.,=<>≥≤±$£€%/-])(?P<number>{DIGITS}|{WORD_NUMBER})(?![\w%]|\.\d|,\d)",
                    re.IGNORECASE)
# A count given as "n =" wherever it stands. Matches: "(n = 35)", "(N=454)", "service users, n= 60,",
# "N = 1 234 participants", "(n=32, across nine provinces)"
# A range after "n =" ("n = 95-40,927 participants" across a review's studies) gives no one group's size.
N_EQUALS = re.compile(rf"(?<![\w.])[nN]\s*[=:]\s*(?P<number>{DIGITS})(?!\s*%|\s*(?:[-–—]|to\s)\s*\d)")
# A count and its share in one parenthesis, as a table of results gives them. Matches "(289, 65%)", "(41; 12.5%)"
COUNT_WITH_SHARE = re.compile(rf"\(\s*(?P<number>{DIGITS})\s*[,;]\s*\d+(?:\.\d+)?\s*%\s*\)")
# Arms counted inside a parenthesis after the group they split. Matches "PS group = 149" and "Usual Care = 133"
# in "All patients (PS group = 149, Usual Care = 133)"
NAMED_ARM = re.compile(r"(?<=[(,;])\s*(?P<arm>[A-Za-z][\w+\- ]{1,30}?)\s*[=:]\s*(?P<number>\d[\d,]*)\s*(?=[),;])")
# Statistics that look like a named arm: "(p = 0.05", ", df = 1"
STATISTIC_NAMES = frozenset({"n", "p", "d", "or", "rr", "hr", "ci", "sd", "se", "b", "r", "t", "f", "df", "z",
                             "m", "mean", "median", "range", "iqr", "icc", "k", "i2", "chi2", "beta", "smd", "md"})
# A part of a counted whole. Matches "115 of 301 respondents", "22/30", "eight of 30 mentees", "237 (61%) of 389"
PART_OF = re.compile(rf"""(?<![\w.,/])(?P<part>{DIGITS}|{WORD_NUMBER})\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?
                         (?:of|out\ of|/)\s*(?:the\s+)?
                         (?P<number>{DIGITS}|{WORD_NUMBER})(?![\d.,%])""", re.VERBOSE | re.IGNORECASE)
# What a part in the parenthesis after a percentage is a part of. Matches the ") of the " of "29% (64/218) of the
# control group", the ") of " of "45% (27/60) of participants", the ") in the " of "25% (78/315) in the control group"
PART_OF_GROUP = re.compile(r"\s*\)\s*(?:of\s+(?:(?:the|all|those\s+in\s+the)\s+)?|in\s+the\s+)", re.IGNORECASE)
# A percentage and the parenthesis that opens right after it: "29% (" before "64/218".
PERCENT_OPENING = re.compile(r"%\s*\(\s*$")
# A percentage in parentheses right after a count. Matches " (80%)" in "227/283 (80%) women"
PERCENT_AFTER = re.compile(r"\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)")
# A count stated as the size of the sample. Matches: "total sample size of 264", "The sample size will be 560"
SAMPLE_SIZE = re.compile(rf"""\bsample\s+size\s*(?:of|was|is|will\s+be|=|:)\s*(?:approximately\s+|about\s+)?
                              (?P<number>{DIGITS})(?![\d.,%])""", re.VERBOSE | re.IGNORECASE)
# A count of the group before it. Matches "of whom 319" and "of which 597"
OF_WHOM = re.compile(rf"\bof\s+(?:whom|which)\s*,?\s+(?:only\s+)?(?P<number>{DIGITS}|{WORD_NUMBER})(?![\d.,%])",
                     re.IGNORECASE)
# What a bare count of the sample did or where it was, which makes it a part of the group counted before it.
# Matches "(83%) attended", " completed", " agreed to participate", " of whom" (the 38 of "64 individuals, 38 of whom
# consented"), " were included", " receiving peer support", " in the care-as-usual arm",
# " randomized to the PRSS arm", " the control intervention" (the 220 of "221 were randomised to the experimental and
# 220 the control intervention")
PART_OF_SAMPLE = re.compile(r"""^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:
      completed|responded|participated|attended|enrolled|consented|remained|withdrew|dropped\ out|took\ part
      |agreed\ to\ (?:take\ part|participate|join)
      |of\ (?:whom|them|these|those)\b
      |(?:were|was)\ (?:included|randomi[sz]ed|allocated|assigned|interviewed|recruited|retained|enrolled
        |analy[sz]ed|surveyed|lost|eligible)
      |receiving\b|(?:were\ )?in\ the\ [\w\- ]{1,30}?(?:arm|group|condition)s?\b
      |(?:randomi[sz]ed|assigned|allocated)\ to\b
      |the\ (?:[\w-]+\ ){0,3}?(?:arm|group|condition|intervention|control)s?\b
      |(?:per|in\ each|for\ each)\ (?:arm|group|condition|site)\b
      |(?:were\ )?to\ (?:the\ |a\ |an\ )?(?:[\w-]+\ ){0,4}?(?:arm|group|condition|care|intervention|control
        |treatment|support|list|program|programme|services?)\b)""", re.VERBOSE | re.IGNORECASE)
# What a bare count did that makes it the study's sample even when no group was counted before it.
# Matches " were randomised", " were recruited", " (64%) completed the survey", " took part", " agreed to take part"
JOINED_STUDY = re.compile(r"""^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:
      (?:were|was)\ (?:(?:randomly|successfully|subsequently|initially)\ )?(?:randomi[sz]ed|recruited|enrolled
        |included|interviewed|surveyed|allocated|assigned)\b
      |(?:completed|returned)\ (?:the\ |a\ |an\ )?(?:baseline\ |online\ )?(?:survey|questionnaire|interview)s?\b
      |took\ part\b|participated\b|consented\b|agreed\ to\ (?:take\ part|participate|join)\b)""",
                           re.VERBOSE | re.IGNORECASE)
# A count named as the size of the whole sample without a noun. Matches "a sample of ", "A total of ", "In total, "
WHOLE_BEFORE = re.compile(r"\b(?:(?:a|the)\s+(?:total\s+)?(?:sample|total)\s+of|in\s+total,?)\s*$",
                          re.IGNORECASE)
# The end of a range before a count, which is then no group of its own. Matches "three to " in "three to five"
RANGE_BEFORE = re.compile(rf"(?:{DIGITS}|{WORD_NUMBER})\s*(?:to|-|–|—)\s*$", re.IGNORECASE)
# A range of sizes given by its two ends, neither of which is the size of one group. Matches "between 4 and 9" of
# "groups had between 4 and 9 participants each", "between five and eight" of "between five and eight carers"
RANGE_BETWEEN = re.compile(rf"\bbetween\s+(?P<low>{DIGITS}|{WORD_NUMBER})\s+and\s+(?P<high>{DIGITS}|{WORD_NUMBER})"
                           rf"(?![\w%]|\.\d|,\d)", re.IGNORECASE)
# What a part of a group says of its people, which makes it a count of a kind of participant: "of whom 292 (66%)
# were male", "with 27 being male".
DESCRIBES_GROUP = re.compile(r"^\s*(?:\(\s*\d+(?:\.\d+)?\s*%\s*\)\s*)?(?:were|was|are|being|identified\ as)\s+"
                             r"(?:male|female|men|women|white|black|married|single|employed|unemployed|aged)\b",
                             re.IGNORECASE)
# What joins a bare count to the counted group it shares a head with. Matches the " and " of "560 and 280 women"
COORDINATED = re.compile(r"\s*(?:,\s*|,?\s+(?:and|or)\s+)")
# A percentage a count in parentheses gives the share of. Matches "6% (" before "N = 86)" and the ", 59%" of
# "(N = 1062, 59%)"
PERCENT_BEFORE_COUNT = re.compile(r"(?:%|\bper\s?cent)\s*\(\s*$", re.IGNORECASE)
PERCENT_BESIDE_COUNT = re.compile(r"^\s*[,;]\s*\d+(?:\.\d+)?\s*%")
# A summary of a measure before a count, which is then no group: "a mean of 6", "an average of 12 clients per week",
# "a caseload of 20 clients". Matches "average of " and "caseload of up to "
SUMMARY_BEFORE = re.compile(r"\b(?:average|mean|median|caseloads?|maximum|minimum)\s+(?:of\s+)?(?:about\s+|around\s+"
                            r"|approximately\s+|up\s+to\s+)?$", re.IGNORECASE)
# A rate after a count's head, which makes the count how many in a time, not a group: " per week", " a month", " each
# day". Matches " per week" of "12 clients per week"
RATE_AFTER = re.compile(r"\s*(?:per|a|an|each|every)\s+(?:week|month|day|year|session|shift|visit|fortnight)\b",
                        re.IGNORECASE)
# "one in four people" is a proportion, not a group. Matches the "one in " before "four"
PROPORTION_BEFORE = re.compile(r"\b(?:one|1)\s+(?:in|out\s+of)\s+$", re.IGNORECASE)


def parse_number(text: str) -> int:
    """The value of a count written in digits or in words ("Twenty-four" -> 24, "1 234" -> 1234, "One hundred
    and twenty" -> 120)."""
    word = re.sub(r"[,\s\u00a0\u202f\u2009]", "", text.casefold()) if text[:1].isdigit() else text.casefold()
    if word.isdigit():
        return int(word)
    total = current = 0
    for part in re.split(r"[-‐\u2011\s,]+", word):
        if part in UNITS:
            current += UNITS[part]
        elif part in TENS:
            current += TENS[part]
        elif part == "a":
            current = 1
        elif part == "hundred":
            current = max(current, 1) * 100
        elif part == "thousand":
            total += max(current, 1) * 1000
            current = 0
    return total + current


def is_year(number: str) -> bool:
    """True for a four-digit number that reads as a year of the last two centuries."""
    return number.isdigit() and len(number) == 4 and 1900 <= int(number) <= 2099
