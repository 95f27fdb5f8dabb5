"""The word sets the extractor looks tokens up in hold the forms tokens have: a token's normal form drops a plural
ending and folds spelling ("activities" -> "activity", "promising" -> "promizing"), so a set that holds a word only as
written never matches it. Version 27 had 65 such entries in 28 sets (a set counted once for each module that
imports it), among them "focuses", "misgivings", "values" and "promising"."""

from __future__ import annotations

import importlib
import pkgutil

import kg.extract
from kg.extract.text import normalize_token, tokenize, word_set

# Modules whose sets name fields, properties or places, not words of a sentence.
NOT_SENTENCE_WORDS = frozenset({"evaluate", "store_items", "rdf", "reader", "reader_training", "confidence",
                                "gazetteer", "places", "text"})


def _word_sets() -> list[tuple[str, str, frozenset[str]]]:
    found = []
    for info in pkgutil.iter_modules(kg.extract.__path__):
        if info.name in NOT_SENTENCE_WORDS:
            continue
        module = importlib.import_module(f"kg.extract.{info.name}")
        for name, value in vars(module).items():
            if name.lstrip("_").isupper() and isinstance(value, frozenset) and value and all(
                    type(w) is str for w in value):
                found.append((info.name, name, value))
    return found


def test_every_word_of_a_set_is_found_in_the_form_tokens_have() -> None:
    sets = _word_sets()
    assert len(sets) > 100  # the sets are found at all
    unmatched = sorted(f"{module}.{name}: {word!r}" for module, name, words in sets for word in words
                       if word[:1].isalpha() and " " not in word and normalize_token(word)[0] not in words)
    assert unmatched == []


def test_a_word_set_matches_the_tokens_of_its_words() -> None:
    words = word_set({"activities", "promising", "focuses"})
    assert {t.norm for t in tokenize("activities promising focuses")} <= words
    assert {"activities", "promising", "focuses"} <= words
