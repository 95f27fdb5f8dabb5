"""Run the app under a production HTTP server (Granian: Rust HTTP, WSGI, several threads and processes)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from flask import Flask

from server.logs import FORMATTERS
from server.settings import ServerSettings

__all__ = ["SETTINGS_VARIABLE", "app_from_environment", "serve"]

STOP_SECONDS = 3  # how long a stop waits for requests in flight
SETTINGS_VARIABLE = "KG_SERVER_SETTINGS"  # how serve() hands resolved settings to the server processes
CLIENTS_VARIABLE = "KG_FRONT_CLIENTS"  # the front's table of relayed connections' clients (server.front)


def app_from_environment() -> Flask:
    """The app factory each server process calls: settings from serve(), else defaults and KG_*."""
    from server import create_app

    text = os.environ.get(SETTINGS_VARIABLE)
    app = create_app(ServerSettings.from_json(text) if text else ServerSettings.resolve())
    clients = os.environ.get(CLIENTS_VARIABLE)
    if clients:  # behind the front: the client's own address, not the relay's
        from server.front import ClientAddresses, ClientTable

        app.wsgi_app = ClientAddresses(app.wsgi_app, ClientTable(Path(clients)))  # type: ignore[method-assign]
    return app


def granian_logging(log_format: str) -> dict[str, Any]:
    """Granian's own lines (start, stop, worker processes) on standard error, in the server's format."""
    return {
        "formatters": {"server": {"()": FORMATTERS[log_format]}},
        "handlers": {"console": {"formatter": "server", "class": "logging.StreamHandler", "stream": "ext://sys.stderr"}},
        "loggers": {"_granian": {"handlers": ["console"], "level": "INFO", "propagate": False}},
    }


def serve(
    settings: ServerSettings,
    host: str = "127.0.0.1",
    port: int = 8000,
    threads: int = 8,
    processes: int = 1,
    front: bool = True,
) -> None:
    """Serve until interrupted.

    With ``front`` (the default, for an embedded store), :mod:`server.front` owns the port:
    plain GET queries go, connection and all, to its sealed processes
    (``settings.query_workers`` of them, plus one spare), and every other request to the Flask
    app under Granian behind it, on a loopback port: `processes` HTTP processes with `threads`
    request threads each. Without it (and for a remote store), Granian serves the port itself.
    Each Granian process has its own pool of ``settings.query_workers`` query processes (the
    ones killed on timeout), so on a small machine keep ``processes`` at 1.
    """
    if front and settings.remote is None:
        from server.front import run_front

        raise SystemExit(run_front(settings, host, port, threads, processes))
    _granian(settings, host, port, threads, processes)


def _granian(settings: ServerSettings, host: str, port: int, threads: int, processes: int) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    os.environ[SETTINGS_VARIABLE] = settings.to_json()
    Granian(
        target="server.serve:app_from_environment",
        factory=True,
        address=host,
        port=port,
        interface=Interfaces.WSGI,
        workers=processes,
        blocking_threads=threads,
        log_access=False,  # the app logs each request itself (server.logs), with the query's hash
        log_dictconfig=granian_logging(settings.log_format),
        # a stop must not wait for running queries: HTTP processes still busy then are killed,
        # and their query workers end with them
        workers_kill_timeout=STOP_SECONDS,
    ).serve()


if __name__ == "__main__":  # the app behind the front: python -m server.serve HOST PORT THREADS PROCESSES
    _host, _port, _threads, _processes = sys.argv[1:]
    _granian(ServerSettings.from_json(os.environ[SETTINGS_VARIABLE]), _host, int(_port), int(_threads), int(_processes))
