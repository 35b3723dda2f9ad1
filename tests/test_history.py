"""Tests for leadquiz.store.database (and leadquiz.store.migrations): the SQLite history store."""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import leadquiz
from leadquiz.banks.snapshot import bank_to_json
from leadquiz.errors import EXIT_BAD_INPUT, EXIT_FAILURE, BadInputError, StoreError
from leadquiz.models import Bank, Dimension, Option, Question
from leadquiz.store import migrations as migrations_module
from leadquiz.store.database import DB_NAME, Store
from leadquiz.store.errors import store_error
from leadquiz.store.migrations import MIGRATIONS, SCHEMA_VERSION, Migration

T0 = "2024-05-01T09:00:00+00:00"


def make_bank(digest: str = "d" * 64, title: str = "Core", likert: int = 3) -> Bank:
    """A small valid bank: ``likert`` likert questions and one choice question."""
    questions = [
        Question(id=f"q{i}", dimension="goals", type="likert", text=f"Q{i}", keyed="leader")
        for i in range(1, likert + 1)
    ]
    questions.append(
        Question(
            id="pick",
            dimension="goals",
            type="choice",
            text="Pick",
            options=(Option("a", "A", -1.0), Option("5", "five", 1.0)),
        )
    )
    return Bank(
        schema=1,
        id="core",
        title=title,
        version="1.0.0",
        description="",
        sources=(),
        dimensions=(Dimension("goals", "Goals", "Targets", "Vision"),),
        questions=tuple(questions),
        digest=digest,
        origin="core.yaml",
    )


def order_of(bank: Bank) -> list[str]:
    return [q.id for q in bank.questions]


def at(minute: int) -> str:
    return f"2024-05-01T09:{minute:02d}:00+00:00"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "home"


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    with Store.open(home) as opened:
        yield opened


def raw(home: Path) -> sqlite3.Connection:
    """A plain connection to the database, to look at the tables directly."""
    return sqlite3.connect(home / DB_NAME, isolation_level=None)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def file_bytes(home: Path) -> bytes:
    return (home / DB_NAME).read_bytes()


def make_v1_with_data(home: Path) -> int:
    """A database at version 1 holding one attempt with one answer; return its id.

    Written with SQL: today's store writes columns that later migrations add.
    """
    Store.open(home, migrations=MIGRATIONS[:1]).close()
    bank = make_bank()
    db = sqlite3.connect(home / DB_NAME, isolation_level=None)
    db.execute(
        "INSERT INTO banks VALUES (?, ?, ?, ?)",
        (bank.digest, bank.id, bank.version, bank_to_json(bank)),
    )
    cursor = db.execute(
        "INSERT INTO attempts (user, bank_digest, bank_id, bank_version, question_order, seed,"
        " status, started_at) VALUES ('ana', ?, ?, ?, ?, 1, 'in_progress', ?)",
        (bank.digest, bank.id, bank.version, json.dumps(["q1", "pick"]), T0),
    )
    attempt_id = int(cursor.lastrowid or 0)
    db.execute("INSERT INTO answers VALUES (?, 'q1', '4', ?)", (attempt_id, at(1)))
    db.close()
    return attempt_id


#: Run by ``unshare -m``: make argv[1] read-only with a private bind mount (a file or a
#: folder), then open the store in argv[2] and print the refusal (or "opened").
_OPEN_UNDER_A_READ_ONLY_MOUNT = """
import subprocess, sys
from pathlib import Path
from leadquiz.errors import StoreError
from leadquiz.store.database import Store
target, home = sys.argv[1], Path(sys.argv[2])
subprocess.run(["mount", "--make-rprivate", "/"], check=True)
subprocess.run(["mount", "--bind", target, target], check=True)
subprocess.run(["mount", "-o", "remount,bind,ro", target], check=True)
try:
    Store.open(home).close()
    print("opened")
except StoreError as error:
    print(error.message)
"""


