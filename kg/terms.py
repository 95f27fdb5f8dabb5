"""The one converter between rdflib terms and pyoxigraph terms, both ways; an unexpected term raises."""

from __future__ import annotations

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
