"""Observers' use cases: issue a round of forms, import responses and summaries.

Every response is checked against the user's own record of the forms issued
(``store.observers``) and the bank snapshot the form was made from, before
anything is stored; an anonymous round's responses go to its collector
(``app.rounds``), and the lead imports only the round's summary. See
docs/observers.md for the rules. (A report's part: ``app.reports``.)
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
    from leadquiz.quiz.observer_form import Form, RoundKind
    from leadquiz.store.observers import FormRecord

#: At most this many forms at once.
MAX_COUNT = 100


@dataclass(frozen=True)
class RoundPlan:
    """A round checked and built, not yet recorded: the forms to write, then record."""

    user: str
    lead: str
    bank: Bank
    forms: tuple[Form, ...]
    attempt_id: int | None

    @property
    def kind(self) -> RoundKind:
        """``identified`` or ``anonymous`` (all forms of a round are of one kind)."""
        return self.forms[0].kind


def plan_round(
    store: Store,
    user: str,
    bank: Bank,
    name: str,
    count: int,
    *,
    lead: str | None = None,
    collector: str = "",
) -> RoundPlan:
    """Check and build a round of ``count`` forms of ``bank`` about ``name``; nothing is stored.

    Without ``lead``, an identified round of ``user``'s own, belonging to their
    latest finished attempt of the bank (if any). With ``lead`` (a user name
    on the lead's computer) and ``collector``, an anonymous round that
    ``user`` issues as its collector. The forms are recorded by
    :func:`record_round` once they are written.
    """
    import secrets

    from leadquiz.banks.observer_ready import observer_forms, without_observer_text
    from leadquiz.quiz.observer_form import ANONYMOUS, IDENTIFIED, build_form, check_name

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
    attempt_id = None
    if lead is None:
        latest = store.attempts(user, finished_only=True, bank_id=bank.id, limit=1)
        attempt_id = latest[0].id if latest else None
    else:
        collector_problem = check_name(collector)
        if collector_problem is not None:
            raise BadInputError(
                collector_problem.replace("the name to show", "the collector's name")
                + f": {quoted(collector)}",
                "Give the name observers send their forms back to with --collector NAME.",
            )
        if store.attempts(lead, limit=1):
            raise BadInputError(
                f"{quoted(lead)} has attempts in this database: an anonymous round is issued "
                "on its collector's computer, never on the lead's",
                "The collector (a coach, say) runs: leadquiz invite --for LEAD --collector NAME",
            )
    round_id = secrets.token_hex(8)
    kind: RoundKind = IDENTIFIED if lead is None else ANONYMOUS
    forms = tuple(
        build_form(
            bank,
            name,
            secrets.token_hex(8),
            round_id=round_id,
            kind=kind,
            collector=collector if lead is not None else "",
        )
        for _ in range(count)
    )
    return RoundPlan(user, lead or user, bank, forms, attempt_id)


def record_round(store: Store, plan: RoundPlan) -> None:
    """Record the round's forms as issued (call once every form is written)."""
    first = plan.forms[0]
    store.issue_forms(
        user=plan.user,
        bank=plan.bank,
        name=first.name,
        attempt_id=plan.attempt_id,
        form_ids=[form.form_id for form in plan.forms],
        issued_at=utc_now(),
        round_id=first.round_id,
        kind=first.kind,
        lead=plan.lead,
        collector=first.collector,
    )


@dataclass(frozen=True)
class Imported:
    """One file stored: what it was (a form's response or a round's summary) and where."""

    path: Path
    #: ``form 5536…`` or ``summary of round 1a2b…, 5 responses``.
    what: str
    attempt_id: int


@dataclass
class ImportOutcome:
    """What ``import`` did with each file: stored or refused."""

    stored: list[Imported] = field(default_factory=list)
    refused: list[FileProblemsError] = field(default_factory=list)


def import_files(
    store: Store,
    user: str,
    paths: Sequence[Path],
    attempt: Attempt | None,
    outcome: ImportOutcome | None = None,
) -> ImportOutcome:
    """Check and store each response or summary; every refused one is listed, nothing stored.

    ``outcome`` (a new one if not given) is filled file by file, so a caller
    stopped half-way (Ctrl-C, SIGTERM) still knows what was stored; see
    :func:`stored_before_stop` for the file a stop cut short.
    """
    from leadquiz.quiz.observer_form import MAX_FORM_BYTES
    from leadquiz.quiz.observer_summary import looks_like_summary

    outcome = ImportOutcome() if outcome is None else outcome
    for path in paths:
        try:
            data = read_limited(path, MAX_FORM_BYTES, FormError)
            if looks_like_summary(data):
                from leadquiz.app.rounds import import_summary

                stored = import_summary(store, user, path, data, attempt)
            else:
                stored = _import_response(store, user, path, data, attempt)
        except FileProblemsError as error:
            outcome.refused.append(error)
        except BadInputError as error:
            outcome.refused.append(FormError([Problem(str(path), 0, 0, error.message)]))
        else:
            outcome.stored.append(stored)
    return outcome


def stored_before_stop(
    store: Store,
    user: str,
    paths: Sequence[Path],
    attempt: Attempt | None,
    outcome: ImportOutcome,
) -> tuple[list[Imported], list[Path]]:
    """After a stop: the files stored and the files not stored.

    The file being imported when the stop came was stored if its response (or
    its round's summary) is in the history now (the stop may fall between the
    commit and the list).
    """
    stored = list(outcome.stored)
    # The files are taken in order, each stored or refused: the rest come after them.
    rest = list(paths[len(outcome.stored) + len(outcome.refused) :])
    if rest:
        cut_short = _stored_just_now(store, user, rest[0], attempt)
        if cut_short is not None:
            stored.append(cut_short)
            rest = rest[1:]
    return stored, rest


def _stored_just_now(
    store: Store, user: str, path: Path, attempt: Attempt | None
) -> Imported | None:
    """``path`` as stored, if the history holds it now; ``None`` if not (or unreadable)."""
    from leadquiz.quiz.observer_form import MAX_FORM_BYTES, parse_form
    from leadquiz.quiz.observer_summary import looks_like_summary, parse_summary

    try:
        data = read_limited(path, MAX_FORM_BYTES, FormError)
        if looks_like_summary(data):
            summary = parse_summary(data, str(path))
            if store.is_used("round", summary.round_id):
                # Which attempt it joined is not looked up here: 0 says "not named".
                return Imported(path, f"summary of round {summary.round_id}", 0)
            return None
        form = parse_form(data, str(path))
        record = store.form_record(form.form_id)
    except (LeadquizError, OSError):
        return None
    if record is None or record.user != user or record.imported_at is None:
        return None
    attached = attempt if attempt is not None else _attached_attempt(store, record)
    return Imported(path, f"form {record.id}", attached.id)


def refusal(origin: str) -> Callable[[str], FormError]:
    """A function that refuses the file ``origin`` with one message (exit 2)."""

    def refuse(message: str) -> FormError:
        return FormError([Problem(origin, 0, 0, message)])

    return refuse


def _import_response(
    store: Store, user: str, path: Path, data: bytes, chosen: Attempt | None
) -> Imported:
    from leadquiz.quiz.observer_form import ANONYMOUS, read_form

    origin = str(path)
    refuse = refusal(origin)
    form, answer_problems = read_form(data, origin)
    if form.kind == ANONYMOUS:
        raise refuse(
            f"this is a response to an anonymous round: it goes to its collector "
            f"{quoted(form.collector)}; you import only the round's summary"
        )
    record = checked_record(store, user, form, refuse, answer_problems)
    if record.used:
        raise refuse(
            f"the response to form {quoted(form.form_id)} is already imported"
            + (f" ({format_day(record.imported_at)})" if record.imported_at else "")
        )
    bank = store.bank_snapshot(record.bank_digest)
    assert bank is not None  # checked_record compared the form with it
    attempt = chosen if chosen is not None else _attached_attempt(store, record)
    check_attempt_takes(store, attempt, record.bank_digest, refuse, summary=False)
    assert form.relationship is not None
    store.store_response(record, attempt.id, form.relationship, form.scored_answers(), utc_now())
    return Imported(path, f"form {record.id}", attempt.id)


def checked_record(
    store: Store,
    user: str,
    form: Form,
    refuse: Callable[[str], FormError],
    answer_problems: list[Problem],
    *,
    bank_of: Callable[[str], Bank | None] | None = None,
) -> FormRecord:
    """The record of ``form`` issued by ``user``, the form unchanged and filled, or refused.

    A changed form is reported before its answers' problems. ``bank_of``: how
    to read a bank snapshot by digest (``collect`` reads each one once).
    """
    from leadquiz.quiz.observer_form import build_form

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
    bank = (bank_of or store.bank_snapshot)(record.bank_digest)
    if bank is None:
        raise LeadquizError(f"the bank of form {quoted(form.form_id)} is missing from the database")
    issued = build_form(
        bank,
        record.name,
        record.id,
        round_id=record.round_id or "",
        kind="anonymous" if record.kind == "anonymous" else "identified",
        collector=record.collector,
    )
    difference = protected_difference(form, issued)
    if difference is not None:
        raise refuse(difference)
    if answer_problems:
        raise FormError(answer_problems)
    _check_filled(form, refuse)
    return record


def protected_difference(got: Form, issued: Form) -> str | None:
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
    if (got.round_id, got.kind, got.collector) != (issued.round_id, issued.kind, issued.collector):
        return "the form's round (its id, kind or collector) was changed"
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
        raise refuse(
            f"{len(missing)} of {len(form.questions)} questions have no answer: {listed} "
            "(where the observer cannot tell, cant-say is an answer)"
        )


def _attached_attempt(store: Store, record: FormRecord) -> Attempt:
    """The attempt a response belongs to: the one latest at issue, else the latest now."""
    if record.attempt_id is not None:
        attempt = store.attempt(record.attempt_id)
        if attempt is not None and attempt.status == "finished":
            return attempt
    return latest_of(store, record.user, record.bank_id, record.bank_digest)


def latest_of(store: Store, user: str, bank_id: str, digest: str) -> Attempt:
    """The user's latest finished attempt of exactly this bank text."""
    for attempt in store.attempts(user, finished_only=True, bank_id=bank_id):
        if attempt.bank_digest == digest:
            return attempt
    raise BadInputError(
        f"there is no finished attempt of bank {quoted(bank_id)} in this version to attach it to",
        "Take the quiz first with: " + command("take", "--bank", bank_id, user=user),
    )


def check_attempt_takes(
    store: Store,
    attempt: Attempt,
    digest: str,
    refuse: Callable[[str], FormError],
    *,
    summary: bool,
) -> None:
    """Refuse an attempt of another bank version, or whose observers come from elsewhere.

    One view never mixes banks or bank versions, nor a round's summary with other observers.
    """
    if attempt.bank_digest != digest:
        raise refuse(
            f"attempt {attempt.id} is of {quoted(attempt.bank_id)} {attempt.bank_version}, "
            "not of this file's bank and version: one view never mixes banks or bank versions"
        )
    responses, summaries = store.attempt_others(attempt.id)
    if summaries:
        raise refuse(
            f"attempt {attempt.id} already shows a round's summary; attach this to another "
            "attempt with --attempt"
        )
    if summary and responses:
        raise refuse(
            f"attempt {attempt.id} already has observer responses; a round's summary is shown "
            "on its own: attach it to another attempt with --attempt"
        )
