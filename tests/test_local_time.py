"""Times in local time, labelled, under two time zones; ``-`` as stdin and stdout."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cli_runs import invoke
from leadquiz.banks.loader import resolve_bank

#: A stored finish time, and how it reads in each zone (day changes either way).
FINISHED = "2026-11-29T12:30:00+00:00"
ZONES = {
    "Pacific/Kiritimati": ("2026-11-30 02:30", "UTC+14"),
    "America/St_Johns": ("2026-11-29 09:00", "UTC-3:30"),
}


@pytest.fixture
def zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def answers_text() -> str:
    bank = resolve_bank("quick")
    lines = [f"  {q.id}: {2 if q.type == 'likert' else q.options[0].key}" for q in bank.questions]
    return "answers:\n" + "\n".join(lines) + "\n"


def take_quick(home: Path) -> None:
    run = invoke(["take", "--bank", "quick", "--answers", "-", "--json"], stdin=answers_text())
    assert run.code == 0, run.output
    connection = sqlite3.connect(home / "leadquiz.db")
    with connection:
        connection.execute(
            "UPDATE attempts SET started_at = ?, finished_at = ?",
            ("2026-11-29T12:20:00+00:00", FINISHED),
        )
    connection.close()


@pytest.mark.parametrize("zone", list(ZONES), indirect=True)
def test_times_are_local_and_labelled_everywhere(zone: str, leadquiz_home: Path) -> None:
    take_quick(leadquiz_home)
    local, label = ZONES[zone]
    report = invoke(["report"]).stdout
    assert f"{local} {label}" in report
    markdown = invoke(["export", "--format", "md"]).stdout
    assert f"Date: {local} {label}" in markdown
    assert f"{local} {label}" in invoke(["export", "--format", "html"]).stdout
    history = invoke(["history"]).stdout
    assert f"date ({label})" in history
    assert local[:10] in history
    # JSON and CSV keep UTC with its offset, whatever the zone.
    assert json.loads(invoke(["report", "--json"]).stdout)["finished_at"] == FINISHED
    assert (
        json.loads(invoke(["history", "--json"]).stdout)["attempts"][0]["finished_at"] == FINISHED
    )
    rows = list(csv.DictReader(io.StringIO(invoke(["export", "--format", "csv"]).stdout)))
    assert {row["finished_at"] for row in rows} == {FINISHED}
    # The CSV's date is the local day, its column naming the offset it is taken at.
    assert {row[f"date ({label})"] for row in rows} == {local[:10]}
    every = invoke(["export", "--format", "csv", "--all"]).stdout
    assert list(csv.DictReader(io.StringIO(every))) == rows


def test_answers_from_stdin_and_errors_name_stdin() -> None:
    run = invoke(["take", "--bank", "quick", "--answers", "-"], stdin="answers: {}\n")
    assert run.code == 2
    assert run.stderr.startswith("<stdin>:")
    ok = invoke(["take", "--bank", "quick", "--answers", "-", "--json"], stdin=answers_text())
    assert ok.code == 0, ok.output
    assert json.loads(ok.stdout)["bank"]["id"] == "quick"


@pytest.mark.parametrize("fmt", ["md", "json", "csv"])
def test_dash_output_is_stdout_not_a_file(
    fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    invoke(["take", "--bank", "quick", "--answers", "-", "--json"], stdin=answers_text())
    to_dash = invoke(["export", "--format", fmt, "-o", "-"])
    assert to_dash.code == 0, to_dash.output
    assert to_dash.raw == invoke(["export", "--format", fmt]).raw
    assert to_dash.raw
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("zone", list(ZONES), indirect=True)
def test_an_unfinished_attempt_is_named_with_its_local_start(
    zone: str, leadquiz_home: Path
) -> None:
    from leadquiz.app.taking import start
    from leadquiz.store.database import Store

    with Store.open(leadquiz_home) as store:
        start(store, "tester", resolve_bank("quick"), seed=1)
    with sqlite3.connect(leadquiz_home / "leadquiz.db") as connection:
        connection.execute("UPDATE attempts SET started_at = ?", (FINISHED,))
    connection.close()
    run = invoke(["take", "--bank", "quick", "--answers", "-"], stdin=answers_text())
    local, label = ZONES[zone]
    assert f"started {local} {label})" in run.output
