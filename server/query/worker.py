"""A query worker process: reads jobs on stdin, answers on stdout, until stdin closes.

Started by :class:`server.query.pool.QueryPool` as ``python -E -P -m server.query.worker [--sealed] STORE_DIR``.
It opens the store read-only and follows rebuilds, so any number can run beside
a build and beside each other. With ``--sealed`` it first takes away its own
network (:mod:`server.query.seal`), before it reads anything a client sent.
"""

from __future__ import annotations

import os
import sys
import threading
import time
import traceback

from kg.errors import StoreError
from kg.store import LiveStore
from server.query.execute import JOBS, Answer, QueryJob, UpdateJob, update
from server.query.pool import READY, read_frame, write_frame
from server.query.seal import SealError, seal

PARENT_CHECK = 1.0  # seconds between checks that the server is still there


def exit_with_parent(parent: int) -> None:
    # A closed pipe ends an idle worker; one busy in a long query would run on as an orphan, so
    # this thread (pyoxigraph releases the GIL while it evaluates) ends it once the server is gone.
    while True:
        time.sleep(PARENT_CHECK)
        if os.getppid() != parent:
            os._exit(0)


def main(argv: list[str]) -> int:
    """Serve jobs until the server closes the pipe (or goes away)."""
    *flags, directory = argv[1:]
    if "--sealed" in flags:
        try:
            seal()
        except SealError as error:
            print(f"query worker: {error}; it will not run queries", file=sys.stderr)
            return 3
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    jobs_in = sys.stdin.buffer
    answers_out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print must not corrupt the answers
    live = LiveStore(directory)
    try:
        live.get()  # open the store before saying ready, so the first query does not pay for it
    except StoreError:
        pass  # no build yet: each job answers so, and the first build is picked up when it appears
    write_frame(answers_out, READY)
    while (job := read_frame(jobs_in)) is not None:
        write_frame(answers_out, _answer(live, job))
    return 0


def _answer(live: LiveStore, job: QueryJob | UpdateJob) -> Answer:
    try:
        if isinstance(job, UpdateJob):
            return update(live.directory, job)
        return JOBS[job.kind](live, job)
    except Exception as error:  # the process's top level: report, keep serving
        traceback.print_exc()
        return Answer.error(500, f"the query failed: {type(error).__name__}: {error}")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
