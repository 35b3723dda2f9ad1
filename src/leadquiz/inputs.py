"""Read a file a person hands to leadquiz (a bank, an answers file), within a size limit."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from leadquiz.errors import FileProblemsError, Problem

#: The file name that means standard input (and, for an output, standard output).
STDIO_NAME = "-"
#: How standard input is named in messages (FILE:LINE:COL).
STDIN_ORIGIN = "<stdin>"


def is_stdio(path: Path | None) -> bool:
    """Whether ``path`` is ``-``: standard input or output rather than a file."""
    return path is not None and str(path) == STDIO_NAME


def origin_of(path: Path) -> str:
    """How ``path`` is named in messages: ``<stdin>`` for ``-``."""
    return STDIN_ORIGIN if is_stdio(path) else str(path)


def _read_stdin(limit: int, error: type[FileProblemsError]) -> bytes:
    """Standard input's bytes, at most ``limit``; ``error`` if there is more."""
    stream = getattr(sys.stdin, "buffer", None)
    data = stream.read(limit + 1) if stream is not None else sys.stdin.read(limit + 1).encode()
    if len(data) > limit:
        raise error(
            [Problem(STDIN_ORIGIN, 0, 0, f"the input is larger than {limit // (1024 * 1024)} MiB")]
        )
    return data


def _not_a_file(mode: int) -> str:
    """What a file of this mode is, if not a regular file (``""`` if it is one)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_limited(path: Path, limit: int, error: type[FileProblemsError]) -> bytes:
    """Return the bytes of ``path``; raise ``error`` with a plain problem if it cannot be used.

    ``-`` is standard input.

    Only a regular file is read: a directory, a FIFO or a device is refused
    at once, never waited on. At most ``limit`` bytes are accepted: the size is
    checked first, and the read itself is bounded too.
    """
    if is_stdio(path):
        return _read_stdin(limit, error)
    origin = str(path)
    too_large = f"the file is larger than {limit // (1024 * 1024)} MiB"
    if not origin:
        raise error([Problem("''", 0, 0, "an empty file name names no file")])
    try:
        # Non-blocking, so that a FIFO is refused at once instead of waited on.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as handle:
            kind = _not_a_file(os.fstat(descriptor).st_mode)
            if kind:
                raise error([Problem(origin, 0, 0, f"this is {kind}, not a regular file")])
            if os.fstat(descriptor).st_size > limit:
                raise error([Problem(origin, 0, 0, too_large)])
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise error([Problem(origin, 0, 0, "no such file")]) from None
    except IsADirectoryError:
        raise error([Problem(origin, 0, 0, "this is a directory, not a file")]) from None
    except (OSError, ValueError) as failure:
        reason = getattr(failure, "strerror", None) or str(failure)
        raise error([Problem(origin, 0, 0, f"cannot be read: {reason}")]) from None
    if len(data) > limit:
        raise error([Problem(origin, 0, 0, too_large)])
    return data
