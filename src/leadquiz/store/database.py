"""The history store: every attempt, answer and bank snapshot, in one SQLite file.

``Store.open(home)`` opens (or creates) ``home/leadquiz.db``, private to the
user (directory 0700, file 0600), in WAL mode, and brings its schema up to
date with the named migrations of ``leadquiz.store.migrations``. Every write is
one ``BEGIN IMMEDIATE`` transaction, so an answer is on disk as soon as
``record_answer`` returns and several leadquiz processes can write at once.

Failures are plain errors: ``StoreError`` (exit 1) when the database cannot
be used (damaged, locked, newer, read-only, disk full) — the file is never
changed by a failed operation — and ``BadInputError`` (exit 2) for an unknown
or finished attempt or a bad user name.

Times are ISO-8601 UTC strings given by the caller. Answer values are stored
as JSON, so the likert value ``5`` and the option key ``"5"`` stay apart;
a skipped question is stored as ``None``.

This module opens the store and writes to it; the queries that read it are
:mod:`leadquiz.store.reads`, the layout of its rows :mod:`leadquiz.store.rows`,
the file itself :mod:`leadquiz.store.dbfile`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import NamedTuple, cast

from leadquiz.errors import BadInputError, StoreError
from leadquiz.models import AnswerSource, AnswerValue, Attempt, Bank
from leadquiz.paths import check_user_name
from leadquiz.store import writers
from leadquiz.store.dbfile import DB_NAME, connect, connect_to_read
from leadquiz.store.migrations import DEFAULT_TIMEOUT, MIGRATIONS, Migration, transaction
from leadquiz.store.observers import ObserverStore
from leadquiz.store.rows import (
    MAX_INT,
    check_order,
    decode_order,
    dump,
    encode_answer,
    valid_id,
)

__all__ = ["DB_NAME", "DEFAULT_TIMEOUT", "MIGRATIONS", "Migration", "Store"]

_DELETE_UNUSED_BANKS = (
    "DELETE FROM banks WHERE NOT EXISTS (SELECT 1 FROM attempts WHERE bank_digest = banks.digest)"
    " AND NOT EXISTS (SELECT 1 FROM observer_forms WHERE bank_digest = banks.digest)"
)


class Forgotten(NamedTuple):
    """What ``Store.forget_all`` deleted."""

    attempts: int
    answers: int
    forms: int
    responses: int


class Store(ObserverStore):
    """An open history database. Use ``Store.open(home)``; close it, or use ``with``.

    Every query of :class:`~leadquiz.store.reads.StoreReads`, every role-profile
    method of :class:`~leadquiz.store.roles.RoleStore` and every observer method of
    :class:`~leadquiz.store.observers.ObserverStore` is a method of a ``Store`` too.
    """

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

    @classmethod
    def open_to_read(
        cls,
        home: Path,
        *,
        migrations: Sequence[Migration] = MIGRATIONS,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> Store:
        """Open ``home/leadquiz.db`` for a command that only reads it.

        As :meth:`open`, but where that fails because nothing can be written (a
        full or read-only disk, a read-only folder or file), the existing history
        is opened read-only instead: a person can still see and rescue their data.
        Writing through such a store fails plainly (its ``read_only`` is true).
        """
        try:
            return cls.open(home, migrations=migrations, timeout=timeout)
        except StoreError as error:
            path = Path(home) / DB_NAME
            try:
                conn = connect_to_read(path, migrations, timeout)
            except StoreError:
                raise error from None
        store = cls(conn, path, timeout)
        store.read_only = True
        return store

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
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), errors mapped."""
        with self._writing() as conn:
            yield conn

    # -- writing ----------------------------------------------------------------

    def begin_attempt(  # noqa: PLR0917 - the documented positional API
        self,
        user: str,
        bank: Bank,
        order: Sequence[str],
        seed: int | None,
        started_at: str,
        writer: str | None = None,
        source: AnswerSource | None = None,
    ) -> Attempt:
        """Start and store a new attempt of ``bank`` by ``user``; return it.

        ``order`` is the question ids in the order they will be asked (each a
        question of the bank, no repeats). The bank's snapshot is stored in
        the same transaction if no attempt used a bank with this digest yet.
        ``writer`` (see :mod:`leadquiz.store.writers`) holds the new attempt.
        Raises ``BadInputError`` for a bad user name or a seed outside the
        64-bit range, ``ValueError`` for a bank without digest or a bad order.
        """
        name = check_user_name(user)
        questions = tuple(order)
        check_order(bank, questions)
        if seed is not None and not -MAX_INT - 1 <= seed <= MAX_INT:
            raise BadInputError(f"The seed {seed} is too large: use a number below 2**63.")
        with self._write() as conn:
            self.store_bank(conn, bank)
            columns = {
                "user": name,
                "bank_digest": bank.digest,
                "bank_id": bank.id,
                "bank_version": bank.version,
                "question_order": dump(questions),
                "seed": seed,
                "status": "in_progress",
                "started_at": started_at,
            }
            if source is not None:
                # Only then: an unknown source is the column's NULL, so a history at
                # an older schema (before 0008) can still take a new attempt.
                columns["answer_source"] = source
            cursor = conn.execute(
                f"INSERT INTO attempts ({', '.join(columns)})"
                f" VALUES ({', '.join('?' * len(columns))})",
                tuple(columns.values()),
            )
            attempt_id = cast(int, cursor.lastrowid)
            if writer is not None:
                writers.claim(conn, attempt_id, writer, started_at)
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
            answer_source=source,
        )

    def record_answer(
        self,
        attempt_id: int,
        question_id: str,
        value: AnswerValue | None,
        answered_at: str,
        writer: str | None = None,
    ) -> None:
        """Store (or replace) one answer of an unfinished attempt; ``None`` means skipped.

        Raises ``BadInputError`` if the attempt does not exist, is finished,
        or does not ask this question; ``AttemptBusyError`` if ``writer`` is
        given and no longer holds the attempt.
        """
        self.save_answers(attempt_id, {question_id: value}, answered_at, writer)

    def save_answers(
        self,
        attempt_id: int,
        answers: Mapping[str, AnswerValue | None],
        answered_at: str,
        writer: str | None = None,
    ) -> None:
        """Store (or replace) several answers of an unfinished attempt in one transaction.

        Same rules as ``record_answer``; nothing is saved if any answer is refused.
        """
        rows = [
            (attempt_id, key, encode_answer(value), answered_at) for key, value in answers.items()
        ]
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
            if writer is not None:
                writers.check_held(conn, attempt_id, writer, answered_at)
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
        writer: str | None = None,
    ) -> None:
        """Mark an unfinished attempt finished and cache its scored result.

        Raises ``BadInputError`` if the attempt does not exist or is already
        finished; ``AttemptBusyError`` if ``writer`` no longer holds it.
        """
        with self._write() as conn:
            _, status = self._state(conn, attempt_id)
            if status == "finished":
                raise BadInputError(f"Attempt {attempt_id} is already finished.")
            if writer is not None:
                writers.check_held(conn, attempt_id, writer, finished_at)
            conn.execute(
                "UPDATE attempts SET status = 'finished', finished_at = ?, overall_score = ?,"
                " overall_band = ?, result_json = ?, scoring_version = ?,"
                " writer = NULL, writer_seen = NULL WHERE id = ?",
                (
                    finished_at,
                    overall_score,
                    overall_band,
                    result_json,
                    scoring_version,
                    attempt_id,
                ),
            )

    def claim_attempt(self, attempt_id: int, writer: str, now: str) -> writers.Holder | None:
        """Make ``writer`` the one run answering an unfinished attempt.

        Returns the holder it took over from (a run that is gone), if any.
        Raises ``AttemptBusyError`` while another live run holds it, and
        ``BadInputError`` if the attempt does not exist or is finished.
        """
        with self._write() as conn:
            _, status = self._state(conn, attempt_id)
            if status == "finished":
                raise BadInputError(f"Attempt {attempt_id} is already finished.")
            return writers.claim(conn, attempt_id, writer, now)

    def held_elsewhere(self, attempt_id: int) -> bool:
        """Whether another live run is answering the attempt right now."""
        from datetime import UTC, datetime

        with self._guard() as conn:
            row = conn.execute(
                "SELECT writer, writer_seen FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
        holder = writers.holder_of(row[0], row[1]) if row else None
        return holder is not None and writers.is_alive(holder, datetime.now(UTC))

    def live_writers(self, now: datetime) -> list[tuple[int, writers.Holder]]:
        """The unfinished attempts another live run is answering now, with that run."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT id, writer, writer_seen FROM attempts"
                " WHERE status = 'in_progress' AND writer IS NOT NULL ORDER BY id"
            ).fetchall()
        found = [(int(row[0]), writers.holder_of(row[1], row[2])) for row in rows]
        return [(key, who) for key, who in found if who is not None and writers.is_alive(who, now)]

    def release_attempt(self, attempt_id: int, writer: str) -> None:
        """Let go of an attempt ``writer`` holds (best effort: a failure changes nothing)."""
        with suppress(StoreError, sqlite3.Error), self._guard() as conn, transaction(conn):
            writers.release(conn, attempt_id, writer)

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
        A store opened to read keeps no cache (the result is scored again next time).
        """
        if self.read_only:
            return
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
        """Delete everything of ``user`` (``forget_all``); return (attempts, answers) deleted."""
        forgotten = self.forget_all(user)
        return forgotten.attempts, forgotten.answers

    def forget_all(self, user: str) -> Forgotten:
        """Delete every attempt, answer, observer form and response of ``user``.

        Bank snapshots no longer used by any attempt or form go too. Other users'
        data is not touched. One transaction; deleted content is overwritten
        (``secure_delete``) and the write-ahead log is emptied afterwards.
        The upgrade copies next to the file are :meth:`forget_in_copies`'s.
        """
        with self._write() as conn:
            forms, responses = self.forget_observers(conn, user)
            answers = conn.execute(
                "DELETE FROM answers WHERE attempt_id IN (SELECT id FROM attempts WHERE user = ?)",
                (user,),
            ).rowcount
            attempts = conn.execute("DELETE FROM attempts WHERE user = ?", (user,)).rowcount
            self._forget_roles(conn, user)
            conn.execute(_DELETE_UNUSED_BANKS)
        self._flush_log()
        return Forgotten(attempts, answers, forms, responses)

    def forget_in_copies(self, user: str) -> tuple[list[Path], list[Path]]:
        """Remove ``user`` from the upgrade copies kept next to the file.

        Returns the copies rewritten without them and the files deleted whole
        (unreadable copies, leftovers of an interrupted copy).
        """
        from leadquiz.store.copies import forget_in_copies

        return forget_in_copies(self.path.parent, user)

    def copy_into(
        self, target: sqlite3.Connection, progress: Callable[[int, int, int], object]
    ) -> None:
        """Copy the whole database into ``target`` with SQLite's online backup (a consistent copy).

        ``progress`` is called after each step (status, remaining, total), and may raise to stop.
        """
        with self._guard() as conn:
            conn.backup(target, pages=256, progress=progress)

    def delete_attempt(self, attempt_id: int) -> bool:
        """Delete one attempt and its answers; return whether it existed."""
        if not valid_id(attempt_id):
            return False
        with self._write() as conn:
            conn.execute("DELETE FROM answers WHERE attempt_id = ?", (attempt_id,))
            conn.execute("DELETE FROM observer_responses WHERE attempt_id = ?", (attempt_id,))
            conn.execute("DELETE FROM observer_summaries WHERE attempt_id = ?", (attempt_id,))
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
        if valid_id(attempt_id):
            row = conn.execute(
                "SELECT question_order, status FROM attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
        if row is None:
            raise BadInputError(
                f"There is no attempt {attempt_id}.", "Run `leadquiz history` to list the attempts."
            )
        return decode_order(self.path, attempt_id, row["question_order"]), str(row["status"])
