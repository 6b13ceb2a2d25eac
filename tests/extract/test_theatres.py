"""FORMAT.md's scope has no geographic limit: an attack is on US or coalition forces, bases,
diplomatic sites or their partners, a strike is by the US or the coalition against an armed group,
wherever they happen. These tests hold the rules for who is attacked and who strikes, and the
report forms of other theatres (sentences written for these tests, not taken from any corpus)."""

from __future__ import annotations


def _kind(x, kind):
    return [m for m in x.mentions if m.kind == kind and not m.background]


def _weapons(m):
    return [(w.weapon, w.count) for w in m.weapons]


def _figures(m):
    return sorted((f.figure, f.value) for f in m.figures)


# ---------------------------------------------------------------- who is attacked


def test_missiles_fired_at_a_named_us_warship_are_an_attack_at_sea(extract):
    x = extract("Houthi forces fired two anti-ship ballistic missiles at the destroyer USS Mason in the Gulf of "
                "Aden on Tuesday. Both were intercepted.", published="2024-02-14")
    (m,) = _kind(x, "attack")
    assert (m.date.value, m.facility, m.place.label, m.country) == ("2024-02-13", None, "Gulf of Aden", None)
    assert _weapons(m) == [("missile", 2)]


def test_a_warship_that_shoots_down_missiles_is_not_said_to_be_their_target(extract):
    x = extract("A US destroyer in the Gulf of Aden shot down four drones launched by the Houthis in Yemen on "
                "Monday, the Pentagon said.", published="2024-02-13")
    assert _kind(x, "attack") == []


def test_attacks_on_merchant_ships_and_on_israel_are_not_attacks_on_the_coalition(extract):
    x = extract("Houthi missiles struck a Marshall Islands-flagged bulk carrier in the Gulf of Aden on Monday, "
                "setting it on fire.", published="2024-02-13")
    assert _kind(x, "attack") == []
    x = extract("Militants in Yemen fired a drone at Eilat on Tuesday; it was intercepted over the sea.",
                published="2024-02-14")
    assert _kind(x, "attack") == []
    x = extract("The group said it had launched a ballistic missile at southern Israel on Friday.",
                published="2024-02-17")
    assert _kind(x, "attack") == []


def test_a_third_states_strike_is_neither_a_us_strike_nor_an_attack_on_us_forces(extract):
    x = extract("A Turkish drone strike near Sinjar on Sunday killed three fighters, local officials said, "
                "and accused Ankara of the attack.", published="2024-02-12")
    assert _kind(x, "attack") == [] and _kind(x, "strike") == []


def test_an_attack_without_a_named_target_counts_only_where_the_coalition_has_sites(extract):
    # Iraq: a report need not say whose base the rockets hit
    x = extract("Three rockets hit a military base in Anbar province on Monday.", published="2024-02-13")
    assert len(_kind(x, "attack")) == 1
    # Chad: no coalition site there, and no US target named
    x = extract("Gunmen attacked an army post near the border in eastern Chad on Monday, killing four soldiers.",
                published="2024-02-13")
    assert _kind(x, "attack") == []
    # ... but naming US troops as the target makes it one, anywhere
    x = extract("Gunmen opened fire on US special forces soldiers near the border in eastern Chad on Monday, "
                "wounding two.", published="2024-02-13")
    (m,) = _kind(x, "attack")
    assert m.country.label == "Chad" and _figures(m) == [("injured", 2)]


def test_attacks_on_us_sites_in_other_theatres(extract):
    x = extract("Two rockets landed inside Bagram Airfield on Tuesday night, causing no casualties.",
                published="2020-04-08")
    (m,) = _kind(x, "attack")
    assert (m.facility.label, m.place.label, m.country.label) == ("Bagram Airfield", "Parwan", "Afghanistan")
    x = extract("Al-Shabaab fighters stormed the Manda Bay airfield on Sunday, killing three Americans.",
                published="2020-01-06")
    (m,) = _kind(x, "attack")
    assert (m.facility.label, m.country.label) == ("Manda Bay Airfield", "Kenya")
    assert _figures(m) == [("killed", 3)]


