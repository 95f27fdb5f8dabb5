"""Every extracted fact is traceable to the bytes it came from, and says how far to trust it.

Asked of the seed store (a real `kg build`): designs, roles, outcomes, settings, ages,
participant groups and findings each carry quote and position selectors into the source
document the graph names by path and SHA-256, a status, a confidence and the extractor.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal

from kg.detect import SourceText, detect_mapper
from kg.extract.confidence import shipped_table, study_kind
from kg.namespaces import CONCEPT, OA, RDF, XSD, IriMinter
from kg.quotes import locate_span
from kg.records import Work
from kg.store import current_build
from kg.terms import TermConverter
from kg.triples import TripleWriter
from kg.verification import verify_quotes
from tests.conftest import ROOT, SEEDS, seed_text

Sparql = Callable[[str], "list[dict[str, str]] | bool"]

# One row per extracted fact: its kind, its status and confidence, and its evidence selectors.
FACTS = """
SELECT ?fact ?kind ?status ?confidence ?agent ?path ?sha ?exact ?start ?end WHERE {
  { ?work psk:reports ?fact . BIND("finding" AS ?kind) }
  UNION { ?work psk:hasParticipantGroup ?fact . BIND("group" AS ?kind) }
  UNION { ?fact a psk:StudyStatement ; rdf:predicate ?p . BIND(STRAFTER(STR(?p), "#") AS ?kind) }
  ?fact psk:status ?status .
  OPTIONAL { ?fact psk:confidence ?confidence }
  OPTIONAL { ?fact prov:wasAttributedTo ?agent . ?agent a prov:SoftwareAgent }
  OPTIONAL {
    ?fact oa:hasTarget ?t . ?t oa:hasSource ?doc ; oa:hasSelector ?q, ?p2 .
    ?doc psk:sha256 ?sha ; dcterms:identifier ?path .
    ?q a oa:TextQuoteSelector ; oa:exact ?exact .
    ?p2 a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  }
}
"""
KINDS = {"finding", "group", "studyDesign", "studiesRole", "deliveringRole", "receivingRole", "informantRole",
         "studiesOutcome", "setting", "minAge", "maxAge"}


@pytest.fixture(scope="module")
def facts(sparql: Sparql) -> list[dict[str, str]]:
    rows = sparql(FACTS)
    assert isinstance(rows, list)
    return rows


def test_every_kind_of_fact_is_extracted_from_the_seeds(facts: list[dict[str, str]]) -> None:
    assert {row["kind"] for row in facts} >= KINDS  # comparedRole: no seed compares peers with a role


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_selectors_recheck_against_the_source_bytes(facts: list[dict[str, str]], kind: str) -> None:
    """The quote is the source's own text between the offsets, and the file still has the recorded hash."""
    rows = [row for row in facts if row["kind"] == kind]
    assert rows
    for row in rows:
        assert "exact" in row, f"{row['fact']} has no selectors into a source document"
        data = (ROOT / row["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row["sha"]
        text = data.decode("utf-8").replace("\r\n", "\n")
        assert text[int(row["start"]):int(row["end"])] == row["exact"], row["fact"]


def test_every_machine_fact_has_status_confidence_and_extractor(facts: list[dict[str, str]]) -> None:
    for row in facts:
        assert row["status"].endswith("#MachineExtracted"), row
        assert 0 < float(row["confidence"]) <= 1, row
        assert "/extractor/" in row["agent"], row


def test_confidence_is_a_decimal_and_the_extractor_has_a_version(sparql: Sparql) -> None:
    assert sparql("ASK { ?f psk:confidence ?c FILTER(DATATYPE(?c) != xsd:decimal) }") is False
    rows = sparql("""SELECT DISTINCT ?name ?version { ?f psk:status psk:MachineExtracted ;
                     prov:wasGeneratedBy ?activity . ?activity prov:wasAssociatedWith ?agent ; prov:used ?doc .
                     ?doc psk:sha256 ?sha . ?agent rdfs:label ?name ; schema:softwareVersion ?version }""")
    assert len(rows) == 1 and rows[0]["version"]


def test_a_short_quote_is_found_in_its_record_not_elsewhere(facts: list[dict[str, str]]) -> None:
    """"USA" as the setting of the listing's second record points into that record's abstract."""
    rows = [r for r in facts if r["kind"] == "setting" and r["exact"] == "UK"]
    assert rows
    for row in rows:
        text = (ROOT / row["path"]).read_text(encoding="utf-8")
        line = text[:int(row["start"])].rsplit("\n", 1)[-1] + text[int(row["start"]):].split("\n", 1)[0]
        assert "first DDA pilot in the UK" in line


def _kg(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300, check=False)


def test_verify_quotes_passes_on_a_fresh_build_and_lists_a_changed_source(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(SEEDS, docs)
    store = tmp_path / "store"
    assert _kg("build", "docs", "--store", str(store), cwd=tmp_path).returncode == 0
    ok = _kg("verify-quotes", "--store", str(store), cwd=tmp_path)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "in 3 source documents: all match" in ok.stdout
    (changed,) = docs.glob("002_*.txt")
    changed.write_text(changed.read_text(encoding="utf-8").replace("Peer Support", "Peer  Support"), encoding="utf-8")
    bad = _kg("verify-quotes", "--store", str(store), cwd=tmp_path)
    assert bad.returncode == 1
    assert f"docs/{changed.name}" in bad.stdout and "changed since the build" in bad.stdout
    moved = tmp_path / "elsewhere"
    shutil.copytree(SEEDS, moved)
    found = _kg("verify-quotes", "--store", str(store), "--sources", str(moved), cwd=tmp_path)
    assert found.returncode == 0, found.stdout


def test_verify_quotes_lists_a_quote_that_does_not_match(tmp_path: Path) -> None:
    """A quote whose offsets no longer hold it (here: a tampered store) is listed with file and line."""
    store = tmp_path / "store"
    assert _kg("build", str(SEEDS), "--store", str(store), cwd=ROOT).returncode == 0
    build = current_build(store)
    assert build is not None
    db = ox.Store(str(build))
    db.update("""PREFIX oa: <http://www.w3.org/ns/oa#>
                 DELETE { ?p oa:start ?s } INSERT { ?p oa:start ?t }
                 WHERE { ?p a oa:TextPositionSelector ; oa:start ?s FILTER(?s > 10) BIND(?s - 3 AS ?t) }""")
    db.flush()
    del db
    bad = _kg("verify-quotes", "--store", str(store), cwd=ROOT)
    assert bad.returncode == 1
    assert "seeds/000_" in bad.stdout and "but the text has" in bad.stdout


@pytest.mark.parametrize(("source", "quote"), [
    # a line-wrapped export: the mapper joined the lines
    ("AB  - Hope rose more with peer\n      specialists than with usual care.", "Hope rose more with peer\n      specialists"),
    # JSON with escapes and JATS markup
    ('{"abstract": "<jats:p>Hope rose with \\"peer\\" <jats:italic>specialists</jats:italic></jats:p>"}',
     'Hope rose with \\"peer\\" <jats:italic>specialists'),
    # XML entities
    ("<AbstractText>Hope &amp; empowerment rose with peer specialists.</AbstractText>",
     "Hope &amp; empowerment rose with peer specialists"),
])
def test_quotes_are_found_in_the_source_as_it_is_written(source: str, quote: str) -> None:
    field = " ".join(quote.replace("\\\"", '"').replace("&amp;", "&").replace("<jats:italic>", "").split())
    located = locate_span(source, field + ".", 0, len(field))
    assert located is not None and source[located.start:located.end] == located.exact == quote


def test_a_quote_the_source_does_not_hold_is_not_located() -> None:
    assert locate_span("Hope rose with peer specialists.", "Stigma fell.", 0, 11) is None


def _field_store(tamper: bool) -> ox.Store:
    """The listing seed's works written without their source: selectors count in the works' fields."""
    text, path = seed_text("001")
    writer = TripleWriter(IriMinter())
    graph = Graph()
    for work in detect_mapper(SourceText(path, "", text, "utf-8")).parse(text, path):
        if isinstance(work, Work):
            for triple in writer.work(work):
                graph.add(triple)
    if tamper:
        position = next(graph.subjects(RDF.type, OA.TextPositionSelector))
        start = graph.value(position, OA.start)
        graph.set((position, OA.start, Literal(int(start) + 1, datatype=XSD.integer)))
    store = ox.Store()
    store.bulk_extend(TermConverter().graph_quads(graph, ox.DefaultGraph()))
    return store


def test_quotes_counted_in_a_works_field_recheck_against_its_text() -> None:
    report = verify_quotes(_field_store(tamper=False))
    assert report.checked == 0 and report.in_fields > 50 and report.ok, report.problems[:3]
    tampered = verify_quotes(_field_store(tamper=True))
    (problem,) = tampered.problems
    assert "but the text has" in problem.reason or "prefix" in problem.reason


def test_confidence_is_the_measured_precision_of_the_facts_kind_and_direction(sparql: Sparql) -> None:
    """A finding's confidence is the held-out precision of findings of its direction, scaled by how findings of its
    kind of study fared; other facts', of their kind."""
    table = shipped_table()
    findings = sparql("SELECT ?f ?d ?c { ?f a psk:Finding ; psk:direction ?d ; psk:confidence ?c }")
    assert isinstance(findings, list) and findings
    designs = sparql("SELECT ?f ?design { ?w psk:reports ?f ; psk:studyDesign ?design }")
    assert isinstance(designs, list)
    kinds: dict[str, list[str]] = {}
    for row in designs:
        kinds.setdefault(row["f"], []).append(row["design"].removeprefix(str(CONCEPT)))
    for row in findings:
        study = study_kind(kinds.get(row["f"], []))
        assert Decimal(row["c"]) == table.confidence("finding", row["d"].rsplit("#", 1)[-1], study), row
    assert len({row["d"] for row in findings}) >= 2
    groups = sparql("SELECT DISTINCT ?c { ?g a psk:ParticipantGroup ; psk:confidence ?c }")
    assert isinstance(groups, list)
    assert [Decimal(row["c"]) for row in groups] == [table.confidence("group")]
