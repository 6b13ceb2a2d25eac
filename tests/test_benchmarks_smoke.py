"""The benchmark suite runs and prints its table; the corpus generator is reproducible and truthful.

No timing is asserted anywhere (speed lives in benchmarks/, not in tests): these check that the
one command produces a table with the expected rows, and that the generated corpus and its gold
file are well formed and byte-for-byte reproducible.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from benchmarks.corpus_generator import generate_corpus
from benchmarks.run import format_table, main, run_benchmarks, Measure, Row

GOLD_FIELDS = {"id", "kind", "date", "facility", "place", "country", "weapons", "injured", "killed",
               "claimed_by", "attributed_to", "perpetrator", "retaliation_for", "mentions", "optional"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    generate_corpus(60, 11, out)
    return out


def test_same_seed_gives_byte_identical_files(corpus, tmp_path):
    generate_corpus(60, 11, tmp_path)
    first = {p.name: p.read_bytes() for p in corpus.iterdir()}
    second = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert first == second


def test_another_seed_gives_another_corpus(corpus, tmp_path):
    generate_corpus(60, 12, tmp_path)
    assert {p.name for p in corpus.glob("*.txt")} != {p.name for p in tmp_path.glob("*.txt")}


def test_gold_file_follows_the_shared_format_and_points_at_real_files(corpus):
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    files = {p.name for p in corpus.glob("*.txt")}
    assert set(gold["articles"]) == files and len(files) == 60
    ids = {e["id"] for e in gold["events"]}
    assert len(ids) == len(gold["events"])
    for event in gold["events"]:
        assert GOLD_FIELDS <= set(event), event["id"]
        assert event["kind"] in ("attack", "strike")
        assert event["date"] is None or re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", event["date"])
        if event["date"] and len(event["date"]) == 10:
            dt.date.fromisoformat(event["date"])
        assert event["mentions"] and set(event["mentions"]) <= files
        assert set(event["retaliation_for"]) <= ids
        assert set(event["weapons"]) <= {"rocket", "drone", "mortar", "rpg", "missile", "airstrike", "ied",
                                         "gunfire", "unknown"}
        if event["kind"] == "strike":
            assert event["perpetrator"]
    # Several articles report the same incident: that is what merging is measured on.
    assert any(len(e["mentions"]) > 1 for e in gold["events"])


def test_articles_carry_datelines_noise_and_the_gold_facilities(corpus):
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    texts = {p.name: p.read_text(encoding="utf-8") for p in corpus.glob("*.txt")}
    dated = [n for n, meta in gold["articles"].items() if meta["published"]]
    assert dated and len(dated) < len(texts)
    for name in dated:
        assert texts[name].startswith(f" date {gold['articles'][name]['published']} ")
    everything = "\n".join(texts.values())
    assert re.search(r"Also read:|Sign up for our newsletter|Subscribe to|\(\w+ - (Archive|File photo)\)|^By ",
                     everything, re.MULTILINE)
    for event in gold["events"]:
        if event["facility"] and event["kind"] == "attack" and len(event["mentions"]) == 1:
            spellings = [event["facility"], *gold["facilities"].get(event["facility"], [])]
            text = texts[event["mentions"][0]].lower()
            assert any(s.lower() in text for s in spellings), event["id"]


@pytest.mark.slow
def test_table_lists_every_measured_row(tmp_path):
    # The cheapest parts on a tiny corpus and graph; each figure is measured in a child process.
    table = run_benchmarks("small", articles=12, events=(300,), parts={"extract", "load", "query"},
                           use_jena=False, use_baseline=False, workdir=tmp_path)
    lines = table.splitlines()
    assert lines[0].startswith("Benchmark `--size small`")
    assert any(line.startswith("| operation | size | kg | kg CPU |") for line in lines)
    for operation in ("extract, 1 process", "load N-Triples into the store", "query `"):
        assert any(line.startswith(f"| {operation}") for line in lines), operation
    # Every row has the same number of cells as the header.
    rows = [line for line in lines if line.startswith("|")]
    assert len({line.count(" | ") for line in rows if not line.startswith("|---")}) == 1


def test_a_part_that_is_not_written_yet_reads_n_a_not_a_crash():
    row = Row("validate (SHACL)", "1k events", Measure("na", note="kg.validate not available"))
    table = format_table([row])
    assert "n/a (kg.validate not available)" in table


def test_command_line_rejects_an_unknown_part(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["--parts", "nonsense"])
    assert exited.value.code == 2
    assert "unknown parts nonsense" in capsys.readouterr().err
