"""Run one query job against a pyoxigraph store and serialise the answer, within the row cap.

This is what a query worker process does for each job; it is plain functions so
it can also be tested in-process. Results are serialised by pyoxigraph itself,
once, in the format the client chose, through a writer that counts a mark each
row leaves in that format; the mark can also stand inside a literal, so the
count bounds the rows from above. When that bound passes the row cap, the query
runs again and goes out as TSV (one line per row, exact) through a writer that
stops it as soon as the cap is passed, and is then converted to the chosen
format. Graphs always take that road, through N-Triples.
"""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol, cast

import pyoxigraph as ox

from kg.errors import StoreError
from kg.namespaces import PREFIXES
from kg.store import LiveStore, RefusedBuildError, apply_update
from server.formats import FORMATS, TSV, Format

__all__ = ["JOBS", "Answer", "QueryJob", "UpdateJob", "execute", "statistics", "update"]

PREFIX_MAP = {name: str(namespace) for name, namespace in PREFIXES.items()}
SERVICE_NOT_ALLOWED = (
    "SERVICE is not allowed here: this endpoint calls only the remote endpoints its operator "
    "allow-lists (KG_SERVICE_ALLOWLIST)"
)
MAX_MESSAGE = 2000  # characters of an error message at most
EXCERPT = 60  # characters of the query shown either side of a syntax error
REPORTED_VIOLATIONS = 100  # violations listed in a refused update's report at most
LOCK_RETRY = 0.2  # seconds between attempts while a build holds the store's lock


class Live(Protocol):
    """The current build, as :func:`execute` reads it (a :class:`kg.store.LiveStore` is one)."""

    def get(self) -> ox.Store: ...

    @property
    def opened(self) -> str: ...


@dataclass(frozen=True)
class QueryJob:
    """One query to run, with everything the worker needs to answer it."""

    query: str
    chosen: tuple[tuple[str, str | None], ...]  # form -> media type (None: not acceptable)
    max_rows: int
    default_graphs: tuple[str, ...] | None = None  # from default-graph-uri; else the store's default graph
    named_graphs: tuple[str, ...] | None = None  # from named-graph-uri
    kind: str = "query"  # or "statistics"


@dataclass(frozen=True)
class UpdateJob:
    """One SPARQL Update to apply as a new build of the store, refused if it adds SHACL violations."""

    text: str
    spill_graph: str  # where triples inserted without GRAPH are kept
    wait: float  # seconds to wait for a build that holds the store's lock
    validate: bool = True


@dataclass(frozen=True)
class Answer:
    """What to send back: status, media type and body, plus whether rows were cut."""

    status: int
    media_type: str
    body: bytes
    truncated: bool = False
    build: str = ""  # the build that answered (the cache key's first part)
    form: str = ""  # solutions, boolean or graph: set when no acceptable format was found (406)
    retry_after: int = 0  # seconds, sent as Retry-After when not 0

    @classmethod
    def error(cls, status: int, message: str, build: str = "") -> Answer:
        """A plain-text error answer (cut short: a long request is never echoed back whole)."""
        return cls(status, "text/plain; charset=utf-8", (shorten(message) + "\n").encode("utf-8"), build=build)


def shorten(message: str) -> str:
    """A message of at most MAX_MESSAGE characters."""
    message = message.rstrip()
    return message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


class _CapReached(Exception):
    """Raised inside pyoxigraph's serialiser to stop the query once the cap is passed."""


# A mark every solution leaves in a format, and how many rows there are beyond the marks (JSON:
# a comma between rows, none before the first; CSV: a header line). A literal may hold the mark
# too (XML escapes '<', so there the count is exact), never is a row without one: the count plus
# the offset bounds the rows from above.
ROW_MARKS: dict[ox.QueryResultsFormat, tuple[bytes, int]] = {
    ox.QueryResultsFormat.JSON: (b"},{", 1),
    ox.QueryResultsFormat.XML: (b"<result>", 0),
    ox.QueryResultsFormat.CSV: (b"\n", -1),
}


class _RowMarkCounter(io.RawIOBase):
    """Collects bytes and stops the writer once more than ``limit`` row marks went by."""

    def __init__(self, mark: bytes, limit: int) -> None:
        super().__init__()
        self.parts: list[bytes] = []
        self.mark = mark
        self.limit = limit
        self.marks = 0
        self._tail = b""  # the end of what came before: a mark may be cut between two writes

    def writable(self) -> bool:
        return True

    def write(self, chunk: bytes) -> int:  # type: ignore[override]
        data = bytes(chunk)
        self.parts.append(data)
        window = self._tail + data
        self.marks += window.count(self.mark)  # the tail is shorter than a mark: none is counted twice
        self._tail = window[len(window) - len(self.mark) + 1 :]
        if self.marks > self.limit:
            raise _CapReached
        return len(data)


