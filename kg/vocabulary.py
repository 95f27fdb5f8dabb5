"""The project's own RDF: the ontology and concept schemes (ontology/) and the SHACL shapes (shapes/)."""

from __future__ import annotations

from functools import cache

from rdflib import Graph, URIRef

from kg.resources import resource_files

# The named graph that holds the ontology and the concept schemes in the store.
ONTOLOGY_GRAPH = URIRef("https://w3id.org/peer-support-kg/ontology")
SHAPES_GRAPH = URIRef("https://w3id.org/peer-support-kg/shapes")


def _load(folder: str, name: URIRef) -> Graph:
    graph = Graph(identifier=name)
    for path in resource_files("kg", folder, "*.ttl"):
        graph.parse(path, format="turtle")
    return graph


@cache
def ontology_graph() -> Graph:
    """The ontology and every concept scheme, parsed once per process (do not modify)."""
    return _load("ontology", ONTOLOGY_GRAPH)


@cache
def shapes_graph() -> Graph:
    """Every SHACL shape, parsed once per process (do not modify)."""
    return _load("shapes", SHAPES_GRAPH)
