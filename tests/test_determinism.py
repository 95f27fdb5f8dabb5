"""Two builds of the same documents, in two separate processes, give byte-identical sorted N-Quads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.server_support import REPO

SEEDS = REPO / "seeds"
# Anonymous blank nodes and a list: a parser labels each at random, per process.
TURTLE_WITH_BLANK_NODES = """\
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix bibo: <http://purl.org/ontology/bibo/> .
<https://example.org/work/1> dcterms:title "A work with anonymous authors" ;
    dcterms:creator [ a foaf:Person ; foaf:name "Ada Lovelace" ] ;
    bibo:authorList ( [ foaf:name "Ada Lovelace" ] [ foaf:name "Charles Babbage" ] ) .
[ a foaf:Person ; foaf:name "Someone Anonymous" ] .
"""
# A second document with the same anonymous node: in the store it must stay a node of its own.
TURTLE_SAME_BLANK_NODE = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://example.org/person/2> foaf:name "Another Person" .
[ a foaf:Person ; foaf:name "Someone Anonymous" ] .
"""


def _kg(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    environment = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "kg.cli", *arguments], cwd=cwd, env=environment,
                          capture_output=True, check=False, timeout=300)


def _build_and_dump(documents: list[Path], folder: Path) -> bytes:
    folder.mkdir()
    built = _kg("build", *map(str, documents), "--store", "store", cwd=folder)
    assert built.returncode == 0, built.stderr.decode()
    dumped = _kg("export", "--store", "store", "--format", "nq", cwd=folder)
    assert dumped.returncode == 0, dumped.stderr.decode()
    return b"\n".join(sorted(dumped.stdout.splitlines()))


@pytest.fixture(scope="module")
def dumps(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    root = tmp_path_factory.mktemp("determinism")
    documents = [SEEDS, root / "anonymous.ttl", root / "same-anonymous.ttl"]
    documents[1].write_text(TURTLE_WITH_BLANK_NODES, encoding="utf-8")
    documents[2].write_text(TURTLE_SAME_BLANK_NODE, encoding="utf-8")
    return _build_and_dump(documents, root / "first"), _build_and_dump(documents, root / "second")


def test_two_processes_build_byte_identical_sorted_nquads(dumps: tuple[bytes, bytes]) -> None:
    first, second = dumps
    assert first == second
    # the ontology's owl:oneOf lists and the document's anonymous nodes are there, as blank nodes
    assert b"<http://www.w3.org/2002/07/owl#oneOf> _:" in first
    assert b'<http://xmlns.com/foaf/0.1/name> "Charles Babbage"' in first
    assert first.count(b"\n_:") >= 16


def test_blank_nodes_of_different_graphs_stay_apart(dumps: tuple[bytes, bytes]) -> None:
    """The same anonymous node in two named graphs must not become one node in the merged default graph."""
    graphs_of: dict[str, set[str]] = {}
    for quad in ox.parse(dumps[0], format=ox.RdfFormat.N_QUADS):
        if isinstance(quad.subject, ox.BlankNode) and isinstance(quad.graph_name, ox.NamedNode):
            graphs_of.setdefault(quad.subject.value, set()).add(quad.graph_name.value)
    assert len(graphs_of) >= 12
    anonymous = [label for label, _ in graphs_of.items()
                 if f'_:{label} <http://xmlns.com/foaf/0.1/name> "Someone Anonymous"'.encode() in dumps[0]]
    assert len(anonymous) == 2
    assert all(len(graphs) == 1 for graphs in graphs_of.values()), graphs_of


def test_documents_reached_through_links_build_as_the_files_themselves(tmp_path: Path) -> None:
    # The documents lie outside the working folder; links take a folder, or each file, out of its own.
    real = tmp_path / "elsewhere" / "seeds"
    real.mkdir(parents=True)
    for seed in sorted(SEEDS.glob("00[02]_*")):
        (real / seed.name).write_bytes(seed.read_bytes())
    folder_link = tmp_path / "project" / "seeds"
    folder_link.parent.mkdir()
    folder_link.symlink_to(real, target_is_directory=True)
    file_links = tmp_path / "files" / "seeds"
    file_links.mkdir(parents=True)
    for document in sorted(real.iterdir()):
        (file_links / document.name).symlink_to(document)
    expected = _build_and_dump([real], tmp_path / "direct")
    assert b"seeds/000_" in expected
    assert _build_and_dump([folder_link], tmp_path / "through-a-folder-link") == expected
    assert _build_and_dump([file_links], tmp_path / "through-file-links") == expected
