"""Sturdiness, round three (issue 25): what an adversarial pass still broke, through the CLI.

Forget reaches every copy (at every schema version), completion variables in
an ordinary run, and ``forget`` of nobody. Real processes (``leadquiz`` on the
PATH of the venv) where the entry point matters.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pytest

from cli_runs import Run, invoke_clean
from leadquiz.banks.loader import load_bank
from leadquiz.errors import StoreError
from leadquiz.store.database import DB_NAME, Store
from leadquiz.store.migrations import MIGRATIONS
from terminal_runs import spawn_in_terminal, wait_until_reading

DATA = Path(__file__).parent / "data"
MINI_PATH = DATA / "mini.yaml"
MINI = load_bank(MINI_PATH)
GOOD = (
    "answers:\n  goals-kpi: 2\n  goals-dream: 4\n  goals-plan: a\n  risk-safe: 1\n  risk-bet: b\n"
)
LEADQUIZ = Path(sys.executable).with_name("leadquiz")
#: The person to forget, as typed (capitals: stored so by copies made before schema 7).
TYPED = "Dana-Gone-7f3a"
MARK = b"gone-7f3a"


def cli(*args: str) -> Run:
    return invoke_clean(list(args))


def take_as(user: str, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD, encoding="utf-8")
    run = cli("take", "-b", str(MINI_PATH), "--answers", str(answers), "-u", user)
    assert run.code == 0, run.output


# --- 1 and 12. forget reaches every copy, at every schema version -----------------------


def history_at(path: Path, version: int, users: list[str]) -> None:
    """A history at schema ``version`` holding, for each user as typed, a row of every kind.

    Written with plain SQL as the leadquiz of that version stored them (names as
    typed before schema 7): an attempt with an answer, from schema 4 a role
    profile with a rating, from schema 5 an observer form with its response.
    """
    home = path.parent / f"make-v{version}"
    Store.open(home, migrations=MIGRATIONS[:version]).close()
    conn = sqlite3.connect(home / DB_NAME, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute(
        "INSERT INTO banks (digest, bank_id, version, snapshot) VALUES ('d1', 'mini', '1', '{}')"
    )
    for number, typed in enumerate(users, start=1):
        user = typed.lower() if version >= 7 else typed
        conn.execute(
            "INSERT INTO attempts (id, user, bank_digest, bank_id, bank_version,"
            " question_order, started_at) VALUES (?, ?, 'd1', 'mini', '1', '[]', '2026')",
            (number, user),
        )
        conn.execute(
            "INSERT INTO answers VALUES (?, 'goals-kpi', ?, '2026')", (number, f'"{typed}"')
        )
        if version >= 4:
            conn.execute(
                "INSERT INTO role_profiles (id, user, bank_id, bank_version, bank_digest,"
                " started_at) VALUES (?, ?, 'mini', '1', 'd1', '2026')",
                (number, user),
            )
            conn.execute("INSERT INTO role_ratings VALUES (?, ?, 3, '2026')", (number, typed))
        if version >= 5:
            conn.execute(
                "INSERT INTO observer_forms (id, user, name, bank_digest, bank_id, bank_version,"
                " attempt_id, issued_at) VALUES (?, ?, ?, 'd1', 'mini', '1', ?, '2026')",
                (f"form-{typed}", user, f"observer of {typed}", number),
            )
            conn.execute(
                "INSERT INTO observer_responses VALUES (?, ?, ?, 'peer', ?, '2026')",
                (f"form-{typed}", user, number, f'{{"who": "{typed}"}}'),
            )
    conn.close()
    (home / DB_NAME).rename(path)


def rows_naming(path: Path, needle: str) -> dict[str, int]:
    """Per table of ``path``, how many rows hold ``needle`` in any column (any case)."""
    conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        found = {}
        for table in tables:
            columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
            test = " OR ".join(f"lower(CAST({c} AS TEXT)) LIKE ?" for c in columns)
            count = conn.execute(
                f"SELECT count(*) FROM {table} WHERE {test}", [f"%{needle.lower()}%"] * len(columns)
            ).fetchone()[0]
            if count:
                found[table] = count
        return found
    finally:
        conn.close()


def test_forget_removes_the_person_from_a_copy_of_every_schema_version(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    take_as("kept", tmp_path)
    copies = []
    for version in range(1, len(MIGRATIONS) + 1):
        # Every version both as an upgrade copy and as a history restore set aside.
        for name in (f"{DB_NAME}.bak-v{version}", f"{DB_NAME}.set-aside-20260101T00000{version}"):
            history_at(leadquiz_home / name, version, [TYPED, "Kept-Too"])
            assert rows_naming(leadquiz_home / name, TYPED)["attempts"] == 1
            copies.append(leadquiz_home / name)

    run = cli("forget", "--user", TYPED.lower(), "--yes")

    assert run.code == 0, run.output
    assert "There is no saved data for 'dana-gone-7f3a' in the history." in run.stderr
    for copy in copies:
        assert f"Rewritten without them: {copy}\n" in run.stderr
        assert rows_naming(copy, TYPED) == {}, copy
        assert MARK not in copy.read_bytes().lower(), copy
        kept = rows_naming(copy, "Kept-Too")
        version = int(copy.name[-1])
        expected = {"attempts", "answers"}
        expected |= {"role_profiles", "role_ratings"} if version >= 4 else set()
        expected |= {"observer_forms", "observer_responses"} if version >= 5 else set()
        assert set(kept) == expected, copy
        # Its bank snapshot is still used by the other person, so it stays.
        conn = sqlite3.connect(copy)
        assert conn.execute("SELECT count(*) FROM banks").fetchone()[0] == 1
        conn.close()


def test_forget_reaches_the_history_restore_set_aside_and_its_temporary_files(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    take_as(TYPED, tmp_path)
    take_as("kept", tmp_path)
    backup = tmp_path / "before.db"
    assert cli("backup", str(backup)).code == 0
    # The person's data after the backup: restore sets the history with it aside.
    take_as(TYPED, tmp_path)
    assert cli("restore", str(backup)).code == 0
    [aside] = leadquiz_home.glob(f"{DB_NAME}.set-aside-*")
    restoring = leadquiz_home / f".{DB_NAME}.restoring-4242"
    restoring.write_bytes(backup.read_bytes())  # what an interrupted restore leaves
    half = leadquiz_home / f".{DB_NAME}.set-aside-20260101T000000.partial-4242"
    half.write_bytes(backup.read_bytes()[:4096])

    run = cli("forget", "--user", TYPED, "--yes")

    assert run.code == 0, run.output
    assert f"Rewritten without them: {aside}\n" in run.stderr
    for gone in (restoring, half):
        assert f"Deleted (it could hold them and could not be rewritten): {gone}\n" in run.stderr
        assert not gone.exists()
    for path in leadquiz_home.iterdir():
        if path.is_file():
            assert MARK not in path.read_bytes().lower(), path
    assert rows_naming(aside, "kept") != {}


def test_forget_of_someone_nowhere_is_refused_as_an_unknown_attempt_is(tmp_path: Path) -> None:
    take_as("kept", tmp_path)
    for args in (["--user", "nobody", "--yes"], ["--attempt", "99", "--yes"]):
        run = cli("forget", *args)
        assert run.code == 2, run.output
        assert run.stderr.startswith("Error: there is no ")
    assert cli("forget", "--user", "Kep", "--yes").stderr == (
        "Error: there is no saved data for 'kep'; nothing was deleted\n"
        "Users with data and a similar name: 'kept'.\n"
    )


# --- 7. completion variables in an ordinary run -------------------------------------------


def run_as(program: Path, args: list[str], environ: dict[str, str]) -> tuple[int, str, str]:
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "80", **environ}
    done = subprocess.run(
        [str(program), *args], capture_output=True, text=True, env=env, check=False
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize(
    "environ",
    [
        {"_LEADQUIZ_COMPLETE": ""},
        {"_LEADQUIZ_COMPLETE": "", "COMP_CWORD": "x", "COMP_WORDS": "leadquiz us"},
        {"COMP_CWORD": "not a number"},
    ],
    ids=["empty", "empty-with-bash-words", "stray-cword"],
)
def test_an_empty_or_stray_completion_variable_is_an_ordinary_run(
    environ: dict[str, str], tmp_path: Path
) -> None:
    take_as("kept", tmp_path)
    code, out, err = run_as(LEADQUIZ, ["users"], environ)
    assert (code, err) == (0, "")
    assert "kept" in out


def test_a_completion_cursor_that_is_no_number_is_refused_plainly() -> None:
    for cursor in ("x", "", "+1", "1_0", " 1"):
        environ = {"_LEADQUIZ_COMPLETE": "complete_bash", "COMP_WORDS": "leadquiz us"}
        code, out, err = run_as(LEADQUIZ, [], {**environ, "COMP_CWORD": cursor})
        assert code == 1
        assert out == ""
        assert err == (
            f"leadquiz: shell completion needs COMP_CWORD to be a number, not {cursor!r}.\n"
            "Set it up again with: leadquiz --install-completion\n"
        )
    # A good cursor still completes.
    good = {"_LEADQUIZ_COMPLETE": "complete_bash", "COMP_WORDS": "leadquiz us", "COMP_CWORD": "1"}
    assert run_as(LEADQUIZ, [], good)[:2] == (0, "users\n")


def test_under_another_name_only_its_own_completion_variable_counts(
    tmp_path: Path,
) -> None:
    take_as("kept", tmp_path)
    other = tmp_path / "lq"
    other.symlink_to(LEADQUIZ)
    leftover = {"_LEADQUIZ_COMPLETE": "complete_bash", "COMP_WORDS": "lq us", "COMP_CWORD": "1"}
    code, out, err = run_as(other, ["users"], leftover)
    assert (code, err) == (0, "")
    assert "kept" in out
    own = {"_LQ_COMPLETE": "complete_bash", "COMP_WORDS": "lq us", "COMP_CWORD": "1"}
    assert run_as(other, [], own)[:2] == (0, "users\n")


# --- 2. restore checks a file as strictly as opening does -------------------------------


def test_restore_refuses_an_sqlite_file_that_only_looks_like_a_history(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    take_as("kept", tmp_path)
    before = (leadquiz_home / DB_NAME).read_bytes()
    lookalike = tmp_path / "lookalike.db"
    conn = sqlite3.connect(lookalike)
    conn.execute("CREATE TABLE attempts (id INTEGER PRIMARY KEY, user TEXT)")
    conn.execute("INSERT INTO attempts (user) VALUES ('x')")
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()

    run = cli("restore", str(lookalike))

    assert run.code == 2, run.output
    assert run.stderr == (
        f"Error: {lookalike} is not a leadquiz history; nothing was changed\n"
        "Give a file made by 'leadquiz backup'.\n"
    )
    assert (leadquiz_home / DB_NAME).read_bytes() == before
    assert not list(leadquiz_home.glob(f"{DB_NAME}.set-aside-*"))
    assert cli("history", "-u", "kept").code == 0


# --- 3. a foreign file is never written through its journal or log ----------------------

#: Leaves a foreign SQLite file at argv[1] as a process killed mid-write leaves it.
INTERRUPTED_WRITER = """
import os, sqlite3, sys
mode = sys.argv[2]
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute(f"PRAGMA journal_mode = {mode}")
conn.execute("CREATE TABLE notes (body TEXT)")
conn.execute("INSERT INTO notes VALUES ('kept by another program')")
if mode == "DELETE":
    conn.execute("PRAGMA cache_size = 1")  # dirty pages spill into the file at once
    conn.execute("BEGIN")
