"""Bad input: each case names the file (and line), the other documents still load, exit is non-zero."""

from __future__ import annotations

import codecs
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store import open_read_only
from tests.conftest import run_query, seed_path


def _unknown(folder: Path) -> Path:
    path = folder / "notes.txt"
    path.write_text("Some notes I took about peer support.\nNothing structured here.\n", encoding="utf-8")
    return path


def _empty(folder: Path) -> Path:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return path


def _blank(folder: Path) -> Path:
    path = folder / "blank.txt"
    path.write_bytes(b"\n  \n\t\n")
    return path


def _binary(folder: Path) -> Path:
    path = folder / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff binary")
    return path


def _latin1(folder: Path) -> Path:
    text = seed_path("001").read_text(encoding="utf-8").replace("◽", "|")
    text = text.replace("Chyrell Bellamy", "Chyrell Bellamy Caf\u00e9")
    path = folder / "latin1.txt"
    path.write_bytes(text.encode("latin-1", errors="replace"))
    return path


def _cut_listing(folder: Path) -> Path:
    """The listing cut in the middle of its fourth record's header."""
    text = seed_path("001").read_text(encoding="utf-8")
    cut = text.index("Raffaella Margherita Milani")
    path = folder / "cut.txt"
    path.write_text(text[:cut], encoding="utf-8")
    return path


# (make the bad file, text the message must contain, line the message must name or None)
REJECTED: dict[str, tuple[Callable[[Path], Path], str, int | None]] = {
    "unknown format": (_unknown, "no mapper recognises this content", 1),
    "empty file": (_empty, "empty file", None),
    "blank file": (_blank, "empty file", None),
    "binary file": (_binary, "binary file", 2),
    "latin-1 file": (_latin1, "not UTF-8 text (byte 0xA0 at column 8)", 3),  # the listing's NBSP
}


def _build(folder: Path, store: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["build", str(folder), "--store", str(store), "--no-progress"])
    return result.exit_code, result.output  # click mixes stderr into output


def _studies(store: Path) -> int:
    rows = run_query(open_read_only(store), "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a psk:Study }")
    return int(rows[0]["n"])


@pytest.mark.parametrize("case", sorted(REJECTED))
def test_bad_document_is_rejected_and_others_load(case: str, docs_dir: Path, tmp_path: Path) -> None:
    make, message, line = REJECTED[case]
    bad = make(docs_dir)
    code, output = _build(docs_dir, tmp_path / "store")
    assert code == 1
    rejected = [row for row in output.splitlines() if row.startswith("rejected:")]
    assert len(rejected) == 1, output
    location = f"{bad.name}:{line}:" if line else f"{bad.name}:"
    assert location in rejected[0] and message in rejected[0], rejected[0]
    assert _studies(tmp_path / "store") == 9, "the three seeds still load: 1 + 7 + 1 studies"


def test_record_cut_in_half_names_its_line(docs_dir: Path, tmp_path: Path) -> None:
    cut = _cut_listing(docs_dir)
    for seed in docs_dir.glob("001_*"):
        seed.unlink()  # the cut copy stands in for the listing
    code, output = _build(docs_dir, tmp_path / "store")
    assert code == 1
    errors = [row for row in output.splitlines() if row.startswith("error:")]
    assert len(errors) == 1 and f"{cut.name}:33:" in errors[0], output
    assert _studies(tmp_path / "store") == 2 + 3, "seeds 000 and 002 plus the three whole records of the cut listing"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig"])
def test_byte_order_mark_decodes(encoding: str, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "page.txt").write_bytes(seed_path("002").read_text(encoding="utf-8").encode(encoding))
    code, output = _build(folder, tmp_path / "store")
    assert code == 0, output
    titles = run_query(open_read_only(tmp_path / "store"), "SELECT ?t { ?s a psk:Study ; dcterms:title ?t }")
    assert titles == [{"t": "Developing a Strategy to Embed Peer Support into Mental Health Systems"}]


def test_utf16_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "page.txt").write_bytes(codecs.BOM_UTF16_LE + seed_path("002").read_text("utf-8").encode("utf-16-le"))
    _, output = _build(folder, tmp_path / "store")
    assert "page.txt: decoded as UTF-16-LE (byte-order mark)" in output


def test_crlf_line_endings_map_like_lf(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "listing.txt").write_bytes(seed_path("001").read_bytes().replace(b"\n", b"\r\n"))
    code, output = _build(folder, tmp_path / "store")
    assert code == 0, output
    assert _studies(tmp_path / "store") == 7


def test_all_rejected_keeps_previous_store(docs_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert _build(docs_dir, store)[0] == 0
    bad = tmp_path / "bad"
    bad.mkdir()
    _empty(bad)
    code, output = _build(bad, store)
    assert code == 1 and "previous store" in output
    assert _studies(store) == 9


def test_cli_as_a_user_runs_it(docs_dir: Path, tmp_path: Path) -> None:
    """The installed `kg` command, in a subprocess, prints a summary and exits 1 on a rejected file."""
    _unknown(docs_dir)
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(docs_dir), "--store", str(tmp_path / "s")],
                          capture_output=True, text=True, cwd=tmp_path, check=False)
    assert done.returncode == 1
    assert "documents: 4 (3 loaded, 1 rejected)" in done.stdout
    assert "notes.txt:1: no mapper recognises this content" in done.stderr
