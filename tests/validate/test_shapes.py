"""The shapes file: valid SHACL, a message and an IRI for every shape, severities on purpose."""

from __future__ import annotations

from importlib import resources

import pyshacl
import rdflib
from rdflib.namespace import RDF, SH, SKOS

from kg.namespaces import CK, WEAPON, WEAPON_TYPES
from kg.resources import resource_dir
from kg.validate import default_shapes_files, load_shapes


def test_the_package_ships_the_shapes():
    names = [f.name for f in default_shapes_files()]
    assert names == ["conflict-kg-shapes.ttl"]
    assert (resource_dir("shapes") / "conflict-kg-shapes.ttl").is_file()


def test_shapes_are_valid_shacl_by_the_shacl_shapes_for_shacl():
    shacl_shacl = rdflib.Graph().parse(
        data=(resources.files("pyshacl.assets") / "shacl-shacl.ttl").read_text(encoding="utf-8"), format="turtle")
    conforms, _graph, text = pyshacl.validate(load_shapes(), shacl_graph=shacl_shacl)
    assert conforms, text


def _shapes_with_constraints(g: rdflib.Graph):
    shapes = set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))
    return {s for s in shapes if (s, SH.path, None) in g or (s, SH.targetClass, None) in g}


def test_every_shape_has_an_iri_and_every_result_gets_a_message():
    g = load_shapes()
    for shape in _shapes_with_constraints(g):
        assert isinstance(shape, rdflib.URIRef), f"a blank-node shape: {list(g.predicate_objects(shape))}"
        has_core = any(p in (SH["or"], SH.property) or (p.startswith(str(SH)) and p not in (
            SH.targetClass, SH.severity, SH.sparql, SH.message)) for p in g.predicates(shape, None))
        if (shape, SH.path, None) in g or (has_core and (shape, SH.property, None) not in g):
            assert g.value(shape, SH.message), f"{shape} has no sh:message"
        for constraint in g.objects(shape, SH.sparql):
            assert isinstance(constraint, rdflib.URIRef)
            assert g.value(constraint, SH.message), f"{constraint} has no sh:message"
            # pyshacl would add a message on the shape to every SPARQL result.
            assert g.value(shape, SH.message) is None, f"{shape} has a message and SPARQL constraints"


def test_all_three_severities_are_used():
    g = load_shapes()
    assert {g.value(s, SH.severity) or SH.Violation for s in _shapes_with_constraints(g)} == \
        {SH.Violation, SH.Warning, SH.Info}


def test_weapon_types_allowed_are_the_ontologys_concepts():
    g = load_shapes()
    shape = rdflib.URIRef("https://w3id.org/conflict-kg/shapes#WeaponTypeShape")
    allowed = list(rdflib.collection.Collection(g, g.value(shape, SH["in"])))
    assert allowed == [WEAPON[name] for name in WEAPON_TYPES]
    ontology = rdflib.Graph().parse(str(resource_dir("ontology") / "conflict-kg.ttl"))
    assert set(ontology.subjects(SKOS.inScheme, WEAPON.WeaponTypes)) == set(allowed)


def test_every_class_of_the_issue_has_a_node_shape():
    g = load_shapes()
    targeted = set(g.objects(None, SH.targetClass))
    assert {CK.Attack, CK.Strike, CK.WeaponUse, CK.Claim, CK.Attribution, CK.ReportedFigure, CK.Facility,
            CK.ArmedGroup, CK.Article, CK.Evidence} <= targeted
