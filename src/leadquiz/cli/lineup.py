"""Which command a run needs: the command table, and the choice made from the command line.

Typer turns every registered command into a Click command on every run, and
each command's module must be imported for that. A run runs at most one
command, named by the first word after the root's flags: :func:`command_to_run`
finds it, and only it is registered for real. A run that runs none (the root's
help, no command, a name that is no command, shell completion of the command
name itself) needs the commands' names and one-line descriptions only: the
command list, "No such command" and its suggestion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple


class Entry(NamedTuple):
    """Where a command's function is: a module of ``leadquiz.cli`` and a name in it."""

    module: str
    function: str


#: Every command, in the order the root help lists them (Typer lists groups last).
#: ``banks`` and ``role`` are groups (their module's ``app``); the others are functions.
COMMANDS: dict[str, Entry] = {
    "take": Entry("take", "take"),
    "report": Entry("take", "report"),
    "history": Entry("attempts", "history"),
    "compare": Entry("attempts", "compare"),
    "export": Entry("attempts", "export"),
    "users": Entry("attempts", "users"),
    "forget": Entry("forget", "forget"),
    "invite": Entry("observers", "invite"),
    "observe": Entry("observing", "observe"),
    "import": Entry("observers", "import_"),
    "collect": Entry("observers", "collect"),
    "paths": Entry("places", "paths"),
    "backup": Entry("places", "backup"),
    "restore": Entry("places", "restore"),
    "group": Entry("group", "group"),
    "role": Entry("role", "app"),
    "banks": Entry("banks", "app"),
}

#: The root's flags that a command may follow (``leadquiz --plain take``, ``--no-pager``).
_ROOT_FLAGS = frozenset({"--plain", "--no-pager"})

#: The environment variable Click's completion runs ``leadquiz`` with.
COMPLETE_VARIABLE = "_LEADQUIZ_COMPLETE"


def complete_variable(program: str) -> str:
    """The variable that asks for completion of ``program``, named as Typer names it.

    Installed under another name (``lq``), the program answers ``_LQ_COMPLETE``
    only: a ``_LEADQUIZ_COMPLETE`` left in the environment is no completion then.
    """
    return f"_{program}_COMPLETE".replace("-", "_").upper()


def completing(environ: Mapping[str, str], program: str = "leadquiz") -> bool:
    """Whether this run is shell completion: the variable is set and not empty, as Typer asks."""
    return bool(environ.get(complete_variable(program)))


def completion_problem(environ: Mapping[str, str], program: str = "leadquiz") -> str:
    """Why a completion run cannot be answered (``""`` if it can): Typer would fail on it.

    Typer's bash completion reads ``COMP_CWORD`` with ``int()`` and fails with
    a ValueError on anything else, so it is refused plainly first.
    """
    shell = environ.get(complete_variable(program), "").partition("_")[2]
    if shell == "bash" and _cursor(environ) is None:
        return (
            f"shell completion needs COMP_CWORD to be a number, not "
            f"{environ.get('COMP_CWORD', '')[:20]!r}.\n"
            f"Set it up again with: {program} --install-completion"
        )
    return ""


def _cursor(environ: Mapping[str, str]) -> int | None:
    text = environ.get("COMP_CWORD", "")
    # int() would take " 3", "+3", "٣" and "3_0"; the shell writes plain digits.
    return int(text) if text.isascii() and text.isdigit() else None


def command_to_run(
    argv: Sequence[str], environ: Mapping[str, str], program: str = "leadquiz"
) -> str | None:
    """The command a run of ``leadquiz`` with ``argv`` runs; ``None`` if it runs none.

    ``argv`` is ``sys.argv``: the program, then its arguments; ``program`` is the
    name it runs under (Click's). Under shell completion the words typed so far
    come from the environment instead, and the command is the one whose options
    or arguments are being completed.
    """
    words = _completed_words(environ, program) if completing(environ, program) else list(argv[1:])
    if words is None:
        return None
    for index, word in enumerate(words):
        if word in _ROOT_FLAGS:
            continue
        # After "--" (the end of options) the next word is the command's name.
        name = (words[index + 1 : index + 2] or [""])[0] if word == "--" else word
        return name if name in COMMANDS else None  # else help, version, or no command
    return None


def _completed_words(environ: Mapping[str, str], program: str) -> list[str] | None:
    """The words before the one being completed, without the program; ``None`` if unknown.

    Read as Typer's completion class of each shell reads them: bash passes the
    line and the cursor's word (``COMP_WORDS``, ``COMP_CWORD``); zsh and fish
    pass the line in ``_TYPER_COMPLETE_ARGS``, whose last word is being completed
    unless the line ends in a space; PowerShell passes that word apart, in
    ``_TYPER_COMPLETE_WORD_TO_COMPLETE``.
    """
    shell = environ.get(complete_variable(program), "").partition("_")[2]  # "complete_zsh"
    if shell == "bash":
        cursor = _cursor(environ)
        if cursor is None:
            return None
        return _split(environ.get("COMP_WORDS", ""))[1:cursor]
    line = environ.get("_TYPER_COMPLETE_ARGS", "")
    words = _split(line)[1:]
    if shell in ("zsh", "fish"):
        return words[:-1] if words and not line.endswith(" ") else words
    if shell in ("powershell", "pwsh"):
        return words[:-1] if environ.get("_TYPER_COMPLETE_WORD_TO_COMPLETE") else words
    return None


def _split(line: str) -> list[str]:
    """The words of ``line`` as Click's completion splits them.

    Like ``shlex.split``, but an unclosed quote or a trailing backslash leaves
    the partial word as typed instead of failing (a word being typed often has one).
    """
    import shlex  # only completion needs it

    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:  # end of the line inside a quote or after a backslash
        words.append(lexer.token)
    return words
