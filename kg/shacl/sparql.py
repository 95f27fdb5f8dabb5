"""The shapes compiled to SPARQL SELECT queries, one per constraint of a shape that reports results.

Every query returns ``?g`` (the document's named graph), ``?f`` (the focus node) and, for
constraints on each value node, ``?v``. Data sits in named graphs. In the per-document
scope each document's graph is validated together with the vocabulary graph (the ontology
and concept schemes, as pyshacl is given them), and only focus nodes the document states
triples about count: what a build runs, so that no document's results depend on another's.
In the whole-graph scope the data is the default graph (of a graph validated as a whole, as
`kg validate` checks a built store).

Nested shapes (sh:node, sh:or, sh:and, sh:not, sh:xone, sh:qualifiedValueShape) compile to
boolean expressions with EXISTS; a value conforms when its shape produces no result.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import combinations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg.namespaces import RDF, RDFS, SH, XSD
from kg.shacl.shapes import Constraint, Shape, ShapeError, ShapeReader

VOCABULARY = URIRef("urn:x-kg:validation:vocabulary")  # the graph of the ontology in the per-document scope
MARKS = URIRef("urn:x-kg:validation:marks")  # literals pyshacl does not take as their datatype's
MARK = URIRef("urn:x-kg:validation:mark")
DATA = URIRef("urn:x-kg:validation:data")  # the one graph of the whole-graph scope
_MAX_NESTED_COUNT = 3  # nested sh:minCount/maxCount compile to that many distinct variables at most
_PER_VALUE = {SH.datatype, SH.nodeKind, SH["class"], SH["in"], SH.pattern, SH.minLength, SH.maxLength,
              SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive,
              SH.node, SH["not"], SH["or"], SH["and"], SH.xone}
_NEEDS_MESSAGE = {SH.node, SH["not"], SH["or"], SH["and"], SH.xone, SH.qualifiedValueShape}
_RANGE = {SH.minInclusive: ">=", SH.minExclusive: ">", SH.maxInclusive: "<=", SH.maxExclusive: "<"}
_NODE_KIND = {SH.IRI: "isIRI({0})", SH.BlankNode: "isBlank({0})", SH.Literal: "isLiteral({0})",
              SH.BlankNodeOrIRI: "(isBlank({0}) || isIRI({0}))",
              SH.BlankNodeOrLiteral: "(isBlank({0}) || isLiteral({0}))",
              SH.IRIOrLiteral: "(isIRI({0}) || isLiteral({0}))"}


Focus = Callable[[str], tuple[str, list[str]]]  # a variable -> the clause binding ?g and it, and its witnesses


@dataclass(frozen=True)
class Check:
    """One compiled constraint: its query and what its results say (shape, constraint)."""

    query: str
    shape: Shape
    constraint: Constraint
    values: bool  # rows carry ?v, the value node


def term(node: Node) -> str:
    """A term as SPARQL writes it."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
        if node.language:
            return f'"{text}"@{node.language}'
        return f'"{text}"^^<{node.datatype or XSD.string}>'
    raise ShapeError(f"cannot write {node!r} in a query")


def python_pattern(pattern: str, flags: str) -> tuple[str, str]:
    """pyshacl's ``re.search`` as an Oxigraph (Rust) regex: Python's ``$`` also
    matches before a final newline; Python's ``\\s`` also takes the separators U+001C-U+001F."""
    out: list[str] = []
    i, in_class = 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            pair = pattern[i:i + 2]
            if pair == "\\s":
                out.append("\\s\\x1c-\\x1f" if in_class else "[\\s\\x1c-\\x1f]")
            elif pair == "\\S":
                if in_class:
                    raise ShapeError(f"sh:pattern {pattern!r}: \\S inside a class is not compiled")
                out.append("[^\\s\\x1c-\\x1f]")
            else:
                out.append(pair)
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        elif char == "$" and not in_class and "m" not in flags.lower():
            if pattern[i + 1:].strip(")"):
                raise ShapeError(f"sh:pattern {pattern!r}: '$' before the end is not compiled")
            out.append("(?:\\n?$)")
            i += 1
            continue
        out.append(char)
        i += 1
    kept = "".join(f for f in "im" if f in flags.lower())  # pyshacl reads only these two
    return "".join(out), kept


