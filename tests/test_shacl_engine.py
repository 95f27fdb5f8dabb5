"""The shapes run as SPARQL inside Oxigraph give the same results as pyshacl, the reference engine.

Every document the suite has (the seeds, the export and page fixtures, the RDF fixture in each
syntax, the SHACL-violation documents, documents that meet on shared nodes and seeded fuzz
mutations of all of them) goes through a real build; the documents and the build's own graphs
that validation was given are then validated by both engines, each document alone and in
batches of any size, which must give the same verdicts and report the same issues (severity,
focus, path, message, value). Then one mutation case per SHACL constraint component: a shape that uses
it, data that passes and data that breaks it; the compiled engine must find the break (a
compiler that dropped the component fails here) and agree with pyshacl on both.
"""

from __future__ import annotations

import contextlib
import random
import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

import kg.build
from bench.mutations import base_documents, mutate
from kg import validate as validate_module
from kg.build import BuildSettings, build
from kg.cache import BuildCache
from kg.documents import DocumentReport, ShippedDocument
from kg.errors import BuildError
from kg.namespaces import SH
from kg.shacl.engine import compiled_shapes
from kg.shacl.shapes import ShapeError
from kg.terms import to_rdflib
from kg.validate import ValidationReport, document_reports, extra_by_subject, validate_graph, validate_stream
from kg.vocabulary import shapes_graph
from tests.conftest import ROOT, SEEDS

FIXTURES = ROOT / "tests" / "fixtures"
RIS_1750 = "TY  - JOUR\nAU  - Smith, John\nTI  - A record with an impossible year\nPY  - 1750\nER  - \n"
RIS_BAD_DOI = "TY  - JOUR\nAU  - Doe, Jane\nTI  - A record with a DOI in capitals\nPY  - 2019\nDO  - 10.1000/ABC\nER  - \n"
# Turtle documents stating what the shapes reject: a work citing a person, a study without an abstract,
# a finding with an unknown direction, a class of the document's own (left to pyshacl).
TURTLE_BAD = """@prefix psk: <https://w3id.org/peer-support-kg/ontology#> . @prefix fabio: <http://purl.org/spar/fabio/> .
@prefix cito: <http://purl.org/spar/cito/> . @prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix ex: <https://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:w a fabio:Expression, psk:Study ; dcterms:title "Hope in peer support" ; cito:cites ex:p .
ex:p a foaf:Person .
ex:f a psk:Finding ; psk:direction psk:Sideways ; psk:status psk:MachineExtracted .
ex:Mine rdfs:subClassOf fabio:Expression . ex:m a ex:Mine .
"""

# Documents that meet on shared nodes: two page counts for one work (each valid alone), and an author
# without a name (invalid alone) whom another document names.
_TTL = ("@prefix fabio: <http://purl.org/spar/fabio/> . @prefix dcterms: <http://purl.org/dc/terms/> . "
        "@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix bibo: <http://purl.org/ontology/bibo/> . "
        "@prefix ex: <https://example.org/> .\n")
CONFLICTING = {
    "pages10.ttl": _TTL + 'ex:w a fabio:Expression ; dcterms:title "Hope" ; bibo:numPages 10 .',
    "pages12.ttl": _TTL + 'ex:w a fabio:Expression ; dcterms:title "Hope" ; bibo:numPages 12 .',
    "nameless.ttl": _TTL + 'ex:v a fabio:Expression ; dcterms:title "Work" ; dcterms:creator ex:p . ex:p a foaf:Person .',
    "names.ttl": _TTL + 'ex:p foaf:name "Pat Doe" .',
}


def _documents(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[ShippedDocument], dict]:
    """Build a folder; the documents and the build's own graphs that validation was given (each
    document's report then holds the build's verdict)."""
    seen: dict[str, list] = {}  # the documents, and the triples of the build's own graphs
    real = kg.build.validate_stream

    def spy(documents: Iterator[ShippedDocument], extra: list[Graph], *args: object, **kwargs: object
            ) -> Iterator[ShippedDocument]:
        if "documents" in seen:  # checked again after a rejection changed resolution: the first call had all
            yield from real(documents, extra, *args, **kwargs)  # type: ignore[arg-type]
            return
        given = seen["documents"] = []
        seen["extra"] = [t for graph in extra for t in graph]

        def passing() -> Iterator[ShippedDocument]:
            for document in documents:
                given.append(document)
                yield document
        yield from real(passing(), extra, *args, **kwargs)  # type: ignore[arg-type]
    monkeypatch.setattr(kg.build, "validate_stream", spy)
    with contextlib.suppress(BuildError):  # every document rejected: validation has run all the same
        build([folder], BuildSettings(store=tmp_path / "store", jobs=1, reuse=False))
    return seen["documents"], seen["extra"]


