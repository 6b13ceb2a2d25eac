"""What is not an incident to record (drills, foiled plots, generic statements, other theatres) and
what still is, in the words of real reports (sentences written for these tests)."""

from __future__ import annotations


def _kind(x, kind):
    return [m for m in x.mentions if m.kind == kind and not m.background]


def _figures(m):
    return sorted((f.figure, f.value) for f in m.figures)


def test_target_drones_in_a_drill_are_not_an_attack_whatever_their_number(extract):
    x = extract("Crews at Harir air base practised counter-drone defence on Monday.\n\n"
                "Six target drones were launched over the base; five were brought down by the C-RAM system.",
                published="2024-05-14")
    assert _kind(x, "attack") == []


def test_launchers_primed_to_fire_at_a_base_are_a_foiled_plot(extract):
    x = extract("Police said on Monday they had found two rocket launchers primed to fire at Camp Taji, and arrested "
                "a man suspected of setting them up.", published="2023-12-05")
    assert _kind(x, "attack") == []


def test_an_attack_on_another_countrys_base_elsewhere_is_out_of_scope(extract):
    x = extract("Militants said on Friday they had overrun an army base in northern Mali, in one of the deadliest "
                "attacks on the country's troops in years.", published="2024-06-14")
    assert _kind(x, "attack") == []


def test_what_a_militia_does_every_few_weeks_is_no_one_incident(extract):
    x = extract("A militia launches drones or rockets at an American base in Iraq or Syria, and Washington "
                "announces a response.")
    assert _kind(x, "attack") == []


def test_the_day_a_source_revealed_it_is_not_the_day_of_the_attack(extract):
    x = extract("A security source revealed on Monday that the Harir base was targeted late Sunday by two drones.",
                published="2023-11-20")
    assert _kind(x, "attack")[0].date.value == "2023-11-19"


def test_claim_and_blame_in_the_words_of_translated_reports(extract):
    x = extract("Two drones targeted the Harir base late Sunday, a security source said. The attack caused no human "
                "or material losses.\n\n"
                "A statement on a Telegram channel affiliated with the Islamic Resistance in Iraq announced that its "
                "fighters had struck the base with two drones.\n\n"
                "A Pentagon official said the attack \"bore the hallmarks\" of Kata'ib Hezbollah.", published="2023-11-20")
    (attack,) = _kind(x, "attack")
    assert [c.claimant.label for c in attack.claims] == ["Islamic Resistance in Iraq"]
    assert [a.group.label for a in attack.attributions] == ["Kata'ib Hezbollah"]
    assert _figures(attack) == [("injured", 0), ("killed", 0)]


def test_us_forces_responding_to_the_attacks_is_a_strike_and_a_revised_toll_replaces_the_first(extract):
    x = extract("Rockets hit the Conoco gas field and the al-Omar oil field on Wednesday.\n\n"
                "Two suspected militants were killed when U.S. forces responded to the rocket attacks on the Conoco "
                "gas field and the al-Omar oil field. Following a further assessment, the command now assesses that "
                "four militants were killed in the engagement.", published="2022-08-25")
    (strike,) = _kind(x, "strike")
    assert strike.facility is None
    assert _figures(strike) == [("killed", 4)]
    assert sorted(r.target for r in strike.responds_to) == sorted(m.mention_id for m in _kind(x, "attack"))


def test_a_strike_told_days_after_a_month_is_dated_by_that_month(extract):
    x = extract("In January 2020, days after a US drone strike in Baghdad killed an Iranian general, missiles hit "
                "Ain al-Asad air base.", published="2024-05-14")
    strike = next(m for m in x.mentions if m.kind == "strike")
    assert strike.date.value == "2020-01" and strike.background


def test_us_forces_saying_they_killed_militants_in_a_strike_tell_a_strike(extract):
    x = extract("A drone hit Harir air base on Sunday. The attack came a day after US forces said they had killed "
                "five militants in a strike on a launch site near Kirkuk.", published="2023-11-21")
    assert [_figures(m) for m in _kind(x, "strike")] == [[("killed", 5)]]
    assert [m.facility.label for m in _kind(x, "attack")] == ["Harir Air Base"]


def test_similar_attacks_a_day_before_at_another_site_are_another_incident(extract):
    x = extract("Three drones were shot down on Thursday as they approached Harir air base, a coalition official "
                "said, a day after similar attacks targeted Baghdad airport.\n\n"
                "\"The drones were engaged and destroyed,\" the official said.", published="2022-01-07")
    sites = {m.facility.label: m for m in _kind(x, "attack")}
    assert sites["Baghdad International Airport"].date.value == "2022-01-05"
    assert sites["Harir Air Base"].date.value == "2022-01-06"
    assert [(w.weapon, w.count) for w in sites["Harir Air Base"].weapons] == [("drone", 3)]


def test_an_explosion_from_a_fire_is_no_attack(extract):
    x = extract("An explosion was heard near Baghdad airport on Thursday, but security officials said it was caused by "
                "a fire at a fuel depot.", published="2023-11-10")
    assert _kind(x, "attack") == []


def test_similar_incidents_named_after_the_news_add_no_reported_attack(extract):
    x = extract("A drone attack targeted Harir air base on Thursday. It was the third attack on the base this month, "
                "after similar incidents on November 2 and November 5.", published="2023-11-10")
    attacks = _kind(x, "attack")
    assert [(m.facility.label, m.date.value) for m in attacks] == [("Harir Air Base", "2023-11-09")]
