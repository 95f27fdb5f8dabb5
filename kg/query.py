"""SPARQL over the store for the command line: the predeclared prefixes, and syntax errors a reader can act on.

Nothing here loads rdflib: `kg query` answers with pyoxigraph alone (see :mod:`kg.command`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from kg.current import open_read_only
from kg.errors import KGError

__all__ = [
    "PREDECLARED",
    "RESULT_FORMATS",
    "QueryFileError",
    "QuerySyntaxError",
    "answer_query",
    "format_results",
    "query_text",
    "readable_syntax_error",
    "run_query",
    "undeclared_prefixes",
]

# The prefixes a query may use without declaring them (`kg query` and the endpoint's /sparql): the
# namespaces of kg.namespaces.PREFIXES, written out as strings so that a query needs no rdflib
# (tests/test_cli.py holds the two equal).
PREDECLARED: dict[str, str] = {
    "psk": "https://w3id.org/peer-support-kg/ontology#",
    "pskc": "https://w3id.org/peer-support-kg/concept/",
    "fabio": "http://purl.org/spar/fabio/",
    "cito": "http://purl.org/spar/cito/",
    "bibo": "http://purl.org/ontology/bibo/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "oa": "http://www.w3.org/ns/oa#",
}
# The patterns below read a query only when it failed to parse; they stay text (compiled, and
# cached by re, on first use) because compiling them costs a cheap lookup's time again.
# pyoxigraph: "error at 1:28: expected one of Prefix not found, ['%'], ..."
ERROR_AT = r"(?s)^error at (?P<line>\d+):(?P<column>\d+): (?P<detail>.*)"
# What cannot hold a prefixed name: IRIs `<...>`, strings, comments `# ...` to the end of the line.
NOT_NAMES = r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\#[^\n]*"""
# A prefixed name's prefix: `foo` of `foo:bar`, '' of `:bar`; not `_:b1` (a blank node) nor `?x` (a variable).
PREFIX_USE = r"(?<![\w?$:.-])(?P<prefix>[A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|$)"
# `PREFIX ex: <http://example.org/>` (the query's own declarations)
DECLARED = r"(?i)\bPREFIX\s+(?P<prefix>[A-Za-z][\w.-]*)?:"


class QuerySyntaxError(KGError, ValueError):
    """A query that does not parse, with a message that says what to fix."""


class QueryFileError(KGError):
    """The file an ``@file`` argument names cannot be read."""


def undeclared_prefixes(query: str, predeclared: dict[str, str] = PREDECLARED) -> list[str]:
    """Prefixes the query uses but neither declares nor finds predeclared, in order of first use."""
    text = re.sub(NOT_NAMES, " ", query)
    declared = {m["prefix"] or "" for m in re.finditer(DECLARED, text)} | set(predeclared)
    used = (m["prefix"] or "" for m in re.finditer(PREFIX_USE, text))
    return list(dict.fromkeys(p for p in used if p not in declared))


def readable_syntax_error(query: str, message: str, predeclared: dict[str, str] = PREDECLARED) -> str:
    """The parser's message made readable: an unknown prefix is named, with the ones that are predeclared."""
    unknown = undeclared_prefixes(query, predeclared)
    if unknown:
        known = ", ".join(f"{p}:" for p in sorted(predeclared))
        names = ", ".join(f"'{p}:'" for p in unknown)
        return (f"unknown prefix {names}; declare it (PREFIX {unknown[0]}: <...>) "
                f"or use a predeclared one: {known}")
    match = re.match(ERROR_AT, message)
    if match is None:
        return f"SPARQL syntax error: {message}"
    lines = query.splitlines()
    line_number, column = int(match["line"]), int(match["column"])
    line = lines[line_number - 1] if 0 < line_number <= len(lines) else ""
    first = match["detail"].splitlines()[0]
    detail = first if len(first) <= 120 else first[:117] + "..."
    pointer = f"\n    {line}\n    {' ' * (column - 1)}^" if line else ""
    return f"SPARQL syntax error at line {line_number}, column {column}: {detail}{pointer}"


def run_query(store: ox.Store, query: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    """Run a query over the store's default graph with the predeclared prefixes."""
    try:
        return store.query(query, prefixes=PREDECLARED)
    except SyntaxError as error:
        raise QuerySyntaxError(readable_syntax_error(query, str(error))) from error


RESULT_FORMATS: dict[str, ox.QueryResultsFormat | None] = {
    "table": None,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value  # whole: an IRI can be copied into `kg explain`
    return str(term)


def _table(solutions: ox.QuerySolutions) -> str:
    header = [v.value for v in solutions.variables]
    rows = [[_cell(solution[v]) for v in solutions.variables] for solution in solutions]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    lines = [line(header), "-+-".join("-" * w for w in widths), *map(line, rows), f"({len(rows)} rows)"]
    return "\n".join(lines) + "\n"


def format_results(result: ox.QuerySolutions | ox.QueryBoolean, fmt: str) -> bytes:
    """SELECT or ASK results as a table (whole terms, never cut), or as SPARQL 1.1 CSV, TSV or JSON."""
    results_format = RESULT_FORMATS[fmt]
    if results_format is None and isinstance(result, ox.QuerySolutions):
        return _table(result).encode()
    if results_format is None:
        return b"true\n" if bool(result) else b"false\n"
    data = result.serialize(format=results_format) or b""
    return data if data.endswith(b"\n") else data + b"\n"


def query_text(argument: str) -> str:
    """The query a command-line argument gives: the text itself, or the contents of the file ``@file`` names."""
    if not argument.startswith("@"):
        return argument
    try:
        return Path(argument[1:]).read_text(encoding="utf-8")
    except OSError as error:
        raise QueryFileError(f"cannot read query file {argument[1:]}: {error.strerror}") from error


def answer_query(store: Path, query: str, fmt: str) -> bytes:
    """What `kg query` prints: SELECT/ASK results in ``fmt``, graphs as Turtle.

    Raises StoreError (no build), QuerySyntaxError, and OSError for a failure while the query runs.
    """
    result = run_query(open_read_only(store), query)
    if isinstance(result, ox.QueryTriples):
        return ox.serialize(result, format=ox.RdfFormat.TURTLE, prefixes=PREDECLARED) or b""
    return format_results(result, fmt)
