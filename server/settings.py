"""Server settings: defaults, then ``KG_*`` environment variables, then explicit arguments."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kg.errors import KGError
from kg.namespaces import DEFAULT_BASE
from kg.resources import resource_folder
from kg.store import DEFAULT_STORE

__all__ = ["ENVIRONMENT", "EXAMPLES", "ServerSettings", "SettingsError"]

EXAMPLES = resource_folder("server", "queries")  # the example queries of the query page


LOG_FORMATS = ("text", "json")


class SettingsError(KGError, ValueError):
    """A setting has a value the server cannot use."""


@dataclass(frozen=True)
class ServerSettings:
    """Everything the endpoint needs to know; build one with :meth:`resolve`."""

    store: Path = DEFAULT_STORE
    query_timeout: float = 30.0  # seconds; a query still running then is killed and answered 503
    max_rows: int = 100_000  # result rows (or triples) sent at most; more are cut and flagged
    update_token: str | None = None  # /update exists only when this is set
    service_allowlist: tuple[str, ...] = ()  # endpoint IRIs SERVICE may call; empty: none
    cors_origins: tuple[str, ...] = ("*",)  # origins allowed to read /sparql; empty: CORS off
    max_body_bytes: int = 2_000_000  # larger request bodies are refused with 413
    base_iri: str = DEFAULT_BASE
    # processes running queries: one per core, and one more that the fair queue keeps for light clients
    query_workers: int = field(default_factory=lambda: (os.cpu_count() or 1) + 1)
    client_queries: int = 4  # queries one client (address) may have running or waiting; more get 503
    queue_length: int = 64  # queries waiting for a worker at most; more get 503 with Retry-After
    update_timeout: float = 300.0  # seconds an update (copy, apply, SHACL, publish) may take
    log_format: str = "text"  # or "json": one JSON object per line
    cache_entries: int = 1024  # answers kept per server process; 0: no cache
    cache_bytes: int = 64_000_000  # at most this many bytes of answers per cache; one takes at most 1/16
    examples: Path = EXAMPLES  # folder of example .rq files shown on the query page
    remote: str | None = None  # a remote SPARQL endpoint that `kg publish` wrote to, served read-only

    def __post_init__(self) -> None:
        checks = {
            "query_timeout": self.query_timeout > 0,
            "max_rows": self.max_rows > 0,
            "max_body_bytes": self.max_body_bytes > 0,
            "query_workers": self.query_workers > 0,
            "client_queries": self.client_queries > 0,
            "queue_length": self.queue_length > 0,
            "update_timeout": self.update_timeout > 0,
            "cache_entries": self.cache_entries >= 0,
            "cache_bytes": self.cache_bytes >= 0,
        }
        for name, ok in checks.items():
            if not ok:
                raise SettingsError(f"{name} must be positive, got {getattr(self, name)!r}")
        if self.remote is not None and self.update_token is not None:
            raise SettingsError("a remote store is served read-only: /update needs the embedded store")
        if self.log_format not in LOG_FORMATS:
            raise SettingsError(f"log_format must be one of {LOG_FORMATS}, got {self.log_format!r}")
        if self.update_token is not None and len(self.update_token) < 8:
            raise SettingsError("update token must be at least 8 characters long (it guards writes)")

    @classmethod
    def resolve(cls, environ: Mapping[str, str] | None = None, **given: Any) -> ServerSettings:
        """Defaults, overridden by ``KG_*`` variables, overridden by the arguments that are not None."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for variable, (name, parse) in ENVIRONMENT.items():
            raw = environ.get(variable)
            if raw is None or (
                raw == "" and name != "cors_origins"
            ):  # an empty KG_CORS_ORIGINS turns CORS off
                continue
            try:
                values[name] = parse(raw)
            except ValueError as error:
                raise SettingsError(f"{variable}={raw!r}: {error}") from error
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(given) - known)
        if unknown:
            raise SettingsError(f"unknown settings {unknown}; known: {sorted(known)}")
        values.update({name: value for name, value in given.items() if value is not None})
        for name in ("store", "examples"):
            if name in values:
                values[name] = Path(values[name])
        for name in ("service_allowlist", "cors_origins"):
            if isinstance(values.get(name), str):
                values[name] = _words(values[name])
        return replace(cls(), **values)

    def to_json(self) -> str:
        """The settings as JSON (to hand them to server processes)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        return json.dumps({k: str(v) if isinstance(v, Path) else v for k, v in data.items()})

    @classmethod
    def from_json(cls, text: str) -> ServerSettings:
        """Settings written by :meth:`to_json`."""
        data = json.loads(text)
        for name in ("store", "examples"):
            data[name] = Path(data[name])
        for name in ("service_allowlist", "cors_origins"):
            data[name] = tuple(data[name])
        return cls(**data)

    @property
    def update_enabled(self) -> bool:
        """Whether /update is served at all."""
        return self.update_token is not None


def _words(raw: str) -> tuple[str, ...]:
    return tuple(part for part in raw.replace(",", " ").split() if part)


def _positive_float(raw: str) -> float:
    return float(raw)


ENVIRONMENT: dict[str, tuple[str, Callable[[str], Any]]] = {
    "KG_STORE": ("store", Path),
    "KG_QUERY_TIMEOUT": ("query_timeout", _positive_float),
    "KG_MAX_ROWS": ("max_rows", int),
    "KG_UPDATE_TOKEN": ("update_token", str),
    "KG_SERVICE_ALLOWLIST": ("service_allowlist", _words),
    "KG_CORS_ORIGINS": ("cors_origins", _words),
    "KG_MAX_BODY_BYTES": ("max_body_bytes", int),
    "KG_BASE_IRI": ("base_iri", str),
    "KG_QUERY_WORKERS": ("query_workers", int),
    "KG_CLIENT_QUERIES": ("client_queries", int),
    "KG_QUEUE_LENGTH": ("queue_length", int),
    "KG_UPDATE_TIMEOUT": ("update_timeout", _positive_float),
    "KG_LOG_FORMAT": ("log_format", str),
    "KG_CACHE_ENTRIES": ("cache_entries", int),
    "KG_CACHE_BYTES": ("cache_bytes", int),
    "KG_EXAMPLES": ("examples", Path),
    "KG_REMOTE_ENDPOINT": ("remote", str),
}
