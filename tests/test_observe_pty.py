"""``leadquiz observe`` in a real pseudo-terminal: the asking screen, Ctrl-C, continuing."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pytest

from leadquiz.quiz.observer_form import parse_form
from observer_runs import QUICK, invite, ok, take

pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
TOTAL = len(QUICK.questions)


@pytest.fixture
def children() -> Iterator[list[pexpect.spawn]]:
    """Every child spawned by a test; any still running at the end is ended."""
    spawned: list[pexpect.spawn] = []
    yield spawned
    for child in spawned:
        if child.isalive():
            child.terminate(force=True)


def spawn(home: Path, spawned: list[pexpect.spawn], *args: str) -> pexpect.spawn:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "LEADQUIZ_INTERACTIVE"}
    }
    # The observer's machine: a home of its own, which observe must leave untouched.
    env.update(LEADQUIZ_HOME=str(home), LEADQUIZ_USER="observer", TERM="xterm")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "leadquiz", "observe", *args],
        env=env,
        dimensions=(40, 100),
        encoding="utf-8",
        timeout=20,
    )
    spawned.append(child)
    return child


def reply(number: int) -> str:
    question = QUICK.questions[number - 1]
    return "4" if question.type == "likert" else question.options[0].key


def test_observe_in_a_terminal_ctrl_c_keeps_the_answers_and_continues(
    tmp_path: Path, children: list[pexpect.spawn]
) -> None:
    take(tmp_path)
    (form,) = invite(tmp_path / "forms", 1, "--bank", "quick", "--name", "Dana")
    observer_home = tmp_path / "observer-home"
    child = spawn(observer_home, children, str(form))
    child.expect_exact("Who are you to Dana?")
    child.expect_exact("Your answer (1-4)")
    child.sendline("manager")
    for number in range(1, 4):
        child.expect_exact(f"Question {number} of {TOTAL}")
        child.expect_exact("Your answer")
        child.sendline(reply(number))
    child.expect_exact(f"Question 4 of {TOTAL}")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    stopped = ANSI.sub("", str(child.before))
    assert "3 of" in stopped
    assert "Continue with: leadquiz observe" in stopped
    response = form.with_name(form.stem + ".response.yaml")
    partial = parse_form(response.read_bytes(), "r")
    assert partial.relationship == "manager"
    assert len(partial.answers) == 3

    child = spawn(observer_home, children, str(response))
    for number in range(1, TOTAL - 2):
        child.expect_exact(f"Question {number} of {TOTAL - 3}")
        child.expect_exact("Your answer")
        child.sendline(reply(number + 3))
    child.expect_exact("Thank you")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert not observer_home.exists()
    done = parse_form(response.read_bytes(), "r")
    assert done.open_questions() == []
    assert done.relationship == "manager"
    ok("import", str(response))
