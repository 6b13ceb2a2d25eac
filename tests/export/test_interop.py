"""Exports load elsewhere: Apache Jena's riot accepts them without a warning, and a real build
(the sample corpus) round-trips in every format."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib

from kg.export import export_graph, literal_problems
from kg.formats import FORMATS
from kg.store import load_files, rdflib_to_store, store_to_rdflib
from tests.export.conftest import BLANK_NODES, DATA, SMALL, assert_isomorphic, union_of
from tests.support.jena import jena, parse_riot_messages, run_jena  # noqa: F401  (jena is a fixture)

# Jena 4.5 as Debian packages it cannot read JSON-LD at all (every document, even a trivial one,
# fails with LOADING_DOCUMENT_FAILED), so JSON-LD is checked by rdflib and pyoxigraph only.
RIOT_FORMATS = ["turtle", "ntriples", "nquads", "trig", "rdfxml"]
TRICKY = DATA / "tricky-literals.ttl"


def assert_riot_accepts(paths):
    """One riot run over all the files (a JVM start costs seconds): no error, no warning."""
    result = run_jena("riotcmd.riot", "--validate", *(str(p.resolve()) for p in paths))
    messages = parse_riot_messages(result.stderr)
    assert result.returncode == 0 and not messages and not result.stderr.strip(), \
        f"riot --validate: exit {result.returncode}\n{result.stderr}"


@pytest.mark.jena
def test_jena_accepts_every_export_without_warnings(jena, tmp_path):  # noqa: F811
    store = load_files([SMALL, BLANK_NODES, TRICKY])
    paths = []
    for format_name in RIOT_FORMATS:
        for with_ontology in (False, True):
            paths.append(tmp_path / f"graph-{with_ontology}{FORMATS[format_name].extensions[0]}")
            export_graph(store, output=paths[-1], with_ontology=with_ontology)
    assert_riot_accepts(paths)


@pytest.mark.jena
def test_jena_accepts_the_sample_corpus_export(jena, tmp_path, sample_build):  # noqa: F811
    store = rdflib_to_store(sample_build.graph)
    paths = [tmp_path / f"sample{FORMATS[name].extensions[0]}" for name in RIOT_FORMATS]
    for path in paths:
        export_graph(store, output=path, with_ontology=True)

    assert_riot_accepts(paths)


@pytest.mark.jena
def test_riot_does_warn_about_what_the_export_warns_about(jena, tmp_path):  # noqa: F811
    # The check above means something only if riot does complain about a bad literal.
    bad = tmp_path / "bad.nt"
    bad.write_text('<http://example.org/e> <http://example.org/d> '
                   '"2021-13"^^<http://www.w3.org/2001/XMLSchema#gYearMonth> .\n', encoding="utf-8")
    result = export_graph(load_files([bad]), output=tmp_path / "bad.ttl", with_reference=False)

    riot = run_jena("riotcmd.riot", "--validate", str(tmp_path / "bad.ttl"))
    assert result.warnings and parse_riot_messages(riot.stderr)


def test_tricky_literals_are_all_valid_so_the_export_has_no_warnings():
    assert literal_problems(load_files([TRICKY])) == []


def test_ill_typed_literals_are_reported(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n'
                   '<http://example.org/e> <http://example.org/date> "2021-13"^^xsd:gYearMonth , '
                   '"unknown"^^xsd:date , "2021-07"^^xsd:gYearMonth .\n', encoding="utf-8")

    result = export_graph(load_files([bad]), "turtle", with_reference=False)

    assert sorted(w.rsplit(": ", 1)[1] for w in result.warnings) == ["not a valid date",
                                                                      "not a valid gYearMonth"]
    assert any('"2021-13"' in w for w in result.warnings)


@pytest.fixture(scope="module")
def sample_store(sample_build):
    """The sample corpus graph as `kg build` stores it, and that store's graph read by rdflib.

    The store keeps typed literals by value (the reference data's geo:lat 33.30 is stored as
    33.3), so the source graph of an export is the store's, not the rdflib graph the build made.
    """
    store = rdflib_to_store(sample_build.graph)
    graph = store_to_rdflib(store)
    assert len(graph) == len(sample_build.graph)
    return store, graph


@pytest.mark.parametrize("format_name", sorted(FORMATS))
def test_the_sample_corpus_build_round_trips_in_every_format(sample_store, format_name):
    store, built = sample_store
    data = export_graph(store, format_name).data

    rdf_format = FORMATS[format_name]
    if rdf_format.quads:
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format=rdf_format.rdflib_name)
        parsed = union_of(dataset)
    else:
        parsed = rdflib.Graph().parse(data=data, format=rdf_format.rdflib_name)
    assert_isomorphic(parsed, built)
    again = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=rdf_format.oxigraph)}
    assert len(again) == len(built)