conn.execute(
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)"
    " INSERT INTO notes SELECT hex(randomblob(500)) FROM n"
)
os._exit(0)  # no commit, no checkpoint: a hot journal, or a log not merged
"""


@pytest.mark.parametrize(("mode", "side"), [("DELETE", "-journal"), ("WAL", "-wal")])
def test_a_foreign_file_with_a_hot_journal_or_log_is_left_byte_for_byte(
    leadquiz_home: Path, mode: str, side: str
) -> None:
    leadquiz_home.mkdir(mode=0o700)
    database = leadquiz_home / DB_NAME
    subprocess.run([sys.executable, "-c", INTERRUPTED_WRITER, str(database), mode], check=True)
    journal = database.with_name(DB_NAME + side)
    assert journal.stat().st_size > 0

    def files() -> dict[str, bytes]:
        return {path.name: path.read_bytes() for path in leadquiz_home.iterdir() if path.is_file()}

    before = files()

    answers = leadquiz_home.parent / "answers.yaml"
    answers.write_text(GOOD, encoding="utf-8")
    for args in (["history"], ["users"], ["take", "-b", str(MINI_PATH), "--answers", str(answers)]):
        run = cli(*args)
        assert run.code == 1, run.output
        assert "is an SQLite database but not a leadquiz history; it was left untouched" in (
            run.stderr.replace("\n", " ")
        )
        # True to its word: not a byte of the file, its journal or log changed.
        assert files() == before


# --- 4. restore cannot run under a live writer --------------------------------------------


def answer_one(child: pexpect.spawn) -> None:
    child.expect_exact("Your answer")
    child.expect_exact(":")
    child.sendline("3" if "1-5" in str(child.before) else "a")
    child.expect_exact("✓")


@pytest.mark.pty
@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_restore_is_refused_while_a_take_is_answering(
    leadquiz_home: Path, tmp_path: Path, children: list[pexpect.spawn]
) -> None:
    take_as("kept", tmp_path)
    backup = tmp_path / "before.db"
    assert cli("backup", str(backup)).code == 0
    child = spawn_in_terminal(leadquiz_home, children, "take", "-b", "quick", "--seed", "1")
    for _ in range(2):
        answer_one(child)
    child.expect_exact("Your answer")
    wait_until_reading(child)
    before = (leadquiz_home / DB_NAME).stat().st_ino

    code, out, err = run_as(LEADQUIZ, ["restore", str(backup)], {})

    assert (code, out) == (1, "")
    assert err.startswith(
        f"Error: Attempt 2 is being answered in another leadquiz run (process {child.pid} on host "
    )
    assert err.endswith("Nothing was changed.\nFinish or pause that run (q), then restore again.\n")
    assert (leadquiz_home / DB_NAME).stat().st_ino == before
    assert not list(leadquiz_home.glob(f"{DB_NAME}.set-aside-*"))
    # The take goes on, and what it saves is in the history; paused, restore may go ahead.
    child.sendline("3")
    child.expect_exact("✓")
    child.expect_exact("Your answer")
    wait_until_reading(child)
    child.sendline("q")
    child.expect(pexpect.EOF)
    child.close()
    with Store.open(leadquiz_home) as store:
        assert len(store.answers(2)) == 3
    assert run_as(LEADQUIZ, ["restore", str(backup)], {})[0] == 0
    [aside] = leadquiz_home.glob(f"{DB_NAME}.set-aside-*")
    conn = sqlite3.connect(aside)
    assert conn.execute("SELECT count(*) FROM answers WHERE attempt_id = 2").fetchone() == (3,)
    conn.close()


def test_a_write_into_a_history_restore_replaced_is_refused(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    take_as("kept", tmp_path)
    backup = tmp_path / "before.db"
    assert cli("backup", str(backup)).code == 0
    with Store.open(leadquiz_home) as store:
        attempt = store.begin_attempt("late", MINI, [q.id for q in MINI.questions], 1, "2026")
        assert cli("restore", str(backup)).code == 0  # between two answers of that run
        with pytest.raises(StoreError) as caught:
            store.record_answer(attempt.id, "goals-kpi", 2, "2026")
    assert caught.value.message == (
        f"The history {leadquiz_home / DB_NAME} was replaced (by 'leadquiz restore') while this "
        "run had it open; this change was not saved."
    )


# --- 5. reading commands never need to write ------------------------------------------------

#: Run in a private mount namespace (``unshare -m``): a small tmpfs holds the data, one
#: attempt is taken, the disk is then filled or made read-only, and each reading command
#: runs. Prints one JSON line: [[command, exit code, stderr], ...].
ON_A_SMALL_DISK = """
import json, os, subprocess, sys, tempfile
leadquiz, answers, bank, how, elsewhere = sys.argv[1:6]
disk = tempfile.mkdtemp(prefix="leadquiz-disk-")
subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", disk], check=True)
env = {**os.environ, "LEADQUIZ_HOME": os.path.join(disk, "home"), "LEADQUIZ_USER": "tester"}
def run(*args):
    done = subprocess.run([leadquiz, *args], env=env, capture_output=True, text=True)
    return [" ".join(args), done.returncode, done.stderr]
