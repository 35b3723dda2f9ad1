"""Observer rounds, forms, responses and summaries in the history database.

Migrations 0005-observer-forms and 0009-observer-rounds. The rounds and
forms a user issued are their private record: an import (identified) or a
collect (anonymous) is checked against it. A response of an identified round
is stored once per form, attached to one attempt, with its relationship and
raw answers (JSON); it is read back only to be averaged
(``leadquiz.results.observers``), never shown on its own. Of an anonymous
round the lead's machine stores only the summary. ``observer_used`` keeps the
ids of every form and round once imported, so that nothing forgotten later
lets the same file count again.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
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
    #: Its round (``None``: issued before rounds existed, identified) and the round's kind.
    round_id: str | None = None
    kind: str = "identified"
    collector: str = ""
    #: Whether its id was ever imported here (it stays used whatever is forgotten).
    used: bool = False


class RoundRecord(NamedTuple):
    """One round as the record of whoever issued it holds it."""

    id: str
    user: str
    kind: str
    lead: str
    collector: str
    bank_digest: str
    issued_at: str
    collected_at: str | None


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
        round_id: str,
        kind: str = "identified",
        lead: str | None = None,
        collector: str = "",
    ) -> None:
        """Record a round of forms issued by ``user`` (and the bank's snapshot), in one go.

        ``lead``: whom an anonymous round is about (an identified round's lead is ``user``).
        """
        with self._observer_write() as conn:
            self.store_bank(conn, bank)
            conn.execute(
                "INSERT INTO observer_rounds (id, user, kind, lead, collector, bank_digest,"
                " issued_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (round_id, user, kind, lead or user, collector, bank.digest, issued_at),
            )
            conn.executemany(
                "INSERT INTO observer_forms (id, user, name, bank_digest, bank_id, bank_version,"
                " attempt_id, issued_at, round_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        form_id,
                        user,
                        name,
                        bank.digest,
                        bank.id,
                        bank.version,
                        attempt_id,
                        issued_at,
                        round_id,
                    )
                    for form_id in form_ids
                ],
            )

    def form_record(self, form_id: str) -> FormRecord | None:
        """The issued form with this id (whoever issued it), or ``None``."""
        with self._guard() as conn:
            row = conn.execute(
                "SELECT f.id, f.user, f.name, f.bank_digest, f.bank_id, f.bank_version,"
                " f.attempt_id, f.issued_at, r.imported_at, f.round_id,"
                " coalesce(o.kind, 'identified'), coalesce(o.collector, ''),"
                " EXISTS (SELECT 1 FROM observer_used WHERE id = 'form:' || f.id)"
                " FROM observer_forms AS f"
                " LEFT JOIN observer_responses AS r ON r.form_id = f.id"
                " LEFT JOIN observer_rounds AS o ON o.id = f.round_id WHERE f.id = ?",
                (form_id,),
            ).fetchone()
        if row is None:
            return None
        return FormRecord._make([*row[:12], bool(row[12])])

    def round_record(self, round_id: str) -> RoundRecord | None:
        """The round with this id issued on this computer (by any user), or ``None``."""
        with self._guard() as conn:
            row = conn.execute(
                "SELECT id, user, kind, lead, collector, bank_digest, issued_at, collected_at"
                " FROM observer_rounds WHERE id = ?",
                (round_id,),
            ).fetchone()
        return None if row is None else RoundRecord(*row)

    def round_forms(self, round_id: str) -> int:
        """How many forms the round has."""
        with self._guard() as conn:
            row = conn.execute(
                "SELECT count(*) FROM observer_forms WHERE round_id = ?", (round_id,)
            ).fetchone()
        return int(row[0])

    def mark_collected(
        self, round_id: str, responses: int, at: str, write: Callable[[], None]
    ) -> None:
        """Mark a round collected and ``write`` its summary, both or neither.

        ``BadInputError`` when it is already collected (another run got there first).
        """
        with self._observer_write() as conn:
            done = conn.execute(
                "UPDATE observer_rounds SET collected_at = ?, collected_responses = ?"
                " WHERE id = ? AND collected_at IS NULL",
                (at, responses, round_id),
            ).rowcount
            if done != 1:
                raise BadInputError(f"round {round_id} is already collected")
            write()

    def is_used(self, kind: str, identifier: str) -> bool:
        """Whether a form's (``form``) or a round's (``round``) id was ever imported here."""
        with self._guard() as conn:
            row = conn.execute(
                "SELECT 1 FROM observer_used WHERE id = ?", (f"{kind}:{identifier}",)
            ).fetchone()
        return row is not None

    def attempt_others(self, attempt_id: int) -> tuple[int, int]:
        """How many responses and summaries are attached to an attempt."""
        with self._guard() as conn:
            responses = conn.execute(
                "SELECT count(*) FROM observer_responses WHERE attempt_id = ?", (attempt_id,)
            ).fetchone()[0]
            summaries = conn.execute(
                "SELECT count(*) FROM observer_summaries WHERE attempt_id = ?", (attempt_id,)
            ).fetchone()[0]
        return int(responses), int(summaries)

    def store_summary(
        self,
        *,
        user: str,
        attempt_id: int,
        round_id: str,
        bank_digest: str,
        responses: int,
        text: str,
        imported_at: str,
    ) -> None:
        """Store a round's summary for one attempt; ``BadInputError`` if its round is used."""
        key = f"round:{round_id}"
        with self._observer_write() as conn:
            if conn.execute("SELECT 1 FROM observer_used WHERE id = ?", (key,)).fetchone():
                raise BadInputError(f"the summary of round {round_id} is already imported")
            conn.execute("INSERT INTO observer_used (id) VALUES (?)", (key,))
            conn.execute(
                "INSERT INTO observer_summaries (round_id, user, attempt_id, bank_digest,"
                " responses, summary, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (round_id, user, attempt_id, bank_digest, responses, text, imported_at),
            )

    def summary_text(self, attempt_id: int) -> str | None:
        """The summary attached to an attempt (its JSON text as imported), or ``None``."""
        if not valid_id(attempt_id):
            return None
        with self._guard() as conn:
            row = conn.execute(
                "SELECT summary FROM observer_summaries WHERE attempt_id = ?"
                " ORDER BY imported_at DESC LIMIT 1",
                (attempt_id,),
            ).fetchone()
        return None if row is None else str(row[0])

    def store_response(
        self,
        form: FormRecord,
        attempt_id: int,
        relationship: str,
        answers: Mapping[str, AnswerValue | None],
        imported_at: str,
    ) -> None:
        """Store the response to ``form``; ``BadInputError`` if one is already stored."""
        encoded = {key: encode_answer(value) for key, value in answers.items()}
        with self._observer_write() as conn:
            taken = conn.execute(
                "SELECT 1 FROM observer_used WHERE id = ?", (f"form:{form.id}",)
            ).fetchone()
            if taken is not None:
                raise BadInputError(f"the response to form {form.id} is already imported")
            conn.execute("INSERT INTO observer_used (id) VALUES (?)", (f"form:{form.id}",))
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
        """How many responses each attempt of ``user`` has (a summary: its responses)."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT attempt_id, count(*) FROM observer_responses WHERE user = ?"
                " GROUP BY attempt_id UNION ALL SELECT attempt_id, sum(responses)"
                " FROM observer_summaries WHERE user = ? GROUP BY attempt_id",
                (user, user),
            ).fetchall()
        counts: dict[int, int] = {}
        for attempt, count in rows:
            counts[int(attempt)] = counts.get(int(attempt), 0) + int(count)
        return counts

    def has_forms(self, user: str) -> bool:
        """Whether ``user`` issued any observer form."""
        with self._guard() as conn:
            row = conn.execute("SELECT 1 FROM observer_forms WHERE user = ? LIMIT 1", (user,))
            return row.fetchone() is not None

    def responses_by_user(self) -> dict[str, int]:
        """How many responses every user has imported."""
        with self._guard() as conn:
            rows = conn.execute(
                "SELECT user, count(*) FROM observer_responses GROUP BY user UNION ALL"
                " SELECT user, sum(responses) FROM observer_summaries GROUP BY user"
            ).fetchall()
        counts: dict[str, int] = {}
        for user, count in rows:
            counts[str(user)] = counts.get(str(user), 0) + int(count)
        return counts

    def forget_observers(self, conn: sqlite3.Connection, user: str) -> tuple[int, int]:
        """Delete the rounds, forms, responses and summaries of ``user`` (caller's transaction).

        Returns (forms, responses), a summary counting as its responses. The
        used ids stay (``observer_used``: no user, no answer).
        """
        responses = conn.execute("DELETE FROM observer_responses WHERE user = ?", (user,)).rowcount
        summarised = conn.execute(
            "SELECT coalesce(sum(responses), 0) FROM observer_summaries WHERE user = ?", (user,)
        ).fetchone()[0]
        conn.execute("DELETE FROM observer_summaries WHERE user = ?", (user,))
        forms = conn.execute("DELETE FROM observer_forms WHERE user = ?", (user,)).rowcount
        conn.execute("DELETE FROM observer_rounds WHERE user = ?", (user,))
        return forms, responses + int(summarised)
