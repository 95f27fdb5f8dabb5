"""A Virtuoso instance of the tests' own: Debian's virtuoso-t on loopback ports, in a temporary folder.

Debian's package starts its service through init scripts that a container refuses,
so the tests (and `bench/remote.py`) start the server binary themselves with a
database folder and a `virtuoso.ini` of their own, and stop it afterwards.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

VIRTUOSO = "virtuoso-t"
STARTUP_SECONDS = 90.0
USER, PASSWORD = "dba", "dba"  # a fresh database's administrator; the instance listens on loopback only
# More than the endpoint's own row cap, so results the tests compare are never cut by Virtuoso.
RESULT_ROWS = 1_000_000

_INI = """\
[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
MaxQueryMem = 1G
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {root}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {rows}
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""


def available() -> bool:
    """Whether Debian's Virtuoso server binary is installed."""
    return shutil.which(VIRTUOSO) is not None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Virtuoso:
    """A running instance: its SPARQL endpoint, its Graph Store Protocol URL and its credentials."""

    url: str
    folder: Path
    user: str = USER
    password: str = PASSWORD

    @property
    def sparql(self) -> str:
        """The query endpoint."""
        return self.url + "/sparql"

    @property
    def graph_store(self) -> str:
        """The authenticated Graph Store Protocol endpoint."""
        return self.url + "/sparql-graph-crud-auth"

    def log(self) -> str:
        """The server's own log."""
        path = self.folder / "virtuoso.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _wait(instance: Virtuoso, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited with code {process.returncode}:\n{instance.log()[-2000:]}")
        try:
            if requests.get(instance.sparql, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"Virtuoso did not answer at {instance.sparql} within {STARTUP_SECONDS} s")


@contextmanager
def running_virtuoso(rows: int = RESULT_ROWS) -> Iterator[Virtuoso]:
    """Start a fresh Virtuoso on free loopback ports; stop it and remove its folder afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
    root = folder / "www"
    root.mkdir()
    http_port, sql_port = _free_port(), _free_port()
    (folder / "virtuoso.ini").write_text(
        _INI.format(sql_port=sql_port, http_port=http_port, root=root, rows=rows), encoding="utf-8")
    process = subprocess.Popen([VIRTUOSO, "-c", "virtuoso.ini", "+foreground"], cwd=folder,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    instance = Virtuoso(f"http://127.0.0.1:{http_port}", folder)
    try:
        _wait(instance, process)
        yield instance
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)
