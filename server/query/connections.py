"""A sealed query process that answers HTTP requests itself: the front hands it the client's connection.

Started by :mod:`server.front` as ``python -E -P -m server.query.connections FD STORE_DIR OPTIONS``,
where FD is its end of a Unix socket pair to the front. It seals itself off the network
(:mod:`server.query.seal`) before it reads anything a client sent, opens the store read-only,
says ``ready``, then for each message takes the connection passed with it (SCM_RIGHTS), reads the
request head the front read for it, runs the query (:func:`server.query.execute.execute`, the
code every query worker runs) and writes the whole response itself: the same headers and log
line as the Flask path. Under a lease (when nothing of the client's waits in the front), it then
reads the next request on the same connection itself, for as long as requests follow within a few
milliseconds and the front does not ask for the connection back (a query waits for a process):
one person paging through results then costs the front nothing per request. Giving the
connection back, it tells the front whether it stays open, with any bytes it read of what follows.

The front keeps its own copy of the connection: if this process runs past the time limit, the
front kills it and answers 503 on that copy. A request it should not answer (anything but a
plain GET of /sparql whose text cannot call out, or a syntax error, which the blueprint words)
goes back untouched, and the front passes it on to Flask.
"""

from __future__ import annotations

import functools
import json
import mmap
import os
import select
import socket
import struct
import sys
import threading
import time
import traceback
from email.utils import formatdate

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store import LiveStore
from server.formats import negotiate
from server.logs import LOGGER, configure_stream, log_request, query_hash
from server.query.cache import BuildCache
from server.query.execute import Answer, QueryJob, execute
from server.query.seal import SealError, seal
from server.query.worker import exit_with_parent
from server.reply import finish, plain, plain_query, query_reply

__all__ = ["CLOSE", "HANDOVER", "KEEP", "PASS", "READY", "Stamp", "answer_request", "http_response", "main",
           "serve_connection"]

READY = b"ready"
KEEP = b"k"  # answered; the connection stays open for the next request
CLOSE = b"c"  # answered (or the client went away); the front closes the connection
PASS = b"p"  # not answered: the front passes the request on to Flask
DESCRIPTOR = struct.Struct("i")  # one file descriptor in an SCM_RIGHTS message
# the request's arrival (time.perf_counter), the length of the client's address, whether the lease is granted
HANDOVER = struct.Struct("!dH?")
MAX_HEAD = 1 << 16  # the front hands over heads of at most 64 KiB
MAX_MESSAGE = 1 << 17
CHUNK = 1 << 16
LEASE_SECONDS = 0.005  # how long a process waits for the next request on a connection before giving it back
WRITE_SECONDS = 60.0  # a client that reads none of its answer for this long loses the connection
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
        try:
            store = self.live.get()  # follows a new build (one lstat): the cache is per build
        except StoreError:
            return execute(self.live, job)  # words the error
        pinned = _Pinned(store, self.live.opened)
        key = (job.query, job.chosen, job.max_rows)
        cached = self.cache.get(pinned.opened, key)
        if cached is not None:
            return cached
        answer = execute(pinned, job)
        if answer.status == 200:
            self.cache.put(answer.build, key, answer, len(answer.body))
        return answer


class _Pinned:
    """One build's store, as execute() reads it, without looking for a newer build again."""

    def __init__(self, store: ox.Store, opened: str) -> None:
        self.store = store
        self.opened = opened

    def get(self) -> ox.Store:
        return self.store


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


class Stamp:
    """What the front must know of the request this process works on, in memory both share.

    The time it started (``time.perf_counter()``, the clock the front reads too; 0 while waiting for
    a request) and its head: the front kills a process whose request runs past the time limit and
    answers 503 on its own copy of the connection, in the form that request asked for.
    """

    HEADER = struct.Struct("dI")
    SIZE = HEADER.size + MAX_HEAD

    def __init__(self, descriptor: int) -> None:
        self.memory = mmap.mmap(descriptor, self.SIZE)

    def begin(self, head: bytes, started: float) -> None:
        """A request starts (its head is written before its time, which the front reads first)."""
        head = head[:MAX_HEAD]
        self.memory[self.HEADER.size : self.HEADER.size + len(head)] = head
        self.HEADER.pack_into(self.memory, 0, started, len(head))

    def wait(self) -> None:
        """No request running: waiting for the next one on the same connection."""
        self.HEADER.pack_into(self.memory, 0, 0.0, 0)

    def read(self) -> tuple[float, bytes]:
        """When the current request started (0: none runs) and its head."""
        started, size = self.HEADER.unpack_from(self.memory, 0)
        return started, bytes(self.memory[self.HEADER.size : self.HEADER.size + size])


