"""The prompt in a real terminal: digits for lettered options, and readline's line editing."""

from __future__ import annotations

from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pytest

from terminal_runs import ANSI, PTY
from test_pty import ORDER, QUICK, SEED, Quiz, stored

pytestmark = PTY

LEFT, DELETE, UP = "\x1b[D", "\x1b[3~", "\x1b[A"


def test_digits_pick_options_and_arrow_keys_edit_the_line(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    pytest.importorskip("readline")
    types = [QUICK.question(q).type for q in ORDER]  # type: ignore[union-attr]
    choice = types.index("choice")
    likert = next(n for n in range(choice + 1, len(ORDER) - 1) if types[n] == "likert")
    quiz = Quiz(leadquiz_home, children, "--bank", "quick", "--seed", str(SEED))
    for number in range(1, choice + 1):
        quiz.answer(number, "3" if types[number - 1] == "likert" else "a")
    quiz.at_question(choice + 1)
    # The prompt says digits work.
    assert "a/b/c/d or 1-4" in ANSI.sub("", quiz.read_until("q pause)"))
    quiz.child.sendline("2")  # the second option, by its number
    for number in range(choice + 2, likert + 1):
        quiz.answer(number, "3" if types[number - 1] == "likert" else "a")
    quiz.at_question(likert + 1)
    # "x4", then two steps left and Delete: the line is "4" (needs readline).
    quiz.child.send("x4" + LEFT + LEFT + DELETE + "\r")
    quiz.at_question(likert + 2)
    # Up recalls the previous line ("4") from readline's history.
    quiz.child.send(UP + "\r")
    quiz.at_question(likert + 3)
    quiz.child.sendline("q")
    _rest, code = quiz.end()
    assert code == 0
    assert "Please type" not in quiz.text
    assert "letter or number (1 = a)" in " ".join(quiz.text.split())  # the welcome says so
    _attempt, answers = stored(leadquiz_home)
    chosen = QUICK.question(ORDER[choice])
    assert chosen is not None
    assert answers[ORDER[choice]] == chosen.options[1].key
    assert answers[ORDER[likert]] == 4
    assert answers[ORDER[likert + 1]] == 4
