"""Abbreviations written out as the abstract defines them ("TAU" -> "treatment as usual"), as readers of the graph
and the annotation rules want a comparator phrase. Definitions are found by the Schwartz-Hearst algorithm."""

from __future__ import annotations

import re

from abbreviations import schwartz_hearst

# A capitalised abbreviation inside a phrase: "TAU", "EUC", "CAU".
ABBREVIATION = re.compile(r"\b[A-Z][A-Za-z]*[A-Z]s?\b")


def write_out(phrase: str, defined: dict[str, str]) -> str:
    """The phrase with each abbreviation the text defines written out: "the TAU group" -> "the treatment as usual
    group" where the text says "treatment as usual (TAU)"."""
    return ABBREVIATION.sub(lambda m: defined.get(m.group(), m.group()), phrase)


# An abbreviation in parentheses or brackets, with the text before it: "enhanced usual care (EUC", "(THPP plus
# Enhanced Usual Care (EUC", "usual care [UC".
_DEFINED_HERE = re.compile(r"[(\[]\s*(?P<short>[A-Z][A-Za-z]{0,8}[A-Z])s?\s*[)\]\s;,]")
# An abbreviation before the parenthesis that defines it: "TAU (treatment as usual)", "CAU (care-as-usual; n = 40)".
_DEFINED_AFTER = re.compile(r"\b(?P<short>[A-Z][A-Za-z]{0,8}[A-Z])s?\s*\(\s*(?P<long>[A-Za-z][^()]*?)\s*[);,]")


def defined_abbreviations(sentences: list[str]) -> dict[str, str]:
    """The abbreviations a text defines, each with its definition as it reads inside a phrase. The Schwartz-Hearst
    algorithm reads each sentence on its own (a parenthesis left open in one sentence does not hide the
    definitions of the next); where it finds none whose words' initials spell the abbreviation (nested
    parentheses: "(THPP plus Enhanced Usual Care (EUC))"), the words right before the parenthesis whose
    initials spell it are its definition. An abbreviation may come first, its definition in the parenthesis after
    it ("TAU (treatment as usual)")."""
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
        for m in _DEFINED_AFTER.finditer(text):
            short, long = m.group("short"), m.group("long")
            if short not in defined and _initials_match(short, long):
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
