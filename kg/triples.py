"""Records to RDF: the one place that maps works, people and venues to the core vocabulary."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from kg.extract import StudyContent, content_triples, extract_study
from kg.extract.rdf import RecordSource, record_source
from kg.namespaces import (
    BIBO,
    CITO,
    DCTERMS,
    FABIO,
    FOAF,
    ISSN,
    ORCID,
    OWL,
    PREFIXES,
    PROV,
    PSK,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    XSD,
    IriMinter,
    normalize_key,
)
from kg.records import Agent, Document, Journal, Organization, Person, Reference, Work
from kg.resolve.keys import digest

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Reading:
    """What the extractor read in one record's text, kept until resolution says whose reading a work gets."""

    work: URIRef  # the work's IRI as mapped (before resolution)
    abstract: tuple[int, str]  # the length and digest of the abstract read
    content: StudyContent
    source: RecordSource | None  # the document the record came from, for the evidence's selectors

    def triples(self, work: URIRef, minter: IriMinter) -> Iterator[Triple]:
        """The reading stated about the (resolved) work."""
        yield from content_triples(work, self.content, minter, source=self.source)


def stated_readings(readings: Iterable[Reading], graph: str, canonical: Mapping[Node, Node],
                    chosen: Mapping[Node, tuple[str, str]], minter: IriMinter) -> Iterator[Triple]:
    """The readings a document states: those of the works whose chosen abstract (graph, digest) it holds,
    each once, about the work's canonical IRI."""
    done: set[Node] = set()
    for reading in readings:
        work = canonical.get(reading.work, reading.work)
        if work not in done and isinstance(work, URIRef) and chosen.get(work) == (graph, reading.abstract[1]):
            done.add(work)
            yield from reading.triples(work, minter)


def own_readings(readings: Iterable[Reading], graph: str) -> dict[Node, tuple[str, str]]:
    """The reading each work gets in one document by itself: the fullest abstract's (as resolution chooses)."""
    best: dict[Node, tuple[int, str]] = {}
    for reading in readings:
        length, text = reading.abstract
        if reading.work not in best or (-length, text) < (-best[reading.work][0], best[reading.work][1]):
            best[reading.work] = (length, text)
    return {work: (graph, text) for work, (_, text) in best.items()}


def work_key(work: Work) -> str:
    """The normalised key of a work without a DOI: title, year and first author's family name."""
    first = work.authors[0] if work.authors else None
    family = first.family if isinstance(first, Person) else (first.name if first else "")
    if work.title:
        head = normalize_key(work.title)
    else:
        # An untitled listing record: its locator and the start of its abstract identify it.
        head = "|".join((work.volume, work.issue, work.page_start, work.article_number,
                         normalize_key(" ".join(work.abstract.split()[:20]))))
    return "|".join((head, str(work.year or ""), normalize_key(family)))


def journal_key(journal: Journal) -> str:
    """Journals are one node per ISSN, else per normalised title."""
    return f"issn:{journal.issns[0]}" if journal.issns else f"title:{normalize_key(journal.title)}"


def organization_key(org: Organization) -> str:
    """Organisations are one node per normalised expanded name within their parent."""
    parent = organization_key(org.parent) if org.parent else ""
    return "|".join((parent, normalize_key(org.name), normalize_key(org.country)))


def _year(year: int) -> Literal:
    return Literal(f"{year:04d}", datatype=XSD.gYear)


