"""SHACL shapes run as SPARQL inside Oxigraph: the shapes read from the shapes graph (shapes.py),
compiled to SELECT queries (sparql.py) and run over documents held as named graphs (engine.py)."""
