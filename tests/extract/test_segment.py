"""Sentences with exact offsets, and the lines that are not reporting."""

from __future__ import annotations

from kg.extract.segment import segment_article
from tests.extract.conftest import make_article


def _sentences(text, published=None):
    article = make_article(text, published)
    return article, segment_article(article)


def test_offsets_index_the_article_text_exactly():
    article, sentences = _sentences("BAGHDAD (AFP) - Rockets hit the base on Monday. Col. Smith said U.S. troops were safe.\n\n"
                                    "“Two personnel were hurt,” he said. It was the third attack!", "2021-07-07")
    assert sentences
    for s in sentences:
        assert article.text[s.start:s.end] == s.text
    texts = [s.text for s in sentences]
    # the dateline prefix is not part of the first sentence; abbreviations do not end sentences
    assert texts[0] == "Rockets hit the base on Monday."
    assert texts[1] == "Col. Smith said U.S. troops were safe."
    assert texts[2] == "“Two personnel were hurt,” he said."
    assert texts[3] == "It was the third attack!"


def test_noise_lines_are_marked_with_a_reason():
    text = ("Rockets hit a base in Anbar on Monday, officials said.\n\n"
            "Also read: US shoots down armed drone over embassy in Iraq\n\n"
            "Wreckage of a drone near Ain al-Assad base (Reuters - Archive)\n\n"
            "Who is behind these attacks?\n\n"
            "By John Smith and Jane Doe\n\n"
            "Sign up for our newsletter\n\n"
            "Source : Al Jazeera + Agencies\n\n"
            "(Except for the headline, this story has not been edited by NDTV staff and is published from a syndicated feed.)\n\n"
            "Attacks in Syria\n\n"
            "The militia said it would keep attacking until the last American soldier has left the country and")
    _, sentences = _sentences(text)
    reasons = [s.noise for s in sentences]
    assert reasons[0] is None
    assert reasons[1] == "link headline"
    assert reasons[2] == "photo caption"
    assert reasons[3] == "heading"
    assert reasons[4] == "byline"
    assert reasons[5] == "site furniture"
    assert reasons[6] == "source or caption line"
    assert reasons[7] == "syndication note"
    assert reasons[8] == "heading"
    assert reasons[9] == "truncated last sentence"


def test_hard_wrapped_lines_join_into_one_sentence():
    article, sentences = _sentences("Four rockets fell near the Ain al-Asad base\nin Anbar province, a source said.\nNo one was hurt.")
    assert [s.text for s in sentences] == ["Four rockets fell near the Ain al-Asad base\nin Anbar province, a source said.",
                                           "No one was hurt."]
    assert all(article.text[s.start:s.end] == s.text for s in sentences)


def test_text_without_any_sentence_end_does_not_fail():
    text = "rockets " * 2000
    article, sentences = _sentences(text)
    assert all(article.text[s.start:s.end] == s.text for s in sentences)


def test_empty_and_whitespace_articles_have_no_sentences():
    assert _sentences("")[1] == []
    assert _sentences("   \n\n\t ")[1] == []
