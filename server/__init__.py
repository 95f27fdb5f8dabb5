"""The Flask app: SPARQL 1.1 endpoint at /sparql, query page at /, optional /update."""

from __future__ import annotations

import atexit
from typing import TYPE_CHECKING

from kg.resources import resource_file
from server.settings import ServerSettings, SettingsError

if TYPE_CHECKING:
    from flask import Flask
    from werkzeug.exceptions import HTTPException
    from werkzeug.wrappers import Response

__all__ = ["ServerSettings", "SettingsError", "create_app"]


def _plain_http_error(error: HTTPException) -> Response:
    # keep the headers the error carries (Allow on 405), but never an HTML page
    response = error.get_response()
    response.set_data(f"{error.code} {error.name}: {error.description}\n")
    response.content_type = "text/plain; charset=utf-8"
    return response


def create_app(config: ServerSettings | None = None) -> Flask:
    """Build the app; without settings, they are resolved from defaults and ``KG_*`` variables."""
    # Imported here so that query worker processes, which import server.query, start without Flask.
    from flask import Flask
    from werkzeug.exceptions import HTTPException

    from server import direct, headers, logs, pages, sparql, update
    from server.protocol import ProtocolError, protocol_error
    from server.query.runner import QueryRunner

    settings = config if config is not None else ServerSettings.resolve()
    for name in ("templates/index.html", "static/query.js", "static/query.css", *pages.VENDOR_FILES):
        resource_file("server", name)  # raises on an incomplete installation, before anything starts
    try:
        pages.example_queries(settings.examples)
    except ValueError as error:
        raise SettingsError(str(error)) from error
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    runner = QueryRunner(settings)
    app.extensions["kg"] = runner
    atexit.register(runner.close)
    app.register_blueprint(sparql.blueprint)
    pages.register(app)  # the query page, resource pages, map, dumps, ontology, search
    if settings.update_enabled:
        app.register_blueprint(update.blueprint)
    app.register_error_handler(HTTPException, _plain_http_error)
    app.register_error_handler(ProtocolError, protocol_error)
    headers.install(app)
    logs.configure(app, settings.log_format)
    direct.install(app, runner)  # plain GET /sparql answered in front of Flask
    runner.start()
    return app
