"""Quotes in their source: find where a span of a record's text stands in the document's text.

Mappers clean what they read (lines joined, markup and escapes undone), so a sentence of an
abstract is rarely a verbatim substring of its source. :func:`locate_span` finds it anyway by
matching the field's characters in order while letting whitespace, markup tags and the common
escapes (JSON, XML/HTML entities) stand between or for them; the span's own characters are
then read back from the source, so ``source[start:end]`` is the quote.

Offsets count Unicode code points of the document's text as ``kg`` reads it: the file's bytes
decoded as UTF-8 (or as its byte-order mark says), the mark dropped, line ends made ``\\n``
(:func:`kg.detect.read_document`). That is all a re-check needs besides the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

# Characters a markup or escaped source may write differently: "&" as "&amp;", '"' as '\"'.
_ESCAPED: dict[str, tuple[str, ...]] = {
    "&": ("&amp;", "&#38;"),
    "<": ("&lt;", "&#60;"),
    ">": ("&gt;", "&#62;"),
    '"': ('\\"', "&quot;", "&#34;"),
    "'": ("&apos;", "&#39;"),
    "/": ("\\/",),
    "\\": ("\\\\",),
}
# What may stand for a run of whitespace, or between any two characters: real whitespace,
# a JSON-escaped line break or tab, or a markup tag ("<jats:italic>"). Matches: "\n      ", "</p> <p>"
_GAP = r"(?:\s|\\[nrt]|<[^<>\n]{0,80}>)"
_TAGS = r"(?:<[^<>\n]{0,80}>)*"
# How much of the field around a span is matched with it, so a short span ("USA") is found
# where the record says it and not in an address above; tried widest first.
CONTEXTS = (120, 48, 16, 0)
# How far from its record's first line a quote is looked for: a record's text follows its first
# line closely (a listing's title may stand a few lines above it), and a bounded search keeps a
# document of thousands of records linear.
AFTER_RECORD = 200_000
BEFORE_RECORD = 2_000


@dataclass(frozen=True)
class SourceSpan:
    """Where a quote stands in the source text: ``text[start:end] == exact``."""

    start: int
    end: int
    exact: str


def _char_pattern(char: str) -> str:
    """One character of the field, as the source may write it."""
    forms = [re.escape(char), *(re.escape(f) for f in _ESCAPED.get(char, ()))]
    if ord(char) > 127:
        forms += [rf"\\u{ord(char):04x}", rf"&#{ord(char)};", rf"&#x{ord(char):x};"]
    return forms[0] if len(forms) == 1 else "(?:" + "|".join(forms) + ")"


@lru_cache(maxsize=4096)
def _flexible(text: str) -> str:
    """A pattern matching text as a source may write it (spacing, tags and escapes may differ)."""
    parts: list[str] = []
    previous_is_char = False
    for run in re.finditer(r"\s+|\S", text):
        piece = run.group()
        if piece.isspace():
            parts.append(_GAP + "*")  # a mapper may also have put a space where a line broke
        else:
            if previous_is_char:
                parts.append(_TAGS)  # a tag inside a word: "<i>peer</i>s"
            parts.append(_char_pattern(piece))
        previous_is_char = not piece.isspace()
    return "".join(parts)


def _spaced(text: str) -> str:
    """A pattern matching text with any whitespace (or none) where it has whitespace: fast to compile."""
    return r"\s*".join(re.escape(word) for word in text.split())


def _pattern(build: Callable[[str], str], before: str, span: str, after: str, flags: int = 0) -> re.Pattern[str]:
    edge = _GAP + "*" if build is _flexible else r"\s*"
    return re.compile(
        (build(before.strip()) + edge if before.strip() else "")
        + "(" + build(span) + ")"
        + (edge + build(after.strip()) if after.strip() else ""), flags)


def _search(pattern: re.Pattern[str], source: str, hint: int) -> re.Match[str] | None:
    return pattern.search(source, hint, hint + AFTER_RECORD) or \
        (pattern.search(source, max(0, hint - BEFORE_RECORD), hint + AFTER_RECORD) if hint else None)


# The ways to look for a span, cheapest first; each with the context it is tried with. Most
# quotes stand in the source as in the record but for line breaks (the second way); the full
# pattern (markup, escapes) costs a compile per quote, so it comes after every cheaper way that
# keeps some context, and a bare short span comes last of all.
_ATTEMPTS: tuple[tuple[Callable[[str], str], int, int], ...] = (
    *((way, reach, 0) for reach in CONTEXTS[:-1] for way in (re.escape, _spaced)),
    *((_flexible, reach, 0) for reach in CONTEXTS[:-1]),
    *((way, 0, 0) for way in (re.escape, _spaced, _flexible)),
    (_flexible, 0, re.IGNORECASE),  # a mapper may also have changed the case ("POINT OF VIEW")
)


def locate_span(source: str, field: str, start: int, end: int, hint: int = 0) -> SourceSpan | None:
    """Where field[start:end] stands in the source, or None when it cannot be found.

    The span is matched with up to CONTEXTS characters of the field on each side; the first
    match at or after ``hint`` (the offset of the record) wins, else the first shortly before it.
    """
    span = field[start:end]
    if not span.strip():
        return None
    for way, reach, flags in _ATTEMPTS:
        before = field[max(0, start - reach):start]
        after = field[end:end + reach]
        if way is re.escape:  # verbatim: no pattern at all
            whole = before + span + after
            at = source.find(whole, hint, hint + AFTER_RECORD)
            if at < 0 and hint:
                at = source.find(whole, max(0, hint - BEFORE_RECORD), hint + AFTER_RECORD)
            if at >= 0:
                return SourceSpan(at + len(before), at + len(before) + len(span), span)
            continue
        found = _search(_pattern(way, before, span, after, flags), source, hint)
        if found:
            return SourceSpan(found.start(1), found.end(1), found.group(1))
    return None


@lru_cache(maxsize=4)
def _line_starts(text: str) -> tuple[int, ...]:
    """Where each line of a text starts (computed once per document: records ask many times)."""
    return (0, *(m.end() for m in re.finditer("\n", text)))


def line_offset(text: str, line: int) -> int:
    """The offset where the 1-based line starts (0 for line 1 or less, the last line past the end)."""
    starts = _line_starts(text)
    return starts[min(max(0, line - 1), len(starts) - 1)]
