"""The ceiling of any design that sends queries to another process: queries run in the HTTP process.

    python bench/inprocess_server.py STORE_DIR PORT [PROCESSES]

Not a server to run for anyone: a query here cannot be stopped at a time limit (pyoxigraph cannot
cancel one), the process is not sealed off the network, and there is no fair queue, cache or log.
It answers ``GET /sparql?query=...`` with the same code the query workers run
(:func:`server.query.execute.execute`), under Granian with the threads ``kg serve`` uses, so that
bench/endpoint.py can show what the crossing to a killable worker costs, and what one or two
Python HTTP processes can reach at best.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl

from kg.store import LiveStore
from server.formats import negotiate
from server.query.execute import QueryJob, execute
from server.settings import ServerSettings

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

STORE_VARIABLE = "KG_BENCH_STORE"


def app_factory() -> WSGIApplication:
    """The WSGI app each Granian process builds: one read-only store handle per process."""
    live = LiveStore(os.environ[STORE_VARIABLE])
    max_rows = ServerSettings().max_rows

    def app(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        query = dict(parse_qsl(environ.get("QUERY_STRING", ""))).get("query", "")
        chosen = negotiate(environ.get("HTTP_ACCEPT", ""), "").chosen
        answer = execute(live, QueryJob(query=query, chosen=chosen, max_rows=max_rows))
        start_response(f"{answer.status} -", [("Content-Type", answer.media_type),
                                              ("Content-Length", str(len(answer.body)))])
        return [answer.body]

    return app


def main(argv: list[str]) -> int:
    """Serve until killed."""
    from granian import Granian
    from granian.constants import Interfaces

    store, port, *rest = argv[1:]
    os.environ[STORE_VARIABLE] = store
    Granian(
        target="bench.inprocess_server:app_factory",
        factory=True,
        address="127.0.0.1",
        port=int(port),
        interface=Interfaces.WSGI,
        workers=int(rest[0]) if rest else 1,
        blocking_threads=8,  # as `kg serve`
        log_access=False,
    ).serve()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