def answer_request(worker: ConnectionWorker, connection: int, head: bytes, client: str, started: float) -> bytes:
    """Answer one request on its connection; what to tell the front (KEEP, CLOSE or PASS)."""
    try:
        answered = worker.answer(head, client, started)
    except Exception:
        traceback.print_exc()
        answered = None
    if answered is None:
        return PASS
    data, keep = answered
    try:
        _send_all(connection, data)
    except OSError:
        return CLOSE
    return KEEP if keep else CLOSE


def serve_connection(worker: ConnectionWorker, control: socket.socket, connection: int, message: bytes,
                     stamp: Stamp) -> bytes:
    """Answer the handed-over request, then the ones that follow on the connection while the lease holds.

    The lease (when the front grants one) holds until no request comes within LEASE_SECONDS, the
    front asks for the connection back (a byte on the control socket: a query waits for a process)
    or a request comes that this process does not answer. What goes back to the front: the verdict,
    followed by the bytes it must go on with (the request to pass on, or the start of the next one).
    """
    started, size, lease = HANDOVER.unpack_from(message)
    client = message[HANDOVER.size : HANDOVER.size + size].decode("utf-8", "replace")
    head = message[HANDOVER.size + size :]
    pending = bytearray()
    while True:
        verdict = answer_request(worker, connection, head, client, started)
        if verdict == PASS:
            return PASS + head + bytes(pending)
        if verdict != KEEP or not lease:
            return verdict
        stamp.wait()
        following = _next_head(connection, control, pending)
        if following is None:
            return KEEP + bytes(pending)
        if not following:
            return CLOSE  # the client closed the connection
        head, started = following, time.perf_counter()
        stamp.begin(head, started)


def _next_head(connection: int, control: socket.socket, pending: bytearray) -> bytes | None:
    """The next request's head on the connection; b"" when the client closed it, None to give it back."""
    poller = select.poll()
    poller.register(connection, select.POLLIN)
    poller.register(control.fileno(), select.POLLIN)
    deadline = time.perf_counter() + LEASE_SECONDS
    while True:
        end = pending.find(b"\r\n\r\n")
        if end >= 0:
            head = bytes(pending[: end + 4])
            del pending[: end + 4]
            return head
        wait = deadline - time.perf_counter()
        if len(pending) > MAX_HEAD or wait <= 0:
            return None
        for descriptor, _ in poller.poll(wait * 1000):
            if descriptor != connection:
                control.recv(1)  # the front wants the connection back
                return None
        try:
            data = os.read(connection, CHUNK)
        except BlockingIOError:
            continue
        except OSError:
            return b""
        if not data:
            return b""
        pending += data


def _send_all(descriptor: int, data: bytes) -> None:
    """Write it all to the connection (non-blocking: the front set it so), waiting for room when needed."""
    view = memoryview(data)
    poller: select.poll | None = None
    while view:
        try:
            view = view[os.write(descriptor, view) :]
        except BlockingIOError:
            if poller is None:
                poller = select.poll()
                poller.register(descriptor, select.POLLOUT)
            if not poller.poll(WRITE_SECONDS * 1000):
                raise TimeoutError(f"the client read nothing for {WRITE_SECONDS:g} s") from None


def main(argv: list[str]) -> int:
    """Take connections from the front until it closes the socket pair."""
    descriptor, stamp_descriptor, directory, options_text = argv[1:]
    try:
        seal()
    except SealError as error:
        print(f"query worker: {error}; it will not run queries", file=sys.stderr)
        return 3
    threading.Thread(target=exit_with_parent, args=(os.getppid(),), daemon=True).start()
    options = json.loads(options_text)
    configure_stream(options["log_format"], light=True)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # a stray print goes to the log
    control = socket.socket(fileno=int(descriptor))
    stamp = Stamp(int(stamp_descriptor))
    worker = ConnectionWorker(directory, options["max_rows"], tuple(options["cors_origins"]),
                              BuildCache(options["cache_entries"], options["cache_bytes"]))
    try:
        worker.live.get()  # open the store before saying ready, so the first query does not pay for it
    except StoreError:
        pass  # no build yet: each query answers so, and the first build is picked up when it appears
    control.sendall(READY)
    space = socket.CMSG_SPACE(DESCRIPTOR.size)
    while True:
        try:
            message, ancillary, _, _ = control.recvmsg(MAX_MESSAGE, space)
        except OSError:
            return 0
        if not message:
            return 0  # the front is gone
        descriptors = [DESCRIPTOR.unpack_from(data)[0] for level, kind, data in ancillary
                       if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS and len(data) >= DESCRIPTOR.size]
        if not descriptors:
            continue  # a request for a connection given back already
        try:
            verdict = serve_connection(worker, control, descriptors[0], message, stamp)
        finally:
            os.close(descriptors[0])  # this process's copy: the front keeps its own
        control.sendall(verdict)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
