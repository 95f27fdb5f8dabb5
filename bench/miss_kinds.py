"""Counts of what the extractor misses, by kind, for folders of annotations: the outcome concepts it misses most,
and its missed comparators by why. Prints counts only, so it may be run on the held-out set without showing its text.

Usage: python bench/miss_kinds.py FOLDER [FOLDER ...]
- outcomes: for each concept, annotated files that name it and the extractor does not, out of those that name it,
  and files where the extractor names it and the annotation does not (the 12 most missed);
- comparators: annotated comparators of an outcome the extractor gives no finding on, of a finding it reads
  without a comparator, and of a finding it reads with another phrase (``kg eval`` matches phrases exactly);
- findings: annotated findings by their direction (Positive, or any other), found or missed, and a missed one by why:
  the extractor gives its outcome another direction, names the outcome in a result sentence and reads no result of
  it, recognises the outcome only outside the result sentences, or does not recognise the outcome at all; and for
  those given another direction, which one (annotated -> extracted, on the same outcome of the same file).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.acronyms import learn_acronyms  # noqa: E402
from kg.extract.context import classify  # noqa: E402
from kg.extract.evaluate import Annotation, Items, comparator_phrase, extracted_items, load_annotations  # noqa: E402
from kg.extract.lexicon import lexicon  # noqa: E402
from kg.extract.matcher import find_matches  # noqa: E402
from kg.extract.study import extract_study  # noqa: E402
from kg.extract.study_findings import result_mentions  # noqa: E402
from kg.extract.text import sentences  # noqa: E402

COMPARATOR_KINDS = ("no finding on the outcome", "a finding without a comparator", "a finding with another phrase")
FINDING_KINDS = ("found", "another direction", "named in a result sentence, no finding",
                 "recognised outside the result sentences only", "outcome not recognised")


def _local(iri: object) -> str:
    return str(iri).rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def misread(annotation: Annotation, got: Items) -> list[tuple[str, str]]:
    """(annotated, extracted) directions of the annotated findings the extractor gives another direction: each
    missed direction of an outcome against each direction the extractor gives that outcome instead."""
    wanted: dict[str, set[str]] = {}
    for outcome, direction in annotation.expected["directions"]:
        wanted.setdefault(_local(outcome), set()).add(_local(direction))
    given: dict[str, set[str]] = {}
    for outcome, direction in got["directions"]:
        given.setdefault(_local(outcome), set()).add(_local(direction))
    return [(w, g) for outcome in wanted.keys() & given.keys()
            for w in wanted[outcome] - given[outcome] for g in given[outcome] - wanted[outcome]]


def finding_kinds(annotation: Annotation, got: Items) -> list[tuple[str, str]]:
    """Each annotated finding's direction kind (Positive or other) and what became of it (FINDING_KINDS)."""
    lex = lexicon()
    parts = sentences(annotation.work)
    acronyms = learn_acronyms(parts, lex)
    matched = [find_matches(sentence, lex, acronyms) for sentence in parts]
    in_results = {_local(m.match.concept) for m in result_mentions(parts, classify(parts), matched)}
    directed = {_local(outcome) for outcome, _ in got["directions"]}
    recognised = {_local(item[0]) for item in got["outcomes"]}
    out = []
    for outcome, direction in annotation.expected["directions"]:
        kind = "Positive" if _local(direction) == "Positive" else "other"
        name = _local(outcome)
        why = (0 if (outcome, direction) in got["directions"] else 1 if name in directed
               else 2 if name in in_results else 3 if name in recognised else 4)
        out.append((kind, FINDING_KINDS[why]))
    return out


def report(folder: Path) -> None:
    """Print both counts for one folder."""
    missed: Counter[str] = Counter()
    named: Counter[str] = Counter()
    false: Counter[str] = Counter()
    comparators: Counter[str] = Counter()
    findings: Counter[tuple[str, str]] = Counter()
    confused: Counter[tuple[str, str]] = Counter()
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
        findings.update(finding_kinds(annotation, got))
        confused.update(misread(annotation, got))
    print(folder)
    print("  outcome concepts most missed (missed / annotated, false):")
    for concept, count in missed.most_common(12):
        print(f"    {count:4d} / {named[concept]:4d}  {false[concept]:4d}  {concept}")
    print("  missed comparators:")
    for kind in COMPARATOR_KINDS:
        print(f"    {comparators[kind]:4d}  {kind}")
    print("  annotated findings (Positive / the others):")
    for kind in FINDING_KINDS:
        print(f"    {findings['Positive', kind]:4d} / {findings['other', kind]:4d}  {kind}")
    print("  given another direction (annotated -> extracted):")
    for (wanted, given), count in sorted(confused.items(), key=lambda row: (-row[1], row[0])):
        print(f"    {count:4d}  {wanted} -> {given}")


def main() -> None:
    """Print the counts for each folder named."""
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    for name in sys.argv[1:]:
        report(Path(name))


if __name__ == "__main__":
    main()
