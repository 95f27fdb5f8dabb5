"""SPARQL 1.1 Update at /update, only when a token is configured.

The served store is read-only (any number of processes serve it beside a
build), so an update never writes into it. It makes a new build instead: copy
the current build, apply the update, publish atomically through the same
``new_build`` a ``kg build`` uses (which also serialises updates with builds).
Readers see the old data or the new, never a half-applied update. The new build
is checked with the SHACL shapes every build is checked with; an update that adds
a violation is refused (422, with the report) and nothing changes. The update
runs in a fresh process of its own that cannot open network connections, and
it is only parsed, never run, before that: ``SERVICE`` and ``LOAD`` are refused. The copy
costs time in proportion to the store, so /update suits curation edits; bulk
loading goes through ``kg build``.

The data lives in named graphs, and the default graph that queries see is
derived from them after every update (each triple once). So an update names
the graphs it changes: ``DELETE WHERE { GRAPH ?g { <work> ?p ?o } }``. Triples
inserted without a GRAPH are kept in the named graph ``<base>graph/updates``.
"""

from __future__ import annotations

import hmac

from flask import Blueprint, Response, g, request

from kg.namespaces import IriMinter
from server.guard import RemoteCallError, check_update
from server.logs import log_event, query_hash
from server.protocol import ProtocolError, parameters, plain, runner
from server.query.execute import PREFIX_MAP, UpdateJob
from server.query.pool import QueryTimeout, WorkerError

__all__ = ["blueprint"]

blueprint = Blueprint("update", __name__)

UNSUPPORTED = ("using-graph-uri", "using-named-graph-uri")


def _authorise() -> Response | None:
    token = runner().settings.update_token or ""
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        response = plain(
            401, "updates need 'Authorization: Bearer <token>' (the token the server was started with)"
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="update"'
        return response
    if not hmac.compare_digest(given.strip().encode("utf-8"), token.encode("utf-8")):
        log_event("refused", reason="update token", client=request.remote_addr or "")
        return plain(403, "the bearer token is not the update token; the update was not applied")
    return None


@blueprint.route("/update", methods=["POST"])
def update() -> Response:
    """Apply one SPARQL Update (form field update=, or an application/sparql-update body)."""
    refused = _authorise()
    if refused is not None:
        return refused
    params = parameters()
    texts = params.getlist("update")
    if "query" in params:
        raise ProtocolError(400, "queries go to /sparql; /update takes update=... only")
    if len(texts) != 1:
        raise ProtocolError(400, f"send exactly one update (got {len(texts)})")
    for name in UNSUPPORTED:
        if name in params:
            raise ProtocolError(
                400, f"{name} is not supported; name the graphs with USING / WITH in the update"
            )
    text = texts[0]
    g.query_hash = query_hash(text)
    try:
        check_update(text, PREFIX_MAP)
    except SyntaxError as error:
        raise ProtocolError(400, f"SPARQL Update syntax error: {error}") from error
    except RemoteCallError as error:
        log_event("refused", reason="update calls out", query_hash=g.query_hash)
        raise ProtocolError(403, str(error)) from error
    settings = runner().settings
    job = UpdateJob(text, str(IriMinter(settings.base_iri).updates_graph()), wait=settings.query_timeout)
    try:
        answer = runner().update(job)
    except (QueryTimeout, WorkerError) as error:
        raise ProtocolError(503, f"the update was not applied: {error}") from error
    log_event("update", status=answer.status, query_hash=g.query_hash)
    if answer.status != 204:
        return Response(answer.body, status=answer.status, content_type=answer.media_type)
    response = Response(status=204)
    del response.headers["Content-Type"]
    return response
