"""Replay of recent GET /sparql responses, in front of Flask, until the store is rebuilt.

This is what a caching reverse proxy would do, kept inside the app so that it
knows when the data changed: the app records each successful query response
it produced together with the build that answered; an identical request (same
URL query string, same Accept, same Origin when CORS depends on it) on the same
build gets those exact bytes back without passing through Flask. Everything
the protocol decides is decided by the app the first time; nothing here
interprets a request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from server.cache import BuildCache

__all__ = ["BUILD_KEY", "Recorded", "ReplayCache", "ReplayMiddleware"]

BUILD_KEY = "kg.answer_build"  # set in the WSGI environ by the view that answered from a build

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


@dataclass(frozen=True)
class Recorded:
    """A response as the app sent it."""

    status: str
    headers: list[tuple[str, str]]
    body: bytes


class ReplayCache:
    """Recorded responses of the current build (least recently used evicted first)."""

    def __init__(self, entries: int, max_bytes: int, build: Callable[[], str], vary_origin: bool) -> None:
        self._responses: BuildCache[Recorded] = BuildCache(entries, max_bytes)
        self._build = build
        self._vary_origin = vary_origin

    @property
    def enabled(self) -> bool:
        """Whether responses are recorded at all."""
        return self._responses.enabled

    def key(self, environ: dict[str, Any]) -> tuple[str, str, str]:
        """What makes two GET /sparql requests get the same response."""
        origin = environ.get("HTTP_ORIGIN", "") if self._vary_origin else ""
        return environ.get("QUERY_STRING", ""), environ.get("HTTP_ACCEPT", ""), origin

    def get(self, environ: dict[str, Any]) -> Recorded | None:
        """The recorded response for this request on the current build, if any."""
        return self._responses.get(self._build(), self.key(environ))

    def put(self, environ: dict[str, Any], build: str, recorded: Recorded) -> None:
        """Record a response the app produced from `build`."""
        self._responses.put(build, self.key(environ), recorded, len(recorded.body))


class ReplayMiddleware:
    """WSGI middleware: answer repeated GET /sparql requests from the ReplayCache, record new ones."""

    def __init__(self, app: WsgiApp, cache: ReplayCache, path: str = "/sparql") -> None:
        self.app = app
        self.cache = cache
        self.path = path

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if (
            environ.get("REQUEST_METHOD") != "GET"
            or environ.get("PATH_INFO") != self.path
            or not self.cache.enabled
        ):
            return self.app(environ, start_response)
        recorded = self.cache.get(environ)
        if recorded is not None:
            start_response(recorded.status, list(recorded.headers))
            return [recorded.body]
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        chunks = self.app(environ, capture)
        build = environ.get(BUILD_KEY)
        if build is None or not captured.get("status", "").startswith("200"):
            return chunks
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()
        self.cache.put(environ, build, Recorded(captured["status"], list(captured["headers"]), body))
        return [body]
