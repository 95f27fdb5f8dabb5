"""The front of `kg serve`: it owns the public port and hands plain query requests to sealed processes.

A cheap query costs less than the ways of sending it to another process and back (a pickle,
a pipe, the wake-ups of two processes, the HTTP server's own threads), and a query cannot be
run where the HTTP server runs, since pyoxigraph cannot stop one at the time limit. So the
front does little per request, in one thread with an event loop:

- it accepts connections and reads request heads. A head that starts ``GET /sparql?`` waits in
  the fair queue (:class:`server.query.fairness.FairQueue`, per client address, as before); once
  granted, its connection is handed (SCM_RIGHTS) to an idle sealed process
  (:mod:`server.query.connections`), which parses the request, runs the query and writes the
  whole response itself. No bytes of the answer go through the front. While no other query waits,
  the process keeps the connection (a lease) and answers the requests that follow on it itself,
  so per request one process wakes; it gives the connection back, with what it read of the
  next request, when requests stop coming for a few milliseconds or the front asks (a byte on its
  control socket) because a query waits in the queue;
- the front keeps its own copy of every connection it hands over. Each process notes in memory
  it shares with the front when its current request started, and its head; a process still
  running at the time limit is killed, and the front answers 503 on that copy, as before; a
  replacement starts in the background;
- every other request (pages, POST, HEAD, /update, texts in which SERVICE could stand, syntax
  errors) is relayed, with its connection, to the Flask app under Granian, which listens on a
  loopback port of its own and runs as before (its own query workers, the SERVICE guard and the
  workers that may call allow-listed endpoints). Each relayed connection comes from a loopback
  address of its own, ``127.1.x.y``, under which the front notes the client's address in a
  shared table (:class:`ClientTable`); the app reads the client from there (its fair queue and
  log lines see the real client).
"""

from __future__ import annotations

import contextlib
import json
import logging
import mmap
import os
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from server.formats import negotiate
from server.logs import configure_stream, log_event, log_request, query_hash
from server.query.connections import HANDOVER, KEEP, PASS, READY, Stamp, http_response
from server.query.execute import Answer
from server.query.fairness import Busy, FairQueue, Slot
from server.query.pool import worker_environment
from server.reply import finish, query_reply
from server.settings import ServerSettings

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

__all__ = ["ClientAddresses", "ClientTable", "Front", "run_front"]

LOG = logging.getLogger("server.front")
PLAIN_GET = b"GET /sparql?"
MAX_HEAD = 1 << 16  # longer heads go to Granian, which refuses them
CHUNK = 1 << 16
MAX_VERDICT = 1 << 18  # a process's verdict, with the request to pass on and the start of the next one
RELAY_BUFFER = 1 << 20  # bytes waiting for one side before the other side is no longer read
TICK = 0.05  # seconds between looks at time limits and waiting queries
REGRANT = 1.0  # seconds between new looks at the fair queue (costs grow while queries run)
IDLE_SECONDS = 75.0  # a keep-alive connection idle this long is closed
# After the app answered and closed while the client is still sending (a body over the limit, answered 413),
# the front reads and drops what the client sends for up to this long, or this many bytes, before it closes:
# closing with unread bytes makes the client's system reset the connection, and most clients then report the
# reset instead of the answer they were sent.
LINGER_SECONDS = 2.0
LINGER_BYTES = 1 << 26
HEAD_SECONDS = 30.0  # a head not complete after this long: the connection is closed
START_SECONDS = 60.0  # how long the app behind the front may take to start
RESPAWN_PAUSE = 1.0  # before starting again a worker that could not start
SPARE = 2  # processes beyond the fair queue's slots: killed ones take a second or more to replace, and two
# queries at their time limit are killed at once as often as one (the old pool kept one spare)


