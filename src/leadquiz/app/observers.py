"""Observers' use cases: issue forms and import responses (a report's part: ``app.reports``).

Every response is checked against the user's own record of the forms issued
(``store.observers``) and the bank snapshot the form was made from, before
anything is stored; see docs/observers.md for the rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from leadquiz.errors import BadInputError, FileProblemsError, FormError, LeadquizError, Problem
from leadquiz.formatting import format_day, utc_now
from leadquiz.hints import command
from leadquiz.inputs import read_limited
from leadquiz.models import Attempt, Bank
from leadquiz.store.database import Store
from leadquiz.text import quoted
from leadquiz.viewpoints import RELATIONSHIPS

# The forms (their YAML and checks) are imported by the functions that use them.
if TYPE_CHECKING:
    from leadquiz.quiz.observer_form import Form
    from leadquiz.store.observers import FormRecord

#: At most this many forms at once.
MAX_COUNT = 100


def issue_forms(store: Store, user: str, bank: Bank, name: str, count: int) -> list[Form]:
    """Make ``count`` blank forms of ``bank`` about ``name`` and record them as issued by ``user``.

    They belong to the user's latest finished attempt of the same bank id (if any).
    """
    import secrets

    from leadquiz.banks.observer_ready import observer_forms, without_observer_text
    from leadquiz.quiz.observer_form import build_form, check_name

    if without_observer_text(bank):
        raise BadInputError(
            f"bank {quoted(bank.id)} cannot be sent to observers: {observer_forms(bank)}",
            "Every question needs an observer_text; the bundled banks core and quick have one.",
        )
    problem = check_name(name)
    if problem is not None:
        raise BadInputError(f"{problem}: {quoted(name)}", "Choose it with --name TEXT.")
    if not 1 <= count <= MAX_COUNT:
        raise BadInputError(f"--count must be from 1 to {MAX_COUNT}, not {count}")
    latest = store.attempts(user, finished_only=True, bank_id=bank.id, limit=1)
    forms = [build_form(bank, name, secrets.token_hex(8)) for _ in range(count)]
    store.issue_forms(
        user=user,
        bank=bank,
        name=name,
        attempt_id=latest[0].id if latest else None,
        form_ids=[form.form_id for form in forms],
        issued_at=utc_now(),
    )
    return forms


@dataclass
class ImportOutcome:
    """What ``import`` did with each file: stored (path, form id, attempt id) or refused."""

    stored: list[tuple[Path, str, int]] = field(default_factory=list)
    refused: list[FileProblemsError] = field(default_factory=list)


def import_responses(
    store: Store,
    user: str,
    paths: Sequence[Path],
    attempt: Attempt | None,
    outcome: ImportOutcome | None = None,
) -> ImportOutcome:
    """Check and store each response file; every refused one is listed, nothing of it stored.

    ``outcome`` (a new one if not given) is filled file by file, so a caller
    stopped half-way (Ctrl-C, SIGTERM) still knows what was stored; see
    :func:`stored_before_stop` for the file a stop cut short.
    """
    outcome = ImportOutcome() if outcome is None else outcome
    for path in paths:
        try:
            form_id, attempt_id = _import_one(store, user, path, attempt)
        except FileProblemsError as error:
            outcome.refused.append(error)
        except BadInputError as error:
            outcome.refused.append(FormError([Problem(str(path), 0, 0, error.message)]))
        else:
            outcome.stored.append((path, form_id, attempt_id))
    return outcome


def stored_before_stop(
    store: Store,
    user: str,
    paths: Sequence[Path],
    attempt: Attempt | None,
    outcome: ImportOutcome,
) -> tuple[list[tuple[Path, str, int]], list[Path]]:
    """After a stop: the files stored (path, form id, attempt id) and the files not stored.

    The file being imported when the stop came was stored if its response is in
    the history now (the stop may fall between the commit and the list).
    """
    from leadquiz.quiz.observer_form import MAX_FORM_BYTES, parse_form

    stored = list(outcome.stored)
    # The files are taken in order, each stored or refused: the rest come after them.
    rest = list(paths[len(outcome.stored) + len(outcome.refused) :])
    if rest:
        try:
            form = parse_form(read_limited(rest[0], MAX_FORM_BYTES, FormError), str(rest[0]))
            record = store.form_record(form.form_id)
        except (LeadquizError, OSError):
            record = None
        if record is not None and record.user == user and record.imported_at is not None:
            attached = attempt if attempt is not None else _attached_attempt(store, record)
            stored.append((rest[0], record.id, attached.id))
            rest = rest[1:]
    return stored, rest


def _import_one(store: Store, user: str, path: Path, chosen: Attempt | None) -> tuple[str, int]:
    from leadquiz.quiz.observer_form import MAX_FORM_BYTES, build_form, parse_form

    origin = str(path)
    form = parse_form(read_limited(path, MAX_FORM_BYTES, FormError), origin)

    def refuse(message: str) -> FormError:
        return FormError([Problem(origin, 0, 0, message)])

    record = store.form_record(form.form_id)
    if record is None:
        raise refuse(
            f"form {quoted(form.form_id)} was not issued by leadquiz on this computer "
            "(no record of it)"
        )
    if record.user != user:
        raise refuse(
            f"form {quoted(form.form_id)} was issued by another user, not by {quoted(user)}"
        )
    if record.imported_at is not None:
        raise refuse(
            f"the response to form {quoted(form.form_id)} is already imported "
            f"({format_day(record.imported_at)})"
        )
    bank = store.bank_snapshot(record.bank_digest)
    if bank is None:
        raise LeadquizError(f"the bank of form {quoted(form.form_id)} is missing from the database")
    difference = _protected_difference(form, build_form(bank, record.name, record.id))
    if difference is not None:
        raise refuse(difference)
    _check_filled(form, refuse)
    attempt = chosen if chosen is not None else _attached_attempt(store, record)
    if not {d.id for d in bank.dimensions} & _attempt_areas(store, attempt):
        raise refuse(f"attempt {attempt.id} scores none of the areas of this form's bank")
    assert form.relationship is not None
    store.store_response(record, attempt.id, form.relationship, form.answers, utc_now())
    return record.id, attempt.id


def _protected_difference(got: Form, issued: Form) -> str | None:
    """What an observer changed in the part of the form they must not change, or ``None``."""
    if (got.bank_id, got.bank_version, got.bank_sha256) != (
        issued.bank_id,
        issued.bank_version,
        issued.bank_sha256,
    ):
        return (
            f"the form's bank was changed: it was issued with {quoted(issued.bank_id)} "
            f"{issued.bank_version} (sha256 {issued.bank_sha256[:12]}…)"
        )
    if got.name != issued.name:
        return "the name on the form was changed"
    if got.scale != issued.scale:
        return "the scale of the form was edited"
    if [q.id for q in got.questions] != [q.id for q in issued.questions]:
        return "the form's questions were changed (added, removed or reordered)"
    for mine, theirs in zip(got.questions, issued.questions, strict=True):
        if mine.text != theirs.text:
            return f"the text of question {quoted(mine.id)} was edited"
        if mine.options != theirs.options:
            return f"the options of question {quoted(mine.id)} were edited"
    return None


def _check_filled(form: Form, refuse: Callable[[str], FormError]) -> None:
    """Refuse a response without a relationship or with questions left open."""
    if form.relationship is None:
        raise refuse("the relationship is not filled in (one of " + ", ".join(RELATIONSHIPS) + ")")
    missing = form.open_questions()
    if missing:
        listed = ", ".join(missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        raise refuse(f"{len(missing)} of {len(form.questions)} questions have no answer: {listed}")


def _attached_attempt(store: Store, record: FormRecord) -> Attempt:
    """The attempt a response belongs to: the one latest at issue, else the latest now."""
    if record.attempt_id is not None:
        attempt = store.attempt(record.attempt_id)
        if attempt is not None and attempt.status == "finished":
            return attempt
    latest = store.attempts(record.user, finished_only=True, bank_id=record.bank_id, limit=1)
    if not latest:
        raise BadInputError(
            f"there is no finished attempt of bank {quoted(record.bank_id)} to attach it to",
            "Take the quiz first with: "
            + command("take", "--bank", record.bank_id, user=record.user),
        )
    return latest[0]


def _attempt_areas(store: Store, attempt: Attempt) -> set[str]:
    bank = store.bank_snapshot(attempt.bank_digest)
    return {d.id for d in bank.dimensions} if bank is not None else set()
