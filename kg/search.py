"""Full-text search: an SQLite FTS5 index of one build's titles, abstracts, keywords and names.

One row per entity that has any of them (works with their authors' names and journal title,
people, journals, organisations, concepts). The porter tokenizer stems English words, so
"trials" finds "trial"; queries use FTS5's language: ``hope AND trial``, ``"peer support"``
(a phrase), ``empower*`` (a prefix), ``NEAR(a b, 5)``, ``OR``, ``NOT``. Results are ranked
by BM25 with titles weighing most.

Run as ``python -m kg.search BUILD_DIR OUT.sqlite`` (the server does, once per build).
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KGError
from kg.namespaces import DCTERMS, FABIO, FOAF, PSK, RDF, RDFS, SCHEMA, SKOS

__all__ = ["Hit", "TextQueryError", "build_index", "search"]

# column weights for bm25(): iri and kind are not searched; a title counts most, then keywords
WEIGHTS = (0.0, 0.0, 10.0, 1.0, 4.0, 2.0)
KINDS = (  # the first type a subject has names its kind
    (PSK.Study, "study"),
    (FABIO.Expression, "work"),
    (FOAF.Person, "person"),
    (FABIO.Journal, "journal"),
    (FOAF.Organization, "organisation"),
    (SKOS.Concept, "concept"),
)
BATCH = 5000


class TextQueryError(KGError, ValueError):
    """A full-text query FTS5 cannot read (e.g. an unclosed quote)."""


@dataclass(frozen=True)
class Hit:
    """One match: the entity, its kind, its score (higher is better), title and a snippet."""

    iri: str
    kind: str
    score: float
    title: str
    snippet: str


def _values(store: ox.Store, predicate: object) -> Iterator[tuple[str, str]]:
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None, ox.DefaultGraph()):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
            yield quad.subject.value, quad.object.value


def _links(store: ox.Store, predicate: object) -> Iterator[tuple[str, str]]:
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None, ox.DefaultGraph()):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.NamedNode):
            yield quad.subject.value, quad.object.value


def _texts(store: ox.Store) -> dict[str, dict[str, list[str]]]:
    fields: dict[str, dict[str, list[str]]] = {}

    def add(iri: str, column: str, text: str) -> None:
        fields.setdefault(iri, {}).setdefault(column, []).append(text)

    for predicate in (DCTERMS.title, SKOS.prefLabel):
        for iri, text in _values(store, predicate):
            add(iri, "title", text)
    for iri, text in _values(store, DCTERMS.abstract):
        add(iri, "abstract", text)
    for predicate in (SCHEMA.keywords, PSK.indexKeyword, SKOS.altLabel):
        for iri, text in _values(store, predicate):
            add(iri, "keywords", text)
    names: dict[str, list[str]] = {}
    for predicate in (FOAF.name, RDFS.label):
        for iri, text in _values(store, predicate):
            names.setdefault(iri, []).append(text)
            if predicate == FOAF.name:
                add(iri, "names", text)
    # a work is found by its authors' names and its journal's title too
    for work, person in _links(store, DCTERMS.creator):
        for name in names.get(person, []):
            add(work, "names", name)
    for work, journal in _links(store, DCTERMS.isPartOf):
        for title in fields.get(journal, {}).get("title", []):
            add(work, "names", title)
    return fields


def _kind(store: ox.Store, iri: str) -> str:
    typed = store.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(str(RDF.type)), None, ox.DefaultGraph())
    types = {quad.object.value for quad in typed if not isinstance(quad.object, ox.Triple)}
    return next((kind for cls, kind in KINDS if str(cls) in types), "other")


def build_index(store: ox.Store, path: Path) -> int:
    """Write the index of a store to a new SQLite file (atomically); returns the number of rows."""
    partial = path.with_name(f"{path.name}.partial-{os.getpid()}")
    partial.unlink(missing_ok=True)
    fields = _texts(store)
    rows = 0
    try:
        with sqlite3.connect(partial) as db:
            db.execute("""CREATE VIRTUAL TABLE entity USING fts5(iri UNINDEXED, kind UNINDEXED, title, abstract,
                          keywords, names, tokenize = 'porter unicode61 remove_diacritics 2')""")
            batch = []
            for iri in sorted(fields):
                columns = fields[iri]
                batch.append((iri, _kind(store, iri), *("\n".join(sorted(set(columns.get(c, []))))
                                                         for c in ("title", "abstract", "keywords", "names"))))
                if len(batch) >= BATCH:
                    db.executemany("INSERT INTO entity VALUES (?, ?, ?, ?, ?, ?)", batch)
                    rows += len(batch)
                    batch = []
            db.executemany("INSERT INTO entity VALUES (?, ?, ?, ?, ?, ?)", batch)
            rows += len(batch)
            db.execute("INSERT INTO entity(entity) VALUES ('optimize')")
        db.close()
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return rows


def search(path: Path, text: str, limit: int = 50, kinds: tuple[str, ...] = ()) -> list[Hit]:
    """The best-ranked matches of an FTS5 query (TextQueryError when it cannot be read)."""
    weights = ", ".join(str(w) for w in WEIGHTS)
    where = "entity MATCH ?"
    parameters: list[object] = [text]
    if kinds:
        where += f" AND kind IN ({', '.join('?' for _ in kinds)})"
        parameters += list(kinds)
    query = f"""SELECT iri, kind, -bm25(entity, {weights}) AS score,
                       coalesce(nullif(title, ''), substr(abstract, 1, 90)),
                       snippet(entity, -1, char(2), char(3), ' … ', 24)
                FROM entity WHERE {where} ORDER BY bm25(entity, {weights}), iri LIMIT ?"""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = db.execute(query, [*parameters, limit]).fetchall()
    except sqlite3.OperationalError as error:
        raise TextQueryError(f"cannot read the text query {text!r}: {error} (see FTS5 query syntax: "
                             'words, "a phrase", prefix*, AND, OR, NOT, NEAR(a b, 5))') from error
    finally:
        db.close()
    return [Hit(iri, kind, float(score), title.split("\n")[0], snippet) for iri, kind, score, title, snippet in rows]


def main(argv: list[str]) -> int:
    """``python -m kg.search BUILD_DIR OUT.sqlite``: write the full-text index of one build."""
    if len(argv) != 3:
        print("usage: python -m kg.search BUILD_DIR OUT.sqlite", file=sys.stderr)
        return 2
    build_index(ox.Store.read_only(argv[1]), Path(argv[2]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
