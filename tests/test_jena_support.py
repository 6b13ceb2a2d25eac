"""tests/support/jena.py and scripts/install-jena.sh: Apache Jena as a second, independent engine."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import SH

from tests.support import jena as jena_support
from tests.support.jena import (INSTALL_SCRIPT, JenaError, arq_select, arq_select_rows, jena,  # noqa: F401
                                parse_csv_results, parse_riot_messages, parse_shacl_conforms,
                                parse_shacl_report, riot_validate, shacl_validate)

EX = "http://example.org/"

GOOD_TURTLE = """\
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a1 a ex:Attack ; ex:date "2024-01-28"^^xsd:date ; ex:killed 3 ; ex:label "Tower 22" .
ex:a2 a ex:Attack ; ex:killed 0 .
"""

# The missing dot at the end of line 2 is only detected at the start of line 3.
BAD_TURTLE = """\
@prefix ex: <http://example.org/> .
ex:a1 ex:label "Tower 22"
ex:a2 ex:label "Ain al-Asad" .
"""

ILL_TYPED_TURTLE = """\
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a1 ex:killed "three"^^xsd:integer .
"""

SHAPES = """\
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:AttackShape a sh:NodeShape ;
    sh:targetClass ex:Attack ;
    sh:property [ sh:path ex:date ; sh:datatype xsd:date ; sh:minCount 1 ;
                  sh:message "an attack needs a date" ] ;
    sh:property [ sh:path ex:killed ; sh:datatype xsd:integer ; sh:minInclusive 0 ;
                  sh:severity sh:Warning ] .
