"""The write side of ``leadquiz take``: start, resume, answer from a file, finish.

The terminal itself stays out: the interactive loop gets its ``ask`` function
from the caller (see :mod:`leadquiz.quiz.loop`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from leadquiz.app.reports import bank_of, parse_attempt_ref, result_of
from leadquiz.errors import BadInputError
from leadquiz.formatting import utc_now
from leadquiz.models import AnswerSource, AnswerValue, Attempt, Bank, Question, Result
from leadquiz.quiz.answers_file import load_answers
from leadquiz.quiz.loop import Outcome, Prompt, Reply, new_seed, question_order, run
from leadquiz.results.codec import encode_cached
from leadquiz.results.scoring import SCORING_VERSION
from leadquiz.store.database import Store
from leadquiz.store.writers import Holder, new_writer
from leadquiz.text import quoted


@dataclass(frozen=True)
class Session:
    """An attempt being answered: the attempt, its bank, the answers so far, who writes it."""

    attempt: Attempt
    bank: Bank
    given: dict[str, AnswerValue | None]
    resumed: bool
    #: The token of this run, which alone may write the attempt's answers.
    writer: str = ""
    #: The run that held the attempt before and is gone (when resuming took it over).
    took_over: Holder | None = None


def start(
    store: Store, user: str, bank: Bank, seed: int | None, source: AnswerSource = "terminal"
) -> Session:
    """Store a new attempt of ``bank`` for ``user`` with a reproducible order; this run holds it.

    ``source`` says where its answers will come from (only terminal answers are timed).
    """
    used_seed = new_seed() if seed is None else seed
    order = question_order(bank, used_seed)
    writer = new_writer()
    attempt = store.begin_attempt(user, bank, order, used_seed, utc_now(), writer, source=source)
    return Session(attempt=attempt, bank=bank, given={}, resumed=False, writer=writer)


def resume(store: Store, user: str, bank_id: str | None = None, ref: str | None = None) -> Session:
    """Reopen an unfinished attempt of ``user`` and hold it.

    ``ref`` names the attempt (an id, or ``latest``); without it, the latest
    unfinished one (of ``bank_id``, if given). Refused while another live run
    answers it (``AttemptBusyError``).
    """
    attempt_id = parse_attempt_ref(ref) if ref is not None else None
    if attempt_id is None:
        attempt = store.latest_unfinished(user, bank_id)
        if attempt is None:
            which = f" of bank '{bank_id}'" if bank_id else ""
            raise BadInputError(
                f"{quoted(user)} has no unfinished attempt{which} to resume",
                "Start a new one with: leadquiz take",
            )
    else:
        attempt = _unfinished_attempt(store, user, attempt_id)
    writer = new_writer()
    took_over = store.claim_attempt(attempt.id, writer, utc_now())
    return Session(
        attempt=attempt,
        bank=bank_of(store, attempt),
        given=store.answers(attempt.id),
        resumed=True,
        writer=writer,
        took_over=took_over,
    )


def _unfinished_attempt(store: Store, user: str, attempt_id: int) -> Attempt:
    attempt = store.attempt(attempt_id)
    if attempt is None or attempt.user != user:
        raise BadInputError(
            f"there is no attempt {attempt_id} for user {user!r}",
            "See the attempts with: leadquiz history",
        )
    if attempt.status == "finished":
        raise BadInputError(
            f"attempt {attempt_id} is already finished; there is nothing to resume",
            f"See it with: leadquiz report {attempt_id}",
        )
    return attempt


def release(store: Store, session: Session) -> None:
    """Let go of the attempt (best effort), so a later run resumes it without waiting."""
    if session.writer:
        store.release_attempt(session.attempt.id, session.writer)


def answer_interactively(
    store: Store,
    session: Session,
    ask: Callable[[Prompt], Reply],
    confirm: Callable[[Question, Reply], None] | None = None,
) -> Outcome:
    """Run the answering loop, storing each answer the moment it is given.

    ``confirm`` is called for a reply only once it is saved.
    """

    def record(question_id: str, value: AnswerValue | None) -> None:
        store.record_answer(
            session.attempt.id, question_id, value, utc_now(), session.writer or None
        )

    return run(session.bank, session.attempt.order, session.given, ask, record, confirm)


def discard_if_empty(store: Store, session: Session) -> bool:
    """Delete a new attempt stopped before its first answer (nothing in it to keep)."""
    if session.resumed or store.answers(session.attempt.id):
        return False
    return store.delete_attempt(session.attempt.id)


def finish(store: Store, session: Session) -> tuple[Attempt, Result]:
    """Score the stored answers, mark the attempt finished; return both."""
    result = result_of(store, session.attempt, session.bank)
    store.finish_attempt(
        session.attempt.id,
        utc_now(),
        result.overall_score,
        result.overall_band,
        encode_cached(result),
        SCORING_VERSION,
        session.writer or None,
    )
    finished = store.attempt(session.attempt.id)
    assert finished is not None
    return finished, result


def take_from_file(
    store: Store, user: str, bank: Bank, answers_path: Path, seed: int | None
) -> tuple[Attempt, Result]:
    """Answer a whole attempt from an answers file; nothing is stored if the file is bad."""
    answers = load_answers(answers_path, bank)
    session = start(store, user, bank, seed, source="file")
    store.save_answers(session.attempt.id, dict(answers), utc_now())
    return finish(store, session)
