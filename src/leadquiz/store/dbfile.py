"""The history database file: its private directory and file, and opening it.

``connect`` creates the data directory (0700) and the database file (0600)
if they are missing, refuses plainly a directory or file that cannot be
used, checks without writing anything that the file is a leadquiz database
this version understands, and only then migrates it
(:func:`leadquiz.store.migrations.migrate`). A failed open leaves the file as it was.

``examine`` is the one check of what a file is (``restore`` uses it too): it
reads the file immutable, so SQLite never replays a foreign file's hot
journal nor merges its write-ahead log before the file is known to be ours.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from leadquiz.errors import StoreError
from leadquiz.paths import HISTORY_FILE, user_key
from leadquiz.store.errors import damaged_error, newer_error, store_error
from leadquiz.store.migrations import Migration, migrate
from leadquiz.text import shown_path

#: The database's file name inside the data directory.
DB_NAME = HISTORY_FILE
#: Never follow a symbolic link when opening a file leadquiz creates (0 where unknown).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def connect(path: Path, migrations: Sequence[Migration], timeout: float) -> sqlite3.Connection:
    """Open the database file ``path``, creating it and its directory privately if missing.

    Returns the configured connection (autocommit, WAL, foreign keys on)
    with the schema brought up to ``len(migrations)``. Raises ``StoreError``
    for any problem, leaving the file as it was.
    """
    _prepare_home(path.parent)
    _prepare_file(path)
    _check_header(path)
    _check_examined(path, migrations)
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


def connect_to_read(
    path: Path, migrations: Sequence[Migration], timeout: float
) -> sqlite3.Connection:
    """Open the existing history ``path`` for reading only, writing nothing anywhere.

    For reading commands when the data disk is full or read-only: the file
    must be a history of ours at this version's schema (an upgrade needs to
    write). The connection is read-only (``mode=ro``); where SQLite cannot even
    read so (no room for the log's index file, a read-only folder) and no
    write-ahead log holds data the file lacks, it reads the file immutable.
    Raises ``StoreError``.
    """
    _refuse_links(path)
    if not path.is_file():
        raise StoreError(f"There is no history database at {shown_path(path)} yet.")
    _check_header(path)
    _check_examined(path, migrations)
    uri = path.resolve().as_uri()
    modes = ["mode=ro"]
    if not _has_side_file(path):
        modes.append("mode=ro&immutable=1")
    failure: sqlite3.Error | None = None
    for mode in modes:
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(f"{uri}?{mode}", uri=True, isolation_level=None, timeout=timeout)
            conn.row_factory = sqlite3.Row
            conn.create_function("leadquiz_user_key", 1, _user_key, deterministic=True)
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.execute("PRAGMA query_only = ON")
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.Error as error:
            if conn is not None:
                conn.close()
            failure = error
            continue
        if version != len(migrations):
            conn.close()
            raise StoreError(
                f"The history database {shown_path(path)} needs an upgrade to this leadquiz's "
                "schema, and that needs to write it: the disk is full or read-only.",
                "Free some disk space (or make it writable) and try again.",
            )
        return conn
    assert failure is not None
    raise store_error(failure, path, timeout) from failure


def file_identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` names now (device and inode), or ``None`` if none."""
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_dev, found.st_ino


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
    _check_owner(home)
    if not os.access(home, os.W_OK | os.X_OK):
        raise StoreError(
            f"The leadquiz data directory {where} is not writable.",
            "Make it writable (chmod u+w), or set LEADQUIZ_HOME to a directory you can write to.",
        )


def _check_owner(home: Path) -> None:
    """Refuse a data directory that belongs to another user: they could read or swap its files."""
    if not hasattr(os, "geteuid"):
        return
    try:
        owner = home.stat().st_uid
    except OSError:
        return
    if owner != os.geteuid():
        raise StoreError(
            f"The leadquiz data directory {shown_path(home)} belongs to another user "
            f"(uid {owner}); leadquiz keeps its files only in a directory of your own.",
            "Set LEADQUIZ_HOME to a directory you own.",
        )


def _refuse_links(path: Path) -> None:
    """Refuse a database (or its journal, log or index file) that is a link or not a file.

    SQLite would follow a symbolic link, dangling or not, and write where it points.
    """
    for candidate in (path, *(path.with_name(path.name + end) for end in _SIDE_FILES)):
        try:
            mode = candidate.lstat().st_mode
        except FileNotFoundError:
            continue
        except OSError:
            continue  # the open that follows reports it
        if stat.S_ISLNK(mode):
            raise StoreError(
                f"{shown_path(candidate)} is a symbolic link; leadquiz never reads or writes "
                "its history through a link. It was left untouched.",
                "Remove the link (or put the real file in its place), "
                "or set LEADQUIZ_HOME to another directory.",
            )
        if candidate != path and not stat.S_ISREG(mode):
            raise StoreError(
                f"{shown_path(candidate)} is not a regular file; it was left untouched.",
                "Move it aside, or set LEADQUIZ_HOME to another directory.",
            )


#: The files SQLite keeps next to the database.
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _prepare_file(path: Path) -> None:
    """Create the database file empty with mode 0600 (never world-readable), if missing."""
    where = shown_path(path)
    _refuse_links(path)
    if path.is_dir():
        raise StoreError(
            f"The history database {where} is a directory, not a file.",
            "Move it away, or set LEADQUIZ_HOME to another directory.",
        )
    if path.exists():
        if not stat.S_ISREG(path.stat().st_mode):
            raise StoreError(
                f"The history database {where} is not a regular file; it was left untouched.",
                "Move it away, or set LEADQUIZ_HOME to another directory.",
            )
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
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    except FileExistsError:
        _refuse_links(path)  # a link made just now; else another leadquiz created it
        return
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


#: The tables every leadquiz history has from its first version on.
_OUR_TABLES = frozenset({"migrations", "banks", "attempts", "answers"})
#: The first bytes of every SQLite database file.
SQLITE_HEADER = b"SQLite format 3\x00"


def _foreign_error(path: Path) -> StoreError:
    return StoreError(
        f"{shown_path(path)} is an SQLite database but not a leadquiz history; "
        "it was left untouched.",
        "Move it aside to start a fresh history, or set LEADQUIZ_HOME to another directory.",
    )


class Verdict(NamedTuple):
    """What a file is, found without SQLite touching it: :func:`examine`'s answer."""

    #: ``ours`` (a leadquiz history), ``empty`` (no table yet), ``foreign`` (another
    #: program's SQLite file), ``damaged`` or ``newer`` (a schema this leadquiz does not know).
    kind: str
    #: Its schema version (``PRAGMA user_version``); 0 when unknown.
    version: int


def _is_ours(conn: sqlite3.Connection, version: int, migrations: Sequence[Migration]) -> bool:
    """Whether the file (at schema ``version``) is a leadquiz history, read without writing.

    Its tables must be leadquiz's and its record of migrations must name the
    first ``version`` steps, whatever its ``user_version`` claims.
    """
    tables = {
        str(row[0]) for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    if not tables >= _OUR_TABLES:
        return False
    applied = [str(row[0]) for row in conn.execute("SELECT name FROM migrations ORDER BY rowid")]
    return applied == [step.name for step in migrations[:version]]


def _verdict(conn: sqlite3.Connection, migrations: Sequence[Migration]) -> Verdict:
    """What the file behind ``conn`` is, read in one snapshot and without writing."""
    version, objects = conn.execute(
        "SELECT (SELECT user_version FROM pragma_user_version),"
        " (SELECT count(*) FROM sqlite_master)"
    ).fetchone()
    version = int(version)
    if version > len(migrations):
        return Verdict("newer", version)
    if version == 0 and not objects:
        return Verdict("empty", 0)
    if version > 0 and _is_ours(conn, version, migrations):
        return Verdict("ours", version)
    return Verdict("foreign", version)


def _examine_as_it_is(path: Path, migrations: Sequence[Migration]) -> Verdict:
    """:func:`examine` of the file alone: SQLite reads it immutable, never its journal or log."""
    uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None)
    except sqlite3.Error:
        return Verdict("damaged", 0)
    try:
        return _verdict(conn, migrations)
    except sqlite3.Error:
        return Verdict("damaged", 0)
    finally:
        conn.close()


def _has_side_file(path: Path) -> bool:
    """Whether a rollback journal or write-ahead log with something in it lies beside ``path``."""
    for end in ("-journal", "-wal"):
        try:
            if path.with_name(path.name + end).lstat().st_size > 0:
                return True
        except OSError:
            continue
    return False


def _examine_a_copy(path: Path, migrations: Sequence[Migration]) -> Verdict:
    """:func:`examine` of a private copy of the file with its journal or log, replayed there."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="leadquiz-check-") as folder:
        copy = Path(folder) / "candidate.db"
        shutil.copyfile(path, copy)
        # Not the log's index (-shm): SQLite rebuilds it from the log, never trusting a copy.
        for end in ("-journal", "-wal"):
            with contextlib.suppress(FileNotFoundError):  # gone since: nothing to replay
                shutil.copyfile(path.with_name(path.name + end), copy.with_name(copy.name + end))
        try:
            conn = sqlite3.connect(copy, isolation_level=None)
            try:
                return _verdict(conn, migrations)
            finally:
                conn.close()
        except sqlite3.Error:
            return Verdict("damaged", 0)


def examine(path: Path, migrations: Sequence[Migration]) -> Verdict:
    """What the SQLite file ``path`` is, found without writing it, its journal or its log.

    The one check of "is this a leadquiz history" (opening and ``restore`` both
    use it). SQLite would replay a hot rollback journal or merge a write-ahead
    log even to read, so the file is read immutable first. Where that view does
    not find a history of ours and a journal or log lies beside it (whose pages
    may be all there is yet, or newer than the file's), the three are copied to
    a private folder and read there, so the journal is replayed on the copy
    only. Raises ``OSError`` if that copy fails.
    """
    verdict = _examine_as_it_is(path, migrations)
    # Another leadquiz may be creating or writing the file this very moment: its
    # journal comes and goes, and a copy taken mid-write may read as damaged.
    # A few tries tell that from a file that stays so.
    for attempt in range(_TRIES):
        if verdict.kind == "ours" or not _has_side_file(path):
            return verdict
        try:
            verdict = _examine_a_copy(path, migrations)
        except FileNotFoundError:
            verdict = _examine_as_it_is(path, migrations)  # the journal went meanwhile
            continue
        except OSError:
            if attempt == _TRIES - 1:
                raise
        if verdict.kind in ("ours", "empty", "newer"):
            return verdict
        time.sleep(0.05)
    return verdict


#: How many times :func:`examine` reads a copy before it believes what the copy says.
_TRIES = 3


def _check_examined(path: Path, migrations: Sequence[Migration]) -> None:
    """Refuse a file :func:`examine` finds foreign, damaged or newer; nothing is written."""
    try:
        verdict = examine(path, migrations)
    except OSError as error:
        raise StoreError(
            f"Cannot check the history database {shown_path(path)} without changing it "
            f"(copying it with its journal failed: {error.strerror or error}); "
            "it was left untouched.",
            "Free some space in the temporary folder (TMPDIR) and try again.",
        ) from error
    if verdict.kind == "newer":
        raise newer_error(path, verdict.version, len(migrations))
    if verdict.kind == "damaged":
        raise damaged_error(path)
    if verdict.kind == "foreign":
        raise _foreign_error(path)


def _check_header(path: Path) -> None:
    """Refuse a non-empty file that does not start as an SQLite database does (read only)."""
    try:
        descriptor = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return  # the connection reports it
    try:
        head = os.read(descriptor, len(SQLITE_HEADER))
    finally:
        os.close(descriptor)
    if head and head != SQLITE_HEADER:
        raise damaged_error(path)


def _user_key(name: str | bytes | int | float | None) -> str | bytes | int | float | None:
    """The stored form of a user name, for migration 0007 (other values pass unchanged)."""
    return user_key(name) if isinstance(name, str) else name


def _set_up(
    conn: sqlite3.Connection, path: Path, migrations: Sequence[Migration], timeout: float
) -> None:
    """Configure a new connection, check the file is ours and not newer, then migrate.

    Nothing is written before those checks pass, so a foreign, damaged or
    newer file is left byte for byte as it was.
    """
    conn.create_function("leadquiz_user_key", 1, _user_key, deterministic=True)
    conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    # One read transaction, so every check sees the same snapshot of the file,
    # even while another leadquiz is migrating it.
    conn.execute("BEGIN")
    try:
        version, objects = conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version),"
            " (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        ours = version == 0 and not objects
        if 0 < version <= len(migrations):
            ours = _is_ours(conn, version, migrations)
    finally:
        conn.execute("COMMIT")
    if version > len(migrations):
        raise newer_error(path, version, len(migrations))
    if not ours:
        raise _foreign_error(path)
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    migrate(conn, path, migrations, timeout)
