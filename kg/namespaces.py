"""Every namespace of the project and the functions that mint instance IRIs.

Nowhere else in the package is an IRI written as a string: modules import the
constants below (``PSK.Study``, ``DCTERMS.title``) and mint instance IRIs with
an :class:`IriMinter`.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import unicodedata
from dataclasses import dataclass
from typing import TypeVar, cast
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Namespace as _Namespace
from rdflib import URIRef
from rdflib.namespace import DCTERMS as _DCTERMS
from rdflib.namespace import FOAF as _FOAF
from rdflib.namespace import OWL as _OWL
from rdflib.namespace import PROV as _PROV
from rdflib.namespace import RDF as _RDF
from rdflib.namespace import RDFS as _RDFS
from rdflib.namespace import SKOS as _SKOS
from rdflib.namespace import XSD as _XSD
from rdflib.namespace import DefinedNamespace, DefinedNamespaceMeta

__all__ = [
    "BIBO",
    "CITO",
    "CONCEPT",
    "DCTERMS",
    "DEFAULT_BASE",
    "DOI",
    "FABIO",
    "FOAF",
    "FORMATS",
    "ISSN",
    "MESH",
    "OA",
    "ORCID",
    "OWL",
    "PREFIXES",
    "PROV",
    "PSK",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SD",
    "SH",
    "SKOS",
    "VOID",
    "WD",
    "XSD",
    "IriError",
    "IriMinter",
    "TermError",
    "checked_iri",
    "normalize_key",
]


# rdflib makes (and checks) a new URIRef on every access to a namespace's term, and looks a closed
# namespace's term up in its class's annotations first; the RDF writers ask for the same few terms
# millions of times in a build, so the project's namespaces keep each term once made.
class Namespace(_Namespace):
    """rdflib's Namespace, keeping each term (``PSK.Study``) once it is made."""

    def __getattr__(self, name: str) -> URIRef:
        term = super().__getattr__(name)
        self.__dict__[name] = term
        return term


_Closed = TypeVar("_Closed", bound=type[DefinedNamespace])


def _kept(namespace: _Closed) -> _Closed:
    """A closed rdflib namespace (``RDF``, ``XSD``, ...) with each of its terms made once."""
    annotations = inspect.get_annotations(namespace)
    terms = {name: namespace[name] for name in annotations if not name.startswith("_")}
    made = DefinedNamespaceMeta(namespace.__name__, (namespace,), {"__annotations__": annotations, **terms})
    return cast(_Closed, made)


DCTERMS, FOAF, OWL, PROV = _kept(_DCTERMS), _kept(_FOAF), _kept(_OWL), _kept(_PROV)
RDF, RDFS, SKOS, XSD = _kept(_RDF), _kept(_RDFS), _kept(_SKOS), _kept(_XSD)

PSK = Namespace("https://w3id.org/peer-support-kg/ontology#")
DEFAULT_BASE = "https://w3id.org/peer-support-kg/resource/"
# The named graph of every build's record of what changed; the store's history, so the
# export (the data) leaves it out.
CHANGES_GRAPH = URIRef("https://w3id.org/peer-support-kg/changes")
# SKOS concepts of the project's schemes: CONCEPT["outcome/hope"], CONCEPT["design/rct"], ...
CONCEPT = Namespace("https://w3id.org/peer-support-kg/concept/")

FABIO = Namespace("http://purl.org/spar/fabio/")
CITO = Namespace("http://purl.org/spar/cito/")
BIBO = Namespace("http://purl.org/ontology/bibo/")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")
# Describing the endpoint and the dataset (SPARQL 1.1 Service Description, VoID, W3C format IRIs).
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")

# External identifier spaces (linking, never minted from a guess).
DOI = Namespace("https://doi.org/")
ISSN = Namespace("https://portal.issn.org/resource/ISSN/")
ORCID = Namespace("https://orcid.org/")
MESH = Namespace("http://id.nlm.nih.gov/mesh/")
WD = Namespace("http://www.wikidata.org/entity/")
ROR = Namespace("https://ror.org/")
GEONAMES = Namespace("https://sws.geonames.org/")

PREFIXES: dict[str, Namespace | type[DefinedNamespace]] = {
    "psk": PSK,
    "pskc": CONCEPT,
    "fabio": FABIO,
    "cito": CITO,
    "bibo": BIBO,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "oa": OA,
}

_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)
_DOI_SAFE = re.compile(r"[^A-Za-z0-9._;()/:-]")
# Characters a DOI keeps as they are in its doi.org IRI; any other is percent-encoded ("<" -> "%3C").
_DOI_IRI_SAFE = "/:;()!$&'*+,=@~._-"


