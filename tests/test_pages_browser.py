"""The pages in a real browser: from a query result to study, person and concept pages and back;
the evidence map filtered, a cell opened, a study followed. Screenshots are kept as artefacts."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.pages_support import kg_serve
from tests.test_server_page import CHROMIUM, CHROMIUM_ARGS, VENDOR

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium is not installed (Debian package `chromium`)"
)

RESULT_QUERY = """PREFIX psk: <https://w3id.org/peer-support-kg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?study ?author ?outcome WHERE {
  ?study psk:reports/psk:outcome ?outcome ; dcterms:creator ?author .
} ORDER BY ?study ?author ?outcome LIMIT 20"""


@pytest.fixture(scope="module")
def artefacts(request):
    folder = Path(tempfile.gettempdir()) / "kg-page-screenshots"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    yield folder
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"page screenshots kept in {folder}")


@pytest.fixture(scope="module")
def served(seed_build):
    assert VENDOR.is_file(), "the query page's editor is not installed: run `npm ci --prefix server`"
    with kg_serve(seed_build.store) as server:
        yield server


@contextmanager
def local_tab(profile: Path, origin: str) -> Iterator:
    """A Chromium tab that must fetch nothing from any site but the server under test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1300, "height": 900},
        )
        try:
            tab = browser.new_page()
            outside: list[str] = []
            tab.on("request", lambda r: None if r.url.startswith(origin) else outside.append(r.url))
            yield tab
            assert outside == []  # nothing fetched from other sites
        finally:
            browser.close()


@pytest.fixture
def page(tmp_path, served):
    with local_tab(tmp_path / "profile", served.url) as tab:
        yield tab


def run_in_editor(page, url: str, query: str) -> None:
    page.goto(url + "/")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.evaluate("q => document.querySelector('.CodeMirror').CodeMirror.setValue(q)", query)
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr td a.local")


def result_link(page, column: int) -> str:
    return page.eval_on_selector_all(
        ".yasr table tbody tr", f"rows => rows[0].cells[{column}].querySelector('a').getAttribute('href')")


def test_from_a_query_result_to_study_person_and_concept_pages(served, page, artefacts):
    run_in_editor(page, served.url, RESULT_QUERY)
    study, person, concept = (result_link(page, column) for column in (1, 2, 3))
    assert study.startswith("/resource/work/") and person.startswith("/resource/person/")
    assert concept.startswith("/concept/outcome/")
    page.screenshot(path=str(artefacts / "01-query-results.png"), full_page=True)

    page.click(f".yasr table tbody tr:first-child a[href='{study}']")
    page.wait_for_selector("#summary")
    assert page.url == served.url + study
    marks = page.locator("ol.findings mark").all_inner_texts()
    assert marks and all(len(text) > 20 for text in marks)  # whole evidence sentences, highlighted
    abstract = page.locator("p.abstract").inner_text()
    assert all(" ".join(text.split()[:6]) in " ".join(abstract.split()) for text in marks)
    page.screenshot(path=str(artefacts / "02-study.png"), full_page=True)

    # follow an author link from the study page to the person page, and back through "Links to this"
    page.click("dd.authors a >> nth=0")
    page.wait_for_selector("#incoming")
    page.screenshot(path=str(artefacts / "03-person.png"), full_page=True)
    assert page.locator(f"#incoming a[href='{study}']").count() >= 1
    page.go_back()
    page.wait_for_selector("#summary")

    page.goto(served.url + concept)
    page.wait_for_selector("ul.studies")
    assert page.locator(f"ul.studies a[href='{study}']").count() == 1
    page.screenshot(path=str(artefacts / "04-concept.png"), full_page=True)
    page.click(f"ul.studies a[href='{study}']")
    page.wait_for_selector("#summary")
    assert page.url == served.url + study


def test_the_map_filtered_a_cell_opened_a_study_followed(served, page, artefacts):
    page.goto(served.url + "/map")
    page.wait_for_selector("table.map")
    whole = page.locator("td.cell").count()
    assert whole > 0
    page.screenshot(path=str(artefacts / "05-map.png"), full_page=True)
    design = page.eval_on_selector_all("#filter-design option", "os => os.map(o => o.value).filter(v => v)")[0]
    page.select_option("#filter-design", design)
    page.fill("#filter-from", "2019")
    page.click("#apply-filters")
    page.wait_for_selector("#filter-design")
    assert "design=" in page.url and "from=2019" in page.url
    filtered = page.locator("td.cell").count()
    assert 0 < filtered <= whole
    page.screenshot(path=str(artefacts / "06-map-filtered.png"), full_page=True)
    page.click("td.cell a >> nth=0")
    page.wait_for_selector("ol.cell-studies")
    assert page.locator("ol.cell-studies mark").count() >= 1
    page.screenshot(path=str(artefacts / "07-map-cell.png"), full_page=True)
    page.click("ol.cell-studies a.study >> nth=0")
    page.wait_for_selector("#summary")
    assert "/resource/work/" in page.url
    page.screenshot(path=str(artefacts / "08-study-from-map.png"), full_page=True)


@pytest.fixture(scope="module")
def curated(curated_seeds):
    with kg_serve(curated_seeds.build.store) as server:
        yield server


def test_the_map_narrowed_to_verified_findings_shows_only_those(curated, curated_seeds, tmp_path, artefacts):
    outcomes = {outcome for _, outcome in curated_seeds.decisions}
    with local_tab(tmp_path / "profile", curated.url) as page:
        page.goto(curated.url + "/map")
        page.wait_for_selector("table.map")
        whole = page.locator("td.cell a").count()
        page.select_option("#filter-status", "verified")
        page.click("#apply-filters")
        page.wait_for_selector("table.map")
        assert "status=verified" in page.url
        page.screenshot(path=str(artefacts / "09-map-verified.png"), full_page=True)
        links = page.eval_on_selector_all("td.cell a", "links => links.map(a => a.getAttribute('href'))")
        assert 0 < len(links) < whole
        assert {parse_qs(urlsplit(link).query)["outcome"][0] for link in links} == outcomes
        page.click("td.cell a >> nth=0")
        page.wait_for_selector("ol.cell-studies")
        statuses = page.locator("ol.cell-studies span.status").all_inner_texts()
        assert statuses and set(statuses) == {"Verified"}
        studies = page.eval_on_selector_all("ol.cell-studies a.study", "as => as.map(a => a.getAttribute('href'))")
        assert {href.split("/resource/")[1] for href in studies} <= {
            study.split("/resource/")[1] for study, _ in curated_seeds.decisions}
        page.screenshot(path=str(artefacts / "10-map-verified-cell.png"), full_page=True)
