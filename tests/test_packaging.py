"""The project installs as a wheel and runs from outside the source tree."""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed_kg(tmp_path_factory) -> Path:
    """`kg` installed non-editable into a fresh virtual environment."""
    env_dir = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    str(REPO_ROOT)], check=True, timeout=900)
    return env_dir / "bin" / "kg"


def _run(kg: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("KG_STORE", "PYTHONPATH")}
    return subprocess.run([str(kg), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def test_installed_wheel_carries_ontology_shapes_queries_and_corpus(installed_kg, tmp_path):
    code = ("from kg import resources as r;"
            "print(len(r.resource_files('ontology', '.ttl')), len(r.resource_files('shapes', '.ttl')),"
            " len(r.resource_files('queries', '.rq')), len(r.resource_files('reference', '.ttl')),"
            " len([f for f in r.sample_corpus_dir().iterdir() if f.name.endswith('.txt')]),"
            " r.sample_gold_file().is_file())")
    python = installed_kg.parent / "python"
    out = subprocess.run([str(python), "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True)
    ontology, shapes, queries, reference, articles, gold = out.stdout.split()
    assert int(ontology) >= 1 and int(shapes) >= 1 and int(queries) >= 1 and int(reference) >= 1
    assert int(articles) == 5 and gold == "True"
    # The module must come from the installed environment, not this source tree.
    where = subprocess.run([str(python), "-c", "import kg; print(kg.__file__)"], cwd=tmp_path,
                           capture_output=True, text=True, check=True).stdout
    assert str(REPO_ROOT) not in where


def test_installed_kg_builds_the_sample_corpus_and_answers_a_query(installed_kg, tmp_path):
    built = _run(installed_kg, "build", "--sample", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert "read 5 articles" in built.stderr
    assert (tmp_path / ".kg" / "CURRENT").is_file()
    events = _run(installed_kg, "query", "events", "--format", "csv", cwd=tmp_path)
    assert events.returncode == 0, events.stderr
    header, *rows = events.stdout.splitlines()
    assert header.split(",")[:3] == ["event", "kind", "date"]
    assert rows, "the sample corpus must give events"


def test_installed_kg_help_runs(installed_kg, tmp_path):
    result = _run(installed_kg, "--help", cwd=tmp_path)
    assert result.returncode == 0
    assert "Example" in result.stdout
