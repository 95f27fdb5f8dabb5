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
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

from kg.errors import KGError
from kg.namespaces import PREFIXES, PROV
from kg.publish import DEFAULT_GROUP, MERGED_GRAPH, PUBLICATION_GRAPH
from server.formats import FORMATS
from server.query.execute import Answer, QueryJob, serialise_graph, serialise_solutions
from server.query.fairness import FairQueue
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


# Virtuoso's answer header when it returns what it found before its time limit ("anytime" results).
PARTIAL_HEADER = "X-SQL-State"
# Virtuoso's answer header when its ResultSetMaxRows cut the result.
MAX_ROWS_HEADER = "X-SPARQL-MaxRows"


class RemoteError(KGError):
    """The remote endpoint cannot be used (unreachable, nothing published)."""


class _Publication:
    """What the remote store holds now: the published graphs and a name for the publication."""

    def __init__(self, name: str, graphs: tuple[str, ...], virtuoso: bool, row_cap: int | None) -> None:
        self.name = name
        self.row_cap = row_cap  # the remote store's own cap on result rows, where it tells
        self.graphs = graphs  # the document, ontology, links and resolution graphs
        self.virtuoso = virtuoso  # with the merge grouped as DEFAULT_GROUP by `kg publish`


class RemotePool:
    """The remote counterpart of :class:`server.query.pool.QueryPool`: ``run(job, timeout)`` -> Answer."""

    def __init__(self, endpoint: str, fairness: FairQueue | None = None) -> None:
        self.endpoint = endpoint
        self.fairness = fairness
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

    def _solutions(self, query: str, timeout: float,
                   graphs: dict[str, list[str]] | None = None) -> ox.QuerySolutions:
        """The solutions of a SELECT at the remote endpoint; raises QueryTimeout or RemoteError."""
        try:
            response = self._post(query, _ACCEPT["solutions"], timeout, graphs)
        except requests.Timeout:
            raise QueryTimeout(f"the remote store did not answer within {timeout:g} s") from None
        except requests.RequestException as error:
            raise RemoteError(f"the remote endpoint {self.endpoint} cannot be reached: {error}") from error
        if response.status_code != 200:
            raise RemoteError(f"the remote endpoint {self.endpoint} answered {response.status_code}: "
                              f"{response.text[:500].strip()}")
        solutions = ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        assert isinstance(solutions, ox.QuerySolutions)
        return solutions

    def _select(self, query: str, timeout: float = 60.0) -> list[dict[str, ox.NamedNode | ox.Literal]]:
        try:
            solutions = self._solutions(query, timeout)
        except QueryTimeout as error:
            raise RemoteError(str(error)) from error
        names = [v.value for v in solutions.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in solutions]

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
            server = self.session.head(self.endpoint, timeout=30).headers.get("Server", "")
            grouped = server.startswith("Virtuoso") and bool(self._select(
                f"define input:default-graph-uri <{DEFAULT_GROUP}> SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT 1"))
            current = _Publication(name, graphs, grouped,
                                   self._row_cap() if server.startswith("Virtuoso") else None)
            LOG.info("remote publication %s: %d graphs", name, len(graphs))
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

    def _request(self, job: QueryJob, publication: _Publication, query: ParseResults) -> tuple[
            str, dict[str, list[str]]]:
        """What goes before the query's text, and the protocol's graph parameters, for the embedded store's dataset.

        Before the text: Virtuoso's pragmas (when the dataset is the default one) and the project's prefixes.
        The named graphs are listed only for a query with ``GRAPH ?variable``: without one, no query can
        tell which graphs are named.
        """
        if job.default_graphs is not None or job.named_graphs is not None:
            return _PREFIX_LINES, {"default-graph-uri": list(job.default_graphs or ()),
                                   "named-graph-uri": list(job.named_graphs or ())}
        named = publication.graphs if _graph_variable(query) else ()
        if publication.virtuoso:
            # The group, not the merge graph itself: Virtuoso answers property paths over a plain
            # default graph differently (fewer zero-length matches) from the embedded store.
            pragmas = f"define input:default-graph-uri <{DEFAULT_GROUP}>\n" + "".join(
                f"define input:named-graph-uri <{graph}>\n" for graph in named)
            return pragmas + _PREFIX_LINES, {}
        return _PREFIX_LINES, {"default-graph-uri": [MERGED_GRAPH], "named-graph-uri": list(named)}

    def run(self, job: QueryJob, timeout: float, client: str = "") -> Answer:
        """Answer a job at the remote endpoint, within the client's fair share of concurrent queries."""
        if self.fairness is None:
            return self._run(job, timeout)
        slot = self.fairness.acquire(client)
        try:
            return self._run(job, timeout)
        finally:
            self.fairness.release(slot)

    def _run(self, job: QueryJob, timeout: float) -> Answer:
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
        head, graphs = self._request(job, publication, parsed)
        try:
            response = self._post(head + job.query, _ACCEPT[form], timeout, graphs)
        except requests.Timeout:
            raise QueryTimeout(f"the remote store did not answer within {timeout:g} s") from None
        except requests.RequestException as error:
            return Answer.error(502, f"the remote store cannot be reached: {error}", publication.name)
        if response.headers.get(PARTIAL_HEADER, "").upper() == "S1TAT":
            return Answer.error(503, "the remote store stopped this query at its own time limit and offered a "
                                     "partial result, which is not passed on; narrow the query",
                                publication.name)
        if response.status_code != 200:
            status = 400 if response.status_code == 400 else 502
            return Answer.error(status, f"the remote store answered {response.status_code}: "
                                        f"{response.text[:1000].strip()}", publication.name)
        content = response.content
        if MAX_ROWS_HEADER in response.headers:
            # The remote store cut the result at its own cap: read the rest page by page, or refuse.
            cap = int(response.headers[MAX_ROWS_HEADER])
            try:
                content = self._pages(head, job.query, graphs, parsed[1], form, cap, job.max_rows, timeout,
                                      content)
            except RemoteError as error:
                return Answer.error(502, str(error), publication.name)
        row_cap = publication.row_cap
        if form == "graph" and row_cap is not None and content.count(b"\n") >= row_cap:
            return Answer.error(502, f"the remote store cuts graph results at {row_cap} triples (its ResultSetMaxRows) "
                                     "without saying whether it did, so this answer cannot be trusted to be whole; "
                                     "narrow the query or raise ResultSetMaxRows in virtuoso.ini above the "
                                     "endpoint's row cap", publication.name)
        fmt = FORMATS[media_type]
        if form == "graph":
            body, truncated = serialise_graph(_canonical_booleans(BOOLEAN_OBJECT, content), fmt, job.max_rows)
        else:
            result = ox.parse_query_results(content, format=ox.QueryResultsFormat.JSON)
            if isinstance(result, ox.QueryBoolean):
                body, truncated = result.serialize(format=fmt.results) or b"", False
            else:
                tsv = _canonical_booleans(BOOLEAN_CELL, result.serialize(format=ox.QueryResultsFormat.TSV) or b"")
                solutions = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
                assert isinstance(solutions, ox.QuerySolutions)
                body, truncated = serialise_solutions(solutions, fmt, job.max_rows)
        return Answer(200, fmt.content_type, body, truncated=truncated, build=publication.name)

    def _pages(self, head: str, query_text: str, graphs: dict[str, list[str]], query: ParseResults, form: str,
               cap: int, max_rows: int, timeout: float, first: bytes) -> bytes:
        """The whole result of a SELECT the remote store cut at ``cap`` rows, read in pages of ``cap``.

        Each page is ``SELECT vars WHERE { { QUERY ORDER BY keys } } OFFSET k LIMIT cap``: the query
        as a sub-select ordered totally (its own ORDER BY first, then every variable's datatype,
        language and the MD5 of its lexical form: Virtuoso compares long literals on a prefix only and
        refuses sort keys over 1,900 bytes), so the pages neither overlap nor miss a row. Virtuoso refuses a sorted
        ``OFFSET`` past its MaxSortedTopRows at the top level, but not around a sub-select. Pages
        stop once the endpoint's own row cap is passed (the answer is then flagged as truncated,
        as for the embedded store). Queries that cannot be nested so are refused with the reason.
        """
        refusal = (f"the remote store cut this result at {cap} rows (its ResultSetMaxRows) and it cannot be read in "
                   "pages (only a SELECT without FROM, LIMIT, OFFSET or VALUES can); ask for fewer rows or raise "
                   "ResultSetMaxRows in virtuoso.ini above the endpoint's row cap")
        if form != "solutions" or any(part in query for part in ("limitoffset", "valuesClause", "datasetClause")):
            raise RemoteError(refusal)
        prologue, body = split_prologue(query_text)
        variables = ox.parse_query_results(first, format=ox.QueryResultsFormat.JSON)
        assert isinstance(variables, ox.QuerySolutions)
        names = " ".join(str(v) for v in variables.variables)
        keys = " ".join(f"MD5(STR({v})) DATATYPE({v}) LANG({v})" for v in variables.variables)
        # The query's own ORDER BY ends its text (nothing may follow it here), so the keys continue it.
        inner = f"{body}\n{keys if 'orderby' in query else 'ORDER BY ' + keys}\n"
        paged = f"{prologue}\nSELECT {names} WHERE {{ {{\n{inner}}} }}"
        try:
            parseQuery(_PREFIX_LINES + paged)
        except ParseException:
            raise RemoteError(refusal) from None
        header, rows = b"", list[bytes]()
        offset = 0
        while offset <= max_rows:
            page = self._solutions(f"{head}{paged} OFFSET {offset} LIMIT {cap}", timeout, graphs)
            lines = (page.serialize(format=ox.QueryResultsFormat.TSV) or b"").splitlines(keepends=True)
            header = lines[0] if lines else header
            rows.extend(lines[1:])
            if len(lines) - 1 < cap:
                break
            offset += cap
        tsv = header + b"".join(rows)
        return ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV).serialize(
            format=ox.QueryResultsFormat.JSON) or b""


