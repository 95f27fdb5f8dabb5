"""A least-recently-used cache of one build's answers, bounded in entries and bytes."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

__all__ = ["BuildCache"]

V = TypeVar("V")
LARGEST_SHARE = 16  # one value may take at most this fraction of the byte budget


class BuildCache(Generic[V]):
    """Values computed from one build of the store; the first lookup for another build empties it."""

    def __init__(self, entries: int, max_bytes: int) -> None:
        self.entries = entries
        self.max_bytes = max_bytes
        self._values: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._bytes = 0
        self._build = ""
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """Whether anything is ever kept."""
        return self.entries > 0 and self.max_bytes > 0

    def get(self, build: str, key: Hashable) -> V | None:
        """The value kept for this key, if it was computed from this build."""
        if not self.enabled:
            return None
        with self._lock:
            if build != self._build:
                self._values.clear()
                self._bytes = 0
                self._build = build
                return None
            found = self._values.get(key)
            if found is None:
                return None
            self._values.move_to_end(key)
            return found[0]

    def put(self, build: str, key: Hashable, value: V, size: int) -> None:
        """Keep a value computed from `build` (dropped if that is no longer the current build)."""
        if not self.enabled or size > self.max_bytes // LARGEST_SHARE:
            return
        with self._lock:
            if build != self._build:
                return
            previous = self._values.pop(key, None)
            if previous is not None:
                self._bytes -= previous[1]
            self._values[key] = (value, size)
            self._bytes += size
            while len(self._values) > self.entries or self._bytes > self.max_bytes:
                _, (_, evicted) = self._values.popitem(last=False)
                self._bytes -= evicted
