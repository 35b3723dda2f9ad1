"""Write an export file atomically, private to the user, never clobbering by accident.

``--force`` (``overwrite``) replaces only a regular file that is not leadquiz's
own: never a link (nor what it points to), a device, a pipe or a socket, and
never the history, its journal, log or copies (:func:`refuse_to_replace`).
Every OS error of a write is a plain ``LeadquizError``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from leadquiz.errors import BadInputError, LeadquizError
from leadquiz.paths import data_home, is_history_file_name
from leadquiz.text import quoted

#: Errors of ``os.link`` that mean "this file system has no hard links" (FAT, exFAT, some
#: network and FUSE file systems): the no-clobber rename then reserves the name instead.
_NO_HARD_LINKS = frozenset(
    {errno.EPERM, errno.EACCES, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}
)
#: Never follow a symbolic link when creating a file (0 where the platform has no such flag).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
#: At most this many characters of the target's name go into the temporary file's name.
_NAME_IN_TEMPORARY = 40


def write_private(path: Path, text: str, *, overwrite: bool) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename (mode 0600).

    Without ``overwrite`` an existing file is refused, and the check and the
    rename are one step (a hard link), so a file appearing meanwhile is safe too.
    Where the file system has no hard links, the name is first reserved with an
    exclusive create and then replaced by the finished file. No temporary file
    is left behind, whether the write succeeds or fails.
    """
    write_private_chunks(path, (text.encode("utf-8"),), overwrite=overwrite)


def write_private_chunks(path: Path, chunks: Iterable[bytes], *, overwrite: bool) -> None:
    """Write the bytes ``chunks`` make, one after the other, as :func:`write_private` does.

    The chunks are taken one at a time, so a long export is never held whole in
    memory. The target is checked before the first chunk is asked for; if
    making a chunk fails, its error goes on and nothing is left behind.
    """
    target = _checked_target(path, overwrite=overwrite)
    parent = target.parent
    # The temporary name is chosen before the file is made, so that whatever
    # stops the process once it exists (a signal between two steps), the
    # ``finally`` below knows what to remove.
    temporary = str(parent / f".{target.name[:_NAME_IN_TEMPORARY]}.{os.urandom(6).hex()}.tmp")
    try:
        try:
            fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
        except OSError as error:
            raise LeadquizError(
                f"cannot write in {quoted(str(parent), None)}: {_reason(error)}"
            ) from None
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        if overwrite:
            os.replace(temporary, target)
        else:
            _link_new(temporary, target)
    except FileExistsError:
        raise _exists(target) from None
    except IsADirectoryError:
        raise BadInputError(
            f"{quoted(str(target), None)} is a directory; give a file name to write to"
        ) from None
    except OSError as error:
        raise LeadquizError(f"cannot write {quoted(str(target), None)}: {_reason(error)}") from None
    finally:
        # OSError, not only FileNotFoundError: on a read-only disk even removing a
        # file that was never made fails (EROFS), and must not hide the real error.
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _checked_target(path: Path, *, overwrite: bool) -> Path:
    """The file to write, once it is known to be a usable name in an existing folder."""
    target = path.expanduser()
    if "\0" in str(target):
        raise BadInputError(
            f"{quoted(str(target), None)} is not a usable file name (it contains NUL)"
        )
    try:
        if target.is_dir():
            raise BadInputError(
                f"{quoted(str(target), None)} is a directory; give a file name to write to"
            )
        if not overwrite and target.exists():
            raise _exists(target)
        if overwrite:
            refuse_to_replace(target)
        if not target.parent.is_dir():
            raise BadInputError(
                f"the folder {quoted(str(target.parent), limit=None)} does not exist"
            )
    except OSError as error:  # a name too long, a loop of links, no permission to look
        raise BadInputError(
            f"{quoted(str(target))} is not a usable file name: {_reason(error)}"
        ) from None
    return target


def refuse_to_replace(target: Path) -> None:
    """Refuse (``BadInputError``) to let ``--force`` replace ``target`` unless it may.

    It may if it is missing, or a regular file that is not one of the history's
    own (found by device and inode, so a hard link or another spelling of the
    path is caught too).
    """
    shown = quoted(str(target), None)
    try:
        found = target.lstat()
    except FileNotFoundError:
        return
    except OSError as error:
        raise BadInputError(f"{shown} is not a usable file name: {_reason(error)}") from None
    if stat.S_ISLNK(found.st_mode):
        raise BadInputError(
            f"{shown} is a symbolic link; --force replaces only a regular file, "
            "never a link or what it points to",
            "Remove the link, or choose another name.",
        )
    if not stat.S_ISREG(found.st_mode):
        raise BadInputError(
            f"{shown} is not a regular file (a device, a pipe or a socket); "
            "--force replaces only a regular file",
            "Choose another name.",
        )
    if (found.st_dev, found.st_ino) in _history_files():
        raise BadInputError(
            f"{shown} is leadquiz's own history (or one of its copies); --force never replaces it",
            "Choose another name. To copy the history, use: leadquiz backup FILE",
        )


def _history_files() -> set[tuple[int, int]]:
    """Device and inode of every file of the history in the data directory."""
    try:
        home = data_home()
        entries = list(os.scandir(home))
    except (OSError, LeadquizError):
        return set()
    found: set[tuple[int, int]] = set()
    for entry in entries:
        if not is_history_file_name(entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        found.add((info.st_dev, info.st_ino))
    return found


def _link_new(temporary: str, target: Path) -> None:
    """Give the finished ``temporary`` the name ``target``; FileExistsError if it is taken."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        # No hard links here: claim the name exclusively (a file appearing meanwhile
        # makes this fail), then move the finished file over the empty placeholder.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            os.replace(temporary, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(target)
            raise


def _exists(target: Path) -> BadInputError:
    return BadInputError(
        f"{quoted(str(target), None)} already exists",
        "Use --force to replace it, or choose another name.",
    )


def _reason(error: OSError) -> str:
    return error.strerror or str(error)
