"""``leadquiz take`` in a real pseudo-terminal (pexpect): typing, Ctrl-C, Ctrl-D, SIGTERM, resume.

Each test runs ``python -m leadquiz`` as a child process on a 40x100 terminal,
with ``COLUMNS`` unset so the width comes from the terminal itself, and then
checks what the store kept against what was typed.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
from rich.cells import cell_len

from leadquiz.banks.loader import resolve_bank
from leadquiz.models import AnswerValue, Attempt, Bank
from leadquiz.quiz.loop import question_order
from leadquiz.store.database import Store
from terminal_runs import ANSI, PTY, TerminalRun, interrupt, wait_until_reading

pytestmark = PTY

SEED = 7
QUICK = resolve_bank("quick")
ORDER = question_order(QUICK, SEED)
TOTAL = len(ORDER)


def first_reply(bank: Bank, question_id: str) -> str:
    question = bank.question(question_id)
    assert question is not None
    return "4" if question.type == "likert" else question.options[1].key


def other_reply(bank: Bank, question_id: str) -> str:
    question = bank.question(question_id)
    assert question is not None
    return "2" if question.type == "likert" else question.options[-1].key


def as_stored(bank: Bank, question_id: str, typed: str) -> AnswerValue:
    question = bank.question(question_id)
    assert question is not None
    return int(typed) if question.type == "likert" else typed


class Quiz(TerminalRun):
    """One ``leadquiz take`` process in a pseudo-terminal."""

    def __init__(self, home: Path, spawned: list[pexpect.spawn], *args: str) -> None:
        super().__init__(home, spawned, "take", *args)

    def at_question(self, number: int) -> str:
        """Wait for question ``number`` and its prompt; return what was shown."""
        shown = self.read_until(f"Question {number} of {TOTAL}")
        return shown + self.read_until("Your answer")

    def answer(self, number: int, typed: str) -> None:
        self.at_question(number)
        self.child.sendline(typed)


def stored(home: Path) -> tuple[Attempt, dict[str, AnswerValue | None]]:
    with Store.open(home) as store:
        (attempt,) = store.attempts("tester")
        return attempt, store.answers(attempt.id)


def test_ctrl_c_keeps_the_answers_and_resume_finishes(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    typed = {q: first_reply(QUICK, q) for q in ORDER}
    quiz = Quiz(leadquiz_home, children, "--bank", "quick", "--seed", str(SEED))
    for number in range(1, 5):
        quiz.answer(number, typed[ORDER[number - 1]])
    # At question 5, go back to question 4 and change its answer.
    quiz.answer(5, "<")
    shown = quiz.at_question(4)
    assert "Press Enter to keep your earlier answer" in ANSI.sub("", shown)
    typed[ORDER[3]] = other_reply(QUICK, ORDER[3])
    assert typed[ORDER[3]] != first_reply(QUICK, ORDER[3])
    quiz.child.sendline(typed[ORDER[3]])
    quiz.at_question(5)
    interrupt(quiz.child)

    rest, code = quiz.end()
    assert code == 130
    message = ANSI.sub("", rest)
    assert "Stopped. 4 of 15 answers are saved" in message
    assert "leadquiz take --resume" in message
    assert "Traceback" not in quiz.text
    attempt, answers = stored(leadquiz_home)
    assert attempt.status == "in_progress"
    assert answers == {q: as_stored(QUICK, q, typed[q]) for q in ORDER[:4]}

    resumed = Quiz(leadquiz_home, children, "--resume")
    resumed.read_until("Welcome back. 4 of 15 questions are answered")
    first_shown = resumed.at_question(5)
    assert f"Question 1 of {TOTAL}" not in first_shown
    question = QUICK.question(ORDER[4])
    assert question is not None
    assert question.text[:40] in ANSI.sub("", first_shown).replace("\r\n", " ")
    resumed.child.sendline(typed[ORDER[4]])
    for number in range(6, TOTAL + 1):
        resumed.answer(number, typed[ORDER[number - 1]])
    resumed.read_until("Overall")
    _, code = resumed.end()
    assert code == 0
    assert "Traceback" not in resumed.text

    attempt, answers = stored(leadquiz_home)
    assert attempt.status == "finished"
    assert attempt.order == ORDER
    assert answers == {q: as_stored(QUICK, q, typed[q]) for q in ORDER}

    # Rich took the width from the terminal: nothing is wider than its 100 columns.
    widths = [cell_len(line) for line in resumed.text.split("\r\n")]
    assert max(widths) <= 100
    assert any(w > 90 for w in widths)


def test_ctrl_d_keeps_the_answers_and_resume_works(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    quiz = Quiz(leadquiz_home, children, "--bank", "quick", "--seed", str(SEED))
    quiz.answer(1, first_reply(QUICK, ORDER[0]))
    quiz.answer(2, first_reply(QUICK, ORDER[1]))
    quiz.at_question(3)
    quiz.child.sendeof()
    rest, code = quiz.end()
    assert code == 130
    assert "Stopped. 2 of 15 answers are saved" in ANSI.sub("", rest)
    assert "Traceback" not in quiz.text
    _, answers = stored(leadquiz_home)
    assert answers == {q: as_stored(QUICK, q, first_reply(QUICK, q)) for q in ORDER[:2]}

    resumed = Quiz(leadquiz_home, children, "--resume")
    resumed.answer(3, first_reply(QUICK, ORDER[2]))
    resumed.at_question(4)
    resumed.child.sendline("q")
    rest, code = resumed.end()
    assert code == 0
    assert "Paused. 3 of 15 answers are saved" in ANSI.sub("", rest)
    _, answers = stored(leadquiz_home)
    assert list(answers) == list(ORDER[:3])


def test_q_pauses_with_exit_0(leadquiz_home: Path, children: list[pexpect.spawn]) -> None:
    quiz = Quiz(leadquiz_home, children, "--bank", "quick", "--seed", str(SEED))
    quiz.answer(1, first_reply(QUICK, ORDER[0]))
    quiz.answer(2, "s")
    quiz.answer(3, "q")
    rest, code = quiz.end()
    assert code == 0
    assert "Paused. 2 of 15 answers are saved" in ANSI.sub("", rest)
    assert "leadquiz take --resume" in ANSI.sub("", rest)
    attempt, answers = stored(leadquiz_home)
    assert attempt.status == "in_progress"
    assert answers == {
        ORDER[0]: as_stored(QUICK, ORDER[0], first_reply(QUICK, ORDER[0])),
        ORDER[1]: None,
    }


def test_sigterm_keeps_the_answers_and_exits_143(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    quiz = Quiz(leadquiz_home, children, "--bank", "quick", "--seed", str(SEED))
    for number in range(1, 4):
        quiz.answer(number, first_reply(QUICK, ORDER[number - 1]))
    quiz.at_question(4)
    wait_until_reading(quiz.child)
    quiz.child.kill(signal.SIGTERM)
    rest, code = quiz.end()
    assert code == 143
    assert "Stopped. 3 of 15 answers are saved" in ANSI.sub("", rest)
    assert "Traceback" not in quiz.text
    _, answers = stored(leadquiz_home)
    assert answers == {q: as_stored(QUICK, q, first_reply(QUICK, q)) for q in ORDER[:3]}

    resumed = Quiz(leadquiz_home, children, "--resume")
    shown = resumed.at_question(4)
    assert "Question 1 of" not in shown
    resumed.child.sendline("q")
    _, code = resumed.end()
    assert code == 0
