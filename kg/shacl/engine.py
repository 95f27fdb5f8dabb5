"""Runs the compiled shapes inside an in-memory Oxigraph store and reads back SHACL results.

``validate_graph`` checks one graph as a whole (as pyshacl checks a data graph);
``DocumentValidator`` checks each of many documents alone, each in its named graph beside the
vocabulary, with the results about the nodes it states triples about: what a build's batches
run (kg/shacl/batch.py), so that a document's results never depend on the others in its batch.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import RDF, RDFS, SH, XSD
from kg.shacl.shapes import Shape
from kg.shacl.sparql import MARK, MARKS, VOCABULARY, Check, Compiler
from kg.terms import OxTerm, TermConverter, to_rdflib

Triple = tuple[Node, Node, Node]
_SUBCLASS = URIRef(str(RDFS.subClassOf))  # (attribute look-ups on rdflib's namespaces are slow)
_SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
# Terms an encoder remembers (about 400 bytes each with their rdflib keys, which it keeps alive); the
# common ones come back soon after a clear. At a million, a build's parent held some 200 MiB more at
# 1,000 documents. Read when an encoder is made.
_ENCODED_TERMS = 100_000
_LOADED_TERMS = 500_000  # pyoxigraph terms a loader of one whole graph remembers
# The Python type pyshacl requires of a literal's value for these datatypes (others: any well-typed value).
_VALUE_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int, XSD.float: float,
    XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date, XSD.time: time, XSD.dateTime: datetime}


@dataclass(frozen=True)
class Result:
    """One SHACL result as the engine reads it: where, how bad, what it says."""

    severity: str
    focus: Node
    path: str
    message: str
    value: str


def takes_datatype(literal: Literal, datatype: URIRef) -> bool:
    """Whether pyshacl takes a literal that carries ``datatype`` as that datatype's (not ill-typed)."""
    if literal.ill_typed is True:
        return False
    expected = _VALUE_TYPES.get(datatype)
    return expected is None or isinstance(literal.value, expected)


class Loader(TermConverter):
    """Converts rdflib triples to quads, marking the literals pyshacl would not take as their datatype
    (for one graph validated as a whole, where class tests follow rdfs:subClassOf in the data)."""

    def __init__(self, datatypes: set[URIRef]) -> None:
        super().__init__(_LOADED_TERMS)
        self.datatypes = datatypes
        self._marks: set[tuple[URIRef, Literal]] = set()

    def _new_term(self, node: Node) -> OxTerm:
        if isinstance(node, Literal) and node.datatype in self.datatypes and not takes_datatype(node, node.datatype):
            self._marks.add((node.datatype, node))
        return super()._new_term(node)

    def marks(self) -> list[ox.Quad]:
        graph, mark = ox.NamedNode(str(MARKS)), ox.NamedNode(str(MARK))
        return [ox.Quad(mark, ox.NamedNode(str(d)), self.term(lit), graph)
                for d, lit in self._marks]


def _path_text(path: URIRef | None, namespaces: Graph) -> str:
    """A result's path as kg writes it (a prefixed name where the data graph knows the prefix)."""
    return namespaces.namespace_manager.normalizeUri(path) if path is not None else ""


def read_rows(store: ox.Store, checks: list[Check]) -> Iterable[tuple[Check, str, OxTerm, OxTerm | None]]:
    """Every check's rows over the store's default graph (the whole-graph scope)."""
    for check in checks:
        for row in store.query(check.query):  # type: ignore[union-attr]
            graph, focus = row["g"], row["f"]
            value = row["v"] if check.values else None
            yield check, graph.value, focus, value


def result_of(check: Check, focus_node: Node, value_node: Node | None, namespaces: Graph,
            data: Callable[[], Graph], shapes: Graph) -> Result:
    """A row of a check as a result (the shape's message, or pyshacl's wording when it has none)."""
    shape = check.shape
    message = shape.message if shape.message is not None else \
        default_message(check, focus_node, value_node, data, shapes)
    return Result(_SEVERITY.get(shape.severity, "Violation"), focus_node, _path_text(shape.path, namespaces),
                  message, str(value_node) if value_node is not None else "")


