"""Headers every response carries, and request bodies over the limit answered rather than cut off."""

from __future__ import annotations

import io
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from server.reply import SECURITY_HEADERS

__all__ = ["SECURITY_HEADERS", "install"]

DRAIN_FACTOR = 8  # a body up to this many times the limit is read to its end, so the client hears the 413
CHUNK = 1 << 16


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _drain(stream: Any, limit: int) -> None:
    # Read (and drop) what the client is still sending: a server that answers and closes while the
    # body streams in makes most clients see a reset connection instead of the answer.
    drained = 0
    try:
        while drained <= DRAIN_FACTOR * limit and (chunk := stream.read(CHUNK)):
            drained += len(chunk)
    except (OSError, ValueError):
        pass


def _sized_body() -> None:
    """Give a chunked body (no Content-Length) a length, or refuse it when it is over the limit."""
    environ = request.environ
    if request.method not in ("POST", "PUT") or environ.get("CONTENT_LENGTH") or "wsgi.input" not in environ:
        return
    limit = request.max_content_length or 0
    stream = environ["wsgi.input"]
    body = bytearray()
    while len(body) <= limit and (chunk := stream.read(min(CHUNK, limit + 1 - len(body)))):
        body += chunk
    if len(body) > limit:
        _drain(stream, limit)
        raise RequestEntityTooLarge()
    environ["wsgi.input"] = io.BytesIO(bytes(body))
    environ["CONTENT_LENGTH"] = str(len(body))
    request.__dict__.pop("stream", None)  # werkzeug caches the stream it wrapped: wrap the new one


def _too_large(error: RequestEntityTooLarge) -> Response:
    limit = request.max_content_length or 0
    stream = request.environ.get("wsgi.input")
    if stream is not None:
        _drain(stream, limit)
    response = Response(
        f"413 Request Entity Too Large: the request body is over this server's limit of {limit} bytes "
        "(KG_MAX_BODY_BYTES); send a shorter query\n",
        status=413,
        content_type="text/plain; charset=utf-8",
    )
    response.headers["Connection"] = "close"
    return response


def install(app: Flask) -> None:
    """Add the security headers to every response and answer oversized bodies with 413."""
    app.before_request(_sized_body)
    app.after_request(_secure)
    app.register_error_handler(RequestEntityTooLarge, _too_large)
