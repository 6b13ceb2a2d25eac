"""kg push from the default store: the snapshot file is cut into chunks as it is (no parsing, no
sorting), and the server ends up with what a push from the store would send."""

from __future__ import annotations

import io

import pytest
import rdflib

from kg.errors import EndpointError
from kg.export import select_lines
from kg.formats import format_for_path
from kg.progress import ProgressLine
from kg.push import push_data, snapshot_chunks
from kg.store import current_snapshot, open_store, replace_store
from tests.export.conftest import BLANK_NODES, SMALL, assert_isomorphic
from tests.push.conftest import named_graphs, server_graph, upload
from tests.push.test_push import BEFORE, FAST, GRAPH, fail_chunk


@pytest.fixture
def built(tmp_path):
    """A store built from small.ttl (no blank nodes), and its graph as export selects it."""
    root = tmp_path / "store"
    replace_store(SMALL, root, format_for_path(SMALL))
    data = select_lines(open_store(root)).data
    return root, rdflib.Graph().parse(data=data, format="nt")


def chunk_bodies(proxy) -> list[bytes]:
    return [seen.body for seen in proxy.seen if seen.is_chunk]


def test_push_sends_the_snapshot_cut_on_line_boundaries(oxigraph_server, built, make_proxy):
    root, graph = built
    proxy = make_proxy(oxigraph_server)

    result = push_data(proxy.url, graph=GRAPH, store_root=root, chunk_size=300, **FAST)

    snapshot = current_snapshot(root).read_bytes()
    bodies = chunk_bodies(proxy)
    assert b"".join(bodies) == snapshot                       # the file itself, in order, once
    assert [body.count(b"\n") for body in bodies[:-1]] == [300] * (len(bodies) - 1)
    assert result.triples == len(graph) and result.chunks == len(bodies) == -(-len(graph) // 300)
    assert_isomorphic(server_graph(oxigraph_server, GRAPH), graph)


def test_push_with_replace_from_the_snapshot_replaces_the_graph(oxigraph_server, built):
    root, graph = built
    upload(oxigraph_server, BEFORE, GRAPH)

    result = push_data(oxigraph_server, graph=GRAPH, replace=True, store_root=root, chunk_size=500, **FAST)

    assert result.replaced
    assert_isomorphic(server_graph(oxigraph_server, GRAPH), graph)
    assert named_graphs(oxigraph_server) == {GRAPH}


def test_a_failed_chunk_from_the_snapshot_is_retried(oxigraph_server, built, make_proxy):
    root, graph = built
    proxy = make_proxy(oxigraph_server, fail_chunk(2, times=1))

    result = push_data(proxy.url, store_root=root, chunk_size=400, **FAST)

    assert result.retries == 1
    assert_isomorphic(server_graph(oxigraph_server), graph)


def test_a_failing_upload_from_the_snapshot_with_replace_leaves_the_target(oxigraph_server, built, make_proxy):
    root, _ = built
    upload(oxigraph_server, BEFORE, GRAPH)
    proxy = make_proxy(oxigraph_server, fail_chunk(2))

    with pytest.raises(EndpointError, match="chunk 2 of .* failed after 2 attempts") as caught:
        push_data(proxy.url, graph=GRAPH, replace=True, store_root=root, chunk_size=400, retries=1, **FAST)

    assert f"<{GRAPH}> was left as it was" in str(caught.value)
    assert_isomorphic(server_graph(oxigraph_server, GRAPH), rdflib.Graph().parse(data=BEFORE, format="nt"))
    assert named_graphs(oxigraph_server) == {GRAPH}


def test_push_with_other_options_selects_from_the_snapshot(oxigraph_server, built):
    root, _ = built

    push_data(oxigraph_server, graph=GRAPH, store_root=root, with_reference=False, with_ontology=True, **FAST)

    expected = select_lines(open_store(root), with_reference=False, with_ontology=True).data
    assert_isomorphic(server_graph(oxigraph_server, GRAPH), rdflib.Graph().parse(data=expected, format="nt"))


def test_a_snapshot_with_blank_nodes_keeps_them_in_one_chunk(oxigraph_server, tmp_path):
    root = tmp_path / "store"
    replace_store(BLANK_NODES, root, format_for_path(BLANK_NODES))
    expected = rdflib.Graph().parse(data=select_lines(open_store(root)).data, format="nt")

    push_data(oxigraph_server, store_root=root, chunk_size=1, **FAST)

    assert_isomorphic(server_graph(oxigraph_server), expected)


def test_progress_counts_the_snapshots_lines(oxigraph_server, built):
    root, graph = built
    stream = io.StringIO()
    progress = ProgressLine("pushing", enabled=True, stream=stream)

    push_data(oxigraph_server, store_root=root, chunk_size=500, progress=progress, **FAST)
    progress.close()

    assert f"{len(graph)}/{len(graph)}" in stream.getvalue()


def test_snapshot_chunks_cut_whole_lines(tmp_path):
    path = tmp_path / "graph.nt"
    path.write_bytes(b"".join(b"<http://example.org/s%d> <http://example.org/p> \"x\" .\n" % i for i in range(10)))

    chunks = list(snapshot_chunks(path, 4))
    assert [c.count(b"\n") for c in chunks] == [4, 4, 2] and b"".join(chunks) == path.read_bytes()
    with pytest.raises(EndpointError, match="at least 1 triple"):
        list(snapshot_chunks(path, 0))
