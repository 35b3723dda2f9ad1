"""``leadquiz role`` in a real pseudo-terminal: back, skip, Ctrl-C keeps answers, continue."""

from __future__ import annotations

from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]

from leadquiz.banks.loader import resolve_bank
from leadquiz.store.database import Store
from leadquiz.viewpoints import RoleProfile
from terminal_runs import ANSI, PTY, TerminalRun, interrupt

pytestmark = PTY

QUICK = resolve_bank("quick")
AREAS = [d.id for d in QUICK.dimensions]
TOTAL = len(AREAS) + 1  # every area, then the leading share


class RoleRun(TerminalRun):
    """One ``leadquiz role --bank quick`` process on a 40x100 terminal."""

    def __init__(self, home: Path, spawned: list[pexpect.spawn], *args: str) -> None:
        super().__init__(home, spawned, "role", "--bank", "quick", *args)

    def answer(self, number: int, typed: str) -> str:
        """Answer question ``number``; return what was shown for it, escapes removed."""
        shown = self.read_until(f"Question {number} of {TOTAL}")
        shown += self.read_until("Your answer")
        self.child.sendline(typed)
        return ANSI.sub("", shown)


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
    run.read_until("Your answer")
    interrupt(run.child)
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
    assert f"Paused. 1 of {TOTAL} answers is saved" in rest
    (kept,) = stored(leadquiz_home)
    assert kept.status == "in_progress"

    fresh = RoleRun(leadquiz_home, children, "--restart")
    fresh.answer(1, "q")
    fresh.end()
    (only,) = stored(leadquiz_home)
    assert only.id != kept.id
    assert only.ratings == ()
