"""RDF documents as input: Turtle, N-Triples, N-Quads, TriG, JSON-LD and RDF/XML.

An RDF file already speaks the graph's language, so it has no records: its triples
become the document's named graph as they are (named graphs of a TriG or N-Quads
file are merged into it), plus the usual provenance. This is also how a dump made
by `kg export` is built again.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import Graph

from kg.errors import RecordError
from kg.mappers.base import MappedDocument, Mapper
from kg.namespaces import FABIO, RDF
from kg.records import Document, Work
from kg.terms import to_rdflib
from kg.triples import TripleWriter

# Line starts allow spaces and tabs only: "^\s*" would run over every blank line below each line start.
# "@prefix psk: <https://...> ." / "PREFIX psk: <...>" / "@base <...> ."
TURTLE_DIRECTIVE = re.compile(r"^[ \t]*(?:@prefix|@base|PREFIX|BASE)\s", re.IGNORECASE | re.MULTILINE)
# "<https://w3id.org/...> <http://purl.org/dc/terms/title> "..." ." (N-Triples / N-Quads line)
NTRIPLES_LINE = re.compile(r'^[ \t]*(?:<[^>\s]+>|_:\S+)\s+<[^>\s]+>\s+(?:<[^>\s]+>|_:\S+|"[^\n]*)', re.MULTILINE)
# A TriG graph block: "<graph> {" or "GRAPH <graph> {"
TRIG_BLOCK = re.compile(r"^[ \t]*(?:GRAPH\s+)?(?:<[^>\s]+>|\w*:\w*)\s*\{", re.IGNORECASE | re.MULTILINE)
RDF_XML_ROOT = re.compile(r"<(?:rdf:)?RDF[\s>]")
# What opens or closes a level of JSON nesting, and strings (skipped whole; an unclosed one ends at its line)
JSON_NESTING = re.compile(r'"(?:[^"\\\n]|\\[^\n])*"?|[\[\]{}]')
# What opens or closes an XML element: "<rdf:Description ...>", "</e:p>" ("<br/>" opens and closes)
XML_NESTING = re.compile(r"<(?P<close>/?)[A-Za-z_][^<>]*?(?P<empty>/?)>")
# What opens or closes a Turtle or TriG blank node "[ ... ]" or collection "( ... )"; strings, IRIs and
# comments are skipped whole (an unclosed one ends at its line, or for a long string at the end of the file)
TURTLE_NESTING = re.compile(
    r'"""[\s\S]*?(?:"""|\Z)' r"|'''[\s\S]*?(?:'''|\Z)" r'|"(?:[^"\\\n]|\\[^\n])*"?' r"|'(?:[^'\\\n]|\\[^\n])*'?"
    r"|<[^<>\s]*>?|#[^\n]*|[\[\]()]"
)
# Deeper nesting than any real document has; the parsers behind pyoxigraph slow down (RDF/XML
# grows quadratically) or overflow their stack (JSON-LD, a few thousand levels) long before.
MAX_JSON_DEPTH = 500
# Blank lines, then one line: what the line-by-line reader hands the parser at a time
_NEXT_LINE = re.compile(rb"(?:[ \t]*\n)*[^\n]*\n?")
MAX_XML_DEPTH = 1000
MAX_TURTLE_DEPTH = 1000  # a million nested "(" would be a million triples from one megabyte
_MAX_DEPTH = {ox.RdfFormat.JSON_LD: MAX_JSON_DEPTH, ox.RdfFormat.RDF_XML: MAX_XML_DEPTH,
              ox.RdfFormat.TURTLE: MAX_TURTLE_DEPTH, ox.RdfFormat.TRIG: MAX_TURTLE_DEPTH}


def _format(text: str) -> ox.RdfFormat | None:
    """The RDF syntax of a text, from its content."""
    head = text.lstrip("\ufeff \t\n")[:4096]
    if head.startswith("<?xml") or RDF_XML_ROOT.search(head):
        return ox.RdfFormat.RDF_XML if RDF_XML_ROOT.search(head) else None
    if head.startswith(("{", "[")):
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested deeper than any JSON-LD document
            return None
        items = data if isinstance(data, list) else [data]
        if any(isinstance(i, dict) and ("@context" in i or "@graph" in i or "@id" in i) for i in items):
            return ox.RdfFormat.JSON_LD
        return None
    if TRIG_BLOCK.search(head):
        return ox.RdfFormat.TRIG
    if TURTLE_DIRECTIVE.search(head):
        return ox.RdfFormat.TURTLE
    lines = [line for line in head.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if lines and all(NTRIPLES_LINE.match(line) for line in lines[:-1] or lines):
        return ox.RdfFormat.N_QUADS  # an N-Triples file is a valid N-Quads file
    return None


def nesting(text: str, fmt: ox.RdfFormat) -> tuple[int, int]:
    """The deepest nesting of a JSON, Turtle or XML text and the offset where it is reached (linear in the text)."""
    depth = deepest = where = 0
    if fmt == ox.RdfFormat.JSON_LD:
        for match in JSON_NESTING.finditer(text):
            token = match.group()
            if token in "[{":
                depth += 1
            elif token in "]}":
                depth -= 1
            if depth > deepest:
                deepest, where = depth, match.start()
    elif fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG):
        for match in TURTLE_NESTING.finditer(text):
            token = match.group()
            if token in "[(":
                depth += 1
            elif token in "])":
                depth -= 1
            if depth > deepest:
                deepest, where = depth, match.start()
    elif fmt == ox.RdfFormat.RDF_XML:
        for match in XML_NESTING.finditer(text):
            if match["close"]:
                depth -= 1
            elif not match["empty"]:
                depth += 1
            if depth > deepest:
                deepest, where = depth, match.start()
    return deepest, where


class _LineReader(io.RawIOBase):
    """Hands the parser one line at a time, so the line it stops on is known (RDF/XML and
    JSON-LD errors carry no position of their own)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self._data = data
        self._pos = 0
        self.line = 0  # lines handed over so far

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._pos >= len(self._data):
            return 0
        # Blank lines go with the line after them: a line of content ends every piece handed over.
        line = _NEXT_LINE.match(self._data, self._pos, self._pos + len(buffer))
        assert line is not None  # every part of the pattern may match nothing
        end = line.end()
        size = min(len(buffer), end - self._pos)
        piece = self._data[self._pos : self._pos + size]
        buffer[:size] = piece
        self._pos += size
        self.line += piece.count(b"\n") + (self._pos == len(self._data) and not piece.endswith(b"\n"))
        return size


class RdfMapper(Mapper):
    """RDF syntaxes: the triples are the graph."""

    name = "rdf"
    version = "1.0"

    def sniff(self, text: str) -> bool:
        """Turtle, TriG, N-Triples/N-Quads, JSON-LD or RDF/XML content."""
        return _format(text) is not None

    def parse(self, text: str, path: str) -> Iterator[Work | RecordError]:
        """An RDF document carries triples, not records: see :meth:`to_graph`."""
        return iter(())

    def to_graph(self, text: str, path: str, sha256: str, writer: TripleWriter) -> MappedDocument:
        """Parse the RDF (all its graphs) into the document's named graph, plus provenance."""
        graph = Graph(identifier=writer.minter.graph(sha256))
        fmt = _format(text)
        if fmt is None:
            return MappedDocument(graph, 0, [RecordError(path, 1, "not an RDF syntax this mapper reads")])
        deepest, where = nesting(text, fmt)
        limit = _MAX_DEPTH.get(fmt, 0)
        if limit and deepest > limit:
            line = text.count("\n", 0, where) + 1
            reason = f"{fmt} nested {deepest} levels deep (at most {limit} are read)"
            return MappedDocument(graph, 0, [RecordError(path, line, reason)])
        reader = _LineReader(text.encode("utf-8"))
        try:
            # the reader is a binary file (io.RawIOBase), which typeshed does not count as a typing.IO[bytes]
            for quad in ox.parse(reader, format=fmt):  # type: ignore[arg-type]
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        except SyntaxError as error:
            # Turtle-family errors give their line; RDF/XML and JSON-LD ones stop where reading stopped.
            line = min(getattr(error, "lineno", 0) or reader.line or 1, text.count("\n") + 1)
            return MappedDocument(graph, 0, [RecordError(path, line, f"not valid {fmt}: {error}")])
        for triple in writer.provenance(Document(path, sha256, self.name, self.version)):
            graph.add(triple)
        works = len(set(graph.subjects(RDF.type, FABIO.Expression)))
        return MappedDocument(graph, works or len(graph), [])
