"""The key tables of a build: every document's keys in one SQLite database on disk.

The tables grow with the corpus (about a hundred terms per document), so they are not held
in memory: each document's keys are appended as rows while the documents are mapped, the
indexes are made once when resolution starts, and clustering, settling and linking ask
for what they need with queries that group and filter on disk. Memory then holds only
SQLite's page cache (bounded) and what resolution decides.

Terms are stored as text that sorts as rdflib sorts nodes of one kind (blank nodes, then
IRIs, then literals; within a kind by their text), and read back as the same rdflib terms.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import IdentifiedNode, Node

from kg.resolve.keys import KINDS, VALUE_PROPERTIES, DocumentKeys

# Between a literal's text, language and datatype; neither of the last two can hold it.
_SEP = "\x1f"
# The page cache SQLite may hold, in KiB (a negative cache_size is KiB): the tables' memory bound.
CACHE_KIB = 64 * 1024
PROPS: dict[Node, int] = {prop: number for number, prop in enumerate(VALUE_PROPERTIES)}

_SCHEMA = """
CREATE TABLE node(kind TEXT, term TEXT);               -- rowid: the order nodes were first met
CREATE TABLE value(prop INTEGER, subject TEXT, object TEXT);
CREATE TABLE creator(person TEXT, work TEXT);
CREATE TABLE first_author(work TEXT, family TEXT);
CREATE TABLE author_list(work TEXT, graph TEXT, head TEXT, length INTEGER);
CREATE TABLE abstract(work TEXT, graph TEXT, length INTEGER, digest TEXT);
CREATE TABLE locality(org TEXT, city TEXT);
CREATE TABLE unit(unit TEXT, parent TEXT);               -- rowid: the order units were first met
CREATE TABLE truncated(graph TEXT, work TEXT);
CREATE TABLE canon(alias TEXT PRIMARY KEY, canonical TEXT) WITHOUT ROWID;
"""
_INDEXES = """
CREATE INDEX node_kind ON node(kind, term);
CREATE INDEX value_subject ON value(prop, subject);
CREATE INDEX creator_person ON creator(person);
CREATE INDEX creator_work ON creator(work);
CREATE INDEX first_author_work ON first_author(work);
CREATE INDEX author_list_work ON author_list(work);
CREATE INDEX abstract_work ON abstract(work);
CREATE INDEX truncated_graph ON truncated(graph);
CREATE INDEX canon_canonical ON canon(canonical);
"""


def encode(node: Node) -> str:
    """A term as text: the kind's letter first, so text order is rdflib's order of nodes."""
    if isinstance(node, Literal):
        return f"x{node}{_SEP}{node.language or ''}{_SEP}{node.datatype or ''}"
    if isinstance(node, URIRef):
        return f"u{node}"
    if isinstance(node, BNode):
        return f"b{node}"
    raise TypeError(f"no key for a term of type {type(node).__name__}: {node!r}")


def decode(text: str) -> Node:
    """The rdflib term :func:`encode` wrote."""
    kind, rest = text[0], text[1:]
    if kind == "u":
        return URIRef(rest)
    if kind == "b":
        return BNode(rest)
    if kind == "x":
        lexical, language, datatype = rest.rsplit(_SEP, 2)
        return Literal(lexical, lang=language or None, datatype=URIRef(datatype) if datatype else None)
    raise ValueError(f"not a stored term: {text[:80]!r}")


def lexical(text: str) -> str:
    """The text of a stored term (``str`` of the term it stands for), without making the term."""
    return text[1:].rsplit(_SEP, 2)[0] if text[0] == "x" else text[1:]


def identified(text: str) -> bool:
    """Whether a stored term is an IRI or a blank node (a node resolution may merge)."""
    return text[0] in "ub"


class KeyTables:
    """The union of the documents' keys over a build (what resolution and linking read), on disk.

    ``path`` is where the database goes (a build puts it in its staging folder); without
    one, SQLite keeps a private temporary database that goes when the tables are closed.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.db = sqlite3.connect(str(path) if path is not None else "", isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = {-CACHE_KIB}",
                       "temp_store = FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.create_function("lexical", 1, lexical, deterministic=True)
        self.db.executescript(_SCHEMA)
        self.db.execute("BEGIN")
        self._indexed = False

    def __enter__(self) -> KeyTables:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Let the database go (a temporary one is removed)."""
        self.db.close()

    def add(self, keys: DocumentKeys) -> None:
        """Append one document's keys."""
        if self._indexed:
            raise RuntimeError("the key tables are being read; no document can be added now")
        db, graph = self.db, sys.intern(keys.graph)
        db.executemany("INSERT INTO node VALUES (?, ?)",
                       ((kind, encode(n)) for kind, nodes in keys.nodes.items() for n in nodes))
        db.executemany("INSERT INTO value VALUES (?, ?, ?)",
                       ((PROPS[prop], encode(s), encode(o)) for prop, found in keys.values.items()
                        for s, objects in found.items() for o in objects))
        db.executemany("INSERT INTO creator VALUES (?, ?)", ((encode(c), encode(w)) for w, c in keys.creators))
        db.executemany("INSERT INTO first_author VALUES (?, ?)",
                       ((encode(w), f) for w, families in keys.first_authors.items() for f in families))
        db.executemany("INSERT INTO author_list VALUES (?, ?, ?, ?)",
                       ((encode(a.work), graph, encode(a.head), a.length) for a in keys.author_lists))
        db.executemany("INSERT INTO abstract VALUES (?, ?, ?, ?)",
                       ((encode(a.work), graph, a.length, a.digest) for a in keys.abstracts))
        db.executemany("INSERT INTO locality VALUES (?, ?)",
                       ((encode(o), c) for o, cities in keys.localities.items() for c in cities))
        db.executemany("INSERT INTO unit VALUES (?, ?)", ((encode(u), encode(p)) for u, p in keys.units))
        db.executemany("INSERT INTO truncated VALUES (?, ?)", ((graph, encode(w)) for w in keys.truncated))

    @classmethod
    def of(cls, keys: Iterable[DocumentKeys], path: Path | None = None) -> KeyTables:
        """The tables of some documents' keys."""
        tables = cls(path)
        for item in keys:
            tables.add(item)
        return tables

    def _ready(self) -> sqlite3.Connection:
        """The database, its indexes made (once, after the last document was added)."""
        if not self._indexed:
            if self.db.in_transaction:
                self.db.execute("COMMIT")
            self.db.executescript(_INDEXES)
            self._indexed = True
        return self.db

    def rows(self, query: str, parameters: Sequence[Any] | Mapping[str, Any] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows of a query over the tables (terms as stored: see :func:`decode`)."""
        yield from self._ready().execute(query, parameters)

    def script(self, sql: str) -> None:
        """Run statements that make or fill tables of resolution's own (temporary tables)."""
        self._ready().executescript(sql)

    def insert(self, sql: str, rows: Iterable[tuple[Any, ...]]) -> None:
        """Run one statement for each row."""
        self._ready().executemany(sql, rows)

    def nodes(self, kind: str) -> Iterator[Node]:
        """The nodes of a kind (work, journal, person, organization), each once, in the order first met."""
        assert kind in KINDS
        for (term,) in self.rows("SELECT term FROM node WHERE kind = ? GROUP BY term ORDER BY MIN(rowid)", (kind,)):
            yield decode(term)

    def objects(self, prop: Node, subject: Node) -> set[Node]:
        """The values of a property for a subject, across the documents."""
        found = self.rows("SELECT DISTINCT object FROM value WHERE prop = ? AND subject = ?",
                          (PROPS[prop], encode(subject)))
        return {decode(term) for (term,) in found}

    def units(self) -> Iterator[tuple[Node, Node]]:
        """(unit, parent organisation) pairs, each once, in the order first met."""
        for unit, parent in self.rows("SELECT unit, parent FROM unit GROUP BY unit, parent ORDER BY MIN(rowid)"):
            yield decode(unit), decode(parent)

    def localities(self) -> Iterator[tuple[Node, str]]:
        """(organisation, normalised city) pairs, each once."""
        for org, city in self.rows("SELECT DISTINCT org, city FROM locality"):
            yield decode(org), city

    def set_canonical(self, canonical: Mapping[Node, Node]) -> None:
        """The merges decided so far (alias -> canonical), for queries that see nodes as merged."""
        db = self._ready()
        db.execute("DELETE FROM canon")
        db.executemany("INSERT INTO canon VALUES (?, ?)", ((encode(a), encode(c)) for a, c in canonical.items()))

    def is_node(self, kind: str, node: Node) -> bool:
        """Whether a node is one of a kind as merged: not an alias, and typed so itself or through an alias."""
        term = encode(node)
        found = self.rows("SELECT 1 FROM node WHERE kind = ? AND term IN (SELECT ? WHERE ? NOT IN "
                          "(SELECT alias FROM canon) UNION SELECT alias FROM canon WHERE canonical = ?) LIMIT 1",
                          (kind, term, term, term))
        return next(found, None) is not None

    def merged_values(self, prop: Node, subject: Node) -> set[Node]:
        """The values of a property for a node as merged (its own and its aliases')."""
        term = encode(subject)
        found = self.rows("SELECT DISTINCT object FROM value WHERE prop = ? AND subject IN "
                          "(SELECT ? UNION SELECT alias FROM canon WHERE canonical = ?)", (PROPS[prop], term, term))
        return {decode(t) for (t,) in found}

    def conflicts(self, prop: Node) -> Iterator[tuple[Node, set[Node]]]:
        """The nodes, as merged, that hold more than one value of a property, with their values."""
        found = self.rows(
            "SELECT COALESCE(c.canonical, v.subject) AS s, json_group_array(DISTINCT v.object) FROM value v "
            "LEFT JOIN canon c ON c.alias = v.subject WHERE v.prop = ? GROUP BY s HAVING COUNT(DISTINCT v.object) > 1",
            (PROPS[prop],))
        for subject, objects in found:
            yield decode(subject), {decode(o) for o in json.loads(objects)}


def identified_nodes(nodes: Iterable[Node]) -> list[IdentifiedNode]:
    """The IRIs and blank nodes among some nodes, sorted, each once."""
    return sorted({n for n in nodes if isinstance(n, IdentifiedNode)})
