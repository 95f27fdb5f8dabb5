"""The registry: every mapper, in the order detection tries them.

Exports with a fixed opening (RIS `TY  -`, BibTeX `@type{`, MEDLINE `PMID-`, XML, JSON)
come first; the looser plain-text seed formats see only what is left.
"""

from __future__ import annotations

from kg.mappers.article_page import ArticlePageMapper
from kg.mappers.base import Mapper
from kg.mappers.bibtex import BibtexMapper
from kg.mappers.crossref import CrossrefMapper
from kg.mappers.csl_json import CslJsonMapper
from kg.mappers.medline import MedlineMapper
from kg.mappers.portal_record import PortalRecordMapper
from kg.mappers.pubmed_xml import PubmedXmlMapper
from kg.mappers.rdf_input import RdfMapper
from kg.mappers.ris import RisMapper
from kg.mappers.search_listing import SearchListingMapper

MAPPERS: tuple[Mapper, ...] = (
    PubmedXmlMapper(),
    CrossrefMapper(),
    CslJsonMapper(),
    MedlineMapper(),
    RisMapper(),
    BibtexMapper(),
    PortalRecordMapper(),
    SearchListingMapper(),
    ArticlePageMapper(),
    RdfMapper(),  # last: RDF syntaxes are recognised by shape, after every record format declined
)
