"""The build command and the CLI's error handling (other commands are tested beside their stage)."""

from __future__ import annotations

from click.testing import CliRunner

from kg.cli import main


def _runner() -> CliRunner:
    return CliRunner()


def test_build_sample_into_default_store_then_query(in_tmp_cwd):
    result = _runner().invoke(main, ["build", "--sample", "--quiet"])
    assert result.exit_code == 0, result.output
    assert (in_tmp_cwd / ".kg" / "CURRENT").is_file()
    events = _runner().invoke(main, ["query", "events", "--format", "csv"])
    assert events.exit_code == 0
    assert events.stdout.startswith("event,kind,date,facility")


def test_build_to_file_writes_turtle_and_summarises_on_stderr(in_tmp_cwd, sample_corpus):
    result = _runner().invoke(main, ["build", str(sample_corpus), "-o", "graph.ttl"])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "read 5 articles, skipped 0" in result.stderr
    assert (in_tmp_cwd / "graph.ttl").read_text(encoding="utf-8").startswith("@prefix")


def test_build_skips_bad_article_keeps_good_and_strict_exits_2(in_tmp_cwd):
    folder = in_tmp_cwd / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(" date 2021-07-07 On Wednesday, 14 rockets hit Ain al-Asad air base.",
                                     encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    relaxed = _runner().invoke(main, ["build", str(folder), "-o", "g.ttl"])
    assert relaxed.exit_code == 0
    assert "empty.txt" in relaxed.stderr and "read 1 articles, skipped 1" in relaxed.stderr
    strict = _runner().invoke(main, ["build", str(folder), "-o", "g.ttl", "--strict"])
    assert strict.exit_code == 2


def test_query_without_a_built_store_says_how_to_fix(in_tmp_cwd):
    result = _runner().invoke(main, ["query", "events"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and "kg build" in result.stderr


def test_build_needs_paths_or_sample(in_tmp_cwd):
    result = _runner().invoke(main, ["build"])
    assert result.exit_code == 2
    assert "--sample" in result.stderr


def test_build_add_merges_new_articles_with_the_store(in_tmp_cwd, sample_corpus):
    first = sorted(sample_corpus.glob("*.txt"))
    assert _runner().invoke(main, ["build", *map(str, first[:3]), "-q"]).exit_code == 0
    assert _runner().invoke(main, ["build", "--add", *map(str, first[3:]), "-q"]).exit_code == 0
    added = _runner().invoke(main, ["query", "events", "--format", "csv"]).stdout
    assert _runner().invoke(main, ["build", str(sample_corpus), "-q"]).exit_code == 0
    whole = _runner().invoke(main, ["query", "events", "--format", "csv"]).stdout
    assert sorted(added.splitlines()) == sorted(whole.splitlines())
