"""The SPARQL 1.1 Protocol at /sparql (read-only), its service description, and VoID."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, g, request, url_for
from werkzeug.datastructures import MultiDict

from kg.namespaces import FORMATS as FORMAT_IRIS
from kg.namespaces import PREFIXES, SD, VOID
from server.description import service_description, void_description
from server.formats import FORMS, negotiate, parse_accept, quality
from server.guard import NOT_ALLOWED, RemoteCallError, check_query, is_update
from server.logs import log_event, query_hash
from server.protocol import ProtocolError, parameters, plain, runner
from server.query.execute import PREFIX_MAP, Answer, QueryJob
from server.query.fairness import Busy
from server.query.pool import QueryTimeout, WorkerError
from server.query.runner import QueryRunner
from server.reply import MAX_ROWS_HEADER, TRUNCATED_HEADER, cors_headers
from server.search import rewrite_text_match

__all__ = ["blueprint", "cors_headers", "run", "send"]

blueprint = Blueprint("sparql", __name__)

CORS_PATHS = frozenset({"/sparql", "/.well-known/void"})
CORS_ALLOWED_HEADERS = "Accept, Content-Type, Authorization"
DESCRIPTION_PREFIXES = {
    "sd": str(SD),
    "void": str(VOID),
    "formats": str(FORMAT_IRIS),
    **{name: str(PREFIXES[name]) for name in ("rdf", "rdfs", "dcterms", "xsd")},
}


def _graph_list(params: MultiDict[str, str], name: str) -> tuple[str, ...] | None:
    values = tuple(params.getlist(name))
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as error:
            raise ProtocolError(400, f"{name}={value!r} is not an absolute IRI: {error}") from error
    return values or None


def _refuse_update() -> Response:
    where = (
        "send it to /update with 'Authorization: Bearer <token>'"
        if runner().settings.update_enabled
        else "this server accepts no updates (give it an update token, KG_UPDATE_TOKEN or --update-token-file, "
        "to enable /update)"
    )
    return plain(403, f"/sparql is read-only: SPARQL Update is refused here; {where}")


def _job(params: MultiDict[str, str], query: str) -> QueryJob:
    settings = runner().settings
    negotiation = negotiate(request.headers.get("Accept", ""), params.get("format", ""))
    return QueryJob(
        query=query,
        chosen=negotiation.chosen,
        max_rows=settings.max_rows,
        default_graphs=_graph_list(params, "default-graph-uri"),
        named_graphs=_graph_list(params, "named-graph-uri"),
    )


def send(answer: Answer, accept: str, format_param: str) -> Response:
    """Turn a worker's answer into the HTTP response."""
    if answer.status == 406:
        return plain(406, negotiate(accept, format_param).explain(answer.form))
    response = Response(answer.body, status=answer.status, content_type=answer.media_type)
    response.headers["Vary"] = "Accept"
    if answer.retry_after:
        response.headers["Retry-After"] = str(answer.retry_after)
    if answer.truncated:
        response.headers[TRUNCATED_HEADER] = "true"
        response.headers[MAX_ROWS_HEADER] = str(runner().settings.max_rows)
    return response


def run(answerer: QueryRunner, job: QueryJob, remote: bool = False, client: str | None = None) -> Answer:
    """The runner's answer, with a full queue, timeouts and worker failures turned into error answers."""
    client = (request.remote_addr or "") if client is None else client
    try:
        return answerer.answer(job, client, remote)
    except Busy as busy:
        log_event("refused", reason="busy", client=client)
        answer = Answer.error(503, f"the server is busy: {busy}; try again in {busy.retry_after} s")
        return replace(answer, retry_after=busy.retry_after)
    except QueryTimeout as error:
        log_event("timeout", seconds=answerer.settings.query_timeout, query_hash=query_hash(job.query))
        return Answer.error(
            503,
            f"query stopped: {error} (the server's limit, set by --query-timeout / KG_QUERY_TIMEOUT); "
            "narrow the pattern or add LIMIT",
        )
    except WorkerError as error:
        return Answer.error(500, f"the query worker failed: {error}")