class Compiler:
    """Compiles the targeted shapes of a shapes graph to one query per result-producing constraint.

    ``vocabulary``: the graph validated beside each document (per-document scope); None for the
    whole-graph scope, where the data graph holds everything.
    """

    def __init__(self, shapes: Graph, vocabulary: Graph | None) -> None:
        self.per_document = vocabulary is not None
        self.vocabulary = vocabulary if vocabulary is not None else Graph()
        self.in_vocabulary = set(self.vocabulary.predicates())
        self._names = 0
        self.datatypes: set[URIRef] = set()  # sh:datatype values whose literals need marks
        self.graph = shapes
        self.shapes = ShapeReader(shapes).targeted()
        self.checks: list[Check] = []
        for shape in self.shapes:
            self._check_nested(shape, top=True)
            self._reporting(shape, partial(self._targets, shape))

    # ------------------------------------------------------------------ patterns

    def _var(self, stem: str) -> str:
        self._names += 1
        return f"?{stem}{self._names}"

    def triple(self, s: str, p: URIRef, o: str) -> str:
        """A triple pattern over what a document sees: its graph, and the vocabulary where it has p."""
        inner = f"{s} <{p}> {o} ."
        if self.per_document and p in self.in_vocabulary:
            return f"{{ {{ GRAPH ?g {{ {inner} }} }} UNION {{ GRAPH <{VOCABULARY}> {{ {inner} }} }} }}"
        return self._in_data(inner)

    def _in_data(self, pattern: str) -> str:
        """A pattern over the data: the document's graph, or the default graph (the whole-graph scope)."""
        return f"GRAPH ?g {{ {pattern} }}" if self.per_document else f"{{ {pattern} }}"

    def _owned(self, var: str) -> str:
        """The document states a triple about the node (results about other nodes are not its own)."""
        return f"FILTER EXISTS {{ GRAPH ?g {{ {var} ?owner_p ?owner_o }} }}" if self.per_document else ""

    def _subclasses(self, cls: URIRef) -> list[URIRef]:
        found, todo = {cls}, [cls]
        while todo:
            for sub in self.vocabulary.subjects(RDFS.subClassOf, todo.pop()):
                if isinstance(sub, URIRef) and sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return sorted(found)

    def _instance_of(self, var: str, cls: URIRef) -> str:
        """``var`` is a SHACL instance of ``cls`` (rdf:type/rdfs:subClassOf*)."""
        if not self.per_document:
            return f"{{ {var} <{RDF.type}>/<{RDFS.subClassOf}>* <{cls}> }}"
        kind = self._var("class")
        values = " ".join(f"<{c}>" for c in self._subclasses(cls))
        return f"VALUES {kind} {{ {values} }} {self.triple(var, RDF.type, kind)}"

    def _targets(self, shape: Shape, var: str) -> tuple[str, list[str]]:
        """Focus nodes of a shape, each with the graph of the document that states it."""
        branches: list[str] = []
        owned = self._owned(var)
        vocabulary = self.vocabulary
        for cls in shape.target_classes:
            if not self.per_document:
                branches.append(self._instance_of(var, cls))
                continue
            kind = self._var("class")
            classes = self._subclasses(cls)
            branches.append(f"VALUES {kind} {{ {' '.join(f'<{c}>' for c in classes)} }} "
                            f"GRAPH ?g {{ {var} <{RDF.type}> {kind} }}")
            typed = sorted({s for c in classes for s in vocabulary.subjects(RDF.type, c)}, key=str)
            if typed:  # typed in the vocabulary, stated about in the document
                branches.append(f"VALUES {var} {{ {' '.join(term(n) for n in typed if not isinstance(n, BNode))} }} "
                                f"GRAPH ?g {{ {var} ?typed_p ?typed_o }}")
        for predicate in shape.target_subjects_of:
            branches.append(self._in_data(f"{var} <{predicate}> {self._var('object')}"))
            if self.per_document and predicate in self.in_vocabulary:
                subjects = sorted({s for s in vocabulary.subjects(predicate, None) if isinstance(s, URIRef)}, key=str)
                branches.append(f"VALUES {var} {{ {' '.join(term(s) for s in subjects)} }} "
                                f"GRAPH ?g {{ {var} ?subject_p ?subject_o }}")
        for predicate in shape.target_objects_of:
            subject = self._var("subject")
            branches.append(f"{self._in_data(f'{subject} <{predicate}> {var}')} {owned}")
            if self.per_document and predicate in self.in_vocabulary:
                objects = sorted({o for o in vocabulary.objects(None, predicate) if not isinstance(o, BNode)}, key=str)
                branches.append(f"VALUES {var} {{ {' '.join(term(o) for o in objects)} }} "
                                f"GRAPH ?g {{ {var} ?object_p ?object_o }}")
        for node in shape.target_nodes:
            if isinstance(node, BNode):
                raise ShapeError(f"shape {shape.node.n3()}: sh:targetNode with a blank node is not compiled")
            if self.per_document:
                branches.append(f"VALUES {var} {{ {term(node)} }} GRAPH ?g {{ {var} ?node_p ?node_o }}")
            else:
                branches.append(f"VALUES {var} {{ {term(node)} }}")
        union = " UNION ".join(f"{{ {b} }}" for b in branches)
        if self.per_document:
            return (f"{{ SELECT DISTINCT ?g {var} WHERE {{ {union} "
                    f"FILTER(?g != <{VOCABULARY}> && ?g != <{MARKS}>) }} }}", [])
        return f"{{ SELECT DISTINCT ?g {var} WHERE {{ VALUES ?g {{ <{DATA}> }} {union} }} }}", []

    # ------------------------------------------------------------------ reporting constraints

    def _reporting(self, shape: Shape, focus: Focus) -> None:
        """A query per constraint of a shape whose results are reported: targeted shapes, their
        sh:property shapes, and the shapes of sh:node, whose results pyshacl reports too (as details)."""
        if shape.deactivated:
            return
        for constraint in shape.constraints:
            parameter, value = constraint.parameter, constraint.value
            if parameter in (SH.property, SH.node):
                assert isinstance(value, Shape)
                if parameter == SH.property and value.path is None:
                    raise ShapeError(f"shape {value.node.n3()} is named by sh:property but has no sh:path")
                if shape.path is None:
                    self._reporting(value, focus)
                else:
                    self._reporting(value, partial(self._values_as_focus, focus, shape.path))
                if parameter == SH.property:
                    continue
            if shape.message is None and parameter in _NEEDS_MESSAGE:
                raise ShapeError(f"shape {shape.node.n3()}: {parameter.n3()} without sh:message is not compiled "
                                 "(pyshacl's own wording of nested results is not reproduced)")
            self.checks.extend(self._queries(shape, constraint, *focus("?f")))

    def _values_as_focus(self, focus: Focus, path: URIRef, var: str) -> tuple[str, list[str]]:
        """The value nodes of the focus nodes as focus nodes; the parent focus node is kept as a witness,
        since pyshacl reports a result once per parent focus node."""
        parent = self._var("parent")
        clause, witnesses = focus(parent)
        kept = " ".join([*witnesses, parent])
        return (f"{{ SELECT DISTINCT ?g {kept} {var} WHERE {{ {clause} {self.triple(parent, path, var)} "
                f"{self._owned(var)} }} }}", [*witnesses, parent])

    def _queries(self, shape: Shape, constraint: Constraint, focus: str, witnesses: list[str]) -> list[Check]:
        parameter, value = constraint.parameter, constraint.value
        path = shape.path
        kept = " ".join(witnesses)
        if parameter in _PER_VALUE:
            if path is None:
                where = f"{focus} BIND(?f AS ?v) FILTER({self.fails(constraint, '?v')})"
            else:
                where = f"{focus} {self.triple('?f', path, '?v')} FILTER({self.fails(constraint, '?v')})"
            return [Check(f"SELECT DISTINCT ?g ?f ?v {kept} WHERE {{ {where} }}", shape, constraint, True)]
        if parameter == SH.hasValue:
            assert isinstance(value, (URIRef, Literal))
            test = f"FILTER NOT EXISTS {{ {self.triple('?f', path, term(value))} }}" if path is not None \
                else f"FILTER(!sameTerm(?f, {term(value)}))"
            return [Check(f"SELECT DISTINCT ?g ?f {kept} WHERE {{ {focus} {test} }}", shape, constraint, False)]
        assert path is not None
        if parameter in (SH.minCount, SH.maxCount):
            assert isinstance(value, int)
            if parameter == SH.minCount:
                if value == 1:
                    query = (f"SELECT ?g ?f {kept} WHERE {{ {focus} "
                             f"FILTER NOT EXISTS {{ {self.triple('?f', path, '?v')} }} }}")
                else:
                    query = (f"SELECT ?g ?f {kept} WHERE {{ {focus} OPTIONAL {{ {self.triple('?f', path, '?v')} }} }} "
                             f"GROUP BY ?g ?f {kept} HAVING (COUNT(DISTINCT ?v) < {value})")
            else:
                query = (f"SELECT ?g ?f {kept} WHERE {{ {focus} {self.triple('?f', path, '?v')} }} "
                         f"GROUP BY ?g ?f {kept} HAVING (COUNT(DISTINCT ?v) > {value})")
            return [Check(query, shape, constraint, False)]
        if parameter == SH.qualifiedValueShape:
            qualified = value
            assert isinstance(qualified, Shape)
            low, high = constraint.bounds
            conforms = f"!{self.shape_fails(qualified, '?v')}"
            checks = []
            if low is not None:
                query = (f"SELECT ?g ?f {kept} WHERE {{ {focus} OPTIONAL {{ {self.triple('?f', path, '?v')} "
                         f"FILTER({conforms}) }} }} GROUP BY ?g ?f {kept} HAVING (COUNT(DISTINCT ?v) < {low})")
                checks.append(Check(query, shape, Constraint(SH.qualifiedMinCount, qualified, (low, None)), False))
            if high is not None:
                query = (f"SELECT ?g ?f {kept} WHERE {{ {focus} {self.triple('?f', path, '?v')} FILTER({conforms}) }} "
                         f"GROUP BY ?g ?f {kept} HAVING (COUNT(DISTINCT ?v) > {high})")
                checks.append(Check(query, shape, Constraint(SH.qualifiedMaxCount, qualified, (None, high)), False))
            return checks
        raise ShapeError(f"shape {shape.node.n3()}: {parameter.n3()} is not compiled")

    # ------------------------------------------------------------------ conformance, as expressions

    def shape_fails(self, shape: Shape, var: str) -> str:
        """True when ``var`` does not conform to the shape (any of its constraints has a result)."""
        if shape.deactivated or not shape.constraints:
            return "false"
        parts = [self._constraint_fails(shape, c, var) for c in shape.constraints]
        return "(" + " || ".join(parts) + ")"

    def _constraint_fails(self, shape: Shape, constraint: Constraint, var: str) -> str:
        parameter, value, path = constraint.parameter, constraint.value, shape.path
        if parameter in _PER_VALUE:
            if path is None:
                return self.fails(constraint, var)
            each = self._var("value")
            return f"EXISTS {{ {self.triple(var, path, each)} FILTER({self.fails(constraint, each)}) }}"
        if parameter == SH.property:
            assert isinstance(value, Shape)
            if path is None:
                return self.shape_fails(value, var)
            each = self._var("value")
            return f"EXISTS {{ {self.triple(var, path, each)} FILTER({self.shape_fails(value, each)}) }}"
        if parameter == SH.hasValue:
            assert isinstance(value, (URIRef, Literal))
            return f"NOT EXISTS {{ {self.triple(var, path, term(value))} }}" if path is not None \
                else f"!sameTerm({var}, {term(value)})"
        assert path is not None
        if parameter == SH.minCount:
            assert isinstance(value, int)
            return f"NOT {self._distinct_values(var, path, value, None)}" if value else "false"
        if parameter == SH.maxCount:
            assert isinstance(value, int)
            return self._distinct_values(var, path, value + 1, None)
        if parameter == SH.qualifiedValueShape:
            assert isinstance(value, Shape)
            low, high = constraint.bounds
            parts = []
            if low:
                parts.append(f"NOT {self._distinct_values(var, path, low, value)}")
            if high is not None:
                parts.append(self._distinct_values(var, path, high + 1, value))
            return "(" + " || ".join(parts) + ")" if parts else "false"
        raise ShapeError(f"shape {shape.node.n3()}: {parameter.n3()} is not compiled")

    def _distinct_values(self, var: str, path: URIRef, count: int, qualified: Shape | None) -> str:
        """EXISTS: at least ``count`` distinct values (that conform to ``qualified``, when given)."""
        if count > _MAX_NESTED_COUNT:
            raise ShapeError(f"a nested count of {count} values is not compiled (at most {_MAX_NESTED_COUNT})")
        names = [self._var("value") for _ in range(count)]
        tests = [f"!sameTerm({a}, {b})" for a, b in combinations(names, 2)]
        if qualified is not None:
            tests.extend(f"!{self.shape_fails(qualified, n)}" for n in names)
        patterns = " ".join(self.triple(var, path, n) for n in names)
        return f"EXISTS {{ {patterns} {('FILTER(' + ' && '.join(tests) + ')') if tests else ''} }}"

    def fails(self, constraint: Constraint, var: str) -> str:
        """True when the value node ``var`` fails a constraint on each value."""
        parameter, value = constraint.parameter, constraint.value
        if parameter == SH.datatype:
            assert isinstance(value, URIRef)
            if value not in (XSD.string, RDF.langString):
                self.datatypes.add(value)
            return (f"!(isLiteral({var}) && datatype({var}) = <{value}> && "
                    f"NOT EXISTS {{ GRAPH <{MARKS}> {{ <{MARK}> <{value}> {var} }} }})")
        if parameter == SH.nodeKind:
            return f"!{_NODE_KIND[value].format(var)}"  # type: ignore[index]
        if parameter == SH["class"]:
            assert isinstance(value, URIRef)
            return f"(isLiteral({var}) || NOT EXISTS {{ {self._instance_of(var, value)} }})"
        if parameter == SH["in"]:
            assert isinstance(value, tuple)
            return "!(" + " || ".join(f"sameTerm({var}, {term(v)})" for v in value) + ")"
        if parameter == SH.pattern:
            assert isinstance(value, tuple)
            regex, flags = python_pattern(*value)
            re.compile(value[0])  # a pattern Python cannot read fails here as it would in pyshacl
            return f"(isBlank({var}) || !REGEX(STR({var}), {term(Literal(regex))}, \"{flags}\"))"
        if parameter in (SH.minLength, SH.maxLength):
            assert isinstance(value, int)
            if parameter == SH.minLength and value == 0:
                return "false"
            compare = "<" if parameter == SH.minLength else ">"
            return f"(isBlank({var}) || STRLEN(STR({var})) {compare} {value})"
        if parameter in _RANGE:
            assert isinstance(value, Literal)
            return f"(!isLiteral({var}) || !COALESCE({var} {_RANGE[parameter]} {term(value)}, false))"
        if parameter == SH.node:
            assert isinstance(value, Shape)
            return self.shape_fails(value, var)
        if parameter == SH["not"]:
            assert isinstance(value, Shape)
            return f"!{self.shape_fails(value, var)}"
        assert isinstance(value, tuple)
        members = [self.shape_fails(s, var) for s in value]
        if parameter == SH["or"]:
            return "(" + " && ".join(members) + ")"
        if parameter == SH["and"]:
            return "(" + " || ".join(members) + ")"
        return "((" + " + ".join(f"IF({m}, 0, 1)" for m in members) + ") != 1)"  # sh:xone

    def _check_nested(self, shape: Shape, top: bool) -> None:
        """Nested shapes conform when they have no result; pyshacl (allowing warnings) would count a
        nested result of severity Warning or Info as conforming, which is not compiled."""
        for constraint in shape.constraints:
            nested_here = constraint.parameter != SH.property or not top
            for child in ([constraint.value] if isinstance(constraint.value, Shape) else
                          [v for v in constraint.value if isinstance(v, Shape)]
                          if isinstance(constraint.value, tuple) else []):
                if nested_here and child.severity != SH.Violation:
                    raise ShapeError(f"shape {child.node.n3()} is used inside another shape with severity "
                                     f"{child.severity.n3()}: only sh:Violation is compiled there")
                self._check_nested(child, top=top and constraint.parameter == SH.property)
