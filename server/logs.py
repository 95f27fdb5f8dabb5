"""The server's log: one line per request, and one per event an operator must see.

Events: ``timeout``, ``truncated``, ``refused`` (SERVICE not allowed, queue full, token
wrong), ``update`` (applied or refused) and the query pool's worker restarts. Lines go
to standard error as text (``key=value``) or, with ``--log-format json``, as one JSON
object per line. Queries are logged by a hash of their text, never the text itself.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import sys
import time
from json.encoder import encode_basestring_ascii  # C; what json.dumps uses
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask, Response

__all__ = ["configure", "configure_stream", "log_event", "log_request", "query_hash"]

LOGGER = logging.getLogger("server")
EVENTS = logging.getLogger("server.events")
ACCESS = logging.getLogger("server.access")


def query_hash(text: str) -> str:
    """A short hash that tells repeated queries apart without logging what they ask."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def log_event(event: str, **fields: Any) -> None:
    """Log one event with its fields."""
    EVENTS.info(event, extra={"fields": fields})


def _fields(record: logging.LogRecord) -> dict[str, Any]:
    return dict(getattr(record, "fields", {}))


class JsonLines(logging.Formatter):
    """One JSON object per record."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **_fields(record),
        }
        return json.dumps(data, ensure_ascii=False, default=str)


@functools.lru_cache(maxsize=4)
def _second(second: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))


def _json(value: Any) -> str:
    """``json.dumps(value, default=str)``, the common cases without its machinery (one line per request)."""
    kind = type(value)
    if kind is str:
        return encode_basestring_ascii(value)
    if kind is int or (kind is float and math.isfinite(value)):
        return repr(value)
    return json.dumps(value, default=str)


class KeyValues(logging.Formatter):
    """``time level message key=value ...``."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = _second(int(record.created))
        pairs = " ".join(f"{key}={_json(value)}" for key, value in _fields(record).items())
        return f"{stamp} {record.levelname.lower()} {record.getMessage()} {pairs}".rstrip()


FORMATTERS: dict[str, type[logging.Formatter]] = {"text": KeyValues, "json": JsonLines}


def configure_stream(log_format: str, light: bool = False) -> None:
    """Send the server's log lines to standard error (any process of the server: no Flask needed).

    ``light``: log records leave out what the log lines never show (the caller's frame, thread and
    process), the switches Python's logging documents for it; a record costs about half as much.
    For processes that run no one else's code (the front and its query processes).
    """
    if light:
        logging._srcfile = None
        logging.logThreads = False
        logging.logProcesses = False
        logging.logMultiprocessing = False
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(FORMATTERS[log_format]())
    LOGGER.handlers[:] = [handler]
    LOGGER.setLevel(logging.INFO)
    LOGGER.propagate = False


def configure(app: Flask, log_format: str) -> None:
    """Send the server's log lines to standard error and log every request of the app."""
    configure_stream(log_format)
    app.before_request(_start)
    app.after_request(_access)


def _start() -> None:
    from flask import g

    g.started = time.perf_counter()


def _access(response: Response) -> Response:
    from flask import g, request

    log_request(request.method, request.path, response.status_code, g.get("started", time.perf_counter()),
                response.content_length or 0, request.remote_addr or "", g.get("query_hash", ""))
    return response


def log_request(method: str, path: str, status: int, started: float, size: int, client: str, hashed: str) -> None:
    """The line every request leaves (``started``: its time.perf_counter() on arrival)."""
    fields: dict[str, Any] = {
        "method": method,
        "path": path,
        "status": status,
        "ms": round((time.perf_counter() - started) * 1000, 1),
        "bytes": size,
        "client": client,
    }
    if hashed:
        fields["query_hash"] = hashed
    ACCESS.info("request", extra={"fields": fields})
