"""A sealed query process that answers HTTP requests itself: the front hands it the client's connection.

Started by :mod:`server.front` as ``python -E -P -m server.query.connections FD STORE_DIR OPTIONS``,
where FD is its end of a Unix socket pair to the front. It seals itself off the network
(:mod:`server.query.seal`) before it reads anything a client sent, opens the store read-only,
says ``ready``, then for each message takes the connection passed with it (SCM_RIGHTS), reads the
request head the front read for it, runs the query (:func:`server.query.execute.execute`, the
code every query worker runs) and writes the whole response itself: the same headers and log
line as the Flask path. It then tells the front whether the connection stays open.

The front keeps its own copy of the connection: if this process runs past the time limit, the
front kills it and answers 503 on that copy. A request it should not answer (anything but a
plain GET of /sparql whose text cannot call out, or a syntax error, which the blueprint words)
goes back untouched, and the front passes it on to Flask.
"""

from __future__ import annotations

import functools
import json
import os
import socket
import struct
import sys
import threading
import time
import traceback
from email.utils import formatdate

from kg.errors import StoreError
from kg.store import LiveStore
from server.formats import negotiate
from server.logs import LOGGER, configure_stream, log_request, query_hash
from server.query.cache import BuildCache
from server.query.execute import Answer, QueryJob, execute
from server.query.seal import SealError, seal
from server.reply import finish, plain, plain_query, query_reply

__all__ = ["CLOSE", "HANDOVER", "KEEP", "PASS", "READY", "answer_request", "http_response", "main"]

READY = b"ready"
KEEP = b"k"  # answered; the connection stays open for the next request
CLOSE = b"c"  # answered (or the client went away); the front closes the connection
PASS = b"p"  # not answered: the front passes the request on to Flask
HANDOVER = struct.Struct("!dH")  # the request's arrival (time.perf_counter), the length of the client's address
MAX_MESSAGE = 1 << 17  # the front hands over heads of at most 64 KiB
WRITE_SECONDS = 60.0  # a client that reads none of its answer for this long loses the connection
PARENT_CHECK = 1.0
REASONS = {200: "OK", 403: "FORBIDDEN", 406: "NOT ACCEPTABLE", 500: "INTERNAL SERVER ERROR",
           503: "SERVICE UNAVAILABLE"}


class _Request:
    """What this process reads of a request head: the target, the headers it uses, keep-alive."""

    def __init__(self, head: bytes) -> None:
        lines = head.decode("latin-1").split("\r\n")
        method, _, rest = lines[0].partition(" ")
        target, _, version = rest.rpartition(" ")
        self.method = method
        self.path, _, self.query_string = target.partition("?")
        self.version = version
        self.headers: dict[str, str] = {}
        self.repeated = False  # a header it reads stands twice: Flask decides how to read that
        for line in lines[1:]:
            if not line:
                continue
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name in self.headers:
                self.repeated = True
            self.headers[name] = value.strip()

    @property
    def keep_alive(self) -> bool:
        connection = self.headers.get("connection", "").lower()
        if self.version == "HTTP/1.0":
            return "keep-alive" in connection
        return "close" not in connection

    @property
    def has_body(self) -> bool:
        return "transfer-encoding" in self.headers or self.headers.get("content-length", "0") not in ("", "0")


