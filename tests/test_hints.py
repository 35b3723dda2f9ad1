"""The commands leadquiz suggests work as printed: the user is named, and quoted for the shell."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from cli_runs import invoke
from leadquiz.app.taking import start
from leadquiz.banks.loader import load_bank
from leadquiz.hints import command, resume_command
from leadquiz.store.database import Store

MINI = Path(__file__).parent / "data" / "mini.yaml"


def test_the_default_user_is_not_named_and_others_are(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADQUIZ_USER", "dana")
    assert resume_command("dana") == "leadquiz take --resume"
    assert resume_command() == "leadquiz take --resume"
    assert resume_command("sam", 7) == "leadquiz take --resume 7 --user sam"


def test_names_are_quoted_for_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEADQUIZ_USER", "dana")
    for name in ("sam smith", "o'brien", "$(rm -rf ~)", "-x"):
        hint = command("report", user=name)
        assert shlex.split(hint) == ["leadquiz", "report", "--user", name]


def test_history_of_another_user_hints_a_resume_that_names_them(
    leadquiz_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADQUIZ_USER", "dana")
    with Store.open(leadquiz_home) as store:
        start(store, "sam smith", load_bank(MINI), seed=1)
    shown = invoke(["history", "--user", "sam smith"], env={"COLUMNS": "120"}).stdout
    assert "leadquiz take --resume --user 'sam smith'" in shown