def default_message(check: Check, focus: Node, value: Node | None, data: Callable[[], Graph], shapes: Graph) -> str:
    """pyshacl's own wording of a result whose shape has no sh:message."""
    from pyshacl.rdfutil.stringify import stringify_node  # only for the rare shape without a message

    shape, parameter, param = check.shape, check.constraint.parameter, check.constraint.value
    path = stringify_node(shapes, shape.path) if shape.path is not None else ""
    same = [c.value for c in shape.constraints if c.parameter == parameter]

    def on_focus() -> str:
        shown = stringify_node(data(), focus)
        return f"{shown}->{path}" if path else shown
    if parameter == SH.minCount:
        return f"Less than {param} values on {on_focus()}"
    if parameter == SH.maxCount:
        return f"More than {param} values on {on_focus()}"
    if parameter == SH.datatype:
        return f"Value is not Literal with datatype {stringify_node(shapes, param)}"  # type: ignore[arg-type]
    if parameter == SH.nodeKind:
        return f"Value is not of Node Kind {stringify_node(shapes, param)}"  # type: ignore[arg-type]
    if parameter == SH["class"]:
        if len(same) < 2:
            return f"Value does not have class {stringify_node(shapes, param)}"  # type: ignore[arg-type]
        return f"Value class is not in classes ({', '.join(stringify_node(shapes, c) for c in same)})"  # type: ignore[arg-type]
    if parameter == SH.pattern:
        return f"Value does not match pattern '{param[0]}'"  # type: ignore[index]
    if parameter in (SH.minLength, SH.maxLength):
        sign = ">=" if parameter == SH.minLength else "<="
        return f"String length not {sign} {stringify_node(data(), Literal(param))}"
    ranges = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=", SH.maxExclusive: "<"}
    if parameter in ranges:
        if len(same) < 2:
            return f"Value is not {ranges[parameter]} {stringify_node(shapes, param)}"  # type: ignore[arg-type]
        listed = ", ".join(stringify_node(shapes, c) for c in same)  # type: ignore[arg-type]
        return f"Value is not {ranges[parameter]} in ({listed})"
    if parameter == SH["in"]:
        assert isinstance(param, tuple)
        members = [stringify_node(shapes, v) for v in param]
        return f"Value {stringify_node(data(), value)} not in list {members}"  # type: ignore[arg-type]
    if parameter == SH.hasValue:
        values = [stringify_node(shapes, v) for v in same]  # type: ignore[arg-type]
        if path:
            return f"Node {on_focus()} does not contain a value in the set: {values}"
        return f"Node {stringify_node(data(), focus)} value is not a in the set of values: {values}"
    raise AssertionError(f"no default message for {parameter}")  # the compiler requires sh:message for the rest


# ---------------------------------------------------------------- one graph as a whole

def validate_graph(data: Graph, vocabulary: Graph | None, shapes: Graph) -> list[Result]:
    """Every result of a graph (with the vocabulary's triples added, when given), as pyshacl reports them."""
    compiler = compiled(shapes, None)
    loader = Loader(compiler.datatypes)
    store = ox.Store()
    graph = ox.DefaultGraph()
    store.extend(loader.quads(data, graph))
    if vocabulary is not None:
        store.extend(loader.quads(vocabulary, graph))
    store.extend(loader.marks())
    namespaces = Graph() if vocabulary is not None else data

    def whole() -> Graph:
        if vocabulary is None:
            return data
        combined = Graph()
        for triple in (*data, *vocabulary):
            combined.add(triple)
        return combined
    return [result_of(check, to_rdflib(focus), to_rdflib(value) if value is not None else None, namespaces, whole,
                    compiler.graph) for check, _, focus, value in read_rows(store, compiler.checks)]


