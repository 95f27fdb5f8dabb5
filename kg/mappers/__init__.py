"""The registry: every mapper, in the order detection tries them."""

from __future__ import annotations

from kg.mappers.article_page import ArticlePageMapper
from kg.mappers.base import Mapper

MAPPERS: tuple[Mapper, ...] = (ArticlePageMapper(),)