@dataclass(frozen=True)
class TripleWriter:
    """Turns the records of one document into triples, minting IRIs with one minter.

    ``scope`` tells apart the nodes that belong to one source's statement about a
    work (its author list, reference entries, groups and findings) from another
    source's statement about the same work.
    """

    minter: IriMinter
    scope: str = ""
    sha256: str = ""  # the source document's hash and text, for evidence that re-checks against it
    text: str = ""
    # State what the extractor reads in a work's text with the work. Mapping turns it off: a build
    # states one reading per resolved work, after resolution (see :meth:`readings`).
    extract: bool = True

    def work_iri(self, work: Work) -> URIRef:
        """The IRI of a work: from its DOI, else from its normalised key."""
        return self.minter.work(doi=work.doi, key=work_key(work))

    def document(self, doc: Document) -> Iterator[Triple]:
        """Every triple of a mapped document, provenance included."""
        for work in doc.works:
            yield from self.work(work)
        yield from self.provenance(doc)

    def readings(self, works: Iterable[Work]) -> Iterator[Reading]:
        """What the extractor reads in each work with content (related and cited works included)."""
        for work in works:
            if work.has_content:
                source = record_source(work, self.sha256, self.text) if self.sha256 else None
                yield Reading(self.work_iri(work), (len(work.abstract), digest(work.abstract)), extract_study(work),
                              source)
            yield from self.readings((*work.related, *(r.work for r in work.references)))

    def provenance(self, doc: Document) -> Iterator[Triple]:
        """The named graph was derived from the source file by a mapper of a version."""
        graph = self.minter.graph(doc.sha256)
        source = self.minter.source(doc.sha256)
        agent = self.minter.mapper(doc.mapper, doc.mapper_version)
        activity = self.minter.child(graph, "mapping")
        yield graph, RDF.type, PROV.Entity
        yield graph, PROV.wasDerivedFrom, source
        yield graph, PROV.wasGeneratedBy, activity
        yield source, RDF.type, PROV.Entity
        yield source, DCTERMS.identifier, Literal(doc.path)
        yield source, PSK.sha256, Literal(doc.sha256)
        yield activity, RDF.type, PROV.Activity
        yield activity, PROV.used, source
        yield activity, PROV.wasAssociatedWith, agent
        yield agent, RDF.type, PROV.SoftwareAgent
        yield agent, RDFS.label, Literal(doc.mapper)
        yield agent, PSK.mapperVersion, Literal(doc.mapper_version)
        for work in doc.works:
            yield self.work_iri(work), PROV.wasDerivedFrom, source

    def work(self, work: Work) -> Iterator[Triple]:
        """A work with its authors, venue, abstract, related works and references."""
        iri = self.work_iri(work)
        yield iri, RDF.type, FABIO.Expression
        if work.kind and work.kind != "Expression":
            yield iri, RDF.type, FABIO[work.kind]
        if work.has_content:
            yield iri, RDF.type, PSK.Study
            if self.extract:
                source = record_source(work, self.sha256, self.text) if self.sha256 else None
                yield from content_triples(iri, extract_study(work), self.minter, self.scope, source)
        yield from self._literals(iri, (
            (DCTERMS.title, work.title),
            (DCTERMS.abstract, work.abstract),
            (BIBO.volume, work.volume),
            (BIBO.issue, work.issue),
            (BIBO.pageStart, work.page_start),
            (BIBO.pageEnd, work.page_end),
            (PSK.articleNumber, work.article_number),
            (PSK.articleType, work.article_type),
            (PSK.containerTitle, work.container_title),
            (PSK.publisherPlace, work.publisher_place),
            (DCTERMS.rightsHolder, work.copyright_holder),
            (SCHEMA.url, work.url),
            (DCTERMS.language, work.language),
        ))
        if work.date:
            yield iri, DCTERMS.issued, Literal(work.date, datatype=XSD.date)
        elif work.year is not None:
            yield iri, DCTERMS.issued, _year(work.year)
        if work.doi:
            yield iri, BIBO.doi, Literal(work.doi)
            yield iri, OWL.sameAs, self.minter.doi(work.doi)
        for prop, count in ((PSK.citedByCount, work.cited_by_count), (PSK.downloadCount, work.download_count),
                            (BIBO.numPages, work.num_pages)):
            if count is not None:
                yield iri, prop, Literal(count, datatype=XSD.integer)
        if work.copyright_year is not None:
            yield iri, DCTERMS.dateCopyrighted, _year(work.copyright_year)
        for keyword in work.keywords:
            yield iri, SCHEMA.keywords, Literal(keyword)
        for keyword in work.index_keywords:
            yield iri, PSK.indexKeyword, Literal(keyword)
        for note in work.notes:
            yield iri, PSK.note, Literal(note)
        for scheme, value in work.identifiers:
            id_prop = _IDENTIFIER_PROPS.get(scheme.lower())
            yield (iri, id_prop, Literal(value)) if id_prop else (iri, DCTERMS.identifier, Literal(f"{scheme}:{value}"))
        if work.journal is not None:
            journal = self.minter.journal(journal_key(work.journal))
            yield iri, DCTERMS.isPartOf, journal
            yield from self.journal(journal, work.journal)
        if work.publisher is not None:
            publisher = self.minter.organization(organization_key(work.publisher))
            yield iri, DCTERMS.publisher, publisher
            yield from self.organization(publisher, work.publisher)
        yield from self.classifications(iri, work)
        yield from self.sections(iri, work)
        yield from self.authors(iri, work)
        for related in work.related:
            yield iri, DCTERMS.relation, self.work_iri(related)
            yield from self.work(related)
        for reference in work.references:
            yield from self.reference(iri, reference)

    def authors(self, iri: URIRef, work: Work) -> Iterator[Triple]:
        """dcterms:creator for each author and bibo:authorList as an rdf:List in order."""
        if work.authors_truncated:
            yield iri, PSK.authorListTruncated, Literal(True)
        if not work.authors:
            return
        scope = (self.scope,) if self.scope else ()
        cells = [self.minter.child(iri, "authors", *scope, n) for n in range(1, len(work.authors) + 1)]
        yield iri, BIBO.authorList, cells[0]
        seen: dict[str, int] = {}
        for position, (cell, agent) in enumerate(zip(cells, work.authors, strict=True), start=1):
            agent_iri = self.agent_iri(iri, agent, seen)
            yield iri, DCTERMS.creator, agent_iri
            yield cell, RDF.first, agent_iri
            yield cell, RDF.rest, cells[position] if position < len(cells) else RDF.nil
            yield from self.agent(agent_iri, agent)

    def agent_iri(self, work_iri: URIRef, agent: Agent, seen: dict[str, int]) -> URIRef:
        """A person is minted per work, family name and first initial (not position: lists get cut
        and reordered), so two sources naming the same author of the same work meet in one node."""
        if isinstance(agent, Organization):
            return self.minter.organization(organization_key(agent))
        key = f"{normalize_key(agent.family or agent.name)}|{normalize_key(agent.given)[:1]}"
        seen[key] = seen.get(key, 0) + 1
        return self.minter.person(f"{work_iri}|{key}|{seen[key]}")

    def agent(self, iri: URIRef, agent: Agent) -> Iterator[Triple]:
        """A person or a corporate author."""
        if isinstance(agent, Organization):
            yield from self.organization(iri, agent)
            return
        yield iri, RDF.type, FOAF.Person
        yield from self._literals(iri, (
            (FOAF.name, agent.name),
            (FOAF.familyName, agent.family),
            (FOAF.givenName, agent.given),
            (PSK.nameAsGiven, agent.as_given),
        ))
        if agent.orcid:
            yield iri, OWL.sameAs, ORCID[agent.orcid]
            yield iri, PSK.orcid, Literal(agent.orcid)
        for failed in agent.failed_checks:
            yield iri, PSK.failedCheck, Literal(failed)
        for org in agent.affiliations:
            org_iri = self.minter.organization(organization_key(org))
            yield iri, SCHEMA.affiliation, org_iri
            yield from self.organization(org_iri, org)

    def organization(self, iri: URIRef, org: Organization) -> Iterator[Triple]:
        """An organisation with its name as given, its parent and its address."""
        yield iri, RDF.type, FOAF.Organization
        yield from self._literals(iri, (
            (FOAF.name, org.name),
            (PSK.nameAsGiven, org.as_given),
        ))
        if org.parent is not None:
            parent = self.minter.organization(organization_key(org.parent))
            yield iri, SCHEMA.parentOrganization, parent
            yield from self.organization(parent, org.parent)
        address = ((SCHEMA.addressLocality, org.locality), (SCHEMA.addressRegion, org.region),
                   (SCHEMA.postalCode, org.postal_code), (SCHEMA.addressCountry, org.country))
        if any(value for _, value in address):
            node = self.minter.child(iri, "address")
            yield iri, SCHEMA.address, node
            yield node, RDF.type, SCHEMA.PostalAddress
            yield from self._literals(node, address)

    def journal(self, iri: URIRef, journal: Journal) -> Iterator[Triple]:
        """A journal with its title and ISSNs."""
        yield iri, RDF.type, FABIO.Journal
        yield iri, DCTERMS.title, Literal(journal.title)
        for issn in journal.issns:
            yield iri, BIBO.issn, Literal(issn)
            yield iri, OWL.sameAs, ISSN[issn]
        for failed in journal.failed_checks:
            yield iri, PSK.failedCheck, Literal(failed)

    def classifications(self, iri: URIRef, work: Work) -> Iterator[Triple]:
        """Subject classification codes, kept as SKOS concepts with their notation."""
        for item in work.classifications:
            code = self.minter.classification(item.scheme, item.code)
            yield iri, PSK.classification, code
            yield code, RDF.type, SKOS.Concept
            yield code, SKOS.notation, Literal(item.code)
            yield code, PSK.classificationScheme, Literal(item.scheme)
            if item.label:
                yield code, SKOS.prefLabel, Literal(item.label, lang=item.label_language or None)

    def sections(self, iri: URIRef, work: Work) -> Iterator[Triple]:
        """The headed parts of a structured abstract, in order."""
        for order, section in enumerate(work.abstract_sections, start=1):
            node = self.minter.child(iri, "abstract", order)
            yield iri, PSK.abstractSection, node
            yield node, RDF.type, PSK.AbstractSection
            yield node, PSK.heading, Literal(section.heading)
            yield node, RDF.value, Literal(section.text)
            yield node, PSK.order, Literal(order, datatype=XSD.integer)

    def reference(self, iri: URIRef, reference: Reference) -> Iterator[Triple]:
        """A reference-list entry: cito:cites plus the entry with its raw text."""
        cited = self.work_iri(reference.work)
        number = reference.number if reference.number is not None else reference.line
        # The entry is this source's statement: another save of the same page (with one DOI
        # changed, say) keeps entries of its own, so neither document's entries get the other's.
        scope = (self.scope,) if self.scope else ()
        node = self.minter.child(iri, "reference", *scope, number)
        yield iri, CITO.cites, cited
        yield iri, PSK.hasReference, node
        yield node, RDF.type, PSK.Reference
        yield node, PSK.referenceText, Literal(reference.text)
        yield node, PSK.refersTo, cited
        if reference.number is not None:
            yield node, PSK.referenceNumber, Literal(reference.number, datatype=XSD.integer)
        if reference.truncated:
            yield node, PSK.truncated, Literal(True)
        yield from self.work(reference.work)

    @staticmethod
    def _literals(iri: URIRef, pairs: tuple[tuple[URIRef, str], ...]) -> Iterator[Triple]:
        for prop, value in pairs:
            if value:
                yield iri, prop, Literal(value)


# Identifiers with a property of their own; any other goes to dcterms:identifier as "scheme:value".
_IDENTIFIER_PROPS = {"pmid": PSK.pmid, "pmcid": PSK.pmcid, "isbn": BIBO.isbn, "failed": PSK.failedCheck}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes so serialisations read well."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
