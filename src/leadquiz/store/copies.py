"""Every other file leadquiz keeps next to the history, and forgetting a person in them.

The files, by who writes them (this module is the one list of them):

- ``leadquiz.db.bak-v<N>``: the copy saved before an upgrade
  (:func:`leadquiz.store.migrations.backup`); ``….partial-<pid>`` while it is written;
- ``leadquiz.db.set-aside-<time>``: the history ``restore`` set aside
  (:mod:`leadquiz.store.safekeeping`); ``.leadquiz.db.set-aside-….partial-<pid>``
  while it is written;
- ``.leadquiz.db.restoring-<pid>``: the file ``restore`` checks before it puts it in place.

When a person is forgotten they must go from all of them: each copy that
holds them is rewritten without them (secure delete, then ``VACUUM`` so no
free page keeps the old bytes); a copy that cannot be read as a history, and
every temporary file, is deleted whole. A copy may predate a schema step, so
its tables are found by what they hold, not by a list: every table with a
``user`` column loses the person's rows, every table whose foreign key points
at those rows loses its rows too, and bank snapshots no table uses any more
go. Names are compared in their one stored form (:func:`leadquiz.paths.user_key`),
as a copy made before names were normalised (schema 7) stores them as typed.
"""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from leadquiz.paths import user_key
from leadquiz.store.dbfile import DB_NAME

#: The current history, set aside by ``restore``, is named ``leadquiz.db`` + this + a time.
SET_ASIDE_INFIX = ".set-aside-"
#: The file ``restore`` checks is named this + a process id.
RESTORING_PREFIX = f".{DB_NAME}.restoring-"
#: The names a copy of the history has (glob patterns in the data directory).
_COPY_PATTERNS = (f"{DB_NAME}.bak-v*", f"{DB_NAME}{SET_ASIDE_INFIX}*")
#: The names a temporary file made while copying or restoring the history has.
_TEMPORARY_PATTERNS = (
    f"{DB_NAME}.bak-v*.partial-*",
    f".{DB_NAME}{SET_ASIDE_INFIX}*.partial-*",
    f"{RESTORING_PREFIX}*",
)
#: What SQLite keeps beside a database file while it is open.
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _regular_matches(home: Path, patterns: tuple[str, ...]) -> list[Path]:
    """The regular files (never a link) in ``home`` whose name matches one of ``patterns``."""
    found: set[Path] = set()
    for pattern in patterns:
        try:
            found.update(home.glob(pattern))
        except OSError:
            continue
    return sorted(path for path in found if _is_regular(path))


def temporary_files(home: Path) -> list[Path]:
    """The temporary files an interrupted copy or restore left in ``home``, sorted."""
    return _regular_matches(home, _TEMPORARY_PATTERNS)


def history_copies(home: Path) -> list[Path]:
    """The upgrade copies and set-aside histories in ``home`` (not their side files), sorted."""
    temporary = set(temporary_files(home))
    return [
        path
        for path in _regular_matches(home, _COPY_PATTERNS)
        if path not in temporary and not path.name.endswith(_SIDE_FILES)
    ]


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def forget_in_copies(home: Path, user: str) -> tuple[list[Path], list[Path]]:
    """Remove ``user`` from every copy in ``home``; return (rewritten, deleted) files.

    Temporary files are deleted whole, and so is a copy SQLite cannot read (it may
    hold the person); a readable copy without them is left as it is.
    """
    rewritten: list[Path] = []
    deleted: list[Path] = []
    for path in temporary_files(home):
        _delete(path, deleted)
    for path in history_copies(home):
        try:
            if _forget_in(path, user_key(user)):
                rewritten.append(path)
        except sqlite3.Error:
            _delete(path, deleted)  # unreadable: it may hold the person, so it goes
    return rewritten, deleted


def _forget_in(path: Path, key: str) -> bool:
    """Delete the rows of the user whose stored name is ``key`` from one copy; say if any."""
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=rw", uri=True, isolation_level=None)
    try:
        conn.create_function("leadquiz_user_key", 1, _key_of, deterministic=True)
        conn.execute("PRAGMA secure_delete = ON")
        tables = _columns_by_table(conn)
        owned = sorted(name for name, columns in tables.items() if "user" in columns)
        mine = "leadquiz_user_key(user) = ?"
        held = sum(
            conn.execute(f"SELECT count(*) FROM {_name(table)} WHERE {mine}", (key,)).fetchone()[0]
            for table in owned
        )
        if not held:
            return False
        conn.execute("BEGIN IMMEDIATE")
        for child, column, parent, target in _references(conn, tables, owned):
            conn.execute(
                f"DELETE FROM {_name(child)} WHERE {_name(column)} IN"
                f" (SELECT {_name(target)} FROM {_name(parent)} WHERE {mine})",
                (key,),
            )
        for table in owned:
            conn.execute(f"DELETE FROM {_name(table)} WHERE {mine}", (key,))
        if "banks" in tables:
            users = [t for t, cols in tables.items() if "bank_digest" in cols and t != "banks"]
            unused = " AND ".join(
                f"NOT EXISTS (SELECT 1 FROM {_name(t)} WHERE bank_digest = banks.digest)"
                for t in users
            )
            if unused:
                conn.execute(f"DELETE FROM banks WHERE {unused}")
        conn.execute("COMMIT")
        conn.execute("VACUUM")
        return True
    finally:
        conn.close()


def _key_of(name: str | bytes | int | float | None) -> str | bytes | int | float | None:
    return user_key(name) if isinstance(name, str) else name


def _name(identifier: str) -> str:
    """An SQL identifier quoted (table and column names come from the file itself)."""
    return '"' + identifier.replace('"', '""') + '"'


def _columns_by_table(conn: sqlite3.Connection) -> dict[str, set[str]]:
    names = [
        str(row[0])
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {
        name: {str(row[1]) for row in conn.execute("SELECT * FROM pragma_table_info(?)", (name,))}
        for name in names
    }


def _references(
    conn: sqlite3.Connection, tables: dict[str, set[str]], owned: list[str]
) -> list[tuple[str, str, str, str]]:
    """(child table, its column, parent table, parent column) for each foreign key into ``owned``.

    The children go before their parents are deleted; a child that has a
    ``user`` column of its own is in ``owned`` too, and loses its rows either way.
    """
    found: list[tuple[str, str, str, str]] = []
    for child in sorted(tables):
        for row in conn.execute("SELECT * FROM pragma_foreign_key_list(?)", (child,)):
            parent, column, target = str(row[2]), str(row[3]), row[4]
            if parent in owned and parent != child:
                found.append((child, column, parent, str(target) if target else "rowid"))
    return found


def _delete(path: Path, deleted: list[Path]) -> None:
    try:
        path.unlink()
    except OSError:
        return
    for end in _SIDE_FILES:
        try:
            path.with_name(path.name + end).unlink()
        except OSError:
            continue
    deleted.append(path)
