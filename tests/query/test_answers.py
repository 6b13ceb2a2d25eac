"""Each saved query gives the right answers on the hand-made graph (tests/query/data/handmade.ttl,
whose header comment draws the events and links)."""

from __future__ import annotations

from kg.query import run_query
from tests.query.conftest import event


def _rows(store, name, **params):
    return run_query(store, name, params).as_dicts()


def _steps(rows):
    """(chain start, depth, cause, response) of every retaliation-chain row, keys only."""
    short = lambda iri: iri.rsplit("/", 1)[1]  # noqa: E731
    return [(short(r["chain_start"]), int(r["depth"]), short(r["cause"]), short(r["response"])) for r in rows]


# retaliation-chains --------------------------------------------------------------------------

def test_chains_after_june_28_start_at_the_month_precision_june_strikes(handmade_store):
    rows = _rows(handmade_store, "retaliation-chains")
    # A month-precision "2021-06" event reaches 2021-06-28, so the June strikes start the chain;
    # depth grows along S1 <- A1 <- S2 <- A5; rows come by depth, dated responses first.
    assert _steps(rows) == [
        ("s1", 1, "s1", "a2"), ("s1", 1, "s1", "a1"), ("s1", 1, "s1", "a4"), ("s1", 1, "s1", "a3"),
        ("s1", 2, "a1", "s2"), ("s1", 3, "s2", "a5"),
    ]


def test_a_chain_row_carries_both_events_and_the_linking_sentence(handmade_store):
    rows = {r["response"]: r for r in _rows(handmade_store, "retaliation-chains")}
    ain_al_asad = rows[event("a1")]
    assert ain_al_asad["cause_date"] == "2021-06" and ain_al_asad["response_date"] == "2021-07-07"
    assert ain_al_asad["cause_facility"] == "Iraq-Syria border"       # no facility: the place
    assert ain_al_asad["response_facility"] == "Ain al-Asad Air Base"
    assert ain_al_asad["cause_actors"] == "United States military"
    assert ain_al_asad["response_actors"] == ("Revenge of al-Muhandis Brigade (claimed); "
                                              "Iran-backed militias (blamed)")
    # Only the sentence that supports ck:respondsTo, not the other evidence of the event.
    assert ain_al_asad["evidence"] == "The attacks follow the June 28 strikes, and the group had vowed retaliation."
    assert ain_al_asad["sources"] == "b.txt"
    embassy = rows[event("a3")]
    assert embassy["response_date"] == "" and embassy["response_facility"] == "US Embassy in Baghdad"


def test_a_date_after_the_month_drops_the_june_chain_and_starts_from_the_next_event(handmade_store):
    assert [s[0] for s in _steps(_rows(handmade_store, "retaliation-chains", after="2021-06-30"))] == ["s1"] * 6
    # From July on, the June strikes are out; A1 (7 July) is the earliest cause left in the window.
    assert _steps(_rows(handmade_store, "retaliation-chains", after="2021-07-01")) == [
        ("a1", 1, "a1", "s2"), ("a1", 2, "s2", "a5")]
    assert _steps(_rows(handmade_store, "retaliation-chains", after="2021-07-11")) == []


def test_an_event_answering_a_cause_before_the_date_starts_its_own_chain(handmade_store):
    may = [s for s in _steps(_rows(handmade_store, "retaliation-chains", after="2021-05-02")) if s[0] != "s1"]
    assert may == [("b1", 1, "b1", "b2")]
    from_first = [s for s in _steps(_rows(handmade_store, "retaliation-chains", after="2021-05-01"))
                  if s[0] != "s1"]
    assert from_first == [("b0", 1, "b0", "b1"), ("b0", 2, "b1", "b2")]


def test_undated_events_never_start_a_chain(handmade_store):
    starts = {s[0] for s in _steps(_rows(handmade_store, "retaliation-chains", after="1900-01-01"))}
    assert starts == {"b0", "s1"}      # j1 <- j2 is undated throughout


# timeline -------------------------------------------------------------------------------------