def test_us_strikes_in_other_theatres(extract):
    x = extract("US Africa Command said it carried out an airstrike against al-Shabaab near Kismayo on Sunday, "
                "killing two militants.", published="2024-03-11")
    (m,) = _kind(x, "strike")
    assert (m.perpetrator.label, m.place.label, m.country.label) == ("United States", "Kismayo", "Somalia")
    assert _figures(m) == [("killed", 2)]
    x = extract("The United States said Monday it had killed a senior ISIS-K planner in a drone strike in "
                "eastern Afghanistan late on Sunday.", published="2022-06-13")
    (m,) = _kind(x, "strike")
    assert (m.perpetrator.label, m.date.value, m.country.label) == ("United States", "2022-06-12", "Afghanistan")
    assert _weapons(m) == [("drone", None)]


def test_a_saudi_led_coalition_strike_is_not_the_us_led_coalitions():
    from kg.gazetteer import load_gazetteer
    gaz = load_gazetteer()
    assert gaz.lookup("Saudi-led coalition").key == "actor/saudi-led-coalition"
    assert gaz.lookup("coalition").key == "actor/us-led-coalition"


def test_a_named_warship_ties_the_reports_of_one_attack_together(extract):
    x = extract("12:10 - The Houthis say they attacked the USS Eisenhower; a US official says only drones were "
                "used.\n\n"
                "09:30 - Yahya Saree says the group's forces targeted the aircraft carrier USS Eisenhower in the "
                "northern Red Sea with six missiles and a drone.\n\n"
                "08:00 - Welcome to our live coverage.", published="2024-05-31")
    (m,) = _kind(x, "attack")
    assert m.date.value == "2024-05-31"       # an entry of a live report: the day it was written
    assert {w.weapon for w in m.weapons} == {"drone", "missile"}


# ---------------------------------------------------------------- forms of report


def test_a_suicide_bombing_is_an_attack_with_an_explosive(extract):
    x = extract("A suicide bombing at the gate of Camp Chapman on Monday killed five American contractors and "
                "at least 12 Afghans.", published="2019-03-05")
    (m,) = _kind(x, "attack")
    assert m.facility.label == "Camp Chapman" and _weapons(m) == [("ied", 1)]
    assert _figures(m) == [("killed", 17)]
    x = extract("A bomber blew himself up outside Bagram Airfield on Monday, wounding two US soldiers.",
                published="2019-03-05")
    assert _kind(x, "attack")[0].facility.label == "Bagram Airfield"


def test_a_year_before_the_incident_noun_dates_it(extract):
    x = extract("The raid was the deadliest since a 2016 suicide bombing at Bagram Airfield killed four "
                "Americans.", published="2021-06-10")
    old = [m for m in x.mentions if m.kind == "attack"]
    assert [(m.date.value, m.background) for m in old] == [("2016", True)]
    assert [(w.weapon, w.count) for w in old[0].weapons] == [("ied", None)]    # "2016" is no count


def test_the_date_joined_to_an_incident_noun_is_that_incidents(extract):
    x = extract("Prosecutors say he helped plan the 2019 suicide bombing at Bagram Airfield; he appeared in court "
                "on Wednesday.", published="2023-05-11")
    assert [(m.date.value, m.background) for m in x.mentions if m.kind == "attack"] == [("2019", True)]


def test_a_date_of_speaking_does_not_date_the_incident_the_sentence_names(extract):
    x = extract("The Pentagon said Saturday it had killed two militants in a drone strike in Somalia, its first "
                "response to the car bombing at Baledogle Airfield.\n\n"
                "Officials said the men had helped plan Thursday's attack.", published="2024-03-02")
    (attack,) = _kind(x, "attack")
    assert attack.facility.label == "Baledogle Airfield" and attack.date.value == "2024-02-29"


