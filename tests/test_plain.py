"""``--plain`` and ``TERM=dumb``: no colour, and every line and mark drawn in ASCII."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cli_runs import invoke
from leadquiz.banks.loader import resolve_bank

MINI = Path(__file__).resolve().parent / "data" / "mini.yaml"
#: What an old terminal or a screen reader stumbles on: box drawing, blocks and marks.
DRAWING = re.compile("[\u2500-\u259f\u25cf\u25c2\u25b2\u25bc\u2713\u23f8\u21a9\u2022\u00b7\u2026]")


def answers(bank_id: str, value: int) -> str:
    bank = resolve_bank(bank_id)
    lines = [
        f"  {q.id}: {value if q.type == 'likert' else q.options[0].key}" for q in bank.questions
    ]
    return "answers:\n" + "\n".join(lines) + "\n"


def views() -> list[list[str]]:
    return [
        ["report"],
        ["history"],
        ["compare"],
        ["users"],
        ["paths"],
        ["banks", "list"],
        ["banks", "show", "core"],
        ["banks", "show", "quick", "--questions"],
        ["banks", "validate", str(MINI)],
    ]


@pytest.fixture
def two_attempts() -> None:
    for value in (2, 4):
        run = invoke(
            ["take", "--bank", "quick", "--answers", "-", "--json"], stdin=answers("quick", value)
        )
        assert run.code == 0, run.output


@pytest.mark.usefixtures("two_attempts")
@pytest.mark.parametrize("how", ["--plain", "TERM=dumb"])
def test_every_view_is_ascii_drawn(how: str) -> None:
    env = {"TERM": "dumb"} if how == "TERM=dumb" else {"TERM": "xterm-256color", "FORCE_COLOR": "1"}
    flag = ["--plain"] if how == "--plain" else []
    drawn = ""
    for view in views():
        fancy = invoke(view, env={"TERM": "xterm-256color"})
        plain = invoke([*flag, *view], env=env)
        assert plain.code == fancy.code == 0, plain.output
        assert not DRAWING.search(plain.output), (view, DRAWING.findall(plain.output))
        assert "\x1b" not in plain.output
        drawn += fancy.output
    assert DRAWING.search(drawn)  # the same views do draw with Unicode otherwise


def test_the_interactive_quiz_is_ascii_drawn() -> None:
    typed = "3\n" * len(resolve_bank("quick").questions)  # 3 is also the third option
    run = invoke(
        ["--plain", "take", "--bank", "quick"],
        stdin=typed,
        env={"LEADQUIZ_INTERACTIVE": "1", "TERM": "xterm"},
    )
    assert run.code == 0, run.output
    assert "Question 15 of 15" in run.stdout
    assert not DRAWING.search(run.output), DRAWING.findall(run.output)


def test_plain_does_not_stick_to_the_next_run() -> None:
    assert invoke(["--plain", "banks", "list"]).code == 0
    assert DRAWING.search(invoke(["banks", "list"], env={"TERM": "xterm"}).stdout)
