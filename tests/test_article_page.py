"""The publisher article page seed, mapped to one work with its citations, authors and affiliations."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.affiliations import organization_from_glued
from kg.errors import RecordError
from kg.mappers.article_page import ArticlePageMapper
from kg.records import Organization, Person, Work
from tests.conftest import record_strings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEED = next(SEEDS.glob("002_*.txt"))
PATH = f"seeds/{SEED.name}"
MAPPER = ArticlePageMapper()

SEED_DOIS = (
    "10.1037/h0095655",
    "10.1007/s10597-015-9970-5",
    "10.1007/s10597-014-9693-z",
    "10.1007/s10488-016-0737-2",
    "10.1002/14651858.cd006903.pub2",
    "10.1177/1039856217700297",
    "10.1080/0312407x.2015.1126752",
    "10.1016/j.wpsyc.2012.05.009",
    "10.1007/s40737-015-0026-5",
    "10.1007/s10488-006-0109-4",
    "10.1007/s10488-014-0603-z",
    "10.1007/s10597-015-9841-0",
    "10.1192/bjp.bp.110.083733",
    "10.1186/1471-244x-14-39",
    "10.1007/s10597-017-0145-4",
    "10.1037/h0095032",
    "10.1002/14651858.cd004807.pub2",
    "10.3109/09638237.2011.583947",
    "10.5172/hesr.2011.20.2.187",
    "10.1007/s10488-017-0839-5",
    "10.1002/wps.20084",
    "10.1176/appi.ps.201700058",
    "10.1016/j.ijnurstu.2016.04.018",
    "10.1080/09638237.2017.1417559",
    "10.1017/s1041610206214029",
)


def _map(text: str) -> tuple[list[Work], list[RecordError]]:
    records = list(MAPPER.parse(text, PATH))
    return [r for r in records if isinstance(r, Work)], [r for r in records if isinstance(r, RecordError)]


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def article(seed_text: str) -> Work:
    works, errors = _map(seed_text)
    assert errors == []
    assert len(works) == 1
    return works[0]




def test_title_kind_and_line(article: Work) -> None:
    assert article.title == "Developing a Strategy to Embed Peer Support into Mental Health Systems"
    assert (article.kind, article.line) == ("JournalArticle", 3)


def test_author_without_glued_labels(article: Work) -> None:
    (author,) = article.authors
    assert isinstance(author, Person)
    assert (author.family, author.given, author.name) == ("Kent", "Maria", "Maria Kent")


@pytest.mark.parametrize("label", ["Email author", "CrossRef", "PubMed", "Google Scholar", "\u00a0"])
def test_no_page_label_in_any_string(article: Work, label: str) -> None:
    strings = list(record_strings(article))
    assert len(strings) > 500
    assert not [string for string in strings if label in string]


def test_article_type_downloads_and_copyright(article: Work) -> None:
    assert article.article_type == "Point of View"
    assert article.download_count == 50
    assert article.copyright_year == 2018
    assert article.copyright_holder == "Springer Science+Business Media, LLC, part of Springer Nature"


def test_abstract_keywords_and_notes(article: Work) -> None:
    assert article.abstract.startswith("Globally, health care systems stakeholders")
    assert article.abstract.endswith("into current health care systems.")
    assert article.keywords == ("Peer", "Peer support", "Mental health", "Recovery", "Implementation")
    assert article.notes == (
        "Conflict of interest: No conflicts of interest have been identified.",
        "Research Involving Human and Animal Participants: This article does not contain any studies "
        "with human participants or animals performed by the author.",
    )


def test_single_author_holds_all_three_affiliations(article: Work) -> None:
    (author,) = article.authors
    assert isinstance(author, Person)
    places = [(org.name, org.locality, org.country) for org in author.affiliations]
    assert places == [
        ("Prairie Mountain Health", "Brandon", "Canada"),
        ("Brandon University", "Brandon", "Canada"),
        ("Swan River", "", "Canada"),
    ]


def test_thirty_one_numbered_references_in_order(article: Work) -> None:
    assert [reference.number for reference in article.references] == list(range(1, 32))
    assert [reference.line for reference in article.references] == list(range(31, 62))


def test_every_cited_work_has_authors_year_title_and_container(article: Work) -> None:
    for reference in article.references:
        work = reference.work
        container = work.journal or work.publisher or work.url
        assert work.authors and work.year and work.title and container, reference.text


def test_cited_dois_are_clean_and_complete(article: Work) -> None:
    assert tuple(ref.work.doi for ref in article.references if ref.work.doi) == SEED_DOIS


def test_who_reference_has_an_organization_author(article: Work) -> None:
    who = article.references[30].work
    assert [(type(a), a.name) for a in who.authors] == [(Organization, "World Health Organization")]
    assert not any(isinstance(a, Organization) for ref in article.references[:30] for a in ref.work.authors)


def test_reference_text_is_kept_without_labels(article: Work) -> None:
    assert article.references[9].text == (
        "Dixon, L., Hackman, A., & Lehman, A. (1997). Consumers as staff in assertive community "
        "treatment programs. Administration and Policy in Mental Health, 25(2), 199–208."
    )


@pytest.mark.parametrize(("prefix", "expected"), [("000_", False), ("001_", False), ("002_", True)])
def test_sniff_by_content(prefix: str, expected: bool) -> None:
    text = next(SEEDS.glob(f"{prefix}*.txt")).read_text(encoding="utf-8")
    assert MAPPER.sniff(text) is expected


def test_cut_reference_is_an_error_and_the_rest_still_map(seed_text: str) -> None:
    lines = seed_text.splitlines()
    assert lines[34].startswith("  5. Dale, J.")
    lines[34] = "  5. Dale, J., Caramlau, I. O., Lindenmeyer, A., & Williams, S. M. (2008). Peer support tele"
    works, errors = _map("\n".join(lines))
    assert [(error.path, error.line) for error in errors] == [(PATH, 35)]
    (work,) = works
    assert len(work.references) == 30
    assert 5 not in [reference.number for reference in work.references]
    assert work.title.startswith("Developing a Strategy")


def test_page_without_title_is_an_error() -> None:
    works, errors = _map("Advertisement\n\nAbstract\n\nText.\n\nReferences\n\n  1. Broken\n")
    assert works == []
    assert [(error.path, error.line) for error in errors] == [(PATH, 1), (PATH, 9)]


OTHER_PAGE = """Skip to main content
Advertisement

