"""The pages' way to the graph: SPARQL through the app's query runner (time-limited, cached per build).

Pages never open the store themselves: each query goes to a killable worker like any
query sent to /sparql, so a page can never hang the server. Terms come back as
:class:`Node` values; IRIs and strings put into a query go through :func:`iri_term`
and :func:`string_term`, which refuse or escape anything that could change the query.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import KGError
from kg.namespaces import PREFIXES
from server.formats import negotiate
from server.protocol import ProtocolError, runner
from server.query.execute import Answer, QueryJob

__all__ = ["Node", "Row", "ask", "graph_answer", "iri_term", "select", "string_term"]

PROLOGUE = "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in PREFIXES.items())
RESULTS_JSON = negotiate("application/sparql-results+json").chosen


@dataclass(frozen=True)
class Node:
    """One RDF term of a result row."""

    kind: str  # "uri", "literal" or "bnode"
    value: str
    datatype: str = ""
    language: str = ""

    @property
    def is_iri(self) -> bool:
        """Whether the term is an IRI."""
        return self.kind == "uri"

    @property
    def is_literal(self) -> bool:
        """Whether the term is a literal."""
        return self.kind == "literal"

    def as_int(self, default: int = 0) -> int:
        """The literal's value as an integer (default when it is not one)."""
        try:
            return int(self.value)
        except ValueError:
            return default


Row = dict[str, Node]


def iri_term(iri: str) -> str:
    """An IRI written for a query (`<...>`); ProtocolError 404 when it is not a valid IRI."""
    try:
        return str(ox.NamedNode(iri))
    except ValueError as error:
        raise ProtocolError(404, f"not an IRI this server knows: {error}") from error


def string_term(text: str) -> str:
    """A string literal written for a query, escaped."""
    return str(ox.Literal(text))


def _answer(query: str, chosen: tuple[tuple[str, str | None], ...]) -> Answer:
    settings = runner().settings
    job = QueryJob(query=PROLOGUE + query, chosen=chosen, max_rows=settings.max_rows)
    try:
        answer = runner().answer(job)
    except KGError as error:  # timed out, busy, or the worker failed
        raise ProtocolError(503, f"this page's data could not be read in time: {error}") from error
    if answer.status != 200:
        raise ProtocolError(answer.status, answer.body.decode("utf-8", "replace"))
    return answer


def _node(term: dict[str, str]) -> Node:
    kind = "literal" if term["type"] == "typed-literal" else term["type"]
    return Node(kind, term["value"], term.get("datatype", ""), term.get("xml:lang", ""))


def select(query: str) -> list[Row]:
    """The rows of a SELECT query (the project's prefixes are declared)."""
    data = json.loads(_answer(query, RESULTS_JSON).body)
    return [{name: _node(term) for name, term in binding.items()} for binding in data["results"]["bindings"]]


def ask(query: str) -> bool:
    """The answer to an ASK query."""
    return bool(json.loads(_answer(query, RESULTS_JSON).body)["boolean"])


def graph_answer(query: str, media_type: str) -> Answer:
    """A CONSTRUCT query's answer in the given RDF media type (cut at the row cap, flagged)."""
    return _answer(query, negotiate(media_type).chosen)
