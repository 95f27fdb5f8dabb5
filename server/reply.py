"""The HTTP response to a query's answer, without Flask: what every path that answers /sparql sends.

Flask's blueprint, the WSGI layer in front of it (:mod:`server.direct`) and the sealed processes
that take connections from the front (:mod:`server.query.connections`) all answer a plain GET the
same way, with the headers made here: content type and length, ``Vary``, the row cap's headers,
CORS and the security headers. Importing this module loads neither Flask nor rdflib.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

import werkzeug.urls  # noqa: F401  # registers the "werkzeug.url_quote" codec error handler Flask's args use

from server.formats import Negotiation
from server.logs import log_event
from server.query.execute import Answer, shorten

__all__ = [
    "MAX_ROWS_HEADER",
    "PLAIN",
    "SECURITY_HEADERS",
    "TRUNCATED_HEADER",
    "Reply",
    "cors_headers",
    "finish",
    "plain",
    "plain_query",
    "query_reply",
]

TRUNCATED_HEADER = "X-SPARQL-Truncated"
MAX_ROWS_HEADER = "X-SPARQL-Max-Rows"
PLAIN = "text/plain; charset=utf-8"
# The pages load nothing from other origins; no page of this server may be framed. Scripts only
# from files of this origin; the query editor (YASGUI) sets inline styles, which styles allow.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
Reply = tuple[int, list[tuple[str, str]], bytes]  # status, headers, body
ESCAPE = re.compile(r"\\[uU]")  # a \u or \U escape could spell SERVICE


def cors_headers(origins: tuple[str, ...], origin: str | None) -> dict[str, str]:
    """The CORS headers of an answer from /sparql to a request from ``origin`` (none: not allowed)."""
    if "*" in origins:
        allowed = "*"
    elif origin and origin in origins:
        allowed = origin
    else:
        return {}
    return {
        "Access-Control-Allow-Origin": allowed,
        "Access-Control-Expose-Headers": f"{TRUNCATED_HEADER}, {MAX_ROWS_HEADER}, Content-Type",
    }


def plain(status: int, message: str) -> Reply:
    """A plain-text answer (cut short: a long request is never echoed back whole)."""
    body = (shorten(message) + "\n").encode("utf-8")
    return status, [("Content-Type", PLAIN), ("Content-Length", str(len(body)))], body


def plain_query(query_string: str) -> str | None:
    """The query of a GET whose only parameter is one ``query`` that cannot call out; else None.

    "Cannot call out": neither the word SERVICE, in any case, nor a ``\\u`` escape (which could spell
    it) stands in it, and no full-text pattern either (the blueprint rewrites those). Every other text
    goes through Flask, whose guard parses it.
    """
    try:
        # as Flask reads request.args (werkzeug keeps invalid bytes percent-encoded)
        pairs = parse_qsl(query_string.encode("latin-1").decode(), keep_blank_values=True,
                          errors="werkzeug.url_quote")
    except (UnicodeError, ValueError):
        return None
    if len(pairs) != 1 or pairs[0][0] != "query":
        return None
    query = pairs[0][1]
    folded = (query.lower(), query.upper().lower())  # 'ſ' upper-cases to 'S'
    if "textMatch" in query or ESCAPE.search(query) or any("service" in form for form in folded):
        return None
    return query


def query_reply(answer: Answer, negotiation: Negotiation, max_rows: int, hashed: str) -> Reply | None:
    """The reply to a query's answer, before CORS and security headers; None for a syntax error.

    A syntax error is left to the blueprint, which words it (and tells an update where to go).
    """
    if answer.status == 400:
        return None
    if answer.status == 406:
        return plain(406, negotiation.explain(answer.form))
    headers = [("Content-Type", answer.media_type), ("Content-Length", str(len(answer.body))), ("Vary", "Accept")]
    if answer.retry_after:
        headers.append(("Retry-After", str(answer.retry_after)))
    if answer.truncated:
        log_event("truncated", rows=max_rows, query_hash=hashed)
        headers += [(TRUNCATED_HEADER, "true"), (MAX_ROWS_HEADER, str(max_rows))]
    return answer.status, headers, answer.body


def finish(reply: Reply, origins: tuple[str, ...], origin: str | None) -> Reply:
    """The reply with its CORS headers (and ``Vary: Origin`` when they depend on it) and the security headers."""
    status, headers, body = reply
    allowed = cors_headers(origins, origin)
    if allowed.get("Access-Control-Allow-Origin", "*") != "*":  # the answer depends on the origin
        vary = [value for name, value in headers if name == "Vary"]
        headers = [(n, v) for n, v in headers if n != "Vary"] + [("Vary", ", ".join([*vary, "Origin"]))]
    return status, [*headers, *allowed.items(), *SECURITY_HEADERS.items()], body
