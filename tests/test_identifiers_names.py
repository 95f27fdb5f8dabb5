"""Identifiers checked by the libraries made for them, and names as every input format writes them.

The strings are real: John Kelly Jr. ("Kelly, Jr., John") and Frederick J. Frese III as RIS, BibTeX, MEDLINE, PubMed XML, CSL,
Crossref and APA write them (Frese, Knight & Saks 2009, Schizophrenia Bulletin 35(2)); the World
Health Organization as a corporate author in each format; a Wiley SICI DOI (JASIS 49(8), 1998).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from kg.build import BuildSettings, build
from kg.identifiers import clean_doi, clean_orcid, failed_check
from kg.mappers import MAPPERS
from kg.namespaces import BIBO, FOAF, OWL, PSK, RDF, IriMinter
from kg.records import Organization, Person, Work
from kg.references import parse_apa_reference, read_authors
from kg.store import open_read_only
from kg.triples import TripleWriter
from tests.conftest import run_query

SICI = "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-O"
TITLE = "Recovery from schizophrenia: with views of psychiatrists, psychologists, and others diagnosed"


def _crossref(authors: list[dict], **extra: object) -> str:
    message = {"DOI": "10.1093/schbul/sbn175", "type": "journal-article", "title": [TITLE],
               "container-title": ["Schizophrenia Bulletin"], "author": authors, "reference-count": 0, **extra}
    return json.dumps({"status": "ok", "message-type": "work", "message": message})


def _pubmed_xml(authors: str) -> str:
    return ("<?xml version=\"1.0\" ?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>19176522</PMID>"
            "<Article><Journal><Title>Schizophrenia bulletin</Title></Journal><ArticleTitle>" + TITLE + ".</ArticleTitle>"
            "<AuthorList>" + authors + "</AuthorList></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>\n")


def _csl(authors: list[dict], **extra: object) -> str:
    return json.dumps([{"id": "frese2009", "type": "article-journal", "title": TITLE, "author": authors, **extra}])


# The same two persons, as each format writes them: (format, text).
SUFFIXED = {
    "ris": "TY  - JOUR\nAU  - Kelly, Jr., John\nAU  - Frese, Frederick J., III\nTI  - " + TITLE + "\nER  - \n",
    "bibtex": "@article{frese2009,\n  author = {Kelly, Jr., John and Frese, III, Frederick J.},\n"
              "  title = {" + TITLE + "},\n  year = {2009}\n}\n",
    "medline": "PMID- 19176522\nTI  - " + TITLE + ".\nFAU - Kelly, John Jr\nAU  - Kelly J Jr\n"
               "FAU - Frese, Frederick J 3rd\nAU  - Frese FJ 3rd\nSO  - Schizophr Bull. 2009 Mar;35(2):370-80.\n",
    "csl-json": _csl([{"family": "Kelly", "given": "John", "suffix": "Jr."},
                      {"family": "Frese", "given": "Frederick J.", "suffix": "III"}]),
    "pubmed-xml": _pubmed_xml("<Author><LastName>Kelly</LastName><ForeName>John</ForeName><Suffix>Jr</Suffix></Author>"
                              "<Author><LastName>Frese</LastName><ForeName>Frederick J</ForeName><Suffix>3rd</Suffix>"
                              "</Author>"),
    "crossref": _crossref([{"given": "John", "family": "Kelly", "suffix": "Jr.", "sequence": "first"},
                           {"given": "Frederick J.", "family": "Frese", "suffix": "III", "sequence": "additional"}]),
}
# The World Health Organization as a corporate author.
CORPORATE = {
    "ris": "TY  - RPRT\nA1  - World Health Organization,\nT1  - Guidance on community mental health services\n"
           "PY  - 2021\nER  - \n",
    "bibtex": "@techreport{who2021,\n  author = {{World Health Organization}},\n"
              "  title = {Guidance on community mental health services},\n  year = {2021}\n}\n",
    "medline": "PMID- 31234567\nTI  - Guidance on community mental health services.\nCN  - World Health Organization\n"
               "SO  - Geneva: World Health Organization; 2021.\n",
    "csl-json": _csl([{"literal": "World Health Organization"}]),
    "crossref": _crossref([{"name": "World Health Organization", "sequence": "first", "affiliation": []}]),
    "pubmed-xml": _pubmed_xml("<Author><CollectiveName>World Health Organization</CollectiveName></Author>"),
}
MAPPER = {mapper.name: mapper for mapper in MAPPERS}


def _works(fmt: str, text: str) -> list[Work]:
    mapper = MAPPER[fmt]
    assert mapper.sniff(text), fmt
    works = list(mapper.parse(text, f"test.{fmt}"))
    assert works and all(isinstance(w, Work) for w in works), works
    return works  # type: ignore[return-value]


def _graph(fmt: str, text: str):
    return MAPPER[fmt].to_graph(text, f"test.{fmt}", "0" * 64, TripleWriter(IriMinter())).graph


@pytest.mark.parametrize("fmt", sorted(SUFFIXED))
def test_a_generational_suffix_is_neither_the_given_nor_the_family_name(fmt: str) -> None:
    (work,) = _works(fmt, SUFFIXED[fmt])
    kelly, frese = work.authors
    assert isinstance(kelly, Person) and isinstance(frese, Person)
    assert (kelly.family, kelly.given) == ("Kelly", "John")
    assert kelly.name in ("John Kelly Jr.", "John Kelly Jr")
    assert frese.family == "Frese" and frese.given in ("Frederick J.", "Frederick J")
    assert frese.name.endswith(("III", "3rd"))


def test_apa_keeps_the_suffix_after_the_initials() -> None:
    authors, truncated = read_authors("Frese, F. J., III, Knight, E. L., & Saks, E.")
    assert [(a.family, a.given, a.name) for a in authors if isinstance(a, Person)] == [
        ("Frese", "F. J.", "F. J. Frese III"), ("Knight", "E. L.", "E. L. Knight"), ("Saks", "E.", "E. Saks")]
    assert not truncated


@pytest.mark.parametrize("fmt", sorted(CORPORATE))
def test_a_corporate_author_is_an_organisation_in_every_format(fmt: str) -> None:
    (work,) = _works(fmt, CORPORATE[fmt])
    (author,) = work.authors
    assert isinstance(author, Organization) and author.name == "World Health Organization"
    graph = _graph(fmt, CORPORATE[fmt])
    (node,) = graph.subjects(FOAF.name, Literal("World Health Organization"))
    assert (node, RDF.type, FOAF.Organization) in graph
    assert not list(graph.subjects(RDF.type, FOAF.Person))
    assert not list(graph.subjects(FOAF.familyName, Literal("Organization")))


def test_an_apa_corporate_author_is_an_organisation() -> None:
    reference = parse_apa_reference(
        "World Health Organization. (2021). Guidance on community mental health services: Promoting "
        "person-centred and rights-based approaches. World Health Organization.",
        line=1, number=1, path="page.txt")
    (author,) = reference.work.authors
    assert isinstance(author, Organization) and author.name == "World Health Organization"


@pytest.mark.parametrize("text", [
    SICI,
    f"https://doi.org/{SICI}",
    f"doi: {SICI}.CrossRefGoogle Scholar",
])
def test_a_sici_doi_is_kept_whole(text: str) -> None:
    assert clean_doi(text) == SICI.lower()


def test_markup_after_a_doi_is_not_part_of_it() -> None:
    assert clean_doi('<a href="https://doi.org/10.1037/h0095655">10.1037/h0095655</a>') == "10.1037/h0095655"


def test_a_sici_doi_links_through_a_valid_iri() -> None:
    text = f"TY  - JOUR\nAU  - Smith, Linda C.\nTI  - Citation analysis\nDO  - {SICI}\nER  - \n"
    graph = _graph("ris", text)
    (work,) = graph.subjects(BIBO.doi, Literal(SICI.lower()))
    (same,) = [o for o in graph.objects(work, OWL.sameAs) if "doi.org" in str(o)]
    assert str(same) == "https://doi.org/10.1002/(sici)1097-4571(199806)49:8%3C693::aid-asi4%3E3.0.co;2-o"


@pytest.mark.parametrize(("kind", "good", "bad"), [
    ("orcid", "https://orcid.org/0000-0002-1825-0097", "https://orcid.org/0000-0002-1825-0098"),
    ("orcid", "0000-0001-5109-3700", "0000-0001-5109-3701"),
    ("issn", "0007-1250", "0007-1251"),
    ("isbn", "978-0-306-40615-7", "978-0-306-40615-6"),
])
def test_check_digits(kind: str, good: str, bad: str) -> None:
    assert failed_check(kind, good) == ""
    assert failed_check(kind, bad).endswith(": check digit fails")
    if kind == "orcid":
        assert clean_orcid(good) and clean_orcid(bad) == ""


BAD_IDENTIFIERS = {
    "crossref.json": _crossref([{"given": "Frederick J.", "family": "Frese", "sequence": "first",
                                 "ORCID": "http://orcid.org/0000-0002-1825-0098"},
                                {"given": "Elyn", "family": "Saks", "sequence": "additional",
                                 "ORCID": "http://orcid.org/0000-0002-1825-0097"}],
                               ISSN=["0586-7615"], **{"issn-type": [{"value": "0586-7615", "type": "print"}]}),
    "book.bib": "@book{b, author = {Davidson, Larry}, title = {Living outside mental illness},\n"
                "  isbn = {978-0-306-40615-6}, year = {2003}\n}\n",
    "journal.ris": "TY  - JOUR\nAU  - Davidson, Larry\nTI  - Peer support among persons\nJO  - Psychiatry\n"
                   "SN  - 0033-2748\nPY  - 1999\nER  - \n",
}


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("identifiers")
    for name, text in BAD_IDENTIFIERS.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = tmp_path_factory.mktemp("identifiers-store") / "store"  # outside the folder it reads
    summary = build([folder], BuildSettings(store=store))
    assert summary.ok, [d.rejected for d in summary.rejected]
    return summary


def test_a_failing_check_digit_is_reported_never_linked(bad_build) -> None:
    warnings = "\n".join(bad_build.warnings)
    for bad in ("ORCID 0000-0002-1825-0098", "ISSN 0586-7615", "ISBN 978-0-306-40615-6", "ISSN 0033-2748"):
        assert f"identifier not linked: its check digit fails (value {bad}: check digit fails)" in warnings
    store = open_read_only(bad_build.store)

    def objects(predicate: URIRef) -> set[str]:
        rows = run_query(store, f"SELECT ?o {{ ?s <{predicate}> ?o }}")
        assert isinstance(rows, list)
        return {row["o"] for row in rows}

    linked = objects(OWL.sameAs)
    assert "https://orcid.org/0000-0002-1825-0097" in linked
    assert not any("1825-0098" in iri or "0586-7615" in iri or "0033-2748" in iri for iri in linked)
    assert objects(BIBO.isbn) == set()
    assert len(objects(PSK.failedCheck)) == 4


def test_the_real_issns_of_those_journals_link(tmp_path: Path) -> None:
    text = BAD_IDENTIFIERS["journal.ris"].replace("0033-2748", "0033-2747")
    graph = _graph("ris", text)
    assert (None, OWL.sameAs, URIRef("https://portal.issn.org/resource/ISSN/0033-2747")) in graph
    assert not list(graph.objects(None, PSK.failedCheck))
