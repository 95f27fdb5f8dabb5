"""Each seed maps to exactly its golden graph (compared as isomorphic graphs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, to_isomorphic

from tests.golden.regenerate import GOLDEN, SEEDS, mapped_graph


def _nt(graph: Graph) -> str:
    return "\n".join(sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip()))


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_seed_maps_to_golden_graph(seed: Path) -> None:
    expected = Graph().parse(GOLDEN / f"{seed.stem}.ttl", format="turtle")
    actual = mapped_graph(seed)
    iso_expected, iso_actual = to_isomorphic(expected), to_isomorphic(actual)
    if iso_expected != iso_actual:
        _, only_expected, only_actual = graph_diff(iso_expected, iso_actual)
        pytest.fail(f"{seed.name} differs from its golden graph "
                    f"(python -m tests.golden.regenerate rewrites it; review the diff)\n"
                    f"--- only in golden:\n{_nt(only_expected)}\n+++ only in mapped:\n{_nt(only_actual)}")
