"""kg.push against a real Oxigraph server: exact contents, replace, retries, failures, fallback."""

from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
import rdflib

from kg.errors import EndpointError
from kg.export import select_lines
from kg.progress import ProgressLine
from kg.push import chunk_lines, push_graph, resolve_endpoint
from kg.store import load_files
from tests.export.conftest import BLANK_NODES, SMALL, assert_isomorphic
from tests.push.conftest import Reply, named_graphs, server_dataset, server_graph, upload

GRAPH = "https://example.org/graph/conflicts"
OTHER = "https://example.org/graph/other"
BEFORE = '<https://example.org/old> <https://example.org/says> "what was there before" .\n'
FAST = {"backoff": 0.01}  # retries without waiting, for tests


@pytest.fixture
def local():
    """The local store to push (hand-written events with blank nodes), and its graph as exported."""
    store = load_files([SMALL, BLANK_NODES])
    lines = select_lines(store).lines
    graph = rdflib.Graph().parse(data=b"\n".join(lines) + b"\n", format="nt")
    return store, graph


def local_dataset(graph: rdflib.Graph) -> ox.Dataset:
    nt = graph.serialize(format="nt", encoding="utf-8")
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object)
                         for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


def fail_chunk(number: int, status: int | None = 500, times: int = 10**6,
               body: bytes = b"Internal error: the disk is full\nline two\nline three"):
    """A policy: chunk requests pass until the ``number``-th; from there ``times`` requests fail
    (with ``status``, or no answer at all when it is None), then they pass again."""
    def policy(seen, proxy):
        if not seen.is_chunk:
            return None
        if "failing" not in proxy.counts:
            if proxy.count("chunks") < number:
                return None
            proxy.counts["failing"] = 0
        if proxy.count("failing") <= times:
            return Reply(status, body)
        return None

    return policy


# Contents ----------------------------------------------------------------------------------------

def test_push_puts_exactly_the_local_triples_in_the_default_graph(oxigraph_server, local):
    store, graph = local

    result = push_graph(store, oxigraph_server, chunk_size=7, **FAST)

    assert result.triples == len(graph) and result.chunks > 10 and result.protocol == "graph store"
    pushed = server_graph(oxigraph_server)
    assert_isomorphic(pushed, graph)            # rdflib's view
    assert server_dataset(oxigraph_server) == local_dataset(graph)  # pyoxigraph's view
    assert named_graphs(oxigraph_server) == set()


def test_blank_node_structures_are_never_split_across_chunks(oxigraph_server):
    store = load_files([BLANK_NODES])
    graph = rdflib.Graph().parse(BLANK_NODES, format="turtle")

    push_graph(store, oxigraph_server, chunk_size=1, with_reference=False, **FAST)

    # One triple per request would have cut the blank-node list and the cycle into pieces.
    assert_isomorphic(server_graph(oxigraph_server), graph)


def test_push_to_a_named_graph_adds_to_it_and_touches_nothing_else(oxigraph_server, local):
    store, graph = local
    upload(oxigraph_server, BEFORE, GRAPH)
    upload(oxigraph_server, BEFORE, OTHER)
    upload(oxigraph_server, BEFORE)

    result = push_graph(store, oxigraph_server + "/store", graph=GRAPH, **FAST)

    assert not result.replaced
    old = rdflib.Graph().parse(data=BEFORE, format="nt")
    assert_isomorphic(server_graph(oxigraph_server, GRAPH), graph + old)
    assert_isomorphic(server_graph(oxigraph_server, OTHER), old)
    assert_isomorphic(server_graph(oxigraph_server), old)


def test_replace_replaces_the_graph_and_leaves_no_staging_graph(oxigraph_server, local):
    store, graph = local
    upload(oxigraph_server, BEFORE, GRAPH)
    upload(oxigraph_server, BEFORE, OTHER)

    result = push_graph(store, oxigraph_server + "/query", graph=GRAPH, replace=True, chunk_size=50, **FAST)

    assert result.replaced
    assert_isomorphic(server_graph(oxigraph_server, GRAPH), graph)
    assert named_graphs(oxigraph_server) == {GRAPH, OTHER}


def test_replace_of_the_default_graph(oxigraph_server, local):
    store, graph = local
    upload(oxigraph_server, BEFORE)

    push_graph(store, oxigraph_server, replace=True, chunk_size=50, **FAST)

    assert_isomorphic(server_graph(oxigraph_server), graph)
    assert named_graphs(oxigraph_server) == set()


