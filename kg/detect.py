"""Reading a document's bytes as text and choosing its mapper by content."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from kg.errors import DetectError, DocumentError
from kg.mappers import MAPPERS
from kg.mappers.base import Mapper

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
    for mapper in mappers:
        if mapper.sniff(source.text):
            return mapper
    first = next((line.strip() for line in source.text.splitlines() if line.strip()), "")
    names = ", ".join(mapper.name for mapper in mappers)
    raise DetectError(source.path, 1, f"no mapper recognises this content (tried: {names})", first)
