"""The fast engine (whole-graph SPARQL on Oxigraph) gives exactly pyshacl's results."""

from __future__ import annotations

import re

import pytest
import rdflib

from kg.errors import ShapesError
from kg.store import load_files
from kg.validate import compile_shapes, load_shapes, validate_graph
from tests.validate.catalogue_cases import parsing_cases, result_key


def _keys(report, with_message: bool = True):
    keys = []
    for result in report.results:
        key = tuple(re.sub(r"^_:.*", "_:", part) if part else part for part in result.key())
        keys.append(key if with_message else key[:-1])
    return sorted(keys)


@pytest.mark.parametrize("case", parsing_cases(), ids=lambda c: c.name)
def test_fast_engine_agrees_with_pyshacl_on_the_catalogue(case):
    store = load_files([case.data])
    fast = validate_graph(store, engine="fast")
    reference = validate_graph(store, engine="pyshacl")
    assert (fast.engine, reference.engine) == ("fast", "pyshacl")
    # Everything, messages with their {?var} filled in included.
    assert _keys(fast) == _keys(reference)
    assert sorted(result_key(r) for r in fast.results) == case.expected_results()


def test_the_project_shapes_compile_without_falling_back():
    checks = compile_shapes(load_shapes())
    assert len(checks) > 50
    assert {c.kind for c in checks} == {"value", "count", "pair", "sparql"}


DATA = """
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Sub rdfs:subClassOf ex:Thing .
ex:a a ex:Thing ; ex:p 1 , 2 ; ex:q "x" ; ex:r ex:b ; ex:name "Al"@en , "Alfred" ;
     ex:low 5 ; ex:high 3 ; ex:same 1 ; ex:other 2 ; ex:day "2021-02-30"^^xsd:date .
ex:b a ex:Sub ; ex:p "3"^^xsd:integer ; ex:q "yy" , "Yzz" ; ex:r ex:a ; ex:low 1 ; ex:high 4 ;
     ex:same 7 ; ex:other 7 ; ex:day "2021-02-03"^^xsd:date .
ex:c ex:p -1 , "one" ; ex:r ex:c , "lit" .
ex:d a ex:Thing ; ex:r [ ex:p 4 ] .
"""

SHAPES = {
    "class targets with subclasses, counts, ranges, datatypes": """
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path ex:p ; sh:maxCount 1 ; sh:datatype xsd:integer ;
                          sh:minExclusive 0 ; sh:maxInclusive 2 ] ,
                        [ sh:path ex:day ; sh:datatype xsd:date ; sh:severity sh:Warning ] ,
                        [ sh:path ex:q ; sh:minCount 2 ; sh:maxLength 2 ; sh:severity sh:Info ] .""",
    "subjects-of and objects-of targets, sh:in, node kinds": """
        ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ;
            sh:property [ sh:path ex:p ; sh:in ( 1 2 "one" ) ] ,
                        [ sh:path ex:r ; sh:nodeKind sh:BlankNodeOrIRI ] .
        ex:T a sh:NodeShape ; sh:targetObjectsOf ex:r ; sh:nodeKind sh:IRI .""",
    "logical constraints and nested shapes": """
        ex:S a sh:NodeShape ; sh:targetNode ex:a , ex:b , ex:c ;
            sh:xone ( [ sh:path ex:q ; sh:minCount 1 ] [ sh:path ex:low ; sh:minCount 1 ] ) ;
            sh:property [ sh:path ex:r ; sh:not [ sh:class ex:Sub ] ] ,
                        [ sh:path ex:r ; sh:node ex:HasP ] ,
                        [ sh:path ex:q ; sh:and ( [ sh:minLength 2 ] [ sh:pattern "^y" ; sh:flags "i" ] ) ] .
        ex:HasP a sh:NodeShape ; sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:maxCount 1 ;
                                              sh:datatype xsd:integer ] .""",
    "property pairs": """
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path ex:low ; sh:lessThan ex:high ] ,
                        [ sh:path ex:same ; sh:equals ex:other ] ,
                        [ sh:path ex:same ; sh:disjoint ex:other ] ,
                        [ sh:path ex:p ; sh:lessThanOrEquals ex:low ] .""",
    "complex paths": """
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path [ sh:inversePath ex:r ] ; sh:maxCount 0 ] ,
                        [ sh:path ( ex:r ex:p ) ; sh:minCount 1 ; sh:maxCount 1 ] ,
                        [ sh:path [ sh:alternativePath ( ex:q ex:name ) ] ; sh:minLength 3 ] ,
                        [ sh:path [ sh:oneOrMorePath ex:r ] ; sh:class ex:Thing ] .""",
    "SPARQL constraints with and without ?value, deactivated shapes": """
        ex:S a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:sparql [ sh:message "{$this} has a low of {?low}" ;
                        sh:select "SELECT $this ?low WHERE { $this ex:low ?low FILTER (?low > 2) }" ;
                        sh:prefixes ex:Prefixes ] ,
                      [ sh:message "{$this} reaches {?value}" ;
                        sh:select "SELECT $this ?value WHERE { $this ex:r ?value . ?value ex:r $this }" ;
                        sh:prefixes ex:Prefixes ] .
        ex:Prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
        ex:Off a sh:NodeShape ; sh:targetClass ex:Thing ; sh:deactivated true ;
            sh:property [ sh:path ex:p ; sh:maxCount 0 ] .""",
}

PREAMBLE = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.mark.parametrize("name", SHAPES)
def test_fast_engine_agrees_with_pyshacl_on_each_supported_feature(name):
    store = load_files([])
    store.load(DATA.encode(), format=__import__("pyoxigraph").RdfFormat.TURTLE)
    shapes = rdflib.Graph().parse(data=PREAMBLE + SHAPES[name], format="turtle")
    fast = validate_graph(store, shapes, engine="fast")
    reference = validate_graph(store, shapes, engine="pyshacl")
    assert fast.results, "each scenario must produce results to compare"
    # Messages are compared where the shapes give them (the SPARQL scenario): the generic
    # texts engines make up for constraints without sh:message differ by design.
    with_message = "SPARQL" in name
    assert _keys(fast, with_message) == _keys(reference, with_message)


@pytest.mark.parametrize("feature", [
    "sh:hasValue ex:a", "sh:languageIn ( \"en\" )", "sh:uniqueLang true",
    "sh:qualifiedValueShape [ sh:class ex:Thing ] ; sh:qualifiedMinCount 1",
])
def test_auto_falls_back_to_pyshacl_for_features_the_fast_engine_lacks(tmp_path, feature):
    store = load_files([])
    store.load(DATA.encode(), format=__import__("pyoxigraph").RdfFormat.TURTLE)
    shapes_file = tmp_path / "shapes.ttl"
    shapes_file.write_text(PREAMBLE + f"ex:S a sh:NodeShape ; sh:targetClass ex:Thing ; "
                                      f"sh:property [ sh:path ex:r ; {feature} ] .")
    report = validate_graph(store, shapes_file, engine="auto")
    assert report.engine == "pyshacl"
    assert "fast engine does not compile" in report.notes[0]
    with pytest.raises(ShapesError, match="--engine pyshacl"):
        validate_graph(store, shapes_file, engine="fast")