class ClientTable:
    """Client addresses of relayed connections, by the loopback address each relayed connection comes from.

    A file of fixed-size records, mapped by the front (writing) and by the app's processes
    (reading): record ``n`` belongs to source address ``127.1.(n >> 8).(n & 255)``.
    """

    SLOTS = 1 << 16
    WIDTH = 64
    PREFIX = "127.1."

    def __init__(self, path: Path, writable: bool = False) -> None:
        self.path = path
        if writable:
            with path.open("wb") as file:
                file.truncate(self.SLOTS * self.WIDTH)
        with path.open("r+b" if writable else "rb") as file:
            access = mmap.ACCESS_WRITE if writable else mmap.ACCESS_READ
            self._map = mmap.mmap(file.fileno(), self.SLOTS * self.WIDTH, access=access)
        self._free: deque[int] = deque(range(1, self.SLOTS))  # 127.1.0.0 is left out

    def take(self, client: str) -> str | None:
        """A source address for a new relayed connection of this client (None when all are in use)."""
        if not self._free:
            return None
        slot = self._free.popleft()
        record = client.encode("utf-8")[: self.WIDTH]
        self._map[slot * self.WIDTH : (slot + 1) * self.WIDTH] = record.ljust(self.WIDTH, b"\0")
        return f"{self.PREFIX}{slot >> 8}.{slot & 255}"

    def give_back(self, source: str) -> None:
        """The relayed connection from ``source`` is closed."""
        self._free.append(self._slot(source))

    def client_of(self, source: str) -> str | None:
        """The client a relayed connection from ``source`` belongs to; None for any other address."""
        if not source.startswith(self.PREFIX):
            return None
        try:
            slot = self._slot(source)
        except ValueError:
            return None
        record = self._map[slot * self.WIDTH : (slot + 1) * self.WIDTH].rstrip(b"\0")
        return record.decode("utf-8", "replace") or None

    def _slot(self, source: str) -> int:
        high, low = (int(part) for part in source[len(self.PREFIX) :].split("."))
        if not (0 <= high < 256 and 0 <= low < 256):
            raise ValueError(source)
        return (high << 8) | low


class ClientAddresses:
    """WSGI middleware of the app behind the front: ``REMOTE_ADDR`` becomes the client's own address."""

    def __init__(self, app: WSGIApplication, table: ClientTable) -> None:
        self.app = app
        self.table = table

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        """Pass the request on with the client's address."""
        client = self.table.client_of(environ.get("REMOTE_ADDR") or "")
        if client is not None:
            environ["REMOTE_ADDR"] = client
        return self.app(environ, start_response)


class _Connection:
    """A client's connection, as the front sees it."""

    def __init__(self, sock: socket.socket, client: str) -> None:
        self.sock = sock
        self.client = client
        self.buffer = bytearray()
        self.since = time.monotonic()  # last activity (for the idle and head time limits)
        self.head = b""
        self.started = 0.0  # time.perf_counter() when its head was complete
        self.arrival: int | None = None  # in the fair queue, waiting
        self.waiting_since = 0.0
        self.slot: Slot | None = None


class _Waker:
    """Set by the fair queue when a waiting request is granted a slot."""

    def __init__(self, granted: deque[_Connection], connection: _Connection) -> None:
        self.granted = granted
        self.connection = connection

    def set(self) -> None:
        self.granted.append(self.connection)


class _Taker:
    """A sealed process that takes connections."""

    def __init__(self, store: Path, options: str) -> None:
        self.control, child = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        shared = os.memfd_create("kg-query-stamp")
        os.ftruncate(shared, Stamp.SIZE)
        self.stamp = Stamp(shared)
        # -E -P: the installed package only (as the query workers, server.query.pool)
        self.process = subprocess.Popen(
            [sys.executable, "-E", "-P", "-m", "server.query.connections", str(child.fileno()), str(shared),
             str(store), options],
            pass_fds=[child.fileno(), shared],
            stdin=subprocess.DEVNULL,
            env=worker_environment(),
        )
        child.close()
        os.close(shared)  # the mapping stays
        self.ready = False
        self.connection: _Connection | None = None
        self.asked = False  # asked to give the connection back

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        self.process.wait()
        self.control.close()
        self.stamp.memory.close()


