"""Every query that reads the history store: attempts, answers, trends, users, banks.

:class:`StoreReads` holds an open connection and answers questions about
what is stored; :class:`leadquiz.store.database.Store` adds opening, closing and
every write on top of it. Reads take no lock: a reader is never kept waiting
by a writer, and sees the last committed state. Database errors met while
reading become plain ``StoreError`` messages, as they do while writing.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, NamedTuple

from leadquiz.banks.snapshot import bank_from_json
from leadquiz.errors import BadInputError, StoreError
from leadquiz.models import AnswerValue, Attempt, Bank
from leadquiz.store.dbfile import file_identity
from leadquiz.store.errors import damaged_record_error, store_error
from leadquiz.store.rows import (
    ATTEMPT_COLUMNS,
    CACHED_SQL,
    CachedRow,
    attempt_from_row,
    cached_rows,
    decode_answer,
    valid_id,
)
from leadquiz.text import shown_path

#: How many finished attempts ``StoreReads.iter_cached_results`` reads per query.
_CACHED_CHUNK = 500


class TrendScores(NamedTuple):
    """What :meth:`StoreReads.trend_scores` reads of one bank id's trend."""

    bank_id: str
    #: The newest overall scores, oldest first.
    scores: list[float]
    #: How many scored attempts of the bank there are in all.
    total: int
    #: The overall SEs of the oldest and newest score (``None`` where unknown).
    ends: tuple[float | None, float | None]
    #: The versions of the oldest and newest score when the bank changed among them.
    versions: tuple[str, str] | None