def test_timeline_is_in_date_order_with_undated_events_last(handmade_store):
    rows = _rows(handmade_store, "timeline")
    assert [r["event"].rsplit("/", 1)[1] for r in rows] == [
        "b0", "b1", "b2", "s1", "a2", "a1", "a4", "s2", "a5", "a3", "j1", "j2"]
    s1 = rows[3]
    assert (s1["date"], s1["precision"], s1["kind"], s1["place"], s1["weapons"], s1["killed"]) == (
        "2021-06", "month", "strike", "Iraq-Syria border", "airstrike", "4")
    a4 = rows[6]
    assert a4["weapons"] == "drone;mortar" and a4["country"] == "Syria"


def test_timeline_filters_by_country_facility_and_group_label_spelling_or_iri(handmade_store):
    keys = lambda rows: [r["event"].rsplit("/", 1)[1] for r in rows]  # noqa: E731
    assert keys(_rows(handmade_store, "timeline", country="SYRIA")) == ["b0", "b1", "b2", "a4"]
    assert keys(_rows(handmade_store, "timeline", facility="ain al-assad")) == ["a1", "a5"]
    assert keys(_rows(handmade_store, "timeline",
                      facility="https://w3id.org/conflict-kg/id/facility/al-omar-oil-field")) == ["a4"]
    assert keys(_rows(handmade_store, "timeline", group="KH")) == ["b2", "a5"]      # blamed, claimed
    assert keys(_rows(handmade_store, "timeline", group="pro-Iran militias")) == ["a2", "a1"]
    assert keys(_rows(handmade_store, "timeline", group="United States military")) == ["b1", "s1", "s2", "j2"]


def test_timeline_date_range_overlaps_event_ranges_and_drops_undated(handmade_store):
    keys = lambda rows: [r["event"].rsplit("/", 1)[1] for r in rows]  # noqa: E731
    assert keys(_rows(handmade_store, "timeline", **{"from": "2021-06-15", "to": "2021-07-06"})) == ["s1", "a2"]
    assert keys(_rows(handmade_store, "timeline", to="2021-05-03")) == ["b0", "b1"]
    assert keys(_rows(handmade_store, "timeline", **{"from": "2021-07-10"})) == ["s2", "a5"]
    assert keys(_rows(handmade_store, "timeline", country="Iraq", **{"from": "2021-07-07"})) == ["a1", "s2", "a5"]


# counts -----------------------------------------------------------------------------------------

def test_attacks_by_facility_counts_attacks_not_strikes(handmade_store):
    rows = {r["facility"]: r for r in _rows(handmade_store, "attacks-by-facility")}
    assert set(rows) == {"Ain al-Asad Air Base", "Conoco Gas Field", "Al-Omar Oil Field",
                         "Erbil International Airport", "US Embassy in Baghdad"}
    ain = rows["Ain al-Asad Air Base"]
    assert (ain["attacks"], ain["first_date"], ain["last_date"], ain["injured"], ain["killed"], ain["country"]) == (
        "2", "2021-07-07", "2021-07-12", "3", "", "Iraq")
    assert rows["Erbil International Airport"]["injured"] == "0"     # reported none
    assert rows["US Embassy in Baghdad"]["injured"] == ""            # not reported
    assert rows["US Embassy in Baghdad"]["first_date"] == ""


def test_attacks_by_group_counts_claims_apart_from_blame(handmade_store):
    rows = {r["group"]: r for r in _rows(handmade_store, "attacks-by-group")}
    assert set(rows) == {"Iran-backed militias", "Kata'ib Hezbollah", "Revenge of al-Muhandis Brigade"}
    kh = rows["Kata'ib Hezbollah"]
    assert (kh["attacks"], kh["claimed"], kh["blamed"], kh["perpetrated"], kh["blamed_by"]) == (
        "2", "1", "1", "0", "US officials")
    militias = rows["Iran-backed militias"]
    assert (militias["claimed"], militias["blamed"], militias["blamed_by"]) == ("0", "2", "Press TV; experts")
    assert rows["Revenge of al-Muhandis Brigade"]["claimed"] == "1"


