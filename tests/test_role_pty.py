"""``leadquiz role`` in a real pseudo-terminal: back, skip, Ctrl-C keeps answers, continue."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pytest

from leadquiz.banks.loader import resolve_bank
from leadquiz.models import RoleProfile
from leadquiz.store.database import Store

pytestmark = [
    pytest.mark.pty,
    pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal"),
]

QUICK = resolve_bank("quick")
AREAS = [d.id for d in QUICK.dimensions]
TOTAL = len(AREAS) + 1  # every area, then the leading share
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.fixture
def children() -> Iterator[list[pexpect.spawn]]:
    """Every child spawned by a test; any still running at the end is ended."""
    spawned: list[pexpect.spawn] = []
    yield spawned
    for child in spawned:
        if child.isalive():
            child.terminate(force=True)


class RoleRun:
    """One ``leadquiz role`` process on a 40x100 terminal."""

    def __init__(self, home: Path, spawned: list[pexpect.spawn], *args: str) -> None:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "LEADQUIZ_INTERACTIVE"}
        }
        env.update(LEADQUIZ_HOME=str(home), LEADQUIZ_USER="tester", TERM="xterm")
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "leadquiz", "role", "--bank", "quick", *args],
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
        return ANSI.sub("", chunk)

    def answer(self, number: int, typed: str) -> str:
        shown = self.read_until(f"Question {number} of {TOTAL}")
        shown += self.read_until("Your answer")
        self.child.sendline(typed)
        return shown

    def end(self) -> tuple[str, int]:
        self.child.expect(pexpect.EOF)
        rest = str(self.child.before)
        self.seen.append(rest)
        self.child.close()
        assert self.child.signalstatus is None
        assert isinstance(self.child.exitstatus, int)
        return ANSI.sub("", rest), self.child.exitstatus

    @property
    def text(self) -> str:
        return ANSI.sub("", "".join(self.seen))


def stored(home: Path) -> list[RoleProfile]:
    with Store.open(home) as store:
        return store.role_profiles("tester")


def test_role_in_a_terminal_goes_back_skips_keeps_on_ctrl_c_and_continues(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    run = RoleRun(leadquiz_home, children)
    run.read_until("how much of each your role asks for today")
    first = run.answer(1, "2")
    flat = " ".join(first.split())
    dimension = QUICK.dimensions[0]
    assert dimension.title in flat
    assert "1 ─ 2 ─ 3 ─ 4 ─ 5" in flat
    assert dimension.manager_pole.split()[0] in flat
    run.answer(2, "<")
    again = run.answer(1, "4")
    assert "Press Enter to keep your earlier answer (2)" in again
    run.answer(2, "s")
    run.answer(3, "3")
    run.read_until(f"Question 4 of {TOTAL}")
    run.child.sendintr()
    rest, code = run.end()
    assert code == 130
    assert f"Stopped. 3 of {TOTAL} answers are saved" in rest
    assert "leadquiz role --bank quick" in rest
    (kept,) = stored(leadquiz_home)
    assert kept.status == "in_progress"
    assert dict(kept.ratings) == {AREAS[0]: 4, AREAS[1]: None, AREAS[2]: 3}

    again_run = RoleRun(leadquiz_home, children)
    again_run.read_until(f"Welcome back. 3 of {TOTAL} questions")
    for number in range(4, TOTAL):
        again_run.answer(number, "5")
    again_run.answer(TOTAL, "150")
    again_run.read_until("Please type a whole number from 0 to 100")
    again_run.child.sendline("15%")
    rest, code = again_run.end()
    assert code == 0
    assert "Role profile saved" in rest
    assert "Traceback" not in run.text + again_run.text
    (done,) = stored(leadquiz_home)
    assert done.id == kept.id
    assert done.status == "finished"
    assert done.leading_share == 15
    assert dict(done.ratings) == {
        **dict.fromkeys(AREAS, 5),
        AREAS[0]: 4,
        AREAS[1]: None,
        AREAS[2]: 3,
    }


def test_role_pause_keeps_answers_and_restart_discards_them(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    run = RoleRun(leadquiz_home, children)
    run.answer(1, "1")
    run.answer(2, "q")
    rest, code = run.end()
    assert code == 0
    assert f"Paused. 1 of {TOTAL} answers are saved" in rest
    (kept,) = stored(leadquiz_home)
    assert kept.status == "in_progress"

    fresh = RoleRun(leadquiz_home, children, "--restart")
    fresh.answer(1, "q")
    fresh.end()
    (only,) = stored(leadquiz_home)
    assert only.id != kept.id
    assert only.ratings == ()