try:
    assert run("take", "-b", bank, "--answers", answers)[1] == 0
    if how == "full":
        with open(os.path.join(disk, "filler"), "wb") as filler:
            try:
                while True:
                    filler.write(b"x" * 65536)
                    filler.flush()
            except OSError:
                pass
    else:
        subprocess.run(["mount", "-o", "remount,ro", disk], check=True)
    runs = [
        run("history"),
        run("users"),
        run("report"),
        run("export", "-o", os.path.join(elsewhere, "report.md")),
        run("backup", os.path.join(elsewhere, "copy.db")),
        run("take", "-b", bank, "--answers", answers),
    ]
    print(json.dumps(runs))
finally:
    subprocess.run(["umount", "-l", disk], check=False)
"""


def small_disk_runs(how: str, tmp_path: Path) -> list[list[object]]:
    """What each reading command did on a full or read-only data disk (skips if none can be)."""
    import json
    import shutil

    if shutil.which("unshare") is None or shutil.which("mount") is None:
        pytest.skip("needs unshare and mount to make a small disk")
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt && umount /mnt"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"the kernel refuses a private tmpfs here: {probe.stderr.decode().strip()}")
    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD, encoding="utf-8")
    elsewhere = tmp_path / "rescue"
    elsewhere.mkdir()
    script = [sys.executable, "-c", ON_A_SMALL_DISK]
    args = [str(LEADQUIZ), str(answers), str(MINI_PATH), how, str(elsewhere)]
    done = subprocess.run(
        ["unshare", "-m", *script, *args], capture_output=True, text=True, check=True
    )
    runs: list[list[object]] = json.loads(done.stdout)
    assert (elsewhere / "report.md").read_text(encoding="utf-8").startswith("# ")
    copy = sqlite3.connect(elsewhere / "copy.db")
    assert copy.execute("SELECT count(*) FROM attempts").fetchone() == (1,)
    copy.close()
    return runs


@pytest.mark.parametrize("how", ["full", "read-only"])
def test_reading_commands_work_on_a_full_or_read_only_data_disk(how: str, tmp_path: Path) -> None:
    *reading, writing = small_disk_runs(how, tmp_path)
    assert [(command, code) for command, code, _ in reading] == [
        ("history", 0),
        ("users", 0),
        ("report", 0),
        (f"export -o {tmp_path / 'rescue' / 'report.md'}", 0),
        (f"backup {tmp_path / 'rescue' / 'copy.db'}", 0),
    ]
    assert all("Cannot write" not in str(stderr) for *_, stderr in reading)
    # Taking the quiz does need to write: refused plainly, as before.
    _command, code, stderr = writing
    assert code == 1
    assert str(stderr).startswith("Error: ")
    assert "internal error" not in str(stderr)


# --- 6. every write has a plain error on every OS error ---------------------------------

#: Run by ``unshare -m``: make argv[2] read-only with a private bind mount, then run
#: ``leadquiz`` (argv[1]) with the rest of argv; print its exit code and stderr as JSON.
UNDER_A_READ_ONLY_FOLDER = """
import json, subprocess, sys
leadquiz, folder, *args = sys.argv[1:]
subprocess.run(["mount", "--make-rprivate", "/"], check=True)
subprocess.run(["mount", "--bind", folder, folder], check=True)
subprocess.run(["mount", "-o", "remount,bind,ro", folder], check=True)
done = subprocess.run([leadquiz, *args], capture_output=True, text=True)
print(json.dumps([done.returncode, done.stdout, done.stderr]))
"""


def in_read_only_folder(folder: Path, *args: str) -> tuple[int, str, str]:
    """Run ``leadquiz ARGS`` with ``folder`` read-only (a bind mount; even root cannot write)."""
    import json

    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount --bind / /mnt && umount /mnt"],
        capture_output=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.skip(f"no private read-only mount here: {probe.stderr.decode().strip()}")
    script = [sys.executable, "-c", UNDER_A_READ_ONLY_FOLDER, str(LEADQUIZ), str(folder)]
    done = subprocess.run(
        ["unshare", "-m", *script, *args], capture_output=True, text=True, check=True
    )
    code, out, err = json.loads(done.stdout)
    return code, out, err


def test_export_into_a_read_only_folder_is_a_plain_error(tmp_path: Path) -> None:
    take_as("kept", tmp_path)
    folder = tmp_path / "locked"
    folder.mkdir()
    for extra in ([], ["--force"]):
        code, out, err = in_read_only_folder(
            folder, "export", "-u", "kept", "-o", str(folder / "report.md"), *extra
        )
        assert (code, out) == (1, "")
        assert err == f"Error: cannot write in {str(folder)!r}: Read-only file system\n"
    assert list(folder.iterdir()) == []


# --- 8. --force replaces only a regular file that is not leadquiz's own ---------------------


def test_force_never_replaces_the_history_its_copies_a_link_a_device_or_a_pipe(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    take_as("kept", tmp_path)
    history = leadquiz_home / DB_NAME
    assert cli("backup", str(tmp_path / "b.db")).code == 0
    copy = leadquiz_home / f"{DB_NAME}.bak-v3"
    copy.write_bytes(history.read_bytes())
    linked = tmp_path / "linked.db"
    os.link(history, linked)  # the history under another name
    precious = tmp_path / "precious.txt"
    precious.write_text("mine\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(precious)
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    before = {path: path.read_bytes() for path in (history, copy, precious)}
    refusals = {
        history: "is leadquiz's own history (or one of its copies); --force never replaces it",
        copy: "is leadquiz's own history (or one of its copies); --force never replaces it",
        linked: "is leadquiz's own history (or one of its copies); --force never replaces it",
        link: "is a symbolic link; --force replaces only a regular file, never a link or",
        pipe: "is not a regular file (a device, a pipe or a socket); --force replaces only",
        Path("/dev/null"): "is not a regular file (a device, a pipe or a socket)",
    }
    for target, words in refusals.items():
        for command in (["export", "-u", "kept", "-o"], ["backup"]):
            run = cli(*command, str(target), "--force")
            assert run.code == 2, (command, target, run.output)
            assert words in run.stderr.replace("\n", " "), (command, target, run.stderr)
    assert {path: path.read_bytes() for path in before} == before
    assert link.is_symlink()
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    # A regular file of one's own is still replaced.
    assert cli("export", "-u", "kept", "-o", str(precious), "--force").code == 0
    assert precious.read_text(encoding="utf-8").startswith("# ")


# --- 9. numbers are plain decimal integers in every file ------------------------------------

LAX_NUMBERS = ["0x4", "04", "+4", "4_", "0b100", "1:0", "4_0"]


@pytest.mark.parametrize("written", LAX_NUMBERS)
def test_an_answer_written_as_a_number_in_disguise_is_refused_plainly(
    written: str, tmp_path: Path, leadquiz_home: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(GOOD.replace("goals-kpi: 2", f"goals-kpi: {written}"), encoding="utf-8")
    run = cli("take", "-b", str(MINI_PATH), "--answers", str(answers))
    assert run.code == 2, run.output
    assert run.stderr == (
        f"{answers}:2:14: the answer to 'goals-kpi' must be a whole number from 1 to 5, "
        f"not {written!r}; write it as plain digits (no sign, 0x, leading 0 or _)\n"
    )
    assert (
        not (leadquiz_home / DB_NAME).exists()
        or rows_naming(leadquiz_home / DB_NAME, "goals-kpi") == {}
    )


def test_a_quoted_number_is_refused_with_what_to_write(tmp_path: Path) -> None:
    yaml_file = tmp_path / "answers.yaml"
    yaml_file.write_text(GOOD.replace("goals-kpi: 2", 'goals-kpi: "2"'), encoding="utf-8")
    json_file = tmp_path / "answers.json"
    json_file.write_text(
        '{"answers": {"goals-kpi": "2", "goals-dream": 4, "goals-plan": "a",'
        ' "risk-safe": 1, "risk-bet": "b"}}',
        encoding="utf-8",
    )
    for path, column in ((yaml_file, 14), (json_file, 27)):
        run = cli("take", "-b", str(MINI_PATH), "--answers", str(path))
        assert run.code == 2, run.output
        assert run.stderr == (
            f"{path}:{2 if path is yaml_file else 1}:{column}: the answer to 'goals-kpi' must be "
            "a whole number from 1 to 5, not '2'; in quotes it is text: write it as 2, "
            "without quotes\n"
        )
    # A plain 2, and a quoted option key of a choice question, are what they always were.
    good = tmp_path / "good.yaml"
    good.write_text(GOOD.replace("goals-plan: a", 'goals-plan: "a"'), encoding="utf-8")
    assert cli("take", "-b", str(MINI_PATH), "--answers", str(good)).code == 0


def test_a_role_file_takes_plain_numbers_only(tmp_path: Path) -> None:
    from leadquiz.banks.loader import resolve_bank

    areas = [d.id for d in resolve_bank("core").dimensions]
    lines = ["role:", *(f"  {area}: 3" for area in areas), "leading_share: 0x32"]
    role = tmp_path / "role.yaml"
    role.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = cli("role", "--answers", str(role))
    assert run.code == 2, run.output
    assert run.stderr.endswith(
        "leading_share must be a whole number from 0 to 100, not '0x32'; "
        "write it as plain digits (no sign, 0x, leading 0 or _)\n"
    )
    role.write_text(role.read_text().replace("0x32", "50"), encoding="utf-8")
    assert cli("role", "--answers", str(role)).code == 0


# --- 10. names allow no line breaks of any kind ---------------------------------------------

LINE_BREAKS = ["\u2028", "\u2029", "\u0085", "\v", "\f", "\r", "\n"]


@pytest.mark.parametrize("brk", LINE_BREAKS, ids=lambda c: f"U+{ord(c):04X}")
def test_no_name_holds_a_line_break(brk: str, tmp_path: Path, leadquiz_home: Path) -> None:
    take_as("kept", tmp_path)
    form = tmp_path / "form.yaml"
    invited = cli("invite", "--name", f"Dana{brk}K.", "-o", str(form))
    assert invited.code == 2, invited.output
    assert invited.stderr.startswith("Error: the name to show contains control")
    assert not form.exists()
    for command in ("history", "take"):
        run = cli(command, "-u", f"dana{brk}k")
        assert run.code == 2, run.output
        assert "cannot be used: it contains" in run.stderr
    with Store.open(leadquiz_home) as store:
        assert not store.has_forms("kept")


# --- 11. an interrupted import says what it stored ------------------------------------------

#: ``leadquiz import`` through its entry point, sent a real SIGTERM (or SIGINT) by itself
#: the moment its response number argv[1] is committed: a long import stopped half-way.
IMPORT_STOPPED_AT = """
import os, signal, sys
from leadquiz.cli.application import main
from leadquiz.store.observers import ObserverStore
at, signum = int(sys.argv[1]), getattr(signal, sys.argv[2])
stored = ObserverStore.store_response
calls = []
def store_then_stop(self, *args, **kwargs):
    stored(self, *args, **kwargs)
    calls.append(1)
    if len(calls) == at:
        os.kill(os.getpid(), signum)
