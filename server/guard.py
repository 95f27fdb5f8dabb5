"""What a request's SPARQL text asks the server to do, read before anything runs.

A light tokenizer (comments, strings and IRIs are skipped as whole tokens, so a
keyword inside them never counts) finds what the engine itself cannot be told
to refuse: ``SERVICE`` calls and ``LOAD`` of remote documents, which would make a
public endpoint fetch arbitrary URLs; whether the query names its own dataset
(``FROM``), which decides whether the union default graph applies; and whether
text sent as a query is in fact an update.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from kg.errors import KGError

__all__ = ["RemoteCallError", "TextScan", "check_remote_calls", "scan"]


class RemoteCallError(KGError, ValueError):
    """The text calls a remote endpoint that the allow-list does not name."""


TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)                                # # a comment
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''               # '''long'''
               | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"         # \"\"\"long\"\"\"
               | '(?:[^'\\\n\r]|\\.)*'                       # 'short'
               | "(?:[^"\\\n\r]|\\.)*")                      # "short"
    | (?P<iri><[^<>"{}|^`\\\s]*>)                            # <http://example.org/sparql>
    | (?P<variable>[?$]\w+)                                  # ?study
    | (?P<word>[A-Za-z_:][\w.:%\\-]*)                        # SERVICE, psk:Study, wd:Q42
    """,
    re.VERBOSE | re.DOTALL,
)

UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
PROLOGUE_KEYWORDS = frozenset({"PREFIX", "BASE"})


@dataclass(frozen=True)
class Token:
    """A token the scan cares about."""

    kind: str
    text: str


@dataclass(frozen=True)
class TextScan:
    """What the scan found in a query or update."""

    remote: tuple[str, ...]  # IRIs of SERVICE and LOAD targets, resolved; "?var" for a variable endpoint
    has_dataset_clause: bool  # FROM / FROM NAMED present
    first_keyword: str  # the first keyword after the prologue, upper-cased

    @property
    def is_update(self) -> bool:
        """Whether the text is a SPARQL Update rather than a query."""
        return self.first_keyword in UPDATE_KEYWORDS


def _tokens(text: str) -> list[Token]:
    tokens = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup or ""
        if kind in ("comment", "string"):
            continue
        value = match.group()
        if kind == "word":
            value = value.rstrip(".")  # a prefixed name never ends with '.', a triple does
        tokens.append(Token(kind, value))
    return tokens


def _expand(token: Token, prefixes: dict[str, str], base: str) -> str:
    if token.kind == "iri":
        return urljoin(base, token.text[1:-1]) if base else token.text[1:-1]
    if token.kind == "variable":
        return token.text
    prefix, _, local = token.text.partition(":")
    namespace = prefixes.get(prefix)
    return namespace + local.replace("\\", "") if namespace is not None else token.text


def scan(text: str) -> TextScan:
    """Tokenize the text once and report remote calls, dataset clauses and the kind of request."""
    tokens = _tokens(text)
    prefixes: dict[str, str] = {}
    base = ""
    remote: list[str] = []
    has_dataset = False
    first_keyword = ""
    for index, token in enumerate(tokens):
        upper = token.text.upper() if token.kind == "word" else ""
        following = tokens[index + 1 : index + 4]
        if upper == "PREFIX" and len(following) >= 2 and following[1].kind == "iri":
            prefixes[following[0].text.rstrip(":")] = following[1].text[1:-1]
        elif upper == "BASE" and following and following[0].kind == "iri":
            base = following[0].text[1:-1]
        elif upper in ("SERVICE", "LOAD"):
            targets = [t for t in following if t.text.upper() != "SILENT"]
            if targets:
                remote.append(_expand(targets[0], prefixes, base))
        elif upper == "FROM":
            has_dataset = True
        # in a prologue the only other words are prefix names, which hold a ':'
        if not first_keyword and upper and upper not in PROLOGUE_KEYWORDS and ":" not in token.text:
            first_keyword = upper
    return TextScan(tuple(remote), has_dataset, first_keyword)


def check_remote_calls(found: TextScan, allowlist: tuple[str, ...]) -> None:
    """Raise RemoteCallError unless every SERVICE/LOAD target is on the allow-list."""
    for target in found.remote:
        if target.startswith(("?", "$")):
            raise RemoteCallError(
                f"SERVICE {target}: a variable endpoint is not allowed here; name the endpoint IRI, "
                "and ask the operator to add it to the allow-list (KG_SERVICE_ALLOWLIST)"
            )
        if target not in allowlist:
            allowed = ", ".join(f"<{iri}>" for iri in allowlist) or "none"
            raise RemoteCallError(
                f"<{target}>: this endpoint does not call remote endpoints that its allow-list does not name "
                f"(allowed: {allowed}; the operator sets KG_SERVICE_ALLOWLIST)"
            )
