"""The same saved query gives the same rows from a SPARQL 1.1 endpoint (a real ``oxigraph serve`` on
loopback, started and stopped here) as from the local store, parameters and all."""

from __future__ import annotations

import pyoxigraph
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import EndpointError
from kg.query import list_saved_queries, run_endpoint_query, run_endpoint_sparql, run_query
from kg.store import load_files
from tests.support.oxigraph_server import free_port, oxigraph_server, running_oxigraph_server, upload_to_store  # noqa: F401

SAVED = list_saved_queries()
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def handmade_endpoint(tmp_path_factory, handmade_path):
    with running_oxigraph_server(tmp_path_factory.mktemp("oxigraph"), data=[handmade_path]) as url:
        yield f"{url}/query"


@pytest.mark.parametrize("saved", SAVED, ids=lambda q: q.name)
def test_every_saved_query_gives_the_same_rows_from_the_endpoint(saved, handmade_endpoint, handmade_store):
    local = run_query(handmade_store, saved)
    remote = run_endpoint_query(handmade_endpoint, saved)
    assert remote.columns == local.columns
    assert remote.terms == local.terms
    assert local.rows, f"{saved.name} found nothing: the comparison would prove little"


@pytest.mark.parametrize("name, params", [
    ("retaliation-chains", {"after": "2021-07-01"}),
    ("retaliation-chains", {"after": "2021-05-01"}),
    ("timeline", {"country": "iraq", "from": "2021-07-07", "to": "2021-07-31"}),
    ("timeline", {"group": "https://w3id.org/conflict-kg/id/actor/kataib-hezbollah"}),
    ("sources", {"event": "ref:event/s1"}),
])
def test_parameters_are_bound_the_same_way_for_the_endpoint(name, params, handmade_endpoint, handmade_store):
    local = run_query(handmade_store, name, params)
    assert local.rows
    assert run_endpoint_query(handmade_endpoint, name, params).terms == local.terms


def test_the_injection_string_is_a_harmless_value_on_a_writable_server(handmade_endpoint):
    before = run_endpoint_sparql(handmade_endpoint, COUNT).rows
    for value in ['x" } DROP ALL #', "x' } DROP ALL #", 'x"""} } ; DROP ALL']:
        assert run_endpoint_query(handmade_endpoint, "timeline", {"group": value}).rows == ()
    assert run_endpoint_sparql(handmade_endpoint, COUNT).rows == before
    assert int(before[0][0]) > 300


def test_ask_and_construct_work_over_the_endpoint(handmade_endpoint, handmade_store):
    assert run_endpoint_sparql(handmade_endpoint, "ASK { ?s ?p ?o }").boolean is True
    construct = "CONSTRUCT WHERE { ?s <https://w3id.org/conflict-kg/ontology#respondsTo> ?o }"
    remote = run_endpoint_sparql(handmade_endpoint, construct)
    assert remote.kind == "graph"
    assert set(remote.triples) == set(handmade_store.query(construct))


def test_the_cli_asks_an_endpoint(handmade_endpoint):
    result = CliRunner().invoke(main, ["query", "claims", "--endpoint", handmade_endpoint, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "Revenge of al-Muhandis Brigade,MonitoringGroupChannel,SITE Intelligence Group" in result.stdout


def test_an_endpoint_error_is_reported_with_its_status(handmade_endpoint):
    with pytest.raises(EndpointError, match="answered 400"):
        run_endpoint_sparql(handmade_endpoint, "SELECT * WHERE { ?s ?p }")


def test_an_unreachable_endpoint_says_so():
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(EndpointError, match="cannot reach the SPARQL endpoint"):
        run_endpoint_sparql(url, COUNT, timeout=5)
    result = CliRunner().invoke(main, ["query", "events", "--endpoint", url])
    assert result.exit_code == 2 and result.stderr.startswith("Error: cannot reach")


def test_named_graphs_are_seen_as_one_graph_with_a_union_default_graph(tmp_path, handmade_path):
    # Evidence in a named graph per article, as TriG exports keep it: a server started with
    # --union-default-graph answers as the local store (which always reads the union) does.
    store = load_files([handmade_path])
    evidence_class = pyoxigraph.NamedNode("https://w3id.org/conflict-kg/ontology#Evidence")
    evidence = {q.subject for q in store.quads_for_pattern(None, None, evidence_class)}
    graph = pyoxigraph.NamedNode("https://w3id.org/conflict-kg/id/graph/evidence")
    quads = [pyoxigraph.Quad(q.subject, q.predicate, q.object, graph if q.subject in evidence else q.graph_name)
             for q in store]
    trig = tmp_path / "split.trig"
    trig.write_bytes(pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.TRIG))
    local = load_files([trig])
    with running_oxigraph_server(tmp_path, union_default_graph=True, data=[trig]) as url:
        for name in ("retaliation-chains", "sources", "conflicting-reports"):
            expected = run_query(local, name)
            assert expected.rows and run_endpoint_query(f"{url}/query", name).terms == expected.terms


def test_a_file_uploaded_to_a_running_server_is_queried(oxigraph_server, handmade_path, handmade_store):  # noqa: F811
    upload_to_store(oxigraph_server, handmade_path)
    assert run_endpoint_query(f"{oxigraph_server}/query", "events").terms == run_query(handmade_store, "events").terms


def test_the_sample_corpus_gives_the_same_rows_from_the_endpoint(tmp_path, sample_graph_file):
    local = load_files([sample_graph_file])
    with running_oxigraph_server(tmp_path, data=[sample_graph_file]) as url:
        for saved in SAVED:
            expected = run_query(local, saved)
            assert run_endpoint_query(f"{url}/query", saved).terms == expected.terms, saved.name
