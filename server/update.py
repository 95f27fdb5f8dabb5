"""SPARQL 1.1 Update at /update, only when a token is configured.

The served store is read-only (any number of processes serve it beside a
build), so an update never writes into it. It makes a new build instead: copy
the current build, apply the update, publish atomically through the same
``new_build`` a ``kg build`` uses (which also serialises updates with builds).
Readers see the old data or the new, never a half-applied update. The copy
costs time in proportion to the store, so /update suits curation edits; bulk
loading goes through ``kg build``.

The data lives in named graphs, and the default graph that queries see is
derived from them after every update (each triple once). So an update names
the graphs it changes: ``DELETE WHERE { GRAPH ?g { <work> ?p ?o } }``. Triples
inserted without a GRAPH are kept in the named graph ``<base>graph/updates``.
"""

from __future__ import annotations

import hmac
import time

import pyoxigraph as ox
from flask import Blueprint, Response, request

from kg.errors import StoreError
from kg.namespaces import IriMinter
from kg.store import apply_update
from server.guard import RemoteCallError, check_remote_calls, scan
from server.protocol import ProtocolError, parameters, plain, runner
from server.settings import ServerSettings

__all__ = ["blueprint"]

blueprint = Blueprint("update", __name__)

UNSUPPORTED = ("using-graph-uri", "using-named-graph-uri")
LOCK_RETRY = 0.2  # seconds between attempts while a build holds the store's lock


def _apply(settings: ServerSettings, text: str) -> None:
    """Apply the update as a new build, waiting up to the query time limit for a build holding the lock."""
    deadline = time.monotonic() + settings.query_timeout
    spill = str(IriMinter(settings.base_iri).updates_graph())
    while True:
        try:
            apply_update(settings.store, text, spill)
            return
        except StoreError:
            if time.monotonic() > deadline:
                raise
            time.sleep(LOCK_RETRY)


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
    found = scan(texts[0])
    try:
        check_remote_calls(found, runner().settings.service_allowlist)
    except RemoteCallError as error:
        raise ProtocolError(403, f"update refused: {error}") from error
    if not found.remote:
        try:  # catch syntax errors before copying the whole store
            ox.Store().update(texts[0])
        except SyntaxError as error:
            raise ProtocolError(400, f"SPARQL Update syntax error: {error}") from error
    try:
        _apply(runner().settings, texts[0])
    except SyntaxError as error:
        raise ProtocolError(400, f"SPARQL Update syntax error: {error}") from error
    except OSError as error:
        raise ProtocolError(500, f"the update failed and was not applied: {error}") from error
    except StoreError as error:
        raise ProtocolError(503, f"the update was not applied: {error}") from error
    response = Response(status=204)
    del response.headers["Content-Type"]
    return response
