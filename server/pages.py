"""Human pages: the query page at / (YASGUI with the example queries)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, current_app, render_template, url_for

from server.protocol import runner

__all__ = ["ExampleQuery", "blueprint", "example_queries"]

blueprint = Blueprint("pages", __name__)

# `# title: Studies per outcome`
TITLE_LINE = re.compile(r"^\#\s*title:\s*(?P<title>\S.*?)\s*$", re.MULTILINE)
VENDOR_FILES = ("yasgui.min.js", "yasgui.min.css")


@dataclass(frozen=True)
class ExampleQuery:
    """One example query of the query page, read from a .rq file."""

    name: str
    title: str
    text: str


def example_queries(folder: Path) -> list[ExampleQuery]:
    """The .rq files of a folder, in file-name order; each must have a '# title:' line."""
    examples = []
    for path in sorted(folder.glob("*.rq")):
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
    static = Path(current_app.static_folder or "")
    examples = example_queries(settings.examples) if settings.examples.is_dir() else []
    page = render_template(
        "index.html",
        endpoint=url_for("sparql.endpoint"),
        void=url_for("sparql.void"),
        examples=[{"name": e.name, "title": e.title, "text": e.text} for e in examples],
        assets=all((static / "vendor" / name).is_file() for name in VENDOR_FILES),
    )
    return Response(page, content_type="text/html; charset=utf-8")
