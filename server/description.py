"""The SPARQL 1.1 Service Description of the endpoint and the VoID description of the dataset."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

import pyoxigraph as ox

from kg.dumps import DUMPS
from kg.namespaces import (
    BIBO,
    CITO,
    DCTERMS,
    FABIO,
    FOAF,
    FORMATS,
    PROV,
    PSK,
    RDF,
    RDFS,
    SCHEMA,
    SD,
    SH,
    SKOS,
    VOID,
    XSD,
    IriMinter,
)
from kg.query import PREDECLARED

__all__ = ["DatasetStatistics", "service_description", "void_description"]

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def _iri(value: object) -> ox.NamedNode:
    return ox.NamedNode(str(value))


def _count(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_iri(XSD.integer))


RESULT_FORMATS = tuple(
    FORMATS[name]
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
        "TriG",
        "N-Quads",
    )
)
DATA_LICENSE = "https://creativecommons.org/licenses/by/4.0/"  # as the ontology's own dcterms:license
VOCABULARIES = (PSK, FABIO, CITO, BIBO, DCTERMS, FOAF, SCHEMA, SKOS, PROV)


@dataclass(frozen=True)
class DatasetStatistics:
    """Counts of one build, computed by a query worker."""

    triples: int
    subjects: int
    objects: int
    properties: int
    entities: int
    classes: int
    graphs: tuple[tuple[str, int], ...]
    class_partitions: tuple[tuple[str, int], ...]
    property_partitions: tuple[tuple[str, int], ...]

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DatasetStatistics:
        """From the worker's JSON answer."""

        def pairs(key: str) -> tuple[tuple[str, int], ...]:
            return tuple((str(a), int(b)) for a, b in data[key])

        return cls(
            triples=int(data["triples"]),
            subjects=int(data["subjects"]),
            objects=int(data["objects"]),
            properties=int(data["properties"]),
            entities=int(data["entities"]),
            classes=int(data["classes"]),
            graphs=pairs("graphs"),
            class_partitions=pairs("class_partitions"),
            property_partitions=pairs("property_partitions"),
        )


class _Graph:
    def __init__(self) -> None:
        self._by_subject: dict[ox.NamedNode | ox.BlankNode, list[ox.Triple]] = {}

    def add(self, subject: ox.NamedNode | ox.BlankNode, predicate: object, obj: Term | object) -> None:
        term = obj if isinstance(obj, (ox.NamedNode, ox.BlankNode, ox.Literal)) else _iri(obj)
        self._by_subject.setdefault(subject, []).append(ox.Triple(subject, _iri(predicate), term))

    @property
    def triples(self) -> list[ox.Triple]:
        # grouped by subject, in the order subjects first appear, so Turtle writes each once
        return [triple for group in self._by_subject.values() for triple in group]


def _void(
    graph: _Graph, dataset: ox.NamedNode, endpoint: str, base_iri: str, stats: DatasetStatistics | None
) -> None:
    graph.add(dataset, RDF.type, VOID.Dataset)
    graph.add(dataset, DCTERMS.title, ox.Literal("Peer-support knowledge graph", language="en"))
    graph.add(
        dataset,
        DCTERMS.description,
        ox.Literal(
            "Studies, people, venues, roles, outcomes, findings and citations of the research literature "
            "on peer support in mental health; one named graph per source document.",
            language="en",
        ),
    )
    graph.add(dataset, VOID.sparqlEndpoint, _iri(endpoint))
    graph.add(dataset, VOID.uriSpace, ox.Literal(base_iri))
    graph.add(dataset, DCTERMS.license, _iri(DATA_LICENSE))
    for dump in DUMPS:  # served at /dumps/ beside /sparql
        graph.add(dataset, VOID.dataDump, _iri(urljoin(endpoint, f"dumps/{dump.name}")))
    for vocabulary in VOCABULARIES:
        graph.add(dataset, VOID.vocabulary, _iri(vocabulary))
    if stats is None:
        return
    for name in ("triples", "entities", "classes", "properties"):
        graph.add(dataset, VOID[name], _count(getattr(stats, name)))
    graph.add(dataset, VOID.distinctSubjects, _count(stats.subjects))
    graph.add(dataset, VOID.distinctObjects, _count(stats.objects))
    graph.add(dataset, VOID.documents, _count(len(stats.graphs)))
    for index, (cls, entities) in enumerate(stats.class_partitions):
        node = ox.BlankNode(f"class{index}")
        graph.add(dataset, VOID.classPartition, node)
        graph.add(node, VOID["class"], _iri(cls))
        graph.add(node, VOID.entities, _count(entities))
    for index, (prop, triples) in enumerate(stats.property_partitions):
        node = ox.BlankNode(f"property{index}")
        graph.add(dataset, VOID.propertyPartition, node)
        graph.add(node, VOID.property, _iri(prop))
        graph.add(node, VOID.triples, _count(triples))


