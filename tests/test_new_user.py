"""What a new user tripped over (issue 26): durations, plurals, -V, exports of every attempt.

Through the real CLI, each in its own ``LEADQUIZ_HOME``.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from cli_runs import Run, invoke_clean
from leadquiz.banks.duration import bank_minutes, minutes_left, minutes_phrase
from leadquiz.banks.loader import resolve_bank
from observer_runs import leader_leaning, manager_leaning, take

CORE = resolve_bank("core")
QUICK = resolve_bank("quick")
INTERACTIVE = {"LEADQUIZ_INTERACTIVE": "1", "COLUMNS": "80"}


def ok(*args: str, env: dict[str, str] | None = None, typed: str | None = None) -> Run:
    run = invoke_clean(args, env=env, stdin=typed)
    assert run.code == 0, run.output
    return run


# --- one duration per bank, from the bank ----------------------------------------------------


def test_the_welcome_gives_the_duration_the_bank_states() -> None:
    # core's description says "about 12 minutes", quick's "About 3 minutes".
    assert "about 12 minutes" in " ".join(CORE.description.split())
    assert bank_minutes(CORE) == (12, 12)
    assert bank_minutes(QUICK) == (3, 3)
    shown = " ".join(ok("take", typed="q\n", env=INTERACTIVE).stdout.split())
    assert f"{len(CORE.questions)} questions, about 12 minutes." in shown
    quick = ok("take", "--bank", "quick", typed="n\nq\n", env=INTERACTIVE).stdout
    shown = " ".join(quick.split())
    assert "15 questions, about 3 minutes." in shown


def test_a_bank_that_states_no_duration_is_timed_by_its_questions() -> None:
    silent = dataclasses.replace(QUICK, description="Fifteen questions.")
    # 10 statements at ~9 s and 5 scenarios at ~20 s: 190 s, about 3 minutes.
    assert bank_minutes(silent) == (3, 3)
    longer = dataclasses.replace(CORE, description="No time given.")
    statements = sum(q.type == "likert" for q in CORE.questions)
    scenarios = len(CORE.questions) - statements
    expected = round((9 * statements + 20 * scenarios) / 60)
    assert bank_minutes(longer) == (expected, expected)
    # What is left of a bank is that share of its stated time.
    half = CORE.questions[: len(CORE.questions) // 2]
    assert minutes_left(CORE, half) in ((5, 6), (6, 6), (5, 5))  # half of the stated 12
    assert minutes_phrase((1, 1)) == "about 1 minute"
    assert minutes_phrase((10, 12)) == "about 10–12 minutes"


# --- plurals ---------------------------------------------------------------------------------


def test_one_of_a_thing_is_said_in_the_singular(tmp_path: Path) -> None:
    take(tmp_path, "quick", leader_leaning, user="sam")
    refused = invoke_clean(["forget", "--user", "sam"])
    assert refused.code == 2
    assert "deleting 1 attempt of 'sam' needs confirmation" in refused.stderr
    paused = ok("take", "--bank", "quick", typed="3\nq\n", env=INTERACTIVE).stdout
    assert "Paused. 1 of 15 answers is saved." in paused
    assert "1 of 15 answers are" not in paused


# --- conventions -----------------------------------------------------------------------------


def test_minus_v_prints_the_version() -> None:
    assert ok("-V").stdout == ok("--version").stdout
    assert ok("-V").stdout.startswith("leadquiz ")


def test_the_top_level_help_names_every_export_format() -> None:
    helped = " ".join(ok("--help", env={"COLUMNS": "200", "TERMINAL_WIDTH": "200"}).stdout.split())
    assert "Write an attempt as markdown, JSON, CSV or HTML." in helped


def test_export_all_as_json_holds_every_attempt_oldest_first(tmp_path: Path) -> None:
    take(tmp_path, "quick", leader_leaning)
    take(tmp_path, "core", manager_leaning)
    take(tmp_path, "quick", manager_leaning)
    document = json.loads(ok("export", "--all", "--format", "json").stdout)
    assert document["schema"] == "leadquiz/export-all/1"
    assert document["user"] == "tester"
    assert [a["attempt"] for a in document["attempts"]] == [1, 2, 3]
    # Each attempt as its own JSON export holds it: the result with its raw answers.
    for attempt in document["attempts"]:
        alone = json.loads(ok("report", str(attempt["attempt"]), "--json").stdout)
        assert attempt["overall"] == alone["overall"]
        assert attempt["dimensions"] == alone["dimensions"]
        assert len(attempt["answers"]) == len(resolve_bank(attempt["bank"]["id"]).questions)
    # The third is the second quick attempt: its change since the first is there.
    assert document["attempts"][2]["previous"]["attempt"] == 1
    assert document["attempts"][0].get("previous") is None


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_export_all_refuses_a_user_with_no_attempt(fmt: str) -> None:
    run = invoke_clean(["export", "--all", "--format", fmt])
    assert run.code == 2
    assert "has no finished attempt yet" in run.stderr
    assert run.stdout == ""


def test_a_csv_day_is_taken_at_the_offset_its_column_names() -> None:
    from leadquiz.exporters.csvcells import day_at

    assert day_at("2026-11-29T01:00:00+00:00", 0) == "2026-11-29"
    assert day_at("2026-11-29T01:00:00+00:00", -210) == "2026-11-28"
    assert day_at("2026-12-31T22:30:00+00:00", 90) == "2027-01-01"
    assert day_at("2026-12-31T22:29:00+00:00", 90) == "2026-12-31"
    # Written otherwise than the store writes it: read as a time, then moved.
    assert day_at("2026-11-29T01:00:00+01:00", 60) == "2026-11-29"
    assert day_at("2026-11-29T00:30:00+01:00", 0) == "2026-11-28"
    assert day_at(None, 60) == ""


def test_a_finish_time_with_a_control_character_is_escaped_in_every_attempt_csv(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    import sqlite3

    take(tmp_path, "quick", leader_leaning)
    # As long as a stored time and ending as one, but holding an escape: checked all the same.
    hostile = "2026-11-29T12:30\x1b00+00:00"
    assert len(hostile) == len("2026-11-29T12:30:00+00:00")
    with sqlite3.connect(leadquiz_home / "leadquiz.db") as db:
        db.execute("UPDATE attempts SET finished_at = ?", (hostile,))
    db.close()
    run = invoke_clean(["export", "--format", "csv", "--all"])
    assert run.code == 0, run.stderr
    assert "\x1b" not in run.raw.decode("utf-8")
    assert "\\u001b" in run.raw.decode("utf-8")


def test_the_progress_bar_follows_the_place_not_the_answers_given() -> None:
    import io

    from rich.console import Console

    from leadquiz.quiz.loop import Prompt
    from leadquiz.ui.asking import progress_line

    question = QUICK.questions[0]

    def shown(number: int, done: int) -> str:
        console = Console(width=60, file=io.StringIO(), color_system=None, record=True)
        prompt = Prompt(
            question=question, number=number, total=15, done=done, current=2, was_skipped=False
        )
        console.print(progress_line(prompt))
        return console.export_text()

    # Back at question 4 with 7 answers given: 3 of 15 before it, as when first there.
    assert shown(4, 7).rstrip().endswith("20%")
    assert shown(4, 7) == shown(4, 3)
    assert shown(5, 7).rstrip().endswith("26%")


def test_a_lock_names_its_last_activity_in_local_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from leadquiz.store.writers import Holder

    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    try:
        holder = Holder(host="box", pid=123, token="t", seen="2026-11-29T12:30:00+00:00")
        assert holder.describe() == "process 123 on host 'box', last active 2026-11-30 02:30 UTC+14"
    finally:
        monkeypatch.setenv("TZ", "UTC")
        time.tzset()


def test_a_missing_schema_is_said_once(tmp_path: Path) -> None:
    bank = tmp_path / "bank.yaml"
    bank.write_text('id: x\ntitle: X\nversion: "1"\n', encoding="utf-8")
    run = invoke_clean(["banks", "validate", str(bank)])
    assert run.code == 2
    assert run.output.count("'schema'") == 1
    assert "missing the key 'schema' (use 'schema: " in run.output


def test_wrapped_sources_in_banks_show_keep_their_indent() -> None:
    lines = ok("banks", "show", "core", env={"COLUMNS": "80"}).stdout.splitlines()
    start = lines.index("Sources")
    listed = lines[start + 1 :]
    assert len(listed) > len(CORE.sources)  # some wrap at 80 columns
    for line in listed:
        assert line.startswith("  • ") or line.startswith("    "), line


@pytest.mark.parametrize("name", ["core", "quick"])
def test_banks_show_json_is_the_bank_as_asked(name: str) -> None:
    bank = resolve_bank(name)
    document = json.loads(ok("banks", "show", name, "--json").stdout)
    assert document["schema"] == "leadquiz/bank/1"
    assert (document["id"], document["version"], document["digest"]) == (
        bank.id,
        bank.version,
        bank.digest,
    )
    assert document["minutes"] == list(bank_minutes(bank))
    assert [d["id"] for d in document["dimensions"]] == [d.id for d in bank.dimensions]
    assert [q["id"] for q in document["questions"]] == [q.id for q in bank.questions]
    for shown, question in zip(document["questions"], bank.questions, strict=True):
        assert shown["text"] == question.text
        if question.type == "choice":
            assert [o["key"] for o in shown["options"]] == [o.key for o in question.options]
        else:
            assert shown["keyed"] == question.keyed


def test_tab_completes_bank_ids_attempt_ids_area_ids_and_user_names(tmp_path: Path) -> None:
    from test_completion import bash_complete

    take(tmp_path, "quick", leader_leaning)
    take(tmp_path, "quick", manager_leaning, user="sam")
    take(tmp_path, "core", manager_leaning, user="sam")
    assert bash_complete("leadquiz take --bank ") == ["core", "quick"]
    assert bash_complete("leadquiz take -b q") == ["quick"]
    assert bash_complete("leadquiz role --bank c") == ["core"]
    assert bash_complete("leadquiz history --user ") == ["sam", "tester"]
    assert bash_complete("leadquiz report ") == ["latest", "1"]
    assert bash_complete("leadquiz report --user sam ") == ["latest", "3", "2"]
    assert bash_complete("leadquiz export --user sam 1") == []  # not one of hers
    assert bash_complete("leadquiz export --user sam 3") == ["3"]
    assert "goals" in bash_complete("leadquiz report --why ")
    assert bash_complete("leadquiz report --why go") == ["goals"]
