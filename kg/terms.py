"""The one converter between rdflib terms and pyoxigraph terms, both ways; an unexpected term raises.

:func:`to_oxigraph` and :func:`to_rdflib` convert one term; :class:`TermConverter` remembers what it
converted (a bounded number of terms) and writes triples and quads as pyoxigraph objects or as N-Triples
and N-Quads text, for the store's load and validation's batches alike.

Also the pickling of rdflib terms that a build writes to disk and reads back moments later.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Collection, Iterable, Iterator
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.term import Node

from kg.namespaces import XSD

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[Node, Node, Node]
_XSD_STRING = str(XSD.string)
# Terms a converter remembers in each of its two tables (pyoxigraph objects, texts): IRIs and predicates
# repeat across a build and the common ones come back soon after a clear. Read when a converter is made.
CONVERTED_TERMS = 200_000


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


class TermConverter:
    """rdflib terms to pyoxigraph terms and to N-Triples text, each remembered once converted (at most
    ``limit`` of each, ``CONVERTED_TERMS`` when not given); pyoxigraph terms back to rdflib.

    A text is what pyoxigraph writes for the term, so it was checked as pyoxigraph checks it and its
    parser can take it back without checking it again. Subclasses see each term converted anew
    (:meth:`_new_term`, :meth:`_new_text`): validation marks literals there.
    """

    def __init__(self, limit: int | None = None) -> None:
        self.limit = limit if limit is not None else CONVERTED_TERMS
        self._terms: dict[Node, OxTerm] = {}
        self._texts: dict[Node, str] = {}

    def term(self, node: Node) -> OxTerm:
        """The pyoxigraph form of one rdflib term."""
        found = self._terms.get(node)
        if found is None:
            if len(self._terms) >= self.limit:
                self._terms.clear()
            found = self._terms[node] = self._new_term(node)
        return found

    def text(self, node: Node) -> str:
        """The N-Triples form of one rdflib term, as pyoxigraph writes it."""
        found = self._texts.get(node)
        if found is None:
            if len(self._texts) >= self.limit:
                self._texts.clear()
            found = self._texts[node] = self._new_text(node)
        return found

    @staticmethod
    def node(term: OxTerm) -> Node:
        """The rdflib form of one pyoxigraph term (:func:`to_rdflib`)."""
        return to_rdflib(term)

    def _new_term(self, node: Node) -> OxTerm:
        return to_oxigraph(node)

    def _new_text(self, node: Node) -> str:
        return str(to_oxigraph(node))

    # ------------------------------------------------------------ triples and quads as pyoxigraph objects

    def quads(self, triples: Iterable[Triple], graph_name: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
        """Triples as quads in the named (or default) graph, blank nodes as they are labelled."""
        term, known = self.term, self._terms.get  # most terms are known: look them up without a call
        # rdflib types each place of a triple as any Node; a graph's subjects are IRIs or blank nodes, its
        # predicates IRIs
        return [ox.Quad(known(s) or term(s), known(p) or term(p), known(o) or term(o), graph_name)  # type: ignore[arg-type]
                for s, p, o in triples]

    def graph_quads(self, graph: Graph, graph_name: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Quad]:
        """Every triple of an rdflib graph as a quad in the named (or default) graph (blank nodes stably
        labelled)."""
        term, known = self.term, self._terms.get
        for s, p, o in stable_blank_nodes(graph):
            yield ox.Quad(known(s) or term(s), known(p) or term(p), known(o) or term(o), graph_name)  # type: ignore[arg-type]

    # ------------------------------------------------------------ triples and quads as text

    def texts(self, triples: Iterable[Triple], blank: bool = True) -> list[str] | None:
        """The triples in the N-Triples syntax without the final dot; None when ``blank`` is False and a
        triple holds a blank node."""
        text, known = self.text, self._texts.get
        texts: list[str] = []
        append = texts.append
        for s, p, o in triples:
            if not blank and (isinstance(s, BNode) or isinstance(o, BNode)):
                return None
            append(f"{known(s) or text(s)} {known(p) or text(p)} {known(o) or text(o)}")
        return texts

    def triple_texts(self, triples: Collection[Triple], name: URIRef) -> list[str]:
        """A document's triples in the N-Triples syntax without the final dot, blank nodes stably labelled
        (by the document's name and their place in it)."""
        texts = self.texts(triples, blank=False)
        if texts is None:  # the document holds blank nodes
            graph = Graph(identifier=name)
            for triple in triples:
                graph.add(triple)
            texts = self.texts(stable_blank_nodes(graph)) or []
        return texts

    def quad_lines(self, texts: Iterable[str], name: URIRef) -> list[str]:
        """Triples as :meth:`triple_texts` writes them, as N-Quads lines in the named graph ``name`` and in
        the default graph."""
        named = f" {self.text(name)} .\n"
        lines: list[str] = []
        append = lines.append
        for triple in texts:
            append(triple + named)
            append(triple + " .\n")
        return lines

    def document_lines(self, triples: Collection[Triple], name: URIRef) -> list[str]:
        """A document's triples as N-Quads lines in its named graph and in the default graph (blank nodes
        stably labelled), for the store's bulk load of lines: no Python term object per quad."""
        return self.quad_lines(self.triple_texts(triples, name), name)

    def graph_lines(self, graph: Graph, name: URIRef) -> list[str]:
        """Every triple of an rdflib graph as N-Quads lines in the named graph ``name`` and in the default graph."""
        return self.quad_lines(self.texts(stable_blank_nodes(graph)) or [], name)


def parse_triple_texts(texts: Iterable[str], graph_name: ox.NamedNode) -> Iterator[ox.Quad]:
    """Triples as :meth:`TermConverter.triple_texts` writes them, as quads in one named graph (blank nodes
    keep their labels)."""
    named = f" {graph_name} .\n"
    text = "".join(t + named for t in texts).encode()
    return ox.parse(text, ox.RdfFormat.N_QUADS, rename_blank_nodes=False, lenient=True)


def stable_blank_nodes(graph: Graph) -> Iterable[Triple]:
    """The triples of a graph, each blank node labelled by the graph's name and the node's place in it.

    Parsers (and ``BNode()``) label blank nodes at random, so two builds of the same documents
    would differ, e.g. in the ``owl:oneOf`` lists of the ontology. rdflib's canonical labelling
    names each blank node by a hash of its surroundings; the graph's name keeps nodes of two
    graphs apart in the store's default graph, where every graph is merged.
    """
    if not any(isinstance(s, BNode) or isinstance(o, BNode) for s, _, o in graph):
        return graph
    # a graph without an IRI for a name (a read-only view) is labelled by its content alone
    salt = str(graph.identifier) if isinstance(graph.identifier, URIRef) else ""
    labels: dict[BNode, BNode] = {}

    def label(node: Node) -> Node:
        if not isinstance(node, BNode):
            return node
        found = labels.get(node)
        if found is None:
            digest = hashlib.sha256(f"{salt} {node}".encode()).hexdigest()[:32]
            found = labels[node] = BNode(f"b{digest}")
        return found

    return [(label(s), p, label(o)) for s, p, o in to_canonical_graph(graph)]


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
