"""The pre-commit hook (.pre-commit-hooks.yaml) and the GitHub Actions example in
docs/validation.md do what they say, run as pre-commit and a runner would run them."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.validate.catalogue_cases import CATALOGUE

REPO = Path(__file__).resolve().parents[2]
KG = Path(sys.executable).with_name("kg")      # the console script pyproject.toml installs
VALID = CATALOGUE / "valid" / "data.ttl"
BROKEN = CATALOGUE / "negative-count" / "data.ttl"
UNPARSABLE = CATALOGUE / "turtle-syntax-error" / "data.ttl"


def _command(line: str) -> list[str]:
    words = shlex.split(line)
    assert words[0] == "kg"
    return [str(KG), *words[1:]]


@pytest.fixture(scope="module")
def hook() -> dict:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [definition] = [h for h in hooks if h["id"] == "kg-validate"]
    return definition


def test_hook_definition_is_complete(hook):
    assert {"id", "name", "entry", "language", "files"} <= set(hook)
    assert hook["language"] == "python"            # pre-commit pip-installs this repository
    assert hook["entry"].split()[:2] == ["kg", "validate"]
    assert 'kg = "kg.cli:main"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    files = re.compile(hook["files"])
    assert files.search("graph/events.ttl") and files.search("dump.nq") and files.search("g.jsonld")
    assert not files.search("README.md") and not files.search("notes.txt")


@pytest.mark.parametrize("data, exit_code", [(VALID, 0), (BROKEN, 1), (UNPARSABLE, 2)])
def test_hook_entry_blocks_a_commit_with_a_broken_graph(hook, data, exit_code, tmp_path):
    # pre-commit runs: entry + args + the staged files that match `files`, from the repo root.
    staged = tmp_path / "graph.ttl"
    shutil.copy(data, staged)
    command = _command(hook["entry"]) + list(hook.get("args", [])) + [staged.name]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == exit_code, done.stdout + done.stderr
    if exit_code == 1:
        assert "Violation: cks:WeaponCountShape" in done.stdout
        assert "at:      graph.ttl:" in done.stdout
    if exit_code == 2:
        assert done.stderr.startswith("Error: graph.ttl:87:5:")


def _workflow() -> dict:
    text = (REPO / "docs" / "validation.md").read_text(encoding="utf-8")
    section = text.split("### GitHub Actions", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, re.DOTALL).group(1)
    return yaml.safe_load(block)


def test_workflow_example_is_a_valid_workflow():
    workflow = _workflow()
    triggers = workflow.get("on", workflow.get(True))    # YAML 1.1 reads a bare `on` as true
    assert set(triggers) == {"push", "pull_request"}
    steps = workflow["jobs"]["shacl"]["steps"]
    assert all("uses" in step or "run" in step for step in steps)
    junit = next(s for s in steps if "--format junit" in s.get("run", ""))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert junit["if"] == upload["if"] == "always()"     # the report is kept when validation fails
    assert upload["with"]["path"] in junit["run"]


@pytest.mark.parametrize("data, exit_code", [(VALID, 0), (BROKEN, 1)])
def test_workflow_validation_steps_run(data, exit_code, tmp_path):
    shutil.copy(data, tmp_path / "graph.ttl")
    steps = [s for s in _workflow()["jobs"]["shacl"]["steps"] if s.get("run", "").startswith("kg validate")]
    assert len(steps) == 2
    for step in steps:
        done = subprocess.run(_command(step["run"]), cwd=tmp_path, capture_output=True, text=True, timeout=120)
        assert done.returncode == exit_code, done.stdout + done.stderr
        if "--format github" in step["run"] and exit_code:
            assert done.stdout.startswith("::error file=graph.ttl,line=")
    report = (tmp_path / "shacl-report.xml").read_text(encoding="utf-8")
    assert report.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')
    assert ('failures="1"' in report) is bool(exit_code)
