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
from urllib.parse import parse_qsl

import werkzeug.urls  # noqa: F401  # registers the "werkzeug.url_quote" codec error handler Flask's args use
from werkzeug.exceptions import InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from server.formats import negotiate
from server.guard import may_call_out
from server.headers import SECURITY_HEADERS
from server.logs import LOGGER, log_event, log_request, query_hash
from server.query.execute import QueryJob, shorten
from server.query.runner import QueryRunner
from server.sparql import MAX_ROWS_HEADER, TRUNCATED_HEADER, cors_headers, run

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment
    from flask import Flask

__all__ = ["DirectSparql"]

PATH = "/sparql"
PLAIN = "text/plain; charset=utf-8"
Reply = tuple[int, list[tuple[str, str]], bytes]  # status, headers, body


class DirectSparql:
    """WSGI middleware: answers plain GET /sparql queries itself and passes every other request on."""

    def __init__(self, app: WSGIApplication, runner: QueryRunner) -> None:
        self.app = app
        self.runner = runner
        self.settings = runner.settings

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Answer the request, here or through the app."""
        if environ.get("PATH_INFO") != PATH or environ.get("REQUEST_METHOD") != "GET":
            return self.app(environ, start_response)
        started = time.perf_counter()
        query = self._plain_query(environ.get("QUERY_STRING", ""))
        if query is None:
            return self.app(environ, start_response)
        client = environ.get("REMOTE_ADDR") or ""
        hashed = query_hash(query)
        try:
            reply = self._answer(query, environ.get("HTTP_ACCEPT", ""), client, hashed)
        except Exception:  # the request's top level, as Flask's handler of unexpected errors
            LOGGER.exception("GET %s failed", PATH)
            error = InternalServerError()
            reply = _plain(500, f"500 {error.name}: {error.description}")
        if reply is None:
            return self.app(environ, start_response)
        status, headers, body = reply
        allowed = cors_headers(self.settings.cors_origins, environ.get("HTTP_ORIGIN"))
        if allowed.get("Access-Control-Allow-Origin", "*") != "*":  # the answer depends on the origin
            vary = [value for name, value in headers if name == "Vary"]
            headers = [(n, v) for n, v in headers if n != "Vary"] + [("Vary", ", ".join([*vary, "Origin"]))]
        headers += [*allowed.items(), *SECURITY_HEADERS.items()]
        start_response(f"{status} {HTTP_STATUS_CODES.get(status, 'Unknown').upper()}", headers)
        log_request("GET", PATH, status, started, len(body), client, hashed)
        return [body]

    @staticmethod
    def _plain_query(query_string: str) -> str | None:
        """The query of a GET whose only parameter is one ``query`` that cannot call out; else None."""
        try:
            # as Flask reads request.args (werkzeug keeps invalid bytes percent-encoded)
            pairs = parse_qsl(query_string.encode("latin-1").decode(), keep_blank_values=True,
                              errors="werkzeug.url_quote")
        except (UnicodeError, ValueError):
            return None
        if len(pairs) != 1 or pairs[0][0] != "query":
            return None
        query = pairs[0][1]
        if "textMatch" in query or may_call_out(query):
            return None  # the blueprint rewrites full-text patterns and parses for SERVICE
        return query

    def _answer(self, query: str, accept: str, client: str, hashed: str) -> Reply | None:
        negotiation = negotiate(accept, "")
        job = QueryJob(query=query, chosen=negotiation.chosen, max_rows=self.settings.max_rows)
        answer = run(self.runner, job, client=client)
        if answer.status == 400:
            return None  # a syntax error: the blueprint words it (and tells an update where to go)
        if answer.status == 406:
            return _plain(406, negotiation.explain(answer.form))
        headers = [("Content-Type", answer.media_type), ("Content-Length", str(len(answer.body))), ("Vary", "Accept")]
        if answer.retry_after:
            headers.append(("Retry-After", str(answer.retry_after)))
        if answer.truncated:
            log_event("truncated", rows=self.settings.max_rows, query_hash=hashed)
            headers += [(TRUNCATED_HEADER, "true"), (MAX_ROWS_HEADER, str(self.settings.max_rows))]
        return answer.status, headers, answer.body


def _plain(status: int, message: str) -> Reply:
    body = (shorten(message) + "\n").encode("utf-8")
    return status, [("Content-Type", PLAIN), ("Content-Length", str(len(body)))], body


def install(app: Flask, runner: QueryRunner) -> None:
    """Put the direct path in front of the app's WSGI callable (``app.wsgi_app.app`` is Flask's own)."""
    app.wsgi_app = DirectSparql(app.wsgi_app, runner)  # type: ignore[method-assign]
