"""The record of how the extractor reads: its version and a hash of what it reads in each development abstract.

``tests/test_reading_record.py`` compares the extractor with the record, so that a change of reading
cannot ship under the old version (every extracted fact names the version that read it).
``python -m tests.reading_record`` writes the record again, after ``EXTRACTOR_VERSION`` was raised.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from kg.extract.evaluate import load_annotations
from kg.extract.rdf import EXTRACTOR_VERSION
from kg.extract.study import extract_study

RECORD = Path(__file__).parent / "extractor-reading.json"
DEV = Path(__file__).parent / "annotations" / "dev"


def readings() -> dict[str, str]:
    """Each development abstract's id with the SHA-256 of everything the extractor reads in it."""
    return {annotation.ident: hashlib.sha256(repr(extract_study(annotation.work)).encode("utf-8")).hexdigest()
            for annotation in load_annotations(DEV)}


def recorded() -> tuple[str, dict[str, str]]:
    """The version and the readings on record."""
    data = json.loads(RECORD.read_text(encoding="utf-8"))
    return data["extractor_version"], data["readings"]


def main() -> None:
    """Write the record for the extractor as it reads now."""
    record = {"extractor_version": EXTRACTOR_VERSION, "readings": readings()}
    RECORD.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"recorded extractor version {EXTRACTOR_VERSION}: {len(record['readings'])} abstracts in {RECORD.name}")


if __name__ == "__main__":
    main()
