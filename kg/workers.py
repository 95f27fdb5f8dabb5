"""Worker processes that map documents in parallel, each document under a time limit.

The parent hands each worker one document at a time and collects the answers in
the documents' order (an ordered merge), so a build with any number of workers
gives exactly what one worker gives. A document that runs past the time limit, or
whose worker dies, is rejected by name; that worker is killed and replaced, and the
other documents go on.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import ForkContext, ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Generic, TypeVar

Task = tuple[Path, str]  # a document's path and the name to report it by
Result = TypeVar("Result")

# Documents handed out ahead of the one the merge waits for, per worker: enough to keep
# every worker busy, few enough that answers waiting for their turn stay few.
_AHEAD_PER_WORKER = 4


def default_jobs() -> int:
    """As many workers as cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def worker_context() -> ForkContext | ForkServerContext:
    """How workers start: forked from a parent that runs no other thread (cheap, and it needs nothing
    re-imported), else from a fork server that has imported the build once (safe beside threads)."""
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["kg.build"])
    return context


def _serve(connection: Connection, work: Callable[[Path, str], object]) -> None:
    """A worker's loop: map each document it is sent, answer, until told to stop."""
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        number, path, display = task
        try:
            answer = work(path, display)
        except Exception as error:  # the top of a worker process: one document fails, not the build
            connection.send((number, False, f"could not be mapped ({type(error).__name__}: {error})"))
        else:
            connection.send((number, True, answer))


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    number: int = -1  # the document it maps now, -1 when idle
    display: str = ""
    deadline: float = 0.0


class DocumentPool(Generic[Result]):
    """Maps documents with ``work`` in ``jobs`` processes; answers come back in the documents' order."""

    def __init__(self, work: Callable[[Path, str], Result], fail: Callable[[str, str], Result],
                 jobs: int, time_limit: float) -> None:
        self._work = work
        self._fail = fail  # the answer for a document that timed out or whose worker died
        self._jobs = max(1, jobs)
        self._time_limit = time_limit
        self._context = worker_context()
        self._workers: list[_Worker] = []

    def __enter__(self) -> DocumentPool[Result]:
        self._workers = [self._start() for _ in range(self._jobs)]
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._workers:
            try:
                worker.connection.send(None)
            except OSError:
                pass
        for worker in self._workers:
            worker.process.join(timeout=5)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self._workers = []

    def _start(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self._work), daemon=True)
        process.start()
        child.close()
        return _Worker(process, parent)

    def _replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join()
        worker.connection.close()
        self._workers[self._workers.index(worker)] = self._start()

    def map(self, tasks: Iterable[Task]) -> Iterator[Result]:
        """Each task's answer, in the order of the tasks."""
        queue = iter(enumerate(tasks))
        waiting: dict[int, Result] = {}
        handed, emitted, exhausted = 0, 0, False
        while True:
            for worker in self._workers:
                if worker.number >= 0 or exhausted or handed >= emitted + self._jobs * _AHEAD_PER_WORKER:
                    continue
                item = next(queue, None)
                if item is None:
                    exhausted = True
                    continue
                number, (path, display) = item
                worker.connection.send((number, path, display))
                worker.number, worker.display = number, display
                worker.deadline = time.monotonic() + self._time_limit
                handed += 1
            while emitted in waiting:
                yield waiting.pop(emitted)
                emitted += 1
            busy = [w for w in self._workers if w.number >= 0]
            if not busy:
                if exhausted:
                    return
                continue
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.connection for w in busy], timeout=timeout)
            for worker in busy:
                if worker.connection in ready:
                    try:
                        number, ok, answer = worker.connection.recv()
                    except (EOFError, OSError):
                        waiting[worker.number] = self._fail(worker.display, "its worker process died")
                        self._replace(worker)
                        continue
                    waiting[number] = answer if ok else self._fail(worker.display, answer)
                    worker.number = -1
                elif time.monotonic() >= worker.deadline:
                    waiting[worker.number] = self._fail(
                        worker.display, f"took longer than {self._time_limit:g} s to map "
                        "(raise the limit with --time-limit)")
                    self._replace(worker)
