"""What ends a run of questions early, and what is only an error (cli/signals.end_run)."""

from __future__ import annotations

import errno
import signal
import subprocess
import sys

import pytest
import typer

from leadquiz.cli import signals


@pytest.fixture(autouse=True)
def _handlers_put_back() -> object:
    """end_run silences further stops; give the next test the handlers it had."""
    signals.install()
    yield None
    signals.restore()


@pytest.mark.parametrize(
    ("stop", "code"),
    [
        (KeyboardInterrupt(), 130),
        (EOFError(), 130),
        (signals.Stopped(143), 143),
        (signals.Stopped(129), 129),
        (OSError(errno.EIO, "Input/output error"), 129),
        (OSError(errno.EPIPE, "Broken pipe"), 129),
    ],
)
def test_a_stop_says_what_was_kept_and_exits_with_its_code(stop: BaseException, code: int) -> None:
    said: list[str] = []
    with pytest.raises(typer.Exit) as ended:
        signals.end_run(stop, lambda: said.append("kept"))
    assert ended.value.exit_code == code
    assert said == ["kept"]


def test_a_terminal_gone_while_saying_what_was_kept_still_exits_with_the_code() -> None:
    def say() -> None:
        raise OSError(errno.EIO, "Input/output error")

    with pytest.raises(typer.Exit) as ended:
        signals.end_run(KeyboardInterrupt(), say)
    assert ended.value.exit_code == 130


@pytest.mark.parametrize("number", [errno.ENOSPC, errno.EACCES, errno.EROFS])
def test_a_file_that_cannot_be_written_is_an_error_not_a_stop(number: int) -> None:
    said: list[str] = []
    problem = OSError(number, "cannot write")
    with pytest.raises(OSError, match="cannot write") as raised:
        signals.end_run(problem, lambda: said.append("kept"))
    assert raised.value is problem
    assert said == []


LOST_IN_A_FINALIZER = """
import gc, signal, sys, time
from leadquiz.cli import signals

signals.install()


def finalized():
    try:
        yield 1
    finally:
        signal.raise_signal(getattr(signal, sys.argv[1]))  # handled inside a finalizer


pending = finalized()
next(pending)
try:
    del pending
    gc.collect()
    time.sleep(5)  # waiting, as for an answer
    print("lost")
except KeyboardInterrupt:
    print("Ctrl-C")
except signals.Stopped as stop:
    print(stop.code)
"""


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs POSIX alarms")
@pytest.mark.parametrize(("name", "shown"), [("SIGINT", "Ctrl-C"), ("SIGTERM", "143")])
def test_a_stop_handled_inside_a_finalizer_is_delivered_again_not_lost(
    name: str, shown: str
) -> None:
    # Python only prints an exception raised in a finalizer; with further stops
    # silenced, a lost stop would leave leadquiz deaf to Ctrl-C.
    done = subprocess.run(
        [sys.executable, "-c", LOST_IN_A_FINALIZER, name],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.stdout.strip() == shown, done
    assert "Exception ignored" not in done.stderr
