"""Outcomes read by meaning (kg/extract/paraphrase.py) on one folder of annotations: the phrases and a grid.

Usage: nice -n 10 python bench/outcome_paraphrase.py FOLDER [--phrases] [--grid] [--score]
``--phrases`` prints every phrase a cue speaks of in a result sentence with its nearest outcome concept, the
similarity, the margin over the next concept and whether the lexicon already found that concept (``=``), the
file's annotation names it (``+``) or neither (``-``), for each kind of concept text; ``--grid`` scores
outcomes and finding directions over thresholds, margins, concept texts and phrase lengths; ``--score``
scores the shipped settings off and on. Settings are chosen on one half of the development set (``--phrases``,
``--grid``); the other half is only scored (``--score``).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import kg.extract.paraphrase as paraphrase  # noqa: E402
from kg.extract.acronyms import learn_acronyms  # noqa: E402
from kg.extract.context import classify  # noqa: E402
from kg.extract.evaluate import evaluate, extracted_items, load_annotations  # noqa: E402
from kg.extract.lexicon import lexicon  # noqa: E402
from kg.extract.matcher import find_matches  # noqa: E402
from kg.extract.study import extract_study  # noqa: E402
from kg.extract.text import sentences  # noqa: E402

TEXTS = ("labels", "definition", "both")
# A definition is a sentence, which a short phrase meets with lower similarities than a label.
THRESHOLDS = {"labels": (0.6, 0.65, 0.7, 0.75, 0.8), "definition": (0.45, 0.5, 0.55), "both": (0.65, 0.75)}


def phrases(folder: Path) -> None:
    """Every candidate phrase with its nearest concept per kind of text, marked by the annotation."""
    lex = lexicon()
    for annotation in load_annotations(folder):
        parts = sentences(annotation.work)
        contexts = classify(parts)
        acronyms = learn_acronyms(parts, lex)
        want = {item[0] for item in annotation.expected["outcomes"]}
        have = {item[0] for item in extracted_items(extract_study(annotation.work))["outcomes"]}
        for sentence, context in zip(parts, contexts, strict=True):
            if not context.states_result:
                continue
            found = paraphrase.outcome_phrases(sentence, find_matches(sentence, lex, acronyms))
            if not found:
                continue
            texts = [c.text for c in found]
            columns = [paraphrase.nearest(texts, paraphrase.Reading(texts=t)) for t in TEXTS]
            for i, text in enumerate(texts):
                cells = []
                for column in columns:
                    concept, value, margin = column[i]
                    name = str(concept).rsplit("/", 1)[-1]
                    key = f"outcome/{name}"
                    mark = "=" if key in have else "+" if key in want else "-"
                    cells.append(f"{mark}{name} {value:.2f} {margin:.2f}")
                print(f"{annotation.ident[:28]:28} | {text[:40]:40} | " + " | ".join(cells))


def report(folder: Path, name: str) -> None:
    """One line: outcomes and directions, precision / recall (tp/fp/fn)."""
    scores = evaluate(folder).scores
    o, d = scores["outcomes"], scores["directions"]
    print(f"{name:34} outcomes {o.precision:.3f} / {o.recall:.3f} ({o.true_positives}/{o.false_positives}/"
          f"{o.false_negatives})  directions {d.precision:.3f} / {d.recall:.3f} ({d.true_positives}/"
          f"{d.false_positives}/{d.false_negatives})", flush=True)


def grid(folder: Path) -> None:
    """Outcomes and directions over settings."""
    def row(name: str) -> None:
        report(folder, name)

    paraphrase.READING = paraphrase.Reading(enabled=False)
    row("off")
    for texts in TEXTS:
        for threshold in THRESHOLDS[texts]:
            for margin in (0.0, 0.1):
                for words in (1, 2):
                    paraphrase.READING = replace(paraphrase.Reading(), enabled=True, threshold=threshold,
                                                 margin=margin, texts=texts, min_words=words)
                    row(f"{texts} t={threshold} m={margin} w>={words}")


def main() -> None:
    """Parse the arguments and run what they ask."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--phrases", action="store_true")
    parser.add_argument("--grid", action="store_true")
    parser.add_argument("--score", action="store_true", help="score off and on with the shipped settings")
    args = parser.parse_args()
    if args.phrases:
        phrases(args.folder)
    if args.grid:
        grid(args.folder)
    if args.score:
        for enabled in (False, True):
            paraphrase.READING = replace(paraphrase.Reading(), enabled=enabled)
            report(args.folder, f"{'on' if enabled else 'off'} {paraphrase.READING}")


if __name__ == "__main__":
    main()
