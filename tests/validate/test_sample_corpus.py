"""The graph built from the sample corpus passes validation (no violations), on both engines."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli import main
from kg.store import rdflib_to_store
from kg.validate import validate_graph


def test_sample_corpus_graph_has_no_violations(sample_build):
    assert sample_build.result.events, "extraction found no events in the sample corpus"
    report = validate_graph(sample_build.graph)
    assert report.count("Violation") == 0, [(r.focus_node, r.message) for r in report.failures()]
    # Warnings and notes may remain (sources that disagree): they are for people to look at.
    assert report.passes("violation")


def test_sample_corpus_graph_gets_the_same_results_from_pyshacl(sample_build):
    store = rdflib_to_store(sample_build.graph)
    fast = validate_graph(store, engine="fast")
    reference = validate_graph(store, engine="pyshacl")
    assert sorted(r.key() for r in fast.results) == sorted(r.key() for r in reference.results)


def test_kg_validate_exits_0_on_the_sample_graph_file(sample_graph_file):
    result = CliRunner().invoke(main, ["validate", str(sample_graph_file)])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("passes: 0 violations")
