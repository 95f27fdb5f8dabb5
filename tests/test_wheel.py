"""The wheel is the same program: built, installed with pip into a fresh virtual environment outside the
checkout, it builds the same graph from the seeds and serves the full query page, offline.

Marked ``wheel`` (run by default; ``-m "not wheel"`` skips it): it needs the package index or pip's cache
for the dependencies, and takes about a minute.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from server.settings import ServerSettings
from tests.server_support import REPO, LiveServer, free_port, serving
from tests.test_server_page import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.wheel
# What a source checkout holds besides the source: never part of a build.
TOP_LEVEL_NOT_SOURCE = {".git", ".venv", "data", "build", "dist"}
NOT_SOURCE = shutil.ignore_patterns("node_modules", "__pycache__", "*.egg-info", ".pytest_cache", ".ruff_cache")


def _not_source(folder: str, names: list[str]) -> set[str]:
    top = TOP_LEVEL_NOT_SOURCE & set(names) if Path(folder) == REPO else set()
    return top | NOT_SOURCE(folder, names)


def _environment() -> dict[str, str]:
    """The environment of a user's shell: nothing points into the checkout."""
    return {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV", "KG_STORE"}}


def _run(command: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=_environment(), capture_output=True, text=True, timeout=timeout,
                          check=False)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh virtual environment holding the wheel (and its dependencies from the index)."""
    root = tmp_path_factory.mktemp("wheel")
    source = root / "source"  # a copy, so that the build's own files never land in the checkout
    shutil.copytree(REPO, source, symlinks=True, ignore=_not_source)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(root / "dist"), str(source)], root)
    (wheel,) = (root / "dist").glob("peer_support_kg-*.whl")
    _run([sys.executable, "-m", "venv", str(root / "venv")], root)
    _run([str(root / "venv" / "bin" / "pip"), "install", "--quiet", "--no-compile", str(wheel)], root)
    return root / "venv" / "bin"


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder that is not the checkout and has no seeds/ of its own."""
    return tmp_path_factory.mktemp("elsewhere")


def _sorted_nquads(kg: list[str], store: Path, cwd: Path) -> list[str]:
    return sorted(_run([*kg, "export", "--store", str(store), "--format", "nq"], cwd).stdout.splitlines())


@pytest.fixture(scope="module")
def checkout_nquads(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The seeds built by the checkout's code (the editable install)."""
    store = tmp_path_factory.mktemp("checkout") / "store"
    kg = [sys.executable, "-m", "kg.cli"]
    _run([*kg, "build", "seeds", "--store", str(store)], REPO)
    return _sorted_nquads(kg, store, REPO)


def test_the_installed_package_is_not_the_checkout(installed: Path, elsewhere: Path) -> None:
    where = _run([str(installed / "python"), "-c", "import kg, server; print(kg.__file__, server.__file__)"], elsewhere)
    assert str(REPO) not in where.stdout and str(installed.parent) in where.stdout


@pytest.mark.parametrize("arguments", [[], ["SEEDS"]], ids=["shipped-seeds", "seeds-folder"])
def test_the_wheel_builds_the_same_graph_as_the_checkout(installed: Path, elsewhere: Path, checkout_nquads: list[str],
                                                         arguments: list[str]) -> None:
    store = elsewhere / f"store-{len(arguments)}"
    kg = [str(installed / "kg")]
    paths = [str(REPO / "seeds") if a == "SEEDS" else a for a in arguments]
    built = _run([*kg, "build", *paths, "--store", str(store)], elsewhere)
    assert "3 loaded, 0 rejected" in built.stdout
    nquads = _sorted_nquads(kg, store, elsewhere)
    assert len(nquads) > 4000
    assert nquads == checkout_nquads


def test_the_wheel_evaluates_from_any_folder(installed: Path, elsewhere: Path) -> None:
    report = subprocess.run([str(installed / "kg"), "eval"], cwd=elsewhere, env=_environment(), capture_output=True,
                            text=True, timeout=300, check=False)
    assert report.returncode in (0, 1), report.stderr  # 1: a target missed, which is the extractor's business
    assert "designs" in report.stdout and "Traceback" not in report.stderr


@pytest.fixture(scope="module")
def wheel_server(installed: Path, elsewhere: Path) -> Iterator[LiveServer]:
    """`kg serve` of the installed wheel, on the seed graph it built."""
    store = elsewhere / "served"
    _run([str(installed / "kg"), "build", "--store", str(store)], elsewhere)
    port = free_port()
    command = [str(installed / "kg"), "serve", "--store", str(store), "--port", str(port)]
    with serving(command, port, _environment(), cwd=elsewhere) as (process, url, log):
        yield LiveServer(process, url, ServerSettings.resolve({}, store=store), log)


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Chromium is not installed (Debian package `chromium`)")
def test_the_wheel_serves_the_full_query_page_offline(wheel_server: LiveServer, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright  # here, so a machine without Chromium skips cleanly

    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.on("request", lambda r: None if r.url.startswith(wheel_server.url) else outside.append(r.url))
            page.goto(wheel_server.url + "/")
            page.wait_for_selector(".yasqe .CodeMirror")  # the editor, not a plain text box
            page.select_option("#examples", label="Studies per outcome")
            page.click(".yasqe_queryButton")
            page.wait_for_selector(".yasr table tbody tr td")
            first = page.eval_on_selector(".yasr table tbody tr", "r => Array.from(r.cells).map(c => c.innerText)")
        finally:
            browser.close()
    assert any("hope" in cell for cell in first), first
    assert outside == []
