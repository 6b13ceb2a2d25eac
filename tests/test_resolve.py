"""Merging the same incident across articles into events."""

from __future__ import annotations

import itertools

import pytest

from kg.extract import extract_article
from kg.model import (ArticleExtraction, DateValue, EntityRef, EventMention, Evidence, ReportedFigure,
                      WeaponUse)
from kg.resolve import resolve_events
from tests.extract.conftest import make_article


@pytest.fixture(scope="module")
def gazetteer():
    from kg.gazetteer import load_gazetteer
    return load_gazetteer()


def _extract(gazetteer, *articles):
    return [extract_article(make_article(text, published, name), gazetteer)
            for n, (text, published) in enumerate(articles) for name in [f"a{n}.txt"]]


def _attacks(events):
    return [e for e in events if e.kind == "attack"]


DATED = ("On Wednesday, 14 rockets hit the Ain al-Asad air base in western Iraq, injuring two personnel.", "2021-07-07")
DATED_TOO = ("At least 14 rockets struck the Ain al-Assad air base on Wednesday. Two people suffered minor injuries.",
             "2021-07-07")
UNDATED = ("On Wednesday, at least 14 rockets hit the Ain al-Asad airbase. Two US service members were slightly wounded. "
           "In a US strike on the Iraqi-Syrian border last month, four militiamen were killed.", None)


def test_reports_of_one_incident_merge_and_explain_why(gazetteer):
    events = resolve_events(_extract(gazetteer, DATED, DATED_TOO))
    (event,) = _attacks(events)
    assert len(event.article_ids) == 2 and len(event.mentions) == 2
    assert event.date.value == "2021-07-07" and event.injured == 2
    assert event.merge is not None and {"facility", "date:day", "weapon-count"} <= set(event.merge.agreed)
    assert event.merge.explanation.startswith("merged 2 reports from 2 articles")
    assert event.key.startswith("2021-07-07-ain-al-asad-air-base-attack-")


def test_an_undated_report_merges_on_strong_evidence_and_gets_the_date(gazetteer):
    events = resolve_events(_extract(gazetteer, DATED, UNDATED))
    (event,) = _attacks(events)
    assert len(event.article_ids) == 2 and event.date.value == "2021-07-07"
    assert "facility" in event.merge.agreed and "weapon-count" in event.merge.agreed
    # the merge fixed the undated article's dates: its "On Wednesday" is 2021-07-07, and its
    # "last month" is June 2021
    assert {m.date.value for m in event.mentions} == {"2021-07-07"}
    (strike,) = [e for e in events if e.kind == "strike"]
    assert strike.date.value == "2021-06" and strike.date.precision == "month"


def test_a_weekday_that_contradicts_the_date_does_not_merge(gazetteer):
    monday = ("On Monday, 14 rockets hit the Ain al-Asad airbase.", None)
    events = resolve_events(_extract(gazetteer, DATED, monday))
    assert len(_attacks(events)) == 2


def test_the_same_base_on_different_days_stays_two_events(gazetteer):
    other_day = ("Rockets hit the Ain al-Asad air base on Monday, causing no casualties.", "2021-07-07")
    events = resolve_events(_extract(gazetteer, DATED, other_day))
    assert sorted(e.date.value for e in _attacks(events)) == ["2021-07-05", "2021-07-07"]


def test_two_undated_reports_do_not_merge_on_the_site_alone(gazetteer):
    a = ("Rockets hit the US embassy in Baghdad yesterday.", None)
    b = ("Two rockets were fired at the US embassy in Baghdad early on Thursday.", None)
    assert len(_attacks(resolve_events(_extract(gazetteer, a, b)))) == 2


def test_resolution_does_not_depend_on_input_order(gazetteer):
    extractions = _extract(gazetteer, DATED, DATED_TOO, UNDATED,
                           ("Ain al-Assad was the target of a rocket attack on Monday, with no casualties.", "2021-07-07"))
    results = {tuple((e.key, e.article_ids, e.date, e.injured) for e in resolve_events(list(order)))
               for order in itertools.permutations(extractions)}
    assert len(results) == 1


def _mention(article, n, figure_value, date="2021-06-28", phrase="on 28 June"):
    ev = Evidence(article, 0, 4, "text")
    return EventMention(mention_id=f"{article}#{n}", article_id=article, kind="strike",
                        date=DateValue(date, "day", phrase),
                        perpetrator=EntityRef("actor/united-states-military", "United States", "state_force"),
                        weapons=(WeaponUse("airstrike", None, ev),),
                        figures=(ReportedFigure("killed", figure_value, ev),), evidence=(("kind", ev),))


def _extraction(*mentions):
    article = make_article(mentions[0].article_id)
    return ArticleExtraction(article=article, mentions=tuple(
        EventMention(**{**m.__dict__, "article_id": article.article_id,
                        "mention_id": f"{article.article_id}#{m.mention_id.split('#')[1]}"}) for m in mentions))


def test_figures_are_all_kept_and_the_event_carries_the_majority():
    extractions = [_extraction(_mention("a", 0, 4)), _extraction(_mention("b", 0, 5)), _extraction(_mention("c", 0, 4))]
    (event,) = resolve_events(extractions)
    assert event.killed == 4
    assert sorted(f.value for f in event.figures) == [4, 4, 5]


