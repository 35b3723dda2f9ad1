"""The schema of the history database as named migrations, and the one way to write.

- ``MIGRATIONS``: the schema, one named step per version. The database's
  ``PRAGMA user_version`` is the number of steps applied; each step is
  recorded in the ``migrations`` table. Never edit a released step: add one.
- ``migrate``: applies the missing steps, each in its own ``BEGIN IMMEDIATE``
  transaction (statements run one by one with ``execute``, never
  ``executescript``, so a failing step rolls back completely). Before the
  first step on a database that already has data, a copy is saved next to it
  as ``leadquiz.db.bak-v{old_version}`` (mode 0600) by ``backup``.
- ``transaction``: the one way to write (``BEGIN IMMEDIATE`` … ``COMMIT``,
  rolled back on any error).

Opening the file (and creating it privately) is :mod:`leadquiz.store.dbfile`;
the wording of a failing database is :mod:`leadquiz.store.errors`.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import NamedTuple

from leadquiz.errors import StoreError
from leadquiz.formatting import utc_now
from leadquiz.store.errors import error_kind, newer_error
from leadquiz.text import shown_path


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
    # A report lists the attempts of its bank finished before it, and counts the
    # rest: found in this index, that stays fast however many there are.
    Migration(
        "0003-bank-finish-index",
        (
            "CREATE INDEX attempts_by_bank_finish"
            " ON attempts (user, status, bank_id, finished_at, id)",
        ),
    ),
    # What a user's role asks for (``leadquiz role``): one row per profile, never
    # overwritten, and one per rated area. A profile is finished or still being given.
    Migration(
        "0004-role-profiles",
        (
            """CREATE TABLE role_profiles (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                user TEXT NOT NULL,
                bank_id TEXT NOT NULL,
                bank_version TEXT NOT NULL,
                bank_digest TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'in_progress'
                    CHECK (status IN ('in_progress', 'finished')),
                started_at TEXT NOT NULL,
                finished_at TEXT,
                leading_share INTEGER CHECK (leading_share BETWEEN 0 AND 100),
                share_asked INTEGER NOT NULL DEFAULT 0 CHECK (share_asked IN (0, 1)),
                CHECK ((status = 'finished') = (finished_at IS NOT NULL))
            )""",
            "CREATE INDEX role_profiles_by_user ON role_profiles (user, status, finished_at, id)",
            # value: 1..5, NULL = skipped.
            """CREATE TABLE role_ratings (
                profile_id INTEGER NOT NULL REFERENCES role_profiles (id) ON DELETE CASCADE,
                area_id TEXT NOT NULL,
                value INTEGER CHECK (value BETWEEN 1 AND 5),
                answered_at TEXT NOT NULL,
                PRIMARY KEY (profile_id, area_id)
            )""",
        ),
    ),
    # Observer forms the user issued (the private record an import is checked
    # against) and the responses imported, attached to one attempt each.
    Migration(
        "0005-observer-forms",
        (
            """CREATE TABLE observer_forms (
                id TEXT PRIMARY KEY,
                user TEXT NOT NULL,
                name TEXT NOT NULL,
                bank_digest TEXT NOT NULL REFERENCES banks (digest),
                bank_id TEXT NOT NULL,
                bank_version TEXT NOT NULL,
                attempt_id INTEGER,
                issued_at TEXT NOT NULL
            )""",
            "CREATE INDEX observer_forms_by_user ON observer_forms (user)",
            # answers: a JSON object {question_id: value}; one response per form.
            """CREATE TABLE observer_responses (
                form_id TEXT PRIMARY KEY REFERENCES observer_forms (id),
                user TEXT NOT NULL,
                attempt_id INTEGER NOT NULL,
                relationship TEXT NOT NULL
                    CHECK (relationship IN ('manager', 'peer', 'direct report', 'other')),
                answers TEXT NOT NULL,
                imported_at TEXT NOT NULL
            )""",
            "CREATE INDEX observer_responses_by_attempt ON observer_responses (attempt_id)",
            "CREATE INDEX observer_responses_by_user ON observer_responses (user)",
        ),
    ),
    # One attempt, one writer: the run answering an attempt holds it (its token
    # and when it last wrote), so a second run resuming it is refused or takes
    # it over visibly. Attempts are ordered by id (the order they were started,
    # whatever the clock says): these indexes keep that order cheap.
    Migration(
        "0006-attempt-writer",
        (
            "ALTER TABLE attempts ADD COLUMN writer TEXT",
            "ALTER TABLE attempts ADD COLUMN writer_seen TEXT",
            "CREATE INDEX attempts_by_user_id ON attempts (user, status, bank_id)",
            "CREATE INDEX attempts_by_user ON attempts (user)",
            "CREATE INDEX attempts_by_user_state ON attempts (user, status)",
        ),
    ),
    # Names that differ only by case or compatibility form are one user: the
    # stored names take their one form (leadquiz_user_key is registered on
    # every connection by leadquiz.store.dbfile).
    Migration(
        "0007-user-name-key",
        (
            "UPDATE attempts SET user = leadquiz_user_key(user)"
            " WHERE user != leadquiz_user_key(user)",
            "UPDATE role_profiles SET user = leadquiz_user_key(user)"
            " WHERE user != leadquiz_user_key(user)",
            "UPDATE observer_forms SET user = leadquiz_user_key(user)"
            " WHERE user != leadquiz_user_key(user)",
            "UPDATE observer_responses SET user = leadquiz_user_key(user)"
            " WHERE user != leadquiz_user_key(user)",
        ),
    ),
    # Where an attempt's answers came from ('terminal' or 'file'): only answers
    # asked one by one have times that can say they came too fast. NULL for
    # attempts stored before: their source is read from their answer times.
    Migration(
        "0008-answer-source",
        ("ALTER TABLE attempts ADD COLUMN answer_source TEXT",),
    ),
    # Rounds (docs/observers.md): every form belongs to one, identified (the
    # lead's own) or anonymous (issued here by a collector for a lead, and
    # collected once). A lead's machine keeps the summaries of anonymous
    # rounds, never their responses. ``observer_used`` keeps the ids of the
    # forms and rounds already imported ('form:<id>', 'round:<id>'), with no
    # user and no answer, so that nothing forgotten later frees them again.
    Migration(
        "0009-observer-rounds",
        (
            """CREATE TABLE observer_rounds (
                id TEXT PRIMARY KEY,
                user TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('identified', 'anonymous')),
                lead TEXT NOT NULL,
                collector TEXT NOT NULL DEFAULT '',
                bank_digest TEXT NOT NULL REFERENCES banks (digest),
                issued_at TEXT NOT NULL,
                collected_at TEXT,
                collected_responses INTEGER
            )""",
            "CREATE INDEX observer_rounds_by_user ON observer_rounds (user)",
            "ALTER TABLE observer_forms ADD COLUMN round_id TEXT REFERENCES observer_rounds (id)",
            "CREATE INDEX observer_forms_by_round ON observer_forms (round_id)",
            """CREATE TABLE observer_summaries (
                round_id TEXT PRIMARY KEY,
                user TEXT NOT NULL,
                attempt_id INTEGER NOT NULL,
                bank_digest TEXT NOT NULL,
                responses INTEGER NOT NULL,
                summary TEXT NOT NULL,
                imported_at TEXT NOT NULL
            )""",
            "CREATE INDEX observer_summaries_by_attempt ON observer_summaries (attempt_id)",
            "CREATE INDEX observer_summaries_by_user ON observer_summaries (user)",
            "CREATE TABLE observer_used (id TEXT PRIMARY KEY)",
            "INSERT INTO observer_used (id) SELECT 'form:' || form_id FROM observer_responses",
        ),
    ),
)

#: The schema version this leadquiz writes.
SCHEMA_VERSION = len(MIGRATIONS)
#: How long to wait for another process's write lock, in seconds.
DEFAULT_TIMEOUT = 10.0


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
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        os.close(os.open(partial, flags, 0o600))
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
                    "INSERT INTO migrations (name, applied_at) VALUES (?, ?)", (name, utc_now())
                )
            except sqlite3.Error as error:
                if error_kind(error) != "other":
                    raise
                copy = f"; a copy of it is at {shown_path(saved)}" if saved else ""
                raise StoreError(
                    f"Could not upgrade the history database {shown_path(path)} to version "
                    f"{number} ({name}): {error}. It was left at version {current}{copy}.",
                    "Please report this as a bug in leadquiz.",
                ) from error
