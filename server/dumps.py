"""Dumps at /dumps/: the current build's files, made on the first request, with checksums.

The files are written by ``python -m kg.dumps`` in a process of its own (the server only
waits for it), into ``<store>/dumps/<build>/`` beside the builds; a request that comes
while they are being made is answered ``503`` with ``Retry-After``. Files are sent from
disk in chunks, whatever their size.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, render_template, send_file, url_for

from kg.dumps import CHECKSUMS, DUMPS, MANIFEST, Manifest, read_manifest
from server.artefacts import PerBuild
from server.protocol import ProtocolError, plain

__all__ = ["blueprint", "cache", "install"]

blueprint = Blueprint("dumps", __name__)

FOLDER = "dumps"  # beside builds/ in the store directory
RETRY_SECONDS = 5
NAMES = frozenset({*(dump.name for dump in DUMPS), MANIFEST, CHECKSUMS})


def cache() -> PerBuild:
    """The app's dumps of the current build."""
    return current_app.extensions["kg-dumps"]  # type: ignore[no-any-return]


def install(app: Flask) -> None:
    """Give the app its dumps: ``<store>/dumps/<build>/``, made by ``python -m kg.dumps``."""
    settings = app.extensions["kg"].settings
    app.extensions["kg-dumps"] = PerBuild(settings.store, FOLDER, "kg.dumps", remote=settings.remote)


def _manifest() -> tuple[str, Path, Manifest] | None:
    folder = cache().ready()
    if folder is None:
        return None
    return folder.name, folder, read_manifest(folder)


def _not_yet() -> Response:
    response = plain(503, "the dumps of the current build are being made; try again in a few seconds")
    response.headers["Retry-After"] = str(RETRY_SECONDS)
    return response


@blueprint.get("/dumps/")
def listing() -> Response:
    """The dumps of the current build: names, sizes, statement counts and checksums."""
    found = _manifest()
    manifest = found[2] if found else None
    page = render_template("dumps.html", manifest=manifest, retry=RETRY_SECONDS,
                           endpoint=url_for("sparql.endpoint"), void=url_for("sparql.void"))
    response = Response(page, status=200 if manifest else 503, content_type="text/html; charset=utf-8")
    if manifest is None:
        response.headers["Retry-After"] = str(RETRY_SECONDS)
    return response


@blueprint.get("/dumps/<name>")
def file(name: str) -> Response:
    """One dump file (or the manifest, or SHA256SUMS), streamed from disk."""
    if name not in NAMES:
        raise ProtocolError(404, f"no dump called {name!r}; the dumps are {', '.join(sorted(NAMES))}")
    found = _manifest()
    if found is None:
        return _not_yet()
    path = found[1] / name
    if name == MANIFEST:
        return send_file(path, mimetype="application/json")
    if name == CHECKSUMS:
        return send_file(path, mimetype="text/plain")
    response = send_file(path, mimetype="application/gzip", as_attachment=True, download_name=name,
                         conditional=True, etag=True)
    response.headers["X-Build"] = found[0]
    return response
