"""The evidence gap map at /map: roles (rows) by outcomes (columns, grouped by domain), each cell
split by what the studies found (positive, no difference, negative, mixed, unclear).

Built by SPARQL over the graph at request time. A study counts for a role when it studies it
(``psk:studiesRole``) or one of its participant groups has it (``psk:role``); it counts in a cell's
direction when it reports a finding on that outcome in that direction.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from flask import Blueprint, Response, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from kg.namespaces import CONCEPT, PSK
from server.charts import map_svg
from server.facts import Evidence, evidence_for
from server.iris import IriSpace
from server.protocol import ProtocolError, runner
from server.rows import iri_term, select

__all__ = ["DIRECTIONS", "Filters", "Matrix", "blueprint", "build_matrix"]

blueprint = Blueprint("evidence_map", __name__)

DIRECTIONS: tuple[tuple[str, str], ...] = (
    ("Positive", "positive"),
    ("NoDifference", "no difference"),
    ("Negative", "negative"),
    ("Mixed", "mixed"),
    ("Unclear", "unclear"),
)
ROLE_SCHEME = str(CONCEPT["role"])
OUTCOME_SCHEME = str(CONCEPT["outcome"])
MAX_CELL_FINDINGS = 2000


@dataclass(frozen=True)
class Filters:
    """What the map is narrowed to; every field empty means the whole graph."""

    design: str = ""  # a design concept IRI (narrower designs count too)
    country: str = ""  # a place IRI: studies set there or in a place inside it
    year_from: int | None = None
    year_to: int | None = None
    verified: bool = False  # only findings a researcher verified

    @classmethod
    def from_args(cls, args: MultiDict[str, str]) -> Filters:
        """The filters of a request's query string; 400 for a value that is not one."""
        def year(name: str) -> int | None:
            raw = args.get(name, "").strip()
            if not raw:
                return None
            if not raw.isdigit() or len(raw) != 4:
                raise ProtocolError(400, f"{name}={raw!r}: give a four-digit year")
            return int(raw)

        filters = cls(
            design=args.get("design", "").strip(),
            country=args.get("country", "").strip(),
            year_from=year("from"),
            year_to=year("to"),
            verified=args.get("status", "") == "verified",
        )
        for iri in (filters.design, filters.country):
            if iri:
                iri_term(iri)  # refuses what is not an IRI
        return filters

    def patterns(self) -> str:
        """The SPARQL patterns that narrow ?study and ?f."""
        parts = []
        if self.design:
            parts.append(f"?study psk:studyDesign/skos:broader* {iri_term(self.design)} .")
        if self.country:
            parts.append(f"?study psk:setting/psk:country? {iri_term(self.country)} .")
        if self.year_from is not None or self.year_to is not None:
            parts.append("?study dcterms:issued ?issued . BIND(xsd:integer(SUBSTR(STR(?issued), 1, 4)) AS ?year)")
            if self.year_from is not None:
                parts.append(f"FILTER(?year >= {self.year_from})")
            if self.year_to is not None:
                parts.append(f"FILTER(?year <= {self.year_to})")
        if self.verified:
            parts.append("?f psk:status psk:Verified .")
        return "\n".join(parts)

    def query_string(self) -> dict[str, str]:
        """The filters as request arguments (for links that keep them)."""
        args = {"design": self.design, "country": self.country, "status": "verified" if self.verified else ""}
        args["from"] = str(self.year_from) if self.year_from is not None else ""
        args["to"] = str(self.year_to) if self.year_to is not None else ""
        return {name: value for name, value in args.items() if value}


STUDY_ROLE = "{ ?study psk:studiesRole ?role } UNION { ?study psk:hasParticipantGroup/psk:role ?role }"


@dataclass
class Axis:
    """A row or column of the map: a concept, its label and its group (domain or top role)."""

    iri: str
    label: str
    group: str
    group_label: str


