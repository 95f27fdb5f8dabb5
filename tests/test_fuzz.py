"""Fuzzing every mapper: a hostile document costs only itself, and every message names its file.

Real documents of each input format (the seeds, the export fixtures, the test graph in each RDF
syntax) are mutated by hypothesis (seeded: `derandomize`) the way broken exports and attackers
do: nesting thousands of levels deep, lines of a hundred thousand characters, numbers out of
every range, JSON fields of the wrong type, control characters, U+FFFD and escaped lone
surrogates. Each variant is handled as `kg build` handles one document (read, detect, map,
then every triple converted to the store's terms) and must come back as a result or as errors
naming the file, never as an exception, and must not change how the next document maps.
`bench/fuzz.py` runs the same idea on ten thousand documents.
"""

from __future__ import annotations

import json
import logging
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.mutations import HOSTILE_CHARS, HOSTILE_NUMBERS, Base, base_documents
from kg.detect import LIBRARY_LOGGERS, detect_mapper, map_source, read_document
from kg.errors import DocumentError
from kg.mappers.base import MappedDocument
from kg.namespaces import OWL, IriMinter
from kg.store import open_read_only
from kg.terms import TermConverter
from kg.triples import TripleWriter
from tests.conftest import ROOT, run_query

BASES = base_documents()
FORMATS = sorted({base.format for base in BASES})
WRITER = TripleWriter(IriMinter())
DISPLAY = "fuzz/doc"
# "fuzz/doc.ris:17: ...": the line a message names
LINE_IN_MESSAGE = re.compile(r"^[^:]+:(?P<line>\d+):")
ESCAPES = ("\\ud800", "\\udfff", "\\u0000", "\\uffff", "&#1;", "&#xD800;", '\\char"D800', "%zz", "\\x00")
FILLERS = ("a", " ", "-", "[", "(", "{", "<", "@", ",", ".", "A. ", "a, ", "\\", '"', "◽ ", "1 ; ")
NESTING = (("[", "]"), ("{", "}"), ("(", ")"), ("<a>", "</a>"), ("[ <p> ", " ]"), ('{"a":', "}"), ("\\textbf{", "}"))

# Any JSON value, including integers far beyond what a date or a count can hold.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8,
)


def _line_span(draw: st.DrawFn, text: str) -> tuple[int, int]:
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    start = draw(st.sampled_from(starts))
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def _insert(draw: st.DrawFn, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    piece = draw(st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=20)
                 | st.sampled_from(HOSTILE_CHARS) | st.sampled_from(ESCAPES))
    return text[:at] + piece * draw(st.sampled_from((1, 3, 100))) + text[at:]


