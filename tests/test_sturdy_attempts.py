"""Sturdiness, round two, attempts: never stranded, one writer, "✓" only once saved.

Through the real CLI: ``CliRunner`` with typed lines (``LEADQUIZ_INTERACTIVE=1``)
where a terminal does not matter, and ``python -m leadquiz`` in a real
pseudo-terminal (pexpect) where it does: Ctrl-C, and two live runs at once.
"""

from __future__ import annotations

import signal
import sqlite3
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pytest

from cli_runs import Run, invoke_clean
from leadquiz.banks.loader import load_bank
from leadquiz.models import AnswerValue, Attempt, Bank
from leadquiz.quiz.loop import question_order
from leadquiz.store.database import DB_NAME, Store
from terminal_runs import ANSI, interrupt, spawn_in_terminal

DATA = Path(__file__).parent / "data"
MINI_PATH = DATA / "mini.yaml"
MINI = load_bank(MINI_PATH)
SEED = 3
ORDER = question_order(MINI, SEED)
TOTAL = len(ORDER)
INTERACTIVE = {"LEADQUIZ_INTERACTIVE": "1"}


def reply(bank: Bank, question_id: str) -> str:
    question = bank.question(question_id)
    assert question is not None
    return "4" if question.type == "likert" else question.options[0].key


def stored_reply(bank: Bank, question_id: str) -> AnswerValue:
    typed = reply(bank, question_id)
    return int(typed) if typed.isdigit() else typed


def take(*args: str, typed: Sequence[str] = (), env: Mapping[str, str] | None = None) -> Run:
    """An interactive ``leadquiz take`` of the mini bank with these lines typed."""
    text = "".join(line + "\n" for line in typed)
    return invoke_clean(["take", *args], stdin=text, env={**INTERACTIVE, **(env or {})})


def new_take(*extra: str) -> list[str]:
    return ["--bank", str(MINI_PATH), "--seed", str(SEED), *extra]


def answers_for(count: int) -> list[str]:
    return [reply(MINI, question_id) for question_id in ORDER[:count]]


def attempts(home: Path) -> list[Attempt]:
    with Store.open(home) as store:
        return store.attempts("tester")


def answers_of(home: Path, attempt_id: int) -> dict[str, AnswerValue | None]:
    with Store.open(home) as store:
        return store.answers(attempt_id)


def pause_after(count: int) -> Run:
    """Start a new attempt, answer ``count`` questions, press q."""
    run = take(*new_take(), typed=[*answers_for(count), "q"])
    assert run.code == 0, run.output
    assert f"Paused. {count} of {TOTAL} answers {'is' if count == 1 else 'are'} saved" in run.stdout
    return run


# --- 1. a paused attempt is never stranded --------------------------------------------------


def test_take_names_an_unfinished_attempt_and_resumes_it_on_r(leadquiz_home: Path) -> None:
    pause_after(3)
    run = take(*new_take(), typed=["r", *answers_for(TOTAL)[3:]])
    assert run.code == 0, run.output
    assert "You have an unfinished attempt 1 (bank mini, 3 of 5 answered" in run.stdout
    assert "Welcome back. 3 of 5 questions are answered" in run.stdout
    (attempt,) = attempts(leadquiz_home)
    assert attempt.status == "finished"
    assert answers_of(leadquiz_home, 1) == {q: stored_reply(MINI, q) for q in ORDER}


def test_starting_anew_keeps_the_old_attempt_reachable_by_id(leadquiz_home: Path) -> None:
    """The issue's example: pause at 4 of 5, start anew, stop; the 4 answers stay reachable."""
    pause_after(4)
    # Start anew, answer one, then end of input (a stop, like Ctrl-C).
    stopped = take(*new_take(), typed=["n", reply(MINI, ORDER[0])])
    assert stopped.code == 130
    assert "Stopped. 1 of 5 answers is saved. Continue with: leadquiz take --resume 2" in (
        stopped.stdout
    )
    newest, paused = attempts(leadquiz_home)
    assert (newest.id, paused.id) == (2, 1)
    assert len(answers_of(leadquiz_home, 1)) == 4

    resumed = take("--resume", "1", typed=[reply(MINI, ORDER[4])])
    assert resumed.code == 0, resumed.output
    assert "Welcome back. 4 of 5 questions are answered" in resumed.stdout
    assert {a.id: a.status for a in attempts(leadquiz_home)}[1] == "finished"


