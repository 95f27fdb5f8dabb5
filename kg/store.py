"""The store: Oxigraph on disk, one directory per build, published by an atomic swap.

A store directory looks like this::

    data/store/
      current -> builds/20261122T101500-4242   (symlink, replaced atomically)
      previous -> builds/20261121T090000-4100  (the build before; kept while servers may hold it)
      builds/<build-id>/                       (an Oxigraph/RocksDB directory each)
      builds/<build-id>.partial                (while that build is written; a killed build's
                                                folder is removed by the next build)
      build.lock                               (held while a build writes)

Each document's triples sit in its own named graph, and the build also writes them
all into the default graph, so a query without GRAPH sees the merge of every
document (each triple once).

A build writes a new Oxigraph directory that nobody else has open, so it never
needs the lock of a server that is serving the current one. Only when the new
directory is complete and closed does the ``current`` link move to it; a build
that fails or is interrupted leaves ``current`` where it was. Readers open the
current build read-only, so any number of processes can serve it at once.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cache
from itertools import islice
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph

# the readers' part lives in kg.current (it loads no more than pyoxigraph) and is re-exported here
from kg.current import CURRENT as _CURRENT
from kg.current import DEFAULT_STORE as DEFAULT_STORE
from kg.current import current_build as current_build
from kg.current import open_read_only as open_read_only
from kg.errors import DiskFullError, KGError, StoreError

_BUILDS = "builds"
_PREVIOUS = "previous"  # the build published before the current one, which a server may still have open
_LOCK = "build.lock"
_PARTIAL = ".partial"  # builds/<id>.partial marks builds/<id> as not yet published
_MANIFESTS = "manifests"  # manifests/<id>.manifest, <id>.keys: what build <id> leaves the next (kg.manifest)
_MANIFEST_SUFFIXES = (".manifest", ".keys", ".tables", ".manifest.tmp")
BULK_CHUNK = 50_000  # quads per call of Oxigraph's bulk loader (bulk_extend); lines that wait for its pipe
# (bulk_extend_lines)


def open_dataset(directory: str | Path) -> Dataset:
    """The current build as a read-only rdflib Dataset (through oxrdflib)."""
    # Imported here: oxrdflib loads rdflib's SPARQL grammar (a tenth of a second), which only
    # readers through rdflib need.
    from oxrdflib import OxigraphStore

    return Dataset(store=OxigraphStore(store=open_read_only(directory)))


def materialize_default_graph(store: ox.Store, spill_graph: str | None = None) -> None:
    """Make the default graph the merge of the named graphs (each triple once).

    Triples that stand only in the default graph (an update's INSERT DATA without GRAPH)
    move into ``spill_graph`` first, when one is given, so they are kept as data of their own.
    """
    if spill_graph is not None:
        store.update(f"""INSERT {{ GRAPH <{spill_graph}> {{ ?s ?p ?o }} }}
                         WHERE {{ ?s ?p ?o FILTER NOT EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} }} }}""")
    store.update("DROP SILENT DEFAULT")
    store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")


def union_graph(directory: str | Path) -> Graph:
    """The store's default graph (the merge of every document graph) in an in-memory rdflib Graph."""
    graph = Graph()
    for triple in open_dataset(directory).default_graph:
        graph.add(triple)
    return graph


def bulk_extend(store: ox.Store, quads: Iterable[ox.Quad], chunk: int = BULK_CHUNK) -> None:
    """Bulk-load quads in calls of at most ``chunk`` quads each.

    Oxigraph's bulk loader holds a call's quads in memory (about 0.8 KB each) up to a million
    at a time, per thread; smaller calls keep a large build's memory bounded at no cost in
    time (each call writes sorted files that the store's final optimisation merges).
    """
    iterator = iter(quads)
    while True:
        batch = list(islice(iterator, chunk))
        if not batch:
            return
        store.bulk_extend(batch)


