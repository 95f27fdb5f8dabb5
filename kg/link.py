"""Links to external identifiers, from curated tables kept in the repo (never guessed)."""

from __future__ import annotations

import csv
from collections import defaultdict
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.term import IdentifiedNode, Node

from kg.namespaces import (
    BIBO,
    DCTERMS,
    FABIO,
    FOAF,
    ISSN,
    OWL,
    PSK,
    RDF,
    ROR,
    SCHEMA,
    IriMinter,
    normalize_key,
)
from kg.resolve import journal_table, journal_title_key
from kg.resources import resource_file


@cache
def organization_table() -> dict[tuple[str, str], tuple[str, str]]:
    """(normalised name, normalised locality) -> (ROR id, where it was found)."""
    rows: dict[tuple[str, str], tuple[str, str]] = {}
    with resource_file("kg", "data/organizations.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            rows[(normalize_key(row["name"]), normalize_key(row["locality"]))] = (row["ror"], row["source"])
    return rows


def _localities(graph: Graph) -> dict[Node, set[str]]:
    """Each organisation's city, including the cities of its units (a university's departments)."""
    found: dict[Node, set[str]] = defaultdict(set)
    for org, address in graph.subject_objects(SCHEMA.address):
        for city in graph.objects(address, SCHEMA.addressLocality):
            found[org].add(normalize_key(str(city)))
    for unit, parent in graph.subject_objects(SCHEMA.parentOrganization):
        found[parent] |= found.get(unit, set())
    return found


def link(union: Graph, minter: IriMinter) -> Graph:
    """The links graph: ISSNs for journals and ROR ids for organisations named in the curated tables."""
    links = Graph(identifier=minter.links_graph())
    _, issns = journal_table()
    for journal in sorted({j for j in union.subjects(RDF.type, FABIO.Journal) if isinstance(j, IdentifiedNode)}):
        keys = {journal_title_key(str(t)) for t in union.objects(journal, DCTERMS.title)}
        for key in sorted(keys & issns.keys()):
            for issn in issns[key]:
                links.add((journal, BIBO.issn, Literal(issn)))
                links.add((journal, OWL.sameAs, ISSN[issn]))
            links.add((journal, PSK.linkSource, Literal("ISSN: kg/data/journals.csv")))
    table = organization_table()
    localities = _localities(union)
    for org in sorted({o for o in union.subjects(RDF.type, FOAF.Organization) if isinstance(o, IdentifiedNode)}):
        for name in union.objects(org, FOAF.name):
            for city in sorted(localities.get(org, ())):
                found = table.get((normalize_key(str(name)), city))
                if found:
                    links.add((org, OWL.sameAs, URIRef(ROR[found[0]])))
                    links.add((org, PSK.linkSource, Literal(f"ROR: {found[1]}")))
    return links
