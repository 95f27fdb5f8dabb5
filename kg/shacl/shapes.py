"""The SHACL shapes as typed values, read from the shapes graph; what the compiler cannot run is an error."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.errors import KGError
from kg.namespaces import RDF, RDFS, SH, XSD


class ShapeError(KGError, ValueError):
    """A shape uses SHACL the SPARQL engine does not run (raised when the shapes are read, never skipped)."""


# Predicates on a shape that describe it or say where it applies, rather than constrain its values.
_DESCRIPTIVE = {RDF.type, RDFS.label, RDFS.comment, SH.name, SH.description, SH.order, SH.group,
                SH.defaultValue, SH.path, SH.severity, SH.message, SH.deactivated, SH.targetClass,
                SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.flags,
                SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint}
_NUMERIC = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.int, XSD.long, XSD.short,
            XSD.nonNegativeInteger, XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger}
_NODE_KINDS = {SH.IRI, SH.BlankNode, SH.Literal, SH.BlankNodeOrIRI, SH.BlankNodeOrLiteral, SH.IRIOrLiteral}


@dataclass(frozen=True)
class Constraint:
    """One constraint of a shape: its component's parameter (sh:minCount, sh:class, ...) and value.

    ``value`` is a term, an int, a tuple of terms (sh:in), a tuple of shapes (sh:or, sh:and,
    sh:xone), a shape (sh:node, sh:not, sh:property, sh:qualifiedValueShape) or a pattern with
    its flags; ``bounds`` holds sh:qualifiedMinCount and sh:qualifiedMaxCount.
    """

    parameter: URIRef
    value: object
    bounds: tuple[int | None, int | None] = (None, None)


@dataclass
class Shape:
    """A node or property shape: where it applies, what it checks and how results read."""

    node: Node
    path: URIRef | None = None
    severity: URIRef = SH.Violation
    message: str | None = None
    deactivated: bool = False
    target_classes: tuple[URIRef, ...] = ()
    target_nodes: tuple[Node, ...] = ()
    target_subjects_of: tuple[URIRef, ...] = ()
    target_objects_of: tuple[URIRef, ...] = ()
    constraints: list[Constraint] = field(default_factory=list)

    @property
    def targeted(self) -> bool:
        """True when the shape picks focus nodes of its own (else only other shapes use it)."""
        return bool(self.target_classes or self.target_nodes or self.target_subjects_of or self.target_objects_of)

    def nested(self) -> list[Shape]:
        """The shapes this one checks its value nodes against."""
        found: list[Shape] = []
        for constraint in self.constraints:
            if isinstance(constraint.value, Shape):
                found.append(constraint.value)
            elif isinstance(constraint.value, tuple):
                found.extend(v for v in constraint.value if isinstance(v, Shape))
        return found


class ShapeReader:
    """Reads every shape of a shapes graph once, following sh:node, sh:property, sh:or and the rest."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._shapes: dict[Node, Shape] = {}
        self._reading: set[Node] = set()

    def targeted(self) -> list[Shape]:
        """The shapes that select focus nodes, in a stable order."""
        g = self.graph
        nodes: set[Node] = set()
        for predicate in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            nodes.update(g.subjects(predicate, None))
        classes = {RDFS.Class, *g.subjects(RDFS.subClassOf, RDFS.Class)}
        for kind in (SH.NodeShape, SH.PropertyShape):
            nodes.update(s for s in g.subjects(RDF.type, kind) if any(t in classes for t in g.objects(s, RDF.type)))
        for predicate in (SH.target, SH.sparql, SH.rule):
            for subject in g.subjects(predicate, None):
                raise ShapeError(f"shape {subject.n3()} uses {predicate.n3()}: SHACL-AF and SPARQL constraints are "
                                 "not compiled; run `kg validate --engine pyshacl` or remove it")
        shapes = [self.shape(n) for n in sorted(nodes, key=lambda n: (isinstance(n, BNode), str(n)))]
        return [s for s in shapes if s.targeted]

    def shape(self, node: Node) -> Shape:
        """The shape at a node of the shapes graph, read once (recursive shapes are an error)."""
        found = self._shapes.get(node)
        if found is not None:
            return found
        if node in self._reading:
            raise ShapeError(f"shape {node.n3()} refers to itself: recursive shapes are not compiled")
        self._reading.add(node)
        try:
            shape = self._read(node)
        finally:
            self._reading.discard(node)
        self._shapes[node] = shape
        return shape

    def _one(self, node: Node, predicate: URIRef) -> Node | None:
        values = list(self.graph.objects(node, predicate))
        if len(values) > 1:
            raise ShapeError(f"shape {node.n3()} has {len(values)} values of {predicate.n3()}; SHACL allows one")
        return values[0] if values else None

    def _count(self, node: Node, predicate: URIRef) -> int | None:
        value = self._one(node, predicate)
        if value is None:
            return None
        if not isinstance(value, Literal) or value.datatype != XSD.integer or int(value) < 0:
            raise ShapeError(f"shape {node.n3()}: {predicate.n3()} must be a non-negative xsd:integer")
        return int(value)

    def _list(self, node: Node, head: Node) -> tuple[Node, ...]:
        items = tuple(Collection(self.graph, head))
        if not items:
            raise ShapeError(f"shape {node.n3()}: an empty or broken RDF list")
        return items

    def _read(self, node: Node) -> Shape:
        g = self.graph
        path = self._one(node, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise ShapeError(f"shape {node.n3()}: only predicate paths (an IRI) are compiled, not {path.n3()}")
        messages = list(g.objects(node, SH.message))
        if len(messages) > 1:
            raise ShapeError(f"shape {node.n3()} has {len(messages)} sh:message values; the engine reports one")
        severity = self._one(node, SH.severity)
        deactivated = self._one(node, SH.deactivated)
        shape = Shape(node, path, severity if isinstance(severity, URIRef) else SH.Violation,
                      str(messages[0]) if messages else None, deactivated == Literal(True),
                      tuple(sorted(o for o in g.objects(node, SH.targetClass) if isinstance(o, URIRef))),
                      tuple(sorted(g.objects(node, SH.targetNode), key=str)),
                      tuple(sorted(o for o in g.objects(node, SH.targetSubjectsOf) if isinstance(o, URIRef))),
                      tuple(sorted(o for o in g.objects(node, SH.targetObjectsOf) if isinstance(o, URIRef))))
        classes = {RDFS.Class, *g.subjects(RDFS.subClassOf, RDFS.Class)}
        if isinstance(node, URIRef) and any(t in classes for t in g.objects(node, RDF.type)):
            shape.target_classes = (*shape.target_classes, node)  # an implicit class target
        for predicate in sorted(set(g.predicates(node, None)), key=str):
            if predicate in _DESCRIPTIVE or not str(predicate).startswith(str(SH)):
                continue
            reader = _READERS.get(predicate) if isinstance(predicate, URIRef) else None
            if reader is None:
                raise ShapeError(f"shape {node.n3()} uses {predicate.n3()}, which the SPARQL engine does not "
                                 "compile; run `kg validate --engine pyshacl` or drop it from the shape")
            shape.constraints.extend(reader(self, node, predicate))  # type: ignore[arg-type]
        if path is None and any(c.parameter in _PROPERTY_ONLY for c in shape.constraints):
            raise ShapeError(f"node shape {node.n3()} uses a constraint only a property shape (sh:path) can have")
        return shape


def _each_value(reader: ShapeReader, node: Node, predicate: URIRef) -> list[Constraint]:
    """Components that take one value per constraint (sh:class, sh:hasValue, sh:minInclusive, ...)."""
    values = sorted(reader.graph.objects(node, predicate), key=str)
    if predicate in (SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive):
        for value in values:
            if not isinstance(value, Literal) or value.datatype not in _NUMERIC:
                raise ShapeError(f"shape {node.n3()}: {predicate.n3()} is compiled for numeric bounds only")
    if predicate in (SH["class"], SH.hasValue) and any(isinstance(v, BNode) for v in values):
        raise ShapeError(f"shape {node.n3()}: {predicate.n3()} with a blank node is not compiled")
    return [Constraint(predicate, value) for value in values]


def _single(reader: ShapeReader, node: Node, predicate: URIRef) -> list[Constraint]:
    """Components SHACL allows once per shape (sh:datatype, sh:nodeKind)."""
    value = reader._one(node, predicate)
    if predicate == SH.datatype and (not isinstance(value, URIRef) or value in (RDFS.Literal, RDFS.Datatype)):
        raise ShapeError(f"shape {node.n3()}: sh:datatype {value!r} is not compiled (use an XSD or RDF datatype)")
    if predicate == SH.nodeKind and value not in _NODE_KINDS:
        raise ShapeError(f"shape {node.n3()}: unknown sh:nodeKind {value!r}")
    return [Constraint(predicate, value)]


def _count(reader: ShapeReader, node: Node, predicate: URIRef) -> list[Constraint]:
    return [Constraint(predicate, reader._count(node, predicate))]


def _pattern(reader: ShapeReader, node: Node, predicate: URIRef) -> list[Constraint]:
    pattern = reader._one(node, predicate)
    flags = next(iter(reader.graph.objects(node, SH.flags)), None)
    if not isinstance(pattern, Literal):
        raise ShapeError(f"shape {node.n3()}: sh:pattern must be a literal")
    return [Constraint(predicate, (str(pattern), str(flags) if flags is not None else ""))]


def _in(reader: ShapeReader, node: Node, predicate: URIRef) -> list[Constraint]:
    head = reader._one(node, predicate)
    assert head is not None
    values = reader._list(node, head)
    if any(isinstance(v, BNode) for v in values):
        raise ShapeError(f"shape {node.n3()}: sh:in with a blank node is not compiled")
    return [Constraint(predicate, values)]


def _shapes(reader: ShapeReader, node: Node, predicate: URIRef) -> list[Constraint]:
    """sh:node, sh:not and sh:property: one constraint per shape they name."""
    return [Constraint(predicate, reader.shape(value))
            for value in sorted(reader.graph.objects(node, predicate), key=str)]


def _lists(reader: ShapeReader, node: Node, predicate: URIRef) -> list[Constraint]:
    """sh:or, sh:and and sh:xone: one constraint per list of shapes."""
    return [Constraint(predicate, tuple(reader.shape(member) for member in reader._list(node, head)))
            for head in sorted(reader.graph.objects(node, predicate), key=str)]


def _qualified(reader: ShapeReader, node: Node, predicate: URIRef) -> list[Constraint]:
    if reader._one(node, SH.qualifiedValueShapesDisjoint) == Literal(True):
        raise ShapeError(f"shape {node.n3()}: sh:qualifiedValueShapesDisjoint true is not compiled")
    bounds = (reader._count(node, SH.qualifiedMinCount), reader._count(node, SH.qualifiedMaxCount))
    return [Constraint(predicate, reader.shape(value), bounds)
            for value in sorted(reader.graph.objects(node, predicate), key=str)]


_READERS = {
    SH.minCount: _count, SH.maxCount: _count, SH.minLength: _count, SH.maxLength: _count,
    SH.datatype: _single, SH.nodeKind: _single,
    SH["class"]: _each_value, SH.hasValue: _each_value,
    SH.minInclusive: _each_value, SH.minExclusive: _each_value,
    SH.maxInclusive: _each_value, SH.maxExclusive: _each_value,
    SH.pattern: _pattern, SH["in"]: _in,
    SH.node: _shapes, SH["not"]: _shapes, SH.property: _shapes,
    SH["or"]: _lists, SH["and"]: _lists, SH.xone: _lists,
    SH.qualifiedValueShape: _qualified,
}
_PROPERTY_ONLY = {SH.minCount, SH.maxCount, SH.qualifiedValueShape}
