"""Counts of what the extractor misses, by kind, for folders of annotations: the outcome concepts it misses most,
and its missed comparators by why. Prints counts only, so it may be run on the held-out set without showing its text.

Usage: python bench/miss_kinds.py FOLDER [FOLDER ...]
- outcomes: for each concept, annotated files that name it and the extractor does not, out of those that name it,
  and files where the extractor names it and the annotation does not (the 12 most missed);
- comparators: annotated comparators of an outcome the extractor gives no finding on, of a finding it reads
  without a comparator, and of a finding it reads with another phrase (``kg eval`` matches phrases exactly).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.evaluate import comparator_phrase, extracted_items, load_annotations  # noqa: E402
from kg.extract.study import extract_study  # noqa: E402

COMPARATOR_KINDS = ("no finding on the outcome", "a finding without a comparator", "a finding with another phrase")


def report(folder: Path) -> None:
    """Print both counts for one folder."""
    missed: Counter[str] = Counter()
    named: Counter[str] = Counter()
    false: Counter[str] = Counter()
    comparators: Counter[str] = Counter()
    for annotation in load_annotations(folder):
        content = extract_study(annotation.work)
        got = extracted_items(content)
        for item in annotation.expected["outcomes"]:
            named[item[0]] += 1
            missed[item[0]] += item not in got["outcomes"]
        for item in got["outcomes"] - annotation.expected["outcomes"]:
            false[item[0]] += 1
        read: dict[str, set[str]] = {}
        for finding in content.findings:
            read.setdefault("outcome/" + str(finding.outcome).rsplit("/", 1)[-1], set()).add(
                comparator_phrase(finding.comparator))
        for outcome, _ in annotation.expected["comparators"] - got["comparators"]:
            phrases = read.get(str(outcome))
            why = 0 if phrases is None else 1 if phrases == {""} else 2
            comparators[COMPARATOR_KINDS[why]] += 1
    print(folder)
    print("  outcome concepts most missed (missed / annotated, false):")
    for concept, count in missed.most_common(12):
        print(f"    {count:4d} / {named[concept]:4d}  {false[concept]:4d}  {concept}")
    print("  missed comparators:")
    for kind in COMPARATOR_KINDS:
        print(f"    {comparators[kind]:4d}  {kind}")


def main() -> None:
    """Print the counts for each folder named."""
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    for name in sys.argv[1:]:
        report(Path(name))


if __name__ == "__main__":
    main()
