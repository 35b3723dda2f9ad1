"""The history database file: its private directory and file, and opening it.

``connect`` creates the data directory (0700) and the database file (0600)
if they are missing, refuses plainly a directory or file that cannot be
used, checks without writing anything that the file is a leadquiz database
this version understands, and only then migrates it
(:func:`leadquiz.store.migrations.migrate`). A failed open leaves the file as it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from leadquiz.errors import StoreError
from leadquiz.store.errors import newer_error, store_error
from leadquiz.store.migrations import Migration, migrate
from leadquiz.text import shown_path

#: The database's file name inside the data directory.
DB_NAME = "leadquiz.db"


def connect(path: Path, migrations: Sequence[Migration], timeout: float) -> sqlite3.Connection:
    """Open the database file ``path``, creating it and its directory privately if missing.

    Returns the configured connection (autocommit, WAL, foreign keys on)
    with the schema brought up to ``len(migrations)``. Raises ``StoreError``
    for any problem, leaving the file as it was.
    """
    _prepare_home(path.parent)
    _prepare_file(path)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=timeout)
    except sqlite3.Error as error:
        raise store_error(error, path, timeout) from error
    # Rows are read by column name, so a query's column order can change safely.
    conn.row_factory = sqlite3.Row
    try:
        _set_up(conn, path, migrations, timeout)
    except sqlite3.Error as error:
        conn.close()
        raise store_error(error, path, timeout) from error
    except BaseException:
        conn.close()
        raise
    return conn


def _prepare_home(home: Path) -> None:
    """Make sure ``home`` is a writable directory, creating it with mode 0700."""
    where = shown_path(home)
    try:
        if home.exists():
            if not home.is_dir():
                raise StoreError(
                    f"The leadquiz data directory {where} is a file, not a directory.",
                    "Move that file away, or set LEADQUIZ_HOME to a directory.",
                )
        else:
            home.mkdir(mode=0o700, parents=True, exist_ok=True)
            os.chmod(home, 0o700)
    except OSError as error:
        raise StoreError(
            f"Cannot create the leadquiz data directory {where}: {error.strerror or error}.",
            "Set LEADQUIZ_HOME to a directory you can write to.",
        ) from error
    if not os.access(home, os.W_OK | os.X_OK):
        raise StoreError(
            f"The leadquiz data directory {where} is not writable.",
            "Make it writable (chmod u+w), or set LEADQUIZ_HOME to a directory you can write to.",
        )


def _prepare_file(path: Path) -> None:
    """Create the database file empty with mode 0600 (never world-readable), if missing."""
    where = shown_path(path)
    if path.is_dir():
        raise StoreError(
            f"The history database {where} is a directory, not a file.",
            "Move it away, or set LEADQUIZ_HOME to another directory.",
        )
    if path.exists():
        if not os.access(path, os.R_OK):
            raise StoreError(
                f"The history database {where} cannot be read (permission denied).",
                f"Make it readable by you (chmod u+rw {where}).",
            )
        if not os.access(path, os.W_OK):
            raise StoreError(
                f"The history database {where} is read-only.",
                f"Make it writable (chmod u+w {where}), or set LEADQUIZ_HOME to another directory.",
            )
        return
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it just now
    except OSError as error:
        raise StoreError(
            f"Cannot create the history database {where}: {error.strerror or error}.",
            "Set LEADQUIZ_HOME to a directory you can write to.",
        ) from error
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(descriptor, 0o600)  # whatever the umask
    finally:
        os.close(descriptor)


def _set_up(
    conn: sqlite3.Connection, path: Path, migrations: Sequence[Migration], timeout: float
) -> None:
    """Configure a new connection, check the file is ours and not newer, then migrate.

    Nothing is written before those checks pass, so a foreign, damaged or
    newer file is left byte for byte as it was.
    """
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    # One statement, so both numbers come from the same snapshot of the file.
    version, objects = conn.execute(
        "SELECT (SELECT user_version FROM pragma_user_version),"
        " (SELECT count(*) FROM sqlite_master)"
    ).fetchone()
    if version > len(migrations):
        raise newer_error(path, version, len(migrations))
    if version == 0 and objects:
        raise StoreError(
            f"{shown_path(path)} is an SQLite database but not a leadquiz history; "
            "it was left untouched.",
            "Move it aside to start a fresh history, or set LEADQUIZ_HOME to another directory.",
        )
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    migrate(conn, path, migrations, timeout)
