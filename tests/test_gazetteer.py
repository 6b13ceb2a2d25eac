"""The gazetteer: finding reference entities in sentences as news reports write them."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import SKOS

from kg.errors import InputError, RdfSyntaxError
from kg.gazetteer import Gazetteer, canonical, load_gazetteer
from kg.model import EntityRef


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def found(gaz, text, **options) -> list[tuple[str, str]]:
    matches = gaz.find(text, **options)
    for m in matches:
        assert text[m.start:m.end] == m.surface
    return [(m.surface, m.entity.key) for m in matches]


# ---------------------------------------------------------------- find: names in sentences

def test_finds_facility_and_province_in_a_report_sentence(gaz):
    assert found(gaz, "Rockets hit the Ain al Assad airbase in Anbar on Tuesday.") == [
        ("Ain al Assad airbase", "facility/ain-al-asad-air-base"), ("Anbar", "place/anbar")]


@pytest.mark.parametrize("spelling", [
    "Ain al-Asad Air Base", "Ain al-Assad air base", "Ain Al-Asad", "Ain al Asad", "Ain Al Assad",
    "AIN AL-ASAD", "Ayn al-Asad airbase", "Ain el-Asad", "Al Asad Airbase", "al-Asad air-base",
    "Asad Air Base", "Ain al‑Asad base", "Ain al–Assad military base",
])
def test_spellings_of_ain_al_asad_resolve_to_the_base(gaz, spelling):
    assert found(gaz, f"Drones targeted {spelling} overnight.") == [
        (spelling, "facility/ain-al-asad-air-base")]


def test_longest_name_wins_and_matches_do_not_overlap(gaz):
    assert found(gaz, "a drone struck near Erbil airport late on Tuesday") == [
        ("Erbil airport", "facility/erbil-international-airport")]
    assert found(gaz, "the Islamic Resistance in Iraq said") == [
        ("Islamic Resistance in Iraq", "actor/islamic-resistance-in-iraq")]
    assert found(gaz, "the Islamic State in Iraq and Syria (ISIS) group") == [
        ("Islamic State in Iraq and Syria", "actor/islamic-state"), ("ISIS", "actor/islamic-state")]


def test_oil_field_and_syrian_province_spellings(gaz):
    assert found(gaz, "shells landed at the al-Omar oilfield in Deir Ezzor") == [
        ("al-Omar oilfield", "facility/al-omar-oil-field"), ("Deir Ezzor", "place/deir-ez-zor")]
    assert found(gaz, "a base in Dayr az-Zawr and another in Deir el-Zour") == [
        ("Dayr az-Zawr", "place/deir-ez-zor"), ("Deir el-Zour", "place/deir-ez-zor")]


def test_apostrophes_and_transliterations_of_group_names(gaz):
    for text in ("Kataib Hezbollah denied any role", "Kata’ib Hizballah denied any role",
                 "Kata'ib Hezbollah denied any role", "KH denied any role"):
        assert [k for _, k in found(gaz, text)] == ["actor/kataib-hezbollah"], text
    assert found(gaz, "fighters of Hashd al-Sha’bi and Harakat Hezbollah al-Nujaba") == [
        ("Hashd al-Sha’bi", "actor/popular-mobilization-forces"),
        ("Harakat Hezbollah al-Nujaba", "actor/harakat-al-nujaba")]


def test_arabic_article_may_be_assimilated_or_left_out(gaz):
    assert found(gaz, "rockets at ash-Shaddadi base") == [
        ("ash-Shaddadi base", "facility/al-shaddadi-base")]
    assert found(gaz, "the garrison at At Tanf") == [("At Tanf", "facility/al-tanf-garrison")]
    assert found(gaz, "Nujaba fighters") == [("Nujaba", "actor/harakat-al-nujaba")]
    assert found(gaz, "Revenge of Muhandis Brigade") == [
        ("Revenge of Muhandis Brigade", "actor/revenge-of-al-muhandis-brigade")]


def test_generic_descriptors_singular_and_plural(gaz):
    for phrase in ("Iran-backed militias", "pro-Iran armed groups", "Tehran-backed factions",
                   "an Iran-backed Iraqi militia", "pro-Iranian factions",
                   "Iranian-backed militia groups"):
        assert [k for _, k in found(gaz, f"officials blamed {phrase} for the attack")] == [
            "actor/iran-backed-militias"], phrase


def test_acronyms_match_only_in_capitals(gaz):
    assert found(gaz, "IS militants still carry out ambushes") == [("IS", "actor/islamic-state")]
    assert found(gaz, "It is not clear who is behind it. Is it?") == []
    assert found(gaz, "US forces") == [("US forces", "actor/united-states-military")]
    assert found(gaz, "join us forces of good") == []
    assert found(gaz, "according to SITE") == [("SITE", "actor/site-intelligence-group")]
    assert found(gaz, "the launch site was found") == []


def test_one_word_names_need_a_capital(gaz):
    assert found(gaz, "Badr denied it") == [("Badr", "actor/badr-organization")]
    assert found(gaz, "the badr of the night") == []


def test_abbreviation_dots_and_possessives(gaz):
    assert found(gaz, "The U.S. military responded.") == [
        ("U.S. military", "actor/united-states-military")]
    assert found(gaz, "attacked by the U.S.") == [("U.S.", "actor/united-states-military")]
    assert found(gaz, "the U.S.-led coalition’s mission") == [
        ("U.S.-led coalition", "actor/us-led-coalition")]
    assert found(gaz, "Iran's Revolutionary Guards") == [
        ("Iran's Revolutionary Guards", "actor/irgc")]


def test_a_name_may_wrap_onto_the_next_line_but_not_cross_a_blank_line(gaz):
    assert found(gaz, "rockets hit Ain al-Asad\nAir Base") == [
        ("Ain al-Asad\nAir Base", "facility/ain-al-asad-air-base")]
    assert found(gaz, "Attacks on Ain al-Asad\r\n\r\nAir Base commanders said") == [
        ("Ain al-Asad", "facility/ain-al-asad-air-base")]


def test_the_country_united_states_and_the_actor_united_states(gaz):
    assert found(gaz, "deadly United States airstrikes") == [
        ("United States", "actor/united-states-military")]
    assert found(gaz, "the United States of America") == [
        ("United States of America", "country/united-states")]


def test_kinds_limit_what_is_reported(gaz):
    text = "Rockets hit the US Embassy in Baghdad, Iraq."
    assert found(gaz, text, kinds=["facility"]) == [
        ("US Embassy in Baghdad", "facility/us-embassy-in-baghdad")]
    assert found(gaz, text, kinds=["place", "country"]) == [
        ("Baghdad", "place/baghdad"), ("Iraq", "country/iraq")]
    with pytest.raises(ValueError, match="unknown entity kind"):
        gaz.find(text, kinds=["base"])


# ---------------------------------------------------------------- context aliases, demonyms

def test_context_alias_needs_a_cue_word_nearby(gaz):
    assert found(gaz, "a drone was shot down near the Omar facility") == [
        ("Omar", "facility/al-omar-oil-field")]
    assert found(gaz, "Omar said the talks would resume") == []
    match = gaz.find("a rocket fell near Conoco, the gas plant")[0]
    assert (match.entity.key, match.via) == ("facility/conoco-gas-field", "context")


def test_context_alias_resolves_once_the_text_named_the_entity(gaz):
    sentence = "Pro-Iran militias also fired several shells at Omar on Monday."
    assert [k for _, k in found(gaz, sentence)] == ["actor/iran-backed-militias"]
    field = gaz.get("facility/al-omar-oil-field")
    for known in ([field], [field.iri], ["facility/al-omar-oil-field"]):
        assert found(gaz, sentence, known=known)[1] == ("Omar", "facility/al-omar-oil-field")


def test_city_name_is_the_place_with_the_airport_as_alternative(gaz):
    text = "drones were shot down north of Erbil before entering the airport area"
    match = gaz.find(text)[0]
    assert (match.surface, match.entity.key, match.via) == ("Erbil", "place/erbil", "name")
    assert [a.key for a in match.alternatives] == ["facility/erbil-international-airport"]
    # Asked only for facilities, the same words give the airport.
    match = gaz.find(text, kinds=["facility"])[0]
    assert (match.entity.key, match.via) == ("facility/erbil-international-airport", "context")
    # Without a cue the city is just the city.
    assert gaz.find("protesters gathered in Erbil")[0].alternatives == ()


def test_us_embassy_alone_is_the_baghdad_embassy_only_in_an_iraqi_context(gaz):
    text = "two rockets were fired at the US embassy inside Baghdad’s Greene Zone"
    assert found(gaz, text)[0] == ("US embassy", "facility/us-embassy-in-baghdad")
    # Without context the words name no entity surely, and "US" inside them is not the military.
    assert found(gaz, "the US embassy issued a travel warning") == []
    assert found(gaz, "the US issued a travel warning") == [("US", "actor/united-states-military")]
    assert found(gaz, "the US Embassy in Amman") == [
        ("US Embassy in Amman", "facility/us-embassy-in-amman")]


def test_demonyms_only_on_request(gaz):
    text = "an Iraqi airbase hosting American troops"
    assert found(gaz, text) == [("American troops", "actor/united-states-military")]
    matches = gaz.find(text, demonyms=True)
    assert [(m.surface, m.entity.key, m.via) for m in matches] == [
        ("Iraqi", "country/iraq", "demonym"),
        ("American troops", "actor/united-states-military", "name")]


# ---------------------------------------------------------------- lookup, get, to_ref, entities

def test_lookup_exact_names(gaz):
    assert gaz.lookup("Ain al-Assad").key == "facility/ain-al-asad-air-base"
    assert gaz.lookup("  Hashed al-Shaabi ").key == "actor/popular-mobilization-forces"
    assert gaz.lookup("Ain al-Asad Air Base in Anbar") is None
    assert gaz.lookup("is") is None
    assert gaz.lookup("IS").key == "actor/islamic-state"
    assert gaz.lookup("Erbil").key == "place/erbil"
    assert gaz.lookup("Erbil", ["facility"]) is None
    airport = gaz.lookup("Erbil", ["facility"], include_context=True)
    assert airport.key == "facility/erbil-international-airport"


def test_get_by_iri_prefixed_name_or_key(gaz):
    entity = gaz.get("country/iraq")
    assert gaz.get(entity.iri) is entity
    assert gaz.get("ref:country/iraq") is entity
    assert entity.label == "Iraq" and entity.kind == "country"
    with pytest.raises(KeyError, match="no reference entity"):
        gaz.get("country/atlantis")


def test_to_ref_carries_the_country_key(gaz):
    base = gaz.get("facility/ain-al-asad-air-base")
    assert gaz.to_ref(base) == EntityRef(key="facility/ain-al-asad-air-base",
                                         label="Ain al-Asad Air Base", kind="facility",
                                         iri=base.iri, country="country/iraq")
    assert gaz.to_ref(gaz.get("country/syria")).country == "country/syria"
    assert gaz.to_ref(gaz.get("place/iraq-syria-border")).country is None


def test_entity_fields_come_from_the_rdf(gaz):
    base = gaz.get("facility/erbil-international-airport")
    assert base.facility_type == "https://w3id.org/conflict-kg/ontology#Airport"
    assert base.province == gaz.get("place/erbil").iri
    assert "Erbil" in base.context_aliases and "airport" in base.cues
    assert "Erbil air base" in base.aliases
    assert {e.kind for e in gaz.entities()} == {"facility", "place", "country", "armed_group",
                                                "group_category", "state_force", "monitor", "media",
                                                "government"}
    assert all(e.kind == "monitor" for e in gaz.entities("monitor"))
    keys = [e.key for e in gaz.entities()]
    assert keys == sorted(keys)


def test_graph_holds_the_reference_triples(gaz):
    label = gaz.graph.value(URIRef(gaz.get("actor/kataib-hezbollah").iri), SKOS.prefLabel)
    assert str(label) == "Kata'ib Hezbollah" and label.language == "en"


def test_load_gazetteer_is_parsed_once():
    assert load_gazetteer() is load_gazetteer()


def test_canonical_ignores_case_accents_separators_and_doubled_letters():
    assert canonical("Ain al-Assad Air Base") == canonical("AIN AL ASAD AIRBASE")
    assert canonical("Türkiye") == canonical("Turkiye")
    assert canonical("Kata’ib") == canonical("Kataib")
    assert canonical("Tower 22") != canonical("Tower 2")


# ---------------------------------------------------------------- data errors

PREFIXES = """@prefix ck: <https://w3id.org/conflict-kg/ontology#> .
@prefix ref: <https://w3id.org/conflict-kg/id/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def entity(name: str, label: str, extra: str = "", kind: str = "ck:ArmedGroup") -> str:
    return (f'<https://w3id.org/conflict-kg/id/actor/{name}> a {kind} ; '
            f'skos:prefLabel "{label}"@en ; rdfs:label "{label}" {extra}.\n')


