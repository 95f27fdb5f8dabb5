"""Whose count it is: the extractor's false sizes by how they differ from the annotation, for one folder.

Usage: python bench/size_roles.py FOLDER [FOLDER ...]
For each folder, counts the false sizes (number, unit, role) whose number and unit the annotation has with another
role (a role read where none is annotated, none read where one is, two different roles), those whose number and
unit the annotation does not have, and the annotated sizes whose number and unit were not read at all. Prints
counts only, so it may be run on the held-out set without showing any of its text.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.evaluate import extracted_items, load_annotations  # noqa: E402
from kg.extract.study import extract_study  # noqa: E402

KINDS = ("a role read, none annotated", "none read, a role annotated", "both with a role, not the same",
         "a number or unit the annotation does not have", "annotated sizes whose number and unit were not read")


def tally(folder: Path) -> Counter[str]:
    """The false and missed sizes of one folder, by kind."""
    counts: Counter[str] = Counter()
    for annotation in load_annotations(folder):
        got = extracted_items(extract_study(annotation.work))["sizes"]
        expected = annotation.expected["sizes"]
        annotated: dict[tuple[str, ...], set[str]] = {}
        for item in expected:
            annotated.setdefault(item[:2], set()).add(item[2])
        read = {item[:2] for item in got}
        for item in got - expected:
            roles = annotated.get(item[:2])
            if roles is None:
                counts[KINDS[3]] += 1
            elif item[2] == "":
                counts[KINDS[1]] += 1
            elif "" in roles:
                counts[KINDS[0]] += 1
            else:
                counts[KINDS[2]] += 1
        counts[KINDS[4]] += sum(1 for key in annotated if key not in read)
    return counts


def main() -> None:
    """Print the table for each folder named."""
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    for name in sys.argv[1:]:
        counts = tally(Path(name))
        print(name)
        for kind in KINDS:
            print(f"  {counts[kind]:4d}  {kind}")


if __name__ == "__main__":
    main()
