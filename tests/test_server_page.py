"""The query page in a real browser: headless Chromium runs an example query and shows the table."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from server.settings import ServerSettings
from tests.server_support import REPO, build_store, running_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LEXICAL = re.compile(r'^"(.*)"(?:@[\w-]+|\^\^\S+)?$')  # `"hope"@en`, `"3"^^<http://...#integer>`
VENDOR = REPO / "server" / "static" / "vendor" / "yasgui.min.js"

pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Chromium is not installed (Debian package `chromium`)"
)
CHROMIUM_ARGS = [
    "--no-sandbox",  # needed as root in a container
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    assert VENDOR.is_file(), "the query page's editor is not installed: run `npm ci --prefix server`"
    store = build_store(tmp_path_factory.mktemp("page") / "store")
    with running_server(ServerSettings.resolve({}, store=store)) as live:
        yield live


@pytest.fixture
def page(tmp_path):
    from playwright.sync_api import sync_playwright  # here, so a machine without Chromium skips cleanly

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_an_example_query_runs_and_fills_the_results_table(server, page):
    outside: list[str] = []
    page.on(
        "request", lambda request: None if request.url.startswith(server.url) else outside.append(request.url)
    )
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(server.url + "/")
    page.wait_for_selector(".yasqe .CodeMirror")
    page.select_option("#examples", label="Studies per outcome")
    assert "COUNT(DISTINCT ?study)" in page.evaluate(
        "document.querySelector('.CodeMirror').CodeMirror.getValue()"
    )
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr table tbody tr td")
    rows = page.eval_on_selector_all(
        ".yasr table tbody tr", "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.trim()))"
    )
    # YASR shows terms in full (`"3"^^xsd:integer`, `"hope"@en`) after the row number
    table = [[LEXICAL.sub(r"\1", cell) for cell in row[1:]] for row in rows]
    assert table[0] == ["hope", "3"], rows
    assert len(table) == 4
    assert outside == []  # the page works offline: nothing fetched from elsewhere
    assert not [line for line in console if "Content Security Policy" in line]  # the page keeps to its policy
