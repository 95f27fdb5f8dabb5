"""Every example query of the query page parses, runs and gives the expected answer on the fixture graph.

The same harness runs the examples against the seed graph once the pipeline builds it:
call ``run_query(store, example.text)`` for each of ``example_queries(EXAMPLES)``.
"""

from __future__ import annotations

import pytest

from server.pages import example_queries
from server.settings import EXAMPLES
from tests.server_support import fixture_store, run_query

EXAMPLE_QUERIES = example_queries(EXAMPLES)

# One row each example must return on tests/fixtures/mini.trig (a subset of the row's columns).
EXPECTED: dict[str, dict[str, str]] = {
    "01-studies-per-outcome": {"outcome": "hope", "studies": "3"},
    "02-designs-per-outcome": {"outcome": "hope", "design": "randomised controlled trial", "studies": "1"},
    "03-roles-per-setting": {"place": "Hong Kong", "role": "peer support worker", "studies": "1"},
    "04-who-cites-davidson-2012": {
        "title": "Developing a Strategy to Embed Peer Support into Mental Health Systems"
    },
    "05-co-author-pairs": {"author1": "Matthew Chinman", "author2": "Laysha Ostrow", "works": "2"},
    "06-journals-by-studies": {"journal": "Psychiatric Services", "studies": "2"},
    "07-people-across-documents": {"name": "Matthew Chinman", "documents": "2", "works": "3"},
    "08-evidence-map": {
        "role": "peer specialist",
        "outcome": "hope",
        "direction": "Positive",
        "status": "Verified",
        "findings": "2",
    },
    "09-hope-empowerment-peer-specialists": {
        "title": "Peer specialists and hope: a randomised trial in community mental health",
        "outcome": "empowerment",
        "direction": "Positive",
    },
    "10-most-cited-works": {
        "title": "Peer support among persons with severe mental illnesses: "
        "a review of evidence and experience",
        "citedHere": "4",
    },
    "11-prolific-authors": {"author": "Matthew Chinman", "works": "3"},
    "12-studies-per-year": {"year": "2019", "studies": "2"},
    "13-participants-by-role": {"role": "peer specialist", "participants": "120"},
    "14-keywords": {"keyword": "peer support", "works": "3"},
    "15-study-sources": {
        "title": "Peer navigators for people with serious mental illness: a systematic review",
        "source": "https://w3id.org/peer-support-kg/resource/source/listing0001",
    },
    "16-outcome-concepts": {
        "outcome": "hope",
        "findings": "3",
        "externalMatch": "http://id.nlm.nih.gov/mesh/D065026",
    },
    # the trial's and the review's hope findings are the verified ones
    "17-findings-by-status": {"status": "Verified", "direction": "Positive", "findings": "2"},
}

# What each example must never return (the questions' traps).
NEVER: dict[str, dict[str, str]] = {
    # Davidson, G. (2016) is another person and another year: citing only it does not count
    "04-who-cites-davidson-2012": {"title": "Risk, recovery and capacity"},
    # "related papers" are dcterms:relation, not citations
    "10-most-cited-works": {
        "title": "Peer navigators for people with serious mental illness: a systematic review"
    },
}


@pytest.fixture(scope="module")
def store():
    return fixture_store()


def test_the_menu_offers_at_least_twelve_titled_questions():
    titles = [example.title for example in EXAMPLE_QUERIES]
    assert len(titles) >= 12
    assert len(set(titles)) == len(titles)
    assert "Who cites Davidson et al. 2012" in titles


def test_every_example_has_an_expected_answer():
    assert sorted(EXPECTED) == sorted(example.name for example in EXAMPLE_QUERIES)


@pytest.mark.parametrize("example", EXAMPLE_QUERIES, ids=[e.name for e in EXAMPLE_QUERIES])
def test_example_answers_its_question(store, example):
    rows = run_query(store, example.text)
    expected = EXPECTED[example.name]
    assert any(all(row.get(k) == v for k, v in expected.items()) for row in rows), rows
    for column, value in NEVER.get(example.name, {}).items():
        assert not any(row.get(column, "").startswith(value) for row in rows), rows


def test_an_example_without_a_title_line_is_refused(tmp_path):
    (tmp_path / "untitled.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(ValueError, match=r"untitled\.rq: an example query needs a '# title: \.\.\.'"):
        example_queries(tmp_path)
