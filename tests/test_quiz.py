"""The answering loop and the question order, without a terminal (leadquiz.quiz.loop).

The loop is driven by a scripted ``ask``; answers are collected by a ``record``
that keeps every call, so going back, skipping, pausing and resuming are
checked call by call.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from leadquiz.banks.loader import load_bank, resolve_bank
from leadquiz.models import AnswerValue, Bank
from leadquiz.quiz.loop import Command, Prompt, Reply, first_open, question_order, run
from leadquiz.ui.asking import TerminalAsker, parse_reply

MINI = Path(__file__).parent / "data" / "mini.yaml"


@pytest.fixture(scope="module")
def mini() -> Bank:
    return load_bank(MINI)


@pytest.fixture(scope="module")
def core() -> Bank:
    return resolve_bank("core")


class Script:
    """An ``ask`` that replies from a list and remembers every prompt it saw."""

    def __init__(self, replies: Iterable[Reply | BaseException]) -> None:
        self.replies = list(replies)
        self.prompts: list[Prompt] = []

    def __call__(self, prompt: Prompt) -> Reply:
        self.prompts.append(prompt)
        reply = self.replies.pop(0)
        if isinstance(reply, BaseException):
            raise reply
        return reply


class Recorder:
    """A ``record`` that keeps every call in order (like the store, last value wins)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, AnswerValue | None]] = []

    def __call__(self, question_id: str, value: AnswerValue | None) -> None:
        self.calls.append((question_id, value))

    @property
    def stored(self) -> dict[str, AnswerValue | None]:
        return dict(self.calls)


def valid_reply(bank: Bank, question_id: str) -> AnswerValue:
    question = bank.question(question_id)
    assert question is not None
    return 4 if question.type == "likert" else question.options[0].key


def numbers(prompts: list[Prompt]) -> list[int]:
    return [prompt.number for prompt in prompts]


# --- question order -----------------------------------------------------------


def dimensions_of(bank: Bank, order: Iterable[str]) -> list[str]:
    found = []
    for question_id in order:
        question = bank.question(question_id)
        assert question is not None
        found.append(question.dimension)
    return found


@pytest.mark.parametrize("name", ["core", "quick"])
def test_order_asks_every_question_once(name: str) -> None:
    bank = resolve_bank(name)
    order = question_order(bank, 3)
    assert sorted(order) == sorted(q.id for q in bank.questions)


def test_same_seed_same_order(core: Bank) -> None:
    assert question_order(core, 42) == question_order(core, 42)


def test_different_seeds_give_different_orders(core: Bank) -> None:
    orders = {question_order(core, seed) for seed in range(1, 6)}
    assert len(orders) == 5


@pytest.mark.parametrize("seed", range(40))
def test_core_order_never_asks_one_dimension_twice_in_a_row(core: Bank, seed: int) -> None:
    dims = dimensions_of(core, question_order(core, seed))
    neighbours = [(a, b) for a, b in itertools.pairwise(dims) if a == b]
    assert neighbours == []


@pytest.mark.parametrize("seed", range(10))
def test_mini_order_alternates_the_two_dimensions(mini: Bank, seed: int) -> None:
    # 3 goals and 2 risk questions can only alternate as goals, risk, goals, risk, goals.
    assert dimensions_of(mini, question_order(mini, seed)) == [
        "goals",
        "risk",
        "goals",
        "risk",
        "goals",
    ]


def test_order_shuffles_within_a_dimension(mini: Bank) -> None:
    firsts = {question_order(mini, seed)[0] for seed in range(30)}
    assert firsts == {"goals-kpi", "goals-dream", "goals-plan"}


# --- the loop -----------------------------------------------------------------


def test_run_asks_in_order_and_records_each_answer(mini: Bank) -> None:
    order = question_order(mini, 1)
    replies = [valid_reply(mini, q) for q in order]
    ask, record = Script(replies), Recorder()

    outcome = run(mini, order, {}, ask, record)

    assert outcome.finished
    assert (outcome.done, outcome.total) == (5, 5)
    assert [p.question.id for p in ask.prompts] == list(order)
    assert numbers(ask.prompts) == [1, 2, 3, 4, 5]
    assert {p.total for p in ask.prompts} == {5}
    assert [p.done for p in ask.prompts] == [0, 1, 2, 3, 4]
    assert record.calls == list(zip(order, replies, strict=True))


