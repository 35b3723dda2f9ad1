"""History stays whole when the bundled banks are rewritten (a new major version, new
question ids): old attempts read and rescore from their own snapshot, and ``compare`` and
``history`` say that the questions changed under the scores."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from cli_runs import Run, invoke_clean
from leadquiz.banks import loader
from leadquiz.banks.loader import resolve_bank
from leadquiz.models import AnswerValue, Bank
from leadquiz.results.scoring import SCORING_VERSION

DATA = Path(__file__).parent / "data"


def ok(*args: str) -> Run:
    run = invoke_clean(args, env={"COLUMNS": "80"})
    assert run.code == 0, run.output
    return run


def flat(text: str) -> str:
    return " ".join(text.split())


def answers_for(bank: Bank) -> dict[str, AnswerValue]:
    """Answers that vary with the question, so every area has a score of its own."""
    return {
        q.id: (1 + index % 5) if q.type == "likert" else q.options[index % len(q.options)].key
        for index, q in enumerate(bank.questions)
    }


def take(tmp_path: Path, bank: str, answers: dict[str, AnswerValue]) -> dict[str, Any]:
    path = tmp_path / f"answers-{len(list(tmp_path.glob('answers-*')))}.json"
    path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    document: dict[str, Any] = json.loads(
        ok("take", "--bank", bank, "--answers", str(path), "--json").stdout
    )
    return document


def next_major(version: str) -> str:
    return f"{int(version.split('.', maxsplit=1)[0]) + 1}.0.0"


@pytest.fixture
def rewritten(tmp_path: Path) -> Path:
    """The bundled banks of the next release (:func:`swap_in` makes them the bundled ones):
    core one major version up with every question id new, the other banks as they are."""
    shipped = loader.questions_dir()
    later = tmp_path / "questions-next"
    later.mkdir()
    for path in shipped.glob("*.yaml"):
        (later / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    core = resolve_bank("core")
    text = (shipped / "core.yaml").read_text(encoding="utf-8")
    text = re.sub(
        r'^version: "[^"]+"', f'version: "{next_major(core.version)}"', text, count=1, flags=re.M
    )
    head, questions = text.split("\nquestions:\n", 1)
    questions = re.sub(r"^  - id: ", "  - id: next-", questions, flags=re.M)
    (later / "core.yaml").write_text(f"{head}\nquestions:\n{questions}", encoding="utf-8")
    return later


def swap_in(monkeypatch: pytest.MonkeyPatch, later: Path) -> None:
    monkeypatch.setattr(loader, "questions_dir", lambda: later)


def stored_scoring_versions(home: Path) -> dict[int, int | None]:
    connection = sqlite3.connect(home / "leadquiz.db")
    try:
        rows = connection.execute("SELECT id, scoring_version FROM attempts").fetchall()
    finally:
        connection.close()
    return {int(attempt): version for attempt, version in rows}


def make_stale(home: Path) -> None:
    """Mark every cached result as made by an older scoring rule, so reads rescore."""
    connection = sqlite3.connect(home / "leadquiz.db")
    try:
        with connection:
            connection.execute("UPDATE attempts SET scoring_version = 0")
    finally:
        connection.close()


def test_an_attempt_of_the_old_version_reads_rescores_and_compares(
    tmp_path: Path, leadquiz_home: Path, rewritten: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old_bank = resolve_bank("core")
    first = take(tmp_path, "core", answers_for(old_bank))
    report_before = ok("report", "1").stdout
    markdown_before = ok("export", "1").stdout

    swap_in(monkeypatch, rewritten)
    new_bank = resolve_bank("core")
    assert new_bank.version == next_major(old_bank.version)
    assert not {q.id for q in new_bank.questions} & {q.id for q in old_bank.questions}

    # Readable: the old attempt reports from its own snapshot, not from today's file.
    assert json.loads(ok("report", "1", "--json").stdout) == first
    assert ok("report", "1").stdout == report_before
    why = ok("report", "1", "--why").stdout
    assert old_bank.questions[0].text[:40] in flat(why)
    # Rescorable: with its cache stale, it is scored again from the raw answers, the same
    # (a report always is; the CSV of every attempt rescores the stale cache and keeps it).
    make_stale(leadquiz_home)
    assert json.loads(ok("report", "1", "--json").stdout) == first
    table = list(csv.DictReader(io.StringIO(ok("export", "--format", "csv", "--all").stdout)))
    assert {row["dimension"]: float(row["score"]) for row in table} == {
        **{d["id"]: d["score"] for d in first["dimensions"]},
        "overall": first["overall"]["score"],
    }
    assert stored_scoring_versions(leadquiz_home)[1] == SCORING_VERSION
    assert ok("export", "1").stdout == markdown_before

    second = take(tmp_path, "core", answers_for(new_bank))
    assert second["bank"]["version"] == new_bank.version

    # compare says, plainly, that the questions changed under every area.
    out = ok("compare").stdout
    assert f"A  attempt 1 · core {old_bank.version}" in out
    assert f"B  attempt 2 · core {new_bank.version}" in out
    assert (
        f"The questions changed between the two attempts (core {old_bank.version} → "
        f"{new_bank.version}) in every area compared: a change there may reflect the new "
        "questions, not a change in you."
    ) in flat(out)
    assert max(len(line) for line in out.splitlines()) <= 80
    document = json.loads(ok("compare", "--json").stdout)
    assert document["questions_changed"] == [d.id for d in old_bank.dimensions]

    # history: the row, and the trend drawn across the change, say so too.
    for args in (("history",), ("history", "--all")):
        history = ok(*args).stdout
        assert f"bank changed since attempt 1: core {old_bank.version} → {new_bank.version}" in (
            flat(history)
        )
        assert (
            f"The bank changed along this trend (core {old_bank.version} → "
            f"{new_bank.version}): the change may reflect the questions, not you."
        ) in flat(history)
        assert max(len(line) for line in history.splitlines()) <= 80


def test_a_new_version_with_the_same_questions_says_they_did_not_change(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    text = (DATA / "mini.yaml").read_text(encoding="utf-8")
    bank = tmp_path / "team.yaml"
    bank.write_text(text, encoding="utf-8")
    answers: dict[str, AnswerValue] = {
        "goals-kpi": 4,
        "goals-dream": 2,
        "goals-plan": "b",
        "risk-safe": 3,
        "risk-bet": "a",
    }
    take(tmp_path, str(bank), answers)
    edited = text.replace('version: "0.1.0"', 'version: "1.0.0"').replace(
        "Two dimensions, five questions, for tests.", "A new description."
    )
    bank.write_text(edited, encoding="utf-8")
    take(tmp_path, str(bank), answers)
    out = flat(ok("compare").stdout)
    assert "the bank changed between the two attempts (mini 0.1.0 → 1.0.0); its questions " in (
        out.lower()
    )
    assert "did not." in out
    assert "The questions changed" not in out
    assert json.loads(ok("compare", "--json").stdout)["questions_changed"] == []
    # The trend of a bank whose text changed says so, whatever changed in it.
    assert "The bank changed along this trend (mini 0.1.0 → 1.0.0)" in flat(ok("history").stdout)


def test_a_trend_of_one_unchanged_bank_has_no_bank_note(tmp_path: Path) -> None:
    answers: dict[str, AnswerValue] = {
        "goals-kpi": 4,
        "goals-dream": 2,
        "goals-plan": "b",
        "risk-safe": 3,
        "risk-bet": "a",
    }
    take(tmp_path, str(DATA / "mini.yaml"), answers)
    take(tmp_path, str(DATA / "mini.yaml"), answers)
    history = ok("history").stdout
    assert "Trend (mini, 2 attempts)" in history
    assert "The bank changed" not in history


def test_compare_stands_when_a_bank_copy_is_missing_and_says_the_questions_are_unchecked(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    text = (DATA / "mini.yaml").read_text(encoding="utf-8")
    bank = tmp_path / "team.yaml"
    bank.write_text(text, encoding="utf-8")
    answers: dict[str, AnswerValue] = {
        "goals-kpi": 4,
        "goals-dream": 2,
        "goals-plan": "b",
        "risk-safe": 3,
        "risk-bet": "a",
    }
    take(tmp_path, str(bank), answers)
    bank.write_text(text.replace('version: "0.1.0"', 'version: "0.2.0"'), encoding="utf-8")
    take(tmp_path, str(bank), answers)
    connection = sqlite3.connect(leadquiz_home / "leadquiz.db")
    try:
        with connection:  # a damaged history: the first attempt's copy of its bank is gone
            connection.execute("DELETE FROM banks WHERE version = '0.1.0'")
    finally:
        connection.close()
    out = flat(ok("compare").stdout)
    assert "the bank changed between the two attempts (mini 0.1.0 → 0.2.0); some questions " in (
        out.lower()
    )
    assert "may differ, so read small moves with care." in out
    assert json.loads(ok("compare", "--json").stdout)["questions_changed"] is None
