"""Full-text search: the magic property ``psk:textMatch`` inside SPARQL, and the search page at /search.

A query may hold the triple pattern ``?work psk:textMatch "hope AND trial"`` (and, to get
the BM25 score, ``?work psk:textScore ?score``). Before the query reaches the store, the
server runs the text query against the build's FTS5 index (:mod:`kg.search`) and puts the
best-ranked matches in place of those patterns as ``VALUES`` (:mod:`server.text_match` finds
them in the parsed query), so the rest of the query joins with them like any other pattern.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, render_template, request
from markupsafe import Markup, escape

from kg.search import Hit, TextQueryError, search
from server.artefacts import PerBuild
from server.protocol import ProtocolError
from server.query.execute import PREFIX_MAP
from server.text_match import TextMatchError, rewrite

__all__ = ["TEXT_MATCH_LIMIT", "blueprint", "install", "rewrite_text_match"]

blueprint = Blueprint("search", __name__)

TEXT_MATCH_LIMIT = 10_000  # matches put into a query at most (the best-ranked)
PAGE_HITS = 50


def install(app: Flask) -> None:
    """Give the app its text index (``<store>/search/<build>.sqlite``) and start making it now."""
    settings = app.extensions["kg"].settings
    index = PerBuild(settings.store, "search", "kg.search", ".sqlite", remote=settings.remote)
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


def _hits(text: str, limit: int) -> list[Hit]:
    try:
        return search(_index(), text, limit=limit)
    except TextQueryError as error:
        raise ProtocolError(400, str(error)) from error


def rewrite_text_match(query: str) -> str:
    """The query with each psk:textMatch (and psk:textScore) pattern replaced by the matches as VALUES."""

    def matches(text: str) -> list[tuple[str, float]]:
        return [(hit.iri, hit.score) for hit in _hits(text, TEXT_MATCH_LIMIT)]

    try:
        return rewrite(query, PREFIX_MAP, matches)
    except TextMatchError as error:
        raise ProtocolError(400, str(error)) from error


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
