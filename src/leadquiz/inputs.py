"""Read a file a person hands to leadquiz (a bank, an answers file), within a size limit."""

from __future__ import annotations

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


def read_limited(path: Path, limit: int, error: type[FileProblemsError]) -> bytes:
    """Return the bytes of ``path``; raise ``error`` with a plain problem if it cannot be used.

    ``-`` is standard input.

    At most ``limit`` bytes are accepted: the size is checked first, and the read
    itself is bounded too, since a device such as /dev/zero reports size 0 and
    never ends.
    """
    if is_stdio(path):
        return _read_stdin(limit, error)
    origin = str(path)
    too_large = f"the file is larger than {limit // (1024 * 1024)} MiB"
    try:
        if path.stat().st_size > limit:
            raise error([Problem(origin, 0, 0, too_large)])
        with path.open("rb") as handle:
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
