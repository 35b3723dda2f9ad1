"""Observer forms and responses in the history database (migration 0005-observer-forms).

The forms a user issued are their private record: an import is checked
against it. A response is stored once per form, attached to one attempt,
with its relationship and raw answers (JSON); it is read back only to be
averaged (``leadquiz.results.observers``), never shown on its own.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import NamedTuple

from leadquiz.banks.snapshot import bank_to_json
from leadquiz.errors import BadInputError
from leadquiz.models import AnswerValue, Bank
from leadquiz.store.roles import RoleStore
from leadquiz.store.rows import decode_answer, dump, encode_answer, valid_id


class FormRecord(NamedTuple):
    """One issued form as the user's record holds it."""

    id: str
    user: str
    name: str
    bank_digest: str
    bank_id: str
    bank_version: str
    #: The attempt that was the latest when the form was issued (``None``: none yet).
    attempt_id: int | None
    issued_at: str
    #: When its response was imported, ``None`` if not yet.
    imported_at: str | None


class StoredResponse(NamedTuple):
    """One imported response: what averaging needs, nothing that names the observer."""

    relationship: str
    bank_digest: str
    answers: dict[str, AnswerValue | None]


class ObserverStore(RoleStore):
    """Writes and reads of observer forms and responses (a base class of ``Store``)."""

    @contextmanager
    def _observer_write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE`` … ``COMMIT``), errors mapped."""
        with self._writing() as conn:
            yield conn

    def store_bank(self, conn: sqlite3.Connection, bank: Bank) -> None:
        """Keep a snapshot of ``bank`` (once per digest), inside the caller's transaction."""
        known = conn.execute("SELECT 1 FROM banks WHERE digest = ?", (bank.digest,))
        if known.fetchone() is None:
            conn.execute(
                "INSERT INTO banks (digest, bank_id, version, snapshot) VALUES (?, ?, ?, ?)",
                (bank.digest, bank.id, bank.version, bank_to_json(bank)),
            )

    def issue_forms(
        self,
        *,
        user: str,
        bank: Bank,
        name: str,
        attempt_id: int | None,
        form_ids: Sequence[str],
        issued_at: str,
    ) -> None:
        """Record forms issued by ``user`` (and the bank's snapshot), in one transaction."""
        with self._observer_write() as conn:
            self.store_bank(conn, bank)
            conn.executemany(
                "INSERT INTO observer_forms (id, user, name, bank_digest, bank_id, bank_version,"
                " attempt_id, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (form_id, user, name, bank.digest, bank.id, bank.version, attempt_id, issued_at)
                    for form_id in form_ids
                ],
            )

    def form_record(self, form_id: str) -> FormRecord | None:
        """The issued form with this id (whoever issued it), or ``None``."""
        with self._guard() as conn:
            row = conn.execute(
                "SELECT f.id, f.user, f.name, f.bank_digest, f.bank_id, f.bank_version,"
                " f.attempt_id, f.issued_at, r.imported_at FROM observer_forms AS f"
                " LEFT JOIN observer_responses AS r ON r.form_id = f.id WHERE f.id = ?",
                (form_id,),
            ).fetchone()
        return None if row is None else FormRecord(*row)

    def store_response(
        self,
        form: FormRecord,
        attempt_id: int,
        relationship: str,
        answers: Mapping[str, AnswerValue],
        imported_at: str,
    ) -> None:
        """Store the response to ``form``; ``BadInputError`` if one is already stored."""
        encoded = {key: encode_answer(value) for key, value in answers.items()}
        with self._observer_write() as conn:
            taken = conn.execute(
                "SELECT 1 FROM observer_responses WHERE form_id = ?", (form.id,)
            ).fetchone()
            if taken is not None:
                raise BadInputError(f"the response to form {form.id} is already imported")
            conn.execute(
                "INSERT INTO observer_responses (form_id, user, attempt_id, relationship,"
                " answers, imported_at) VALUES (?, ?, ?, ?, ?, ?)",
                (form.id, form.user, attempt_id, relationship, dump(encoded), imported_at),
            )

    def responses(self, attempt_id: int) -> list[StoredResponse]:
        """The responses attached to an attempt, in no meaningful order (by form id)."""
        if not valid_id(attempt_id):
            return []
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT r.relationship, f.bank_digest, r.answers FROM observer_responses AS r"
                " JOIN observer_forms AS f ON f.id = r.form_id WHERE r.attempt_id = ?"
                " ORDER BY r.form_id",
                (attempt_id,),
            ).fetchall()
        found = []
        for relationship, digest, text in rows:
            raw = json.loads(str(text))
            answers = {
                str(key): decode_answer(self.path, attempt_id, value) for key, value in raw.items()
            }
            found.append(StoredResponse(str(relationship), str(digest), answers))
        return found

    def response_counts(self, user: str) -> dict[int, int]:
        """How many responses each attempt of ``user`` has (attempts with none left out)."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT attempt_id, count(*) FROM observer_responses WHERE user = ?"
                " GROUP BY attempt_id",
                (user,),
            ).fetchall()
        return {int(attempt): int(count) for attempt, count in rows}

    def has_forms(self, user: str) -> bool:
        """Whether ``user`` issued any observer form."""
        with self._guard() as conn:
            row = conn.execute("SELECT 1 FROM observer_forms WHERE user = ? LIMIT 1", (user,))
            return row.fetchone() is not None

    def responses_by_user(self) -> dict[str, int]:
        """How many responses every user has imported."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT user, count(*) FROM observer_responses GROUP BY user"
            ).fetchall()
        return {str(user): int(count) for user, count in rows}

    def forget_observers(self, conn: sqlite3.Connection, user: str) -> tuple[int, int]:
        """Delete the forms and responses of ``user`` (in the caller's transaction)."""
        responses = conn.execute("DELETE FROM observer_responses WHERE user = ?", (user,)).rowcount
        forms = conn.execute("DELETE FROM observer_forms WHERE user = ?", (user,)).rowcount
        return forms, responses
