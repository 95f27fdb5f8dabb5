"""Resolution settles a work's values only among the documents that pass validation.

A rejected document's graph is not loaded, and nothing of it reaches the store another way: not
its date, title or authors through the values resolution settles for a work it shares with an
accepted document, not its evidence for a merge that renames another document's nodes. Every
build here is the real `kg build` command in a process of its own, read back with SPARQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kg.store import open_read_only
from tests.conftest import ROOT, run_query

DOI = "10.1234/hope.1"
WORK = f"https://w3id.org/peer-support-kg/resource/work/doi/{DOI}"


def _ris(title: str, year: str, *authors: str, doi: str = "") -> str:
    names = "".join(f"AU  - {name}\n" for name in authors)
    identified = f"DO  - {doi}\n" if doi else ""
    return f"TY  - JOUR\n{names}TI  - {title}\nPY  - {year}\nJO  - Journal of Tests\n{identified}ER  - \n"


# Dated 1750: the shapes allow 1800-2100, so the document is rejected. Its title is the fuller one and
# its author list the longer one, either of which resolution would otherwise keep.
REJECTED = _ris("Hope in peer support: a longer title", "1750", "Doe, Jane", "Roe, Rick", doi=DOI)
ACCEPTED = _ris("Hope in peer support", "2019", "Doe, Jane", doi=DOI)


def _kg_build(corpus: Path, store: Path, *options: str) -> str:
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--store", str(store),
                           "--no-progress", *options], capture_output=True, text=True, cwd=corpus.parent,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode in (0, 1), done.stdout + done.stderr  # 1: some document was rejected
    return done.stdout + done.stderr


def _corpus(folder: Path, documents: dict[str, str]) -> Path:
    folder.mkdir(parents=True)
    for name, text in documents.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _values(store: Path, query: str) -> list[str]:
    rows = run_query(open_read_only(store), query)
    assert isinstance(rows, list)
    return sorted(value for row in rows for value in row.values())


def test_a_rejected_documents_date_title_and_authors_never_reach_the_work(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs", {"a_rejected.ris": REJECTED, "b_accepted.ris": ACCEPTED})
    store = tmp_path / "store"
    out = _kg_build(corpus, store)
    assert "rejected: docs/a_rejected.ris" in out
    issued = f"SELECT ?d WHERE {{ <{WORK}> dcterms:issued|psk:otherIssued ?d }}"
    assert _values(store, issued) == ["2019"], out
    titles = f"SELECT ?t WHERE {{ <{WORK}> dcterms:title|skos:altLabel ?t }}"
    assert _values(store, titles) == ["Hope in peer support"]
    authors = f"SELECT ?name WHERE {{ <{WORK}> bibo:authorList/rdf:rest*/rdf:first/foaf:familyName ?name }}"
    assert _values(store, authors) == ["Doe"]
    assert _values(store, "SELECT ?p WHERE { ?p foaf:familyName \"Roe\" }") == []
    assert "1750" not in out.split("rejected:")[0], "no date of the rejected document is reported as settled"


def test_a_rejected_document_merges_nothing(tmp_path: Path) -> None:
    """The rejected document names, with a DOI, the work an accepted document names without one (same
    title, year and first author): no merge, so the accepted document's work keeps its own name and
    gets no DOI, and its author is not merged with the rejected document's."""
    rejected = _ris("Recovery colleges in practice", "2019", "Doe, Jane", doi="10.1234/rc.2") + "\n" + \
        _ris("An old pamphlet", "1750", "Roe, Rick", doi="10.1234/old.3")
    corpus = _corpus(tmp_path / "docs", {"a.ris": _ris("Recovery colleges in practice", "2019", "Doe, Jane"),
                                         "r.ris": rejected})
    store = tmp_path / "store"
    out = _kg_build(corpus, store)
    assert "rejected: docs/r.ris" in out
    assert _values(store, "SELECT ?m WHERE { ?m a psk:Merge }") == [], out
    assert _values(store, "SELECT ?a WHERE { ?w psk:alias ?a }") == []
    works = _values(store, 'SELECT ?w WHERE { ?w dcterms:title "Recovery colleges in practice" }')
    assert len(works) == 1 and "/doi/" not in works[0]
    assert _values(store, "SELECT ?doi WHERE { ?w bibo:doi ?doi }") == []


# A Crossref record whose reference list cites the rejected document's work by its DOI.
CITING = ('{"status": "ok", "message-type": "work", "message": {"DOI": "10.9999/citing.1", "type": '
          '"journal-article", "title": ["Citing paper"], "author": [{"family": "Poe", "given": "Ann"}], '
          '"published": {"date-parts": [[2020]]}, "container-title": ["Journal of Tests"], "reference": '
          f'[{{"key": "r1", "DOI": "{DOI}", "article-title": "Hope in peer support", "year": "2019", '
          '"author": "J Doe"}]}}\n')


