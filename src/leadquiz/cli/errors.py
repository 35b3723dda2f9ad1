"""The single exit point: the project's errors become a plain message and an exit code."""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from leadquiz.cli.output import flush_stdout, is_output_error, output_failed
from leadquiz.errors import EXIT_BAD_INPUT, BadInputError, FileProblemsError, LeadquizError
from leadquiz.text import printable, quoted


def report_error(error: LeadquizError) -> None:
    """Write an error to stderr as plain lines (file problems as FILE:LINE:COL: message)."""
    lines = error.lines()
    if not isinstance(error, FileProblemsError):
        lines = [f"Error: {lines[0]}", *lines[1:]]
    sys.stderr.write("".join(printable(line) + "\n" for line in lines))
    sys.stderr.flush()


def plain_lines(text: str) -> str:
    """Escape control and bidi characters in ``text``, keeping its line breaks."""
    return "\n".join(printable(line) for line in text.split("\n"))


def _make_plain(error: typer.TyperException) -> None:
    """Make a usage error's message safe to print: it may quote what was typed.

    Click escapes C0/C1 control characters in some messages but not bidi
    overrides such as U+202E, and not in every message.
    """
    format_message = getattr(error, "format_message", None)
    if callable(format_message):
        setattr(error, "format_message", lambda: plain_lines(str(format_message())))  # noqa: B010


def _refuse_nul(args: list[str]) -> None:
    """Stop on an argument holding NUL: no file name or value can (os.stat raises ValueError).

    A shell cannot pass one, but a program calling leadquiz in-process can.
    """
    for arg in args:
        if "\x00" in arg:
            report_error(
                BadInputError(
                    f"The argument {quoted(arg)} contains a NUL character, "
                    "which no name, path or value may hold."
                )
            )
            raise typer.Exit(EXIT_BAD_INPUT)


class PlainUsageCommand(TyperCommand):
    """A command whose usage line names a required argument plainly: ``FORM``, not ``{FORM}``."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        """The usage line's pieces, without the braces Typer puts round required arguments."""
        pieces: list[str] = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]


class LeadquizGroup(TyperGroup):
    """A Typer group whose commands may raise :class:`LeadquizError` to stop cleanly."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        """Parse the group's own options; usage errors quote the input only escaped."""
        if parent is None:
            _refuse_nul(args)
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except typer.TyperException as error:
            _make_plain(error)
            raise

    def invoke(self, ctx: Any) -> Any:
        """Run the command; turn the project's errors into a message and exit code.

        Its output is flushed here, so that output that cannot be written
        (closed, full, a reader gone) is reported here too.
        """
        try:
            value = super().invoke(ctx)
            flush_stdout()
        except LeadquizError as error:
            report_error(error)
            raise typer.Exit(error.exit_code) from None
        except typer.TyperException as error:
            _make_plain(error)
            raise
        except OSError as error:
            if not is_output_error(error):
                raise
            raise typer.Exit(output_failed(error)) from None
        return value
