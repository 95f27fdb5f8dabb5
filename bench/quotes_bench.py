"""What tracing every fact to its source costs at mapping time.

Maps N synthetic documents (bench/synthetic.py) twice, with the source text handed to the writer
(every fact's quote is located in the source) and without it (selectors count in the record's
fields), and prints the seconds and triples of each, twice, to show the noise:

    python bench/quotes_bench.py 200 /tmp/quote-bench
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.synthetic import generate
from kg.detect import detect_mapper, read_document
from kg.errors import RecordError
from kg.namespaces import IriMinter
from kg.triples import TripleWriter


def main(count: int, folder: Path) -> None:
    """Time extraction and triples with and without locating quotes in the source."""
    sources = [read_document(path, path.name) for path in generate(count, folder)]
    for _ in range(2):
        for label, anchored in (("without source", False), ("with source", True)):
            start = time.perf_counter()
            triples = 0
            for source in sources:
                mapper = detect_mapper(source)
                writer = TripleWriter(IriMinter(), scope=source.sha256[:8], sha256=source.sha256 if anchored else "",
                                      text=source.text if anchored else "")
                for work in mapper.parse(source.text, source.path):
                    if not isinstance(work, RecordError):
                        triples += sum(1 for _ in writer.work(work))
            print(f"{label:15} {time.perf_counter() - start:7.2f} s  {triples} triples")


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
