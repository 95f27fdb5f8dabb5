"""The export mappers (RIS, BibTeX, MEDLINE, PubMed XML, Crossref, CSL-JSON) against real exports."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

from kg.errors import RecordError
from kg.mappers import fields
from kg.mappers.base import Mapper
from kg.mappers.bibtex import BibtexMapper
from kg.mappers.crossref import CrossrefMapper
from kg.mappers.csl_json import CslJsonMapper
from kg.mappers.medline import MedlineMapper
from kg.mappers.pubmed_xml import PubmedXmlMapper
from kg.mappers.ris import RisMapper
from kg.records import AbstractSection, Organization, Person, Work

FIXTURES = Path(__file__).parent / "fixtures" / "exports"
SEEDS = Path(__file__).parents[1] / "seeds"
MAPPERS: dict[str, Mapper] = {
    m.name: m
    for m in (
        RisMapper(),
        BibtexMapper(),
        MedlineMapper(),
        PubmedXmlMapper(),
        CrossrefMapper(),
        CslJsonMapper(),
    )
}


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@cache
def _parsed(name: str, mapper: str) -> tuple[Work | RecordError, ...]:
    return tuple(MAPPERS[mapper].parse(_text(name), f"exports/{name}"))


def _works(name: str, mapper: str) -> dict[int, Work]:
    return {r.line: r for r in _parsed(name, mapper) if isinstance(r, Work)}


def _errors(name: str, mapper: str) -> list[RecordError]:
    return [r for r in _parsed(name, mapper) if isinstance(r, RecordError)]


# ---- which mapper claims which file -------------------------------------------------------------------

SNIFF_CASES = [
    ("zotero.ris", "ris"),
    ("endnote.ris", "ris"),
    ("scopus.ris", "ris"),
    ("broken.ris", "ris"),
    ("library.bib", "bibtex"),
    ("broken.bib", "bibtex"),
    ("pubmed.nbib", "medline"),
    ("broken.nbib", "medline"),
    ("pubmed.xml", "pubmed-xml"),
    ("broken_pubmed.xml", "pubmed-xml"),
    ("crossref_work.json", "crossref"),
    ("crossref_works.json", "crossref"),
    ("broken_crossref.json", "crossref"),
    ("csl.json", "csl-json"),
    ("broken_csl.json", "csl-json"),
]


@pytest.mark.parametrize(("name", "owner"), SNIFF_CASES)
def test_exactly_one_mapper_claims_each_export(name: str, owner: str) -> None:
    text = _text(name)
    assert [m.name for m in MAPPERS.values() if m.sniff(text)] == [owner]


@pytest.mark.parametrize("seed", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_no_export_mapper_claims_a_seed(seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    assert [m.name for m in MAPPERS.values() if m.sniff(text)] == []


@pytest.mark.parametrize(
    "text",
    ["", "{}", "[]", '{"items": []}', "<html><body>PMID- 1</body></html>", "Email me @ home {soon},\n"],
)
def test_no_export_mapper_claims_other_text(text: str) -> None:
    assert [m.name for m in MAPPERS.values() if m.sniff(text)] == []


# ---- facts on records ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """What one record of a fixture must say; empty fields are not checked."""

    fixture: str
    mapper: str
    line: int
    title: str
    kind: str = "JournalArticle"
    doi: str = ""
    year: int | None = None
    date: str = ""
    journal: str = ""
    issns: tuple[str, ...] = ()
    volume: str = ""
    issue: str = ""
    pages: tuple[str, str] = ("", "")
    authors: tuple[str, ...] = ()
    organizations: tuple[str, ...] = ()  # authors that must be bodies, not persons
    affiliation: str = ""  # the first author's first affiliation starts with this
    abstract_starts: str = ""
    abstract_ends: str = ""
    sections: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    identifiers: tuple[tuple[str, str], ...] = ()
    container: str = ""
    publisher: str = ""
    no_journal: bool = False
    extra: dict[str, object] = field(default_factory=dict)  # any other Work attribute


def _expected(entry: dict[str, object]) -> Expected:
    """An Expected from a TOML table: lists become tuples, as the records hold them."""

    def frozen(value: object) -> object:
        return tuple(frozen(item) for item in value) if isinstance(value, list) else value

    extra = {key: frozen(value) for key, value in dict(entry.pop("extra", {})).items()}
    return Expected(**{key: frozen(value) for key, value in entry.items()}, extra=extra)


RECORDS = [_expected(entry) for entry in tomllib.loads(_text("expected.toml"))["record"]]


@pytest.mark.parametrize("case", RECORDS, ids=lambda c: f"{c.fixture}:{c.line}")
def test_export_record_facts(case: Expected) -> None:
    work = _works(case.fixture, case.mapper)[case.line]
    assert (work.title, work.kind) == (case.title, case.kind)
    assert work.doi == case.doi
    for attribute in ("year", "date", "volume", "issue", "container_title"):
        expected = getattr(case, "container" if attribute == "container_title" else attribute)
        if expected:
            assert getattr(work, attribute) == expected, attribute
    if case.no_journal:
        assert work.journal is None
    if case.journal:
        assert work.journal is not None and work.journal.title == case.journal
    if case.issns:
        assert work.journal is not None and work.journal.issns == case.issns
    if any(case.pages):
        assert (work.page_start, work.page_end) == case.pages
    if case.authors:
        assert tuple(a.name for a in work.authors) == case.authors
        assert all(isinstance(a, Person) and a.family and a.family in a.name for a in work.authors)
    if case.organizations:
        assert tuple(a.name for a in work.authors if isinstance(a, Organization)) == case.organizations
        assert not any(isinstance(a, Person) for a in work.authors)
    if case.affiliation:
        assert work.authors[0].affiliations[0].name.startswith(case.affiliation)
    if case.abstract_starts:
        assert work.abstract.startswith(case.abstract_starts) and work.has_content
    if case.abstract_ends:
        assert work.abstract.endswith(case.abstract_ends)
    assert tuple(s.heading for s in work.abstract_sections) == case.sections
    if case.keywords:
        assert work.keywords == case.keywords
    assert set(case.identifiers) <= set(work.identifiers)
    if case.publisher:
        assert work.publisher is not None and work.publisher.name == case.publisher
    for attribute, expected in case.extra.items():
        assert getattr(work, attribute) == expected, attribute


def test_person_names_keep_family_and_given_apart() -> None:
    davidson = _works("pubmed.nbib", "medline")[62].authors[0]
    assert (davidson.family, davidson.given, davidson.as_given) == ("Davidson", "Larry", "Davidson, Larry")
    van_hecke = _works("library.bib", "bibtex")[26].authors[4]
    assert (van_hecke.family, van_hecke.given) == ("Van Hecke", "A.")
    csl_van_hecke = _works("csl.json", "csl-json")[109].authors[4]
    assert (csl_van_hecke.family, csl_van_hecke.given) == ("Van Hecke", "A.")


def test_all_four_medline_authors_share_their_affiliation() -> None:
    authors = _works("pubmed.nbib", "medline")[62].authors
    assert [len(a.affiliations) for a in authors] == [1, 1, 1, 1]
    assert not any(a.affiliations for a in _works("pubmed.nbib", "medline")[1].authors)


# ---- Crossref references --------------------------------------------------------------------------------


def test_crossref_reference_list_becomes_references() -> None:
    work = _works("crossref_work.json", "crossref")[5]
    assert len(work.references) == 6
    assert [r.work.doi for r in work.references] == [
        "",
        "10.1007/s40596-016-0533-z",
        "10.1007/s10597-015-9970-5",
        "10.1108/17465721111188269",
        "10.5172/hesr.2006.15.5.481",
        "",
    ]
    assert work.references[0].text.startswith("Abbott, A. D. (1988). The system of professions")
    assert all(r.number is None for r in work.references)


def test_structured_crossref_reference_describes_the_cited_work() -> None:
    cited = _works("crossref_work.json", "crossref")[5].references[1]
    assert cited.line > 5
    assert cited.work.title.startswith("From surviving to advising")
    assert (cited.work.year, cited.work.volume, cited.work.issue, cited.work.page_start) == (
        2016,
        "40",
        "3",
        "475",
    )
    assert cited.work.journal is not None and cited.work.journal.title == "Academic Psychiatry"
    assert [a.name for a in cited.work.authors] == ["S Agrawal"]
    assert "Academic Psychiatry" in cited.text


# ---- broken records ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Broken:
    """A fixture with one broken record: where the error must point and which records still map."""

    fixture: str
    mapper: str
    error_line: int
    reason: str
    mapped_lines: tuple[int, ...]


BROKEN = [
    Broken("broken.ris", "ris", 16, "no 'ER  -' end line", (1, 24)),
    Broken("broken.bib", "bibtex", 12, "could not be parsed", (1, 20)),
    Broken("broken.nbib", "medline", 1, "no SO field", (20,)),
    Broken("broken_pubmed.xml", "pubmed-xml", 111, "breaks off", (4,)),
    Broken("broken_crossref.json", "crossref", 83, "breaks off", (9,)),
    Broken("broken_csl.json", "csl-json", 111, "breaks off", (2, 58, 78)),
]


@pytest.mark.parametrize("case", BROKEN, ids=lambda c: c.fixture)
def test_broken_record_names_file_and_line_and_others_still_map(case: Broken) -> None:
    errors = _errors(case.fixture, case.mapper)
    assert [(e.path, e.line) for e in errors] == [(f"exports/{case.fixture}", case.error_line)]
    assert case.reason in errors[0].reason
    assert f"exports/{case.fixture}:{case.error_line}:" in str(errors[0])
    assert tuple(_works(case.fixture, case.mapper)) == case.mapped_lines
    assert all(w.title for w in _works(case.fixture, case.mapper).values())


RIS_RECORD = "TY  - JOUR\nTI  - {title}\nPY  - 2012\nER  - \n"
IN_MEMORY_BROKEN = [
    # rispy alone would silently drop the unterminated last record
    ("ris", _text("zotero.ris").rsplit("ER  -", 1)[0], [28], [1]),
    # text before the first TY: rispy alone would return nothing for the whole file
    ("ris", "Provider: a database\n\n" + RIS_RECORD.format(title="First"), [1], [3]),
    (
        "medline",
        "PMID- 1\nTI  - A record with a stray line\nthis is not MEDLINE\nSO  - x\n\n" + _text("pubmed.nbib"),
        [3],
        [6, 67],
    ),
    (
        "crossref",
        '[{"DOI": "10.1037/h0095032", "reference-count": 0, "title": ["Peer support"]}, 7]',
        [1],
        [1],
    ),
]


@pytest.mark.parametrize(("mapper", "text", "error_lines", "work_lines"), IN_MEMORY_BROKEN)
def test_broken_text_in_memory(mapper: str, text: str, error_lines: list[int], work_lines: list[int]) -> None:
    results = list(MAPPERS[mapper].parse(text, "memory.txt"))
    assert [r.line for r in results if isinstance(r, RecordError)] == error_lines
    assert [r.line for r in results if isinstance(r, Work)] == work_lines
    assert all(r.path == "memory.txt" for r in results if isinstance(r, RecordError))


def test_mapping_is_deterministic() -> None:
    def mapped(name: str, owner: str) -> list[object]:
        return [r if isinstance(r, Work) else str(r) for r in MAPPERS[owner].parse(_text(name), name)]

    for name, owner in SNIFF_CASES:
        assert mapped(name, owner) == mapped(name, owner)


# ---- structure checks: inline records that describe no real work ------------------------------------------

EXAMPLE_ORCID = "0000-0002-1825-0097"  # ORCID's documented example iD
MEDLINE_STRUCTURE = f"""PMID- 1
TI  - Structure check.
CN  - Structure Check Study Group
FAU - Example, Given
AU  - Example G
AUID- ORCID: {EXAMPLE_ORCID}
AD  - Department of Examples, Example University, Example City,
      Example Country.