def _graph_variable(node: object) -> bool:
    """Whether a parsed query has a GRAPH pattern whose graph is a variable (anywhere, sub-selects too)."""
    if isinstance(node, CompValue):
        if node.name == "GraphGraphPattern" and isinstance(node.get("term"), Variable):
            return True
        return any(_graph_variable(value) for value in node.values())
    if isinstance(node, (ParseResults, list, tuple)):
        return any(_graph_variable(value) for value in node)
    return False


# The prologue of a query: BASE and PREFIX declarations, with the spaces and comments around them.
#   PREFIX dcterms: <http://purl.org/dc/terms/>
PROLOGUE_ITEM = re.compile(r"""
    \s*(?:
        \#[^\n]*(?:\n|$)                             # a comment line
      | (?i:BASE)\s*<[^<>"{}|^`\\\x00-\x20]*>           # BASE <iri>
      | (?i:PREFIX)\s*[^\s:<>]*:\s*<[^<>"{}|^`\\\x00-\x20]*>  # PREFIX name: <iri>
    )""", re.VERBOSE)


def split_prologue(text: str) -> tuple[str, str]:
    """A query's prologue and the rest (from its SELECT on); the pages re-parse the joined result."""
    position = 0
    while match := PROLOGUE_ITEM.match(text, position):
        if match.end() == position:
            break
        position = match.end()
    return text[:position], text[position:]