class StoreReads:
    """The reading half of an open history database (see :class:`leadquiz.store.database.Store`)."""

    def __init__(self, conn: sqlite3.Connection, path: Path, timeout: float) -> None:
        self._conn = conn
        #: The database file.
        self.path = path
        self._timeout = timeout
        #: Which file ``path`` named when it was opened (a restore may put another there).
        self._file = file_identity(path)
        #: Opened only to read (``Store.open_to_read`` on a full or read-only disk).
        self.read_only = False

    @contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), errors mapped.

        Refused once ``path`` names another file than the one opened (``restore``
        replaced it): the write would go into the history set aside, unseen.
        """
        from leadquiz.store.migrations import transaction

        with self._guard() as conn, transaction(conn):
            if file_identity(self.path) != self._file:
                raise StoreError(
                    f"The history {shown_path(self.path)} was replaced (by 'leadquiz restore') "
                    "while this run had it open; this change was not saved.",
                    "Run the command again: it uses the history now in place.",
                )
            yield conn

    @contextmanager
    def _guard(self) -> Iterator[sqlite3.Connection]:
        """Turn database errors met in the block into ``StoreError``."""
        try:
            yield self._conn
        except sqlite3.Error as error:
            raise store_error(error, self.path, self._timeout) from error
        except UnicodeEncodeError as error:
            raise BadInputError(
                "A name or text contains characters that cannot be stored (invalid Unicode)."
            ) from error

    def attempt(self, attempt_id: int) -> Attempt | None:
        """The attempt with this id, or ``None``."""
        if not valid_id(attempt_id):
            return None
        with self._guard() as conn:
            row = conn.execute(
                f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
        return None if row is None else attempt_from_row(self.path, row)

    def answers(self, attempt_id: int) -> dict[str, AnswerValue | None]:
        """The answers of an attempt in the order they were (last) given; ``None`` = skipped."""
        rows = self._answer_column(attempt_id, "value")
        return {key: decode_answer(self.path, attempt_id, value) for key, value in rows}

    def answer_times(self, attempt_id: int) -> dict[str, str]:
        """When each question of an attempt was (last) answered, in that order."""
        return {key: str(when) for key, when in self._answer_column(attempt_id, "answered_at")}

    def _answer_column(
        self, attempt_id: int, column: Literal["value", "answered_at"]
    ) -> list[tuple[str, object]]:
        """(question id, ``column``) of each answer of an attempt, in the order they were given."""
        if not valid_id(attempt_id):
            return []
        with self._guard() as conn:
            rows = conn.execute(
                f"SELECT question_id, {column} FROM answers WHERE attempt_id = ?"
                " ORDER BY answered_at, rowid",
                (attempt_id,),
            ).fetchall()
        return [(str(key), value) for key, value in rows]

    def latest_unfinished(self, user: str, bank_id: str | None = None) -> Attempt | None:
        """The most recently started unfinished attempt of ``user`` (of ``bank_id`` if given)."""
        sql = f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE user = ? AND status = 'in_progress'"
        params: list[object] = [user]
        if bank_id is not None:
            sql += " AND bank_id = ?"
            params.append(bank_id)
        sql += " ORDER BY id DESC LIMIT 1"
        with self._guard() as conn:
            row = conn.execute(sql, params).fetchone()
        return None if row is None else attempt_from_row(self.path, row)

    def unfinished(self, user: str) -> list[tuple[Attempt, int]]:
        """Every unfinished attempt of ``user``, newest first, with how many answers it holds."""
        sql = (
            f"SELECT {ATTEMPT_COLUMNS},"
            " (SELECT count(*) FROM answers WHERE attempt_id = id) AS answers_held"
            " FROM attempts WHERE user = ? AND status = 'in_progress' ORDER BY id DESC"
        )
        with self._guard() as conn:
            rows = conn.execute(sql, (user,)).fetchall()
        return [(attempt_from_row(self.path, row), int(row["answers_held"])) for row in rows]

    def attempts(
        self,
        user: str,
        *,
        finished_only: bool = False,
        bank_id: str | None = None,
        limit: int | None = None,
    ) -> list[Attempt]:
        """The attempts of ``user``, newest first, in one query (the newest ``limit`` only).

        Newest means started last: the highest id, whatever the clock said
        (a clock set back never reorders attempts).
        """
        sql = f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE user = ?"
        params: list[object] = [user]
        if finished_only:
            sql += " AND status = 'finished'"
        if bank_id is not None:
            sql += " AND bank_id = ?"
            params.append(bank_id)
        sql += " ORDER BY id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(limit, 0))
        with self._guard() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [attempt_from_row(self.path, row) for row in rows]

    def count_attempts(self, user: str) -> int:
        """How many attempts ``user`` has, finished or not."""
        with self._guard() as conn:
            row = conn.execute("SELECT count(*) FROM attempts WHERE user = ?", (user,)).fetchone()
        return int(row[0])

    def finished_before(self, user: str, bank_id: str, before: Attempt) -> list[Attempt]:
        """The latest finished attempts of ``bank_id`` started before ``before``, newest first.

        That is the latest one, and the latest with a score if that is older: what a
        page of history needs to measure the change of its oldest rows without
        reading every older attempt.
        """
        sql = (
            f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE user = ? AND bank_id = ?"
            " AND status = 'finished' AND id < ?{}"
            " ORDER BY id DESC LIMIT 1"
        )
        params = (user, bank_id, before.id)
        with self._guard() as conn:
            found = [conn.execute(sql.format(""), params).fetchone()]
            if found[0] is not None and found[0][10] is None:
                found.append(
                    conn.execute(sql.format(" AND overall_score IS NOT NULL"), params).fetchone()
                )
        return [attempt_from_row(self.path, row) for row in found if row is not None]

    def trend_scores(self, user: str, points: int) -> list[TrendScores]:
        """Per bank id: the newest ``points`` overall scores (oldest first) and how many there are.

        Also the overall SEs of the oldest and newest score drawn (``None`` where
        the cached result is stale), and the versions of the oldest and newest
        when the bank's text changed among the scores drawn. Banks come most
        recently used first.
        """
        scored = "user = ? AND status = 'finished' AND overall_score IS NOT NULL"
        found: list[TrendScores] = []
        with self._guard() as conn:
            banks = conn.execute(
                f"SELECT bank_id, count(*) FROM attempts WHERE {scored}"
                " GROUP BY bank_id ORDER BY max(id) DESC, bank_id",
                (user,),
            ).fetchall()
            for bank_id, total in banks:
                newest = conn.execute(
                    "SELECT overall_score, id, bank_version, bank_digest FROM attempts"
                    f" WHERE {scored} AND bank_id = ? ORDER BY id DESC LIMIT ?",
                    (user, bank_id, max(points, 1)),
                ).fetchall()
                ends = (self._overall_se(conn, newest[-1][1]), self._overall_se(conn, newest[0][1]))
                changed = len({row[3] for row in newest}) > 1
                versions = (str(newest[-1][2]), str(newest[0][2])) if changed else None
                found.append(
                    TrendScores(
                        str(bank_id),
                        [float(row[0]) for row in reversed(newest)],
                        total,
                        ends,
                        versions,
                    )
                )
        return found

    @staticmethod
    def _overall_se(conn: sqlite3.Connection, attempt_id: int) -> float | None:
        """The overall SE of a current cached result (the SE column of ATTEMPT_COLUMNS)."""
        row = conn.execute(
            f"SELECT {ATTEMPT_COLUMNS} FROM attempts WHERE id = ?", (attempt_id,)
        ).fetchone()
        value = None if row is None else row["overall_se"]
        return float(value) if isinstance(value, int | float) else None

    def cached_results(
        self,
        user: str,
        *,
        bank_id: str | None = None,
        before: int | None = None,
        limit: int | None = None,
    ) -> list[tuple[Attempt, str | None, int | None]]:
        """Finished attempts of ``user`` with their cached result JSON and scoring version.

        One query, newest (highest id) first: every one, or only those of
        ``bank_id``, only those started before attempt ``before``, the newest ``limit``.
        """
        sql, params = self._finished(user, bank_id, before)
        sql = (
            f"SELECT {ATTEMPT_COLUMNS}, result_json, scoring_version FROM attempts WHERE {sql}"
            " ORDER BY id DESC"
        )
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(limit, 0))
        with self._guard() as conn:
            rows = conn.execute(sql, params).fetchall()
        # A cache that is not text, or a version that is not a number, is no cache.
        return [
            (
                attempt_from_row(self.path, row),
                row["result_json"] if isinstance(row["result_json"], str) else None,
                row["scoring_version"] if isinstance(row["scoring_version"], int) else None,
            )
            for row in rows
        ]

    def count_finished(
        self, user: str, *, bank_id: str | None = None, before: int | None = None
    ) -> int:
        """How many finished attempts :meth:`cached_results` would give without a limit."""
        sql, params = self._finished(user, bank_id, before)
        with self._guard() as conn:
            row = conn.execute(f"SELECT count(*) FROM attempts WHERE {sql}", params).fetchone()
        return int(row[0])

    @staticmethod
    def _finished(user: str, bank_id: str | None, before: int | None) -> tuple[str, list[object]]:
        """The condition (and its parameters) naming finished attempts, as the two above take it."""
        sql = "user = ? AND status = 'finished'"
        params: list[object] = [user]
        if bank_id is not None:
            sql += " AND bank_id = ?"
            params.append(bank_id)
        if before is not None:
            sql += " AND id < ?"
            params.append(before)
        return sql, params

    def iter_cached_results(self, user: str) -> Iterator[CachedRow]:
        """Every finished attempt of ``user`` with its cached result, oldest (lowest id) first.

        The rows are read a few hundred at a time, each
        batch by its own query that is done before the batch is yielded, so the
        caller may write (refresh a cache) between rows, and memory stays flat
        however long the history. The question order is not read.
        """
        after = 0
        while True:
            with self._guard() as conn:
                cursor = conn.cursor()
                cursor.row_factory = None  # plain tuples: named rows cost more than the reading
                rows = cursor.execute(CACHED_SQL, (user, after, _CACHED_CHUNK)).fetchall()
            yield from cached_rows(self.path, rows)
            if len(rows) < _CACHED_CHUNK:
                return
            after = int(rows[-1][0])

    def bank_snapshot(self, digest: str) -> Bank | None:
        """The bank stored for this digest (as it was when first used), or ``None``."""
        with self._guard() as conn:
            row = conn.execute("SELECT snapshot FROM banks WHERE digest = ?", (digest,)).fetchone()
        if row is None:
            return None
        try:
            return bank_from_json(str(row[0]))
        except ValueError as error:
            raise damaged_record_error(
                self.path, f"the stored copy of bank {digest[:12]}", error
            ) from error

    def users(self) -> list[tuple[str, int, str | None]]:
        """Every user with attempts: (name, number of attempts, latest ``started_at``), by name."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT user, count(*), max(started_at) FROM attempts GROUP BY user ORDER BY user"
            ).fetchall()
        return [(str(name), int(count), latest) for name, count, latest in rows]
