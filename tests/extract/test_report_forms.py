"""Forms of real reports: a date printed in the page header, possessives and neighbours that are
not locations, responses told by "responded by", and weapons referred back to (sentences written
for these tests)."""

from __future__ import annotations

from kg.extract.dates import infer_published
from kg.extract.segment import segment_article

from tests.extract.conftest import make_article


def _kind(x, kind):
    return [m for m in x.mentions if m.kind == kind and not m.background]


def test_the_date_a_page_prints_in_its_header_dates_the_article(extract):
    for header, day in (("Press Office | Mar. 3, 2022", "2022-03-03"),
                        ("Posted 9:40 AM GMT, March 3, 2022", "2022-03-03"),
                        ("Weekly digest - covering 24 Feb-2 March 2022 | Issued 3 March 2022", "2022-03-03"),
                        ("Thursday, 3 March 2022 - 30 Rajab 1443 AH", "2022-03-03")):
        text = f"{header}\n\nRockets hit Camp Taji on Wednesday, officials said.\n"
        article = make_article(text)
        assert str(infer_published(segment_article(article))) == day
        attack = _kind(extract(text), "attack")[0]
        assert attack.date.value == "2022-03-02"


def test_a_dateline_with_a_year_dates_the_article_but_a_headline_date_does_not(extract):
    x = extract("ERBIL, March 3, 2022 - Two drones struck Harir air base on Tuesday, Kurdish officials said.\n")
    assert _kind(x, "attack")[0].date.value == "2022-03-01"
    text = ("Remembering the attack of January 8, 2020 on Ain al-Asad air base, and what it taught the Pentagon\n\n"
            "Rockets hit Camp Taji on Wednesday.\n")
    assert infer_published(segment_article(make_article(text))) is None


def test_whose_and_which_neighbour_are_not_where(extract):
    x = extract("US jets struck depots near Albu Kamal on Tuesday that are used by groups linked to Iran's "
                "Revolutionary Guards.", published="2022-03-03")
    strike = _kind(x, "strike")[0]
    assert strike.country is None or strike.country.label == "Syria"
    x = extract("US jets struck depots near Albu Kamal on Tuesday. Iran's foreign ministry called the strikes an "
                "aggression and said the depots had nothing to do with Iran.", published="2022-03-03")
    assert [m.country.label for m in _kind(x, "strike")] == ["Syria"]


def test_a_strike_a_day_before_the_attack_the_sentence_is_about(extract):
    x = extract("Rockets struck the Conoco gas field in Syria on Wednesday.\n\n"
                "The rocket fire came a day after U.S. aircraft bombed bunkers near Deir ez-Zor.",
                published="2022-03-04")
    strike = _kind(x, "strike")[0]
    assert strike.date.value == "2022-03-01"


def test_some_of_the_rockets_place_the_attack_told_just_before(extract):
    x = extract("On Monday, U.S. forces in northeast Syria came under attack from several rockets. Some of the "
                "rockets impacted inside Mission Support Site Conoco. The engagement destroyed equipment used to "
                "launch some of the rockets.", published="2022-03-08")
    attacks = _kind(x, "attack")
    assert [m.facility.label for m in attacks] == ["Conoco Gas Field"]


def test_responded_by_engaging_the_attackers_answers_the_attacks_of_that_day(extract):
    x = extract("On Monday rockets impacted inside Mission Support Site Conoco.\n\n"
                "A short time later, more rockets landed near the al-Omar oil field.\n\n"
                "U.S. forces responded by engaging the attackers with attack helicopters.", published="2022-03-08")
    strike = _kind(x, "strike")[0]
    assert sorted(r.target for r in strike.responds_to) == sorted(m.mention_id for m in _kind(x, "attack"))


def test_a_gunship_responding_within_minutes_is_a_strike_of_that_day(extract):
    x = extract("On Tuesday, militants fired a missile at Ain al-Asad air base. A US AC-130 gunship that was "
                "already in the air responded within minutes by striking the vehicle that carried the launch crew.\n\n"
                "On Wednesday US jets struck two militia depots south of Baghdad.", published="2022-03-10")
    strikes = sorted(_kind(x, "strike"), key=lambda m: m.date.value)
    attack = _kind(x, "attack")[0]
    assert [m.date.value for m in strikes] == ["2022-03-08", "2022-03-09"]
    assert [r.target for r in strikes[0].responds_to] == [attack.mention_id]


