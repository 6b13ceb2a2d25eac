"""Which incidents a claim, a denial of claim or a blame covers, and the phrasings that tell them
(sentences written for these tests, not taken from any corpus)."""

from __future__ import annotations


def _attacks(x):
    return [m for m in x.mentions if m.kind == "attack" and not m.background]


def _by_site(x):
    return {m.facility.label: m for m in _attacks(x) if m.facility is not None}


def _blamed(m):
    return sorted(a.group.label for a in m.attributions)


def _claimed(m):
    return sorted(c.claimant.label for c in m.claims)


def test_blame_for_an_incident_named_by_its_weekday_covers_that_one_only(extract):
    x = extract("Rockets struck Harir air base on Friday, wounding one contractor. "
                "Two days earlier a drone had hit Camp Taji on Wednesday.\n\n"
                "Officials blamed Kata'ib Hezbollah, a powerful militia, for Wednesday's attack, and on Saturday "
                "US jets struck three depots used by the group.")
    sites = _by_site(x)
    assert _blamed(sites["Camp Taji"]) == ["Kata'ib Hezbollah"]
    assert _blamed(sites["Harir Air Base"]) == []


def test_a_denial_of_claim_for_a_named_incident_marks_that_one(extract):
    x = extract("A rocket hit Camp Taji on Monday. On Thursday two drones were fired at Harir air base.\n\n"
                "No group has claimed responsibility for Monday's attack.", published="2022-06-10")
    sites = _by_site(x)
    assert sites["Camp Taji"].unclaimed is not None
    assert sites["Harir Air Base"].unclaimed is None


def test_blame_for_the_attacks_after_the_group_covers_every_attack_told(extract):
    x = extract("Two rockets struck Camp Taji on Monday. Hours later a drone hit Harir air base. "
                "A Pentagon spokesman blamed Iran-aligned militias, which have struck US troops for months, "
                "for the attacks.", published="2022-06-07")
    assert [_blamed(m) for m in _attacks(x)] == [["Iran-backed militias"]] * 2


def test_the_attacks_were_the_latest_in_a_wave_blamed_on_a_group(extract):
    x = extract("Mortars landed inside Camp Taji on Monday.\n\n"
                "On Tuesday a drone was downed near Harir air base.\n\n"
                "The attacks were the latest in a string of assaults on US troops that officials blame on "
                "Iran-backed groups.", published="2022-06-08")
    assert [_blamed(m) for m in _attacks(x)] == [["Iran-backed militias"]] * 2


def test_plural_blame_leaves_out_an_attack_told_as_earlier_history(extract):
    x = extract("Drones hit Harir air base on Friday, US officials said.\n\n"
                "Camp Taji had been hit by rockets on Monday, with no casualties.\n\n"
                "State television attributed the attacks to the Islamic Resistance in Iraq.",
                published="2022-06-11")
    sites = _by_site(x)
    assert _blamed(sites["Harir Air Base"]) == ["Islamic Resistance in Iraq"]
    assert _blamed(sites["Camp Taji"]) == []


def test_a_group_saying_it_was_responsible_claims_the_attack(extract):
    x = extract("A drone hit Harir air base on Sunday. A little-known group calling itself Saraya Thar al-Muhandis "
                "said it was responsible.", published="2022-06-13")
    m = _attacks(x)[0]
    assert _claimed(m) == ["Revenge of al-Muhandis Brigade"]      # the reference data's name for it
    assert _blamed(m) == []


def test_each_statement_of_a_series_is_a_claim_by_the_group_that_issued_them(extract):
    x = extract("Kata'ib Hezbollah said in a statement that its fighters had hit Camp Taji with rockets on Sunday.\n\n"
                "A second statement said two drones had been launched at Harir air base on Monday.\n\n"
                "Another statement, posted hours later, said the group had also targeted Al-Tanf.",
                published="2022-06-14")
    sites = _by_site(x)
    assert _claimed(sites["Camp Taji"]) == ["Kata'ib Hezbollah"]
    assert _claimed(sites["Harir Air Base"]) == ["Kata'ib Hezbollah"]


