"""Sturdiness, round two, files: forget reaches every copy, foreign files stay untouched,
nothing is created through a link, temporary files go whatever stops the process.

Through the real CLI (``CliRunner`` in-process, ``python -m leadquiz`` where a
real process and its signals matter), with real symbolic links, a real
directory owned by another user (as root) and real signals.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cli_runs import Run, invoke_clean
from leadquiz.banks.loader import load_bank
from leadquiz.store.database import DB_NAME, Store
from leadquiz.store.migrations import MIGRATIONS

DATA = Path(__file__).parent / "data"
MINI_PATH = DATA / "mini.yaml"
MINI = load_bank(MINI_PATH)
GOOD = (
    "answers:\n  goals-kpi: 2\n  goals-dream: 4\n  goals-plan: a\n  risk-safe: 1\n  risk-bet: b\n"
)
GONE = "gone-user-7f3a"


def cli(*args: str) -> Run:
    return invoke_clean(list(args))


def answers_file(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(GOOD, encoding="utf-8")
    return path


def take_as(user: str, tmp_path: Path) -> None:
    run = cli("take", "-b", str(MINI_PATH), "--answers", str(answers_file(tmp_path)), "-u", user)
    assert run.code == 0, run.output


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- 4. forget reaches every file leadquiz keeps --------------------------------------------


def old_history_with(home: Path, users: list[str]) -> None:
    """A history at schema 3 with an attempt per user (answered), as an older leadquiz left it."""
    with Store.open(home, migrations=MIGRATIONS[:3]) as store:
        for user in users:
            attempt = store.begin_attempt(user, MINI, [q.id for q in MINI.questions], 1, "2026")
            store.save_answers(attempt.id, {"goals-kpi": 2}, "2026")


def test_forget_rewrites_the_upgrade_copy_and_names_every_file(
    leadquiz_home: Path,
) -> None:
    old_history_with(leadquiz_home, [GONE, "kept"])
    assert cli("history", "-u", "kept").code == 0  # upgrades, saving the copy
    copy = leadquiz_home / f"{DB_NAME}.bak-v3"
    assert GONE.encode() in copy.read_bytes()
    leftover = leadquiz_home / f"{DB_NAME}.bak-v4.partial-999"
    leftover.write_bytes(b"half a copy of " + GONE.encode())
    damaged = leadquiz_home / f"{DB_NAME}.bak-v1"
    damaged.write_bytes(b"not a database, but it names " + GONE.encode())

    run = cli("forget", "--user", GONE, "--yes")
    assert run.code == 0, run.output
    assert f"Rewritten without them: {leadquiz_home / DB_NAME}" in run.stderr
    assert f"Rewritten without them: {copy}" in run.stderr
    assert f"Deleted (it could hold them and could not be rewritten): {leftover}" in run.stderr
    assert f"Deleted (it could hold them and could not be rewritten): {damaged}" in run.stderr
    assert not leftover.exists()
    assert not damaged.exists()
    # Not a row, not a byte of the person is left in any file; the other user stays.
    for path in leadquiz_home.iterdir():
        if path.is_file():
            assert GONE.encode() not in path.read_bytes(), path
    kept = sqlite3.connect(copy)
    assert kept.execute("SELECT user FROM attempts").fetchall() == [("kept",)]
    kept.close()


def test_forget_of_someone_only_in_a_copy_still_cleans_the_copy(leadquiz_home: Path) -> None:
    old_history_with(leadquiz_home, [GONE])
    assert cli("history").code == 0
    with Store.open(leadquiz_home) as store:
        store.forget(GONE)  # gone from the history, as an older forget left it
    run = cli("forget", "--user", GONE, "--yes")
    assert "There is no saved data for" in run.stderr
    assert f"Rewritten without them: {leadquiz_home / DB_NAME}.bak-v3" in run.stderr
    assert GONE.encode() not in (leadquiz_home / f"{DB_NAME}.bak-v3").read_bytes()


# --- 5. a file that is not a leadquiz history is never written ----------------------------------


def foreign_sqlite(path: Path, version: int, table: str) -> None:
    db = sqlite3.connect(path)
    db.execute(f"CREATE TABLE {table} (note TEXT)")
    db.execute(f"INSERT INTO {table} VALUES ('mine')")
    db.execute(f"PRAGMA user_version = {version}")
    db.commit()
    db.close()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("one byte", "is damaged"),
        ("text", "is damaged"),
        ("sqlite, no version", "not a leadquiz history"),
        ("sqlite claiming version 2", "not a leadquiz history"),
        ("sqlite with an attempts table of its own", "not a leadquiz history"),
    ],
)
def test_a_foreign_file_is_left_byte_for_byte(leadquiz_home: Path, kind: str, message: str) -> None:
    leadquiz_home.mkdir(mode=0o700)
    path = leadquiz_home / DB_NAME
    if kind == "one byte":
        path.write_bytes(b"x")
    elif kind == "text":
        path.write_text("my shopping list\n" * 100, encoding="utf-8")
    elif kind == "sqlite, no version":
        foreign_sqlite(path, 0, "notes")
    elif kind == "sqlite claiming version 2":
        foreign_sqlite(path, 2, "notes")
    else:
        foreign_sqlite(path, 1, "attempts")
    before = digest(path)
    for command in (["history"], ["report"], ["users"], ["forget", "--user", "x", "--yes"]):
        run = cli(*command)
        assert run.code == 1, (command, run.output)
        assert message in run.stderr
        assert "left untouched" in run.stderr
    assert digest(path) == before
    assert sorted(p.name for p in leadquiz_home.iterdir()) == [DB_NAME]  # no copy, no log


# --- 6. created only as new regular files, never through a link --------------------------------


def test_a_dangling_link_at_the_database_is_refused_and_not_followed(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    leadquiz_home.mkdir(mode=0o700)
    target = tmp_path / "elsewhere.db"
    (leadquiz_home / DB_NAME).symlink_to(target)
    run = cli("history")
    assert run.code == 1
    assert "is a symbolic link" in run.stderr
    assert not target.exists()


@pytest.mark.parametrize(
    "name", [DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm", f"{DB_NAME}-journal"]
)
def test_a_link_to_an_existing_file_is_refused_and_the_file_untouched(
    leadquiz_home: Path, tmp_path: Path, name: str
) -> None:
    if name != DB_NAME:
        assert cli("history").code == 0  # a real history; only its side file is a link
    leadquiz_home.mkdir(mode=0o700, exist_ok=True)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = leadquiz_home / name
    link.unlink(missing_ok=True)
    link.symlink_to(victim)
    run = cli("history")
    assert run.code == 1
    assert "is a symbolic link" in run.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"


def test_the_database_is_created_as_a_private_regular_file(leadquiz_home: Path) -> None:
    old = os.umask(0)
    try:
        assert cli("history").code == 0
    finally:
        os.umask(old)
    path = leadquiz_home / DB_NAME
    mode = path.lstat().st_mode
    assert stat.S_ISREG(mode)
    assert stat.S_IMODE(mode) == 0o600
    assert stat.S_IMODE(leadquiz_home.stat().st_mode) == 0o700


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_a_data_directory_owned_by_someone_else_is_refused(leadquiz_home: Path) -> None:
    leadquiz_home.mkdir(mode=0o700)
    os.chown(leadquiz_home, 54321, 54321)
    run = cli("history")
    assert run.code == 1
    assert "belongs to another user (uid 54321)" in run.stderr
    assert list(leadquiz_home.iterdir()) == []


def test_an_export_never_writes_through_a_link(leadquiz_home: Path, tmp_path: Path) -> None:
    take_as("tester", tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "report.md"
    link.symlink_to(victim)
    refused = cli("export", "-o", str(link))
    assert refused.code == 2
    assert "already exists" in refused.stderr
    # --force replaces only a regular file (issue 25): neither the link nor what it points to.
    forced = cli("export", "-o", str(link), "--force")
    assert forced.code == 2, forced.output
    assert "is a symbolic link; --force replaces only a regular file" in forced.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert link.is_symlink()


# --- 7. temporary files are removed whatever stops the process -------------------------------


def big_history(home: Path, tmp_path: Path, copies: int) -> None:
    """One real attempt copied ``copies`` times, each with a stale cache (rescored on export)."""
    take_as("tester", tmp_path)
    db = sqlite3.connect(home / DB_NAME)
    with db:
        for _ in range(copies):
            new = db.execute(
                "INSERT INTO attempts (user, bank_digest, bank_id, bank_version, question_order,"
                " seed, status, started_at, finished_at, result_json, scoring_version)"
                " SELECT user, bank_digest, bank_id, bank_version, question_order, seed, status,"
                " started_at, finished_at, NULL, NULL FROM attempts WHERE id = 1"
            ).lastrowid
            db.execute(
                "INSERT INTO answers SELECT ?, question_id, value, answered_at FROM answers"
                " WHERE attempt_id = 1",
                (new,),
            )
    db.close()


def start_export(home: Path, target: Path) -> subprocess.Popen[str]:
    """``leadquiz export --all -f csv -o TARGET``, as a child (Ctrl-C on: see conftest)."""
    env = {**os.environ, "LEADQUIZ_HOME": str(home), "LEADQUIZ_USER": "tester"}
    return subprocess.Popen(
        [sys.executable, "-m", "leadquiz", "export", "--all", "-f", "csv", "-o", str(target)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGTERM, 143), (getattr(signal, "SIGHUP", signal.SIGTERM), 129), (signal.SIGINT, 130)],
)
def test_a_stopped_export_leaves_no_temporary_file(
    leadquiz_home: Path, tmp_path: Path, signum: int, code: int
) -> None:
    big_history(leadquiz_home, tmp_path, 3000)
    out = tmp_path / "out"
    out.mkdir()
    child = start_export(leadquiz_home, out / "a.csv")
    deadline = time.monotonic() + 30
    while not any(out.iterdir()):  # the temporary file is being written
        assert child.poll() is None, child.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.005)
    child.send_signal(signum)
    _, stderr = child.communicate(timeout=30)
    assert child.returncode == code, stderr
    assert "Traceback" not in stderr
    assert list(out.iterdir()) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_second_signal_during_clean_up_prints_no_traceback(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    big_history(leadquiz_home, tmp_path, 3000)
    out = tmp_path / "out"
    out.mkdir()
    child = start_export(leadquiz_home, out / "a.csv")
    deadline = time.monotonic() + 30
    while not any(out.iterdir()):
        assert child.poll() is None
        assert time.monotonic() < deadline
        time.sleep(0.005)
    for signum in (signal.SIGTERM, signal.SIGTERM, signal.SIGINT):
        child.send_signal(signum)
    _, stderr = child.communicate(timeout=30)
    # Whichever Python handles first (it takes pending signals by number) ends the run.
    assert child.returncode in (130, 143), stderr
    assert "Traceback" not in stderr
    assert list(out.iterdir()) == []
