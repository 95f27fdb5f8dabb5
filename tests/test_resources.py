"""The files the program ships with are found through the package, and a missing one is an error."""

from __future__ import annotations

import pytest

from kg.resources import ResourceError, resource_file, resource_files, resource_folder


@pytest.mark.parametrize(
    ("package", "folder", "pattern", "expected"),
    [
        ("kg", "ontology", "*.ttl", "psk.ttl"),
        ("kg", "shapes", "*.ttl", "core.ttl"),
        ("kg", "seeds", "*.txt", "000_e1f338b580055a72.txt"),
        ("kg", "annotations/dev", "*.json", "seed-000-institutionalizing-peer-support.json"),
        ("server", "queries", "*.rq", "01-studies-per-outcome.rq"),
        ("server", "static/vendor", "*", "yasgui.min.js"),
    ],
)
def test_each_packaged_folder_holds_its_files(package, folder, pattern, expected):
    assert expected in [path.name for path in resource_files(package, folder, pattern)]


def test_the_editor_ships_with_its_licences():
    licences = resource_file("server", "static/vendor/LICENSES.txt").read_text(encoding="utf-8")
    assert "@zazuko/yasgui 4.6.2  (MIT)" in licences
    assert "codemirror" in licences


def test_a_missing_folder_is_an_error_that_says_how_to_fix_it():
    with pytest.raises(ResourceError, match=r"nothing-here is missing: the installed package 'kg' is incomplete; reinstall"):
        resource_folder("kg", "nothing-here")


def test_a_folder_without_the_files_asked_for_is_an_error_not_an_empty_list():
    with pytest.raises(ResourceError, match=r"has no \*\.owl files"):
        resource_files("kg", "ontology", "*.owl")


def test_a_missing_file_is_an_error():
    with pytest.raises(ResourceError, match=r"absent\.csv is missing"):
        resource_file("kg", "data/absent.csv")