def bulk_extend_lines(store: ox.Store, blocks: Iterable[list[str]], chunk: int | None = None) -> None:
    """Bulk-load blocks of N-Quads lines (as :meth:`kg.terms.TermConverter.document_lines` writes them) in one
    call of Oxigraph's bulk loader, which reads them from a pipe in a thread of its own while the next lines are
    made (or, given a ``chunk``, in calls of about that many lines each, which bounds the loader's memory by
    the chunk; the tests of a build's memory use it to see that nothing else grows).

    Oxigraph parses the text itself; the lines are written from pyoxigraph's own terms, so its
    checks of IRIs and language tags ran already and the parser need not repeat them. This costs
    a fraction of building a Python quad object per quad, and Oxigraph's loader runs without
    Python's lock, beside the thread that rewrites and converts the next documents.

    One call, not one per chunk: each call writes sorted files of its own, which the store then merges
    with all those before, so that calls of 50,000 quads wrote 84 GiB to load 40 million quads, where
    one call wrote 31 GiB in four fifths of the time (``bench/bulk_chunks.py``). Oxigraph's loader keeps
    its own batches in memory meanwhile (up to about 1.9 GiB at that size). Blocks with blank nodes wait
    in a file and are loaded after the rest, with their labels kept (the bulk loader would label them
    afresh).
    """
    if chunk is not None:
        _load_in_calls(store, blocks, chunk)
        return
    read, write = os.pipe()
    if hasattr(fcntl, "F_SETPIPE_SZ"):  # Linux: a larger pipe, fewer turns between the two threads
        with suppress(OSError):
            fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 1 << 20)
    failed: list[BaseException] = []

    def load() -> None:
        try:
            with open(read, "rb") as source:
                store.bulk_load(source, ox.RdfFormat.N_QUADS, lenient=True)
        except BaseException as error:  # raised in the caller's thread below
            failed.append(error)

    loader = threading.Thread(target=load, name="bulk-load")
    loader.start()
    with tempfile.TemporaryFile() as blank:
        try:
            with open(write, "wb") as sink:
                waiting: list[str] = []
                lines = 0
                for block in blocks:
                    text = "".join(block)
                    if "_:" in text:
                        blank.write(text.encode())
                        continue
                    waiting.append(text)
                    lines += len(block)
                    if lines >= BULK_CHUNK:
                        sink.write("".join(waiting).encode())
                        waiting, lines = [], 0
                sink.write("".join(waiting).encode())
        except BrokenPipeError:
            pass  # the loader stopped: its error is raised below
        finally:
            loader.join()
        if failed:
            raise failed[0]
        release_freed_memory()
        if blank.tell():
            blank.seek(0)
            store.bulk_extend(ox.parse(blank, ox.RdfFormat.N_QUADS, rename_blank_nodes=False, lenient=True))


def _load_in_calls(store: ox.Store, blocks: Iterable[list[str]], chunk: int) -> None:
    """Bulk-load blocks of N-Quads lines in calls of about ``chunk`` lines each."""
    lines: list[str] = []
    for block in blocks:
        lines.extend(block)
        if len(lines) >= chunk:
            _load_text(store, "".join(lines).encode())
            lines = []
            release_freed_memory()
    if lines:
        _load_text(store, "".join(lines).encode())


def _load_text(store: ox.Store, text: bytes) -> None:
    if b"_:" in text:  # blank nodes: the bulk loader would label them afresh, the parser can keep their labels
        store.bulk_extend(ox.parse(text, ox.RdfFormat.N_QUADS, rename_blank_nodes=False, lenient=True))
    else:
        store.bulk_load(input=text, format=ox.RdfFormat.N_QUADS, lenient=True)


