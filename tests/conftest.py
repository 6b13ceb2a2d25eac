"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.resources import sample_corpus_dir, sample_gold_file
from tests.support.jena import jena  # noqa: F401  (the fixture: skips locally, fails in CI, without Jena)

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def sample_corpus() -> Path:
    """The five sample articles shipped inside the package."""
    return Path(str(sample_corpus_dir()))


@pytest.fixture(scope="session")
def sample_gold() -> Path:
    """The gold events for the sample corpus (shared/gold format)."""
    return Path(str(sample_gold_file()))


@pytest.fixture(scope="session")
def sample_build(sample_corpus):
    """The graph and build summary of the sample corpus, built once per test session."""
    from kg.pipeline import build_graph

    return build_graph([sample_corpus], workers=1)


@pytest.fixture(scope="session")
def sample_graph_file(sample_build, tmp_path_factory) -> Path:
    """The sample corpus graph written as Turtle, for tests that read files."""
    from kg.pipeline import write_graph_file

    path = tmp_path_factory.mktemp("sample") / "sample.ttl"
    write_graph_file(sample_build.graph, path)
    return path


@pytest.fixture
def in_tmp_cwd(tmp_path, monkeypatch) -> Path:
    """Run the test in an empty working directory, with no KG_STORE set."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KG_STORE", raising=False)
    return tmp_path
