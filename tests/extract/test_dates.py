"""Date phrases resolved against the dateline, with their precision."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from kg.extract.dates import date_constraint, find_dates, resolve_date
from kg.model import DateValue

WEDNESDAY = dt.date(2021, 7, 7)


def _resolve(text, published=WEDNESDAY, anchor=None):
    found, _ = find_dates(text)
    assert found, f"no date found in {text!r}"
    return resolve_date(found[0], published, anchor)


@pytest.mark.parametrize("text, value, precision", [
    ("On Wednesday, rockets hit", "2021-07-07", "day"),
    ("late on Sunday, which", "2021-07-04", "day"),
    ("US forces on Monday night shot down", "2021-07-05", "day"),
    ("early on Thursday", "2021-07-01", "day"),
    ("last Wednesday", "2021-06-30", "day"),
    ("on Monday last week", "2021-06-28", "day"),
    ("yesterday", "2021-07-06", "day"),
    ("overnight", "2021-07-06", "day"),
    ("three days ago", "2021-07-04", "day"),
    ("on 16 July", "2020-07-16", "day"),          # after the dateline: last year's
    ("rocket attack on June 28", "2021-06-28", "day"),
    ("following the 28 June air strikes", "2021-06-28", "day"),
    ("on Wednesday (July 7)", "2021-07-07", "day"),
    ("On Sunday, July 4, 2021, a drone", "2021-07-04", "day"),
    ("2021-07-07", "2021-07-07", "day"),
    ("Late last month", "2021-06", "month"),
    ("earlier this month", "2021-07", "month"),
    ("In January", "2021-01", "month"),
    ("in November", "2020-11", "month"),
    ("in May 2021", "2021-05", "month"),
    ("last year", "2020", "year"),
    ("in 2014", "2014", "year"),
])
def test_phrases_resolve_against_the_dateline(text, value, precision):
    date = _resolve(text)
    assert (date.value, date.precision) == (value, precision)


@pytest.mark.parametrize("text, reason", [
    ("On Wednesday", "weekday in an article with no dateline"),
    ("last month", "relative date in an article with no dateline"),
    ("on 16 July", "day and month without a year in an article with no dateline"),
])
def test_undated_articles_keep_the_phrase_and_say_why(text, reason):
    date = _resolve(text, published=None)
    assert date.value is None and date.precision is None
    assert date.reason == reason and date.phrase


def test_relative_phrases_resolve_against_the_incident_told_before():
    anchor = DateValue("2021-06-28", "day", "on Monday last week")
    assert _resolve("the previous night", anchor=anchor).value == "2021-06-27"
    assert _resolve("Just hours earlier", anchor=anchor).value == "2021-06-28"
    assert _resolve("a day later", anchor=anchor).value == "2021-06-29"
    assert _resolve("the previous night", anchor=None).value is None


@pytest.mark.parametrize("text", ["since Oct. 80", "on February 30 the", "on 31 April", "2021-13-45"])
def test_impossible_dates_are_never_dates(text):
    found, invalid = find_dates(text)
    assert found == [] and invalid


def test_durations_and_modal_may_are_not_dates():
    assert find_dates("the first rocket attack in more than a year")[0] == []
    assert find_dates("the attacks may continue over three months")[0] == []


def test_a_date_a_speech_verb_carries_is_marked():
    found, _ = find_dates("Syrian state media reported on Wednesday that the field was hit")
    assert found[0].speech


def test_constraints_of_unresolved_phrases():
    assert date_constraint("early on Thursday").weekday == 3
    c = date_constraint("June 28")
    assert (c.month, c.day) == (6, 28)
    assert c.admits(DateValue("2021-06-28", "day")) and not c.admits(DateValue("2021-06-27", "day"))
    assert date_constraint("hours later").empty


@given(st.text(max_size=120), st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31))))
def test_any_text_and_dateline_give_only_valid_dates(text, published):
    found, _ = find_dates(text)
    for mention in found:
        value = resolve_date(mention, published)
        if value.value is not None:
            assert value.precision in ("day", "month", "year")
            assert value.earliest <= value.latest


@given(st.sampled_from(["January", "February", "March", "April", "June", "July", "September", "November", "Oct.", "Sept."]),
       st.integers(min_value=0, max_value=99))
def test_month_day_phrases_are_valid_dates_or_nothing(month, day):
    found, _ = find_dates(f"on {month} {day}")
    for mention in found:
        value = resolve_date(mention, dt.date(2024, 3, 1))
        if value.value is not None:
            dt.date.fromisoformat(value.value)
