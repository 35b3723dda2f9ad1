"""Running leadquiz in-process for the CLI tests (Typer's ``CliRunner``), with what a user saw."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from typer.testing import CliRunner

from leadquiz.cli import app

runner = CliRunner()


class Run(NamedTuple):
    """What a user saw: the exit code, stdout and stderr."""

    code: int
    stdout: str
    stderr: str
    #: stdout as written (``stdout`` has ``\r\n`` turned into ``\n`` by Click).
    raw: bytes = b""

    @property
    def output(self) -> str:
        """stdout then stderr."""
        return self.stdout + self.stderr


def invoke(
    args: Sequence[str],
    *,
    stdin: str | None = None,
    env: Mapping[str, str | None] | None = None,
) -> Run:
    """Run leadquiz in-process with ``stdin`` typed; an uncaught exception fails the test.

    (An uncaught exception is what a user would see as a traceback.)
    """
    result = runner.invoke(app, list(args), input=stdin, env=dict(env or {}))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"uncaught {result.exception!r}") from result.exception
    return Run(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def invoke_clean(
    args: Sequence[str],
    *,
    stdin: str | None = None,
    env: Mapping[str, str | None] | None = None,
) -> Run:
    """:func:`invoke`, failing also when the output shows a traceback."""
    run = invoke(args, stdin=stdin, env=env)
    assert "Traceback" not in run.output
    return run
