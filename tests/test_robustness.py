"""Bad input gets a clear error, nothing is lost, nothing crashes (issue 8).

Stage-level property tests live beside their stage (tests/extract/); these drive the reader and
the whole pipeline, and check the CLI's messages for each kind of bad input.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.cli import main
from kg.errors import ArticleError
from kg.pipeline import build_graph
from kg.read import decode_article_bytes
from kg.validate import validate_graph

GOOD = " date 2021-07-07 On Wednesday, 14 rockets hit the Ain al-Asad air base in Anbar. Two US service members were injured.\n"


def _build(folder: Path, *args: str):
    return CliRunner().invoke(main, ["build", str(folder), "-o", str(folder.parent / "out.ttl"), *args])


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_raise_article_error(data):
    try:
        text, encoding = decode_article_bytes(data)
    except ArticleError:
        return
    assert isinstance(text, str) and encoding


word = st.sampled_from(["rockets", "drone", "hit", "Ain al-Asad", "Erbil", "on", "Monday", "killed", "two",
                        "14", "injured", "claimed", "Kata'ib Hezbollah", "in retaliation for", "the", "US",
                        "strikes", "Oct. 80", "February 30", "last month", "yesterday", ".", ",", "\n",
                        "Also read:", "(Reuters - Archive)", "no casualties", "a dozen", "1,000"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(words=st.lists(st.one_of(word, st.text(max_size=10)), max_size=80),
       published=st.one_of(st.none(), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))))
def test_whole_pipeline_on_arbitrary_text_never_crashes_and_conforms(tmp_path_factory, words, published):
    folder = tmp_path_factory.mktemp("arbitrary")
    dateline = f" date {published.isoformat()} " if published else ""
    (folder / "a.txt").write_text(dateline + " ".join(words) + "\n" + GOOD[17:], encoding="utf-8")
    built = build_graph([folder], workers=1, include_reference=True)
    for event in built.result.events:
        if event.date.value is not None:
            assert event.date.earliest <= event.date.latest   # a real calendar date
    report = validate_graph(built.graph)
    assert report.count("Violation") == 0, [r.message for r in report.results]


def test_bad_articles_each_named_and_good_ones_kept(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "page.txt").write_text("<html><body><p>Rockets hit a base.</p></body></html>", encoding="utf-8")
    (folder / "huge.txt").write_bytes(b"Rockets hit the base. " * 2_400_000)    # about 50 MB
    (folder / "copy.txt").write_text(GOOD, encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "nested.txt").write_text(GOOD.replace("14", "15"), encoding="utf-8")
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    (folder / "dangling.txt").symlink_to(folder / "nowhere.txt")
    result = _build(folder)
    assert result.exit_code == 0, result.stderr
    err = result.stderr
    for name, problem in [("empty.txt", "empty"), ("blank.txt", "empty"), ("binary.txt", "binary"),
                          ("page.txt", "HTML"), ("huge.txt", "bytes"), ("copy.txt", "same text"),
                          ("notes.json", "not an article file"), ("dangling.txt", "cannot be read")]:
        line = next((l for l in err.splitlines() if name in l), None)
        assert line is not None and problem in line, f"{name}: {err}"
    assert ("read 2 articles, skipped 8 (2 empty, 1 HTML page, 1 binary, 1 duplicate, 1 not an article file, "
            "1 too large, 1 unreadable)") in err
    strict = _build(folder, "--strict")
    assert strict.exit_code == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_article_is_skipped_with_reason(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    secret = folder / "secret.txt"
    secret.write_text(GOOD.replace("14", "16"), encoding="utf-8")
    secret.chmod(0)
    result = _build(folder)
    assert "secret.txt" in result.stderr and "cannot be read" in result.stderr


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "utf-16"])
def test_other_encodings_are_read_and_reported(tmp_path, encoding):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_bytes(GOOD.replace("Anbar", "Anbar, near a café").encode(encoding))
    result = _build(folder)
    assert result.exit_code == 0
    assert "decoded as" in result.stderr and "read 1 articles, skipped 0" in result.stderr


def test_dateline_that_is_not_a_date_is_reported_and_article_read(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(" date 2021-13-45 Rockets hit the Ain al-Asad air base on Monday.", encoding="utf-8")
    result = _build(folder)
    assert result.exit_code == 0
    assert "2021-13-45" in result.stderr and "read 1 articles" in result.stderr


def test_text_without_sentence_end_and_impossible_dates(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Rockets hit Ain al-Asad air base on February 30 and since Oct. 80 there were "
                                  "1,000 attacks and dozens of drones and a dozen rockets", encoding="utf-8")
    built = build_graph([folder], workers=1)
    assert len(built.result.articles) == 1
    for event in built.result.events:
        assert event.date.value is None or "-02-30" not in event.date.value


def test_same_article_twice_gives_the_graph_of_one(tmp_path, sample_corpus):
    one = tmp_path / "one"
    two = tmp_path / "two"
    one.mkdir()
    two.mkdir()
    text = (sample_corpus / "002_e86ddea80c5e3d7a.txt").read_text(encoding="utf-8")
    (one / "a.txt").write_text(text, encoding="utf-8")
    (two / "a.txt").write_text(text, encoding="utf-8")
    (two / "b.txt").write_text(text, encoding="utf-8")
    assert set(build_graph([one], workers=1).graph) == set(build_graph([two], workers=1).graph)


@pytest.mark.parametrize("command", [["validate"], ["query", "events", "--data"], ["export", "--data"]])
@pytest.mark.parametrize("file_name, content, line", [
    ("bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \"unterminated .\n", 3),
    ("bad.jsonld", '{"@id": "http://example.org/a", "http://example.org/b": [1, }', None),
])
def test_rdf_syntax_errors_name_file_and_line_with_exit_2(tmp_path, command, file_name, content, line):
    path = tmp_path / file_name
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, [*command, str(path)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ") and str(path) in result.stderr
    if line is not None:
        assert f"{path}:{line}" in result.stderr


def test_sparql_syntax_error_is_reported_with_exit_2(tmp_path):
    data = tmp_path / "g.ttl"
    data.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    query = tmp_path / "broken.rq"
    query.write_text("SELECT ?s WHERE { ?s ?p \n", encoding="utf-8")
    result = CliRunner().invoke(main, ["query", str(query), "--data", str(data)])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "broken.rq" in result.stderr
