"""What the command line shows: messages grouped by kind and the build's full report (query results: kg.query).

Nothing here prints; :mod:`kg.cli` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["MessageKind", "group_by_kind", "report_text"]

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