def test_replace_with_an_empty_graph_empties_the_target(oxigraph_server):
    upload(oxigraph_server, BEFORE, GRAPH)

    result = push_graph(ox.Store(), oxigraph_server, graph=GRAPH, replace=True, with_reference=False, **FAST)

    assert result.triples == 0
    assert len(server_graph(oxigraph_server, GRAPH)) == 0


# Failures ----------------------------------------------------------------------------------------

def test_a_failed_chunk_is_retried(oxigraph_server, local, make_proxy):
    store, graph = local
    proxy = make_proxy(oxigraph_server, fail_chunk(2, times=1))

    result = push_graph(store, proxy.url, graph=GRAPH, chunk_size=100, **FAST)

    assert result.retries == 1
    assert_isomorphic(server_graph(oxigraph_server, GRAPH), graph)


def test_a_failing_upload_with_replace_leaves_the_target_as_it_was(oxigraph_server, local, make_proxy):
    store, _ = local
    upload(oxigraph_server, BEFORE, GRAPH)
    proxy = make_proxy(oxigraph_server, fail_chunk(2))

    with pytest.raises(EndpointError) as caught:
        push_graph(store, proxy.url, graph=GRAPH, replace=True, chunk_size=100, retries=2, **FAST)

    message = str(caught.value)
    assert "chunk 2 of" in message and "failed after 3 attempts" in message
    assert "HTTP 500" in message and "the disk is full" in message and "line three" in message
    assert f"<{GRAPH}> was left as it was" in message
    assert_isomorphic(server_graph(oxigraph_server, GRAPH), rdflib.Graph().parse(data=BEFORE, format="nt"))
    assert named_graphs(oxigraph_server) == {GRAPH}  # the staging graph was dropped


def test_a_server_that_stops_answering_mid_push_leaves_the_target_as_it_was(oxigraph_server, local,
                                                                            make_proxy):
    store, _ = local
    upload(oxigraph_server, BEFORE)
    proxy = make_proxy(oxigraph_server, fail_chunk(2, status=None))

    with pytest.raises(EndpointError, match="no answer") as caught:
        push_graph(store, proxy.url, replace=True, chunk_size=100, retries=1, **FAST)

    assert "the default graph was left as it was" in str(caught.value)
    assert_isomorphic(server_graph(oxigraph_server), rdflib.Graph().parse(data=BEFORE, format="nt"))


def test_a_failed_move_leaves_the_target_as_it_was(oxigraph_server, local, make_proxy):
    store, _ = local
    upload(oxigraph_server, BEFORE, GRAPH)

    def refuse_move(seen, proxy):
        if b"MOVE" in seen.body:
            return Reply(503, b"read-only for maintenance")
        return None

    proxy = make_proxy(oxigraph_server, refuse_move)

    with pytest.raises(EndpointError, match="read-only for maintenance"):
        push_graph(store, proxy.url, graph=GRAPH, replace=True, retries=1, **FAST)

    assert_isomorphic(server_graph(oxigraph_server, GRAPH), rdflib.Graph().parse(data=BEFORE, format="nt"))
    assert named_graphs(oxigraph_server) == {GRAPH}


def test_a_client_error_is_not_retried_and_shows_the_servers_answer(oxigraph_server, local, make_proxy):
    store, _ = local
    proxy = make_proxy(oxigraph_server, fail_chunk(1, status=400, body=b"Parse error at line 3"))

    with pytest.raises(EndpointError, match="chunk 1 of 1 failed: POST .* HTTP 400 .*Parse error at line 3") \
            as caught:
        push_graph(store, proxy.url, **FAST)

    assert sum(1 for s in proxy.seen if s.is_chunk) == 1
    assert "0 of" in str(caught.value) and "had been added to the default graph" in str(caught.value)


def test_replace_on_a_server_without_sparql_update_sends_nothing(oxigraph_server, local, make_proxy):
    store, _ = local
    upload(oxigraph_server, BEFORE, GRAPH)
    proxy = make_proxy(oxigraph_server, lambda seen, proxy: Reply(404, b"Not Found")
                       if seen.path.startswith("/update") else None)

    with pytest.raises(EndpointError, match="needed by --replace.*HTTP 404.*nothing was sent"):
        push_graph(store, proxy.url, graph=GRAPH, replace=True, **FAST)

    assert not any(seen.is_chunk for seen in proxy.seen)
    assert_isomorphic(server_graph(oxigraph_server, GRAPH), rdflib.Graph().parse(data=BEFORE, format="nt"))