@dataclass
class Matrix:
    """The map: rows, columns and the distinct studies per (row, column, direction)."""

    rows: list[Axis]
    columns: list[Axis]
    counts: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)  # (role, outcome) -> direction -> n
    totals: dict[tuple[str, str], int] = field(default_factory=dict)  # distinct studies per cell
    # direction -> the confidence the graph states for machine-extracted findings of that direction
    confidence: dict[str, str] = field(default_factory=dict)

    def stated_confidence(self) -> list[tuple[str, str, int]]:
        """(direction, its label, per cent) for each direction whose machine-extracted findings state one."""
        return [(name, label, round(float(self.confidence[name]) * 100))
                for name, label in DIRECTIONS if name in self.confidence]

    def cell(self, role: str, outcome: str) -> dict[str, int]:
        """Studies per direction in one cell (directions with none left out)."""
        return self.counts.get((role, outcome), {})

    @property
    def column_groups(self) -> list[tuple[str, int]]:
        """(domain label, number of columns) in column order."""
        groups: list[tuple[str, int]] = []
        for column in self.columns:
            if groups and groups[-1][0] == column.group_label:
                groups[-1] = (groups[-1][0], groups[-1][1] + 1)
            else:
                groups.append((column.group_label, 1))
        return groups

    def as_json(self) -> dict[str, object]:
        """The matrix as JSON-ready data."""
        return {
            "directions": [name for name, _ in DIRECTIONS],
            "machine_confidence": dict(sorted(self.confidence.items())),
            "rows": [vars(axis) for axis in self.rows],
            "columns": [vars(axis) for axis in self.columns],
            "cells": [
                {"role": role, "outcome": outcome, "studies": self.totals[(role, outcome)], "by_direction": counts}
                for (role, outcome), counts in sorted(self.counts.items())
            ],
        }

    def as_csv(self) -> str:
        """One line per non-empty cell: role, outcome, domain, studies, then one column per direction."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["role", "role_label", "outcome", "outcome_label", "domain", "studies",
                         *(name for name, _ in DIRECTIONS)])
        labels = {axis.iri: axis for axis in self.rows + self.columns}
        for (role, outcome), counts in sorted(self.counts.items()):
            column = labels[outcome]
            writer.writerow([role, labels[role].label, outcome, column.label, column.group_label,
                             self.totals[(role, outcome)], *(counts.get(name, 0) for name, _ in DIRECTIONS)])
        return out.getvalue()


def _axes(iris: set[str], scheme: str) -> list[Axis]:
    """The concepts, each with its top concept in the scheme, ordered by group and label."""
    if not iris:
        return []
    values = " ".join(iri_term(iri) for iri in sorted(iris))
    rows = select(f"""SELECT ?c ?label ?top ?topLabel WHERE {{ VALUES ?c {{ {values} }}
        OPTIONAL {{ ?c skos:prefLabel ?label }}
        OPTIONAL {{ ?c skos:broader* ?top . {iri_term(scheme)} skos:hasTopConcept ?top
                    OPTIONAL {{ ?top skos:prefLabel ?topLabel }} }} }}""")
    axes: dict[str, Axis] = {}
    for row in rows:
        iri = row["c"].value
        if iri in axes and axes[iri].group:
            continue
        label = row["label"].value if "label" in row else iri.rsplit("/", 1)[-1]
        top = row["top"].value if "top" in row else ""
        axes[iri] = Axis(iri, label, top, row["topLabel"].value if "topLabel" in row else "other")
    tops = {axis.group for axis in axes.values()}
    # a domain's own column comes first in its group
    return sorted(axes.values(), key=lambda a: (a.group not in tops, a.group_label.casefold(),
                                                a.iri != a.group, a.label.casefold()))


def build_matrix(filters: Filters) -> Matrix:
    """The map for the filters: one query for the counts, one for the axes' labels and domains."""
    rows = select(f"""SELECT ?role ?outcome ?direction (COUNT(DISTINCT ?study) AS ?n) WHERE {{
        ?study psk:reports ?f . ?f psk:outcome ?outcome ; psk:direction ?direction .
        {STUDY_ROLE}
        {filters.patterns()} }} GROUP BY ?role ?outcome ?direction""")
    totals = select(f"""SELECT ?role ?outcome (COUNT(DISTINCT ?study) AS ?n) WHERE {{
        ?study psk:reports ?f . ?f psk:outcome ?outcome ; psk:direction ?direction .
        {STUDY_ROLE}
        {filters.patterns()} }} GROUP BY ?role ?outcome""")
    matrix = Matrix(_axes({r["role"].value for r in rows}, ROLE_SCHEME),
                    _axes({r["outcome"].value for r in rows}, OUTCOME_SCHEME))
    for row in rows:
        direction = row["direction"].value.removeprefix(str(PSK))
        matrix.counts.setdefault((row["role"].value, row["outcome"].value), {})[direction] = row["n"].as_int()
    for row in totals:
        matrix.totals[(row["role"].value, row["outcome"].value)] = row["n"].as_int()
    if not filters.verified:
        # the confidence of machine-extracted findings: the extractor's precision per direction on unseen text
        stated = select("""SELECT ?direction (MIN(?c) AS ?confidence) WHERE {
            ?f a psk:Finding ; psk:direction ?direction ; psk:status psk:MachineExtracted ; psk:confidence ?c }
            GROUP BY ?direction""")
        matrix.confidence = {row["direction"].value.removeprefix(str(PSK)): row["confidence"].value for row in stated}
    return matrix