def release_freed_memory() -> None:
    """Hand back to the system the memory the C allocator keeps after it was freed (glibc's
    ``malloc_trim``; nothing where the C library has none).

    The loader's thread, Oxigraph's own threads and the validation pool's thread each get an
    allocator arena of their own; the large texts freed in them stay resident, and at 1,000
    documents a build held some 230 MiB of freed memory at the end of its load.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    try:
        found: Callable[[int], int] = ctypes.CDLL(None).malloc_trim  # the C library the interpreter runs on
    except (OSError, AttributeError):
        return None
    return found


def directory_stamp(directory: Path) -> tuple[int, int]:
    """Changes whenever a build is published: each publish puts a new ``current`` link in place.

    The link's inode tells two publishes apart even within one tick of the file system's clock.
    """
    try:
        found = os.lstat(directory / _CURRENT)
    except FileNotFoundError:
        return (-1, -1)
    return (found.st_ino, found.st_mtime_ns)


class LiveStore:
    """The one tracker of the current build: follows the store's ``current`` link across rebuilds.

    :attr:`name` costs one ``lstat`` of the ``current`` link (resolving the link costs about as
    much as a small query, so it is done only when the link changed); :meth:`get` opens the
    current build read-only and reopens it only when a build has published a new one. A server
    process asks only for the name; the query workers open the store.
    """

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self._lock = threading.Lock()
        self._stamp = (-2, -2)
        self._build: Path | None = None
        self._store: ox.Store | None = None
        self._opened: Path | None = None

    def _follow(self) -> Path | None:
        stamp = directory_stamp(self.directory)  # read first: a publish meanwhile is seen next time
        if stamp != self._stamp:
            with self._lock:
                self._build = current_build(self.directory)
                self._stamp = stamp
        return self._build

    @property
    def name(self) -> str:
        """The name of the current build ('' before the first build)."""
        build = self._follow()
        return build.name if build is not None else ""

    @property
    def opened(self) -> str:
        """The name of the build that :meth:`get` returned last ('' when none)."""
        return self._opened.name if self._opened is not None else ""

    def get(self) -> ox.Store:
        """The store of the current build, reopened if a new build was published; StoreError if none."""
        build = self._follow()
        if build is not None and build == self._opened and self._store is not None:
            return self._store
        if build is None:
            raise StoreError(f"{self.directory}: no built store here; run `kg build` first (or pass --store DIR)")
        with self._lock:
            if build != self._opened or self._store is None:
                try:
                    self._store = ox.Store.read_only(str(build))
                except OSError as error:
                    raise StoreError(f"{build}: cannot open the store read-only: {error}") from error
                self._opened = build
            return self._store


@dataclass(frozen=True)
class BuildLock:
    """Proof that this process holds a store's build lock (handed to :func:`new_build`)."""

    root: Path


