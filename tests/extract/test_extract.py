"""extract_article: incidents told over several sentences, kept apart, with evidence."""

from __future__ import annotations


import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from kg.extract import extract_article
from kg.read import read_article
from tests.conftest import REPO_ROOT
from tests.extract.conftest import make_article

DEV = REPO_ROOT / "tests" / "corpus" / "dev"


def _only(extraction, kind="attack"):
    found = [m for m in extraction.mentions if m.kind == kind and not m.background]
    assert len(found) == 1, [(m.kind, m.facility, m.date) for m in extraction.mentions]
    return found[0]


def test_facts_told_over_several_sentences_join_one_incident(extract):
    x = extract("On Wednesday, 14 rockets hit the Ain al-Asad air base in western Iraq. "
                "Two personnel sustained minor injuries, the coalition said. "
                "The attack also damaged homes near the base. "
                "No group has claimed responsibility for the attack.", published="2021-07-07")
    m = _only(x)
    assert m.facility.label == "Ain al-Asad Air Base" and m.place.label == "Anbar" and m.country.label == "Iraq"
    assert m.date.value == "2021-07-07" and m.date.precision == "day"
    assert [(w.weapon, w.count) for w in m.weapons] == [("rocket", 14)]
    assert [(f.figure, f.value) for f in m.figures] == [("injured", 2)]
    assert m.unclaimed is not None


def test_the_same_base_on_two_days_is_two_incidents(extract):
    x = extract("Rockets hit the Ain al-Assad air base on Wednesday, US officials said. "
                "Ain al-Assad was also the target of a rocket attack on Monday, with no casualties.", published="2021-07-07")
    dates = sorted(m.date.value for m in x.mentions)
    assert dates == ["2021-07-05", "2021-07-07"]


def test_different_sites_are_different_incidents(extract):
    x = extract("Hours later, two rockets were fired at the US embassy in Baghdad. "
                "Separately, a drone attack was carried out on the Al Omar oil field in eastern Syria.")
    assert sorted(m.facility.label for m in x.mentions) == ["Al-Omar Oil Field", "US Embassy in Baghdad"]


def test_aggregates_summaries_captions_and_links_are_not_incidents(extract):
    x = extract("US forces have been targeted almost 50 times this year in Iraq.\n\n"
                "Such attacks were frequent early in the war.\n\n"
                "Rocket and drone attacks targeted bases in Iraq and Syria on Wednesday.\n\n"
                "Also read: Rockets hit Ain al-Asad air base\n\n"
                "Wreckage of a drone at Ain al-Assad base (Reuters - Archive)\n\n"
                "Militias have launched about 17 attacks on US forces since Oct. 80.", published="2023-11-01")
    assert x.mentions == ()
    assert any("Oct. 80" in w for w in x.warnings)


def test_hypothetical_attacks_are_not_incidents(extract):
    x = extract("Five militants were killed in a US raid near Kirkuk as they prepared to launch an attack on a US base.")
    assert [m.kind for m in x.mentions] == ["strike"]
    strike = x.mentions[0]
    assert strike.perpetrator.label == "United States" and strike.place.label == "Kirkuk"
    assert [(f.figure, f.value) for f in strike.figures] == [("killed", 5)]


def test_a_strike_and_the_attack_it_answers(extract):
    x = extract("In January, a drone attack blamed on Kataib Hezbollah killed three US soldiers at a base in Jordan. "
                "In retaliation, the US military carried out dozens of strikes against Tehran-backed militias.")
    attack = _only(x, "attack")
    strike = _only(x, "strike")
    assert attack.country.label == "Jordan" and [a.group.label for a in attack.attributions] == ["Kata'ib Hezbollah"]
    assert [r.target for r in strike.responds_to] == [attack.mention_id]
    assert attack.date.value is None and attack.date.phrase == "In January"


def test_vowed_revenge_links_the_attacks_after_a_strike(extract):
    x = extract("The US launched air strikes on Kataib Hezbollah sites on Thursday night, killing four fighters. "
                "Kataib Hezbollah vowed revenge. "
                "Hours later, two rockets fell near the US embassy in Baghdad.", published="2020-03-13")
    strike = _only(x, "strike")
    attack = _only(x, "attack")
    assert [r.target for r in attack.responds_to] == [strike.mention_id]
    assert attack.date.value == "2020-03-12"


def test_an_undated_article_keeps_weekday_phrases(extract):
    x = extract("On Thursday, four rockets fell near the Ain al-Asad base in Anbar province, a security source said.")
    m = _only(x)
    assert m.date.value is None and m.date.phrase == "On Thursday"
    assert m.date.reason == "weekday in an article with no dateline"


def test_a_facility_named_only_by_type_and_city(extract):
    x = extract("Late Tuesday an airport housing US troops in Erbil was hit in a drone attack that caused no injuries.",
                published="2021-07-07")
    m = _only(x)
    assert m.facility.label == "Erbil International Airport" and m.date.value == "2021-07-06"


def test_a_facility_the_reference_data_lacks_becomes_a_new_one(extract):
    x = extract("Three rockets hit the Green Hill air base in Iraq's Nineveh province on Monday.", published="2022-05-04")
    m = _only(x)
    assert m.facility.iri is None and m.facility.label == "Green Hill Air Base" and m.facility.kind == "facility"
    assert m.facility.country == "country/iraq"


