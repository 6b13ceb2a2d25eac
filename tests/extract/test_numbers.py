"""Numbers as reports write them."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from kg.extract.numbers import find_quantity_before, parse_number


@pytest.mark.parametrize("phrase, value", [
    ("14", 14), ("1,000", 1000), ("2,500", 2500), ("four", 4), ("Fourteen", 14), ("twenty-one", 21),
    ("one hundred and fifty", 150), ("a dozen", 12), ("more than a dozen", 12), ("half a dozen", 6),
    ("at least one", 1), ("at least 14", 14), ("As many as three", 3), ("a single", 1), ("an", 1),
])
def test_numbers_are_read(phrase, value):
    assert parse_number(phrase) == value


@pytest.mark.parametrize("phrase", ["dozens", "several", "a number of", "scores of", "Oct", "3.5", "one two",
                                    "one and three", "", "   ", "hundreds of"])
def test_vague_or_malformed_quantities_give_no_number(phrase):
    assert parse_number(phrase) is None


def test_the_nearest_quantity_before_a_noun_wins():
    text = "On 16 July two drones were fired"
    assert find_quantity_before(text, text.index("drones"))[2] == "two"
    text = "two unidentified rocket-propelled grenades"
    assert find_quantity_before(text, text.index("rocket"))[2] == "two"
    text = "rockets were fired at the base"
    assert find_quantity_before(text, text.index("base")) is None


@given(st.text(max_size=80))
def test_parse_number_never_raises(text):
    value = parse_number(text)
    assert value is None or (isinstance(value, int) and value >= 0)
