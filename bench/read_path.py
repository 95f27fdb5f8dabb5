"""CPU of `kg query` against a minimal pyoxigraph script running the same query on the same store.

    python bench/read_path.py --store DIR [--runs 30] [--query "ASK { ?s a psk:Study }"]

Both run as fresh processes (as a user runs them), interleaved so that load from elsewhere on the
machine falls on both alike; the CPU time (user + system) of all runs of each is summed from the
children's resource usage and divided by the number of runs. The installed `kg` command is used,
so the figure includes the interpreter's start, as the minimal script's does.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: python bench/read_path.py
    sys.path.insert(0, str(REPO))

from kg.current import current_build  # noqa: E402
from kg.query import PREDECLARED  # noqa: E402

# what a user who knows pyoxigraph writes for one lookup
MINIMAL = """
import sys
import pyoxigraph
store = pyoxigraph.Store.read_only(sys.argv[1])
print(store.query(sys.argv[2], prefixes={"psk": sys.argv[3]}))
"""


def _cpu(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(store: Path, query: str, runs: int) -> dict[str, float]:
    """Milliseconds of CPU per run: {"pyoxigraph script": ..., "kg query": ...}."""
    build = current_build(store)
    if build is None:
        raise SystemExit(f"{store}: no built store here")
    kg = shutil.which("kg") or str(Path(sys.executable).parent / "kg")
    commands = {
        "pyoxigraph script": [sys.executable, "-c", MINIMAL, str(build), query, PREDECLARED["psk"]],
        "kg query": [kg, "query", "--store", str(store), query],
    }
    totals = dict.fromkeys(commands, 0.0)
    for command in commands.values():  # once each before measuring: files in the page cache
        _cpu(command)
    for _ in range(runs):
        for name, command in commands.items():
            totals[name] += _cpu(command)
    return {name: total / runs * 1000 for name, total in totals.items()}


def main(argv: list[str] | None = None) -> int:
    """Measure and print a markdown row."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="a built store (`kg build --store DIR`)")
    parser.add_argument("--runs", type=int, default=30, help="runs of each (default 30)")
    parser.add_argument("--query", default="ASK { ?s a psk:Study }")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    cpu = measure(args.store, args.query, args.runs)
    ratio = cpu["kg query"] / cpu["pyoxigraph script"]
    print(f"load average before: {load:.2f}; {args.runs} runs each; query: {args.query}")
    print("| command | CPU ms per run | ratio |")
    print("|---|---:|---:|")
    print(f"| pyoxigraph script | {cpu['pyoxigraph script']:.1f} | 1.00× |")
    print(f"| `kg query` | {cpu['kg query']:.1f} | {ratio:.2f}× |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