class ConnectionWorker:
    """Answers the requests the front hands this process, one at a time."""

    def __init__(self, directory: str, max_rows: int, cors_origins: tuple[str, ...], cache: BuildCache[Answer]):
        self.live = LiveStore(directory)
        self.max_rows = max_rows
        self.cors_origins = cors_origins
        self.cache = cache

    def answer(self, head: bytes, client: str, started: float) -> tuple[bytes, bool] | None:
        """The response's bytes and whether the connection stays open; None when Flask must answer."""
        request = _Request(head)
        if request.method != "GET" or request.path != "/sparql" or request.repeated or request.has_body:
            return None
        if request.version not in ("HTTP/1.1", "HTTP/1.0"):
            return None
        query = plain_query(request.query_string)
        if query is None:
            return None
        hashed = query_hash(query)
        negotiation = negotiate(request.headers.get("accept", ""), "")
        job = QueryJob(query=query, chosen=negotiation.chosen, max_rows=self.max_rows)
        try:
            reply = query_reply(self._run(job), negotiation, self.max_rows, hashed)
        except Exception:  # the request's top level, as Flask's handler of unexpected errors
            LOGGER.exception("GET /sparql failed")
            reply = plain(500, "500 Internal Server Error: The server encountered an internal error and was "
                               "unable to complete your request. Either the server is overloaded or there is an "
                               "error in the application.")
        if reply is None:
            return None  # a syntax error: the blueprint words it
        status, headers, body = finish(reply, self.cors_origins, request.headers.get("origin"))
        keep = request.keep_alive
        log_request("GET", "/sparql", status, started, len(body), client, hashed)
        return http_response(status, headers, body, keep), keep

    def _run(self, job: QueryJob) -> Answer:
        key = (job.query, job.chosen, job.max_rows)
        cached = self.cache.get(self.live.name, key)
        if cached is not None:
            return cached
        answer = execute(self.live, job)
        if answer.status == 200:
            self.cache.put(answer.build, key, answer, len(answer.body))
        return answer


@functools.lru_cache(maxsize=4)
def _http_date(second: int) -> str:
    return formatdate(second, usegmt=True)


def http_response(status: int, headers: list[tuple[str, str]], body: bytes, keep: bool) -> bytes:
    """The response's bytes: status line, headers (with Date, as the HTTP server sends it), body."""
    lines = [f"HTTP/1.1 {status} {REASONS.get(status, 'UNKNOWN')}", *(f"{n}: {v}" for n, v in headers),
             f"Date: {_http_date(int(time.time()))}"]
    if not keep:
        lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def answer_request(worker: ConnectionWorker, connection: socket.socket, message: bytes) -> bytes:
    """Answer one handed-over request on its connection; what to tell the front (KEEP, CLOSE or PASS)."""
    started, size = HANDOVER.unpack_from(message)
    client = message[HANDOVER.size : HANDOVER.size + size].decode("utf-8", "replace")
    head = message[HANDOVER.size + size :]
    try:
        answered = worker.answer(head, client, started)
    except Exception:
        traceback.print_exc()
        answered = None
    if answered is None:
        return PASS
    data, keep = answered
    try:
        connection.settimeout(WRITE_SECONDS)  # poll()s for room: the front set the socket non-blocking
        connection.sendall(data)
    except OSError:
        return CLOSE
    return KEEP if keep else CLOSE


def _exit_with_parent(parent: int) -> None:
    # A closed socket ends an idle process; one busy in a long query would run on as an orphan
    while True:
        time.sleep(PARENT_CHECK)
        if os.getppid() != parent:
            os._exit(0)


def main(argv: list[str]) -> int:
    """Take connections from the front until it closes the socket pair."""
    descriptor, directory, options_text = argv[1:]
    try:
        seal()
    except SealError as error:
        print(f"query worker: {error}; it will not run queries", file=sys.stderr)
        return 3
    threading.Thread(target=_exit_with_parent, args=(os.getppid(),), daemon=True).start()
    options = json.loads(options_text)
    configure_stream(options["log_format"])
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print goes to the log
    control = socket.socket(fileno=int(descriptor))
    worker = ConnectionWorker(directory, options["max_rows"], tuple(options["cors_origins"]),
                              BuildCache(options["cache_entries"], options["cache_bytes"]))
    try:
        worker.live.get()  # open the store before saying ready, so the first query does not pay for it
    except StoreError:
        pass  # no build yet: each query answers so, and the first build is picked up when it appears
    control.sendall(READY)
    while True:
        try:
            message, descriptors, _, _ = socket.recv_fds(control, MAX_MESSAGE, 1)
        except OSError:
            return 0
        if not message:
            return 0  # the front is gone
        if not descriptors:
            continue
        connection = socket.socket(fileno=descriptors[0])
        try:
            verdict = answer_request(worker, connection, message)
        finally:
            connection.close()  # this process's copy: the front keeps its own
        control.sendall(verdict)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
