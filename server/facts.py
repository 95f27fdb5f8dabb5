"""What a resource page shows: every fact about one IRI, where each came from, and its evidence.

All of it is read with a handful of SELECT queries through the query runner
(:mod:`server.rows`); nothing here knows about HTTP.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.namespaces import OA, PREFIXES, RDF
from server.rows import Node, Row, iri_term, select

__all__ = [
    "Description",
    "Evidence",
    "Fact",
    "Source",
    "Span",
    "describe",
    "evidence_for",
    "highlight",
    "labels_for",
    "short_name",
]

MAX_OUT = 5000  # facts about one resource shown at most
MAX_IN = 2000  # incoming links shown at most
LABEL_PATH = "skos:prefLabel|dcterms:title|foaf:name|rdfs:label"
RDF_TYPE = str(RDF.type)


@dataclass(frozen=True)
class Source:
    """A named graph a fact stands in, and the document it was made from."""

    number: int
    graph: str
    document: str = ""  # the source document's IRI
    sha256: str = ""
    path: str = ""  # the file the build read
    mapper: str = ""  # the mapper's IRI


@dataclass
class Fact:
    """One triple about the resource: predicate, the other end, and the sources that state it."""

    predicate: str
    node: Node
    sources: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Span:
    """A piece of highlighted text: marked when it is the quoted span."""

    text: str
    marked: bool


@dataclass(frozen=True)
class Evidence:
    """Where in a text a fact was read: the sentence with the quoted span marked, status and confidence."""

    subject: str  # the fact's node (finding, group, statement)
    spans: tuple[Span, ...]
    document: str = ""  # what the selectors point into (source document or work)
    start: int | None = None
    end: int | None = None
    status: str = ""  # psk:MachineExtracted or psk:Verified
    confidence: str = ""

    @property
    def exact(self) -> str:
        """The quoted span."""
        return "".join(span.text for span in self.spans if span.marked)


@dataclass
class Description:
    """Everything a page says about one IRI."""

    iri: str
    types: list[str]
    literals: list[Fact]
    links_out: list[Fact]
    links_in: list[Fact]
    sources: list[Source]
    labels: dict[str, str]
    evidence: dict[tuple[str, str], list[Evidence]]  # (predicate, object) -> evidence of that fact
    own_evidence: list[Evidence]  # evidence of the resource itself (a finding, a group)
    cut: bool = False  # more facts than shown

    @property
    def exists(self) -> bool:
        """Whether the graph says anything about the IRI."""
        return bool(self.types or self.literals or self.links_out or self.links_in)

    @property
    def label(self) -> str:
        """The best name for the resource."""
        return self.labels.get(self.iri) or short_name(self.iri)


def short_name(iri: str) -> str:
    """A readable short form of an IRI: a prefixed name, else its last segment."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)) and len(iri) > len(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)):]}"
    parts = iri.rstrip("/#").replace("#", "/").rsplit("/", 2)
    if len(parts) == 3 and parts[2].isdigit():  # `.../finding/3`, `.../group/1`: name the part and its number
        return f"{parts[1]} {parts[2]}"
    return parts[-1] or iri


def _values(iris: Iterable[str]) -> str:
    return " ".join(iri_term(iri) for iri in sorted(set(iris)))


def _best_label(rows: list[Row]) -> dict[str, str]:
    found: dict[str, tuple[int, str]] = {}
    for row in rows:
        iri, label = row["x"].value, row["label"]
        rank = 0 if label.language in ("en", "") else 1
        if iri not in found or (rank, label.value) < found[iri]:
            found[iri] = (rank, label.value)
    return {iri: value for iri, (_, value) in found.items()}


def labels_for(iris: Iterable[str]) -> dict[str, str]:
    """The best label of each IRI that has one (English preferred)."""
    wanted = sorted(set(iris))
    labels: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        rows = select(f"SELECT ?x ?label WHERE {{ VALUES ?x {{ {_values(chunk)} }} ?x {LABEL_PATH} ?label }}")
        labels.update(_best_label(rows))
    return labels


def _sources(graphs: list[str]) -> list[Source]:
    if not graphs:
        return []
    rows = select(f"""SELECT ?g ?document ?sha ?path ?mapper WHERE {{
        VALUES ?g {{ {_values(graphs)} }}
        OPTIONAL {{ ?g prov:wasDerivedFrom ?document
                    OPTIONAL {{ ?document psk:sha256 ?sha }} OPTIONAL {{ ?document dcterms:identifier ?path }} }}
        OPTIONAL {{ ?g prov:wasGeneratedBy/prov:wasAssociatedWith ?mapper }} }}""")
    found = {row["g"].value: row for row in rows}
    sources = []
    for number, graph in enumerate(graphs, start=1):
        row = found.get(graph, {})
        sources.append(
            Source(
                number,
                graph,
                *(row[name].value if name in row else "" for name in ("document", "sha", "path", "mapper")),
            )
        )
    return sources


