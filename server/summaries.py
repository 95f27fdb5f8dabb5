"""The parts of a page that read like a researcher's summary: a study's citation, design, participants,
settings, findings and citations; a concept's place in its scheme and its studies."""

from __future__ import annotations

from dataclasses import dataclass, field

from server.facts import Evidence, evidence_for
from server.rows import Row, iri_term, select

__all__ = ["ConceptSummary", "FindingLine", "StudySummary", "WorkLine", "concept_summary", "study_summary"]

MAX_WORKS = 500  # cited, citing or concept works listed at most


@dataclass(frozen=True)
class WorkLine:
    """A work in a list: link, title and year."""

    iri: str
    title: str
    year: str = ""
    note: str = ""


@dataclass
class FindingLine:
    """One finding of a study, as the summary lists it."""

    iri: str
    outcome: str
    outcome_label: str
    direction: str
    direction_label: str
    comparator: str = ""
    population: str = ""
    status: str = ""
    status_label: str = ""
    confidence: str = ""
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class StudySummary:
    """A study as a researcher would summarise it."""

    title: str
    authors: list[tuple[str, str]]  # (person IRI, name) in order
    year: str
    journal: tuple[str, str] | None
    volume: str
    issue: str
    pages: str
    doi: str
    abstract: str
    designs: list[tuple[str, str]]
    roles: list[tuple[str, str]]
    outcomes: list[tuple[str, str]]
    groups: list[tuple[str, str, str, str]]  # (group IRI, size, unit, role label)
    settings: list[tuple[str, str, str]]  # (place IRI, label, country label)
    findings: list[FindingLine]
    cites: list[WorkLine]
    cited_by: list[WorkLine]
    keywords: list[str]

    @property
    def citation(self) -> str:
        """The work cited in one line: authors (year). Title. Journal volume(issue), pages."""
        names = ", ".join(name for _, name in self.authors[:6]) + (", et al." if len(self.authors) > 6 else "")
        parts = [f"{names} ({self.year or 'n.d.'})." if names else f"({self.year or 'n.d.'})."]
        parts.append(self.title.rstrip(".") + "." if self.title else "")
        if self.journal:
            venue = self.journal[1]
            if self.volume:
                venue += f" {self.volume}" + (f"({self.issue})" if self.issue else "")
            if self.pages:
                venue += f", {self.pages}"
            parts.append(venue + ".")
        if self.doi:
            parts.append(f"doi:{self.doi}")
        return " ".join(part for part in parts if part)


def _one(rows: list[Row], name: str) -> str:
    for row in rows:
        if name in row:
            return row[name].value
    return ""


def _pairs(rows: list[Row], iri: str, label: str) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for row in rows:
        key = row[iri].value
        if key not in seen or (label in row and not seen[key]):
            seen[key] = row[label].value if label in row else ""
    return sorted(seen.items(), key=lambda pair: pair[1].casefold())


def _authors(term: str) -> list[tuple[str, str]]:
    # position in the rdf:List = the number of cells from its head to the cell
    rows = select(f"""SELECT ?list ?person ?name (COUNT(?mid) AS ?position) WHERE {{
        {term} bibo:authorList ?list . ?list rdf:rest* ?mid . ?mid rdf:rest* ?cell . ?cell rdf:first ?person .
        OPTIONAL {{ ?person foaf:name ?name }} }} GROUP BY ?list ?cell ?person ?name ORDER BY ?list ?position""")
    lists: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        names = lists.setdefault(row["list"].value, [])
        if all(person != row["person"].value for person, _ in names):
            names.append((row["person"].value, row["name"].value if "name" in row else ""))
    if lists:
        return max(lists.values(), key=len)
    rows = select(
        f"SELECT ?person ?name WHERE {{ {term} dcterms:creator ?person OPTIONAL {{ ?person foaf:name ?name }} }}"
    )
    return _pairs(rows, "person", "name")


def _works(query: str) -> list[WorkLine]:
    rows = select(query + f" LIMIT {MAX_WORKS}")
    lines: dict[str, WorkLine] = {}
    for row in rows:
        iri = row["work"].value
        if iri not in lines:
            lines[iri] = WorkLine(
                iri,
                row["title"].value if "title" in row else "",
                row["year"].value[:4] if "year" in row else "",
                row["note"].value if "note" in row else "",
            )
    return list(lines.values())


