"""The interface every input format implements."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import ClassVar

from kg.errors import RecordError
from kg.records import Work


class Mapper(ABC):
    """Turns the text of one document of one format into work records.

    ``parse`` yields a :class:`Work` per record, or a :class:`RecordError`
    naming the line of a record it could not map, and then goes on with the
    next record. A mapper never touches the store and never writes RDF.
    """

    name: ClassVar[str]
    version: ClassVar[str]

    @abstractmethod
    def sniff(self, text: str) -> bool:
        """Whether the text looks like this format (content only, never the file name)."""

    @abstractmethod
    def parse(self, text: str, path: str) -> Iterator[Work | RecordError]:
        """Yield the records of the document, or an error per record that failed."""
