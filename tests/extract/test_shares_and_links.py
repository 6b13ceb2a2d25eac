"""Numbers shared out among sites, casualty counts of named people, dates counted from a date
just named, and which words make a retaliation link (sentences written for these tests)."""

from __future__ import annotations


def _attacks(x):
    return [m for m in x.mentions if m.kind == "attack" and not m.background]


def _by_site(x):
    return {m.facility.label: m for m in _attacks(x) if m.facility is not None}


def _figures(m):
    return sorted((f.figure, f.value) for f in m.figures)


def test_weapons_shared_out_among_two_sites_in_one_sentence(extract):
    x = extract("Militants fired 12 rockets overnight: nine at the Harir base north of Erbil, one of which was "
                "intercepted, and three at the coalition's compound at Baghdad airport.", published="2022-07-02")
    sites = _by_site(x)
    assert [(w.weapon, w.count) for w in sites["Harir Air Base"].weapons] == [("rocket", 9)]
    assert [(w.weapon, w.count) for w in sites["Baghdad International Airport"].weapons] == [("rocket", 3)]


def test_injuries_shared_out_among_two_sites_told_before(extract):
    x = extract("A drone struck Camp Taji on Monday. Another drone hit Harir air base the same day.\n\n"
                "In the two attacks, four soldiers at Taji and one at Harir were treated for concussions.",
                published="2022-07-05")
    sites = _by_site(x)
    assert _figures(sites["Camp Taji"]) == [("injured", 4)]
    assert _figures(sites["Harir Air Base"]) == [("injured", 1)]


def test_a_named_person_and_others_killed(extract):
    x = extract("On Tuesday a US drone strike on a vehicle in Baghdad killed Abu Hussein al-Tamimi, a senior militia "
                "commander, and three other men, officials said.", published="2022-07-06")
    strike = next(m for m in x.mentions if m.kind == "strike")
    assert _figures(strike) == [("killed", 4)]
    x = extract("The commander was killed on Tuesday along with his deputy Ali Karim and two other people when a US "
                "drone struck their car near Baghdad.", published="2022-07-06")
    strike = next(m for m in x.mentions if m.kind == "strike")
    assert _figures(strike) == [("killed", 4)]


def test_casualties_of_a_strike_killed_and_wounded_in_one_clause(extract):
    x = extract("US jets struck two militia depots in Babil province on Friday. Iraqi officials said the strikes "
                "killed one member of the security forces and wounded 11 people, including civilians.",
                published="2022-07-09")
    strike = next(m for m in x.mentions if m.kind == "strike")
    assert _figures(strike) == [("injured", 11), ("killed", 1)]


def test_service_members_had_suffered_brain_injuries(extract):
    x = extract("Missiles hit Ain al-Asad air base on Wednesday. Officials later said 64 service members had "
                "suffered traumatic brain injuries.", published="2022-07-08")
    assert _figures(_attacks(x)[0]) == [("injured", 64)]


def test_a_medic_counts_among_the_dead(extract):
    x = extract("Rockets struck Camp Taji on Tuesday, killing two soldiers and a medic.", published="2022-07-08")
    assert _figures(_attacks(x)[0]) == [("killed", 3)]


def test_rockets_fired_count_though_a_truck_with_launchers_was_found(extract):
    x = extract("Rockets hit Camp Taji on Friday. Officials said 21 rockets were fired from farmland north of the "
                "base, and that police had found a truck fitted with launchers nearby.", published="2022-07-09")
    assert [(w.weapon, w.count) for w in _attacks(x)[0].weapons] == [("rocket", 21)]


def test_an_incident_that_began_a_trend_is_history(extract):
    x = extract("Drone attacks on bases hosting US troops have become common since early last year, when a "
                "contractor was killed in an attack on a base near Mosul.")
    assert _attacks(x) == []


def test_on_that_date_and_the_following_day_count_from_the_date_just_named(extract):
    x = extract("The strikes answered attacks on US troops since March 3, including the rocket attack on Camp Taji "
                "on that date and the drone attack on Harir air base the following day.")
    sites = _by_site(x)
    assert "March 3" in sites["Camp Taji"].date.phrase
    assert "March 4" in sites["Harir Air Base"].date.phrase
    x = extract("The strikes answered attacks on US troops since March 3, including the rocket attack on Camp Taji "
                "on that date and the drone attack on Harir air base the following day.", published="2022-03-10")
    sites = _by_site(x)
    assert (sites["Camp Taji"].date.value, sites["Harir Air Base"].date.value) == ("2022-03-03", "2022-03-04")


def test_a_response_to_several_named_attacks_links_each(extract):
    x = extract("US forces struck a militia depot near Albu Kamal on Sunday in response to the attacks on their "
                "troops this month, including the rocket attack on Camp Taji on May 2 and the drone attack on "
                "Harir air base on May 4.", published="2022-05-09")
    strike = next(m for m in x.mentions if m.kind == "strike")
    sites = _by_site(x)
    assert sorted(r.target for r in strike.responds_to) == sorted(
        [sites["Camp Taji"].mention_id, sites["Harir Air Base"].mention_id])


def test_a_time_span_after_the_strikes_says_when_not_why(extract):
    x = extract("US jets struck militia depots near Albu Kamal on Wednesday.\n\n"
                "Rockets hit Ain al-Asad air base on Friday, which came two days after the US strikes.",
                published="2022-05-09")
    assert all(m.responds_to == () for m in x.mentions)
    x = extract("US jets struck militia depots near Albu Kamal on Wednesday.\n\n"
                "Attacks on US troops have intensified following the US strikes. Rockets hit Ain al-Asad air base "
                "on Friday.", published="2022-05-09")
    strike = next(m for m in x.mentions if m.kind == "strike")
    assert [r.target for r in _attacks(x)[0].responds_to] == [strike.mention_id]


def test_a_group_claiming_the_strikes_claims_every_site_of_the_salvo(extract):
    x = extract("Missiles hit Ain al-Asad air base and the coalition base at Erbil airport early on Monday.\n\n"
                "The Revolutionary Guards claimed the strikes in a statement read on state television.",
                published="2022-05-09")
    assert [sorted(c.claimant.label for c in m.claims) for m in _attacks(x)] == [["Islamic Revolutionary Guard Corps"]] * 2


def test_a_strike_on_many_targets_retaliating_for_a_dated_attack(extract):
    x = extract("US forces struck 85 targets in Iraq and Syria on Friday, retaliating for the January 28 drone attack "
                "that killed three soldiers.", published="2024-02-03")
    strike = next(m for m in x.mentions if m.kind == "strike")
    attack = next(m for m in x.mentions if m.kind == "attack")
    assert attack.date.value == "2024-01-28" and [r.target for r in strike.responds_to] == [attack.mention_id]


def test_the_killing_of_american_soldiers_names_an_attack_to_answer(extract):
    x = extract("US forces struck 85 targets in Iraq and Syria on Friday in response to the killing of three American "
                "soldiers at a base in Jordan.", published="2024-02-03")
    strike = next(m for m in x.mentions if m.kind == "strike")
    attack = next(m for m in x.mentions if m.kind == "attack")
    assert attack.country.label == "Jordan" and _figures(attack) == [("killed", 3)]
    assert [r.target for r in strike.responds_to] == [attack.mention_id]
