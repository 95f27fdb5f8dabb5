"""A build's batch of documents, each validated alone, in one Oxigraph store per batch.

A batch holds documents only to share the cost of a store and of each query: every compiled
query is scoped to one document's named graph beside the vocabulary (``GRAPH ?g``), and each
document's graph holds its own triples and the build's own triples about its nodes, nothing of
the other documents. A document's results are therefore the same in any batch, alone or among
thousands, which is what the verdict cache's key (those triples) assumes. Workers run
``checked`` on N-Quads: no rdflib objects cross on the way in.
"""

from __future__ import annotations

from kg.shacl.engine import Batch, Checked, DocumentValidator

_VALIDATOR: dict[int, DocumentValidator] = {}


def project_validator() -> DocumentValidator:
    """The project's shapes compiled, beside its vocabulary, once per process."""
    from kg.vocabulary import ontology_graph, shapes_graph

    validator = _VALIDATOR.get(0)
    if validator is None:
        validator = _VALIDATOR[0] = DocumentValidator(shapes_graph(), ontology_graph())
    return validator


def checked(batch: Batch) -> Checked:
    """What a worker runs: each document of a batch validated alone with the project's shapes."""
    return project_validator().run(batch)