def _rows(report: ValidationReport) -> list[tuple[str, str, str, str, str]]:
    return [(i.severity, str(i.focus), i.path, i.message, i.value) for i in report.issues]


def _folder(name: str, tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    folder.mkdir()
    if name == "seeds":
        shutil.copytree(SEEDS, folder, dirs_exist_ok=True)
    elif name in ("exports", "pages"):
        for path in (FIXTURES / name).iterdir():
            if path.suffix not in (".md", ".toml"):
                shutil.copy(path, folder / path.name)
    elif name == "rdf":
        for number, base in enumerate(b for b in base_documents() if b.suffix in (".ttl", ".nt", ".rdf", ".jsonld",
                                                                                   ".trig", ".nq")):
            (folder / f"base{number}{base.suffix}").write_text(base.text, encoding="utf-8")
    elif name == "violations":
        (folder / "old.ris").write_text(RIS_1750, encoding="utf-8")
        (folder / "doi.ris").write_text(RIS_BAD_DOI, encoding="utf-8")
        (folder / "bad.ttl").write_text(TURTLE_BAD, encoding="utf-8")
        for file, text in CONFLICTING.items():
            (folder / file).write_text(text, encoding="utf-8")
        shutil.copy(next(SEEDS.glob("002_*.txt")), folder)
    else:  # fuzz: seeded mutations of every base document
        rng = random.Random(int(name.removeprefix("fuzz")))
        bases = base_documents()
        for number, base in enumerate(bases):
            for copy in range(2):
                _, text = mutate(rng, base, bases)
                (folder / f"m{number:02d}_{copy}{base.suffix}").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("name", ["seeds", "exports", "pages", "rdf", "violations", "fuzz1", "fuzz2"])
def test_every_fixture_document_gets_the_same_report(name: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    documents, extra = _documents(_folder(name, tmp_path), tmp_path, monkeypatch)
    assert documents
    # as a build validates them, each document alone: its first violation and warnings, in any batch
    built = [(d.report.path, d.report.rejected) for d in documents]
    reference = _verdicts(documents, extra, "pyshacl")
    assert built == [(p, r) for p, r, _ in reference]
    for batch in (validate_module.VALIDATION_BATCH_TRIPLES, 2_000, 1):
        monkeypatch.setattr(validate_module, "VALIDATION_BATCH_TRIPLES", batch)
        compiled = _verdicts(documents, extra, "sparql")
        assert compiled == reference
    # with the cache of verdicts: the batches take the texts the keys were made of, then the verdicts come
    # from the cache
    cache, validated = BuildCache(tmp_path / "cache"), []
    assert _verdicts(documents, extra, "sparql", cache) == reference
    assert _verdicts(documents, extra, "sparql", cache, validated) == reference
    assert validated and all("earlier build" in v for v in validated)
    # each document on its own: every result
    about = extra_by_subject(extra)
    alone, alone_reference = document_reports(documents, about, "sparql"), document_reports(documents, about, "pyshacl")
    for document, ours, theirs in zip(documents, alone, alone_reference, strict=True):
        assert ours.conforms == theirs.conforms, document.report.path
        assert _rows(ours) == _rows(theirs), document.report.path
    if name == "violations":
        rejected = {Path(path).name for path, reason, _ in compiled if reason}
        assert {"old.ris", "bad.ttl", "nameless.ttl"} <= rejected
        assert not {"pages10.ttl", "pages12.ttl", "names.ttl"} & rejected  # valid alone, whatever the others say
        assert any(warnings for _, _, warnings in compiled)


def _verdicts(documents: list[ShippedDocument], extra: list, engine: str, cache: BuildCache | None = None,
              validated: list[str] | None = None) -> list[tuple[str, str, list[str]]]:
    """Each document's verdict from ``validate_stream`` (one process), as the build reports it (and what
    validation says it checked, in ``validated``)."""
    graph = Graph()
    for triple in extra:
        graph.add(triple)
    fresh = [ShippedDocument(DocumentReport(d.report.path), d.graph_iri, d.triples, d.lines, stated=d.stated)
             for d in documents]
    checked = list(validate_stream(fresh, [graph], jobs=1, engine=engine, cache=cache))
    if validated is not None:
        validated.extend(d.report.validated for d in checked if d.report.validated)
    return [(d.report.path, d.report.rejected, d.report.warnings) for d in checked]


@pytest.mark.parametrize("path", [*sorted((ROOT / "tests" / "golden").glob("*.ttl")), FIXTURES / "mini.trig"],
                         ids=lambda p: p.name)
def test_golden_and_fixture_graphs_validate_the_same(path: Path) -> None:
    graph = Graph()
    if path.suffix == ".trig":  # the union of its graphs
        for quad in ox.parse(path.read_bytes(), format=ox.RdfFormat.TRIG):
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
    else:
        graph.parse(path)
    assert _rows(validate_graph(graph, engine="sparql")) == _rows(validate_graph(graph, engine="pyshacl"))


# ---------------------------------------------------------------- one mutation case per constraint component

SHAPE_PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix pskc: <https://w3id.org/peer-support-kg/concept/> .
@prefix psk: <https://w3id.org/peer-support-kg/ontology#> .
"""


def _property(body: str, message: str = "broken") -> str:
    return (f'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; {body} ; '
            f'sh:message "{message}" ] .')


# (component, shape, data that conforms, data that breaks it); every node typed ex:T is a focus node
COMPONENTS = [
    (SH.minCount, _property("sh:minCount 2"), 'ex:a a ex:T ; ex:p 1, 2 .', 'ex:a a ex:T ; ex:p 1 .'),
    (SH.maxCount, _property("sh:maxCount 1"), 'ex:a a ex:T ; ex:p 1 .', 'ex:a a ex:T ; ex:p 1, 2 .'),
    (SH.datatype, _property("sh:datatype xsd:integer"), 'ex:a a ex:T ; ex:p 7 .',
     'ex:a a ex:T ; ex:p "7", "x"^^xsd:integer, 1.5 .'),
    (SH.datatype, _property("sh:datatype xsd:string"), 'ex:a a ex:T ; ex:p "a", "b"^^xsd:string .',
     'ex:a a ex:T ; ex:p "a"@en, ex:b .'),
    (SH.nodeKind, _property("sh:nodeKind sh:IRI"), 'ex:a a ex:T ; ex:p ex:b .', 'ex:a a ex:T ; ex:p [ ], "x" .'),
    (SH["class"], _property("sh:class ex:C"), 'ex:a a ex:T ; ex:p ex:b . ex:b a ex:C .',
     'ex:a a ex:T ; ex:p ex:b, "lit" . ex:b a ex:D .'),
    (SH["class"], _property("sh:class skos:Concept"), 'ex:a a ex:T ; ex:p pskc:outcome\\/recovery .',
     'ex:a a ex:T ; ex:p psk:Positive .'),
    (SH["in"], _property("sh:in ( ex:x ex:y )"), 'ex:a a ex:T ; ex:p ex:x, ex:y .', 'ex:a a ex:T ; ex:p ex:z .'),
    (SH.hasValue, _property("sh:hasValue ex:x"), 'ex:a a ex:T ; ex:p ex:x, ex:y .', 'ex:a a ex:T ; ex:p ex:y .'),
    (SH.hasValue, 'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:hasValue ex:a ; sh:message "broken" .',
     'ex:a a ex:T .', 'ex:b a ex:T .'),
    (SH.pattern, _property('sh:pattern "^10\\\\.[0-9]{4}/[^\\\\sA-Z]+$"'), 'ex:a a ex:T ; ex:p "10.1000/abc" .',
     'ex:a a ex:T ; ex:p "10.1000/ABC", "10.1000/a b", "x10.1000/abc", [ ] .'),
    (SH.pattern, _property('sh:pattern "abc$"'), 'ex:a a ex:T ; ex:p "abc", "abc\\n" .',
     'ex:a a ex:T ; ex:p "xabc", "abc\\n\\n" .'),
    (SH.pattern, _property('sh:pattern "^ab" ; sh:flags "i"'), 'ex:a a ex:T ; ex:p "ABc" .',
     'ex:a a ex:T ; ex:p "cab" .'),
    (SH.minLength, _property("sh:minLength 3"), 'ex:a a ex:T ; ex:p "abc", ex:abc .', 'ex:a a ex:T ; ex:p "ab" .'),
    (SH.maxLength, _property("sh:maxLength 2"), 'ex:a a ex:T ; ex:p "ab" .', 'ex:a a ex:T ; ex:p "abc", [ ] .'),
    (SH.minInclusive, _property("sh:minInclusive 0"), 'ex:a a ex:T ; ex:p 0, 0.5 .',
     'ex:a a ex:T ; ex:p -1, "5", ex:b, "2017"^^xsd:gYear .'),
    (SH.minExclusive, _property("sh:minExclusive 0"), 'ex:a a ex:T ; ex:p 1 .', 'ex:a a ex:T ; ex:p 0 .'),
    (SH.maxInclusive, _property("sh:maxInclusive 1"), 'ex:a a ex:T ; ex:p 1.0, 1 .', 'ex:a a ex:T ; ex:p 1.5 .'),
    (SH.maxExclusive, _property("sh:maxExclusive 1"), 'ex:a a ex:T ; ex:p 0.5 .', 'ex:a a ex:T ; ex:p 1 .'),
    (SH.node, _property("sh:node ex:N") + ' ex:N a sh:NodeShape ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .',
     'ex:a a ex:T ; ex:p ex:b . ex:b ex:q 1 .', 'ex:a a ex:T ; ex:p ex:b, ex:c . ex:b ex:q 1 .'),
    (SH.property, 'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:property '
     '[ sh:path ex:q ; sh:minCount 1 ; sh:message "broken" ] ] .',
     'ex:a a ex:T ; ex:p ex:b . ex:b ex:q 1 .', 'ex:a a ex:T ; ex:p ex:b . ex:b ex:r 1 .'),
    (SH["or"], _property("sh:or ( [ sh:datatype xsd:integer ] [ sh:class ex:C ] )"),
     'ex:a a ex:T ; ex:p 1, ex:b . ex:b a ex:C .', 'ex:a a ex:T ; ex:p "1", ex:c .'),
    (SH["and"], _property("sh:and ( [ sh:datatype xsd:integer ] [ sh:minInclusive 5 ] )"),
     'ex:a a ex:T ; ex:p 5 .', 'ex:a a ex:T ; ex:p 4, "6" .'),
    (SH["not"], _property("sh:not [ sh:class ex:C ]"), 'ex:a a ex:T ; ex:p ex:b .',
     'ex:a a ex:T ; ex:p ex:c . ex:c a ex:C .'),
    (SH.xone, _property("sh:xone ( [ sh:datatype xsd:integer ] [ sh:minInclusive 5 ] )"),
     'ex:a a ex:T ; ex:p 1, 5.5 .', 'ex:a a ex:T ; ex:p 6, "x" .'),
    (SH.qualifiedValueShape, 'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; '
     'sh:qualifiedValueShape [ sh:class ex:C ] ; sh:qualifiedMinCount 1 ; sh:qualifiedMaxCount 1 ; '
     'sh:message "broken" ] .',
     'ex:a a ex:T ; ex:p ex:b, ex:c . ex:b a ex:C .',
     'ex:a a ex:T ; ex:p ex:b, ex:c . ex:b a ex:C . ex:c a ex:C . ex:d a ex:T ; ex:p ex:e .'),
    (SH.targetSubjectsOf, 'ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:q ; '
     'sh:minCount 1 ; sh:severity sh:Warning ; sh:message "broken" ] .', 'ex:a ex:p 1 ; ex:q 1 .', 'ex:a ex:p 1 .'),
    (SH.targetObjectsOf, 'ex:S a sh:NodeShape ; sh:targetObjectsOf ex:p ; sh:class ex:C ; sh:message "broken" .',
     'ex:a ex:p ex:b . ex:b a ex:C .', 'ex:a ex:p ex:b . ex:b ex:q 1 .'),
    # focus nodes typed, or stating the predicate, in the vocabulary only: a document answers for those it
    # states triples about
    (SH.targetClass, 'ex:S a sh:NodeShape ; sh:targetClass skos:Concept ; sh:property [ sh:path ex:q ; '
     'sh:maxCount 0 ; sh:message "broken" ] .', 'ex:a ex:q 1 .', 'pskc:outcome\\/recovery ex:q 1 .'),
    (SH.targetSubjectsOf, 'ex:S a sh:NodeShape ; sh:targetSubjectsOf skos:inScheme ; sh:property [ sh:path ex:q ; '
     'sh:maxCount 0 ; sh:message "broken" ] .', 'ex:a ex:q 1 .', 'pskc:outcome\\/recovery ex:q 1 .'),
    (SH.targetObjectsOf, 'ex:S a sh:NodeShape ; sh:targetObjectsOf skos:inScheme ; sh:property [ sh:path ex:q ; '
     'sh:maxCount 0 ; sh:message "broken" ] .', 'ex:a ex:q 1 .', 'pskc:outcome ex:q 1 .'),
    (SH.targetNode, 'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:class ex:C ; sh:message "broken" .',
     'ex:a a ex:C .', 'ex:a a ex:D .'),
    (SH.deactivated, _property("sh:minCount 1") + ' ex:S2 a sh:NodeShape ; sh:targetClass ex:T ; sh:deactivated true ; '
     'sh:class ex:Never ; sh:message "never" .', 'ex:a a ex:T ; ex:p 1 .', 'ex:a a ex:T .'),
]
MESSAGES_OF_PYSHACL = [  # shapes without sh:message: pyshacl's own wording
    _property("sh:maxCount 1").replace(' ; sh:message "broken"', ""),
    _property("sh:datatype xsd:integer").replace(' ; sh:message "broken"', ""),
    _property("sh:in ( ex:x )").replace(' ; sh:message "broken"', ""),
]


def _both(shapes: str, data: str) -> tuple[ValidationReport, ValidationReport]:
    shape_graph = Graph().parse(data=SHAPE_PREFIXES + shapes, format="turtle")
    graph = Graph().parse(data=SHAPE_PREFIXES + data, format="turtle")
    return (validate_graph(graph, engine="sparql", shapes=shape_graph),
            validate_graph(graph, engine="pyshacl", shapes=shape_graph))


@pytest.mark.parametrize(("component", "shapes", "good", "bad"), COMPONENTS,
                         ids=[f"{c.fragment}-{n}" for n, (c, *_) in enumerate(COMPONENTS)])
def test_constraint_component_is_compiled(component: URIRef, shapes: str, good: str, bad: str) -> None:
    ours, theirs = _both(shapes, good)
    assert _rows(ours) == _rows(theirs) == []
    ours, theirs = _both(shapes, bad)
    assert any(i.message == "broken" for i in ours.issues), _rows(theirs)
    assert _rows(ours) == _rows(theirs)


@pytest.mark.parametrize(("component", "shapes", "good", "bad"), COMPONENTS,
                         ids=[f"{c.fragment}-{n}" for n, (c, *_) in enumerate(COMPONENTS)])
def test_constraint_component_per_document(component: URIRef, shapes: str, good: str, bad: str) -> None:
    """The per-document scope (named graphs beside the vocabulary) finds the same as pyshacl."""
    shape_graph = Graph().parse(data=SHAPE_PREFIXES + shapes, format="turtle")
    documents = []
    for number, data in enumerate((good, bad)):
        triples = tuple(Graph().parse(data=SHAPE_PREFIXES + data, format="turtle"))
        documents.append(ShippedDocument(DocumentReport(f"doc{number}"), URIRef(f"https://example.org/g{number}"),
                                         triples))
    ours = document_reports(documents, {}, "sparql", shape_graph)
    theirs = document_reports(documents, {}, "pyshacl", shape_graph)
    assert [_rows(r) for r in ours] == [_rows(r) for r in theirs]
    assert ours[0].issues == () and any(i.message == "broken" for i in ours[1].issues)


@pytest.mark.parametrize("shapes", MESSAGES_OF_PYSHACL)
def test_results_without_a_message_read_as_pyshacl_writes_them(shapes: str) -> None:
    ours, theirs = _both(shapes, 'ex:a a ex:T ; ex:p 1, "2" . ex:b a ex:T ; ex:p [ ex:q 1 ], ex:z .')
    assert ours.issues and _rows(ours) == _rows(theirs)


def test_every_component_the_shapes_use_has_a_case() -> None:
    """A component the project's shapes start to use needs a mutation case above."""
    covered = {c for c, *_ in COMPONENTS} | {SH.qualifiedMinCount, SH.qualifiedMaxCount}
    used = set()
    todo = list(compiled_shapes(shapes_graph()))
    while todo:
        shape = todo.pop()
        used.update(c.parameter for c in shape.constraints)
        used.update(p for p, on in ((SH.targetSubjectsOf, shape.target_subjects_of),
                                    (SH.targetObjectsOf, shape.target_objects_of)) if on)
        todo.extend(shape.nested())
    assert used <= covered, used - covered


@pytest.mark.parametrize("shapes", [
    'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:closed true .',
    'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:languageIn ( "en" ) ] .',
    'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:equals ex:q ] .',
    'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ] .',
    'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:node ex:S ; sh:message "m" .',
    'ex:S a sh:NodeShape ; sh:targetClass ex:T ; sh:property [ sh:path ex:p ; sh:node [ sh:property [ '
    'sh:path ex:q ; sh:minCount 1 ; sh:severity sh:Warning ] ] ; sh:message "m" ] .',
], ids=["closed", "languageIn", "equals", "sequence path", "recursive", "nested warning"])
def test_what_is_not_compiled_is_an_error(shapes: str) -> None:
    graph = Graph().parse(data=SHAPE_PREFIXES + 'ex:a a ex:T ; ex:p 1 .', format="turtle")
    with pytest.raises(ShapeError):
        validate_graph(graph, engine="sparql", shapes=Graph().parse(data=SHAPE_PREFIXES + shapes, format="turtle"))
