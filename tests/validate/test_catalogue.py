"""Every case of the catalogue of broken graphs gives exactly its expected results and exit code."""

from __future__ import annotations

import json

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import graph_diff, to_isomorphic

from kg.cli import main
from tests.validate.catalogue_cases import cases, json_result_key, parsing_cases

CASES = cases()
REQUIRED = {  # the mistakes issue 4 asks the catalogue to hold
    "ill-formed-date", "two-dates", "negative-count", "response-before-cause", "response-cycle",
    "claim-without-claimant", "evidence-past-end", "wrong-datatype", "turtle-syntax-error",
}


def test_catalogue_holds_the_required_mistakes():
    assert REQUIRED <= {case.name for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_kg_validate_reports_exactly_the_expected_results(case):
    result = CliRunner().invoke(main, ["validate", str(case.data), "--format", "json"])
    assert result.exit_code == case.exit_code, result.output
    if not case.parses:
        error = case.expected["error"]
        assert result.stdout == ""
        assert f"data.ttl:{error['line']}:{error['column']}:" in result.stderr
        assert result.stderr.startswith("Error: ")
        return
    report = json.loads(result.stdout)
    assert sorted(json_result_key(r) for r in report["results"]) == case.expected_results()
    assert report["passes"] is (case.exit_code == 0)


@pytest.mark.parametrize("case", [c for c in CASES if c.parses], ids=lambda c: c.name)
def test_fail_on_warning_sets_the_exit_code(case):
    result = CliRunner().invoke(main, ["validate", str(case.data), "--fail-on", "warning", "--format", "json"])
    assert result.exit_code == case.exit_code_fail_on_warning, result.output


@pytest.mark.parametrize("case", [c for c in parsing_cases() if c.name != "valid"], ids=lambda c: c.name)
def test_each_case_is_the_valid_graph_with_one_small_change(case):
    valid = next(c for c in CASES if c.name == "valid")
    _both, only_valid, only_case = graph_diff(to_isomorphic(rdflib.Graph().parse(valid.data)),
                                              to_isomorphic(rdflib.Graph().parse(case.data)))
    changed = len(only_valid) + len(only_case)
    # One mistake: a literal or link changed, added or removed (a misdated event changes its
    # date, its two time stamps and its label: four triples each way).
    assert 1 <= changed <= 8, f"{case.name} changes {changed} triples"


def test_every_result_names_shape_message_and_where_the_facts_came_from():
    case = next(c for c in CASES if c.name == "negative-count")
    report = json.loads(CliRunner().invoke(main, ["validate", str(case.data), "--format", "json"]).stdout)
    [result] = report["results"]
    assert result["focus_label"] is None          # weapon uses have no label of their own
    assert result["message"].startswith("ck:count is one non-negative xsd:integer")
    assert result["location"] == {"file": str(case.data), "line": result["location"]["line"]}
    assert case.data.read_text().splitlines()[result["location"]["line"] - 1].startswith("use:9f8e7d6c5b4a3921")
    assert result["sources"] == [{
        "article": "002_example.txt", "start": 120, "end": 262,
        "sentence": "Fourteen rockets were fired at an air base hosting American troops in Anbar, "
                    "causing minor injuries to two personnel."}]