def _huge_line(draw: st.DrawFn, text: str) -> str:
    start, end = _line_span(draw, text)
    unit = draw(st.sampled_from(FILLERS) | st.just(text[start:end] or "x"))
    size = draw(st.sampled_from((3_000, 30_000, 120_000)))
    return text[:start] + (unit * (size // len(unit) + 1))[:size] + text[end:]


def _many_lines(draw: st.DrawFn, text: str) -> str:
    start, end = _line_span(draw, text)
    line = draw(st.sampled_from(("", "  ", "\t", "@", "[1]", "TY  - JOUR", "PMID- 1")) | st.just(text[start:end]))
    return text[:start] + (line + "\n") * draw(st.sampled_from((1_000, 20_000))) + text[start:]


def _deep(draw: st.DrawFn, text: str) -> str:
    opening, closing = draw(st.sampled_from(NESTING))
    depth = draw(st.sampled_from((50, 2_000, 20_000)))
    at = draw(st.integers(0, len(text)))
    middle = opening * depth + ("1" if opening.endswith(":") else "") + closing * depth
    return text[:at] + middle + text[at:]


def _numbers(draw: st.DrawFn, text: str) -> str:
    runs = list(re.finditer(r"\d+", text))
    if not runs:
        return text
    run = draw(st.sampled_from(runs))
    return text[: run.start()] + draw(st.sampled_from(HOSTILE_NUMBERS)) + text[run.end() :]


def _cut(draw: st.DrawFn, text: str) -> str:
    start = draw(st.integers(0, len(text)))
    return text[:start] if draw(st.booleans()) else text[:start] + text[start + draw(st.integers(1, 400)) :]


def _wrong_type(draw: st.DrawFn, text: str) -> str:
    """A JSON field (at any depth) set to a value of any type; other formats get a hostile number."""
    try:
        data = json.loads(text)
    except ValueError:
        return _numbers(draw, text)
    paths: list[tuple[object, ...]] = []

    def walk(value: object, path: tuple[object, ...]) -> None:
        paths.append(path)
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        for key, item in items:
            walk(item, (*path, key))

    walk(data, ())
    path = draw(st.sampled_from(paths[1:] or [()]))
    if not path:
        return json.dumps(draw(JSON_VALUES))
    container = data
    for key in path[:-1]:
        container = container[key]
    container[path[-1]] = draw(JSON_VALUES)
    return json.dumps(data, indent=1, ensure_ascii=draw(st.booleans()))


MUTATIONS: dict[str, Callable[[st.DrawFn, str], str]] = {
    "insert": _insert, "huge-line": _huge_line, "many-lines": _many_lines, "deep": _deep,
    "numbers": _numbers, "cut": _cut, "wrong-type": _wrong_type,
}


@st.composite
def hostile(draw: st.DrawFn, base: Base) -> str:
    """One to three mutations of a real document."""
    text = base.text
    for _ in range(draw(st.integers(1, 3))):
        text = MUTATIONS[draw(st.sampled_from(sorted(MUTATIONS)))](draw, text)
    return text


def handle(text: str, display: str = DISPLAY) -> tuple[MappedDocument | None, list[str]]:
    """One document handled as `kg build` handles it; the mapped graph (None if rejected) and the messages."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc"
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        try:
            source = read_document(path, display)
            mapper = detect_mapper(source)
        except DocumentError as error:
            return None, [str(error)]
    mapped = map_source(source, mapper, WRITER)
    store = ox.Store()  # the load stage's conversion: every term must be one Oxigraph accepts
    store.extend(TermConverter().graph_quads(mapped.graph, ox.NamedNode(str(mapped.graph.identifier))))
    assert len(store) == len(mapped.graph)
    return mapped, [str(error) for error in mapped.errors] + mapped.warnings


REFERENCE = next(base for base in BASES if base.format == "RIS")
REFERENCE_MAPPED, REFERENCE_MESSAGES = handle(REFERENCE.text, "fuzz/reference.ris")


def _check(text: str) -> None:
    _, messages = handle(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    for message in messages:
        assert message.startswith(f"{DISPLAY}:"), message
        found = LINE_IN_MESSAGE.match(message)
        assert not found or int(found["line"]) <= lines, f"line past the end ({lines} lines): {message}"
    # The hostile document left nothing behind: the next document maps exactly as it did alone.
    again, again_messages = handle(REFERENCE.text, "fuzz/reference.ris")
    assert again is not None and REFERENCE_MAPPED is not None
    assert len(again.graph) == len(REFERENCE_MAPPED.graph) and again_messages == REFERENCE_MESSAGES
    for name in LIBRARY_LOGGERS:
        assert not logging.getLogger(name).handlers


@pytest.mark.parametrize("fmt", FORMATS)
@settings(max_examples=14, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
@given(data=st.data())
def test_hostile_variant_costs_only_itself(fmt: str, data: st.DataObject) -> None:
    base = BASES[data.draw(st.sampled_from([i for i, b in enumerate(BASES) if b.format == fmt]), label="base")]
    _check(data.draw(hostile(base), label="document"))


@settings(max_examples=40, derandomize=True, deadline=None, database=None)
@given(text=st.text(max_size=300), head=st.sampled_from(("", "TY  - JOUR\n", "PMID- 1\n", "@article{k,\n", "{", "[",
                                                         "<?xml version='1.0'?>\n<PubmedArticleSet>", "@prefix a: <",
                                                         "作者\n", "2017 ◽ Author(s): ", "References\n1. ")))
def test_arbitrary_text_after_a_format_opening(text: str, head: str) -> None:
    _check(head + text)


def _crossref(**fields: object) -> str:
    work = {"DOI": "10.1000/x1", "type": "journal-article", "title": ["A title"], "reference-count": 0,
            "container-title": ["A Journal"], **fields}
    return json.dumps({"status": "ok", "message-type": "work", "message": work}, indent=1)


def _ris(doi: str) -> str:
    return f"TY  - JOUR\nTI  - Peer support\nAU  - Davidson, Larry\nPY  - 2012\nDO  - {doi}\nER  - \n"


DEEP = 50_000
# The crashes issue 8 lists, and what each document must give instead: (text, what a message says, its line).
CRASHES: dict[str, tuple[str, str, int | None]] = {
    "deep JSON in a Crossref item": (_crossref(title="DEEP").replace('"DEEP"', "[" * DEEP + "]" * DEEP), "nested too deeply", 7),
    "deep JSON array (rdf sniffing)": ("[" * DEEP + "]" * DEEP, "no mapper recognises", 1),
    "deep JSON-LD object": ('{"@id": "http://e/a", "http://e/p": ' + '{"http://e/p": ' * 3_000 + "1" + "}" * 3_001,
                            "no mapper recognises", 1),
    "date-parts year 446744551616": (_crossref(issued={"date-parts": [[446744551616, 1, 2]]}), "", None),
    "ISSN as a number": (_crossref(ISSN=17238617), "", None),
    "author as a number": (_crossref(author=5), "", None),
    "issn-type and reference as numbers": (_crossref(**{"issn-type": 3, "reference": 7}), "", None),
    "lone surrogate escaped in a title": (_crossref(title=["Peer \\ud800 support"]).replace("\\\\ud800", "\\ud800"),
                                          "record not mapped", 4),
    "integer of 5,000 digits": (_crossref(volume=1).replace('"volume": 1', '"volume": ' + "9" * 5_000),
                                "number out of range", 14),
    "DOI with U+FFFD (mojibake RIS)": (_ris("10.1037/a0012345\ufffd"), "", None),
    "DOI with a control character": (_ris("10.1037/a00\x0112345"), "", None),
    "RDF/XML nested 100,000 elements deep": (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">\n'
        + '<rdf:Description><e:p>' * 100_000 + "</e:p></rdf:Description>" * 100_000 + "\n</rdf:RDF>\n",
        "nested 200001 levels deep", 2),
}


@pytest.mark.parametrize("case", sorted(CRASHES))
def test_former_crash_is_a_message_or_a_work(case: str) -> None:
    text, message, line = CRASHES[case]
    mapped, messages = handle(text)
    if not message:
        assert mapped is not None and mapped.records == 1 and not mapped.errors, messages
        dois = {str(o) for o in mapped.graph.objects(None, OWL.sameAs) if "doi.org" in str(o)}
        assert all(ox.NamedNode(doi) for doi in dois)  # a DOI the store refuses is no DOI at all
        return
    found = [m for m in messages if message in m]
    assert found, messages
    assert found[0].startswith(f"{DISPLAY}:{line}:" if line else f"{DISPLAY}:"), found[0]


def test_mojibake_doi_gives_a_work_without_doi() -> None:
    mapped, _ = handle(_ris("10.1037/a0012345\ufffd"))
    assert mapped is not None and not list(mapped.graph.objects(None, OWL.sameAs))


def test_doi_iri_escapes_what_an_iri_cannot_hold() -> None:
    iri = IriMinter.doi("10.1002/(sici)1099-1298(199910)8:5<323::aid-jpm>3.0.co;2-#")
    assert str(iri) == "https://doi.org/10.1002/(sici)1099-1298(199910)8:5%3C323::aid-jpm%3E3.0.co;2-%23"
    ox.NamedNode(str(iri))


def test_parser_log_lines_become_warnings_naming_the_file(capsys: pytest.CaptureFixture[str]) -> None:
    bib = (ROOT / "tests" / "fixtures" / "exports" / "broken.bib").read_text(encoding="utf-8")
    _, messages = handle(bib, "exports/broken.bib")
    turtle = '@prefix x: <http://e/> .\nx:a x:b "abc"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    _, turtle_messages = handle(turtle, "exports/typed.ttl")
    assert "exports/broken.bib: bibtexparser: Parsing of `@article` block (line 12) aborted on line 20" in " ".join(
        messages)
    assert any(m.startswith("exports/typed.ttl: rdflib: Failed to convert Literal") for m in turtle_messages)
    assert capsys.readouterr().err == ""


def test_rdf_xml_and_json_ld_errors_name_a_line() -> None:
    rdf_xml = ('<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
               'xmlns:e="http://e/">\n<rdf:Description rdf:about="http://e/a">\n<e:p>x</e:p>\n'
               "<e:p>x</e:q>\n</rdf:Description>\n</rdf:RDF>\n")
    json_ld = '{\n"@id": "http://e/a",\n"http://e/p": {"@id": 5}\n}\n'
    _, messages = handle(rdf_xml)
    assert messages[0].startswith(f"{DISPLAY}:5: not valid RDF/XML"), messages
    _, messages = handle(json_ld)
    assert re.match(rf"{DISPLAY}:[2-5]: not valid JSON-LD", messages[0]), messages


def test_ris_error_lines_stay_inside_the_file() -> None:
    """Form feeds and U+2028 are not line breaks for the lines an error names (grep -n counts line feeds)."""
    text = "TY  - JOUR\nTI  - A\x0ctitle\u2028here\nER  - \nTY  - JOUR\nTI  - Cut short\n"
    _, messages = handle(text)
    assert messages == [f"{DISPLAY}:4: RIS record has no 'ER  -' end line (file cut short?): 'TY  - JOUR'"]


HOSTILE_FILES: dict[str, str] = {
    "deep.json": _crossref(title="DEEP").replace('"DEEP"', "[" * DEEP + "]" * DEEP),
    "huge-year.json": _crossref(issued={"date-parts": [[446744551616, 1, 2]]}, ISSN=17238617, author=5),
    "surrogate.json": _crossref(title=["Peer \\ud800 support"]).replace("\\\\ud800", "\\ud800"),
    "blank-lines.ttl": "@prefix e: <http://e/> .\n" + "\n" * 50_000 + "e:a e:b e:c .\ne:a e:b",
    "mojibake.ris": _ris("10.1037/a0012345\ufffd"),
    "long-line.txt": (ROOT / "seeds").joinpath(next(p.name for p in (ROOT / "seeds").glob("000_*"))).read_text(
        encoding="utf-8").replace("摘要\n", "摘要\n" + "peer support " * 100_000 + "\n", 1),
}


def test_build_reports_hostile_documents_and_loads_the_seeds(docs_dir: Path, tmp_path: Path) -> None:
    for name, text in HOSTILE_FILES.items():
        (docs_dir / name).write_bytes(text.encode("utf-8", errors="surrogatepass"))
    store = tmp_path / "store"
    done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(docs_dir), "--store", str(store),
                           "--no-progress"], capture_output=True, text=True, check=False, cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    reported = [line for line in done.stderr.splitlines() if line.startswith(("rejected:", "error:", "warning:"))]
    for name in ("deep.json", "surrogate.json", "blank-lines.ttl", "long-line.txt"):
        assert any(f"docs/{name}:" in line for line in reported), (name, done.stderr)
    assert all("docs/" in line for line in reported), reported
    studies = run_query(open_read_only(store), "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a psk:Study }")
    assert int(studies[0]["n"]) == 9, "the three seeds load: 1 + 7 + 1 studies"
    titles = {row["t"] for row in run_query(open_read_only(store), "SELECT ?t { ?w dcterms:title ?t }")}
    assert {"A title", "Peer support"} <= titles, "the impossible date and the mojibake DOI cost only those values"
