"""Error types of the package. Only the CLI turns them into messages and exit codes."""

from __future__ import annotations


class KGError(Exception):
    """Base of every error the package raises on purpose."""


class RecordError(KGError, ValueError):
    """One record of a document could not be mapped; the other records go on."""

    def __init__(self, path: str, line: int, reason: str, excerpt: str = "") -> None:
        self.path = path
        self.line = line
        self.reason = reason
        self.excerpt = excerpt
        super().__init__(str(self))

    def __str__(self) -> str:
        location = f"{self.path}:{self.line}" if self.line else self.path
        shown = self.excerpt if len(self.excerpt) <= 80 else self.excerpt[:77] + "..."
        return f"{location}: {self.reason}" + (f": {shown!r}" if shown else "")

    def __reduce__(self) -> tuple[type[RecordError], tuple[str, int, str, str]]:
        return (type(self), (self.path, self.line, self.reason, self.excerpt))


class AddressError(KGError, ValueError):
    """An affiliation address lacks the "Organization, ..., City, Country" shape."""


class DocumentError(RecordError):
    """A whole document was rejected (unreadable, unknown format, failed validation)."""


class DetectError(DocumentError):
    """No mapper recognises the document's content."""


class BuildError(KGError):
    """The build could not complete; the previous store is left as it was."""


class StoreError(KGError):
    """The store is missing, locked or unreadable."""


class DiskFullError(StoreError):
    """The disk filled up while a build was written; the new build is gone, the previous one serves."""