ObserverStore.store_response = store_then_stop
sys.argv = ["leadquiz", "import", *sys.argv[3:]]
main()
"""


@pytest.mark.parametrize(("signame", "code"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_stopped_import_says_which_files_it_stored_and_which_not(
    signame: str, code: int, tmp_path: Path, leadquiz_home: Path
) -> None:
    from observer_runs import responses, stored_responses, take

    take(tmp_path)
    files = responses(tmp_path, ["peer", "manager", "peer", "direct report", "other"])
    env = {**os.environ, "LEADQUIZ_HOME": str(leadquiz_home), "LEADQUIZ_USER": "tester"}
    args = [sys.executable, "-c", IMPORT_STOPPED_AT, "2", signame, *map(str, files)]
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)

    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr
    forms = [path.name.removeprefix("leadquiz-form-").split(".")[0] for path in files]
    assert done.stderr.startswith(
        f"Imported {files[0]} (form {forms[0]}, attempt 1).\n"
        f"Imported {files[1]} (form {forms[1]}, attempt 1).\n"
        "Stopped after storing 2 of 5 files.\n"
        f"Not stored (3), import them again: {files[2]} {files[3]} {files[4]}\n"
    )
    assert stored_responses(leadquiz_home) == 2
    # Importing them all again stores the rest and refuses the two already in.
    again = cli("import", *map(str, files))
    assert again.code == 2
    assert stored_responses(leadquiz_home) == 5
