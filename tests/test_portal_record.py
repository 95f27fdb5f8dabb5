"""The portal record seed (Chinese field labels) mapped to one work with its related papers."""

from __future__ import annotations

import pytest

from kg.errors import RecordError
from kg.mappers.portal_record import PortalRecordMapper
from kg.records import Classification, Organization, Work
from tests.conftest import record_strings, seed_text

MAPPER = PortalRecordMapper()




@pytest.fixture(scope="module")
def results() -> list[Work | RecordError]:
    text, path = seed_text("000")
    return list(MAPPER.parse(text, path))


@pytest.fixture(scope="module")
def work(results: list[Work | RecordError]) -> Work:
    (work,) = results
    assert isinstance(work, Work)
    return work


def _place(org: Organization) -> tuple[str, str, str, str]:
    return org.locality, org.region, org.postal_code, org.country




@pytest.mark.parametrize(("prefix", "expected"), [("000", True), ("001", False), ("002", False)])
def test_sniff_by_content(prefix: str, expected: bool) -> None:
    assert MAPPER.sniff(seed_text(prefix)[0]) is expected


def test_seed_maps_to_one_work_and_no_error(results: list[Work | RecordError]) -> None:
    assert [type(result) for result in results] == [Work]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("line", 1),
        ("title", "Unintended consequences of institutionalizing peer support work in mental healthcare"),
        ("cited_by_count", 46),
        ("num_pages", 8),
        ("doi", "10.1016/j.socscimed.2020.113249"),
        ("journal", None),
        ("year", None),
        ("references", ()),
    ],
)
def test_main_record_fields(work: Work, name: str, expected: object) -> None:
    assert getattr(work, name) == expected


def test_abstract_is_the_text_under_its_label(work: Work) -> None:
    assert work.abstract.startswith("The widespread shift towards recovery-oriented mental healthcare")
    assert work.abstract.endswith("and paradoxically impact stigma.")


def test_author_keywords_and_keywords_plus_are_never_mixed(work: Work) -> None:
    assert work.keywords == (
        "United States",
        "Peer support workers",
        "Institutionalization",
        "Experiential expertise",
        "Recovery",
        "Lived experience",
        "Unintended consequences",
        "Medicaid",
    )
    assert work.index_keywords == (
        "EXPERIENTIAL KNOWLEDGE",
        "PUBLIC STIGMA",
        "LAY EXPERTISE",
        "SERVICES",
        "PATIENT",
        "IMPLEMENTATION",
        "SPECIALISTS",
        "ILLNESSES",
        "CONSUMERS",
        "MOVEMENT",
    )


def test_classifications(work: Work) -> None:
    assert work.classifications == (
        Classification("CLC", "R1", "预防医学、卫生学", "zh"),
        Classification("discipline", "1004"),
        Classification("discipline", "120402"),
    )


def test_author_with_both_affiliations(work: Work) -> None:
    (author,) = work.authors
    assert (author.family, author.given, author.as_given) == ("Adams", "Wallis E.", "Adams, Wallis E.")
    facts = [(org.name, org.parent.name, org.parent.as_given, *_place(org)) for org in author.affiliations]
    assert facts == [
        (
            "Institute for Health Equity & Social Justice Research",
            "Northeastern University",
            "Northeastern Univ",
            "Boston",
            "MA",
            "02115",
            "USA",
        ),
        (
            "Center for Psychiatric Rehabilitation",
            "Boston University",
            "Boston Univ",
            "Boston",
            "MA",
            "02215",
            "USA",
        ),
    ]
    assert author.affiliations[0].as_given == (
        "Northeastern Univ, Inst Hlth Equ & Social Justice Res, Boston, MA 02115 USA"
    )


# number, line, title start, journal, year, volume, issue, first page, last page, authors, first author
RELATED = [
    (1, 25, "The impact of peer support work", "INTERNATIONAL JOURNAL OF MENTAL HEALTH SYSTEMS",
     2022, "16", "1", "", "", 7, ("Poremski", "Daniel")),
    (3, 34, "Opportunities and challenges", "ADVANCES IN MENTAL HEALTH",
     2022, "20", "1", "15", "25", 3, ("de Wet", "Anneliese")),
    (4, 39, "Youth Mental Health Peer Support Work", "ADOLESCENTS",
     2021, "1", "4", "400", "411", 6, ("Tisdale", "Calvert")),
    (5, 47, "Strategies Used to Support Peer Provision",
     "ADMINISTRATION AND POLICY IN MENTAL HEALTH AND MENTAL HEALTH SERVICES RESEARCH",
     2021, "48", "6", "1034", "1045", 2, ("Zeng", "Grace")),
    (6, 51, "Attitudes of Peer Support Workers", "COMMUNITY MENTAL HEALTH JOURNAL",
     2025, "", "", "", "", 2, ("Ruiz-Perez", "Guillermo")),
    (7, 55, "The emotional labour of peer work", "HEALTH SOCIOLOGY REVIEW",
     2024, "", "", "", "", 8, ("Seal", "Emma-Louise")),
    (8, 65, "From Social Network to Peer Support Network", "JMIR MENTAL HEALTH",
     2023, "10", "", "", "", 2, ("Rayland", "Amy")),
    (9, 69, "A systematic review of influences", "SOCIAL PSYCHIATRY AND PSYCHIATRIC EPIDEMIOLOGY",
     2020, "55", "3", "285", "293", 13, ("Ibrahim", "Nashwa")),
    (10, 84, "Typology of modifications to peer support work", "BRITISH JOURNAL OF PSYCHIATRY",
     2020, "216", "6", "301", "307", 13, ("Charles", "Ashleigh")),
]  # fmt: skip


def test_related_papers_are_the_nine_listed(work: Work) -> None:
    assert [related.line for related in work.related] == [row[1] for row in RELATED]


