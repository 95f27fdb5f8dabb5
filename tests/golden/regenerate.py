"""Rewrite the golden graphs from the current mappers: `python -m tests.golden.regenerate`.

Review the diff before committing: a golden file is a claim about what each seed means.
"""

from __future__ import annotations

from pathlib import Path

from kg.build import map_document
from kg.mapping import with_readings
from kg.namespaces import IriMinter
from kg.triples import TripleWriter, bind_prefixes

GOLDEN = Path(__file__).resolve().parent
SEEDS = GOLDEN.parent.parent / "seeds"


def mapped_graph(seed: Path):
    """The named graph the build makes of one seed (built alone), as an rdflib Graph."""
    item = map_document(seed, f"seeds/{seed.name}", TripleWriter(IriMinter()))
    assert item.graph is not None, item.report.rejected
    return bind_prefixes(with_readings(item, IriMinter()))


def main() -> None:
    """Write tests/golden/<seed>.ttl for every seed."""
    for seed in sorted(SEEDS.glob("*.txt")):
        target = GOLDEN / f"{seed.stem}.ttl"
        target.write_text(mapped_graph(seed).serialize(format="turtle"), encoding="utf-8")
        print(f"wrote {target.relative_to(GOLDEN.parent.parent)}")


if __name__ == "__main__":
    main()