@dataclass
class CellStudy:
    """A study of one cell, with the findings that put it there."""

    iri: str
    title: str
    year: str
    findings: list[tuple[str, str, list[Evidence]]]  # (finding IRI, direction, evidence)


def cell_studies(role: str, outcome: str, filters: Filters) -> list[CellStudy]:
    """The studies of one cell and the evidence sentence of each of their findings there."""
    rows = select(f"""SELECT DISTINCT ?study ?title ?issued ?f ?direction WHERE {{
        BIND({iri_term(role)} AS ?role) BIND({iri_term(outcome)} AS ?outcome)
        ?study psk:reports ?f . ?f psk:outcome ?outcome ; psk:direction ?direction .
        {STUDY_ROLE}
        {filters.patterns()}
        OPTIONAL {{ ?study dcterms:title ?title }} OPTIONAL {{ ?study dcterms:issued ?issued }}
    }} ORDER BY DESC(?issued) ?study ?f LIMIT {MAX_CELL_FINDINGS}""")
    evidence = evidence_for(row["f"].value for row in rows)
    studies: dict[str, CellStudy] = {}
    for row in rows:
        iri = row["study"].value
        study = studies.setdefault(iri, CellStudy(
            iri, row["title"].value if "title" in row else "", row["issued"].value[:4] if "issued" in row else "", []))
        finding = row["f"].value
        if all(finding != known for known, _, _ in study.findings):
            study.findings.append((finding, row["direction"].value.removeprefix(str(PSK)), evidence.get(finding, [])))
    return list(studies.values())


def _options() -> dict[str, list[tuple[str, str]]]:
    designs = select("""SELECT DISTINCT ?c ?label WHERE { ?study psk:reports ?f ; psk:studyDesign ?d .
        ?d skos:broader* ?c . ?c skos:prefLabel ?label } ORDER BY ?label""")
    countries = select("""SELECT DISTINCT ?c ?label WHERE { ?study psk:reports ?f ; psk:setting/psk:country? ?c .
        ?c psk:placeKind "country" ; rdfs:label ?label } ORDER BY ?label""")
    return {
        "designs": [(row["c"].value, row["label"].value) for row in designs],
        "countries": [(row["c"].value, row["label"].value) for row in countries],
    }


def _filters() -> Filters:
    return Filters.from_args(request.args)


@blueprint.get("/map")
def matrix() -> Response:
    """The map as a page: filters, the matrix with counts and bars per cell, and its downloads."""
    filters = _filters()
    page = render_template(
        "map.html",
        matrix=build_matrix(filters),
        filters=filters,
        options=_options(),
        directions=DIRECTIONS,
        args=filters.query_string(),
    )
    return Response(page, content_type="text/html; charset=utf-8")


@blueprint.get("/map.json")
def matrix_json() -> Response:
    """The map as JSON."""
    data = build_matrix(_filters()).as_json()
    return Response(json.dumps(data, indent=1), content_type="application/json")


@blueprint.get("/map.csv")
def matrix_csv() -> Response:
    """The map as CSV, one line per non-empty cell."""
    response = Response(build_matrix(_filters()).as_csv(), content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="evidence-map.csv"'
    return response


@blueprint.get("/map.svg")
def matrix_svg() -> Response:
    """The map as an SVG picture (for papers and slides)."""
    return Response(map_svg(build_matrix(_filters()), DIRECTIONS), content_type="image/svg+xml")


@blueprint.get("/map/cell")
def cell() -> Response:
    """The studies of one cell, with the evidence sentence of each finding."""
    role, outcome = request.args.get("role", ""), request.args.get("outcome", "")
    if not role or not outcome:
        raise ProtocolError(400, "a cell needs role=IRI and outcome=IRI (open it from the map at /map)")
    filters = _filters()
    labels = _axes({role}, ROLE_SCHEME) + _axes({outcome}, OUTCOME_SCHEME)
    page = render_template(
        "map_cell.html",
        role=labels[0] if labels else None,
        outcome=labels[-1] if labels else None,
        studies=cell_studies(role, outcome, filters),
        directions=dict(DIRECTIONS),
        back=url_for("evidence_map.matrix", **filters.query_string()),  # type: ignore[arg-type]  # str values
        space=IriSpace(runner().settings.base_iri),
    )
    return Response(page, content_type="text/html; charset=utf-8")
