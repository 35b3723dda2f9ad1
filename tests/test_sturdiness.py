"""Faults the whole CLI must survive without losing an answer or showing a traceback.

Parallel runs, killed runs, a damaged, truncated, newer, read-only or locked
database, a full disk, an unusable data directory, and databases from an older
schema. Everything goes through the real CLI: ``CliRunner(app)`` in-process,
or ``python -m leadquiz`` in real subprocesses where a real process matters.

Root ignores file modes, so the read-only cases use a read-only bind mount in
a private mount namespace when running as root (skipped where namespaces are
not available). The real full disk is a small tmpfs in such a namespace; the
in-process variant limits SQLite's page count through the connection the CLI
opens.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import signal
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from cli_runs import Run as Outcome
from cli_runs import invoke
from leadquiz.banks.loader import load_bank, questions_dir
from leadquiz.banks.snapshot import bank_to_json
from leadquiz.store import database as history_module
from leadquiz.store import dbfile
from leadquiz.store.database import DB_NAME, Store
from leadquiz.store.migrations import DEFAULT_TIMEOUT, MIGRATIONS, SCHEMA_VERSION, Migration

MINI = Path(__file__).parent / "data" / "mini.yaml"
QUESTIONS = ("goals-kpi", "goals-dream", "risk-safe", "goals-plan", "risk-bet")
#: Every valid answer set of the mini bank (5 * 5 * 5 * 3 * 2 = 750 of them).
COMBOS = [
    dict(zip(QUESTIONS, values, strict=True))
    for values in itertools.product(range(1, 6), range(1, 6), range(1, 6), "abc", "ab")
]


def cli(*args: str) -> Outcome:
    """Run the CLI in-process; an uncaught exception (a traceback for a user) fails."""
    return invoke(args)


def answers_for(n: int) -> dict[str, Any]:
    """A different valid answer set for each n below 750."""
    return dict(COMBOS[(n * 37) % len(COMBOS)])


def write_answers(path: Path, answers: dict[str, Any]) -> Path:
    """An answers file: JSON for a ``.json`` name, YAML otherwise (both are accepted)."""
    if path.suffix == ".json":
        path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    else:
        lines = [f"  {key}: {value}" for key, value in answers.items()]
        path.write_text("answers:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def take_mini(answers: Path, *extra: str) -> Outcome:
    return cli("take", "--bank", str(MINI), "--answers", str(answers), "--json", *extra)


def raw(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / DB_NAME, isolation_level=None)


def stored_answers(home: Path, attempt_id: int) -> dict[str, Any]:
    db = raw(home)
    try:
        rows = db.execute(
            "SELECT question_id, value FROM answers WHERE attempt_id = ?", (attempt_id,)
        ).fetchall()
    finally:
        db.close()
    return {key: json.loads(value) for key, value in rows}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(home: Path) -> set[str]:
    """The files in the data directory, without SQLite's own -wal/-shm companions."""
    return {p.name for p in home.iterdir() if not p.name.endswith(("-wal", "-shm"))}


def leadquiz_process(*args: str) -> list[str]:
    return [sys.executable, "-m", "leadquiz", *args]


def assert_plain(outcome: Outcome) -> None:
    assert "Traceback" not in outcome.stdout + outcome.stderr
    assert "\x1b" not in outcome.stdout + outcome.stderr


@pytest.fixture
def home(leadquiz_home: Path) -> Path:
    return leadquiz_home


@pytest.fixture
def filled(home: Path, tmp_path: Path) -> Path:
    """A home holding two finished attempts of 'tester' (so compare has a pair)."""
    for n in range(2):
        outcome = take_mini(write_answers(tmp_path / f"seed{n}.yaml", answers_for(n)))
        assert outcome.code == 0, outcome
    return home


@pytest.fixture
def answers_file(tmp_path: Path) -> Path:
    return write_answers(tmp_path / "new.yaml", answers_for(99))


# -- two or more runs at once -------------------------------------------------------


