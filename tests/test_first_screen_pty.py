"""The first screen of ``take`` in an 80x24 terminal: the welcome and the first question fit."""

from __future__ import annotations

from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pyte  # type: ignore[import-untyped, unused-ignore]
import pytest

from terminal_runs import PTY, spawn_in_terminal, wait_until_reading

pytestmark = PTY

ROWS, COLUMNS = 24, 80


@pytest.mark.parametrize(("bank", "seed"), [("core", "1"), ("core", "2"), ("quick", "1")])
def test_the_welcome_and_the_first_question_fit_24_rows(
    bank: str, seed: str, leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    child = spawn_in_terminal(
        leadquiz_home,
        children,
        "take",
        "--bank",
        bank,
        "--seed",
        seed,
        dimensions=(ROWS, COLUMNS),
    )
    child.expect_exact("q pause)")
    wait_until_reading(child)
    screen = pyte.Screen(COLUMNS, ROWS)
    pyte.Stream(screen).feed(str(child.before) + str(child.after))
    lines = [line.rstrip() for line in screen.display]
    # The bank's title is still on the screen when the prompt waits at its foot.
    assert any(line.strip().startswith("Manager or leader?") for line in lines[:2])
    assert "Question 1 of" in "\n".join(lines)
    assert "Your answer (" in lines[-1] or "Your answer (" in lines[-2]
    child.sendline("q")
    child.expect(pexpect.EOF)