def void_description(endpoint: str, base_iri: str, stats: DatasetStatistics | None) -> list[ox.Triple]:
    """The VoID description of the dataset behind the endpoint."""
    graph = _Graph()
    _void(graph, _iri(IriMinter(base_iri).dataset()), endpoint, base_iri, stats)
    return graph.triples


def service_description(
    endpoint: str,
    void_url: str,
    base_iri: str,
    stats: DatasetStatistics | None,
    *,
    federated: bool,
    update_endpoint: str | None,
) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of the endpoint, with its default dataset."""
    graph = _Graph()
    service = _iri(endpoint)
    dataset = _iri(IriMinter(base_iri).dataset())
    graph.add(service, RDF.type, SD.Service)
    graph.add(service, SD.endpoint, service)
    graph.add(service, SD.supportedLanguage, SD.SPARQL11Query)
    for result_format in RESULT_FORMATS:
        graph.add(service, SD.resultFormat, result_format)
    graph.add(service, SD.feature, SD.UnionDefaultGraph)
    # The prefixes a query may use without declaring them (SHACL's vocabulary for prefix declarations).
    for prefix, namespace in sorted(PREDECLARED.items()):
        declaration = ox.BlankNode(f"prefix_{prefix}")
        graph.add(service, SH.declare, declaration)
        graph.add(declaration, SH.prefix, ox.Literal(prefix))
        graph.add(declaration, SH.namespace, ox.Literal(namespace, datatype=_iri(XSD.anyURI)))
    if federated:
        graph.add(service, SD.feature, SD.BasicFederatedQuery)
    graph.add(service, SD.defaultDataset, dataset)
    graph.add(dataset, RDF.type, SD.Dataset)
    graph.add(dataset, RDFS.seeAlso, _iri(void_url))
    default_graph = ox.BlankNode("defaultGraph")
    graph.add(dataset, SD.defaultGraph, default_graph)
    graph.add(default_graph, RDF.type, SD.Graph)
    if stats is not None:
        graph.add(default_graph, VOID.triples, _count(stats.triples))
    for index, (name, triples) in enumerate(stats.graphs if stats else ()):
        named, described = ox.BlankNode(f"named{index}"), ox.BlankNode(f"graph{index}")
        graph.add(dataset, SD.namedGraph, named)
        graph.add(named, RDF.type, SD.NamedGraph)
        graph.add(named, SD.name, _iri(name))
        graph.add(named, SD.graph, described)
        graph.add(described, RDF.type, SD.Graph)
        graph.add(described, VOID.triples, _count(triples))
    _void(graph, dataset, endpoint, base_iri, stats)
    if update_endpoint is not None:
        updates = _iri(update_endpoint)
        graph.add(updates, RDF.type, SD.Service)
        graph.add(updates, SD.endpoint, updates)
        graph.add(updates, SD.supportedLanguage, SD.SPARQL11Update)
        graph.add(updates, SD.defaultDataset, dataset)
    return graph.triples
