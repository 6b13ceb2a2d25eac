"""The ontology: it parses, defines every term the graph model uses, documents every term, stays
OWL 2 DL (every external term declared), and HermiT finds it consistent with no empty class."""

from __future__ import annotations

import io
import re

import pytest
import rdflib
import rdflib.namespace as namespace
from rdflib import Literal, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from kg.namespaces import CK, FIGURE_PROPERTY, PRECISION, WEAPON, WEAPON_TYPES
from kg.reason import ONTOLOGY_IRI, find_java, load_ontology
from tests.conftest import REPO_ROOT

DECLARATIONS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                OWL.NamedIndividual, OWL.Ontology}
# (rdflib's XSD namespace object is reached through the module: as a global of a test module it
# makes pytest's collection warn.)
BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(namespace.XSD))


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return load_ontology()


def _declared(graph: rdflib.Graph, term) -> bool:
    return any(t in DECLARATIONS for t in graph.objects(term, RDF.type))


def _own_terms(graph: rdflib.Graph) -> set[URIRef]:
    return {s for s in graph.subjects() if isinstance(s, URIRef)
            and (str(s).startswith(str(CK)) or str(s).startswith(str(WEAPON)))}


def test_the_packaged_file_is_the_one_in_the_repository(ontology):
    repo_file = rdflib.Graph().parse(REPO_ROOT / "ontology" / "conflict-kg.ttl")
    assert isomorphic(repo_file, ontology)


def test_ontology_header_has_version_title_description_and_license(ontology):
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in ontology
    for prop in (OWL.versionInfo, DCTERMS.title, DCTERMS.description, DCTERMS.license):
        assert ontology.value(header, prop) is not None, f"the ontology header lacks {prop}"


def test_every_ck_term_of_the_graph_model_is_defined(ontology):
    graph_model = (REPO_ROOT / "docs" / "graph-model.md").read_text(encoding="utf-8")
    used = {CK[name] for name in re.findall(r"\bck:([A-Za-z][A-Za-z0-9]*)", graph_model)}
    assert len(used) > 40   # the regular expression found the model's terms
    missing = sorted(str(term) for term in used if not _declared(ontology, term))
    assert not missing, f"graph-model.md uses terms the ontology does not define: {missing}"


def test_every_ck_term_the_project_uses_is_defined(ontology):
    """Reference data, shapes, saved queries and code use only terms the ontology defines."""
    from kg.resources import resource_files

    texts = {f"{kind}/{f.name}": f.read_text(encoding="utf-8")
             for kind, suffix in (("reference", ".ttl"), ("shapes", ".ttl"), ("queries", ".rq"))
             for f in resource_files(kind, suffix)}
    texts.update({str(p.relative_to(REPO_ROOT)): p.read_text(encoding="utf-8")
                  for p in (REPO_ROOT / "kg").rglob("*.py")})
    assert any(name.startswith("reference/") for name in texts)
    missing = set()
    for name, text in texts.items():
        used = re.findall(r"\bck:([A-Za-z][A-Za-z0-9]*)", text) + re.findall(r"\bCK\.([A-Za-z][A-Za-z0-9]*)", text) \
            + re.findall(r"\bCK\[\"([A-Za-z0-9]+)\"\]", text)
        missing.update(f"{name}: ck:{term}" for term in used if not _declared(ontology, CK[term]))
    assert not missing, f"terms used but not defined in the ontology: {sorted(missing)}"


def test_namespaces_module_terms_are_defined(ontology):
    for term in [*PRECISION.values(), *FIGURE_PROPERTY.values(), *(WEAPON[w] for w in WEAPON_TYPES)]:
        assert _declared(ontology, term), term


def test_every_term_has_a_label_and_a_one_sentence_comment(ontology):
    terms = _own_terms(ontology)
    assert len(terms) > 80
    problems = []
    for term in sorted(terms, key=str):
        label = ontology.value(term, RDFS.label)
        comment = ontology.value(term, RDFS.comment)
        if not isinstance(label, Literal) or not str(label).strip():
            problems.append(f"{term}: no rdfs:label")
        if not isinstance(comment, Literal):
            problems.append(f"{term}: no rdfs:comment")
            continue
        text = str(comment).strip()
        # One sentence: ends with a full stop and has no full stop followed by a new sentence.
        if not text.endswith(".") or re.search(r"\.\s+[A-Z]", text[:-1]):
            problems.append(f"{term}: comment is not one sentence: {text!r}")
    assert not problems, "\n".join(problems)


