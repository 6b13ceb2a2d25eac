"""What one sentence says: weapons and counts, casualties, claims, blame, retaliation cues."""

from __future__ import annotations

import pytest

from kg.extract.mentions import SentenceAnalyzer
from kg.extract.segment import Sentence


@pytest.fixture(scope="module")
def analyze(request):
    from kg.gazetteer import load_gazetteer
    analyzer = SentenceAnalyzer(load_gazetteer(), "")

    def run(text):
        return analyzer.analyze(Sentence(0, 0, len(text), text, 0), deep=True)
    return run


def _weapons(facts):
    return [(w.weapon, w.count) for w in facts.weapons if not w.definite and not w.modifier]


@pytest.mark.parametrize("text, expected", [
    ("At least 14 rockets hit the base.", [("rocket", 14)]),
    ("Fourteen rockets were fired at an air base.", [("rocket", 14)]),
    ("the attack was caused by “a drone and three rockets”", [("drone", 1), ("rocket", 3)]),
    ("the SDF reported \"two unidentified rocket-propelled grenades\" landed", [("rpg", 2)]),
    ("Militants fired two salvoes of rockets at the base.", [("rocket", None)]),
    ("several shells hit the field", [("mortar", None)]),
    ("the defenses shot down yesterday 4 drones north of Erbil", [("drone", 4)]),
    ("A roadside bomb struck a logistics convoy.", [("ied", 1)]),
    ("Gunmen opened fire on a coalition patrol.", [("gunfire", None), ("gunfire", None)]),
    ("A dozen ballistic missiles hit Erbil.", [("missile", 12)]),
    ("On 16 July two drones were fired at the base", [("drone", 2)]),
])
def test_weapons_and_their_numbers(analyze, text, expected):
    assert _weapons(analyze(text)) == expected


def test_named_weapons_that_only_describe_an_attack_are_not_counted(analyze):
    facts = analyze("Two rocket attacks and a drone attack targeted the base.")
    assert all(w.count is None for w in facts.weapons)
    assert analyze("diverted by the embassy's anti-rocket system").weapons == []


def test_partitive_and_definite_weapons_refer_back(analyze):
    facts = analyze("One of the rockets was diverted by the air defences.")
    assert facts.weapons[0].of_partitive and facts.weapons[0].intercepted == 1
    assert analyze("The missiles fell outside the base.").weapons[0].definite


@pytest.mark.parametrize("text, figures", [
    ("Two American service members were injured in the attack.", [("injured", 2)]),
    ("Two US service members were slightly wounded, with one suffering a concussion.", [("injured", 2)]),
    ("causing minor injuries to two personnel, the coalition said", [("injured", 2)]),
    ("\"Two personnel sustained minor injuries,\" he said.", [("injured", 2)]),
    ("At least two people suffered minor injuries after 14 rockets struck the base.", [("injured", 2)]),
    ("a drone attack killed three US soldiers at a base in Jordan", [("killed", 3)]),
    ("Two American service members and a British soldier were killed on Wednesday", [("killed", 3)]),
    ("the strikes killed six people, including three soldiers", [("killed", 6)]),
    ("the missiles fell outside the base, but caused no injuries or damage", [("injured", 0)]),
    ("causing damage but no casualties", [("injured", 0), ("killed", 0)]),
    ("No one was hurt.", [("injured", 0)]),
    ("there were no immediate reports of casualties", []),
    ("these attacks resulted in dozens of US soldiers being lightly wounded", []),
    ("The US military has about 2,500 troops deployed in Iraq.", []),
])
def test_casualty_figures(analyze, text, figures):
    assert sorted((f.figure, f.value) for f in analyze(text).figures) == sorted(figures)


def test_claims_and_their_relay(analyze):
    facts = analyze('A Shi\'ite militant group called Revenge of al-Muhandis Brigade claimed responsibility, '
                    'according to the US-based Site intelligence group.')
    claim = facts.claims[0]
    assert claim.claimant.label == "Revenge of al-Muhandis Brigade"
    assert claim.relayed_by.label == "SITE Intelligence Group" and claim.channel == "monitoring-group"
    facts = analyze("A group calling itself the Islamic Resistance in Iraq said on Telegram that it was behind both attacks.")
    assert facts.claims[0].claimant.label == "Islamic Resistance in Iraq"
    assert facts.claims[0].channel == "social-media" and facts.claims[0].scope == "plural"
    assert facts.blames == []          # a claim, not blame


def test_a_claim_for_most_of_the_attacks_is_an_aggregate(analyze):
    facts = analyze("The Islamic Resistance of Iraq claimed responsibility for most of the attacks.")
    assert facts.claims[0].aggregate


@pytest.mark.parametrize("text, scope", [
    ("Although no group has claimed responsibility for the attacks, experts said so.", "plural"),
    ("There was no immediate claim of responsibility for any of the attacks.", "plural"),
    ("No one has claimed the attack.", "current"),
])
def test_explicit_absence_of_a_claim(analyze, text, scope):
    assert analyze(text).no_claim == scope