Peer Navigators in Primary Care: A Pilot Study

  • Alice Smith1,2Email author
  • Bob McDonald2http://orcid.org/0000-0002-1825-0097View author's OrcID profile
ORIGINAL PAPER
  • 1,234 Downloads
  • 3 Citations

Abstract

Background

Peer navigators help people find care.

Methods

We interviewed 12 navigators.

Keywords

Peer navigation; Primary care

References

  1. Lee, A. (2019). Peer roles. Psychiatric Services, 70(2),
1–2.CrossRefGoogle Scholar

Download references

Copyright information

© The Author(s) 2019

Authors and Affiliations

  1. 1.Department of PsychiatryMcMaster UniversityHamiltonCanada
  2. 2.School of Social WorkUniversity of MichiganAnn ArborUSA
"""


def test_other_springer_page_links_authors_by_superscript() -> None:
    assert MAPPER.sniff(OTHER_PAGE)
    (work,), errors = _map(OTHER_PAGE)
    assert errors == []
    alice, bob = work.authors
    assert isinstance(alice, Person) and isinstance(bob, Person)
    assert (bob.family, bob.given, bob.orcid) == ("McDonald", "Bob", "0000-0002-1825-0097")
    assert [org.name for org in alice.affiliations] == ["Department of Psychiatry", "School of Social Work"]
    assert [org.name for org in bob.affiliations] == ["School of Social Work"]
    parent = alice.affiliations[0].parent
    assert parent is not None and (parent.name, parent.locality) == ("McMaster University", "Hamilton")
    assert (bob.affiliations[0].locality, bob.affiliations[0].country) == ("Ann Arbor", "USA")


def test_other_springer_page_metrics_sections_and_copyright() -> None:
    (work,), _errors = _map(OTHER_PAGE)
    assert work.title == "Peer Navigators in Primary Care: A Pilot Study"
    assert work.article_type == "Original Paper"
    assert (work.download_count, work.cited_by_count) == (1234, 3)
    assert [(s.heading, s.text) for s in work.abstract_sections] == [
        ("Background", "Peer navigators help people find care."),
        ("Methods", "We interviewed 12 navigators."),
    ]
    assert work.keywords == ("Peer navigation", "Primary care")
    assert (work.copyright_year, work.copyright_holder) == (2019, "The Author(s)")
    (reference,) = work.references
    assert reference.text == "Lee, A. (2019). Peer roles. Psychiatric Services, 70(2), 1–2."
    assert (reference.work.page_start, reference.work.page_end) == ("1", "2")


GLUED_AFFILIATIONS = [
    # (as the page glues it, (name, parent name, locality, country))
    ("Prairie Mountain HealthBrandonCanada", ("Prairie Mountain Health", "", "Brandon", "Canada")),
    ("Swan RiverCanada", ("Swan River", "", "", "Canada")),
    ("McMaster UniversityHamiltonCanada", ("McMaster University", "", "Hamilton", "Canada")),
    ("MacDonald CentreMcAllenUSA", ("MacDonald Centre", "", "McAllen", "USA")),
    ("Centre for eHealthDePaul UniversityChicagoUSA",
     ("Centre for eHealth", "DePaul University", "Chicago", "USA")),
    ("Medical Research InstituteGorokaPapua New Guinea",
     ("Medical Research Institute", "", "Goroka", "Papua New Guinea")),
    ("School of Nursing, University of Leeds, Leeds, UK",
     ("School of Nursing", "University of Leeds", "Leeds", "UK")),
]


@pytest.mark.parametrize(("glued", "expected"), GLUED_AFFILIATIONS)
def test_glued_affiliation_is_split_into_organization_city_and_country(
    glued: str, expected: tuple[str, str, str, str]
) -> None:
    org = organization_from_glued(glued)
    parent = org.parent.name if org.parent is not None else ""
    assert (org.name, parent, org.locality, org.country) == expected
    assert org.as_given == glued