class _LineCountingWriter(io.RawIOBase):
    """Collects bytes and stops the writer after a number of lines."""

    def __init__(self, max_lines: int) -> None:
        super().__init__()
        self.parts: list[bytes] = []
        self.lines = 0
        self.max_lines = max_lines

    def writable(self) -> bool:
        return True

    def write(self, chunk: bytes) -> int:  # type: ignore[override]
        data = bytes(chunk)
        self.parts.append(data)
        self.lines += data.count(b"\n")
        if self.lines > self.max_lines:
            raise _CapReached
        return len(data)

    def capped(self) -> tuple[bytes, bool]:
        """The bytes up to the cap, and whether anything was cut."""
        data = b"".join(self.parts)
        if self.lines <= self.max_lines:
            return data, False
        end = -1
        for _ in range(self.max_lines):
            end = data.index(b"\n", end + 1)
        return data[: end + 1], True


def _write_capped(
    result: ox.QuerySolutions | ox.QueryTriples, fmt: ox.QueryResultsFormat | ox.RdfFormat, max_lines: int
) -> tuple[bytes, bool]:
    writer = _LineCountingWriter(max_lines)
    sink = cast(IO[bytes], writer)  # pyoxigraph writes to anything with write()
    try:
        if isinstance(result, ox.QuerySolutions) and isinstance(fmt, ox.QueryResultsFormat):
            result.serialize(sink, format=fmt)
        elif isinstance(result, ox.QueryTriples) and isinstance(fmt, ox.RdfFormat):
            result.serialize(sink, format=fmt)
        else:
            raise TypeError(f"cannot write {type(result).__name__} as {fmt}")
    except _CapReached:
        pass
    return writer.capped()


class _MayPassCap(Exception):
    """The chosen format's row marks passed the cap: the rows must be counted exactly."""


def _solutions_once(result: ox.QuerySolutions, fmt: Format, max_rows: int) -> tuple[bytes, bool]:
    """Solutions written once, in the chosen format; _MayPassCap when they may be more than the cap."""
    if fmt.results not in ROW_MARKS:
        return _solutions(result, fmt, max_rows)
    mark, offset = ROW_MARKS[fmt.results]
    writer = _RowMarkCounter(mark, max_rows - offset)
    try:
        result.serialize(cast(IO[bytes], writer), format=fmt.results)
    except _CapReached:
        raise _MayPassCap from None
    return b"".join(writer.parts), False


def _solutions(result: ox.QuerySolutions, fmt: Format, max_rows: int) -> tuple[bytes, bool]:
    # TSV writes one line per solution (newlines in literals are escaped), plus a header line
    tsv, truncated = _write_capped(result, ox.QueryResultsFormat.TSV, max_rows + 1)
    if fmt is TSV:
        return tsv, truncated
    body = _bytes(ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(format=fmt.results))
    if truncated and fmt.results == ox.QueryResultsFormat.JSON:
        body = b'{"truncated":true,' + body[1:]  # a member clients that do not know it ignore
    return body, truncated


def _boolean(result: ox.QueryBoolean, fmt: Format, max_rows: int) -> tuple[bytes, bool]:
    return _bytes(result.serialize(format=fmt.results)), False


def _graph(result: ox.QueryTriples, fmt: Format, max_rows: int) -> tuple[bytes, bool]:
    # canonical N-Triples: one triple per line
    ntriples, truncated = _write_capped(result, ox.RdfFormat.N_TRIPLES, max_rows)
    if fmt.rdf == ox.RdfFormat.N_TRIPLES:
        return (_flag_cut(ntriples, fmt, max_rows) if truncated else ntriples), truncated
    quads = ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)
    body = _bytes(ox.serialize(quads, format=fmt.rdf, prefixes=PREFIX_MAP))
    return (_flag_cut(body, fmt, max_rows) if truncated else body), truncated


