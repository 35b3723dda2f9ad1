"""The first screen of ``take`` in an 80x24 terminal: the welcome and the first question fit."""

from __future__ import annotations

from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pyte  # type: ignore[import-untyped, unused-ignore]
import pytest

from leadquiz.banks.loader import resolve_bank
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
    title = resolve_bank(bank).title
    assert any(line.strip().startswith(title[:30]) for line in lines[:2])
    assert "Question 1 of" in "\n".join(lines)
    # The prompt is on the screen too (at its foot when the screen is full).
    assert any("Your answer (" in line for line in lines)
    child.sendline("q")
    child.expect(pexpect.EOF)
