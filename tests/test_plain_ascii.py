"""``--plain`` draws every view in pure ASCII: glyphs, role marks, ``±`` (as ``+/-``), all.

A history with a role profile, observers and two banks, every view run with
``--plain`` at two widths (the stacked blocks and the wide table).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from leadquiz.banks.loader import questions_dir
from observer_runs import (
    CORE,
    QUICK,
    leader_leaning,
    manager_leaning,
    ok,
    responses,
    take,
    write_answers,
)

ROLE = "role:\n" + "".join(f"  {d.id}: {1 + n % 5}\n" for n, d in enumerate(CORE.dimensions))


VIEWS = [
    ["report"],
    ["report", "2"],
    ["report", "2", "--why"],
    ["history"],
    ["history", "--all"],
    ["compare"],
    ["compare", "1", "3"],
    ["users"],
    ["paths"],
    ["banks", "list"],
    ["banks", "show", "core"],
    ["banks", "show", "quick", "--questions"],
    ["role", "show"],
]


@pytest.fixture
def full_history(tmp_path: Path) -> Path:
    (tmp_path / "role.yaml").write_text(ROLE, encoding="utf-8")
    ok("role", "--answers", str(tmp_path / "role.yaml"))
    take(tmp_path, "quick", leader_leaning)
    take(tmp_path, "core", manager_leaning)
    ok("import", *map(str, responses(tmp_path, ["peer", "peer", "manager"], bank="core")))
    take(tmp_path, "quick", manager_leaning)
    return tmp_path


@pytest.mark.parametrize("width", ["80", "130"])
def test_every_view_is_ascii_with_plain(full_history: Path, width: str) -> None:
    env = {"COLUMNS": width}
    for view in VIEWS:
        run = ok("--plain", *view, env=env)
        shown = run.stdout + run.stderr
        assert shown.isascii(), (view, sorted({c for c in shown if not c.isascii()}))
    report = ok("--plain", "report", "2", env=env).stdout
    assert "+/-" in report
    assert "~" not in report  # "16.7 ~ 16.6" read as "about"
    # Without --plain the same views draw glyphs: the check above can fail.
    assert not ok("report", "2", env=env).stdout.isascii()


def test_take_and_validate_are_ascii_with_plain(full_history: Path) -> None:
    answers = write_answers(full_history / "again.yaml", QUICK, leader_leaning)
    taken = ok("--plain", "take", "--bank", "quick", "--answers", str(answers))
    assert (taken.stdout + taken.stderr).isascii()
    checked = ok("--plain", "banks", "validate", str(questions_dir() / "core.yaml"))
    assert (checked.stdout + checked.stderr).isascii()
