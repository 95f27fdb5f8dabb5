"""Queries answered by a remote SPARQL endpoint (``kg serve --remote URL``), with the embedded store's answers.

``kg publish`` writes every document graph under its own name and the merge of
them as :data:`kg.publish.MERGED_GRAPH`. Served as they are, a remote store
answers differently from the embedded one: Virtuoso's default graph is every
quad of every graph (a bag, not the merge), ``GRAPH ?g`` also sees the merge,
the publication record and the server's own system graphs, and results are
cut at its ``ResultSetMaxRows`` with only a header to say so. This module sends
each query so that the dataset is the embedded store's: the merge as the
default graph and exactly the published graphs as the named graphs (Virtuoso's
``define input:…`` pragmas; the SPARQL 1.1 Protocol's graph parameters for
other stores). Answers come back in a standard format, are parsed with
pyoxigraph and serialised by the same code as the embedded store's, so the
formats, the row cap and its flag are the same; a result the remote store cut
is refused with a clear error, never passed on as complete.
"""

from __future__ import annotations

import logging
import re
import threading
import time

import pyoxigraph as ox
import requests
from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery

from kg.errors import KGError
from kg.namespaces import PREFIXES, PROV
from kg.publish import DEFAULT_GROUP, MERGED_GRAPH, PUBLICATION_GRAPH
from server.formats import FORMATS
from server.query.execute import Answer, QueryJob, serialise_graph, serialise_solutions
from server.query.pool import QueryTimeout

__all__ = ["RemoteError", "RemotePool"]

LOG = logging.getLogger(__name__)
REFRESH_SECONDS = 5.0  # how long the publication seen at the remote store is trusted before asking again
# `SELECT ...` / `CONSTRUCT ...`: the query form from rdflib's parse (the same grammar as the engine).
FORMS = {"SelectQuery": "solutions", "AskQuery": "boolean", "ConstructQuery": "graph", "DescribeQuery": "graph"}
# JSON, not XML: pyoxigraph's XML results parser trims the spaces at the ends of a literal.
_ACCEPT = {"solutions": "application/sparql-results+json", "boolean": "application/sparql-results+json",
           "graph": "application/n-triples"}
_PREFIX_LINES = "".join(f"PREFIX {name}: <{namespace}>\n" for name, namespace in PREFIXES.items())
# Virtuoso keeps an xsd:boolean as 1 or 0, where the embedded store (and the data) says true or false:
# a cell of a TSV answer, or the object at the end of an N-Triples line.
_BOOLEAN = rb'"(?P<value>[01])"\^\^<http://www\.w3\.org/2001/XMLSchema#boolean>'
BOOLEAN_CELL = re.compile(rb"(?<![^\t\n])" + _BOOLEAN + rb"(?![^\t\r\n])")
BOOLEAN_OBJECT = re.compile(_BOOLEAN + rb"(?=[ \t]*\.[ \t]*\r?$)", re.MULTILINE)
_CANONICAL = {b"1": b'"true"^^<http://www.w3.org/2001/XMLSchema#boolean>',
              b"0": b'"false"^^<http://www.w3.org/2001/XMLSchema#boolean>'}


def _canonical_booleans(pattern: re.Pattern[bytes], data: bytes) -> bytes:
    return pattern.sub(lambda match: _CANONICAL[match["value"]], data)


# Virtuoso's answer header when its ResultSetMaxRows cut the result.
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"


class RemoteError(KGError):
    """The remote endpoint cannot be used (unreachable, nothing published)."""


class _Publication:
    """What the remote store holds now: the published graphs and a name for the publication."""

    def __init__(self, name: str, graphs: tuple[str, ...], foreign: tuple[str, ...], virtuoso: bool,
                 row_cap: int | None) -> None:
        self.name = name
        self.row_cap = row_cap  # the remote store's own cap on result rows, where it tells
        self.graphs = graphs  # the document, ontology, links and resolution graphs
        self.foreign = foreign  # every other graph of the remote store (the merge too), hidden from GRAPH ?g
        self.virtuoso = virtuoso  # with the merge grouped as DEFAULT_GROUP by `kg publish`


