"""Fixtures for the export tests: small hand-written graphs in the shape of docs/graph-model.md."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic, graph_diff, to_isomorphic

from kg.export import Packaged, packaged_from_turtle
from kg.store import load_files

DATA = Path(__file__).resolve().parent / "data"
SMALL = DATA / "small.ttl"
BLANK_NODES = DATA / "blank-nodes.ttl"
REFERENCE = DATA / "reference.ttl"
ONTOLOGY = DATA / "ontology.ttl"


@pytest.fixture
def reference() -> Packaged:
    """Stand-in reference data: every reference entity small.ttl holds, plus one it lacks."""
    return packaged_from_turtle("reference", REFERENCE.read_text(encoding="utf-8"))


@pytest.fixture
def ontology() -> Packaged:
    """Stand-in ontology with blank nodes (an OWL restriction inside an intersection list)."""
    return packaged_from_turtle("ontology", ONTOLOGY.read_text(encoding="utf-8"))


@pytest.fixture
def small_store() -> ox.Store:
    return load_files([SMALL, BLANK_NODES])


def rdflib_graph(*paths: Path) -> rdflib.Graph:
    """The triples of Turtle files read by rdflib alone (an independent view of the source)."""
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def union_of(dataset: rdflib.Dataset) -> rdflib.Graph:
    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def assert_isomorphic(actual: rdflib.Graph, expected: rdflib.Graph) -> None:
    """Isomorphic, or fail showing the triples only one side has."""
    if isomorphic(actual, expected):
        return
    _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
    lines = [f"- {' '.join(t.n3() for t in triple)}" for triple in sorted(only_expected)][:20]
    lines += [f"+ {' '.join(t.n3() for t in triple)}" for triple in sorted(only_actual)][:20]
    pytest.fail("graphs differ (- expected only, + exported only):\n" + "\n".join(lines), pytrace=False)


def canonical_dataset(quads) -> ox.Dataset:
    """A pyoxigraph dataset with RDFC-1.0 blank node labels, for isomorphism checks in Oxigraph."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return dataset


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    """Answers every GET with a valid JSON-LD context (and an XML entity text), noting the path."""

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.server.hits.append(self.path)
        body = json.dumps({"@context": {"name": "http://schema.org/name"}}).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # keep the test output clean
        pass


@pytest.fixture
def recording_server():
    """A web server on 127.0.0.1 that would serve anything asked and records every request.

    Yields ``(base_url, hits)``; a test that reads files pointing at it asserts ``hits == []``.
    """
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _RecordingHandler)
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.hits
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
