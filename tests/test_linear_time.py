"""Detection and mapping take time linear in the input, on the inputs that once made them quadratic.

Each case grows one pathological part of a real document of one format (a line of hundreds of
kilobytes, tens of thousands of blank lines) to two sizes four times apart, and compares the
processor time of detection and mapping. Linear work grows about fourfold, quadratic work
sixteenfold; the bound sits between them with room for a busy machine. No absolute time is
asserted: only how the work grows. Processor time (not wall time) leaves out the time other
processes take the machine away.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from bench.mutations import base_documents
from kg.detect import SourceText, detect_mapper, map_source
from kg.namespaces import IriMinter
from kg.triples import TripleWriter

SMALL, LARGE = 100_000, 400_000
# Linear growth gives 4, quadratic 16; a bound of 8 tells them apart even on a loaded machine.
MAX_GROWTH = 8.0
# Timer granularity and constant costs: added to the bound so that work that is small at both sizes passes.
SLACK_SECONDS = 0.05
BASES = {base.format: base.text for base in reversed(base_documents())}  # the first document of each format


def one_long_line(marker: str) -> Callable[[str, int], str]:
    """The line holding the marker, repeated on itself to the size: "AU  - Davidson, LarryAU  - Davidson, ..."."""
    def grow(text: str, size: int) -> str:
        start = text.index(marker)
        start = text.rfind("\n", 0, start) + 1
        end = text.find("\n", start)
        line = text[start:end]
        return text[:start] + (line * (size // len(line) + 1))[:size] + text[end:]
    return grow


def long_value(value: str) -> Callable[[str, int], str]:
    """A value repeated inside its field, so the document keeps its syntax (JSON, XML, RDF literals)."""
    def grow(text: str, size: int) -> str:
        return text.replace(value, (value * (size // len(value) + 1))[:size], 1)
    return grow


def blank_lines_after(marker: str) -> Callable[[str, int], str]:
    """As many blank lines as the size after the line holding the marker."""
    def grow(text: str, size: int) -> str:
        end = text.index("\n", text.index(marker)) + 1
        return text[:end] + "\n" * size + text[end:]
    return grow


# (format, how to grow it): the cases issue 8 found, and one of the same kind for every other format.
CASES: dict[str, tuple[str, Callable[[str, int], str]]] = {
    "portal record, one long author line": ("portal record", one_long_line("Adams, Wallis E.")),
    "portal record, one long keyword line": ("portal record", one_long_line("United States; Peer")),
    "search listing, one long header line": ("search listing", one_long_line("Author(s):")),
    "article page, one long reference line": ("article page", one_long_line("1. Anthony, W. A.")),
    "RIS, one long author line": ("RIS", one_long_line("AU  - Davidson, Larry")),
    "RIS, one long title": ("RIS", long_value("Peer support among persons")),
    "BibTeX, one long title line": ("BibTeX", one_long_line("title       = {Peer support mental")),
    "BibTeX, blank lines": ("BibTeX", blank_lines_after("% Encoding")),
    "MEDLINE, one long abstract": ("MEDLINE", long_value("Little is known")),
    "PubMed XML, one long title": ("PubMed XML", long_value("A systematic review and meta-analysis")),
    "Crossref JSON, one long title": ("Crossref JSON", long_value("Peer Support")),
    "CSL-JSON, one long title": ("CSL-JSON", long_value("A systematic review")),
    "Turtle, blank lines after @prefix (the BibTeX sniffer)": ("Turtle", blank_lines_after("@prefix")),
    "TriG, blank lines after @prefix": ("TriG", blank_lines_after("@prefix")),
    "N-Triples, one long literal": ("N-Triples", long_value("Peer")),
    "N-Quads, blank lines": ("N-Quads", blank_lines_after("<")),
    "RDF/XML, one long literal": ("RDF/XML", long_value("Peer")),
    "JSON-LD, one long literal": ("JSON-LD", long_value("Peer")),
}


def _cpu_seconds(text: str) -> float:
    """The least processor time of three runs of detection and mapping."""
    source = SourceText("doc", "0" * 64, text, "utf-8")
    writer = TripleWriter(IriMinter())
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        map_source(source, detect_mapper(source), writer)
        best = min(best, time.process_time() - start)
    return best


def run_inside(marker: str, run: str) -> Callable[[str, int], str]:
    """A run of one short string, as long as the size, right after the marker: "Little is known{{{{{..."."""
    def grow(text: str, size: int) -> str:
        at = text.index(marker) + len(marker)
        return text[:at] + (run * (size // len(run) + 1))[:size] + text[at:]
    return grow


# Fields longer than the mappers' limit (kg.mappers.base.MAX_FIELD_LENGTH, 20,000 characters) are not read, so the
# sizes above never reach the reading of abstracts; these cases grow an abstract below that limit. A fuzzed PubMed
# record whose results held a run of some thousands of "{" once took 22 s to map: each word of a sentence looked back
# over all the words before it for a study arm named as the subject.
READ_SMALL, READ_LARGE = 4_000, 16_000
READ_CASES: dict[str, tuple[str, Callable[[str, int], str]]] = {
    "PubMed XML, a run of brackets in the abstract": ("PubMed XML", run_inside("Little is known", "{")),
    "MEDLINE, a run of brackets in the abstract": ("MEDLINE", run_inside("Little is known", "{")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_work_grows_linearly(case: str) -> None:
    fmt, grow = CASES[case]
    text = BASES[fmt]
    _cpu_seconds(grow(text, 1_000))  # first use loads lexicons and parsers
    small, large = _cpu_seconds(grow(text, SMALL)), _cpu_seconds(grow(text, LARGE))
    assert large <= MAX_GROWTH * small + SLACK_SECONDS, f"{small:.3f} s at {SMALL:,}, {large:.3f} s at {LARGE:,}"


@pytest.mark.parametrize("case", sorted(READ_CASES))
def test_reading_an_abstract_grows_linearly(case: str) -> None:
    fmt, grow = READ_CASES[case]
    text = BASES[fmt]
    _cpu_seconds(grow(text, 100))
    small, large = _cpu_seconds(grow(text, READ_SMALL)), _cpu_seconds(grow(text, READ_LARGE))
    assert large <= MAX_GROWTH * small + SLACK_SECONDS, f"{small:.3f} s at {READ_SMALL:,}, {large:.3f} s at {READ_LARGE:,}"


# A result sentence of many outcomes and changes ("hope improved and hope improved and ..."): each outcome looked
# for the cues that may speak of it among all the sentence's cues, each through all its outcomes, so the time grew
# with the cube of the sentence (9 s at 4,500 characters, 91 s at 9,000). Cues and outcomes are now looked at only
# near each outcome (kg.extract.attachment.CUE_WINDOW); what remains of the growth is less than quadratic, which the
# bound asks of this case (sentence-wide look-ups per outcome mention, left as found: BENCHMARKS.md).
RESULT_SMALL, RESULT_LARGE = 1_000, 4_000
QUADRATIC_GROWTH = 16


def test_a_long_result_sentence_of_many_outcomes_is_read_in_less_than_quadratic_time() -> None:
    grow = run_inside("RESULTS: ", "hope improved and ")
    text = BASES["MEDLINE"]
    _cpu_seconds(grow(text, 100))
    small, large = _cpu_seconds(grow(text, RESULT_SMALL)), _cpu_seconds(grow(text, RESULT_LARGE))
    assert large <= QUADRATIC_GROWTH * small + SLACK_SECONDS, (
        f"{small:.3f} s at {RESULT_SMALL:,}, {large:.3f} s at {RESULT_LARGE:,}")
