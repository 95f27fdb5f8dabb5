"""Full-text search against REGEX, and the dumps' memory, on generated graphs of 1,000 and 10,000 works.

    python bench/pages_bench.py [--sizes 1000 10000] [--runs 5]
    python bench/pages_bench.py --served-dumps 2500 10000

The second form writes stores shaped like builds of that many documents (760 quads each, as a
real build has) and downloads every dump from `kg serve`, sampling the peak memory of the
server's processes (the one that makes the dumps, and the others) while it does.

Each work has a title and an abstract of about 180 words drawn (seeded) from the words of the
seed abstracts, so word frequencies are those of the field's prose. The same question is asked of
`kg serve` (answer cache off) twice: with ``psk:textMatch`` and with ``REGEX`` over titles and
abstracts. The dumps are made by ``python -m kg.dumps`` and its peak memory is read from the kernel.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.namespaces import DCTERMS, FABIO, PSK, RDF, IriMinter  # noqa: E402
from kg.search import build_index  # noqa: E402
from kg.store import materialize_default_graph, new_build, open_read_only  # noqa: E402
from tests.pages_support import (  # noqa: E402
    ProcessPeaks,
    kg_serve,
    reader_memory,
    vocabulary,
    write_build_like_store,
)

QUESTIONS = {
    "hope AND trial*": ('?w psk:textMatch "hope AND trial*" .',
                        'FILTER(REGEX(?text, "\\\\bhope", "i")) ?w dcterms:title|dcterms:abstract ?t2 '
                        'FILTER(REGEX(?t2, "\\\\btrial", "i"))'),
    '"peer support" AND employment': ('?w psk:textMatch \'"peer support" AND employment\' .',
                                      'FILTER(REGEX(?text, "peer support", "i")) ?w dcterms:title|dcterms:abstract ?t2 '
                                      'FILTER(REGEX(?t2, "employment", "i"))'),
}


def write_store(directory: Path, works: int, seed: int = 12) -> Path:
    """A store of `works` studies with titles and abstracts, one named graph per 20 works."""
    rng = random.Random(seed)
    words, weights = vocabulary()
    mint = IriMinter()
    n = lambda value: ox.NamedNode(str(value))  # noqa: E731

    def quads():
        for index in range(works):
            graph = n(mint.graph(f"{index // 20:016x}"))
            work = n(mint.work(key=f"bench work {index}"))
            title = " ".join(rng.choices(words, weights, k=9)).capitalize()
            abstract = ". ".join(" ".join(rng.choices(words, weights, k=18)).capitalize() for _ in range(10)) + "."
            yield ox.Quad(work, n(RDF.type), n(PSK.Study), graph)
            yield ox.Quad(work, n(RDF.type), n(FABIO.Expression), graph)
            yield ox.Quad(work, n(DCTERMS.title), ox.Literal(title), graph)
            yield ox.Quad(work, n(DCTERMS.abstract), ox.Literal(abstract), graph)

    with new_build(directory) as store:
        store.bulk_extend(quads())
        materialize_default_graph(store)
    return directory


def timed_query(url: str, query: str, runs: int) -> tuple[float, int]:
    """Median seconds of a query over HTTP, and its number of rows."""
    seconds, rows = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        answer = requests.get(url + "/sparql", params={"query": query}, timeout=600,
                              headers={"Accept": "application/sparql-results+json"})
        seconds.append(time.perf_counter() - start)
        answer.raise_for_status()
        rows = len(answer.json()["results"]["bindings"])
    return statistics.median(seconds), rows


# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forking parent (here a big one) across exec
DUMP_AND_REPORT = (
    "import re, sys; from kg.dumps import main; main(['', sys.argv[1], sys.argv[2]]); "
    "print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])"
)


def dump_memory(store: Path, out: Path) -> tuple[float, float]:
    """Seconds and peak MiB of the process that writes the dumps of the current build (as the server runs it)."""
    build = (store / "current").resolve()
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", DUMP_AND_REPORT, str(build), str(out)], check=True, cwd=ROOT,
                          capture_output=True, text=True)
    return time.perf_counter() - start, int(done.stdout.split()[-1]) / 1024


def served_dumps(directory: Path, documents: int) -> str:
    """One table row: a build-like store's dumps made and downloaded from `kg serve`, with peak memory."""
    start = time.perf_counter()
    quads = write_build_like_store(directory, documents)
    written = time.perf_counter() - start
    with kg_serve(directory) as served:
        peaks = ProcessPeaks(served.process.pid)
        peaks.start()
        start = time.perf_counter()
        while (listing := served.get("/dumps/")).status_code == 503:
            time.sleep(0.5)
        listing.raise_for_status()
        made = time.perf_counter() - start
        peaks.sample()
        before = peaks.peak_mib("kg serve", "RssAnon")
        names = [line.split()[1].lstrip("*") for line in served.get("/dumps/SHA256SUMS").text.splitlines()]
        start, received = time.perf_counter(), 0
        for name in names:
            with requests.get(f"{served.url}/dumps/{name}", stream=True, timeout=600) as answer:
                answer.raise_for_status()
                for chunk in answer.iter_content(1 << 16):
                    received += len(chunk)
        fetched = time.perf_counter() - start
        peaks.stop()
    reading = reader_memory(next((directory / "builds").iterdir()))
    maker = f"{peaks.peak_mib('kg.dumps'):.0f} / {peaks.peak_mib('kg.dumps', 'RssAnon'):.0f} / {reading:.0f}"
    server = f"{before:.0f} / {peaks.peak_mib('kg serve', 'RssAnon'):.0f}"
    return (f"| {documents:,} | {quads:,} | {written:.0f} | {made:.0f} | {maker} | {received / 2**20:,.0f} "
            f"| {fetched:.1f} | {server} |")


