"""The answer prompt as a terminal draws it: readline is given the prompt, so editing keeps it.

What was shown is replayed through a terminal emulator (pyte), so the test
reads the screen a person sees, not the bytes: typing ``42``, Left and
Backspace must leave ``... q pause): 2`` on the prompt line, not ``2our answer``.
"""

from __future__ import annotations

from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pyte  # type: ignore[import-untyped, unused-ignore]
import pytest

from terminal_runs import COLUMNS, PTY, ROWS, wait_until_reading
from test_pty import ORDER, QUICK, SEED, TOTAL, Quiz, stored

pytestmark = PTY

LEFT, BACKSPACE = "\x1b[D", "\x7f"
PROMPT = " Your answer (1-5, < back, s skip, q pause): "


def screen_of(quiz: Quiz) -> list[str]:
    """The lines of the terminal after everything the quiz has shown so far."""
    screen = pyte.Screen(COLUMNS, ROWS)
    stream = pyte.Stream(screen)
    stream.feed("".join(quiz.seen))
    return [line.rstrip() for line in screen.display]


def _likert_numbers() -> list[int]:
    return [n for n, q in enumerate(ORDER, start=1) if QUICK.question(q).type == "likert"]  # type: ignore[union-attr]


def test_editing_an_answer_redraws_beside_the_prompt(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    pytest.importorskip("readline")
    first = _likert_numbers()[0]
    quiz = Quiz(leadquiz_home, children, "--bank", "quick", "--seed", str(SEED))
    for number in range(1, first):
        quiz.answer(number, "a")
    quiz.at_question(first)
    quiz.read_until("q pause)")
    wait_until_reading(quiz.child)
    # "42", one step left, Backspace: the line is "2".
    quiz.child.send("42" + LEFT + BACKSPACE + "\r")
    quiz.at_question(first + 1)
    prompts = [line for line in screen_of(quiz) if "Your answer" in line]
    assert prompts[-2] == PROMPT + "2"
    assert all(line.startswith(" Your answer (") for line in prompts[:-1])
    quiz.child.sendline("q")
    _rest, code = quiz.end()
    assert code == 0
    _attempt, answers = stored(leadquiz_home)
    assert answers[ORDER[first - 1]] == 2


def test_enter_on_an_empty_line_keeps_the_prompt_and_the_tick_apart(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    pytest.importorskip("readline")
    first = _likert_numbers()[0]
    quiz = Quiz(leadquiz_home, children, "--bank", "quick", "--seed", str(SEED))
    for number in range(1, first):
        quiz.answer(number, "a")
    quiz.answer(first, "4")
    quiz.answer(first + 1, "<")
    quiz.at_question(first)
    quiz.read_until("q pause)")
    wait_until_reading(quiz.child)
    quiz.child.send("\r")  # Enter keeps the earlier answer
    quiz.at_question(first + 1)
    lines = screen_of(quiz)
    kept = max(n for n, line in enumerate(lines) if line.startswith(" ✓ Agree"))
    assert lines[kept - 1] == PROMPT.rstrip()
    assert lines[kept].startswith(" ✓ Agree  ·  area: ")
    assert f"Question {first + 1} of {TOTAL}" in "\n".join(lines[kept:])
    quiz.child.sendline("q")
    _rest, code = quiz.end()
    assert code == 0
