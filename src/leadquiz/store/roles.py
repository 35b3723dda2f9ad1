"""Role profiles in the history store (``leadquiz role``): what a user's role asks for.

A profile is one row of ``role_profiles`` (migration 0004) with one row per
rated area in ``role_ratings``. A new profile is always a new row: an old one
is never overwritten, so reports of old attempts keep the profile they had.
A profile is *in progress* while its ratings are being given (each is stored
the moment it is given) and *finished* once the last question is answered;
reports use finished profiles only. :class:`RoleStore` is a base class of
:class:`leadquiz.store.database.Store`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, cast

from leadquiz.errors import BadInputError
from leadquiz.models import Bank
from leadquiz.paths import check_user_name
from leadquiz.store.errors import damaged_record_error
from leadquiz.store.reads import StoreReads
from leadquiz.store.rows import valid_id

if TYPE_CHECKING:
    from leadquiz.viewpoints import RoleProfile, RoleStatus

# RoleProfile is imported where one is made: reading attempts (history, take) never does.

_PROFILE_COLUMNS = (
    "id, user, bank_id, bank_version, bank_digest, status, started_at, finished_at, "
    "leading_share, share_asked"
)


class RoleStore(StoreReads):
    """Reading and writing role profiles (the rest of the store is :class:`StoreReads`)."""

    @contextmanager
    def _role_write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), errors mapped."""
        with self._writing() as conn:
            yield conn

    # -- writing ----------------------------------------------------------------

    def begin_role(self, user: str, bank: Bank, started_at: str) -> RoleProfile:
        """Start and store a new, empty role profile of ``user`` for the areas of ``bank``."""
        name = check_user_name(user)
        with self._role_write() as conn:
            cursor = conn.execute(
                "INSERT INTO role_profiles (user, bank_id, bank_version, bank_digest, status,"
                " started_at) VALUES (?, ?, ?, ?, 'in_progress', ?)",
                (name, bank.id, bank.version, bank.digest, started_at),
            )
            profile_id = cast(int, cursor.lastrowid)
        from leadquiz.viewpoints import RoleProfile

        return RoleProfile(
            id=profile_id,
            user=name,
            bank_id=bank.id,
            bank_version=bank.version,
            bank_digest=bank.digest,
            status="in_progress",
            started_at=started_at,
            finished_at=None,
        )

    def record_role_rating(
        self, profile_id: int, area_id: str, value: int | None, answered_at: str
    ) -> None:
        """Store (or replace) one area's rating (1..5, ``None`` = skipped) of an open profile."""
        with self._role_write() as conn:
            self._open_profile(conn, profile_id)
            self._put_rating(conn, profile_id, area_id, value, answered_at)

    def record_leading_share(self, profile_id: int, share: int | None) -> None:
        """Store the leading share (0..100, ``None`` = skipped) of an open profile."""
        with self._role_write() as conn:
            self._open_profile(conn, profile_id)
            conn.execute(
                "UPDATE role_profiles SET leading_share = ?, share_asked = 1 WHERE id = ?",
                (share, profile_id),
            )

    def finish_role(self, profile_id: int, finished_at: str) -> None:
        """Mark an open profile finished: from now on reports may use it."""
        with self._role_write() as conn:
            self._open_profile(conn, profile_id)
            conn.execute(
                "UPDATE role_profiles SET status = 'finished', finished_at = ? WHERE id = ?",
                (finished_at, profile_id),
            )

    def save_role(
        self,
        user: str,
        bank: Bank,
        ratings: Mapping[str, int],
        share: int | None,
        at: str,
    ) -> int:
        """Store a whole, finished profile in one transaction (from a file); return its id."""
        name = check_user_name(user)
        with self._role_write() as conn:
            cursor = conn.execute(
                "INSERT INTO role_profiles (user, bank_id, bank_version, bank_digest, status,"
                " started_at, finished_at, leading_share, share_asked)"
                " VALUES (?, ?, ?, ?, 'finished', ?, ?, ?, 1)",
                (name, bank.id, bank.version, bank.digest, at, at, share),
            )
            profile_id = cast(int, cursor.lastrowid)
            for area_id, value in ratings.items():
                self._put_rating(conn, profile_id, area_id, value, at)
        return profile_id

    def discard_role(self, profile_id: int) -> bool:
        """Delete an unfinished profile and its ratings; return whether there was one."""
        if not valid_id(profile_id):
            return False
        with self._role_write() as conn:
            conn.execute(
                "DELETE FROM role_ratings WHERE profile_id IN"
                " (SELECT id FROM role_profiles WHERE id = ? AND status = 'in_progress')",
                (profile_id,),
            )
            deleted = conn.execute(
                "DELETE FROM role_profiles WHERE id = ? AND status = 'in_progress'",
                (profile_id,),
            ).rowcount
        return deleted > 0

    def _forget_roles(self, conn: sqlite3.Connection, user: str) -> int:
        """Delete every role profile of ``user`` in the caller's transaction; return how many."""
        conn.execute(
            "DELETE FROM role_ratings WHERE profile_id IN"
            " (SELECT id FROM role_profiles WHERE user = ?)",
            (user,),
        )
        return int(conn.execute("DELETE FROM role_profiles WHERE user = ?", (user,)).rowcount)

    @staticmethod
    def _put_rating(
        conn: sqlite3.Connection, profile_id: int, area_id: str, value: int | None, at: str
    ) -> None:
        conn.execute(
            "INSERT INTO role_ratings (profile_id, area_id, value, answered_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (profile_id, area_id)"
            " DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at",
            (profile_id, area_id, value, at),
        )

    @staticmethod
    def _open_profile(conn: sqlite3.Connection, profile_id: int) -> None:
        """Refuse a profile that does not exist or is already finished."""
        row = None
        if valid_id(profile_id):
            row = conn.execute(
                "SELECT status FROM role_profiles WHERE id = ?", (profile_id,)
            ).fetchone()
        if row is None:
            raise BadInputError(f"There is no role profile {profile_id}.")
        if row[0] == "finished":
            raise BadInputError(f"Role profile {profile_id} is finished; it cannot change.")

    # -- reading ----------------------------------------------------------------

    def role_profiles(
        self, user: str, *, finished_only: bool = False, limit: int | None = None
    ) -> list[RoleProfile]:
        """The role profiles of ``user`` with their ratings, newest started first."""
        sql = f"SELECT {_PROFILE_COLUMNS} FROM role_profiles WHERE user = ?"
        if finished_only:
            sql += " AND status = 'finished'"
        sql += " ORDER BY started_at DESC, id DESC"
        params: list[object] = [user]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(limit, 0))
        return self._profiles(sql, params)

    def role_profile(self, profile_id: int) -> RoleProfile | None:
        """The role profile with this id, or ``None``."""
        if not valid_id(profile_id):
            return None
        found = self._profiles(
            f"SELECT {_PROFILE_COLUMNS} FROM role_profiles WHERE id = ?", [profile_id]
        )
        return found[0] if found else None

    def unfinished_role(self, user: str, bank_id: str) -> RoleProfile | None:
        """The latest unfinished role profile of ``user`` for ``bank_id``, or ``None``."""
        found = self._profiles(
            f"SELECT {_PROFILE_COLUMNS} FROM role_profiles WHERE user = ? AND bank_id = ?"
            " AND status = 'in_progress' ORDER BY started_at DESC, id DESC LIMIT 1",
            [user, bank_id],
        )
        return found[0] if found else None

    def role_before(self, user: str, moment: str) -> RoleProfile | None:
        """The latest finished role profile of ``user`` finished at or before ``moment``.

        Times are stored to the second; a profile finished in the same second
        as ``moment`` counts as before it.
        """
        found = self._profiles(
            f"SELECT {_PROFILE_COLUMNS} FROM role_profiles WHERE user = ?"
            " AND status = 'finished' AND finished_at <= ?"
            " ORDER BY finished_at DESC, id DESC LIMIT 1",
            [user, moment],
        )
        return found[0] if found else None

    def _profiles(self, sql: str, params: list[object]) -> list[RoleProfile]:
        with self._guard() as conn:
            rows = conn.execute(sql, params).fetchall()
            ratings = {
                row[0]: conn.execute(
                    "SELECT area_id, value FROM role_ratings WHERE profile_id = ?"
                    " ORDER BY answered_at, rowid",
                    (row[0],),
                ).fetchall()
                for row in rows
            }
        return [self._profile_from_row(row, ratings[row[0]]) for row in rows]

    def _profile_from_row(
        self, row: tuple[object, ...], ratings: list[tuple[object, object]]
    ) -> RoleProfile:
        from leadquiz.viewpoints import RoleProfile

        try:
            status = str(row[5])
            if status not in ("in_progress", "finished"):
                raise ValueError(f"unknown status {status!r}")
            checked: list[tuple[str, int | None]] = []
            for area_id, value in ratings:
                if value is not None and (type(value) is not int or not 1 <= value <= 5):
                    raise ValueError(f"rating {value!r} of area {area_id!r}")
                checked.append((str(area_id), value))
            share = row[8]
            if share is not None and type(share) is not int:
                raise ValueError(f"leading share {share!r}")
            return RoleProfile(
                id=cast(int, row[0]),
                user=str(row[1]),
                bank_id=str(row[2]),
                bank_version=str(row[3]),
                bank_digest=str(row[4]),
                status=cast("RoleStatus", status),
                started_at=str(row[6]),
                finished_at=None if row[7] is None else str(row[7]),
                ratings=tuple(checked),
                leading_share=share,
                share_asked=bool(row[9]),
            )
        except ValueError as error:
            raise damaged_record_error(self.path, f"role profile {row[0]}", error) from error
