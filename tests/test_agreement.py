"""bench/agreement.py: two annotators' agreement, on two small made-up folders."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from kg.extract.evaluate import load_annotation, split_folders

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "bench" / "agreement.py"


def _write(folder: Path, ident: str, expected: dict[str, Any]) -> None:
    folder.mkdir(exist_ok=True)
    data = {"id": ident, "source": "https://example.org/" + ident, "title": "", "abstract": "A made-up abstract.",
            "expected": expected}
    (folder / f"{ident}.json").write_text(json.dumps(data), encoding="utf-8")


def _finding(outcome: str, direction: str) -> dict[str, str]:
    return {"outcome": "outcome/" + outcome, "direction": direction}


def _run(first: Path, second: Path) -> list[str]:
    result = subprocess.run([sys.executable, str(SCRIPT), str(first), str(second)],
                            capture_output=True, text=True, check=True)
    return result.stdout.splitlines()


def _row(lines: list[str], name: str) -> list[str]:
    return next(line for line in lines if line.startswith(name + " ")).split()


def test_agreement_scores_the_second_against_the_first(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    _write(first, "x", {"designs": ["design/rct"], "findings": [
        _finding("hope", "Positive"), _finding("stigma", "NoDifference"), _finding("recovery", "Negative")]})
    _write(second, "x", {"designs": ["design/rct", "design/qualitative"], "findings": [
        _finding("hope", "Positive"), _finding("stigma", "Positive")]})
    _write(first, "z", {"findings": [_finding("symptom-severity", "Negative")]})
    _write(second, "z", {"findings": [_finding("symptom-severity", "Negative")]})
    # Only in the first folder: not counted, else designs recall would fall.
    _write(first, "y", {"designs": ["design/cohort"], "findings": [_finding("hope", "Mixed")]})
    lines = _run(first, second)
    assert lines[0].startswith("2 files annotated in both folders (1 only in the first, 0 only in the second")
    # designs: tp 1, fp 1, fn 0 -> P 0.5 [Wilson 1 of 2], R 1.0, F1 2/3
    assert _row(lines, "designs") == ["designs", "0.500", "[0.09,", "0.91]", "1.000", "[0.21,", "1.00]", "0.667",
                                      "1", "1", "0"]
    # directions: tp 2 (hope Positive, symptom-severity Negative), fp 1, fn 2 -> P 2/3, R 1/2, F1 4/7
    assert _row(lines, "directions")[1] == "0.667"
    assert _row(lines, "directions")[4] == "0.500"
    assert _row(lines, "directions")[7:] == ["0.571", "2", "1", "2"]
    # Pairs: hope P/P, stigma ND/P, symptom-severity N/N; recovery has no partner.
    # observed 2/3; chance (1*2 + 1*1 + 1*0) / 9 = 1/3; kappa (2/3 - 1/3) / (2/3) = 0.5
    summary = next(line for line in lines if line.startswith("directions of the same outcome"))
    assert re.search(r": 3 pairs \(0 unpaired\), observed agreement 0\.667, Cohen's kappa 0\.500$", summary)
    assert _row(lines, "Positive")[1:] == ["1", "0", "0", "0", "0"]
    assert _row(lines, "NoDifference")[1:] == ["1", "0", "0", "0", "0"]
    assert _row(lines, "Negative")[1:] == ["0", "1", "0", "0", "0"]
    assert lines[-1] == ("first's findings the second also gives, by direction: "
                         "Positive 1/1, Negative 1/2, NoDifference 0/1")


def test_agreement_of_a_folder_with_itself_is_total(tmp_path: Path) -> None:
    first = tmp_path / "first"
    _write(first, "x", {"outcomes": ["outcome/hope"], "findings": [
        _finding("hope", "Positive"), _finding("stigma", "Negative")]})
    lines = _run(first, first)
    assert _row(lines, "directions")[1:] == ["1.000", "[0.34,", "1.00]", "1.000", "[0.34,", "1.00]", "1.000",
                                             "2", "0", "0"]
    summary = next(line for line in lines if line.startswith("directions of the same outcome"))
    assert summary.endswith("observed agreement 1.000, Cohen's kappa 1.000")


def test_second_annotation_is_not_a_set_kg_eval_scores() -> None:
    annotations = ROOT / "tests" / "annotations"
    assert set(split_folders(annotations)) == {"dev", "heldout"}
    second = sorted(p.name for p in (annotations / "second").glob("*.json"))
    assert len(second) == 30
    # Each second annotation reads as an annotation file and has its first annotation in heldout/.
    assert all((annotations / "heldout" / name).is_file() for name in second)
    assert all(load_annotation(annotations / "second" / name).ident == name.removesuffix(".json") for name in second)
