"""Print the extractor's precision and recall per field on the annotated abstracts.

Usage: python bench/eval_extraction.py [ANNOTATION_DIR] [--details]
Exit status 1 when a targeted field misses its target.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.extract.evaluate import evaluate  # noqa: E402


def main(argv: list[str]) -> int:
    """Run the evaluation and print the table."""
    args = [a for a in argv if not a.startswith("--")]
    folder = Path(args[0]) if args else ROOT / "tests" / "annotations" / "dev"
    report = evaluate(folder)
    print(report.format(details="--details" in argv))
    return 0 if report.meets_targets() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
