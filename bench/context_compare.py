"""Compare the extractor's per-mention scope of no-difference and hedge cues with medspacy's ConText.

Usage (medspacy is not a dependency of the project; install it into the same environment first):
    pip install medspacy && python bench/context_compare.py [ANNOTATION_DIR]
For every outcome mention in a result sentence of the development set that the extractor or the
annotator gives a finding, it asks both: is the mention negated ("no difference") or hedged? ConText runs
on a blank English pipeline (no model download) with its default rules, then with the project's cue
phrases added as rules.
"""

from __future__ import annotations

import collections
import csv
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.acronyms import learn_acronyms  # noqa: E402
from kg.extract.context import classify  # noqa: E402
from kg.extract.cues import CUES_CSV  # noqa: E402
from kg.extract.evaluate import _local, load_annotations  # noqa: E402
from kg.extract.lexicon import OUTCOME, lexicon  # noqa: E402
from kg.extract.matcher import find_matches  # noqa: E402
from kg.extract.study import extract_study  # noqa: E402
from kg.extract.text import sentences  # noqa: E402

RULE_CATEGORIES = {"no_difference": ("NEGATED_EXISTENCE", "BIDIRECTIONAL"),
                   "negation": ("NEGATED_EXISTENCE", "FORWARD"), "modal_hedge": ("POSSIBLE_EXISTENCE", "FORWARD")}
TERMINATORS = ("but", "however", "whereas", "while", "as well as", "except")


def mentions(folder: Path) -> list[dict]:
    """Outcome mentions of result sentences with the extractor's and the annotator's directions."""
    lex = lexicon()
    rows = []
    for annotation in load_annotations(folder):
        content = extract_study(annotation.work)
        mine = {_local(f.outcome): _local(f.direction) for f in content.findings}
        want: dict[str, list[str]] = {}
        for outcome, direction in annotation.expected["directions"]:
            want.setdefault(outcome, []).append(direction)
        parts = sentences(annotation.work)
        acronyms = learn_acronyms(parts, lex)
        for sentence, context in zip(parts, classify(parts), strict=True):
            if not context.states_result:
                continue
            for match in find_matches(sentence, lex, acronyms):
                outcome = _local(match.concept)
                if match.scheme == OUTCOME and (outcome in mine or outcome in want):
                    rows.append({"text": sentence.text, "start": match.start - sentence.start,
                                 "end": match.end - sentence.start, "mine": mine.get(outcome),
                                 "want": want.get(outcome, [])})
    return rows


def context_modifiers(rows: list[dict], with_project_cues: bool) -> list[tuple[bool, bool] | None]:
    """(negated, uncertain) of each mention by medspacy's ConText."""
    warnings.simplefilter("ignore")  # spaCy's command-line helpers warn on import
    import medspacy
    from medspacy.context import ConTextRule

    nlp = medspacy.load(medspacy_enable=["medspacy_context"])
    component = nlp.get_pipe("medspacy_context")
    if with_project_cues:
        with CUES_CSV.open(encoding="utf-8", newline="") as handle:
            rules = [ConTextRule(r["phrase"], RULE_CATEGORIES[r["kind"]][0], direction=RULE_CATEGORIES[r["kind"]][1])
                     for r in csv.DictReader(handle) if r["kind"] in RULE_CATEGORIES]
        component.add(rules + [ConTextRule(t, "TERMINATE", direction="TERMINATE") for t in TERMINATORS])
    out: list[tuple[bool, bool] | None] = []
    for row in rows:
        doc = nlp.make_doc(row["text"])
        for token in doc:  # one sentence per row
            token.is_sent_start = token.i == 0
        span = doc.char_span(row["start"], row["end"], label="OUTCOME", alignment_mode="expand")
        if span is None:
            out.append(None)
            continue
        doc.ents = [span]
        entity = component(doc).ents[0]
        out.append((entity._.is_negated, entity._.is_uncertain))
    return out


def main(argv: list[str]) -> int:
    """Print, per method, how many mentions get the annotated direction and how no-difference fares."""
    folder = Path(argv[0]) if argv else ROOT / "tests" / "annotations" / "dev"
    rows = mentions(folder)
    print(f"{len(rows)} outcome mentions in result sentences")
    for label, with_cues in (("ConText, default rules", False), ("ConText, default + project cues", True)):
        score: collections.Counter[str] = collections.Counter()
        for row, found in zip(rows, context_modifiers(rows, with_cues), strict=True):
            if found is None:
                continue
            mine, want = row["mine"], row["want"]
            negated, uncertain = found
            polar = mine if mine not in (None, "NoDifference", "Unclear") else "Positive"
            theirs = "NoDifference" if negated else "Unclear" if uncertain else polar
            score["mentions"] += 1
            score["extractor right"] += mine in want
            score["ConText right"] += theirs in want
            score["no difference expected"] += "NoDifference" in want
            score["extractor no-difference found"] += "NoDifference" in want and mine == "NoDifference"
            score["ConText no-difference found"] += "NoDifference" in want and negated
            score["extractor false no-difference"] += mine == "NoDifference" and "NoDifference" not in want
            score["ConText false negation"] += negated and "NoDifference" not in want
        print(f"{label}: " + ", ".join(f"{k} {v}" for k, v in score.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
