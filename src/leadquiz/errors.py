"""The project's own exceptions.

Every failure a user can cause or meet is one of these. The CLI has one exit
point that turns them into a plain message on stderr and an exit code; no
traceback ever reaches a user.
"""

from __future__ import annotations

from typing import NamedTuple

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class Problem(NamedTuple):
    """One thing wrong with an input file, at a 1-based line and column (0 when unknown).

    A named tuple rather than a frozen dataclass: every command imports this module, and
    a dataclass costs a few compiles of generated code at start-up (TAB completion included).
    """

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column}: {self.message}"
        return f"{self.path}: {self.message}"


class LeadquizError(Exception):
    """Base of every error leadquiz reports to a user.

    ``exit_code`` is 2 for bad usage or bad input and 1 for a run-time failure.
    ``hint`` is an optional second line saying what to do.
    """

    exit_code = EXIT_FAILURE

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def lines(self) -> list[str]:
        """Return the lines to show the user, without any prefix."""
        return [self.message] + ([self.hint] if self.hint else [])


class BadInputError(LeadquizError):
    """Bad usage or bad input: an unknown attempt, a bad name, a missing file."""

    exit_code = EXIT_BAD_INPUT


class FileProblemsError(BadInputError):
    """An input file (bank or answers) with one or more problems, each located."""

    def __init__(self, problems: list[Problem]) -> None:
        first = str(problems[0]) if problems else "invalid file"
        super().__init__(first)
        self.problems = problems

    def lines(self) -> list[str]:
        """Return every problem, one per line."""
        return [str(problem) for problem in self.problems]


class BankError(FileProblemsError):
    """A bank file that cannot be used, with every problem found."""


class AnswersError(FileProblemsError):
    """An answers file that cannot be used, with every problem found."""


class StoreError(LeadquizError):
    """The history database cannot be used (damaged, locked, newer, not writable)."""


class FormError(FileProblemsError):
    """An observer form or response that cannot be used, with every problem found."""