@pytest.mark.parametrize("text, group, by", [
    ("experts believe that Iran-backed militias are behind them, Reuters reported.", "Iran-backed militias", "experts"),
    ("a spate of attacks blamed on pro-Iran armed groups", "Iran-backed militias", None),
    ("Press TV attributed them to the “Iraqi resistance movement,” a reference to militias.", "Iraqi resistance movement", "Press TV"),
    ("US officials said Kataib Hezbollah was most likely behind the strike.", "Kata'ib Hezbollah", "US officials"),
    ("The monitor said the rockets were fired from “areas controlled by pro-Iran militia groups.”", "Iran-backed militias", None),
    ("The Syrian Observatory for Human Rights said pro-Iran militias probably launched the drones.", "Iran-backed militias",
     "Syrian Observatory for Human Rights"),
])
def test_blame_and_who_blames(analyze, text, group, by):
    blame = analyze(text).blames[0]
    assert blame.group.label == group
    if by is not None:
        assert blame.attributed_by == by


@pytest.mark.parametrize("text, cue", [
    ("In retaliation, the US military carried out dozens of strikes.", "bare"),
    ("The US struck in retaliation for the drone attack on Tower 22.", "response"),
    ("The group had vowed retaliation.", "vow"),
    ("prompting raucous funerals and demands for revenge", "vow"),
    ("Attacks appear to be accelerating following the 28 June air strikes.", "following"),
])
def test_retaliation_cues(analyze, text, cue):
    assert analyze(text).retaliation[0].cue == cue


def test_after_a_meeting_is_not_a_retaliation_cue(analyze):
    assert analyze("The latest attack comes after a security meeting this week.").retaliation == []


def test_strikes_by_the_us_and_their_weapon(analyze):
    facts = analyze("In a US strike on the Iraqi-Syrian border last month, four militiamen were killed.")
    assert facts.strikes[0].agent.label == "United States" and facts.strikes[0].weapon == "airstrike"
    facts = analyze("who was killed in a US drone strike last year")
    assert facts.strikes[0].weapon == "drone"
    assert analyze("The US-backed Syrian Democratic Forces said a drone attack hit the field.").strikes == []


@pytest.mark.parametrize("text, figures", [
    ("Three US soldiers were killed and more than 40 wounded in the attack.", [("injured", 40), ("killed", 3)]),
    ("At least 34 US troops were diagnosed with traumatic brain injuries.", [("injured", 34)]),
    ("Two contractors were among the wounded.", [("injured", 2)]),
    ("There were no US casualties.", [("injured", 0), ("killed", 0)]),
    ("A US contractor died of a cardiac arrest during the attack.", []),
    ("Five people, including two civilians, were killed.", [("killed", 5)]),
    ("The attack left two Iraqi soldiers dead and three wounded.", [("injured", 3), ("killed", 2)]),
    ("The strike killed 16 people and wounded 25 others.", [("injured", 25), ("killed", 16)]),
    ("the death toll rose to 23", [("killed", 23)]),
])
def test_more_ways_of_telling_casualties(analyze, text, figures):
    assert sorted((f.figure, f.value) for f in analyze(text).figures) == figures


@pytest.mark.parametrize("text, claimant", [
    ("The attack was claimed by Harakat al-Nujaba.", "Harakat al-Nujaba"),
    ("Responsibility for the attack was claimed by the Islamic Resistance in Iraq.", "Islamic Resistance in Iraq"),
    ("A shadowy group calling itself Ashab al-Kahf took credit for the attack on Telegram.", "Ashab al-Kahf"),
    ("In a Telegram post, the Islamic Resistance in Iraq claimed to have targeted the base.", "Islamic Resistance in Iraq"),
    ("The Islamic Resistance in Iraq announced that it had attacked the Harir base.", "Islamic Resistance in Iraq"),
    ("A new group, the Revenge Brigade, claimed the rocket attack.", "Revenge Brigade"),
    ("Kataib Sayyid al-Shuhada said it fired rockets at the base.", "Kata'ib Sayyid al-Shuhada"),
])
def test_more_ways_of_claiming(analyze, text, claimant):
    assert claimant in [c.claimant.label for c in analyze(text).claims]


@pytest.mark.parametrize("text, group", [
    ("The Pentagon blamed Kataib Hezbollah for the attack.", "Kata'ib Hezbollah"),
    ("Suspicion fell on Kataib Hezbollah, Western diplomats said.", "Kata'ib Hezbollah"),
    ("Officials believe Harakat al-Nujaba was responsible.", "Harakat al-Nujaba"),
    ("The US holds Iran-backed groups responsible for the attacks.", "Iran-backed militias"),
    ("The attack bore the hallmarks of Iran-aligned militias, analysts said.", "Iran-backed militias"),
    ("A US official said the drone was likely launched by Kataib Hezbollah.", "Kata'ib Hezbollah"),
])
def test_more_ways_of_blaming(analyze, text, group):
    blames = analyze(text).blames
    assert group in [b.group.label for b in blames]
    assert all(b.attributed_by != b.group.label for b in blames)