WORK_LABELS = """OPTIONAL { ?work dcterms:title ?title } OPTIONAL { ?work dcterms:issued ?year }"""


def _findings(term: str) -> list[FindingLine]:
    rows = select(f"""SELECT ?f ?outcome ?outcomeLabel ?direction ?directionLabel ?comparator ?population
                             ?populationLabel ?status ?statusLabel ?confidence WHERE {{
        {term} psk:reports ?f .
        OPTIONAL {{ ?f psk:outcome ?outcome OPTIONAL {{ ?outcome skos:prefLabel ?outcomeLabel }} }}
        OPTIONAL {{ ?f psk:direction ?direction OPTIONAL {{ ?direction rdfs:label ?directionLabel }} }}
        OPTIONAL {{ ?f psk:comparator ?comparator }}
        OPTIONAL {{ ?f psk:population ?population
                    OPTIONAL {{ ?population skos:prefLabel|rdfs:label ?populationLabel }} }}
        OPTIONAL {{ ?f psk:status ?status OPTIONAL {{ ?status rdfs:label ?statusLabel }} }}
        OPTIONAL {{ ?f psk:confidence ?confidence }} }} ORDER BY ?f""")
    lines: dict[str, FindingLine] = {}
    for row in rows:
        def text(name: str, row: Row = row) -> str:
            return row[name].value if name in row else ""

        iri = row["f"].value
        if iri in lines:
            continue
        lines[iri] = FindingLine(
            iri,
            text("outcome"),
            text("outcomeLabel") or text("outcome").rsplit("/", 1)[-1],
            text("direction"),
            text("directionLabel") or text("direction").rsplit("#", 1)[-1],
            text("comparator"),
            text("populationLabel") or text("population"),
            text("status"),
            text("statusLabel") or text("status").rsplit("#", 1)[-1],
            text("confidence"),
        )
    evidence = evidence_for(lines)
    for iri, line in lines.items():
        line.evidence = evidence.get(iri, [])
    return sorted(lines.values(), key=lambda line: (line.outcome_label.casefold(), line.iri))


def study_summary(iri: str) -> StudySummary:
    """The summary of a work: citation, design, participants, settings, findings and citations."""
    term = iri_term(iri)
    about = select(f"""SELECT ?title ?year ?journal ?journalTitle ?volume ?issue ?start ?end ?doi ?abstract WHERE {{
        OPTIONAL {{ {term} dcterms:title ?title }} OPTIONAL {{ {term} dcterms:issued ?year }}
        OPTIONAL {{ {term} dcterms:isPartOf ?journal OPTIONAL {{ ?journal dcterms:title ?journalTitle }} }}
        OPTIONAL {{ {term} bibo:volume ?volume }} OPTIONAL {{ {term} bibo:issue ?issue }}
        OPTIONAL {{ {term} bibo:pageStart ?start }} OPTIONAL {{ {term} bibo:pageEnd ?end }}
        OPTIONAL {{ {term} bibo:doi ?doi }} OPTIONAL {{ {term} dcterms:abstract ?abstract }} }} LIMIT 50""")
    start, end = _one(about, "start"), _one(about, "end")
    journal = _one(about, "journal")
    concept = "SELECT ?c ?label WHERE {{ {term} {predicate} ?c OPTIONAL {{ ?c skos:prefLabel ?label }} }}"
    groups = select(f"""SELECT ?g ?size ?unit ?roleLabel WHERE {{ {term} psk:hasParticipantGroup ?g .
        OPTIONAL {{ ?g psk:size ?size }} OPTIONAL {{ ?g psk:unit ?unit }}
        OPTIONAL {{ ?g psk:role/skos:prefLabel ?roleLabel }} }} ORDER BY ?g""")
    settings = select(f"""SELECT ?place ?label ?countryLabel WHERE {{ {term} psk:setting ?place .
        OPTIONAL {{ ?place rdfs:label ?label }} OPTIONAL {{ ?place psk:country/rdfs:label ?countryLabel }} }}""")
    keywords = select(f"SELECT DISTINCT ?k WHERE {{ {term} schema:keywords ?k }} ORDER BY ?k")
    return StudySummary(
        title=_one(about, "title"),
        authors=_authors(term),
        year=_one(about, "year")[:4],
        journal=(journal, _one(about, "journalTitle") or journal) if journal else None,
        volume=_one(about, "volume"),
        issue=_one(about, "issue"),
        pages=f"{start}–{end}" if start and end else start,
        doi=_one(about, "doi"),
        abstract=_one(about, "abstract"),
        designs=_pairs(select(concept.format(term=term, predicate="psk:studyDesign")), "c", "label"),
        roles=_pairs(select(concept.format(term=term, predicate="psk:studiesRole")), "c", "label"),
        outcomes=_pairs(select(concept.format(term=term, predicate="psk:studiesOutcome")), "c", "label"),
        groups=list(
            {
                row["g"].value: (
                    row["g"].value,
                    row["size"].value if "size" in row else "",
                    row["unit"].value if "unit" in row else "",
                    row["roleLabel"].value if "roleLabel" in row else "",
                )
                for row in groups
            }.values()
        ),
        settings=list(
            {
                row["place"].value: (
                    row["place"].value,
                    row["label"].value if "label" in row else "",
                    row["countryLabel"].value if "countryLabel" in row else "",
                )
                for row in settings
            }.values()
        ),
        findings=_findings(term),
        cites=_works(f"SELECT ?work ?title ?year WHERE {{ {term} cito:cites ?work {WORK_LABELS} }} ORDER BY ?title"),
        cited_by=_works(f"SELECT ?work ?title ?year WHERE {{ ?work cito:cites {term} {WORK_LABELS} }} ORDER BY ?title"),
        keywords=[row["k"].value for row in keywords],
    )


