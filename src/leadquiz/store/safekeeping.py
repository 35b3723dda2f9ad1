"""Copy the history to a file and put such a copy back: ``leadquiz backup`` and ``restore``.

A backup is taken with SQLite's online backup (``Connection.backup``): a
consistent copy even while another leadquiz writes. The copy is written under
a temporary name (mode 0600) and then given its name, so a failed backup
leaves nothing, and an existing file is never replaced without ``overwrite``.

``restore`` first copies the file it is given and checks the copy (an SQLite
file, a leadquiz history, not newer than this leadquiz understands, not
damaged); only then is the current history set aside, itself through an
online backup, and replaced. The current file is never deleted.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from leadquiz.errors import BadInputError, StoreError
from leadquiz.store.copies import RESTORING_PREFIX, SET_ASIDE_INFIX
from leadquiz.store.database import Store
from leadquiz.store.dbfile import DB_NAME, SQLITE_HEADER, examine
from leadquiz.store.migrations import DEFAULT_TIMEOUT, MIGRATIONS
from leadquiz.text import shown_path as shown
from leadquiz.writing import refuse_to_replace

__all__ = ["SET_ASIDE_INFIX", "backup_history", "restore_history"]


def backup_history(home: Path, target: Path, *, overwrite: bool = False) -> int:
    """Copy the history in ``home`` to ``target``; return the number of attempts copied.

    Raises ``BadInputError`` when there is no history yet, ``target`` exists
    (without ``overwrite``) or its folder does not; ``StoreError`` when the
    copy fails. A failed copy leaves no file behind.
    """
    if not (home / DB_NAME).is_file():
        raise BadInputError(
            f"there is no history to back up yet in {shown(home)}",
            "Take the quiz first with: leadquiz take",
        )
    # Absolute (not resolved: a link is refused below, never followed) so that
    # SQLite's file URI can name it.
    target = target.expanduser().absolute()
    if target.is_dir():
        raise BadInputError(f"{shown(target)} is a directory; give a file name to write to")
    if not target.parent.is_dir():
        raise BadInputError(f"the folder {shown(target.parent)} does not exist")
    if target.exists() and not overwrite:
        raise BadInputError(
            f"{shown(target)} already exists", "Use --force to replace it, or choose another name."
        )
    if overwrite:
        refuse_to_replace(target)

    def place(partial: Path) -> None:
        if overwrite:
            os.replace(partial, target)
        else:
            try:
                os.link(partial, target)
            except FileExistsError:
                raise BadInputError(f"{shown(target)} already exists") from None

    # Checks the file is ours and brings it up to date; on a full or read-only
    # data disk, reads it as it is, so the data can still be rescued elsewhere.
    with Store.open_to_read(home) as store:
        _online_copy(store.copy_into, target, place)
    return _count_attempts(target)


#: How an online copy is made: ``fill(copy, progress)`` backs a database up into ``copy``.
Fill = Callable[[sqlite3.Connection, Callable[[int, int, int], object]], None]


def _reading(source: Path) -> Fill:
    """The :data:`Fill` that copies the database file ``source`` (known to be ours)."""

    def fill(copy: sqlite3.Connection, progress: Callable[[int, int, int], object]) -> None:
        reader = sqlite3.connect(source, timeout=DEFAULT_TIMEOUT)
        try:
            reader.backup(copy, pages=256, progress=progress)
        finally:
            reader.close()

    return fill


def _online_copy(fill: Fill, target: Path, place: Callable[[Path], None]) -> None:
    """Copy a database consistently (``fill``) into a new private file, then ``place`` it.

    The copy is written next to ``target`` under a temporary name, made a
    single self-contained file (rollback journal, not WAL), and handed to
    ``place``, which gives it its name. The temporary file never outlives this call.
    """
    partial = target.with_name(f".{target.name[:40]}.partial-{os.getpid()}")
    deadline = time.monotonic() + DEFAULT_TIMEOUT

    def give_up_when_stuck(status: int, _remaining: int, _total: int) -> None:
        # The sqlite3 module retries a busy step forever; bound it.
        if status != sqlite3.SQLITE_OK and time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked")

    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600))
        copy = sqlite3.connect(partial, isolation_level=None)
        try:
            fill(copy, give_up_when_stuck)
            copy.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            copy.close()
        place(partial)
    except sqlite3.Error as error:
        raise StoreError(f"cannot copy the history to {shown(target)}: {error}") from None
    except OSError as error:
        raise StoreError(
            f"cannot write {shown(target)}: {error.strerror or error}",
        ) from None
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _count_attempts(path: Path) -> int:
    """How many attempts the history file ``path`` holds."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM attempts").fetchone()[0])
    finally:
        conn.close()