def test_a_work_only_a_rejected_document_describes_is_known_only_from_its_citation(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "docs", {"a_rejected.ris": REJECTED, "c.json": CITING})
    store = tmp_path / "store"
    out = _kg_build(corpus, store)
    assert "rejected: docs/a_rejected.ris" in out and "docs/c.json [crossref]: 1 records" in out, out
    assert _values(store, "SELECT ?w WHERE { ?c cito:cites ?w }") == [WORK]
    issued = f"SELECT ?d WHERE {{ <{WORK}> dcterms:issued|psk:otherIssued ?d }}"
    assert _values(store, issued) == ["2019"]
    titles = f"SELECT ?t WHERE {{ <{WORK}> dcterms:title|skos:altLabel ?t }}"
    assert _values(store, titles) == ["Hope in peer support"]
    # the reference names "J Doe"; the rejected document's "Jane" Doe and Rick Roe are nowhere
    assert _values(store, "SELECT ?f WHERE { ?p foaf:familyName ?f }") == ["Doe", "Poe"]
    assert _values(store, 'SELECT ?p WHERE { ?p foaf:givenName|foaf:name ?n FILTER(CONTAINS(?n, "Jane")) }') == []
    leaked = 'SELECT ?o WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), "longer title") || STR(?o) = "1750") }'
    assert _values(store, leaked) == []


# Two descriptions of one paper without a DOI, one dated by its year, one by its day: valid alone, but
# once a work with a DOI and the same title, year and first author joins both, that work has two
# author lists and two dates.
TWICE = ("@prefix fabio: <http://purl.org/spar/fabio/> . @prefix dcterms: <http://purl.org/dc/terms/> .\n"
         "@prefix bibo: <http://purl.org/ontology/bibo/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .\n"
         "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix ex: <https://example.org/> .\n"
         'ex:w1 a fabio:Expression ; dcterms:title "Recovery colleges in practice" ;\n'
         '  dcterms:issued "2019"^^xsd:gYear ; bibo:authorList (ex:p) ; dcterms:creator ex:p .\n'
         'ex:w2 a fabio:Expression ; dcterms:title "Recovery colleges in practice" ;\n'
         '  dcterms:issued "2019-05-01"^^xsd:date ; bibo:authorList (ex:p) ; dcterms:creator ex:p .\n'
         'ex:p a foaf:Person ; foaf:name "Jane Doe" ; foaf:familyName "Doe" .\n')


def test_a_document_rejected_on_its_own_gets_no_other_rejected(tmp_path: Path) -> None:
    anchor = _ris("Recovery colleges in practice", "2019", "Doe, Jane", doi="10.1234/rc.2")
    invalid = anchor + "\n" + _ris("An old pamphlet", "1750", "Roe, Rick", doi="10.1234/old.3")
    corpus = _corpus(tmp_path / "docs", {"x.ris": invalid, "y.ttl": TWICE})
    out = _kg_build(corpus, tmp_path / "store")
    assert "rejected: docs/x.ris" in out and "docs/y.ttl [rdf]: 2 records" in out, out
    assert _values(tmp_path / "store", "SELECT ?m WHERE { ?m a psk:Merge }") == []


# ---------------------------------------------------------------- times cited and page counts

COUNTED = ("@prefix fabio: <http://purl.org/spar/fabio/> . @prefix dcterms: <http://purl.org/dc/terms/> .\n"
           "@prefix bibo: <http://purl.org/ontology/bibo/> . @prefix ex: <https://example.org/> .\n"
           "@prefix psk: <https://w3id.org/peer-support-kg/ontology#> .\n")


def _kg_validate(store: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "kg.cli", "validate", "--store", str(store)], capture_output=True,
                          text=True, cwd=store.parent, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_differing_times_cited_and_page_counts_are_settled(tmp_path: Path) -> None:
    """Two captures of one work: the later counts more citations, and they give 10 and 12 pages. Another
    work has two page counts and one page range, 168-175: eight pages."""
    corpus = _corpus(tmp_path / "docs", {
        "early.ttl": COUNTED + 'ex:w a fabio:Expression ; dcterms:title "Hope" ; psk:citedByCount 46 ; '
                               'bibo:numPages 10 .\n'
                               'ex:v a fabio:Expression ; dcterms:title "Voice" ; bibo:numPages 10 ; '
                               'bibo:pageStart "168" ; bibo:pageEnd "175" .\n',
        "late.ttl": COUNTED + 'ex:w a fabio:Expression ; dcterms:title "Hope" ; psk:citedByCount 52 ; '
                              'bibo:numPages 12 .\n'
                              'ex:v a fabio:Expression ; dcterms:title "Voice" ; bibo:numPages 12 .\n'})
    store = tmp_path / "store"
    out = _kg_build(corpus, store)
    assert "(2 loaded, 0 rejected)" in out, out
    cited = "SELECT ?n WHERE { GRAPH ?g { <https://example.org/w> psk:citedByCount ?n } }"
    assert _values(store, cited) == ["52", "52"]  # each document's graph states the count kept
    assert _values(store, "SELECT ?n WHERE { <https://example.org/w> bibo:numPages ?n }") == ["12"]
    assert _values(store, "SELECT ?n WHERE { <https://example.org/v> bibo:numPages ?n }") == ["8"]
    checked = _kg_validate(store)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "citedByCount" not in checked.stdout and "numPages" not in checked.stdout
