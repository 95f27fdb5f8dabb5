"""Who gets the next free query worker: a bounded, fair queue in front of the pool.

Without it, a few clients looping expensive queries hold every worker and every
other client waits (then times out). The rules:

- a client has at most ``per_client`` queries running or waiting; more are refused at once;
- at most ``queue_length`` queries wait in all; more are refused at once;
- each client's *cost* is the worker time its queries used, decaying with a half-life,
  plus the time its running queries have used so far; a free worker goes to the
  waiting client of lowest cost (ties: first come);
- one worker (when there are two or more) is kept for *light* clients, whose cost is
  under a threshold: clients that keep workers busy share the others, so a simple
  query from anyone else never waits behind them;
- the time spent waiting is not taken from the query's own time limit; waiting longer
  than ``max_wait`` is refused. Refusals carry a Retry-After estimate.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from dataclasses import dataclass, field
from typing import Protocol

from kg.errors import KGError

__all__ = ["Busy", "FairQueue", "Slot"]

HALF_LIFE = 10.0  # seconds for a client's past cost to halve
LIGHT = 2.0  # seconds of decayed cost under which a client may take the kept worker
MAX_CLIENTS = 10_000  # past this many known clients, the idle ones are forgotten


class Busy(KGError):
    """No worker for this query now; try again after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass
class _Client:
    cost: float = 0.0  # decayed seconds of finished work, as of `stamp`
    stamp: float = 0.0
    running: dict[int, float] = field(default_factory=dict)  # slot number -> start time
    waiting: int = 0

    def load(self, now: float) -> float:
        decayed: float = self.cost * 0.5 ** ((now - self.stamp) / HALF_LIFE)
        return decayed + sum(now - start for start in self.running.values())


class Waker(Protocol):
    """What a waiting query is woken by once it is granted a slot."""

    def set(self) -> None: ...


@dataclass(frozen=True)
class Slot:
    """The right to use one worker, until released."""

    client: str
    number: int


