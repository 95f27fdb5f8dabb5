"""Publish the built graph to a remote SPARQL 1.1 store through the Graph Store Protocol.

Every named graph of the store (one per source document, plus the ontology, the
links and the resolution record) is written to a graph of the same name, with
replace semantics; the store's default graph (the merge, each triple once) goes
to a graph of its own, :data:`MERGED_GRAPH`, which ``kg serve --remote`` uses as
the default graph. A publication record in :data:`PUBLICATION_GRAPH` lists each
published graph with a digest of its content, so the next publish writes only
the graphs that changed and deletes the ones that are gone. The digests of a
build are computed once and kept beside it (kg/digests.py), so publishing the
same build again reads nothing from the store.

Speed: a few graphs are written at once (``RemoteSettings.connections``), each
graph read from the store once, while it is sent; the merge goes last, alone.

Safety: the credentials are checked with a read before anything is written; the
publication record says "in progress" (no ``prov:endedAtTime``) from the first
write until the last, and while in progress it lists only graphs that are
written whole (a graph about to be replaced leaves the record first; a graph
about to be deleted stays in it until it is gone). So a publish that was killed
is visible, and a second run finishes it: every write is a whole-graph replace,
so running again is safe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kg.digests import GraphDigest, LineHasher, graph_lines, load_digests, save_digests
from kg.errors import KGError, StoreError
from kg.namespaces import DEFAULT_BASE, PROV, PSK, RDF, VOID, XSD
from kg.store import current_build

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
_RECORD_EVERY = 100  # graphs written between two updates of the in-progress record
_ATTEMPTS = 4  # tries of one request that the store refused for a transient reason (a deadlock)


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
    connections: int = 3  # graphs written at once


@dataclass
class PublishReport:
    """What one publish did."""

    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    triples: int = 0
    seconds: float = 0.0
    read: int = 0  # graphs read from the local store (to digest or to send)
    digests: str = ""  # where the build's digests came from: "kept", "computed" or "written"
    merged_triples: int = 0  # triples of the merge, as published


def _line(triple: ox.Triple) -> bytes:
    return f"{triple.subject} {triple.predicate} {triple.object} .\n".encode()


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
    """The digest of every graph a publish writes, read from the store."""
    digests = {}
    for name, graph in local_graphs(store).items():
        hasher = LineHasher()
        for line in graph_lines(store, graph):
            hasher.add(line)
        digests[name] = hasher.result(name)
    return digests


def _transient(response: requests.Response) -> bool:
    """A refusal worth one more try: the store is busy, or (Virtuoso, SR172) the write lost a deadlock."""
    if response.status_code == 503:
        return True
    return response.status_code == 500 and any(mark in response.text for mark in ("SR172", "40001", "eadlock"))


class GraphStore:
    """A Graph Store Protocol client (indirect graph identification, ``?graph=IRI``)."""

    def __init__(self, settings: RemoteSettings) -> None:
        self.settings = settings
        self._local = threading.local()  # one session (one connection pool) per thread
        self._auth: AuthBase | None = None
        self.virtuoso = False

    @property
    def session(self) -> requests.Session:
        """This thread's session."""
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _request(self, method: str, graph: str, **kwargs: object) -> requests.Response:
        url = self.settings.graph_store
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                response = self.session.request(method, url, params={"graph": graph}, auth=self._auth,
                                                timeout=self.settings.timeout, **kwargs)  # type: ignore[arg-type]
            except requests.RequestException as error:
                raise PublishError(f"cannot reach the graph store {url}: {error}") from error
            if not _transient(response) or attempt == _ATTEMPTS:
                break
            time.sleep(0.2 * attempt)  # a write that lost a deadlock was rolled back whole: send it again
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


