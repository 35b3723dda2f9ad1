"""Write an export file atomically, private to the user, never clobbering by accident."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from leadquiz.errors import BadInputError, LeadquizError


def write_private(path: Path, text: str, *, overwrite: bool) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename (mode 0600).

    Without ``overwrite`` an existing file is refused, and the check and the
    rename are one step (a hard link), so a file appearing meanwhile is safe too.
    """
    target = path.expanduser()
    if target.is_dir():
        raise BadInputError(f"{str(target)!r} is a directory; give a file name to write to")
    if not overwrite and target.exists():
        raise BadInputError(
            f"{str(target)!r} already exists", "Use --force to replace it, or choose another name."
        )
    parent = target.parent
    if not parent.is_dir():
        raise BadInputError(f"the folder {str(parent)!r} does not exist")
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    except OSError as error:
        raise LeadquizError(f"cannot write in {str(parent)!r}: {error.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)
    except FileExistsError:
        raise BadInputError(
            f"{str(target)!r} already exists", "Use --force to replace it, or choose another name."
        ) from None
    except OSError as error:
        raise LeadquizError(f"cannot write {str(target)!r}: {error.strerror}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
