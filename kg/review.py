"""kg review: a researcher checks machine-extracted findings one at a time in the terminal.

Each finding is shown with its sentence marked in the abstract; the answer (accept, correct,
reject, skip, quit) is appended at once to the curation CSV, so quitting loses nothing. The
next ``kg build`` applies the decisions. This is the command line's interactive part: it
talks to the researcher through click, like :mod:`kg.cli`.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import click
import pyoxigraph as ox

from kg.curation import DIRECTIONS, CurationError, append_decision, concept, decided_keys, now, parse_row, short
from kg.namespaces import PREFIXES, IriMinter

# Findings no researcher has verified, with what the reviewer needs to judge them.
UNVERIFIED = """
SELECT ?work ?finding ?title ?abstract ?evidence ?outcome ?outcomeLabel ?direction ?population ?comparator
       ?confidence ?path ?start ?end WHERE {
  ?work psk:reports ?finding .
  ?finding psk:status psk:MachineExtracted ; psk:outcome ?outcome ; psk:direction ?direction .
  OPTIONAL { ?outcome skos:prefLabel ?outcomeLabel }
  OPTIONAL { ?work dcterms:title ?title }
  OPTIONAL { ?work dcterms:abstract ?abstract }
  OPTIONAL { ?finding psk:evidence ?evidence }
  OPTIONAL { ?finding psk:population ?about .
             OPTIONAL { ?about a psk:ParticipantGroup ; psk:role ?groupRole } }
  BIND(IF(BOUND(?groupRole), ?groupRole, ?about) AS ?population)
  OPTIONAL { ?finding psk:comparator ?comparator }
  OPTIONAL { ?finding psk:confidence ?confidence }
  OPTIONAL { ?finding oa:hasTarget ?target . ?target oa:hasSource/dcterms:identifier ?path ;
             oa:hasSelector [ oa:start ?start ; oa:end ?end ] }
} ORDER BY ?work ?finding
"""
ANSWERS = {"a": "accept", "c": "correct", "r": "reject", "s": "skip", "q": "quit"}
MARK_OPEN, MARK_CLOSE = ">>>", "<<<"


@dataclass(frozen=True)
class Unverified:
    """One machine-extracted finding as the reviewer sees it."""

    work: str
    finding: str
    title: str
    abstract: str
    evidence: str
    outcome: str
    outcome_label: str
    direction: str
    population: str
    comparator: str
    confidence: str
    where: str  # "seeds/x.txt, characters 120-245": where the quote stands in the source document


def unverified_findings(store: ox.Store) -> list[Unverified]:
    """Every finding of the store still psk:MachineExtracted, one per finding."""
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()}
    seen: dict[str, Unverified] = {}
    result = store.query(UNVERIFIED, prefixes=prefixes)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    for solution in result:
        get = {name: "" if solution[name] is None else str(solution[name].value) for name in names}
        if get["finding"] not in seen:
            seen[get["finding"]] = Unverified(
                get["work"], get["finding"], get["title"], get["abstract"], get["evidence"], get["outcome"],
                get["outcomeLabel"], get["direction"].rsplit("#", 1)[-1], get["population"], get["comparator"],
                get["confidence"],
                f"{get['path']}, characters {get['start']}-{get['end']}" if get["path"] else "")
    return list(seen.values())


def marked_abstract(abstract: str, sentence: str, width: int = 100) -> str:
    """The abstract wrapped, with the finding's sentence between >>> and <<<."""
    start = abstract.find(sentence) if sentence else -1
    text = abstract if start < 0 else (abstract[:start] + f"{MARK_OPEN} {sentence} {MARK_CLOSE}"
                                       + abstract[start + len(sentence):])
    if start < 0 and sentence:
        text += f"\n{MARK_OPEN} {sentence} {MARK_CLOSE}"
    return "\n".join(textwrap.fill(part, width) for part in text.split("\n"))


def _row(item: Unverified, action: str, curator: str, **changes: str) -> dict[str, str]:
    return {"time": now(), "curator": curator, "action": action, "work": item.work, "kind": "finding",
            "value": short(item.outcome), "population": short(item.population) if item.population else "",
            **changes}


def _ask_correction(item: Unverified) -> dict[str, str]:
    direction = click.prompt("  direction", type=click.Choice(DIRECTIONS), default=item.direction)
    outcome = click.prompt("  outcome (scheme path, e.g. outcome/hope)", default=short(item.outcome))
    population = click.prompt("  population (role concept, e.g. role/peer-specialist; '-' for none)",
                              default=short(item.population) if item.population else "-")
    changes = {}
    if direction != item.direction:
        changes["direction"] = direction
    if concept(outcome) != concept(short(item.outcome)):
        changes["new_value"] = outcome
    if population not in ("-", short(item.population)):
        changes["new_population"] = population
    return changes


def _confidence(item: Unverified) -> float:
    try:
        return float(item.confidence)
    except ValueError:  # none stated: as unsure as can be
        return 0.0


def least_sure_first(items: list[Unverified]) -> list[Unverified]:
    """The works whose least sure finding is least sure first, each work's findings together, least sure first.

    A finding's confidence is how often the extractor's findings of its direction were right on unseen
    abstracts, so a researcher with little time checks first where the extractor is most often wrong."""
    lowest: dict[str, float] = {}
    for item in items:
        lowest[item.work] = min(lowest.get(item.work, 1.0), _confidence(item))
    return sorted(items, key=lambda item: (lowest[item.work], item.work, _confidence(item), item.finding))


def review(store: ox.Store, decisions: Path, curator: str, minter: IriMinter,
           least_sure: bool = False) -> tuple[int, int]:
    """Walk the researcher through unverified findings; returns (decisions written, findings left)."""
    done = decided_keys(decisions, minter)
    todo = [item for item in unverified_findings(store)
            if f"{item.work} | finding | {concept(short(item.outcome))} | "
               f"{item.population or '*'}" not in done]
    if least_sure:
        todo = least_sure_first(todo)
    written = skipped = 0
    for number, item in enumerate(todo, start=1):
        source = f"\nquoted from {item.where}" if item.where else ""
        click.echo(f"\n[{number}/{len(todo)}] {item.title or '(untitled record)'}\n{item.work}{source}\n")
        click.echo(marked_abstract(item.abstract, item.evidence))
        population = f"   population: {short(item.population)}" if item.population else ""
        comparator = f"   against: {item.comparator}" if item.comparator else ""
        click.echo(f"\n  outcome: {item.outcome_label or short(item.outcome)}   direction: {item.direction}"
                   f"{population}{comparator}   confidence: {item.confidence or '?'}")
        answer = ANSWERS[click.prompt("  [a]ccept [c]orrect [r]eject [s]kip [q]uit",
                                      type=click.Choice(list(ANSWERS)), show_choices=False)]
        if answer == "quit":
            return written, skipped + len(todo) - number + 1
        if answer == "skip":
            skipped += 1
            continue
        while True:
            changes = _ask_correction(item) if answer == "correct" else {}
            try:  # refuse to write a row the build could not read ("outcome/hoep"): ask again
                parse_row(_row(item, answer, curator, **changes), f"{decisions}:new", minter)
                break
            except CurationError as error:
                click.echo(f"  {str(error).split(': ', 1)[-1]}")
        if answer == "correct" and not changes:
            click.echo("  nothing changed: recorded as accepted")
            answer = "accept"
        note = click.prompt("  note", default="", show_default=False)
        append_decision(decisions, _row(item, answer, curator, note=note, **changes))
        written += 1
    return written, skipped
