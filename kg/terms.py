"""The one converter between rdflib terms and pyoxigraph terms, both ways; an unexpected term raises.

Also the pickling of rdflib terms that a build writes to disk and reads back moments later.
"""

from __future__ import annotations

import pickle
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import XSD

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = str(XSD.string)


def to_oxigraph(node: Node) -> OxTerm:
    """The pyoxigraph form of an rdflib term."""
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        datatype = ox.NamedNode(str(node.datatype)) if node.datatype else None
        return ox.Literal(str(node), language=node.language, datatype=datatype)
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def plain_literal(text: str) -> Literal:
    """A plain string literal, equal in every attribute to ``Literal(text)``.

    rdflib's constructor casts the string to a Python value and back to check its lexical form,
    which a plain string never needs: a reading states millions of quotes (a build spends seconds
    of its resolution stage there). The slots set are those the constructor sets for a string
    without language or datatype.
    """
    literal = str.__new__(Literal, text)
    literal._language = None
    literal._datatype = None
    literal._value = text
    literal._ill_typed = None
    return literal


def to_rdflib(term: OxTerm) -> Node:
    """The rdflib form of a pyoxigraph term, as the project writes it (plain strings stay plain)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value) if datatype == _XSD_STRING else Literal(term.value, datatype=URIRef(datatype))
    raise TypeError(f"not an RDF term: {term!r}")


class TermPickler(pickle.Pickler):
    """A pickler that writes each distinct IRI and literal once per file.

    Pickle shares only the very same object; a document's triples hold many equal terms made
    apart (the work's IRI, predicates), and rebuilding each costs rdflib a check of the IRI or
    a parse of the literal. Here equal terms come back as one object, and IRIs skip the check
    (they passed it when first made); plain string literals skip rdflib's casting (equal in
    every attribute, see :func:`plain_literal`), other literals are rebuilt as plain pickling
    rebuilds them.
    """

    def __init__(self, file: IO[bytes]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self._first: dict[object, Node] = {}

    def reducer_override(self, obj: Any) -> Any:
        """Equal IRIs and literals as references to the first one written."""
        kind = type(obj)
        if kind is URIRef:
            first = self._first.setdefault(obj, obj)
            return (_same, (first,)) if first is not obj else (_iri, (str(obj),))
        if kind is Literal:
            key = (str(obj), obj.language, obj.datatype)  # rdflib's equality ignores the case of language tags
            first = self._first.setdefault(key, obj)
            if first is not obj:
                return _same, (first,)
            # a plain string comes back without rdflib's casting (the quotes of readings: most of the literals)
            literal: Literal = first
            plain = literal.language is None and literal.datatype is None and type(literal.value) is str
            return (plain_literal, (str(literal),)) if plain else NotImplemented
        return NotImplemented


def _same(node: Node) -> Node:
    return node


def _iri(value: str) -> URIRef:
    return str.__new__(URIRef, value)
