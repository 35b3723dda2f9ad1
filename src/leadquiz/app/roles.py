"""The write side of ``leadquiz role`` (the profile a report uses: ``app.reports.role_for``).

Partial profiles: every rating is stored the moment it is given. A profile
left by pause or Ctrl-C stays *in progress*; the next ``leadquiz role`` with
the same bank continues it at the first open question (``--restart`` discards
it and starts afresh). Reports never use an unfinished profile.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from leadquiz.errors import AnswersError, Problem, StoreError
from leadquiz.formatting import utc_now
from leadquiz.models import AnswerValue, Bank, Question
from leadquiz.store.database import Store
from leadquiz.viewpoints import RoleProfile

# The role questions, their file reader and the asking loop are imported by the
# functions that use them.
if TYPE_CHECKING:
    from leadquiz.quiz.loop import Outcome, Prompt, Reply

#: ``--answers -`` reads standard input.
STDIN = "-"


@dataclass(frozen=True)
class RoleSession:
    """A role profile being given: the stored profile, its bank and the answers so far."""

    profile: RoleProfile
    bank: Bank
    given: dict[str, AnswerValue | None]
    #: Whether an unfinished profile is being continued.
    resumed: bool
    #: Whether an unfinished profile of another version of the bank was discarded.
    discarded: bool = False


def start_role(store: Store, user: str, bank: Bank, *, restart: bool = False) -> RoleSession:
    """Continue the user's unfinished profile of ``bank``, or start a new one.

    An unfinished profile of another text of the bank, or any with ``restart``,
    is discarded first.
    """
    from leadquiz.results.role import given_answers

    open_profile = store.unfinished_role(user, bank.id)
    discarded = False
    if open_profile is not None and (restart or open_profile.bank_digest != bank.digest):
        discarded = store.discard_role(open_profile.id)
        open_profile = None
    if open_profile is not None:
        return RoleSession(open_profile, bank, given_answers(open_profile), resumed=True)
    profile = store.begin_role(user, bank, utc_now())
    return RoleSession(profile, bank, {}, resumed=False, discarded=discarded)


def answer_role(
    store: Store,
    session: RoleSession,
    ask: Callable[[Prompt], Reply],
    confirm: Callable[[Question, Reply], None] | None = None,
) -> Outcome:
    """Ask the role questions through ``ask``, storing each answer the moment it is given.

    ``confirm`` is called for a reply only once it is saved.
    """
    from leadquiz.quiz.loop import run_questions
    from leadquiz.results.role import SHARE_ID, accepts_role_answer, role_questions

    profile_id = session.profile.id

    def record(question_id: str, value: AnswerValue | None) -> None:
        number = value if isinstance(value, int) else None
        if question_id == SHARE_ID:
            store.record_leading_share(profile_id, number)
        else:
            store.record_role_rating(profile_id, question_id, number, utc_now())

    return run_questions(
        role_questions(session.bank),
        session.given,
        ask,
        record,
        accepts_role_answer,
        confirm=confirm,
    )


def finish_role(store: Store, session: RoleSession) -> RoleProfile:
    """Mark the profile finished and return it as stored."""
    store.finish_role(session.profile.id, utc_now())
    return _stored(store, session.profile.id)


def role_from_file(store: Store, user: str, bank: Bank, path: Path) -> RoleProfile:
    """Store a whole profile from a role answers file; nothing is stored if the file is bad."""
    from leadquiz.quiz.role_file import MAX_ROLE_BYTES, load_role_answers, parse_role_answers

    if str(path) == STDIN:
        data = sys.stdin.buffer.read(MAX_ROLE_BYTES + 1)
        if len(data) > MAX_ROLE_BYTES:
            raise AnswersError([Problem("<stdin>", 0, 0, "the input is too large")])
        answers = parse_role_answers(data, "<stdin>", bank)
    else:
        answers = load_role_answers(path, bank)
    profile_id = store.save_role(user, bank, answers.ratings, answers.leading_share, utc_now())
    return _stored(store, profile_id)


def _stored(store: Store, profile_id: int) -> RoleProfile:
    profile = store.role_profile(profile_id)
    if profile is None:
        raise StoreError(f"role profile {profile_id} disappeared from the database")
    return profile