def test_a_name_shared_by_two_entities_is_refused():
    text = PREFIXES + entity("a", "Group A", '; skos:altLabel "The Brigade" ') + \
        entity("b", "Group B", '; skos:altLabel "the brigade" ')
    message = r"'the brigade' of actor/b is also the name 'The Brigade' of actor/a"
    with pytest.raises(InputError, match=message):
        Gazetteer.from_turtle([("groups.ttl", text)])


def test_a_context_alias_may_overlap_another_entitys_name():
    text = PREFIXES + entity("a", "Brigade") + \
        entity("b", "Brigade Base", '; ck:contextAlias "Brigade" ; ck:cueWord "camp" ',
               kind="ck:Facility")
    gaz = Gazetteer.from_turtle([("mixed.ttl", text)])
    match = gaz.find("a drone hit Brigade camp")[0]
    assert match.entity.key == "actor/a" and [a.key for a in match.alternatives] == ["actor/b"]


def test_turtle_syntax_error_names_file_and_line():
    with pytest.raises(RdfSyntaxError) as caught:
        broken = PREFIXES + entity("a", "A") + 'ref:x ck:y "unclosed .\n'
        Gazetteer.from_turtle([("broken.ttl", broken)])
    assert caught.value.path == "broken.ttl" and caught.value.line == 6


