"""The key tables of a build: every document's keys in one SQLite database on disk.

The tables grow with the corpus (about a hundred terms per document), so they are not held
in memory: each document's keys are appended as rows while the documents are mapped, the
indexes are made once when resolution starts, and clustering, settling and linking ask
for what they need with queries that group and filter on disk. Memory then holds only
SQLite's page cache (bounded) and what resolution decides.

Every row says which document gave it, so that an incremental build can start from the tables
the published build saved and add or take out only the documents that changed; "the order first
met" is the order of the documents in the build, then the order of their rows, whatever order the
documents were added in.

Terms are stored as text that sorts as rdflib sorts nodes of one kind (blank nodes, then
IRIs, then literals; within a kind by their text), and read back as the same rdflib terms.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import IdentifiedNode, Node

from kg.namespaces import FOAF
from kg.resolve.keys import KINDS, VALUE_PROPERTIES, DocumentKeys

# Between a literal's text, language and datatype; neither of the last two can hold it.
_SEP = "\x1f"
# The page cache SQLite may hold, in KiB (a negative cache_size is KiB): the tables' memory bound.
CACHE_KIB = 64 * 1024
_VERSION = 3  # of the tables' layout (SQLite's user_version): saved tables of another layout are not reopened
PROPS: dict[Node, int] = {prop: number for number, prop in enumerate(VALUE_PROPERTIES)}
_NAMES = (FOAF.familyName, FOAF.givenName)  # the values a person's mention row is made of

_SCHEMA = """
CREATE TABLE document(id INTEGER PRIMARY KEY, name TEXT, content TEXT, rank INTEGER);
CREATE TABLE node(kind TEXT, term TEXT, doc INTEGER);    -- rowid: the order met within a document
CREATE TABLE value(prop INTEGER, subject TEXT, object TEXT, doc INTEGER);
CREATE TABLE creator(person TEXT, work TEXT, doc INTEGER);
CREATE TABLE first_author(work TEXT, family TEXT, doc INTEGER);
CREATE TABLE author_list(work TEXT, graph TEXT, head TEXT, length INTEGER, doc INTEGER);
CREATE TABLE abstract(work TEXT, graph TEXT, length INTEGER, digest TEXT, doc INTEGER);
CREATE TABLE locality(org TEXT, city TEXT, doc INTEGER);
CREATE TABLE unit(unit TEXT, parent TEXT, doc INTEGER);  -- rowid: the order met within a document
CREATE TABLE truncated(graph TEXT, work TEXT, doc INTEGER);
CREATE TABLE doc_node(node TEXT, doc INTEGER);           -- the nodes a plan may decide about, in N3
CREATE TABLE canon(alias TEXT PRIMARY KEY, canonical TEXT) WITHOUT ROWID;
-- each person node's names, as person clustering reads them (kg.resolve.clusters keeps it up to date)
CREATE TABLE mention(person TEXT PRIMARY KEY, family TEXT, display TEXT, initial TEXT, givens TEXT) WITHOUT ROWID;
CREATE INDEX mention_block ON mention(family, initial);
"""
# The tables that hold documents' rows (a document's rows go when it goes).
_DOCUMENT_TABLES = ("node", "value", "creator", "first_author", "author_list", "abstract", "locality", "unit",
                    "truncated", "doc_node")
# The order a row was met in: its document's place in the build's order of documents, then its place
# among the rows added (a document's rows are added together, so they keep the order they were met in).
SEQ = "(SELECT rank FROM document WHERE id = {0}.doc) * 4294967296 + {0}.rowid"
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
CREATE INDEX doc_node_node ON doc_node(node);
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

    def __init__(self, path: Path | None = None, *, reopen: bool = False) -> None:
        self.db = sqlite3.connect(str(path) if path is not None else "", isolation_level=None)
        for pragma in ("journal_mode = OFF", "synchronous = OFF", f"cache_size = {-CACHE_KIB}",
                       "temp_store = FILE"):
            self.db.execute(f"PRAGMA {pragma}")
        self.db.create_function("lexical", 1, lexical, deterministic=True)
        if reopen:  # tables saved by an earlier build (indexes made): documents are added and removed in place
            self.db.execute("DELETE FROM canon")
        else:
            self.db.executescript(_SCHEMA)
            self.db.execute(f"PRAGMA user_version = {_VERSION}")
        self.db.execute("BEGIN")
        self._indexed = reopen
        self._reading = False
        # the person nodes whose mention rows may be out of date (None: all of them)
        self._stale: set[str] | None = set() if reopen else None

    @staticmethod
    def readable(saved: Path) -> bool:
        """Whether a file holds tables an earlier build saved in this layout."""
        if not saved.is_file():
            return False
        try:
            db = sqlite3.connect(f"{saved.resolve().as_uri()}?mode=ro", uri=True)
            try:
                return bool(db.execute("PRAGMA user_version").fetchone()[0] == _VERSION)
            finally:
                db.close()
        except sqlite3.Error:
            return False

    @classmethod
    def reopen(cls, saved: Path, path: Path) -> KeyTables:
        """The tables an earlier build saved (see :meth:`save`), copied to ``path`` to be changed there."""
        shutil.copyfile(saved, path)
        return cls(path, reopen=True)

    def __enter__(self) -> KeyTables:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Let the database go (a temporary one is removed)."""
        self.db.close()

    def add(self, keys: DocumentKeys, name: str = "", content: str = "", nodes: Iterable[Node] = ()) -> int:
        """Append one document's keys (``name`` and ``content`` say which document and which version of
        it, for :meth:`documents`; ``nodes``, those a plan may decide about, for :meth:`holding`); returns
        the document's number in the tables."""
        if self._reading:
            raise RuntimeError("the key tables are being read; no document can be added now")
        db, graph = self.db, sys.intern(keys.graph)
        if self._stale is not None:
            self._stale.update(encode(n) for n in keys.nodes.get("person", ()))
            self._stale.update(encode(s) for prop in _NAMES for s in keys.values.get(prop, {}))
        doc = db.execute("INSERT INTO document(name, content, rank) VALUES (?, ?, "
                         "(SELECT COALESCE(MAX(rank), 0) + 1 FROM document))", (name, content)).lastrowid
        assert doc is not None
        db.executemany("INSERT INTO node VALUES (?, ?, ?)",
                       ((kind, encode(n), doc) for kind, nodes in keys.nodes.items() for n in nodes))
        db.executemany("INSERT INTO value VALUES (?, ?, ?, ?)",
                       ((PROPS[prop], encode(s), encode(o), doc) for prop, found in keys.values.items()
                        for s, objects in found.items() for o in objects))
        db.executemany("INSERT INTO creator VALUES (?, ?, ?)",
                       ((encode(c), encode(w), doc) for w, c in keys.creators))
        db.executemany("INSERT INTO first_author VALUES (?, ?, ?)",
                       ((encode(w), f, doc) for w, families in keys.first_authors.items() for f in families))
        db.executemany("INSERT INTO author_list VALUES (?, ?, ?, ?, ?)",
                       ((encode(a.work), graph, encode(a.head), a.length, doc) for a in keys.author_lists))
        db.executemany("INSERT INTO abstract VALUES (?, ?, ?, ?, ?)",
                       ((encode(a.work), graph, a.length, a.digest, doc) for a in keys.abstracts))
        db.executemany("INSERT INTO locality VALUES (?, ?, ?)",
                       ((encode(o), c, doc) for o, cities in keys.localities.items() for c in cities))
        db.executemany("INSERT INTO unit VALUES (?, ?, ?)", ((encode(u), encode(p), doc) for u, p in keys.units))
        db.executemany("INSERT INTO truncated VALUES (?, ?, ?)", ((graph, encode(w), doc) for w in keys.truncated))
        db.executemany("INSERT INTO doc_node VALUES (?, ?)", ((n.n3(), doc) for n in nodes))
        return doc

    def holding(self, nodes: Iterable[str]) -> set[int]:
        """The documents that hold any of some nodes (in N3)."""
        db = self._ready()
        db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted(node TEXT PRIMARY KEY) WITHOUT ROWID")
        db.execute("DELETE FROM temp.wanted")
        db.executemany("INSERT OR IGNORE INTO temp.wanted VALUES (?)", ((n,) for n in nodes))
        return {doc for (doc,) in db.execute(
            "SELECT DISTINCT doc FROM doc_node WHERE node IN (SELECT node FROM temp.wanted)")}

    def documents(self) -> dict[tuple[str, str], int]:
        """The documents whose keys the tables hold: (name, content) -> number."""
        return {(name, content): doc for doc, name, content in self.db.execute(
            "SELECT id, name, content FROM document")}

    def remove(self, docs: Iterable[int]) -> None:
        """Take documents' keys out of the tables."""
        gone = sorted(set(docs))
        if not gone:
            return
        db = self.db
        db.execute("CREATE TEMP TABLE IF NOT EXISTS gone(doc INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM temp.gone")
        db.executemany("INSERT INTO temp.gone VALUES (?)", ((doc,) for doc in gone))
        if self._stale is not None:
            self._stale.update(term for (term,) in db.execute(
                "SELECT term FROM node WHERE kind = 'person' AND doc IN (SELECT doc FROM temp.gone) UNION "
                f"SELECT subject FROM value WHERE prop IN ({', '.join(str(PROPS[p]) for p in _NAMES)}) "
                "AND doc IN (SELECT doc FROM temp.gone)"))
        for table in (*_DOCUMENT_TABLES, "document"):
            column = "id" if table == "document" else "doc"
            db.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT doc FROM temp.gone)")

    def order(self, docs: Sequence[int]) -> None:
        """Put the documents in the build's order (what "the order first met" follows)."""
        self.db.executemany("UPDATE document SET rank = ? WHERE id = ?",
                            ((rank, doc) for rank, doc in enumerate(docs, start=1)))

    def stale_persons(self) -> set[str] | None:
        """The person nodes (as stored) whose mention rows may be out of date since the tables were last
        brought up to date (None: every one); from then on, none."""
        stale, self._stale = self._stale, set()
        return stale

    def save(self, path: Path) -> None:
        """A copy of the tables, their indexes made, for the next build to :meth:`reopen`."""
        self._ready()
        target = sqlite3.connect(str(path))
        try:
            self.db.backup(target)
        finally:
            target.close()

    @classmethod
    def of(cls, keys: Iterable[DocumentKeys], path: Path | None = None) -> KeyTables:
        """The tables of some documents' keys."""
        tables = cls(path)
        for item in keys:
            tables.add(item)
        return tables

    def _ready(self) -> sqlite3.Connection:
        """The database, its indexes made (once, after the last document was added)."""
        if not self._reading:
            if self.db.in_transaction:
                self.db.execute("COMMIT")
            if not self._indexed:
                self.db.executescript(_INDEXES)
            self._indexed = self._reading = True
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
        order = SEQ.format("node")
        for (term,) in self.rows(f"SELECT term FROM node WHERE kind = ? GROUP BY term ORDER BY MIN({order})", (kind,)):
            yield decode(term)

    def objects(self, prop: Node, subject: Node) -> set[Node]:
        """The values of a property for a subject, across the documents."""
        found = self.rows("SELECT DISTINCT object FROM value WHERE prop = ? AND subject = ?",
                          (PROPS[prop], encode(subject)))
        return {decode(term) for (term,) in found}

    def units(self) -> Iterator[tuple[Node, Node]]:
        """(unit, parent organisation) pairs, each once, in the order first met."""
        order = SEQ.format("unit")
        for unit, parent in self.rows(f"SELECT unit, parent FROM unit GROUP BY unit, parent ORDER BY MIN({order})"):
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
