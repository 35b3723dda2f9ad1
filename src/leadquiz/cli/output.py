"""Output that cannot be written: stdout closed, a full device, a reader that went away.

Every command's output passes the one exit point (:mod:`leadquiz.cli.errors`
and :func:`leadquiz.cli.application.main`), which flushes it there, inside
its guard, rather than in the interpreter's exit flush where a failure would
print a Python message. A reader that goes away (``| head -1``) ends the run
quietly, as other command-line tools do; any other failure to write is one
plain line. If ``take`` had already saved an attempt, the message says so,
so that running it again does not make a duplicate.
"""

from __future__ import annotations

import errno
import io
import os
import sys

#: Exit code when the reader of stdout went away (128 + SIGPIPE, as the shell shows it).
EXIT_BROKEN_PIPE = 141
#: Exit code when the output could not be written.
EXIT_OUTPUT_FAILED = 1

_saved_attempt: list[int] = []


def set_saved_attempt(attempt_id: int) -> None:
    """Note that ``attempt_id`` is saved, for the message if printing its result then fails."""
    _saved_attempt[:] = [attempt_id]


def forget_saved_attempt() -> None:
    """Forget the note (each in-process run starts without one)."""
    _saved_attempt.clear()


class ClosedStream(io.TextIOBase):
    """Stands for a standard stream the process was started without (``>&-``, ``<&-``).

    Python sets such a stream to ``None``; this one fails to write, as a closed
    descriptor does, so that the failure is reported instead of output vanishing.
    It reads as empty (end of input) and is not a terminal.
    """

    def writable(self) -> bool:
        """A closed stream takes no output."""
        return True

    def write(self, text: str) -> int:
        """Fail as writing to a closed descriptor fails."""
        raise OSError(errno.EBADF, "the output is closed")

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        """End of input."""
        return ""

    def read(self, size: int | None = -1) -> str:
        """End of input."""
        return ""

    def isatty(self) -> bool:
        """Not a terminal."""
        return False


def guard_streams() -> None:
    """Replace a standard stream that is missing (closed at start) by a :class:`ClosedStream`."""
    if sys.stdout is None:
        sys.stdout = ClosedStream()
    if sys.stdin is None:
        sys.stdin = ClosedStream()
    if sys.stderr is None:
        sys.stderr = io.StringIO()  # nowhere to say anything; the exit code still tells


def is_output_error(error: OSError) -> bool:
    """Whether ``error`` is a failure to write standard output (not a file leadquiz opened)."""
    return error.errno in (errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT)


def flush_stdout() -> None:
    """Flush stdout now, so that a failure is met inside the exit point's guard."""
    if sys.stdout is not None:
        sys.stdout.flush()


def output_failed(error: OSError) -> int:
    """Report a failure to write stdout (quietly for a reader gone); return the exit code."""
    _silence_stdout()
    saved = _saved_attempt[0] if _saved_attempt else None
    note = ""
    if saved is not None:
        note = (
            f"Attempt {saved} was saved, but its result could not be printed. "
            f"See it with: leadquiz report {saved}\n"
        )
    if error.errno == errno.EPIPE:
        _say(note)
        return EXIT_BROKEN_PIPE
    reason = "the device is full" if error.errno == errno.ENOSPC else (error.strerror or "")
    if error.errno == errno.EBADF:
        reason = "standard output is closed"
    _say(f"leadquiz: cannot write the output: {reason}.\n{note}")
    return EXIT_OUTPUT_FAILED


def _say(text: str) -> None:
    if not text:
        return
    try:
        sys.stderr.write(text)
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):
        return


def _silence_stdout() -> None:
    """Point stdout at nothing, so the interpreter's exit flush cannot fail a second time."""
    try:
        descriptor = sys.stdout.fileno()
        nowhere = os.open(os.devnull, os.O_WRONLY)
        os.dup2(nowhere, descriptor)
        os.close(nowhere)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        sys.stdout = io.StringIO()
