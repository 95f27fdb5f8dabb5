"""Query worker processes that can be killed, and a cache of answers per build.

pyoxigraph cannot cancel a query from Python: it releases the GIL while it
evaluates, ignores signals until it returns, and swallows exceptions raised in
custom functions. So each query runs in a worker process holding its own
read-only store handle; when the time limit passes, the server kills that
process (which really stops the work), answers with an error, and starts a
replacement in the background.
"""

from __future__ import annotations

import logging
import os
import pickle
import queue
import select
import signal
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any

from kg.errors import KGError
from server.query.execute import Answer, QueryJob, UpdateJob
from server.query.fairness import FairQueue

__all__ = ["QueryPool", "QueryTimeout", "WorkerError", "read_frame", "worker_environment", "write_frame"]

LOG = logging.getLogger(__name__)
HEADER = struct.Struct("!Q")
READY = b"ready"
# What a worker inherits of the server's environment: nothing else (no KG_* settings, no token).
WORKER_ENVIRONMENT = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR")
STARTUP_TIMEOUT = 60.0
SPARE_WORKERS = 1


class QueryTimeout(KGError):
    """The query did not finish within the time limit (it was stopped)."""


class WorkerError(KGError):
    """A query worker died or could not be started."""


def write_frame(stream: IO[bytes], payload: object) -> None:
    """Send one pickled message."""
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def read_frame(stream: IO[bytes]) -> Any:
    """Receive one pickled message; None at end of stream."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (size,) = HEADER.unpack(header)
    return pickle.loads(stream.read(size))


def worker_environment() -> dict[str, str]:
    """The environment a worker process starts with: locale and path, never the server's secrets."""
    return {name: os.environ[name] for name in WORKER_ENVIRONMENT if name in os.environ}


class _Worker:
    """One worker process, seen from the server."""

    def __init__(self, store: Path, sealed: bool) -> None:
        # -E -P: the installed package only (no PYTHON* variables, no current folder on the path);
        # unlike -I this keeps the user's site-packages, where `pip install --user` puts the package
        flags = ["--sealed"] if sealed else []
        self.process = subprocess.Popen(
            [sys.executable, "-E", "-P", "-m", "server.query.worker", *flags, str(store)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=worker_environment(),
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self._in = self.process.stdin
        self._out = self.process.stdout.fileno()
        self._buffer = bytearray()

    @property
    def pid(self) -> int:
        """The worker's process id."""
        return self.process.pid

    def _fill(self, size: int, deadline: float) -> None:
        while len(self._buffer) < size:
            wait = deadline - time.monotonic()
            try:
                if wait <= 0 or not select.select([self._out], [], [], wait)[0]:
                    raise QueryTimeout
                # read whatever is there: usually the header and the whole answer in one call
                chunk = os.read(self._out, max(size - len(self._buffer), 1 << 16))
            except (OSError, ValueError) as error:  # the pipe was closed under us (the pool is closing)
                raise WorkerError(f"query worker {self.pid}: {error}") from error
            if not chunk:
                raise WorkerError(f"query worker {self.pid} exited (code {self.process.poll()})")
            self._buffer += chunk

    def _take(self, size: int, deadline: float) -> bytes:
        self._fill(size, deadline)
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def receive(self, deadline: float) -> Any:
        """The next message, or QueryTimeout when the deadline passes first."""
        (size,) = HEADER.unpack(self._take(HEADER.size, deadline))
        return pickle.loads(self._take(size, deadline))

    def send(self, job: QueryJob | UpdateJob) -> None:
        """Hand the worker a job."""
        try:
            write_frame(self._in, job)
        except (BrokenPipeError, OSError) as error:
            raise WorkerError(f"query worker {self.pid} is gone: {error}") from error

    def kill(self) -> None:
        """Stop the worker now, whatever it is doing."""
        try:
            self.process.send_signal(signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self._in.close()
        if self.process.stdout is not None:
            self.process.stdout.close()


class QueryPool:
    """A fixed number of worker processes; run() gives a job to an idle one and enforces the deadline.

    Who gets an idle worker is decided by a :class:`FairQueue`; ``sealed`` workers cannot open
    network connections (see :mod:`server.query.seal`).
    """

    def __init__(self, store: Path, size: int, fairness: FairQueue | None = None, sealed: bool = True) -> None:
        self.store = store
        self.size = size
        self.sealed = sealed
        self.fairness = fairness if fairness is not None else FairQueue(size, size * 4, size * 8, 60.0)
        # the worker that answered last takes the next job: its caches are still warm, where handing
        # jobs round the pool finds each worker's cold (measured: about a third less worker CPU per
        # small query for one client sending one query after another)
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._started = False
        self._closed = False

    def start(self) -> None:
        """Start the workers in the background (run() also does, on first use)."""
        with self._lock:
            if self._started:
                return
            self._started = True
        # one more process than slots: a worker killed at its time limit takes a second to replace,
        # and the next query should not wait for that
        for _ in range(self.size + SPARE_WORKERS):
            self._spawn_async()

    def _spawn_async(self) -> None:
        threading.Thread(target=self._spawn, name="query-worker-start", daemon=True).start()

    def _spawn(self) -> None:
        if self._closed:
            return
        worker = _Worker(self.store, self.sealed)
        with self._lock:
            self._all.add(worker)
        try:
            ready = worker.receive(time.monotonic() + STARTUP_TIMEOUT)
        except (QueryTimeout, WorkerError) as error:
            if self._closed:  # closed while it was starting
                return
            LOG.error("query worker %s did not start (%s); trying again", worker.pid, error or "no answer")
            self._discard(worker)
            time.sleep(1.0)  # do not spin when workers cannot start at all
            self._spawn_async()
            return
        if ready == READY and not self._closed:
            self._idle.put(worker)
        else:
            self._discard(worker)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def run(self, job: QueryJob, timeout: float, client: str = "") -> Answer:
        """The job's answer; raises Busy (no worker for it now), QueryTimeout (the work is stopped) or WorkerError.

        The time limit starts when a worker takes the job: waiting for one does not use it up.
        """
        self.start()
        slot = self.fairness.acquire(client)
        try:
            try:
                worker = self._idle.get(timeout=STARTUP_TIMEOUT)  # a slot means one is free or starting
            except queue.Empty:
                raise WorkerError(f"no query worker started within {STARTUP_TIMEOUT:g} s") from None
            deadline = time.monotonic() + timeout
            try:
                worker.send(job)
                answer: Answer = worker.receive(deadline)
            except QueryTimeout:
                LOG.warning("query worker %s killed after %g s (time limit); starting another", worker.pid, timeout)
                self._discard(worker)
                self._spawn_async()
                raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped") from None
            except WorkerError as error:
                LOG.warning("%s; starting another", error)
                self._discard(worker)
                self._spawn_async()
                raise
            self._idle.put(worker)
            return answer
        finally:
            self.fairness.release(slot)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


def run_alone(store: Path, job: UpdateJob, timeout: float) -> Answer:
    """Run one job in a fresh sealed worker of its own (updates: they write a new build)."""
    worker = _Worker(store, sealed=True)
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT + timeout
        if worker.receive(deadline) != READY:
            raise WorkerError(f"the update worker {worker.pid} did not start")
        worker.send(job)
        answer: Answer = worker.receive(deadline)
        return answer
    except QueryTimeout:
        raise QueryTimeout(f"the update ran longer than {timeout:g} s and was stopped") from None
    finally:
        worker.kill()
