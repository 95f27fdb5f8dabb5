"""Full-text search: ranking, phrases, prefixes and stemming in the FTS5 index; psk:textMatch joined with
graph patterns on `kg serve`; the search page and the front page's box lead to study pages."""

from __future__ import annotations

import re
import time

import pyoxigraph as ox
import pytest

from kg.namespaces import DCTERMS, FABIO, PSK, RDF, SCHEMA
from kg.search import TextQueryError, build_index, search
from server.query.execute import PREFIX_MAP
from server.text_match import TextMatchError, rewrite
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
def works():
    """The works above in an in-memory store."""
    store = ox.Store()
    default = ox.DefaultGraph()
    for key, (title, abstract) in WORKS.items():
        work = ox.NamedNode(iri(key))
        store.add(ox.Quad(work, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PSK.Study)), default))
        store.add(ox.Quad(work, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(FABIO.Expression)), default))
        store.add(ox.Quad(work, ox.NamedNode(str(DCTERMS.title)), ox.Literal(title), default))
        store.add(ox.Quad(work, ox.NamedNode(str(DCTERMS.abstract)), ox.Literal(abstract), default))
    store.add(ox.Quad(ox.NamedNode(iri("d")), ox.NamedNode(str(SCHEMA.keywords)), ox.Literal("workforce"), default))
    for key in ("a", "c"):  # as a document's graph states them
        store.add(ox.Quad(ox.NamedNode(iri(key)), ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PSK.Study)),
                          ox.NamedNode("http://example.org/graph/1")))
    return store


@pytest.fixture(scope="module")
def index(works, tmp_path_factory):
    path = tmp_path_factory.mktemp("fts") / "index.sqlite"
    assert build_index(works, path) == len(WORKS)
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


ONTOLOGY = str(PSK)
# (query, the works it answers); each query holds psk:textMatch in another written form, or only seems to
TEXT_MATCH_FORMS = {
    "full IRI": (f'SELECT ?w {{ ?w <{ONTOLOGY}textMatch> "hope" }}', {"a", "b"}),
    "another prefix": (f'PREFIX p: <{ONTOLOGY}> SELECT ?w {{ ?w p:textMatch "hope"@en }}', {"a", "b"}),
    "prefix ending inside the name": (f'PREFIX p: <{ONTOLOGY}textMa> SELECT ?w {{ ?w p:tch "hope" }}', {"a", "b"}),
    "unicode escape": ('SELECT ?w { ?w psk:text\\u004Datch "hope" }', {"a", "b"}),
    "a $ variable": ('SELECT $w { $w psk:textMatch "hope" }', {"a", "b"}),
    "long string, no final dot": ('SELECT ?w { ?w psk:textMatch """empower*""" }', {"c"}),
    "in OPTIONAL with its score": ('SELECT ?w { ?w a psk:Study OPTIONAL { ?w psk:textScore ?s ; psk:textMatch "hope" } '
                                   'FILTER(BOUND(?s)) }', {"a", "b"}),
    "in UNION": ('SELECT ?w { { ?w psk:textMatch "empower*" } UNION { ?w psk:textMatch "workforce" . } }', {"c", "d"}),
    "in a sub-select": ('SELECT ?w { { SELECT ?w { ?w psk:textMatch "hope" ; psk:textScore ?s } '
                        'ORDER BY DESC(?s) LIMIT 1 } ?w a psk:Study }', {"a"}),
    "in NOT EXISTS": ('SELECT ?w { ?w a psk:Study FILTER NOT EXISTS { ?w psk:textMatch "hope" } }', {"c", "d"}),
    "in a projected EXISTS": ('SELECT ?w { { SELECT ?w (EXISTS { ?w psk:textMatch "trials" } AS ?e) '
                              '{ ?w a psk:Study } } FILTER(?e) }', {"c"}),
    "in a shared subject with graph patterns": ('SELECT ?w { ?w a psk:Study ; psk:textMatch "peer" ; dcterms:title ?t . '
                                                'FILTER(CONTAINS(?t, "Support")) }', {"d"}),
    "after an OPTIONAL in its group": ('SELECT ?w { ?x a psk:Study OPTIONAL { ?x dcterms:title ?t } '
                                       '?w psk:textMatch "hope" FILTER(?w = ?x) }', {"a", "b"}),
    "in a GRAPH pattern": ('SELECT DISTINCT ?w { GRAPH ?g { ?w psk:textMatch "hope" . ?w a psk:Study } }', {"a"}),
    "an IRI subject": (f'SELECT ?w {{ <{iri("c")}> psk:textMatch "trial" . ?w a psk:Study }}', set(WORKS)),
    "an IRI subject it does not match": (f'SELECT ?w {{ <{iri("a")}> psk:textMatch "trial" . ?w a psk:Study }}', set()),
}
# (query, the works it answers): textMatch only in a comment, a string or another position; left as written
NOT_TEXT_MATCH = {
    "in a comment": ('SELECT ?w { ?w a psk:Study # ?w psk:textMatch "hope" .\n }', set(WORKS)),
    "in a string": ('SELECT ?w { ?w a psk:Study BIND("?w psk:textMatch \'hope\' ." AS ?x) }', set(WORKS)),
    "as an object": ('SELECT ?w { ?w a psk:Study MINUS { ?w ?p psk:textMatch } }', set(WORKS)),
    "in a path": ('SELECT ?w { ?w a psk:Study MINUS { ?w psk:textMatch/psk:x "hope" } }', set(WORKS)),
    "inside another IRI": ('SELECT ?w { ?w a psk:Study OPTIONAL { ?w <urn:textMatch> ?x } }', set(WORKS)),
}
REFUSED = {
    "a variable object": ("SELECT ?w { ?w psk:textMatch ?text }", "psk:textMatch"),
    "a blank node subject": ('SELECT ?t { [] psk:textMatch "hope" ; dcterms:title ?t }', "variable or IRI subject"),
    "a score without a match": ("SELECT ?w { ?w psk:textScore ?s }", "needs a psk:textMatch"),
    "a score of two matches": ('SELECT ?w { ?w psk:textMatch "a" , "b" ; psk:textScore ?s }', "ambiguous"),
    "CONSTRUCT WHERE": ('CONSTRUCT WHERE { ?w psk:textMatch "hope" }', "CONSTRUCT { … } WHERE"),
}


