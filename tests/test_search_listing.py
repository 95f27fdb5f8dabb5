"""The journal search listing seed mapped to one work per record."""

from __future__ import annotations

import pytest

from kg.errors import RecordError
from kg.mappers.search_listing import PAGE_CHROME, SearchListingMapper, abstract_sections
from kg.records import AbstractSection, Work
from tests.conftest import record_strings, seed_text

MAPPER = SearchListingMapper()




@pytest.fixture(scope="module")
def results() -> list[Work | RecordError]:
    text, path = seed_text("001")
    return list(MAPPER.parse(text, path))


@pytest.fixture(scope="module")
def works(results: list[Work | RecordError]) -> list[Work]:
    return [result for result in results if isinstance(result, Work)]




@pytest.mark.parametrize(("prefix", "expected"), [("000", False), ("001", True), ("002", False)])
def test_sniff_by_content(prefix: str, expected: bool) -> None:
    assert MAPPER.sniff(seed_text(prefix)[0]) is expected


def test_seed_maps_to_seven_works_and_no_error(results: list[Work | RecordError]) -> None:
    assert [type(result) for result in results] == [Work] * 7


# index, line, year, volume, issue, first page, last page, article number, truncated, authors (family, given)
RECORDS = [
    (0, 3, 2017, "21", "3", "168", "175", "", False, [("Rogers", "E. Sally")]),
    (1, 11, 2017, "21", "3", "161", "167", "", False,
     [("Bellamy", "Chyrell"), ("Schmutte", "Timothy"), ("Davidson", "Larry")]),
    (2, 22, 2019, "18", "3", "180", "187", "", False,
     [("Barrenger", "Stacey L."), ("Stanhope", "Victoria"), ("Miller", "Emma")]),
    (3, 33, 2020, "13", "4", "151", "167", "", True,
     [("Milani", "Raffaella Margherita"), ("Nahar", "Keisha"), ("Ware", "Daniel"), ("Butler", "Alan"),
      ("Roush", "Sean")]),
    (4, 47, 2019, "19", "1", "", "", "", True,
     [("Tse", "Samson"), ("Yuen", "Winnie W. Y."), ("Murray", "Greg"), ("Davidson", "Larry"),
      ("Lai", "Queenie")]),
    (5, 60, 2021, "20", "", "", "", "160940692199568", False,
     [("Halsall", "Tanya"), ("Daley", "Mardi"), ("Hawke", "Lisa"), ("Henderson", "Joanna")]),
    (6, 72, 2020, "", "", "", "", "", False, [("Goutam", "Neeti")]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("index", "line", "year", "volume", "issue", "start", "end", "number", "truncated", "authors"), RECORDS
)
def test_record_header(
    works: list[Work],
    index: int,
    line: int,
    year: int,
    volume: str,
    issue: str,
    start: str,
    end: str,
    number: str,
    truncated: bool,
    authors: list[tuple[str, str]],
) -> None:
    work = works[index]
    assert (work.line, work.year, work.volume, work.issue) == (line, year, volume, issue)
    assert (work.page_start, work.page_end, work.article_number) == (start, end, number)
    assert work.authors_truncated is truncated
    assert [(author.family, author.given) for author in work.authors] == authors
    assert work.journal is None


def test_only_the_first_record_has_the_title(works: list[Work]) -> None:
    assert [work.title for work in works] == [
        "Peer support services: state of the workforce-state of the field in the USA"
    ] + [""] * 6


EMERALD = ["Purpose", "Design/methodology/approach", "Findings", "Originality/value"]
LIMITS = ["Research limitations/implications"]


# index, abstract start, abstract end, section headings
ABSTRACTS = [
    (0, "Purpose Peer support and other", "in their roles within the mental health system.",
     EMERALD[:3] + LIMITS + ["Practical implications", "Originality/value"]),
    (1, "Purpose As peer support services", "review of the evidence for peer services.",
     EMERALD[:3] + LIMITS + EMERALD[3:]),
    (2, "Purpose The purpose of this paper", "in evaluation of recovery-oriented services.", EMERALD),
    (3, "Purpose Dual Diagnosis Anonymous", "single purpose peer-support fellowships.", EMERALD),
    (4, "Background Knowledge construction", "between clients and health practitioners.",
     ["Background", "Methods", "Results", "Conclusions"]),
    (5, "The Canadian youth services system", "implications for the findings and related research.", []),
    (6, "According to the estimates", "in accepting and treating mental illness.", []),
]  # fmt: skip


@pytest.mark.parametrize(("index", "start", "end", "headings"), ABSTRACTS)
def test_abstract_and_its_sections(
    works: list[Work], index: int, start: str, end: str, headings: list[str]
) -> None:
    work = works[index]
    assert work.abstract.startswith(start)
    assert work.abstract.endswith(end)
    assert [section.heading for section in work.abstract_sections] == headings
    if headings:
        rebuilt = " ".join(f"{section.heading} {section.text}" for section in work.abstract_sections)
        assert rebuilt == work.abstract


def test_section_text_excludes_its_heading(works: list[Work]) -> None:
    assert works[4].abstract_sections[1] == AbstractSection(
        "Methods",
        "A total of 32 clients of mental health services were recruited from hospitals, Integrated "
        "Community Centers for Mental Wellness, and non-governmental organizations. They participated "
        "in semi-structured individual interviews. All interviews were recorded, transcribed verbatim, "
        "and analyzed using thematic analysis with the aid of NVivo. The findings were verified by peer "
        "researchers.",
    )


@pytest.mark.parametrize("chrome", [*sorted(PAGE_CHROME), "◽", "Author(s)", "Abstract "])
def test_no_chrome_in_any_literal(works: list[Work], chrome: str) -> None:
    assert not [text for work in works for text in record_strings(work) if chrome in text]


@pytest.mark.parametrize(
    ("text", "headings"),
    [
        ("Background Some text. Results More text.", ["Background", "Results"]),
        ("Objectives: To test. Methods: We did.", ["Objectives", "Methods"]),
        ("Background Some text. The results were good.", ["Background"]),  # lower-case: no heading
        ("Background Some text. Results were good. Conclusions Done.", ["Background", "Conclusions"]),
        ("Background Some Results Three themes.", ["Background"]),  # not after a sentence end
        ("The results. Methods We did.", []),  # does not open with a heading
    ],
)
def test_abstract_sections_split_only_at_headings(text: str, headings: list[str]) -> None:
    assert [section.heading for section in abstract_sections(text)] == headings


def test_one_line_header() -> None:
    text = (
        "A title\n\n2018 ◽ Vol 7 (2) ◽ pp. 1-9 ◽ Author(s): Ann Smith ◽ Bo Jones ◽ ...\n\n"
        "Abstract Purpose Text. Findings More.\n"
    )
    (work,) = MAPPER.parse(text, "in/listing.txt")
    assert (work.title, work.year, work.volume, work.issue, work.page_start, work.page_end) == (
        "A title",
        2018,
        "7",
        "2",
        "1",
        "9",
    )
    assert [(author.family, author.given) for author in work.authors] == [("Smith", "Ann"), ("Jones", "Bo")]
    assert work.authors_truncated
    assert work.abstract == "Purpose Text. Findings More."
    assert [section.heading for section in work.abstract_sections] == ["Purpose", "Findings"]


GOOD_2017 = "2017 ◽ \nVol 21 (3) ◽ \nAuthor(s): \nAnn Smith\n\nFirst abstract.\n\n"
GOOD_2019 = "2019 ◽ \nAuthor(s): \nBo Jones\n\nThird abstract.\n\n"

# text, (line, reason fragment) of each error, years of the works still mapped
BAD_RECORDS = [
    pytest.param(
        "Title\n\n" + GOOD_2017 + "◽ Vol 3 (2) ◽ pp. 1-9 ◽ Author(s): Cy Doe\n\nNo year.\n\n" + GOOD_2019,
        [(10, "no year")],
        [2017, 2019],
        id="record-without-year",
    ),
    pytest.param(
        "Title\n\n" + GOOD_2017 + "Vol 3 (2) ◽ \nAuthor(s): \nCy Doe\n\nNo year.\n\n" + GOOD_2019,
        [(10, "no year")],
        [2017, 2019],
        id="record-opening-with-volume",
    ),
    pytest.param(
        "Title\n\n" + GOOD_2017 + GOOD_2019 + "2020 ◽ \nVol 3 (2) ◽ \n",
        [(16, "cut off")],
        [2017, 2019],
        id="header-cut-at-end-of-file",
    ),
    pytest.param(
        "Title\n\n" + GOOD_2017 + "2018 ◽ \nVol 3 (2) ◽ \n\nSign in / Sign up\n\n" + GOOD_2019,
        [(10, "cut off")],
        [2017, 2019],
        id="header-without-authors-then-only-chrome",
    ),
]


@pytest.mark.parametrize(("text", "errors", "years"), BAD_RECORDS)
def test_bad_record_is_an_error_with_its_line(
    text: str, errors: list[tuple[int, str]], years: list[int]
) -> None:
    results = list(MAPPER.parse(text, "in/listing.txt"))
    found = [result for result in results if isinstance(result, RecordError)]
    assert [(error.path, error.line) for error in found] == [("in/listing.txt", line) for line, _ in errors]
    for error, (_, reason) in zip(found, errors, strict=True):
        assert reason in error.reason
    works = [result for result in results if isinstance(result, Work)]
    assert [work.year for work in works] == years
    assert works[0].title == "Title"
    assert [work.abstract for work in works] == ["First abstract.", "Third abstract."]