"""


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.jena
def test_riot_accepts_good_turtle(jena, tmp_path):
    result = riot_validate(_write(tmp_path / "good.ttl", GOOD_TURTLE))

    assert result.returncode == 0, result.stderr
    assert parse_riot_messages(result.stderr) == []


@pytest.mark.jena
def test_riot_reports_a_syntax_error_with_its_line(jena, tmp_path):
    result = riot_validate(_write(tmp_path / "bad.ttl", BAD_TURTLE))

    assert result.returncode != 0
    messages = parse_riot_messages(result.stderr)
    assert [(m.level, m.line) for m in messages] == [("ERROR", 3)], result.stderr
    assert "not terminated by DOT" in messages[0].text


@pytest.mark.jena
def test_riot_warns_about_an_ill_typed_literal_and_fails_validation(jena, tmp_path):
    result = riot_validate(_write(tmp_path / "ill-typed.ttl", ILL_TYPED_TURTLE))

    assert result.returncode != 0
    [message] = parse_riot_messages(result.stderr)
    assert (message.level, message.line) == ("WARN", 3)
    assert "three" in message.text


@pytest.mark.jena
def test_riot_checks_n_triples_by_extension_and_by_named_syntax(jena, tmp_path):
    good = _write(tmp_path / "good.nt", f'<{EX}a1> <{EX}label> "Tower 22" .\n')
    # Turtle prefixes are not N-Triples: the same text read as N-Triples must fail.
    turtle_as_nt = _write(tmp_path / "graph.txt", GOOD_TURTLE)

    assert riot_validate(good).returncode == 0
    rejected = riot_validate(turtle_as_nt, syntax="N-Triples")
    assert rejected.returncode != 0
    assert parse_riot_messages(rejected.stderr)[0].line == 1


@pytest.mark.jena
def test_arq_select_returns_the_expected_rows(jena, tmp_path):
    data = _write(tmp_path / "data.ttl", GOOD_TURTLE)
    query = f"PREFIX ex: <{EX}> SELECT ?attack ?killed ?label WHERE {{ ?attack ex:killed ?killed " \
            f"OPTIONAL {{ ?attack ex:label ?label }} }} ORDER BY ?attack"

    assert arq_select_rows(data, query) == [
        {"attack": f"{EX}a1", "killed": "3", "label": "Tower 22"},
        {"attack": f"{EX}a2", "killed": "0", "label": ""},
    ]


@pytest.mark.jena
def test_arq_select_reads_a_query_file_named_by_a_string_and_writes_json(jena, tmp_path):
    data = _write(tmp_path / "data.ttl", GOOD_TURTLE)
    query = _write(tmp_path / "dates.rq", f"PREFIX ex: <{EX}>\nSELECT ?attack ?date WHERE {{ ?attack ex:date ?date }}\n")

    result = arq_select(data, str(query), results_format="json")

    assert result.returncode == 0, result.stderr
    [binding] = json.loads(result.stdout)["results"]["bindings"]
    assert binding["attack"]["value"] == f"{EX}a1"
    assert binding["date"] == {"type": "literal", "datatype": "http://www.w3.org/2001/XMLSchema#date",
                               "value": "2024-01-28"}


def test_parse_csv_results_reads_sparql_csv():
    # SPARQL 1.1 CSV: CRLF line ends, quoted fields, unbound as an empty field.
    text = 'event,label\r\nhttp://example.org/e1,"Erbil, airport"\r\nhttp://example.org/e2,\r\n'

    assert parse_csv_results(text) == [{"event": f"{EX}e1", "label": "Erbil, airport"},
                                       {"event": f"{EX}e2", "label": ""}]


@pytest.mark.jena
def test_arq_select_rows_raises_on_a_sparql_syntax_error(jena, tmp_path):
    data = _write(tmp_path / "data.ttl", GOOD_TURTLE)

    with pytest.raises(JenaError, match="arq.sparql failed"):
        arq_select_rows(data, "SELECT * WHERE { ?s ?p ")


def test_arq_select_rejects_an_unknown_results_format(tmp_path):
    with pytest.raises(ValueError, match="csv, tsv, json, xml, text"):
        arq_select(tmp_path / "data.ttl", "SELECT * {}", results_format="yaml")


@pytest.mark.jena
def test_shacl_finds_the_violations_and_the_report_parses(jena, tmp_path):
    data = _write(tmp_path / "data.ttl", GOOD_TURTLE.replace("ex:killed 3", "ex:killed -3"))
    shapes = _write(tmp_path / "shapes.ttl", SHAPES)

    result = shacl_validate(data, shapes)

    # Jena's shacl exits 0 whether or not the data conforms: the report says which.
    assert result.returncode == 0, result.stderr
    assert parse_shacl_conforms(result.stdout) is False
    negative, undated = parse_shacl_report(result.stdout)
    assert (negative.focus_node, negative.severity, negative.path) == (
        URIRef(f"{EX}a1"), SH.Warning, URIRef(f"{EX}killed"))
    assert negative.constraint_component == SH.MinInclusiveConstraintComponent
    assert negative.value == Literal(-3)
    assert (undated.focus_node, undated.severity, undated.path) == (
        URIRef(f"{EX}a2"), SH.Violation, URIRef(f"{EX}date"))
    assert undated.constraint_component == SH.MinCountConstraintComponent
    assert undated.message == "an attack needs a date"
    assert undated.value is None
    assert undated.source_shape is not None  # a blank node: the property shape


@pytest.mark.jena
def test_shacl_reports_conforming_data_as_conforming(jena, tmp_path):
    data = _write(tmp_path / "data.ttl", GOOD_TURTLE.replace("ex:a2 a ex:Attack ;", "ex:a2"))
    shapes = _write(tmp_path / "shapes.ttl", SHAPES)

    result = shacl_validate(data, shapes)

    assert parse_shacl_conforms(result.stdout) is True
    assert parse_shacl_report(result.stdout) == []


@pytest.mark.jena
def test_shacl_fails_when_the_data_does_not_parse(jena, tmp_path):
    data = _write(tmp_path / "bad.ttl", BAD_TURTLE)
    shapes = _write(tmp_path / "shapes.ttl", SHAPES)

    result = shacl_validate(data, shapes)

    assert result.returncode != 0
    assert parse_riot_messages(result.stderr)[0].line == 3
    with pytest.raises(ValueError, match="report is empty"):
        parse_shacl_report(result.stdout)


@pytest.mark.jena
def test_classpath_lists_jena_jars_explicitly_with_one_slf4j_binding(jena):
    entries = jena.split(":")
    names = [Path(entry).name for entry in entries]

    assert all(Path(entry).exists() for entry in entries)
    assert "jena-core.jar" in names and "jena-shacl.jar" in names
    bindings = [n for n in names if n.startswith("slf4j-") and n != "slf4j-api.jar"]
    assert bindings == ["slf4j-simple.jar"]
    assert "jena-xerces-messages.jar" in names
    # Explicit jars, never the whole directory.
    assert not any(entry.endswith("*") or entry.rstrip("/") == "/usr/share/java" for entry in entries)


@pytest.mark.jena
def test_install_script_builds_a_fresh_cache_without_apt(jena, tmp_path):
    env = {**os.environ, "KG_JENA_CACHE": str(tmp_path / "cache")}

    first = subprocess.run(["bash", str(INSTALL_SCRIPT), "--no-apt"], env=env, capture_output=True, text=True)
    again = subprocess.run(["bash", str(INSTALL_SCRIPT), "--no-apt"], env=env, capture_output=True, text=True)

    assert first.returncode == 0, first.stderr
    assert "Jena is ready" in first.stderr  # built, and its smoke test passed
    classpath_file = tmp_path / "cache" / "classpath.txt"
    assert first.stdout.strip() == again.stdout.strip() == str(classpath_file)
    assert again.stderr == ""  # nothing to do the second time
    fresh = classpath_file.read_text(encoding="utf-8").strip().split(":")
    shared = jena.split(":")
    # Only the two cache entries (fix jar, logging configuration) depend on the cache folder.
    assert fresh[:-2] == shared[:-2]


def test_install_script_without_apt_names_what_is_missing(tmp_path):
    env = {**os.environ, "KG_JENA_JAR_DIR": str(tmp_path), "KG_JENA_CACHE": str(tmp_path / "cache")}

    result = subprocess.run(["bash", str(INSTALL_SCRIPT), "--no-apt"], env=env, capture_output=True, text=True)

    assert result.returncode == 3
    assert result.stdout == ""
    assert "libapache-jena-java" in result.stderr and "install-jena.sh" in result.stderr


@pytest.fixture
def jena_missing(monkeypatch, tmp_path):
    """Make the support module find no Jena jars, and forget that afterwards."""
    monkeypatch.setenv("KG_JENA_JAR_DIR", str(tmp_path))
    monkeypatch.setenv("KG_JENA_CACHE", str(tmp_path / "cache"))
    jena_support._prepare.cache_clear()
    yield
    jena_support._prepare.cache_clear()


@pytest.mark.parametrize("ci", ["true", "1"])
def test_missing_jena_fails_in_ci(jena_missing, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)

    assert jena_support.jena_available() is False
    with pytest.raises(pytest.fail.Exception, match="CI requires it"):
        jena_support.require_jena()


@pytest.mark.parametrize("ci", [None, "false", "0", ""])
def test_missing_jena_skips_outside_ci(jena_missing, monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)

    with pytest.raises(pytest.skip.Exception, match="libapache-jena-java"):
        jena_support.require_jena()