@dataclass
class ConceptSummary:
    """A concept: its scheme, broader and narrower concepts, matches elsewhere, and the studies about it."""

    scheme: tuple[str, str] | None
    definition: str
    alt_labels: list[str]
    broader: list[tuple[str, str]]
    narrower: list[tuple[str, str]]
    matches: list[tuple[str, str]]  # (property short name, IRI)
    studies: list[WorkLine]


CONCEPT_USES = """{ ?work psk:studyDesign|psk:studiesRole|psk:studiesOutcome ?c }
    UNION { ?work psk:reports/psk:outcome ?c } UNION { ?work psk:hasParticipantGroup/psk:role ?c }"""


def concept_summary(iri: str) -> ConceptSummary:
    """A concept's place in its scheme and the studies that name it or a narrower concept."""
    term = iri_term(iri)
    about = select(f"""SELECT ?scheme ?schemeLabel ?definition WHERE {{
        OPTIONAL {{ {term} skos:inScheme ?scheme OPTIONAL {{ ?scheme skos:prefLabel ?schemeLabel }} }}
        OPTIONAL {{ {term} skos:definition ?definition }} }} LIMIT 10""")
    alt = select(f"SELECT DISTINCT ?label WHERE {{ {term} skos:altLabel ?label }} ORDER BY ?label")
    related = "SELECT ?c ?label WHERE {{ {path} OPTIONAL {{ ?c skos:prefLabel ?label }} }}"
    matches = select(f"""SELECT ?p ?m WHERE {{ VALUES ?p {{ skos:exactMatch skos:closeMatch skos:broadMatch
        skos:narrowMatch skos:relatedMatch owl:sameAs }} {term} ?p ?m }} ORDER BY ?p ?m""")
    scheme = _one(about, "scheme")
    studies = _works(f"""SELECT ?work ?title ?year ?note WHERE {{
        ?c skos:broader* {term} . {CONCEPT_USES}
        OPTIONAL {{ FILTER(?c != {term}) ?c skos:prefLabel ?note }} {WORK_LABELS} }} ORDER BY DESC(?year) ?title""")
    return ConceptSummary(
        scheme=(scheme, _one(about, "schemeLabel") or scheme) if scheme else None,
        definition=_one(about, "definition"),
        alt_labels=[row["label"].value for row in alt],
        broader=_pairs(select(related.format(path=f"{term} skos:broader ?c")), "c", "label"),
        narrower=_pairs(select(related.format(path=f"?c skos:broader {term}")), "c", "label"),
        matches=[(row["p"].value.rsplit("#", 1)[-1], row["m"].value) for row in matches],
        studies=studies,
    )
