"""SPARQL over the store for the command line: the predeclared prefixes, and syntax errors a reader can act on."""

from __future__ import annotations

import re

import pyoxigraph as ox

from kg.errors import KGError
from kg.namespaces import PREFIXES

__all__ = ["PREDECLARED", "QuerySyntaxError", "readable_syntax_error", "run_query", "undeclared_prefixes"]

# The prefixes a query may use without declaring them (`kg query` and the endpoint's /sparql).
PREDECLARED: dict[str, str] = {name: str(namespace) for name, namespace in PREFIXES.items()}
# pyoxigraph: "error at 1:28: expected one of Prefix not found, ['%'], ..."
ERROR_AT = re.compile(r"^error at (?P<line>\d+):(?P<column>\d+): (?P<detail>.*)", re.DOTALL)
# What cannot hold a prefixed name: IRIs `<...>`, strings, comments `# ...` to the end of the line.
NOT_NAMES = re.compile(r"""<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\#[^\n]*""")
# A prefixed name's prefix: `foo` of `foo:bar`, '' of `:bar`; not `_:b1` (a blank node) nor `?x` (a variable).
PREFIX_USE = re.compile(r"(?<![\w?$:.-])(?P<prefix>[A-Za-z][\w.-]*)?:(?=[\w%\\]|\s|$)")
# `PREFIX ex: <http://example.org/>` (the query's own declarations)
DECLARED = re.compile(r"\bPREFIX\s+(?P<prefix>[A-Za-z][\w.-]*)?:", re.IGNORECASE)


class QuerySyntaxError(KGError, ValueError):
    """A query that does not parse, with a message that says what to fix."""


def undeclared_prefixes(query: str, predeclared: dict[str, str] = PREDECLARED) -> list[str]:
    """Prefixes the query uses but neither declares nor finds predeclared, in order of first use."""
    text = NOT_NAMES.sub(" ", query)
    declared = {m["prefix"] or "" for m in DECLARED.finditer(text)} | set(predeclared)
    used = (m["prefix"] or "" for m in PREFIX_USE.finditer(text))
    return list(dict.fromkeys(p for p in used if p not in declared))


def readable_syntax_error(query: str, message: str, predeclared: dict[str, str] = PREDECLARED) -> str:
    """The parser's message made readable: an unknown prefix is named, with the ones that are predeclared."""
    unknown = undeclared_prefixes(query, predeclared)
    if unknown:
        known = ", ".join(f"{p}:" for p in sorted(predeclared))
        names = ", ".join(f"'{p}:'" for p in unknown)
        return (f"unknown prefix {names}; declare it (PREFIX {unknown[0]}: <...>) "
                f"or use a predeclared one: {known}")
    match = ERROR_AT.match(message)
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