class _Relay:
    """A connection relayed to the app behind the front, both ways, until either side closes."""

    def __init__(self, client: socket.socket, upstream: socket.socket, source: str, data: bytes) -> None:
        self.client = client
        self.upstream = upstream
        self.source = source
        self.out = {client: bytearray(), upstream: bytearray(data)}  # bytes to write to each side
        self.ended = {client: False, upstream: False}  # each side's end of stream was read

    def other(self, side: socket.socket) -> socket.socket:
        return self.upstream if side is self.client else self.client


class Front:
    """The event loop: accepts, queues, hands over, times out, relays."""

    def __init__(self, settings: ServerSettings, listener: socket.socket, upstream: tuple[str, int],
                 table: ClientTable) -> None:
        self.settings = settings
        self.listener = listener
        self.upstream = upstream
        self.table = table
        self.selector = selectors.DefaultSelector()
        self.fairness = FairQueue(settings.query_workers, settings.client_queries, settings.queue_length,
                                  settings.query_timeout)
        self.options = json.dumps({name: getattr(settings, name) for name in
                                   ("max_rows", "cors_origins", "log_format", "cache_entries", "cache_bytes")})
        self.idle: list[_Taker] = []  # the one that answered last takes the next request: warm caches
        self.takers: set[_Taker] = set()
        self.ready: deque[_Connection] = deque()  # granted a slot, waiting for a process
        self.granted: deque[_Connection] = deque()  # set by the fair queue's wakers
        self.waiting: set[_Connection] = set()
        self.connections: set[_Connection] = set()
        self.respawn: list[float] = []  # when to start processes that could not start
        self.lingering: dict[socket.socket, list[float]] = {}  # answered clients still sending: [deadline, bytes]
        self.stopping = False
        self._interest: dict[int, int] = {}  # descriptor -> events registered

    # -- registration ---------------------------------------------------------------------------

    def _watch(self, sock: socket.socket, events: int, handler: Callable[[int], None]) -> None:
        descriptor = sock.fileno()
        current = self._interest.get(descriptor, 0)
        if events == current:
            return
        if not events:
            self.selector.unregister(sock)
            del self._interest[descriptor]
        elif not current:
            self.selector.register(sock, events, handler)
            self._interest[descriptor] = events
        else:
            self.selector.modify(sock, events, handler)
            self._interest[descriptor] = events

    def _forget(self, sock: socket.socket) -> None:
        if self._interest.pop(sock.fileno(), 0):
            self.selector.unregister(sock)

    # -- processes ------------------------------------------------------------------------------

    def _spawn(self) -> None:
        taker = _Taker(self.settings.store, self.options)
        self.takers.add(taker)
        self._watch(taker.control, selectors.EVENT_READ, lambda mask: self._from_taker(taker))

    def _from_taker(self, taker: _Taker) -> None:
        try:
            message = taker.control.recv(MAX_VERDICT)
        except OSError:
            message = b""
        verdict, payload = message[:1], message[1:]
        if not verdict:
            self._lost(taker)
            return
        if not taker.ready:
            if message != READY:
                self._lost(taker)
                return
            taker.ready = True
            self.idle.append(taker)
            return
        connection, taker.connection = taker.connection, None
        self.idle.append(taker)
        if connection is not None:
            self._finished(connection, verdict, payload)
        self._dispatch()

    def _finished(self, connection: _Connection, verdict: bytes, payload: bytes) -> None:
        """The process gave the connection back, with the bytes to go on with (read from it under the lease)."""
        self._release(connection)
        if verdict == KEEP:
            connection.buffer[:0] = payload
            self._reading(connection)
        elif verdict == PASS:
            self._relay(connection, payload + bytes(connection.buffer))
        else:  # CLOSE
            self._close(connection)

    def _lost(self, taker: _Taker, why: str = "") -> None:
        """A process ended (or must end): answer its request if it had one, start another."""
        self._forget(taker.control)
        self.takers.discard(taker)
        if taker in self.idle:
            self.idle.remove(taker)
        code = taker.process.poll()
        started, _ = taker.stamp.read()  # 0: it was waiting for the next request of a lease
        taker.kill()
        if not taker.ready:
            LOG.error("query worker %s did not start (code %s); trying again", taker.process.pid, code)
            self.respawn.append(time.monotonic() + RESPAWN_PAUSE)
            return
        connection, taker.connection = taker.connection, None
        if connection is not None and not why and not started:
            self._release(connection)
            self._close(connection)  # no request of it was running
        elif connection is not None:
            self._release(connection)
            message = why or f"the query worker failed: query worker {taker.process.pid} exited (code {code})"
            if not why:
                LOG.warning("query worker %s exited (code %s); starting another", taker.process.pid, code)
            status = 503 if why else 500
            self._answer_error(connection, status, message, keep=False)
        self._spawn()

    # -- connections ----------------------------------------------------------------------------

    def _accept(self, mask: int) -> None:
        for _ in range(64):
            try:
                sock, address = self.listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:  # out of descriptors: try again on the next event
                LOG.warning("accept failed: %s", error)
                return
            sock.setblocking(False)
            with contextlib.suppress(OSError):
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection = _Connection(sock, str(address[0]))
            self.connections.add(connection)
            self._reading(connection)

    def _reading(self, connection: _Connection) -> None:
        connection.since = time.monotonic()
        connection.head = b""
        self._watch(connection.sock, selectors.EVENT_READ, lambda mask: self._read(connection))
        if connection.buffer:
            self._examine(connection)

    def _read(self, connection: _Connection) -> None:
        try:
            data = connection.sock.recv(CHUNK)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._close(connection)
            return
        connection.buffer += data
        connection.since = time.monotonic()
        self._examine(connection)

    def _examine(self, connection: _Connection) -> None:
        buffer = connection.buffer
        known = min(len(buffer), len(PLAIN_GET))
        if buffer[:known] != PLAIN_GET[:known]:
            self._relay(connection, bytes(buffer))
            return
        end = buffer.find(b"\r\n\r\n")
        if end < 0:
            if len(buffer) > MAX_HEAD:
                self._relay(connection, bytes(buffer))
            return
        self._forget(connection.sock)  # not read here while it waits or a process has it
        connection.head = bytes(buffer[: end + 4])
        del buffer[: end + 4]
        connection.started = time.perf_counter()
        self._queue(connection)

    def _queue(self, connection: _Connection) -> None:
        try:
            offered = self.fairness.offer(connection.client, _Waker(self.granted, connection))
        except Busy as busy:
            log_event("refused", reason="busy", client=connection.client)
            self._answer_error(connection, 503, f"the server is busy: {busy}; try again in {busy.retry_after} s",
                               keep=True, retry_after=busy.retry_after)
            return
        if isinstance(offered, Slot):
            connection.slot = offered
            self.ready.append(connection)
        else:
            connection.arrival = offered
            connection.waiting_since = time.monotonic()
            self.waiting.add(connection)
            self._ask_back()

    def _ask_back(self) -> None:
        """A query waits: processes holding a connection under a lease give it back after their request."""
        for taker in self.takers:
            if taker.connection is not None and not taker.asked:
                taker.asked = True
                with contextlib.suppress(OSError):
                    taker.control.send(b"y")

    def _dispatch(self) -> None:
        while self.granted:
            connection = self.granted.popleft()
            if connection.arrival is None:
                continue
            slot = self.fairness.claim(connection.arrival, connection.client)
            if slot is not None:
                connection.arrival = None
                connection.slot = slot
                self.waiting.discard(connection)
                self.ready.append(connection)
        while self.ready and self.idle:
            connection = self.ready.popleft()
            taker = self.idle.pop()
            client = connection.client.encode("utf-8")
            # the lease only when nothing of the client's is left here: the process reads what follows
            lease = not connection.buffer
            message = HANDOVER.pack(connection.started, len(client), lease) + client + connection.head
            taker.stamp.begin(connection.head, connection.started)
            taker.asked = False
            try:
                socket.send_fds(taker.control, [message], [connection.sock.fileno()])
            except OSError:
                self.ready.appendleft(connection)
                self._lost(taker)
                continue
            taker.connection = connection
        if self.ready:
            self._ask_back()

    def _release(self, connection: _Connection) -> None:
        if connection.slot is not None:
            slot, connection.slot = connection.slot, None
            self.fairness.release(slot)  # may grant waiting queries: their wakers fill self.granted

    def _answer_error(self, connection: _Connection, status: int, message: str, keep: bool,
                      retry_after: int = 0) -> None:
        """An error answer written by the front itself, with the headers the query's answer would have."""
        answer = Answer.error(status, message)
        if retry_after:
            answer = Answer(answer.status, answer.media_type, answer.body, retry_after=retry_after)
        request = _head_fields(connection.head)
        hashed = query_hash(request.get("query", "")) if "query" in request else ""
        reply = query_reply(answer, negotiate(request.get("accept", ""), ""), self.settings.max_rows, hashed)
        assert reply is not None  # not a syntax error
        status, headers, body = finish(reply, self.settings.cors_origins, request.get("origin"))
        keep = keep and request.get("connection", "").lower() != "close"
        data = http_response(status, headers, body, keep)
        log_request("GET", "/sparql", status, connection.started, len(body), connection.client, hashed)
        try:
            sent = connection.sock.send(data)
        except OSError:
            sent = -1
        if sent != len(data) or not keep:
            self._close(connection)
        else:
            self._reading(connection)

    def _close(self, connection: _Connection) -> None:
        self._forget(connection.sock)
        self.connections.discard(connection)
        self.waiting.discard(connection)
        if connection.arrival is not None:
            self.fairness.withdraw(connection.arrival, connection.client)
            connection.arrival = None
        with contextlib.suppress(OSError):
            connection.sock.close()

    # -- relay to the app -----------------------------------------------------------------------

    def _relay(self, connection: _Connection, data: bytes) -> None:
        self._forget(connection.sock)
        self.connections.discard(connection)
        source = self.table.take(connection.client)
        upstream = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            try:
                upstream.bind((source or "127.0.0.1", 0))
            except OSError:  # no such loopback address here: the app sees the front's address
                if source:
                    self.table.give_back(source)
                source = None
                upstream.bind(("127.0.0.1", 0))
            upstream.settimeout(5.0)
            upstream.connect(self.upstream)
            upstream.setblocking(False)
            upstream.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError as error:
            LOG.warning("cannot reach the app behind the front: %s", error)
            upstream.close()
            if source:
                self.table.give_back(source)
            with contextlib.suppress(OSError):
                connection.sock.close()
            return
        relay = _Relay(connection.sock, upstream, source or "", data)
        self._flush(relay, upstream)
        self._relay_interest(relay)

    def _relay_interest(self, relay: _Relay) -> None:
        for side in (relay.client, relay.upstream):
            events = 0
            if not relay.ended[side] and len(relay.out[relay.other(side)]) < RELAY_BUFFER:
                events |= selectors.EVENT_READ
            if relay.out[side]:
                events |= selectors.EVENT_WRITE
            self._watch(side, events, self._relay_handler(relay, side))

    def _relay_handler(self, relay: _Relay, side: socket.socket) -> Callable[[int], None]:
        return lambda mask: self._relay_event(relay, side, mask)

    def _relay_event(self, relay: _Relay, side: socket.socket, mask: int) -> None:
        try:
            if mask & selectors.EVENT_READ:
                data = side.recv(CHUNK)
                other = relay.other(side)
                if data:
                    relay.out[other] += data
                    self._flush(relay, other)
                else:
                    relay.ended[side] = True
            if mask & selectors.EVENT_WRITE:
                self._flush(relay, side)
        except (BlockingIOError, InterruptedError):
            pass
        except OSError:
            self._end_relay(relay)
            return
        if relay.ended[relay.upstream] and not relay.out[relay.client]:
            # the app closed and all it said went out
            if relay.ended[relay.client]:
                self._end_relay(relay)
            else:
                self._linger(relay)
            return
        if relay.ended[relay.client] and not relay.out[relay.upstream]:
            with contextlib.suppress(OSError):
                relay.upstream.shutdown(socket.SHUT_WR)  # the client is done sending; its answer may still come
        self._relay_interest(relay)

    def _flush(self, relay: _Relay, side: socket.socket) -> None:
        pending = relay.out[side]
        while pending:
            try:
                sent = side.send(pending)
            except (BlockingIOError, InterruptedError):
                return
            del pending[:sent]

    def _linger(self, relay: _Relay) -> None:
        """Close the app's side; end the client's sending side and drop what the client still sends until
        it stops, for at most LINGER_SECONDS and LINGER_BYTES (a lingering close)."""
        self._forget(relay.upstream)
        with contextlib.suppress(OSError):
            relay.upstream.close()
        if relay.source:
            self.table.give_back(relay.source)
        client = relay.client
        self._forget(client)
        try:
            client.shutdown(socket.SHUT_WR)
        except OSError:
            with contextlib.suppress(OSError):
                client.close()
            return
        self.lingering[client] = [time.monotonic() + LINGER_SECONDS, 0.0]
        self._watch(client, selectors.EVENT_READ, lambda mask: self._drop_input(client))

    def _drop_input(self, client: socket.socket) -> None:
        try:
            data = client.recv(CHUNK)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        state = self.lingering.get(client)
        if state is None:
            return
        state[1] += len(data)
        if not data or state[1] > LINGER_BYTES:
            self._end_linger(client)

    def _end_linger(self, client: socket.socket) -> None:
        self.lingering.pop(client, None)
        self._forget(client)
        with contextlib.suppress(OSError):
            client.close()

    def _end_relay(self, relay: _Relay) -> None:
        for side in (relay.client, relay.upstream):
            self._forget(side)
            with contextlib.suppress(OSError):
                side.close()
        if relay.source:
            self.table.give_back(relay.source)

    # -- time -----------------------------------------------------------------------------------

    def _tick(self) -> None:
        now = time.monotonic()
        for client in [c for c, (deadline, _) in self.lingering.items() if deadline <= now]:
            self._end_linger(client)
        timeout = self.settings.query_timeout
        for taker in list(self.takers):
            connection = taker.connection
            if connection is None:
                continue
            started, head = taker.stamp.read()
            if not started or time.perf_counter() - started < timeout:
                continue
            connection.head, connection.started = head, started  # the request that ran too long
            LOG.warning("query worker %s killed after %g s (time limit); starting another", taker.process.pid, timeout)
            log_event("timeout", seconds=timeout, query_hash=query_hash(_head_fields(connection.head).get("query", "")))
            self._lost(taker, why=(
                f"query stopped: the query ran longer than {timeout:g} s and was stopped (the server's limit, "
                "set by --query-timeout / KG_QUERY_TIMEOUT); narrow the pattern or add LIMIT"))
        for connection in [c for c in self.waiting if now - c.waiting_since >= self.fairness.max_wait]:
            self.waiting.discard(connection)
            if connection.arrival is not None:
                self.fairness.withdraw(connection.arrival, connection.client)
                connection.arrival = None
            if connection.slot is not None:  # granted meanwhile
                self.ready.append(connection)
                continue
            log_event("refused", reason="busy", client=connection.client)
            retry = self.fairness.retry_after()
            self._answer_error(connection, 503, f"the server is busy: no query worker became free within "
                               f"{self.fairness.max_wait:g} s; try again in {retry} s", keep=True, retry_after=retry)
        for connection in list(self.connections):
            if connection.head or connection.arrival is not None or connection.slot is not None:
                continue  # queued or with a process
            if now - connection.since > (HEAD_SECONDS if connection.buffer else IDLE_SECONDS):
                self._close(connection)
        due = [when for when in self.respawn if when <= now]
        self.respawn = [when for when in self.respawn if when > now]
        for _ in due:
            self._spawn()

    def run(self, upstream_process: subprocess.Popen[bytes]) -> int:
        """Serve until stopped (SIGTERM, SIGINT) or the app behind the front ends; the exit code."""
        for _ in range(self.settings.query_workers + SPARE):
            self._spawn()
        self.listener.setblocking(False)
        self._watch(self.listener, selectors.EVENT_READ, self._accept)
        next_tick = next_grant = time.monotonic()
        code = 0
        while not self.stopping:
            for key, mask in self.selector.select(TICK):
                key.data(mask)
                self._dispatch()
            now = time.monotonic()
            if now >= next_tick:
                next_tick = now + TICK
                self._tick()
                if now >= next_grant:
                    next_grant = now + REGRANT
                    self.fairness.regrant()
                self._dispatch()
                if upstream_process.poll() is not None:
                    LOG.error("the app behind the front ended (code %s); stopping", upstream_process.returncode)
                    code = 1
                    break
        self.close()
        return code

    def close(self) -> None:
        """Stop every process and close every connection."""
        for taker in list(self.takers):
            taker.kill()
        self.takers.clear()
        with contextlib.suppress(OSError):
            self.listener.close()
        self.selector.close()


