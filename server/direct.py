"""A plain GET /sparql answered in front of Flask: the same answer, without its request machinery.

Flask's dispatch (request context, routing, the hooks of every blueprint) costs more than a
cheap query takes to run. So the commonest request, a GET whose only parameter is ``query``,
is answered here: through the same runner (cache, fair queue, sealed workers, time limit, row
cap), turned into the same response (:func:`server.sparql.send`'s headers, CORS, the security
headers) and logged by the same line. Everything else goes to Flask unchanged: other paths and
methods, other parameters, any text in which the word SERVICE could stand (the guard parses those
with rdflib), full-text patterns, and answers the blueprint words itself (a syntax error, which
may be an update sent to the wrong place; the query is parsed again there, which costs little).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from werkzeug.exceptions import InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from server.formats import negotiate
from server.logs import LOGGER, log_request, query_hash
from server.query.execute import QueryJob
from server.query.runner import QueryRunner
from server.reply import Reply, finish, plain, plain_query, query_reply
from server.sparql import run

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from flask import Flask

__all__ = ["DirectSparql"]

PATH = "/sparql"


class DirectSparql:
    """WSGI middleware: answers plain GET /sparql queries itself and passes every other request on."""

    _plain_query = staticmethod(plain_query)

    def __init__(self, app: WSGIApplication, runner: QueryRunner) -> None:
        self.app = app
        self.runner = runner
        self.settings = runner.settings

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Answer the request, here or through the app."""
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        started = time.perf_counter()
        query = plain_query(environ.get("QUERY_STRING", ""))
        if query is None:
            return self.app(environ, start_response)
        client = environ.get("REMOTE_ADDR") or ""
        hashed = query_hash(query)
        try:
            reply = self._answer(query, environ.get("HTTP_ACCEPT", ""), client, hashed)
        except Exception:  # the request's top level, as Flask's handler of unexpected errors
            LOGGER.exception("GET %s failed", PATH)
            error = InternalServerError()
            reply = plain(500, f"500 {error.name}: {error.description}")
        if reply is None:
            return self.app(environ, start_response)
        status, headers, body = finish(reply, self.settings.cors_origins, environ.get("HTTP_ORIGIN"))
        start_response(f"{status} {HTTP_STATUS_CODES.get(status, 'Unknown').upper()}", headers)
        log_request("GET", PATH, status, started, len(body), client, hashed)
        return [body]

    def _answer(self, query: str, accept: str, client: str, hashed: str) -> Reply | None:
        negotiation = negotiate(accept, "")
        job = QueryJob(query=query, chosen=negotiation.chosen, max_rows=self.settings.max_rows)
        return query_reply(run(self.runner, job, client=client), negotiation, self.settings.max_rows, hashed)


def install(app: Flask, runner: QueryRunner) -> None:
    """Put the direct path in front of the app's WSGI callable (``app.wsgi_app.app`` is Flask's own)."""
    app.wsgi_app = DirectSparql(app.wsgi_app, runner)  # type: ignore[method-assign]
