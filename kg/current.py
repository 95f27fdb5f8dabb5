"""Which build a store serves now, and that build opened read-only: all a reader of the store needs.

Kept apart from :mod:`kg.store` (which re-exports both) so that a reader loads no more than
pyoxigraph: `kg query` on a cheap lookup costs about what the lookup costs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError

__all__ = ["CURRENT", "DEFAULT_STORE", "current_build", "open_read_only"]

DEFAULT_STORE = Path("data/store")
CURRENT = "current"  # the link to the build a store serves, replaced atomically by each build


def current_build(directory: str | Path) -> Path | None:
    """The directory of the build the store serves now, or None before the first build."""
    link = Path(directory) / CURRENT
    try:
        target = os.readlink(link)
    except (FileNotFoundError, OSError):
        return None
    path = (link.parent / target).resolve()
    return path if path.is_dir() else None


def open_read_only(directory: str | Path) -> ox.Store:
    """The current build opened read-only; raises StoreError when there is none."""
    build = current_build(directory)
    if build is None:
        raise StoreError(f"{directory}: no built store here; run `kg build` first (or pass --store DIR)")
    try:
        return ox.Store.read_only(str(build))
    except OSError as error:
        raise StoreError(f"{build}: cannot open the store read-only: {error}") from error
