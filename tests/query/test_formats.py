"""Result formats: table, csv, tsv, json for people and scripts; SPARQL JSON and XML for other tools
(checked by parsing them back with pyoxigraph's own results parsers); RDF for graph queries."""

from __future__ import annotations

import csv
import io
import json
import re

import pyoxigraph
import pytest
import rdflib

from kg.errors import QueryError
from kg.formats import FORMATS
from kg.query import TABLE_CELL_WIDTH, format_result, run_query, run_sparql
from tests.query.conftest import event

MIXED = """
SELECT ?iri ?text ?number ?date ?lang ?blank ?unbound WHERE {
  VALUES (?iri ?text ?number ?date ?lang) {
    (<https://w3id.org/conflict-kg/id/event/s1> "say \\"hi\\", <b> & co\\n" 14 "2021-07-07"^^<http://www.w3.org/2001/XMLSchema#date> "Irak"@fr)
  }
  BIND(BNODE("b") AS ?blank)
}
"""


@pytest.fixture
def mixed():
    return run_sparql(pyoxigraph.Store(), MIXED)


def test_csv_has_a_header_and_plain_values_quoted_where_needed(handmade_store):
    text = format_result(run_query(handmade_store, "events"), "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert text.startswith("event,kind,date,facility,place,country,weapons,injured,killed,"
                           "claimed_by,attributed_to,perpetrator,retaliation_for,sources\n")
    s1 = next(r for r in rows if r["event"] == event("s1"))
    assert (s1["kind"], s1["date"], s1["killed"], s1["injured"], s1["sources"]) == (
        "strike", "2021-06", "4", "", "a.txt;b.txt;c.txt")


def test_tsv_uses_tabs(mixed):
    header, row = format_result(mixed, "tsv").splitlines()[:2]
    assert header.split("\t") == list(mixed.columns)
    assert row.split("\t")[0] == event("s1")


def test_json_gives_numbers_as_numbers_and_unbound_as_null(mixed):
    (row,) = json.loads(format_result(mixed, "json"))
    assert row["iri"] == event("s1") and row["number"] == 14 and row["unbound"] is None
    assert row["date"] == "2021-07-07" and row["text"] == 'say "hi", <b> & co\n'


@pytest.mark.parametrize("name, results_format", [("srj", pyoxigraph.QueryResultsFormat.JSON),
                                                   ("srx", pyoxigraph.QueryResultsFormat.XML)])
def test_sparql_results_formats_parse_back_to_the_same_terms(name, results_format, mixed, handmade_store):
    for result in (mixed, run_query(handmade_store, "retaliation-chains")):
        parsed = pyoxigraph.parse_query_results(format_result(result, name), format=results_format)
        assert [v.value for v in parsed.variables] == list(result.columns)
        back = [tuple(solution[c] for c in result.columns) for solution in parsed]
        if result is mixed:
            (row,) = back
            assert row[:5] == result.terms[0][:5] and isinstance(row[5], pyoxigraph.BlankNode) and row[6] is None
        else:
            assert back == list(result.terms)


def test_table_compacts_iris_cuts_long_values_and_counts_rows(handmade_store):
    text = format_result(run_query(handmade_store, "retaliation-chains"), "table")
    lines = text.splitlines()
    assert lines[0].split() == ["chain_start", "depth", "cause", "cause_date", "cause_facility", "cause_actors",
                                "response", "response_date", "response_facility", "response_actors",
                                "evidence", "sources"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].startswith("event:s1     1      event:s1  2021-06")
    spans = [(m.start(), m.end()) for m in re.finditer("-+", lines[1])]
    cells = [line[start:end].strip() for line in lines[2:-1] for start, end in spans]
    assert max(len(cell) for cell in cells) == TABLE_CELL_WIDTH
    assert "…" in text
    assert lines[-1].startswith("(6 rows; values longer than 60 characters are cut")


def test_table_of_no_rows_still_shows_the_columns():
    result = run_sparql(pyoxigraph.Store(), "SELECT ?a ?b WHERE { ?a ?p ?b }")
    assert format_result(result) == "a  b\n-  -\n(0 rows)\n"


@pytest.mark.parametrize("name, expected", [("table", "true\n"), ("csv", "true\n"),
                                             ("json", '{"boolean": true}\n')])
def test_ask_prints_its_answer(name, expected, handmade_store):
    result = run_sparql(handmade_store, "ASK { ?s ?p ?o }")
    assert format_result(result, name) == expected


@pytest.mark.parametrize("name, results_format", [("srj", pyoxigraph.QueryResultsFormat.JSON),
                                                   ("srx", pyoxigraph.QueryResultsFormat.XML)])
def test_ask_in_sparql_results_formats_parses_back(name, results_format):
    result = run_sparql(pyoxigraph.Store(), "ASK { ?s ?p ?o }")
    assert bool(pyoxigraph.parse_query_results(format_result(result, name), format=results_format)) is False


CONSTRUCT = """
PREFIX ck: <https://w3id.org/conflict-kg/ontology#>
CONSTRUCT { ?later ck:respondsTo ?earlier } WHERE { ?later ck:respondsTo ?earlier }
"""


def test_construct_writes_turtle_by_default_with_the_project_prefixes(handmade_store):
    result = run_sparql(handmade_store, CONSTRUCT)
    assert result.kind == "graph" and len(result.triples) == 9
    text = format_result(result)
    assert "@prefix ck: <https://w3id.org/conflict-kg/ontology#>" in text
    graph = rdflib.Graph().parse(data=text, format="turtle")
    assert len(graph) == 9


@pytest.mark.parametrize("name", ["ntriples", "nquads", "rdfxml", "jsonld", "trig"])
def test_construct_writes_other_rdf_formats(name, handmade_store):
    text = format_result(run_sparql(handmade_store, CONSTRUCT), name)
    assert len(list(pyoxigraph.parse(text, format=FORMATS[name].oxigraph))) == 9


def test_describe_writes_rdf(handmade_store):
    result = run_sparql(handmade_store, "DESCRIBE <https://w3id.org/conflict-kg/id/event/a1>")
    assert result.kind == "graph" and len(result.triples) > 10


def test_a_table_format_for_a_graph_query_and_rdf_for_a_select_are_refused(handmade_store):
    with pytest.raises(QueryError, match="gives RDF: use --format"):
        format_result(run_sparql(handmade_store, CONSTRUCT), "csv")
    with pytest.raises(QueryError, match="gives a result table, not RDF"):
        format_result(run_query(handmade_store, "events"), "turtle")
