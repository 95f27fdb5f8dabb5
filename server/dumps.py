"""Dumps at /dumps/: the current build's files, made on the first request, with checksums.

The files are written by ``python -m kg.dumps`` in a process of its own (the server only
waits for it), into ``<store>/dumps/<build>/`` beside the builds; a request that comes
while they are being made is answered ``503`` with ``Retry-After``. Files are sent from
disk in chunks, whatever their size.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

from flask import Blueprint, Flask, Response, render_template, send_file, url_for

from kg.dumps import CHECKSUMS, DUMPS, MANIFEST, Manifest, read_manifest
from kg.store import current_build
from server.protocol import ProtocolError, plain
from server.query.pool import worker_environment

__all__ = ["DumpCache", "blueprint", "dump_urls"]

blueprint = Blueprint("dumps", __name__)

FOLDER = "dumps"  # beside builds/ in the store directory
RETRY_SECONDS = 5
NAMES = frozenset({*(dump.name for dump in DUMPS), MANIFEST, CHECKSUMS})


class DumpCache:
    """The dump folder of each build, made once, in the background, by one process at a time."""

    def __init__(self, store: Path) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._running: dict[str, subprocess.Popen[bytes]] = {}
        self.failed: dict[str, str] = {}

    def folder(self) -> tuple[str, Path] | None:
        """The current build's name and dump folder (None before the first build)."""
        build = current_build(self.store)
        if build is None:
            return None
        return build.name, self.store / FOLDER / build.name

    def ready(self) -> Manifest | None:
        """The current build's manifest when its dumps exist; else start making them and return None."""
        found = self.folder()
        if found is None:
            raise ProtocolError(503, f"{self.store}: no built store here yet; run `kg build` first")
        name, folder = found
        if (folder / MANIFEST).is_file():
            return read_manifest(folder)
        with self._lock:
            if name in self.failed:
                raise ProtocolError(500, f"the dumps of build {name} could not be made: {self.failed[name]}")
            if name not in self._running:
                self._start(name, folder)
        return None

    def _start(self, name: str, folder: Path) -> None:
        build = self.store / "builds" / name
        process = subprocess.Popen(
            [sys.executable, "-I", "-m", "kg.dumps", str(build), str(folder)],
            env=worker_environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._running[name] = process
        threading.Thread(target=self._wait, args=(name, process), name="dumps", daemon=True).start()

    def _wait(self, name: str, process: subprocess.Popen[bytes]) -> None:
        _, errors = process.communicate()
        with self._lock:
            del self._running[name]
            if process.returncode != 0:
                self.failed[name] = errors.decode("utf-8", "replace").strip().splitlines()[-1:][0] if errors else (
                    f"exit code {process.returncode}"
                )
            else:
                self._prune(name)

    def _prune(self, keep: str) -> None:
        """Dump folders of builds that are gone go too."""
        builds = {path.name for path in (self.store / "builds").iterdir()} | {keep}
        for path in (self.store / FOLDER).iterdir():
            if path.name not in builds and ".partial-" not in path.name:
                shutil.rmtree(path, ignore_errors=True)


def cache() -> DumpCache:
    """The app's dump cache."""
    from flask import current_app

    return current_app.extensions["kg-dumps"]  # type: ignore[no-any-return]


def install(app: Flask) -> None:
    """Give the app its dump cache."""
    app.extensions["kg-dumps"] = DumpCache(app.extensions["kg"].settings.store)


def dump_urls() -> list[tuple[str, str]]:
    """(absolute URL, media type) of each dump, for the VoID description."""
    return [(url_for("dumps.file", name=dump.name, _external=True), dump.media_type) for dump in DUMPS]


def _not_yet() -> Response:
    response = plain(503, "the dumps of the current build are being made; try again in a few seconds")
    response.headers["Retry-After"] = str(RETRY_SECONDS)
    return response


@blueprint.get("/dumps/")
def listing() -> Response:
    """The dumps of the current build: names, sizes, statement counts and checksums."""
    manifest = cache().ready()
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
    if cache().ready() is None:
        return _not_yet()
    found = cache().folder()
    assert found is not None
    path = found[1] / name
    if name == MANIFEST:
        return send_file(path, mimetype="application/json")
    if name == CHECKSUMS:
        return send_file(path, mimetype="text/plain")
    response = send_file(path, mimetype="application/gzip", as_attachment=True, download_name=name,
                         conditional=True, etag=True)
    response.headers["X-Build"] = found[0]
    return response
