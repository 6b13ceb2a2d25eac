"""Nothing is lost: an interrupted build leaves the previous store and output intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.query import run_query
from kg.store import open_store


def _events(store_root: Path):
    return sorted(run_query(open_store(store_root), "events").rows)


def _write_many_articles(folder: Path, sample_corpus: Path, copies: int) -> None:
    """Distinct articles (a numbered line keeps each text unique) so the build takes a while."""
    folder.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted(sample_corpus.glob("*.txt"))]
    for n in range(copies):
        text = texts[n % len(texts)]
        (folder / f"article-{n:05d}.txt").write_text(f"{text}\nReport number {n}.\n", encoding="utf-8")


def _kill_when(process: subprocess.Popen, condition, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if condition():
            break
        time.sleep(0.01)
    if process.poll() is None:
        # the whole process group, as a terminal kills a job: the build's extraction workers too
        # (killing the parent alone leaves them waiting forever on a queue nobody writes)
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["extracting", "writing the store"])
def test_killed_build_leaves_previous_store_intact_and_usable(tmp_path, sample_corpus, moment):
    store_root = tmp_path / "store"
    assert CliRunner().invoke(main, ["build", "--sample", "--store", str(store_root), "-q"]).exit_code == 0
    before = _events(store_root)
    pointer_before = (store_root / "CURRENT").read_text()
    articles = tmp_path / "many"
    _write_many_articles(articles, sample_corpus, 1500)

    process = subprocess.Popen([sys.executable, "-m", "kg", "build", str(articles), "--store", str(store_root),
                                "-q"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                start_new_session=True)
    if moment == "extracting":
        _kill_when(process, lambda: False, timeout=1.0)
    else:
        _kill_when(process, lambda: any(store_root.glob(".build-*")) or
                   len(list(store_root.glob("gen-*"))) > 1)

    assert process.returncode != 0, "the build finished before it could be interrupted"
    assert (store_root / "CURRENT").read_text() == pointer_before
    assert _events(store_root) == before
    # The next build cleans up and succeeds.
    assert CliRunner().invoke(main, ["build", "--sample", "--store", str(store_root), "-q"]).exit_code == 0
    assert _events(store_root) == before


@pytest.mark.slow
def test_killed_build_to_file_leaves_previous_output_intact(tmp_path, sample_corpus):
    output = tmp_path / "graph.ttl"
    assert CliRunner().invoke(main, ["build", "--sample", "-o", str(output), "-q"]).exit_code == 0
    before = output.read_bytes()
    articles = tmp_path / "many"
    _write_many_articles(articles, sample_corpus, 1500)
    process = subprocess.Popen([sys.executable, "-m", "kg", "build", str(articles), "-o", str(output), "-q"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    _kill_when(process, lambda: any(tmp_path.glob(".graph.ttl.*")))
    assert output.read_bytes() == before


def test_building_the_same_articles_again_changes_nothing(tmp_path, sample_corpus):
    store_root = tmp_path / "store"
    args = ["build", str(sample_corpus), "--store", str(store_root), "-q"]
    assert CliRunner().invoke(main, args).exit_code == 0
    first = open_store(store_root).dump(format=pyoxigraph.RdfFormat.N_QUADS)
    assert CliRunner().invoke(main, args).exit_code == 0
    second = open_store(store_root).dump(format=pyoxigraph.RdfFormat.N_QUADS)
    assert sorted(first.splitlines()) == sorted(second.splitlines())