class RemotePool:
    """The remote counterpart of :class:`server.query.pool.QueryPool`: ``run(job, timeout)`` -> Answer."""

    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.session = requests.Session()
        self._lock = threading.Lock()
        self._publication: _Publication | None = None
        self._checked = 0.0

    def start(self) -> None:
        """Check that the endpoint answers and holds a publication."""
        self.publication()

    def close(self) -> None:
        """Nothing runs here: queries run at the remote store."""
        self.session.close()

    def build(self) -> str:
        """The publication the remote store serves now (its start time): the answer cache's key."""
        try:
            return self.publication().name
        except RemoteError:
            return ""

    def _post(self, query: str, accept: str, timeout: float,
              extra: dict[str, list[str]] | None = None) -> requests.Response:
        data: dict[str, list[str] | str] = {"query": query}
        data.update(extra or {})
        return self.session.post(self.endpoint, data=data, headers={"Accept": accept}, timeout=timeout)

    def _select(self, query: str, timeout: float = 60.0) -> list[dict[str, ox.NamedNode | ox.Literal]]:
        try:
            response = self._post(query, _ACCEPT["solutions"], timeout)
        except requests.RequestException as error:
            raise RemoteError(f"the remote endpoint {self.endpoint} cannot be reached: {error}") from error
        if response.status_code != 200:
            raise RemoteError(f"the remote endpoint {self.endpoint} answered {response.status_code}: "
                              f"{response.text[:300]}")
        solutions = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in solutions]  # type: ignore[misc]

    def publication(self) -> _Publication:
        """The publication at the remote store, asked again after REFRESH_SECONDS."""
        with self._lock:
            if self._publication is not None and time.monotonic() - self._checked < REFRESH_SECONDS:
                return self._publication
        record = f"""SELECT ?g ?started WHERE {{ GRAPH <{PUBLICATION_GRAPH}> {{
                       ?activity <{PROV.startedAtTime}> ?started
                       OPTIONAL {{ ?g <{PROV.wasGeneratedBy}> ?activity }} }} }}"""
        rows = self._select(record)
        if not rows:
            raise RemoteError(f"{self.endpoint} holds no graph published by `kg publish`: publish the "
                              "store first (kg publish --graph-store URL)")
        name = rows[0]["started"].value
        current = self._publication
        if current is None or current.name != name:
            graphs = tuple(sorted({row["g"].value for row in rows if "g" in row} - {MERGED_GRAPH}))
            every = {row["g"].value for row in self._select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")}
            foreign = tuple(sorted(every - set(graphs)))
            server = self.session.head(self.endpoint, timeout=30).headers.get("Server", "")
            grouped = server.startswith("Virtuoso") and bool(self._select(
                f"define input:default-graph-uri <{DEFAULT_GROUP}> SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT 1"))
            current = _Publication(name, graphs, foreign, grouped,
                                   self._row_cap() if server.startswith("Virtuoso") else None)
            LOG.info("remote publication %s: %d graphs, %d other graphs hidden", name, len(graphs), len(foreign))
        with self._lock:
            self._publication, self._checked = current, time.monotonic()
        return current

    def _row_cap(self) -> int | None:
        """Virtuoso's ResultSetMaxRows, read from its configuration (it cuts graph results silently)."""
        try:
            rows = self._select("SELECT (bif:cfg_item_value(bif:virtuoso_ini_path(), 'SPARQL', "
                                "'ResultSetMaxRows') AS ?cap) WHERE {}")
            return int(rows[0]["cap"].value) if rows and "cap" in rows[0] else None
        except (RemoteError, ValueError):
            return None

    def _request(self, job: QueryJob, publication: _Publication) -> tuple[str, dict[str, list[str]]]:
        """The query text and the protocol's graph parameters that give the embedded store's dataset."""
        if job.default_graphs is not None or job.named_graphs is not None:
            return _PREFIX_LINES + job.query, {"default-graph-uri": list(job.default_graphs or ()),
                                               "named-graph-uri": list(job.named_graphs or ())}
        if publication.virtuoso:
            pragmas = f"define input:default-graph-uri <{DEFAULT_GROUP}>\n" + "".join(
                f"define input:named-graph-exclude <{graph}>\n" for graph in publication.foreign)
            return pragmas + _PREFIX_LINES + job.query, {}
        return _PREFIX_LINES + job.query, {"default-graph-uri": [MERGED_GRAPH],
                                           "named-graph-uri": list(publication.graphs)}

    def run(self, job: QueryJob, timeout: float) -> Answer:
        """Answer a job at the remote endpoint."""
        if job.kind == "statistics":
            return Answer.error(503, "statistics are not counted for a remote store")
        try:
            publication = self.publication()
        except RemoteError as error:
            return Answer.error(503, str(error))
        try:
            parsed = parseQuery(_PREFIX_LINES + job.query)
        except ParseException as error:
            return Answer.error(400, f"SPARQL syntax error: {error}")
        form = FORMS[parsed[1].name]
        media_type = dict(job.chosen)[form]
        if media_type is None:
            return Answer(406, "text/plain; charset=utf-8", b"", build=publication.name, form=form)
        text, graphs = self._request(job, publication)
        try:
            response = self._post(text, _ACCEPT[form], timeout, graphs)
        except requests.Timeout:
            raise QueryTimeout(f"the remote store did not answer within {timeout:g} s") from None
        except requests.RequestException as error:
            return Answer.error(502, f"the remote store cannot be reached: {error}", publication.name)
        if response.status_code != 200:
            status = 400 if response.status_code == 400 else 502
            return Answer.error(status, f"the remote store answered {response.status_code}: "
                                        f"{response.text[:1000].strip()}", publication.name)
        content = response.content
        if MAX_ROWS_HEADER in response.headers:
            # The remote store cut the result at its own cap: read the rest page by page, or refuse.
            cap = int(response.headers[MAX_ROWS_HEADER])
            try:
                content = self._pages(text, graphs, parsed[1], form, cap, job.max_rows, timeout, content)
            except RemoteError as error:
                return Answer.error(502, str(error), publication.name)
        cap = publication.row_cap
        if form == "graph" and cap is not None and content.count(b"\n") >= cap:
            return Answer.error(502, f"the remote store cuts graph results at {cap} triples (its ResultSetMaxRows) "
                                     "without saying whether it did, so this answer cannot be trusted to be whole; "
                                     "narrow the query or raise ResultSetMaxRows in virtuoso.ini above the "
                                     "endpoint's row cap", publication.name)
        fmt = FORMATS[media_type]
        if form == "graph":
            body, truncated = serialise_graph(_canonical_booleans(BOOLEAN_OBJECT, content), fmt, job.max_rows)
        else:
            result = ox.parse_query_results(content, format=ox.QueryResultsFormat.JSON)
            if isinstance(result, ox.QueryBoolean):
                body, truncated = result.serialize(format=fmt.results), False
            else:
                tsv = _canonical_booleans(BOOLEAN_CELL, result.serialize(format=ox.QueryResultsFormat.TSV))
                solutions = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
                assert isinstance(solutions, ox.QuerySolutions)
                body, truncated = serialise_solutions(solutions, fmt, job.max_rows)
        return Answer(200, fmt.content_type, body, truncated=truncated, build=publication.name)

    def _pages(self, text: str, graphs: dict[str, list[str]], query: ParseResults, form: str, cap: int,
               max_rows: int, timeout: float, first: bytes) -> bytes:
        """The whole result of a SELECT the remote store cut at ``cap`` rows, read in pages of ``cap``.

        The pages are the query with ``LIMIT cap OFFSET k`` appended, after an ``ORDER BY`` of every
        variable when the query has no order of its own, so that the pages neither overlap nor miss
        a row. Pages stop once the endpoint's own row cap is passed (the answer is then flagged as
        truncated, as for the embedded store). Queries that a suffix cannot page are refused.
        """
        if form != "solutions" or "limitoffset" in query or "valuesClause" in query:
            raise RemoteError(
                f"the remote store cut this result at {cap} rows (its ResultSetMaxRows) and it cannot be read "
                "in pages (only a SELECT without LIMIT, OFFSET or VALUES at its end can); ask for fewer rows or "
                "raise ResultSetMaxRows in virtuoso.ini above the endpoint's row cap")
        variables = ox.parse_query_results(first, format=ox.QueryResultsFormat.JSON)
        assert isinstance(variables, ox.QuerySolutions)
        # Virtuoso compares long literals on a prefix only, which would let pages overlap; the
        # lexical forms (and their datatype and language) compare in full.
        # A query's own ORDER BY ends its text (no LIMIT, OFFSET or VALUES follow), so the keys that
        # make the order total are appended to it, after its own.
        keys = " ".join(f"STR({v}) DATATYPE({v}) LANG({v})" for v in variables.variables)
        order = keys if "orderby" in query else "ORDER BY " + keys
        header, rows = b"", []
        offset = 0
        while offset <= max_rows:
            page_text = f"{text}\n{order} LIMIT {cap} OFFSET {offset}"
            try:
                response = self._post(page_text, _ACCEPT[form], timeout, graphs)
            except requests.Timeout:
                raise QueryTimeout(f"the remote store did not answer within {timeout:g} s") from None
            except requests.RequestException as error:
                raise RemoteError(f"the remote store cannot be reached: {error}") from error
            if response.status_code != 200:
                raise RemoteError(f"the remote store answered {response.status_code} while paging: "
                                  f"{response.text[:500].strip()}")
            page = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
            assert isinstance(page, ox.QuerySolutions)
            lines = page.serialize(format=ox.QueryResultsFormat.TSV).splitlines(keepends=True)
            header = lines[0] if lines else header
            rows.extend(lines[1:])
            if len(lines) - 1 < cap:
                break
            offset += cap
        tsv = header + b"".join(rows)
        return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(
            format=ox.QueryResultsFormat.JSON)
