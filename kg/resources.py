"""The one loader of the files the program ships with: ontology, shapes, seeds, example queries, page assets.

Each lives in a package (``kg`` or ``server``) and is found through :mod:`importlib.resources`,
so a wheel installed anywhere reads the same files as a checkout. A missing or empty resource is
an incomplete installation, and raises :class:`ResourceError` rather than yielding nothing.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from kg.errors import KGError

__all__ = ["ResourceError", "resource_file", "resource_files", "resource_folder"]


class ResourceError(KGError, FileNotFoundError):
    """A file the program ships with is missing: the installation is incomplete."""


def _fix(package: str) -> str:
    return f"the installed package {package!r} is incomplete; reinstall it (pip install --force-reinstall)"


def resource_folder(package: str, name: str) -> Path:
    """The folder ``name`` inside ``package``, as a path on disk (raises when it is absent)."""
    root = files(package)
    if not isinstance(root, Path):
        raise ResourceError(f"package {package!r} is not installed as files on disk (zipped?); {_fix(package)}")
    folder = (root / name).resolve()  # in a checkout: the top-level folder the package links to
    if not folder.is_dir():
        raise ResourceError(f"{folder} is missing: {_fix(package)}")
    return folder


def resource_files(package: str, name: str, pattern: str) -> list[Path]:
    """The files of folder ``name`` in ``package`` matching ``pattern``, sorted; at least one, or an error."""
    folder = resource_folder(package, name)
    found = sorted(path for path in folder.glob(pattern) if path.is_file())
    if not found:
        raise ResourceError(f"{folder} has no {pattern} files: {_fix(package)}")
    return found


def resource_file(package: str, relative: str) -> Path:
    """One file inside ``package`` (``relative`` uses '/'), as a path on disk (raises when it is absent)."""
    folder, _, name = relative.rpartition("/")
    path = resource_folder(package, folder or ".") / name
    if not path.is_file():
        raise ResourceError(f"{path} is missing: {_fix(package)}")
    return path