def test_entity_without_english_preflabel_is_refused():
    text = PREFIXES + '<https://w3id.org/conflict-kg/id/actor/a> a ck:ArmedGroup ; rdfs:label "A" .\n'
    with pytest.raises(InputError, match="exactly one skos:prefLabel with @en"):
        Gazetteer.from_turtle([("groups.ttl", text)])


def test_reference_to_a_missing_country_is_refused():
    text = PREFIXES + entity("a", "A", "; ck:country ref:nowhere ")
    with pytest.raises(InputError, match="is not a reference country"):
        Gazetteer.from_turtle([("groups.ttl", text)])


# ---------------------------------------------------------------- other theatres (reference data)

def test_names_of_other_theatres_resolve_to_one_entity_each(gaz):
    # ("USS", the prefix of a US Navy ship's name, is an alias of the US military)
    assert found(gaz, "Houthi rebels fired missiles at the USS Carney in the Red Sea") == [
        ("Houthi rebels", "actor/houthis"), ("USS", "actor/united-states-military"), ("Red Sea", "place/red-sea")]
    assert found(gaz, "rockets were fired at Kabul's airport; ISIS-K claimed them") == [
        ("Kabul's airport", "facility/hamid-karzai-international-airport"),
        ("ISIS-K", "actor/islamic-state-khorasan")]
    assert found(gaz, "an AFRICOM strike against al-Shabab near Jilib") == [
        ("AFRICOM", "actor/united-states-military"), ("al-Shabab", "actor/al-shabaab"), ("Jilib", "place/jilib")]
    assert found(gaz, "Saudi-led coalition jets struck Saada") == [
        ("Saudi-led coalition", "actor/saudi-led-coalition"), ("Saada", "place/saada")]
    assert gaz.lookup("Jilib").province == gaz.get("place/middle-juba").iri
    assert gaz.get("place/red-sea").country is None