def test_a_date_naming_the_answered_incident_does_not_date_the_answer(extract):
    x = extract("US jets struck a radar site in Yemen on Friday. The Houthis fired drones at US warships on "
                "Saturday.\n\n"
                "Two days later, American aircraft struck 30 targets across Yemen, a response, officials said, "
                "to Saturday's barrage.", published="2024-03-20")
    strikes = sorted(m.date.value for m in _kind(x, "strike"))
    assert strikes == ["2024-03-15", "2024-03-18"]
    answer = next(m for m in _kind(x, "strike") if m.date.value == "2024-03-18")
    assert answer.responds_to


def test_counts_and_tolls_in_other_words(extract):
    def figures(text, kind="strike"):
        return _figures(_kind(extract(text, published="2024-03-20"), kind)[0])
    assert figures("US jets struck Houthi targets on Tuesday. The rebels said 12 members of one family, "
                   "including four children, were killed in Tuesday's strikes.") == [("killed", 12)]
    assert figures("US jets struck Houthi targets on Tuesday. The ministry said 40 people, among them six "
                   "women and two children, were killed in the strikes.") == [("killed", 40)]
    assert figures("Our main developments: the death toll from Tuesday's US strikes has risen to 40; the "
                   "Houthis say they fired drones at the USS Carney.") == [("killed", 40)]
    assert figures("The group fired six drones at a US destroyer on Tuesday, and the barrage caused no damage "
                   "or casualties.", "attack") == [("injured", 0), ("killed", 0)]


def test_counts_of_one_weapon_listed_side_by_side_add_up(extract):
    x = extract("On Tuesday the group launched 12 drones, two cruise missiles and a ballistic missile at US "
                "warships.", published="2024-03-20")
    assert _weapons(_kind(x, "attack")[0]) == [("drone", 12), ("missile", 3)]


def test_one_of_the_rockets_told_before_is_no_count(extract):
    x = extract("A barrage of rockets hit the K-1 base on Friday. A depot caught fire after one rocket struck it.",
                published="2019-12-28")
    assert _weapons(_kind(x, "attack")[0]) == [("rocket", None)]


def test_the_name_given_to_a_site_told_by_its_kind(extract):
    x = extract("Rockets hit an Iraqi military base in Kirkuk province on Friday, killing a contractor.\n\n"
                "The base, known as K-1, hosts coalition advisers.", published="2019-12-28")
    assert _kind(x, "attack")[0].facility.label == "K-1 Air Base"


def test_a_campaign_or_a_habit_of_strikes_is_no_strike(extract):
    x = extract("The new American bombing campaign in Yemen is the third in a year.", published="2025-03-24")
    assert _kind(x, "strike") == []
    x = extract("Rocket fire and American airstrikes have tended to follow each other for years.",
                published="2025-03-24")
    assert _kind(x, "strike") == []


def test_what_a_strike_hit_and_what_fell_from_the_air_are_the_strikes(extract):
    x = extract("US jets struck militia depots in Iraq on Thursday.\n\n"
                "One of the sites hit was near Jurf al-Sakhar, officials said.\n\n"
                "Workers were loading trucks when the first bombs fell.", published="2020-03-13")
    assert _kind(x, "attack") == [] and len(_kind(x, "strike")) == 1


def test_a_strike_is_placed_where_it_hit_not_where_the_attack_it_answers_was(extract):
    x = extract("US jets bombed militia depots near Albu Kamal on Sunday. The strikes followed Friday's barrage "
                "on Camp Taji near Baghdad.", published="2019-12-30")
    (strike,) = _kind(x, "strike")
    assert strike.place.label == "Albu Kamal"


def test_the_doers_told_as_the_group_are_blamed(extract):
    x = extract("The Houthis began their campaign in November. On Jan. 9, 2024, the group launched 18 drones at "
                "US warships, causing no damage.", published="2024-01-20")
    assert [a.group.label for a in _kind(x, "attack")[0].attributions] == ["Houthis"]


