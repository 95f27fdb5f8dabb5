"""Researchers' decisions about extracted facts, applied at every build.

The curation folder (``curation/`` in the working directory unless ``--curation DIR``
names another) holds CSV files, one decision per row::

    time,curator,curator_id,action,work,kind,value,population,direction,new_value,new_population,evidence,note
    2026-11-29T18:00:00+00:00,A. Researcher,,correct,<work IRI>,finding,outcome/hope,,NoDifference,,,,"no change"

A fact is named by a key that survives rebuilds and extractor changes: the work IRI, the kind
(finding, design, role, outcome, setting, group), the concept (a finding's outcome, a design,
role or outcome studied, a group's role; a setting by its place name) and, for findings, the
population when the row gives one (an empty population matches any; a finding about a
participant group is keyed by the group's role, since group IRIs are numbered). ``accept`` verifies the
fact, ``correct`` changes its direction, concept or population and verifies it, ``reject``
removes it, ``add`` states a fact the extractor missed. Each verified fact becomes
``psk:Verified``, ``prov:wasAttributedTo`` the curator, with ``psk:verifiedAt`` and its
``psk:decision``; the decisions and everything they state go into one named graph, while the
machine's own triples they replace are removed from the document graphs. A decision whose
fact is not in the build is reported as stale, never dropped silently.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.errors import KGError
from kg.extract.rdf import place_key
from kg.namespaces import CONCEPT, DCTERMS, FABIO, FOAF, OA, OWL, PROV, PSK, RDF, RDFS, SKOS, XSD, IriMinter
from kg.vocabulary import ontology_graph

DEFAULT_CURATION = Path("curation")
DECISIONS_FILE = "decisions.csv"
COLUMNS = ("time", "curator", "curator_id", "action", "work", "kind", "value", "population", "direction",
           "new_value", "new_population", "evidence", "note")
ACTIONS = ("accept", "correct", "reject", "add")
DIRECTIONS = ("Positive", "Negative", "NoDifference", "Mixed", "Unclear")
# Study statements by kind: the predicate that links the work to the concept.
STATEMENT_KINDS: dict[str, URIRef] = {
    "design": PSK.studyDesign, "role": PSK.studiesRole, "outcome": PSK.studiesOutcome, "setting": PSK.setting,
}
KINDS = ("finding", "group", *STATEMENT_KINDS)


class CurationError(KGError, ValueError):
    """A curation folder or row that cannot be read; the message says which and how to fix it."""


@dataclass(frozen=True)
class Decision:
    """One row of the curation folder."""

    where: str  # "curation/decisions.csv:3"
    time: datetime
    curator: str
    curator_id: str
    action: str
    work: URIRef
    kind: str
    value: Node | None  # the concept (or place) the key names; None for an unnamed group's role
    population: URIRef | None
    direction: URIRef | None
    new_value: Node | None
    new_population: URIRef | None
    evidence: str
    note: str

    @property
    def key(self) -> str:
        """The fact's stable key: work | kind | concept | population ("*" for any)."""
        return " | ".join((str(self.work), self.kind, str(self.value or ""), str(self.population or "*")))

    def describe(self) -> str:
        """The decision in a few words, for messages."""
        return f"{self.where}: {self.action} {self.kind} {short(self.value)} of {self.work}"


@dataclass
class CurationReport:
    """What applying the curation folder did, for the build summary."""

    folder: Path | None = None
    decisions: int = 0
    applied: int = 0
    stale: list[str] = field(default_factory=list)  # decisions whose fact is not in this build
    errors: list[str] = field(default_factory=list)  # rows that could not be read


@dataclass
class Curation:
    """The curation graph of a build and its report."""

    graph: Graph
    report: CurationReport


def short(node: Node | str | None) -> str:
    """A concept as its scheme path ("outcome/hope"); other nodes as they are."""
    text = str(node or "")
    return text[len(str(CONCEPT)):] if text.startswith(str(CONCEPT)) else text


def concept(text: str) -> URIRef:
    """A concept from "outcome/hope", "pskc:outcome/hope" or its full IRI."""
    text = text.strip()
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    return CONCEPT[text.removeprefix("pskc:")]


