"""Full-text search: ranking, phrases, prefixes and stemming in the FTS5 index; psk:textMatch joined with
graph patterns on `kg serve`; the search page and the front page's box lead to study pages."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from kg.namespaces import DCTERMS, FABIO, PSK, RDF, SCHEMA
from kg.search import TextQueryError, build_index, search
from tests.conftest import PREFIX_BLOCK, run_query
from tests.pages_support import kg_serve

WORKS = {
    "a": ("Hope and recovery in peer support", "Peer support raised hope. Hope grew in every group."),
    "b": ("Employment outcomes", "Participants reported some hope after the programme."),
    "c": ("A randomised trial of peer navigators", "The trial found empowerment improved."),
    "d": ("Support from a peer", "Qualitative interviews with staff."),
}


def iri(key: str) -> str:
    return f"http://example.org/work/{key}"


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    store = ox.Store()
    default = ox.DefaultGraph()
    for key, (title, abstract) in WORKS.items():
        work = ox.NamedNode(iri(key))
        store.add(ox.Quad(work, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PSK.Study)), default))
        store.add(ox.Quad(work, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(FABIO.Expression)), default))
        store.add(ox.Quad(work, ox.NamedNode(str(DCTERMS.title)), ox.Literal(title), default))
        store.add(ox.Quad(work, ox.NamedNode(str(DCTERMS.abstract)), ox.Literal(abstract), default))
    store.add(ox.Quad(ox.NamedNode(iri("d")), ox.NamedNode(str(SCHEMA.keywords)), ox.Literal("workforce"), default))
    path = tmp_path_factory.mktemp("fts") / "index.sqlite"
    assert build_index(store, path) == len(WORKS)
    return path


def found(index, text: str) -> list[str]:
    return [hit.iri.rsplit("/", 1)[-1] for hit in search(index, text)]


def test_ranking_puts_the_title_and_repeated_words_first(index):
    assert found(index, "hope") == ["a", "b"]
    hits = search(index, "hope")
    assert hits[0].score > hits[1].score > 0
    assert "<mark>" not in hits[0].snippet and "\x02hope\x03" in hits[0].snippet.lower()


def test_phrases_match_adjacent_words_only(index):
    assert found(index, '"peer support"') == ["a"]
    assert set(found(index, "peer AND support")) == {"a", "d"}


def test_prefixes_and_stemming(index):
    assert found(index, "empower*") == ["c"]
    assert found(index, "trials") == ["c"]  # porter: trials -> trial
    assert found(index, "randomized") == []  # stemming is not spelling: -ized is not -ised
    assert found(index, "navigating") == ["c"]  # navigating, navigators -> navig
    assert found(index, "workforce") == ["d"]  # keywords are searched


def test_a_query_fts5_cannot_read_is_an_error(index):
    with pytest.raises(TextQueryError, match="phrase"):
        search(index, '"unclosed')


@pytest.fixture(scope="module")
def served(seed_build):
    with kg_serve(seed_build.store) as server:
        deadline = time.monotonic() + 60
        while server.get("/search", params={"q": "peer"}).status_code == 503:  # the index is being made
            assert time.monotonic() < deadline
            time.sleep(0.3)
        yield server


def sparql(served, query: str) -> list[dict[str, str]]:
    answer = served.get("/sparql", "application/sparql-results+json", params={"query": PREFIX_BLOCK + query})
    assert answer.status_code == 200, answer.text
    return [{k: v["value"] for k, v in row.items()} for row in answer.json()["results"]["bindings"]]


def test_text_match_joins_with_graph_patterns(served, seed_store):
    text = '"peer support" AND servic*'
    rows = sparql(served, f"""SELECT DISTINCT ?work ?score WHERE {{
        ?work psk:textMatch '{text}' .
        ?work psk:textScore ?score .
        ?work psk:studyDesign ?design .
    }} ORDER BY DESC(?score)""")
    (index,) = (served.store / "search").glob("*.sqlite")
    matches = {hit.iri for hit in search(index, text, limit=10_000)}
    designed = {row["w"] for row in run_query(seed_store, "SELECT DISTINCT ?w WHERE { ?w psk:studyDesign ?d }")}
    assert {row["work"] for row in rows} == matches & designed
    assert len(rows) >= 2
    scores = [float(row["score"]) for row in rows]
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0
    none = sparql(served, 'SELECT ?w WHERE { ?w psk:textMatch "zzzunfindable" . ?w a psk:Study }')
    assert none == []
    bad = served.get("/sparql", params={"query": PREFIX_BLOCK + 'SELECT * { ?w psk:textMatch "\\"open" }'})
    assert bad.status_code == 400 and "text query" in bad.text


def test_the_search_page_leads_to_study_pages(served):
    page = served.get("/search", params={"q": "hope"})
    assert page.status_code == 200 and "<mark>" in page.text.lower()
    assert 'href="/resource/work/' in page.text
    assert 'action="/search"' in served.get("/").text  # the front page has the box


def test_the_front_page_pictures_are_svg_drawn_from_the_graph(served, seed_store):
    import xml.etree.ElementTree as ET

    years = run_query(seed_store, """SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a psk:Study ; dcterms:issued ?i
        FILTER(REGEX(SUBSTR(STR(?i), 1, 4), "^[0-9]{4}$")) }""")
    picture = served.get("/charts/years.svg")
    assert picture.headers["Content-Type"].startswith("image/svg+xml")
    root = ET.fromstring(picture.content)
    assert f"({years[0]['n']} with a year)" in "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    designs = ET.fromstring(served.get("/charts/designs.svg").content)
    labels = {t.text for t in designs.iter("{http://www.w3.org/2000/svg}text")}
    assert "personal recovery" in labels and "qualitative study" in labels
    front = served.get("/").text
    assert 'src="/charts/years.svg"' in front and 'src="/charts/designs.svg"' in front
