"""``history``, ``compare``, ``users``, ``forget`` and ``export`` through the real CLI.

Every attempt is created with ``leadquiz take --answers FILE --json`` (or, for an
unfinished one, an interactive ``take`` paused with ``q``) in the test's own
``LEADQUIZ_HOME``; nothing of the core is mocked. What the store kept is read
back straight from its SQLite file.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cli_runs import Run, invoke_clean
from leadquiz.app import reports as records
from leadquiz.banks.loader import resolve_bank
from leadquiz.exporters import EXPORTERS
from leadquiz.models import AnswerValue, Bank

DATA = Path(__file__).parent / "data"
MINI_PATH = DATA / "mini.yaml"
MINI_TEXT = MINI_PATH.read_text(encoding="utf-8")
MINUS = "\N{MINUS SIGN}"

#: Three answer sets to mini.yaml, from the manager pole toward the leader pole.
LOW: dict[str, AnswerValue] = {
    "goals-kpi": 5,
    "goals-dream": 1,
    "goals-plan": "a",
    "risk-safe": 5,
    "risk-bet": "a",
}
MID: dict[str, AnswerValue] = {
    "goals-kpi": 3,
    "goals-dream": 4,
    "goals-plan": "b",
    "risk-safe": 4,
    "risk-bet": "b",
}
HIGH: dict[str, AnswerValue] = {
    "goals-kpi": 1,
    "goals-dream": 5,
    "goals-plan": "c",
    "risk-safe": 1,
    "risk-bet": "b",
}


def cli(*args: str, env: Mapping[str, str] | None = None, typed: str | None = None) -> Run:
    """Run leadquiz in-process; fail on an uncaught exception or a traceback."""
    run = invoke_clean(args, stdin=typed, env=env)
    assert run.code in (0, 2), run
    return run


def ok(*args: str) -> Run:
    run = cli(*args)
    assert run.code == 0, run.output
    return run


def usage_error(*args: str) -> Run:
    """A run that must end with exit 2 and a plain ``Error:`` line on stderr, nothing on stdout."""
    run = cli(*args)
    assert run.code == 2, run.output
    assert run.stderr.startswith("Error: "), run.stderr
    assert run.stdout == ""
    return run


_answer_files = iter(range(10**6))


def take(
    tmp_path: Path,
    answers: Mapping[str, AnswerValue],
    bank: Path | str = MINI_PATH,
    user: str | None = None,
) -> dict[str, Any]:
    """Take one whole attempt through ``take --answers --json``; return its result JSON."""
    path = tmp_path / f"answers-{next(_answer_files)}.json"
    path.write_text(json.dumps({"answers": dict(answers)}), encoding="utf-8")
    args = ["take", "--bank", str(bank), "--answers", str(path), "--json"]
    if user is not None:
        args += ["--user", user]
    document: dict[str, Any] = json.loads(ok(*args).stdout)
    return document


def take_three(tmp_path: Path) -> list[dict[str, Any]]:
    return [take(tmp_path, answers) for answers in (LOW, MID, HIGH)]


def pause_after_nothing(bank: Path | str = MINI_PATH, user: str = "tester") -> None:
    """Start an interactive attempt and pause at once: an unfinished attempt."""
    args = ("take", "--bank", str(bank), "--user", user)
    run = cli(*args, env={"LEADQUIZ_INTERACTIVE": "1"}, typed="q\n")
    assert run.code == 0, run.output
    assert "Paused" in run.output


def report_json(attempt: str | int, user: str | None = None) -> dict[str, Any]:
    args = ["report", str(attempt), "--json"] + (["--user", user] if user else [])
    document: dict[str, Any] = json.loads(ok(*args).stdout)
    return document


def history_json(user: str | None = None) -> dict[str, Any]:
    args = ["history", "--json"] + (["--user", user] if user else [])
    document: dict[str, Any] = json.loads(ok(*args).stdout)
    return document


def scores(document: Mapping[str, Any]) -> dict[str, float]:
    return {d["id"]: d["score"] for d in document["dimensions"]}


def signed(change: float) -> str:
    """A change as the views show it: ``+4.2``, ``−1.0`` (U+2212), ``0.0``."""
    if change > 0:
        return f"+{change:.1f}"
    if change < 0:
        return f"{MINUS}{-change:.1f}"
    return "0.0"


def variant(
    tmp_path: Path, name: str, *, replace: Sequence[tuple[str, str]] = (), text: str = MINI_TEXT
) -> Path:
    """A copy of mini.yaml with some text replaced (each replacement must apply)."""
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mini_b(tmp_path: Path) -> Path:
    """A bank ``minib``: shares ``goals`` with mini, has ``trust`` instead of ``risk``."""
    text = MINI_TEXT.replace("id: mini\n", "id: minib\n")
    text = text.replace("  - id: risk\n    title: Risk", "  - id: trust\n    title: Trust")
    text = text.replace("dimension: risk", "dimension: trust")
    return variant(tmp_path, "minib.yaml", text=text)


def db_rows(home: Path, sql: str, *params: object) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(home / "leadquiz.db")
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def flat(output: str) -> str:
    """The output with line breaks and runs of spaces made single spaces (wrapped sentences)."""
    return " ".join(output.split())


#: One timestamp for attempts made to finish within the same second.
NOON = "2026-01-05T12:00:00+00:00"


def db_write(home: Path, sql: str, *params: object) -> None:
    """Change stored rows directly (only to set up timings the clock cannot be asked for)."""
    connection = sqlite3.connect(home / "leadquiz.db")
    try:
        with connection:
            connection.execute(sql, params)
    finally:
        connection.close()


def history_lines(output: str) -> dict[int, str]:
    """The table rows of ``history``, by attempt id."""
    rows: dict[int, str] = {}
    for line in output.splitlines():
        match = re.match(r"\s*(\d+)\s{3}\d{4}-\d\d-\d\d", line)
        if match:
            rows[int(match.group(1))] = line
    return rows


def history_ids(output: str) -> list[int]:
    return list(history_lines(output))


def compare_row(output: str, title: str) -> list[str]:
    """The cells after the title (and its *few answers* mark) on a ``compare`` row."""
    for line in output.splitlines():
        if line.startswith(title + " "):
            cells = line[len(title) :].split()
            return cells[2:] if cells[:2] == ["(few", "answers)"] else cells
    raise AssertionError(f"no row {title!r} in:\n{output}")


def change_cell_end(row: str) -> str:
    """A history row without its verdict (``beyond noise``, ``within noise``), if it has one."""
    return re.sub(r"\s+(beyond|within) noise$", "", row.rstrip())


# --- history ------------------------------------------------------------------------


def test_empty_history_is_a_kind_sentence_and_exit_0() -> None:
    run = ok("history")
    assert "No attempts yet for tester" in run.stdout
    assert "leadquiz take" in run.stdout
    assert history_json() == {"schema": "leadquiz/history/1", "user": "tester", "attempts": []}


def test_history_lists_attempts_newest_first_with_changes_and_trend(tmp_path: Path) -> None:
    results = take_three(tmp_path)
    overall = [r["overall"]["score"] for r in results]
    ids = [int(r["attempt"]) for r in results]
    run = ok("history")
    out = run.stdout

    assert history_ids(out) == ids[::-1]
    # One bank for every row: named once in the title, so the table fits 80 columns.
    assert out.splitlines()[0].endswith("· 3 attempts · bank mini 0.1.0")
    rows = history_lines(out)
    for result, attempt_id in zip(results, ids, strict=True):
        row = rows[attempt_id]
        assert "mini 0.1.0" not in row
        assert f"{result['overall']['score']:.1f}" in row
        assert result["overall"]["band"] in row
    assert change_cell_end(rows[ids[0]]).endswith("—")  # the first attempt has no change
    assert change_cell_end(rows[ids[1]]).endswith(signed(round(overall[1] - overall[0], 1)))
    assert change_cell_end(rows[ids[2]]).endswith(signed(round(overall[2] - overall[1], 1)))

    trend = re.search(r"Trend \(mini, 3 attempts\): (\d+\.\d) (\S+) (\d+\.\d)", out)
    assert trend is not None, out
    assert float(trend.group(1)) == overall[0]
    assert float(trend.group(3)) == overall[-1]
    spark = trend.group(2)
    assert len(spark) == 3
    assert set(spark) <= set("▁▂▃▄▅▆▇█")
    assert spark[0] < spark[-1]  # LOW → HIGH climbs toward the leader pole


def test_history_json_parses_and_lists_every_attempt(tmp_path: Path) -> None:
    results = take_three(tmp_path)
    document = history_json()
    assert document["user"] == "tester"
    listed = document["attempts"]
    assert [a["attempt"] for a in listed] == [r["attempt"] for r in reversed(results)]
    for entry in listed:
        assert entry["status"] == "finished"
        assert entry["bank"] == {"id": "mini", "version": "0.1.0"}
        overall_of = report_json(str(entry["attempt"]))["overall"]
        assert entry["overall"] == {"score": overall_of["score"], "band": overall_of["band"]}
    changes = [a["change"] for a in reversed(listed)]
    overall = [r["overall"]["score"] for r in results]
    assert changes == [
        None,
        round(overall[1] - overall[0], 1),
        round(overall[2] - overall[1], 1),
    ]


def test_history_marks_unfinished_attempts_and_trends_only_finished_ones(tmp_path: Path) -> None:
    take(tmp_path, LOW)
    pause_after_nothing()
    out = ok("history").stdout
    assert len(history_ids(out)) == 2
    assert "in progress" in history_lines(out)[2]
    assert "leadquiz take --resume" in out
    assert "Trend" not in out  # one finished attempt: no trend yet
    statuses = [a["status"] for a in history_json()["attempts"]]
    assert statuses == ["in_progress", "finished"]

    take(tmp_path, HIGH)
    out = ok("history").stdout
    assert "Trend (mini, 2 attempts)" in out
    # The change skips the unfinished attempt: HIGH is measured from LOW.
    low, high = (report_json(i)["overall"]["score"] for i in (1, 3))
    assert change_cell_end(history_lines(out)[3]).endswith(signed(round(high - low, 1)))


def test_history_of_another_user_shows_only_theirs(tmp_path: Path) -> None:
    take(tmp_path, LOW)
    take(tmp_path, HIGH, user="sam")
    out = ok("history", "--user", "sam").stdout
    assert "History of sam · 1 attempt" in out
    assert history_ids(out) == [2]
    assert [a["attempt"] for a in history_json("sam")["attempts"]] == [2]
    assert "No attempts yet for nobody" in ok("history", "--user", "nobody").stdout


def test_history_changes_follow_each_bank_separately(tmp_path: Path) -> None:
    first = take(tmp_path, LOW)
    take(tmp_path, MID, bank=mini_b(tmp_path))
    third = take(tmp_path, HIGH)
    rows = history_lines(ok("history").stdout)
    assert change_cell_end(rows[2]).endswith("—")  # the first attempt of minib
    change = round(third["overall"]["score"] - first["overall"]["score"], 1)
    assert change_cell_end(rows[3]).endswith(signed(change))  # measured from mini's attempt 1


# --- compare -------------------------------------------------------------------------


def assert_compare_numbers(out: str, a: Mapping[str, Any], b: Mapping[str, Any]) -> None:
    """Each dimension row shows A, B and an arrowed ``b - a`` matching the reports."""
    titles = {d["id"]: d["title"] for d in a["dimensions"]}
    score_a, score_b = scores(a), scores(b)
    for dim_id, title in titles.items():
        cells = compare_row(out, title)
        change = round(score_b[dim_id] - score_a[dim_id], 1)
        arrow = "▲" if change > 0 else "▼" if change < 0 else "="
        assert cells[:4] == [
            f"{score_a[dim_id]:.1f}",
            f"{score_b[dim_id]:.1f}",
            arrow,
            signed(change),
        ], (title, cells)


def test_compare_defaults_to_the_two_latest_finished(tmp_path: Path) -> None:
    take_three(tmp_path)
    pause_after_nothing()  # unfinished: not one of the two latest finished
    out = ok("compare").stdout
    assert re.search(r"^A\s+attempt 2 · mini 0\.1\.0", out, re.MULTILINE), out
    assert re.search(r"^B\s+attempt 3 · mini 0\.1\.0", out, re.MULTILINE), out
    assert_compare_numbers(out, report_json(2), report_json(3))
    overall = compare_row(out, "Overall")
    change = round(report_json(3)["overall"]["score"] - report_json(2)["overall"]["score"], 1)
    assert overall[1] == f"{report_json(3)['overall']['score']:.1f}"
    assert overall[3] == signed(change)


def test_compare_explicit_ids_and_the_largest_moves(tmp_path: Path) -> None:
    take_three(tmp_path)
    a, b = report_json(1), report_json(3)
    out = ok("compare", "1", "3").stdout
    assert re.search(r"^A\s+attempt 1 ", out, re.MULTILINE)
    assert re.search(r"^B\s+attempt 3 ", out, re.MULTILINE)
    assert_compare_numbers(out, a, b)
    moves = sorted(
        a["dimensions"],
        key=lambda d: -abs(scores(b)[d["id"]] - d["score"]),
    )
    biggest = moves[0]
    size = abs(round(scores(b)[biggest["id"]] - biggest["score"], 1))
    assert f"{biggest['title']} moved {size:.1f} toward the leader pole" in flat(out)
    assert "The largest move" in flat(out)

    # One id: compared with the latest.
    assert_compare_numbers(ok("compare", "2").stdout, report_json(2), b)
    # Reversed order: the changes flip sign.
    assert_compare_numbers(ok("compare", "3", "1").stdout, b, a)


def test_compare_needs_two_finished_attempts(tmp_path: Path) -> None:
    run = usage_error("compare")
    assert "no finished attempt" in run.stderr
    take(tmp_path, LOW)
    pause_after_nothing()
    run = usage_error("compare")
    assert "one finished attempt" in run.stderr
    assert "leadquiz take" in run.stderr  # the hint


@pytest.mark.parametrize(
    "args",
    [("1", "99"), ("99",), ("abc",), ("1", "0"), ("2",), ("3",), ("1", ""), ("", "4")],
    ids=[
        "unknown-second",
        "unknown-first",
        "not-a-number",
        "zero",
        "unfinished",
        "other-user",
        "empty-second",
        "empty-first",
    ],
)
def test_compare_refuses_an_attempt_it_cannot_use(tmp_path: Path, args: tuple[str, ...]) -> None:
    take(tmp_path, LOW)
    pause_after_nothing()  # attempt 2, unfinished
    take(tmp_path, HIGH, user="sam")  # attempt 3, not tester's
    take(tmp_path, MID)  # attempt 4
    run = cli("compare", *args)
    assert run.code == 2, run.output
    assert run.stdout == ""
    assert "Error:" in run.stderr
    assert len(run.stderr.strip().splitlines()) <= 2


def test_compare_refuses_an_attempt_with_itself(tmp_path: Path) -> None:
    take(tmp_path, LOW)
    take(tmp_path, HIGH)
    assert "attempt 2" in usage_error("compare", "2").stderr
    usage_error("compare", "1", "1")


def test_compare_different_banks_uses_shared_dimensions(tmp_path: Path) -> None:
    a = take(tmp_path, LOW)
    b = take(tmp_path, HIGH, bank=mini_b(tmp_path))
    out = ok("compare", "1", "2").stdout
    assert "A used mini, B used minib" in flat(out)
    assert "compared on the 1 area" in flat(out)
    assert "only in A: Risk" in flat(out)
    assert "only in B: Trust" in flat(out)
    cells = compare_row(out, "Goals")
    assert cells[:2] == [f"{scores(a)['goals']:.1f}", f"{scores(b)['goals']:.1f}"]
    # Neither left-out dimension has a row; the overall is the shared dimension's mean.
    assert not any(line.startswith(("Risk ", "Trust ")) for line in out.splitlines())
    overall = compare_row(out, "Overall (shared areas)")
    assert overall[:2] == cells[:2]


def test_compare_core_with_quick_leaves_out_the_core_only_dimension(tmp_path: Path) -> None:
    def neutral(bank: Bank) -> dict[str, AnswerValue]:
        return {q.id: 4 if q.type == "likert" else q.options[0].key for q in bank.questions}

    core, quick = resolve_bank("core"), resolve_bank("quick")
    left_out = [d for d in core.dimensions if quick.dimension(d.id) is None]
    assert left_out, "quick is expected to leave out at least one core dimension"
    take(tmp_path, neutral(core), bank="core")
    take(tmp_path, neutral(quick), bank="quick")
    out = ok("compare", "1", "2").stdout
    assert "A used core, B used quick" in flat(out)
    assert "only in A: " + ", ".join(d.title for d in left_out) in flat(out)
    shared = len(core.dimensions) - len(left_out)
    assert f"compared on the {shared} areas they share" in flat(out)


def test_changed_bank_versions_are_flagged_and_old_attempts_survive_the_file(
    tmp_path: Path,
) -> None:
    bank = variant(tmp_path, "team.yaml")
    first = take(tmp_path, LOW, bank=bank)
    variant(
        tmp_path,
        "team.yaml",
        replace=[
            ('version: "0.1.0"', 'version: "0.2.0"'),
            ("I talk about where we could be in five years.", "I describe our future often."),
        ],
    )
    take(tmp_path, HIGH, bank=bank)

    history = ok("history").stdout
    assert "mini 0.2.0 †" in history_lines(history)[2]
    assert "bank changed since attempt 1: mini 0.1.0 → 0.2.0" in flat(history)
    out = ok("compare").stdout
    assert (
        "The questions changed between the two attempts (mini 0.1.0 → 0.2.0) in Goals: a "
        "change there may reflect the new questions, not a change in you." in flat(out)
    )

    # Same version number, edited text: also said.
    variant(
        tmp_path,
        "team.yaml",
        replace=[
            ('version: "0.1.0"', 'version: "0.2.0"'),
            ("I keep goals measurable and due this quarter.", "I keep goals measurable."),
        ],
    )
    take(tmp_path, MID, bank=bank)
    assert "edited without a new version number" in flat(ok("compare").stdout)
    assert "edited without a new version number" in flat(ok("history").stdout)

    # The bank file goes away: the first attempt still reports and exports from its snapshot.
    bank.unlink()
    assert report_json(1) == first
    assert "A small test bank" in ok("report", "1").stdout
    md = ok("export", "1").stdout
    assert "# A small test bank — tester" in md
    exported = json.loads(ok("export", "1", "--format", "json").stdout)
    assert exported["bank"]["version"] == "0.1.0"
    assert exported["overall"] == first["overall"]
    assert len(list(csv.reader(io.StringIO(ok("export", "1", "-f", "csv").stdout)))) == 4


# --- users ----------------------------------------------------------------------------


def test_users_when_nobody_has_data() -> None:
    run = ok("users")
    assert "No one has taken the quiz here yet" in run.stdout


def test_users_lists_counts_and_latest_day(tmp_path: Path) -> None:
    take(tmp_path, LOW)
    take(tmp_path, MID)
    pause_after_nothing()
    take(tmp_path, HIGH, user="sam")
    out = ok("users").stdout
    day = history_json()["attempts"][0]["started_at"][:10]
    assert re.search(rf"^sam\s+1\s+{day}$", out, re.MULTILINE), out
    assert re.search(rf"^tester\s+3\s+{day}$", out, re.MULTILINE), out
    assert out.index("sam") < out.index("tester")


# --- forget ----------------------------------------------------------------------------


def counts(home: Path, user: str) -> tuple[int, int]:
    """(attempts, answers) of ``user`` in the database."""
    (attempts,) = db_rows(home, "SELECT count(*) FROM attempts WHERE user = ?", user)
    (answers,) = db_rows(
        home,
        "SELECT count(*) FROM answers WHERE attempt_id IN (SELECT id FROM attempts WHERE user = ?)",
        user,
    )
    return attempts[0], answers[0]


def test_forget_without_yes_outside_a_terminal_asks_for_yes(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    take(tmp_path, LOW, user="sam")
    run = usage_error("forget", "--user", "sam")
    assert "--yes" in run.stderr
    assert "1 attempt of 'sam'" in run.stderr
    assert counts(leadquiz_home, "sam") == (1, 5)


def test_forget_yes_deletes_one_user_and_nothing_else(tmp_path: Path, leadquiz_home: Path) -> None:
    take(tmp_path, LOW)
    take(tmp_path, MID, user="sam")
    take(tmp_path, HIGH, user="sam", bank=mini_b(tmp_path))
    pause_after_nothing(user="sam")
    sam_ids = [row[0] for row in db_rows(leadquiz_home, "SELECT id FROM attempts WHERE user='sam'")]
    assert len(sam_ids) == 3
    before_tester = counts(leadquiz_home, "tester")
    everyone = "SELECT * FROM answers ORDER BY attempt_id, question_id"
    tester_answers = db_rows(leadquiz_home, everyone)[:5]
    assert len(tester_answers) == 5

    run = ok("forget", "--user", "sam", "--yes")
    assert run.stdout == ""
    assert "Deleted 3 attempts and 10 answers of 'sam'." in run.stderr

    assert db_rows(leadquiz_home, "SELECT * FROM attempts WHERE user = 'sam'") == []
    marks = ",".join("?" * len(sam_ids))
    assert (
        db_rows(leadquiz_home, f"SELECT * FROM answers WHERE attempt_id IN ({marks})", *sam_ids)
        == []
    )
    # minib was used by sam only: its snapshot went too; mini's stays for tester.
    assert db_rows(leadquiz_home, "SELECT bank_id FROM banks") == [("mini",)]
    assert counts(leadquiz_home, "tester") == before_tester
    assert db_rows(leadquiz_home, everyone) == tester_answers
    assert report_json(1)["overall"]["score"] is not None
    assert "No attempts yet for sam" in ok("history", "--user", "sam").stdout
    assert "sam" not in ok("users").stdout


def test_forget_a_user_without_data_says_so(tmp_path: Path, leadquiz_home: Path) -> None:
    take(tmp_path, LOW)
    for extra in ((), ("--yes",)):
        run = invoke_clean(["forget", "--user", "nobody", *extra])
        assert run.code == 2, run.output  # as forget --attempt 99 (issue 26)
        assert "no saved data for 'nobody'; nothing was deleted" in run.stderr
    assert counts(leadquiz_home, "tester") == (1, 5)


@pytest.mark.parametrize(
    "name",
    ["../x", "a/b", "a\x1b[2Jb", "a\nb", "[bold]x", "", "   ", "x" * 65, "..", "-x"],
    ids=["dotdot", "slash", "escape", "newline", "markup", "empty", "spaces", "65", "dots", "dash"],
)
def test_forget_refuses_invalid_names(tmp_path: Path, leadquiz_home: Path, name: str) -> None:
    take(tmp_path, LOW)
    run = usage_error("forget", "--user", name, "--yes")
    assert "cannot be used" in run.stderr
    assert "\x1b" not in run.stderr
    assert counts(leadquiz_home, "tester") == (1, 5)


def test_a_name_of_64_characters_is_fine(tmp_path: Path) -> None:
    name = "x" * 64
    take(tmp_path, LOW, user=name)
    assert "Deleted 1 attempt and 5 answers" in ok("forget", "--user", name, "--yes").stderr


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_forget_in_a_terminal_asks_first(tmp_path: Path, leadquiz_home: Path) -> None:
    import pexpect  # type: ignore[import-untyped, unused-ignore]

    take(tmp_path, LOW, user="sam")
    take(tmp_path, MID, user="sam")
    env = {k: v for k, v in os.environ.items() if k not in {"COLUMNS", "NO_COLOR"}}
    env.update(LEADQUIZ_HOME=str(leadquiz_home), TERM="dumb")

    def forget(reply: str) -> str:
        child = pexpect.spawn(
            sys.executable,
            ["-m", "leadquiz", "forget", "--user", "sam"],
            env=env,
            dimensions=(24, 100),
            encoding="utf-8",
            timeout=20,
        )
        try:
            child.expect_exact("[y/N]")
            prompt = str(child.before) + str(child.after)
            child.sendline(reply)
            child.expect(pexpect.EOF)
            rest = str(child.before)
        finally:
            child.close(force=True)
        assert child.exitstatus == 0
        assert "Traceback" not in prompt + rest
        assert "Delete all 2 attempts of 'sam'? This cannot be undone. [y/N]" in prompt
        return rest

    assert "Nothing was deleted." in forget("n")
    assert counts(leadquiz_home, "sam") == (2, 10)
    assert "Deleted 2 attempts and 10 answers of 'sam'." in forget("y")
    assert counts(leadquiz_home, "sam") == (0, 0)


# --- export: Markdown ---------------------------------------------------------------------


def markdown_tokens(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def flatten(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from flatten(token.children)


def tables(tokens: Sequence[Token]) -> list[list[list[str]]]:
    """Each table as rows of cell texts (header row first)."""
    found: list[list[list[str]]] = []
    inside = False
    for token in tokens:
        if token.type == "table_open":
            found.append([])
            inside = True
        elif token.type == "table_close":
            inside = False
        elif inside and token.type == "tr_open":
            found[-1].append([])
        elif inside and token.type == "inline":
            found[-1][-1].append(text_of(token))
    return found


def text_of(inline: Token) -> str:
    """What a reader sees of an inline token (escapes resolved)."""
    return "".join(
        child.content for child in inline.children or [] if child.type in ("text", "code_inline")
    )


def headed_table(tokens: Sequence[Token], first_header: str) -> list[list[str]] | None:
    for table in tables(tokens):
        if table[0][0] == first_header:
            return table
    return None


def test_export_markdown_is_the_default_and_valid_commonmark(tmp_path: Path) -> None:
    result = take(tmp_path, LOW)
    text = ok("export").stdout
    assert text == ok("export", "1", "--format", "md").stdout
    tokens = markdown_tokens(text)
    assert next(t.content for t in tokens if t.type == "inline") == "A small test bank — tester"
    table = headed_table(tokens, "Area")
    assert table is not None, text
    assert table[0] == [
        "Area",
        "Manager pole",
        "Position",
        "Leader pole",
        "Score",
        "90% interval",
        "Band",
        "Strength (manager / leader)",
    ]
    body = table[1:]
    assert len(body) == len(result["dimensions"])
    assert all(len(row) == 8 for row in body)
    by_title = {row[0].removesuffix(" (few answers)"): row for row in body}
    for dimension in result["dimensions"]:
        row = by_title[dimension["title"]]
        low, high = dimension["interval"]
        assert row[4].startswith(f"{dimension['score']:.1f} ± ")
        assert row[5] == f"{low:.1f}–{high:.1f}"
        assert row[6] == dimension["band"]
        manager, leader = (
            Decimal(str(dimension[f"{pole}_strength"])).quantize(Decimal(1), ROUND_HALF_UP)
            for pole in ("manager", "leader")
        )
        assert row[7] == f"{manager} / {leader}"
    assert by_title["Goals"][1:4:2] == ["Targets and KPIs", "Vision"]
    assert headed_table(tokens, "Date") is None  # no earlier attempt, no change table
    assert "Change over time" not in text


def test_export_markdown_change_table_lists_earlier_attempts_of_the_same_bank(
    tmp_path: Path, leadquiz_home: Path
) -> None:
    results = take_three(tmp_path)
    take(tmp_path, LOW, bank=mini_b(tmp_path))  # another bank: not in mini's history
    # Quick reruns finish within one second: make that certain, as it is the hard case.
    db_write(leadquiz_home, "UPDATE attempts SET started_at = ?, finished_at = ?", *[NOON] * 2)
    overall = [r["overall"]["score"] for r in results]

    table = headed_table(markdown_tokens(ok("export", "3").stdout), "Date")
    assert table is not None
    assert table[0] == [
        "Date",
        "Attempt",
        "Overall score",
        "Band",
        "Change since previous",
        "Verdict",
    ]
    body = table[1:]
    assert [row[1] for row in body] == ["1", "2", "3"]
    assert [float(row[2]) for row in body] == overall
    assert body[0][4] == "—"
    assert body[2][4] == f"{round(overall[2] - overall[1], 1):+.1f}"

    # An attempt shows only the attempts before it, even when taken within the same second.
    table = headed_table(markdown_tokens(ok("export", "2").stdout), "Date")
    assert table is not None
    assert [row[1] for row in table[1:]] == ["1", "2"]
    for attempt in ("1", "4"):
        text = ok("export", attempt).stdout
        assert headed_table(markdown_tokens(text), "Date") is None
        assert "Change over time" not in text


def test_a_long_history_lists_only_the_newest_earlier_attempts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(records, "EARLIER_SHOWN", 2)
    results = [take(tmp_path, answers) for answers in (LOW, MID, HIGH, LOW, MID, HIGH)]
    overall = [r["overall"]["score"] for r in results]
    take(tmp_path, LOW, bank=mini_b(tmp_path))  # another bank: not counted

    text = ok("export", "6").stdout
    table = headed_table(markdown_tokens(text), "Date")
    assert table is not None
    body = table[1:]
    assert [row[1] for row in body] == ["4", "5", "6"]
    # The oldest row listed still has its change, from the attempt before it.
    changes = [signed(round(overall[i] - overall[i - 1], 1)) for i in (3, 4, 5)]
    assert [row[4] for row in body] == changes
    assert "3 older attempts of this bank not listed; `leadquiz history --all` has them all." in (
        text
    )
    report = flat(ok("report", "6").stdout)
    assert "Previous attempt 5 (" in report
    # One more than EARLIER_SHOWN is listed rather than left out on its own.
    fourth = ok("export", "4").stdout
    assert "older attempt" not in fourth
    listed = headed_table(markdown_tokens(fourth), "Date")
    assert listed is not None
    assert [row[1] for row in listed[1:]] == ["1", "2", "3", "4"]
    assert "2 older attempts of this bank not listed" in ok("export", "5").stdout
    assert "older attempt" not in ok("export", "7").stdout  # the only one of its bank


HOSTILE = "A|B <script>x</script> `code|x` [l](http://evil) *em* &amp;"


def test_export_markdown_keeps_hostile_bank_text_literal(tmp_path: Path) -> None:
    quoted = HOSTILE.replace("'", "''")
    bank = variant(
        tmp_path,
        "hostile.yaml",
        replace=[
            ("title: A small test bank", f"title: '{quoted}'"),
            ("    title: Goals", f"    title: 'Goals {quoted}'"),
            ("manager_pole: Targets and KPIs", f"manager_pole: '{quoted}'"),
            ("leader_pole: Vision", f"leader_pole: '<img src=x onerror=y> | {quoted}'"),
            (
                "toward_leader: [Write down where the team should be in three years.]",
                f"toward_leader: ['{quoted}']",
            ),
            ("author: A. Writer", f"author: '{quoted}'"),
        ],
    )
    take(tmp_path, LOW, bank=bank, user="_x_")
    text = ok("export", "--user", "_x_").stdout
    tokens = markdown_tokens(text)
    kinds = {t.type for t in flatten(tokens)}
    # The only raw HTML is leadquiz's own empty split (<span>:</span>), never the text's.
    assert {t.content for t in flatten(tokens) if t.type == "html_inline"} <= {"<span>", "</span>"}
    assert not kinds & {
        "html_block",
        "link_open",
        "code_inline",
        "code_block",
        "em_open",
        "strong_open",
    }, kinds
    assert text_of(next(t for t in tokens if t.type == "inline")) == f"{HOSTILE} — _x_"
    table = headed_table(tokens, "Area")
    assert table is not None
    assert all(len(row) == 8 for row in table)
    goals = next(row for row in table if row[0].startswith("Goals"))
    assert goals[0].removesuffix(" (few answers)") == f"Goals {HOSTILE}"
    assert goals[1] == HOSTILE
    assert goals[3] == f"<img src=x onerror=y> | {HOSTILE}"
    seen = [text_of(t) for t in flatten(tokens) if t.type == "inline"]
    assert HOSTILE in seen  # the tip, as one literal list item
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html
    assert "<img" not in html
    assert "href" not in html


# --- export: JSON and CSV --------------------------------------------------------------------


def test_export_json_is_the_result_with_the_raw_answers(tmp_path: Path) -> None:
    result = take(tmp_path, MID)
    take(tmp_path, HIGH)
    document = json.loads(ok("export", "1", "--format", "json").stdout)
    for key in ("attempt", "user", "finished_at", "overall", "dimensions"):
        assert document[key] == result[key]
    assert document["bank"]["id"] == "mini"
    assert document["bank"]["version"] == "0.1.0"
    assert {a["question"]: a["value"] for a in document["answers"]} == MID
    assert len(document["answers"]) == len(MID)
    assert not any(a["skipped"] for a in document["answers"])


def read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_export_csv_has_one_row_per_dimension(tmp_path: Path) -> None:
    result = take(tmp_path, LOW)
    run = ok("export", "--format", "csv")
    text = run.stdout
    assert run.raw.endswith(b"\r\n")
    *rows, overall = read_csv(text)
    assert [row["dimension"] for row in rows] == [d["id"] for d in result["dimensions"]]
    assert overall["dimension"] == "overall"
    assert float(overall["score"]) == result["overall"]["score"]
    assert overall["band"] == result["overall"]["band"]
    assert int(overall["attempt"]) == result["attempt"]
    assert overall["finished_at"] == result["finished_at"]
    for row, dimension in zip(rows, result["dimensions"], strict=True):
        assert row["attempt"] == "1"
        assert row["user"] == "tester"
        assert row["bank"] == "mini"
        assert float(row["score"]) == dimension["score"]
        assert row["band"] == dimension["band"]


def test_export_csv_all_has_every_finished_attempt(tmp_path: Path) -> None:
    results = take_three(tmp_path)
    pause_after_nothing()
    take(tmp_path, HIGH, user="sam")
    rows = read_csv(ok("export", "--all", "--format", "csv").stdout)
    assert len(rows) == len(results) * 3
    assert [row["attempt"] for row in rows] == ["1"] * 3 + ["2"] * 3 + ["3"] * 3
    for result in results:
        mine = [r for r in rows if int(r["attempt"]) == result["attempt"]]
        overall = mine.pop()
        assert {r["dimension"]: float(r["score"]) for r in mine} == scores(result)
        assert (overall["dimension"], float(overall["score"])) == (
            "overall",
            result["overall"]["score"],
        )


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_export_all_needs_csv_or_json(tmp_path: Path, fmt: str) -> None:
    take(tmp_path, LOW)
    assert "--format csv or json" in usage_error("export", "--all", "--format", fmt).stderr
    if fmt == "md":
        usage_error("export", "--all")


def test_export_refuses_bad_requests(tmp_path: Path) -> None:
    assert "no finished attempt" in usage_error("export").stderr
    usage_error("export", "--all", "-f", "csv")
    take(tmp_path, LOW)
    pause_after_nothing()
    assert "pdf" in usage_error("export", "--format", "pdf").stderr
    assert "no attempt 9" in usage_error("export", "9").stderr
    assert "not finished" in usage_error("export", "2").stderr
    usage_error("export", "--all", "1", "-f", "csv")


# --- export: files ---------------------------------------------------------------------------


def leftovers(folder: Path, keep: str) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != keep)


def test_export_to_a_file_is_private_and_never_clobbers(tmp_path: Path) -> None:
    take(tmp_path, LOW)
    take(tmp_path, HIGH)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "report.md"

    run = ok("export", "1", "-o", str(target))
    assert run.stdout == ""
    assert str(target) in run.stderr
    assert target.read_text(encoding="utf-8") == ok("export", "1").stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600

    target.write_text("original", encoding="utf-8")
    target.chmod(0o644)
    run = usage_error("export", "2", "-o", str(target))
    assert "already exists" in run.stderr
    assert "--force" in run.stderr
    assert target.read_text(encoding="utf-8") == "original"

    run = ok("export", "2", "-o", str(target), "--force")
    assert target.read_text(encoding="utf-8") == ok("export", "2").stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert leftovers(out_dir, "report.md") == []


def test_export_csv_for_excel_has_a_bom_and_inert_formulas(tmp_path: Path) -> None:
    take(tmp_path, LOW, user="@Zoë")
    target = tmp_path / "excel.csv"
    ok("export", "-f", "csv", "--excel", "--user", "@Zoë", "-o", str(target))
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:] == ok("export", "-f", "csv", "--user", "@Zoë").raw
    rows = read_csv(data.decode("utf-8-sig"))
    # Names are stored in one form (case-folded): "@Zoë" is the user "@zoë".
    assert {row["user"] for row in rows} == {"'@zoë"}
    assert cli("export", "-f", "md", "--excel").code == 2


def test_export_csv_to_a_file_keeps_its_line_ends(tmp_path: Path) -> None:
    take(tmp_path, LOW)
    target = tmp_path / "r.csv"
    ok("export", "-f", "csv", "--output", str(target))
    assert target.read_bytes() == ok("export", "-f", "csv").raw
    assert target.read_bytes().count(b"\r\n") == 4  # header, 2 areas, overall


def test_export_to_a_missing_folder_or_a_directory_fails_cleanly(tmp_path: Path) -> None:
    take(tmp_path, LOW)
    assert "does not exist" in usage_error("export", "-o", str(tmp_path / "no" / "r.md")).stderr
    assert not (tmp_path / "no").exists()
    folder = tmp_path / "folder"
    folder.mkdir()
    assert "is a directory" in usage_error("export", "-o", str(folder)).stderr
    assert "is a directory" in usage_error("export", "-o", str(folder), "--force").stderr
    assert list(folder.iterdir()) == []


def test_every_export_format_has_an_exporter_and_produces_output(tmp_path: Path) -> None:
    take(tmp_path, LOW)
    help_text = ok("export", "--help").stdout
    for fmt in EXPORTERS:
        assert f"{fmt} (" in help_text, fmt
        run = ok("export", "--format", fmt)
        assert run.stdout.strip(), fmt
        assert "tester" in run.stdout
        target = tmp_path / f"export.{fmt}"
        ok("export", "--format", fmt, "-o", str(target))
        assert target.read_bytes() == run.raw
