"""What earlier builds of a store computed, reused when nothing it depends on changed.

Beside the builds, a store keeps ``cache/``: each document's mapping, keyed by the
SHA-256 of its content, the name it is reported by, the base IRI and a fingerprint
of the program (its code, tables, ontology and shapes), and each document's
validation verdict, keyed by the triples it was given after resolution. An unchanged
document is therefore not mapped or validated again, and since every key covers all
that the result depends on, a build that reuses entries writes exactly what a build
from nothing writes. Entries no build used are removed after each published build.
Only a build holding the store's lock reads or writes the cache.
"""

from __future__ import annotations

import errno
import hashlib
import io
import os
import pickle
import shutil
import tempfile
import zlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

import kg
from kg.errors import DiskFullError
from kg.resources import resource_folder
from kg.terms import TermPickler

_CACHE = "cache"
_STAGING = ".staging-"
_KINDS = ("mapped", "verdicts")


@cache
def program_fingerprint() -> str:
    """A digest of everything mapping and validation depend on besides the document."""
    digest = hashlib.sha256()
    roots = [Path(kg.__file__).resolve().parent, resource_folder("kg", "ontology"), resource_folder("kg", "shapes")]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (the key a document is known by)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def key(*parts: str) -> str:
    """One cache key from the parts a result depends on (the program's fingerprint included)."""
    digest = hashlib.sha256(program_fingerprint().encode())
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class BuildCache:
    """The store's cache of mappings and verdicts; remembers which entries this build used."""

    def __init__(self, store: Path, *, enabled: bool = True) -> None:
        self.root = store / _CACHE
        self.enabled = enabled
        self.used: dict[str, set[str]] = {kind: set() for kind in _KINDS}
        self.hits: dict[str, int] = dict.fromkeys(_KINDS, 0)

    def _path(self, kind: str, entry: str) -> Path:
        return self.root / kind / entry[:2] / entry

    def has(self, kind: str, entry: str) -> bool:
        """Whether a value may be stored under a key (:meth:`get` reads it, or finds it unreadable)."""
        return self.enabled and self._path(kind, entry).is_file()

    def get(self, kind: str, entry: str) -> Any | None:
        """The value stored under a key, or None."""
        if not self.enabled:
            return None
        self.used[kind].add(entry)
        try:
            with open(self._path(kind, entry), "rb") as handle:
                value = pickle.load(handle)  # written by this program into the store it owns
        except (OSError, EOFError, pickle.UnpicklingError):
            return None
        self.hits[kind] += 1
        return value

    def keep(self, kind: str, entry: str) -> None:
        """Count an entry as used without reading it (its document did not change), so pruning keeps it."""
        if self.enabled:
            self.used[kind].add(entry)

    def put(self, kind: str, entry: str, value: object) -> None:
        """Store a value under a key (atomically: a killed build leaves no half-written entry)."""
        if not self.enabled:
            return
        self.used[kind].add(entry)
        path = self._path(kind, entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + f".{os.getpid()}.tmp")
        try:
            with open(partial, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, path)
        except OSError:
            partial.unlink(missing_ok=True)  # a full disk costs the cache entry, never the build

    def prune(self, kinds: tuple[str, ...] = _KINDS) -> None:
        """Remove the entries of these kinds this build did not use (documents removed or changed since)."""
        if not self.enabled:
            return
        for kind in kinds:
            folder = self.root / kind
            if not folder.is_dir():
                continue
            for path in _files(folder):
                if path.name not in self.used[kind]:
                    path.unlink(missing_ok=True)


def _files(folder: Path) -> Iterable[Path]:
    for sub in folder.iterdir():
        if sub.is_dir():
            yield from (p for p in sub.iterdir() if p.is_file())


class Staging:
    """Mapped documents waiting for the load: one file each in a folder of the store, removed when done.

    A build holds only each document's report and keys in memory; its triples wait here, so
    the memory a build needs does not grow with the documents' triples. The folder of a build
    that was killed is removed by the next build of the store (which holds the lock).
    """

    def __init__(self, store: Path) -> None:
        store.mkdir(parents=True, exist_ok=True)
        for stale in store.glob(_STAGING + "*"):
            shutil.rmtree(stale, ignore_errors=True)
        self.root = Path(tempfile.mkdtemp(prefix=_STAGING, dir=store))
        self._count = 0

    def put(self, value: object) -> Path:
        """Write a value; returns where it waits."""
        buffer = io.BytesIO()
        TermPickler(buffer).dump(value)
        return self._write(buffer.getbuffer())

    def _write(self, data: bytes | memoryview) -> Path:
        self._count += 1
        path = self.root / f"{self._count:08d}"
        try:
            with open(path, "wb") as handle:
                handle.write(data)
        except OSError as error:
            if error.errno == errno.ENOSPC:
                raise DiskFullError(f"no space left on device while writing {path}; "
                                    "the previous store is unchanged") from error
            raise
        return path

    @staticmethod
    def get(path: Path) -> Any:
        """A value written by :meth:`put`."""
        with open(path, "rb") as handle:
            return pickle.load(handle)  # written by this build a moment ago

    def put_texts(self, texts: list[str]) -> Path:
        """Write lines of text (none holding a line break), compressed; returns where they wait."""
        return self._write(zlib.compress("\n".join(texts).encode("utf-8", "surrogatepass"), 1))

    @staticmethod
    def take_texts(path: Path) -> list[str]:
        """The lines written by :meth:`put_texts`, removed from the folder as they are read."""
        with open(path, "rb") as handle:
            data = zlib.decompress(handle.read()).decode("utf-8", "surrogatepass")
        path.unlink()
        return data.split("\n") if data else []

    def close(self) -> None:
        """Remove the folder and everything in it."""
        shutil.rmtree(self.root, ignore_errors=True)