def refusal_as_root(read_only: Path, home: Path) -> str:
    """What ``Store.open(home)`` says once ``read_only`` is made read-only, as root.

    Root ignores file modes, so a read-only bind mount in a private mount
    namespace stands in for them. Skips only where the kernel refuses one.
    """
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind / /mnt && umount /mnt"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"root, and no private read-only mount here: {probe.stderr.decode().strip()}")
    done = subprocess.run(
        [
            "unshare",
            "-m",
            sys.executable,
            "-c",
            _OPEN_UNDER_A_READ_ONLY_MOUNT,
            str(read_only),
            str(home),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def modes_ignored(path: Path) -> bool:
    """Whether this process may write ``path`` whatever its mode (root)."""
    return os.access(path, os.W_OK)


# -- creating the files ------------------------------------------------------------


def test_open_creates_private_directory_and_file(home: Path) -> None:
    with Store.open(home) as store:
        assert store.path == home / DB_NAME
        assert mode(home) == 0o700
        assert mode(home / DB_NAME) == 0o600
        store.begin_attempt("ana", make_bank(), ["q1"], None, T0)
        for side in ("-wal", "-shm"):
            side_file = home / (DB_NAME + side)
            assert side_file.exists()
            assert mode(side_file) == 0o600


def test_private_modes_whatever_the_umask(home: Path) -> None:
    old = os.umask(0)
    try:
        Store.open(home).close()
    finally:
        os.umask(old)
    assert mode(home) == 0o700
    assert mode(home / DB_NAME) == 0o600


def test_file_is_private_before_sqlite_opens_it(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_connect = sqlite3.connect
    seen: list[int] = []

    def spying_connect(path: Path, *args: Any, **kwargs: Any) -> sqlite3.Connection:
        if str(path).endswith(DB_NAME):
            seen.append(mode(Path(path)))
        connection: sqlite3.Connection = real_connect(path, *args, **kwargs)
        return connection

    monkeypatch.setattr(sqlite3, "connect", spying_connect)
    Store.open(home).close()
    assert seen == [0o600]


def test_existing_directory_keeps_its_mode(tmp_path: Path) -> None:
    home = tmp_path / "shared"
    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)
    Store.open(home).close()
    assert mode(home) == 0o755
    assert mode(home / DB_NAME) == 0o600


def test_missing_parents_are_created(tmp_path: Path) -> None:
    home = tmp_path / "a" / "b" / "home"
    Store.open(home).close()
    assert (home / DB_NAME).is_file()


def test_empty_file_is_a_new_database(home: Path) -> None:
    home.mkdir()
    (home / DB_NAME).touch()
    with Store.open(home) as store:
        store.begin_attempt("ana", make_bank(), ["q1"], None, T0)
    assert raw(home).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_schema_has_the_expected_tables(store: Store, home: Path) -> None:
    db = raw(home)
    names = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"migrations", "banks", "attempts", "answers"} <= names
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    recorded = [row[0] for row in db.execute("SELECT name FROM migrations")]
    assert recorded == [m.name for m in MIGRATIONS]


# -- attempts and answers ----------------------------------------------------------


def test_attempt_and_answers_round_trip(store: Store) -> None:
    bank = make_bank()
    begun = store.begin_attempt("  ana ", bank, ["pick", "q2", "q1"], 42, T0)
    assert begun.user == "ana"
    assert begun.order == ("pick", "q2", "q1")
    assert begun.status == "in_progress"
    store.record_answer(begun.id, "pick", "5", at(1))
    store.record_answer(begun.id, "q2", 5, at(2))
    store.record_answer(begun.id, "q1", None, at(3))
    assert store.attempt(begun.id) == begun
    answers = store.answers(begun.id)
    assert answers == {"pick": "5", "q2": 5, "q1": None}
    # 5 and "5" must not be confused.
    assert type(answers["pick"]) is str
    assert type(answers["q2"]) is int
    assert list(answers) == ["pick", "q2", "q1"]
    assert store.answer_times(begun.id) == {"pick": at(1), "q2": at(2), "q1": at(3)}


def test_seed_none_and_unknown_attempt(store: Store) -> None:
    begun = store.begin_attempt("ana", make_bank(), ["q1"], None, T0)
    loaded = store.attempt(begun.id)
    assert loaded is not None
    assert loaded.seed is None
    assert store.attempt(begun.id + 1) is None
    assert store.attempt(2**80) is None
    assert store.answers(999) == {}
    assert store.answer_times(999) == {}


def test_going_back_overwrites_an_answer(store: Store) -> None:
    attempt = store.begin_attempt("ana", make_bank(), order_of(make_bank()), 1, T0)
    store.record_answer(attempt.id, "q1", 2, at(1))
    store.record_answer(attempt.id, "q2", 3, at(2))
    store.record_answer(attempt.id, "q1", 5, at(3))
    assert store.answers(attempt.id) == {"q2": 3, "q1": 5}
    assert list(store.answers(attempt.id)) == ["q2", "q1"]
    store.record_answer(attempt.id, "q2", None, at(4))
    assert store.answers(attempt.id) == {"q1": 5, "q2": None}


def test_save_answers_is_one_transaction(store: Store, home: Path) -> None:
    attempt = store.begin_attempt("ana", make_bank(), order_of(make_bank()), 1, T0)
    store.save_answers(attempt.id, {"q3": 1, "q1": 2, "pick": "a"}, at(1))
    assert store.answers(attempt.id) == {"q3": 1, "q1": 2, "pick": "a"}
    assert list(store.answers(attempt.id)) == ["q3", "q1", "pick"]
    with pytest.raises(BadInputError, match="not part of attempt"):
        store.save_answers(attempt.id, {"q2": 5, "nope": 1}, at(2))
    assert store.answers(attempt.id) == {"q3": 1, "q1": 2, "pick": "a"}
    count = raw(home).execute("SELECT count(*) FROM answers").fetchone()[0]
    assert count == 3


def test_answer_values_are_checked(store: Store) -> None:
    attempt = store.begin_attempt("ana", make_bank(), ["q1"], 1, T0)
    with pytest.raises(TypeError):
        store.record_answer(attempt.id, "q1", True, at(1))
    with pytest.raises(TypeError):
        store.record_answer(attempt.id, "q1", 2.5, at(1))  # type: ignore[arg-type]
    assert store.answers(attempt.id) == {}


def test_finished_attempt_refuses_answers(store: Store) -> None:
    attempt = store.begin_attempt("ana", make_bank(), ["q1", "q2"], 1, T0)
    store.record_answer(attempt.id, "q1", 4, at(1))
    store.finish_attempt(attempt.id, at(5), 62.5, "leans leader", '{"r": 1}', 1)
    finished = store.attempt(attempt.id)
    assert finished is not None
    assert finished.status == "finished"
    assert finished.finished_at == at(5)
    assert finished.overall_score == 62.5
    assert finished.overall_band == "leans leader"
    with pytest.raises(BadInputError, match="already finished") as caught:
        store.record_answer(attempt.id, "q2", 1, at(6))
    assert caught.value.exit_code == EXIT_BAD_INPUT
    with pytest.raises(BadInputError, match="already finished"):
        store.save_answers(attempt.id, {"q1": 1}, at(6))
    with pytest.raises(BadInputError, match="already finished"):
        store.finish_attempt(attempt.id, at(7), 1.0, "x", "{}", 1)
    assert store.answers(attempt.id) == {"q1": 4}
    assert store.attempt(attempt.id) == finished


def test_unknown_attempt_is_bad_input(store: Store) -> None:
    with pytest.raises(BadInputError, match="There is no attempt"):
        store.record_answer(77, "q1", 1, at(1))
    with pytest.raises(BadInputError, match="There is no attempt"):
        store.finish_attempt(77, at(1), None, None, "{}", 1)
    with pytest.raises(BadInputError, match="There is no attempt"):
        store.cache_result(77, None, None, "{}", 1)
    with pytest.raises(BadInputError, match="There is no attempt"):
        store.record_answer(2**70, "q1", 1, at(1))


def test_cache_result_replaces_the_cached_result(store: Store) -> None:
    attempt = store.begin_attempt("ana", make_bank(), ["q1"], 1, T0)
    with pytest.raises(BadInputError, match="not finished"):
        store.cache_result(attempt.id, 10.0, "strongly manager", "{}", 2)
    store.finish_attempt(attempt.id, at(2), 50.0, "balanced", '{"v": 1}', 1)
    store.cache_result(attempt.id, 55.0, "balanced", '{"v": 2}', 2)
    [(cached, result_json, version)] = store.cached_results("ana")
    assert (cached.overall_score, result_json, version) == (55.0, '{"v": 2}', 2)


def test_begin_attempt_checks_its_input(store: Store) -> None:
    bank = make_bank()
    with pytest.raises(BadInputError):
        store.begin_attempt("../x", bank, ["q1"], 1, T0)
    with pytest.raises(BadInputError, match="seed"):
        store.begin_attempt("ana", bank, ["q1"], 2**64, T0)
    with pytest.raises(ValueError, match="unknown"):
        store.begin_attempt("ana", bank, ["q1", "zz"], 1, T0)
    with pytest.raises(ValueError, match="repeats"):
        store.begin_attempt("ana", bank, ["q1", "q1"], 1, T0)
    with pytest.raises(ValueError, match="digest"):
        store.begin_attempt("ana", make_bank(digest=""), ["q1"], 1, T0)
    assert store.users() == []


# -- the bank snapshot ---------------------------------------------------------------


def test_one_snapshot_per_bank_text(store: Store, home: Path) -> None:
    bank = make_bank()
    for _ in range(5):
        store.begin_attempt("ana", bank, ["q1"], 1, T0)
    edited = make_bank(digest="e" * 64, title="Core, edited")
    store.begin_attempt("ana", edited, ["q1"], 1, T0)
    assert raw(home).execute("SELECT count(*) FROM banks").fetchone()[0] == 2
    # Each attempt is reported with the bank as it was, whatever happened to the file.
    assert store.bank_snapshot(bank.digest) == bank
    assert store.bank_snapshot(edited.digest) == edited
    assert store.bank_snapshot("f" * 64) is None


def test_damaged_snapshot_is_a_store_error(store: Store, home: Path) -> None:
    store.begin_attempt("ana", make_bank(), ["q1"], 1, T0)
    raw(home).execute("UPDATE banks SET snapshot = '{broken'")
    with pytest.raises(StoreError, match="damaged record"):
        store.bank_snapshot(make_bank().digest)


# -- listing -------------------------------------------------------------------------


def test_latest_unfinished_is_the_resume_point(store: Store) -> None:
    bank = make_bank()
    other = dataclasses.replace(bank, id="quick", digest="q" * 64)
    assert store.latest_unfinished("ana") is None
    first = store.begin_attempt("ana", bank, ["q1"], 1, at(1))
    second = store.begin_attempt("ana", bank, ["q1"], 2, at(2))
    quick = store.begin_attempt("ana", other, ["q1"], 3, at(3))
    store.begin_attempt("bob", bank, ["q1"], 4, at(4))
    assert store.latest_unfinished("ana") == quick
    assert store.latest_unfinished("ana", "core") == second
    store.finish_attempt(second.id, at(5), 50.0, "balanced", "{}", 1)
    assert store.latest_unfinished("ana", "core") == first
    assert store.latest_unfinished("ana", "other-bank") is None
    assert store.latest_unfinished("carol") is None


def test_attempts_newest_first_and_filtered(store: Store) -> None:
    bank = make_bank()
    other = dataclasses.replace(bank, id="quick", digest="q" * 64)
    a = store.begin_attempt("ana", bank, ["q1"], 1, at(1))
    b = store.begin_attempt("ana", other, ["q1"], 2, at(2))
    c = store.begin_attempt("ana", bank, ["q1"], 3, at(3))
    d = store.begin_attempt("ana", bank, ["q1"], 4, at(3))  # same start: higher id first
    store.begin_attempt("bob", bank, ["q1"], 5, at(9))
    store.finish_attempt(c.id, at(10), 40.0, "balanced", "{}", 1)
    store.finish_attempt(a.id, at(11), 30.0, "leans manager", "{}", 1)
    assert [x.id for x in store.attempts("ana")] == [d.id, c.id, b.id, a.id]
    assert [x.id for x in store.attempts("ana", bank_id="quick")] == [b.id]
    # Finished ones: in the order they were started (by id), not by the clock.
    assert [x.id for x in store.attempts("ana", finished_only=True)] == [c.id, a.id]
    assert [x.id for x in store.attempts("ana", finished_only=True, bank_id="quick")] == []
    assert [x[0].id for x in store.cached_results("ana")] == [c.id, a.id]
    assert store.attempts("nobody") == []


def test_users_counts_attempts(store: Store) -> None:
    bank = make_bank()
    store.begin_attempt("bob", bank, ["q1"], 1, at(1))
    store.begin_attempt("ana", bank, ["q1"], 1, at(2))
    store.begin_attempt("ana", bank, ["q1"], 1, at(5))
    assert store.users() == [("ana", 2, at(5)), ("bob", 1, at(1))]


def _fill(home: Path, user: str, count: int) -> None:
    """Insert ``count`` finished attempts of ``user`` directly, in one transaction."""
    bank = make_bank()
    db = raw(home)
    db.execute("BEGIN")
    db.execute(
        "INSERT OR IGNORE INTO banks VALUES (?, 'core', '1.0.0', ?)",
        (bank.digest, bank_to_json(bank)),
    )
    db.executemany(
        "INSERT INTO attempts (user, bank_digest, bank_id, bank_version, question_order, seed,"
        " status, started_at, finished_at, overall_score, overall_band, result_json,"
        " scoring_version) VALUES (?, ?, 'core', '1.0.0', '[\"q1\"]', ?, ?, ?, ?, 50.0,"
        " 'balanced', '{}', 1)",
        [
            (
                user,
                bank.digest,
                i,
                "finished" if i % 3 else "in_progress",
                f"2024-{1 + i % 12:02d}-01T00:00:{i % 60:02d}+00:00",
                f"2025-01-01T00:00:{i % 60:02d}+00:00" if i % 3 else None,
            )
            for i in range(count)
        ],
    )
    db.execute("COMMIT")
    db.close()


def test_listing_is_one_indexed_query_with_10000_attempts(store: Store, home: Path) -> None:
    _fill(home, "many", 10_000)
    _fill(home, "other", 500)
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    started = time.perf_counter()
    listed = store.attempts("many")
    finished = store.attempts("many", finished_only=True, bank_id="core")
    results = store.cached_results("many")
    latest = store.latest_unfinished("many")
    elapsed = time.perf_counter() - started
    store._conn.set_trace_callback(None)
    assert len(listed) == 10_000
    assert len(finished) == len(results) == 6_666
    assert latest is not None
    assert len(statements) == 4, statements
    assert elapsed < 3.0
    # Every listing is answered from an index, without a sort step.
    for sql in statements:
        plan = " ".join(row[3] for row in store._conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "USING" in plan, plan
        assert "INDEX" in plan, plan
        assert "TEMP B-TREE" not in plan, plan


def test_the_attempts_before_one_are_read_from_an_index_newest_first(
    store: Store, home: Path
) -> None:
    _fill(home, "many", 3_000)
    _fill(home, "other", 300)
    everything = [attempt for attempt, _, _ in store.cached_results("many")]
    pivot = everything[100]
    before = pivot.id
    statements: list[str] = []
    store._conn.set_trace_callback(statements.append)
    window = store.cached_results("many", bank_id="core", before=before, limit=11)
    total = store.count_finished("many", bank_id="core", before=before)
    store._conn.set_trace_callback(None)
    # Newest first, ties by the higher id: the eleven that follow the pivot in the full list.
    assert [attempt.id for attempt, _, _ in window] == [a.id for a in everything[101:112]]
    assert total == len(everything) - 101
    assert store.count_finished("many") == len(everything) == 2_000
    assert store.cached_results("many", bank_id="quick") == []
    assert store.count_finished("many", bank_id="quick") == 0
    for sql in statements:
        plan = " ".join(row[3] for row in store._conn.execute("EXPLAIN QUERY PLAN " + sql))
        assert "attempts_by_user_id" in plan, plan
        assert "TEMP B-TREE" not in plan, plan
    assert "COVERING INDEX" in " ".join(
        row[3] for row in store._conn.execute("EXPLAIN QUERY PLAN " + statements[1])
    )


# -- forgetting ----------------------------------------------------------------------


def test_forget_removes_one_user_and_nothing_else(store: Store, home: Path) -> None:
    shared = make_bank()
    private = make_bank(digest="p" * 64)
    a1 = store.begin_attempt("zzsecretuser", shared, ["q1", "q2"], 1, at(1))
    store.save_answers(a1.id, {"q1": 1, "q2": 2}, at(2))
    a2 = store.begin_attempt("zzsecretuser", private, ["q1"], 1, at(3))
    store.record_answer(a2.id, "q1", 5, at(4))
    b1 = store.begin_attempt("bob", shared, ["q1"], 1, at(5))
    store.record_answer(b1.id, "q1", 3, at(6))
    store.finish_attempt(b1.id, at(7), 50.0, "balanced", "{}", 1)

    assert store.forget("zzsecretuser") == (2, 3)

    db = raw(home)
    assert db.execute("SELECT count(*) FROM attempts WHERE user = 'zzsecretuser'").fetchone() == (
        0,
    )
    assert db.execute(
        "SELECT count(*) FROM answers WHERE attempt_id IN (?, ?)", (a1.id, a2.id)
    ).fetchone() == (0,)
    assert [row[0] for row in db.execute("SELECT digest FROM banks")] == [shared.digest]
    assert store.attempts("bob") == [store.attempt(b1.id)]
    assert store.answers(b1.id) == {"q1": 3}
    assert store.users() == [("bob", 1, at(5))]
    assert store.forget("nobody") == (0, 0)
    db.close()
    store.close()
    # The deleted content is overwritten, not just unlinked.
    leftovers = b"".join(p.read_bytes() for p in home.iterdir() if p.name.startswith(DB_NAME))
    assert b"zzsecretuser" not in leftovers


def test_delete_attempt(store: Store, home: Path) -> None:
    attempt = store.begin_attempt("ana", make_bank(), ["q1"], 1, T0)
    store.record_answer(attempt.id, "q1", 1, at(1))
    assert store.delete_attempt(attempt.id) is True
    assert store.delete_attempt(attempt.id) is False
    assert store.attempt(attempt.id) is None
    assert raw(home).execute("SELECT count(*) FROM answers").fetchone() == (0,)
    assert raw(home).execute("SELECT count(*) FROM banks").fetchone() == (0,)
    # Ids are never reused.
    assert store.begin_attempt("ana", make_bank(), ["q1"], 1, T0).id == attempt.id + 1


# -- several processes at once -----------------------------------------------------

WORKER = """
import sys, time
from pathlib import Path
from typing import Any
from leadquiz.store.database import Store
from leadquiz.models import Bank, Dimension, Question

home, worker, answers = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
questions = tuple(
    Question(id=f"q{i}", dimension="goals", type="likert", text="t", keyed="leader")
    for i in range(answers)
)
bank = Bank(1, "core", "Core", "1.0.0", "", (), (Dimension("goals", "G", "m", "l"),),
            questions, digest="c" * 64)
while not (home.parent / "go").exists():
    time.sleep(0.005)
with Store.open(home) as store:
    attempt = store.begin_attempt(f"user{worker}", bank, [q.id for q in questions], worker,
                                  "2024-01-01T00:00:00+00:00")
    for i, question in enumerate(questions):
        store.record_answer(attempt.id, question.id, i % 5 + 1, f"2024-01-01T00:{i:02d}:00Z")
"""


def run_workers(home: Path, count: int, answers: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(leadquiz.__file__).parents[1])}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(home), str(n), str(answers)],
            env=env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(count)
    ]
    (home.parent / "go").touch()
    for process in processes:
        _, errors = process.communicate(timeout=120)
        assert process.returncode == 0, errors


