"""The command line as a user meets it: whole terms, result formats, one-line errors, JSON-LD that reads back,
warnings grouped by kind with a full report, and the predeclared prefixes as documented."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build import BuildSummary
from kg.cli import main
from kg.export import store_triples
from kg.query import PREDECLARED
from kg.store import open_read_only
from server.settings import ServerSettings
from tests.server_support import REPO, build_store, running_server

WORKS = "SELECT ?w WHERE { ?w a psk:Study ; dcterms:title ?t } ORDER BY ?w"


def _kg(*arguments: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(arguments))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store(seed_build: BuildSummary) -> str:
    return str(seed_build.store)


def test_export_into_a_missing_folder_is_one_line_that_says_what_to_do(store: str, tmp_path: Path) -> None:
    code, out, err = _kg("export", "--store", store, "--out", str(tmp_path / "missing" / "dir" / "file.ttl"))
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("kg: cannot write ")
    assert "does not exist; create it first" in err and "Traceback" not in err + out


def test_query_prints_whole_iris_that_explain_accepts(store: str) -> None:
    code, out, _ = _kg("query", "--store", store, WORKS)
    assert code == 0
    iris = re.findall(r"^(https://\S+)$", out, re.MULTILINE)
    assert len(iris) >= 3 and all(len(iri) > 60 and "…" not in iri for iri in iris)
    code, out, err = _kg("explain", "--store", store, iris[0])
    assert code == 0 and iris[0] in out, err


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_query_results_as_csv_tsv_and_json(store: str, fmt: str) -> None:
    _, table, _ = _kg("query", "--store", store, WORKS)
    expected = re.findall(r"^(https://\S+)$", table, re.MULTILINE)
    code, out, _ = _kg("query", "--store", store, "--format", fmt, WORKS)
    assert code == 0
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == ["w"] and [r[0] for r in rows[1:]] == expected
    elif fmt == "tsv":
        lines = out.splitlines()
        assert lines[0] == "?w" and lines[1:] == [f"<{iri}>" for iri in expected]
    else:
        data = json.loads(out)
        assert data["head"]["vars"] == ["w"]
        assert [b["w"]["value"] for b in data["results"]["bindings"]] == expected


def test_ask_as_json(store: str) -> None:
    code, out, _ = _kg("query", "--store", store, "--format", "json", "ASK { ?s a psk:Study }")
    assert code == 0 and json.loads(out)["boolean"] is True


def test_an_undeclared_prefix_is_named_with_the_predeclared_ones(store: str) -> None:
    code, out, err = _kg("query", "--store", store, "SELECT * WHERE {\n  ?s a psk:Study ;\n     ex:cites ?o }")
    assert code == 2 and out == ""
    assert err.startswith("kg: unknown prefix 'ex:'; declare it (PREFIX ex: <...>)")
    assert all(f"{prefix}:" in err for prefix in PREDECLARED) and err.count("\n") == 1


def test_a_syntax_error_points_at_its_place(store: str) -> None:
    code, _, err = _kg("query", "--store", store, "SELEC * WHERE { ?s ?p ?o }")
    assert code == 2 and "line 1, column 1" in err and "SELEC *" in err and "expected one of Prefix" not in err


def test_explain_says_when_an_iri_is_not_in_the_graph(store: str) -> None:
    code, out, err = _kg("explain", "--store", store, "https://w3id.org/peer-support-kg/resource/person/nobody")
    assert code == 1 and out == ""
    assert "person/nobody is not in the graph" in err and "no merges" not in err


# rdflib's own JSON-LD parser builds a ConjunctiveGraph inside, which rdflib itself deprecates
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
def test_json_ld_export_has_a_context_and_reads_back_as_the_same_triples(store: str, tmp_path: Path) -> None:
    out = tmp_path / "graph.jsonld"
    code, _, err = _kg("export", "--store", store, "--format", "jsonld", "--out", str(out))
    assert code == 0, err
    document = json.loads(out.read_text(encoding="utf-8"))
    assert document["@context"] == PREDECLARED
    assert any(node.get("@id", "").startswith("pskc:") for node in document["@graph"])
    triples = list(store_triples(open_read_only(store)))
    expected = Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    by_rdflib = Graph().parse(out, format="json-ld")
    by_oxigraph = ox.parse(path=str(out), format=ox.RdfFormat.JSON_LD)
    by_oxigraph_graph = Graph().parse(data=ox.serialize(by_oxigraph, format=ox.RdfFormat.N_TRIPLES), format="nt")
    assert len(by_rdflib) == len(triples) > 4000
    assert isomorphic(by_rdflib, expected)
    assert isomorphic(by_oxigraph_graph, expected)


def test_build_warnings_are_grouped_by_kind_with_a_full_report(tmp_path: Path) -> None:
    store = tmp_path / "store"
    code, out, err = _kg("build", str(REPO / "seeds"), "--store", str(store))
    assert code == 0
    # the listing's untitled records: 6 of one kind, 3 shown, the rest counted
    assert "warning × 6: SHACL Warning: <…> dcterms:title: work has no title" in err
    assert err.count("    seeds/001_") == 3 and "... and 3 more (see the report)" in err
    (report_line,) = [line for line in out.splitlines() if line.startswith("report:")]
    report = Path(report_line.split()[1])
    assert report == store / "build-report.txt"
    text = report.read_text(encoding="utf-8")
    assert "# warning: 6" in text and text.count("work has no title") == 6


def test_readme_lists_exactly_the_predeclared_prefixes() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    paragraph = readme[readme.index("predeclare the project's"):readme.index("(`sh:declare`)")]
    listed = set(re.findall(r"`(\w+):`", paragraph))
    assert listed == set(PREDECLARED)


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory):
    settings = ServerSettings.resolve({}, store=build_store(tmp_path_factory.mktemp("prefixes") / "store"))
    with running_server(settings) as live:
        yield live


def test_the_endpoint_predeclares_the_prefixes_and_lists_them(endpoint) -> None:
    answer = requests.get(endpoint.sparql, params={"query": "ASK { ?s a ?type FILTER(?type != psk:Nothing) }"},
                          headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert answer.status_code == 200 and answer.json()["boolean"] is True
    description = requests.get(endpoint.sparql, headers={"Accept": "text/turtle"}, timeout=30)
    graph = Graph().parse(data=description.text, format="turtle")
    declared = dict(graph.query("""
        PREFIX sh: <http://www.w3.org/ns/shacl#>
        SELECT ?p ?ns WHERE { ?service sh:declare [ sh:prefix ?p ; sh:namespace ?ns ] }"""))
    assert {str(p): str(ns) for p, ns in declared.items()} == PREDECLARED
