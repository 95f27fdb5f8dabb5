"""Researchers' decisions (curation/*.csv) applied at every build, asked of the built store.

A decision names its fact by a stable key (work, kind, concept, population), never by a
numbered IRI; the build applies it, marks the fact psk:Verified with its curator and time,
and reports a decision whose fact is not there. `kg review` writes such decisions.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.build import BuildSettings, BuildSummary, build, map_document
from kg.curation import COLUMNS, apply_curation
from kg.mapping import with_readings
from kg.namespaces import PSK, IriMinter
from kg.store import open_read_only
from kg.triples import TripleWriter
from tests.conftest import SEEDS, run_query, seed_path

PORTAL = "https://w3id.org/peer-support-kg/resource/work/doi/10.1016/j.socscimed.2020.113249"
CURATOR = "Ada Researcher"
ORCID = "https://orcid.org/0000-0002-1825-0097"


def _work(sparql: Callable[[str], object], where: str) -> str:
    rows = sparql(f"SELECT DISTINCT ?s {{ {where} }}")
    assert isinstance(rows, list) and len(rows) == 1, rows
    return rows[0]["s"]


def _write(folder: Path, rows: list[dict[str, str]]) -> None:
    folder.mkdir(exist_ok=True)
    with (folder / "decisions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({"time": "2026-11-29T10:00:00+00:00", "curator": CURATOR, "curator_id": ORCID} | row)


@pytest.fixture(scope="module")
def curated(tmp_path_factory: pytest.TempPathFactory, sparql: Callable[[str], object]) -> dict[str, object]:
    """The seeds built twice with one curation folder: the second build is the rebuild."""
    root = tmp_path_factory.mktemp("curated")
    bellamy = _work(sparql, '?s dcterms:abstract ?a FILTER(STRSTARTS(?a, "Purpose As peer support services"))')
    kent = _work(sparql, '?s dcterms:title "Developing a Strategy to Embed Peer Support into Mental Health Systems"')
    _write(root / "curation", [
        {"action": "accept", "work": PORTAL, "kind": "finding", "value": "outcome/pay-career",
         "note": "underpaid, no advancement: as stated"},
        {"action": "correct", "work": bellamy, "kind": "finding", "value": "outcome/hope", "direction": "Mixed",
         "note": "the review reports hope only for some programmes"},
        {"action": "reject", "work": PORTAL, "kind": "design", "value": "design/mixed-methods"},
        {"action": "add", "work": kent, "kind": "finding", "value": "outcome/recovery", "direction": "Unclear",
         "population": "role/peer-support-worker", "note": "a viewpoint: no data"},
        {"action": "accept", "work": PORTAL, "kind": "finding", "value": "outcome/loneliness",
         "note": "a finding the extractor never made"},
    ])
    summaries: list[BuildSummary] = []
    for _ in (1, 2):
        summaries.append(build([SEEDS], BuildSettings(store=root / "store", curation=root / "curation")))
        assert summaries[-1].ok, summaries[-1].rejected
    return {"summary": summaries[0], "rebuild": summaries[1], "store": root / "store",
            "bellamy": bellamy, "kent": kent}


@pytest.fixture(scope="module")
def ask(curated: dict[str, object]) -> Callable[[str], object]:
    store = open_read_only(curated["store"])  # type: ignore[arg-type]
    return lambda query: run_query(store, query)


def test_accepted_finding_is_verified_with_its_curator_and_time(ask: Callable[[str], object]) -> None:
    rows = ask(f"""SELECT ?status ?name ?when ?orcid ?action ?note {{ <{PORTAL}> psk:reports ?f .
        ?f psk:outcome <{C}outcome/pay-career> ; psk:status ?status ; psk:verifiedAt ?when ;
           prov:wasAttributedTo ?who ; psk:decision ?d .
        ?who a foaf:Person ; foaf:name ?name ; owl:sameAs ?orcid .
        ?d psk:action ?action ; rdfs:comment ?note ; prov:wasAssociatedWith ?who }}""")
    assert rows == [{"status": str(PSK_VERIFIED), "name": CURATOR, "when": "2026-11-29T10:00:00Z", "orcid": ORCID,
                     "action": "accept", "note": "underpaid, no advancement: as stated"}]


def test_verified_fact_is_no_longer_machine_extracted(ask: Callable[[str], object]) -> None:
    assert ask(f"""ASK {{ <{PORTAL}> psk:reports ?f . ?f psk:outcome <{C}outcome/pay-career> ;
                   psk:status psk:MachineExtracted }}""") is False
    assert ask("ASK { ?f psk:status psk:MachineExtracted }") is True  # the others stay as read


def test_corrected_finding_takes_the_researchers_direction(ask: Callable[[str], object],
                                                          curated: dict[str, object]) -> None:
    rows = ask(f"""SELECT ?direction ?status {{ <{curated['bellamy']}> psk:reports ?f .
        ?f psk:outcome <{C}outcome/hope> ; psk:direction ?direction ; psk:status ?status }}""")
    assert rows == [{"direction": str(PSK_NS) + "Mixed", "status": str(PSK_VERIFIED)}]


def test_rejected_design_is_gone(ask: Callable[[str], object]) -> None:
    assert ask(f"ASK {{ <{PORTAL}> psk:studyDesign <{C}design/mixed-methods> }}") is False
    assert ask(f"""ASK {{ ?s rdf:subject <{PORTAL}> ; rdf:predicate psk:studyDesign ;
                   rdf:object <{C}design/mixed-methods> }}""") is False
    assert ask('ASK { ?d a psk:CurationDecision ; psk:action "reject" ; psk:factKey ?k }') is True


def test_added_finding_is_verified(ask: Callable[[str], object], curated: dict[str, object]) -> None:
    rows = ask(f"""SELECT ?direction ?population ?status {{ <{curated['kent']}> psk:reports ?f .
        ?f psk:outcome <{C}outcome/recovery> ; psk:direction ?direction ; psk:status ?status ;
           psk:population ?population }}""")
    assert rows == [{"direction": str(PSK_NS) + "Unclear", "status": str(PSK_VERIFIED),
                     "population": "https://w3id.org/peer-support-kg/concept/role/peer-support-worker"}]


def test_stale_decision_is_reported(curated: dict[str, object]) -> None:
    for key in ("summary", "rebuild"):
        report = curated[key].curation  # type: ignore[attr-defined]
        assert (report.decisions, report.applied) == (5, 4)
        (stale,) = report.stale
        assert "decisions.csv:6" in stale and "outcome/loneliness" in stale and "no such fact" in stale


def test_curation_survives_a_rebuild(curated: dict[str, object]) -> None:
    """The second build of the same inputs applies the same decisions: the same verified facts."""
    first, second = curated["summary"], curated["rebuild"]
    assert first.triples == second.triples  # type: ignore[attr-defined]


def test_curated_store_conforms_to_the_shapes(curated: dict[str, object]) -> None:
    result = _kg("validate", "--store", str(curated["store"]), cwd=Path(str(curated["store"])).parent)
    assert result.returncode == 0, result.stdout[-2000:]


def _kg(*args: str, cwd: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, timeout=300, check=False)


def test_review_writes_a_decision_that_the_next_build_applies(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    assert _kg("build", "--store", "store", cwd=tmp_path).returncode == 0
    # accept the first finding, skip the second, correct the third to NoDifference, then quit
    answers = "a\nclear in the abstract\ns\nc\nNoDifference\n\n-\nnull result\nq\n"
    review = _kg("review", "--store", "store", "--curation", "decisions", "--curator", CURATOR,
                 cwd=tmp_path, stdin=answers)
    assert review.returncode == 0, review.stderr
    assert ">>> " in review.stdout and " <<<" in review.stdout  # the sentence marked in its abstract
    assert "2 decisions written" in review.stdout
    with (tmp_path / "decisions" / "decisions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["action"], r["curator"], r["kind"]) for r in rows] == [
        ("accept", CURATOR, "finding"), ("correct", CURATOR, "finding")]
    assert rows[0]["note"] == "clear in the abstract" and rows[1]["direction"] == "NoDifference"
    assert rows[0]["value"].startswith("outcome/") and rows[0]["work"].startswith("https://")
    built = _kg("build", "--store", "store", "--curation", "decisions", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "2 of 2 decisions applied" in built.stdout
    store = open_read_only(tmp_path / "store")
    for row in rows:
        assert run_query(store, f"""ASK {{ <{row['work']}> psk:reports ?f .
            ?f psk:outcome <{C}{row['value']}> ; psk:status psk:Verified ;
               prov:wasAttributedTo [ foaf:name "{CURATOR}" ] }}""") is True
    again = _kg("review", "--store", "store", "--curation", "decisions", "--curator", CURATOR,
                cwd=tmp_path, stdin="q\n")
    before, after = (int(re.search(r"\[1/(\d+)\]", out).group(1)) for out in (review.stdout, again.stdout))
    assert after == before - 2  # the two verified findings are not asked again; the skipped one is


def test_build_prints_a_stale_decision_and_rejects_an_unreadable_row(tmp_path: Path) -> None:
    _write(tmp_path / "curation", [{"action": "reject", "work": PORTAL, "kind": "role", "value": "role/peer-navigator"},
                                   {"action": "reject", "work": PORTAL, "kind": "role", "value": "role/astronaut"}])
    built = _kg("build", str(SEEDS), "--store", "store", cwd=tmp_path)  # curation/ of the working directory
    assert built.returncode == 1, built.stderr  # a row the build cannot read is rejected input
    assert "0 of 1 decisions applied" in built.stdout
    assert "stale decision: curation/decisions.csv:2: reject role role/peer-navigator" in built.stderr
    assert "curation error: curation/decisions.csv:3: value 'role/astronaut' is not a concept of the role scheme" \
        in built.stderr


C = "https://w3id.org/peer-support-kg/concept/"
PSK_NS = "https://w3id.org/peer-support-kg/ontology#"
PSK_VERIFIED = PSK_NS + "Verified"


def _portal_graph() -> Graph:
    item = map_document(seed_path("000"), "seeds/000.txt", TripleWriter(IriMinter()))
    assert item.graph is not None
    return with_readings(item, IriMinter())


def _status(graphs: list[Graph], outcome: str) -> set[str]:
    union = Graph()
    for graph in graphs:
        union += graph
    findings = [f for f in union.objects(URIRef(PORTAL), PSK.reports)
                if (f, PSK.outcome, URIRef(C + outcome)) in union]
    return {str(s).rsplit("#", 1)[-1] for f in findings for s in union.objects(f, PSK.status)}


def test_a_key_without_population_still_names_the_finding_once_it_has_one(tmp_path: Path) -> None:
    """The extractor learning populations must not orphan decisions made before it did."""
    graph = _portal_graph()
    (finding,) = [f for f in graph.objects(URIRef(PORTAL), PSK.reports)
                  if (f, PSK.outcome, URIRef(C + "outcome/stigma")) in graph]
    graph.add((finding, PSK.population, URIRef(C + "role/peer-support-worker")))
    _write(tmp_path, [{"action": "accept", "work": PORTAL, "kind": "finding", "value": "outcome/stigma"}])
    curation = apply_curation([graph], tmp_path, IriMinter())
    assert curation.report.stale == [] and _status([graph, curation.graph], "outcome/stigma") == {"Verified"}


def test_a_later_decision_finds_a_corrected_fact_by_its_new_key(tmp_path: Path) -> None:
    graph = _portal_graph()
    _write(tmp_path, [
        {"action": "correct", "work": PORTAL, "kind": "finding", "value": "outcome/stigma",
         "new_value": "outcome/self-stigma"},
        {"action": "reject", "work": PORTAL, "kind": "finding", "value": "outcome/self-stigma",
         "time": "2026-11-30T10:00:00+00:00"},
    ])
    curation = apply_curation([graph], tmp_path, IriMinter())
    assert curation.report.stale == [] and curation.report.applied == 2
    assert _status([graph, curation.graph], "outcome/self-stigma") == set()
    assert _status([graph, curation.graph], "outcome/stigma") == set()


def test_a_row_naming_no_concept_of_the_scheme_is_an_error_with_its_line(tmp_path: Path) -> None:
    _write(tmp_path, [{"action": "accept", "work": PORTAL, "kind": "finding", "value": "outcome/stigmaa"}])
    curation = apply_curation([_portal_graph()], tmp_path, IriMinter())
    (error,) = curation.report.errors
    assert "decisions.csv:2" in error and "'outcome/stigmaa' is not a concept of the outcome scheme" in error


def test_a_finding_about_a_participant_group_is_keyed_by_the_groups_role(tmp_path: Path) -> None:
    graph = _portal_graph()
    (finding,) = [f for f in graph.objects(URIRef(PORTAL), PSK.reports)
                  if (f, PSK.outcome, URIRef(C + "outcome/stigma")) in graph]
    group = next(g for g in graph.objects(URIRef(PORTAL), PSK.hasParticipantGroup)
                 if (g, PSK.role, URIRef(C + "role/peer-support-worker")) in graph)
    graph.add((finding, PSK.population, group))
    _write(tmp_path, [{"action": "accept", "work": PORTAL, "kind": "finding", "value": "outcome/stigma",
                       "population": "role/peer-support-worker"}])
    curation = apply_curation([graph], tmp_path, IriMinter())
    assert curation.report.stale == [] and _status([graph, curation.graph], "outcome/stigma") == {"Verified"}


def test_review_least_sure_first_begins_where_the_extractor_is_most_often_wrong(tmp_path: Path) -> None:
    shutil.copytree(SEEDS, tmp_path / "seeds")
    assert _kg("build", "--store", "store", cwd=tmp_path).returncode == 0
    shown = _kg("review", "--store", "store", "--curation", "decisions", "--curator", CURATOR, "--least-sure-first",
                cwd=tmp_path, stdin="s\n" * 200 + "q\n")
    assert shown.returncode == 0, shown.stderr
    works = re.findall(r"^\[\d+/\d+\] .*\n(\S+)", shown.stdout, flags=re.M)
    confidences = [float(c) for c in re.findall(r"confidence: ([\d.]+)", shown.stdout)]
    assert len(works) == len(confidences) > 3
    order = list(dict.fromkeys(works))
    assert [w for w in works if w in order] == sorted(works, key=order.index)  # each study's findings together
    lowest = {w: min(c for x, c in zip(works, confidences, strict=True) if x == w) for w in order}
    assert [lowest[w] for w in order] == sorted(lowest.values())
    assert confidences[0] == min(confidences) < max(confidences)
    plain = _kg("review", "--store", "store", "--curation", "decisions", "--curator", CURATOR,
                cwd=tmp_path, stdin="s\n" * 200 + "q\n")
    assert sorted(re.findall(r"confidence: ([\d.]+)", plain.stdout)) == sorted(
        re.findall(r"confidence: ([\d.]+)", shown.stdout))  # the same findings, in another order
