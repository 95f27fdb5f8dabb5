"""Walking a JSON export item by item, so each item keeps its line and a cut-off file keeps its first items.

``json.loads`` gives all or nothing and no positions. Crossref and CSL-JSON
exports are lists of works; these helpers decode one value at a time with
the standard decoder, so a mapper can name the line of each work and, when
the file is truncated, still map every work before the break.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

_DECODER = json.JSONDecoder()
# JSON's own white space (RFC 8259): space, tab, line feed, carriage return
_WHITESPACE = re.compile(r"[ \t\n\r]*")


def skip_space(text: str, pos: int) -> int:
    """The offset of the first non-white-space character at or after pos."""
    return _WHITESPACE.match(text, pos).end()


def line_at(text: str, pos: int) -> int:
    """The 1-based line of an offset."""
    return text.count("\n", 0, pos) + 1


def _expect(text: str, pos: int, char: str, what: str) -> None:
    if text[pos : pos + 1] != char:
        raise json.JSONDecodeError(f"Expecting {what}", text, pos)


def value_at(text: str, pos: int, key: str) -> int | None:
    """The offset of the value of ``key`` in the object starting at pos, or None when it has no such key."""
    pos = skip_space(text, pos)
    _expect(text, pos, "{", "'{'")
    pos = skip_space(text, pos + 1)
    if text[pos : pos + 1] == "}":
        return None
    while True:
        _expect(text, pos, '"', "property name enclosed in double quotes")
        name, pos = _DECODER.raw_decode(text, pos)
        pos = skip_space(text, pos)
        _expect(text, pos, ":", "':' delimiter")
        pos = skip_space(text, pos + 1)
        if name == key:
            return pos
        _, pos = _DECODER.raw_decode(text, pos)
        pos = skip_space(text, pos)
        if text[pos : pos + 1] == "}":
            return None
        _expect(text, pos, ",", "',' delimiter")
        pos = skip_space(text, pos + 1)


def array_items(text: str, pos: int) -> Iterator[tuple[int, object]]:
    """Each element of the array starting at pos with its offset; raises JSONDecodeError where it breaks."""
    pos = skip_space(text, pos)
    _expect(text, pos, "[", "'['")
    pos = skip_space(text, pos + 1)
    if text[pos : pos + 1] == "]":
        return
    while True:
        start = pos
        value, pos = _DECODER.raw_decode(text, pos)
        yield start, value
        pos = skip_space(text, pos)
        if text[pos : pos + 1] == "]":
            return
        _expect(text, pos, ",", "',' delimiter")
        pos = skip_space(text, pos + 1)


def value_from(text: str, pos: int) -> object:
    """The JSON value starting at pos."""
    return _DECODER.raw_decode(text, skip_space(text, pos))[0]


def line_excerpt(text: str, line: int) -> str:
    """The text of a 1-based line, stripped, for an error's excerpt."""
    lines = text.splitlines()
    return lines[line - 1].strip() if 0 < line <= len(lines) else ""
