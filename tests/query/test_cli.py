"""``kg query``: saved queries, files and -e SPARQL over --data, the default store or an endpoint."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from kg.cli import main
from kg.store import replace_store
from tests.query.conftest import event


def _kg(*args: str):
    return CliRunner().invoke(main, ["query", *args])


def test_list_shows_each_saved_query_with_description_and_parameters():
    result = _kg("--list")
    assert result.exit_code == 0 and result.stderr == ""
    assert "retaliation-chains — Retaliation chains" in result.stdout
    assert "--param after=YYYY-MM-DD (default 2021-06-28)" in result.stdout
    assert "conflicting-reports — Conflicting reports" in result.stdout


def test_a_saved_query_over_data_files_writes_rows_to_stdout_only(handmade_path):
    result = _kg("retaliation-chains", "--data", str(handmade_path), "--format", "csv")
    assert result.exit_code == 0 and result.stderr == ""
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 6 and rows[0]["chain_start"] == event("s1")


def test_param_changes_the_answer(handmade_path):
    result = _kg("retaliation-chains", "--data", str(handmade_path), "-p", "after=2021-07-01", "--format", "json")
    assert result.exit_code == 0
    assert [row["depth"] for row in json.loads(result.stdout)] == [1, 2]


def test_the_default_store_is_read_when_no_data_is_given(handmade_path, in_tmp_cwd):
    replace_store(handmade_path)            # what `kg build` leaves in ./.kg
    result = _kg("timeline", "--param", "country=Syria", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1 + 4


def test_a_query_file_and_inline_sparql_run_too(handmade_path, tmp_path):
    query = tmp_path / "n.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }\n", encoding="utf-8")
    from_file = _kg(str(query), "--data", str(handmade_path), "--format", "csv")
    inline = _kg("-e", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--data", str(handmade_path), "--format", "csv")
    assert from_file.exit_code == inline.exit_code == 0
    assert from_file.stdout == inline.stdout and int(inline.stdout.split()[1]) > 300


def test_construct_writes_turtle(handmade_path):
    result = _kg("-e", "CONSTRUCT WHERE { ?s <https://w3id.org/conflict-kg/ontology#respondsTo> ?o }",
                 "--data", str(handmade_path))
    assert result.exit_code == 0
    assert result.stdout.startswith("@prefix") and "ck:respondsTo" in result.stdout


def test_srx_output_is_sparql_xml(handmade_path):
    result = _kg("claims", "--data", str(handmade_path), "--format", "srx")
    assert result.exit_code == 0
    assert '<sparql xmlns="http://www.w3.org/2005/sparql-results#">' in result.stdout


def _fails(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ")
    for fragment in fragments:
        assert fragment in result.stderr


def test_an_unknown_query_is_an_error_naming_the_saved_ones(handmade_path):
    _fails(_kg("retaliation", "--data", str(handmade_path)), "no saved query named 'retaliation'", "retaliation-chains")


def test_an_unknown_or_ill_typed_parameter_is_an_error(handmade_path):
    _fails(_kg("retaliation-chains", "--data", str(handmade_path), "-p", "since=2021-01-01"),
           "no parameter 'since'", "its parameters: after")
    _fails(_kg("retaliation-chains", "--data", str(handmade_path), "-p", "after=June"), "YYYY-MM-DD")
    _fails(_kg("retaliation-chains", "--data", str(handmade_path), "-p", "after"), "NAME=VALUE")


def test_the_injection_string_is_just_a_value(handmade_path):
    result = _kg("timeline", "--data", str(handmade_path), "-p", 'group=x" } DROP ALL #', "--format", "csv")
    assert result.exit_code == 0 and result.stdout.count("\n") == 1      # the header, no rows


def test_a_sparql_syntax_error_is_reported(handmade_path):
    _fails(_kg("-e", "SELECT WHERE {", "--data", str(handmade_path)), "SPARQL syntax error")


def test_conflicting_or_missing_choices_are_errors(handmade_path):
    _fails(_kg("--data", str(handmade_path)), "give either a saved query")
    _fails(_kg("events", "-e", "ASK {}", "--data", str(handmade_path)), "not both")
    _fails(_kg("events", "--data", str(handmade_path), "--endpoint", "http://127.0.0.1:9/query"),
           "--data files or --endpoint")
    _fails(_kg("events", "--data", str(handmade_path), "--format", "turtle"), "not RDF")


def test_a_data_file_that_does_not_parse_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ck: <https://w3id.org/conflict-kg/ontology#> .\nck:a ck:b .\n", encoding="utf-8")
    _fails(_kg("events", "--data", str(bad)), "bad.ttl:2")
