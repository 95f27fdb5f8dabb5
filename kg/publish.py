"""Publish the built graph to a remote SPARQL 1.1 store through the Graph Store Protocol.

Every named graph of the store (one per source document, plus the ontology, the
links and the resolution record) is written to a graph of the same name, with
replace semantics; the store's default graph (the merge, each triple once) goes
to a graph of its own, :data:`MERGED_GRAPH`, which ``kg serve --remote`` uses as
the default graph. A publication record in :data:`PUBLICATION_GRAPH` lists each
published graph with a digest of its content, so the next publish writes only
the graphs that changed and deletes the ones that are gone.

Safety: the credentials are checked with a read before anything is written; the
publication record says "in progress" (no ``prov:endedAtTime``) from the first
write until the last, so a publish that was killed is visible and a second run
finishes it (every write is a whole-graph replace, so running again is safe).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kg.errors import KGError
from kg.namespaces import DEFAULT_BASE, PROV, PSK, RDF, VOID, XSD

__all__ = [
    "DEFAULT_GROUP",
    "MERGED_GRAPH",
    "PUBLICATION_GRAPH",
    "GraphDigest",
    "PublishError",
    "PublishReport",
    "RemoteSettings",
    "publish",
    "read_publication",
]

# The merge of the document graphs (the embedded store's default graph) and the
# record of what was published, as graphs of the remote store.
MERGED_GRAPH = DEFAULT_BASE + "graph/merged"
PUBLICATION_GRAPH = DEFAULT_BASE + "graph/publication"
# On Virtuoso, a graph group whose one member is the merge. Used as the default graph, it lets
# a query hide the merge from GRAPH ?g (Virtuoso's named-graph-exclude of a plain default graph
# empties the default graph too; a group does not).
DEFAULT_GROUP = DEFAULT_BASE + "graph/default"
_PUBLICATION = ox.NamedNode(DEFAULT_BASE + "publication")
_NT = "application/n-triples"
_XSD_DATETIME = ox.NamedNode(str(XSD.dateTime))
_XSD_INTEGER = ox.NamedNode(str(XSD.integer))


class PublishError(KGError):
    """The remote store refused or failed a write; the message says which graphs were written."""


@dataclass(frozen=True)
class RemoteSettings:
    """Where and how to publish."""

    graph_store: str
    user: str | None = None
    password: str | None = None
    chunk_triples: int = 100_000
    timeout: float = 600.0


@dataclass(frozen=True)
class GraphDigest:
    """A graph's content as published: an order-independent digest and its size."""

    graph: str
    digest: str
    triples: int


@dataclass
class PublishReport:
    """What one publish did."""

    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    triples: int = 0
    seconds: float = 0.0


def _line(triple: ox.Triple) -> bytes:
    return f"{triple.subject} {triple.predicate} {triple.object} .\n".encode()


def _graph_triples(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph) -> Iterator[ox.Triple]:
    for quad in store.quads_for_pattern(None, None, None, graph):
        yield quad.triple


def _digest(lines: Iterator[bytes]) -> tuple[str, int]:
    """Sum of the lines' SHA-256 values modulo 2**256: the same for any order of the same lines."""
    total, count = 0, 0
    for line in lines:
        total = (total + int.from_bytes(hashlib.sha256(line).digest(), "big")) % (1 << 256)
        count += 1
    return f"{total:064x}", count


def local_graphs(store: ox.Store) -> dict[str, ox.NamedNode | ox.DefaultGraph]:
    """The graphs a publish writes, by their remote name."""
    graphs: dict[str, ox.NamedNode | ox.DefaultGraph] = {
        g.value: g for g in store.named_graphs() if isinstance(g, ox.NamedNode)
    }
    for reserved in (MERGED_GRAPH, PUBLICATION_GRAPH):
        if reserved in graphs:
            raise PublishError(f"the store has a graph named {reserved}, which publishing reserves for itself")
    graphs[MERGED_GRAPH] = ox.DefaultGraph()
    return dict(sorted(graphs.items()))


def local_digests(store: ox.Store) -> dict[str, GraphDigest]:
    """The digest of every graph a publish writes."""
    digests = {}
    for name, graph in local_graphs(store).items():
        digest, count = _digest(_line(t) for t in _graph_triples(store, graph))
        digests[name] = GraphDigest(name, digest, count)
    return digests


