"""Personal names as sources write them, split into family and given parts."""

from __future__ import annotations

import functools
from typing import Unpack

from nameparser import HumanName

from kg.records import Person, PersonExtra

# Generational suffixes, which nameparser does not find in "Kelly, Jr., John" (it makes "Jr., John" the
# suffix); kept in the display name, never taken for a given or family name.
SUFFIXES = frozenset({"jr", "jnr", "junior", "sr", "snr", "senior", "ii", "iii", "iv", "2nd", "3rd", "4th"})
# Longer than any personal name: such text is kept whole, not split (the name splitter's time
# grows faster than the length of what it is given).
MAX_NAME_LENGTH = 300


def is_suffix(word: str) -> bool:
    """Whether a word is a generational suffix ("Jr.", "III")."""
    return word.strip().rstrip(".").lower() in SUFFIXES


def _unsplit(text: str, **extra: Unpack[PersonExtra]) -> Person:
    """Text too long to be one name, kept whole as the family part."""
    name = " ".join(text.split())
    return Person(name=name, family=name, as_given=text.strip(), **extra)


def person_from_inverted(text: str, **extra: Unpack[PersonExtra]) -> Person:
    """A person from a "Family, Given" name: "Thomas, Stuart D. M.", "Kelly, Jr., John", "Kelly Jr., John"."""
    if len(text) > MAX_NAME_LENGTH:
        return _unsplit(text, **extra)
    text = " ".join(text.split()).strip(" ,;")
    parts = [part.strip() for part in text.split(",") if part.strip()]
    suffixes = [part for part in parts[1:] if is_suffix(part)]
    parts = [part for part in parts if part not in suffixes]
    if len(parts) != 2:
        return person_from_direct(text, **extra)
    family_words = parts[0].split()
    while len(family_words) > 1 and is_suffix(family_words[-1]):
        suffixes.insert(0, family_words.pop())
    given_words = parts[1].split()
    while len(given_words) > 1 and is_suffix(given_words[-1]):
        suffixes.append(given_words.pop())
    family, given = " ".join(family_words), " ".join(given_words)
    name = " ".join([given, family, *suffixes])
    return Person(name=name, family=family, given=given, as_given=text, **extra)


def person_from_direct(text: str, **extra: Unpack[PersonExtra]) -> Person:
    """A person from a "Given Family" name ("E. Sally Rogers", "Stacey L. Barrenger", "John Kelly Jr.")."""
    if len(text) > MAX_NAME_LENGTH:
        return _unsplit(text, **extra)
    text = " ".join(text.split()).strip(" ,;")
    family, given, suffix = _direct_parts(text)
    name = " ".join(part for part in (given, family, suffix) if part)
    return Person(name=name, family=family, given=given, as_given=text, **extra)


@functools.lru_cache(maxsize=4096)
def _direct_parts(text: str) -> tuple[str, str, str]:
    """Family, given and suffix parts of a "Given Family" name (cached: the splitter takes a tenth of a
    millisecond a name, and the same names recur across a file's records)."""
    parsed = HumanName(text)
    family = parsed.last
    given = " ".join(part for part in (parsed.first, parsed.middle) if part)
    if not family:
        family, given = given, ""
    return family, given, parsed.suffix