def _flag_cut(body: bytes, fmt: Format, max_rows: int) -> bytes:
    """Say in the body itself that the graph was cut at the cap (a header alone is lost when saved)."""
    note = f"truncated: only the first {max_rows} triples are sent (the server's row cap); use the dumps"
    if fmt.rdf == ox.RdfFormat.JSON_LD:  # a key JSON-LD processors ignore, next to the graph
        return b'{"truncated": true, "note": ' + json.dumps(note).encode() + b', "@graph": ' + body + b"}"
    if fmt.rdf == ox.RdfFormat.RDF_XML:
        declaration, _, rest = body.partition(b"?>")
        return declaration + b"?>\n<!-- " + note.encode() + b" -->" + rest
    return f"# {note}\n".encode() + body


def _bytes(data: bytes | None) -> bytes:
    # pyoxigraph returns the bytes when it is given no output to write to
    if data is None:
        raise TypeError("the serialiser wrote nowhere")
    return data


def serialise_solutions(result: ox.QuerySolutions, fmt: Format, max_rows: int) -> tuple[bytes, bool]:
    """Solutions in the chosen format, cut at the row cap; also for answers parsed from a remote store."""
    return _solutions(result, fmt, max_rows)


def serialise_graph(ntriples: bytes, fmt: Format, max_rows: int) -> tuple[bytes, bool]:
    """N-Triples (one triple per line, as a remote store sends them) in the chosen format, cut at the row cap."""
    lines = ntriples.splitlines(keepends=True)
    truncated = len(lines) > max_rows
    triples = ox.parse(b"".join(lines[:max_rows]), format=ox.RdfFormat.N_TRIPLES)
    body = ox.serialize(triples, format=fmt.rdf, prefixes=PREFIX_MAP) or b""
    return (_flag_cut(body, fmt, max_rows) if truncated else body), truncated


Serialiser = Callable[[object, Format, int], tuple[bytes, bool]]
FORM_OF: dict[type, tuple[str, Serialiser]] = {
    ox.QuerySolutions: ("solutions", _solutions_once),  # type: ignore[dict-item]
    ox.QueryBoolean: ("boolean", _boolean),  # type: ignore[dict-item]
    ox.QueryTriples: ("graph", _graph),  # type: ignore[dict-item]
}


def _dataset(job: QueryJob) -> dict[str, Any]:
    if job.default_graphs is None and job.named_graphs is None:
        return {}  # the store's default graph: the merge of every document graph, built by kg build
    # SPARQL 1.1 Protocol: the graphs the request names make up the whole dataset
    return {
        "default_graph": [ox.NamedNode(iri) for iri in job.default_graphs or ()],
        "named_graphs": [ox.NamedNode(iri) for iri in job.named_graphs or ()],
    }


# `error at 3:17: expected one of ...` (pyoxigraph's parser: line and column, from 1)
ERROR_POSITION = re.compile(r"\bat (?P<line>\d+):(?P<column>\d+)")


def _pointer(query: str, message: str) -> str:
    """The query line the parser stopped at, with a caret under the column."""
    match = ERROR_POSITION.search(message)
    lines = query.splitlines()
    if match is None or not 0 < int(match["line"]) <= len(lines):
        return ""
    line, column = lines[int(match["line"]) - 1], int(match["column"]) - 1
    start = max(0, column - EXCERPT)
    shown = ("…" if start else "") + line[start : column + EXCERPT] + ("…" if len(line) > column + EXCERPT else "")
    return f"\n\n    {shown}\n    {' ' * (column - start + (1 if start else 0))}^"


def _query(store: ox.Store, job: QueryJob) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
    try:
        return store.query(job.query, **_dataset(job))
    except SyntaxError as error:
        # The project's prefixes (psk:, dcterms:, ...) are predeclared, but parsing with them costs
        # more than a small query, so only a query that failed without them pays for it.
        try:
            return store.query(job.query, prefixes=PREFIX_MAP, **_dataset(job))
        except SyntaxError:
            raise error from None


