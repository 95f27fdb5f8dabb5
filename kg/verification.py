"""kg verify-quotes: re-check every quote of a store against the bytes of the source it names.

A quote's target names its source document (``psk:sha256`` of the bytes, ``dcterms:identifier``
the path it was built from); the file is read as the build read it (:mod:`kg.quotes` says how
offsets count) and each ``oa:exact`` compared with the text between ``oa:start`` and ``oa:end``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.detect import read_document
from kg.namespaces import DCTERMS, OA, PSK, SCHEMA

# Every evidence target with its quote and position, and what the graph records of its source.
TARGETS_QUERY = """
SELECT ?fact ?source ?exact ?prefix ?suffix ?start ?end ?sha ?path ?field WHERE {
  ?fact oa:hasTarget ?target .
  ?target oa:hasSource ?source ; oa:hasSelector ?quote, ?position .
  ?quote a oa:TextQuoteSelector ; oa:exact ?exact .
  ?position a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  OPTIONAL { ?quote oa:prefix ?prefix }
  OPTIONAL { ?quote oa:suffix ?suffix }
  OPTIONAL { ?source psk:sha256 ?sha . OPTIONAL { ?source dcterms:identifier ?path } }
  OPTIONAL { ?target psk:textField ?field }
}
"""
# The text of a work's field, for the rare target that counts in the work rather than the source.
_FIELD_PREDICATES = {"title": DCTERMS.title, "abstract": DCTERMS.abstract, "article_type": PSK.articleType}


@dataclass(frozen=True)
class QuoteProblem:
    """A quote that does not re-check: where, which fact, and what differs."""

    where: str  # "seeds/x.txt:12:5", or the work IRI for a field target
    fact: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.fact}: {self.reason}"


@dataclass
class QuoteReport:
    """What ``kg verify-quotes`` found."""

    checked: int = 0  # quotes compared with the bytes of their source document
    in_fields: int = 0  # quotes compared with the work's text (not found in the source when built)
    sources: int = 0
    problems: list[QuoteProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every quote re-checked."""
        return not self.problems


def _find_source(path: str, sha256: str, roots: Sequence[Path], search: bool) -> Path | None:
    """The file the graph names: at its recorded path under a root, else (when searching the roots)
    any file below them with that name and hash."""
    for root in roots:
        candidate = root / path
        if candidate.is_file():
            return candidate
    name = Path(path).name
    for root in roots if search else ():
        for found in sorted(root.rglob(name)) if root.is_dir() else ():
            if found.is_file() and hashlib.sha256(found.read_bytes()).hexdigest() == sha256:
                return found
    return None


def _position(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _check(text: str, row: dict[str, str]) -> str:
    """Why a quote does not match the text at its offsets, or "" when it does."""
    start, end = int(row["start"]), int(row["end"])
    if not 0 <= start <= end <= len(text):
        return f"offsets {start}-{end} lie outside the text ({len(text)} characters)"
    if text[start:end] != row["exact"]:
        return f"quote {row['exact'][:60]!r} but the text has {text[start:end][:60]!r}"
    prefix, suffix = row.get("prefix", ""), row.get("suffix", "")
    if prefix and text[max(0, start - len(prefix)):start] != prefix:
        return f"prefix {prefix!r} does not precede the quote"
    if suffix and text[end:end + len(suffix)] != suffix:
        return f"suffix {suffix!r} does not follow the quote"
    return ""


def verify_quotes(store: ox.Store, roots: Sequence[Path] = (), search: bool = True) -> QuoteReport:
    """Re-check every quote of the store against the bytes of the source document it names.

    Sources are looked up at their recorded path under each root (the working directory when
    none is given), then, when ``search``, by name and hash anywhere below the roots.
    """
    search = search and bool(roots)
    roots = list(roots) or [Path.cwd()]
    report = QuoteReport()
    prefixes = {"oa": str(OA), "psk": str(PSK), "dcterms": str(DCTERMS)}
    solutions = store.query(TARGETS_QUERY, prefixes=prefixes)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    rows = [{name: _text(s[name]) for name in names if s[name] is not None} for s in solutions]
    by_source: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_source.setdefault(row["source"], []).append(row)
    for source, found in sorted(by_source.items()):
        first = found[0]
        if "sha" not in first:
            _check_fields(store, source, found, report)
            continue
        report.sources += 1
        path = first.get("path", "")
        located = _find_source(path, first["sha"], roots, search) if path else None
        if located is None:
            report.problems.append(QuoteProblem(path or source, f"{len(found)} quotes",
                                                "source document not found; pass --sources DIR"))
            continue
        text = read_document(located, path)
        if text.sha256 != first["sha"]:
            report.problems.append(QuoteProblem(path, f"{len(found)} quotes",
                                                f"the file changed since the build (SHA-256 {text.sha256[:12]}…, "
                                                f"the graph records {first['sha'][:12]}…)"))
            continue
        for row in sorted(found, key=lambda r: (int(r["start"]), r["fact"])):
            report.checked += 1
            reason = _check(text.text, row)
            if reason:
                where = f"{path}:{_position(text.text, min(int(row['start']), len(text.text)))}"
                report.problems.append(QuoteProblem(where, row["fact"], reason))
    return report


def _text(term: object) -> str:
    """The lexical value of an IRI or literal."""
    return str(getattr(term, "value", term))


def _check_fields(store: ox.Store, work: str, found: list[dict[str, str]], report: QuoteReport) -> None:
    """Quotes that count in a field of the work: compare them with the work's stored text."""
    node = ox.NamedNode(work)
    for row in found:
        report.in_fields += 1
        predicate = _FIELD_PREDICATES.get(row.get("field", ""))
        if predicate is None:  # keywords: their order is not kept, so only the words are checked
            words = [_text(q.object) for q in store.quads_for_pattern(node, ox.NamedNode(str(SCHEMA.keywords)), None)]
            if not any(row["exact"] in word for word in words):
                report.problems.append(QuoteProblem(work, row["fact"], f"no keyword holds {row['exact']!r}"))
            continue
        texts = {_text(q.object) for q in store.quads_for_pattern(node, ox.NamedNode(str(predicate)), None)}
        reasons = [_check(text, row) for text in sorted(texts)] or [f"the work has no {row.get('field')}"]
        if all(reasons):
            report.problems.append(QuoteProblem(work, row["fact"], reasons[0]))
