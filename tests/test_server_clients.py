"""Real SPARQL clients against the real server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import csv
import io

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from SPARQLWrapper import CSV, JSON, JSONLD, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from kg.namespaces import PSK
from server.settings import ServerSettings
from tests.server_support import build_store, running_server

STUDIES = """PREFIX psk: <https://w3id.org/peer-support-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?study ?title WHERE { ?study a psk:Study ; dcterms:title ?title } ORDER BY ?title"""
CONSTRUCT = """PREFIX psk: <https://w3id.org/peer-support-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
CONSTRUCT { ?study dcterms:title ?title } WHERE { ?study a psk:Study ; dcterms:title ?title }"""
KENT = URIRef("https://w3id.org/peer-support-kg/resource/work/kent2019")
KENT_TITLE = Literal("Developing a Strategy to Embed Peer Support into Mental Health Systems")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    store = build_store(tmp_path_factory.mktemp("clients") / "store")
    with running_server(ServerSettings.resolve({}, store=store)) as live:
        yield live


def _wrapper(server, query: str, return_format: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(return_format)
    client.setMethod(method)
    return client


def _titles_from_json(result: dict) -> list[str]:
    return [row["title"]["value"] for row in result["results"]["bindings"]]


def _titles_from_xml(result) -> list[str]:
    bindings = [b for b in result.getElementsByTagName("binding") if b.getAttribute("name") == "title"]
    return [b.getElementsByTagName("literal")[0].firstChild.data for b in bindings]


def _titles_from_csv(result: bytes) -> list[str]:
    return [row["title"] for row in csv.DictReader(io.StringIO(result.decode("utf-8")))]


def _titles_from_tsv(result: bytes) -> list[str]:
    rows = result.decode("utf-8").splitlines()[1:]
    return [row.split("\t")[1].strip('"') for row in rows]


SELECT_FORMATS = {
    JSON: _titles_from_json,
    XML: _titles_from_xml,
    CSV: _titles_from_csv,
    TSV: _titles_from_tsv,
}


@pytest.mark.parametrize("method", ["GET", POST])
@pytest.mark.parametrize("return_format", list(SELECT_FORMATS))
def test_sparqlwrapper_select(server, return_format, method):
    result = _wrapper(server, STUDIES, return_format, method).query().convert()
    titles = SELECT_FORMATS[return_format](result)
    assert len(titles) == 4 and str(KENT_TITLE) in titles


# SPARQLWrapper 2 converts RDF/XML and JSON-LD through rdflib's deprecated ConjunctiveGraph
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("return_format", [TURTLE, RDFXML, JSONLD])
def test_sparqlwrapper_construct_into_rdflib(server, return_format):
    converted = _wrapper(server, CONSTRUCT, return_format).query().convert()
    graph = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format=return_format)
    assert len(graph) == 4
    assert (KENT, DCTERMS.title, KENT_TITLE) in graph


def test_sparqlwrapper_ask(server):
    result = _wrapper(server, f"ASK {{ <{KENT}> a <{PSK.Study}> }}", JSON).query().convert()
    assert result["boolean"] is True


def test_sparqlwrapper_reports_a_syntax_error(server):
    with pytest.raises(QueryBadFormed, match="SPARQL syntax error"):
        _wrapper(server, "SELECT ?s WHERE { ?s ?p }", JSON).query()


@pytest.fixture
def remote(server):
    graph = Graph(store="SPARQLStore")
    graph.open(server.sparql)
    yield graph
    graph.close()


def test_rdflib_sparqlstore_select(remote):
    titles = [str(row.title) for row in remote.query(STUDIES)]
    assert len(titles) == 4 and str(KENT_TITLE) in titles


def test_rdflib_sparqlstore_construct(remote):
    graph = remote.query(CONSTRUCT).graph
    assert (KENT, DCTERMS.title, KENT_TITLE) in graph


def test_rdflib_sparqlstore_triple_patterns(remote):
    assert (KENT, RDF.type, PSK.Study) in remote
    assert set(remote.objects(KENT, DCTERMS.title)) == {KENT_TITLE}


def test_service_calls_an_allow_listed_endpoint(server, tmp_path):
    # a second server whose allow-list names the first one: SERVICE really goes out to it
    store = build_store(tmp_path / "federating")
    settings = ServerSettings.resolve({}, store=store, service_allowlist=(server.sparql,))
    query = f"""PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT ?title WHERE {{ SERVICE <{server.sparql}> {{ <{KENT}> dcterms:title ?title }} }}"""
    with running_server(settings) as federating:
        response = requests.get(federating.sparql, params={"query": query})
        other = requests.get(
            federating.sparql, params={"query": query.replace(server.sparql, server.url + "/x")}
        )
    assert response.status_code == 200, response.text
    assert [row["title"]["value"] for row in response.json()["results"]["bindings"]] == [str(KENT_TITLE)]
    assert other.status_code == 403
