"""Helpers for the page tests: `kg serve` started as a user starts it, and RDF read back from answers."""

from __future__ import annotations

import csv
import os
import random
import re
import subprocess
import sys
import threading
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import requests
from rdflib import Dataset, Graph

from kg.build import BuildSettings, BuildSummary, build
from kg.curation import COLUMNS
from kg.namespaces import CONCEPT, DCTERMS, FABIO, FOAF, OA, PROV, PSK, RDF, XSD, IriMinter
from kg.store import new_build
from tests.conftest import SEEDS, run_query
from tests.server_support import KG, free_port, serving


@dataclass
class Served:
    """A `kg serve` process and its base URL."""

    process: subprocess.Popen[bytes]
    url: str
    store: Path

    def get(self, path: str, accept: str = "text/html", **kwargs: object) -> requests.Response:
        """GET a path of this server."""
        return requests.get(self.url + path, headers={"Accept": accept}, timeout=60, **kwargs)  # type: ignore[arg-type]


@contextmanager
def kg_serve(store: Path, *options: str, environment: dict[str, str] | None = None) -> Iterator[Served]:
    """`kg serve --store STORE` (the installed command) on a free loopback port, stopped afterwards."""
    port = free_port()
    command = [str(KG), "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port), *options]
    with serving(command, port, dict(os.environ, **(environment or {}))) as (process, url, _):
        yield Served(process, url, store)


def load_rdf(data: bytes, rdf_format: str) -> Graph:
    """An answer's RDF in an rdflib graph (JSON-LD into a Dataset's merge, as rdflib reads it)."""
    if rdf_format != "json-ld":
        return Graph().parse(data=data, format=rdf_format)
    with warnings.catch_warnings():
        # rdflib's JSON-LD parser calls its own deprecated Dataset members; that is not ours to fix
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset = Dataset().parse(data=data, format="json-ld")
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    return graph


@dataclass(frozen=True)
class Curated:
    """The seeds built with a researcher's decisions: which (study, outcome) findings they verified, how."""

    build: BuildSummary
    decisions: dict[tuple[str, str], str]  # (study, outcome) -> the direction it has once verified


def build_curated_seeds(root: Path, seed_store: ox.Store) -> Curated:
    """Accept two findings of the seed graph and correct the direction of a third, then build."""
    rows = run_query(seed_store, """SELECT ?study ?outcome (MIN(STR(?direction)) AS ?d) WHERE {
        ?study psk:reports ?f . ?f psk:outcome ?outcome ; psk:direction ?direction .
        { ?study psk:studiesRole ?role } UNION { ?study psk:hasParticipantGroup/psk:role ?role } }
        GROUP BY ?study ?outcome HAVING (COUNT(DISTINCT ?direction) = 1) ORDER BY ?study ?outcome LIMIT 3""")
    assert isinstance(rows, list) and len(rows) == 3, rows
    decisions = {}
    (root / "curation").mkdir(parents=True)
    with (root / "curation" / "decisions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for number, row in enumerate(rows):
            direction = row["d"].rsplit("#", 1)[-1]
            action = "correct" if number == 2 else "accept"
            if action == "correct":
                direction = "Mixed" if direction != "Mixed" else "Negative"
            decisions[row["study"], row["outcome"]] = direction
            writer.writerow({"time": "2026-11-29T10:00:00+00:00", "curator": "Ada Researcher", "action": action,
                             "work": row["study"], "kind": "finding",
                             "value": row["outcome"].removeprefix(str(CONCEPT)),
                             "direction": direction if action == "correct" else ""})
    summary = build([SEEDS], BuildSettings(store=root / "store", curation=root / "curation"))
    assert summary.ok and summary.curation is not None and summary.curation.applied == 3, summary
    return Curated(summary, decisions)


WORD = re.compile(r"[A-Za-z][A-Za-z-]+")


def vocabulary() -> tuple[list[str], list[int]]:
    """The words of the seed documents and how often each occurs (for generated prose)."""
    counts: Counter[str] = Counter()
    for path in sorted(SEEDS.glob("*.txt")):
        counts.update(word.lower() for word in WORD.findall(path.read_text(encoding="utf-8")))
    words = sorted(counts)
    return words, [counts[w] for w in words]


def write_build_like_store(directory: Path, documents: int, seed: int = 7) -> int:
    """A store shaped like a build of `documents` documents; returns its number of quads.

    Each document's graph holds about 380 triples: a work with its title, abstract, authors
    and journal, 30 findings with their evidence sentences, 11 annotations and provenance;
    each triple is also in the default graph, as a build materialises the merge. So a
    10,000-document store has about the 7.6 million quads of a real 10,000-document build.
    """
    rng = random.Random(seed)
    words, weights = vocabulary()
    mint = IriMinter()
    default = ox.DefaultGraph()

    def n(value: object) -> ox.NamedNode:
        return ox.NamedNode(str(value))

    def prose(count: int) -> ox.Literal:
        return ox.Literal(" ".join(rng.choices(words, weights, k=count)).capitalize() + ".")

    def document(number: int) -> Iterator[tuple[ox.NamedNode, ox.NamedNode, ox.Term]]:
        work = n(mint.work(key=f"generated work {number}"))
        journal = n(mint.journal(f"generated journal {number % 300}"))
        yield from ((work, n(RDF.type), n(PSK.Study)), (work, n(RDF.type), n(FABIO.Expression)),
                    (work, n(DCTERMS.title), prose(10)), (work, n(DCTERMS.abstract), prose(220)),
                    (work, n(DCTERMS.issued), ox.Literal(str(1990 + number % 35), datatype=n(XSD.gYear))),
                    (work, n(PSK.studyDesign), n(CONCEPT[f"design/d{number % 12}"])),
                    (work, n(DCTERMS.isPartOf), journal), (journal, n(RDF.type), n(FABIO.Journal)),
                    (journal, n(DCTERMS.title), prose(4)))
        for author in range(8):
            person = n(mint.person(f"generated person {number} {author}"))
            yield from ((work, n(DCTERMS.creator), person), (person, n(RDF.type), n(FOAF.Person)),
                        (person, n(FOAF.name), prose(2)), (person, n(FOAF.familyName), prose(1)))
        for index in range(30):
            finding = n(f"{work.value}/finding/{index}")
            yield from ((work, n(PSK.reports), finding), (finding, n(RDF.type), n(PSK.Finding)),
                        (finding, n(PSK.outcome), n(CONCEPT[f"outcome/o{index % 40}"])),
                        (finding, n(PSK.direction), n(PSK.Positive if index % 3 else PSK.Mixed)),
                        (finding, n(PSK.status), n(PSK.MachineExtracted)),
                        (finding, n(PSK.confidence), ox.Literal("0.7", datatype=n(XSD.decimal))),
                        (finding, n(PSK.population), n(CONCEPT[f"role/r{index % 9}"])),
                        (finding, n(PSK.evidence), prose(22)), (finding, n(PROV.wasDerivedFrom), work))
        for index in range(11):
            note = n(f"{work.value}/annotation/{index}")
            yield from ((note, n(RDF.type), n(OA.Annotation)), (note, n(OA.hasTarget), work),
                        (note, n(OA.motivatedBy), n(OA.identifying)), (note, n(PSK.exact), prose(6)),
                        (note, n(PSK.start), ox.Literal(str(index * 90), datatype=n(XSD.integer))),
                        (note, n(PSK.end), ox.Literal(str(index * 90 + 60), datatype=n(XSD.integer))))
        source = n(mint.source(f"{number:064x}"))
        yield from ((source, n(RDF.type), n(PROV.Entity)), (work, n(PROV.wasDerivedFrom), source),
                    (source, n(PSK.sha256), ox.Literal(f"{number:064x}")),
                    (source, n(PSK.path), ox.Literal(f"documents/{number:06d}.txt")))

    def quads() -> Iterator[ox.Quad]:
        for number in range(documents):
            graph = n(mint.graph(f"{number:064x}"))
            for subject, predicate, value in document(number):
                yield ox.Quad(subject, predicate, value, graph)
                yield ox.Quad(subject, predicate, value, default)

    with new_build(directory) as store:
        store.bulk_extend(quads())
        return len(store)


class ProcessPeaks(threading.Thread):
    """The peak memory of a process and every process under it, sampled until stopped.

    Per process: the kernel's high-water mark of its resident set (VmHWM, which counts the
    pages of files it maps, such as a store's tables) and the highest anonymous resident
    memory seen (RssAnon: its heap, what holding data in memory would grow), in KiB.
    """

    def __init__(self, root: int, every: float = 0.02) -> None:
        super().__init__(name="process-peaks", daemon=True)
        self.root = root
        self.every = every
        self.commands: dict[int, str] = {}
        self.peaks: dict[int, dict[str, int]] = {}  # pid -> {"VmHWM": KiB, "RssAnon": KiB}
        self._stopped = threading.Event()

    def _tree(self) -> list[int]:
        found, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            found.append(pid)
            for task in Path(f"/proc/{pid}/task").glob("*/children"):
                try:
                    todo.extend(int(child) for child in task.read_text().split())
                except OSError:
                    pass  # the task ended meanwhile
        return found

    def sample(self) -> None:
        """Read every process of the tree once."""
        for pid in self._tree():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                # read each time: between fork and exec a child still shows its parent's command
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if not command:
                continue  # a process that ended (a zombie shows no command and no memory)
            if command != self.commands.get(pid):
                self.commands[pid] = command
                self.peaks[pid] = {}  # a new program in this process: its own peaks
            peaks = self.peaks[pid]
            for field, value in MEMORY_FIELD.findall(status):
                peaks[field] = max(peaks.get(field, 0), int(value))

    def run(self) -> None:
        """Sample until stopped."""
        while not self._stopped.wait(self.every):
            self.sample()

    def stop(self) -> None:
        """Stop sampling (after one last sample)."""
        self._stopped.set()
        self.join()
        self.sample()

    def peak_mib(self, command: str, field: str = "VmHWM") -> float:
        """The highest peak of a field over the processes whose command line holds `command`."""
        return max((peaks.get(field, 0) for pid, peaks in self.peaks.items() if command in self.commands[pid]),
                   default=0) / 1024


MEMORY_FIELD = re.compile(r"^(VmHWM|RssAnon):\s+(\d+) kB", re.MULTILINE)


# Reads every quad as the dumps do (the whole store, then the merge), and says how much anonymous
# memory the store's reader then holds (its caches fill as it reads, up to their bound).
READ_ONLY_ANON = """
import re, sys
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
for pattern in ((None, None, None, None), (None, None, None, ox.DefaultGraph())):
    for _ in store.quads_for_pattern(*pattern):
        pass
print(re.search(r"RssAnon:\\s+(\\d+) kB", open("/proc/self/status").read())[1])
"""


def reader_memory(build: Path) -> float:
    """MiB of anonymous memory a process holds after reading every quad of a build (what reading costs)."""
    done = subprocess.run([sys.executable, "-c", READ_ONLY_ANON, str(build)], capture_output=True, text=True,
                          check=True)
    return int(done.stdout) / 1024
