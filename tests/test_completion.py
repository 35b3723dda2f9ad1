"""Shell completion and help: the scripts bash runs, and what ``--help`` tells a newcomer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runs import invoke
from leadquiz.cli.helptext import EXAMPLES, SHORT

LEADQUIZ = Path(sys.executable).with_name("leadquiz")

#: Every command and subcommand path, as typed.
COMMANDS = [
    ["take"],
    ["report"],
    ["history"],
    ["compare"],
    ["export"],
    ["users"],
    ["forget"],
    ["paths"],
    ["backup"],
    ["restore"],
    ["banks", "list"],
    ["banks", "show"],
    ["banks", "validate"],
]


def bash_complete(line: str) -> list[str]:
    """What bash offers on TAB after ``line``, through the script leadquiz prints."""
    script = subprocess.run(
        [str(LEADQUIZ), "--show-completion", "bash"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    ).stdout
    assert "complete" in script
    words = line.split(" ")
    program = f"""
{script}
COMP_WORDS=({" ".join(f"'{word}'" for word in words)})
COMP_CWORD={len(words) - 1}
_leadquiz_completion '{LEADQUIZ}'
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", program],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


needs_bash = pytest.mark.skipif(
    shutil.which("bash") is None or not LEADQUIZ.exists(), reason="needs bash and the script"
)


@needs_bash
def test_bash_completes_a_command() -> None:
    assert bash_complete("leadquiz ex") == ["export"]
    assert "take" in bash_complete("leadquiz ")


@needs_bash
def test_bash_completes_a_subcommand() -> None:
    assert bash_complete("leadquiz banks s") == ["show"]


@needs_bash
def test_bash_completes_an_option_and_its_choices() -> None:
    assert set(bash_complete("leadquiz export --f")) == {"--format", "--force"}
    assert bash_complete("leadquiz export --format ") == ["md", "json", "csv", "html"]


@needs_bash
@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_for_each_shell(shell: str) -> None:
    done = subprocess.run(
        [str(LEADQUIZ), "--show-completion", shell],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert f"complete_{shell}" in done.stdout


def test_root_help_names_the_environment_and_completion() -> None:
    run = invoke(["--help"])
    assert run.code == 0
    for name in ("LEADQUIZ_HOME", "LEADQUIZ_USER", "NO_COLOR", "TERM=dumb"):
        assert name in run.stdout
    assert "--install-completion" in run.stdout
    assert "--show-completion" in run.stdout


def test_command_list_shows_whole_descriptions_at_80_columns() -> None:
    run = invoke(["--help"], env={"COLUMNS": "80", "TERMINAL_WIDTH": "80"})
    commands = run.stdout.split("Commands:")[1].split("Examples:")[0]
    assert "..." not in commands
    for name in ("take", "report", "export", "banks"):
        assert SHORT[name] in run.stdout


@pytest.mark.parametrize("path", COMMANDS, ids=" ".join)
def test_every_command_help_has_examples(path: list[str]) -> None:
    run = invoke([*path, "--help"])
    assert run.code == 0, run.output
    assert "Examples:" in run.stdout
    assert f"leadquiz {' '.join(path)}" in run.stdout
    assert path[-1] in EXAMPLES


def test_export_help_lists_its_formats() -> None:
    run = invoke(["export", "--help"])
    assert "--format md|json|csv|html" in run.stdout
