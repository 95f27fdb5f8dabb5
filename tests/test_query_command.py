"""`kg query` as users run it (the installed command, from another folder): the plain forms are answered
without click or rdflib, with the same output, messages and exit codes as the full command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import BuildSummary
from kg.cli import main
from kg.command import plain_query
from kg.namespaces import PREFIXES
from kg.query import PREDECLARED

WORKS = "SELECT ?w ?t WHERE { ?w a psk:Study ; dcterms:title ?t } ORDER BY ?w"
GRAPH = "CONSTRUCT { ?w dcterms:title ?t } WHERE { ?w a psk:Study ; dcterms:title ?t }"


@pytest.fixture(scope="module")
def store(seed_build: BuildSummary) -> str:
    return str(seed_build.store)


def _fast(arguments: list[str], cwd: Path, environment: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The `kg` command as the console script runs it (kg.command.main), in a fresh process."""
    done = subprocess.run([sys.executable, "-m", "kg.command", *arguments], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(environment or {})}, timeout=120, check=False)
    return done.returncode, done.stdout, done.stderr


def _click(arguments: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, arguments)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("arguments", [
    ["query", "--store", "{store}", WORKS],
    ["query", WORKS, "--store={store}", "--format", "csv"],
    ["query", "--format=json", "--store", "{store}", WORKS],
    ["query", "--store", "{store}", "--format", "tsv", "ASK { ?s a psk:Study }"],
    ["query", "--store", "{store}", "ASK { ?s a psk:Nothing }"],
    ["query", "--store", "{store}", GRAPH],
    # what it refused before, it refuses in the same words
    ["query", "--store", "{store}", "SELECT * WHERE { ?s a ex:Thing }"],
    ["query", "--store", "{store}", "SELEC * WHERE { ?s ?p ?o }"],
    ["query", "--store", "{missing}", "ASK {}"],
    ["query", "--store", "{store}", "@{missing}/query.rq"],
])
def test_the_command_answers_as_the_full_command_line_does(store: str, tmp_path: Path, arguments: list[str]) -> None:
    filled = [a.replace("{store}", store).replace("{missing}", str(tmp_path / "missing")) for a in arguments]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code, out, err = _fast(filled, elsewhere)
    assert (code, out, err) == _click(filled)
    assert "Traceback" not in err


@pytest.mark.parametrize("arguments", [
    ["query", "--store", "{store}", "--format", "xml", "ASK {}"],
    ["query", "--store", "{store}"],
    ["query", "--help"],
    ["--version"],
])
def test_what_click_reads_it_answers_as_before(store: str, tmp_path: Path, arguments: list[str]) -> None:
    filled = [a.replace("{store}", store) for a in arguments]
    code, out, err = _fast(filled, tmp_path)
    expected = _click(filled)
    # the same text but for the program's name in the usage line (`python -m kg.command` here) and where
    # click wraps lines (the test runner's terminal is not this process's)

    def same(text: str) -> str:
        return " ".join(text.replace("python -m kg.command", "main").split())

    assert (code, same(out), same(err)) == (expected[0], same(expected[1]), same(expected[2]))
    assert out + err


def test_a_query_from_a_file_and_the_store_from_kg_store(store: str, tmp_path: Path) -> None:
    (tmp_path / "works.rq").write_text(WORKS, encoding="utf-8")
    code, out, err = _fast(["query", "@works.rq"], tmp_path, {"KG_STORE": store})
    assert code == 0, err
    assert out == _click(["query", "--store", store, WORKS])[1]
    assert out.count("https://w3id.org/peer-support-kg/resource/") >= 3


def test_a_plain_query_loads_neither_click_nor_rdflib(store: str, tmp_path: Path) -> None:
    script = f"""
import sys
sys.argv = ["kg", "query", "--store", {store!r}, "ASK {{ ?s a psk:Study }}"]
from kg.command import main
main()
print(sorted(name for name in sys.modules if name.split(".")[0] in ("click", "rdflib", "pyparsing", "kg")))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert done.stdout == "true\n['kg', 'kg.command', 'kg.current', 'kg.errors', 'kg.query']\n"


@pytest.mark.parametrize(("arguments", "plain"), [
    (["query", "ASK {}"], {"store": "data/store", "fmt": "table", "query": "ASK {}"}),
    (["query", "--store", "s", "--format", "csv", "ASK {}"], {"store": "s", "fmt": "csv", "query": "ASK {}"}),
    (["query", "ASK {}", "--store=s"], {"store": "s", "fmt": "table", "query": "ASK {}"}),
    (["query", "--help"], None),
    (["query", "-h", "ASK {}"], None),
    (["query", "--", "ASK {}"], None),
    (["query", "--store"], None),
    (["query", "--format", "xml", "ASK {}"], None),
    (["query", "ASK {}", "ASK {}"], None),
    (["query"], None),
    (["export", "--store", "s"], None),
    ([], None),
])
def test_which_arguments_are_read_without_click(arguments: list[str], plain: dict[str, str] | None) -> None:
    assert plain_query(arguments, {}) == plain


def test_kg_store_is_read_as_click_reads_it() -> None:
    assert plain_query(["query", "ASK {}"], {"KG_STORE": "elsewhere"}) == {
        "store": "elsewhere", "fmt": "table", "query": "ASK {}"}
    assert plain_query(["query", "ASK {}"], {"KG_STORE": ""}) is None  # click decides what empty means


def test_the_plain_tables_match_the_ones_they_stand_for() -> None:
    assert PREDECLARED == {name: str(namespace) for name, namespace in PREFIXES.items()}