def rewritten(index, query: str) -> str:
    def hits(text: str) -> list[tuple[str, float]]:
        return [(hit.iri, hit.score) for hit in search(index, text, limit=100)]

    return rewrite(query, PREFIX_MAP, hits)


def answered(store: ox.Store, query: str) -> set[str]:
    return {row["w"].value.rsplit("/", 1)[-1] for row in store.query(query, prefixes=PREFIX_MAP)}  # type: ignore[union-attr]


@pytest.mark.parametrize(("query", "expected"), TEXT_MATCH_FORMS.values(), ids=TEXT_MATCH_FORMS.keys())
def test_text_match_is_found_by_the_parse_in_every_written_form(works, index, query, expected):
    text = rewritten(index, query)
    assert "textMatch" not in text and "text\\u004Datch" not in text and "p:tch" not in text
    assert answered(works, text) == expected


@pytest.mark.parametrize(("query", "expected"), NOT_TEXT_MATCH.values(), ids=NOT_TEXT_MATCH.keys())
def test_text_match_in_comments_strings_and_other_positions_is_left_alone(works, index, query, expected):
    assert rewritten(index, query) == query
    assert answered(works, query) == expected


@pytest.mark.parametrize(("query", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_text_match_in_a_form_that_cannot_be_rewritten_is_refused_with_the_form_to_use(index, query, message):
    with pytest.raises(TextMatchError, match=re.escape(message)):
        rewritten(index, query)


def test_a_query_too_long_to_read_is_refused_only_when_it_mentions_text_match(index):
    padding = "# " + "x" * 20_000 + "\n"
    assert rewritten(index, padding + "SELECT ?w { ?w a psk:Study }").startswith(padding)
    with pytest.raises(TextMatchError, match="shorten it"):
        rewritten(index, padding + 'SELECT ?w { ?w psk:textMatch "hope" }')


def test_a_construct_template_keeps_its_text_match(works, index):
    text = rewritten(index, 'CONSTRUCT { ?w psk:textMatch "found" } WHERE { ?w psk:textMatch "hope" }')
    triples = set(works.query(text, prefixes=PREFIX_MAP))  # type: ignore[arg-type]
    assert {t.subject.value for t in triples} == {iri("a"), iri("b")}
    assert {t.predicate.value for t in triples} == {f"{ONTOLOGY}textMatch"}


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
    odd = served.get("/sparql", params={"query": "SELECT * { ?w psk:textMatch ?text }"})
    assert odd.status_code == 400 and "?work psk:textMatch" in odd.text


def test_text_match_written_with_its_full_iri_and_comments_on_the_endpoint(served):
    spelled = sparql(served, f"""# psk:textMatch "ignored" .
        SELECT ?w WHERE {{ ?w <{ONTOLOGY}textMatch> "peer" . ?w a psk:Study }}""")
    prefixed = sparql(served, 'SELECT ?w WHERE { ?w psk:textMatch "peer" . ?w a psk:Study }')
    assert sorted(map(str, spelled)) == sorted(map(str, prefixed)) and prefixed


def test_the_service_guard_reads_the_query_after_the_text_match_is_replaced(served):
    query = ('SELECT * { ?w psk:textMatch "peer" SERVICE <http://127.0.0.1:9/sparql> { ?w ?p ?o } }')
    answer = served.get("/sparql", params={"query": query})
    assert answer.status_code == 403 and "SERVICE" in answer.text


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
