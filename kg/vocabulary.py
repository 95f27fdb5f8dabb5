"""The project's own RDF: the ontology and concept schemes (ontology/) and the SHACL shapes (shapes/)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from rdflib import Graph, URIRef

PROJECT_ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_DIR = PROJECT_ROOT / "ontology"
SHAPES_DIR = PROJECT_ROOT / "shapes"
# The named graph that holds the ontology and the concept schemes in the store.
ONTOLOGY_GRAPH = URIRef("https://w3id.org/peer-support-kg/ontology")


def _load(folder: Path) -> Graph:
    graph = Graph()
    for path in sorted(folder.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


@cache
def ontology_graph() -> Graph:
    """The ontology and every concept scheme, parsed once per process (do not modify)."""
    return _load(ONTOLOGY_DIR)


@cache
def shapes_graph() -> Graph:
    """Every SHACL shape, parsed once per process (do not modify)."""
    return _load(SHAPES_DIR)
