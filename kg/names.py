"""Personal names as sources write them, split into family and given parts."""

from __future__ import annotations

import functools
import re
from typing import Unpack

from nameparser import HumanName

from kg.records import Person, PersonExtra

# "Davidson, L." / "Adams, Wallis E." / "de Wet, Anneliese": family name first.
_FAMILY_FIRST = re.compile(r"^\s*(?P<family>[^,]+?)\s*,\s*(?P<given>[^,]+?)\s*$")
# Longer than any personal name: such text is kept whole, not split (the name splitter's time
# grows faster than the length of what it is given).
MAX_NAME_LENGTH = 300


def _unsplit(text: str, **extra: Unpack[PersonExtra]) -> Person:
    """Text too long to be one name, kept whole as the family part."""
    name = " ".join(text.split())
    return Person(name=name, family=name, as_given=text.strip(), **extra)


def person_from_inverted(text: str, **extra: Unpack[PersonExtra]) -> Person:
    """A person from a "Family, Given" name ("Thomas, Stuart D. M.")."""
    if len(text) > MAX_NAME_LENGTH:
        return _unsplit(text, **extra)
    match = _FAMILY_FIRST.match(text)
    if not match:
        return person_from_direct(text, **extra)
    family, given = match["family"], match["given"]
    return Person(name=f"{given} {family}", family=family, given=given, as_given=text.strip(), **extra)


def person_from_direct(text: str, **extra: Unpack[PersonExtra]) -> Person:
    """A person from a "Given Family" name ("E. Sally Rogers", "Stacey L. Barrenger")."""
    if len(text) > MAX_NAME_LENGTH:
        return _unsplit(text, **extra)
    text = " ".join(text.split())
    family, given = _direct_parts(text)
    name = f"{given} {family}".strip()
    return Person(name=name, family=family, given=given, as_given=text, **extra)


@functools.lru_cache(maxsize=4096)
def _direct_parts(text: str) -> tuple[str, str]:
    """Family and given parts of a "Given Family" name (cached: the splitter takes a tenth of a
    millisecond a name, and the same names recur across a file's records)."""
    parsed = HumanName(text)
    family = " ".join(part for part in (parsed.last, parsed.suffix) if part)
    given = " ".join(part for part in (parsed.first, parsed.middle) if part)
    return (family, given) if family else (given, "")
