"""What the seed graph must hold, asked of the built store with SPARQL as a researcher would."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph

from kg.build import BuildSummary

Sparql = Callable[[str], "list[dict[str, str]] | bool"]

PORTAL_DOI = "10.1016/j.socscimed.2020.113249"
LISTING_TITLE = "Peer support services: state of the workforce-state of the field in the USA"
PAGE_TITLE = "Developing a Strategy to Embed Peer Support into Mental Health Systems"


def _values(rows: list[dict[str, str]], key: str) -> list[str]:
    return [row[key] for row in rows]


def test_build_loads_every_seed(seed_build: BuildSummary) -> None:
    assert seed_build.ok, [d.rejected or d.errors for d in seed_build.documents]
    assert [d.mapper for d in seed_build.documents] == ["portal_record", "search_listing", "article_page"]
    assert [d.records for d in seed_build.documents] == [1, 7, 1]


# ---------------------------------------------------------------- seed 000: portal record

def test_portal_study(sparql: Sparql) -> None:
    rows = sparql(f"""
        SELECT ?title ?cited ?pages ?abstract {{
          ?s a psk:Study ; bibo:doi "{PORTAL_DOI}" ; dcterms:title ?title ; psk:citedByCount ?cited ;
             bibo:numPages ?pages ; dcterms:abstract ?abstract ;
             owl:sameAs <https://doi.org/{PORTAL_DOI}> .
        }}""")
    assert len(rows) == 1
    assert rows[0]["title"] == "Unintended consequences of institutionalizing peer support work in mental healthcare"
    assert (rows[0]["cited"], rows[0]["pages"]) == ("46", "8")
    assert rows[0]["abstract"].startswith("The widespread shift towards recovery-oriented mental healthcare")
    assert rows[0]["abstract"].endswith("and paradoxically impact stigma.")


def test_portal_author_and_affiliations(sparql: Sparql) -> None:
    rows = sparql(f"""
        SELECT ?unit ?unitGiven ?parent ?city {{
          ?s bibo:doi "{PORTAL_DOI}" ; bibo:authorList/rdf:first ?a .
          ?a foaf:familyName "Adams" ; foaf:givenName "Wallis E." ; schema:affiliation ?org .
          ?org foaf:name ?unit ; psk:nameAsGiven ?unitGiven ;
               schema:parentOrganization/foaf:name ?parent ; schema:address/schema:addressLocality ?city .
        }} ORDER BY ?parent""")
    assert [(r["parent"], r["unit"], r["city"]) for r in rows] == [
        ("Boston University", "Center for Psychiatric Rehabilitation", "Boston"),
        ("Northeastern University", "Institute for Health Equity & Social Justice Research", "Boston"),
    ]
    assert _values(rows, "unitGiven") == [
        "Boston Univ, Ctr Psychiat Rehabil, Boston, MA 02215 USA",
        "Northeastern Univ, Inst Hlth Equ & Social Justice Res, Boston, MA 02115 USA",
    ]


def test_portal_keywords_apart_from_keywords_plus(sparql: Sparql) -> None:
    author = _values(sparql(f'SELECT ?k {{ ?s bibo:doi "{PORTAL_DOI}" ; schema:keywords ?k }} ORDER BY ?k'), "k")
    index = _values(sparql(f'SELECT ?k {{ ?s bibo:doi "{PORTAL_DOI}" ; psk:indexKeyword ?k }} ORDER BY ?k'), "k")
    assert author == sorted(["United States", "Peer support workers", "Institutionalization", "Experiential expertise",
                             "Recovery", "Lived experience", "Unintended consequences", "Medicaid"])
    assert index == sorted(["EXPERIENTIAL KNOWLEDGE", "PUBLIC STIGMA", "LAY EXPERTISE", "SERVICES", "PATIENT",
                            "IMPLEMENTATION", "SPECIALISTS", "ILLNESSES", "CONSUMERS", "MOVEMENT"])


def test_portal_classification_codes(sparql: Sparql) -> None:
    rows = sparql(f"""SELECT ?scheme ?code {{ ?s bibo:doi "{PORTAL_DOI}" ; psk:classification ?c .
                       ?c skos:notation ?code ; psk:classificationScheme ?scheme }} ORDER BY ?scheme ?code""")
    assert [(r["scheme"], r["code"]) for r in rows] == [("CLC", "R1"), ("discipline", "1004"), ("discipline", "120402")]


RELATED = [
    # title start, first author family, journal, year, volume, issue, start, end, number of authors
    ("The impact of peer support work on the mental health", "Poremski",
     "INTERNATIONAL JOURNAL OF MENTAL HEALTH SYSTEMS", "2022", "16", "1", None, None, 7),
    ("Opportunities and challenges", "de Wet", "ADVANCES IN MENTAL HEALTH", "2022", "20", "1", "15", "25", 3),
    ("Youth Mental Health Peer Support Work", "Tisdale", "ADOLESCENTS", "2021", "1", "4", "400", "411", 6),
    ("Strategies Used to Support Peer Provision", "Zeng",
     "ADMINISTRATION AND POLICY IN MENTAL HEALTH AND MENTAL HEALTH SERVICES RESEARCH", "2021", "48", "6",
     "1034", "1045", 2),
    ("Attitudes of Peer Support Workers towards the Medical Model", "Ruiz-Perez",
     "COMMUNITY MENTAL HEALTH JOURNAL", "2025", None, None, None, None, 2),
    ("The emotional labour of peer work", "Seal", "HEALTH SOCIOLOGY REVIEW", "2024", None, None, None, None, 8),
    ("From Social Network to Peer Support Network", "Rayland", "JMIR MENTAL HEALTH", "2023", "10", None, None,
     None, 2),
    ("A systematic review of influences on implementation", "Ibrahim",
     "SOCIAL PSYCHIATRY AND PSYCHIATRIC EPIDEMIOLOGY", "2020", "55", "3", "285", "293", 13),
    ("Typology of modifications to peer support work", "Charles", "BRITISH JOURNAL OF PSYCHIATRY", "2020", "216",
     "6", "301", "307", 13),
]


@pytest.mark.parametrize("expected", RELATED, ids=[r[1] for r in RELATED])
def test_portal_related_paper(sparql: Sparql, expected: tuple) -> None:
    title, family, journal, year, volume, issue, start, end, n_authors = expected
    rows = sparql(f"""
        SELECT ?r ?title ?journal ?year ?volume ?issue ?start ?end ?first {{
          ?s bibo:doi "{PORTAL_DOI}" ; dcterms:relation ?r .
          ?r a fabio:Expression ; dcterms:title ?title ; dcterms:isPartOf/dcterms:title ?journal ;
             dcterms:issued ?year ; bibo:authorList/rdf:first/foaf:familyName ?first .
          OPTIONAL {{ ?r bibo:volume ?volume }} OPTIONAL {{ ?r bibo:issue ?issue }}
          OPTIONAL {{ ?r bibo:pageStart ?start }} OPTIONAL {{ ?r bibo:pageEnd ?end }}
          FILTER(STRSTARTS(?title, "{title}"))
        }}""")
    assert len(rows) == 1, rows
    row = rows[0]
    # Journals resolve across documents ("The British Journal of Psychiatry" in seed 002): compare the name.
    assert (row["first"], row["journal"].upper().removeprefix("THE "), row["year"]) == (family, journal, year)
    assert (row.get("volume"), row.get("issue"), row.get("start"), row.get("end")) == (volume, issue, start, end)
    authors = sparql(f"SELECT ?a {{ <{row['r']}> bibo:authorList/rdf:rest*/rdf:first ?a }}")
    assert len(authors) == n_authors


def test_related_papers_are_never_citations(sparql: Sparql) -> None:
    assert len(sparql(f'SELECT ?r {{ ?s bibo:doi "{PORTAL_DOI}" ; dcterms:relation ?r }}')) == 9
    assert sparql(f'ASK {{ ?s bibo:doi "{PORTAL_DOI}" ; cito:cites ?r }}') is False
    assert sparql("ASK { ?s dcterms:relation ?r . ?x cito:cites ?r }") is False


def test_author_order_of_related_paper(sparql: Sparql) -> None:
    rows = sparql("""
        SELECT ?family ?given {
          ?r dcterms:title ?t ; bibo:authorList ?list . FILTER(STRSTARTS(?t, "Opportunities and challenges"))
          ?list rdf:rest* ?cell . ?cell rdf:first ?a . ?a foaf:familyName ?family ; foaf:givenName ?given .
          { SELECT ?cell (COUNT(?mid) AS ?pos) { ?r2 bibo:authorList ?l2 . ?l2 rdf:rest* ?mid . ?mid rdf:rest* ?cell }
            GROUP BY ?cell }
        } ORDER BY ?pos""")
    assert [(r["family"], r["given"]) for r in rows] == [
        ("de Wet", "Anneliese"), ("Sunkel", "Charlene"), ("Pretorius", "Chrisma")]


# ---------------------------------------------------------------- seed 001: search listing

def _listing(sparql: Sparql) -> list[dict[str, str]]:
    return sparql("""
        SELECT ?s ?year ?volume ?issue ?start ?end ?number ?title ?abstract {
          GRAPH ?g { ?s a psk:Study ; dcterms:issued ?year ; dcterms:abstract ?abstract }
          ?g prov:wasGeneratedBy/prov:wasAssociatedWith/rdfs:label "search_listing" .
          OPTIONAL { ?s bibo:volume ?volume } OPTIONAL { ?s bibo:issue ?issue }
          OPTIONAL { ?s bibo:pageStart ?start } OPTIONAL { ?s bibo:pageEnd ?end }
          OPTIONAL { ?s psk:articleNumber ?number } OPTIONAL { ?s dcterms:title ?title }
        }""")


def test_listing_records(sparql: Sparql) -> None:
    rows = _listing(sparql)
    assert len(rows) == 7
    by_abstract = {row["abstract"][:39]: row for row in rows}
    expected = [  # first words of the abstract, year, volume, issue, start, end, article number
        ("Purpose Peer support and other consumer", "2017", "21", "3", "168", "175", None),
        ("Purpose As peer support services have b", "2017", "21", "3", "161", "167", None),
        ("Purpose The purpose of this paper is to", "2019", "18", "3", "180", "187", None),
        ("Purpose Dual Diagnosis Anonymous (DDA) ", "2020", "13", "4", "151", "167", None),
        ("Background Knowledge construction is a ", "2019", "19", "1", None, None, None),
        ("The Canadian youth services system is f", "2021", "20", None, None, None, "160940692199568"),
        ("According to the estimates by the World", "2020", None, None, None, None, None),
    ]
    for head, *fields in expected:
        row = by_abstract[head]
        assert [row["year"], row.get("volume"), row.get("issue"), row.get("start"), row.get("end"),
                row.get("number")] == fields, head


def test_listing_only_first_has_title(sparql: Sparql) -> None:
    titled = [row for row in _listing(sparql) if "title" in row]
    assert [row["title"] for row in titled] == [LISTING_TITLE]


def test_listing_untitled_records_warn_not_fail(seed_build: BuildSummary) -> None:
    (listing,) = [d for d in seed_build.documents if d.mapper == "search_listing"]
    title_warnings = [w for w in listing.warnings if "has no title" in w]
    assert listing.loaded and len(title_warnings) == 6


@pytest.mark.parametrize(("given", "family", "position"), [
    ("E. Sally", "Rogers", 1), ("Stacey L.", "Barrenger", 1), ("Victoria", "Stanhope", 2),
    ("Timothy", "Schmutte", 2), ("Winnie W. Y.", "Yuen", 2), ("Joanna", "Henderson", 4),
])
def test_listing_authors_in_order(sparql: Sparql, given: str, family: str, position: int) -> None:
    rest = "rdf:rest/" * (position - 1)
    assert sparql(f"""ASK {{ ?s a psk:Study ; bibo:authorList/{rest}rdf:first ?a .
                       ?a foaf:givenName "{given}" ; foaf:familyName "{family}" }}""") is True


def test_listing_truncated_author_lists(sparql: Sparql) -> None:
    rows = sparql("""SELECT ?first { ?s psk:authorListTruncated true ; a psk:Study ;
                     bibo:authorList/rdf:first/foaf:familyName ?first } ORDER BY ?first""")
    assert _values(rows, "first") == ["Milani", "Tse"]
    assert sparql('ASK { ?a foaf:name ?n FILTER(CONTAINS(?n, "...")) }') is False


def test_listing_structured_abstract_sections(sparql: Sparql) -> None:
    rows = sparql(f"""
        SELECT ?heading ?text {{ ?s dcterms:title "{LISTING_TITLE}" ; psk:abstractSection ?p .
                                 ?p psk:heading ?heading ; rdf:value ?text ; psk:order ?o }} ORDER BY ?o""")
    assert _values(rows, "heading") == ["Purpose", "Design/methodology/approach", "Findings",
                                        "Research limitations/implications", "Practical implications",
                                        "Originality/value"]
    assert rows[0]["text"].startswith("Peer support and other consumer-provided services")
    assert rows[-1]["text"].endswith("within the mental health system.")
    tse = sparql("""SELECT ?heading { ?s psk:abstractSection ?p . ?p psk:heading ?heading ; psk:order ?o .
                    ?s dcterms:abstract ?a FILTER(STRSTARTS(?a, "Background Knowledge")) } ORDER BY ?o""")
    assert _values(tse, "heading") == ["Background", "Methods", "Results", "Conclusions"]


@pytest.mark.parametrize("chrome", ["Sign in", "Sign up", "Export Citation Format", "Share Document",
                                    "Email author", "CrossRef", "Google Scholar", "Advertisement"])
def test_no_page_chrome_in_any_literal(sparql: Sparql, chrome: str) -> None:
    """Quote selectors copy the source as it is (to re-check against its bytes); nothing else may."""
    rows = sparql(f'SELECT ?s ?p ?o {{ ?s ?p ?o FILTER(isLiteral(?o) && CONTAINS(?o, "{chrome}")) '
                  'FILTER(?p NOT IN (oa:exact, oa:prefix, oa:suffix)) }')
    assert rows == []


# ---------------------------------------------------------------- seed 002: publisher page

def test_page_study(sparql: Sparql) -> None:
    rows = sparql(f"""SELECT ?type ?year ?family ?given {{ ?s a psk:Study ; dcterms:title "{PAGE_TITLE}" ;
                     psk:articleType ?type ; dcterms:dateCopyrighted ?year ;
                     dcterms:creator [ foaf:familyName ?family ; foaf:givenName ?given ] }}""")
    assert rows == [{"type": "Point of View", "year": "2018", "family": "Kent", "given": "Maria"}]


def test_page_keywords(sparql: Sparql) -> None:
    rows = sparql(f'SELECT ?k {{ ?s dcterms:title "{PAGE_TITLE}" ; schema:keywords ?k }} ORDER BY ?k')
    assert _values(rows, "k") == sorted(["Peer", "Peer support", "Mental health", "Recovery", "Implementation"])


def test_page_affiliations(sparql: Sparql) -> None:
    rows = sparql(f"""SELECT ?name ?city ?country {{ ?s dcterms:title "{PAGE_TITLE}" ;
                       dcterms:creator/schema:affiliation ?o . ?o foaf:name ?name ;
                       schema:address ?ad . ?ad schema:addressCountry ?country .
                       OPTIONAL {{ ?ad schema:addressLocality ?city }} }} ORDER BY ?name""")
    assert [(r["name"], r.get("city"), r["country"]) for r in rows] == [
        ("Brandon University", "Brandon", "Canada"),
        ("Prairie Mountain Health", "Brandon", "Canada"),
        ("Swan River", None, "Canada"),
    ]


def test_page_references(sparql: Sparql) -> None:
    cites = sparql(f"""SELECT ?w ?n ?text {{ ?s dcterms:title "{PAGE_TITLE}" ; cito:cites ?w ; psk:hasReference ?r .
                       ?r psk:refersTo ?w ; psk:referenceNumber ?n ; psk:referenceText ?text }}""")
    assert len(cites) == 31 and sorted(int(r["n"]) for r in cites) == list(range(1, 32))
    missing = sparql(f"""SELECT ?w {{ ?s dcterms:title "{PAGE_TITLE}" ; cito:cites ?w .
                         FILTER NOT EXISTS {{ ?w dcterms:title ?t ; dcterms:issued ?y ; dcterms:creator ?c }} }}""")
    assert missing == []
    containers = sparql(f"""SELECT ?w {{ ?s dcterms:title "{PAGE_TITLE}" ; cito:cites ?w .
                   FILTER NOT EXISTS {{ ?w dcterms:isPartOf|psk:containerTitle|dcterms:publisher|schema:url ?c }} }}""")
    assert containers == []


def test_page_reference_dois_are_clean(sparql: Sparql) -> None:
    dois = _values(sparql(f"""SELECT ?d {{ ?s dcterms:title "{PAGE_TITLE}" ; cito:cites/bibo:doi ?d }}"""), "d")
    assert len(dois) == 25
    assert "10.1016/j.wpsyc.2012.05.009" in dois and "10.1002/14651858.cd006903.pub2" in dois
    assert all(not d.endswith(".") and "crossref" not in d and d == d.lower() for d in dois)


def test_page_who_reference_has_organisation_author(sparql: Sparql) -> None:
    rows = sparql("""SELECT ?t { ?w dcterms:creator ?o ; dcterms:title ?t . ?o a foaf:Organization ;
                     foaf:name "World Health Organization" }""")
    assert _values(rows, "t") == ["Fact Files: 10 Facts on Mental Health"]


def test_davidson_2012_reference(sparql: Sparql) -> None:
    rows = sparql("""SELECT ?title ?journal ?vol ?iss ?first { ?w bibo:doi "10.1016/j.wpsyc.2012.05.009" ;
                     dcterms:title ?title ; dcterms:isPartOf/dcterms:title ?journal ; bibo:volume ?vol ;
                     bibo:issue ?iss ; bibo:authorList/rdf:first/foaf:name ?first ; dcterms:issued "2012"^^xsd:gYear }""")
    assert rows == [{"title": "Peer support among persons with severe mental illnesses: A review of evidence and "
                              "experience", "journal": "World Psychiatry", "vol": "11", "iss": "2", "first": "Larry Davidson"}]


# ---------------------------------------------------------------- provenance and the whole graph

def test_one_named_graph_per_document_with_provenance(sparql: Sparql) -> None:
    rows = sparql("""SELECT ?g ?path ?sha ?mapper ?version { ?g prov:wasDerivedFrom ?src ;
                     prov:wasGeneratedBy/prov:wasAssociatedWith ?agent .
                     ?src dcterms:identifier ?path ; psk:sha256 ?sha . ?agent rdfs:label ?mapper ;
                     psk:mapperVersion ?version } ORDER BY ?path""")
    assert [r["mapper"] for r in rows] == ["portal_record", "search_listing", "article_page"]
    assert all(r["path"].startswith("seeds/") or "/seeds/" in r["path"] for r in rows)
    assert all(len(r["sha"]) == 64 for r in rows)


def test_shared_journal_is_one_node_with_one_title(sparql: Sparql) -> None:
    rows = sparql("""SELECT ?j ?t ?alt { ?j a fabio:Journal ; dcterms:title ?t ; skos:altLabel ?alt
                     FILTER(LCASE(?t) = "community mental health journal") }""")
    assert [(r["t"], r["alt"]) for r in rows] == [("Community Mental Health Journal", "COMMUNITY MENTAL HEALTH JOURNAL")]


def test_validate_conforms(seed_build: BuildSummary) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["validate", "--store", str(seed_build.store)])
    assert result.exit_code == 0, result.output
    assert "conforms: 0 violations" in result.output


def test_export_turtle_parses_back(seed_build: BuildSummary, tmp_path) -> None:
    from click.testing import CliRunner

    from kg.cli import main
    from kg.store import open_read_only
    from tests.conftest import run_query

    out = tmp_path / "graph.ttl"
    result = CliRunner().invoke(main, ["export", "--store", str(seed_build.store), "--out", str(out)])
    assert result.exit_code == 0, result.output
    graph = Graph().parse(out, format="turtle")
    count = run_query(open_read_only(seed_build.store), "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")
    assert len(graph) == int(count[0]["n"]) > 1000
