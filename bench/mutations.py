"""Hostile variants of real documents, for the fuzz benchmark (`bench/fuzz.py`) and the fuzz tests.

Every input format the build reads starts from a real document of that format (the seeds,
the export fixtures, and the test graph written in each RDF syntax). A mutation then does
what bad exports and attackers do: nests thousands of levels deep, puts a megabyte on one
line, writes numbers no date can hold, gives a JSON field the wrong type, and slips in
control characters, U+FFFD and escaped lone surrogates. Everything is seeded: the same seed
gives the same documents.
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = ROOT / "tests" / "fixtures" / "exports"

# Characters that break naive code: controls, U+FFFD, zero-width and bidi marks, a private-use
# code point, non-characters, a BOM in the middle, typographic quotes and a NBSP.
HOSTILE_CHARS = (
    "\x01", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028", "\ufffd", "\u200b", "\u202e",
    "\ue000", "\ufffe", "\uffff", "\ufeff", "\u00a0", "\u201c", "{", "}", "[", "]", "<", ">", "\\", "%",
    "#", "|", "^", "`", '"', "@", "\t", "\n", "\r", " ",
)
HOSTILE_NUMBERS = (
    "446744551616", "99999999999999999999999999", "-1", "0", "-0", "1e308", "1e999", "NaN",
    "00000000000000000000007", "9" * 400, "2147483648", "18446744073709551616", "-446744551616",
)
# JSON values of every type, and the wrong type for any field.
HOSTILE_JSON: tuple[object, ...] = (
    446744551616, -1, 0, 1.5e308, 10**40, True, None, "", "\ufffd\x01", "\\ud800", [], {}, [[]], [1, 2],
    {"date-parts": [[446744551616, 13, 40]]}, {"date-parts": [["2012", "x"]]}, {"date-parts": "2012"},
    [{"given": 5, "family": [1]}], ["10.1037/a\ufffd0012345"], "10.1037/a\x01b", {"name": 7}, [None, 3],
)


# Mutated documents are cut here: the hostile part of a document is its shape, not its volume.
MAX_DOCUMENT = 1_100_000


@dataclass(frozen=True)
class Base:
    """A real document of one input format, to mutate."""

    format: str
    suffix: str
    text: str


def base_documents() -> list[Base]:
    """One real document per input format (more where the repository holds more)."""
    bases = [Base(kind, path.suffix, path.read_text(encoding="utf-8")) for kind, path in (
        ("portal record", next((ROOT / "seeds").glob("000_*.txt"))),
        ("search listing", next((ROOT / "seeds").glob("001_*.txt"))),
        ("article page", next((ROOT / "seeds").glob("002_*.txt"))),
        ("RIS", EXPORTS / "zotero.ris"),
        ("RIS", EXPORTS / "endnote.ris"),
        ("RIS", EXPORTS / "scopus.ris"),
        ("BibTeX", EXPORTS / "library.bib"),
        ("MEDLINE", EXPORTS / "pubmed.nbib"),
        ("PubMed XML", EXPORTS / "pubmed.xml"),
        ("Crossref JSON", EXPORTS / "crossref_work.json"),
        ("Crossref JSON", EXPORTS / "crossref_works.json"),
        ("CSL-JSON", EXPORTS / "csl.json"),
    )]
    quads = list(ox.parse((ROOT / "tests" / "fixtures" / "mini.trig").read_bytes(), format=ox.RdfFormat.TRIG))
    triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads))
    for kind, fmt, suffix, items in (
        ("Turtle", ox.RdfFormat.TURTLE, ".ttl", triples), ("N-Triples", ox.RdfFormat.N_TRIPLES, ".nt", triples),
        ("RDF/XML", ox.RdfFormat.RDF_XML, ".rdf", triples), ("JSON-LD", ox.RdfFormat.JSON_LD, ".jsonld", triples),
        ("TriG", ox.RdfFormat.TRIG, ".trig", quads), ("N-Quads", ox.RdfFormat.N_QUADS, ".nq", quads),
    ):
        prefixes = {"psk": "https://w3id.org/peer-support-kg/ontology#"} if suffix in (".ttl", ".trig") else None
        text = ox.serialize(items, format=fmt, prefixes=prefixes).decode("utf-8")
        bases.append(Base(kind, suffix, json.dumps(json.loads(text), indent=1) if suffix == ".jsonld" else text))
    return bases


def _span(rng: random.Random, text: str) -> tuple[int, int]:
    start = rng.randrange(len(text) + 1)
    return start, min(len(text), start + rng.choice((1, 5, 40, 400, 4000)))


def _line_bounds(rng: random.Random, text: str) -> tuple[int, int]:
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    start = rng.choice(starts)
    end = text.find("\n", start)
    return start, len(text) if end < 0 else end


def _size(rng: random.Random) -> int:
    return rng.choice((2_000, 20_000, 200_000, 1_000_000))


def flip(rng: random.Random, text: str) -> str:
    """Hostile characters at random places."""
    chars = list(text)
    for _ in range(rng.choice((1, 3, 20, 200))):
        chars.insert(rng.randrange(len(chars) + 1), rng.choice(HOSTILE_CHARS))
    return "".join(chars)


def cut(rng: random.Random, text: str) -> str:
    """Delete a span, duplicate a span, or cut the file short."""
    start, end = _span(rng, text)
    action = rng.randrange(3)
    if action == 0:
        return text[:start] + text[end:]
    if action == 1:
        return text[:end] + text[start:end] * rng.choice((2, 50, 2000)) + text[end:]
    return text[:start]


def huge_line(rng: random.Random, text: str) -> str:
    """One line grown to up to a megabyte: its own text repeated, or one character."""
    start, end = _line_bounds(rng, text)
    line = text[start:end] or "x"
    size = _size(rng)
    grown = (line * (size // len(line) + 1))[:size] if rng.random() < 0.5 else rng.choice("a -[{(<@,;.0\\") * size
    return text[:start] + grown + text[end:]


def many_lines(rng: random.Random, text: str) -> str:
    """Tens of thousands of blank, white-space or repeated lines in one place."""
    start, end = _line_bounds(rng, text)
    line = rng.choice(("", "  ", "\t", " \t ", text[start:end], "@", "[1]", "TY  - JOUR", "PMID- 1", "%"))
    count = rng.choice((1_000, 20_000, 60_000))
    return text[:start] + (line + "\n") * count + text[start:]


def numbers(rng: random.Random, text: str) -> str:
    """Digit runs (years, volumes, pages, counts, positions) replaced by numbers out of every range."""
    runs = list(re.finditer(r"\d+", text))
    if not runs:
        return text + rng.choice(HOSTILE_NUMBERS)
    chosen = {m.start() for m in rng.sample(runs, min(len(runs), rng.choice((1, 5, 50))))}
    return re.sub(r"\d+", lambda m: rng.choice(HOSTILE_NUMBERS) if m.start() in chosen else m.group(), text)


def deep(rng: random.Random, text: str) -> str:
    """Nesting thousands of levels deep at a random place, in the syntax the format nests with."""
    depth = rng.choice((200, 5_000, 100_000))
    opening, closing = rng.choice((("[", "]"), ("{", "}"), ("(", ")"), ("<a>", "</a>"), ("[ <p> ", " ]"),
                                   ('{"a":', "}"), ("\\textbf{", "}"), ("<i>", "</i>")))
    at = rng.randrange(len(text) + 1)
    middle = opening * depth + ("1" if opening.endswith(":") else "") + closing * rng.choice((depth, depth // 2))
    return text[:at] + middle + text[at:]


def escapes(rng: random.Random, text: str) -> str:
    """Escapes that decode to what no store holds: lone surrogates, controls, non-characters."""
    escape = rng.choice(("\\ud800", "\\udfff", "\\u0000", "\\u0001", "\\uffff", "&#1;", "&#xD800;", "&#xFFFE;",
                         "\\char\"D800", "\\u{110000}", "%00", "%zz", "\\U0010FFFF", "\\x00"))
    at = rng.randrange(len(text) + 1)
    return text[:at] + escape * rng.choice((1, 10)) + text[at:]


def _json_paths(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _json_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _json_paths(item, (*path, index))
    return found


def _has(container: dict | list, key: object) -> bool:
    if isinstance(container, dict):
        return key in container
    return isinstance(key, int) and key < len(container)


def wrong_types(rng: random.Random, text: str) -> str:
    """A JSON document with fields set to values of the wrong type, or out of range."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return numbers(rng, text)
    paths = [p for p in _json_paths(data) if p]
    for path in rng.sample(paths, min(len(paths), rng.choice((1, 3, 20)))):
        container = data
        for key in path[:-1]:
            container = container[key] if isinstance(container, dict | list) and _has(container, key) else None
        if isinstance(container, dict | list) and _has(container, path[-1]):
            container[path[-1]] = copy.deepcopy(rng.choice(HOSTILE_JSON))
    return json.dumps(data, indent=rng.choice((None, 2)), ensure_ascii=rng.random() < 0.5)


def splice(rng: random.Random, text: str, other: str) -> str:
    """Half of this document and half of another one (of another format, usually)."""
    return text[: rng.randrange(len(text) + 1)] + other[rng.randrange(len(other) + 1):]


MUTATIONS: dict[str, Callable[[random.Random, str], str]] = {
    "flip": flip,
    "cut": cut,
    "huge-line": huge_line,
    "many-lines": many_lines,
    "numbers": numbers,
    "deep": deep,
    "escapes": escapes,
    "wrong-types": wrong_types,
}


def mutate(rng: random.Random, base: Base, bases: list[Base]) -> tuple[str, str]:
    """One to three mutations of a base document: the mutation names and the text."""
    text, names = base.text, []
    for _ in range(rng.choice((1, 1, 1, 2, 3))):
        if rng.random() < 0.05:
            text, name = splice(rng, text, rng.choice(bases).text), "splice"
        else:
            name = rng.choice(sorted(MUTATIONS))
            text = MUTATIONS[name](rng, text)
        names.append(name)
        if len(text) > MAX_DOCUMENT:
            text = text[:MAX_DOCUMENT]
    return "+".join(names), text
