"""``leadquiz observe`` in a real pseudo-terminal: the asking screen, Ctrl-C, continuing."""

from __future__ import annotations

import signal
from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pytest

from leadquiz.quiz.observer_form import parse_form
from observer_runs import QUICK, invite, ok, take
from terminal_runs import ANSI, PTY, interrupt, spawn_in_terminal, wait_until_reading

pytestmark = PTY

TOTAL = len(QUICK.questions)


def spawn(home: Path, spawned: list[pexpect.spawn], *args: str) -> pexpect.spawn:
    # The observer's machine: a home of its own, which observe must leave untouched.
    return spawn_in_terminal(home, spawned, "observe", *args, user="observer")


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
    child.expect_exact("Your answer")
    interrupt(child)
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


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGHUP, 129), (signal.SIGTERM, 143)])
def test_observe_stopped_by_a_signal_keeps_the_answers_and_exits_with_its_code(
    tmp_path: Path, children: list[pexpect.spawn], signum: int, code: int
) -> None:
    take(tmp_path)
    (form,) = invite(tmp_path / "forms", 1, "--bank", "quick", "--name", "Dana")
    child = spawn(tmp_path / "observer-home", children, str(form))
    child.expect_exact("Your answer (1-4)")
    child.sendline("peer")
    for number in range(1, 3):
        child.expect_exact(f"Question {number} of {TOTAL}")
        child.expect_exact("Your answer")
        child.sendline(reply(number))
    child.expect_exact(f"Question 3 of {TOTAL}")
    child.expect_exact("Your answer")
    wait_until_reading(child)
    child.kill(signum)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == code
    assert "Traceback" not in str(child.before)
    partial = parse_form(form.with_name(form.stem + ".response.yaml").read_bytes(), "r")
    assert len(partial.answers) == 2
