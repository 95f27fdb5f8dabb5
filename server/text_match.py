"""Where a query uses ``psk:textMatch`` and ``psk:textScore``, decided from a real parse.

A triple pattern ``?work psk:textMatch "hope AND trial"`` (with any prefix, the full IRI,
``\\u`` escapes, inside OPTIONAL, UNION, EXISTS or a sub-select) is found twice: in the
algebra rdflib translates the query to (which says that it is a triple pattern at all, and
not text in a comment, a string or an IRI), and by a scan of the query's tokens that knows
where each triple pattern is written. The two must agree exactly, or the query is refused
with the form to use. :func:`rewrite` then removes each such pattern (and its
``psk:textScore``) from its statement and puts the matches as ``VALUES`` right after that
statement, in the same group, so they join with the rest of the group as the pattern would.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin

from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Literal, URIRef, Variable

from kg.errors import KGError
from kg.namespaces import PSK, RDF, XSD
from server.guard import MAX_CHECKED, PARSE_FAILURES, nodes

__all__ = ["FORM", "Match", "TextMatchError", "find", "rewrite"]

TEXT_MATCH = str(PSK.textMatch)
TEXT_SCORE = str(PSK.textScore)
FORM = ('write it as a triple pattern of its own kind: `?work psk:textMatch "words"` (a variable or IRI '
        "subject, one string), and `?work psk:textScore ?score` beside it in the same group")

# A query can only name psk:textMatch by writing "textMatch", or by a prefix whose IRI ends part way
# through it (PREFIX x: <...ontology#textMa> ... x:tch): anything else is not read at all.
MENTION = re.compile(r"text(?:Match|Score)|\#(?:t|te|tex|text|textM|textMa|textMat|textMatc"
                     r"|textS|textSc|textSco|textScor)>")

# the SPARQL 1.1 terminals (section 19.8) a scan needs to tell tokens apart
_BASE = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
         "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff")
_CHARS = _BASE + r"_\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_VAR = _BASE + r"_0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?\#@%]"
TOKEN = re.compile(
    rf"""(?P<space> \s+ | \#[^\n\r]* )                              # white space, `# a comment`
    | (?P<string> '''(?:(?:''|')?(?:[^'\\]|\\.))*''' | \"\"\"(?:(?:\"\"|\")?(?:[^"\\]|\\.))*\"\"\"
                | '(?:[^'\\\n\r]|\\.)*' | "(?:[^"\\\n\r]|\\.)*" )     # "hope AND trial"
    | (?P<iri> <[^<>"{{}}|^`\\\x00-\x20]*> )                         # <https://…/ontology#textMatch>
    | (?P<var> [?$][{_BASE}_0-9][{_VAR}]* )                 # ?work
    | (?P<blank> _:[{_CHARS}](?:[{_CHARS}.]*[{_CHARS}])? )           # _:b0
    | (?P<pname> (?:[{_BASE}](?:[{_CHARS}.]*[{_CHARS}])?)? :
                 (?:(?:[{_CHARS}:]|{_PLX})(?:(?:[{_CHARS}.:]|{_PLX})*(?:[{_CHARS}:]|{_PLX}))?)? )  # psk:textMatch
    | (?P<number> \d+\.\d*[eE][+-]?\d+ | \d*\.\d+(?:[eE][+-]?\d+)? | \d+(?:[eE][+-]?\d+)? )
    | (?P<lang> @[a-zA-Z]+(?:-[a-zA-Z0-9]+)* )                       # @en
    | (?P<word> [A-Za-z_][A-Za-z0-9_]* )                             # OPTIONAL, a, true
    | (?P<mark> \^\^ | && | \|\| | != | <= | >= | . )
    """,
    re.VERBOSE | re.DOTALL,
)
ECHAR = re.compile(r"\\(.)", re.DOTALL)
UNESCAPED = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f"}
# what may begin an element of a group that is not a triple pattern
NOT_TRIPLES = frozenset({"OPTIONAL", "MINUS", "GRAPH", "SERVICE", "FILTER", "BIND", "VALUES", "UNION"})
PATH_MARKS = frozenset({"/", "|", "*", "+", "?", "^", "!"})


class TextMatchError(KGError, ValueError):
    """psk:textMatch is used in a form that cannot be rewritten (the message says the form to use)."""


@dataclass(frozen=True)
class Token:
    """One terminal of the query: its kind (a TOKEN group name), text and where it is."""

    kind: str
    text: str
    start: int
    end: int


@dataclass
class Statement:
    """One written triple pattern with its shared subject: ``?w a psk:Study ; psk:textMatch "x" .``

    ``items`` are the token ranges of its predicate-object lists (the first holds the
    subject too); ``stop`` is the token after it (its ``.`` when ``dot``).
    """

    group: int
    start: int
    stop: int
    dot: bool
    items: list[tuple[int, int]]
    subject_end: int


@dataclass(frozen=True)
class Written:
    """One psk:textMatch or psk:textScore pattern as written: where, its subject and its object."""

    predicate: str
    statement: int  # index into the scan's statements
    item: int
    subject: str  # ?work or <iri>
    value: str  # the text, or the score's variable


@dataclass(frozen=True)
class Match:
    """One psk:textMatch pattern: its subject, its text, where it is, and its psk:textScore if any."""

    subject: str
    text: str
    statement: int
    item: int
    score: str | None = None
    score_at: tuple[int, int] | None = None


@dataclass
class Scan:
    """The query's tokens and the triple statements written in its group patterns."""

    tokens: list[Token]
    statements: list[Statement] = field(default_factory=list)
    short_construct: set[int] = field(default_factory=set)  # groups that are also a CONSTRUCT template
    groups: int = 0


def tokens(text: str) -> list[Token]:
    """The query's terminals, without white space and comments."""
    found = []
    for match in TOKEN.finditer(text):
        kind = match.lastgroup or "mark"
        if kind != "space":
            found.append(Token(kind, match.group(), match.start(), match.end()))
    return found


def _upper(token: Token) -> str:
    return token.text.upper() if token.kind == "word" else ""


class _Walker:
    """Follows the query's braces: which are group patterns, and the statements in each."""

    def __init__(self, scan: Scan) -> None:
        self.scan = scan
        self.t = scan.tokens

    def at(self, i: int) -> str:
        return self.t[i].text if i < len(self.t) else ""

    def block(self, i: int, open_: str = "{", close: str = "}") -> int:
        """The index after the bracket that closes the one at i (no groups inside: data, templates)."""
        depth = 0
        while i < len(self.t):
            depth += (self.t[i].text == open_) - (self.t[i].text == close)
            i += 1
            if depth == 0:
                break
        return i

    def values(self, i: int) -> int:
        """After ``VALUES ?x { … }`` or ``VALUES (?x ?y) { … }`` starting at i."""
        i += 1
        i = self.block(i, "(", ")") if self.at(i) == "(" else i + 1
        return self.block(i)

    def free(self, i: int, construct_where: bool = False) -> int:
        """Tokens outside groups (the query's clauses, a sub-select, an expression) until a closing brace."""
        depth = 0
        while i < len(self.t):
            text, word = self.t[i].text, _upper(self.t[i])
            if text == "}":
                return i
            if word == "VALUES":
                i = self.values(i)
                continue
            if text == "{":
                before = _upper(self.t[i - 1]) if i else ""
                if before == "CONSTRUCT":  # a template: triples to write, not patterns
                    i = self.block(i)
                    continue
                short = construct_where and before == "WHERE" and depth == 0 and \
                    i >= 2 and _upper(self.t[i - 2]) == "CONSTRUCT"
                i = self.group(i, short)
                continue
            depth += (text == "(") - (text == ")")
            i += 1
        return i

    def expression(self, i: int) -> int:
        """After a bracketed expression starting at i (its EXISTS patterns are groups)."""
        depth = 0
        while i < len(self.t):
            text = self.t[i].text
            if text == "{":
                i = self.group(i)
                continue
            depth += (text == "(") - (text == ")")
            i += 1
            if depth == 0:
                break
        return i

    def group(self, i: int, short_construct: bool = False) -> int:
        """After the group pattern whose ``{`` is at i, recording its statements."""
        gid = self.scan.groups
        self.scan.groups += 1
        if short_construct:
            self.scan.short_construct.add(gid)
        i += 1
        if i < len(self.t) and _upper(self.t[i]) == "SELECT":  # a sub-select
            return self.free(i) + 1
        while i < len(self.t):
            text, word = self.t[i].text, _upper(self.t[i])
            if text == "}":
                return i + 1
            if text == ".":
                i += 1
            elif text == "{":
                i = self.group(i)
            elif word in ("OPTIONAL", "MINUS", "UNION"):
                i = self.group(i + 1)
            elif word == "GRAPH":
                i = self.group(i + 2)
            elif word == "SERVICE":
                i = self.group(i + (3 if _upper(self.t[i + 1]) == "SILENT" else 2))
            elif word == "BIND":
                i = self.expression(i + 1)
            elif word == "VALUES":
                i = self.values(i)
            elif word == "FILTER":
                i += 1
                if _upper(self.t[i]) == "NOT":
                    i += 1
                if _upper(self.t[i]) == "EXISTS":
                    i = self.group(i + 1)
                else:
                    i = self.expression(i if self.at(i) == "(" else i + 1)
            else:
                i = self.statement(i, gid)
        return i

    def statement(self, i: int, gid: int) -> int:
        """After the triple statement starting at i."""
        start, depth, items_start, items = i, 0, i, []
        subject_end = i + 1
        if self.at(i) in ("[", "("):
            subject_end = self.block(i, self.at(i), "]" if self.at(i) == "[" else ")")
        while i < len(self.t):
            text, word = self.t[i].text, _upper(self.t[i])
            if depth == 0 and (text in ("}", "{") or word in NOT_TRIPLES):
                break
            if depth == 0 and text == ".":
                items.append((items_start, i))
                self.scan.statements.append(Statement(gid, start, i, True, items, subject_end))
                return i + 1
            if depth == 0 and text == ";":
                items.append((items_start, i))
                items_start = i + 1
            depth += (text in ("[", "(")) - (text in ("]", ")"))
            i += 1
        items.append((items_start, i))
        self.scan.statements.append(Statement(gid, start, i, False, items, subject_end))
        return i


def _prologue(scan: Scan, prefixes: Mapping[str, str]) -> Callable[[Token], str | None]:
    """A resolver of IRI tokens under the query's PREFIX and BASE declarations and the predeclared prefixes."""
    declared = {f"{name}:": iri for name, iri in prefixes.items()}
    base = ""
    t = scan.tokens
    for i, token in enumerate(t):
        word = _upper(token)
        if word == "BASE" and i + 1 < len(t) and t[i + 1].kind == "iri":
            base = urljoin(base, t[i + 1].text[1:-1])
        elif word == "PREFIX" and i + 2 < len(t) and t[i + 1].kind == "pname" and t[i + 2].kind == "iri":
            declared[t[i + 1].text] = urljoin(base, t[i + 2].text[1:-1])
        elif word in ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"):
            break

    def resolve(token: Token) -> str | None:
        if token.kind == "iri":
            return urljoin(base, token.text[1:-1])
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            namespace = declared.get(prefix + ":")
            return None if namespace is None else namespace + re.sub(r"\\(.)", r"\1", local)
        if token.kind == "word" and token.text == "a":
            return str(RDF.type)
        return None

    return resolve


def _string(token: Token) -> str:
    quotes = 3 if token.text[:3] in ('"""', "'''") else 1
    return ECHAR.sub(lambda m: UNESCAPED.get(m[1], m[1]), token.text[quotes:-quotes])


def _term(token: Token, resolve: Callable[[Token], str | None]) -> str | None:
    if token.kind == "var":
        return "?" + token.text[1:]
    iri = resolve(token)
    return None if iri is None else f"<{iri}>"


def _objects(tokens: Sequence[Token]) -> Iterator[Sequence[Token]]:
    """The objects of an object list (``"a"@en , "b"``), each as its tokens."""
    one: list[Token] = []
    for token in tokens:
        if token.text == ",":
            yield one
            one = []
        else:
            one.append(token)
    yield one


def _plain(predicate: str, tokens: Sequence[Token]) -> str | None:
    """The object of a plain psk:textMatch (a string) or psk:textScore (a variable), else None."""
    if predicate == TEXT_SCORE:
        return "?" + tokens[0].text[1:] if len(tokens) == 1 and tokens[0].kind == "var" else None
    tail = [token.kind if token.kind != "mark" else token.text for token in tokens[1:]]
    if tokens and tokens[0].kind == "string" and tail in ([], ["lang"], ["^^", "iri"], ["^^", "pname"]):
        return _string(tokens[0])
    return None


def _written(scan: Scan, resolve: Callable[[Token], str | None]) -> Iterator[Written]:
    """Each psk:textMatch or psk:textScore written in its plain form in a group pattern."""
    t = scan.tokens
    for number, statement in enumerate(scan.statements):
        subject = _term(t[statement.start], resolve) if statement.subject_end == statement.start + 1 else None
        if subject is None:
            continue  # a blank node or collection as subject: not the plain form
        for index, (first, last) in enumerate(statement.items):
            verb = statement.subject_end if index == 0 else first
            predicate = resolve(t[verb]) if verb < last else None
            if predicate not in (TEXT_MATCH, TEXT_SCORE) or t[verb + 1].text in PATH_MARKS:
                continue
            for one in _objects(t[verb + 1:last]):
                value = _plain(str(predicate), one)
                if value is not None:
                    yield Written(str(predicate), number, index, subject, value)


def _predicate(term: object) -> object:
    """A path of one step without modifier (as rdflib leaves it in EXISTS) as that step's IRI."""
    while isinstance(term, CompValue) and term.name in ("PathAlternative", "PathSequence", "PathElt"):
        part = dict.get(term, "part")  # CompValue.get's second argument is not a default
        if term.name == "PathElt":
            if dict.get(term, "mod") is not None:
                return term
            term = part
        elif isinstance(part, list) and len(part) == 1:
            term = part[0]
        else:
            return term
    return term


def _triples(algebra: object) -> Iterator[tuple[object, object, object]]:
    """Every triple pattern in the algebra: its BGPs, and the patterns of EXISTS, which rdflib translates late."""
    for node in nodes(algebra):
        if node.name == "BGP":
            yield from dict.get(node, "triples") or []
        elif node.name == "TriplesBlock":  # flat: subject, predicate, object, subject, …
            for flat in dict.get(node, "triples") or []:
                for subject, predicate, value in zip(flat[0::3], flat[1::3], flat[2::3], strict=True):
                    yield subject, _predicate(predicate), value


def _parsed(text: str, prefixes: Mapping[str, str]) -> Counter[tuple[str, str, str]] | None:
    """(predicate, subject, object) of every psk:textMatch and psk:textScore triple pattern rdflib reads."""
    try:
        algebra = translateQuery(parseQuery(text), initNs=dict(prefixes)).algebra
    except PARSE_FAILURES:
        return None
    found: Counter[tuple[str, str, str]] = Counter()
    for subject, predicate, value in _triples(algebra):
        if not isinstance(predicate, URIRef) or str(predicate) not in (TEXT_MATCH, TEXT_SCORE):
            continue
        written_subject = f"?{subject}" if isinstance(subject, Variable) else \
            f"<{subject}>" if isinstance(subject, URIRef) else "_"
        written_object = f"?{value}" if isinstance(value, Variable) else \
            str(value) if isinstance(value, Literal) and str(predicate) == TEXT_MATCH else "_"
        found[str(predicate), written_subject, written_object] += 1
    return found


def find(query: str, prefixes: Mapping[str, str]) -> tuple[str, Scan, list[Match]] | None:
    """The text as rewritten, its scan and each psk:textMatch in it; None when it has none (or cannot be read).

    A query rdflib cannot parse is left as it is: the store then says what is wrong with it.
    """
    expanded = expandUnicodeEscapes(query)
    if not MENTION.search(expanded):
        return None
    if len(expanded) > MAX_CHECKED:
        raise TextMatchError(f"a query that mentions psk:textMatch is read before it runs, and this one is longer "
                             f"than {MAX_CHECKED:,} characters; shorten it")
    parsed = _parsed(expanded, prefixes)
    if parsed is None or not parsed:
        return None
    scan = Scan(tokens(expanded))
    walker = _Walker(scan)
    walker.free(0, construct_where=True)
    resolve = _prologue(scan, prefixes)
    written = list(_written(scan, resolve))
    if Counter((w.predicate, w.subject, w.value) for w in written) != parsed:
        raise TextMatchError(f"psk:textMatch or psk:textScore is used in a form that cannot be read here; {FORM}")
    return expanded, scan, _pair(scan, written)


def _pair(scan: Scan, written: Sequence[Written]) -> list[Match]:
    """Each textMatch with the textScore of the same subject in the same group."""
    matches = [w for w in written if w.predicate == TEXT_MATCH]
    scores = [w for w in written if w.predicate == TEXT_SCORE]

    def group(one: Written) -> int:
        return scan.statements[one.statement].group

    paired: list[Match] = []
    for one in matches:
        if group(one) in scan.short_construct:
            raise TextMatchError("psk:textMatch cannot be used in CONSTRUCT WHERE { … }; write the template "
                                 "apart: CONSTRUCT { … } WHERE { … }")
        mine = [s for s in scores if s.subject == one.subject and group(s) == group(one)]
        same = [m for m in matches if m.subject == one.subject and group(m) == group(one)]
        if mine and len(same) > 1:
            raise TextMatchError(f"psk:textScore of {one.subject} is ambiguous: {one.subject} has {len(same)} "
                                 "psk:textMatch patterns in its group; give each its own variable")
        if len(mine) > 1:
            raise TextMatchError(f"{one.subject} has {len(mine)} psk:textScore patterns in one group; keep one")
        score = mine[0] if mine else None
        paired.append(Match(one.subject, one.value, one.statement, one.item,
                            score.value if score else None, (score.statement, score.item) if score else None))
    for one in scores:
        if not any(m.subject == one.subject and scan.statements[m.statement].group == group(one) for m in paired):
            raise TextMatchError(f"psk:textScore {one.value} needs a psk:textMatch on {one.subject} in the same "
                                 f"group; {FORM}")
    return paired


def _values(match: Match, hits: Sequence[tuple[str, float]]) -> str:
    """The VALUES block that stands for one psk:textMatch (and its psk:textScore)."""

    def score(value: float) -> str:
        return f'"{value!r}"^^<{XSD.double}>'

    if match.subject.startswith("?"):
        if match.score is None:
            return f"VALUES {match.subject} {{ {' '.join(f'<{iri}>' for iri, _ in hits)} }}"
        rows = " ".join(f"(<{iri}> {score(value)})" for iri, value in hits)
        return f"VALUES ({match.subject} {match.score}) {{ {rows} }}"
    found = [value for iri, value in hits if f"<{iri}>" == match.subject]  # an IRI subject: matched or not
    if match.score is None:
        return "VALUES () { () }" if found else "VALUES () { }"
    return f"VALUES {match.score} {{ {' '.join(score(value) for value in found)} }}"


def rewrite(query: str, prefixes: Mapping[str, str], hits: Callable[[str], Sequence[tuple[str, float]]]) -> str:
    """The query with each psk:textMatch (and its psk:textScore) replaced by its matches as VALUES.

    ``hits(text)`` gives the best-ranked (IRI, score) pairs of a text query. The VALUES go
    right after the statement the pattern was in, in the same group.
    """
    found = find(query, prefixes)
    if found is None:
        return query
    text, scan, matches = found
    t = scan.tokens
    removed: dict[int, set[int]] = {}
    inserted: dict[int, list[str]] = {}
    for match in matches:
        removed.setdefault(match.statement, set()).add(match.item)
        inserted.setdefault(match.statement, []).append(_values(match, hits(match.text)))
        if match.score_at is not None:
            removed.setdefault(match.score_at[0], set()).add(match.score_at[1])
    pieces = []
    position = 0
    for number in sorted(removed, key=lambda n: scan.statements[n].start):
        statement = scan.statements[number]
        pieces.append(text[position:t[statement.start].start])
        pieces.append(_rebuilt(text, t, statement, removed[number], inserted.get(number, [])))
        position = t[statement.stop].end if statement.dot else t[statement.stop - 1].end
    pieces.append(text[position:])
    return "".join(pieces)


def _rebuilt(text: str, t: list[Token], statement: Statement, removed: set[int], values: list[str]) -> str:
    """The statement without its removed items, then the VALUES that replace them."""
    kept = []
    for index, (first, last) in enumerate(statement.items):
        begin = statement.subject_end if index == 0 else first
        if index not in removed and begin < last:
            kept.append(text[t[begin].start:t[last - 1].end])
    subject = text[t[statement.start].start:t[statement.subject_end - 1].end]
    written = f"{subject} {' ; '.join(kept)}{' .' if statement.dot else ''} " if kept else ""
    return f" {written}{' '.join(values)} "
