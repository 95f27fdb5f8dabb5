"""Linked-data pages: every IRI the graph mints dereferences here, as HTML, Turtle, N-Triples or JSON-LD.

``/resource/<path>`` describes ``<base IRI><path>`` and ``/concept/<path>`` a concept of
the project's schemes. The form is chosen by ``Accept`` or by a suffix (``.html``, ``.ttl``,
``.nt``, ``.jsonld``); the answer is always ``200`` with ``Content-Location`` naming the
suffixed form sent, ``Vary: Accept``, and ``Link`` headers to the other forms (no
redirects: one request gets the document).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, render_template, request

from kg.namespaces import FABIO, PSK, SKOS
from server.facts import Description, describe, short_name
from server.formats import JSON_LD, N_TRIPLES, TURTLE, parse_accept, quality
from server.iris import IriSpace
from server.protocol import ProtocolError, plain, runner
from server.rows import ask, graph_answer, iri_term
from server.summaries import concept_summary, study_summary

__all__ = ["PAGE_FORMS", "PageForm", "blueprint", "iri_space", "page_form"]

blueprint = Blueprint("resources", __name__)

TRUNCATED_HEADER = "X-SPARQL-Truncated"
MAX_INCOMING_TRIPLES = 10_000  # incoming links in an RDF description at most


@dataclass(frozen=True)
class PageForm:
    """One form a resource is sent in."""

    suffix: str
    media_type: str
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        """The Content-Type header value."""
        return self.media_type + ("; charset=utf-8" if self.media_type.startswith("text/") else "")


HTML = PageForm("html", "text/html", ("application/xhtml+xml",))
PAGE_FORMS: tuple[PageForm, ...] = (
    HTML,  # first: the default for */* and for an Accept naming nothing we send
    PageForm("ttl", TURTLE.media_type, TURTLE.aliases),
    PageForm("nt", N_TRIPLES.media_type, N_TRIPLES.aliases),
    PageForm("jsonld", JSON_LD.media_type, JSON_LD.aliases),
)
BY_SUFFIX = {form.suffix: form for form in PAGE_FORMS}


def iri_space() -> IriSpace:
    """The IRIs this server dereferences, under its configured base."""
    return IriSpace(runner().settings.base_iri)


def page_form(accept: str) -> PageForm | None:
    """The form an Accept header prefers (HTML when it names nothing better); None: nothing acceptable."""
    ranges = parse_accept(accept) if accept.strip() else ()
    if not ranges:
        return HTML
    scored = [(quality(ranges, f.media_type, f.aliases), -i, f) for i, f in enumerate(PAGE_FORMS)]
    (q, _, _), _, chosen = max(scored, key=lambda item: (item[0], item[1]))
    return chosen if q > 0 else None


def _split_suffix(rest: str, iri_of: str) -> tuple[str, PageForm | None]:
    """The resource path and the form its suffix asks for (None: negotiate)."""
    stem, dot, suffix = rest.rpartition(".")
    form = BY_SUFFIX.get(suffix) if dot and "/" not in suffix else None
    if form is None:
        return rest, None
    # an IRI of the graph that itself ends in a suffix (a DOI can) is the resource, not a form of it
    if ask(f"ASK {{ {{ {iri_term(iri_of + rest)} ?p ?o }} UNION {{ ?s ?p {iri_term(iri_of + rest)} }} }}"):
        return rest, None
    return stem, form


def _links(path: str, sent: PageForm) -> str:
    links = [
        f'<{path}.{form.suffix}>; rel="alternate"; type="{form.media_type}"' for form in PAGE_FORMS if form != sent
    ]
    return ", ".join([f'<{path}>; rel="canonical"', *links])


def _rdf(iri: str, form: PageForm) -> Response:
    term = iri_term(iri)
    # the resource's own triples, and the links that point at it
    query = f"""CONSTRUCT {{ {term} ?p ?o . ?s ?q {term} }} WHERE {{
        {{ {term} ?p ?o }} UNION {{ {{ SELECT ?s ?q WHERE {{ ?s ?q {term} }} LIMIT {MAX_INCOMING_TRIPLES} }} }} }}"""
    answer = graph_answer(query, form.media_type)
    if not answer.body.strip(b"[]{}\n #"):
        raise ProtocolError(404, f"nothing is known about <{iri}> in this graph")
    response = Response(answer.body, content_type=answer.media_type)
    if answer.truncated:
        response.headers[TRUNCATED_HEADER] = "true"
    return response


KIND_TEMPLATES = {str(PSK.Study): "study", str(FABIO.Expression): "study", str(SKOS.Concept): "concept"}


def _html(description: Description) -> Response:
    kinds = {KIND_TEMPLATES[t] for t in description.types if t in KIND_TEMPLATES}
    page = render_template(
        "resource.html",
        d=description,
        study=study_summary(description.iri) if "study" in kinds else None,
        concept=concept_summary(description.iri) if "concept" in kinds else None,
        space=iri_space(),
        short_name=short_name,
    )
    return Response(page, content_type=HTML.content_type)


def serve(route: str, rest: str) -> Response:
    """Describe the IRI a local path names, in the form asked for."""
    space = iri_space()
    prefix = space.iri(route, "")
    rest, form = _split_suffix(rest, prefix)
    iri = prefix + rest
    path = f"/{route}/{rest}"
    if form is None:
        form = page_form(request.headers.get("Accept", ""))
        if form is None:
            offered = ", ".join(f.media_type for f in PAGE_FORMS)
            return plain(406, f"cannot send <{iri}> as {request.headers.get('Accept')!r}; this page is sent as "
                              f"{offered} (or add .html, .ttl, .nt or .jsonld to the path)")
    if form is HTML:
        description = describe(iri)
        if not description.exists:
            raise ProtocolError(404, f"nothing is known about <{iri}> in this graph")
        response = _html(description)
    else:
        response = _rdf(iri, form)
    response.headers["Content-Location"] = f"{path}.{form.suffix}"
    response.headers["Link"] = _links(path, form)
    response.vary.add("Accept")
    return response


@blueprint.get("/resource/<path:rest>")
def resource(rest: str) -> Response:
    """A resource minted under the base IRI."""
    return serve("resource", rest)


@blueprint.get("/concept/<path:rest>")
def concept(rest: str) -> Response:
    """A concept of the project's schemes (roles, outcomes, designs)."""
    return serve("concept", rest)
