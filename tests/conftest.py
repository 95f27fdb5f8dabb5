"""Shared fixtures: seed documents, a store built from them, and SPARQL helpers."""

from __future__ import annotations

import dataclasses
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.build import BuildSettings, BuildSummary, build
from kg.namespaces import PREFIXES
from kg.store import open_read_only

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PREFIX_BLOCK = "".join(f"PREFIX {name}: <{ns}>\n" for name, ns in PREFIXES.items())


def record_strings(value: object) -> Iterator[str]:
    """Every string anywhere in a record (for checks that no page chrome leaked into any field)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from record_strings(item)
    elif dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            yield from record_strings(getattr(value, item.name))


def seed_path(prefix: str) -> Path:
    """The seed document whose name starts with the prefix ("000", "001", "002")."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def seed_text(prefix: str) -> tuple[str, str]:
    """The text of a seed document and the path a build reports it by ("seeds/000_....txt")."""
    path = seed_path(prefix)
    return path.read_text(encoding="utf-8"), f"seeds/{path.name}"


@pytest.fixture
def seed() -> Callable[[str], Path]:
    """seed("001") -> path of that seed document."""
    return seed_path


@pytest.fixture
def docs_dir(tmp_path: Path) -> Path:
    """A fresh folder holding copies of the three seeds, for tests that add bad documents."""
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> BuildSummary:
    """The three seeds built once into a store for the whole session."""
    store = tmp_path_factory.mktemp("seed-store") / "store"
    return build([SEEDS], BuildSettings(store=store))


@pytest.fixture(scope="session")
def curated_seeds(tmp_path_factory: pytest.TempPathFactory, seed_store: ox.Store) -> object:
    """The seeds built with a researcher's decisions (three findings verified): a pages_support.Curated."""
    from tests.pages_support import build_curated_seeds

    return build_curated_seeds(tmp_path_factory.mktemp("curated-seeds"), seed_store)


@pytest.fixture(scope="session")
def seed_store(seed_build: BuildSummary) -> ox.Store:
    """The seed store, opened read-only."""
    return open_read_only(seed_build.store)


def run_query(store: ox.Store, query: str) -> list[dict[str, str]] | bool:
    """Run SPARQL (default graph = the merge of all documents) with the project's prefixes."""
    result = store.query(PREFIX_BLOCK + query)
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    names = [v.value for v in result.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in result]


@pytest.fixture(scope="session")
def sparql(seed_store: ox.Store) -> Callable[[str], list[dict[str, str]] | bool]:
    """sparql("SELECT ...") over the seed store."""
    return lambda query: run_query(seed_store, query)