def test_a_state_force_saying_its_unit_fired_claims_the_attack(extract):
    x = extract("Missiles hit Ain al-Asad air base early on Wednesday. Iran's Revolutionary Guards said in a "
                "statement that its aerospace force had launched the missiles.", published="2020-01-08")
    assert [c.claimant.label for c in _kind(x, "attack")[0].claims] == ["Islamic Revolutionary Guard Corps"]
    x = extract("Rockets hit Camp Taji on Monday. The US military said it had struck the launch site.",
                published="2020-01-08")
    assert _kind(x, "attack")[0].claims == ()


def test_a_history_told_in_full_is_reported_not_named_in_passing(extract):
    x = extract("The confrontation began long ago. On Jan. 9, 2024, the group launched 18 drones and three "
                "missiles at US warships; all were shot down and no one was hurt.\n\n"
                "Rockets hit Ain al-Asad air base in 2020.", published="2025-03-24")
    attacks = [m for m in x.mentions if m.kind == "attack"]
    told = {m.date.value: m.background for m in attacks}
    assert told == {"2024-01-09": False, "2020": True}


def test_a_site_in_a_clause_of_its_own_is_not_what_the_attack_hit(extract):
    x = extract("Two drones targeted Camp Victory late on Sunday.\n\n"
                "A source said the attack caused no human or material losses, and that police searched the orchards surrounding "
                "the airport.", published="2023-11-20")
    (m,) = _kind(x, "attack")
    assert m.facility.label == "Camp Victory" and _figures(m) == [("injured", 0), ("killed", 0)]


def test_rockets_that_came_down_near_a_second_site(extract):
    x = extract("Rockets landed inside the Conoco gas field on Wednesday, while others came down near a second "
                "site known as Green Village.", published="2022-08-25")
    assert sorted(m.facility.label for m in _kind(x, "attack")) == ["Al-Omar Oil Field", "Conoco Gas Field"]


def test_a_promise_to_keep_striking_is_no_strike_and_prices_falling_back_no_impact(extract):
    x = extract("US jets pounded rebel-held areas of Yemen with airstrikes on Saturday, as the president promised "
                "to keep hitting the group until it stops attacking ships in the Red Sea.", published="2025-03-16")
    (m,) = _kind(x, "strike")
    assert m.country.label == "Yemen" and m.place is None
    x = extract("Missiles hit Ain al-Asad air base on Wednesday.\n\nOil prices jumped after news of the missile "
                "launches, before falling back.", published="2020-01-08")
    assert len(_kind(x, "attack")) == 1


# ---------------------------------------------------------------- blame, claims and casualty wording


def test_an_answer_to_recent_attacks_in_particular_one_links_that_one(extract):
    x = extract("US jets struck militia buildings in eastern Syria on Thursday.\n\n"
                "He said the operation answered recent attacks on American personnel in Iraq, in particular the "
                "Feb. 15 rocket attack on Erbil airport that killed a contractor.", published="2021-02-26")
    (strike,), (attack,) = _kind(x, "strike"), _kind(x, "attack")
    assert [r.target for r in strike.responds_to] == [attack.mention_id]


def test_a_reply_and_a_crime_named_by_the_group_are_responses(extract):
    x = extract("US jets bombed depots of the militia on Thursday night.\n\n"
                "Rockets hit Camp Taji on Saturday. Analysts saw it as a reply to US air raids on Thursday night.",
                published="2020-03-15")
    (strike,), (attack,) = _kind(x, "strike"), _kind(x, "attack")
    assert [r.target for r in attack.responds_to] == [strike.mention_id]
    x = extract("US jets struck a fuel port in Yemen on Thursday night, killing dozens.\n\n"
                "On Friday the group said it had launched drones at the USS Carney, saying the operation was "
                "\"in response to the crime committed by the American enemy\".", published="2025-04-19")
    (strike,), (attack,) = _kind(x, "strike"), _kind(x, "attack")
    assert [r.target for r in attack.responds_to] == [strike.mention_id]
    assert [c.claimant.label for c in attack.claims] == []      # "the group" names no group yet