def test_aliases_reports_use_for_camp_victory_and_green_village(gaz):
    # "Victoria" alone is a word of many meanings: the base only near a cue ("base")
    assert found(gaz, 'two drones targeted the "Victoria" base near Baghdad airport') == [
        ("Victoria", "facility/camp-victory"), ("Baghdad airport", "facility/baghdad-international-airport")]
    assert found(gaz, "Queen Victoria visited India") == []
    assert found(gaz, "rockets came down near a second site known as Green Village") == [
        ("site known as Green Village", "facility/al-omar-oil-field")]


def test_every_reference_facility_hosts_the_coalition_so_only_their_countries_are_host_countries(gaz):
    from kg.extract.events import coalition_host_countries
    hosts = {gaz.get(c).key for c in coalition_host_countries(gaz)}
    assert {"country/iraq", "country/syria", "country/jordan", "country/afghanistan", "country/somalia"} <= hosts
    assert not hosts & {"country/yemen", "country/israel", "country/burkina-faso", "country/mali", "country/chad"}


def test_spelling_tolerance_keeps_acronyms_and_one_word_names_whole():
    gazetteer = load_gazetteer()
    found = [(m.surface, m.entity.key) for m in gazetteer.find("A man was hurt in Amman; the ISS saw it.")]
    assert found == [("Amman", "place/amman")]     # not "A man", and "ISS" is not "IS"
    assert [m.surface for m in gazetteer.find("US forces and U.S. officials")] == ["US forces", "U.S."]