@pytest.mark.parametrize(
    ("number", "line", "title", "journal", "year", "volume", "issue", "start", "end", "count", "first"),
    RELATED,
)
def test_related_paper(
    work: Work,
    number: int,
    line: int,
    title: str,
    journal: str,
    year: int,
    volume: str,
    issue: str,
    start: str,
    end: str,
    count: int,
    first: tuple[str, str],
) -> None:
    (related,) = [related for related in work.related if related.line == line]
    assert related.title.startswith(title)
    assert related.journal is not None and related.journal.title == journal
    assert (related.year, related.volume, related.issue) == (year, volume, issue)
    assert (related.page_start, related.page_end) == (start, end)
    assert len(related.authors) == count
    assert (related.authors[0].family, related.authors[0].given) == first
    assert not related.abstract and not related.references and not related.related


def test_related_authors_keep_their_order(work: Work) -> None:
    seventh = work.related[5]
    assert [(author.family, author.given) for author in seventh.authors] == [
        ("Seal", "Emma-Louise"),
        ("Flore", "Jacinthe"),
        ("Kokanovic", "Renata"),
        ("Borovica", "Tamara"),
        ("Duff", "Cameron"),
        ("Thomas", "Stuart D. M."),
        ("Rao", "Sathya"),
        ("Chanen", "Andrew"),
    ]


@pytest.mark.parametrize("chrome", ["引用", "收藏", "|", "共 50 条", "摘要", "作者", "机构", "相关论文", "•"])
def test_no_label_or_chrome_in_any_literal(work: Work, chrome: str) -> None:
    assert not [text for text in record_strings(work) if chrome in text]


# A small record in the seed's shape: the pieces the bad-record cases vary.
YALE = "[1] Yale Univ, Dept Psychiat, New Haven, CT 06511 USA\n"
HEAD = "A title\n\n被引:3\n|\n作者\nSmith, Ann [1 ]\nJones, Bo\n机构\n" + YALE
ABSTRACT = "摘要\nAn abstract.\n引用\n收藏\n"
ENTRY_1 = "  • [1] First related\n    Lee, Kim\n    JOURNAL ONE, 2020, 3 (02) : 5 - 9\n"
ENTRY_3 = "  • [3] Third related\n    Park, Min\n    JOURNAL THREE, 2019,\n"
RELATED_HEAD = "相关论文\n共 10 条\n"

# text, (line, reason fragment) of each error, related titles still mapped (None: no work)
BAD_RECORDS = [
    pytest.param(
        HEAD + ABSTRACT + RELATED_HEAD + ENTRY_1 + "  • [2] Cut related\n    Roe, Ada\n" + ENTRY_3,
        [(19, "no venue line")],
        ["First related", "Third related"],
        id="related-entry-without-venue",
    ),
    pytest.param(
        HEAD + ABSTRACT + RELATED_HEAD + ENTRY_1 + ENTRY_3 + "  • [4] Cut at the end\n",
        [(22, "no venue line")],
        ["First related", "Third related"],
        id="related-entry-cut-after-title",
    ),
    pytest.param(
        HEAD + ABSTRACT + RELATED_HEAD + "  • [2] Bad venue\n    Roe, Ada\n    ADOLESCENTS, 20\n" + ENTRY_3,
        [(16, "no venue line")],
        ["Third related"],
        id="related-venue-does-not-parse",
    ),
    pytest.param(
        HEAD.replace("New Haven, CT 06511 USA", "") + ABSTRACT + RELATED_HEAD + ENTRY_1,
        [(9, "institution not mapped")],
        ["First related"],
        id="institution-without-place",
    ),
    pytest.param(
        HEAD.replace("[1 ]", "[1 ,2 ]") + ABSTRACT + RELATED_HEAD + ENTRY_1,
        [(6, "institution [2]")],
        ["First related"],
        id="author-cites-missing-institution",
    ),
    pytest.param(
        HEAD + RELATED_HEAD + ENTRY_1,
        [(1, "no abstract")],
        None,
        id="no-abstract",
    ),
    pytest.param(
        HEAD.replace("A title\n\n", "") + ABSTRACT,
        [(3, "no title")],
        None,
        id="no-title",
    ),
]


@pytest.mark.parametrize(("text", "errors", "related"), BAD_RECORDS)
def test_bad_part_is_an_error_with_its_line(
    text: str, errors: list[tuple[int, str]], related: list[str] | None
) -> None:
    results = list(MAPPER.parse(text, "in/record.txt"))
    found = [result for result in results if isinstance(result, RecordError)]
    assert [(error.path, error.line) for error in found] == [("in/record.txt", line) for line, _ in errors]
    for error, (_, reason) in zip(found, errors, strict=True):
        assert reason in error.reason
    works = [result for result in results if isinstance(result, Work)]
    if related is None:
        assert works == []
        return
    (work,) = works
    assert work.title == "A title" and work.abstract == "An abstract."
    assert [paper.title for paper in work.related] == related


@pytest.mark.parametrize(
    ("institutions", "expected"),
    [
        (YALE, [["Department of Psychiatry"], ["Department of Psychiatry"]]),
        (YALE + "[2] Tel Aviv Univ, Tel Aviv, Israel\n", [["Department of Psychiatry"], []]),
    ],
    ids=["one-institution-goes-to-unmarked-authors", "several-institutions-unmarked-gets-none"],
)
def test_unmarked_author_affiliations(institutions: str, expected: list[list[str]]) -> None:
    text = "A title\n作者\nSmith, Ann [1 ]\nJones, Bo\n机构\n" + institutions + ABSTRACT
    (work,) = MAPPER.parse(text, "in/record.txt")
    assert [[org.name for org in author.affiliations] for author in work.authors] == expected