def test_weapon_types_are_a_skos_scheme_of_defined_concepts(ontology):
    scheme = WEAPON.WeaponTypes
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    concepts = set(ontology.subjects(SKOS.inScheme, scheme))
    assert concepts == {WEAPON[w] for w in WEAPON_TYPES}
    for concept in concepts:
        assert (concept, RDF.type, SKOS.Concept) in ontology
        assert (concept, SKOS.topConceptOf, scheme) in ontology
        assert (scheme, SKOS.hasTopConcept, concept) in ontology
        assert ontology.value(concept, SKOS.prefLabel) is not None
        assert ontology.value(concept, SKOS.definition) is not None


def test_every_external_term_is_declared_for_owl2_dl(ontology):
    """OWL API reasoners guess the kind of an undeclared term; declaring all of them keeps the
    file OWL 2 DL without punning (a term is exactly one kind of entity)."""
    used = set(ontology.predicates())
    for prop in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, RDF.type,
                 OWL.onProperty, OWL.someValuesFrom, OWL.allValuesFrom, OWL.equivalentClass):
        used.update(o for o in ontology.objects(None, prop) if isinstance(o, URIRef))
    for collection_head in ontology.objects(None, OWL.unionOf):
        used.update(Collection(ontology, collection_head))
    undeclared = sorted(str(t) for t in used
                        if not str(t).startswith(BUILT_IN) and not _declared(ontology, t))
    assert not undeclared, f"declare these in the ontology: {undeclared}"
    for term in _own_terms(ontology) | {t for t in used if not str(t).startswith(BUILT_IN)}:
        entity_kinds = set(ontology.objects(term, RDF.type)) & (DECLARATIONS - {OWL.NamedIndividual})
        assert len(entity_kinds) <= 1, f"{term} is declared as {sorted(entity_kinds)} (punning)"


def test_ontology_dates_keep_to_the_owl2_datatype_map(ontology):
    """xsd:date, xsd:gYear and xsd:gYearMonth are not OWL 2 datatypes: naming them in an axiom
    would take the ontology out of OWL 2 DL (the data may still use them)."""
    xsd = namespace.XSD
    outside = {xsd.date, xsd.gYear, xsd.gYearMonth}
    assert not [t for t in ontology if set(t) & outside]


def test_retaliation_is_defined_by_the_response_link(ontology):
    equivalent = ontology.value(CK.Retaliation, OWL.equivalentClass)
    members = list(Collection(ontology, ontology.value(equivalent, OWL.intersectionOf)))
    assert CK.Attack in members
    restriction = next(m for m in members if m != CK.Attack)
    assert ontology.value(restriction, OWL.onProperty) == CK.respondsTo
    assert ontology.value(restriction, OWL.someValuesFrom) == CK.Attack


@pytest.mark.java
def test_owlready2_loads_the_ontology_and_hermit_finds_it_consistent(ontology):
    import owlready2

    saved = owlready2.JAVA_EXE
    owlready2.JAVA_EXE = find_java()
    world = owlready2.World()
    try:
        onto = world.get_ontology(ONTOLOGY_IRI).load(
            fileobj=io.BytesIO(ontology.serialize(format="nt", encoding="utf-8")), format="ntriples")
        assert world[str(CK.Attack)] is not None and world[str(CK.respondsTo)] is not None
        assert len(list(onto.classes())) >= 20
        # Raises OwlReadyInconsistentOntologyError if the ontology is inconsistent.
        owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
        assert list(world.inconsistent_classes()) == []   # no class is unsatisfiable
        # The reasoner sees Retaliation as a kind of Attack from its definition alone.
        assert world[str(CK.Attack)] in world[str(CK.Retaliation)].ancestors()
    finally:
        owlready2.JAVA_EXE = saved
        world.close()
