"""The registry: every mapper, in the order detection tries them."""

from __future__ import annotations

from kg.mappers.article_page import ArticlePageMapper
from kg.mappers.base import Mapper
from kg.mappers.portal_record import PortalRecordMapper
from kg.mappers.search_listing import SearchListingMapper

MAPPERS: tuple[Mapper, ...] = (PortalRecordMapper(), SearchListingMapper(), ArticlePageMapper())
