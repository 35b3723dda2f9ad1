"""The history database file: its schema as named migrations, and the low-level rules.

This module holds what ``leadquiz.history`` builds on:

- ``connect``: opens the file, creating its directory (0700) and the file
  (0600) first if missing, checks that it is a leadquiz database this
  version understands without writing anything, then migrates it.
- ``MIGRATIONS``: the schema, one named step per version. The database's
  ``PRAGMA user_version`` is the number of steps applied; each step is
  recorded in the ``migrations`` table. Never edit a released step: add one.
- ``migrate``: applies the missing steps, each in its own ``BEGIN IMMEDIATE``
  transaction (statements run one by one with ``execute``, never
  ``executescript``, so a failing step rolls back completely). Before the
  first step on a database that already has data, a copy is saved next to it
  as ``leadquiz.db.bak-v{old_version}`` (mode 0600).
- ``transaction``: the one way to write (``BEGIN IMMEDIATE`` … ``COMMIT``,
  rolled back on any error).
- ``store_error``: the one place that turns an ``sqlite3.Error`` into a
  plain ``StoreError``.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from leadquiz.errors import StoreError


class Migration(NamedTuple):
    """One named schema step: its statements run in order, in one transaction."""

    name: str
    statements: Sequence[str]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001-initial",
        (
            """CREATE TABLE migrations (
                name TEXT PRIMARY KEY,
                applied_at TEXT NOT NULL
            )""",
            # One snapshot per distinct bank text (keyed by the file's SHA-256).
            """CREATE TABLE banks (
                digest TEXT PRIMARY KEY,
                bank_id TEXT NOT NULL,
                version TEXT NOT NULL,
                snapshot TEXT NOT NULL
            )""",
            """CREATE TABLE attempts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user TEXT NOT NULL,
                bank_digest TEXT NOT NULL REFERENCES banks (digest),
                bank_id TEXT NOT NULL,
                bank_version TEXT NOT NULL,
                question_order TEXT NOT NULL,
                seed INTEGER,
                status TEXT NOT NULL DEFAULT 'in_progress'
                    CHECK (status IN ('in_progress', 'finished')),
                started_at TEXT NOT NULL,
                finished_at TEXT,
                overall_score REAL,
                overall_band TEXT,
                result_json TEXT,
                scoring_version INTEGER,
                CHECK ((status = 'finished') = (finished_at IS NOT NULL))
            )""",
            "CREATE INDEX attempts_by_user_status ON attempts (user, status, finished_at)",
            "CREATE INDEX attempts_by_user_start ON attempts (user, started_at)",
            "CREATE INDEX attempts_by_bank ON attempts (bank_digest)",
            # value: JSON text of the answer (5 and "5" stay apart); NULL = skipped.
            """CREATE TABLE answers (
                attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
                question_id TEXT NOT NULL,
                value TEXT,
                answered_at TEXT NOT NULL,
                PRIMARY KEY (attempt_id, question_id)
            )""",
        ),
    ),
    # Trends read every score of a user's bank: answered from this index alone,
    # without visiting the (wide) attempt rows, they stay fast after years of use.
    Migration(
        "0002-score-index",
        (
            "CREATE INDEX attempts_scores"
            " ON attempts (user, status, bank_id, started_at, id, overall_score)",
        ),
    ),
)

#: The schema version this leadquiz writes.
SCHEMA_VERSION = len(MIGRATIONS)
#: The database's file name inside the data directory.
DB_NAME = "leadquiz.db"
#: How long to wait for another process's write lock, in seconds.
DEFAULT_TIMEOUT = 10.0
#: With less free space than this, a failed write is reported as a full disk.
NEARLY_FULL_BYTES = 1024 * 1024


def now() -> str:
    """The current time as an ISO-8601 UTC string (seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def shown(path: Path) -> str:
    """A path for a message: as typed, but with any unprintable characters escaped."""
    text = str(path)
    return text if text.isprintable() else repr(text)


def damaged_error(path: Path) -> StoreError:
    """The error for a file that is not a readable leadquiz database."""
    return StoreError(
        f"The history database {shown(path)} is damaged (not a readable SQLite database); "
        "it was left untouched.",
        f"Move it aside (for example rename it to {path.name}.damaged) to start a fresh "
        f"history, or put back a backup (leadquiz saves {path.name}.bak-v<N> before upgrades).",
    )


def _kind(error: sqlite3.Error) -> str:
    """Classify an SQLite error by its result code (or, failing that, its message)."""
    code = getattr(error, "sqlite_errorname", "") or ""
    text = str(error).lower()
    if code.startswith(("SQLITE_NOTADB", "SQLITE_CORRUPT")) or (
        "not a database" in text or "malformed" in text
    ):
        return "damaged"
    if code.startswith("SQLITE_FULL") or "disk is full" in text:
        return "full"
    if code.startswith("SQLITE_READONLY") or "readonly database" in text:
        return "readonly"
    if code.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "is locked" in text:
        return "locked"
    if code.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return "cantopen"
    if code.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return "io"
    return "other"


def _disk_is_full(path: Path) -> bool:
    """Whether the file system holding ``path`` has (almost) no space left for its user.

    On a full disk SQLite often fails with a generic I/O error (for example
    when it cannot size the shared-memory file of the write-ahead log), not
    with SQLITE_FULL.
    """
    try:
        stats = os.statvfs(path.parent)
    except (OSError, AttributeError):  # no such directory; no statvfs on this platform
        return False
    return stats.f_bavail * stats.f_frsize < NEARLY_FULL_BYTES


def store_error(error: sqlite3.Error, path: Path, timeout: float) -> StoreError:
    """Turn an SQLite error met while using ``path`` into a plain ``StoreError``."""
    kind = _kind(error)
    if kind == "io" and _disk_is_full(path):
        kind = "full"
    where = shown(path)
    if kind == "damaged":
        return damaged_error(path)
    if kind == "full":
        return StoreError(
            f"Cannot write to the history database {where}: the disk is full.",
            "Free some disk space and try again; what was saved before is kept.",
        )
    if kind == "readonly":
        return StoreError(
            f"The history database {where} is read-only.",
            "Make it and its directory writable (chmod u+w), "
            "or set LEADQUIZ_HOME to another directory.",
        )
    if kind == "locked":
        return StoreError(
            f"The history database {where} is locked by another program "
            f"(waited {timeout:g} seconds).",
            "Wait for the other leadquiz to finish, then try again.",
        )
    if kind == "cantopen":
        return StoreError(
            f"Cannot open the history database {where}.",
            "Check that you can read and write it and its directory, "
            "or set LEADQUIZ_HOME to another directory.",
        )
    if kind == "io":
        return StoreError(
            f"Reading or writing the history database {where} failed (disk I/O error).",
            "Check the disk and try again; the file was not changed by the failed step.",
        )
    return StoreError(f"The history database {where} failed: {error}.")


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        with suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """Run the block as one ``BEGIN IMMEDIATE`` … ``COMMIT``; roll back on any error.

    ``BEGIN IMMEDIATE`` takes the write lock first (waiting up to the busy
    timeout), so a transaction that reads then writes never fails half-way
    because another process wrote in between.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise


def user_version(conn: sqlite3.Connection) -> int:
    """The schema version recorded in the database (0 for a new one)."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def newer_error(path: Path, found: int, known: int) -> StoreError:
    """The error for a database made by a newer leadquiz."""
    return StoreError(
        f"The history database {shown(path)} was made by a newer leadquiz "
        f"(schema version {found}; this leadquiz knows up to {known}). It was left untouched.",
        "Upgrade leadquiz to use this history.",
    )


def backup(path: Path, version: int, timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Copy the database to ``{path}.bak-v{version}`` (mode 0600) with SQLite's backup API.

    Called before the migrating connection takes the write lock, so another
    leadquiz upgrading the same file at the same moment is never kept waiting
    behind the copy; the copy is read through its own connection. It is written under a
    temporary name and renamed into place, so a failed copy never replaces a
    good one. Gives up with "database is locked" after ``timeout`` seconds.
    """
    target = path.with_name(f"{path.name}.bak-v{version}")
    partial = path.with_name(f"{target.name}.partial-{os.getpid()}")
    deadline = time.monotonic() + timeout

    def give_up_when_stuck(status: int, remaining: int, total: int) -> None:
        # The sqlite3 module retries a busy step forever; bound it.
        if status != sqlite3.SQLITE_OK and time.monotonic() > deadline:
            raise sqlite3.OperationalError("database is locked")

    partial.unlink(missing_ok=True)
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        source = sqlite3.connect(path, timeout=timeout)
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy, progress=give_up_when_stuck)
        finally:
            copy.close()
            source.close()
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return target


def _has_attempts(conn: sqlite3.Connection) -> bool:
    try:
        return bool(conn.execute("SELECT EXISTS (SELECT 1 FROM attempts)").fetchone()[0])
    except sqlite3.OperationalError:
        return True  # not the usual schema: copy it to be safe


def migrate(
    conn: sqlite3.Connection,
    path: Path,
    migrations: Sequence[Migration],
    timeout: float = DEFAULT_TIMEOUT,
) -> None:
    """Bring the database up to ``len(migrations)``, one step per transaction.

    Safe when several processes do it at once: each step re-reads the version
    after taking the write lock and skips what another process applied. A step
    that fails rolls back, leaves the file at its old version and raises
    ``StoreError``; so does a database newer than ``migrations``.
    """
    known = len(migrations)
    saved: Path | None = None
    # Only a history with attempts in it is worth a copy: not a database that this
    # run, or another leadquiz starting at the same moment, has only just created.
    had_data = user_version(conn) >= 1 and _has_attempts(conn)
    for number, (name, statements) in enumerate(migrations, start=1):
        before = user_version(conn)
        if before >= number:
            continue
        if had_data and saved is None and before <= known:
            saved = backup(path, before, timeout)
        with transaction(conn):
            current = user_version(conn)
            if current > known:
                raise newer_error(path, current, known)
            if current >= number:
                continue
            try:
                for statement in statements:
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
                conn.execute(
                    "INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, now())
                )
            except sqlite3.Error as error:
                if _kind(error) != "other":
                    raise
                copy = f"; a copy of it is at {shown(saved)}" if saved else ""
                raise StoreError(
                    f"Could not upgrade the history database {shown(path)} to version "
                    f"{number} ({name}): {error}. It was left at version {current}{copy}.",
                    "Please report this as a bug in leadquiz.",
                ) from error


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
    where = shown(home)
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
    where = shown(path)
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
            f"{shown(path)} is an SQLite database but not a leadquiz history; "
            "it was left untouched.",
            "Move it aside to start a fresh history, or set LEADQUIZ_HOME to another directory.",
        )
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    migrate(conn, path, migrations, timeout)
