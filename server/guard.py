"""Which remote endpoints a request's SPARQL would call, decided from a real parse, never from a scan.

A public endpoint must not fetch arbitrary URLs for anonymous clients (``SERVICE``
in a query, ``SERVICE`` and ``LOAD`` in an update). The text is parsed with
rdflib's SPARQL 1.1 grammar and translated to its algebra; the ``SERVICE``
targets are read from there, after prefixes, ``BASE`` and ``\\u`` escapes are
resolved the way the grammar says. This is the first wall. The second is that the
processes that run queries cannot open network connections at all
(:mod:`server.query.seal`), except the one kind of worker that runs queries whose
every ``SERVICE`` target is on the operator's allow-list.

When rdflib cannot parse a query that may hold a ``SERVICE`` (its grammar and
Oxigraph's may disagree on some corner), the query is not refused for that: it
runs only in a sealed worker, where a ``SERVICE`` cannot reach anything. A
disagreement therefore fails closed. Nothing is ever executed in order to check it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import URIRef, Variable

from kg.errors import KGError
from server.query.execute import SERVICE_NOT_ALLOWED as NOT_ALLOWED

__all__ = [
    "NOT_ALLOWED",
    "Plan",
    "RemoteCallError",
    "check_query",
    "check_update",
    "is_update",
    "may_call_out",
    "nodes",
]

LOAD_NOT_ALLOWED = "LOAD and SERVICE are not allowed in updates: an update changes this store's own data only"
# rdflib raises many kinds of error on text it cannot read (ParseException, ValueError, and
# RecursionError on deep nesting, among others); each means the same here: not readable
PARSE_FAILURES = (ParseException, Exception)
# rdflib's parser is pure Python (about 1 s per 25 kB, holding the interpreter): longer queries
# are not read here; they run sealed, so a SERVICE in them calls nothing
MAX_CHECKED = 16_000


class RemoteCallError(KGError, ValueError):
    """The text calls a remote endpoint, and that is not allowed here."""


@dataclass(frozen=True)
class Plan:
    """Where a query may run: a sealed worker (no network), or one that may call allowed endpoints."""

    remote: tuple[str, ...] = ()  # the allow-listed endpoints it calls; empty: runs sealed
    checked: bool = True  # False: it may hold a SERVICE that could not be read (too long, or unreadable)

    @property
    def sealed(self) -> bool:
        """Whether the query runs where no connection can be opened."""
        return not self.remote


def may_call_out(text: str) -> bool:
    """Whether a query could hold the keyword SERVICE at all (after ``\\u`` escapes, in any case)."""
    expanded = expandUnicodeEscapes(text)
    folded = (expanded.lower(), expanded.upper().lower())  # 'ſ' upper-cases to 'S'
    return any("service" in form for form in folded)


def nodes(root: object) -> Iterator[CompValue]:
    """Every CompValue under a parse tree or algebra, without recursion (a deep query cannot crash this)."""
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, ParseResults):  # a sequence with names (pyparsing also calls it a Mapping)
            stack.extend(node)
            stack.extend(node.values())  # type: ignore[no-untyped-call]  # pyparsing leaves ParseResults.values unannotated
        elif isinstance(node, Mapping):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)


def _services(tree: object) -> list[CompValue]:
    return [node for node in nodes(tree) if node.name == "ServiceGraphPattern"]


def _judge(targets: list[object], allowlist: tuple[str, ...]) -> tuple[str, ...]:
    allowed = []
    for target in targets:
        if isinstance(target, Variable) or not isinstance(target, URIRef) or str(target) not in allowlist:
            raise RemoteCallError(NOT_ALLOWED)
        allowed.append(str(target))
    return tuple(sorted(set(allowed)))


def check_query(text: str, allowlist: tuple[str, ...], prefixes: Mapping[str, str]) -> Plan:
    """Where a query may run; RemoteCallError when it calls an endpoint that is not allowed.

    ``prefixes`` are the ones the endpoint predeclares. A ``SERVICE ?variable`` is refused
    whatever the allow-list says: what it calls is only known while it runs. A query rdflib
    cannot read, or one too long to read here, runs sealed.
    """
    if not may_call_out(text):
        return Plan()
    if len(text) > MAX_CHECKED:
        return Plan(checked=False)
    try:
        parsed = parseQuery(text)
        written = len(_services(parsed))  # counted before the translation, which rewrites the tree
        algebra = translateQuery(parsed, initNs=dict(prefixes)).algebra
    except PARSE_FAILURES:
        return Plan(checked=False)  # not readable here: it runs sealed, where a SERVICE cannot reach anything
    services = _services(algebra)
    if len(services) != written:  # the translation lost or added one: do not guess
        raise RemoteCallError(NOT_ALLOWED)
    return Plan(_judge([node.get("term") for node in services], allowlist))


def check_update(text: str, prefixes: Mapping[str, str]) -> None:
    """Raise SyntaxError when rdflib cannot parse the update, RemoteCallError when it calls out.

    Only parses: the update is never run to check it.
    """
    try:
        parsed = parseUpdate(text)
        translated = translateUpdate(parsed, initNs=dict(prefixes))
    except PARSE_FAILURES as error:
        raise SyntaxError(str(error).strip() or type(error).__name__) from None
    for node in (*nodes(parsed), *nodes(translated.algebra)):
        if node.name in ("ServiceGraphPattern", "Load"):
            raise RemoteCallError(LOAD_NOT_ALLOWED)


def is_update(text: str) -> bool:
    """Whether text that failed as a query is a SPARQL Update (so the client is told where to send it)."""
    if len(text) > MAX_CHECKED:
        return False  # not worth a long parse: the client gets the syntax error instead
    try:
        parseUpdate(text)
    except PARSE_FAILURES:
        return False
    return True