def execute(live: Live, job: QueryJob) -> Answer:
    """Run a query job; every failure becomes an error answer with a status and a message."""
    try:
        store = live.get()
    except StoreError as error:
        return Answer.error(503, str(error))
    build = live.opened
    try:
        result = _query(store, job)
    except SyntaxError as error:
        return Answer.error(400, f"SPARQL syntax error: {error}{_pointer(job.query, str(error))}", build)
    except PermissionError:  # a sealed worker's SERVICE: the kernel refused the socket
        return Answer.error(403, SERVICE_NOT_ALLOWED, build)
    except (OSError, ValueError) as error:
        return Answer.error(400, f"cannot run this query: {error}", build)
    form, serialise = FORM_OF[type(result)]
    media_type = dict(job.chosen)[form]
    if media_type is None:
        return Answer(406, "text/plain; charset=utf-8", b"", build=build, form=form)
    fmt = FORMATS[media_type]
    try:
        try:
            body, truncated = serialise(result, fmt, job.max_rows)
        except _MayPassCap:  # count the rows exactly: run it again, through TSV
            solutions = _query(store, job)
            if not isinstance(solutions, ox.QuerySolutions):  # the same text and store give the same form
                raise TypeError(f"the query gave {type(solutions).__name__} the second time") from None
            body, truncated = _solutions(solutions, fmt, job.max_rows)
    except PermissionError:
        return Answer.error(403, SERVICE_NOT_ALLOWED, build)
    except OSError as error:  # raised while evaluating, e.g. by a SERVICE endpoint that failed
        return Answer.error(500, f"the query failed while running: {error}", build)
    return Answer(200, fmt.content_type, body, truncated=truncated, build=build)


STATISTICS = {
    "triples": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
    "subjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
    "objects": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
    "properties": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
    "entities": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?s)) }",
    "classes": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
}
PARTITIONS = {
    "graphs": "SELECT ?key (COUNT(*) AS ?n) WHERE { GRAPH ?key { ?s ?p ?o } } GROUP BY ?key ORDER BY ?key",
    "class_partitions": "SELECT ?key (COUNT(DISTINCT ?s) AS ?n) { ?s a ?key } GROUP BY ?key ORDER BY ?key",
    "property_partitions": "SELECT ?key (COUNT(*) AS ?n) WHERE { ?s ?key ?o } GROUP BY ?key ORDER BY ?key",
}


def _solutions_of(store: ox.Store, query: str) -> ox.QuerySolutions:
    result = store.query(query)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError(f"expected solutions from {query!r}")
    return result


def statistics(live: LiveStore, job: QueryJob) -> Answer:
    """The dataset's VoID statistics as JSON (counts, graphs, class and property partitions)."""
    try:
        store = live.get()
    except StoreError as error:
        return Answer.error(503, str(error))
    numbers: dict[str, object] = {}
    for name, query in STATISTICS.items():
        numbers[name] = int(next(iter(_solutions_of(store, query)))["n"].value)
    for name, query in PARTITIONS.items():
        numbers[name] = [
            [row["key"].value, int(row["n"].value)]
            for row in _solutions_of(store, query)
            if isinstance(row["key"], ox.NamedNode)
        ]
    return Answer(200, "application/json", json.dumps(numbers).encode("utf-8"), build=live.opened)


JOBS: dict[str, Callable[[LiveStore, QueryJob], Answer]] = {"query": execute, "statistics": statistics}


def _violations(store: ox.Store) -> set[str]:
    # imported here: only the one-off process that applies an update pays for pyshacl
    from oxrdflib import OxigraphStore
    from rdflib import Dataset, Graph

    from kg.validate import validate_graph

    graph = Graph()
    for triple in Dataset(store=OxigraphStore(store=store)).default_graph:
        graph.add(triple)
    return {str(issue) for issue in validate_graph(graph, with_vocabulary=False).violations}


def update(directory: Path, job: UpdateJob) -> Answer:
    """Apply an update as a new build; 422 with the report when it adds SHACL violations (nothing changes)."""
    before: set[str] = set()
    if job.validate:
        try:
            before = _violations(LiveStore(directory).get())
        except StoreError:
            pass  # no build yet: every violation is new

    def check(store: ox.Store) -> list[str]:
        return sorted(_violations(store) - before) if job.validate else []

    deadline = time.monotonic() + job.wait
    while True:
        try:
            apply_update(directory, job.text, job.spill_graph, check)
        except SyntaxError as error:
            return Answer.error(400, f"SPARQL Update syntax error: {error}")
        except RefusedBuildError as refused:
            shown = refused.objections[:REPORTED_VIOLATIONS]
            more = len(refused.objections) - len(shown)
            report = "\n".join(shown) + (f"\n... and {more} more" if more else "")
            text = (
                f"the update was not applied: it would leave {len(refused.objections)} new SHACL violations "
                f"(the shapes every build is checked with):\n{report}\n"
            )
            return Answer(422, "text/plain; charset=utf-8", text.encode("utf-8"))
        except StoreError as error:  # another build holds the store's lock
            if time.monotonic() < deadline:
                time.sleep(LOCK_RETRY)
                continue
            return Answer.error(503, f"the update was not applied: {error}")
        except OSError as error:
            return Answer.error(500, f"the update failed and was not applied: {error}")
        return Answer(204, "", b"")
