"""Human pages: the query page at / (YASGUI with the example queries)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Flask, Response, render_template, url_for

from server.iris import IriSpace
from server.protocol import runner

__all__ = ["ExampleQuery", "blueprint", "example_queries", "register"]

blueprint = Blueprint("pages", __name__)

# `# title: Studies per outcome`
TITLE_LINE = re.compile(r"^\#\s*title:\s*(?P<title>\S.*?)\s*$", re.MULTILINE)
# The query page's editor, committed with its licences (see server/vendor.js); checked by create_app().
VENDOR_FILES = ("static/vendor/yasgui.min.js", "static/vendor/yasgui.min.css", "static/vendor/LICENSES.txt")


@dataclass(frozen=True)
class ExampleQuery:
    """One example query of the query page, read from a .rq file."""

    name: str
    title: str
    text: str


def example_queries(folder: Path) -> list[ExampleQuery]:
    """The .rq files of a folder, in file-name order; each must have a '# title:' line, and there is one at least."""
    paths = sorted(folder.glob("*.rq"))
    if not paths:
        raise ValueError(f"{folder}: no example queries (*.rq) found; set KG_EXAMPLES to a folder that has them")
    examples = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        match = TITLE_LINE.search(text)
        if match is None:
            raise ValueError(f"{path}: an example query needs a '# title: ...' comment line")
        examples.append(ExampleQuery(path.stem, match["title"], text))
    return examples


@blueprint.get("/")
def index() -> Response:
    """The query page: a SPARQL editor and results table, and a menu of example queries."""
    settings = runner().settings
    examples = example_queries(settings.examples)
    page = render_template(
        "index.html",
        endpoint=url_for("sparql.endpoint"),
        void=url_for("sparql.void"),
        examples=[{"name": e.name, "title": e.title, "text": e.text} for e in examples],
        spaces=IriSpace(settings.base_iri).spaces,
    )
    return Response(page, content_type="text/html; charset=utf-8")


def register(app: Flask) -> None:
    """Register the human pages: the query page and every page that reads the graph for people."""
    from server import dumps, evidence_map, ontology_page, overview, resources, search
    from server.facts import short_name

    space = IriSpace(app.extensions["kg"].settings.base_iri)
    app.jinja_env.filters["local"] = space.href  # an IRI's page here, or the IRI itself
    app.jinja_env.globals["short_name"] = short_name
    dumps.install(app)
    search.install(app)
    pages = (blueprint, resources.blueprint, evidence_map.blueprint, dumps.blueprint, ontology_page.blueprint,
             search.blueprint, overview.blueprint)
    for page in pages:
        app.register_blueprint(page)
