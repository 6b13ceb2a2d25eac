"""Right answers on the graph built from the five sample articles (kg/data/corpus/seeds/).

These check the answers themselves against what the articles say (shared/gold/seeds.json):
the June 2021 US strikes on the Iraq–Syria border lead to the July 2021 attacks at Ain al-Asad,
Erbil, the US embassy and al-Omar; the Revenge of al-Muhandis Brigade's claim is found with its
channel; and the one event whose sources disagree on a casualty figure is listed with each value.
"""

from __future__ import annotations

import pytest

from kg.query import run_query
from kg.store import rdflib_to_store

ARTICLES = {"000": "000_e3adcb34c64888b9.txt", "002": "002_e86ddea80c5e3d7a.txt", "003": "003_03603f846eb35a1f.txt"}


@pytest.fixture(scope="module")
def sample_store(sample_build):
    return rdflib_to_store(sample_build.graph)


def _rows(store, name, **params):
    return run_query(store, name, params).as_dicts()


def _article_text(sample_corpus, file_name: str) -> str:
    return (sample_corpus / file_name).read_text(encoding="utf-8")


def _june_strike_steps(rows):
    starts = {r["chain_start"] for r in rows if r["depth"] == "1" and r["cause_date"] == "2021-06"
              and "United States" in r["cause_actors"]}
    assert len(starts) == 1, f"expected one chain starting at the June 2021 US strikes, found {sorted(starts)}"
    return [r for r in rows if r["chain_start"] in starts]


def test_the_june_2021_strikes_lead_to_the_july_attacks_on_four_facilities(sample_store):
    steps = _june_strike_steps(_rows(sample_store, "retaliation-chains"))
    answers = [r for r in steps if r["depth"] == "1"]

    def answer_at(fragment: str) -> list[dict]:
        return [r for r in answers if fragment.lower() in r["response_facility"].lower()]

    for fragment, dates in [("Ain al-Asad", {"2021-07-07"}), ("Erbil", {"2021-07-06"}), ("Omar", {"2021-07-07"})]:
        found = answer_at(fragment)
        assert found, f"no attack at {fragment} answers the June strikes"
        assert dates <= {r["response_date"] for r in found}, (fragment, [r["response_date"] for r in found])
    embassy = answer_at("Embassy")
    assert embassy, "no attack on the US embassy answers the June strikes"
    # Its article has no dateline: undated, or July 2021 when merging fixed the day.
    assert all(r["response_date"] == "" or r["response_date"].startswith("2021-07") for r in embassy)


def test_each_step_of_the_june_chain_cites_a_sentence_of_its_source_articles(sample_store, sample_corpus):
    steps = _june_strike_steps(_rows(sample_store, "retaliation-chains"))
    for step in steps:
        assert step["evidence"], f"{step['response']} has no sentence linking it to {step['cause']}"
        texts = [_article_text(sample_corpus, name) for name in step["sources"].split(";")]
        for sentence in step["evidence"].split(" | "):
            assert any(sentence in text for text in texts), sentence


def test_the_revenge_of_al_muhandis_claim_is_found_with_its_channel(sample_store, sample_corpus):
    claims = [r for r in _rows(sample_store, "claims") if "Revenge of al-Muhandis" in r["claimant"]]
    assert len(claims) == 1, claims
    (claim,) = claims
    assert claim["channel"] == "MonitoringGroupChannel"
    assert "SITE" in claim["relayed_by"].upper()
    assert "Ain al-Asad" in claim["facility"] and claim["event_date"] == "2021-07-07"
    assert claim["source"] == ARTICLES["002"]
    assert "claimed responsibility" in claim["evidence"]
    assert claim["evidence"] in _article_text(sample_corpus, ARTICLES["002"])


def test_the_events_with_conflicting_casualty_figures_are_listed(sample_store, sample_corpus):
    rows = _rows(sample_store, "conflicting-reports")
    events = {r["event"] for r in rows}
    assert len(events) == 1, f"only the June strikes' death toll is disputed; listed: {sorted(events)}"
    assert {r["figure"] for r in rows} == {"killed"}
    assert rows[0]["date"] == "2021-06"
    by_article = {r["article"]: r["value"] for r in rows}
    assert by_article == {ARTICLES["000"]: "4", ARTICLES["002"]: "5", ARTICLES["003"]: "4"}
    assert {r["consensus"] for r in rows} == {"4"}
    for r in rows:
        assert r["sentence"] in _article_text(sample_corpus, r["article"])


def test_facility_totals_count_the_attacks_that_give_a_value(sample_store):
    # Ain al-Asad: six attacks, not all with a date or a figure; an aggregate over a row that
    # lacks the value must not blank the whole cell (SPARQL 1.1 makes SUM/MIN/MAX of an error an error)
    rows = {r["facility"]: r for r in _rows(sample_store, "attacks-by-facility")}
    asad = rows["Ain al-Asad Air Base"]
    assert (asad["attacks"], asad["first_date"], asad["last_date"]) == ("6", "2021-07-05", "2021-07-07")
    assert (asad["injured"], asad["killed"]) == ("2", "0")
    assert not rows["US Embassy in Baghdad"]["injured"]     # no attack there gives a figure


def test_casualties_add_up_the_events_that_give_a_figure(sample_store):
    rows = {(r["month"], r["country"], r["kind"]): r for r in _rows(sample_store, "casualties")}
    july_iraq = rows[("2021-07", "Iraq", "attack")]
    assert (july_iraq["events"], july_iraq["injured"], july_iraq["killed"]) == ("3", "2", "0")
