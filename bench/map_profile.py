"""Where mapping spends its processor time: cProfile of `map_document` over generated documents.

Usage: nice -n 10 python bench/map_profile.py [--documents N] [--top K]
Generates N documents (bench/synthetic.py) in a scratch folder, maps the first one to warm up the caches (the
ontology, the lexicon, the place table), then maps the rest under cProfile in this process. Prints the processor
seconds of the profiled mapping and the K functions with the largest own time. Run it on two commits to see what
a change of the extractor costs.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.synthetic import generate  # noqa: E402
from kg.mapping import map_document  # noqa: E402
from kg.namespaces import IriMinter  # noqa: E402
from kg.triples import TripleWriter  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=150, help="documents generated (default 150)")
    parser.add_argument("--top", type=int, default=18, help="functions listed by own time (default 18)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="map-profile-") as scratch:
        paths = generate(arguments.documents, Path(scratch))
        writer = TripleWriter(IriMinter())
        map_document(paths[0], paths[0].name, writer)
        started = time.process_time()
        profile = cProfile.Profile()
        profile.enable()
        for path in paths[1:]:
            map_document(path, path.name, writer)
        profile.disable()
        print(f"processor seconds mapping {len(paths) - 1} documents: {time.process_time() - started:.2f}")
        pstats.Stats(profile).sort_stats("tottime").print_stats(arguments.top)


if __name__ == "__main__":
    main()