def test_sources_that_differ_on_the_day_give_the_month():
    # a night raid dated either side of midnight
    extractions = [_extraction(_mention("a", 0, 4, "2021-06-27", "the previous night")),
                   _extraction(_mention("b", 0, 4, "2021-06-28"))]
    (event,) = resolve_events(extractions)
    assert (event.date.value, event.date.precision) == ("2021-06", "month")


def test_response_links_point_at_merged_events(gazetteer):
    attack = ("In January, a drone attack killed three US soldiers at a base in Jordan. "
              "In retaliation, the US military carried out dozens of strikes against Tehran-backed militias.", None)
    events = resolve_events(_extract(gazetteer, attack))
    (strike,) = [e for e in events if e.kind == "strike"]
    (jordan,) = _attacks(events)
    assert [key for key, _ev in strike.responds_to] == [jordan.key]


def test_event_keys_are_stable_and_unique(gazetteer):
    extractions = _extract(gazetteer, DATED, DATED_TOO, UNDATED)
    first = [e.key for e in resolve_events(extractions)]
    assert first == [e.key for e in resolve_events(extractions)]
    assert len(set(first)) == len(first)


def test_nothing_in_gives_nothing_out():
    assert resolve_events([]) == []


def test_background_only_events_are_left_out_unless_asked_for(gazetteer):
    text = ("Rockets hit the Ain al-Asad air base on Monday, causing no injuries. In January 2020, Iranian "
            "ballistic missiles struck the same base.", "2024-08-06")
    extractions = _extract(gazetteer, text)
    assert [e.date.value for e in resolve_events(extractions)] == ["2024-08-05"]
    everything = resolve_events(extractions, keep_background=True)
    assert sorted(e.date.value for e in everything) == ["2020-01", "2024-08-05"]
    assert [e.background for e in everything if e.date.value == "2020-01"] == [True]


def test_an_undated_report_of_other_weapons_at_the_same_site_and_weekday_stays_apart(gazetteer):
    dated = ("A barrage of 14 rockets hit Erbil International Airport on Monday night, killing a contractor.", "2021-02-16")
    undated = ("An explosive-laden drone struck Erbil air base early Monday, wounding three US soldiers.", None)
    events = resolve_events(_extract(gazetteer, dated, undated))
    assert len(_attacks(events)) == 2


def test_an_undated_report_naming_only_the_province_joins_the_dated_report_of_a_site_there(gazetteer):
    dated = ("On Thursday a one-way drone hit a workshop at the Rmeilan landing zone in Hasakah, killing a US "
             "contractor and wounding five service members.", "2023-03-24")
    undated = ("An Iranian-made drone struck a coalition base near Hasakah on Thursday, killing one US contractor "
               "and wounding five American troops.", None)
    (event,) = _attacks(resolve_events(_extract(gazetteer, dated, undated)))
    assert event.date.value == "2023-03-23" and len(event.article_ids) == 2
    assert "place" in event.merge.agreed and "facility" not in event.merge.agreed


def test_strikes_two_articles_present_as_the_answer_to_one_attack_are_one_strike(gazetteer):
    # neither article is dated and only one names the strike's place: the answered attack joins them
    first = ("On Thursday a drone hit the Rmeilan landing zone in Hasakah, killing a US contractor. US jets later "
             "struck two facilities in Deir ez-Zor province in response to the Hasakah attack.", None)
    second = ("A drone struck the Rmeilan landing zone on Thursday, killing a US contractor, and US warplanes "
              "retaliated with strikes on groups aligned with Iran in the east of the country.", None)
    events = resolve_events(_extract(gazetteer, first, second))
    strikes = [e for e in events if e.kind == "strike"]
    assert len(strikes) == 1 and len(strikes[0].article_ids) == 2
    assert "responds-to" in strikes[0].merge.agreed
    (attack,) = _attacks(events)
    assert [k for k, _ev in strikes[0].responds_to] == [attack.key]


def test_a_us_strike_and_a_coalition_strike_of_the_same_day_and_place_can_be_one(gazetteer):
    us = ("U.S. aircraft bombed militia bunkers near Deir ez-Zor on Tuesday night, killing six fighters.", "2022-08-24")
    coalition = ("Coalition warplanes raided militia positions west of Deir ez-Zor on Tuesday night, killing six "
                 "fighters, local sources said.", "2022-08-24")
    strikes = [e for e in resolve_events(_extract(gazetteer, us, coalition)) if e.kind == "strike"]
    assert len(strikes) == 1 and len(strikes[0].article_ids) == 2


def test_an_undated_strike_naming_no_place_joins_a_dated_one_by_doer_weekday_and_toll(gazetteer):
    dated = ("US jets struck militia depots in Syria's east on Thursday, killing six fighters, the Pentagon said.",
             "2023-03-25")
    undated = ("American warplanes carried out strikes on Thursday that killed six fighters, a monitor said.", None)
    strikes = [e for e in resolve_events(_extract(gazetteer, dated, undated)) if e.kind == "strike"]
    assert len(strikes) == 1 and strikes[0].date.value == "2023-03-23" and len(strikes[0].article_ids) == 2
    other = ("American warplanes carried out strikes on Thursday that killed nine fighters, a monitor said.", None)
    strikes = [e for e in resolve_events(_extract(gazetteer, dated, other)) if e.kind == "strike"]
    assert len(strikes) == 2
