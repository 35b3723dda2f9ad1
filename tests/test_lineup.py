"""A run registers only the command it names: the choice, and that nothing shows the difference."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runs import invoke
from leadquiz.cli.lineup import COMMANDS, commands_for

LEADQUIZ = Path(sys.executable).with_name("leadquiz")
ALL = tuple(COMMANDS)


@pytest.mark.parametrize(
    ("argv", "chosen"),
    [
        (["leadquiz", "take", "--bank", "core"], ("take",)),
        (["leadquiz", "--plain", "report", "3"], ("report",)),
        (["leadquiz", "banks", "list"], ("banks",)),
        (["leadquiz", "import", "forms/"], ("import",)),
        (["leadquiz"], ALL),
        (["leadquiz", "--help"], ALL),
        (["leadquiz", "--version"], ALL),
        (["leadquiz", "--plain"], ALL),
        (["leadquiz", "tkae"], ALL),  # "No such command", with its suggestion
        (["leadquiz", "--nonsense", "take"], ALL),
        (["leadquiz", "import_"], ALL),  # the function's name is not the command's
    ],
)
def test_a_run_registers_the_command_it_names_and_all_when_unsure(
    argv: list[str], chosen: tuple[str, ...]
) -> None:
    assert commands_for(argv, {}) == chosen


@pytest.mark.parametrize(
    ("environ", "chosen"),
    [
        ({"COMP_WORDS": "leadquiz export --f", "COMP_CWORD": "2"}, ("export",)),
        ({"COMP_WORDS": "leadquiz --plain banks ", "COMP_CWORD": "3"}, ("banks",)),
        ({"COMP_WORDS": "leadquiz ex", "COMP_CWORD": "1"}, ALL),  # the command's own name
        ({"COMP_WORDS": "leadquiz export 'a", "COMP_CWORD": "2"}, ALL),  # unclosed quote
        ({"COMP_WORDS": "leadquiz export", "COMP_CWORD": "x"}, ALL),
        ({"_TYPER_COMPLETE_ARGS": "leadquiz history --u"}, ("history",)),
        ({"_TYPER_COMPLETE_ARGS": "leadquiz history "}, ("history",)),
        ({"_TYPER_COMPLETE_ARGS": "leadquiz hist"}, ALL),
        ({}, ALL),
    ],
)
def test_completion_registers_the_command_being_completed(
    environ: dict[str, str], chosen: tuple[str, ...]
) -> None:
    environ = {"_LEADQUIZ_COMPLETE": "complete_bash", **environ}
    # Under completion argv holds only the program; the words come from the environment.
    assert commands_for(["leadquiz"], environ) == chosen


def test_the_table_is_every_command_of_the_app_in_its_help_order() -> None:
    listed = invoke(["--help"]).stdout.split("Commands:")[1].split("\n\n")[0]
    names = [line.split()[0] for line in listed.strip().splitlines()]
    assert names == list(COMMANDS)


#: Runs the app with every command, as ``leadquiz`` ran before it chose one.
WHOLE_APP = """
import sys
from leadquiz.cli.application import full_app
sys.argv[0] = "leadquiz"
full_app()(prog_name="leadquiz")
"""


def run(command: list[str], words: list[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``command`` with ``words``."""
    done = subprocess.run(
        [*command, *words],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80"},
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "words",
    [[name] for name in COMMANDS] + [["banks", "list"], ["banks", "validate"]],
    ids=" ".join,
)
def test_a_command_alone_helps_and_refuses_as_in_the_whole_app(words: list[str]) -> None:
    whole = [sys.executable, "-c", WHOLE_APP]
    for asked in ([*words, "--help"], [*words, "--no-such-option"]):
        assert run([str(LEADQUIZ)], asked) == run(whole, asked)
    assert run([str(LEADQUIZ)], [*words, "--no-such-option"])[0] == 2
