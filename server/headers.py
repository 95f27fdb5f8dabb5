"""Headers every response carries, and request bodies over the limit answered rather than cut off."""

from __future__ import annotations

import io
import time
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from server.reply import SECURITY_HEADERS

__all__ = ["SECURITY_HEADERS", "install"]

# What the client still sends after a body went over the limit is read and dropped, up to this many bytes and
# for up to this long, so that the connection closes cleanly and the client hears the 413 (a server that closes
# with unread bytes resets the connection, and most clients then report the reset instead of the answer).
DRAIN_BYTES = 1 << 26
DRAIN_SECONDS = 2.0
CHUNK = 1 << 16


def _secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def _drain(stream: Any) -> None:
    """Read and drop what the client is still sending, within DRAIN_BYTES and DRAIN_SECONDS."""
    drained, until = 0, time.monotonic() + DRAIN_SECONDS
    try:
        while drained <= DRAIN_BYTES and time.monotonic() < until and (chunk := stream.read(CHUNK)):
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
        _drain(stream)
        raise RequestEntityTooLarge()
    environ["wsgi.input"] = io.BytesIO(bytes(body))
    environ["CONTENT_LENGTH"] = str(len(body))
    request.__dict__.pop("stream", None)  # werkzeug caches the stream it wrapped: wrap the new one


def _too_large(error: RequestEntityTooLarge) -> Response:
    limit = request.max_content_length or 0
    stream = request.environ.get("wsgi.input")
    if stream is not None:
        _drain(stream)
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