def curation_folder(setting: Path | None) -> Path | None:
    """The folder to read: the one named (it must exist), else ``curation/`` when there is one."""
    if setting is None:
        return DEFAULT_CURATION if DEFAULT_CURATION.is_dir() else None
    if not setting.is_dir():
        raise CurationError(f"no curation folder {setting}; create it or leave --curation out")
    return setting


def _value(kind: str, text: str, minter: IriMinter) -> Node | None:
    if not text.strip():
        return None
    if kind == "setting":
        return minter.place(place_key(text))
    return concept(text)


def _time(text: str, where: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError as error:
        raise CurationError(f"{where}: time {text!r} is not ISO 8601 (e.g. 2026-11-29T18:00:00+00:00)") from error
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# The scheme each kind's concepts come from (settings are places, not concepts).
SCHEMES = {"finding": "outcome", "design": "design", "role": "role", "outcome": "outcome", "group": "role"}


def _check_concept(node: Node | None, scheme: str, column: str, where: str) -> None:
    """Refuse a concept that is not in the scheme: a typo would otherwise match nothing, or add nonsense."""
    if node is None:
        return
    if (node, SKOS.inScheme, CONCEPT[scheme]) not in ontology_graph():
        raise CurationError(f"{where}: {column} {short(node)!r} is not a concept of the {scheme} scheme "
                            f"(see ontology/{scheme}s.ttl; written like {scheme}/...)")


def parse_row(row: dict[str, str], where: str, minter: IriMinter) -> Decision:
    """One CSV row as a Decision; raises CurationError naming the row and the fix."""
    get = {name: (row.get(name) or "").strip() for name in COLUMNS}
    if get["action"] not in ACTIONS:
        raise CurationError(f"{where}: action {get['action']!r} is not one of {', '.join(ACTIONS)}")
    if get["kind"] not in KINDS:
        raise CurationError(f"{where}: kind {get['kind']!r} is not one of {', '.join(KINDS)}")
    if not get["work"] or not get["curator"]:
        raise CurationError(f"{where}: a decision names the work (its IRI) and the curator")
    if get["kind"] != "group" and not get["value"]:
        raise CurationError(f"{where}: a {get['kind']} decision names its concept in 'value' (e.g. outcome/hope)")
    direction = None
    if get["direction"]:
        if get["direction"].removeprefix("psk:") not in DIRECTIONS:
            raise CurationError(f"{where}: direction {get['direction']!r} is not one of {', '.join(DIRECTIONS)}")
        direction = PSK[get["direction"].removeprefix("psk:")]
    if get["kind"] == "finding" and get["action"] == "add" and direction is None:
        raise CurationError(f"{where}: an added finding needs its direction")
    if get["action"] == "correct" and not (direction or get["new_value"] or get["new_population"]):
        raise CurationError(f"{where}: a correction gives a direction, a new_value or a new_population")
    decision = Decision(
        where=where, time=_time(get["time"], where), curator=get["curator"], curator_id=get["curator_id"],
        action=get["action"], work=URIRef(get["work"]), kind=get["kind"],
        value=_value(get["kind"], get["value"], minter),
        population=concept(get["population"]) if get["population"] else None,
        direction=direction, new_value=_value(get["kind"], get["new_value"], minter),
        new_population=concept(get["new_population"]) if get["new_population"] else None,
        evidence=get["evidence"], note=get["note"],
    )
    scheme = SCHEMES.get(decision.kind)
    if scheme:
        _check_concept(decision.value, scheme, "value", where)
        _check_concept(decision.new_value, scheme, "new_value", where)
    _check_concept(decision.population, "role", "population", where)
    _check_concept(decision.new_population, "role", "new_population", where)
    return decision


def read_decisions(folder: Path, minter: IriMinter, report: CurationReport) -> list[Decision]:
    """Every row of every CSV file in the folder, in time order; unreadable rows go to the report."""
    decisions: list[Decision] = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                try:
                    decisions.append(parse_row(row, f"{path.as_posix()}:{number}", minter))
                except CurationError as error:
                    report.errors.append(str(error))
    return sorted(decisions, key=lambda d: d.time)


# ---------------------------------------------------------------- finding the facts a key names

@dataclass(frozen=True)
class _Fact:
    graph: Graph
    node: Node  # the finding, group or study statement (always an IRI: extraction mints them)


def _works_index(graphs: Iterable[Graph]) -> dict[Node, list[Graph]]:
    """The graphs that hold extracted facts about each work (so a decision looks only there)."""
    index: dict[Node, list[Graph]] = {}
    for graph in graphs:
        works = set(graph.subjects(PSK.reports)) | set(graph.subjects(PSK.hasParticipantGroup)) | \
            set(graph.objects(None, RDF.subject))
        for work in works:
            index.setdefault(work, []).append(graph)
    return index


def _facts(graphs: list[Graph], decision: Decision) -> list[_Fact]:
    """The facts of the graphs the decision's key names (values read across the graphs, since a
    correction moves a fact's value into the curation graph)."""
    def value(node: Node, predicate: URIRef) -> Node | None:
        return next((v for g in graphs for v in g.objects(node, predicate)), None)

    def population(finding: Node) -> Node | None:
        """A finding's population as a role: a participant group stands for its role (its IRI is numbered)."""
        about = value(finding, PSK.population)
        return value(about, PSK.role) if about is not None and value(about, RDF.type) == PSK.ParticipantGroup \
            else about

    found = []
    for graph in graphs:
        if decision.kind == "finding":
            for node in graph.objects(decision.work, PSK.reports):
                if value(node, PSK.outcome) == decision.value and \
                        (decision.population is None or population(node) == decision.population):
                    found.append(_Fact(graph, node))
        elif decision.kind == "group":
            for node in graph.objects(decision.work, PSK.hasParticipantGroup):
                if value(node, PSK.role) == decision.value:
                    found.append(_Fact(graph, node))
        else:
            predicate = STATEMENT_KINDS[decision.kind]
            for node in graph.subjects(RDF.subject, decision.work):
                if value(node, RDF.predicate) == predicate and value(node, RDF.object) == decision.value:
                    found.append(_Fact(graph, node))
    return found


def _remove_node(graph: Graph, node: Node) -> None:
    """A fact node and the nodes minted under it (its evidence target and selectors)."""
    below = str(node) + "/"
    for subject in [s for s in set(graph.subjects()) if s == node or str(s).startswith(below)]:
        graph.remove((subject, None, None))


# ---------------------------------------------------------------- applying decisions

class _Applier:
    """Applies decisions in time order to the document graphs, writing into the curation graph."""

    def __init__(self, graphs: list[Graph], minter: IriMinter, report: CurationReport,
                 works: set[Node] | None = None) -> None:
        self.graphs = graphs
        self.minter = minter
        self.report = report
        self.out = Graph(identifier=minter.curation_graph())
        self.index = _works_index(graphs)
        self.works = works if works is not None else {w for g in graphs for w in g.subjects(RDF.type, FABIO.Expression)}

    def _holding(self, work: Node) -> list[Graph]:
        """The document graphs with facts about the work, and the curation graph."""
        return [*self.index.get(work, []), self.out]

    def apply(self, decision: Decision) -> None:
        facts = _facts(self._holding(decision.work), decision)
        if decision.action == "add":
            if decision.work not in self.works:
                self.report.stale.append(f"{decision.describe()}: the work is not in this build")
                return
            if facts:  # the extractor has found it since: the addition verifies it
                self._verify(decision, facts)
            else:
                self._add(decision)
        elif not facts:
            self.report.stale.append(f"{decision.describe()}: no such fact in this build (key {decision.key})")
            return
        elif decision.action == "reject":
            self._reject(decision, facts)
        else:
            if decision.action == "correct":
                self._correct(decision, facts)
            self._verify(decision, facts)
        self.report.applied += 1

    def _decision_node(self, decision: Decision) -> URIRef:
        node = self.minter.decision("|".join((decision.key, decision.action, decision.time.isoformat(),
                                              decision.curator)))
        curator = self.minter.curator(decision.curator_id or decision.curator)
        out = self.out
        out.add((curator, RDF.type, FOAF.Person))
        out.add((curator, RDF.type, PROV.Agent))
        out.add((curator, FOAF.name, Literal(decision.curator)))
        if decision.curator_id.startswith(("http://", "https://")):
            out.add((curator, OWL.sameAs, URIRef(decision.curator_id)))
        out.add((node, RDF.type, PSK.CurationDecision))
        out.add((node, RDF.type, PROV.Activity))
        out.add((node, PSK.action, Literal(decision.action)))
        out.add((node, PSK.factKey, Literal(decision.key)))
        out.add((node, PROV.wasAssociatedWith, curator))
        out.add((node, PROV.endedAtTime, Literal(decision.time, datatype=XSD.dateTime)))
        out.add((node, PSK.decisionSource, Literal(decision.where)))
        if decision.note:
            out.add((node, RDFS.comment, Literal(decision.note)))
        return node

    def _verify(self, decision: Decision, facts: list[_Fact]) -> None:
        node = self._decision_node(decision)
        curator = self.minter.curator(decision.curator_id or decision.curator)
        for fact in facts:
            fact.graph.remove((fact.node, PSK.status, None))
            self.out.remove((fact.node, PSK.status, None))
            self.out.remove((fact.node, PSK.verifiedAt, None))
            self.out.remove((fact.node, PSK.decision, None))
            self.out.add((fact.node, PSK.status, PSK.Verified))
            self.out.add((fact.node, PROV.wasAttributedTo, curator))
            self.out.add((fact.node, PSK.verifiedAt, Literal(decision.time, datatype=XSD.dateTime)))
            self.out.add((fact.node, PSK.decision, node))

    def _replace(self, fact: _Fact, predicate: URIRef, value: Node) -> None:
        fact.graph.remove((fact.node, predicate, None))
        self.out.remove((fact.node, predicate, None))
        self.out.add((fact.node, predicate, value))

    def _correct(self, decision: Decision, facts: list[_Fact]) -> None:
        for fact in facts:
            if decision.kind == "finding":
                if decision.direction is not None:
                    self._replace(fact, PSK.direction, decision.direction)
                if decision.new_value is not None:
                    self._replace(fact, PSK.outcome, decision.new_value)
                if decision.new_population is not None:
                    self._replace(fact, PSK.population, decision.new_population)
            elif decision.kind == "group":
                if decision.new_value is not None:
                    self._replace(fact, PSK.role, decision.new_value)
            elif decision.new_value is not None:
                predicate = STATEMENT_KINDS[decision.kind]
                for graph in self._holding(decision.work):
                    graph.remove((decision.work, predicate, decision.value))
                self.out.add((decision.work, predicate, decision.new_value))
                self._replace(fact, RDF.object, decision.new_value)

    def _reject(self, decision: Decision, facts: list[_Fact]) -> None:
        self._decision_node(decision)
        for fact in facts:
            holding = self._holding(decision.work)
            if decision.kind in STATEMENT_KINDS:
                for graph in holding:
                    graph.remove((decision.work, STATEMENT_KINDS[decision.kind], decision.value))
            for graph in holding:
                graph.remove((decision.work, None, fact.node))
            _remove_node(fact.graph, fact.node)
            for triple in list(self.out.triples((fact.node, None, None))):
                self.out.remove(triple)

    def _add(self, decision: Decision) -> None:
        digest = hashlib.sha1(decision.key.encode("utf-8")).hexdigest()[:12]
        out, work = self.out, decision.work
        if decision.kind == "finding":
            node = self.minter.child(work, "finding", "curated", digest)
            out.add((work, PSK.reports, node))
            out.add((node, RDF.type, PSK.Finding))
            out.add((node, PSK.outcome, decision.value))  # type: ignore[arg-type]
            out.add((node, PSK.direction, decision.direction))  # type: ignore[arg-type]
            if decision.population is not None:
                out.add((node, PSK.population, decision.population))
            if decision.evidence:
                out.add((node, PSK.evidence, Literal(decision.evidence)))
                out.add((node, PSK.section, Literal("")))
                self._evidence_target(node, decision)
        elif decision.kind == "group":
            self.report.stale.append(f"{decision.describe()}: groups cannot be added (add the size in a note)")
            return
        else:
            predicate = STATEMENT_KINDS[decision.kind]
            node = self.minter.child(work, "statement", "curated", digest)
            out.add((work, predicate, decision.value))  # type: ignore[arg-type]
            out.add((node, RDF.type, PSK.StudyStatement))
            out.add((node, RDF.type, RDF.Statement))
            out.add((node, RDF.subject, work))
            out.add((node, RDF.predicate, predicate))
            out.add((node, RDF.object, decision.value))  # type: ignore[arg-type]
        self._verify(decision, [_Fact(out, node)])

    def _evidence_target(self, node: URIRef, decision: Decision) -> None:
        """An added finding's sentence, located in the work's abstract when it is there."""
        abstract = next((str(o) for g in self.graphs for o in g.objects(decision.work, DCTERMS.abstract)), "")
        # (one scan per added finding with evidence: additions are few)
        start = abstract.find(decision.evidence)
        if start < 0:
            return
        target, quote, position = (IriMinter.child(node, "target", *part) for part in ((), ("quote",), ("position",)))
        out = self.out
        out.add((node, OA.hasTarget, target))
        out.add((target, RDF.type, OA.SpecificResource))
        out.add((target, OA.hasSource, decision.work))
        out.add((target, PSK.textField, Literal("abstract")))
        out.add((target, OA.hasSelector, quote))
        out.add((target, OA.hasSelector, position))
        out.add((quote, RDF.type, OA.TextQuoteSelector))
        out.add((quote, OA.exact, Literal(decision.evidence)))
        out.add((position, RDF.type, OA.TextPositionSelector))
        out.add((position, OA.start, Literal(start, datatype=XSD.integer)))
        out.add((position, OA.end, Literal(start + len(decision.evidence), datatype=XSD.integer)))


def read_curation(folder: Path | None, minter: IriMinter) -> tuple[list[Decision], CurationReport]:
    """The decisions of the curation folder (``None``: ``curation/`` if present), in time order."""
    report = CurationReport(folder=curation_folder(folder))
    decisions = read_decisions(report.folder, minter, report) if report.folder is not None else []
    report.decisions = len(decisions)
    return decisions, report


def apply_decisions(graphs: list[Graph], decisions: list[Decision], report: CurationReport, minter: IriMinter,
                    works: set[Node] | None = None) -> Curation:
    """Apply decisions to the graphs that hold the works they name (in place); ``works`` are all the
    works of the build (default: those of the graphs), so that an addition to a work is not stale."""
    if not decisions:  # nothing to index the graphs for
        return Curation(Graph(identifier=minter.curation_graph()), report)
    applier = _Applier(graphs, minter, report, works)
    for decision in decisions:
        applier.apply(decision)
    return Curation(applier.out, report)


def apply_curation(graphs: list[Graph], folder: Path | None, minter: IriMinter) -> Curation:
    """Apply the decisions of the curation folder (``None``: ``curation/`` if present) to the graphs.

    Call after resolution (work IRIs are final) and before validation. The document graphs
    change in place; the returned graph holds the decisions and what they state.
    """
    decisions, report = read_curation(folder, minter)
    return apply_decisions(graphs, decisions, report, minter)


# ---------------------------------------------------------------- writing decisions (kg review)

def decisions_path(folder: Path | None) -> Path:
    """The CSV file ``kg review`` appends to."""
    return (folder or DEFAULT_CURATION) / DECISIONS_FILE


def append_decision(path: Path, row: dict[str, str]) -> None:
    """Append one decision row, writing the header first when the file is new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        if new:
            writer.writeheader()
        writer.writerow({name: row.get(name, "") for name in COLUMNS})


def decided_keys(path: Path, minter: IriMinter) -> set[str]:
    """The keys the file already has a decision for (so a review does not ask twice)."""
    if not path.exists():
        return set()
    report = CurationReport()
    return {d.key for d in read_decisions(path.parent, minter, report) if d.where.startswith(path.as_posix())}


def now() -> str:
    """The current time as ISO 8601 in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()

