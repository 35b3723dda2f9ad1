"""The write side of ``leadquiz take``: start, resume, answer from a file, finish.

The terminal itself stays out: the interactive loop gets its ``ask`` function
from the caller (see :mod:`leadquiz.quiz.loop`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from leadquiz.app.reports import bank_of
from leadquiz.errors import BadInputError
from leadquiz.formatting import utc_now
from leadquiz.models import AnswerValue, Attempt, Bank, Result
from leadquiz.quiz.answers_file import load_answers
from leadquiz.quiz.loop import Outcome, Prompt, Reply, new_seed, question_order, run
from leadquiz.results.codec import encode_cached
from leadquiz.results.scoring import SCORING_VERSION, score
from leadquiz.store.database import Store
from leadquiz.text import quoted


@dataclass(frozen=True)
class Session:
    """An attempt being answered: the attempt, its bank and the answers so far."""

    attempt: Attempt
    bank: Bank
    given: dict[str, AnswerValue | None]
    resumed: bool


def start(store: Store, user: str, bank: Bank, seed: int | None) -> Session:
    """Store a new attempt of ``bank`` for ``user`` with a reproducible order."""
    used_seed = new_seed() if seed is None else seed
    order = question_order(bank, used_seed)
    attempt = store.begin_attempt(user, bank, order, used_seed, utc_now())
    return Session(attempt=attempt, bank=bank, given={}, resumed=False)


def resume(store: Store, user: str, bank_id: str | None = None) -> Session:
    """Reopen the latest unfinished attempt of ``user`` (of ``bank_id``, if given)."""
    attempt = store.latest_unfinished(user, bank_id)
    if attempt is None:
        which = f" of bank '{bank_id}'" if bank_id else ""
        raise BadInputError(
            f"{quoted(user)} has no unfinished attempt{which} to resume",
            "Start a new one with: leadquiz take",
        )
    return Session(
        attempt=attempt, bank=bank_of(store, attempt), given=store.answers(attempt.id), resumed=True
    )


def answer_interactively(store: Store, session: Session, ask: Callable[[Prompt], Reply]) -> Outcome:
    """Run the answering loop, storing each answer the moment it is given."""

    def record(question_id: str, value: AnswerValue | None) -> None:
        store.record_answer(session.attempt.id, question_id, value, utc_now())

    return run(session.bank, session.attempt.order, session.given, ask, record)


def finish(store: Store, session: Session) -> tuple[Attempt, Result]:
    """Score the stored answers, mark the attempt finished; return both."""
    result = score(session.bank, store.answers(session.attempt.id))
    store.finish_attempt(
        session.attempt.id,
        utc_now(),
        result.overall_score,
        result.overall_band,
        encode_cached(result),
        SCORING_VERSION,
    )
    finished = store.attempt(session.attempt.id)
    assert finished is not None
    return finished, result


def take_from_file(
    store: Store, user: str, bank: Bank, answers_path: Path, seed: int | None
) -> tuple[Attempt, Result]:
    """Answer a whole attempt from an answers file; nothing is stored if the file is bad."""
    answers = load_answers(answers_path, bank)
    session = start(store, user, bank, seed)
    store.save_answers(session.attempt.id, dict(answers), utc_now())
    return finish(store, session)