def highlight(sentence: str, exact: str, prefix: str = "", suffix: str = "") -> tuple[Span, ...]:
    """The quote in its context: the sentence with the exact span marked, or prefix, quote and suffix."""
    if sentence and exact and exact != sentence and exact in sentence:
        at = sentence.find(prefix[-20:] + exact) + len(prefix[-20:]) if prefix[-20:] + exact in sentence else -1
        at = at if at >= 0 else sentence.find(exact)
        parts = (Span(sentence[:at], False), Span(exact, True), Span(sentence[at + len(exact) :], False))
    else:
        parts = (Span(prefix, False), Span(exact or sentence, True), Span(suffix, False))
    return tuple(part for part in parts if part.text)


def evidence_for(nodes: Iterable[str]) -> dict[str, list[Evidence]]:
    """The evidence of each node that has a Web Annotation target (findings, groups, statements)."""
    wanted = sorted(set(nodes))
    if not wanted:
        return {}
    rows = select(f"""SELECT ?x ?exact ?prefix ?suffix ?start ?end ?sentence ?document ?status ?confidence WHERE {{
        VALUES ?x {{ {_values(wanted)} }}
        ?x oa:hasTarget ?target . ?target oa:hasSelector ?quote . ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
        OPTIONAL {{ ?quote oa:prefix ?prefix }} OPTIONAL {{ ?quote oa:suffix ?suffix }}
        OPTIONAL {{ ?target oa:hasSource ?document }}
        OPTIONAL {{ ?target oa:hasSelector ?position . ?position a oa:TextPositionSelector ;
                    oa:start ?start ; oa:end ?end }}
        OPTIONAL {{ ?x psk:evidence ?sentence }} OPTIONAL {{ ?x psk:status ?status }}
        OPTIONAL {{ ?x psk:confidence ?confidence }} }}""")
    found: dict[str, list[Evidence]] = {}
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        def text(name: str, row: Row = row) -> str:
            return row[name].value if name in row else ""

        key = (row["x"].value, text("exact"), text("start"))
        if key in seen:
            continue
        seen.add(key)
        found.setdefault(row["x"].value, []).append(
            Evidence(
                subject=row["x"].value,
                spans=highlight(text("sentence"), text("exact"), text("prefix"), text("suffix")),
                document=text("document"),
                start=row["start"].as_int() if "start" in row else None,
                end=row["end"].as_int() if "end" in row else None,
                status=text("status"),
                confidence=text("confidence"),
            )
        )
    return found


def _statement_evidence(iri: str) -> dict[tuple[str, str], list[Evidence]]:
    """Evidence of single-triple facts, stated again as rdf:Statements about the resource."""
    rows = select(f"""SELECT ?statement ?p ?o WHERE {{
        ?statement rdf:subject {iri_term(iri)} ; rdf:predicate ?p ; rdf:object ?o ; oa:hasTarget ?target }}""")
    evidence = evidence_for(row["statement"].value for row in rows)
    facts: dict[tuple[str, str], list[Evidence]] = {}
    for row in rows:
        facts.setdefault((row["p"].value, row["o"].value), []).extend(evidence.get(row["statement"].value, []))
    return facts


def describe(iri: str) -> Description:
    """Every fact about the IRI in the store, with labels, sources and evidence."""
    term = iri_term(iri)
    out_rows = select(f"SELECT ?p ?o ?g WHERE {{ GRAPH ?g {{ {term} ?p ?o }} }} ORDER BY ?p ?o LIMIT {MAX_OUT + 1}")
    in_rows = select(f"SELECT ?s ?p ?g WHERE {{ GRAPH ?g {{ ?s ?p {term} }} }} ORDER BY ?p ?s LIMIT {MAX_IN + 1}")
    cut = len(out_rows) > MAX_OUT or len(in_rows) > MAX_IN
    graphs: list[str] = []
    numbers: dict[str, int] = {}

    def number(graph: str) -> int:
        if graph not in numbers:
            graphs.append(graph)
            numbers[graph] = len(graphs)
        return numbers[graph]

    def collect(rows: list[Row], other: str) -> list[Fact]:
        facts: dict[tuple[str, Node], Fact] = {}
        for row in rows:
            key = (row["p"].value, row[other])
            fact = facts.setdefault(key, Fact(row["p"].value, row[other]))
            found = number(row["g"].value)
            if found not in fact.sources:
                fact.sources.append(found)
        return list(facts.values())

    outgoing = collect(out_rows[:MAX_OUT], "o")
    incoming = collect(in_rows[:MAX_IN], "s")
    types = [fact.node.value for fact in outgoing if fact.predicate == RDF_TYPE]
    literals = [fact for fact in outgoing if fact.node.is_literal]
    links_out = [fact for fact in outgoing if not fact.node.is_literal and fact.predicate != RDF_TYPE]
    named = {iri, *types} | {f.node.value for f in links_out + incoming if f.node.is_iri}
    named |= {f.predicate for f in outgoing + incoming}
    annotated = any(fact.predicate == str(OA.hasTarget) for fact in links_out)
    own = evidence_for([iri]).get(iri, []) if annotated else []
    return Description(
        iri=iri,
        types=types,
        literals=literals,
        links_out=links_out,
        links_in=incoming,
        sources=_sources(graphs),
        labels=labels_for(named),
        evidence=_statement_evidence(iri),
        own_evidence=own,
        cut=cut,
    )
