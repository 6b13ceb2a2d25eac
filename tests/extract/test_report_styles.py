"""Phrasings of real reporting that the rules must generalise to (sentences written for these tests)."""

from __future__ import annotations


def _kinds(x):
    return [(m.kind, m.facility.label if m.facility else None) for m in x.mentions if not m.background]


def _one(x, kind):
    found = [m for m in x.mentions if m.kind == kind and not m.background]
    assert len(found) == 1, _kinds(x)
    return found[0]


def test_a_response_cue_naming_the_attack_links_the_strike_told_before(extract):
    x = extract("Today, U.S. forces struck militia targets at several locations in Iraq. "
                "The action was taken in response to the May 3 rocket attack on Camp Taji, which wounded four soldiers.",
                published="2022-05-05")
    strike, attack = _one(x, "strike"), _one(x, "attack")
    assert attack.facility.label == "Camp Taji" and attack.date.value == "2022-05-03"
    assert [r.target for r in strike.responds_to] == [attack.mention_id]
    assert attack.responds_to == ()


def test_our_response_to_and_strikes_back_are_response_cues(extract):
    x = extract("U.S. aircraft carried out airstrikes against militia depots in Syria on Friday. "
                "These strikes are our response to the attack on Tower 22 on May 1.", published="2022-05-07")
    strike, attack = _one(x, "strike"), _one(x, "attack")
    assert [r.target for r in strike.responds_to] == [attack.mention_id]


def test_a_summary_sentence_in_revenge_for_a_strike_links_the_attacks_told_next(extract):
    x = extract("The group fired rockets at two bases hosting US troops early Tuesday, in what it said was revenge "
                "for the American air strike that killed its commander in Baghdad last week.\n\n"
                "Officials said 9 rockets were fired at Ain al-Asad air base in Anbar.\n\n"
                "The commander was killed on Thursday when a US drone struck his car as it left Baghdad international airport.",
                published="2022-03-08")
    strike = _one(x, "strike")
    assert strike.date.value == "2022-03-03"          # the date of the opening clause is not the strike's
    assert strike.facility.label == "Baghdad International Airport"
    attack = _one(x, "attack")
    assert [r.target for r in attack.responds_to] == [strike.mention_id]


def test_missile_strikes_of_the_attackers_are_not_a_us_strike_to_answer(extract):
    x = extract("Rockets hit Ain al-Asad air base on Monday. "
                "Hours after the missile strikes, a plane crashed near Tehran.", published="2022-03-08")
    assert all(m.responds_to == () for m in x.mentions)


def test_a_place_then_a_site_in_it_is_one_incident(extract):
    x = extract("A barrage of rockets fired at Erbil on Monday night wounded three contractors, the coalition said. "
                "A spokesman said 11 rockets were launched and that two of them landed inside the compound at "
                "Erbil International Airport.", published="2022-03-08")
    m = _one(x, "attack")
    assert m.facility.label == "Erbil International Airport"
    assert [(w.weapon, w.count) for w in m.weapons] == [("rocket", 11)]


def test_casualty_descriptions_with_abbreviations_and_two_groups(extract):
    m = _one(extract("Rockets struck Camp Taji on Tuesday, and four U.S. service members were wounded.",
                     published="2022-03-08"), "attack")
    assert [(f.figure, f.value) for f in m.figures] == [("injured", 4)]
    m = _one(extract("A rocket attack on Camp Taji on Tuesday killed two U.S. soldiers and one British soldier.",
                     published="2022-03-08"), "attack")
    assert [(f.figure, f.value) for f in m.figures] == [("killed", 3)]


def test_a_noun_modifying_another_is_not_an_incident(extract):
    x = extract("The general, head of the Guards' foreign operations arm, was killed on Friday when a US drone "
                "struck his car as it left Baghdad international airport.", published="2022-03-08")
    assert _kinds(x) == [("strike", "Baghdad International Airport")]
    assert [w.weapon for w in x.mentions[0].weapons] == ["drone"]


def test_neither_damage_nor_casualties_is_zero(extract):
    m = _one(extract("A drone was downed over Harir air base on Tuesday, causing neither damage nor casualties.",
                     published="2022-03-08"), "attack")
    assert sorted((f.figure, f.value) for f in m.figures) == [("injured", 0), ("killed", 0)]


def test_leaving_people_with_injuries_is_injured_not_killed(extract):
    m = _one(extract("Rockets hit Camp Taji on Tuesday, leaving three contractors with minor injuries.",
                     published="2022-03-08"), "attack")
    assert [(f.figure, f.value) for f in m.figures] == [("injured", 3)]


def test_fighters_killed_belong_to_the_strike_not_the_attack_it_answers(extract):
    x = extract("US jets struck militia buildings in eastern Syria on Thursday. "
                "They were carried out in response to the March 1 rocket attack on Erbil International Airport, "
                "which wounded two contractors. A war monitor said 17 fighters were killed.", published="2022-03-05")
    strike, attack = _one(x, "strike"), _one(x, "attack")
    assert [(f.figure, f.value) for f in strike.figures] == [("killed", 17)]
    assert [(f.figure, f.value) for f in attack.figures] == [("injured", 2)]