def test_a_new_attempt_stopped_before_its_first_answer_leaves_nothing(
    leadquiz_home: Path,
) -> None:
    pause_after(4)
    stopped = take(*new_take(), typed=["n"])
    assert stopped.code == 130
    assert "Stopped before the first answer; nothing was saved." in stopped.stdout
    assert [a.id for a in attempts(leadquiz_home)] == [1]
    # So --resume without an id still opens the four answers.
    resumed = take("--resume", typed=["q"])
    assert "Welcome back. 4 of 5 questions are answered" in resumed.stdout


def test_discarding_on_d_deletes_the_old_attempt_and_starts_anew(leadquiz_home: Path) -> None:
    pause_after(2)
    run = take(*new_take(), typed=["d", "q"])
    assert run.code == 0, run.output
    assert "Attempt 1 was discarded." in run.stdout
    assert [a.id for a in attempts(leadquiz_home)] == [2]
    assert answers_of(leadquiz_home, 1) == {}


def test_an_unknown_choice_is_asked_again_and_end_of_input_creates_nothing(
    leadquiz_home: Path,
) -> None:
    pause_after(1)
    run = take(*new_take(), typed=["maybe"])
    assert run.code == 130
    assert "Please type r, n or d." in run.stdout
    assert "Stopped. Nothing was started or deleted." in run.stdout
    assert [a.id for a in attempts(leadquiz_home)] == [1]


def test_forget_attempt_discards_one_unfinished_attempt(leadquiz_home: Path) -> None:
    pause_after(2)
    run = invoke_clean(["forget", "--attempt", "1", "--yes"])
    assert run.code == 0, run.output
    assert "Deleted unfinished attempt 1 of 'tester' (2 answers)." in run.stderr
    assert attempts(leadquiz_home) == []
    again = invoke_clean(["forget", "--attempt", "1", "--yes"])
    assert again.code == 2
    assert "there is no attempt 1 for user 'tester'" in again.stderr


def test_forget_attempt_of_someone_else_is_refused(leadquiz_home: Path) -> None:
    pause_after(1)
    run = invoke_clean(["forget", "--attempt", "1", "--user", "sam", "--yes"])
    assert run.code == 2
    assert len(attempts(leadquiz_home)) == 1


def test_resume_picks_an_attempt_by_id_and_refuses_what_cannot_be_resumed(
    leadquiz_home: Path,
) -> None:
    pause_after(1)
    take(*new_take(), typed=["n", *answers_for(2), "q"])
    first = take("--resume", "1", typed=["q"])
    assert first.code == 0
    assert "Welcome back. 1 of 5 questions is answered" in first.stdout
    latest = take("--resume", typed=["q"])
    assert "Welcome back. 2 of 5 questions are answered" in latest.stdout
    for ref, message in (
        ("9", "there is no attempt 9 for user 'tester'"),
        ("x", "'x' is not an attempt id"),
    ):
        refused = take("--resume", ref)
        assert refused.code == 2
        assert message in refused.stderr
    without_resume = take("1")
    assert without_resume.code == 2
    assert "taken only with --resume" in without_resume.stderr


def test_a_finished_attempt_cannot_be_resumed(leadquiz_home: Path) -> None:
    assert take(*new_take(), typed=answers_for(TOTAL)).code == 0
    run = take("--resume", "1")
    assert run.code == 2
    assert "attempt 1 is already finished" in run.stderr


