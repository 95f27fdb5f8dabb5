"""Full-text search: the magic property ``psk:textMatch`` inside SPARQL, and the search page at /search.

A query may hold the triple pattern ``?work psk:textMatch "hope AND trial" .`` (and, to get
the BM25 score, ``?work psk:textScore ?score .``). Before the query reaches the store, the
server runs the text query against the build's FTS5 index (:mod:`kg.search`) and puts the
best-ranked matches in place of those patterns as ``VALUES``, so the rest of the query
joins with them like any other pattern. Write each as its own triple pattern ending in ``.``.
"""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, render_template, request
from markupsafe import Markup, escape

from kg.search import Hit, TextQueryError, search
from server.artefacts import PerBuild
from server.protocol import ProtocolError

__all__ = ["TEXT_MATCH_LIMIT", "blueprint", "install", "rewrite_text_match"]

blueprint = Blueprint("search", __name__)

TEXT_MATCH_LIMIT = 10_000  # matches put into a query at most (the best-ranked)
PAGE_HITS = 50
_PSK = r"(?:psk:|<https://w3id\.org/peer-support-kg/ontology\#)"
# `?work psk:textMatch "hope AND trial" .`
TEXT_MATCH = re.compile(
    r"""(?P<var>[?$]\w+) \s+ """ + _PSK + r"""textMatch>? \s+
        (?P<literal>"(?:[^"\\\n]|\\.)*" | '(?:[^'\\\n]|\\.)*') \s* \.?""",
    re.VERBOSE,
)
# `?work psk:textScore ?score .`
TEXT_SCORE = re.compile(r"(?P<var>[?$]\w+) \s+ " + _PSK + r"textScore>? \s+ (?P<score>[?$]\w+) \s* \.?", re.VERBOSE)
ESCAPES = re.compile(r"\\(.)")
UNESCAPED = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}


def install(app: Flask) -> None:
    """Give the app its text index (``<store>/search/<build>.sqlite``) and start making it now."""
    index = PerBuild(app.extensions["kg"].settings.store, "search", "kg.search", ".sqlite")
    app.extensions["kg-search"] = index
    try:
        index.ready()
    except ProtocolError:
        pass  # no build yet: the first text query makes it


def _index() -> Path:
    path = current_app.extensions["kg-search"].ready()
    if path is None:
        raise ProtocolError(503, "the full-text index of the current build is being made; try again in a few seconds")
    return path  # type: ignore[no-any-return]


def _text(literal: str) -> str:
    return ESCAPES.sub(lambda m: UNESCAPED.get(m[1], m[1]), literal[1:-1])


def _hits(text: str, limit: int) -> list[Hit]:
    try:
        return search(_index(), text, limit=limit)
    except TextQueryError as error:
        raise ProtocolError(400, str(error)) from error


def rewrite_text_match(query: str) -> str:
    """The query with each psk:textMatch (and psk:textScore) pattern replaced by the matches as VALUES."""
    if "textMatch" not in query:
        return query
    scores = {m["var"][1:]: m["score"] for m in TEXT_SCORE.finditer(query)}
    query = TEXT_SCORE.sub(" ", query)

    def values(match: re.Match[str]) -> str:
        var = match["var"]
        hits = _hits(_text(match["literal"]), TEXT_MATCH_LIMIT)
        score = scores.get(var[1:])
        if score is None:
            return f" VALUES {var} {{ {' '.join(f'<{hit.iri}>' for hit in hits)} }} "
        rows = " ".join(f'(<{hit.iri}> "{hit.score!r}"^^<http://www.w3.org/2001/XMLSchema#double>)' for hit in hits)
        return f" VALUES ({var} {score}) {{ {rows} }} "

    return TEXT_MATCH.sub(values, query)


def marked(snippet: str) -> Markup:
    """A snippet with the matched words in <mark> (everything else escaped)."""
    return Markup(str(escape(snippet)).replace("\x02", "<mark>").replace("\x03", "</mark>"))


@blueprint.get("/search")
def results() -> Response:
    """The search page: a box, and the best-ranked studies, people, journals and concepts for its text."""
    text = request.args.get("q", "").strip()
    hits = _hits(text, PAGE_HITS) if text else []
    page = render_template("search.html", q=text, hits=hits, marked=marked)
    return Response(page, content_type="text/html; charset=utf-8")
