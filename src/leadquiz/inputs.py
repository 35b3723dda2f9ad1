"""Read a file a person hands to leadquiz (a bank, an answers file), within a size limit."""

from __future__ import annotations

from pathlib import Path

from leadquiz.errors import FileProblemsError, Problem


def read_limited(path: Path, limit: int, error: type[FileProblemsError]) -> bytes:
    """Return the bytes of ``path``; raise ``error`` with a plain problem if it cannot be used.

    At most ``limit`` bytes are accepted: the size is checked first, and the read
    itself is bounded too, since a device such as /dev/zero reports size 0 and
    never ends.
    """
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