def main() -> None:
    """Measure every size and print markdown tables."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--dumps-only", action="store_true", help="skip the text queries")
    parser.add_argument("--served-dumps", type=int, nargs="+", metavar="DOCUMENTS",
                        help="only: download every dump of build-like stores of so many documents from kg serve")
    args = parser.parse_args()
    if args.served_dumps:
        print("| documents | quads | store written (s) | dumps made (s) "
              "| dump process MiB: VmHWM / RssAnon / reading alone | dumps MiB (gz) | downloaded in (s) "
              "| HTTP processes RssAnon MiB: before / after download |")
        print("|---:|---:|---:|---:|---:|---:|---:|---:|")
        for documents in args.served_dumps:
            with tempfile.TemporaryDirectory() as work:
                print(served_dumps(Path(work) / "store", documents), flush=True)
        return
    search_rows, dump_rows = [], []
    with tempfile.TemporaryDirectory() as work:
        for size in args.sizes:
            store = write_store(Path(work) / f"store-{size}", size)
            quads = len(open_read_only(store))
            start = time.perf_counter()
            build_index(open_read_only(store), Path(work) / f"index-{size}.sqlite")
            index_seconds = time.perf_counter() - start
            with kg_serve(store, "--query-timeout", "600", environment={"KG_CACHE_ENTRIES": "0"}) as served:
                if args.dumps_only:
                    QUESTIONS.clear()
                while served.get("/search", params={"q": "peer"}).status_code == 503:
                    time.sleep(0.2)
                for name, (text, regex) in QUESTIONS.items():
                    prefix = "PREFIX psk: <https://w3id.org/peer-support-kg/ontology#>\n" \
                             "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
                    fts, fts_rows = timed_query(served.url, prefix + f"SELECT ?w WHERE {{ {text} }}", args.runs)
                    slow, regex_rows = timed_query(
                        served.url, prefix + f"SELECT DISTINCT ?w WHERE {{ ?w dcterms:title|dcterms:abstract ?text "
                        f"{regex} }}", args.runs)
                    search_rows.append(f"| {size:,} | `{name}` | {fts * 1000:.1f} | {fts_rows} | {slow * 1000:.1f} "
                                       f"| {regex_rows} | {slow / fts:.0f}× |")
            seconds, peak = dump_memory(store, Path(work) / f"dumps-{size}")
            dump_rows.append(f"| {size:,} | {quads:,} | {index_seconds:.1f} | {seconds:.1f} | {peak:.0f} |")
    print("| works | text query | textMatch ms | rows | REGEX ms | rows | REGEX / textMatch |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    print("\n".join(search_rows))
    print()
    print("| works | quads in store | FTS index (s) | all dumps (s) | dumps process peak MiB |")
    print("|---:|---:|---:|---:|---:|")
    print("\n".join(dump_rows))


if __name__ == "__main__":
    main()