class GraphStore:
    """A Graph Store Protocol client (indirect graph identification, ``?graph=IRI``)."""

    def __init__(self, settings: RemoteSettings) -> None:
        self.settings = settings
        self.session = requests.Session()
        self._auth: AuthBase | None = None
        self.virtuoso = False

    def _request(self, method: str, graph: str, **kwargs: object) -> requests.Response:
        url = self.settings.graph_store
        try:
            response = self.session.request(method, url, params={"graph": graph}, auth=self._auth,
                                            timeout=self.settings.timeout, **kwargs)  # type: ignore[arg-type]
        except requests.RequestException as error:
            raise PublishError(f"cannot reach the graph store {url}: {error}") from error
        if response.status_code == 401:
            raise PublishError(f"the graph store {url} refused the credentials (401): check KG_REMOTE_USER "
                               "and KG_REMOTE_PASSWORD (or the password file)")
        if response.status_code == 403:
            raise PublishError(f"the graph store {url} does not allow this user to write graphs (403)")
        return response

    def authenticate(self) -> None:
        """Find the server's authentication scheme and check the credentials with a read.

        The read asks for the publication record, which every publish writes, so a wrong
        password is found before anything is written.
        """
        url = self.settings.graph_store
        try:
            probe = self.session.get(url, params={"graph": PUBLICATION_GRAPH}, headers={"Accept": _NT},
                                     timeout=self.settings.timeout)
        except requests.RequestException as error:
            raise PublishError(f"cannot reach the graph store {url}: {error}") from error
        challenge = probe.headers.get("WWW-Authenticate", "")
        self.virtuoso = probe.headers.get("Server", "").startswith("Virtuoso")
        if probe.status_code == 401:
            if self.settings.user is None or self.settings.password is None:
                raise PublishError(f"the graph store {url} asks for credentials: set KG_REMOTE_USER and "
                                   "KG_REMOTE_PASSWORD (or KG_REMOTE_PASSWORD_FILE)")
            user, password = self.settings.user, self.settings.password
            self._auth = (HTTPDigestAuth(user, password) if challenge.lower().startswith("digest")
                          else HTTPBasicAuth(user, password))
        elif self.settings.user is not None and self.settings.password is not None:
            self._auth = HTTPBasicAuth(self.settings.user, self.settings.password)
        # A write endpoint may allow anonymous reads: the credentials are checked with a
        # read that must authenticate; a 401 here means they are wrong.
        self.get(PUBLICATION_GRAPH)

    def get(self, graph: str) -> bytes | None:
        """The graph as N-Triples, or None when the store has no such graph."""
        response = self._request("GET", graph, headers={"Accept": _NT})
        if response.status_code == 404:
            return None
        self._check(response, "read", graph)
        return response.content

    def put(self, graph: str, body: bytes, *, append: bool = False) -> None:
        """Replace (PUT) or extend (POST) one graph."""
        response = self._request("POST" if append else "PUT", graph, data=body,
                                 headers={"Content-Type": _NT})
        self._check(response, "write", graph)

    def delete(self, graph: str) -> None:
        """Remove one graph; a graph that is already gone is fine."""
        response = self._request("DELETE", graph)
        if response.status_code != 404:
            self._check(response, "delete", graph)

    def group_default_graph(self) -> None:
        """On Virtuoso: make DEFAULT_GROUP, holding the merge, through its authenticated SPARQL endpoint."""
        url = self.settings.graph_store.rsplit("/", 1)[0] + "/sparql-auth"
        for call in (f"RDF_GRAPH_GROUP_CREATE('{DEFAULT_GROUP}', 1)",
                     f"RDF_GRAPH_GROUP_INS('{DEFAULT_GROUP}', '{MERGED_GRAPH}')"):
            try:
                response = self.session.post(url, data={"query": f"SELECT (sql:{call} AS ?done) WHERE {{}}"},
                                             auth=self._auth, timeout=self.settings.timeout)
            except requests.RequestException as error:
                raise PublishError(f"cannot reach {url} to group the merge graph: {error}") from error
            if response.status_code != 200:
                raise PublishError(f"{url} could not group the merge graph as the default graph: "
                                   f"HTTP {response.status_code}: {response.text[:300].strip()}")

    def _check(self, response: requests.Response, action: str, graph: str) -> None:
        if response.status_code >= 300:
            excerpt = response.text[:300].strip()
            raise PublishError(f"the graph store could not {action} <{graph}>: HTTP {response.status_code}"
                               + (f": {excerpt}" if excerpt else ""))


def read_publication(body: bytes | None) -> tuple[dict[str, GraphDigest], bool]:
    """The graphs a publication record lists, and whether that publication completed."""
    if not body:
        return {}, True
    digests: dict[str, dict[str, str]] = {}
    complete = False
    for triple in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
        predicate = triple.predicate.value
        if triple.subject == _PUBLICATION:
            complete = complete or predicate == str(PROV.endedAtTime)
            continue
        if isinstance(triple.object, ox.Literal) and predicate in (str(PSK.graphDigest), str(VOID.triples)):
            digests.setdefault(triple.subject.value, {})[predicate] = triple.object.value
    listed = {
        graph: GraphDigest(graph, values[str(PSK.graphDigest)], int(values.get(str(VOID.triples), "0")))
        for graph, values in digests.items() if str(PSK.graphDigest) in values
    }
    return listed, complete


