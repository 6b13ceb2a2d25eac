"""benchmarks/query_bench.py runs end to end at a tiny size (its figures are not checked: no timed
tests), pages, and compares two folders of query texts row for row."""

from __future__ import annotations

from benchmarks import query_bench
from kg.resources import resource_dir


def test_the_query_benchmark_prints_a_table_with_pages_and_a_before_column(tmp_path, capsys):
    same_texts = resource_dir("queries")
    assert query_bench.main(["--events", "200", "--repeat", "1", "--page", "5", "--only", "events", "timeline",
                             "--before", str(same_texts), "--store-dir", str(tmp_path),
                             "--graph-dir", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "| query | disk before 200: wall / CPU | disk 200: wall / CPU | rows |" in out
    assert "| events |" in out and "| events, first 5 rows |" in out and "| timeline country=Syria |" in out
    assert "same rows" in err and "ROWS DIFFER" not in err
