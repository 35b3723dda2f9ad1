"""Every table at 80 columns, with long names and observers: nothing cut, nothing split.

Each view is run through the real CLI at ``COLUMNS=80``; a word of the data is
never split across lines, no line is wider than 80 cells, and piped output has
no trailing spaces.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.cells import cell_len

from leadquiz.banks.loader import resolve_bank
from observer_runs import leader_leaning, manager_leaning, ok, responses, take

WIDTH = {"COLUMNS": "80"}
LONG_USER = "alexandra-montgomery-smithson"
#: The bundled banks' version (core and quick are released together).
VERSION = resolve_bank("core").version


def reads_at_80(text: str, words: set[str]) -> None:
    """No line wider than 80, none ending in spaces, and each of ``words`` whole somewhere."""
    lines = text.splitlines()
    assert all(cell_len(line) <= 80 for line in lines), max(lines, key=cell_len)
    assert not [line for line in lines if line.endswith(" ")]
    tokens = set(re.findall(r"[\w.'-]+", text))
    for word in words:
        assert word in tokens, word
        for cut in range(2, len(word) - 1):
            head, tail = word[:cut], word[cut:]
            split = head in tokens and tail in tokens and head not in words
            assert not split, f"{word} split as {head}/{tail}"


@pytest.fixture
def observed_history(tmp_path: Path) -> Path:
    """Quick, core (with three observers) and quick again; a second user with a long name."""
    take(tmp_path, "quick", leader_leaning)
    take(tmp_path, "core", manager_leaning)
    ok("import", *map(str, responses(tmp_path, ["peer", "peer", "manager"], bank="core")))
    take(tmp_path, "quick", manager_leaning)
    take(tmp_path, "quick", leader_leaning, user=LONG_USER)
    return tmp_path


def test_history_with_observers_fits_80_columns(observed_history: Path) -> None:
    shown = ok("history", env=WIDTH).stdout
    bands = {
        word
        for row in json.loads(ok("history", "--json").stdout)["attempts"]
        for word in row["overall"]["band"].split()
    }
    reads_at_80(shown, {*bands, "quick", "core", VERSION, "observers", "noise"})
    rows = [line for line in shown.splitlines() if re.match(r"\s*\d+\s+\d{4}-", line)]
    assert len(rows) == 3  # one line each: nothing wrapped
    assert f"banks quick {VERSION}, core {VERSION}" in shown
    assert "first score" in shown  # the trend says what it shows


def test_users_and_banks_fit_80_columns(observed_history: Path) -> None:
    reads_at_80(ok("users", env=WIDTH).stdout, {LONG_USER, "tester"})
    listed = ok("banks", "list", env=WIDTH).stdout
    reads_at_80(listed, {"core", "quick", VERSION})


def test_paths_never_break_a_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / ("a-rather-long-folder-name-" * 3) / "leadquiz-home"
    monkeypatch.setenv("LEADQUIZ_HOME", str(home))
    take(tmp_path, "quick", leader_leaning)
    lines = ok("paths", env=WIDTH).stdout.splitlines()
    # Each path whole on one line (a terminal wraps it; copied, it is one line).
    assert f"  {home / 'leadquiz.db'}" in lines
    assert f"  {home}" in lines
    short = ok("paths", env={"COLUMNS": "400"}).stdout
    assert any(
        line.startswith("database") and str(home / "leadquiz.db") in line
        for line in short.splitlines()
    )


def test_banks_show_questions_keeps_a_readable_text_column(observed_history: Path) -> None:
    shown = ok("banks", "show", "quick", "--questions", env=WIDTH).stdout
    reads_at_80(shown, {"likert", "choice"})
    # Each text runs under its question across the width, indented by four.
    texts = [line for line in shown.splitlines() if line.startswith("    ")]
    assert len(texts) >= 15
    assert max(len(line) for line in texts) > 70


def test_report_pole_labels_read_at_80_columns(observed_history: Path) -> None:
    shown = ok("report", "2", env=WIDTH).stdout
    reads_at_80(shown, {"opportunities", "deliberately"})
    # No pole label stacked as a column of 3+ short right-aligned lines.
    for block in re.split(r"\n\s*\n", shown):
        lines = block.splitlines()
        short = [line for line in lines if 0 < len(line.strip()) <= 14 and line.startswith("   ")]
        assert len(short) < 3, block
