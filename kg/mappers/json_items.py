"""Walking a JSON export item by item, so each item keeps its line and a cut-off file keeps its first items.

``json.loads`` gives all or nothing and no positions. Crossref and CSL-JSON
exports are lists of works; these helpers decode one value at a time with
the standard decoder, so a mapper can name the line of each work and, when
the file is truncated, still map every work before the break.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections.abc import Iterator

_DECODER = json.JSONDecoder()
# JSON's own white space (RFC 8259): space, tab, line feed, carriage return
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NEWLINE = re.compile("\n")


def skip_space(text: str, pos: int) -> int:
    """The offset of the first non-white-space character at or after pos."""
    space = _WHITESPACE.match(text, pos)
    assert space is not None  # the pattern matches the empty string
    return space.end()


@functools.lru_cache(maxsize=4)
def _newlines(text: str) -> list[int]:
    """The offsets of the text's line breaks (kept for the few texts being mapped, so each is found once)."""
    return [match.start() for match in _NEWLINE.finditer(text)]


def line_at(text: str, pos: int) -> int:
    """The 1-based line of an offset (a binary search: a file of many items stays linear)."""
    return bisect.bisect_left(_newlines(text), pos) + 1


def _decode(text: str, pos: int) -> tuple[object, int]:
    """The JSON value at pos and the offset after it; any reason it cannot be read is a JSONDecodeError.

    The standard decoder recurses once per level of nesting and refuses integers of more than
    4,300 digits; both come back as errors with a position, like malformed JSON.
    """
    try:
        return _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError:
        raise
    except RecursionError as error:
        raise json.JSONDecodeError("value nested too deeply", text, pos) from error
    except ValueError as error:
        raise json.JSONDecodeError(f"number out of range: {str(error).split(':')[0]}", text, pos) from error


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
        name, pos = _decode(text, pos)
        pos = skip_space(text, pos)
        _expect(text, pos, ":", "':' delimiter")
        pos = skip_space(text, pos + 1)
        if name == key:
            return pos
        _, pos = _decode(text, pos)
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
        value, pos = _decode(text, pos)
        yield start, value
        pos = skip_space(text, pos)
        if text[pos : pos + 1] == "]":
            return
        _expect(text, pos, ",", "',' delimiter")
        pos = skip_space(text, pos + 1)


def value_from(text: str, pos: int) -> object:
    """The JSON value starting at pos."""
    return _decode(text, skip_space(text, pos))[0]


def line_excerpt(text: str, line: int) -> str:
    """The text of a 1-based line, stripped and cut to 200 characters, for an error's excerpt."""
    breaks = _newlines(text)
    if not 0 < line <= len(breaks) + 1:
        return ""
    start = breaks[line - 2] + 1 if line > 1 else 0
    end = breaks[line - 1] if line <= len(breaks) else len(text)
    return text[start : min(end, start + 200)].strip()