def _publication_record(digests: dict[str, GraphDigest], started: str, ended: str | None) -> bytes:
    triples = [
        ox.Triple(_PUBLICATION, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(PROV.Activity))),
        ox.Triple(_PUBLICATION, ox.NamedNode(str(PROV.startedAtTime)), ox.Literal(started, datatype=_XSD_DATETIME)),
    ]
    if ended is not None:
        triples.append(ox.Triple(_PUBLICATION, ox.NamedNode(str(PROV.endedAtTime)),
                                 ox.Literal(ended, datatype=_XSD_DATETIME)))
    for entry in digests.values():
        graph = ox.NamedNode(entry.graph)
        triples += [
            ox.Triple(graph, ox.NamedNode(str(PSK.graphDigest)), ox.Literal(entry.digest)),
            ox.Triple(graph, ox.NamedNode(str(VOID.triples)), ox.Literal(str(entry.triples), datatype=_XSD_INTEGER)),
            ox.Triple(graph, ox.NamedNode(str(PROV.wasGeneratedBy)), _PUBLICATION),
        ]
    return b"".join(_line(t) for t in triples)


def _chunks(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph, size: int) -> Iterator[bytes]:
    """The graph's N-Triples in bodies of at most ``size`` triples.

    Every triple with a blank node goes in the first body: a graph store gives the blank
    nodes of each request fresh identities, so a blank node split across two requests
    would become two nodes.
    """
    with_blank = [t for t in _graph_triples(store, graph)
                  if isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)]
    body, count = [_line(t) for t in with_blank], len(with_blank)
    for triple in _graph_triples(store, graph):
        if isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode):
            continue
        body.append(_line(triple))
        count += 1
        if count >= size:
            yield b"".join(body)
            body, count = [], 0
    if body or count == 0:
        yield b"".join(body)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def publish(store: ox.Store, settings: RemoteSettings, *, full: bool = False,
            on_graph: Callable[[str, str], None] | None = None) -> PublishReport:
    """Write the store's graphs to the remote store: only the changed ones unless ``full``."""
    started = time.perf_counter()
    remote = GraphStore(settings)
    remote.authenticate()
    published, complete = read_publication(remote.get(PUBLICATION_GRAPH))
    digests = local_digests(store)
    graphs = local_graphs(store)
    changed = [name for name, entry in digests.items() if full or published.get(name) != entry]
    gone = sorted(set(published) - set(digests))
    report = PublishReport(unchanged=len(digests) - len(changed))
    if not changed and not gone and complete:
        report.seconds = time.perf_counter() - started
        return report
    # What the remote holds from here on: the old record, updated graph by graph.
    holding = {name: entry for name, entry in published.items() if name in digests}
    begun = _now()
    remote.put(PUBLICATION_GRAPH, _publication_record(holding, begun, None))
    try:
        # The merge last: until it is written, the default graph the front serves is the old one.
        for name in sorted(changed, key=lambda n: (n == MERGED_GRAPH, n)):
            for index, body in enumerate(_chunks(store, graphs[name], settings.chunk_triples)):
                remote.put(name, body, append=index > 0)
            report.written.append(name)
            report.triples += digests[name].triples
            holding[name] = digests[name]
            if on_graph is not None:
                on_graph("wrote", name)
            if len(report.written) % 100 == 0:
                remote.put(PUBLICATION_GRAPH, _publication_record(holding, begun, None))
        for name in gone:
            remote.delete(name)
            report.deleted.append(name)
            if on_graph is not None:
                on_graph("deleted", name)
    except PublishError as error:
        remote.put(PUBLICATION_GRAPH, _publication_record(holding, begun, None))
        written = ", ".join(f"<{g}>" for g in report.written) or "none"
        raise PublishError(f"{error}\npublish stopped after writing {len(report.written)} of {len(changed)} "
                           f"changed graphs ({written}); run `kg publish` again to finish") from error
    if remote.virtuoso:
        remote.group_default_graph()
    remote.put(PUBLICATION_GRAPH, _publication_record(digests, begun, _now()))
    report.seconds = time.perf_counter() - started
    return report


def count_remote(endpoint: str, graph: str, timeout: float = 120.0) -> int:
    """The number of triples a SPARQL endpoint holds in one graph."""
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    try:
        response = requests.post(endpoint, data={"query": query},
                                 headers={"Accept": "application/sparql-results+json"}, timeout=timeout)
        response.raise_for_status()
        return int(response.json()["results"]["bindings"][0]["n"]["value"])
    except (requests.RequestException, KeyError, IndexError, ValueError) as error:
        raise PublishError(f"cannot count the triples of <{graph}> at {endpoint}: {error}") from error
