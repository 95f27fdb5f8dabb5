"""Text handling: fields and sections, sentences, tokens, and the normal form labels and text share.

Labels and text go through the same :func:`normalize_token`, so spelling variants
(randomised/randomized, programme/program) and plurals (interviews, studies,
meta-analyses) meet on one form without a lemmatiser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.model import ABSTRACT, ARTICLE_TYPE, KEYWORDS, TITLE, Span
from kg.records import Work

# A word (with inner apostrophes or dots of abbreviations such as "U.S.") or one other character.
# Matches: "U.S.-based" -> "U.S." "-" "based"; "clients’" -> "clients’"
# The hyphens that join two words into one ("non-peer", "high-risk"): the hyphen-minus and Unicode's hyphen and
# non-breaking hyphen (not the dashes of ranges).
HYPHENS = frozenset({"-", "\u2010", "\u2011"})
TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|\w+(?:['’]\w+)*|[^\w\s]")

# Characters inside compounds that matching ignores: "mixed-methods" = "mixed methods".
JOINERS = frozenset("-‐‑–/'’")

# British spellings folded to American ones, as suffix rewrites applied to labels and text alike.
# Matches: "randomised" -> "randomized", "hospitalisation" -> "hospitalization", "programme" -> "program"
_SPELLING = (
    (re.compile(r"isation$"), "ization"),
    (re.compile(r"is(e|ed|es|ing)$"), r"iz\1"),
    (re.compile(r"programme$"), "program"),
    (re.compile(r"our$"), "or"),
    (re.compile(r"ae"), "e"),
)
_NO_FOLD = frozenset({"our", "four", "hour", "your", "tour", "pour", "flour", "promise", "otherwise",
                      "exercise", "advise", "raise", "rise", "wise", "praise", "analyse", "analysed",
                      "premise", "expertise"})
# Plural endings: "studies" -> "study", "meta-analyses" -> "analysis", "interviews" -> "interview".
# Each starts where a run of letters starts ((?<!\w)): the same matches, and a long token costs linear time.
_PLURAL = (
    (re.compile(r"(?<!\w)(\w{2,})yses$"), r"\1ysis"),
    (re.compile(r"(?<!\w)(\w{2,}[^aeiou])ies$"), r"\1y"),
    (re.compile(r"(?<!\w)(\w{2,}(?:ss|sh|ch|x|z))es$"), r"\1"),
    (re.compile(r"(?<!\w)(\w{2,}[^siu'’])s$"), r"\1"),
)
_NOT_PLURAL = frozenset({"was", "has", "is", "its", "this", "thus", "does", "less", "always", "perhaps",
                         "across", "towards", "afterwards", "whereas", "us", "yes", "bias", "status",
                         "diabetes", "series", "species", "means", "news", "lens", "basis", "aids"})

# Sentence ends: . ! ? (maybe closed by a quote or bracket), then space and a capital, digit or quote.
# Matches the break in "reviews. Second, the authors"
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)\]]?\s+(?=[\"“‘(\[]?[A-Z0-9])")
# Abbreviations that end in a dot without ending the sentence.
# Matches: "et al." "e.g." "i.e." "vs." "U.S." "Dr."
_ABBREVIATION = re.compile(r"(?:\bet al|\be\.g|\bi\.e|\bvs|\bcf|\bapprox|\bca|\bno|\bfig|\bdr|\bprof|\bst"
                           r"|\bmr|\bms|\bmrs|\bjr|\bsr|\binc|\bco|\bltd|\b(?:[A-Za-z]\.){1,}[A-Za-z]"
                           r"|(?-i:\b[A-Z]))\.$", re.IGNORECASE)

# Headings of structured abstracts, when the mapper did not split them into sections.
# Matches: "Purpose As peer support", "Design/methodology/approach To provide", "Results: Three main"
HEADING = re.compile(r"""
    (?:^|(?<=[.!?])\s+)
    (?P<heading>Background|Introduction|Purpose|Aims?|Objectives?|Context|Methods?|Design|Setting|Participants
      |Design/methodology/approach|Findings|Results|Discussion|Conclusions?|Discussion\ and\ Conclusions?
      |Research\ limitations/implications|Practical\ implications|Social\ implications|Originality/value
      |Limitations|Implications|Interpretation|Funding|Trial\ registration|Abstract)
    :?\s+(?=[A-Z0-9])
    """, re.VERBOSE)


@dataclass(frozen=True)
class Token:
    """One token of a sentence, with its offsets into the field and its normal form."""

    text: str
    norm: str  # "" for punctuation that matching skips (hyphens, slashes)
    start: int
    end: int
    plural: bool  # the normal form dropped a plural ending
    word: bool


@dataclass(frozen=True)
class Sentence:
    """One sentence of one field, with its tokens."""

    field: str
    start: int
    end: int
    text: str
    section: str
    index: int  # position among the sentences of the work, for "before the study statement" tests
    tokens: tuple[Token, ...]

    def span(self, start: int | None = None, end: int | None = None) -> Span:
        """The span of the whole sentence, or of the field offsets start..end inside it."""
        s = self.start if start is None else start
        e = self.end if end is None else end
        return Span(self.field, s, e, self.text[s - self.start:e - self.start], self.section)

    def near_before(self, index: int, count: int, words: bool = True) -> list[int]:
        """The indices of the last ``count`` tokens before token ``index`` that are words (with ``words`` False:
        that have a normal form), in order; a look back of a few words, without a pass over the whole sentence."""
        found: list[int] = []
        for i in range(index - 1, -1, -1):
            if len(found) == count:
                break
            if self.tokens[i].word if words else self.tokens[i].norm:
                found.append(i)
        return found[::-1]

    def near_after(self, index: int, count: int, words: bool = True) -> list[int]:
        """The indices of the first ``count`` tokens after token ``index`` that are words (with ``words`` False:
        that have a normal form), in order."""
        found: list[int] = []
        for i in range(index + 1, len(self.tokens)):
            if len(found) == count:
                break
            if self.tokens[i].word if words else self.tokens[i].norm:
                found.append(i)
        return found

    def words_before(self, index: int, ends: frozenset[str] | set[str], reach: int) -> list[str]:
        """The normal forms of the words before token ``index``, nearest first, up to a token whose normal form
        is in ``ends`` or ``reach`` words: the phrase a cue or an outcome word stands in ("we examined the effect
        on hope": examined, we)."""
        words: list[str] = []
        for token in reversed(self.tokens[:index]):
            if token.norm in ends or len(words) >= reach:
                break
            if token.word:
                words.append(token.norm)
        return words


def fold_spelling(word: str) -> str:
    """British to American spelling for one lower-case word."""
    if word in _NO_FOLD:
        return word
    for pattern, replacement in _SPELLING:
        word = pattern.sub(replacement, word)
    return word


@lru_cache(maxsize=1 << 16)
def normalize_token(text: str) -> tuple[str, bool]:
    """The matching form of one token and whether a plural ending was dropped (kept for the most recent 65,536
    tokens: the same words recur in every abstract)."""
    word = text.casefold().replace("’", "'")
    if not word[:1].isalnum():
        return ("" if word in JOINERS or word in "'’" else word), False
    plural = False
    # Acronyms keep a final capital S ("CPS"); "PSWs", "PSs" and "CPSs" are plurals.
    if len(text) > 2 and text[-1] == "s" and text[:-1].isupper() and text[:-1].isalpha():
        return word[:-1], True
    if word not in _NOT_PLURAL and len(word) > 3 and not text.isupper():
        for pattern, replacement in _PLURAL:
            stem = pattern.sub(replacement, word)
            if stem != word:
                word, plural = stem, True
                break
    return fold_spelling(word), plural


def word_set(words: Iterable[str]) -> frozenset[str]:
    """Words as written with their matching forms (:func:`normalize_token`), for a set that tokens' normal forms are
    looked up in: written "activities", "focuses" or "promising", it also holds "activity", "focuse" and "promizing",
    the forms a token of the word has, so that no word of it is written in vain."""
    words = tuple(words)
    return frozenset(words) | {normalize_token(w)[0] for w in words if w[:1].isalnum()}


def tokenize(text: str, offset: int = 0) -> tuple[Token, ...]:
    """Tokens of a text, with offsets shifted by offset."""
    tokens = []
    for m in TOKEN.finditer(text):
        norm, plural = normalize_token(m.group())
        tokens.append(Token(m.group(), norm, m.start() + offset, m.end() + offset, plural,
                            m.group()[:1].isalnum()))
    return tuple(tokens)


def normalize_phrase(text: str) -> tuple[str, ...]:
    """The normal form of a label: its token norms, without skipped punctuation."""
    return tuple(t.norm for t in tokenize(text) if t.norm)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence offsets within text[start:end], not breaking after abbreviations."""
    end = len(text) if end is None else end
    spans = []
    cursor = start
    for m in SENTENCE_END.finditer(text, start, end):
        before = text[cursor:m.start()].rstrip("\"”’)]")
        if _ABBREVIATION.search(before[-12:]):
            continue
        spans.append((cursor, m.start()))
        cursor = m.end()
    spans.append((cursor, end))
    return [_strip(text, s, e) for s, e in spans if text[s:e].strip()]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def abstract_sections(work: Work) -> list[tuple[str, int, int]]:
    """(heading, start, end) offsets of the abstract's sections; one unheaded section when unstructured.

    Text of the abstract that no given section holds (an opening paragraph before the first heading, a paragraph
    whose heading the source lost) is an unheaded section of its own, so that no sentence of the abstract goes
    unread; what is left between two sections is not one when it is only a heading ("Main Outcomes and Measures")."""
    text = work.abstract
    sections: list[tuple[str, int, int]] = []
    cursor = 0
    for section in work.abstract_sections:
        found = text.find(section.text, cursor) if section.text else -1
        if found < 0:
            return _inline_sections(text)
        sections.extend(_unheld(text, cursor, found, section.heading))
        sections.append((section.heading, found, found + len(section.text)))
        cursor = found + len(section.text)
    if not sections:
        return _inline_sections(text)
    return sections + _unheld(text, cursor, len(text), "")


# At most this many words between two given sections are a heading the sections do not hold, not text.
_HEADING_WORDS_AT_MOST = 6
_WORD = re.compile(r"\w+")


def _unheld(text: str, start: int, end: int, next_heading: str) -> list[tuple[str, int, int]]:
    """An unheaded section for text[start:end], without the next section's heading it ends with, when it holds
    more than a heading."""
    start, end = _strip(text, start, end)
    stop = start + len(text[start:end].rstrip(" :"))
    if next_heading and text[max(start, stop - len(next_heading)):stop].casefold() == next_heading.casefold():
        start, end = _strip(text, start, stop - len(next_heading))
    if len(_WORD.findall(text, start, end)) <= _HEADING_WORDS_AT_MOST:
        return []
    return [("", start, end)]


def _inline_sections(text: str) -> list[tuple[str, int, int]]:
    heads = list(HEADING.finditer(text))
    if len(heads) < 2:
        return [("", 0, len(text))]
    sections = []
    if heads[0].start("heading") > 0:
        sections.append(("", 0, heads[0].start("heading")))
    for head, following in zip(heads, [*heads[1:], None], strict=True):
        stop = following.start("heading") if following else len(text)
        sections.append((head.group("heading"), head.end(), stop))
    return sections


def sentences(work: Work) -> list[Sentence]:
    """Every sentence of the title, the abstract (by section) and the keywords, in reading order."""
    out: list[Sentence] = []

    def add(field: str, text: str, start: int, end: int, section: str) -> None:
        for s, e in split_sentences(text, start, end):
            out.append(Sentence(field, s, e, text[s:e], section, len(out), tokenize(text[s:e], s)))

    if work.title:
        add(TITLE, work.title, 0, len(work.title), "")
    if work.article_type:
        add(ARTICLE_TYPE, work.article_type, 0, len(work.article_type), "")
    for heading, start, end in abstract_sections(work):
        add(ABSTRACT, work.abstract, start, end, heading)
    # Each keyword is its own "sentence" so that phrases never run across two keywords.
    cursor = 0
    for keyword in work.keywords:
        out.append(Sentence(KEYWORDS, cursor, cursor + len(keyword), keyword, "", len(out),
                            tokenize(keyword, cursor)))
        cursor += len(keyword) + 2
    return out


def keyword_text(work: Work) -> str:
    """The author keywords as one string, the field keyword spans point into."""
    return "; ".join(work.keywords)


def field_text(work: Work, field: str) -> str:
    """The text of one field of a work."""
    return {TITLE: work.title, ABSTRACT: work.abstract, KEYWORDS: keyword_text(work),
            ARTICLE_TYPE: work.article_type}[field]