def _corpus_articles():
    seeds = sorted((REPO_ROOT / "kg" / "data" / "corpus" / "seeds").glob("*.txt"))
    return seeds + sorted(DEV.glob("*.txt"))


@pytest.mark.parametrize("path", _corpus_articles(), ids=lambda p: p.name)
def test_every_evidence_span_indexes_the_article_text(gazetteer, path):
    article, _ = read_article(path)
    extraction = extract_article(article, gazetteer)
    assert extraction.mentions
    for m in extraction.mentions:
        spans = [e for _f, e in m.evidence] + [w.evidence for w in m.weapons] + [f.evidence for f in m.figures] \
            + [c.evidence for c in m.claims] + [a.evidence for a in m.attributions] + [r.evidence for r in m.responds_to] \
            + ([m.unclaimed] if m.unclaimed else [])
        assert spans
        for e in spans:
            assert e.article_id == article.article_id
            assert article.text[e.start:e.end] == e.text
        assert m.mention_id.startswith(article.article_id + "#")


def test_extraction_is_deterministic(gazetteer):
    article, _ = read_article(DEV / "d05_shaddadi_rumeilan.txt")
    assert extract_article(article, gazetteer) == extract_article(article, gazetteer)


_ARTICLE_WORDS = st.sampled_from(["rockets", "hit", "the", "Ain al-Asad", "base", "on", "Monday", "14", "two", "drones",
                                  "killed", "no", "casualties", "claimed", "responsibility", "Kataib Hezbollah", "US",
                                  "strike", "in retaliation for", "the attack", "Oct. 80", "February 30", ".", ",", "\n",
                                  "yesterday", "last month", "vowed revenge", "(Reuters - Archive)", "Also read:", "\u2019",
                                  "1,000", "a dozen", "dozens", "Erbil", "airport", "blamed on", "Iran-backed militias"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_ARTICLE_WORDS, st.text(max_size=12)), max_size=60),
       st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
def test_extraction_never_raises_and_dates_are_valid(gazetteer, words, published):
    article = make_article(" ".join(words), published)
    extraction = extract_article(article, gazetteer)
    for m in extraction.mentions:
        if m.date.value is not None:
            assert m.date.precision in ("day", "month", "year") and m.date.earliest <= m.date.latest
        for _f, e in m.evidence:
            assert article.text[e.start:e.end] == e.text


@settings(max_examples=30, deadline=None)
@given(st.text(max_size=400))
def test_extraction_never_raises_on_arbitrary_text(gazetteer, text):
    extract_article(make_article(text), gazetteer)


def test_sites_listed_together_are_one_incident_each(extract):
    x = extract("The Islamic Resistance in Iraq said it had targeted al-Shaddadi and Rumeilan in northeastern Syria "
                "with drones on Monday.", published="2023-11-14")
    sites = sorted(m.facility.label for m in x.mentions)
    assert sites == ["Al-Shaddadi Base", "Rmeilan Landing Zone"]
    for m in x.mentions:
        assert m.date.value == "2023-11-13" and [c.claimant.label for c in m.claims] == ["Islamic Resistance in Iraq"]
        assert [w.weapon for w in m.weapons] == ["drone"]


def test_an_attack_on_a_us_warship_at_sea_is_an_attack_with_the_sea_as_its_place(extract):
    x = extract("Houthi rebels fired an anti-ship missile at a US destroyer in the Red Sea on Sunday, which shot it down.",
                published="2024-02-04")
    (m,) = x.mentions
    assert (m.kind, m.date.value, m.facility, m.place.label, m.country) == ("attack", "2024-02-04", None, "Red Sea", None)
    assert [(w.weapon, w.count) for w in m.weapons] == [("missile", 1)]


def test_a_strike_by_another_state_is_not_a_us_strike(extract):
    x = extract("An Israeli strike in Damascus on Monday killed two officers of the Revolutionary Guards.",
                published="2024-04-02")
    assert [m for m in x.mentions if m.kind == "strike"] == []


def test_history_named_in_passing_is_background(extract):
    x = extract("Rockets hit the Ain al-Asad air base on Monday, causing no injuries. In January 2020, Iranian "
                "ballistic missiles struck the same base.", published="2024-08-06")
    current = [m for m in x.mentions if not m.background]
    assert [m.date.value for m in current] == ["2024-08-05"]
    assert any(m.background and m.date.value == "2020-01" for m in x.mentions)


def test_exercises_and_weapons_found_are_not_attacks(extract):
    x = extract("Coalition troops at al-Tanf garrison carried out live-fire exercises on Tuesday. "
                "Security forces later found a launch platform with unused rockets near the Ain al-Asad base.",
                published="2023-11-21")
    assert x.mentions == ()


def test_a_second_drone_counts_two(extract):
    x = extract("An explosive-laden drone targeted Harir base on Wednesday night and was shot down. "
                "A second drone crashed in a village near the base without exploding.")
    (m,) = x.mentions
    assert [(w.weapon, w.count) for w in m.weapons] == [("drone", 2)]


def test_a_huge_text_is_read_only_so_far_and_says_so(gazetteer):
    from kg.extract import MAX_SENTENCES
    text = " ".join(f"Item {n} was reported." for n in range(MAX_SENTENCES + 50))
    extraction = extract_article(make_article(text), gazetteer)
    assert any("only the first" in w for w in extraction.warnings)
