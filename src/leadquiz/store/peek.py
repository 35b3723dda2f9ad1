"""A glance at the history for shell completion: user names and attempt ids, changing nothing.

TAB runs leadquiz once per key press, so this opens the file as SQLite's
``immutable`` read-only URI: no journal is replayed, no WAL merged, nothing
created, and a missing or foreign file simply offers nothing. Attempts not
yet checkpointed out of the WAL may be missing from what is offered; that
is the price of never writing on TAB.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from leadquiz.store.dbfile import DB_NAME


def _rows(home: Path, sql: str, params: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    path = home / DB_NAME
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
        try:
            return list(conn.execute(sql, params).fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return []


def user_names(home: Path) -> list[str]:
    """Everyone with attempts, by name."""
    found = _rows(home, "SELECT DISTINCT user FROM attempts ORDER BY user")
    return [name for (name,) in found if isinstance(name, str)]


def attempt_ids(home: Path, user: str, *, finished_only: bool = True) -> list[str]:
    """The attempt ids of ``user``, newest first (finished ones only, by default)."""
    sql = "SELECT id FROM attempts WHERE user = ?"
    if finished_only:
        sql += " AND status = 'finished'"
    found = _rows(home, sql + " ORDER BY id DESC LIMIT 200", (user,))
    return [str(number) for (number,) in found if isinstance(number, int)]