def test_the_dateline_names_where_the_report_was_filed_not_the_incident(extract):
    x = extract("BEIRUT/WASHINGTON, Mar 9 (Reuters) - Two soldiers were wounded when rockets hit a base "
                "in eastern Syria on Tuesday, officials said.", published="2022-03-09")
    m = _one(x, "attack")
    assert m.date.value == "2022-03-08"
    assert m.place is None or m.place.label != "Beirut"


def test_a_headline_strike_is_the_strike_the_body_tells(extract):
    x = extract("Statement on Strikes Against Militia Targets in Syria\n\n"
                "On March 4, U.S. forces carried out airstrikes against three facilities in eastern Syria.",
                published="2022-03-04")
    assert len([m for m in x.mentions if m.kind == "strike"]) == 1


def test_a_relative_clause_and_suspect_are_blame(extract):
    m = _one(extract("Rockets hit Ain al-Asad air base on Monday. Kataib Hezbollah, which carried out that attack, "
                     "has a long record of violence.", published="2022-03-08"), "attack")
    assert [a.group.label for a in m.attributions] == ["Kata'ib Hezbollah"]
    m = _one(extract("Rockets hit Ain al-Asad air base on Monday. US officials suspect Kataib Hezbollah.",
                     published="2022-03-08"), "attack")
    assert [(a.group.label, a.attributed_by) for a in m.attributions] == [("Kata'ib Hezbollah", "US officials")]


def test_those_two_attacks_are_incidents_told_before(extract):
    x = extract("Drones hit Ain al-Asad air base on Monday and al-Tanf garrison on Tuesday. "
                "In those two attacks, 12 service members at al-Tanf and three at Ain al-Asad suffered minor injuries.",
                published="2022-03-09")
    assert sorted(m.facility.label for m in x.mentions) == ["Ain al-Asad Air Base", "Al-Tanf Garrison"]


def test_an_undated_report_tells_one_strike_operation(extract):
    x = extract("Officials on Saturday put the death toll from the overnight American air raids in the west at 16.\n\n"
                "A spokesman said 20 people were wounded when US aircraft struck sites near al-Qaim late Friday.")
    assert len([m for m in x.mentions if m.kind == "strike"]) == 1


def test_of_that_year_and_a_month_just_named_give_the_year(extract):
    x = extract("The pattern was set in the last days of 2019. On December 27 of that year, more than 30 rockets "
                "hit the K-1 base near Kirkuk.", published="2024-02-12")
    assert [m.date.value for m in x.mentions] == ["2019-12-27"]
    x = extract("The next test came in March 2020 at Camp Taji. On March 11, a salvo of rockets hit the base, "
                "killing two soldiers.", published="2024-02-12")
    assert len(x.mentions) == 1
    m = x.mentions[0]
    assert m.date.value == "2020-03-11" and m.facility.label == "Camp Taji"


def test_answered_the_following_day_with_strikes_dates_and_links_the_strike(extract):
    x = extract("On May 11, rockets hit Camp Taji, killing two soldiers; the US answered the following day with "
                "strikes on Kataib Hezbollah depots.", published="2022-05-13")
    strike, attack = _one(x, "strike"), _one(x, "attack")
    assert strike.date.value == "2022-05-12" and attack.date.value == "2022-05-11"
    assert [r.target for r in strike.responds_to] == [attack.mention_id] and attack.responds_to == ()


def test_a_president_as_the_doer_of_strikes(extract):
    x = extract("Rockets struck Erbil airport on May 3. Biden responded ten days later with strikes on militia "
                "buildings near Abu Kamal.", published="2022-05-20")
    strike = _one(x, "strike")
    assert strike.responds_to and _one(x, "attack").responds_to == ()


def test_a_weapon_that_wounds_tells_an_attack(extract):
    m = _one(extract("On Monday, a drone wounded three US troops at Erbil air base.", published="2022-05-10"), "attack")
    assert m.facility.label == "Erbil International Airport"
    assert [(f.figure, f.value) for f in m.figures] == [("injured", 3)]


def test_the_attack_told_after_its_answer_is_still_that_attack(extract):
    x = extract("A drone struck Erbil air base early Monday, wounding three soldiers. Hours later, US aircraft struck "
                "three militia facilities. The attack was the latest in a string of drone and rocket attacks.",
                published="2022-05-10")
    m = _one(x, "attack")
    assert [w.weapon for w in m.weapons] == ["drone"]


def test_another_states_air_strike_is_not_an_incident(extract):
    x = extract("Hours earlier, an Israeli air strike on a building in Damascus killed five members of the Guards.",
                published="2024-01-21")
    assert x.mentions == ()


def test_aircraft_hitting_sites_after_a_strike_is_that_strike(extract):
    x = extract("Today, U.S. forces struck militia targets at several locations in Iraq. Aircraft hit five sites "
                "where the militia keeps the rockets it has used against U.S. personnel.", published="2022-03-12")
    assert [m.kind for m in x.mentions] == ["strike"]


