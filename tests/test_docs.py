"""README stays true: its set-up commands, CI calling its test command, every command documented."""

from __future__ import annotations

import re

from click.testing import CliRunner

from kg.cli import main
from tests.conftest import REPO_ROOT

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    """The shell commands in README's first code block (the two set-up commands)."""
    block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", README, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip() and not line.startswith("#")]


def test_readme_opens_with_two_setup_commands():
    commands = _setup_commands()
    assert len(commands) == 2
    run_main_job, run_tests = commands
    assert "kg build --sample" in run_main_job and "kg query retaliation-chains" in run_main_job
    assert "pytest" in run_tests


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    run_tests = _setup_commands()[1]
    assert run_tests in ci.splitlines()


def test_every_command_is_documented_in_readme_with_help_and_example():
    runner = CliRunner()
    for name, command in main.commands.items():
        assert f"kg {name}" in README, f"README does not document `kg {name}`"
        result = runner.invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert "Example" in result.output, f"`kg {name} --help` shows no example"
        assert command.get_short_help_str(), f"`kg {name}` has no one-line summary"


def test_readme_module_map_names_every_module():
    for module in sorted((REPO_ROOT / "kg").glob("*.py")):
        if module.name != "__init__.py":
            assert f"kg/{module.name}" in README, f"README's module map misses kg/{module.name}"