# ---------------------------------------------------------------- documents, each in its named graph

class Encoder(TermConverter):
    """rdflib triples as N-Quads text, each term written once (pyoxigraph writes it), marking the
    literals pyshacl would not take as their datatype."""

    def __init__(self, datatypes: set[URIRef]) -> None:
        super().__init__(_ENCODED_TERMS)
        self.datatypes = datatypes
        self.marks: set[str] = set()  # lines of the marks graph (every batch carries all of them)

    def _new_text(self, node: Node) -> str:
        text = super()._new_text(node)
        if isinstance(node, Literal) and node.datatype in self.datatypes and not takes_datatype(node, node.datatype):
            self.marks.add(f"<{MARK}> <{node.datatype}> {text} <{MARKS}> .\n")
        return text

    def document(self, triples: Iterable[Triple], name: URIRef, lines: list[str], texts: list[str] | None = None
                 ) -> bool:
        """Append a document's quads to ``lines``; True when it states rdfs:subClassOf. ``texts``: the
        triples as this encoder's :meth:`texts` wrote them, taken as they are."""
        text, known, graph, append = self.text, self._texts.get, f" <{name}> .\n", lines.append
        if texts is not None:
            lines.extend([triple + graph for triple in texts])
            return any(p == _SUBCLASS for _, p, _ in triples)
        subclass, stated = text(_SUBCLASS), False
        for s, p, o in triples:
            predicate = known(p) or text(p)
            if predicate == subclass:
                stated = True
            append(f"{known(s) or text(s)} {predicate} {known(o) or text(o)}{graph}")
        return stated


@dataclass(frozen=True)
class Batch:
    """Documents ready for ``DocumentValidator.run`` (in this process or a worker): their N-Quads, each
    document in its named graph, and those left to pyshacl.

    The N-Quads are bytes, or a file that ``run`` reads and removes: a build's batches wait on disk
    while they queue for a worker, so the build holds none of them in memory nor a pickled copy."""

    names: tuple[str, ...]
    data: bytes | Path
    unsupported: frozenset[str]  # graphs stating rdfs:subClassOf (the compiled class tests read it from the vocabulary)


class BatchWriter:
    """A batch written as its documents come, each document's lines at once (in a file, when given a
    folder), so that nothing of a document waits for the rest of its batch but its triples."""

    def __init__(self, encoder: Encoder, into: Path | None) -> None:
        self.encoder = encoder
        self.names: list[str] = []
        self.stated: set[str] = set()
        self._lines: list[str] = []
        self._file = tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=into, suffix=".nq", delete=False) \
            if into is not None else None

    def add(self, name: URIRef, triples: Iterable[Triple], texts: list[str] | None = None) -> None:
        """Write one document in its named graph; ``texts``: its triples as the encoder's
        :meth:`~kg.terms.TermConverter.texts` wrote them (for its cache key), taken as they are."""
        self.names.append(str(name))
        lines = self._lines if self._file is None else []
        if self.encoder.document(triples, name, lines, texts):
            self.stated.add(str(name))
        if self._file is not None:
            self._file.writelines(lines)

    def finish(self) -> Batch:
        """The batch, with the marks of every literal the encoder has met."""
        marks = sorted(self.encoder.marks)
        if self._file is None:
            self._lines.extend(marks)
            data: bytes | Path = "".join(self._lines).encode()
            self._lines = []
        else:
            with self._file as handle:
                handle.writelines(marks)
            data = Path(handle.name)
        return Batch(tuple(self.names), data, frozenset(self.stated))


@dataclass
class Checked:
    """What ``DocumentValidator.run`` found: each compiled document's results, and the triples of those
    left to pyshacl."""

    results: dict[str, list[Result]]
    left: dict[str, list[Triple]]


def _graph_triples(store: ox.Store, names: Iterable[str]) -> list[Triple]:
    return [(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))  # type: ignore[arg-type]
            for name in names for q in store.quads_for_pattern(None, None, None, ox.NamedNode(name))]


