"""Pictures of the whole graph for the front page: studies per year, and designs by outcome domain."""

from __future__ import annotations

from flask import Blueprint, Response

from kg.namespaces import CONCEPT
from server.charts import bar_chart, count_grid
from server.rows import iri_term, select

__all__ = ["blueprint"]

blueprint = Blueprint("overview", __name__)

SVG = "image/svg+xml"


def _svg(picture: str) -> Response:
    response = Response(picture, content_type=SVG)
    response.headers["Cache-Control"] = "no-cache"  # redrawn from each build
    return response


@blueprint.get("/charts/years.svg")
def years() -> Response:
    """Studies per year of publication, every year between the first and the last shown."""
    rows = select("""SELECT ?year (COUNT(DISTINCT ?study) AS ?n) WHERE { ?study a psk:Study ; dcterms:issued ?issued .
        BIND(SUBSTR(STR(?issued), 1, 4) AS ?year) FILTER(REGEX(?year, "^[0-9]{4}$")) } GROUP BY ?year""")
    counts = {int(row["year"].value): row["n"].as_int() for row in rows}
    bars = [(str(year), counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)] if counts else []
    return _svg(bar_chart(bars, f"Studies per year ({sum(counts.values())} with a year)"))


@blueprint.get("/charts/designs.svg")
def designs() -> Response:
    """Studies per design and outcome domain (a study counts once per domain its findings reach)."""
    rows = select(f"""SELECT ?designLabel ?domainLabel (COUNT(DISTINCT ?study) AS ?n) WHERE {{
        ?study psk:studyDesign ?design ; psk:reports/psk:outcome ?outcome .
        ?outcome skos:broader* ?domain . {iri_term(str(CONCEPT["outcome"]))} skos:hasTopConcept ?domain .
        ?design skos:prefLabel ?designLabel . ?domain skos:prefLabel ?domainLabel }}
        GROUP BY ?designLabel ?domainLabel""")
    counts = {(row["designLabel"].value, row["domainLabel"].value): row["n"].as_int() for row in rows}
    designs_seen = sorted({d for d, _ in counts}, key=str.casefold)
    domains = sorted({d for _, d in counts}, key=str.casefold)
    return _svg(count_grid(designs_seen, domains, counts, "Studies by design and outcome domain"))
