"""What the command line shows: messages grouped by kind, the build's full report, query results as text.

Nothing here prints; :mod:`kg.cli` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

__all__ = ["RESULT_FORMATS", "MessageKind", "format_results", "group_by_kind", "report_text"]

# `seeds/001_x.txt:33: ` or `seeds/001_x.txt: ` at the start of a message
LOCATION = re.compile(r"^\S+?(?::\d+)?: ")
# `<https://w3id.org/...>`: the node differs from message to message, the kind does not
IRI = re.compile(r"<[^<>\s]*>")
# the excerpt a record error ends with: `...: '◽ Vol 3 (2) ◽ pp. 1-9'`
EXCERPT = re.compile(r""": (?:'[^']*'|"[^"]*")$""")
NUMBER = re.compile(r"\d+")


@dataclass(frozen=True)
class MessageKind:
    """Messages of one kind: how many, and the first few as examples."""

    kind: str
    count: int
    examples: tuple[str, ...]


def message_kind(message: str) -> str:
    """The kind of a message: without its location, nodes, excerpt and numbers."""
    kind = EXCERPT.sub("", LOCATION.sub("", message, count=1))
    return NUMBER.sub("N", IRI.sub("<…>", kind))


def group_by_kind(messages: Iterable[str], examples: int = 3) -> list[MessageKind]:
    """Messages grouped by kind, the commonest first, each with its first few examples."""
    groups: dict[str, list[str]] = {}
    for message in messages:
        groups.setdefault(message_kind(message), []).append(message)
    ordered = sorted(groups.items(), key=lambda item: (-len(item[1]), item[0]))
    return [MessageKind(kind, len(found), tuple(found[:examples])) for kind, found in ordered]


def report_text(sections: Sequence[tuple[str, Sequence[str]]]) -> str:
    """The full build report: every message of every section, under a heading with its count."""
    parts = []
    for title, messages in sections:
        parts.append(f"# {title}: {len(messages)}")
        parts.extend(messages)
        parts.append("")
    return "\n".join(parts)


RESULT_FORMATS: dict[str, ox.QueryResultsFormat | None] = {
    "table": None,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}


def _cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value  # whole: an IRI can be copied into `kg explain`
    return str(term)


def _table(solutions: ox.QuerySolutions) -> str:
    header = [v.value for v in solutions.variables]
    rows = [[_cell(solution[v]) for v in solutions.variables] for solution in solutions]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        return " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    lines = [line(header), "-+-".join("-" * w for w in widths), *map(line, rows), f"({len(rows)} rows)"]
    return "\n".join(lines) + "\n"


def format_results(result: ox.QuerySolutions | ox.QueryBoolean, fmt: str) -> bytes:
    """SELECT or ASK results as a table (whole terms, never cut), or as SPARQL 1.1 CSV, TSV or JSON."""
    results_format = RESULT_FORMATS[fmt]
    if results_format is None and isinstance(result, ox.QuerySolutions):
        return _table(result).encode()
    if results_format is None:
        return b"true\n" if bool(result) else b"false\n"
    data = result.serialize(format=results_format) or b""
    return data if data.endswith(b"\n") else data + b"\n"
