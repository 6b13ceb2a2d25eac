"""`kg validate`: arguments, the default store, output formats and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store import replace_store
from tests.validate.catalogue_cases import CATALOGUE

VALID = CATALOGUE / "valid" / "data.ttl"
CYCLE = CATALOGUE / "response-cycle" / "data.ttl"
FIGURES = CATALOGUE / "figures-disagree" / "data.ttl"


def run(*args: str):
    return CliRunner().invoke(main, ["validate", *args])


def test_no_arguments_validates_the_default_store(in_tmp_cwd):
    replace_store(CYCLE, Path(".kg"))
    result = run()
    assert result.exit_code == 1
    assert "2 violations" in result.stdout
    assert result.stderr == ""


def test_no_arguments_and_no_store_cannot_run(in_tmp_cwd):
    result = run()
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: no graph has been built")


def test_store_option_names_another_store(tmp_path):
    replace_store(VALID, tmp_path / "store")
    result = run("--store", str(tmp_path / "store"))
    assert result.exit_code == 0
    assert result.stdout.startswith("passes: 0 violations, 0 warnings, 0 notes")


def test_text_report_names_focus_label_path_value_shape_message_and_source():
    result = run(str(CYCLE))
    assert result.exit_code == 1
    text = result.stdout
    assert "Violation: cks:EventShape (sh:SPARQLConstraintComponent)" in text
    assert ('focus:   <https://w3id.org/conflict-kg/id/event/2021-06-27-syria-strike-5e6f7a8b> '
            '"Strike by United States military near Syria, 2021-06-27"') in text
    assert "path:    ck:respondsTo" in text
    assert "value:   <https://w3id.org/conflict-kg/id/event/2021-06-erbil-airport-attack-6f708192>" in text
    assert "message: This ck:respondsTo link closes a cycle" in text
    assert ('source:  002_example.txt [700:780]: "Late last month, the US carried out air strikes '
            'against pro-Iran fighters in Syria."') in text
    assert f"at:      {CYCLE}:" in text
    assert text.rstrip().splitlines()[-1].startswith("FAILS: 2 violations, 0 warnings, 0 notes in 185 triples")


def test_json_report_is_for_tools():
    report = json.loads(run(str(FIGURES), "--format", "json").stdout)
    assert report["conforms"] is False and report["passes"] is True
    assert report["counts"] == {"Violation": 0, "Warning": 1, "Info": 0}
    [result] = report["results"]
    assert result["severity"] == "Warning"
    assert result["path"] == "https://w3id.org/conflict-kg/ontology#injured"
    assert result["value"] == '"2 to 3"'
    assert result["message"] == ("Sources disagree on this figure: they report from 2 to 3. The event keeps "
                                 "the number most sources give; check the articles.")
    assert {s["article"] for s in result["sources"]} == {"002_example.txt", "005_example.txt"}


def test_junit_report_has_a_failure_per_failing_result(tmp_path):
    output = tmp_path / "shacl.xml"
    result = run(str(CYCLE), "--format", "junit", "-o", str(output))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("FAILS: 2 violations")
    suites = ElementTree.parse(output).getroot()
    assert suites.tag == "testsuites" and suites.get("failures") == "2"
    cases = suites.findall("testsuite/testcase")
    assert len(cases) == 2
    assert all(case.find("failure").get("type") == "Violation" for case in cases)
    assert cases[0].get("classname") == "cks:EventShape"


def test_junit_report_keeps_warnings_out_of_failures_unless_asked(tmp_path):
    lenient = ElementTree.fromstring(run(str(FIGURES), "--format", "junit").stdout)
    strict = ElementTree.fromstring(run(str(FIGURES), "--format", "junit", "--fail-on", "warning").stdout)
    assert lenient.get("failures") == "0" and lenient.find("testsuite/testcase/system-out") is not None
    assert strict.get("failures") == "1"


def test_junit_report_of_a_conforming_graph_has_one_passing_case():
    suites = ElementTree.fromstring(run(str(VALID), "--format", "junit").stdout)
    assert [c.get("name") for c in suites.iter("testcase")] == ["graph conforms"]


def test_github_format_prints_workflow_annotations():
    result = run(str(CYCLE), "--format", "github")
    lines = result.stdout.splitlines()
    annotations = [line for line in lines if line.startswith("::")]
    assert len(annotations) == 2
    for line in annotations:
        assert line.startswith(f"::error file={CYCLE},line=")
        assert ",title=Violation cks%3AEventShape::" in line
        assert "\n" not in line and "%0Asource: " in line
    warning = run(str(FIGURES), "--format", "github").stdout
    assert warning.startswith("::warning file=")


def test_shapes_option_replaces_the_packaged_shapes(tmp_path):
    shapes = tmp_path / "labels.ttl"
    shapes.write_text("""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ck: <https://w3id.org/conflict-kg/ontology#> .
        <urn:s> a sh:NodeShape ; sh:targetClass ck:Attack ;
            sh:property [ sh:path ck:killed ; sh:minCount 1 ; sh:message "say how many were killed" ] .
    """)
    result = run(str(VALID), "--shapes", str(shapes), "--format", "json")
    assert result.exit_code == 1
    messages = {r["message"] for r in json.loads(result.stdout)["results"]}
    assert messages == {"say how many were killed"}


def test_a_shapes_folder_is_read_whole(tmp_path):
    shutil.copy(Path(__file__).parents[2] / "shapes" / "conflict-kg-shapes.ttl", tmp_path)
    assert run(str(CYCLE), "--shapes", str(tmp_path)).exit_code == 1


@pytest.mark.parametrize("args, message", [
    (["--format", "yaml"], "Invalid value for '--format'"),
    (["--fail-on", "info"], "Invalid value for '--fail-on'"),
    (["--bogus"], "No such option"),
])
def test_bad_options_exit_2(args, message):
    result = run(str(VALID), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_missing_data_file_exits_2_naming_it(tmp_path):
    result = run(str(tmp_path / "nope.ttl"))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {tmp_path / 'nope.ttl'}: no such file\n"


def test_unknown_extension_exits_2(tmp_path):
    data = tmp_path / "graph.txt"
    data.write_text("hello")
    result = run(str(data))
    assert result.exit_code == 2
    assert "cannot tell the RDF format" in result.stderr


def test_broken_shapes_file_exits_2_with_line_and_column(tmp_path):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:s> a sh:NodeShape ;\n  sh:targetClass .\n")
    result = run(str(VALID), "--shapes", str(shapes))
    assert result.exit_code == 2
    assert f"Error: shapes file {shapes}:3:" in result.stderr


def test_pyshacl_engine_gives_the_same_report():
    fast = json.loads(run(str(CYCLE), "--format", "json").stdout)
    slow = json.loads(run(str(CYCLE), "--format", "json", "--engine", "pyshacl").stdout)
    assert (fast["engine"], slow["engine"]) == ("fast", "pyshacl")
    assert fast["results"] == slow["results"]


def test_help_has_a_summary_and_examples():
    result = CliRunner().invoke(main, ["validate", "--help"])
    assert result.exit_code == 0
    assert "Check RDF files (or the default store) against the SHACL shapes." in result.stdout
    assert "kg validate graph.ttl --format junit -o shacl-report.xml" in result.stdout
