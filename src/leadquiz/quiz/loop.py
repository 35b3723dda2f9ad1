"""The answering loop and the question order, with no terminal in sight.

The loop asks through an injected ``ask`` function and records every answer
through an injected ``record`` function the moment it is given, so the
terminal front end, the tests and any other front end share one behaviour:
go back, skip, pause, resume at the first unanswered question.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from leadquiz.models import AnswerValue, Bank, Question


class Command(Enum):
    """What a person can do at a question besides answering it."""

    BACK = "back"
    SKIP = "skip"
    PAUSE = "pause"


#: What ``ask`` returns: an answer value or a command.
Reply = AnswerValue | Command


@dataclass(frozen=True)
class Prompt:
    """One question as it is put to the person."""

    question: Question
    #: 1-based position in the order, and the number of questions.
    number: int
    total: int
    #: How many questions have an answer or a skip so far.
    done: int
    #: The answer already given to this question (after going back), if any.
    current: AnswerValue | None
    #: Whether this question was skipped before.
    was_skipped: bool


@dataclass(frozen=True)
class Outcome:
    """How a run of the loop ended."""

    finished: bool
    #: Questions with an answer or a skip.
    done: int
    total: int


def question_order(bank: Bank, seed: int) -> tuple[str, ...]:
    """Return the question ids in asking order, the same for the same bank and seed.

    Questions are shuffled within each dimension, then dimensions are
    interleaved: each next question comes from the dimension with the most
    questions left, never the dimension just asked when another remains.
    """
    rng = random.Random(seed)
    queues: dict[str, list[str]] = {}
    for dimension in bank.dimensions:
        ids = [q.id for q in bank.questions_in(dimension.id)]
        rng.shuffle(ids)
        queues[dimension.id] = ids
    tie_break = list(queues)
    rng.shuffle(tie_break)
    rank = {dimension_id: index for index, dimension_id in enumerate(tie_break)}
    order: list[str] = []
    previous = ""
    while any(queues.values()):
        candidates = [d for d, ids in queues.items() if ids and d != previous]
        if not candidates:
            candidates = [previous]
        chosen = max(candidates, key=lambda d: (len(queues[d]), -rank[d]))
        order.append(queues[chosen].pop())
        previous = chosen
    return tuple(order)


def new_seed() -> int:
    """Return a fresh random seed for an attempt that was not given one."""
    return random.SystemRandom().randrange(1, 2**31)


def first_open(order: Sequence[str], given: Mapping[str, AnswerValue | None]) -> int:
    """Return the index of the first question with neither an answer nor a skip."""
    for index, question_id in enumerate(order):
        if question_id not in given:
            return index
    return len(order)


def run(  # noqa: PLR0917 - the loop's collaborators, each injected
    bank: Bank,
    order: Sequence[str],
    given: Mapping[str, AnswerValue | None],
    ask: Callable[[Prompt], Reply],
    record: Callable[[str, AnswerValue | None], None],
    confirm: Callable[[Question, Reply], None] | None = None,
) -> Outcome:
    """Ask the questions of ``order`` from the first unanswered one until done or paused.

    ``given`` holds answers (``None`` = skipped) already stored, for resuming.
    ``record`` is called with each answer or skip (``None``) as soon as it is
    given; ``confirm`` (if given) only once ``record`` has returned, so a
    reply is never confirmed before it is saved (a command, which saves
    nothing, is confirmed at once). Exceptions from ``ask`` and ``record``
    (Ctrl-C, end of input, a full disk) pass through; every answer recorded
    before them stays recorded.
    """
    questions = [_question(bank, question_id) for question_id in order]
    return run_questions(questions, given, ask, record, confirm=confirm)


def run_questions(
    questions: Sequence[Question],
    given: Mapping[str, AnswerValue | None],
    ask: Callable[[Prompt], Reply],
    record: Callable[[str, AnswerValue | None], None],
    accepts: Callable[[Question, AnswerValue], bool] = Question.accepts,
    *,
    confirm: Callable[[Question, Reply], None] | None = None,
) -> Outcome:
    """The loop of :func:`run` over questions given directly (``leadquiz role`` asks its own).

    ``accepts`` is the rule for a valid answer (a question's own by default);
    ``confirm`` is called for a reply once it is saved, as in :func:`run`.
    """
    answers = dict(given)
    order = [question.id for question in questions]
    index = first_open(order, answers)
    total = len(order)
    while index < total:
        question = questions[index]
        prompt = Prompt(
            question=question,
            number=index + 1,
            total=total,
            done=len(answers),
            current=answers.get(question.id),
            was_skipped=question.id in answers and answers[question.id] is None,
        )
        reply = ask(prompt)
        if reply in (Command.PAUSE, Command.BACK) and confirm is not None:
            confirm(question, reply)
        if reply is Command.PAUSE:
            return Outcome(finished=False, done=len(answers), total=total)
        if reply is Command.BACK:
            index = max(index - 1, 0)
            continue
        value: AnswerValue | None = None
        if reply is not Command.SKIP:
            assert not isinstance(reply, Command)
            if not accepts(question, reply):
                raise ValueError(f"{reply!r} does not answer question {question.id!r}")
            value = reply
        record(question.id, value)
        if confirm is not None:
            confirm(question, reply)
        answers[question.id] = value
        index += 1
    return Outcome(finished=True, done=len(answers), total=total)


def _question(bank: Bank, question_id: str) -> Question:
    question = bank.question(question_id)
    if question is None:
        raise ValueError(f"the order names {question_id!r}, which is not in bank {bank.id!r}")
    return question