@blueprint.route("/sparql", methods=["GET", "POST"], provide_automatic_options=False)
def endpoint() -> Response:
    """Answer a query (GET ?query=, POST form or application/sparql-query), else describe the service."""
    if request.method == "HEAD":  # headers only: nothing is evaluated for a body nobody reads
        response = Response(status=200, content_type="text/plain; charset=utf-8")
        response.headers["Vary"] = "Accept"
        return response
    params = parameters()
    if "update" in params:
        return _refuse_update()
    queries = params.getlist("query")
    if len(queries) > 1:
        raise ProtocolError(400, f"the request carries {len(queries)} 'query' parameters; send exactly one")
    if not queries:
        if request.method == "POST":
            raise ProtocolError(400, "no query: send query=... as a form field or the query as the body")
        return describe()
    settings = runner().settings
    g.query_hash = query_hash(queries[0])
    # psk:textMatch: the full-text index's matches as VALUES; the guard reads the query that will run
    query = rewrite_text_match(queries[0])
    try:
        plan = check_query(query, settings.service_allowlist, PREFIX_MAP)
    except RemoteCallError as error:
        log_event("refused", reason="service", query_hash=g.query_hash)
        raise ProtocolError(403, str(error)) from error
    if not plan.checked and settings.remote:
        # a remote store has no sealed workers: what could not be checked is not sent there
        log_event("refused", reason="service unchecked", query_hash=g.query_hash)
        raise ProtocolError(403, f"{NOT_ALLOWED} (this query could not be checked for SERVICE calls)")
    answer = run(runner(), _job(params, query), remote=not plan.sealed)
    passed_on = answer.status in (200, 406, 503) or answer.body.startswith(b"SPARQL syntax error")
    if not plan.sealed and not passed_on:
        # what a remote endpoint or the network said (addresses, redirect targets) is not passed on
        answer = Answer.error(502, "a SERVICE call to an allow-listed endpoint failed; the query was not answered")
    if answer.status == 400 and is_update(queries[0]):
        return _refuse_update()
    if answer.truncated:
        log_event("truncated", rows=settings.max_rows, query_hash=g.query_hash)
    return send(answer, request.headers.get("Accept", ""), params.get("format", ""))


@blueprint.route("/sparql", methods=["OPTIONS"])
def preflight() -> Response:
    """CORS preflight: no body, no content type."""
    response = Response(status=204)
    response.headers["Allow"] = "GET, POST, OPTIONS"
    del response.headers["Content-Type"]
    return response


def _rdf_response(triples: list[ox.Triple]) -> Response:
    params = request.args
    negotiation = negotiate(request.headers.get("Accept", ""), params.get("format", ""))
    chosen = negotiation.for_form("graph")
    if chosen is None:
        return plain(406, negotiation.explain("graph"))
    body = ox.serialize(triples, format=chosen.rdf, prefixes=DESCRIPTION_PREFIXES)
    response = Response(body, content_type=chosen.content_type)
    response.headers["Vary"] = "Accept"
    return response


def _prefers_html() -> bool:
    ranges = parse_accept(request.headers.get("Accept", ""))
    html = quality(ranges, "text/html")
    best_rdf = max(quality(ranges, f.media_type, f.aliases) for f in FORMS["graph"])
    return html[0] > 0 and html > best_rdf


def describe() -> Response:
    """The service description (browsers asking for HTML go to the query page instead)."""
    if _prefers_html() and "format" not in request.args:
        response = plain(303, "a person asking for HTML: the query page is at /")
        response.headers["Location"] = url_for("pages.index")
        return response
    settings = runner().settings
    update_url = url_for("update.update", _external=True) if "update" in current_app.blueprints else None
    triples = service_description(
        url_for("sparql.endpoint", _external=True),
        url_for("sparql.void", _external=True),
        settings.base_iri,
        runner().statistics(),
        federated=bool(settings.service_allowlist),
        update_endpoint=update_url,
    )
    return _rdf_response(triples)


@blueprint.get("/.well-known/void")
def void() -> Response:
    """The VoID description of the dataset."""
    triples = void_description(
        url_for("sparql.endpoint", _external=True), runner().settings.base_iri, runner().statistics()
    )
    return _rdf_response(triples)


@blueprint.after_app_request
def cors(response: Response) -> Response:
    """Let browser tools on other origins read /sparql (configurable; preflight included)."""
    if request.path not in CORS_PATHS:
        return response
    allowed = cors_headers(runner().settings.cors_origins, request.headers.get("Origin"))
    if not allowed:
        return response
    response.headers.update(allowed)
    if allowed["Access-Control-Allow-Origin"] != "*":
        response.vary.add("Origin")
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = (
            request.headers.get("Access-Control-Request-Headers") or CORS_ALLOWED_HEADERS
        )
        response.headers["Access-Control-Max-Age"] = "86400"
    return response