def _bodies(store: ox.Store, graph: ox.NamedNode | ox.DefaultGraph, size: int,
            hasher: LineHasher) -> Iterator[bytes]:
    """The graph's N-Triples in bodies of about ``size`` triples, reading the store once.

    Every triple with a blank node goes in the last body: a graph store gives the blank
    nodes of each request fresh identities, so a blank node split across two requests
    would become two nodes. There is always at least one body (an empty graph is written
    empty). Each line is counted into ``hasher`` as it is read.
    """
    body: list[bytes] = []
    blank: list[bytes] = []
    for line in graph_lines(store, graph):
        hasher.add(line)
        # a blank node is a subject (the line's start) or an object (after a space); a literal
        # that contains " _:" only moves its line to the last body, which is harmless
        if line.startswith(b"_:") or b" _:" in line:
            blank.append(line)
            continue
        body.append(line)
        if len(body) >= size:
            yield b"".join(body)
            body = []
    yield b"".join(body + blank)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class _Publication:
    """One publish in progress: writes graphs (a few at once), keeps the remote record true."""

    def __init__(self, remote: GraphStore, store: ox.Store, settings: RemoteSettings, report: PublishReport,
                 holding: dict[str, GraphDigest], on_graph: Callable[[str, str], None] | None) -> None:
        self.remote, self.store, self.settings, self.report = remote, store, settings, report
        self.holding = holding  # what the remote holds whole, as its record will say
        self.on_graph = on_graph
        self.begun = _now()
        self.written: dict[str, GraphDigest] = {}

    def record(self, ended: str | None = None) -> None:
        """Write the publication record: in progress unless ``ended``."""
        self.remote.put(PUBLICATION_GRAPH, _publication_record(self.holding, self.begun, ended))

    def _write(self, name: str, graph: ox.NamedNode | ox.DefaultGraph) -> GraphDigest:
        hasher = LineHasher()
        for index, body in enumerate(_bodies(self.store, graph, self.settings.chunk_triples, hasher)):
            self.remote.put(name, body, append=index > 0)
        return hasher.result(name)

    def _done(self, action: str, name: str) -> None:
        if self.on_graph is not None:
            self.on_graph(action, name)

    def _wrote(self, name: str, digest: GraphDigest) -> None:
        self.report.written.append(name)
        self.report.triples += digest.triples
        self.report.read += 1
        self.written[name] = self.holding[name] = digest
        self._done("wrote", name)
        if len(self.report.written) % _RECORD_EVERY == 0:
            self.record()

    def write_all(self, names: list[str], graphs: dict[str, ox.NamedNode | ox.DefaultGraph]) -> None:
        """Write the graphs, ``connections`` at once; on a failure, finish the writes under way and raise."""
        pending = iter(names)
        running: dict[Future[GraphDigest], str] = {}
        failure: PublishError | None = None
        with ThreadPoolExecutor(max_workers=max(1, self.settings.connections)) as pool:
            while True:
                while failure is None and len(running) < max(1, self.settings.connections):
                    name = next(pending, None)
                    if name is None:
                        break
                    running[pool.submit(self._write, name, graphs[name])] = name
                if not running:
                    break
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    name = running.pop(future)
                    try:
                        self._wrote(name, future.result())
                    except PublishError as error:
                        failure = failure or error
        if failure is not None:
            raise failure

    def delete_all(self, names: list[str]) -> None:
        """Delete graphs the store no longer has, each leaving the record once it is gone."""
        for name in names:
            self.remote.delete(name)
            self.holding.pop(name, None)
            self.report.deleted.append(name)
            self._done("deleted", name)


def _open_build(directory: Path) -> tuple[Path, ox.Store]:
    build = current_build(directory)
    if build is None:
        raise StoreError(f"{directory}: no built store here; run `kg build` first (or pass --store DIR)")
    try:
        return build, ox.Store.read_only(str(build))
    except OSError as error:
        raise StoreError(f"{build}: cannot open the store read-only: {error}") from error


def publish(directory: Path, settings: RemoteSettings, *, full: bool = False,
            on_graph: Callable[[str, str], None] | None = None) -> PublishReport:
    """Write the current build's graphs to the remote store: only the changed ones unless ``full``."""
    started = time.perf_counter()
    build, store = _open_build(directory)
    graphs = local_graphs(store)
    remote = GraphStore(settings)
    remote.authenticate()
    published, complete = read_publication(remote.get(PUBLICATION_GRAPH))
    report = PublishReport()
    digests = load_digests(directory, build)
    if digests is not None and digests.keys() == graphs.keys():
        report.digests = "kept"
    elif full or not published:
        digests = None  # every graph is written: its digest is taken on the way
    else:
        digests = local_digests(store)
        report.read, report.digests = len(digests), "computed"
        _keep(directory, build, digests, report)
    changed = [name for name in graphs if digests is None or full or published.get(name) != digests[name]]
    gone = sorted(set(published) - set(graphs))
    report.unchanged = len(graphs) - len(changed)
    if digests is not None:
        report.merged_triples = digests[MERGED_GRAPH].triples
    if not changed and not gone and complete:
        report.seconds = time.perf_counter() - started
        return report
    # From here until the end, the record lists only what the remote holds whole.
    holding = {name: entry for name, entry in published.items() if name not in changed}
    run = _Publication(remote, store, settings, report, holding, on_graph)
    run.record()
    try:
        # The merge last: until it is written, the default graph the front serves is the old one.
        run.write_all([name for name in changed if name != MERGED_GRAPH], graphs)
        run.delete_all(gone)
        run.write_all([name for name in changed if name == MERGED_GRAPH], graphs)
    except PublishError as error:
        run.record()
        written = ", ".join(f"<{g}>" for g in report.written) or "none"
        raise PublishError(f"{error}\npublish stopped after writing {len(report.written)} of {len(changed)} "
                           f"changed graphs ({written}); run `kg publish` again to finish") from error
    if digests is None:
        digests = {**run.written}
        report.digests = "written"
        _keep(directory, build, digests, report)
    report.merged_triples = digests[MERGED_GRAPH].triples
    if remote.virtuoso:
        remote.group_default_graph()
    run.holding = digests
    run.record(_now())
    report.seconds = time.perf_counter() - started
    return report


def _keep(directory: Path, build: Path, digests: dict[str, GraphDigest], report: PublishReport) -> None:
    """Keep the build's digests beside it; a store folder we may not write to only costs a re-read later."""
    try:
        save_digests(directory, build, digests.values())
    except OSError as error:
        report.digests += f" (not kept: {error.strerror})"


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