class TermError(ValueError):
    """A value the store cannot hold as an RDF term."""


class IriError(TermError):
    """A string that is not an IRI the store accepts (a control character, a space, U+FFFD, ...)."""


def checked_iri(text: str) -> URIRef:
    """The IRI as an rdflib term, once the store's own parser has accepted it.

    rdflib takes almost any string as an IRI; Oxigraph refuses the ones RFC 3987 does
    not allow, and would do so only when the build loads, after every document was mapped.
    """
    try:
        ox.NamedNode(text)
    except (ValueError, UnicodeEncodeError) as error:
        raise IriError(f"not a valid IRI ({error}): {text[:120]!r}") from error
    # rdflib's constructor would check the IRI again (for characters Oxigraph has just refused)
    return str.__new__(URIRef, text)


def normalize_key(text: str) -> str:
    """Fold case, accents, punctuation and spacing so equal titles give equal keys."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = stripped.casefold().replace("&", " and ")
    return _NON_WORD.sub(" ", folded).strip()


def _digest(*parts: str) -> str:
    joined = "\x1f".join(parts)
    return hashlib.sha1(joined.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class IriMinter:
    """Mints the instance IRIs of the graph under one base IRI, deterministically."""

    base: str = DEFAULT_BASE

    def _iri(self, *segments: str) -> URIRef:
        return checked_iri(self.base + "/".join(segments))

    @staticmethod
    def doi(doi: str) -> URIRef:
        """The doi.org IRI of a DOI, with the characters an IRI path cannot hold percent-encoded."""
        return checked_iri(str(DOI) + quote(doi, safe=_DOI_IRI_SAFE))

    def work(self, *, doi: str = "", key: str = "") -> URIRef:
        """A work: from its DOI when it has one, else from a normalised key."""
        if doi:
            return self._iri("work", "doi", _DOI_SAFE.sub("_", doi.lower()))
        return self._iri("work", _digest("work", key))

    def journal(self, key: str) -> URIRef:
        """A journal, from its ISSN or its normalised title."""
        return self._iri("journal", _digest("journal", key))

    def person(self, key: str) -> URIRef:
        """A person mention (resolution may later merge mentions)."""
        return self._iri("person", _digest("person", key))

    def organization(self, key: str) -> URIRef:
        """An organisation, from its normalised expanded name and parent."""
        return self._iri("org", _digest("org", key))

    def place(self, key: str) -> URIRef:
        """A place named as a study setting or an address."""
        return self._iri("place", _digest("place", key))

    def dataset(self) -> URIRef:
        """The whole dataset (the VoID description's subject)."""
        return self._iri("dataset")

    def graph(self, sha256: str) -> URIRef:
        """The named graph of one source document, from its content hash."""
        return self._iri("graph", sha256[:16])

    def source(self, sha256: str) -> URIRef:
        """The source document itself (a prov:Entity)."""
        return self._iri("source", sha256)

    def mapper(self, name: str, version: str) -> URIRef:
        """The mapper that produced a graph (a prov:SoftwareAgent)."""
        return self._iri("mapper", name, version)

    def extractor(self, name: str, version: str) -> URIRef:
        """The study-content extractor of a version (a prov:SoftwareAgent)."""
        return self._iri("extractor", name, version)

    def curator(self, key: str) -> URIRef:
        """A researcher (or team) named in a curation decision."""
        return self._iri("curator", _digest("curator", key))

    def curation_graph(self) -> URIRef:
        """The named graph holding researchers' decisions and the facts they verified or added."""
        return self._iri("graph", "curation")

    def decision(self, key: str) -> URIRef:
        """One researcher's decision about one fact, from its row."""
        return self._iri("decision", _digest("decision", key))

    def classification(self, scheme: str, code: str) -> URIRef:
        """A code of a classification scheme met in portal records."""
        return self._iri("classification", scheme.lower(), _DOI_SAFE.sub("_", code))

    def resolution_graph(self) -> URIRef:
        """The named graph holding the merge records of resolution."""
        return self._iri("graph", "resolution")

    def links_graph(self) -> URIRef:
        """The named graph holding links to external identifiers from the curated tables."""
        return self._iri("graph", "links")

    def updates_graph(self) -> URIRef:
        """The named graph that keeps triples a SPARQL Update inserted without naming a graph."""
        return self._iri("graph", "updates")

    def merge(self, kind: str, alias: str) -> URIRef:
        """The record of one mention merged into a canonical node."""
        return self._iri("merge", kind, _digest("merge", alias))

    @staticmethod
    def child(parent: URIRef, *parts: str | int) -> URIRef:
        """A node that only exists as part of another (list cell, section, reference)."""
        return checked_iri(f"{parent}/{'/'.join(map(str, parts))}")
