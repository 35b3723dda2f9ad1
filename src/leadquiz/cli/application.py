"""The Typer application and the ``leadquiz`` entry point.

Rich, PyYAML and sqlite3 are imported inside the commands that need them, so
``leadquiz --version`` and ``--help`` start at the cost of Typer alone.
"""

# No ``from __future__ import annotations`` in a module of commands: Typer reads their
# signatures on every run, and string annotations cost it an eval() each (docs/architecture.md).

import importlib
import os
import sys
from collections.abc import Collection
from functools import cache
from typing import Annotated

import typer

from leadquiz import __version__
from leadquiz.cli import signals
from leadquiz.cli.errors import LeadquizGroup, PlainUsageCommand
from leadquiz.cli.helptext import EXAMPLES, ROOT_EPILOG, SHORT
from leadquiz.cli.lineup import COMMANDS, command_to_run, completion_problem
from leadquiz.cli.output import flush_stdout, guard_streams, is_output_error, output_failed
from leadquiz.display import request_no_pager, request_plain
from leadquiz.text import printable


def build_app(
    names: Collection[str] = COMMANDS.keys(), *, list_others: bool = False
) -> typer.Typer:
    """The ``leadquiz`` app with the commands ``names`` (all by default), in the help's order.

    With ``list_others``, every other command is listed by its name and one-line
    description only, for the command list and "No such command".

    A run registers only the command it runs (:mod:`leadquiz.cli.lineup`): Typer
    builds every registered command on every run, and importing and building the
    other fourteen cost about a tenth of a command's start-up.
    """
    app = typer.Typer(
        name="leadquiz",
        cls=LeadquizGroup,
        help=(
            "Where do you stand between managing and leading, area by area? "
            "Answer a short questionnaire, see your profile, rerun it later to see what changed."
        ),
        epilog=ROOT_EPILOG,
        no_args_is_help=True,
        # --install-completion / --show-completion: Typer already imports their code.
        add_completion=True,
        # Plain help: Rich-formatted help costs ~90 ms on every --help.
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        pretty_exceptions_show_locals=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    for name, entry in COMMANDS.items():
        if name not in names:
            if list_others:
                app.command(name, short_help=SHORT[name])(_listed_only)
            continue
        target = getattr(importlib.import_module(f"leadquiz.cli.{entry.module}"), entry.function)
        if isinstance(target, typer.Typer):
            app.add_typer(target, name=name, short_help=SHORT[name])
        else:
            app.command(
                name, cls=PlainUsageCommand, short_help=SHORT[name], epilog=EXAMPLES.get(name)
            )(target)
    app.callback()(root)
    return app


@cache
def full_app() -> typer.Typer:
    """The app with every command, built once: what ``leadquiz.cli.app`` is."""
    return build_app()


def _listed_only() -> None:
    """Stands for a command in a run that runs none; never called (see ``command_to_run``)."""
    raise RuntimeError("a command registered to be listed only was run")


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"leadquiz {__version__}\n")
        try:
            flush_stdout()
        except OSError as error:
            raise typer.Exit(output_failed(error)) from None
        raise typer.Exit()


def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            callback=_show_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
    plain: Annotated[
        bool,
        typer.Option(
            "--plain",
            help="No colours, and lines and marks drawn in ASCII (as TERM=dumb): "
            "for old terminals and screen readers.",
        ),
    ] = False,
    no_pager: Annotated[
        bool,
        typer.Option(
            "--no-pager",
            help="Never page long output (otherwise, on a terminal, output taller than it "
            "goes through $PAGER, default less).",
        ),
    ] = False,
) -> None:
    """Answer questions, see where you stand between managing and leading, track change."""
    request_plain(plain)
    request_no_pager(no_pager)


def main() -> None:
    """Run the CLI; the last guard that keeps tracebacks away from users."""
    guard_streams()
    signals.install()
    program = _program_name()
    problem = completion_problem(os.environ, program)
    if problem:
        _say(f"{program}: " + "".join(printable(line) + "\n" for line in problem.splitlines()))
        sys.exit(1)
    name = command_to_run(sys.argv, os.environ, program)
    sys.exit(_run(build_app(() if name is None else (name,), list_others=name is None)))


def _program_name() -> str:
    """The name this run goes by, as Typer finds it (what its completion variable is named for)."""
    try:
        # What typer.core reads it with (Typer vendors Click; no second Click is loaded).
        from typer._click.utils import _detect_program_name

        return _detect_program_name()
    except Exception:  # another Typer, an embedding program with an unusual sys.argv
        return os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "leadquiz"


def _run(app: typer.Typer) -> int:
    """Run ``app`` and return its exit code, whatever stops it."""
    try:
        app()
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        return _flushed(code)
    except KeyboardInterrupt:
        signals.hold()
        _say("\nInterrupted.\n")
        return signals.EXIT_INTERRUPT
    except signals.Stopped as stop:
        signals.hold()
        _say("\nStopped.\n")
        return stop.code
    except OSError as error:
        if is_output_error(error):
            return output_failed(error)
        return _internal_error(error)
    except Exception as error:  # the one place that must keep tracebacks from users
        return _internal_error(error)
    return _flushed(0)


def _flushed(code: int) -> int:
    """``code``, once stdout is flushed; the output failure's code if it cannot be."""
    try:
        flush_stdout()
    except OSError as error:
        return output_failed(error)
    except ValueError:  # stdout was closed by the program embedding leadquiz
        return code
    return code


def _internal_error(error: BaseException) -> int:
    _say(
        f"leadquiz: unexpected internal error: {type(error).__name__}: "
        f"{printable(str(error))}\n"
        "Please report this; your saved answers are safe.\n"
    )
    return 1


def _say(text: str) -> None:
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError):
        return
