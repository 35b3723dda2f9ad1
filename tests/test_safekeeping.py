"""``paths``, ``backup`` and ``restore`` through the CLI: sizes, consistent copies, refusals."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli_runs import invoke
from leadquiz.banks.loader import resolve_bank
from leadquiz.store.database import Store

WRITERS = 10
ATTEMPTS_EACH = 4

#: A writer: finishes attempts of its own user, each with every core question answered.
WRITER = """
import sys
from pathlib import Path

import pytest
from leadquiz.app.taking import finish, start
from leadquiz.banks.loader import resolve_bank
from leadquiz.store.database import Store

home, user, count = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
bank = resolve_bank("core")
answers = {q.id: 3 if q.type == "likert" else q.options[0].key for q in bank.questions}
for _ in range(count):
    with Store.open(home, timeout=60) as store:
        session = start(store, user, bank, 1)
        for key, value in answers.items():
            store.save_answers(session.attempt.id, {key: value}, "2026-01-01T00:00:00+00:00")
        finish(store, session)
"""


def take_once(user: str = "tester") -> None:
    bank = resolve_bank("core")
    lines = [f"  {q.id}: {3 if q.type == 'likert' else q.options[0].key}" for q in bank.questions]
    run = invoke(
        ["take", "--user", user, "--answers", "-", "--json"],
        stdin="answers:\n" + "\n".join(lines) + "\n",
    )
    assert run.code == 0, run.output


def complete_attempts(path: Path) -> tuple[int, int]:
    """(finished attempts, finished attempts missing an answer) in the database ``path``."""
    questions = len(resolve_bank("core").questions)
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        counts = conn.execute(
            "SELECT count(a.question_id) FROM attempts t LEFT JOIN answers a ON a.attempt_id = t.id"
            " WHERE t.status = 'finished' GROUP BY t.id"
        ).fetchall()
    finally:
        conn.close()
    return len(counts), sum(1 for (count,) in counts if count != questions)


def test_paths_lists_database_and_cache_with_sizes(leadquiz_home: Path) -> None:
    before = json.loads(invoke(["paths", "--json"]).stdout)
    assert before["schema"] == "leadquiz/paths/1"
    assert before["home"] == str(leadquiz_home)
    assert [p["exists"] for p in before["places"]] == [False, False]
    assert not leadquiz_home.exists()  # looking creates nothing
    take_once()
    after = json.loads(invoke(["paths", "--json"]).stdout)
    database = after["places"][0]
    assert database["kind"] == "database"
    assert database["bytes"] == (leadquiz_home / "leadquiz.db").stat().st_size > 0
    shown = invoke(["paths"])
    assert shown.code == 0
    assert "leadquiz.db" in shown.stdout
    assert "LEADQUIZ_HOME" in shown.stdout


def test_backup_during_parallel_writers_then_restore_loses_nothing(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    take_once()  # the history exists before the writers start
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(leadquiz_home), f"writer{n}", str(ATTEMPTS_EACH)]
        )
        for n in range(WRITERS)
    ]
    copies: list[Path] = []
    try:
        while any(writer.poll() is None for writer in writers) or not copies:
            copy = tmp_path / f"copy{len(copies)}.db"
            run = invoke(["backup", str(copy)])
            assert run.code == 0, run.output
            copies.append(copy)
            time.sleep(0.2)
    finally:
        codes = [writer.wait(timeout=120) for writer in writers]
    assert codes == [0] * WRITERS
    for copy in copies:
        assert copy.stat().st_mode & 0o777 == 0o600
        _finished, incomplete = complete_attempts(copy)
        assert incomplete == 0  # every copy is consistent: no half-written attempt
    final = tmp_path / "final.db"
    assert invoke(["backup", str(final)]).code == 0
    total = 1 + WRITERS * ATTEMPTS_EACH
    assert complete_attempts(final) == (total, 0)

    # Restore an early copy: the full history is set aside, not lost.
    restored = invoke(["restore", str(copies[0])])
    assert restored.code == 0, restored.output
    [aside] = leadquiz_home.glob("leadquiz.db.set-aside-*")
    assert complete_attempts(aside) == (total, 0)
    # Then the final copy: everything is back, and leadquiz reads it.
    assert invoke(["restore", str(final)]).code == 0
    with Store.open(leadquiz_home) as store:
        users = {name: count for name, count, _latest in store.users()}
    assert sum(users.values()) == total
    assert users["writer3"] == ATTEMPTS_EACH
    assert invoke(["report", "--user", "writer3"]).code == 0


def test_restore_refuses_foreign_damaged_and_newer_files(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    take_once()
    database = leadquiz_home / "leadquiz.db"
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    text = tmp_path / "notes.txt"
    text.write_text("hello\n" * 200)
    newer = tmp_path / "newer.db"
    assert invoke(["backup", str(newer)]).code == 0
    conn = sqlite3.connect(newer)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    for bad, words in (
        (foreign, "not a leadquiz history"),
        (text, "not a leadquiz history"),
        (newer, "newer leadquiz"),
    ):
        run = invoke(["restore", str(bad)])
        assert run.code == 2, run.output
        assert words in run.stderr
        assert "Traceback" not in run.output
    assert complete_attempts(database) == (1, 0)
    assert not list(leadquiz_home.glob("leadquiz.db.set-aside-*"))
    assert not list(leadquiz_home.glob(".leadquiz.db.restoring-*"))


def test_backup_refuses_to_replace_a_file_without_force(tmp_path: Path) -> None:
    take_once()
    target = tmp_path / "copy.db"
    target.write_text("mine")
    run = invoke(["backup", str(target)])
    assert run.code == 2
    assert target.read_text() == "mine"
    assert invoke(["backup", str(target), "--force"]).code == 0
    assert complete_attempts(target) == (1, 0)


def test_backup_without_history_says_so(leadquiz_home: Path, tmp_path: Path) -> None:
    run = invoke(["backup", str(tmp_path / "copy.db")])
    assert run.code == 2
    assert "no history" in run.stderr
    assert not (tmp_path / "copy.db").exists()


def test_backup_and_restore_take_relative_paths(
    leadquiz_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    take_once()
    work = tmp_path / "work"
    (work / "copies").mkdir(parents=True)
    monkeypatch.chdir(work)
    saved = invoke(["backup", "copies/first.db"])
    assert saved.code == 0, saved.output
    assert complete_attempts(work / "copies" / "first.db") == (1, 0)
    take_once()  # a second attempt, which restoring the first copy sets aside
    assert invoke(["backup", "second.db"]).code == 0
    assert complete_attempts(work / "second.db") == (2, 0)
    restored = invoke(["restore", "copies/first.db"])
    assert restored.code == 0, restored.output
    assert complete_attempts(leadquiz_home / "leadquiz.db") == (1, 0)
    [aside] = leadquiz_home.glob("leadquiz.db.set-aside-*")
    assert complete_attempts(aside) == (2, 0)