def test_a_claim_naming_the_town_claims_the_incident_told_in_its_province(extract):
    x = extract("A roadside bomb went off under a supply convoy on the highway in Diwaniyah province on Sunday, "
                "lightly wounding its driver. Hours later another bomb struck a convoy near Samawah.\n\n"
                "Ashab al-Kahf claimed the Diwaniyah attack.", published="2022-06-14")
    attacks = _attacks(x)
    assert len(attacks) == 2
    first = next(m for m in attacks if m.place is not None and m.place.label != "Samawah")
    assert _claimed(first) == ["Ashab al-Kahf"]
    assert [(f.figure, f.value) for f in first.figures] == [("injured", 1)]
    assert [(w.weapon, w.count) for w in first.weapons] == [("ied", 1)]


def test_escaped_unharmed_is_no_one_injured(extract):
    x = extract("Gunmen opened fire on a truck carrying supplies to a coalition base near Fallujah on Monday. "
                "The driver escaped unharmed.", published="2022-06-14")
    assert [(f.figure, f.value) for f in _attacks(x)[0].figures] == [("injured", 0)]


def test_a_base_named_by_a_town_the_reference_data_lacks(extract):
    x = extract("A drone targeted the coalition base in al-Hawl, near the Syrian border with Iraq and Turkey, "
                "on Tuesday.", published="2022-06-15")
    m = _attacks(x)[0]
    assert m.facility.label == "Al-Hawl Base" and m.facility.iri is None
    assert m.country is None or m.country.label != "Turkey"
    assert not m.background


def test_the_depots_a_strike_hit_do_not_make_an_attack_sentence_a_summary(extract):
    x = extract("Rockets hit Camp Taji on Wednesday. Rockets hit Harir air base on Saturday.\n\n"
                "Officials blamed Kata'ib Hezbollah for Wednesday's attack, and on Thursday US aircraft struck "
                "five weapons depots belonging to the group.", published="2022-06-12")
    sites = _by_site(x)
    assert _blamed(sites["Camp Taji"]) == ["Kata'ib Hezbollah"]
    assert _blamed(sites["Harir Air Base"]) == []


def test_claims_in_the_passive_and_through_a_named_channel(extract):
    x = extract("Rockets hit Camp Taji on Wednesday. The attack was claimed in a Telegram post by the Islamic "
                "Resistance in Iraq.", published="2023-11-02")
    assert _claimed(_attacks(x)[0]) == ["Islamic Resistance in Iraq"]
    x = extract("Rockets hit Camp Taji on Wednesday. Responsibility for the attack was claimed by a little-known "
                "group calling itself the Guardians of the Fortress.", published="2023-11-02")
    assert _claimed(_attacks(x)[0]) == ["Guardians of the Fortress"]


def test_two_incidents_joined_by_and_and_claimed_together(extract):
    x = extract("Rockets hit Camp Taji on Wednesday and a drone targeted Harir air base on Thursday. "
                "Kata'ib Hezbollah claimed both.", published="2023-11-03")
    sites = _by_site(x)
    assert sorted(sites) == ["Camp Taji", "Harir Air Base"]
    assert sites["Camp Taji"].date.value == "2023-11-01" and sites["Harir Air Base"].date.value == "2023-11-02"
    assert [_claimed(m) for m in sites.values()] == [["Kata'ib Hezbollah"]] * 2


def test_blame_for_similar_attacks_is_not_blame_for_this_one(extract):
    x = extract("Rockets hit Camp Taji on Wednesday. The attack has not been claimed, but Washington has blamed "
                "Kata'ib Hezbollah for similar attacks in the past.", published="2023-11-03")
    m = _attacks(x)[0]
    assert _blamed(m) == [] and m.unclaimed is not None


def test_casualty_counts_in_other_words(extract):
    def figures(text):
        return sorted((f.figure, f.value) for f in _attacks(extract(text, published="2023-11-02"))[0].figures)
    assert figures("A drone hit Camp Taji on Wednesday. Nineteen U.S. troops were diagnosed with concussions.") == \
        [("injured", 19)]
    assert figures("A drone hit Camp Taji on Wednesday, which led to the deaths of two US soldiers.") == [("killed", 2)]
    assert figures("A drone hit Camp Taji on Wednesday, wounding two soldiers. The number of wounded later rose to "
                   "eleven.") == [("injured", 11)]
