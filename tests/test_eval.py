"""kg eval: the development and held-out sets apart, any folder in the annotation format, and a built store."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import BuildSummary
from kg.cli import main
from kg.extract.confidence import KIND_FIELDS, STUDY, Measured, read_table, write_table
from kg.extract.evaluate import (
    TARGETS,
    evaluate,
    find_annotation_root,
    load_annotations,
    same_arm,
    score,
    split_folders,
    wilson,
)
from kg.extract.rdf import EXTRACTOR_VERSION
from kg.extract.store_items import StoreReader
from kg.resources import ResourceError

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "tests" / "annotations" / "dev"
SEED_FILES = ("seed-000-institutionalizing-peer-support.json", "seed-001-2-bellamy-evidence-update.json")


def test_wilson_interval_matches_the_textbook_value() -> None:
    low, high = wilson(8, 10)  # 0.8 of 10: [0.490, 0.943]
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert wilson(0, 0) == (0.0, 1.0)


def test_annotation_root_is_found_from_any_folder(tmp_path: Path) -> None:
    root = find_annotation_root(tmp_path)  # no annotations around tmp_path: the package's repository
    assert root == ROOT / "tests" / "annotations"
    assert "dev" in split_folders(root)


def test_eval_without_folder_reports_each_set_with_intervals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A repository of its own, so that the test never prints the real held-out figures.
    root = tmp_path / "tests" / "annotations"
    for name, files in (("dev", SEED_FILES[:1]), ("heldout", SEED_FILES[1:])):
        (root / name).mkdir(parents=True)
        for file in files:
            shutil.copy(DEV / file, root / name / file)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["eval"])
    assert result.exit_code in (0, 1), result.output
    assert f"development set (rules written on it) {root / 'dev'}: 1 annotated documents" in result.output
    assert f"held-out set (never tuned on) {root / 'heldout'}: 1 annotated documents" in result.output
    assert "95% CI" in result.output
    assert "findings found by annotated direction: Positive" in result.output
    assert "sizes by number and unit alone (roles not compared), P / R (tp/fp/fn): " in result.output
    assert "comparators by the arm named (another name for the same arm counts), P / R (tp/fp/fn): " in result.output


def test_eval_of_a_folder_keeps_the_plain_table_and_details(tmp_path: Path) -> None:
    for name in SEED_FILES:
        shutil.copy(DEV / name, tmp_path / name)
    # A file of another annotator, without the optional fields and with a wrong finding.
    data = json.loads((DEV / SEED_FILES[0]).read_text(encoding="utf-8"))
    data["id"] = "other"
    data["expected"]["findings"] = [{"outcome": "outcome/hope", "direction": "Negative"}]
    (tmp_path / "other.json").write_text(json.dumps(data), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(tmp_path), "--details"])
    lines = result.output.splitlines()
    assert lines[0] == "3 annotated documents"
    assert lines[1].split() == ["field", "precision", "recall", "tp", "fp", "fn", "target"]
    assert [line.split()[0] for line in lines[2:10]] == ["designs", "settings", "roles", "outcomes", "sizes",
                                                         "directions", "ages", "comparators"]
    assert "other: directions missed ('outcome/hope', 'Negative')" in lines
    assert result.exit_code == 1  # the wrong finding breaks the directions target


def _trial(comparator: str) -> dict[str, object]:
    methods = "120 adults with depression were randomised to peer support or usual care."
    results = "At 12 months, hope was significantly higher in the peer support group than in the usual care group."
    return {"id": "trial", "source": "https://example.org/trial", "title": "A trial of peer support",
            "abstract": f"Methods: {methods} Results: {results}",
            "sections": [["Methods", methods], ["Results", results]],
            "expected": {"outcomes": ["outcome/hope"], "findings": [
                {"outcome": "outcome/hope", "direction": "Positive", "comparator": comparator}]}}


@pytest.mark.parametrize(("annotated", "matched"), [
    ("usual care group", True), ("The Usual-Care group", True), ("the usual  care group", True),
    ("usual care", False), ("wait-list group", False),
])
def test_a_comparator_is_matched_whatever_its_case_article_or_hyphens(tmp_path: Path, annotated: str,
                                                                       matched: bool) -> None:
    (tmp_path / "trial.json").write_text(json.dumps(_trial(annotated)), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    row = next(line.split() for line in result.output.splitlines() if line.startswith("comparators"))
    assert (row[3], row[5]) == (("1", "0") if matched else ("0", "1")), result.output


@pytest.mark.parametrize(("first", "second", "same"), [
    # another name for the same arm: the words of an arm's kind left out, or one name inside the other
    ("control", "control group", True), ("treatment as usual", "treatment as usual group", True),
    ("wait list control group", "control group", True), ("non respite users", "non-respite group", True),
    ("standard services", "standard services for community reentry", True),
    # another arm, or the arm that did not get what the other names
    ("usual care", "wait-list group", False), ("clinician", "caring letters", False),
    ("no receipt of caring letters", "caring letters", False), ("usual care", "usual treatment", False),
])
def test_comparators_are_also_matched_by_the_arm_they_name(first: str, second: str, same: bool) -> None:
    assert same_arm(first, second) is same
    assert same_arm(second, first) is same


def test_the_held_out_table_scores_comparators_by_arm_beside_the_strict_phrase(tmp_path: Path) -> None:
    (tmp_path / "trial.json").write_text(json.dumps(_trial("usual care")), encoding="utf-8")
    report = evaluate(tmp_path)
    strict = report.scores["comparators"]
    assert (strict.true_positives, strict.false_positives, strict.false_negatives) == (0, 1, 1)
    assert report.comparators_by_arm == [1, 0, 0]  # "usual care group" names the annotated arm


def test_findings_are_also_scored_by_the_kind_of_study(tmp_path: Path) -> None:
    # the same abstract annotated as a trial and as a qualitative study: its findings count under each kind
    data = json.loads((DEV / SEED_FILES[1]).read_text(encoding="utf-8"))
    for ident, designs in (("as-trial", ["design/rct", "design/qualitative"]), ("as-interviews", ["design/qualitative"]),
                           ("as-review", ["design/systematic-review", "design/rct"])):
        data["id"], data["expected"]["designs"] = ident, designs
        (tmp_path / f"{ident}.json").write_text(json.dumps(data), encoding="utf-8")
    report = evaluate(tmp_path)
    direction = report.scores["directions"]
    one = direction.true_positives // 3, direction.false_positives // 3, direction.false_negatives // 3
    assert sum(one) > 0
    assert {k: tuple(v) for k, v in report.by_kind.items()} == {
        "trials and cohorts": one, "qualitative": one, "reviews": one, "other": (0, 0, 0)}
    shown = report.format_with_intervals("a folder")
    assert "findings by kind of study, P / R (tp/fp/fn): trials and cohorts " in shown
    assert "other" not in shown.rsplit("findings by kind of study", 1)[1]


def test_optional_fields_are_scored_only_where_annotated(tmp_path: Path) -> None:
    data = json.loads((DEV / SEED_FILES[1]).read_text(encoding="utf-8"))
    finding = data["expected"]["findings"][0]
    finding["population"] = "role/no-such-role"
    (tmp_path / "one.json").write_text(json.dumps(data), encoding="utf-8")
    report = evaluate(tmp_path)
    assert report.scores["populations"].false_negatives == 1
    assert report.scores["populations"].true_positives + report.scores["populations"].false_positives <= 1
    assert report.scores["role functions"].counted is False


def test_eval_scores_a_built_store(seed_build: BuildSummary) -> None:
    reader = StoreReader(seed_build.store)
    report = score(load_annotations(DEV), reader.items)
    assert report.documents == 9  # the nine seed abstracts; the others are not in the seed store
    assert len(report.missing) == len(list(DEV.glob("*.json"))) - 9
    for name in ("designs", "outcomes", "directions"):
        assert report.scores[name].true_positives > 0
    precision, _ = TARGETS["directions"]
    assert precision is not None and report.scores["directions"].precision >= precision


def test_eval_store_option_names_files_the_store_lacks(seed_build: BuildSummary) -> None:
    result = CliRunner().invoke(main, ["eval", str(DEV), "--store", str(seed_build.store)])
    assert result.output.startswith("9 annotated documents")
    assert "not in the store (" in result.output
    assert "upsides-rct" in result.output


def test_confidence_out_writes_the_measured_precision_of_each_kind_and_direction(tmp_path: Path) -> None:
    """`kg eval FOLDER --confidence-out` writes the precisions it printed, findings also by extracted direction."""
    annotations = tmp_path / "set"
    annotations.mkdir()
    for name in SEED_FILES:
        shutil.copy(DEV / name, annotations / name)
    data = json.loads((DEV / SEED_FILES[0]).read_text(encoding="utf-8"))
    data["id"] = "other"
    data["expected"]["findings"] = []  # the other annotator saw no finding: every extracted one is false here
    (annotations / "other.json").write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "confidence.csv"
    result = CliRunner().invoke(main, ["eval", str(annotations), "--confidence-out", str(out)])
    assert result.exit_code in (0, 1), result.output
    printed = {line.split()[0]: line.split() for line in result.output.splitlines()[2:]}
    table = read_table(out)
    report = evaluate(annotations)
    for kind, name in KIND_FIELDS.items():
        tp, fp = int(printed[name][3]), int(printed[name][4])
        row = table.rows[(kind, "")]
        assert (row.correct, row.extracted) == (tp, tp + fp)
        assert row.extractor_version == EXTRACTOR_VERSION
    by_direction = {d: (right, extracted) for d, (right, extracted) in report.by_extracted_direction.items()}
    assert sum(extracted for _, extracted in by_direction.values()) == table.rows[("finding", "")].extracted
    for direction, (right, extracted) in by_direction.items():
        assert (table.rows[("finding", direction)].correct, table.rows[("finding", direction)].extracted) == \
            (right, extracted)
    assert table.rows[("finding", "")].correct < table.rows[("finding", "")].extracted  # "other" counted
    # and by the kind of study the extracted designs make each file
    by_study = {k: (right, extracted) for k, (right, extracted) in report.by_extracted_kind.items()}
    assert sum(extracted for _, extracted in by_study.values()) == table.rows[("finding", "")].extracted
    for kind, (right, extracted) in by_study.items():
        assert (table.rows[(STUDY, kind)].correct, table.rows[(STUDY, kind)].extracted) == (right, extracted)


def test_a_directions_figure_is_drawn_toward_that_of_all_findings_by_how_seldom_it_was_extracted(
        tmp_path: Path) -> None:
    rows = [Measured(kind, "", 8, 10, "9", "2026-01-01") for kind in KIND_FIELDS]
    rows += [Measured("finding", "Positive", 300, 400, "9", "2026-01-01"),
             Measured("finding", "Negative", 0, 5, "9", "2026-01-01"),
             Measured("finding", "Unclear", 0, 100, "9", "2026-01-01")]
    write_table(tmp_path / "c.csv", rows)
    table = read_table(tmp_path / "c.csv")
    # (right + 20 * 0.8) / (extracted + 20)
    assert table.confidence("finding", "Positive") == Decimal("0.75")  # 316 / 420: its own 0.75, nearly
    assert table.confidence("finding", "Negative") == Decimal("0.64")  # 16 / 25: five tries say little
    assert table.confidence("finding", "Unclear") == Decimal("0.13")  # 16 / 120: a hundred wrong say much
    assert table.confidence("finding", "Mixed") == Decimal("0.80")  # not measured: all findings'
    assert table.confidence("design") == Decimal("0.80")


def test_a_findings_figure_is_scaled_by_how_its_kind_of_study_fared(tmp_path: Path) -> None:
    rows = [Measured(kind, "", 8, 10, "9", "2026-01-01") for kind in KIND_FIELDS]
    rows += [Measured("finding", "Positive", 300, 400, "9", "2026-01-01"),
             Measured(STUDY, "qualitative", 20, 80, "9", "2026-01-01"),
             Measured(STUDY, "reviews", 100, 100, "9", "2026-01-01")]
    write_table(tmp_path / "c.csv", rows)
    table = read_table(tmp_path / "c.csv")
    # Positive: 316 / 420; qualitative drawn: (20 + 16) / 100 = 0.36, over all findings' 0.8: 0.45 of it
    assert table.confidence("finding", "Positive", "qualitative") == Decimal("0.34")
    # reviews drawn: 116 / 120, over 0.8: above all findings; never above 1
    assert table.confidence("finding", "Positive", "reviews") == Decimal("0.91")
    assert table.confidence("finding", "Positive", "trials and cohorts") == Decimal("0.75")  # not measured
    assert table.confidence("finding", "Positive") == Decimal("0.75")
    assert table.confidence("design", "", "qualitative") == Decimal("0.80")  # findings only


def test_a_finding_states_the_confidence_of_its_kind_of_study(monkeypatch: pytest.MonkeyPatch,
                                                              tmp_path: Path) -> None:
    rows = [Measured(kind, "", 8, 10, EXTRACTOR_VERSION, "2026-01-01") for kind in KIND_FIELDS]
    rows += [Measured(STUDY, "qualitative", 10, 80, EXTRACTOR_VERSION, "2026-01-01")]
    write_table(tmp_path / "c.csv", rows)
    monkeypatch.setattr("kg.extract.rdf.shipped_table", lambda: read_table(tmp_path / "c.csv"))
    from kg.extract import extract_study
    from kg.extract.rdf import _confidence, content_triples
    from kg.namespaces import PSK, IriMinter
    from kg.records import Work
    _confidence.cache_clear()
    stated = {}
    for design in ("Semi-structured interviews were analysed thematically.", "This was a randomised controlled trial."):
        content = extract_study(Work(line=1, abstract=f"{design} Participants reported that hope improved."))
        work = IriMinter().work(key="w")
        triples = list(content_triples(work, content, IriMinter()))
        findings = {s for s, p, o in triples if p == PSK.direction}
        stated[design[:8]] = {o.toPython() for s, p, o in triples if s in findings and p == PSK.confidence}
    _confidence.cache_clear()
    # (10 + 20 * 0.8) / (80 + 20) = 0.26 for a qualitative study; all findings' 0.8 for a trial, not measured
    assert stated == {"Semi-str": {Decimal("0.26")}, "This was": {Decimal("0.80")}}


def test_a_confidence_table_without_a_kind_is_an_error_naming_the_file(tmp_path: Path) -> None:
    write_table(tmp_path / "c.csv", [Measured("design", "", 1, 2, "9", "2026-01-01")])
    with pytest.raises(ResourceError, match=r"c\.csv: no confidence for role"):
        read_table(tmp_path / "c.csv")
    (tmp_path / "bad.csv").write_text("kind,direction\ndesign,\n", encoding="utf-8")
    with pytest.raises(ResourceError, match=r"bad\.csv, line 2"):
        read_table(tmp_path / "bad.csv")


def test_eval_notes_a_confidence_table_measured_on_another_extractor_version(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "tests" / "annotations"
    for name in ("dev", "heldout"):
        (root / name).mkdir(parents=True)
        shutil.copy(DEV / SEED_FILES[0], root / name / SEED_FILES[0])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["eval"])
    assert "measured on extractor version" not in result.stderr  # the shipped table is of this version
    monkeypatch.setattr("kg.extract.rdf.EXTRACTOR_VERSION", "older")
    result = CliRunner().invoke(main, ["eval"])
    assert f"was measured on extractor version {EXTRACTOR_VERSION}; this is version older" in result.stderr


def test_a_count_read_with_another_role_is_told_apart_from_a_count_not_read() -> None:
    annotation = next(a for a in load_annotations(DEV) if a.expected["sizes"])
    sizes = sorted(annotation.expected["sizes"])
    # every count read with another role, and one more count that is not in the text
    read = {**annotation.expected, "sizes": {(n, u, "role/other") for n, u, _ in sizes} | {("99999", "participants", "")}}
    report = score([annotation], lambda _: read)
    assert (report.scores["sizes"].true_positives, report.scores["sizes"].false_negatives) == (0, len(sizes))
    assert report.sizes_unroled == [len({(n, u) for n, u, _ in sizes}), 1, 0]
    assert "sizes by number and unit alone (roles not compared)" in report.format_with_intervals("set")
