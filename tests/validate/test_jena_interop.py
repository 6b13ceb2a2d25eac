"""Apache Jena's SHACL engine gives the catalogue the same verdicts as kg validate.

Jena (Debian's libapache-jena-java, see tests/support/jena.py) is a second, independent SHACL
implementation. It runs the shapes file as it is, through JenaShaclBatch.java: Jena's own
validator, started once for the whole catalogue. One case also goes through Jena's `shacl
validate` command, to show the batch runner reports what the command does.
"""

from __future__ import annotations

import logging

import pytest
import rdflib

from kg.store import load_files
from kg.validate import default_shapes_files, results_from_report_graph, validate_graph
from tests.support.jena import jena, parse_riot_messages, parse_shacl_conforms, run_jena, shacl_validate  # noqa: F401
from tests.validate.catalogue_cases import CATALOGUE, cases

BATCH_RUNNER = CATALOGUE.parent / "JenaShaclBatch.java"
[SHAPES] = default_shapes_files()


def _key(result):
    # Jena reports no sh:sourceConstraint; everything else, messages included, must be equal.
    return (result.severity, result.focus_node, result.path, result.value, result.source_shape,
            result.constraint_component, result.message)


def _jena_results(report_text: str):
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)   # ill-typed dates in reports
    return results_from_report_graph(rdflib.Graph().parse(data=report_text, format="turtle"))


@pytest.fixture(scope="module")
def jena_reports(jena, tmp_path_factory):  # noqa: F811  (jena is the fixture)
    """Jena's report (or parse error) for every catalogue case, keyed by case name."""
    out = tmp_path_factory.mktemp("jena-reports")
    catalogue = cases()
    done = run_jena(str(BATCH_RUNNER), str(SHAPES), str(out), *(str(c.data) for c in catalogue), timeout=600)
    assert done.returncode == 0, done.stderr
    reports = {}
    for n, case in enumerate(catalogue):
        error = out / f"{n}.error"
        reports[case.name] = ("error", error.read_text()) if error.exists() else \
            ("report", (out / f"{n}.ttl").read_text(encoding="utf-8"))
    return reports


@pytest.mark.jena
@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_jena_gives_the_same_verdict_and_results(case, jena_reports):
    kind, text = jena_reports[case.name]
    if not case.parses:
        error = case.expected["error"]
        assert kind == "error"
        assert f"[line: {error['line']}, col: {error['column']}" in text
        return
    assert kind == "report"
    ours = validate_graph(load_files([case.data]))
    theirs = _jena_results(text)
    assert sorted(map(_key, theirs)) == sorted(map(_key, ours.results))
    assert parse_shacl_conforms(text) is ours.conforms


@pytest.mark.jena
def test_the_batch_runner_reports_what_jenas_shacl_command_reports(jena, jena_reports):  # noqa: F811
    case = next(c for c in cases() if c.name == "response-cycle")
    command = shacl_validate(case.data, SHAPES)
    assert command.returncode == 0, command.stderr
    assert sorted(map(_key, _jena_results(command.stdout))) == \
        sorted(map(_key, _jena_results(jena_reports[case.name][1])))


@pytest.mark.jena
def test_jenas_shacl_command_rejects_the_syntax_error_where_kg_does(jena):  # noqa: F811
    case = next(c for c in cases() if not c.parses)
    command = shacl_validate(case.data, SHAPES)
    assert command.returncode != 0
    error = case.expected["error"]
    assert any((m.line, m.column) == (error["line"], error["column"]) for m in parse_riot_messages(command.stderr))
