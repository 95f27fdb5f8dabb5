"""Terms: the quick constructor of plain literals makes exactly what rdflib's constructor makes."""

from __future__ import annotations

import io
import pickle

import pytest
from rdflib import Literal

from kg.terms import TermPickler, plain_literal, to_oxigraph

TEXTS = ["", "peer support", "12", "true", "2020-01-01", " padded ", "quote \"and\" back\\slash", "line\nbreak",
         "\ud800 lone surrogate", "\x00\x07 controls", "ünïcödé 😀", "\ufeff"]


@pytest.mark.parametrize("text", TEXTS)
def test_plain_literal_is_the_literal_rdflib_makes(text: str) -> None:
    made, expected = plain_literal(text), Literal(text)
    assert made == expected and hash(made) == hash(expected)
    assert (made.language, made.datatype, made.value, made.ill_typed) == \
        (expected.language, expected.datatype, expected.value, expected.ill_typed)
    assert made.n3() == expected.n3()
    if "\ud800" not in text:  # Oxigraph takes no lone surrogate, whichever way the literal was made
        assert to_oxigraph(made) == to_oxigraph(expected)


def test_plain_literals_pickle_as_literals() -> None:
    buffer = io.BytesIO()
    TermPickler(buffer).dump([plain_literal(t) for t in TEXTS])
    back = pickle.loads(buffer.getvalue())
    assert back == [Literal(t) for t in TEXTS]
    assert all(type(b) is Literal and b.value == t for b, t in zip(back, TEXTS, strict=True))
