"""Every example query of the query page, run on the seed graph: non-empty, and the answer checked."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.extract.confidence import shipped_table
from server.pages import example_queries
from server.settings import EXAMPLES
from tests.server_support import run_query

EXAMPLE_QUERIES = example_queries(EXAMPLES)

# One row (a subset of its columns) each example must return on the three seeds, worked out by hand:
EXPECTED: dict[str, dict[str, str]] = {
    # Bellamy et al., Barrenger et al. and Milani et al. (seed 001) report hope
    "01-studies-per-outcome": {"outcome": "hope and optimism", "studies": "3"},
    # Milani et al. is a mixed-methods evaluation that reports employment and education
    "02-designs-per-outcome": {"outcome": "employment and education", "design": "mixed methods study", "studies": "1"},
    # Halsall et al.: youth (14-26) in Canada
    "03-roles-per-setting": {"place": "Canada", "role": "youth", "studies": "1"},
    # reference 8 of the publisher page
    "04-who-cites-davidson-2012": {"title": "Developing a Strategy to Embed Peer Support into Mental Health Systems"},
    # co-authors of related papers [9] and [10] of the portal record
    "05-co-author-pairs": {"author1": "Bernd Puschner", "author2": "Richard Mpango", "works": "2"},
    # related paper [6] of seed 000 and references 2, 3, 13, 16, 20 of seed 002
    "06-journals-by-studies": {"journal": "Community Mental Health Journal", "works": "6", "studies": "0"},
    # Larry Davidson of seed 001 is "Davidson, L." of the 2012 reference in seed 002
    "07-people-across-documents": {"name": "Larry Davidson", "documents": "2", "works": "2"},
    # the portal study: peer workers remain underpaid and unable to advance
    "08-evidence-map": {"role": "peer support worker", "outcome": "pay and career progression",
                        "direction": "Negative", "status": "MachineExtracted", "findings": "1"},
    # Dual Diagnosis Anonymous (Milani et al.): peer facilitators, a positive impact on hope
    "09-hope-empowerment-peer-specialists": {"role": "peer facilitator", "outcome": "hope and optimism",
                                             "direction": "Positive"},
    "10-most-cited-works": {"title": "Peer support among persons with severe mental illnesses: "
                                     "A review of evidence and experience", "citedHere": "1"},
    "11-prolific-authors": {"author": "Larry Davidson", "works": "2"},
    # Rogers and Bellamy et al. (seed 001)
    "12-studies-per-year": {"year": "2017", "studies": "2"},
    "13-participants-by-role": {"role": "peer support worker", "participants": "35"},
    # the portal record's and the publisher page's keyword
    "14-keywords": {"keyword": "Recovery", "works": "2"},
    "15-study-sources": {"title": "Developing a Strategy to Embed Peer Support into Mental Health Systems"},
    "16-outcome-concepts": {"outcome": "hope and optimism", "findings": "3",
                            "externalMatch": "http://id.nlm.nih.gov/mesh/D065026"},
    # no researcher has verified a seed finding: the portal study's Negative findings are machine-extracted, with
    # the confidence the extractor's Negative findings earned on unseen abstracts, scaled by how findings of
    # qualitative studies fared there (the study is read as mixed methods with a qualitative part)
    "17-findings-by-status": {"status": "MachineExtracted", "direction": "Negative",
                              "minConfidence": str(shipped_table().confidence("finding", "Negative", "qualitative"))},
}

# Rows that must never come back (the questions' traps).
NEVER: dict[str, dict[str, str]] = {
    # related paper [4] of the portal record: dcterms:relation, never a citation
    "10-most-cited-works": {"title": "Youth Mental Health Peer Support Work: A Qualitative Study Exploring the "
                                     "Impacts and Challenges of Operating in a Peer Support Role"},
    # Davidson, G. (2016) is another person
    "07-people-across-documents": {"name": "G. Davidson"},
}


def test_every_example_has_an_expected_seed_answer() -> None:
    assert sorted(EXPECTED) == sorted(example.name for example in EXAMPLE_QUERIES)


@pytest.mark.parametrize("example", EXAMPLE_QUERIES, ids=lambda e: e.name)
def test_example_answers_on_the_seed_graph(example, seed_store: ox.Store) -> None:
    rows = run_query(seed_store, example.text)
    assert rows, f"{example.name} returns nothing on the seed graph"
    expected = EXPECTED[example.name]
    assert any(all(row.get(k) == v for k, v in expected.items()) for row in rows), (expected, rows[:5])
    never = NEVER.get(example.name)
    if never:
        assert not any(all(row.get(k) == v for k, v in never.items()) for row in rows)
