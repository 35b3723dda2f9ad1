"""The history store: every attempt, answer and bank snapshot, in one SQLite file.

``Store.open(home)`` opens (or creates) ``home/leadquiz.db``, private to the
user (directory 0700, file 0600), in WAL mode, and brings its schema up to
date with the named migrations of ``leadquiz.migrations``. Every write is
one ``BEGIN IMMEDIATE`` transaction, so an answer is on disk as soon as
``record_answer`` returns and several leadquiz processes can write at once.

Failures are plain errors: ``StoreError`` (exit 1) when the database cannot
be used (damaged, locked, newer, read-only, disk full) — the file is never
changed by a failed operation — and ``BadInputError`` (exit 2) for an unknown
or finished attempt or a bad user name.

Times are ISO-8601 UTC strings given by the caller. Answer values are stored
as JSON, so the likert value ``5`` and the option key ``"5"`` stay apart;
a skipped question is stored as ``None``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import NamedTuple, cast

from leadquiz.errors import BadInputError, StoreError
from leadquiz.migrations import (
    DB_NAME,
    DEFAULT_TIMEOUT,
    MIGRATIONS,
    Migration,
    connect,
    shown,
    store_error,
    transaction,
)
from leadquiz.models import AnswerValue, Attempt, AttemptStatus, Bank
from leadquiz.paths import check_user_name
from leadquiz.snapshot import bank_from_json, bank_to_json

__all__ = ["DB_NAME", "DEFAULT_TIMEOUT", "MIGRATIONS", "CachedRow", "Migration", "Store"]

_MAX_INT = 2**63 - 1
_ATTEMPT_COLUMNS = (
    "id, user, bank_id, bank_version, bank_digest, question_order, seed, status, "
    "started_at, finished_at, overall_score, overall_band"
)
#: How many finished attempts ``Store.iter_cached_results`` reads per query.
_CACHED_CHUNK = 500
_CACHED_SQL = (
    "SELECT id, user, finished_at, bank_id, bank_version, result_json, scoring_version"
    " FROM attempts WHERE user = ? AND status = 'finished' AND (finished_at, id) > (?, ?)"
    " ORDER BY finished_at, id LIMIT ?"
)
_DELETE_UNUSED_BANKS = (
    "DELETE FROM banks WHERE NOT EXISTS (SELECT 1 FROM attempts WHERE bank_digest = banks.digest)"
)


class CachedRow(NamedTuple):
    """A finished attempt as a table of results reads it: its cached result, not its answers."""

    #: The attempt's id.
    id: int
    user: str
    #: When it was finished (ISO-8601 UTC).
    finished_at: str
    bank_id: str
    bank_version: str
    #: The cached result as JSON text (``None`` if there is none).
    result_json: str | None
    #: The ``SCORING_VERSION`` that cached result was made with (``None`` if none).
    scoring_version: int | None


class Store:
    """An open history database. Use ``Store.open(home)``; close it, or use ``with``."""

    def __init__(self, conn: sqlite3.Connection, path: Path, timeout: float) -> None:
        self._conn = conn
        #: The database file.
        self.path = path
        self._timeout = timeout

    # -- opening and closing -------------------------------------------------

    @classmethod
    def open(
        cls,
        home: Path,
        *,
        migrations: Sequence[Migration] = MIGRATIONS,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Store:
        """Open ``home/leadquiz.db``, creating ``home`` (0700) and the file (0600) if missing.

        Applies any missing migrations (``migrations`` is injectable for
        tests). Raises ``StoreError`` with a plain message if the directory
        or the file cannot be used; the file is left as it was.
        """
        path = Path(home) / DB_NAME
        conn = connect(path, migrations, timeout)
        return cls(conn, path, timeout)

    def close(self) -> None:
        """Close the database (safe to call twice)."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

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

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), errors mapped."""
        with self._guard() as conn, transaction(conn):
            yield conn

    # -- writing ----------------------------------------------------------------

    def begin_attempt(
        self, user: str, bank: Bank, order: Sequence[str], seed: int | None, started_at: str
    ) -> Attempt:
        """Start and store a new attempt of ``bank`` by ``user``; return it.

        ``order`` is the question ids in the order they will be asked (each a
        question of the bank, no repeats). The bank's snapshot is stored in
        the same transaction if no attempt used a bank with this digest yet.
        Raises ``BadInputError`` for a bad user name or a seed outside the
        64-bit range, ``ValueError`` for a bank without digest or a bad order.
        """
        name = check_user_name(user)
        questions = tuple(order)
        _check_order(bank, questions)
        if seed is not None and not -_MAX_INT - 1 <= seed <= _MAX_INT:
            raise BadInputError(f"The seed {seed} is too large: use a number below 2**63.")
        with self._write() as conn:
            known = conn.execute("SELECT 1 FROM banks WHERE digest = ?", (bank.digest,))
            if known.fetchone() is None:
                conn.execute(
                    "INSERT INTO banks (digest, bank_id, version, snapshot) VALUES (?, ?, ?, ?)",
                    (bank.digest, bank.id, bank.version, bank_to_json(bank)),
                )
            cursor = conn.execute(
                "INSERT INTO attempts (user, bank_digest, bank_id, bank_version, question_order,"
                " seed, status, started_at) VALUES (?, ?, ?, ?, ?, ?, 'in_progress', ?)",
                (name, bank.digest, bank.id, bank.version, _dump(questions), seed, started_at),
            )
            attempt_id = cast(int, cursor.lastrowid)
        return Attempt(
            id=attempt_id,
            user=name,
            bank_id=bank.id,
            bank_version=bank.version,
            bank_digest=bank.digest,
            order=questions,
            seed=seed,
            status="in_progress",
            started_at=started_at,
            finished_at=None,
        )

    def record_answer(
        self, attempt_id: int, question_id: str, value: AnswerValue | None, answered_at: str
    ) -> None:
        """Store (or replace) one answer of an unfinished attempt; ``None`` means skipped.

        Raises ``BadInputError`` if the attempt does not exist, is finished,
        or does not ask this question.
        """
        self.save_answers(attempt_id, {question_id: value}, answered_at)

    def save_answers(
        self, attempt_id: int, answers: Mapping[str, AnswerValue | None], answered_at: str
    ) -> None:
        """Store (or replace) several answers of an unfinished attempt in one transaction.

        Same rules as ``record_answer``; nothing is saved if any answer is refused.
        """
        rows = [(attempt_id, key, _encode(value), answered_at) for key, value in answers.items()]
        with self._write() as conn:
            order, status = self._state(conn, attempt_id)
            if status == "finished":
                raise BadInputError(
                    f"Attempt {attempt_id} is already finished; its answers cannot change.",
                    "Start a new attempt with `leadquiz take`.",
                )
            asked = set(order)
            for question_id in answers:
                if question_id not in asked:
                    raise BadInputError(
                        f"Question {question_id!r} is not part of attempt {attempt_id}."
                    )
            conn.executemany(
                "INSERT INTO answers (attempt_id, question_id, value, answered_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (attempt_id, question_id)"
                " DO UPDATE SET value = excluded.value, answered_at = excluded.answered_at",
                rows,
            )

    def finish_attempt(  # noqa: PLR0917 - the documented positional API
        self,
        attempt_id: int,
        finished_at: str,
        overall_score: float | None,
        overall_band: str | None,
        result_json: str,
        scoring_version: int,
    ) -> None:
        """Mark an unfinished attempt finished and cache its scored result.

        Raises ``BadInputError`` if the attempt does not exist or is already finished.
        """
        with self._write() as conn:
            _, status = self._state(conn, attempt_id)
            if status == "finished":
                raise BadInputError(f"Attempt {attempt_id} is already finished.")
            conn.execute(
                "UPDATE attempts SET status = 'finished', finished_at = ?, overall_score = ?,"
                " overall_band = ?, result_json = ?, scoring_version = ? WHERE id = ?",
                (
                    finished_at,
                    overall_score,
                    overall_band,
                    result_json,
                    scoring_version,
                    attempt_id,
                ),
            )

    def cache_result(
        self,
        attempt_id: int,
        overall_score: float | None,
        overall_band: str | None,
        result_json: str,
        scoring_version: int,
    ) -> None:
        """Replace the cached result of a finished attempt (after rescoring it).

        Raises ``BadInputError`` if the attempt does not exist or is not finished.
        """
        with self._write() as conn:
            _, status = self._state(conn, attempt_id)
            if status != "finished":
                raise BadInputError(f"Attempt {attempt_id} is not finished; it has no result.")
            conn.execute(
                "UPDATE attempts SET overall_score = ?, overall_band = ?, result_json = ?,"
                " scoring_version = ? WHERE id = ?",
                (overall_score, overall_band, result_json, scoring_version, attempt_id),
            )

    def forget(self, user: str) -> tuple[int, int]:
        """Delete every attempt and answer of ``user``; return (attempts, answers) deleted.

        Bank snapshots no longer used by any attempt go too. Other users'
        data is not touched. One transaction; deleted content is overwritten
        (``secure_delete``) and the write-ahead log is emptied afterwards.
        """
        with self._write() as conn:
            answers = conn.execute(
                "DELETE FROM answers WHERE attempt_id IN (SELECT id FROM attempts WHERE user = ?)",
                (user,),
            ).rowcount
            attempts = conn.execute("DELETE FROM attempts WHERE user = ?", (user,)).rowcount
            conn.execute(_DELETE_UNUSED_BANKS)
        self._flush_log()
        return attempts, answers

    def delete_attempt(self, attempt_id: int) -> bool:
        """Delete one attempt and its answers; return whether it existed."""
        if not _valid_id(attempt_id):
            return False
        with self._write() as conn:
            conn.execute("DELETE FROM answers WHERE attempt_id = ?", (attempt_id,))
            deleted = conn.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,)).rowcount
            conn.execute(_DELETE_UNUSED_BANKS)
        self._flush_log()
        return deleted > 0

    def _flush_log(self) -> None:
        """Best effort: move the write-ahead log into the file and empty it."""
        with suppress(sqlite3.Error):
            self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def _state(self, conn: sqlite3.Connection, attempt_id: int) -> tuple[list[str], str]:
        """The question order and status of an attempt; ``BadInputError`` if there is none."""
        row = None
        if _valid_id(attempt_id):
            row = conn.execute(
                "SELECT question_order, status FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
        if row is None:
            raise BadInputError(
                f"There is no attempt {attempt_id}.", "Run `leadquiz history` to list the attempts."
            )
        return self._order(attempt_id, row[0]), str(row[1])

    # -- reading ---------------------------------------------------------------

    def attempt(self, attempt_id: int) -> Attempt | None:
        """The attempt with this id, or ``None``."""
        if not _valid_id(attempt_id):
            return None
        with self._guard() as conn:
            row = conn.execute(
                f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
        return None if row is None else self._attempt(row)

    def answers(self, attempt_id: int) -> dict[str, AnswerValue | None]:
        """The answers of an attempt in the order they were (last) given; ``None`` = skipped."""
        if not _valid_id(attempt_id):
            return {}
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT question_id, value FROM answers WHERE attempt_id = ?"
                " ORDER BY answered_at, rowid",
                (attempt_id,),
            ).fetchall()
        return {str(key): self._decode(attempt_id, value) for key, value in rows}

    def answer_times(self, attempt_id: int) -> dict[str, str]:
        """When each question of an attempt was (last) answered, in that order."""
        if not _valid_id(attempt_id):
            return {}
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT question_id, answered_at FROM answers WHERE attempt_id = ?"
                " ORDER BY answered_at, rowid",
                (attempt_id,),
            ).fetchall()
        return {str(key): str(when) for key, when in rows}

    def latest_unfinished(self, user: str, bank_id: str | None = None) -> Attempt | None:
        """The most recently started unfinished attempt of ``user`` (of ``bank_id`` if given)."""
        sql = f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE user = ? AND status = 'in_progress'"
        params: list[object] = [user]
        if bank_id is not None:
            sql += " AND bank_id = ?"
            params.append(bank_id)
        sql += " ORDER BY started_at DESC, id DESC LIMIT 1"
        with self._guard() as conn:
            row = conn.execute(sql, params).fetchone()
        return None if row is None else self._attempt(row)

    def attempts(
        self,
        user: str,
        *,
        finished_only: bool = False,
        bank_id: str | None = None,
        limit: int | None = None,
    ) -> list[Attempt]:
        """The attempts of ``user``, newest first, in one query (the newest ``limit`` only).

        Newest means latest ``started_at``; with ``finished_only``, latest
        ``finished_at``. Ties go to the higher id.
        """
        sql = f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE user = ?"
        params: list[object] = [user]
        if finished_only:
            sql += " AND status = 'finished'"
        if bank_id is not None:
            sql += " AND bank_id = ?"
            params.append(bank_id)
        newest = "finished_at" if finished_only else "started_at"
        sql += f" ORDER BY {newest} DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(max(limit, 0))
        with self._guard() as conn:
            rows = conn.execute(sql, params).fetchall()
        return [self._attempt(row) for row in rows]

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
            f"SELECT {_ATTEMPT_COLUMNS} FROM attempts WHERE user = ? AND bank_id = ?"
            " AND status = 'finished' AND (started_at < ? OR (started_at = ? AND id < ?)){}"
            " ORDER BY started_at DESC, id DESC LIMIT 1"
        )
        params = (user, bank_id, before.started_at, before.started_at, before.id)
        with self._guard() as conn:
            found = [conn.execute(sql.format(""), params).fetchone()]
            if found[0] is not None and found[0][10] is None:
                found.append(
                    conn.execute(sql.format(" AND overall_score IS NOT NULL"), params).fetchone()
                )
        return [self._attempt(row) for row in found if row is not None]

    def trend_scores(self, user: str, points: int) -> list[tuple[str, list[float], int]]:
        """Per bank id: the newest ``points`` overall scores (oldest first) and how many there are.

        Banks come most recently used first; one query, however long the history.
        """
        scored = "user = ? AND status = 'finished' AND overall_score IS NOT NULL"
        found: list[tuple[str, list[float], int]] = []
        with self._guard() as conn:
            banks = conn.execute(
                f"SELECT bank_id, count(*) FROM attempts WHERE {scored}"
                " GROUP BY bank_id ORDER BY max(started_at) DESC, bank_id",
                (user,),
            ).fetchall()
            for bank_id, total in banks:
                newest = conn.execute(
                    f"SELECT overall_score FROM attempts WHERE {scored} AND bank_id = ?"
                    " ORDER BY started_at DESC, id DESC LIMIT ?",
                    (user, bank_id, max(points, 1)),
                ).fetchall()
                found.append((str(bank_id), [float(row[0]) for row in reversed(newest)], total))
        return found

    def cached_results(self, user: str) -> list[tuple[Attempt, str | None, int | None]]:
        """Every finished attempt of ``user`` with its cached result JSON and scoring version.

        One query, latest ``finished_at`` first.
        """
        with self._guard() as conn:
            rows = conn.execute(
                f"SELECT {_ATTEMPT_COLUMNS}, result_json, scoring_version FROM attempts"
                " WHERE user = ? AND status = 'finished' ORDER BY finished_at DESC, id DESC",
                (user,),
            ).fetchall()
        return [(self._attempt(row), row[12], row[13]) for row in rows]

    def iter_cached_results(self, user: str) -> Iterator[CachedRow]:
        """Every finished attempt of ``user`` with its cached result, oldest ``finished_at`` first.

        Ties go to the lower id. The rows are read a few hundred at a time, each
        batch by its own query that is done before the batch is yielded, so the
        caller may write (refresh a cache) between rows, and memory stays flat
        however long the history. The question order is not read.
        """
        after: tuple[str, int] = ("", 0)
        while True:
            with self._guard() as conn:
                rows = conn.execute(_CACHED_SQL, (user, *after, _CACHED_CHUNK)).fetchall()
            for row in rows:
                yield CachedRow(*row)
            if len(rows) < _CACHED_CHUNK:
                return
            after = (rows[-1][2], rows[-1][0])

    def bank_snapshot(self, digest: str) -> Bank | None:
        """The bank stored for this digest (as it was when first used), or ``None``."""
        with self._guard() as conn:
            row = conn.execute("SELECT snapshot FROM banks WHERE digest = ?", (digest,)).fetchone()
        if row is None:
            return None
        try:
            return bank_from_json(str(row[0]))
        except ValueError as error:
            raise self._bad_record(f"the stored copy of bank {digest[:12]}", error) from error

    def users(self) -> list[tuple[str, int, str | None]]:
        """Every user with attempts: (name, number of attempts, latest ``started_at``), by name."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT user, count(*), max(started_at) FROM attempts GROUP BY user ORDER BY user"
            ).fetchall()
        return [(str(name), int(count), latest) for name, count, latest in rows]

    # -- decoding rows ---------------------------------------------------------

    def _attempt(self, row: Sequence[object]) -> Attempt:
        attempt_id = cast(int, row[0])
        score = row[10]
        return Attempt(
            id=attempt_id,
            user=str(row[1]),
            bank_id=str(row[2]),
            bank_version=str(row[3]),
            bank_digest=str(row[4]),
            order=tuple(self._order(attempt_id, row[5])),
            seed=cast("int | None", row[6]),
            status=cast(AttemptStatus, row[7]),
            started_at=str(row[8]),
            finished_at=cast("str | None", row[9]),
            overall_score=None if score is None else float(cast(float, score)),
            overall_band=cast("str | None", row[11]),
        )

    def _order(self, attempt_id: int, text: object) -> list[str]:
        try:
            order = json.loads(str(text))
        except ValueError as error:
            raise self._bad_record(f"the question order of attempt {attempt_id}", error) from None
        if not isinstance(order, list) or not all(isinstance(item, str) for item in order):
            raise self._bad_record(f"the question order of attempt {attempt_id}", "not a list")
        return cast("list[str]", order)

    def _decode(self, attempt_id: int, text: object) -> AnswerValue | None:
        if text is None:
            return None
        try:
            value = json.loads(str(text))
        except ValueError as error:
            raise self._bad_record(f"an answer of attempt {attempt_id}", error) from None
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise self._bad_record(f"an answer of attempt {attempt_id}", "not a number or key")
        return value

    def _bad_record(self, what: str, why: object) -> StoreError:
        return StoreError(
            f"The history database {shown(self.path)} holds a damaged record: {what} ({why}).",
            "The file was left untouched; restore a backup or move it aside to start fresh.",
        )


def _valid_id(attempt_id: object) -> bool:
    return (
        isinstance(attempt_id, int)
        and not isinstance(attempt_id, bool)
        and (0 < attempt_id <= _MAX_INT)
    )


def _dump(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def _encode(value: AnswerValue | None) -> str | None:
    """An answer as JSON text (``None`` stays ``None``: skipped)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"an answer must be an int, a str or None, not {type(value).__name__}")
    return _dump(value)


def _check_order(bank: Bank, order: tuple[str, ...]) -> None:
    if not bank.digest:
        raise ValueError("the bank has no digest; load it with leadquiz.bank")
    if not order:
        raise ValueError("an attempt needs at least one question")
    if len(set(order)) != len(order):
        raise ValueError("the question order repeats a question")
    unknown = [qid for qid in order if bank.question(qid) is None]
    if unknown:
        raise ValueError(f"the question order names unknown questions: {unknown!r}")
