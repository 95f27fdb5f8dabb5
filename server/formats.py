"""Result formats and content negotiation, driven by one table of media types.

A query's *form* decides which formats can answer it: SELECT gives solutions,
ASK a boolean, CONSTRUCT and DESCRIBE a graph (and so does the service
description). The client chooses among them with ``Accept`` (q-values honoured)
or with a ``format=`` parameter, which wins when present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox

__all__ = [
    "FORMATS",
    "FORMS",
    "Format",
    "Negotiation",
    "negotiate",
    "parse_accept",
    "quality",
]


@dataclass(frozen=True)
class Format:
    """One serialisation the endpoint can send."""

    media_type: str  # what the Content-Type header says
    names: tuple[str, ...]  # values of ``format=`` that select it
    aliases: tuple[str, ...] = ()  # other media types clients put in Accept for it
    results: ox.QueryResultsFormat | None = None
    rdf: ox.RdfFormat | None = None

    @property
    def content_type(self) -> str:
        """The Content-Type header value (text types state their charset)."""
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")


SPARQL_JSON = Format(
    "application/sparql-results+json",
    ("json", "srj", "sparql-results+json"),
    ("application/json", "text/javascript", "application/javascript"),
    results=ox.QueryResultsFormat.JSON,
)
SPARQL_XML = Format(
    "application/sparql-results+xml",
    ("xml", "srx", "sparql-results+xml"),
    ("application/xml", "text/xml"),
    results=ox.QueryResultsFormat.XML,
)
CSV = Format("text/csv", ("csv",), results=ox.QueryResultsFormat.CSV)
TSV = Format("text/tab-separated-values", ("tsv",), results=ox.QueryResultsFormat.TSV)

TURTLE = Format(
    "text/turtle",
    ("turtle", "ttl", "n3"),  # Turtle is valid N3, which some clients still ask for
    ("application/turtle", "application/x-turtle", "text/n3", "text/rdf+n3"),
    rdf=ox.RdfFormat.TURTLE,
)
N_TRIPLES = Format(
    "application/n-triples", ("nt", "ntriples", "n-triples"), ("text/plain",), rdf=ox.RdfFormat.N_TRIPLES
)
JSON_LD = Format(
    "application/ld+json", ("jsonld", "json-ld", "json"), ("application/json",), rdf=ox.RdfFormat.JSON_LD
)
RDF_XML = Format(
    "application/rdf+xml",
    ("rdfxml", "rdf+xml", "rdf", "xml"),
    ("application/xml", "text/xml"),
    rdf=ox.RdfFormat.RDF_XML,
)
TRIG = Format("application/trig", ("trig",), ("application/x-trig",), rdf=ox.RdfFormat.TRIG)
N_QUADS = Format(
    "application/n-quads", ("nq", "nquads", "n-quads"), ("text/x-nquads",), rdf=ox.RdfFormat.N_QUADS
)

SOLUTION_FORMATS = (SPARQL_JSON, SPARQL_XML, CSV, TSV)  # the first is the default
GRAPH_FORMATS = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML, TRIG, N_QUADS)

# Which formats answer which form of result.
FORMS: dict[str, tuple[Format, ...]] = {
    "solutions": SOLUTION_FORMATS,
    "boolean": SOLUTION_FORMATS,
    "graph": GRAPH_FORMATS,
}
FORMATS: dict[str, Format] = {f.media_type: f for f in SOLUTION_FORMATS + GRAPH_FORMATS}


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header."""

    type: str
    subtype: str
    q: float
    position: int

    def specificity(self, media_type: str) -> int:
        """2 for an exact match, 1 for ``type/*``, 0 for ``*/*``, -1 for no match."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


# `application/sparql-results+json;q=0.9` -> type, subtype and the parameters after ';'
MEDIA_RANGE = re.compile(r"^\s*(?P<type>[\w.+*-]+)/(?P<subtype>[\w.+*-]+)\s*(?P<params>(?:;.*)?)$")
Q_PARAM = re.compile(r";\s*q\s*=\s*(?P<q>[0-9.]+)")  # `;q=0.5`


@lru_cache(maxsize=512)
def parse_accept(header: str) -> tuple[MediaRange, ...]:
    """The media ranges of an Accept header; malformed entries are skipped."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        match = MEDIA_RANGE.match(part)
        if match is None:
            continue
        q_match = Q_PARAM.search(match["params"])
        try:
            q = float(q_match["q"]) if q_match else 1.0
        except ValueError:
            continue
        ranges.append(MediaRange(match["type"].lower(), match["subtype"].lower(), min(q, 1.0), position))
    return tuple(ranges)


def quality(
    ranges: tuple[MediaRange, ...], media_type: str, aliases: tuple[str, ...] = ()
) -> tuple[float, int, int]:
    """(q, specificity, -position) of the most specific range matching the media type.

    Aliases count only when named exactly: ``text/*`` means CSV or TSV, not JSON sent as text/javascript.
    """
    best: tuple[float, int, int] = (0.0, -1, 0)
    candidates = [(media_type, 0), *((alias, 2) for alias in aliases)]
    for candidate, least in candidates:
        for entry in ranges:
            specificity = entry.specificity(candidate)
            if specificity < least:
                continue
            # RFC 9110: the most specific matching range sets the quality
            if specificity > best[1] or (specificity == best[1] and entry.q > best[0]):
                best = (entry.q, specificity, -entry.position)
    return best


def _choose(form: str, accept: str, format_param: str) -> Format | None:
    candidates = FORMS[form]
    if format_param:
        wanted = format_param.strip().lower()
        for candidate in candidates:
            if wanted in candidate.names or wanted == candidate.media_type or wanted in candidate.aliases:
                return candidate
        return None
    ranges = parse_accept(accept) if accept.strip() else ()
    if not ranges:
        return candidates[0]
    scored = [(quality(ranges, c.media_type, c.aliases), -index, c) for index, c in enumerate(candidates)]
    (q, _, _), _, chosen = max(scored, key=lambda item: (item[0], item[1]))
    return chosen if q > 0 else None


@dataclass(frozen=True)
class Negotiation:
    """The format chosen for each form of result (None: nothing acceptable, answer 406)."""

    accept: str
    format_param: str
    chosen: tuple[tuple[str, str | None], ...]

    def for_form(self, form: str) -> Format | None:
        """The format to send a result of this form in."""
        media_type = dict(self.chosen)[form]
        return FORMATS[media_type] if media_type else None

    def explain(self, form: str) -> str:
        """Why nothing was acceptable, and what would have been."""
        offered = ", ".join(f.media_type for f in FORMS[form])
        asked = f"format={self.format_param!r}" if self.format_param else f"Accept: {self.accept!r}"
        names = ", ".join(sorted({n for f in FORMS[form] for n in f.names}))
        return (
            f"cannot send a {form} result as {asked}; this endpoint sends {offered} "
            f"(format= takes one of: {names})"
        )


@lru_cache(maxsize=512)
def negotiate(accept: str, format_param: str = "") -> Negotiation:
    """Choose a format for every form at once, so a worker can answer whatever form the query has."""
    chosen = tuple(
        (form, (c.media_type if (c := _choose(form, accept, format_param)) else None)) for form in FORMS
    )
    return Negotiation(accept, format_param, chosen)
