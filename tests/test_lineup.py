"""A run registers only the command it names: the choice, and that nothing shows the difference."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli_runs import invoke
from leadquiz.cli.lineup import COMMANDS, command_to_run

LEADQUIZ = Path(sys.executable).with_name("leadquiz")


@pytest.mark.parametrize(
    ("argv", "chosen"),
    [
        (["leadquiz", "take", "--bank", "core"], "take"),
        (["leadquiz", "--plain", "report", "3"], "report"),
        (["leadquiz", "banks", "list"], "banks"),
        (["leadquiz", "import", "forms/"], "import"),
        (["leadquiz", "--", "history"], "history"),
        (["leadquiz", "--plain", "--", "users"], "users"),
        (["leadquiz"], None),
        (["leadquiz", "--"], None),
        (["leadquiz", "--help"], None),
        (["leadquiz", "--version"], None),
        (["leadquiz", "--plain"], None),
        (["leadquiz", "tkae"], None),  # "No such command", with its suggestion
        (["leadquiz", "--nonsense", "take"], None),
        (["leadquiz", "import_"], None),  # the function's name is not the command's
    ],
)
def test_a_run_registers_the_command_it_runs_and_none_when_it_runs_none(
    argv: list[str], chosen: str | None
) -> None:
    assert command_to_run(argv, {}) == chosen


@pytest.mark.parametrize(
    ("shell", "environ", "chosen"),
    [
        ("bash", {"COMP_WORDS": "leadquiz export --f", "COMP_CWORD": "2"}, "export"),
        ("bash", {"COMP_WORDS": "leadquiz --plain banks ", "COMP_CWORD": "3"}, "banks"),
        ("bash", {"COMP_WORDS": "leadquiz ex", "COMP_CWORD": "1"}, None),  # the name itself
        ("bash", {"COMP_WORDS": "leadquiz export -f 'c", "COMP_CWORD": "3"}, "export"),
        ("bash", {"COMP_WORDS": "leadquiz export", "COMP_CWORD": "x"}, None),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "leadquiz history --u"}, "history"),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "leadquiz history "}, "history"),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "leadquiz hist"}, None),
        ("zsh", {"_TYPER_COMPLETE_ARGS": "leadquiz export -f 'c"}, "export"),
        ("fish", {"_TYPER_COMPLETE_ARGS": "leadquiz compare "}, "compare"),
        # PowerShell sends the line without its trailing space, and the word apart.
        ("powershell", {"_TYPER_COMPLETE_ARGS": "leadquiz banks"}, "banks"),
        ("pwsh", {"_TYPER_COMPLETE_ARGS": "leadquiz banks v"}, "banks"),  # no word being typed
        (
            "pwsh",
            {"_TYPER_COMPLETE_ARGS": "leadquiz banks v", "_TYPER_COMPLETE_WORD_TO_COMPLETE": "v"},
            "banks",
        ),
        (
            "powershell",
            {"_TYPER_COMPLETE_ARGS": "leadquiz ba", "_TYPER_COMPLETE_WORD_TO_COMPLETE": "ba"},
            None,
        ),
        ("tcsh", {"_TYPER_COMPLETE_ARGS": "leadquiz banks "}, None),
    ],
)
def test_completion_registers_the_command_being_completed(
    shell: str, environ: dict[str, str], chosen: str | None
) -> None:
    # Under completion argv holds only the program; the words come from the environment.
    environ = {"_LEADQUIZ_COMPLETE": f"complete_{shell}", **environ}
    assert command_to_run(["leadquiz"], environ) == chosen


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


def run(
    command: list[str], words: list[str], environ: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``command`` with ``words`` (and ``environ`` added)."""
    done = subprocess.run(
        [*command, *words],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **(environ or {})},
        check=False,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "words",
    [[name] for name in COMMANDS] + [["banks", "list"], ["banks", "validate"], ["role", "show"]],
    ids=" ".join,
)
def test_a_command_alone_helps_and_refuses_as_in_the_whole_app(words: list[str]) -> None:
    whole = [sys.executable, "-c", WHOLE_APP]
    for asked in ([*words, "--help"], [*words, "--no-such-option"]):
        assert run([str(LEADQUIZ)], asked) == run(whole, asked)
    assert run([str(LEADQUIZ)], [*words, "--no-such-option"])[0] == 2


@pytest.mark.parametrize(
    "words",
    [[], ["--help"], ["-h"], ["--plain"], ["tkae"], ["--nonsense"], ["--"], ["--", "tkae"]],
    ids=lambda words: " ".join(words) or "nothing",
)
def test_a_run_that_runs_no_command_lists_and_refuses_as_the_whole_app(words: list[str]) -> None:
    assert run([str(LEADQUIZ)], words) == run([sys.executable, "-c", WHOLE_APP], words)


@pytest.mark.parametrize(
    "environ",
    [
        {
            "_LEADQUIZ_COMPLETE": "complete_bash",
            "COMP_WORDS": "leadquiz export -f 'c",
            "COMP_CWORD": "3",
        },
        {"_LEADQUIZ_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "leadquiz export -f 'c"},
        {
            "_LEADQUIZ_COMPLETE": "complete_powershell",
            "_TYPER_COMPLETE_ARGS": "leadquiz banks",
            "_TYPER_COMPLETE_WORD_TO_COMPLETE": "",
        },
        {"_LEADQUIZ_COMPLETE": "complete_bash", "COMP_WORDS": "leadquiz ", "COMP_CWORD": "1"},
    ],
    ids=["bash-open-quote", "zsh-open-quote", "powershell-after-name", "bash-command-names"],
)
def test_completion_offers_what_the_whole_app_offers(environ: dict[str, str]) -> None:
    assert run([str(LEADQUIZ)], [], environ) == run([sys.executable, "-c", WHOLE_APP], [], environ)
    assert run([str(LEADQUIZ)], [], environ)[1].strip()  # something is offered