class FairQueue:
    """Grants worker slots to clients by the rules of this module."""

    def __init__(self, workers: int, per_client: int, queue_length: int, max_wait: float) -> None:
        self.workers = workers
        self.per_client = per_client
        self.queue_length = queue_length
        self.max_wait = max_wait
        self.kept = 1 if workers >= 2 else 0
        self._clients: dict[str, _Client] = {}
        self._waiting: list[tuple[int, str]] = []  # (arrival number, client)
        self._granted: dict[int, int] = {}  # arrival number -> slot number
        self._wakers: dict[int, Waker] = {}  # arrival number -> what its waiting thread sleeps on
        self._busy = 0
        self._numbers = itertools.count()
        self._lock = threading.Lock()

    def retry_after(self) -> int:
        """Seconds a refused client should wait before asking again."""
        return max(1, math.ceil(self.max_wait / max(self.workers, 1)))

    def acquire(self, client: str) -> Slot:
        """Wait for a worker slot; raises Busy when this client or the queue is over its limit."""
        waker = threading.Event()
        offered = self.offer(client, waker)
        if isinstance(offered, Slot):  # a worker was free: no waiting, no wake-up
            return offered
        arrival = offered
        state = self._clients[client]
        # Each waiting thread sleeps on its own event, set only when its query is granted a slot,
        # so a release wakes one thread rather than every waiting one.
        deadline = time.monotonic() + self.max_wait
        try:
            while True:
                waker.wait(min(max(deadline - time.monotonic(), 0.0), 1.0))
                with self._lock:
                    if arrival not in self._granted:
                        self._grant()  # costs grow while queries run: look again
                    if arrival in self._granted:
                        del self._wakers[arrival]
                        return Slot(client, self._granted.pop(arrival))
                    if time.monotonic() >= deadline:
                        self._leave(arrival, client, state)
                        raise Busy(f"no query worker became free within {self.max_wait:g} s", self.retry_after())
        except BaseException:
            with self._lock:
                if arrival in self._wakers:  # interrupted while waiting (Busy has left already)
                    self._leave(arrival, client, state)
            raise

    def offer(self, client: str, waker: Waker) -> Slot | int:
        """A slot now if a worker is free, else the query's arrival number: ``waker`` is set once it is granted.

        Never waits (for an event loop): after the waker is set, :meth:`claim` gives the slot;
        a query that stops waiting calls :meth:`withdraw`. Raises Busy as :meth:`acquire` does.
        """
        with self._lock:
            if len(self._clients) > MAX_CLIENTS:
                self._forget_idle()
            state = self._clients.setdefault(client, _Client(stamp=time.monotonic()))
            if len(state.running) + state.waiting >= self.per_client:
                raise Busy(
                    f"this client already has {self.per_client} queries running or waiting; "
                    "wait for their answers first",
                    self.retry_after(),
                )
            if len(self._waiting) >= self.queue_length:
                raise Busy(f"{self.queue_length} queries are waiting for a worker already", self.retry_after())
            arrival = next(self._numbers)
            self._waiting.append((arrival, client))
            state.waiting += 1
            self._grant()
            if arrival in self._granted:
                return Slot(client, self._granted.pop(arrival))
            self._wakers[arrival] = waker
            return arrival

    def claim(self, arrival: int, client: str) -> Slot | None:
        """The slot granted to a query that :meth:`offer` left waiting; None while it still waits."""
        with self._lock:
            if arrival not in self._granted:
                return None
            self._wakers.pop(arrival, None)
            return Slot(client, self._granted.pop(arrival))

    def withdraw(self, arrival: int, client: str) -> None:
        """A query left waiting by :meth:`offer` stops waiting (a slot granted meanwhile is given back)."""
        with self._lock:
            if arrival in self._wakers:
                self._leave(arrival, client, self._clients[client])

    def regrant(self) -> None:
        """Look at the waiting queries again: costs grow while queries run (:meth:`acquire` does it each second)."""
        with self._lock:
            if self._waiting:
                self._grant()

    def _leave(self, arrival: int, client: str, state: _Client) -> None:
        """Take a query that was not given a worker out of the queue (or give back one granted meanwhile)."""
        del self._wakers[arrival]
        if (arrival, client) in self._waiting:
            self._waiting.remove((arrival, client))
            state.waiting -= 1
        elif arrival in self._granted:
            self._give_back(state, self._granted.pop(arrival))

    def release(self, slot: Slot) -> None:
        """Give the slot back; the time it was held is added to its client's cost."""
        with self._lock:
            self._give_back(self._clients[slot.client], slot.number)

    def _give_back(self, state: _Client, number: int) -> None:
        now = time.monotonic()
        held = now - state.running.pop(number)
        state.cost = state.cost * 0.5 ** ((now - state.stamp) / HALF_LIFE) + held
        state.stamp = now
        self._busy -= 1
        if self._waiting:
            self._grant()

    def _forget_idle(self) -> None:
        now = time.monotonic()
        for name, state in list(self._clients.items()):
            if not state.running and not state.waiting and state.load(now) < LIGHT / 100:
                del self._clients[name]

    def _grant(self) -> None:
        now = time.monotonic()
        order = sorted(self._waiting, key=lambda entry: (self._clients[entry[1]].load(now), entry[0]))
        for arrival, client in order:
            free = self.workers - self._busy
            if free <= 0:
                return
            state = self._clients[client]
            if free <= self.kept and state.load(now) >= LIGHT:
                continue  # the kept worker is for light clients
            self._waiting.remove((arrival, client))
            state.waiting -= 1  # now, not when its thread wakes: it must not count as waiting and running
            number = next(self._numbers)
            state.running[number] = now
            self._busy += 1
            self._granted[arrival] = number
            waker = self._wakers.get(arrival)
            if waker is not None:  # None: the thread granted is the one running this, awake
                waker.set()