MH  - Peer Group
MH  - Mental Disorders/*therapy
MH  - *Peer Group
OT  - an author keyword
PT  - Journal Article
PT  - Randomized Controlled Trial
SO  - Example. 2000;1:1.
"""
PUBMED_XML_STRUCTURE = f"""<?xml version="1.0"?>
<PubmedArticleSet>
<PubmedArticle><MedlineCitation><PMID>1</PMID><Article>
<ArticleTitle>Structure <i>check</i>.</ArticleTitle>
<AuthorList>
<Author><CollectiveName>Structure Check Study Group</CollectiveName></Author>
<Author><LastName>Example</LastName><ForeName>Given</ForeName>
<Identifier Source="ORCID">https://orcid.org/{EXAMPLE_ORCID}</Identifier>
<AffiliationInfo><Affiliation>Department of Examples, Example University.</Affiliation></AffiliationInfo>
</Author>
</AuthorList></Article>
<MeshHeadingList><MeshHeading><DescriptorName>Peer Group</DescriptorName>
<QualifierName>psychology</QualifierName></MeshHeading></MeshHeadingList>
</MedlineCitation></PubmedArticle>
</PubmedArticleSet>
"""


@pytest.mark.parametrize(
    ("mapper", "text"), [("medline", MEDLINE_STRUCTURE), ("pubmed-xml", PUBMED_XML_STRUCTURE)]
)
def test_collective_authors_orcid_and_mesh(mapper: str, text: str) -> None:
    assert MAPPERS[mapper].sniff(text)
    (work,) = MAPPERS[mapper].parse(text, "memory.txt")
    group, person = work.authors
    assert isinstance(group, Organization) and group.name == "Structure Check Study Group"
    assert isinstance(person, Person) and (person.family, person.given) == ("Example", "Given")
    assert person.orcid == EXAMPLE_ORCID
    assert person.affiliations[0].name.startswith("Department of Examples, Example University")
    assert work.index_keywords[0] == "Peer Group" and "Peer Group" not in work.keywords
    assert work.title.startswith("Structure check")


def test_mesh_headings_lose_qualifiers_and_stars() -> None:
    (work,) = MAPPERS["medline"].parse(MEDLINE_STRUCTURE, "memory.txt")
    assert work.index_keywords == ("Peer Group", "Mental Disorders")
    assert work.keywords == ("an author keyword",)
    assert work.article_type == "Randomized Controlled Trial"


# ---- shared field conversion -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pages"),
    [
        ("123-130", ("123", "130")),
        ("123-8", ("123", "128")),
        ("1095-102", ("1095", "1102")),
        ("296–316", ("296", "316")),
        ("234--250", ("234", "250")),
        ("e12", ("e12", "")),
        ("39", ("39", "")),
        ("S12-S15", ("S12", "S15")),
        ("", ("", "")),
    ],
)
def test_split_pages(text: str, pages: tuple[str, str]) -> None:
    assert fields.split_pages(text) == pages


@pytest.mark.parametrize(
    ("text", "year", "date"),
    [
        ("2014 Feb 14", 2014, "2014-02-14"),
        ("2012/06//", 2012, ""),
        ("2014/02/14/", 2014, "2014-02-14"),
        ("2022-01-11", 2022, "2022-01-11"),
        ("2012 Jun-Jul", 2012, ""),
        ("2013 Feb 30", 2013, ""),
        ("n.d.", None, ""),
    ],
)
def test_year_and_date_from_text(text: str, year: int | None, date: str) -> None:
    assert (fields.year_from(text), fields.date_from_text(text)) == (year, date)


@pytest.mark.parametrize(
    ("values", "issns"),
    [
        (("1075-2730 (Print)",), ("1075-2730",)),
        (("2051-5545 (Electronic)", "1723-8617 (Print)", "1723-8617 (Linking)"), ("1723-8617", "2051-5545")),
        (("0894587X",), ("0894-587X",)),
        (("1723-8618",), ()),  # wrong check digit
        (("1723-8617, 2051-5545",), ("1723-8617", "2051-5545")),
    ],
)
def test_issns_from_labelled_values(values: tuple[str, ...], issns: tuple[str, ...]) -> None:
    assert fields.issns_from(*values) == issns


@pytest.mark.parametrize(
    ("name", "is_body"),
    [
        ("World Health Organization", True),
        ("Mental Health Commission of Canada", True),
        ("Larry Davidson", False),
        ("Davidson, Larry", False),
    ],
)
def test_agent_from_name_tells_bodies_from_persons(name: str, is_body: bool) -> None:
    assert isinstance(fields.agent_from_name(name), Organization) is is_body


def test_person_from_parts_keeps_a_bare_orcid() -> None:
    person = fields.person_from_parts("Example", "Given", orcid=f"https://orcid.org/{EXAMPLE_ORCID}")
    assert (person.name, person.orcid, person.as_given) == ("Given Example", EXAMPLE_ORCID, "Example, Given")


def test_labelled_abstract_splits_into_sections() -> None:
    sections = fields.sections_from_labelled("BACKGROUND: One. METHODS: Two, three. RESULTS: Four.")
    assert sections == (
        AbstractSection("Background", "One."),
        AbstractSection("Methods", "Two, three."),
        AbstractSection("Results", "Four."),
    )
    assert fields.sections_from_labelled("No labels here. NOTE: not at the start.") == ()
