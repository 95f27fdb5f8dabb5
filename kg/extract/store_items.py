"""What a built store says about annotated abstracts, as the items `kg eval --store` scores.

The store is the graph users query, so scoring it catches what the extractor's output
loses or gains on the way (resolution, curation, validation). An annotated abstract is
found in the store by its text: the abstract of a work, compared on letters and digits
only, so headings, spacing and punctuation that a mapper changed do not matter.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from kg.extract.evaluate import Annotation, Items
from kg.namespaces import CONCEPT, PREFIXES, PSK
from kg.store import open_read_only

# Enough of an abstract's opening to tell it from any other.
OPENING = 200
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
ROLE_FUNCTION_PROPERTIES = {"deliveringRole": "delivers", "receivingRole": "receives",
                            "comparedRole": "compared", "informantRole": "informant"}

# One query per field: (work, then the item's parts). Unbound parts come back as "".
QUERIES: dict[str, str] = {
    "designs": "SELECT ?w ?a WHERE { ?w psk:studyDesign ?a }",
    "settings": "SELECT ?w ?a WHERE { ?w psk:setting ?p . ?p rdfs:label ?a }",
    "roles": "SELECT ?w ?a WHERE { ?w psk:studiesRole ?a }",
    "outcomes": "SELECT ?w ?a WHERE { ?w psk:studiesOutcome ?a }",
    "sizes": """SELECT ?w ?a ?b ?c WHERE { ?w psk:hasParticipantGroup ?g . ?g psk:size ?a ; psk:unit ?b .
                OPTIONAL { ?g psk:role ?c } }""",
    "directions": "SELECT ?w ?a ?b WHERE { ?w psk:reports ?f . ?f psk:outcome ?a ; psk:direction ?b }",
    "ages": """SELECT ?w ?a ?b WHERE { { ?w psk:minAge ?a OPTIONAL { ?w psk:maxAge ?b } }
                UNION { ?w psk:maxAge ?b FILTER NOT EXISTS { ?w psk:minAge ?x } }
                UNION { ?w psk:hasParticipantGroup ?g . ?g psk:minAge ?a OPTIONAL { ?g psk:maxAge ?b } } }""",
    "comparators": "SELECT ?w ?a ?b WHERE { ?w psk:reports ?f . ?f psk:outcome ?a ; psk:comparator ?b }",
    "populations": """SELECT ?w ?a ?b WHERE { ?w psk:reports ?f . ?f psk:outcome ?a .
                      OPTIONAL { ?f psk:population ?b } }""",
    "role functions": "SELECT ?w ?a ?b WHERE { VALUES (?p ?b) { "
                      + " ".join(f'(psk:{p} "{f}")' for p, f in ROLE_FUNCTION_PROPERTIES.items())
                      + " } ?w ?p ?a }",
}


def _key(text: str) -> str:
    return _NOT_ALNUM.sub("", text.casefold())


def _local(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    if term is None:
        return ""
    return term.value.removeprefix(str(CONCEPT)).removeprefix(str(PSK))


def _prologue() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def _rows(store: ox.Store, query: str) -> list[list[str]]:
    solutions = store.query(_prologue() + query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    out = []
    for solution in solutions:
        out.append([solution["w"].value, *(_local(solution[v]) for v in ("a", "b", "c")
                                            if v in [x.value for x in solutions.variables])])
    return out


class StoreReader:
    """The items of every work of a built store with an abstract, looked up by annotation."""

    def __init__(self, directory: Path | str) -> None:
        store = open_read_only(directory)
        self._works: dict[str, str] = {}
        for row in _rows(store, "SELECT ?w ?a WHERE { ?w dcterms:abstract ?a }"):
            self._works.setdefault(_key(row[1]), row[0])
        self._items: dict[str, Items] = defaultdict(lambda: {name: set() for name in QUERIES})
        for name, query in QUERIES.items():
            for work, *parts in _rows(store, query):
                item = tuple(parts)
                if name == "ages":
                    item = tuple(p or "None" for p in parts)
                elif name == "sizes":
                    item = (parts[0], parts[1], parts[2] if len(parts) > 2 else "")
                self._items[work][name].add(item)

    def work_of(self, annotation: Annotation) -> str | None:
        """The IRI of the work whose abstract is the annotation's, None when the store has none."""
        key = _key(annotation.work.abstract)
        if key in self._works:
            return self._works[key]
        opening = key[:OPENING]
        return next((w for k, w in self._works.items() if opening and (opening in k or k[:OPENING] in key)),
                    None)

    def items(self, annotation: Annotation) -> Items | None:
        """What the store holds about the annotated abstract's work, None when it holds no such work."""
        work = self.work_of(annotation)
        if work is None:
            return None
        return self._items[work]
