"""build: records to RDF, as docs/graph-model.md describes."""

import datetime as dt

from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.build import build_event_graph, event_label
from kg.model import (Article, Attribution, Claim, DateValue, EntityRef, Event, EventMention, Evidence,
                      ReportedFigure, WeaponUse)
from kg.namespaces import CK, OA, REF, SEM, WEAPON

TEXT = ("On Wednesday, 14 rockets hit Ain al-Asad air base. Two personnel were injured. "
        "A group called Saraya X claimed it. It answered last month's US strikes.")


def _sentence(fragment: str, article_id: str = "a1") -> Evidence:
    start = TEXT.index(fragment)
    return Evidence(article_id, start, start + len(fragment), fragment)


ARTICLE = Article(article_id="a1", file_name="a1.txt", path="/x/a1.txt", text=TEXT, sha256="f" * 64,
                  published=dt.date(2021, 7, 7))
BASE = EntityRef("facility/ain-al-asad-air-base", "Ain al-Asad Air Base", "facility",
                 iri=str(REF["facility/ain-al-asad-air-base"]), country="country/iraq")
NEW_GROUP = EntityRef("saraya-x", "Saraya X", "armed_group")
S1 = _sentence("On Wednesday, 14 rockets hit Ain al-Asad air base.")
S2 = _sentence("Two personnel were injured.")
S3 = _sentence("A group called Saraya X claimed it.")
S4 = _sentence("It answered last month's US strikes.")

STRIKE = Event(key="2021-06-iraq-syria-border-strike-00000001", kind="strike",
               date=DateValue("2021-06", "month", "last month"),
               mentions=(EventMention("a1#1", "a1", "strike", DateValue("2021-06", "month")),),
               perpetrator=EntityRef("actor/united-states", "United States", "state_force",
                                     iri=str(REF["actor/united-states"])),
               weapons=(WeaponUse("airstrike", None, S4),),
               evidence=(("kind", S4), ("date", S4)))
ATTACK = Event(key="2021-07-07-ain-al-asad-air-base-attack-00000002", kind="attack",
               date=DateValue("2021-07-07", "day", "On Wednesday"),
               mentions=(EventMention("a1#0", "a1", "attack", DateValue("2021-07-07", "day")),),
               facility=BASE,
               weapons=(WeaponUse("rocket", 14, S1),),
               injured=2, figures=(ReportedFigure("injured", 2, S2),),
               claims=(Claim(NEW_GROUP, S3, channel="group-statement"),),
               attributions=(Attribution(EntityRef("actor/iran-backed-militias", "Iran-backed militias",
                                                   "group_category", iri=str(REF["actor/iran-backed-militias"])),
                                         S1, attributed_by="experts"),),
               responds_to=((STRIKE.key, S4),),
               evidence=(("kind", S1), ("date", S1), ("facility", S1)))
UNDATED = Event(key="undated-ain-al-asad-air-base-attack-00000003", kind="attack",
                date=DateValue(None, None, "on Thursday", "weekday in an article with no dateline"),
                mentions=(EventMention("a1#2", "a1", "attack", DateValue(None, None)),),
                facility=BASE, evidence=(("facility", S1),))


def _build(base="https://w3id.org/conflict-kg/id/"):
    return build_event_graph([ARTICLE], [ATTACK, STRIKE, UNDATED], base)


def test_event_has_typed_date_precision_and_range():
    g = _build()
    event = URIRef("https://w3id.org/conflict-kg/id/event/" + ATTACK.key)
    assert (event, RDF.type, CK.Attack) in g
    assert g.value(event, CK.date) == Literal("2021-07-07", datatype=XSD.date)
    assert g.value(event, CK.datePrecision) == CK.DayPrecision
    strike = URIRef("https://w3id.org/conflict-kg/id/event/" + STRIKE.key)
    assert (strike, RDF.type, CK.Strike) in g
    assert g.value(strike, CK.date) == Literal("2021-06", datatype=XSD.gYearMonth)
    assert g.value(strike, SEM.hasEarliestBeginTimeStamp) == Literal("2021-06-01", datatype=XSD.date)
    assert g.value(strike, SEM.hasLatestEndTimeStamp) == Literal("2021-06-30", datatype=XSD.date)


