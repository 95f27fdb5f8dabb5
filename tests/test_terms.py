"""Terms: the converter between rdflib and pyoxigraph, both ways, agrees with both libraries' own parsers;
the quick constructor of plain literals makes exactly what rdflib's constructor makes."""

from __future__ import annotations

import io
import pickle

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.terms import TermConverter, TermPickler, plain_literal, to_oxigraph

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


# ---------------------------------------------------------------- the converter, both ways, against both parsers

XSD_NS = "http://www.w3.org/2001/XMLSchema#"
# Text of literals and IRIs: any character but lone surrogates (neither library takes them), so quotes,
# backslashes, newlines, tabs, controls, non-ASCII and astral characters are all drawn.
TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
# Characters an IRI's path holds as they are (RFC 3987): letters and digits of any script, and these
IRI_CHARS = st.characters(categories=("L", "Nd"), include_characters="-._~!$&'()*+,;=:@/", exclude_characters="\ufffd")
IRIS = st.builds(lambda path: f"https://example.org/{path}", st.text(IRI_CHARS, max_size=10))
LANGUAGES = st.sampled_from(["en", "en-GB", "zh-Hant-TW", "fr", "de-CH-1901", "x-private"])
# Typed literals in the lexical forms rdflib keeps as they are (it rewrites "01"^^xsd:integer as "1")
TYPED = st.one_of(
    st.integers(-10**20, 10**20).map(lambda n: (str(n), "integer")),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(lambda d: (str(d), "decimal")),
    st.dates().map(lambda d: (d.isoformat(), "date")),
    st.integers(1000, 9999).map(lambda y: (str(y), "gYear")),
    st.booleans().map(lambda b: (str(b).lower(), "boolean")),
    st.tuples(TEXT, st.sampled_from(["https://example.org/datatype/unknown", "urn:x-unknown:type"])),
)


def _literal(text: str, language: str | None = None, datatype: str | None = None) -> ox.Literal:
    if datatype is not None and ":" not in datatype:
        datatype = XSD_NS + datatype
    return ox.Literal(text, language=language, datatype=ox.NamedNode(datatype) if datatype else None)


OBJECTS = st.one_of(
    IRIS.map(ox.NamedNode),
    st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,8}", fullmatch=True).map(ox.BlankNode),
    TEXT.map(_literal),
    st.builds(_literal, TEXT, LANGUAGES),
    TYPED.map(lambda pair: _literal(pair[0], datatype=pair[1])),
)
ODD = [_literal(""), _literal("café\nline 2"), _literal("tab\tquote\" back\\slash \u0007 bell"), _literal("😀 ünï"),
       _literal("", "en"), _literal("1.50", datatype="decimal"), _literal("-0.5", datatype="decimal"),
       _literal("2020", datatype="gYear"), _literal("x", datatype="urn:x-unknown:type"),
       _literal("not a number", datatype="integer"), ox.BlankNode("b0"), ox.NamedNode("https://example.org/ü/ß")]


def _both_parses(subject: ox.NamedNode | ox.BlankNode, term: ox.NamedNode | ox.BlankNode | ox.Literal
                 ) -> tuple[tuple[Node, Node, Node], ox.Triple]:
    """One triple, written once as N-Triples, as rdflib and as pyoxigraph each parse it."""
    text = f"{subject} <https://example.org/p> {term} .\n"
    (parsed,) = Graph().parse(data=text, format="nt")
    (quad,) = ox.parse(text.encode(), ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False)
    return parsed, quad.triple


def _check_round_trip(subject: ox.NamedNode | ox.BlankNode, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
    (s, p, o), triple = _both_parses(subject, term)
    convert = TermConverter()
    for node, expected in ((s, triple.subject), (p, triple.predicate), (o, triple.object)):
        if isinstance(expected, ox.BlankNode):  # rdflib's parser labels blank nodes afresh: relabel to compare
            expected = ox.BlankNode(str(node))
        # rdflib to pyoxigraph: the object, and the text that pyoxigraph's parser reads back as it
        assert convert.term(node) == expected
        assert to_oxigraph(node) == expected
        (back,) = ox.parse(f"{convert.text(node)} <https://example.org/p> {convert.text(node)} .".encode()
                           if not isinstance(node, Literal) else
                           f"<https://example.org/s> <https://example.org/p> {convert.text(node)} .".encode(),
                           ox.RdfFormat.N_TRIPLES, rename_blank_nodes=False)
        assert back.object == expected
        # pyoxigraph to rdflib: the term rdflib's parser made, kind, language and datatype included
        made = convert.node(expected)
        assert made == node and type(made) is type(node)
        if isinstance(node, Literal):
            assert isinstance(made, Literal)
            assert (made.language or "").lower() == (node.language or "").lower()
            assert made.datatype == node.datatype and str(made) == str(node)


@given(subject=st.one_of(IRIS.map(ox.NamedNode), st.just(ox.BlankNode("s1"))), term=OBJECTS)
@settings(max_examples=300, deadline=None, derandomize=True)
def test_the_converter_round_trips_every_kind_of_term(subject: ox.NamedNode | ox.BlankNode,
                                                     term: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
    _check_round_trip(subject, term)


@pytest.mark.parametrize("term", ODD, ids=str)
def test_the_converter_round_trips_odd_terms(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> None:
    _check_round_trip(ox.NamedNode("https://example.org/s"), term)


def test_a_string_typed_literal_comes_back_plain() -> None:
    # RDF 1.1: "x" and "x"^^xsd:string are one term; the graphs state plain strings
    made = TermConverter().node(_literal("x", datatype="string"))
    assert made == Literal("x") and made.datatype is None


def test_quads_and_lines_are_the_same_quads() -> None:
    """The converter's quads and its N-Quads lines (the store's load) and validation's encoding say the same."""
    from kg.shacl.engine import Encoder

    triples = [(URIRef("https://example.org/s"), URIRef("https://example.org/p"), Literal(text, lang=language))
               for text in TEXTS[:2] + TEXTS[3:8] for language in (None, "en")]
    triples.append((URIRef("https://example.org/s"), URIRef("https://example.org/p"),
                    Literal("1.50", datatype=URIRef(XSD_NS + "decimal"))))
    name = URIRef("https://example.org/graph")
    graph = ox.NamedNode(str(name))
    convert = TermConverter(limit=3)  # cleared often on the way: the same answers
    quads = set(convert.quads(triples, graph))
    lines = "".join(convert.quad_lines(convert.triple_texts(triples, name), name)).encode()
    parsed = set(ox.parse(lines, ox.RdfFormat.N_QUADS))
    assert parsed == quads | {ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads}
    encoded: list[str] = []
    Encoder(set()).document(triples, name, encoded)
    assert set(ox.parse("".join(encoded).encode(), ox.RdfFormat.N_QUADS)) == quads