@contextmanager
def build_lock(directory: str | Path, *, wait: bool = False) -> Iterator[BuildLock]:
    """Hold the store's build lock; refuse at once when another build holds it, or wait for it.

    A build takes it before reading any document, so a second build learns about the
    first at its start, and passes it on to :func:`new_build`.
    """
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    with open(root / _LOCK, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as error:
            raise StoreError(f"{directory}: another build is writing this store; "
                             "wait for it to finish (or pass --wait)") from error
        try:
            yield BuildLock(root.resolve())
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _locked(root: Path, held: BuildLock | None) -> Iterator[None]:
    if held is None:
        with build_lock(root):
            yield
        return
    if held.root != root.resolve():
        raise StoreError(f"{root}: the build lock held is that of {held.root}")
    yield


def _disk_full(error: OSError) -> bool:
    # RocksDB reports a full disk as an OSError without errno, its message naming the cause.
    return error.errno == errno.ENOSPC or "No space left on device" in str(error)


@contextmanager
def new_build(directory: str | Path, held: BuildLock | None = None, build_id: str = "",
              start_from: Path | None = None) -> Iterator[ox.Store]:
    """Open a fresh Oxigraph directory for writing; publish it only if the block succeeds.

    On any exception (or KeyboardInterrupt) the new directory is removed and the
    ``current`` link is untouched, so the previous build goes on serving. A marker
    beside the directory says it is partial until it is published, so the folder of a
    build that was killed is known as such and removed by the next build. ``held`` is
    the lock when the caller took it already (a build does, at its start); ``build_id``
    names the new folder (a name that sorts after the builds before it). ``start_from``
    (a published build) makes the new store start as a copy of that one: a checkpoint
    that hard-links its immutable files, so it costs little and never writes the original;
    such a store is flushed but not compacted as a whole (the copy is compacted already).
    """
    root = Path(directory)
    with _locked(root, held):
        builds = root / _BUILDS
        builds.mkdir(parents=True, exist_ok=True)
        _remove_partial(builds)
        build_id = build_id or time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
        path = builds / build_id
        marker = builds / (build_id + _PARTIAL)
        try:
            marker.touch()
            if start_from is not None:
                ox.Store.read_only(str(start_from)).backup(str(path))
            store = ox.Store(str(path))
        except OSError as error:
            _discard(path, marker)
            if _disk_full(error):
                raise DiskFullError(f"no space left on device while writing {path}; "
                                    "the previous store is unchanged") from error
            raise StoreError(f"{path}: cannot create a store here: {error}") from error
        try:
            yield store
            store.flush()
            if start_from is None:
                store.optimize()
        except BaseException as error:
            del store
            _discard(path, marker)
            if isinstance(error, OSError) and _disk_full(error):
                raise DiskFullError(f"no space left on device while writing {path}; "
                                    "the previous store is unchanged") from error
            raise
        del store  # closes RocksDB before readers open it
        previous = current_build(root)
        _publish(root, path)
        marker.unlink()
        if previous is not None and previous != path:
            _link(root, _PREVIOUS, previous)
        _prune(root)


def build_path(directory: str | Path, build_id: str) -> Path:
    """The folder of a build of the store (while it is written, and once published)."""
    return Path(directory) / _BUILDS / build_id


def manifest_path(build: Path, suffix: str) -> Path:
    """A file a build leaves for the next build of its store: ``manifests/<id><suffix>`` (see kg.manifest)."""
    return build.parent.parent / _MANIFESTS / (build.name + suffix)


def _discard(path: Path, marker: Path) -> None:
    for _ in range(20):  # the store may still be open (its background work adding files while they go)
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            break
        time.sleep(0.05)
    for suffix in _MANIFEST_SUFFIXES:
        manifest_path(path, suffix).unlink(missing_ok=True)
    marker.unlink(missing_ok=True)


def _remove_manifests(root: Path, keep: set[str]) -> None:
    """Remove the manifests of builds other than those kept."""
    folder = root / _MANIFESTS
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        owner = next((path.name[: -len(s)] for s in _MANIFEST_SUFFIXES if path.name.endswith(s)), "")
        if owner not in keep:
            path.unlink(missing_ok=True)


def _remove_partial(builds: Path) -> None:
    """Remove the folders of builds that never published (killed ones); only a lock holder calls this."""
    for marker in builds.glob("*" + _PARTIAL):
        _discard(builds / marker.name[: -len(_PARTIAL)], marker)


def _link(root: Path, name: str, build: Path) -> None:
    staging = root / (name + ".new")
    if staging.is_symlink() or staging.exists():
        staging.unlink()
    staging.symlink_to(Path(_BUILDS) / build.name)
    os.replace(staging, root / name)  # atomic on POSIX: readers see the old or the new, never neither


def _publish(root: Path, build: Path) -> None:
    _link(root, _CURRENT, build)


def _target(root: Path, name: str) -> Path | None:
    try:
        target = os.readlink(root / name)
    except OSError:
        return None
    return (root / target).resolve()


def _prune(root: Path) -> None:
    """Keep the published build and the one before it (a server may still have it open); remove the rest."""
    _remove_partial(root / _BUILDS)
    keep = {p for p in (_target(root, _CURRENT), _target(root, _PREVIOUS)) if p is not None}
    for path in (root / _BUILDS).iterdir():
        if path.is_dir() and path.resolve() not in keep:
            shutil.rmtree(path, ignore_errors=True)
    _remove_manifests(root, {p.name for p in keep})


class RefusedBuildError(KGError):
    """A check refused the new build; nothing was published."""

    def __init__(self, objections: list[str]) -> None:
        super().__init__(f"the new build was refused: {len(objections)} objections")
        self.objections = objections


def _update_into(
    target: ox.Store,
    directory: str | Path,
    text: str,
    spill_graph: str,
    check: Callable[[ox.Store], list[str]] | None,
) -> BaseException | None:
    source = current_build(directory)
    if source is not None:
        previous = ox.Store.read_only(str(source))
        for graph in previous.named_graphs():
            target.add_graph(graph)
        # the named graphs only: the default graph is derived from them again below
        target.bulk_extend(
            quad
            for quad in previous.quads_for_pattern(None, None, None, None)
            if not isinstance(quad.graph_name, ox.DefaultGraph)
        )
        del previous
    try:
        target.update(text)
    except SyntaxError as error:
        return error.with_traceback(None)
    materialize_default_graph(target, spill_graph=spill_graph)
    objections = check(target) if check is not None else []
    return RefusedBuildError(objections) if objections else None


def apply_update(
    directory: str | Path, text: str, spill_graph: str, check: Callable[[ox.Store], list[str]] | None = None
) -> None:
    """Apply a SPARQL Update as a new build: copy the current build's named graphs, update, publish.

    The default graph is derived from the named graphs again afterwards (triples inserted
    without GRAPH move to ``spill_graph``). ``check`` sees the new store before it is published;
    what it returns are objections, and any objection refuses the build (RefusedBuildError):
    nothing is published and the new directory is removed. Also raises SyntaxError, OSError or StoreError.
    """
    with new_build(directory) as target:
        refusal = _update_into(target, directory, text, spill_graph, check)
        # no reference to the new store may outlive this block (an exception's frames would keep one),
        # or its directory could not be removed while RocksDB still writes to it
        del target
        if refusal is not None:
            raise refusal