# Fallback to SPARQL Update -----------------------------------------------------------------------

@pytest.mark.parametrize("replace", [False, True])
def test_without_a_graph_store_it_falls_back_to_sparql_update(oxigraph_server, local, make_proxy, replace):
    store, graph = local
    upload(oxigraph_server, BEFORE, GRAPH)
    proxy = make_proxy(oxigraph_server, lambda seen, proxy: Reply(404, b"no such service")
                       if seen.path.startswith("/store") else None)

    result = push_graph(store, proxy.url, graph=GRAPH, replace=replace, chunk_size=40, **FAST)

    assert result.protocol == "update"
    expected = graph if replace else graph + rdflib.Graph().parse(data=BEFORE, format="nt")
    assert_isomorphic(server_graph(oxigraph_server, GRAPH), expected)
    inserts = [seen for seen in proxy.seen if b"INSERT DATA" in seen.body]
    assert len(inserts) == result.chunks
    assert named_graphs(oxigraph_server) == {GRAPH}


def test_store_and_update_urls_can_be_given_apart(oxigraph_server, local):
    store, graph = local

    result = push_graph(store, "http://127.0.0.1:9/unused", graph=GRAPH, replace=True,
                        store_url=f"{oxigraph_server}/store", update_url=f"{oxigraph_server}/update", **FAST)

    assert result.protocol == "graph store"
    assert_isomorphic(server_graph(oxigraph_server, GRAPH), graph)


# Progress and pieces -----------------------------------------------------------------------------

def test_progress_is_drawn_on_the_given_stream(oxigraph_server, local):
    store, graph = local
    stream = io.StringIO()
    progress = ProgressLine("pushing", enabled=True, stream=stream)

    push_graph(store, oxigraph_server, chunk_size=500, progress=progress, **FAST)
    progress.close()

    assert "pushing [" in stream.getvalue()
    assert f"{len(graph)}/{len(graph)}" in stream.getvalue()


def test_endpoint_url_may_be_the_root_or_any_of_its_services():
    for given in ("http://h:7878", "http://h:7878/", "http://h:7878/store", "http://h:7878/query",
                  "http://h:7878/update", "http://h:7878/sparql"):
        endpoint = resolve_endpoint(given)
        assert (endpoint.store_url, endpoint.update_url, endpoint.query_url) == \
            ("http://h:7878/store", "http://h:7878/update", "http://h:7878/query"), given
    fuseki = resolve_endpoint("https://db.example.org/ds/sparql")
    assert fuseki.update_url == "https://db.example.org/ds/update"


@pytest.mark.parametrize("bad", ["ftp://h/", "h:7878", "http:///store", "http://h/store?graph=x"])
def test_a_bad_endpoint_url_is_refused(bad):
    with pytest.raises(EndpointError):
        resolve_endpoint(bad)


def test_a_bad_graph_iri_is_refused_before_anything_is_sent(local):
    store, _ = local
    with pytest.raises(EndpointError, match="not an absolute IRI"):
        push_graph(store, "http://127.0.0.1:9", graph="not an iri")


def test_chunks_keep_blank_node_components_whole():
    lines = sorted([
        b'<http://x/a> <http://x/p> "1" .', b'<http://x/b> <http://x/p> "2" .', b'<http://x/c> <http://x/p> "3" .',
        b'<http://x/a> <http://x/q> _:b1 .', b'_:b1 <http://x/p> _:b2 .', b'_:b2 <http://x/p> "deep" .',
        b'_:b3 <http://x/p> "alone" .',
    ])

    chunks = chunk_lines(lines, 2)

    assert sorted(line for chunk in chunks for line in chunk) == lines
    for chunk in chunks:
        labels = {t for line in chunk for t in line.split(b" ") if t.startswith(b"_:")}
        if labels & {b"_:b1", b"_:b2"}:
            assert {b'<http://x/a> <http://x/q> _:b1 .', b'_:b1 <http://x/p> _:b2 .',
                    b'_:b2 <http://x/p> "deep" .'} <= set(chunk)
