"""Builds killed with SIGKILL while `kg serve` answers queries: `python bench/kill_builds.py [--trials N]`.

A store holds the seeds; `kg serve` serves it; a client loops a count of the
studies. Each trial starts `kg build` of the seeds plus generated documents into
the same store and kills it (SIGKILL, its whole process group) after a random
delay. Reported: requests that failed, answers that were neither the old nor the
new count (a half-built store served), build folders left over after each kill,
and after one more build that is let finish. Everything runs on 127.0.0.1.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script
    sys.path.insert(0, str(REPO))

from bench.synthetic import generate  # noqa: E402
from tests.test_remote import kg_serve  # noqa: E402

KG = str(Path(sys.executable).with_name("kg"))
COUNT = "SELECT (COUNT(DISTINCT ?w) AS ?n) WHERE { ?w a <https://w3id.org/peer-support-kg/ontology#Study> }"


def build(paths: list[Path], store: Path) -> subprocess.Popen[bytes]:
    """`kg build` as a user runs it, in a process group of its own."""
    return subprocess.Popen([KG, "build", *map(str, paths), "--store", str(store)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)


def count(url: str) -> int:
    """The number of studies the endpoint counts (a fresh query text each time: no answer cache)."""
    response = requests.post(url, data={"query": f"{COUNT} # {time.time_ns()}"},
                             headers={"Accept": "text/csv"}, timeout=60)
    response.raise_for_status()
    return int(response.text.split()[1])


def leftovers(store: Path) -> int:
    """Build folders and markers other than the published build and the one before it."""
    builds = store / "builds"
    kept = {os.path.realpath(store / name) for name in ("current", "previous") if (store / name).exists()}
    return sum(1 for entry in builds.iterdir() if os.path.realpath(entry) not in kept) if builds.is_dir() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--documents", type=int, default=30, help="generated documents added to the seeds")
    arguments = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        extra = work / "generated"
        extra.mkdir()
        generate(arguments.documents, extra)
        seeds, store, scratch = REPO / "seeds", work / "store", work / "scratch"
        assert build([seeds], store).wait() == 0
        started = time.monotonic()
        assert build([seeds, extra], scratch).wait() == 0
        full_seconds = time.monotonic() - started
        with kg_serve("--store", str(scratch)) as url:
            new = count(url)
        shutil.rmtree(scratch)
        stats = {"requests": 0, "failed": 0, "wrong": 0}
        stop = threading.Event()
        with kg_serve("--store", str(store)) as url:
            old = count(url)

            def client() -> None:
                while not stop.is_set():
                    stats["requests"] += 1
                    try:
                        if count(url) not in (old, new):
                            stats["wrong"] += 1
                    except (requests.RequestException, ValueError, IndexError):
                        stats["failed"] += 1

            thread = threading.Thread(target=client, daemon=True)
            thread.start()
            after_kill: list[int] = []
            for _ in range(arguments.trials):
                process = build([seeds, extra], store)
                # anywhere from mapping to loading and publishing
                time.sleep(rng.uniform(0.2, full_seconds * 1.05))
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                after_kill.append(leftovers(store))
            finished = build([seeds, extra], store).wait()
            time.sleep(1.0)
            stop.set()
            thread.join()
            final = count(url)
        print(f"| kill -9 during builds ({arguments.trials} trials, seeds + {arguments.documents} generated "
              f"documents, a client counting studies throughout) | `nice -n 10 .venv/bin/python bench/kill_builds.py "
              f"--trials {arguments.trials}` | {stats['requests']} requests, **{stats['failed']} failed**, "
              f"**{stats['wrong']} wrong answers**; folders left after a kill: at most {max(after_kill)} "
              f"(partial builds, removed by the next build); after a completed build (exit {finished}): "
              f"{leftovers(store)}; the endpoint then counts {final} studies (expected {new}) |")


if __name__ == "__main__":
    main()
