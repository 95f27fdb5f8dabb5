"""Reading a document's bytes as text and choosing its mapper by content."""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from kg.errors import DetectError, DocumentError, RecordError
from kg.mappers import MAPPERS
from kg.mappers.base import MAX_ERRORS, MappedDocument, Mapper
from kg.triples import TripleWriter

# Byte-order marks that say for certain how a file is encoded (longest first: UTF-32 LE starts like UTF-16 LE).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class SourceText:
    """A document's text with newlines normalised, and what reading it took."""

    path: str
    sha256: str
    text: str
    encoding: str
    notes: tuple[str, ...] = ()


def read_document(path: Path, display: str) -> SourceText:
    """Decode a file as UTF-8 (or the encoding its byte-order mark names); refuse to guess otherwise."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(display, 0, f"cannot read the file: {error.strerror}") from error
    sha256 = hashlib.sha256(data).hexdigest()
    encoding, body, notes = "utf-8", data, []
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom):]
            if name != "utf-8":
                notes.append(f"{display}: decoded as {name.upper()} (byte-order mark)")
            break
    if not body.strip():
        raise DocumentError(display, 0, "empty file: nothing to map")
    if encoding == "utf-8" and b"\x00" in body:
        offset = body.index(b"\x00")
        raise DocumentError(display, body[:offset].count(b"\n") + 1,
                            f"binary file (NUL byte at offset {offset}); expected a text export")
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as error:
        line = body[: error.start].count(b"\n") + 1
        start = body.rfind(b"\n", 0, error.start) + 1
        column = error.start - start + 1
        excerpt = body[start : body.find(b"\n", error.start) if b"\n" in body[error.start:] else None]
        raise DocumentError(
            display, line,
            f"not {encoding.upper()} text (byte 0x{body[error.start]:02X} at column {column}); "
            "re-save the file as UTF-8, e.g. `iconv -f latin1 -t utf-8`",
            excerpt.decode(encoding, errors="replace").strip(),
        ) from error
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SourceText(display, sha256, text, encoding, tuple(notes))


def detect_mapper(source: SourceText, mappers: tuple[Mapper, ...] = MAPPERS) -> Mapper:
    """The first mapper, in registry order, whose sniff accepts the text."""
    with contained(source.path, []):
        for mapper in mappers:
            if mapper.sniff(source.text):
                return mapper
    first = next((line.strip() for line in source.text.splitlines() if line.strip()), "")
    names = ", ".join(mapper.name for mapper in mappers)
    raise DetectError(source.path, 1, f"no mapper recognises this content (tried: {names})", first)


def map_source(source: SourceText, mapper: Mapper, writer: TripleWriter) -> MappedDocument:
    """The mapper's graph of one document; whatever goes wrong becomes that document's error.

    Log lines and warnings of the parsers a mapper uses come back as the document's warnings,
    each naming the file.
    """
    notes: list[str] = []
    try:
        with contained(source.path, notes):
            mapped = mapper.to_graph(source.text, source.path, source.sha256, writer)
    except RecordError as error:
        mapped = MappedDocument(Graph(identifier=writer.minter.graph(source.sha256)), 0, [error])
    mapped.warnings.extend(notes)
    return mapped


# Libraries the mappers call that report through logging: their lines become warnings naming the file.
LIBRARY_LOGGERS = ("bibtexparser", "rdflib", "pylatexenc", "Bio")
# "<function parse_xsd_date at 0x7f...>": an address that differs from run to run
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
# "(line 11) aborted on line 19": bibtexparser counts lines from 0, the file's readers from 1
_ZERO_BASED_LINE = re.compile(r"\bline (\d+)")


class _Collector(logging.Handler):
    """Keeps a library's log lines (warning and up) as messages naming the document."""

    def __init__(self, path: str, into: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.path, self.into = path, into
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if self.count > MAX_ERRORS:
            if self.count == MAX_ERRORS + 1:
                self.into.append(f"{self.path}: more log lines from the parsers left out")
            return
        message = _ADDRESS.sub("", " ".join(record.getMessage().split()))
        library = record.name.split(".")[0]
        if library == "bibtexparser":
            message = _ZERO_BASED_LINE.sub(lambda m: f"line {int(m[1]) + 1}", message)
        self.into.append(f"{self.path}: {library}: {message[:300]}")


@contextmanager
def contained(path: str, notes: list[str]) -> Iterator[None]:
    """The one safety net around handling one document (detection and mapping).

    Mappers turn every fault they know of into a ``RecordError`` with its line. An
    exception that still escapes (a parser's own bug, input nested deeper than the
    interpreter's stack) must cost only this document, never the build: it becomes
    the document's ``DocumentError`` naming the file. This is the only place in the
    package, besides the CLI and the server's error handler, that catches every
    exception. Parsers' log lines and warnings are collected into ``notes``.
    """
    collector = _Collector(path, notes)
    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    saved = [(logger.propagate, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(collector)
        logger.propagate = False
        if logger.level == logging.NOTSET or logger.level > logging.WARNING:
            logger.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield
        notes.extend(f"{path}: {' '.join(str(w.message).split())[:300]}" for w in caught)
    except RecordError:
        raise
    except RecursionError as error:
        raise DocumentError(path, 0, "structure nested too deeply to read (thousands of levels)") from error
    except Exception as error:  # the documented net: see the docstring
        reason = " ".join(str(error).split())[:200]
        raise DocumentError(path, 0, f"could not be mapped ({type(error).__name__}: {reason})") from error
    finally:
        for logger, (propagate, level) in zip(loggers, saved, strict=True):
            logger.removeHandler(collector)
            logger.propagate = propagate
            logger.setLevel(level)
