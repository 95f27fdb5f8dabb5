"""The server's side of running queries: answer cache, worker pool, dataset statistics."""

from __future__ import annotations

import json
import threading
from concurrent.futures import Future

from kg.store import LiveStore
from server.description import DatasetStatistics
from server.query.cache import BuildCache
from server.query.execute import Answer, QueryJob, UpdateJob
from server.query.fairness import Busy, FairQueue
from server.query.pool import QueryPool, QueryTimeout, WorkerError, run_alone
from server.query.remote import RemotePool
from server.settings import ServerSettings

__all__ = ["QueryRunner"]

FEDERATION_WORKERS = 2  # workers for queries that call allow-listed endpoints (they mostly wait on the network)


class QueryRunner:
    """Answers query jobs from the cache or a worker, within the settings' time limit and row cap.

    Identical jobs that arrive while one of them runs wait for that one's answer
    instead of running again, so a burst of the same query costs one evaluation.
    """

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.pool: QueryPool | RemotePool = (
            RemotePool(settings.remote, self._fairness(settings.query_workers)) if settings.remote
            else QueryPool(settings.store, settings.query_workers, self._fairness(settings.query_workers)))
        # queries whose every SERVICE is allow-listed run apart, in the only workers that may open connections
        self.federation = (
            QueryPool(settings.store, FEDERATION_WORKERS, self._fairness(FEDERATION_WORKERS), sealed=False)
            if settings.service_allowlist and not settings.remote  # a remote store makes its own calls
            else None
        )
        self.cache: BuildCache[Answer] = BuildCache(settings.cache_entries, settings.cache_bytes)
        self._statistics: dict[str, DatasetStatistics | None] = {}
        self._running: dict[tuple[object, ...], Future[Answer]] = {}
        self._lock = threading.Lock()
        self._live = LiveStore(settings.store)  # the name of the current build only: workers open it

    def _fairness(self, workers: int) -> FairQueue:
        settings = self.settings
        return FairQueue(workers, settings.client_queries, settings.queue_length, settings.query_timeout)

    def start(self) -> None:
        """Start the workers in the background."""
        for pool in (self.pool, self.federation):
            if pool is not None:
                pool.start()

    def build(self) -> str:
        """The name of the build the store serves now ('' before the first build)."""
        if isinstance(self.pool, RemotePool):
            return self.pool.build()
        return self._live.name

    def answer(self, job: QueryJob, client: str = "", remote: bool = False) -> Answer:
        """The answer to a job; raises Busy, QueryTimeout or WorkerError.

        ``remote``: the job calls allow-listed endpoints, so it runs in a worker that may connect.
        """
        key = (job.kind, job.query, job.chosen, job.default_graphs, job.named_graphs, job.max_rows)
        cached = self.cache.get(self.build(), key)
        if cached is not None:
            return cached
        with self._lock:
            running = self._running.get(key)
            leader = running is None
            if leader:
                running = self._running[key] = Future()
        assert running is not None
        if not leader:
            try:
                # the leader may wait for a worker (up to the limit) and then run (up to the limit)
                return running.result(timeout=2 * self.settings.query_timeout + 1.0)
            except TimeoutError:
                raise QueryTimeout(
                    f"the same query, already running, took longer than {self.settings.query_timeout:g} s"
                ) from None
        try:
            pool = self.federation if remote and self.federation is not None else self.pool
            answer = pool.run(job, self.settings.query_timeout, client)
        except BaseException as error:
            running.set_exception(error)
            raise
        else:
            running.set_result(answer)
            if answer.status == 200:
                self.cache.put(answer.build, key, answer, len(answer.body))
            return answer
        finally:
            with self._lock:
                del self._running[key]

    def statistics(self) -> DatasetStatistics | None:
        """The current build's statistics, computed once per build; None when they cannot be had in time."""
        build = self.build()
        with self._lock:
            if build in self._statistics:
                return self._statistics[build]
        try:
            answer = self.answer(QueryJob("", (), self.settings.max_rows, kind="statistics"))
        except (Busy, QueryTimeout, WorkerError):
            answer = None
        # a store too large to count within the time limit is described without counts, not with an error
        stats = (
            DatasetStatistics.from_json(json.loads(answer.body)) if answer and answer.status == 200 else None
        )
        with self._lock:
            self._statistics = {answer.build if answer else build: stats}
        return stats

    def update(self, job: UpdateJob) -> Answer:
        """Apply an update in a sealed process of its own; raises QueryTimeout or WorkerError."""
        return run_alone(self.settings.store, job, self.settings.update_timeout)

    def close(self) -> None:
        """Stop the workers."""
        for pool in (self.pool, self.federation):
            if pool is not None:
                pool.close()