def test_each_answer_is_recorded_before_the_next_question_is_asked(mini: Bank) -> None:
    order = question_order(mini, 1)
    record = Recorder()
    seen: list[int] = []

    def ask(prompt: Prompt) -> Reply:
        seen.append(len(record.calls))
        return valid_reply(mini, prompt.question.id)

    run(mini, order, {}, ask, record)
    assert seen == [0, 1, 2, 3, 4]


def test_back_then_a_new_answer_replaces_the_old_one(mini: Bank) -> None:
    order = question_order(mini, 2)
    first = mini.question(order[0])
    assert first is not None
    old = valid_reply(mini, order[0])
    new: AnswerValue = 1 if first.type == "likert" else first.options[-1].key
    assert old != new
    rest = [valid_reply(mini, q) for q in order[1:]]
    ask, record = Script([old, Command.BACK, new, *rest]), Recorder()

    outcome = run(mini, order, {}, ask, record)

    assert outcome.finished
    assert numbers(ask.prompts) == [1, 2, 1, 2, 3, 4, 5]
    # Back at question 1, the earlier answer is offered as the current one.
    assert ask.prompts[2].current == old
    assert ask.prompts[0].current is None
    assert record.stored[order[0]] == new
    assert record.calls.count((order[0], old)) == 1
    assert len(record.stored) == 5


def test_back_at_the_first_question_stays_there(mini: Bank) -> None:
    order = question_order(mini, 3)
    replies: list[Reply] = [Command.BACK, *(valid_reply(mini, q) for q in order)]
    ask = Script(replies)
    run(mini, order, {}, ask, Recorder())
    assert numbers(ask.prompts) == [1, 1, 2, 3, 4, 5]


def test_skip_records_none_and_moves_on(mini: Bank) -> None:
    order = question_order(mini, 4)
    replies: list[Reply] = [valid_reply(mini, q) for q in order]
    replies[1] = Command.SKIP
    ask, record = Script(replies), Recorder()

    outcome = run(mini, order, {}, ask, record)

    assert outcome.finished
    assert outcome.done == 5
    assert record.stored[order[1]] is None
    assert numbers(ask.prompts) == [1, 2, 3, 4, 5]


def test_going_back_to_a_skipped_question_says_it_was_skipped(mini: Bank) -> None:
    order = question_order(mini, 4)
    answer = valid_reply(mini, order[0])
    ask = Script([Command.SKIP, Command.BACK, answer, Command.PAUSE])
    record = Recorder()
    outcome = run(mini, order, {}, ask, record)
    assert ask.prompts[2].was_skipped
    assert ask.prompts[2].current is None
    assert not ask.prompts[0].was_skipped
    assert record.calls == [(order[0], None), (order[0], answer)]
    assert not outcome.finished


def test_pause_stops_without_recording(mini: Bank) -> None:
    order = question_order(mini, 5)
    ask = Script([valid_reply(mini, order[0]), valid_reply(mini, order[1]), Command.PAUSE])
    record = Recorder()

    outcome = run(mini, order, {}, ask, record)

    assert not outcome.finished
    assert (outcome.done, outcome.total) == (2, 5)
    assert list(record.stored) == list(order[:2])
    assert len(ask.prompts) == 3


def test_resume_starts_at_the_first_open_question(mini: Bank) -> None:
    order = question_order(mini, 6)
    given: dict[str, AnswerValue | None] = {
        order[0]: valid_reply(mini, order[0]),
        order[1]: None,
    }
    replies = [valid_reply(mini, q) for q in order[2:]]
    ask, record = Script(replies), Recorder()

    outcome = run(mini, order, given, ask, record)

    assert outcome.finished
    assert [p.question.id for p in ask.prompts] == list(order[2:])
    assert numbers(ask.prompts) == [3, 4, 5]
    assert ask.prompts[0].done == 2
    assert [q for q, _ in record.calls] == list(order[2:])


def test_resume_can_go_back_to_an_answer_given_before(mini: Bank) -> None:
    order = question_order(mini, 6)
    earlier = valid_reply(mini, order[0])
    ask = Script([Command.BACK, Command.PAUSE])
    run(mini, order, {order[0]: earlier}, ask, Recorder())
    assert numbers(ask.prompts) == [2, 1]
    assert ask.prompts[1].current == earlier


def test_nothing_left_to_ask_finishes_at_once(mini: Bank) -> None:
    order = question_order(mini, 6)
    given: Mapping[str, AnswerValue | None] = dict.fromkeys(order)
    ask = Script([])
    outcome = run(mini, order, given, ask, Recorder())
    assert outcome.finished
    assert ask.prompts == []