def restore_history(home: Path, source: Path) -> tuple[int, Path | None]:
    """Make the backup ``source`` the history in ``home``.

    Returns the number of attempts restored and where the history that was
    there has been set aside (``None`` if there was none). Raises
    ``BadInputError`` for a file that is not a leadquiz history, is damaged,
    or is newer than this leadquiz, and ``StoreError`` while another leadquiz
    run is answering an attempt of the current history; nothing is changed then.
    """
    source = source.expanduser().absolute()
    if not source.is_file():
        raise BadInputError(f"{shown(source)} is not a file")
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    current = home / DB_NAME
    incoming = home / f"{RESTORING_PREFIX}{os.getpid()}"
    try:
        os.close(os.open(incoming, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600))
        shutil.copyfile(source, incoming)
        count = _checked_history(incoming, source)
        ours = current.exists() and examine(current, MIGRATIONS).kind == "ours"
        if ours:
            _refuse_live_writers(current)
        aside = _set_aside(current, ours=ours) if current.exists() else None
        for side in _SIDE_FILES:
            # A journal or log of the old file must never be applied to the restored one.
            current.with_name(DB_NAME + side).unlink(missing_ok=True)
        os.replace(incoming, current)
    except OSError as error:
        raise StoreError(f"cannot restore into {shown(home)}: {error.strerror or error}") from None
    finally:
        incoming.unlink(missing_ok=True)
    return count, aside


#: The files SQLite keeps beside a database: set aside with it, never left for the restored one.
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _refuse_live_writers(current: Path) -> None:
    """Refuse while another leadquiz run is answering an attempt of the history ``current``.

    Its answers would go on into the file set aside, and the screen there says
    they are saved. (A run that starts writing after this check finds the
    history replaced and says so: :meth:`leadquiz.store.database.Store._write`.)
    """
    from datetime import UTC, datetime

    with Store.open(current.parent) as store:
        busy = store.live_writers(datetime.now(UTC))
    if busy:
        attempt_id, holder = busy[0]
        raise StoreError(
            f"Attempt {attempt_id} is being answered in another leadquiz run "
            f"({holder.describe()}); restoring now would lose what it saves. "
            "Nothing was changed.",
            "Finish or pause that run (q), then restore again.",
        )


def _checked_history(copy: Path, source: Path) -> int:
    """Check that ``copy`` (of ``source``) is a leadquiz history this version reads; count it.

    The check is opening's own (:func:`leadquiz.store.dbfile.examine`), then an
    integrity check. Leaves the copy as one self-contained file (rollback journal).
    """
    verdict = examine(copy, MIGRATIONS)
    if verdict.kind == "newer":
        raise BadInputError(
            f"{shown(source)} was written by a newer leadquiz (schema {verdict.version}; "
            f"this one reads up to {len(MIGRATIONS)}); nothing was changed",
            "Upgrade leadquiz, then restore it.",
        )
    if verdict.kind == "damaged" and copy.read_bytes()[:16] == SQLITE_HEADER:
        raise BadInputError(f"{shown(source)} is damaged; nothing was changed")
    if verdict.kind != "ours":
        raise BadInputError(
            f"{shown(source)} is not a leadquiz history; nothing was changed",
            "Give a file made by 'leadquiz backup'.",
        )
    try:
        conn = sqlite3.connect(copy, isolation_level=None)
        try:
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BadInputError(f"{shown(source)} is damaged; nothing was changed")
            conn.execute("PRAGMA journal_mode = DELETE").fetchone()
            return int(conn.execute("SELECT count(*) FROM attempts").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        raise BadInputError(f"{shown(source)} is damaged; nothing was changed") from None


def _set_aside(current: Path, *, ours: bool) -> Path:
    """Copy the current history beside it under a new name; return that name.

    A history of ours is copied with SQLite's online backup. Any other file is
    copied byte for byte with its journal and log (never opened: SQLite would
    replay them into it), each as the new name plus its ending.
    """
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    aside = current.with_name(f"{DB_NAME}{SET_ASIDE_INFIX}{stamp}")
    number = 1
    while aside.exists():
        number += 1
        aside = current.with_name(f"{DB_NAME}{SET_ASIDE_INFIX}{stamp}-{number}")

    def place(partial: Path) -> None:
        os.link(partial, aside)

    if ours:
        try:
            _online_copy(_reading(current), aside, place)
            return aside
        except StoreError:
            pass  # not readable after all: keep its bytes as they are
    for end in ("", *_SIDE_FILES):
        side = current.with_name(current.name + end)
        if side.is_file():
            shutil.copy2(side, aside.with_name(aside.name + end))
            os.chmod(aside.with_name(aside.name + end), 0o600)
    return aside
