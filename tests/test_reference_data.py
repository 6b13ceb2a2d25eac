"""The reference data (kg/data/reference/*.ttl): every name resolves to one entity, the facilities
are complete enough to use, the gold data's names are canonical labels, and every ck: term the
files use is defined by the ontology."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pyoxigraph
import pytest
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.gazetteer import KIND_OF_CLASS, canonical, load_gazetteer
from kg.namespaces import CK, REF
from kg.resources import resource_files, sample_gold_file

FACILITY_TYPES = {CK.AirBase, CK.MilitaryBase, CK.LandingZone, CK.Airport, CK.Embassy,
                  CK.Consulate, CK.DiplomaticFacility, CK.OilField, CK.GasField}
# The countries of the main theatre, and of the others where US forces were attacked or struck.
HOST_COUNTRIES = {"country/iraq", "country/syria", "country/jordan"}
OTHER_HOST_COUNTRIES = {"country/afghanistan", "country/somalia", "country/kenya", "country/djibouti",
                        "country/niger", "country/qatar", "country/united-arab-emirates", "country/kuwait",
                        "country/bahrain", "country/saudi-arabia"}
# Where the location within the country is not public, or the data has no places in that country.
NO_PROVINCE = {"facility/mission-support-site-euphrates", "facility/camp-lemonnier",
               "facility/al-udeid-air-base", "facility/al-dhafra-air-base", "facility/ali-al-salem-air-base",
               "facility/camp-arifjan", "facility/camp-buehring", "facility/naval-support-activity-bahrain",
               "facility/prince-sultan-air-base"}
# Places with no country: border areas and seas.
NO_COUNTRY = {"place/iraq-syria-border", "place/jordan-syria-border", "place/red-sea", "place/gulf-of-aden",
              "place/bab-el-mandeb", "place/arabian-sea", "place/gulf-of-oman", "place/strait-of-hormuz",
              "place/persian-gulf"}


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(sample_gold_file().read_text(encoding="utf-8"))


def test_each_file_is_strict_turtle():
    # Oxigraph's parser is stricter than rdflib's: a file both accept is portable.
    files = resource_files("reference", ".ttl")
    assert {f.name for f in files} >= {"facilities.ttl", "places.ttl", "actors.ttl"}
    for file in files:
        store = pyoxigraph.Store()
        store.load(file.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
        assert len(store) > 100, file.name


def test_every_label_and_alias_resolves_to_exactly_one_entity(gazetteer):
    owners = defaultdict(set)
    for entity in gazetteer.entities():
        for name in (entity.label, *entity.aliases):
            owners[canonical(name)].add(entity.key)
    shared = {key: keys for key, keys in owners.items() if len(keys) > 1}
    assert shared == {}
    for entity in gazetteer.entities():
        for name in (entity.label, *entity.aliases):
            assert gazetteer.lookup(name) is entity, (name, entity.key)
    # Generated spellings (article forms, plurals) never made two entities share a name.
    assert gazetteer.ambiguous_variants == {}


def test_every_context_alias_belongs_to_one_entity_and_resolves_with_its_kind(gazetteer):
    owners = defaultdict(set)
    for entity in gazetteer.entities():
        for name in entity.context_aliases:
            owners[canonical(name)].add(entity.key)
            assert gazetteer.lookup(name, [entity.kind], include_context=True) is entity, name
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_context_aliases_are_not_also_plain_names_of_the_same_entity(gazetteer):
    # SKOS S13: prefLabel, altLabel and hiddenLabel (ck:contextAlias) are pairwise disjoint.
    for entity in gazetteer.entities():
        plain = {entity.label, *entity.aliases}
        assert not plain & set(entity.context_aliases), entity.key
        assert entity.label not in entity.aliases, entity.key


def test_facility_context_aliases_have_cue_words(gazetteer):
    for entity in gazetteer.entities("facility"):
        if entity.context_aliases:
            assert entity.cues, entity.key


def test_every_entity_has_one_kind_and_matching_labels(gazetteer):
    graph = gazetteer.graph
    for entity in gazetteer.entities():
        subject = URIRef(entity.iri)
        assert entity.iri.startswith(str(REF))
        kinds = [KIND_OF_CLASS[t] for t in graph.objects(subject, RDF.type) if t in KIND_OF_CLASS]
        assert kinds == [entity.kind]
        pref = list(graph.objects(subject, SKOS.prefLabel))
        assert len(pref) == 1 and pref[0].language == "en"
        assert [str(o) for o in graph.objects(subject, RDFS.label)] == [str(pref[0])]


def test_at_least_25_facilities_with_type_country_and_province(gazetteer):
    facilities = gazetteer.entities("facility")
    assert len(facilities) >= 25
    countries = set()
    for facility in facilities:
        assert facility.label and facility.aliases, facility.key
        assert URIRef(facility.facility_type) in FACILITY_TYPES, facility.key
        country = gazetteer.get(facility.country)
        assert country.key in HOST_COUNTRIES | OTHER_HOST_COUNTRIES, facility.key
        countries.add(country.key)
        if facility.key not in NO_PROVINCE:
            province = gazetteer.get(facility.province)
            assert province.kind == "place" and province.country == facility.country, facility.key
    assert countries == HOST_COUNTRIES | OTHER_HOST_COUNTRIES
    kinds = {URIRef(f.facility_type) for f in facilities}
    assert kinds >= {CK.AirBase, CK.MilitaryBase, CK.LandingZone, CK.Airport, CK.Embassy,
                     CK.Consulate, CK.OilField, CK.GasField}


def test_coordinates_lie_in_the_region(gazetteer):
    located = [e for e in gazetteer.entities() if e.lat is not None or e.long is not None]
    assert len(located) >= 20
    for entity in located:
        assert entity.lat is not None and entity.long is not None, entity.key
        # Iraq, Syria and Jordan lie between these parallels and meridians.
        assert 29.0 <= entity.lat <= 37.5 and 35.0 <= entity.long <= 48.7, entity.key
    ain_al_asad = gazetteer.get("facility/ain-al-asad-air-base")
    assert (ain_al_asad.lat, ain_al_asad.long) == (33.79, 42.44)


def test_places_have_countries_and_towns_have_provinces(gazetteer):
    for place in gazetteer.entities("place"):
        if place.key in NO_COUNTRY:
            assert place.country is None
            continue
        assert gazetteer.get(place.country).kind == "country", place.key
        if place.province is not None:
            assert gazetteer.get(place.province).province is None, place.key
    assert gazetteer.lookup("Khan al-Baghdadi").province == gazetteer.get("place/anbar").iri
    assert gazetteer.lookup("Al-Mayadeen").province == gazetteer.get("place/deir-ez-zor").iri


def test_wikidata_links_are_entity_iris(gazetteer):
    linked = [e for e in gazetteer.entities() if e.wikidata]
    assert {e.key for e in linked} >= {"country/iraq", "country/syria", "country/jordan",
                                       "actor/islamic-state", "actor/reuters"}
    for entity in linked:
        assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*", entity.wikidata)
    assert gazetteer.get("country/iraq").wikidata.endswith("/Q796")


def test_gold_names_are_canonical_labels(gazetteer, gold):
    # The events table prints canonical labels; the gold data's names must be exactly those.
    names = set(gold["facilities"]) | set(gold["groups"])
    for event in gold["events"]:
        names |= {event[f] for f in ("facility", "place", "country", "perpetrator") if event[f]}
        names |= set(event["claimed_by"]) | set(event["attributed_to"])
    for name in names:
        entity = gazetteer.lookup(name)
        assert entity is not None and entity.label == name, name
    assert gazetteer.lookup("United States", ["state_force"]).key == "actor/united-states-military"
    assert gazetteer.lookup("coalition").key == "actor/us-led-coalition"


def test_gold_aliases_resolve_to_their_entity(gazetteer, gold):
    # "Green Zone" is a district of Baghdad, not the embassy (see facilities.ttl); every other
    # alias of the gold data denotes its entity, alone or with its cue.
    district = {"Green Zone", "Greene Zone", "US embassy inside Baghdad's Greene Zone"}
    for section, kinds in (("facilities", ["facility"]), ("groups", None)):
        for label, aliases in gold[section].items():
            for alias in aliases:
                if alias in district:
                    continue
                entity = gazetteer.lookup(alias, kinds, include_context=True)
                assert entity is not None and entity.label == label, alias
    assert gazetteer.lookup("Green Zone").key == "place/green-zone"


def test_every_ck_term_used_is_defined_by_the_ontology(gazetteer):
    from kg.reason import load_ontology

    ontology = load_ontology()
    used = {term for triple in gazetteer.graph for term in triple
            if isinstance(term, URIRef) and str(term).startswith(str(CK))}
    assert used >= {CK.Facility, CK.facilityType, CK.contextAlias, CK.cueWord, CK.demonym}
    undefined = {t for t in used if (t, RDF.type, None) not in ontology}
    assert undefined == set()
