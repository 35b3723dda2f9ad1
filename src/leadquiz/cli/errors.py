"""The single exit point: the project's errors become a plain message and an exit code."""

from __future__ import annotations

import sys
from typing import Any

import typer
from typer.core import TyperGroup

from leadquiz.errors import FileProblemsError, LeadquizError
from leadquiz.text import printable


def report_error(error: LeadquizError) -> None:
    """Write an error to stderr as plain lines (file problems as FILE:LINE:COL: message)."""
    lines = error.lines()
    if not isinstance(error, FileProblemsError):
        lines = [f"Error: {lines[0]}", *lines[1:]]
    sys.stderr.write("".join(printable(line) + "\n" for line in lines))
    sys.stderr.flush()


class LeadquizGroup(TyperGroup):
    """A Typer group whose commands may raise :class:`LeadquizError` to stop cleanly."""

    def invoke(self, ctx: Any) -> Any:
        """Run the command; turn the project's errors into a message and exit code."""
        try:
            return super().invoke(ctx)
        except LeadquizError as error:
            report_error(error)
            raise typer.Exit(error.exit_code) from None
