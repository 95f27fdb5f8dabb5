"""One graph across documents: seeds plus users' exports resolve to one node per work, journal, person."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal
from rdflib.collection import Collection

from kg.build import BuildSettings, BuildSummary, build, map_document
from kg.cli import main
from kg.namespaces import OWL, PROV, PSK, RDF, RDFS, XSD, IriMinter
from kg.resolve import names_compatible, resolve
from kg.resolve.keytables import decode, encode
from kg.store import open_read_only
from kg.triples import TripleWriter
from tests.conftest import SEEDS, run_query

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
# The exports that repeat works of the seeds: Davidson et al. 2012 (RIS, BibTeX, MEDLINE, ...),
# Lloyd-Evans et al. 2014 (PubMed MEDLINE and XML, CSL-JSON, EndNote RIS).
EXPORT_FILES = ["zotero.ris", "endnote.ris", "library.bib", "pubmed.nbib", "pubmed.xml", "csl.json",
                "crossref_works.json"]
DAVIDSON_2012 = "10.1016/j.wpsyc.2012.05.009"
LLOYD_EVANS_2014 = "10.1186/1471-244x-14-39"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and the exports in one folder."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(SEEDS, folder / "seeds")
    (folder / "exports").mkdir()
    for name in EXPORT_FILES:
        shutil.copy(EXPORTS / name, folder / "exports" / name)
    return folder


@pytest.fixture(scope="module")
def joined(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildSummary:
    return build([corpus], BuildSettings(store=tmp_path_factory.mktemp("joined") / "store"))


@pytest.fixture(scope="module")
def ask(joined: BuildSummary) -> Callable[[str], list[dict[str, str]] | bool]:
    store = open_read_only(joined.store)
    return lambda query: run_query(store, query)


def test_everything_loads(joined: BuildSummary) -> None:
    assert joined.ok, [d.rejected or d.errors for d in joined.documents]
    assert joined.merges["person"] > 0 and joined.merges["journal"] > 0


def test_one_journal_across_seeds(ask: Callable) -> None:
    rows = ask("""SELECT ?j { ?j a fabio:Journal ; dcterms:title ?t .
                  FILTER(LCASE(STR(?t)) = "community mental health journal") }""")
    assert len(rows) == 1
    portal = ask("""SELECT DISTINCT ?j { GRAPH ?g { ?w dcterms:isPartOf ?j } . ?j dcterms:title ?t
                    FILTER(LCASE(STR(?t)) = "community mental health journal") }""")
    assert len(portal) == 1, "the portal's COMMUNITY MENTAL HEALTH JOURNAL and the page's journal are one node"


@pytest.mark.parametrize(("doi", "min_graphs"), [(DAVIDSON_2012, 3), (LLOYD_EVANS_2014, 3)])
def test_one_node_per_work_whatever_its_source(ask: Callable, doi: str, min_graphs: int) -> None:
    works = ask(f'SELECT DISTINCT ?w {{ ?w bibo:doi "{doi}" }}')
    assert len(works) == 1
    graphs = ask(f'SELECT DISTINCT ?g {{ GRAPH ?g {{ ?w bibo:doi "{doi}" }} }}')
    assert len(graphs) >= min_graphs, "the reference list and the exports all describe the one node"
    assert ask(f'ASK {{ ?page cito:cites ?w . ?w bibo:doi "{doi}" }}') is True
    assert len(ask(f'SELECT ?t {{ ?w bibo:doi "{doi}" ; dcterms:title ?t }}')) == 1, "one preferred title"
    assert len(ask(f'SELECT ?l {{ ?w bibo:doi "{doi}" ; bibo:authorList ?l }}')) == 1, "one author list"


@pytest.mark.parametrize("doi", [DAVIDSON_2012, LLOYD_EVANS_2014])
def test_a_work_read_in_several_sources_is_extracted_once(ask: Callable, doi: str) -> None:
    read = ask(f'SELECT DISTINCT ?g {{ ?w bibo:doi "{doi}" GRAPH ?g {{ ?w a psk:Study }} }}')
    assert len(read) >= 2, "several sources give the work's abstract"
    abstracts = ask(f'SELECT DISTINCT ?g {{ GRAPH ?g {{ ?w bibo:doi "{doi}" ; dcterms:abstract ?a }} }}')
    assert len(abstracts) == 1, "one source keeps the abstract (the others', when they differ, are psk:otherAbstract)"
    facts = ask(f"""SELECT DISTINCT ?fact ?run ?g {{ ?w bibo:doi "{doi}" .
                   {{ ?w psk:reports ?fact }} UNION {{ ?fact rdf:subject ?w }}
                   GRAPH ?g {{ ?fact prov:wasGeneratedBy ?run }} }}""")
    assert facts, "the work's abstract was read"
    assert {(row["run"], row["g"]) for row in facts} == {(facts[0]["run"], abstracts[0]["g"])}, \
        "every fact comes from one reading of the kept abstract, stated in the graph that holds it"
    assert all(str(row["fact"]).startswith(str(facts[0]["fact"]).split("/statement/")[0].split("/finding/")[0])
               for row in facts)


def test_larry_davidson_is_one_person(ask: Callable) -> None:
    rows = ask(f"""SELECT DISTINCT ?p {{
        ?listing a psk:Study ; dcterms:creator ?p ; dcterms:abstract ?a
        FILTER(STRSTARTS(?a, "Purpose As peer support services"))
        ?ref bibo:doi "{DAVIDSON_2012}" ; dcterms:creator ?p .
        ?p foaf:familyName "Davidson" }}""")
    assert len(rows) == 1


def test_davidson_g_is_another_person(ask: Callable) -> None:
    rows = ask(f"""SELECT DISTINCT ?g ?l {{
        ?w2016 dcterms:creator ?g . ?g foaf:familyName "Davidson" ; foaf:givenName ?given FILTER(STRSTARTS(?given, "G"))
        ?w2012 bibo:doi "{DAVIDSON_2012}" ; dcterms:creator ?l . ?l foaf:familyName "Davidson" }}""")
    assert len(rows) == 1 and rows[0]["g"] != rows[0]["l"]
    assert ask('ASK { ?p foaf:familyName "Davidson" ; foaf:givenName ?a, ?b FILTER(?a != ?b) }') is False


def test_every_merge_is_recorded_with_rule(ask: Callable) -> None:
    rows = ask("""SELECT ?kind ?rule ?c ?a ?ev { ?m a psk:Merge ; psk:mergeKind ?kind ; psk:rule ?rule ;
                  psk:canonical ?c ; psk:alias ?a ; psk:mergeEvidence ?ev }""")
    assert {r["rule"] for r in rows} >= {"shared co-author", "same normalised title"}
    aliases = {r["a"] for r in rows}
    assert not any(ask(f"ASK {{ <{a}> ?p ?o FILTER(?p != psk:alias) }}") for a in sorted(aliases)[:20]), \
        "an alias no longer stands as a node"


def test_explain_says_why(joined: BuildSummary, ask: Callable) -> None:
    (row,) = ask(f"""SELECT DISTINCT ?p {{ ?w bibo:doi "{DAVIDSON_2012}" ; dcterms:creator ?p .
                     ?p foaf:familyName "Davidson" }}""")
    result = CliRunner().invoke(main, ["explain", "--store", str(joined.store), row["p"]])
    assert result.exit_code == 0
    assert "rule: shared co-author" in result.output and "Bellamy" in result.output


def test_external_identifiers_from_curated_tables(ask: Callable) -> None:
    assert ask("""ASK { ?j dcterms:title ?t ; owl:sameAs <https://portal.issn.org/resource/ISSN/0007-1250> ;
                  bibo:issn "1472-1465" FILTER(CONTAINS(LCASE(?t), "british journal of psychiatry")) }""") is True
    assert ask("""ASK { ?o foaf:name "Boston University" ; owl:sameAs <https://ror.org/05qwgg493> }""") is True
    assert ask("""ASK { ?o foaf:name "Northeastern University" ; owl:sameAs <https://ror.org/04t5xt781> }""") is True
    assert ask("ASK { ?w owl:sameAs <https://doi.org/10.1016/j.wpsyc.2012.05.009> }") is True


@pytest.mark.parametrize(("a", "b", "same"), [
    ("L.", "Larry", True), ("Larry", "L.", True), ("E. Sally", "E.", True), ("Stacey L.", "S. L.", True),
    ("G.", "L.", False), ("Larry", "Lisa", False), ("E. Sally", "E. Sarah", False), ("", "Larry", False),
])
def test_given_name_compatibility(a: str, b: str, same: bool) -> None:
    assert names_compatible(a, b) is same


def _graphs(paths: list[Path]) -> list[Graph]:
    writer = TripleWriter(IriMinter())
    return [m.graph for m in (map_document(p, p.name, writer) for p in paths) if m.graph is not None]


def _nquads(graphs: list[Graph]) -> list[str]:
    lines = set()
    for graph in graphs:
        for s, p, o in graph:
            lines.add(f"{s.n3()} {p.n3()} {o.n3()} {graph.identifier.n3()} .")
    return sorted(lines)


def test_resolution_ignores_document_order(corpus: Path) -> None:
    paths = sorted(corpus.rglob("*.*"))
    forward, backward = _graphs(paths), _graphs(paths[::-1])
    before = _nquads(forward)
    found_f, resolved_f = resolve(forward, IriMinter())
    found_b, resolved_b = resolve(backward, IriMinter())
    assert found_f.report.counts() == found_b.report.counts()
    assert _nquads([*resolved_f, found_f.graph]) == _nquads([*resolved_b, found_b.graph])
    assert _nquads(forward) == before  # resolution leaves its inputs as they were


def test_key_tables_keep_every_term_and_its_order(corpus: Path) -> None:
    """The key tables store terms as text on disk: each reads back as the same term (IRIs, blank nodes,
    literals with languages and datatypes), and text order is rdflib's order of nodes of one kind."""
    terms = {term for graph in _graphs(sorted(corpus.rglob("*.*"))) for triple in graph for term in triple}
    assert any(isinstance(t, Literal) and t.datatype for t in terms)
    terms |= {BNode("b1"), BNode("a2"), Literal("Peer support", lang="en"), Literal("a\x1fb"),
              Literal("2012-05-09", datatype=XSD.date), Literal("Hope", datatype=XSD.string)}
    for term in terms:
        back = decode(encode(term))
        assert back == term and type(back) is type(term) and str(back) == str(term), term
    nodes = [t for t in terms if not isinstance(t, Literal)]
    assert sorted(nodes) == sorted(nodes, key=encode)


def test_same_inputs_give_byte_identical_sorted_nquads(corpus: Path, tmp_path: Path) -> None:
    files = sorted(str(p) for p in corpus.rglob("*.*"))
    dumps = []
    for order, store in ((files, tmp_path / "a"), (files[::-1], tmp_path / "b")):
        assert CliRunner().invoke(main, ["build", *order, "--store", str(store)]).exit_code == 0
        out = tmp_path / f"{store.name}.nq"
        assert CliRunner().invoke(main, ["export", "--store", str(store), "--format", "nq", "--out", str(out)]).exit_code == 0
        dumps.append(out.read_bytes())
    assert dumps[0] == dumps[1] and len(dumps[0]) > 100_000


def test_export_round_trip_is_isomorphic(joined: BuildSummary, tmp_path: Path) -> None:
    """kg export to Turtle, build from that file, export again: the same graph (plus the import's provenance)."""
    first = tmp_path / "first.ttl"
    assert CliRunner().invoke(main, ["export", "--store", str(joined.store), "--out", str(first)]).exit_code == 0
    rebuilt = tmp_path / "rebuilt"
    result = CliRunner().invoke(main, ["build", str(first), "--store", str(rebuilt)])
    assert result.exit_code == 0, result.output
    second = tmp_path / "second.ttl"
    assert CliRunner().invoke(main, ["export", "--store", str(rebuilt), "--out", str(second)]).exit_code == 0
    before = Graph().parse(first, format="turtle")
    after = Graph().parse(second, format="turtle")
    # The rebuild adds exactly one provenance record: the Turtle file itself, read by the rdf mapper.
    (agent,) = [a for a in after.subjects(RDFS.label) if str(after.value(a, RDFS.label)) == "rdf"]
    (activity,) = after.subjects(PROV.wasAssociatedWith, agent)
    (graph,) = after.subjects(PROV.wasGeneratedBy, activity)
    source = after.value(graph, PROV.wasDerivedFrom)
    for node in (agent, activity, graph, source):
        after.remove((node, None, None))
    for work in list(after.subjects(PROV.wasDerivedFrom, source)):
        after.remove((work, PROV.wasDerivedFrom, source))
    # The ontology's owl:oneOf lists come back twice: in the imported file's graph and in the ontology's,
    # as distinct blank nodes (blank nodes of two documents are never one node). Compare them as lists.
    def lists(graph: Graph) -> set[tuple]:
        return {(s, tuple(Collection(graph, o))) for s, o in graph.subject_objects(OWL.oneOf)}

    def ground(graph: Graph) -> set[tuple]:
        return {t for t in graph if not any(isinstance(term, BNode) for term in t)}

    assert lists(before) == lists(after) and len(lists(before)) >= 2
    assert ground(before) == ground(after), (len(before), len(after))
    assert (None, RDF.type, PSK.Merge) in after