def run_together(runs: Sequence[tuple[str, Path]]) -> list[tuple[str, Path, int]]:
    """Start one `take --answers` process per (user, file) at once; return (user, file, id)."""
    processes = [
        (
            user,
            path,
            subprocess.Popen(
                leadquiz_process(
                    "take", "--bank", str(MINI), "--user", user, "--answers", str(path), "--json"
                ),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
        for user, path in runs
    ]
    finished = []
    for user, path, process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert err == ""
        assert "Traceback" not in out
        finished.append((user, path, int(json.loads(out)["attempt"])))
    return finished


def checked_attempt_rows(home: Path) -> list[tuple[int, str, str]]:
    """(id, user, status) of every stored attempt, after SQLite's own integrity check passes."""
    db = raw(home)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return db.execute("SELECT id, user, status FROM attempts").fetchall()
    finally:
        db.close()


def assert_each_attempt_has_its_own_answers(
    home: Path, finished: list[tuple[str, Path, int]]
) -> None:
    rows = checked_attempt_rows(home)
    assert len(rows) == len(finished)
    by_id = {row[0]: (row[1], row[2]) for row in rows}
    for user, path, attempt_id in finished:
        assert by_id[attempt_id] == (user, "finished")
        assert stored_answers(home, attempt_id) == read_answers(path)


def read_answers(path: Path) -> dict[str, Any]:
    """The answers written by ``write_answers``, read back without leadquiz's code."""
    if path.suffix == ".json":
        answers: dict[str, Any] = json.loads(path.read_text())["answers"]
        return answers
    pairs = (line.strip().split(": ") for line in path.read_text().splitlines()[1:])
    return {key: int(value) if value.isdigit() else value for key, value in pairs}


def test_two_takes_for_the_same_user_at_once_both_stored(home: Path, tmp_path: Path) -> None:
    runs = [
        ("tester", write_answers(tmp_path / "one.yaml", answers_for(1))),
        ("tester", write_answers(tmp_path / "two.json", answers_for(2))),
    ]
    finished = run_together(runs)
    assert finished[0][2] != finished[1][2]
    assert_each_attempt_has_its_own_answers(home, finished)
    listed = cli("history", "--json")
    assert listed.code == 0
    assert len(json.loads(listed.stdout)["attempts"]) == 2


def test_twenty_users_at_once_on_a_new_database_lose_nothing(home: Path, tmp_path: Path) -> None:
    """Twenty first runs race to create and migrate the database, then to write."""
    suffixes = (".yaml", ".json")
    runs = [
        (f"user{n:02d}", write_answers(tmp_path / f"a{n}{suffixes[n % 2]}", answers_for(n)))
        for n in range(20)
    ]
    finished = run_together(runs)
    assert_each_attempt_has_its_own_answers(home, finished)
    db = raw(home)
    try:
        assert db.execute("SELECT count(*) FROM migrations").fetchone() == (len(MIGRATIONS),)
        assert db.execute("SELECT count(*) FROM banks").fetchone() == (1,)
    finally:
        db.close()
    users = cli("users")
    assert users.code == 0
    assert all(f"user{n:02d}" in users.stdout for n in range(20))


def test_runs_killed_at_any_moment_leave_a_consistent_database(home: Path, tmp_path: Path) -> None:
    """SIGKILL mid-run: the file stays sound; an attempt has all its answers or none."""
    cli("users")  # create the database first, so kills land in the writing too
    files = {f"k{n}": write_answers(tmp_path / f"k{n}.yaml", answers_for(n)) for n in range(8)}
    processes = {
        user: subprocess.Popen(
            leadquiz_process(
                "take", "--bank", str(MINI), "--user", user, "--answers", str(path), "--json"
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for user, path in files.items()
    }
    for n, user in enumerate(list(processes)[::2]):
        time.sleep(0.08 * n + 0.05)
        processes[user].send_signal(signal.SIGKILL)
    for process in processes.values():
        process.communicate(timeout=120)
    rows = checked_attempt_rows(home)
    for attempt_id, user, status in rows:
        answers = stored_answers(home, attempt_id)
        if status == "finished" or answers:
            assert answers == read_answers(files[user])
    for user in list(processes)[1::2]:
        assert processes[user].returncode == 0
        assert any(row[1] == user and row[2] == "finished" for row in rows)
    for user in files:
        assert cli("history", "--user", user).code == 0


# -- a database that cannot be used ----------------------------------------------------

DAMAGED = (
    "Error: The history database {db} is damaged (not a readable SQLite database); "
    "it was left untouched.\n"
    "Move it aside (for example rename it to leadquiz.db.damaged) to start a fresh history, "
    "or put back a backup (leadquiz saves leadquiz.db.bak-v<N> before upgrades).\n"
)
NEWER = (
    "Error: The history database {db} was made by a newer leadquiz (schema version 99; "
    f"this leadquiz knows up to {SCHEMA_VERSION}). It was left untouched.\n"
    "Upgrade leadquiz to use this history.\n"
)
READ_ONLY = (
    "Error: The history database {db} is read-only.\n"
    "Make it writable (chmod u+w {db}), or set LEADQUIZ_HOME to another directory.\n"
)
LOCKED = (
    "Error: The history database {db} is locked by another program (waited 0.2 seconds).\n"
    "Wait for the other leadquiz to finish, then try again.\n"
)
FULL = (
    "Error: Cannot write to the history database {db}: the disk is full.\n"
    "Free some disk space and try again; what was saved before is kept.\n"
)


def _garbage(db: Path) -> None:
    db.write_bytes(bytes(range(256)) * 40)


def _truncated(db: Path) -> None:
    db.write_bytes(db.read_bytes()[: 4096 * 3])


def _newer(db: Path) -> None:
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()


FAULTS: dict[str, tuple[Callable[[Path], None], str]] = {
    "garbage": (_garbage, DAMAGED),
    "truncated": (_truncated, DAMAGED),
    "newer-schema": (_newer, NEWER),
}
COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "take": lambda answers: ["take", "--bank", str(MINI), "--answers", str(answers), "--json"],
    "history": lambda _answers: ["history"],
    "report": lambda _answers: ["report"],
    "export": lambda _answers: ["export", "--format", "md"],
    "users": lambda _answers: ["users"],
    "compare": lambda _answers: ["compare"],
    "forget": lambda _answers: ["forget", "--user", "tester", "--yes"],
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("fault", list(FAULTS))
def test_unusable_database_is_refused_plainly_and_left_byte_for_byte(
    filled: Path, answers_file: Path, fault: str, command: str
) -> None:
    db = filled / DB_NAME
    spoil, message = FAULTS[fault]
    spoil(db)
    before, files = sha(db), listing(filled)
    outcome = cli(*COMMANDS[command](answers_file))
    assert outcome.code == 1
    assert outcome.stdout == ""
    assert outcome.stderr == message.format(db=db)
    assert sha(db) == before
    assert listing(filled) == files  # nothing renamed, deleted, "repaired" or backed up


def test_real_process_reports_a_damaged_database_plainly(filled: Path) -> None:
    """The same through ``python -m leadquiz``: the entry point adds nothing of its own."""
    db = filled / DB_NAME
    _garbage(db)
    before = sha(db)
    done = subprocess.run(
        leadquiz_process("history"), capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr == DAMAGED.format(db=db)
    assert sha(db) == before


def test_damaged_record_is_refused_and_other_commands_still_work(filled: Path) -> None:
    db = raw(filled)
    db.execute("UPDATE answers SET value = 'not json' WHERE attempt_id = 2")
    db.close()
    before = sha(filled / DB_NAME)
    outcome = cli("report", "2")
    assert outcome.code == 1
    assert outcome.stderr.startswith(
        f"Error: The history database {filled / DB_NAME} holds a damaged record: "
        "an answer of attempt 2"
    )
    assert "restore a backup or move it aside" in outcome.stderr
    assert sha(filled / DB_NAME) == before
    assert cli("report", "1").code == 0
    assert cli("history").code == 0


# -- read-only file or directory (root ignores modes: use a read-only bind mount) ---------

NS_DRIVER = r"""
import hashlib, json, os, subprocess, sys

spec = json.loads(open(sys.argv[1]).read())
for mount in spec["mounts"]:
    target = mount["target"]
    if mount["kind"] == "tmpfs":
        commands = [["mount", "-t", "tmpfs", "-o", "size=" + mount["size"], "tmpfs", target]]
    else:
        commands = [["mount", "--bind", target, target],
                    ["mount", "-o", "remount,bind,ro", target]]
    for command in commands:
        if subprocess.run(command, capture_output=True).returncode != 0:
            print(json.dumps({"skip": " ".join(command) + " is not permitted here"}))
            sys.exit(0)
results = []
for step in spec["steps"]:
    if "run" in step:
        done = subprocess.run([sys.executable, "-m", "leadquiz", *step["run"]],
                              capture_output=True, text=True, timeout=60)
        results.append({"code": done.returncode, "stdout": done.stdout, "stderr": done.stderr})
    elif "sha" in step:
        with open(step["sha"], "rb") as handle:
            results.append(hashlib.sha256(handle.read()).hexdigest())
    elif "fill" in step:
        with open(step["fill"], "wb") as handle:
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError:
                pass
        if step.get("leave"):
            size = os.path.getsize(step["fill"])
            os.truncate(step["fill"], max(0, size - step["leave"]))
        results.append("filled")
    elif "remove" in step:
        os.remove(step["remove"])
        results.append("removed")
print(json.dumps({"results": results}))
"""


def in_namespace(tmp_path: Path, mounts: list[dict[str, str]], steps: list[Any]) -> list[Any]:
    """Run steps (CLI runs, file fills, hashes) in a private user + mount namespace.

    Skips the test where unprivileged namespaces or mounting are not available.
    """
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.skip("needs unshare(1) and mount(8) for a private mount namespace")
    driver = tmp_path / "ns_driver.py"
    driver.write_text(NS_DRIVER, encoding="utf-8")
    spec = tmp_path / "ns_spec.json"
    spec.write_text(json.dumps({"mounts": mounts, "steps": steps}), encoding="utf-8")
    done = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", sys.executable, driver, spec],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    if done.returncode != 0 and "unshare" in done.stderr:
        pytest.skip(f"no private namespaces here: {done.stderr.strip()}")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    if "skip" in report:
        pytest.skip(report["skip"])
    results: list[Any] = report["results"]
    return results


def run_read_only(
    tmp_path: Path, target: Path, commands: list[list[str]], mode: int
) -> list[Outcome]:
    """Run commands while ``target`` cannot be written: chmod for users, a ro mount for root."""
    if os.geteuid() != 0:
        old = stat.S_IMODE(target.stat().st_mode)
        target.chmod(mode)
        try:
            return [cli(*command) for command in commands]
        finally:
            target.chmod(old)
    steps = [{"run": command} for command in commands]
    results = in_namespace(tmp_path, [{"kind": "ro-bind", "target": str(target)}], steps)
    return [Outcome(r["code"], r["stdout"], r["stderr"]) for r in results]


def test_read_only_database_is_refused_plainly_and_left_alone(
    filled: Path, answers_file: Path, tmp_path: Path
) -> None:
    db = filled / DB_NAME
    before = sha(db)
    commands = [COMMANDS[name](answers_file) for name in ("take", "history", "report", "export")]
    commands.append(["users"])
    taken, *reading = run_read_only(tmp_path, db, commands, 0o400)
    assert taken.code == 1
    assert taken.stdout == ""
    assert taken.stderr == READ_ONLY.format(db=db)
    assert_plain(taken)
    # Reading needs no writing: the history can still be seen and rescued (issue 25).
    for outcome in reading:
        assert outcome.code == 0, outcome
        assert outcome.stderr == ""
    assert sha(db) == before
    assert cli("history").code == 0  # writable again: everything is still there
    assert len(json.loads(cli("history", "--json").stdout)["attempts"]) == 2


def test_data_directory_not_writable_is_refused_plainly(
    filled: Path, answers_file: Path, tmp_path: Path
) -> None:
    commands = [COMMANDS["take"](answers_file), ["history"]]
    expected = (
        f"Error: The leadquiz data directory {filled} is not writable.\n"
        "Make it writable (chmod u+w), or set LEADQUIZ_HOME to a directory you can write to.\n"
    )
    taken, listed = run_read_only(tmp_path, filled, commands, 0o500)
    assert taken.code == 1
    assert taken.stderr == expected
    assert listed.code == 0, listed  # reading needs no writing (issue 25)
    assert "History of tester" in listed.stdout


# -- the data directory ------------------------------------------------------------------


def test_missing_data_directory_is_created_privately(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers_file: Path
) -> None:
    home = tmp_path / "not" / "there" / "yet"
    monkeypatch.setenv("LEADQUIZ_HOME", str(home))
    outcome = take_mini(answers_file)
    assert outcome.code == 0, outcome
    assert stat.S_IMODE(home.stat().st_mode) == 0o700
    assert stat.S_IMODE((home / DB_NAME).stat().st_mode) == 0o600


def test_data_directory_that_is_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, answers_file: Path
) -> None:
    home = tmp_path / "home-file"
    home.write_bytes(b"my notes")
    monkeypatch.setenv("LEADQUIZ_HOME", str(home))
    for args in (COMMANDS["take"](answers_file), ["history"], ["users"]):
        outcome = cli(*args)
        assert outcome.code == 1
        assert outcome.stderr == (
            f"Error: The leadquiz data directory {home} is a file, not a directory.\n"
            "Move that file away, or set LEADQUIZ_HOME to a directory.\n"
        )
    assert home.read_bytes() == b"my notes"


def test_data_directory_under_a_file_cannot_be_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "plain").write_text("x")
    home = tmp_path / "plain" / "home"
    monkeypatch.setenv("LEADQUIZ_HOME", str(home))
    outcome = cli("history")
    assert outcome.code == 1
    assert outcome.stderr == (
        f"Error: Cannot create the leadquiz data directory {home}: Not a directory.\n"
        "Set LEADQUIZ_HOME to a directory you can write to.\n"
    )


# -- locked, full ------------------------------------------------------------------------


def use_store_defaults(
    monkeypatch: pytest.MonkeyPatch,
    migrations: Sequence[Migration] = MIGRATIONS,
    timeout: float = DEFAULT_TIMEOUT,
) -> None:
    """Make the CLI's own ``Store.open(home)`` use these migrations and lock timeout."""
    defaults = {"migrations": tuple(migrations), "timeout": timeout}
    for opening in (Store.open, Store.open_to_read):
        monkeypatch.setattr(opening.__func__, "__kwdefaults__", defaults)  # type: ignore[attr-defined]


def test_locked_database_is_a_plain_message_and_the_next_run_works(
    filled: Path, answers_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_store_defaults(monkeypatch, timeout=0.2)
    other = raw(filled)
    other.execute("BEGIN IMMEDIATE")
    try:
        outcome = take_mini(answers_file)
        assert outcome.code == 1
        assert outcome.stderr == LOCKED.format(db=filled / DB_NAME)
        assert cli("history").code == 0  # reading is not blocked by a writer
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert take_mini(answers_file).code == 0
    assert len(json.loads(cli("history", "--json").stdout)["attempts"]) == 3


def test_disk_full_in_process_is_a_plain_message_and_keeps_saved_attempts(filled: Path) -> None:
    """SQLITE_FULL through the whole CLI: the CLI's own connection may not grow the file."""
    real_connect = dbfile.connect

    def connect_to_a_full_disk(path: Path, *args: Any) -> sqlite3.Connection:
        conn = real_connect(path, *args)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")
        return conn

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(history_module, "connect", connect_to_a_full_disk)
        outcome = cli("take", "--answers", str(_core_answers(filled.parent)), "--json")
    assert outcome.code == 1
    assert outcome.stdout == ""
    assert outcome.stderr == FULL.format(db=filled / DB_NAME)
    listed = json.loads(cli("history", "--json").stdout)["attempts"]
    assert [a["status"] for a in listed] == ["finished", "finished"]
    assert stored_answers(filled, 1) == answers_for(0)


def _core_answers(folder: Path) -> Path:
    bank = load_bank(questions_dir() / "core.yaml")
    answers = {q.id: 3 if q.type == "likert" else q.options[0].key for q in bank.questions}
    return write_answers(folder / "core-answers.json", answers)


def test_real_full_disk_is_a_plain_message_and_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 4 MiB tmpfs in a private namespace, filled up entirely and then almost."""
    disk = tmp_path / "disk"
    disk.mkdir()
    home = disk / "home"
    db = home / DB_NAME
    filler = disk / "filler"
    monkeypatch.setenv("LEADQUIZ_HOME", str(home))
    first = write_answers(tmp_path / "first.yaml", answers_for(5))
    second = write_answers(tmp_path / "second.yaml", answers_for(6))
    mini_take = ["take", "--bank", str(MINI), "--answers", str(second), "--json"]
    steps: list[Any] = [
        {"run": ["take", "--bank", str(MINI), "--answers", str(first), "--json"]},
        {"fill": str(filler)},
        {"sha": str(db)},
        {"run": mini_take},  # 3: no room at all
        {"sha": str(db)},
        {"remove": str(filler)},
        {"fill": str(filler), "leave": 24 * 1024},
        {"run": ["take", "--answers", str(_core_answers(tmp_path)), "--json"]},  # 7: runs out
        {"sha": str(db)},
        {"remove": str(filler)},
        {"run": ["history", "--json"]},  # 10
        {"run": mini_take},  # 11
    ]
    results = in_namespace(tmp_path, [{"kind": "tmpfs", "target": str(disk), "size": "4m"}], steps)
    assert results[0]["code"] == 0, results[0]
    for index in (3, 7):
        assert results[index]["code"] == 1, results[index]
        assert results[index]["stdout"] == ""
        assert results[index]["stderr"] == FULL.format(db=db)
    assert results[2] == results[4] == results[8]  # the file never changed while full
    attempts = json.loads(results[10]["stdout"])["attempts"]
    assert [a["status"] for a in attempts] == ["finished"]
    assert results[11]["code"] == 0, results[11]


# -- older databases ---------------------------------------------------------------------

#: The schema of version 1 exactly as released (frozen: never follow later edits).
SCHEMA_V1 = (
    "CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)",
    "CREATE TABLE banks (digest TEXT PRIMARY KEY, bank_id TEXT NOT NULL,"
    " version TEXT NOT NULL, snapshot TEXT NOT NULL)",
    """CREATE TABLE attempts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        user TEXT NOT NULL,
        bank_digest TEXT NOT NULL REFERENCES banks (digest),
        bank_id TEXT NOT NULL,
        bank_version TEXT NOT NULL,
        question_order TEXT NOT NULL,
        seed INTEGER,
        status TEXT NOT NULL DEFAULT 'in_progress'
            CHECK (status IN ('in_progress', 'finished')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        overall_score REAL,
        overall_band TEXT,
        result_json TEXT,
        scoring_version INTEGER,
        CHECK ((status = 'finished') = (finished_at IS NOT NULL))
    )""",
    "CREATE INDEX attempts_by_user_status ON attempts (user, status, finished_at)",
    "CREATE INDEX attempts_by_user_start ON attempts (user, started_at)",
    "CREATE INDEX attempts_by_bank ON attempts (bank_digest)",
    """CREATE TABLE answers (
        attempt_id INTEGER NOT NULL REFERENCES attempts (id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        value TEXT,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (attempt_id, question_id)
    )""",
)


def make_v1_database(home: Path, answers: dict[str, Any]) -> None:
    """A version-1 history written without leadquiz's code: one finished attempt."""
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    bank = load_bank(MINI)
    db = sqlite3.connect(home / DB_NAME, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")  # as every leadquiz has left its file
    for statement in SCHEMA_V1:
        db.execute(statement)
    db.execute("INSERT INTO migrations VALUES ('0001-initial', '2024-01-01T00:00:00+00:00')")
    db.execute(
        "INSERT INTO banks VALUES (?, ?, ?, ?)",
        (bank.digest, bank.id, bank.version, bank_to_json(bank)),
    )
    db.execute(
        "INSERT INTO attempts (user, bank_digest, bank_id, bank_version, question_order, seed,"
        " status, started_at, finished_at) VALUES ('tester', ?, ?, ?, ?, 7, 'finished', ?, ?)",
        (
            bank.digest,
            bank.id,
            bank.version,
            json.dumps(list(QUESTIONS)),
            "2024-01-01T09:00:00+00:00",
            "2024-01-01T09:05:00+00:00",
        ),
    )
    for key, value in answers.items():
        db.execute(
            "INSERT INTO answers VALUES (1, ?, ?, '2024-01-01T09:01:00+00:00')",
            (key, json.dumps(value)),
        )
    db.execute("PRAGMA user_version = 1")
    db.close()


def test_version_1_database_opened_by_the_cli_keeps_its_data(
    home: Path, answers_file: Path
) -> None:
    old = answers_for(42)
    make_v1_database(home, old)
    report = cli("report", "1", "--json")
    assert report.code == 0, report
    assert json.loads(report.stdout)["attempt"] == 1
    assert take_mini(answers_file).code == 0
    assert stored_answers(home, 1) == old
    assert len(json.loads(cli("history", "--json").stdout)["attempts"]) == 2
    db = raw(home)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    db.close()
    assert (home / f"{DB_NAME}.bak-v1").exists() == (SCHEMA_VERSION > 1)


NEXT_STEP = Migration("0002-notes", ("ALTER TABLE attempts ADD COLUMN note TEXT",))
BROKEN_STEP = Migration(
    "0002-broken",
    ("CREATE TABLE extra (x INTEGER)", "INSERT INTO no_such_table VALUES (1)"),
)


def test_cli_upgrades_an_older_database_with_a_backup(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = answers_for(43)
    make_v1_database(home, old)
    use_store_defaults(monkeypatch, migrations=(*MIGRATIONS, NEXT_STEP))
    outcome = cli("history", "--json")
    assert outcome.code == 0, outcome
    assert [a["attempt"] for a in json.loads(outcome.stdout)["attempts"]] == [1]
    assert stored_answers(home, 1) == old
    db = raw(home)
    assert db.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS) + 1,)
    db.close()
    # The copy is of the file as it was found: schema version 1.
    backup = home / f"{DB_NAME}.bak-v1"
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_cli_refuses_plainly_when_an_upgrade_fails_and_keeps_the_file(
    home: Path, answers_file: Path
) -> None:
    make_v1_database(home, answers_for(44))
    db = home / DB_NAME
    before = sha(db)
    with pytest.MonkeyPatch.context() as patch:
        use_store_defaults(patch, migrations=(*MIGRATIONS[:1], BROKEN_STEP))
        outcome = take_mini(answers_file)
    assert outcome.code == 1
    backup = home / f"{DB_NAME}.bak-v1"
    assert outcome.stderr == (
        f"Error: Could not upgrade the history database {db} to version "
        "2 (0002-broken): no such table: no_such_table. "
        f"It was left at version 1; a copy of it is at {backup}.\n"
        "Please report this as a bug in leadquiz.\n"
    )
    assert sha(db) == before
    assert cli("report", "1").code == 0  # this leadquiz still reads it