def _head_fields(head: bytes) -> dict[str, str]:
    """The query and the headers the front's own answers use, read from a request head."""
    lines = head.decode("latin-1").split("\r\n")
    fields: dict[str, str] = {}
    target = lines[0].split(" ")[1] if lines[0].count(" ") >= 2 else ""
    pairs = parse_qsl(target.partition("?")[2])
    if len(pairs) == 1 and pairs[0][0] == "query":
        fields["query"] = pairs[0][1]
    for line in lines[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() in ("accept", "origin", "connection"):
            fields[name.strip().lower()] = value.strip()
    return fields


def _free_loopback_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(address: tuple[str, int], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the app behind the front exited with code {process.returncode}")
        with socket.socket() as probe:
            if probe.connect_ex(address) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"the app behind the front did not start within {START_SECONDS:g} s")


def run_front(settings: ServerSettings, host: str, port: int, threads: int, processes: int) -> int:
    """Serve `settings` on host:port with the front, the sealed processes and the app behind it."""
    from server.serve import CLIENTS_VARIABLE, SETTINGS_VARIABLE

    configure_stream(settings.log_format, light=True)
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.create_server((host, port), family=family, backlog=1024)
    with tempfile.TemporaryDirectory(prefix="kg-serve-") as private:
        table = ClientTable(Path(private) / "clients", writable=True)
        upstream = ("127.0.0.1", _free_loopback_port())
        environment = dict(os.environ, **{SETTINGS_VARIABLE: settings.to_json(), CLIENTS_VARIABLE: str(table.path)})
        app = subprocess.Popen(
            [sys.executable, "-m", "server.serve", upstream[0], str(upstream[1]), str(threads), str(processes)],
            env=environment,
        )
        front = Front(settings, listener, upstream, table)

        def stop(signum: int, frame: object) -> None:
            front.stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        try:
            _wait_for(upstream, app)
            return front.run(app)
        finally:
            front.close()
            if app.poll() is None:
                app.terminate()
                try:
                    app.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    app.kill()
                    app.wait()
