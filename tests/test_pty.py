"""``leadquiz take`` in a real pseudo-terminal (pexpect): typing, Ctrl-C, Ctrl-D, SIGTERM, resume.

Each test runs ``python -m leadquiz`` as a child process on a 40x100 terminal,
with ``COLUMNS`` unset so the width comes from the terminal itself, and then
checks what the store kept against what was typed.
"""

from __future__ import annotations

import os
import re
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pytest
from rich.cells import cell_len

from leadquiz.banks.loader import resolve_bank
from leadquiz.models import AnswerValue, Attempt, Bank
from leadquiz.quiz.loop import question_order
from leadquiz.store.database import Store

pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

SEED = 7
QUICK = resolve_bank("quick")
ORDER = question_order(QUICK, SEED)
TOTAL = len(ORDER)
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


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


@pytest.fixture
def children() -> Iterator[list[pexpect.spawn]]:
    """Every child spawned by a test; any still running at the end is ended."""
    spawned: list[pexpect.spawn] = []
    yield spawned
    for child in spawned:
        if child.isalive():
            child.terminate(force=True)


class Quiz:
    """One ``leadquiz take`` process in a pseudo-terminal."""

    def __init__(self, home: Path, spawned: list[pexpect.spawn], *args: str) -> None:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "LEADQUIZ_INTERACTIVE"}
        }
        env.update(LEADQUIZ_HOME=str(home), LEADQUIZ_USER="tester", TERM="xterm")
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "leadquiz", "take", *args],
            env=env,
            dimensions=(40, 100),
            encoding="utf-8",
            timeout=20,
        )
        spawned.append(self.child)
        self.seen: list[str] = []

    def read_until(self, text: str) -> str:
        self.child.expect_exact(text)
        chunk = str(self.child.before) + str(self.child.after)
        self.seen.append(chunk)
        return chunk

    def at_question(self, number: int) -> str:
        """Wait for question ``number`` and its prompt; return what was shown."""
        shown = self.read_until(f"Question {number} of {TOTAL}")
        return shown + self.read_until("Your answer")

    def answer(self, number: int, typed: str) -> None:
        self.at_question(number)
        self.child.sendline(typed)

    def end(self) -> tuple[str, int]:
        """Read to the end; return the rest of the output and the exit code."""
        self.child.expect(pexpect.EOF)
        rest = str(self.child.before)
        self.seen.append(rest)
        self.child.close()
        # A clean exit with a code, not death by a signal.
        assert self.child.signalstatus is None
        assert isinstance(self.child.exitstatus, int)
        return rest, self.child.exitstatus

    @property
    def text(self) -> str:
        return ANSI.sub("", "".join(self.seen))


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
    quiz.child.sendintr()

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