def test_a_quoted_response_target_explained_by_a_reference_to(extract):
    x = extract("Early on Monday, the group said, it launched drones at the Euphrates base in Deir ez-Zor. "
                "The statement described the operation as a response to \"the American aggression\", a reference to "
                "US airstrikes on Sunday near Albu Kamal.", published="2023-10-30")
    strike, attack = _one(x, "strike"), _one(x, "attack")
    assert attack.facility.label == "Mission Support Site Euphrates"
    assert [r.target for r in attack.responds_to] == [strike.mention_id] and strike.responds_to == ()


def test_a_site_named_alone_then_its_attack(extract):
    x = extract("On May 2, rockets hit Ain al-Asad air base.\n\nThen came Camp Taji. The May 9 attack, which officials "
                "blamed on Kataib Hezbollah, killed two soldiers and wounded more than 12.", published="2022-05-20")
    taji = [m for m in x.mentions if m.facility and m.facility.label == "Camp Taji"]
    assert len(taji) == 1 and taji[0].date.value == "2022-05-09"
    assert sorted((f.figure, f.value) for f in taji[0].figures) == [("injured", 12), ("killed", 2)]


def test_a_response_to_the_killing_of_soldiers_links_the_attack_that_killed_them(extract):
    x = extract("The May 9 attack on Camp Taji killed two soldiers. On May 12, a US drone strike in Baghdad killed "
                "a militia commander; US Central Command said the strike was in response to the killing of the two soldiers.",
                published="2022-05-20")
    strike, attack = _one(x, "strike"), _one(x, "attack")
    assert [r.target for r in strike.responds_to] == [attack.mention_id]


def test_three_days_after_the_first_attack_a_second_one(extract):
    x = extract("On May 11, rockets hit Camp Taji, killing two soldiers; three days after the first attack a second "
                "barrage hit the same base.", published="2022-05-20")
    assert sorted(m.date.value for m in x.mentions) == ["2022-05-11", "2022-05-14"]


def test_an_answer_never_links_to_a_later_incident(extract):
    x = extract("US jets struck militia depots on May 12. Rockets hit Camp Taji on May 14, in retaliation for the strikes.",
                published="2022-05-20")
    strike, attack = _one(x, "strike"), _one(x, "attack")
    assert strike.responds_to == () and [r.target for r in attack.responds_to] == [strike.mention_id]


def test_a_claim_of_both_attacks_covers_both(extract):
    x = extract("Drones hit Ain al-Asad air base on Tuesday. Separately, two drones targeted al-Tanf garrison on "
                "Wednesday. The Islamic Resistance in Iraq has claimed both attacks in statements posted on Telegram.",
                published="2023-10-19")
    assert [[c.claimant.label for c in m.claims] for m in x.mentions] == [["Islamic Resistance in Iraq"]] * 2


def test_blamed_on_names_the_blamed_after_the_cue(extract):
    x = extract("Rockets hit Ain al-Asad air base on Monday. Tensions rose after the killing of a Hezbollah commander "
                "in Beirut last week, blamed on Israel.", published="2024-08-10")
    assert all(m.attributions == () for m in x.mentions)


def test_an_incident_told_as_the_time_reference_of_another_is_its_own(extract):
    x = extract("A rocket attack struck Camp Taji on Saturday, wounding three soldiers.\n\n"
                "Saturday's attack came three days after a barrage on the same base on Wednesday killed two soldiers.",
                published="2020-03-15")
    dates = sorted((m.date.value, tuple((f.figure, f.value) for f in m.figures)) for m in x.mentions)
    assert dates == [("2020-03-11", (("killed", 2),)), ("2020-03-14", (("injured", 3),))]


def test_a_possessive_date_dates_the_noun_after_it(extract):
    x = extract("Rockets hit Camp Taji on Wednesday. US officials blamed Kataib Hezbollah for Wednesday's attack, "
                "and on Thursday US aircraft struck five weapons depots belonging to the group.", published="2020-03-14")
    assert _one(x, "strike").date.value == "2020-03-12"


def test_a_claim_of_both_attacks_covers_only_the_two_told_last(extract):
    x = extract("Explosions were heard at the Conoco gas field on Thursday after a drone attack. "
                "Drones hit Ain al-Asad air base on Tuesday. Separately, two drones targeted al-Tanf garrison on "
                "Wednesday. The Islamic Resistance in Iraq has claimed both attacks.", published="2023-10-19")
    claimed = sorted(m.facility.label for m in x.mentions if m.claims)
    assert claimed == ["Ain al-Asad Air Base", "Al-Tanf Garrison"]


def test_two_dozen_is_a_number_and_a_speaker_country_is_no_new_place(extract):
    m = _one(extract("A rocket attack struck Camp Taji north of Baghdad on Saturday.\n\n"
                     "Iraq's military said 33 Katyusha rockets were fired in two salvos from an area north of the base.",
                     published="2020-03-15"), "attack")
    assert [(w.weapon, w.count) for w in m.weapons] == [("rocket", 33)]
    m = _one(extract("More than two dozen rockets struck Camp Taji on Saturday.", published="2020-03-15"), "attack")
    assert [(w.weapon, w.count) for w in m.weapons] == [("rocket", 24)]