def test_american_casualties_belong_to_the_attack_not_to_the_us_strike(extract):
    x = extract("Two U.S. service members were hurt when rockets slammed into two bases in Syria on Wednesday, and "
                "American helicopters hit back at the launch crews, killing three militants.", published="2022-03-10")
    strike = _kind(x, "strike")[0]
    assert sorted((f.figure, f.value) for f in strike.figures) == [("killed", 3)]


def test_strikes_conducted_by_us_forces_have_the_us_as_doer(extract):
    x = extract("The attacks followed precision strikes conducted by U.S. forces on March 1 in Deir ez-Zor province.",
                published="2022-03-10")
    strike = _kind(x, "strike")[0]
    assert strike.perpetrator is not None and strike.perpetrator.label == "United States"


def test_an_account_the_text_corrects_tells_no_other_incident(extract):
    x = extract("A drone struck Tower 22 in Jordan on Sunday, killing three soldiers.\n\n"
                "A government spokesman initially said the attack had hit al-Tanf, a garrison across the border, "
                "rather than Jordanian soil. The army later condemned what it called a cowardly attack.",
                published="2024-01-29")
    assert [m.facility.label for m in _kind(x, "attack")] == ["Tower 22"]


def test_a_group_relaying_its_own_operation_claims_the_attack_told_before(extract):
    x = extract("A one-way drone hit Tower 22 in Jordan on Sunday, killing three soldiers.\n\n"
                "The Islamic Resistance in Iraq said in a statement that its fighters had launched drones on Sunday "
                "at three sites along the border, among them a position near Rukban.", published="2024-01-29")
    (attack,) = _kind(x, "attack")
    assert [c.claimant.label for c in attack.claims] == ["Islamic Resistance in Iraq"]


def test_the_day_officials_put_the_toll_is_not_the_day_of_the_strike(extract):
    x = extract("Iraqi officials on Saturday put the death toll from US air raids in the west of the country at 16. "
                "A spokesman said US aircraft struck sites near al-Qaim late Friday.")
    (strike,) = _kind(x, "strike")
    assert "Friday" in strike.date.phrase


def test_neither_attack_caused_injuries_holds_for_both(extract):
    x = extract("Drones hit Camp Taji on Sunday. Rockets hit Harir air base on Monday.\n\n"
                "A US official confirmed the attacks on Camp Taji and Harir air base and said neither caused injuries.",
                published="2024-01-30")
    assert [[(f.figure, f.value) for f in m.figures] for m in _kind(x, "attack")] == [[("injured", 0)]] * 2


def test_a_presidency_is_whose_time_not_who_fired(extract):
    x = extract("In March 2021, weeks into Joe Biden's presidency, 12 rockets struck Erbil airport, killing a "
                "contractor.", published="2021-03-30")
    assert _kind(x, "strike") == []
    assert [m.facility.label for m in _kind(x, "attack")] == ["Erbil International Airport"]


def test_the_answering_strike_is_the_one_the_cue_words_tell(extract):
    x = extract("A drone hit the Rmeilan landing zone on Thursday, killing a US contractor, and Coalition warplanes "
                "retaliated with strikes on militia depots.", published="2023-03-24")
    (strike,), (attack,) = _kind(x, "strike"), _kind(x, "attack")
    assert [r.target for r in strike.responds_to] == [attack.mention_id] and attack.responds_to == ()
    assert strike.perpetrator is not None and strike.perpetrator.label == "coalition"


def test_smuggling_drones_and_a_third_states_missiles_are_not_attacks_on_us_forces(extract):
    x = extract("The Jordanian army said it had shot down a drone carrying drugs that crossed from Syria on Monday. "
                "Israeli missiles struck the airport in Aleppo on Tuesday, according to state media.",
                published="2023-03-24")
    assert _kind(x, "attack") == []
    x = extract("In January 2020, Iranian ballistic missiles struck Ain al-Asad air base.", published="2020-02-01")
    assert [m.facility.label for m in _kind(x, "attack")] == ["Ain al-Asad Air Base"]