def test_undated_event_says_why_and_keeps_the_phrase():
    g = _build()
    event = URIRef("https://w3id.org/conflict-kg/id/event/" + UNDATED.key)
    assert g.value(event, CK.date) is None
    assert str(g.value(event, CK.undatedReason)) == "weekday in an article with no dateline"
    assert str(g.value(event, CK.datePhrase)) == "on Thursday"


def test_every_evidence_points_into_its_article_text():
    g = _build()
    evidence_nodes = set(g.subjects(RDF.type, CK.Evidence))
    assert evidence_nodes
    for node in evidence_nodes:
        start, end = int(g.value(node, OA.start)), int(g.value(node, OA.end))
        assert TEXT[start:end] == str(g.value(node, OA.exact))
        article = g.value(node, CK.article)
        assert int(g.value(article, CK.charCount)) == len(TEXT)


def test_response_link_carries_the_sentence_that_makes_it():
    g = _build()
    event = URIRef("https://w3id.org/conflict-kg/id/event/" + ATTACK.key)
    strike = URIRef("https://w3id.org/conflict-kg/id/event/" + STRIKE.key)
    assert (event, CK.respondsTo, strike) in g
    linking = [e for e in g.objects(event, CK.evidence) if (e, CK.supports, CK.respondsTo) in g]
    assert [str(g.value(e, OA.exact)) for e in linking] == [S4.text]


def test_claim_attribution_weapons_and_figures_are_nodes_with_evidence():
    g = _build()
    event = URIRef("https://w3id.org/conflict-kg/id/event/" + ATTACK.key)
    claim = g.value(None, CK.claimedEvent, event)
    new_group = g.value(claim, CK.claimant)
    assert str(new_group) == "https://w3id.org/conflict-kg/id/actor/saraya-x"
    assert (new_group, RDF.type, CK.ArmedGroup) in g and str(g.value(new_group, RDFS.label)) == "Saraya X"
    assert g.value(claim, CK.channel) == CK.GroupStatementChannel
    attribution = g.value(None, CK.attributedEvent, event)
    assert g.value(attribution, CK.attributedTo) == REF["actor/iran-backed-militias"]
    assert str(g.value(attribution, CK.attributedBy)) == "experts"
    use = g.value(event, CK.weaponUse)
    assert g.value(use, CK.weaponType) == WEAPON.rocket and int(g.value(use, CK["count"])) == 14
    figure = g.value(event, CK.reportedFigure)
    assert g.value(figure, CK.figureOf) == CK.injured and int(g.value(figure, CK.value)) == 2
    for node in (claim, attribution, use, figure):
        assert g.value(node, CK.evidence) is not None
    assert (event, PROV.wasDerivedFrom, URIRef("https://w3id.org/conflict-kg/id/article/a1")) in g


def test_same_input_gives_the_same_graph_whatever_the_order():
    first = build_event_graph([ARTICLE], [ATTACK, STRIKE, UNDATED])
    second = build_event_graph([ARTICLE], [UNDATED, STRIKE, ATTACK])
    assert isomorphic(first, second)
    assert set(first) == set(second)   # no blank nodes: the very same triples


def test_base_iri_is_configurable_but_reference_iris_are_not():
    g = _build("https://example.org/mine/")
    subjects = {str(s) for s in g.subjects(RDF.type, CK.Attack)}
    assert all(s.startswith("https://example.org/mine/event/") for s in subjects)
    event = URIRef("https://example.org/mine/event/" + ATTACK.key)
    assert g.value(event, CK.target) == REF["facility/ain-al-asad-air-base"]


def test_labels_say_what_where_when():
    assert event_label(ATTACK) == "Attack on Ain al-Asad Air Base, 2021-07-07"
    assert event_label(STRIKE) == "Strike by United States, 2021-06"
