"""Which IRIs this server dereferences, and the local path of each.

Three spaces are served: instances under the configured base IRI (``/resource/...``),
the concepts of the project's schemes (``/concept/...``) and the ontology's terms
(``/ontology#Term``). Everything else is someone else's IRI and is linked as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.namespaces import CONCEPT, PSK

__all__ = ["ONTOLOGY_PATH", "IriSpace"]

ONTOLOGY_PATH = "/ontology"
ONTOLOGY_IRI = str(PSK).rstrip("#")


@dataclass(frozen=True)
class IriSpace:
    """Maps IRIs of the graph to paths on this server and back, under one base IRI."""

    base: str

    @property
    def spaces(self) -> tuple[tuple[str, str], ...]:
        """(IRI prefix, local path prefix) pairs, longest IRI prefix first."""
        pairs = ((self.base, "/resource/"), (str(CONCEPT), "/concept/"), (str(PSK), ONTOLOGY_PATH + "#"))
        return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))

    def iri(self, route: str, rest: str) -> str:
        """The IRI a local path names: route is "resource" or "concept"."""
        return (self.base if route == "resource" else str(CONCEPT)) + rest

    def local(self, iri: str) -> str | None:
        """The path on this server that describes the IRI, or None for an IRI served elsewhere."""
        if iri == ONTOLOGY_IRI:
            return ONTOLOGY_PATH
        for prefix, path in self.spaces:
            if iri.startswith(prefix) and len(iri) > len(prefix):
                return path + iri[len(prefix) :]
        return None

    def href(self, iri: str) -> str:
        """Where a link to the IRI should go: its local page, else the IRI itself."""
        return self.local(iri) or iri