def test_parallel_writers_lose_nothing(home: Path) -> None:
    Store.open(home).close()
    run_workers(home, count=8, answers=50)
    db = raw(home)
    assert db.execute("SELECT count(*) FROM attempts").fetchone() == (8,)
    assert db.execute("SELECT count(*) FROM answers").fetchone() == (400,)
    assert db.execute("SELECT count(DISTINCT user) FROM attempts").fetchone() == (8,)
    assert db.execute("SELECT count(*) FROM banks").fetchone() == (1,)


def test_parallel_first_opens_migrate_once(home: Path) -> None:
    run_workers(home, count=8, answers=3)
    db = raw(home)
    assert db.execute("SELECT count(*) FROM migrations").fetchone() == (len(MIGRATIONS),)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    assert db.execute("SELECT count(*) FROM answers").fetchone() == (24,)


def test_migration_applied_by_another_process_meanwhile_is_skipped(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The version is read again after BEGIN IMMEDIATE, so a step is never applied twice."""
    Store.open(home).close()  # "another process" has just migrated
    real = migrations_module.user_version
    calls: list[int] = []

    def stale_first_read(conn: sqlite3.Connection) -> int:
        calls.append(1)
        return 0 if len(calls) == 1 else real(conn)  # we looked before it committed

    monkeypatch.setattr(migrations_module, "user_version", stale_first_read)
    Store.open(home).close()
    assert len(calls) >= 2
    db = raw(home)
    assert db.execute("SELECT count(*) FROM migrations").fetchone() == (len(MIGRATIONS),)


def test_locked_database_is_a_plain_error(home: Path) -> None:
    Store.open(home).close()
    other = raw(home)
    other.execute("BEGIN IMMEDIATE")
    try:
        with Store.open(home, timeout=0.2) as store:
            assert store.attempts("ana") == []  # reading still works
            with pytest.raises(StoreError, match="locked by another program") as caught:
                store.begin_attempt("ana", make_bank(), ["q1"], 1, T0)
            assert caught.value.exit_code == EXIT_FAILURE
            assert "try again" in caught.value.hint
    finally:
        other.execute("ROLLBACK")
    with Store.open(home) as store:
        store.begin_attempt("ana", make_bank(), ["q1"], 1, T0)


def test_disk_full_is_a_plain_error_and_keeps_saved_answers(store: Store) -> None:
    bank = make_bank(likert=40)
    attempt = store.begin_attempt("ana", bank, order_of(bank), 1, T0)
    store.record_answer(attempt.id, "q1", 3, at(1))
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")

    def store_many_big_banks() -> None:
        for n in range(50):
            big = make_bank(digest=f"{n:064d}", title="x" * 5000)
            store.begin_attempt("ana", big, ["q1"], 1, T0)

    with pytest.raises(StoreError, match="disk is full") as caught:
        store_many_big_banks()
    assert "Free some disk space" in caught.value.hint
    assert store.answers(attempt.id) == {"q1": 3}


# -- migrations ----------------------------------------------------------------------

BROKEN = Migration(
    "0002-broken",
    (
        "CREATE TABLE extra (x INTEGER)",
        "ALTER TABLE attempts ADD COLUMN note TEXT",
        "INSERT INTO no_such_table VALUES (1)",
    ),
)
COUNTING = Migration(
    "0002-counting",
    (
        "CREATE TABLE IF NOT EXISTS counter (n INTEGER)",
        "INSERT INTO counter VALUES (1)",
    ),
)


def test_failed_migration_leaves_old_database_intact(home: Path) -> None:
    attempt_id = make_v1_with_data(home)
    with pytest.raises(StoreError, match="0002-broken") as caught:
        Store.open(home, migrations=(*MIGRATIONS[:1], BROKEN))
    assert "left at version 1" in caught.value.message
    db = raw(home)
    assert db.execute("PRAGMA user_version").fetchone() == (1,)
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert "extra" not in tables
    columns = {row[1] for row in db.execute("PRAGMA table_info(attempts)")}
    assert "note" not in columns
    assert [r[0] for r in db.execute("SELECT name FROM migrations")] == ["0001-initial"]
    db.close()
    with Store.open(home, migrations=MIGRATIONS[:1]) as store:
        assert store.answers(attempt_id) == {"q1": 4}


def test_second_open_does_not_reapply_migrations(home: Path) -> None:
    steps = (*MIGRATIONS[:1], COUNTING)
    Store.open(home, migrations=steps).close()
    applied = raw(home).execute("SELECT name, applied_at FROM migrations").fetchall()
    Store.open(home, migrations=steps).close()
    Store.open(home, migrations=steps).close()
    db = raw(home)
    assert db.execute("SELECT count(*) FROM counter").fetchone() == (1,)
    assert db.execute("SELECT name, applied_at FROM migrations").fetchall() == applied
    assert db.execute("PRAGMA user_version").fetchone() == (2,)


def test_backup_is_made_before_migrating_existing_data(home: Path) -> None:
    attempt_id = make_v1_with_data(home)
    with Store.open(home, migrations=(*MIGRATIONS[:1], COUNTING)) as store:
        assert store.answers(attempt_id) == {"q1": 4}
    backup = home / f"{DB_NAME}.bak-v1"
    assert backup.is_file()
    assert mode(backup) == 0o600
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone() == (1,)
    assert copy.execute("SELECT value FROM answers").fetchall() == [("4",)]
    copy.close()
    assert raw(home).execute("PRAGMA user_version").fetchone() == (2,)
    assert not [p for p in home.iterdir() if "partial" in p.name]


def test_no_backup_for_a_new_database(home: Path) -> None:
    Store.open(home).close()
    assert not list(home.glob("*.bak-*"))


def test_failed_migration_names_the_backup(home: Path) -> None:
    make_v1_with_data(home)
    with pytest.raises(StoreError) as caught:
        Store.open(home, migrations=(*MIGRATIONS[:1], BROKEN))
    assert f"{DB_NAME}.bak-v1" in caught.value.message
    assert (home / f"{DB_NAME}.bak-v1").is_file()


# -- files that cannot be used -------------------------------------------------------


def _assert_untouched(home: Path, before: bytes, error: StoreError) -> None:
    assert file_bytes(home) == before
    assert error.exit_code == EXIT_FAILURE
    for line in error.lines():
        assert "Traceback" not in line


@pytest.mark.parametrize(
    "content",
    [
        bytes(range(256)) * 64,
        b"hello",
        b"SQLite format 3\x00" + b"\xff" * 4000,
    ],
    ids=["garbage", "short", "bad-header"],
)
def test_corrupt_file_is_refused_and_untouched(home: Path, content: bytes) -> None:
    home.mkdir()
    (home / DB_NAME).write_bytes(content)
    with pytest.raises(StoreError) as caught:
        Store.open(home)
    message = " ".join(caught.value.lines())
    assert "damaged" in message
    assert "left untouched" in message
    assert "Move it aside" in message
    _assert_untouched(home, content, caught.value)


def test_truncated_database_is_refused_and_untouched(home: Path) -> None:
    _fill_and_close(home)
    truncated = file_bytes(home)[: 4096 * 2]
    (home / DB_NAME).write_bytes(truncated)
    with pytest.raises(StoreError, match="damaged") as caught, Store.open(home) as store:
        store.attempts("ana")
    _assert_untouched(home, truncated, caught.value)


def _fill_and_close(home: Path) -> None:
    with Store.open(home) as store:
        for n in range(30):
            attempt = store.begin_attempt("ana", make_bank(), ["q1", "q2"], n, T0)
            store.save_answers(attempt.id, {"q1": 1, "q2": 2}, at(1))


def test_newer_database_is_refused_and_untouched(home: Path) -> None:
    Store.open(home).close()
    db = raw(home)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    before = file_bytes(home)
    with pytest.raises(StoreError, match="newer leadquiz") as caught:
        Store.open(home)
    assert "Upgrade leadquiz" in caught.value.hint
    _assert_untouched(home, before, caught.value)


def test_foreign_sqlite_file_is_refused_and_untouched(home: Path) -> None:
    home.mkdir()
    db = sqlite3.connect(home / DB_NAME)
    db.execute("CREATE TABLE notes (x)")
    db.commit()
    db.close()
    before = file_bytes(home)
    with pytest.raises(StoreError, match="not a leadquiz history") as caught:
        Store.open(home)
    _assert_untouched(home, before, caught.value)


def test_home_that_is_a_file(home: Path) -> None:
    home.write_bytes(b"not a directory")
    with pytest.raises(StoreError, match="is a file, not a directory") as caught:
        Store.open(home)
    assert "LEADQUIZ_HOME" in caught.value.hint
    assert home.read_bytes() == b"not a directory"


def test_home_under_a_file_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(StoreError, match="Cannot create the leadquiz data directory"):
        Store.open(tmp_path / "plain" / "home")


def test_database_that_is_a_directory(home: Path) -> None:
    (home / DB_NAME).mkdir(parents=True)
    with pytest.raises(StoreError, match="is a directory"):
        Store.open(home)


def test_read_only_database(home: Path) -> None:
    Store.open(home).close()
    os.chmod(home / DB_NAME, 0o400)
    try:
        before = file_bytes(home)
        if modes_ignored(home / DB_NAME):
            assert "is read-only" in refusal_as_root(home / DB_NAME, home)
            assert file_bytes(home) == before
            return
        with pytest.raises(StoreError, match="read-only") as caught:
            Store.open(home)
        _assert_untouched(home, before, caught.value)
    finally:
        os.chmod(home / DB_NAME, 0o600)


def test_home_not_writable(home: Path) -> None:
    home.mkdir()
    os.chmod(home, 0o500)
    try:
        if modes_ignored(home):
            assert "is not writable" in refusal_as_root(home, home)
            return
        with pytest.raises(StoreError, match="not writable"):
            Store.open(home)
    finally:
        os.chmod(home, 0o700)


def test_home_cannot_be_created_in_read_only_parent(tmp_path: Path) -> None:
    parent = tmp_path / "locked"
    parent.mkdir()
    os.chmod(parent, 0o500)
    try:
        if modes_ignored(parent):
            refusal = refusal_as_root(parent, parent / "home")
            assert refusal.startswith("Cannot create the leadquiz data directory"), refusal
            assert not (parent / "home").exists()
            return
        with pytest.raises(StoreError, match="Cannot create the leadquiz data directory"):
            Store.open(parent / "home")
    finally:
        os.chmod(parent, 0o700)


@pytest.mark.parametrize(
    ("sqlite_message", "expected"),
    [
        ("file is not a database", "is damaged"),
        ("database disk image is malformed", "is damaged"),
        ("database or disk is full", "the disk is full"),
        ("attempt to write a readonly database", "is read-only"),
        ("database is locked", "locked by another program"),
        ("unable to open database file", "Cannot open the history database"),
        ("disk I/O error", "disk I/O error"),
        ("something else", "failed: something else"),
    ],
)
def test_sqlite_errors_are_mapped_in_one_place(sqlite_message: str, expected: str) -> None:
    error = store_error(sqlite3.OperationalError(sqlite_message), Path("/x/leadquiz.db"), 10)
    assert isinstance(error, StoreError)
    assert expected in error.message
    assert "/x/leadquiz.db" in error.message


def test_errors_inside_a_transaction_roll_back(store: Store, home: Path) -> None:
    attempt = store.begin_attempt("ana", make_bank(), order_of(make_bank()), 1, T0)
    with pytest.raises(TypeError):
        store.save_answers(attempt.id, {"q1": 1, "q2": True}, at(1))
    assert not store._conn.in_transaction
    assert store.answers(attempt.id) == {}
