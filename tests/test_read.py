import datetime as dt

import pytest

from kg.errors import ArticleError
from kg.read import decode_article_bytes, parse_dateline, read_article, read_articles


def test_dateline_gives_published_date_and_body_start():
    text = " date 2021-07-07 BAGHDAD (AFP) - Rockets hit a base."
    published, start, problem = parse_dateline(text)
    assert published == dt.date(2021, 7, 7)
    assert text[start:].startswith("BAGHDAD")
    assert problem is None


def test_article_without_dateline_is_undated():
    assert parse_dateline("Rockets hit a base on Wednesday.") == (None, 0, None)


def test_impossible_dateline_is_reported_not_used():
    published, start, problem = parse_dateline(" date 2021-13-45 Rockets hit a base.")
    assert published is None
    assert "2021-13-45" in problem
    assert start > 0


def test_sample_articles_read_with_offsets_into_whole_text(sample_corpus):
    result = read_articles([sample_corpus])
    assert len(result.articles) == 5
    assert not result.skipped
    dated = {a.file_name: a.published for a in result.articles}
    assert dated["002_e86ddea80c5e3d7a.txt"] == dt.date(2021, 7, 7)
    assert dated["000_e3adcb34c64888b9.txt"] is None


def test_same_text_under_two_names_is_read_once(tmp_path):
    (tmp_path / "a.txt").write_text("Rockets hit Ain al-Asad on Monday.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Rockets hit Ain al-Asad on Monday.", encoding="utf-8")
    result = read_articles([tmp_path])
    assert [a.file_name for a in result.articles] == ["a.txt"]
    assert result.skipped == ((str(tmp_path / "b.txt"), f"same text as {tmp_path / 'a.txt'}"),)


def test_bad_files_are_skipped_with_reasons_and_good_ones_kept(tmp_path):
    (tmp_path / "good.txt").write_text("Two rockets hit the base.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("   \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "page.txt").write_text("<!DOCTYPE html><html><body>x</body></html>", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("a,b", encoding="utf-8")
    result = read_articles([tmp_path, tmp_path / "missing.txt"])
    assert [a.file_name for a in result.articles] == ["good.txt"]
    reasons = {p.rsplit("/", 1)[-1]: r for p, r in result.skipped}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "HTML" in reasons["page.txt"]
    assert "not an article file" in reasons["notes.csv"]
    assert "no such file" in reasons["missing.txt"]


@pytest.mark.parametrize("encoding, expected", [
    ("utf-16", "utf-16"), ("cp1252", "windows-1252"), ("latin-1", "windows-1252"),
])
def test_non_utf8_text_is_decoded_and_the_choice_reported(tmp_path, encoding, expected):
    path = tmp_path / "a.txt"
    path.write_bytes("Rockets hit the base near Qa’im – café".encode(encoding, errors="replace"))
    article, warnings = read_article(path)
    assert article.encoding == expected
    assert "Rockets hit the base" in article.text
    assert warnings and expected in warnings[0]


def test_binary_bytes_raise_article_error():
    with pytest.raises(ArticleError, match="binary"):
        decode_article_bytes(b"abc\x00def")


def test_unreadable_file_names_the_file(tmp_path):
    with pytest.raises(ArticleError) as info:
        read_article(tmp_path / "nope.txt")
    assert "nope.txt" in str(info.value)