def test_it_claimed_one_and_also_took_responsibility_for_another(extract):
    x = extract("Drones hit Ain al-Asad air base and al-Tanf on Oct. 18.\n\n"
                "The Islamic Resistance in Iraq is an umbrella of militias. It claimed the Ain al-Asad attack on the "
                "day it happened, and in a later post also took responsibility for the al-Tanf attack.",
                published="2023-10-27")
    claims = {m.facility.label: [c.claimant.label for c in m.claims] for m in _kind(x, "attack")}
    assert claims == {"Ain al-Asad Air Base": ["Islamic Resistance in Iraq"],
                      "Al-Tanf Garrison": ["Islamic Resistance in Iraq"]}


def test_sites_listed_with_a_clause_between_them_and_a_figure_for_both(extract):
    x = extract("Among the incidents cited were the Oct. 18 drone attacks on the al-Tanf garrison, where two "
                "drones were launched at the base, and on Ain al-Asad air base, which three drones targeted the "
                "same day. Twenty-one personnel suffered minor injuries in those two attacks.",
                published="2023-10-27")
    told = {m.facility.label: (_weapons(m), _figures(m)) for m in _kind(x, "attack")}
    assert told == {"Al-Tanf Garrison": ([("drone", 2)], []), "Ain al-Asad Air Base": ([("drone", 3)], [])}


def test_a_strike_on_a_named_port_and_its_revised_toll(extract):
    x = extract("US strikes on Yemen's Ras Isa fuel port on Thursday night killed 38 people.\n\n"
                "The number of people killed by the strikes on the port has risen to 74, with 171 wounded, the "
                "ministry said.", published="2025-04-19")
    (m,) = _kind(x, "strike")
    assert (m.facility.label, m.facility.iri, m.country.label) == ("Ras Isa Port", None, "Yemen")
    assert ("killed", 74) in _figures(m) and ("injured", 171) in _figures(m)


def test_what_a_group_has_kept_doing_is_no_one_attack(extract):
    x = extract("The Houthis have responded by firing missiles and drones at US warships in the Red Sea, though "
                "officials say none of their attacks have caused damage.", published="2025-04-19")
    assert _kind(x, "attack") == []


def test_a_us_drone_firing_missiles_at_a_convoy_is_a_us_strike_at_the_named_airport(extract):
    x = extract("The general was killed last Friday when a U.S. drone fired missiles at his convoy as it left "
                "Baghdad's international airport.", published="2020-01-08")
    (m,) = _kind(x, "strike")
    assert (m.perpetrator.label, m.date.value, m.facility.label) == \
        ("United States", "2020-01-03", "Baghdad International Airport")
    assert _kind(x, "attack") == []


def test_a_bomb_that_went_off_outside_a_base_hit_it(extract):
    x = extract("A car bomb exploded outside Bagram Airfield on Monday, wounding two US soldiers.",
                published="2019-03-05")
    assert _kind(x, "attack")[0].facility.label == "Bagram Airfield"
    x = extract("Rockets fired from outside Bagram Airfield hit Kabul on Monday.", published="2019-03-05")
    assert all(m.facility is None for m in _kind(x, "attack"))


def test_a_site_the_reference_data_lacks_in_a_third_country_is_not_a_coalition_site(extract):
    x = extract("The spokesman also said the group had fired a ballistic missile at Israel's Ben Gurion airport "
                "on Friday.", published="2025-04-19")
    assert _kind(x, "attack") == []


def test_rockets_told_after_the_strike_that_answered_them_are_the_attacks(extract):
    x = extract("Rockets hit Camp Taji on Wednesday, killing two soldiers.\n\n"
                "US jets struck militia depots on Thursday.\n\n"
                "Eighteen rockets were fired from a truck parked a few kilometres away, police said.",
                published="2020-03-13")
    (attack,) = _kind(x, "attack")
    assert attack.facility.label == "Camp Taji" and _weapons(attack) == [("rocket", 18)]


def test_missiles_that_came_down_were_not_shot_down(extract):
    x = extract("Twelve missiles came down at Ain al-Asad air base early on Wednesday.", published="2020-01-08")
    (m,) = _kind(x, "attack")
    assert [(w.weapon, w.count, w.intercepted) for w in m.weapons] == [("missile", 12, None)]