@pytest.mark.parametrize("stop", [KeyboardInterrupt(), EOFError()])
def test_an_interruption_passes_through_and_keeps_what_was_recorded(
    mini: Bank, stop: BaseException
) -> None:
    order = question_order(mini, 7)
    replies: list[Reply | BaseException] = [valid_reply(mini, order[0]), stop]
    record = Recorder()
    with pytest.raises(type(stop)):
        run(mini, order, {}, Script(replies), record)
    assert record.calls == [(order[0], valid_reply(mini, order[0]))]


@pytest.mark.parametrize(
    ("question_id", "bad"),
    [
        ("goals-kpi", 0),
        ("goals-kpi", 6),
        ("goals-kpi", True),
        ("goals-kpi", "a"),
        ("goals-plan", "z"),
        ("goals-plan", 1),
    ],
)
def test_an_invalid_reply_is_refused_not_recorded(
    mini: Bank, question_id: str, bad: AnswerValue
) -> None:
    record = Recorder()
    with pytest.raises(ValueError, match="does not answer"):
        run(mini, (question_id,), {}, Script([bad]), record)
    assert record.calls == []


def test_an_order_naming_an_unknown_question_is_refused(mini: Bank) -> None:
    with pytest.raises(ValueError, match="ghost"):
        run(mini, ("goals-kpi", "ghost"), {}, Script([]), Recorder())


def test_first_open() -> None:
    assert first_open(["a", "b", "c"], {"a": 1, "c": None}) == 1
    assert first_open(["a", "b"], {"a": 1, "b": None}) == 2
    assert first_open(["a", "b"], {}) == 0


# --- typed replies (leadquiz.ui.asking) ----------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1", 1),
        (" 5 ", 5),
        ("<", Command.BACK),
        ("back", Command.BACK),
        ("s", Command.SKIP),
        ("S", Command.SKIP),
        ("q", Command.PAUSE),
        ("quit", Command.PAUSE),
    ],
)
def test_parse_reply_likert(mini: Bank, typed: str, expected: Reply) -> None:
    question = mini.question("goals-kpi")
    assert question is not None
    assert parse_reply(question, typed, None) == expected


@pytest.mark.parametrize("typed", ["0", "6", "x", "", "3.0", "a", "²", "-1", "9" * 5000])
def test_parse_reply_likert_refuses(mini: Bank, typed: str) -> None:
    question = mini.question("goals-kpi")
    assert question is not None
    with pytest.raises(ValueError, match="1 to 5"):
        parse_reply(question, typed, None)


def test_parse_reply_choice(mini: Bank) -> None:
    question = mini.question("goals-plan")
    assert question is not None
    assert parse_reply(question, "c", None) == "c"
    assert parse_reply(question, "B", None) == "b"
    with pytest.raises(ValueError, match="a, b, c"):
        parse_reply(question, "d", None)
    # Digits stand for the options in order (1 = a), for people who type numbers.
    assert parse_reply(question, "3", None) == "c"
    assert parse_reply(question, " 1 ", None) == "a"
    for beyond in ("4", "0", "12", "²"):
        with pytest.raises(ValueError, match=r"a, b, c \(or its number, 1 = a\)"):
            parse_reply(question, beyond, None)


def test_enter_keeps_the_current_answer(mini: Bank) -> None:
    question = mini.question("goals-plan")
    assert question is not None
    assert parse_reply(question, "", "b") == "b"
    with pytest.raises(ValueError, match="a, b, c"):
        parse_reply(question, "", None)


def test_terminal_asker_re_asks_until_the_reply_makes_sense(mini: Bank) -> None:
    from rich.console import Console

    console = Console(width=100, record=True, color_system=None, file=io.StringIO())
    typed = iter(["9", "maybe", "2"])
    asker = TerminalAsker(console, mini, read_line=lambda _prompt: next(typed))
    question = mini.question("risk-safe")
    assert question is not None
    prompt = Prompt(question=question, number=1, total=5, done=0, current=None, was_skipped=False)

    assert asker(prompt) == 2
    # Nothing is confirmed before the answer is saved: confirm() comes after the save.
    assert "area: Risk" not in console.export_text(clear=False)
    asker.confirm(question, 2)
    shown = console.export_text()
    assert shown.count("Please type a number from 1 to 5") == 2
    assert "Question 1 of 5" in shown
    assert "area: Risk" in shown
