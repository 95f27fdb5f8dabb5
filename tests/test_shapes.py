"""The SHACL shapes: structural errors are violations, gaps real sources have are warnings."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from rdflib import Graph

from kg import validate as validate_module
from kg.build import BuildSettings, build
from kg.validate import validate_graph
from tests.conftest import SEEDS

PREFIXES = """
@prefix psk: <https://w3id.org/peer-support-kg/ontology#> .
@prefix fabio: <http://purl.org/spar/fabio/> .
@prefix cito: <http://purl.org/spar/cito/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
"""
GOOD_WORK = 'ex:w a fabio:Expression, fabio:JournalArticle ; dcterms:title "A title" ; dcterms:issued "2017"^^xsd:gYear .'

# A study statement as the extractor writes it, with its evidence; {status} and {more} vary by case.
STATEMENT = """ex:s a psk:StudyStatement ; rdf:subject ex:w ; rdf:predicate psk:setting ; rdf:object ex:place ;
  psk:status {status} ; prov:wasGeneratedBy ex:run ; prov:wasDerivedFrom ex:doc ; prov:wasAttributedTo ex:tool ;
  oa:hasTarget [ a oa:SpecificResource ; oa:hasSource ex:doc ;
    oa:hasSelector [ a oa:TextQuoteSelector ; oa:exact "Canada" ] ,
                   [ a oa:TextPositionSelector ; oa:start 10 ; oa:end 16 ] ] {more} .
ex:tool a prov:SoftwareAgent ."""

# (name, turtle added to a good work, severity expected, words of the message)
CASES = [
    ("good work", "", None, ""),
    ("DOI with a resolver prefix", 'ex:w bibo:doi "https://doi.org/10.1000/x" .', "Violation", "DOI must be"),
    ("DOI in upper case", 'ex:w bibo:doi "10.1000/ABC" .', "Violation", "DOI must be"),
    ("good DOI", 'ex:w bibo:doi "10.1016/j.wpsyc.2012.05.009" .', None, ""),
    ("year before 1800", 'ex:old a fabio:Expression ; dcterms:title "Old" ; dcterms:issued "1750"^^xsd:gYear .',
     "Violation", "between 1800 and 2100"),
    ("year after 2100", 'ex:new a fabio:Expression ; dcterms:title "New" ; dcterms:issued "2150"^^xsd:gYear .',
     "Violation", "between 1800 and 2100"),
    ("cites something not a work", 'ex:w cito:cites ex:person . ex:person a foaf:Person ; foaf:name "P" .',
     "Violation", "cito:cites must point to a bibliographic work"),
    ("author without a name", "ex:w dcterms:creator ex:nameless . ex:nameless a foaf:Person .",
     "Violation", "an author without a name"),
    ("author that is neither person nor organisation", "ex:w dcterms:creator ex:thing .",
     "Violation", "must be a foaf:Person or a foaf:Organization"),
    ("listing record without a title", "ex:untitled a fabio:Expression .", "Warning", "has no title"),
    ("study without abstract", "ex:w a psk:Study .", "Violation", "needs its abstract"),
    ("ISSN badly written", 'ex:w dcterms:isPartOf ex:j . ex:j a fabio:Journal ; dcterms:title "J" ; bibo:issn "12345678" .',
     "Violation", "ISSN must be written"),
    ("machine-extracted statement", STATEMENT.format(status="psk:MachineExtracted", more="; psk:confidence 0.67"),
     None, ""),
    ("machine-extracted statement without confidence", STATEMENT.format(status="psk:MachineExtracted", more=""),
     "Violation", "carries psk:confidence"),
    ("confidence above 1", STATEMENT.format(status="psk:MachineExtracted", more="; psk:confidence 1.5"),
     "Violation", "from 0 to 1"),
    ("no such status", STATEMENT.format(status="psk:Guessed", more="; psk:confidence 0.67"),
     "Violation", "exactly one psk:status"),
    ("verified without its decision", STATEMENT.format(status="psk:Verified", more=""),
     "Violation", "a verified fact names its decision"),
]


@pytest.mark.parametrize(("name", "extra", "severity", "message"), CASES, ids=[c[0] for c in CASES])
def test_shape(name: str, extra: str, severity: str | None, message: str) -> None:
    graph = Graph().parse(data=PREFIXES + GOOD_WORK + "\n" + extra, format="turtle")
    report = validate_graph(graph)
    if severity is None:
        assert report.issues == ()
    else:
        assert [i.severity for i in report.issues] == [severity], [str(i) for i in report.issues]
        assert message in report.issues[0].message


RIS_1750 = (
    "TY  - JOUR\nAU  - Smith, John\nTI  - A record with an impossible year\nPY  - 1750\n"
    "JO  - Journal of Tests\nER  - \n"  # RIS ends a record with "ER  - " (trailing space included)
)


def test_violation_rejects_only_its_document(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    (folder / "old.ris").write_text(RIS_1750, encoding="utf-8")
    summary = build([folder], BuildSettings(store=tmp_path / "store"))
    rejected = {d.path.rsplit("/", 1)[-1]: d.rejected for d in summary.rejected}
    assert list(rejected) == ["old.ris"]
    assert "old.ris:1: SHACL Violation" in rejected["old.ris"] and "between 1800 and 2100" in rejected["old.ris"]
    assert len(summary.documents) - len(summary.rejected) == 3


def test_batches_give_the_same_verdicts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Validating each document in a batch of its own finds exactly what one batch finds."""
    folder = tmp_path / "docs"
    shutil.copytree(SEEDS, folder)
    (folder / "old.ris").write_text(RIS_1750, encoding="utf-8")
    whole = build([folder], BuildSettings(store=tmp_path / "a"))
    monkeypatch.setattr(validate_module, "VALIDATION_BATCH_TRIPLES", 1)
    single = build([folder], BuildSettings(store=tmp_path / "b"))
    assert [(d.path, d.rejected, sorted(d.warnings)) for d in whole.documents] == \
        [(d.path, d.rejected, sorted(d.warnings)) for d in single.documents]
