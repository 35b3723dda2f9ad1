"""The other files leadquiz keeps next to the history: upgrade copies and their leftovers.

Before an upgrade, ``leadquiz.db.bak-v<N>`` is saved (see
:func:`leadquiz.store.migrations.backup`); a copy interrupted half-way is
``leadquiz.db.bak-v<N>.partial-<pid>``. When a person is forgotten they must
go from these too: each copy that holds them is rewritten without them
(secure delete, then ``VACUUM`` so no free page keeps the old bytes), and a
copy that cannot be read as a history, or a leftover partial copy, is
deleted whole.
"""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

from leadquiz.store.dbfile import DB_NAME


def upgrade_copies(home: Path) -> list[Path]:
    """The upgrade copies and partial copies in ``home`` (regular files only), sorted."""
    try:
        found = sorted(home.glob(f"{DB_NAME}.bak-v*"))
    except OSError:
        return []
    return [path for path in found if _is_regular(path)]


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def forget_in_copies(home: Path, user: str) -> tuple[list[Path], list[Path]]:
    """Remove ``user`` from every upgrade copy in ``home``; return (rewritten, deleted) files."""
    rewritten: list[Path] = []
    deleted: list[Path] = []
    for path in upgrade_copies(home):
        if ".partial-" in path.name:
            _delete(path, deleted)
            continue
        try:
            if _forget_in(path, user):
                rewritten.append(path)
        except sqlite3.Error:
            _delete(path, deleted)  # unreadable: it may hold the person, so it goes
    return rewritten, deleted


def _forget_in(path: Path, user: str) -> bool:
    """Delete ``user``'s rows from one copy; return whether it held any."""
    conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA secure_delete = ON")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        roles = "role_profiles" in tables  # a copy made before roles existed has none
        observers = "observer_forms" in tables
        held = conn.execute("SELECT count(*) FROM attempts WHERE user = ?", (user,)).fetchone()[0]
        if roles:
            held += conn.execute(
                "SELECT count(*) FROM role_profiles WHERE user = ?", (user,)
            ).fetchone()[0]
        if observers:
            held += conn.execute(
                "SELECT count(*) FROM observer_forms WHERE user = ?", (user,)
            ).fetchone()[0]
        if not held:
            return False
        conn.execute("BEGIN IMMEDIATE")
        if observers:
            conn.execute("DELETE FROM observer_responses WHERE user = ?", (user,))
            conn.execute("DELETE FROM observer_forms WHERE user = ?", (user,))
        for table in ("observer_summaries", "observer_rounds"):  # copies made since 0009
            if table in tables:
                conn.execute(f"DELETE FROM {table} WHERE user = ?", (user,))
        if roles:
            conn.execute(
                "DELETE FROM role_ratings WHERE profile_id IN"
                " (SELECT id FROM role_profiles WHERE user = ?)",
                (user,),
            )
            conn.execute("DELETE FROM role_profiles WHERE user = ?", (user,))
        conn.execute(
            "DELETE FROM answers WHERE attempt_id IN (SELECT id FROM attempts WHERE user = ?)",
            (user,),
        )
        conn.execute("DELETE FROM attempts WHERE user = ?", (user,))
        conn.execute(
            "DELETE FROM banks WHERE NOT EXISTS"
            " (SELECT 1 FROM attempts WHERE bank_digest = banks.digest)"
        )
        conn.execute("COMMIT")
        conn.execute("VACUUM")
        return True
    finally:
        conn.close()


def _delete(path: Path, deleted: list[Path]) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        return
    except OSError:
        return
    deleted.append(path)
