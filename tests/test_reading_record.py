"""A change of the extractor's reading ships under a new version: facts name the version that read them."""

from __future__ import annotations

from kg.extract.rdf import EXTRACTOR_VERSION
from tests.reading_record import readings, recorded


def test_a_change_of_reading_raises_the_extractor_version() -> None:
    version, on_record = recorded()
    now = readings()
    changed = sorted(ident for ident in now.keys() & on_record.keys() if now[ident] != on_record[ident])
    if changed and version == EXTRACTOR_VERSION:
        raise AssertionError(
            f"the extractor reads {len(changed)} development abstracts differently ({', '.join(changed[:5])}"
            f"{', ...' if len(changed) > 5 else ''}) under the same version {EXTRACTOR_VERSION}: raise "
            "EXTRACTOR_VERSION in kg/extract/rdf.py, then run python -m tests.reading_record")
    assert version == EXTRACTOR_VERSION, (
        f"EXTRACTOR_VERSION is {EXTRACTOR_VERSION} but the record is of version {version}: "
        "run python -m tests.reading_record")
    assert not changed
    assert len(now.keys() & on_record.keys()) >= 100, "the record covers too few of the development abstracts"
