"""Progress of a build's stages on a terminal: done/total, items per second, time left.

Quiet when off (the CLI turns it on only when stderr is a terminal). It runs no thread,
so worker processes can be forked while it is shown.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

Item = TypeVar("Item")
_EVERY = 0.25  # seconds between two redraws


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds + 0.5), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class Progress:
    """One stage's progress line, redrawn in place; a summary line when the stage ends."""

    def __init__(self, stage: str, total: int | None, unit: str, *, enabled: bool,
                 stream: TextIO | None = None) -> None:
        self.stage, self.total, self.unit, self.enabled = stage, total, unit, enabled
        self.stream = stream or sys.stderr
        self.done = 0
        self._start = self._drawn = time.monotonic()

    def line(self) -> str:
        """What the line says now: 'mapping: 120/1,000 docs, 41.2 docs/s, 0:21 left'."""
        elapsed = max(time.monotonic() - self._start, 1e-9)
        rate = self.done / elapsed
        count = f"{self.done:,}/{self.total:,}" if self.total is not None else f"{self.done:,}"
        text = f"{self.stage}: {count} {self.unit}, {rate:,.1f} {self.unit}/s"
        if self.total is not None and 0 < self.done < self.total and rate > 0:
            text += f", {_clock((self.total - self.done) / rate)} left"
        elif self.done and self.total is not None and self.done >= self.total:
            text += f", {_clock(elapsed)}"
        return text

    def advance(self, count: int = 1) -> None:
        """Count items done; redraw at most a few times a second."""
        self.done += count
        now = time.monotonic()
        if self.enabled and now - self._drawn >= _EVERY:
            self._drawn = now
            self.stream.write("\r" + self.line() + "\033[K")
            self.stream.flush()

    def close(self) -> None:
        """End the stage with its summary line."""
        if self.enabled:
            self.stream.write("\r" + self.line() + "\033[K\n")
            self.stream.flush()


def track(items: Iterable[Item], stage: str, total: int | None, unit: str, *, enabled: bool) -> Iterator[Item]:
    """Yield the items, showing the stage's progress as they pass."""
    progress = Progress(stage, total, unit, enabled=enabled)
    try:
        for item in items:
            yield item
            progress.advance()
    finally:
        progress.close()
