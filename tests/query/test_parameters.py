"""--param values are parsed to their declared type and bound as RDF terms, never as query text."""

from __future__ import annotations

import pyoxigraph
import pytest

from kg.errors import QueryError
from kg.query import (QueryParameter, bind_parameters, load_saved_query, parse_param_assignments,
                      parse_parameter_value, parse_saved_query, run_query, substitute_values)
from tests.query.conftest import event

XSD = "http://www.w3.org/2001/XMLSchema#"
INJECTION = 'x" } DROP ALL #'
INJECTIONS = [INJECTION, "x' } DROP ALL #", 'x"""} } ; DROP ALL', "a\"} UNION { ?s ?p ?o } #",
              "line\nbreak } #", "<http://e/x> } #", "x\\\" } #"]


def _param(kind: str, name: str = "p") -> QueryParameter:
    return QueryParameter(name, kind, "UNDEF")


def test_values_are_parsed_to_typed_terms():
    assert parse_parameter_value(_param("xsd:date"), "2021-07-01") == pyoxigraph.Literal(
        "2021-07-01", datatype=pyoxigraph.NamedNode(XSD + "date"))
    assert parse_parameter_value(_param("xsd:integer"), "+007") == pyoxigraph.Literal(
        "7", datatype=pyoxigraph.NamedNode(XSD + "integer"))
    assert parse_parameter_value(_param("string"), "Ain al-Asad") == pyoxigraph.Literal("Ain al-Asad")
    assert parse_parameter_value(_param("iri"), "https://example.org/a") == pyoxigraph.NamedNode(
        "https://example.org/a")


def test_an_iri_may_use_a_project_prefix_or_angle_brackets():
    assert parse_parameter_value(_param("iri"), "ref:event/s1") == pyoxigraph.NamedNode(event("s1"))
    # As tables show event IRIs, so a cell can be pasted back.
    assert parse_parameter_value(_param("iri"), "event:s1") == pyoxigraph.NamedNode(event("s1"))
    assert parse_parameter_value(_param("iri"), f"<{event('s1')}>") == pyoxigraph.NamedNode(event("s1"))


@pytest.mark.parametrize("kind, value, message", [
    ("xsd:date", "2021-7-1", "give YYYY-MM-DD"),
    ("xsd:date", "2021-02-30", "not a real date"),
    ("xsd:date", "yesterday", "give YYYY-MM-DD"),
    ("xsd:date", INJECTION, "give YYYY-MM-DD"),
    ("xsd:integer", "1.5", "give digits"),
    ("xsd:integer", "1) } DROP ALL #", "give digits"),
    ("iri", "not an iri", "absolute IRI"),
    ("iri", "http://e/a b", "not a valid IRI"),
    ("iri", "http://e/x> } DROP ALL #", "not a valid IRI"),
    ("iri", INJECTION, "absolute IRI"),
])
def test_ill_typed_values_are_refused_with_the_expected_form(kind, value, message):
    with pytest.raises(QueryError, match=message) as error:
        parse_parameter_value(_param(kind, "after"), value)
    assert "'after'" in str(error.value)


def test_an_unknown_parameter_names_the_allowed_ones():
    with pytest.raises(QueryError) as error:
        bind_parameters(load_saved_query("timeline"), {"city": "Erbil"})
    assert "'city'" in str(error.value)
    assert "country, facility, group, from, to" in str(error.value)


def test_a_query_without_parameters_says_so():
    with pytest.raises(QueryError, match="its parameters: none"):
        bind_parameters(load_saved_query("events"), {"after": "2021-01-01"})


def test_param_assignments_need_name_equals_value():
    assert parse_param_assignments(["after=2021-07-01", "group=a=b"]) == {"after": "2021-07-01", "group": "a=b"}
    with pytest.raises(QueryError, match="NAME=VALUE"):
        parse_param_assignments(["after"])


