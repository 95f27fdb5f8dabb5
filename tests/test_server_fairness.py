"""Two clients looping expensive queries do not starve a third one's simple queries (`kg serve`, loopback)."""

from __future__ import annotations

import statistics
import threading
import time

from bench.reliability import EXPENSIVE, SIMPLE, client_loop
from server.query.fairness import Busy, FairQueue
from server.settings import ServerSettings
from tests.server_support import build_store, running_server

TIME_LIMIT = 3.0


def test_simple_queries_are_answered_beside_two_expensive_loops(tmp_path):
    settings = ServerSettings.resolve(
        {}, store=build_store(tmp_path / "store"), query_timeout=TIME_LIMIT, cache_entries=0, query_workers=2
    )
    heavy: list[tuple[int, float]] = []
    light: list[tuple[int, float]] = []
    stop = threading.Event()
    with running_server(settings) as live:
        loops = [
            threading.Thread(target=client_loop, args=(live.sparql, source, EXPENSIVE, stop, heavy, 0.0))
            for source in ("127.0.0.2", "127.0.0.3")
        ]
        for loop in loops:
            loop.start()
        time.sleep(TIME_LIMIT + 1)  # both expensive loops are under way
        simple = threading.Thread(target=client_loop, args=(live.sparql, "127.0.0.4", SIMPLE, stop, light, 0.05))
        simple.start()
        time.sleep(6)
        stop.set()
        for thread in [*loops, simple]:
            thread.join()
    unanswered = [(status, round(seconds, 2)) for status, seconds in light if status != 200]
    # Starving the simple client refuses or times out many of its queries; one in a hundred is let pass, since the
    # other tests of a parallel run can hold both cores past the time limit for a moment (seen once in 96 queries).
    assert len(light) >= 20 and len(unanswered) <= max(1, len(light) // 100), unanswered
    # a simple query does not wait behind an expensive one (without the fair queue it waits ~1.5 s)
    assert statistics.median(seconds for _, seconds in light) < TIME_LIMIT / 3
    assert heavy and all(status == 503 for status, _ in heavy)  # the expensive ones still hit the limit


def test_a_client_over_its_share_or_a_full_queue_is_told_when_to_come_back():
    queue = FairQueue(workers=1, per_client=2, queue_length=1, max_wait=0.2)
    first = queue.acquire("a")
    waiting = threading.Thread(target=lambda: queue.release(queue.acquire("a")))
    waiting.start()
    time.sleep(0.05)
    for client, reason in (("a", "already has 2 queries"), ("b", "queries are waiting")):
        try:
            queue.acquire(client)
        except Busy as busy:
            assert reason in str(busy) and busy.retry_after >= 1
        else:
            raise AssertionError(f"{client} was let in")
    queue.release(first)
    waiting.join()
    slot = queue.acquire("b")  # free again
    queue.release(slot)


def test_a_client_within_its_share_is_never_refused():
    """A client with as many connections as its share: a query granted a worker counts once, not twice."""
    queue = FairQueue(workers=2, per_client=4, queue_length=64, max_wait=30.0)
    refused: list[str] = []

    def loop() -> None:
        for _ in range(2000):
            try:
                slot = queue.acquire("a")
            except Busy as busy:
                refused.append(str(busy))
                continue
            time.sleep(0.0001)
            queue.release(slot)

    threads = [threading.Thread(target=loop) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert refused == []
