"""Peer-support knowledge graph: documents in, a validated RDF graph and a SPARQL endpoint out."""

__version__ = "0.1.0"
