"""Files made once per build beside the store (dumps, the full-text index), in a process of their own.

``<store>/<folder>/<build>`` is written by ``python -I -m <module> BUILD_DIR OUT`` the first
time it is asked for; until it is there, :meth:`PerBuild.ready` says so (and the pages answer
503 with Retry-After). Artefacts of builds that are gone are removed. A server that fronts a
remote store (``kg serve --remote URL``) makes them from the local build that was published,
when the operator names it with ``--store DIR``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path

from kg.store import current_build
from server.protocol import ProtocolError
from server.query.pool import worker_environment

__all__ = ["PerBuild"]


class PerBuild:
    """One kind of artefact of the current build: where it goes and the module that makes it."""

    def __init__(self, store: Path, folder: str, module: str, suffix: str = "", remote: str | None = None) -> None:
        self.store = store
        self.remote = remote  # the remote store this server fronts, if it does
        self.folder = folder
        self.module = module
        self.suffix = suffix
        self._lock = threading.Lock()
        self._running: dict[str, subprocess.Popen[bytes]] = {}
        self._failed: dict[str, str] = {}

    def current(self) -> tuple[str, Path] | None:
        """The current build's name and where its artefact goes (None before the first build)."""
        build = current_build(self.store)
        if build is None:
            return None
        return build.name, self.store / self.folder / (build.name + self.suffix)

    def ready(self) -> Path | None:
        """The artefact of the current build when it exists; else it is started and None returned."""
        found = self.current()
        if found is None and self.remote is not None:
            raise ProtocolError(503, f"this server fronts the remote store {self.remote} and has no local build for "
                                     f"its {self.folder}: start it with `kg serve --remote {self.remote} --store DIR`, "
                                     "DIR being the store `kg publish` published")
        if found is None:
            raise ProtocolError(503, f"{self.store}: no built store here yet; run `kg build` first")
        name, path = found
        if path.exists():
            return path
        with self._lock:
            if name in self._failed:
                raise ProtocolError(500, f"could not make {self.folder} for build {name}: {self._failed[name]}")
            if name not in self._running:
                path.parent.mkdir(parents=True, exist_ok=True)
                process = subprocess.Popen(
                    [sys.executable, "-I", "-m", self.module, str(self.store / "builds" / name), str(path)],
                    env=worker_environment(),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
                self._running[name] = process
                threading.Thread(target=self._wait, args=(name, process), name=self.folder, daemon=True).start()
        return None

    def _wait(self, name: str, process: subprocess.Popen[bytes]) -> None:
        _, errors = process.communicate()
        with self._lock:
            del self._running[name]
            if process.returncode != 0:
                lines = errors.decode("utf-8", "replace").strip().splitlines()
                self._failed[name] = lines[-1] if lines else f"exit code {process.returncode}"
                return
        self._prune(name)

    def _prune(self, keep: str) -> None:
        builds = {path.name + self.suffix for path in (self.store / "builds").iterdir()} | {keep + self.suffix}
        for path in (self.store / self.folder).iterdir():
            if path.name not in builds and ".partial-" not in path.name:
                if path.is_dir():
                    shutil.rmtree(path, ignore_errors=True)
                else:
                    path.unlink(missing_ok=True)
