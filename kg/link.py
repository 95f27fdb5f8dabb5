"""Links to external identifiers, from curated tables kept in the repo (never guessed)."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.term import IdentifiedNode, Node

from kg.namespaces import BIBO, DCTERMS, FOAF, ISSN, OWL, PSK, ROR, IriMinter, normalize_key
from kg.resolve import KeyTables, Plan
from kg.resolve.keytables import identified_nodes
from kg.tables import journal_table, journal_title_key, organization_table


def _localities(tables: KeyTables) -> dict[Node, set[str]]:
    """Each organisation's city, including the cities of its units (a university's departments)."""
    found: dict[Node, set[str]] = defaultdict(set)
    for org, city in tables.localities():
        found[org].add(city)
    for unit, parent in tables.units():
        found[parent] |= found.get(unit, set())
    return found


def link(tables: KeyTables, plan: Plan, minter: IriMinter) -> Graph:
    """The links graph: ISSNs for journals and ROR ids for organisations named in the curated tables."""
    links = Graph(identifier=minter.links_graph())
    _, issns = journal_table()
    titles: dict[Node, set[Node]] = defaultdict(set)
    for journal in tables.nodes("journal"):
        canonical = plan.canonical.get(journal, journal)
        settled = plan.titles.get(canonical)
        titles[canonical] |= {settled} if settled is not None else tables.objects(DCTERMS.title, journal)
    for journal in sorted(j for j in titles if isinstance(j, IdentifiedNode)):
        keys = {journal_title_key(str(t)) for t in titles.get(journal, ())}
        for key in sorted(keys & issns.keys()):
            for issn in issns[key]:
                links.add((journal, BIBO.issn, Literal(issn)))
                links.add((journal, OWL.sameAs, ISSN[issn]))
            links.add((journal, PSK.linkSource, Literal("ISSN: kg/data/journals.csv")))
    table = organization_table()
    localities = _localities(tables)
    for org in identified_nodes(tables.nodes("organization")):
        for name in tables.objects(FOAF.name, org):
            for city in sorted(localities.get(org, ())):
                row = table.get((normalize_key(str(name)), city))
                if row:
                    links.add((org, OWL.sameAs, URIRef(ROR[row[0]])))
                    links.add((org, PSK.linkSource, Literal(f"ROR: {row[1]}")))
    return links