def test_unclaimed_attacks_have_no_claim_and_say_where_a_report_calls_them_unclaimed(handmade_store):
    rows = _rows(handmade_store, "unclaimed-attacks")
    keys = [r["event"].rsplit("/", 1)[1] for r in rows]
    assert keys == ["b0", "b2", "a2", "a4", "a3", "j1"]   # a1 and a5 are claimed; strikes are not attacks
    erbil = rows[2]
    assert erbil["reported_unclaimed"] == "true"
    assert erbil["evidence"] == "No one has officially claimed responsibility for the Erbil attack."
    assert erbil["blamed"] == "Iran-backed militias"
    assert rows[0]["reported_unclaimed"] == "" and rows[0]["evidence"] == ""


def test_claims_give_claimant_channel_relay_date_event_and_sentence(handmade_store):
    rows = _rows(handmade_store, "claims")
    assert [(r["claimant"], r["channel"]) for r in rows] == [
        ("Revenge of al-Muhandis Brigade", "MonitoringGroupChannel"), ("Kata'ib Hezbollah", "GroupStatementChannel")]
    first = rows[0]
    assert (first["relayed_by"], first["claim_date"], first["event"], first["event_date"], first["facility"],
            first["source"]) == ("SITE Intelligence Group", "2021-07-07", event("a1"), "2021-07-07",
                                 "Ain al-Asad Air Base", "b.txt")
    assert "claimed responsibility" in first["evidence"]


def test_casualties_add_up_by_month_country_and_kind(handmade_store):
    rows = [(r["month"], r["country"], r["kind"], r["events"], r["injured"], r["killed"])
            for r in _rows(handmade_store, "casualties")]
    assert rows == [
        ("2021-06", "", "strike", "1", "", "4"),
        ("2021-07", "Iraq", "attack", "3", "3", ""),     # a1 2 + a2 0 + a5 1 injured
        ("2021-07", "Iraq", "strike", "1", "", "3"),
        ("", "Jordan", "attack", "1", "", "3"),           # undated: no month
    ]


# evidence -------------------------------------------------------------------------------------

def test_sources_of_one_event_list_every_sentence_behind_it(handmade_store):
    rows = _rows(handmade_store, "sources", event="ref:event/a1")
    assert {r["event"] for r in rows} == {event("a1")}
    assert [(r["article"], int(r["start"]), r["about"], r["supports"]) for r in rows] == [
        ("a.txt", 200, "event", "date;target"),
        ("a.txt", 200, "weapon use", "date;target"),
        ("a.txt", 271, "reported figure", "value"),
        ("a.txt", 700, "event", "unclaimed"),
        ("a.txt", 761, "attribution", "attributedTo"),
        ("b.txt", 100, "reported figure", "value"),
        ("b.txt", 400, "claim", "claimant"),
        ("b.txt", 500, "event", "respondsTo"),
    ]
    assert rows[0]["sentence"] == "On Wednesday, at least 14 rockets hit the Ain al-Asad airbase."
    assert rows[0]["published"] == "2021-07-07" and rows[0]["end"] == "270"


def test_sources_without_an_event_list_every_event_and_of_an_unknown_event_nothing(handmade_store):
    # Every event but b0 and j1, which cite no sentence in the hand-made graph.
    assert len({r["event"] for r in _rows(handmade_store, "sources")}) == 10
    assert _rows(handmade_store, "sources", event="https://example.org/not-an-event") == []


def test_conflicting_reports_list_each_source_figure_of_the_disputed_event(handmade_store):
    rows = _rows(handmade_store, "conflicting-reports")
    assert [(r["event"], r["figure"], r["value"], r["consensus"], r["article"]) for r in rows] == [
        (event("s1"), "killed", "4", "4", "a.txt"),
        (event("s1"), "killed", "4", "4", "c.txt"),
        (event("s1"), "killed", "5", "4", "b.txt"),
    ]
    assert rows[2]["sentence"] == "At least five militia fighters were killed in the strikes."
    assert rows[0]["date"] == "2021-06" and rows[0]["facility"] == "Iraq-Syria border"