def test_binding_replaces_only_the_default_inside_the_values_block():
    saved = load_saved_query("retaliation-chains")
    bound = bind_parameters(saved, {"after": "2021-07-01"})
    assert 'VALUES ?after { "2021-07-01"^^<http://www.w3.org/2001/XMLSchema#date> }' in bound
    assert '"2021-06-28"' not in bound.split("PREFIX", 1)[1]
    assert bound.replace('"2021-07-01"^^<http://www.w3.org/2001/XMLSchema#date>', "D") == \
        saved.text.replace('"2021-06-28"^^xsd:date', "D")


def test_a_declaration_inside_a_string_or_comment_is_not_touched():
    text = ('# param: p (string, default UNDEF) — x\n'
            'SELECT ?p ?note WHERE {\n'
            '  # VALUES ?p { "in a comment" }\n'
            '  BIND("VALUES ?p { inside a string }" AS ?note)\n'
            '  VALUES ?p { UNDEF }\n'
            '}\n')
    bound = bind_parameters(parse_saved_query("q", text), {"p": "new"})
    assert '# VALUES ?p { "in a comment" }' in bound
    assert 'BIND("VALUES ?p { inside a string }" AS ?note)' in bound
    assert 'VALUES ?p { "new" }' in bound
    rows = run_query(pyoxigraph.Store(), parse_saved_query("q", text), {"p": "new"}).rows
    assert rows == (("new", "VALUES ?p { inside a string }"),)


def test_a_parameter_declared_in_the_header_but_not_in_the_query_is_an_error():
    saved = parse_saved_query("q", "# param: p (string, default x) — x\nSELECT * WHERE { BIND(1 AS ?p) }\n")
    with pytest.raises(QueryError, match=r"no `VALUES \?p"):
        bind_parameters(saved, {"p": "y"})


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_stay_one_literal(value, handmade_store):
    saved = load_saved_query("timeline")
    bound = bind_parameters(saved, {"group": value})
    # The value is one string literal in the VALUES block: running the query finds no such group.
    assert run_query(handmade_store, saved, {"group": value}).rows == ()
    # Parse the bound VALUES block on its own: it holds exactly the literal given.
    block = bound.split("VALUES ?group {", 1)[1].split("\n", 1)[0].rsplit("}", 1)[0]
    solutions = list(pyoxigraph.Store().query(f"SELECT ?g WHERE {{ VALUES ?g {{ {block} }} }}"))
    assert [s["g"] for s in solutions] == [pyoxigraph.Literal(value)]


def test_injection_into_a_query_that_returns_the_value_gives_it_back_verbatim():
    saved = parse_saved_query("q", "# param: p (string, default UNDEF) — x\n"
                                   "SELECT ?p WHERE { VALUES ?p { UNDEF } }\n")
    for value in INJECTIONS:
        assert run_query(pyoxigraph.Store(), saved, {"p": value}).rows == ((value,),)


def test_a_backslash_u_sequence_is_refused_because_engines_decode_it_before_parsing():
    # "\u0022" is a double quote to a SPARQL parser (SPARQL 1.1 §19.2); Oxigraph and Jena keep an
    # escaped backslash intact, but the value is refused rather than trusted to every engine.
    with pytest.raises(QueryError, match="backslash followed by 'u'"):
        bind_parameters(load_saved_query("timeline"), {"group": "x\\u0022 } DROP ALL #"})


def test_substitution_refuses_a_term_that_is_not_one_rdf_term():
    class Fake:
        def __str__(self):
            return '"x" } DROP ALL #'
    with pytest.raises(QueryError, match="one RDF term"):
        substitute_values("SELECT * WHERE { VALUES ?p { 1 } }", {"p": Fake()})


def test_every_occurrence_of_the_declaration_is_bound():
    text = ("# param: p (xsd:integer, default 1) — x\n"
            "SELECT ?a ?b WHERE { { SELECT ?a WHERE { VALUES ?p { 1 } BIND(?p AS ?a) } }\n"
            "                     { SELECT ?b WHERE { VALUES ?p { 1 } BIND(?p * 2 AS ?b) } } }\n")
    rows = run_query(pyoxigraph.Store(), parse_saved_query("q", text), {"p": "21"}).rows
    assert rows == (("21", "42"),)
