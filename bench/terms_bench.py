"""Processor time of the conversions between rdflib and pyoxigraph terms on generated documents' triples.

Usage: nice -n 10 python bench/terms_bench.py [--documents N]
Generates N documents (bench/synthetic.py), maps each with what the extractor reads, then times (best
of three, processor seconds, in this process) each path a build takes through the term converter: the
load's N-Quads lines, validation's encoding, pyoxigraph quads, a verdict's cache key with the encoding
of its batch, and minting child IRIs. Run it on two commits to compare them; on a commit from before
kg.terms.TermConverter it times the converters of that time (kg.store.QuadConverter, the engine's
Encoder and Loader) on the same triples.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg.terms  # noqa: E402
from bench.synthetic import generate  # noqa: E402
from kg.mapping import map_document, with_readings  # noqa: E402
from kg.namespaces import IriMinter  # noqa: E402
from kg.shacl.batch import project_validator  # noqa: E402
from kg.shacl.engine import Encoder, Loader  # noqa: E402
from kg.triples import TripleWriter  # noqa: E402

ONE_CONVERTER = hasattr(kg.terms, "TermConverter")


def best(work: Callable[[], object]) -> float:
    """The least processor time of three runs."""
    times = []
    for _ in range(3):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=300, help="documents generated (default 300)")
    arguments = parser.parse_args()
    minter = IriMinter()
    writer = TripleWriter(minter)
    documents = []
    with tempfile.TemporaryDirectory(prefix="terms-bench-") as scratch:
        for path in generate(arguments.documents, Path(scratch)):
            mapped = map_document(path, path.name, writer)
            if mapped.graph is not None and mapped.graph_iri is not None:
                documents.append((mapped.graph_iri, list(with_readings(mapped, minter))))
    datatypes = project_validator().compiler.datatypes
    converter = kg.terms.TermConverter if ONE_CONVERTER else __import__("kg.store").store.QuadConverter
    default = ox.DefaultGraph()

    def load_lines() -> None:
        convert = converter()
        for name, triples in documents:
            convert.quad_lines(convert.triple_texts(triples, name), name)

    def encoding() -> None:
        encoder, lines = Encoder(datatypes), []
        for name, triples in documents:
            encoder.document(triples, name, lines)

    def quads() -> None:
        convert = converter()
        if ONE_CONVERTER:
            for _, triples in documents:
                convert.quads(triples, default)
        else:
            term = convert.term
            for _, triples in documents:
                [ox.Quad(term(s), term(p), term(o), default) for s, p, o in triples]

    def loader_quads() -> None:
        loader = Loader(datatypes)
        for _, triples in documents:
            loader.quads(triples, default)

    def key_and_encoding() -> None:
        encoder, lines = Encoder(datatypes), []
        for name, triples in documents:
            if ONE_CONVERTER:
                texts = encoder.texts(triples) or []
                statements = sorted(set(texts))
            else:
                statements = sorted({f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in triples})
            hashlib.sha256("\n".join(statements).encode()).hexdigest()
            if ONE_CONVERTER:
                encoder.document(triples, name, lines, texts)
            else:
                encoder.document(triples, name, lines)

    parents = [minter.work(key=f"work {n}") for n in range(1000)]

    def children() -> None:
        for parent in parents:
            for number in range(100):
                IriMinter.child(parent, "finding", number)

    print(f"{len(documents)} documents, {sum(len(t) for _, t in documents):,} triples; "
          f"{'kg.terms.TermConverter' if ONE_CONVERTER else 'kg.store.QuadConverter and the engine encoders'}")
    for label, work in [("load's N-Quads lines (triple_texts + quad_lines)", load_lines),
                        ("validation's encoding (Encoder.document)", encoding),
                        ("pyoxigraph quads (converter)", quads),
                        ("pyoxigraph quads (validation's Loader)", loader_quads),
                        ("verdict keys, then the batches' encoding", key_and_encoding),
                        ("100,000 child IRIs (IriMinter.child)", children)]:
        print(f"{label}: {best(work):.3f} s")


if __name__ == "__main__":
    main()
