"""``--limit``/``--offset`` give one page of a query's ordered rows; ``# list:`` cells come back sorted;
a store without named graphs is read without the union of graphs and answers the same."""

from __future__ import annotations

import csv
import io

import pyoxigraph
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError
from kg.query import (ListColumn, QueryResult, has_named_graphs, list_saved_queries, load_saved_query,
                      page_query, parse_saved_query, query_form, run_query, sort_list_cells,
                      sort_list_values)
from kg.store import load_files

SAVED = list_saved_queries()


# page_query -------------------------------------------------------------------------------------

def test_a_page_adds_limit_and_offset_after_the_order_by():
    paged = page_query("SELECT * WHERE { ?s ?p ?o } ORDER BY ?s  # last line is a comment", 10, 20)
    assert paged.endswith("\nLIMIT 10 OFFSET 20\n")
    assert page_query("SELECT * WHERE { ?s ?p ?o }", None, 7).endswith("\nOFFSET 7\n")
    assert page_query("SELECT * WHERE { ?s ?p ?o }", None, 0) == "SELECT * WHERE { ?s ?p ?o }"


def test_a_page_of_a_query_with_its_own_slice_stays_inside_that_slice():
    text = "SELECT * WHERE { { SELECT * { ?s ?p ?o } LIMIT 3 } } LIMIT 20 OFFSET 2"
    paged = page_query(text, 10, 15)
    # The inner LIMIT is untouched; the outer slice becomes rows 17..21 of the query's result.
    assert "LIMIT 3 }" in paged and paged.rstrip().endswith("LIMIT 5 OFFSET 17")
    assert page_query(text, 10, 30).rstrip().endswith("LIMIT 0 OFFSET 32")


def test_a_page_goes_before_a_trailing_values_clause():
    paged = page_query("SELECT ?s WHERE { ?s ?p ?o } VALUES ?s { <http://e/a> }", 1, 0)
    assert paged.index("LIMIT 1") < paged.index("VALUES ?s")
    assert query_form(paged) == "select"


def test_paging_is_for_select_queries_and_counts_from_zero():
    with pytest.raises(QueryError, match="SELECT query"):
        page_query("ASK { ?s ?p ?o }", 1, 0)
    with pytest.raises(QueryError, match="--limit must be 0 or more"):
        page_query("SELECT * WHERE { ?s ?p ?o }", -1, 0)


@pytest.mark.parametrize("name", ["events", "timeline", "sources", "unclaimed-attacks", "retaliation-chains"])
def test_pages_are_consecutive_slices_of_the_full_answer(name, handmade_store):
    full = run_query(handmade_store, name).rows
    assert len(full) >= 3
    pages = [run_query(handmade_store, name, limit=2, offset=start).rows for start in range(0, len(full), 2)]
    assert [row for page in pages for row in page] == list(full)
    assert run_query(handmade_store, name, limit=1, offset=len(full)).rows == ()


def test_the_cli_prints_one_page(handmade_path):
    def rows(*args):
        result = CliRunner().invoke(main, ["query", "timeline", "--data", str(handmade_path), "--format", "csv", *args])
        assert result.exit_code == 0, result.output
        return list(csv.reader(io.StringIO(result.stdout)))
    full = rows()
    assert rows("--limit", "3", "--offset", "2") == [full[0]] + full[3:6]
    assert rows("--offset", "10") == [full[0]] + full[11:]
    refused = CliRunner().invoke(main, ["query", "timeline", "--data", str(handmade_path), "--limit", "-1"])
    assert refused.exit_code == 2 and "--limit" in refused.stderr


def test_paging_an_ask_query_is_an_error(handmade_path):
    result = CliRunner().invoke(main, ["query", "-e", "ASK { ?s ?p ?o }", "--data", str(handmade_path), "--limit", "1"])
    assert result.exit_code == 2 and "SELECT query" in result.stderr


# list cells --------------------------------------------------------------------------------------

def test_list_lines_are_read_from_the_header():
    saved = parse_saved_query("q", '# title: T\n# list: names "; "\n'
                                   '# list: actors "; " suffixes " (claimed)" " (blamed)"\nSELECT * {}\n')
    assert saved.lists == (ListColumn("names", "; "), ListColumn("actors", "; ", (" (claimed)", " (blamed)")))


def test_a_list_line_that_cannot_be_read_is_an_error_naming_the_line():
    with pytest.raises(QueryError, match=r"q\.rq:2: cannot read the list line"):
        parse_saved_query("q", "# title: T\n# list: names without a separator\nSELECT * {}\n")


def test_list_values_sort_by_text_and_suffix_rank():
    assert ListColumn("x", ";").sort_cell("c;a;b") == "a;b;c"
    actors = ListColumn("actors", "; ", (" (claimed)", " (blamed)"))
    assert actors.sort_cell("Z (blamed); B (claimed); Y; A (blamed); X") == "X; Y; B (claimed); A (blamed); Z (blamed)"
    assert actors.sort_cell("one") == "one"


def test_sorting_changes_only_the_list_cells_and_keeps_their_type():
    saved = parse_saved_query("q", '# list: l ";"\nSELECT * {}\n')
    terms = [(pyoxigraph.Literal("b;a"), pyoxigraph.Literal("b;a")), (None, pyoxigraph.NamedNode("http://e/x"))]
    result = sort_list_cells(saved, QueryResult.from_terms(("l", "other"), terms))
    assert result.rows == (("a;b", "b;a"), (None, "http://e/x"))
    assert result.terms[0][0] == pyoxigraph.Literal("a;b")
    assert sort_list_values(saved, {"l": "b;a", "other": "b;a"}) == {"l": "a;b", "other": "b;a"}


@pytest.mark.parametrize("saved", SAVED, ids=lambda q: q.name)
def test_every_list_line_names_a_column_of_its_query(saved, handmade_store):
    columns = run_query(handmade_store, saved, limit=0).columns
    assert {column.name for column in saved.lists} <= set(columns)


def test_list_cells_come_back_sorted(handmade_store):
    rows = {r["event"].rsplit("/", 1)[1]: r for r in run_query(handmade_store, "events").as_dicts()}
    assert rows["s1"]["sources"] == "a.txt;b.txt;c.txt"
    assert rows["a4"]["weapons"] == "drone;mortar"


# named graphs ------------------------------------------------------------------------------------

def test_a_store_without_named_graphs_answers_as_with_the_union(tmp_path, handmade_path, handmade_store):
    assert not has_named_graphs(handmade_store)
    text = load_saved_query("events").text

    def values(solutions):
        return [tuple(None if s[v] is None else s[v].value for v in solutions.variables) for s in solutions]
    assert values(handmade_store.query(text)) == values(handmade_store.query(text, use_default_graph_as_union=True))
    # The same graph in a named graph (as a TriG file with --data gives it) is read as the union.
    trig = tmp_path / "one-graph.trig"
    graph = pyoxigraph.NamedNode("https://w3id.org/conflict-kg/id/graph/all")
    trig.write_bytes(pyoxigraph.serialize([pyoxigraph.Quad(q.subject, q.predicate, q.object, graph)
                                           for q in load_files([handmade_path])], format=pyoxigraph.RdfFormat.TRIG))
    in_a_named_graph = load_files([trig])
    assert has_named_graphs(in_a_named_graph)
    for name in ("events", "sources", "retaliation-chains"):
        assert run_query(in_a_named_graph, name).rows == run_query(handmade_store, name).rows