class DocumentValidator:
    """The shapes compiled once for documents each validated alone, with the vocabulary beside it.

    Every query is scoped to one document's named graph (``GRAPH ?g``) and the vocabulary graph,
    so a batch of documents in one store gives each document exactly the results it has alone.
    """

    def __init__(self, shapes: Graph, vocabulary: Graph) -> None:
        self.compiler = compiled(shapes, vocabulary)
        self.vocabulary = vocabulary
        self.encoder = Encoder(self.compiler.datatypes)
        lines: list[str] = []
        self.encoder.document(vocabulary, VOCABULARY, lines)
        self.vocabulary_text = "".join(lines).encode()

    def encode(self, documents: list[tuple[URIRef, list[Triple]]], into: Path | None = None) -> Batch:
        """The documents as named graphs, in N-Quads: bytes, or a new file in the folder ``into``."""
        writer = self.writer(into)
        for name, triples in documents:
            writer.add(name, triples)
        return writer.finish()

    def writer(self, into: Path | None = None) -> BatchWriter:
        """A batch to write document by document: in memory, or in a new file in the folder ``into``."""
        return BatchWriter(self.encoder, into)

    def run(self, batch: Batch) -> Checked:
        """Load the vocabulary and the documents in a fresh in-memory store and run every check: no
        rdflib on the way in, so a worker process is handed bytes or a file (read, then removed)."""
        store = ox.Store()
        # blank nodes keep their labels: results name them
        store.bulk_extend(ox.parse(self.vocabulary_text, ox.RdfFormat.N_QUADS, rename_blank_nodes=False))
        if isinstance(batch.data, Path):
            try:
                store.bulk_extend(ox.parse(path=str(batch.data), format=ox.RdfFormat.N_QUADS,
                                           rename_blank_nodes=False))
            finally:
                batch.data.unlink(missing_ok=True)
        else:
            store.bulk_extend(ox.parse(batch.data, ox.RdfFormat.N_QUADS, rename_blank_nodes=False))
        checked = Checked({name: [] for name in batch.names if name not in batch.unsupported},
                          {name: _graph_triples(store, [name]) for name in batch.unsupported})
        namespaces = Graph()
        views: dict[str, Graph] = {}

        def view(name: str) -> Callable[[], Graph]:
            def build() -> Graph:  # a document's data as pyshacl sees it (only for its wording of a result)
                if name not in views:
                    graph = views[name] = Graph()
                    for triple in (*_graph_triples(store, [name]), *self.vocabulary):
                        graph.add(triple)
                return views[name]
            return build
        for check in self.compiler.checks:
            for row in store.query(check.query):  # type: ignore[union-attr]
                name = row["g"].value
                found = checked.results.get(name)
                if found is None:  # a document left to pyshacl
                    continue
                value = row["v"] if check.values else None
                found.append(result_of(check, to_rdflib(row["f"]), to_rdflib(value) if value is not None else None,
                                       namespaces, view(name), self.compiler.graph))
        return checked

    def validate(self, documents: list[tuple[URIRef, list[Triple]]]) -> Checked:
        """Every document's results in this process; and the documents left to pyshacl."""
        return self.run(self.encode(documents))


_COMPILED: dict[tuple[int, int], tuple[Graph, Graph | None, Compiler]] = {}


def compiled(shapes: Graph, vocabulary: Graph | None) -> Compiler:
    """The shapes compiled once per process for a shapes graph and vocabulary (by identity: graphs are
    not modified once read)."""
    key = (id(shapes), id(vocabulary))
    found = _COMPILED.get(key)
    if found is None or found[0] is not shapes or found[1] is not vocabulary:
        found = _COMPILED[key] = (shapes, vocabulary, Compiler(shapes, vocabulary))
    return found[2]


def compiled_shapes(shapes: Graph) -> list[Shape]:
    """The targeted shapes as compiled (compiling raises on anything the engine does not run)."""
    return compiled(shapes, None).shapes