def test_an_answers_file_run_names_the_unfinished_attempt(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    pause_after(2)
    path = tmp_path / "answers.yaml"
    lines = [f"  {q}: {reply(MINI, q)}" for q in ORDER]
    path.write_text("answers:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    run = invoke_clean(["take", "--bank", str(MINI_PATH), "--answers", str(path), "--json"])
    assert run.code == 0, run.output
    assert run.stdout.lstrip().startswith("{")
    assert "attempt 1 (bank mini, 2 of 5 answered" in run.stderr
    assert "leadquiz take --resume 1" in run.stderr
    assert "leadquiz forget --attempt 1" in run.stderr


# --- in a real terminal: Ctrl-C at the choice, two live runs --------------------------------


def spawn(home: Path, spawned: list[pexpect.spawn], *args: str) -> pexpect.spawn:
    return spawn_in_terminal(home, spawned, "take", *args)


def finish(child: pexpect.spawn) -> tuple[str, int]:
    child.expect(pexpect.EOF)
    rest = ANSI.sub("", str(child.before))
    child.close()
    assert child.signalstatus is None
    return rest, int(child.exitstatus)


pty = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pty
def test_ctrl_c_at_the_choice_creates_and_deletes_nothing(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    pause_after(4)
    child = spawn(leadquiz_home, children, *new_take())
    child.expect_exact("Your choice (r/n/d, Enter = r)")
    interrupt(child)
    rest, code = finish(child)
    assert code == 130
    assert "Stopped. Nothing was started or deleted." in rest
    assert "Traceback" not in rest
    assert [a.id for a in attempts(leadquiz_home)] == [1]
    assert len(answers_of(leadquiz_home, 1)) == 4


@pty
def test_a_second_run_resuming_a_held_attempt_is_refused(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    first = spawn(leadquiz_home, children, *new_take())
    first.expect_exact(f"Question 1 of {TOTAL}")
    first.expect_exact("Your answer")
    first.sendline(reply(MINI, ORDER[0]))
    first.expect_exact(f"Question 2 of {TOTAL}")
    first.expect_exact("Your answer")

    second = spawn(leadquiz_home, children, "--resume", "1")
    rest, code = finish(second)
    assert code == 1
    assert "Attempt 1 is being answered in another leadquiz run" in rest
    assert f"process {first.pid}" in rest
    assert "Traceback" not in rest

    # The first run goes on undisturbed and its answers are saved.
    first.sendline(reply(MINI, ORDER[1]))
    first.expect_exact(f"Question 3 of {TOTAL}")
    first.expect_exact("Your answer")
    assert len(answers_of(leadquiz_home, 1)) == 2

    # Once it is gone (killed: no chance to let go), the attempt is taken over, visibly.
    first.kill(signal.SIGKILL)
    first.wait()
    third = spawn(leadquiz_home, children, "--resume", "1")
    third.expect_exact("was held by another leadquiz run that is gone")
    third.expect_exact("Welcome back. 2 of 5 questions are answered")
    third.expect_exact("Your answer")
    third.sendline("q")
    _, code = finish(third)
    assert code == 0


@pty
def test_a_run_whose_attempt_was_taken_over_saves_nothing_and_shows_no_tick(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    child = spawn(leadquiz_home, children, *new_take())
    child.expect_exact("Your answer")
    child.sendline(reply(MINI, ORDER[0]))
    child.expect_exact("✓")
    child.expect_exact(f"Question 2 of {TOTAL}")
    child.expect_exact("Your answer")
    # Another run (on another host, say) takes the attempt over meanwhile.
    db = sqlite3.connect(leadquiz_home / DB_NAME)
    with db:
        db.execute("UPDATE attempts SET writer = 'elsewhere 4242 feedface' WHERE id = 1")
    db.close()
    child.sendline(reply(MINI, ORDER[1]))
    rest, code = finish(child)
    assert code == 1
    assert "Attempt 1 was taken over by another leadquiz run" in rest
    assert "this answer was not saved" in rest
    assert "✓" not in rest
    assert "Traceback" not in rest
    assert list(answers_of(leadquiz_home, 1)) == [ORDER[0]]


@pty
def test_no_tick_when_the_attempt_is_forgotten_meanwhile(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    child = spawn(leadquiz_home, children, *new_take())
    child.expect_exact("Your answer")
    gone = invoke_clean(["forget", "--user", "tester", "--yes"])
    assert gone.code == 0
    child.sendline(reply(MINI, ORDER[0]))
    rest, code = finish(child)
    assert code == 2
    assert "There is no attempt 1." in rest
    assert "✓" not in rest
    assert "Traceback" not in rest
