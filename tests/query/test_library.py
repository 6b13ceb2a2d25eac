"""The saved query library: every file has a readable header, declares its parameters in the query
text with the header's defaults, and runs as it is."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from kg.errors import QueryError
from kg.query import (UNDEF, declared_default, describe_saved_queries, list_saved_queries,
                      load_saved_query, parse_parameter_value, parse_saved_query, query_form, run_query)

REQUIRED = {"retaliation-chains", "events", "timeline", "attacks-by-facility", "attacks-by-group",
            "unclaimed-attacks", "claims", "casualties", "sources", "conflicting-reports"}
SAVED = list_saved_queries()


def test_the_library_has_every_required_query():
    assert REQUIRED <= {q.name for q in SAVED}


@pytest.mark.parametrize("saved", SAVED, ids=lambda q: q.name)
def test_every_saved_query_has_title_description_and_is_a_select(saved):
    assert saved.title and saved.title != saved.name
    assert len(saved.description) > 20
    assert query_form(saved.text) == "select"


@pytest.mark.parametrize("saved", SAVED, ids=lambda q: q.name)
def test_every_parameter_is_declared_in_a_values_block_with_the_header_default(saved):
    for parameter in saved.parameters:
        in_text = declared_default(saved, parameter.name)
        if parameter.default == UNDEF:
            assert in_text is None, f"{saved.name}: ?{parameter.name} should default to UNDEF"
        else:
            assert in_text == parse_parameter_value(parameter, parameter.default)


@pytest.mark.parametrize("saved", SAVED, ids=lambda q: q.name)
def test_every_saved_query_runs_unchanged_on_the_handmade_graph(saved, handmade_store):
    # The file text itself, defaults and all: what any SPARQL engine would be given.
    solutions = handmade_store.query(saved.text, use_default_graph_as_union=True)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    assert len(list(solutions)) > 0, f"{saved.name} found nothing in the hand-made graph"


def test_header_parameters_are_read_with_type_default_and_text():
    saved = load_saved_query("retaliation-chains")
    (after,) = saved.parameters
    assert (after.name, after.type, after.default) == ("after", "xsd:date", "2021-06-28")
    assert "date range" in after.description
    timeline = load_saved_query("timeline")
    assert [p.name for p in timeline.parameters] == ["country", "facility", "group", "from", "to"]
    assert {p.default for p in timeline.parameters} == {UNDEF}


def test_a_parameter_line_that_cannot_be_read_is_an_error_naming_the_line():
    text = "# title: T\n# description: D\n# param: after xsd:date 2021\nSELECT * WHERE {}\n"
    with pytest.raises(QueryError, match=r"q\.rq:3: cannot read the parameter line"):
        parse_saved_query("q", text)


def test_a_parameter_of_an_unknown_type_is_an_error_naming_the_allowed_types():
    text = "# param: n (xsd:float, default 1) — a number\nSELECT * WHERE {}\n"
    with pytest.raises(QueryError, match="xsd:date, xsd:integer, iri, string"):
        parse_saved_query("q", text)


def test_header_stops_at_the_first_sparql_line():
    text = "# title: T\nSELECT * WHERE {}\n# title: not a header\n"
    assert parse_saved_query("q", text).title == "T"


def test_unknown_saved_query_names_the_saved_ones():
    with pytest.raises(QueryError) as error:
        load_saved_query("no-such-query")
    assert "retaliation-chains" in str(error.value) and "-e" in str(error.value)


def test_a_query_file_is_loaded_by_path_and_named_after_its_stem(tmp_path, handmade_store):
    path = tmp_path / "count-events.rq"
    path.write_text("# title: Count\nPREFIX ck: <https://w3id.org/conflict-kg/ontology#>\n"
                    "SELECT (COUNT(*) AS ?n) WHERE { ?e a ck:Attack }\n", encoding="utf-8")
    saved = load_saved_query(str(path))
    assert saved.name == "count-events" and saved.title == "Count"
    assert run_query(handmade_store, str(path)).rows == (("8",),)


def test_a_missing_query_file_is_an_error():
    with pytest.raises(QueryError, match="no such query file"):
        load_saved_query("missing/thing.rq")


def test_list_shows_every_query_with_description_and_parameters():
    text = describe_saved_queries()
    for saved in SAVED:
        assert f"{saved.name} — {saved.title}" in text
        assert saved.description in text
    assert "--param after=YYYY-MM-DD (default 2021-06-28)" in text
    assert "--param event=IRI (default unset)" in text


def test_the_queries_folder_holds_only_readable_queries():
    folder = Path(__file__).resolve().parents[2] / "queries"
    assert {p.stem for p in folder.glob("*.rq")} == {q.name for q in SAVED}
