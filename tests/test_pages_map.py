"""The evidence gap map on `kg serve`: counts split by direction agree with SPARQL over the store;
filters narrow it; a cell lists its studies with their evidence; CSV, JSON and SVG say the same."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest

from kg.store import open_read_only
from tests.conftest import run_query
from tests.pages_support import kg_serve

ROLE_OF = "{ ?study psk:studiesRole ?role } UNION { ?study psk:hasParticipantGroup/psk:role ?role }"


@pytest.fixture(scope="module")
def served(seed_build):
    with kg_serve(seed_build.store) as server:
        yield server


def expected(seed_store, extra: str = "") -> dict[tuple[str, str, str], int]:
    rows = run_query(seed_store, f"""SELECT ?role ?outcome ?direction (COUNT(DISTINCT ?study) AS ?n) WHERE {{
        ?study psk:reports ?f . ?f psk:outcome ?outcome ; psk:direction ?direction . {ROLE_OF} {extra} }}
        GROUP BY ?role ?outcome ?direction""")
    return {(r["role"], r["outcome"], r["direction"].split("#")[-1]): int(r["n"]) for r in rows}


def from_json(data) -> dict[tuple[str, str, str], int]:
    return {(cell["role"], cell["outcome"], direction): n
            for cell in data["cells"] for direction, n in cell["by_direction"].items()}


def test_the_matrix_counts_studies_by_direction(served, seed_store):
    data = served.get("/map.json", "application/json").json()
    want = expected(seed_store)
    assert want, "the seed graph has findings with roles"
    assert from_json(data) == want
    assert len({d for (_, _, d) in want}) >= 2  # more than one direction: never just a count
    domains = {column["group_label"] for column in data["columns"]}
    assert "personal recovery" in domains


def test_csv_and_svg_agree_with_json(served):
    data = served.get("/map.json").json()
    lines = list(csv.DictReader(io.StringIO(served.get("/map.csv").text)))
    assert len(lines) == len(data["cells"])
    for line, cell in zip(lines, data["cells"], strict=True):
        assert (line["role"], line["outcome"], int(line["studies"])) == (cell["role"], cell["outcome"], cell["studies"])
        assert int(line["Positive"]) == cell["by_direction"].get("Positive", 0)
    svg = served.get("/map.svg")
    assert svg.headers["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(svg.content)
    labels = {element.text for element in root.iter("{http://www.w3.org/2000/svg}text")}
    assert {row["label"] for row in data["rows"]} <= labels


def test_filters_narrow_the_map(served, seed_store):
    (design,) = run_query(seed_store, """SELECT ?d (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s psk:reports ?f ; psk:studyDesign ?d }
        GROUP BY ?d ORDER BY DESC(?n) ?d LIMIT 1""")
    filtered = served.get("/map.json", params={"design": design["d"]}).json()
    assert from_json(filtered) == expected(seed_store, f"?study psk:studyDesign <{design['d']}> .")
    years = served.get("/map.json", params={"from": "2020", "to": "2020"}).json()
    assert from_json(years) == expected(
        seed_store, "?study dcterms:issued ?y FILTER(SUBSTR(STR(?y), 1, 4) = '2020')")
    verified = served.get("/map.json", params={"status": "verified"}).json()
    assert from_json(verified) == expected(seed_store, "?f psk:status psk:Verified .")
    assert served.get("/map.json", params={"from": "twenty"}).status_code == 400


def test_a_cell_lists_its_studies_with_evidence(served, seed_store):
    cell = max(served.get("/map.json").json()["cells"], key=lambda c: (c["studies"], c["role"], c["outcome"]))
    page = served.get("/map/cell", params={"role": cell["role"], "outcome": cell["outcome"]}).text
    assert page.count('class="cell-study"') == cell["studies"]
    sentences = run_query(seed_store, f"""SELECT DISTINCT ?e WHERE {{ BIND(<{cell['role']}> AS ?role)
        ?study psk:reports ?f . ?f psk:outcome <{cell['outcome']}> ; psk:evidence ?e . {ROLE_OF} }}""")
    assert sentences
    for row in sentences:
        assert row["e"].split()[0] in page
    assert "<mark>" in page


@pytest.fixture(scope="module")
def curated(curated_seeds):
    with kg_serve(curated_seeds.build.store) as server:
        yield server


def roles_of(store, study: str) -> list[str]:
    return [row["role"] for row in run_query(store, f"SELECT DISTINCT ?role WHERE {{ BIND(<{study}> AS ?study) {ROLE_OF} }}")]


def listed(page: str) -> list[tuple[str, list[str]]]:
    """The studies a cell page lists, each with the status of its findings."""
    return [(href, re.findall(r'class="status status-\w+">([^<]+)<', body))
            for href, body in re.findall(r'<li class="cell-study"><a class="study" href="([^"]+)"(.*?)</ul></li>', page, re.S)]


def test_verified_only_shows_exactly_the_findings_a_researcher_verified(curated, curated_seeds):
    store = open_read_only(curated_seeds.build.store)
    want: dict[tuple[str, str, str], int] = {}
    for (study, outcome), direction in curated_seeds.decisions.items():
        for role in roles_of(store, study):
            want[role, outcome, direction] = want.get((role, outcome, direction), 0) + 1
    verified = from_json(curated.get("/map.json", params={"status": "verified"}).json())
    assert verified == want
    assert verified == expected(store, "?f psk:status psk:Verified .")
    everything = from_json(curated.get("/map.json").json())
    assert set(everything) > set(verified)  # the filter took findings away
    csv_cells = list(csv.DictReader(io.StringIO(curated.get("/map.csv", params={"status": "verified"}).text)))
    assert {(line["role"], line["outcome"]) for line in csv_cells} == {(r, o) for r, o, _ in want}


def test_a_verified_only_cell_lists_the_verified_studies(curated, curated_seeds):
    store = open_read_only(curated_seeds.build.store)
    for (study, outcome), _ in sorted(curated_seeds.decisions.items()):
        role = roles_of(store, study)[0]
        studies = {s for (s, o) in curated_seeds.decisions if o == outcome and role in roles_of(store, s)}
        filtered = curated.get("/map/cell", params={"role": role, "outcome": outcome, "status": "verified"}).text
        shown = listed(filtered)
        assert {href.removeprefix("/resource/") for href, _ in shown} == {s.split("/resource/")[1] for s in studies}
        assert all(statuses and set(statuses) == {"Verified"} for _, statuses in shown)
        whole = listed(curated.get("/map/cell", params={"role": role, "outcome": outcome}).text)
        assert len(whole) >= len(shown)


def test_the_map_says_how_often_machine_findings_of_each_direction_were_right(served, seed_store):
    """The confidence the graph states for machine-extracted findings, per direction, in the JSON and the page."""
    rows = run_query(seed_store, """SELECT ?direction (MIN(?c) AS ?confidence) WHERE { ?f a psk:Finding ;
        psk:direction ?direction ; psk:status psk:MachineExtracted ; psk:confidence ?c } GROUP BY ?direction""")
    stated = {r["direction"].split("#")[-1]: r["confidence"] for r in rows}
    assert len(stated) >= 2
    data = served.get("/map.json").json()
    assert {d: float(c) for d, c in data["machine_confidence"].items()} == {d: float(c) for d, c in stated.items()}
    page = served.get("/map").text
    shown = dict(re.findall(r'<span class="trust" data-direction="(\w+)">[^<]* (\d+) %</span>', page))
    assert shown == {d: str(round(float(c) * 100)) for d, c in stated.items()}
    verified = served.get("/map.json", params={"status": "verified"}).json()
    assert verified["machine_confidence"] == {}  # verified findings are not the extractor's word
