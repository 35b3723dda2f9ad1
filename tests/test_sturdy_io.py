"""Sturdiness, round two, input and output: any value, any file, any output, any signal.

Items 8 to 16 of the issue, each as a class: pathological values are
FILE:LINE errors; FIFOs, devices and directories are refused at once; output
that cannot be written (closed, full, a reader gone) is a plain line or a
quiet end, for every command; SIGHUP keeps the answers; text read back from
the database never reaches the terminal or an export as a control sequence;
invisible characters are refused and names have one form; markdown makes no
link, mention, emoji or maths of untrusted text; narrow consoles cut nothing;
a clock set back reorders nothing. Through the real CLI, in-process or in real
processes and pseudo-terminals where the process itself matters.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from cli_runs import Run, invoke_clean
from leadquiz.banks.loader import load_bank
from leadquiz.store.database import DB_NAME, Store
from leadquiz.store.migrations import MIGRATIONS
from leadquiz.text import is_forbidden, neutralise
from terminal_runs import spawn_in_terminal, spawn_shell, wait_until_reading

DATA = Path(__file__).parent / "data"
MINI_PATH = DATA / "mini.yaml"
MINI = load_bank(MINI_PATH)
GOOD = {"goals-kpi": "2", "goals-dream": "4", "goals-plan": "a", "risk-safe": "1", "risk-bet": "b"}
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX files and signals")


def cli(*args: str, stdin: str | None = None) -> Run:
    return invoke_clean(list(args), stdin=stdin)


def answers_yaml(path: Path, values: dict[str, str] | None = None) -> Path:
    lines = [f"  {key}: {value}" for key, value in (values or GOOD).items()]
    path.write_text("answers:\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def take_as(user: str, tmp_path: Path) -> Run:
    run = cli("take", "-b", str(MINI_PATH), "--answers", str(answers_yaml(tmp_path / "a.yaml")))
    if user != "tester":
        run = cli("take", "-b", str(MINI_PATH), "--answers", str(tmp_path / "a.yaml"), "-u", user)
    assert run.code == 0, run.output
    return run


def process(*args: str, home: Path, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEADQUIZ_HOME": str(home), "LEADQUIZ_USER": "tester"}
    return subprocess.run(
        [sys.executable, "-m", "leadquiz", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def shell(command: str, home: Path) -> subprocess.CompletedProcess[str]:
    """Run ``command`` in sh, where ``LQ`` runs leadquiz (for ``>&-``, ``<&-`` and pipes)."""
    env = {
        **os.environ,
        "LEADQUIZ_HOME": str(home),
        "LEADQUIZ_USER": "tester",
        "LQ": f"{sys.executable} -m leadquiz",
    }
    return subprocess.run(
        ["sh", "-c", command], env=env, capture_output=True, text=True, timeout=60, check=False
    )


# --- 8. any value in an answers file or a bank is FILE:LINE and exit 2 ----------------------

PATHOLOGICAL = [
    "9" * 5000,
    "-" + "9" * 5000,
    "1e400",
    ".nan",
    "-.inf",
    "0x1F",
    "3.0",
    "~",
    "2024-01-01",
    "12:30",
    "yes",
    "[1, [2, [3]]]",
    "{a: {b: 1}}",
    "'\\x00'",
    "[" * 60 + "]" * 60,
]


@pytest.mark.parametrize("value", PATHOLOGICAL, ids=lambda v: v[:12])
def test_any_answer_value_is_a_located_error(tmp_path: Path, value: str) -> None:
    path = answers_yaml(tmp_path / "answers.yaml", {**GOOD, "goals-kpi": value})
    run = cli("take", "-b", str(MINI_PATH), "--answers", str(path))
    assert run.code == 2, run.output
    assert run.stderr.startswith(f"{path}:"), run.stderr
    assert re.match(rf"{re.escape(str(path))}:\d+:\d+: ", run.stderr), run.stderr


@pytest.mark.parametrize("value", ["9" * 5000, "1.0e+400", "[" * 60 + "]" * 60])
@pytest.mark.parametrize("field", ["title", "version", "weight", "lean", "id"])
def test_any_bank_value_is_a_located_error_and_every_file_is_checked(
    tmp_path: Path, field: str, value: str
) -> None:
    text = MINI_PATH.read_text(encoding="utf-8")
    # The field's first value, on a line of its own or inside a flow mapping ({key: a, lean: -1}).
    match = re.search(rf"(?:^[ \t]*-?[ \t]*|[{{,][ \t]*){field}: ([^,}}\n]*)", text, re.M)
    assert match is not None, f"the mini bank has no {field}"
    bad = tmp_path / "bad.yaml"
    bad.write_text(text[: match.start(1)] + value + text[match.end(1) :])
    run = cli("banks", "validate", str(MINI_PATH), str(bad), str(MINI_PATH))
    assert run.code == 2
    assert run.stderr.startswith(f"{bad}:"), run.stderr
    assert "1 file of 3 has problems." in run.stderr
    assert run.stdout.count(str(MINI_PATH)) >= 2 or run.stdout.count("mini") >= 2


@pytest.mark.parametrize(
    "damage",
    [
        "UPDATE answers SET value = x'00ff'",
        "UPDATE attempts SET overall_score = 'abc'",
        "UPDATE attempts SET result_json = x'7b7d', scoring_version = 'x'",
        "UPDATE attempts SET bank_version = x'00'",
        "UPDATE attempts SET seed = 'x'",
        "UPDATE attempts SET question_order = x'5b5d'",
    ],
)
def test_odd_values_read_back_from_the_database_are_plain_errors(
    leadquiz_home: Path, tmp_path: Path, damage: str
) -> None:
    take_as("tester", tmp_path)
    db = sqlite3.connect(leadquiz_home / DB_NAME)
    with db:
        db.execute(damage)
    db.close()
    for command in (
        ["history"],
        ["report"],
        ["report", "--json"],
        ["export", "-f", "csv", "--all"],
    ):
        run = cli(*command)
        assert run.code in (0, 1), (command, run.output)
        assert "internal error" not in run.stderr, (command, run.stderr)
        if run.code:
            assert "damaged record" in run.stderr, (command, run.stderr)


# --- 9. FIFOs, devices, directories and '' are refused at once ------------------------------


@POSIX
@pytest.mark.parametrize("kind", ["fifo", "device", "directory"])
@pytest.mark.parametrize("option", ["--bank", "--answers"])
def test_a_file_that_is_not_regular_is_refused_at_once(
    leadquiz_home: Path, tmp_path: Path, kind: str, option: str
) -> None:
    if kind == "fifo":
        target = tmp_path / "pipe.yaml"
        os.mkfifo(target)
    elif kind == "device":
        target = Path("/dev/null")
    else:
        target = tmp_path
    args = ["take", option, str(target)]
    if option == "--answers":
        args += ["--bank", str(MINI_PATH)]
    # A real process with a timeout: a FIFO waited on would hang the test, not fail it.
    done = process(*args, home=leadquiz_home)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith(f"{target}: this is a"), done.stderr
    assert not (leadquiz_home / DB_NAME).exists() or option == "--answers"


def test_an_empty_bank_name_is_an_error_not_core() -> None:
    run = cli("take", "--bank", "", "--answers", "whatever.yaml")
    assert run.code == 2
    assert "the bank name is empty" in run.stderr


# --- 10. output that cannot be written, for every command -----------------------------------

COMMANDS = [
    "--version",
    "--help",
    "banks list",
    "banks show quick",
    "history",
    "history --json",
    "users",
    "report",
    "report --json",
    "compare",
    "export",
    "export -f csv --all",
]


@pytest.fixture
def two_attempts(leadquiz_home: Path, tmp_path: Path) -> Path:
    take_as("tester", tmp_path)
    take_as("tester", tmp_path)
    return leadquiz_home


@POSIX
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_with_a_full_or_closed_stdout_says_so_plainly(
    two_attempts: Path, command: str
) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    for redirect, reason in ((">/dev/full", "the device is full"), (">&-", "output is closed")):
        done = shell(f"$LQ {command} {redirect}", two_attempts)
        assert done.returncode == 1, (command, redirect, done.stderr)
        assert done.stderr == f"leadquiz: cannot write the output: {reason}.\n" or (
            reason == "output is closed" and "standard output is closed" in done.stderr
        ), (command, redirect, done.stderr)


@POSIX
@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_ends_quietly_when_its_reader_goes_away(
    two_attempts: Path, command: str
) -> None:
    done = shell(f'$LQ {command} | true; echo "code=$?"', two_attempts)
    # The shell reports the pipeline's last command; the child's own code is checked below.
    assert done.stderr == "", (command, done.stderr)
    head = shell(f"$LQ {command} | head -c 1 >/dev/null", two_attempts)
    assert head.stderr == "", (command, head.stderr)


@POSIX
def test_a_saved_attempt_whose_result_cannot_be_printed_says_it_was_saved(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    path = answers_yaml(tmp_path / "a.yaml")
    done = shell(f"$LQ take -b {MINI_PATH} --answers {path} --json >/dev/full", leadquiz_home)
    assert done.returncode == 1
    assert "cannot write the output: the device is full" in done.stderr
    assert "Attempt 1 was saved, but its result could not be printed." in done.stderr
    assert "leadquiz report 1" in done.stderr
    with Store.open(leadquiz_home) as store:
        assert [a.id for a in store.attempts("tester")] == [1]


def test_a_file_name_too_long_is_a_plain_message(leadquiz_home: Path, tmp_path: Path) -> None:
    take_as("tester", tmp_path)
    long = "a" * 300
    for args in (["take", "-b", f"{long}.yaml"], ["take", "-b", "quick", "--answers", long]):
        run = cli(*args)
        assert run.code == 2
        assert "File name too long" in run.stderr
    written = cli("export", "-o", str(tmp_path / long))
    assert written.code == 2
    assert "is not a usable file name: File name too long" in written.stderr


@POSIX
def test_stdin_closed_gets_a_plain_message(two_attempts: Path) -> None:
    for command, message in (
        ("take -b quick", "input is not a terminal here"),
        ("forget -u tester", "needs confirmation"),
    ):
        done = shell(f"$LQ {command} <&-", two_attempts)
        assert done.returncode == 2, (command, done.stderr)
        assert message in done.stderr
        assert "Traceback" not in done.stderr


#: Runs the command as user id 54321 in a user namespace of its own: the id has no entry
#: in the user list, while the files (this Python, the checkout) stay readable to it.
AS_AN_UNLISTED_UID = ["unshare", "--user", "--map-user=54321", "--map-group=54321"]


@POSIX
@pytest.mark.skipif(shutil.which("unshare") is None, reason="needs unshare (util-linux)")
def test_a_uid_without_a_passwd_entry_gets_a_plain_message() -> None:
    import pwd

    with pytest.raises(KeyError):
        pwd.getpwuid(54321)  # the test means something only if the id is unlisted
    probe = subprocess.run([*AS_AN_UNLISTED_UID, "true"], capture_output=True, check=False)
    if probe.returncode != 0:
        pytest.skip(f"the kernel refuses a user namespace: {probe.stderr.decode().strip()}")
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": os.pathsep.join(sys.path)}
    where = Path("/tmp") / f"leadquiz-nobody-{os.getpid()}"
    where.mkdir(mode=0o777, exist_ok=True)
    where.chmod(0o777)
    try:
        done = subprocess.run(
            [*AS_AN_UNLISTED_UID, sys.executable, "-m", "leadquiz", "history"],
            env=env,
            cwd=where,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert "Cannot find your home directory" in done.stderr
        assert "Set LEADQUIZ_HOME" in done.stderr
        assert not (where / "~").exists()
    finally:
        shutil.rmtree(where, ignore_errors=True)


# --- 11. signals: SIGHUP keeps the answers, a second signal or an early Ctrl-C is quiet ---------


def answer_two(child: pexpect.spawn) -> None:
    for _ in range(2):
        child.expect_exact("Your answer")
        child.expect_exact(":")
        child.sendline("3" if "1-5" in str(child.before) else "a")
        child.expect_exact("✓")


@POSIX
def test_sighup_keeps_the_answers_and_exits_129(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    child = spawn_in_terminal(leadquiz_home, children, "take", "-b", "quick", "--seed", "1")
    answer_two(child)
    child.expect_exact("Your answer")
    wait_until_reading(child)
    child.kill(signal.SIGHUP)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 129, child.before
    assert "Stopped. 2 of 15 answers are saved" in str(child.before)
    assert "Traceback" not in str(child.before)
    with Store.open(leadquiz_home) as store:
        (attempt,) = store.attempts("tester")
        assert len(store.answers(attempt.id)) == 2


@POSIX
def test_with_sighup_ignored_a_closed_terminal_ends_the_run_plainly(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    errors = tmp_path / "stderr.txt"
    child = spawn_shell(
        leadquiz_home,
        [],  # not the fixture's: this test reaps the child itself (waitpid below)
        (f"trap '' HUP; exec {sys.executable} -m leadquiz take -b quick --seed 1 2>{errors}"),
    )
    answer_two(child)
    child.expect_exact("Your answer")
    os.close(child.child_fd)  # the terminal goes away; SIGHUP is ignored
    child.closed = True
    _, status = os.waitpid(child.pid, 0)
    assert os.WIFEXITED(status), status
    assert os.WEXITSTATUS(status) in (129, 130)
    assert "Traceback" not in errors.read_text(encoding="utf-8")
    with Store.open(leadquiz_home) as store:
        (attempt,) = store.attempts("tester")
        assert len(store.answers(attempt.id)) == 2


@POSIX
def test_ctrl_c_during_start_up_prints_no_traceback(
    leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    # From the moment leadquiz's own code runs (Python's start before it, "Could not
    # import runpy module", is the interpreter's, out of any program's reach).
    for delay in (0.15, 0.25, 0.35, 0.5):
        child = spawn_in_terminal(leadquiz_home, children, "take", "-b", "quick")
        child.expect(pexpect.TIMEOUT, timeout=delay)
        child.sendintr()
        if child.expect([pexpect.EOF, pexpect.TIMEOUT], timeout=5) == 1:
            # The press landed as readline took the terminal (wait_until_reading in
            # terminal_runs says why it can go unseen); a person would press again.
            assert "Your answer" in str(child.before), (delay, child.before)
            child.sendintr()
            child.expect(pexpect.EOF)
        child.close()
        shown = str(child.before)
        if "Could not import runpy module" in shown:
            continue  # the interpreter was still starting: no program runs yet
        assert "Traceback" not in shown, (delay, shown)
        # Ended with 130, or (Python's own start-up) by the signal itself: never a traceback.
        assert child.exitstatus == 130 or child.signalstatus == signal.SIGINT, (delay, shown)


# --- 12. text read back from the database is untrusted -----------------------------------------

HOSTILE = "\x1b]52;c;aGk=\x07\x1b[2J\u202e\x9b"


def test_escape_sequences_stored_in_the_database_never_reach_terminal_or_export(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    take_as("tester", tmp_path)
    take_as("tester", tmp_path)
    db = sqlite3.connect(leadquiz_home / DB_NAME)
    with db:
        db.execute(
            "UPDATE attempts SET started_at = started_at || ?, finished_at = finished_at || ?",
            (HOSTILE, HOSTILE),
        )
        db.execute("UPDATE attempts SET bank_version = ? WHERE id = 1", (HOSTILE,))
        db.execute(
            "INSERT INTO attempts (user, bank_digest, bank_id, bank_version, question_order,"
            " started_at) SELECT ?, bank_digest, bank_id, ?, question_order, ? FROM attempts"
            " WHERE id = 1",
            ("evil" + HOSTILE, HOSTILE, HOSTILE),
        )
    db.close()
    commands = [
        ["history"],
        ["history", "--json"],
        ["users"],
        ["report", "1"],
        ["report", "1", "--json"],
        ["compare"],
        ["export", "1"],
        ["export", "1", "-f", "json"],
        ["export", "-f", "csv", "--all"],
    ]
    for command in commands:
        run = cli(*command)
        shown = run.raw.decode("utf-8", "replace") + run.stderr
        for char in "\x1b\x07\u202e\x9b":
            assert char not in shown, (command, char, shown[:300])


#: Control characters that are ASCII: an export holding only these among ASCII text takes
#: the one-pass check of plain ASCII text, which must find them as surely.
ASCII_HOSTILE = "\x1b[2J\x07\x0b\x7f"


def test_ascii_control_characters_stored_in_the_database_are_escaped_in_a_csv_export(
    leadquiz_home: Path, tmp_path: Path
) -> None:
    take_as("tester", tmp_path)
    db = sqlite3.connect(leadquiz_home / DB_NAME)
    with db:
        db.execute("UPDATE attempts SET bank_version = ?", (ASCII_HOSTILE,))
    db.close()
    run = cli("export", "-f", "csv", "--all")
    assert run.code == 0, run.stderr
    shown = run.raw.decode("utf-8")
    assert shown.isascii()
    assert "\\u001b[2J\\u0007\\u000b\\u007f" in shown
    for char in ASCII_HOSTILE.replace("[2J", ""):
        assert char not in shown
    assert shown.count("\r\n") == len(shown.splitlines())  # line ends kept as they are


@given(st.text(alphabet=st.characters(max_codepoint=0x3000), max_size=60))
def test_neutralise_escapes_exactly_the_forbidden_characters(text: str) -> None:
    escaped = "".join(
        f"\\u{ord(c):04x}" if c not in "\n\r\t" and is_forbidden(c) else c for c in text
    )
    assert neutralise(text) == escaped


# --- 13. invisible characters are refused; names have one form ---------------------------------

INVISIBLE = ["\u200b", "\ufeff", "\u2060", "\u00ad", "\U000e0041", "\u180e"]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_invisible_characters_are_refused_in_banks_and_names(tmp_path: Path, char: str) -> None:
    text = MINI_PATH.read_text(encoding="utf-8")
    bank = tmp_path / "bank.yaml"
    bank.write_text(re.sub(r"^title: (.*)$", rf"title: \1{char}x", text, count=1, flags=re.M))
    run = cli("banks", "validate", str(bank))
    assert run.code == 2
    assert f"U+{ord(char):04X}" in run.stderr
    named = cli("history", "--user", f"ana{char}x")
    assert named.code == 2


def test_a_name_or_text_blank_when_shown_is_refused(tmp_path: Path) -> None:
    assert cli("history", "--user", "\u3164\u3164").code == 2
    text = MINI_PATH.read_text(encoding="utf-8")
    bank = tmp_path / "bank.yaml"
    bank.write_text(re.sub(r"^title: .*$", "title: \u3164\u2800", text, count=1, flags=re.M))
    run = cli("banks", "validate", str(bank))
    assert run.code == 2
    assert "shows as nothing" in run.stderr


def test_a_persian_joiner_between_letters_is_kept() -> None:
    from leadquiz.text import forbidden_characters

    assert forbidden_characters("می\u200cخواهم") == []
    assert forbidden_characters("\u200cstart") == ["\u200c"]


def test_names_differing_by_case_or_width_are_one_user(tmp_path: Path) -> None:
    take_as("Alice", tmp_path)
    for name in ("alice", "ALICE", "\uff21\uff4c\uff49\uff43\uff45"):
        run = cli("history", "--json", "--user", name)
        assert json.loads(run.stdout)["user"] == "alice"
        assert len(json.loads(run.stdout)["attempts"]) == 1
    gone = cli("forget", "--user", "ALİCE", "--yes")  # dotted capital I: another name
    assert "nothing was deleted" in gone.stderr
    assert "Users with data and a similar name: 'alice'." in gone.stderr
    report = cli("report", "--user", "alicia")
    assert report.code == 2
    assert "similar name: 'alice'" in report.stderr


def test_stored_names_are_brought_to_their_one_form_by_a_migration(
    leadquiz_home: Path,
) -> None:
    with Store.open(leadquiz_home, migrations=MIGRATIONS[:6]) as store:
        for name in ("Alice", "alice"):
            attempt = store.begin_attempt(name, MINI, [q.id for q in MINI.questions], 1, "2026")
            store.save_answers(attempt.id, {"goals-kpi": 2}, "2026")
    run = cli("users")
    assert run.code == 0
    with Store.open(leadquiz_home) as store:
        assert store.users()[0][:2] == ("alice", 2)


# --- 14. markdown makes no link, mention, emoji or maths of untrusted text ---------------------

MAGIC = "see https://evil.example www.evil.com bob@evil.com @alice :+1: $x$ done"
GITHUB_PATTERNS = [
    re.compile(r"https?://"),
    re.compile(r"www\."),
    re.compile(r"\w@\w"),
    re.compile(r"(^|\W)@\w"),
    re.compile(r":[\w+-]+:"),
]


def test_markdown_export_makes_nothing_of_urls_mentions_emoji_or_maths(
    tmp_path: Path,
) -> None:
    text = MINI_PATH.read_text(encoding="utf-8")
    bank = tmp_path / "bank.yaml"
    bank.write_text(re.sub(r"^title: .*$", f"title: '{MAGIC}'", text, count=1, flags=re.M))
    run = cli("take", "-b", str(bank), "--answers", str(answers_yaml(tmp_path / "a.yaml")))
    assert run.code == 0, run.output
    exported = cli("export")
    assert exported.code == 0
    assert "\\$x\\$" in exported.stdout
    tokens = MarkdownIt("commonmark").enable("table").parse(exported.stdout)
    runs: list[str] = []
    for token in tokens:
        if token.type != "inline":
            continue
        current = ""
        for child in token.children or []:
            if child.type == "text":
                current += child.content
            else:  # an element (our <span>) ends a text run, on GitHub as here
                runs.append(current)
                current = ""
        runs.append(current)
    assert any("evil" in piece for piece in runs)
    for piece in runs:
        for pattern in GITHUB_PATTERNS:
            assert not pattern.search(piece), (pattern.pattern, piece)


# --- 15. narrow consoles: nothing cut, no area lost ---------------------------------------


@pytest.mark.parametrize("width", [20, 24, 30, 40, 50])
def test_narrow_consoles_cut_no_number_and_lose_no_area(
    two_attempts: Path, width: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    report = cli("report", "--json")
    data = json.loads(report.stdout)
    for command in (["report"], ["compare"], ["history"]):
        run = cli(*command)
        assert run.code == 0
        lines = run.stdout.splitlines()
        assert max(len(line.rstrip()) for line in lines) <= width, command
        flat = " ".join(" ".join(line.split()) for line in lines)
        for area in data["dimensions"]:
            if command != ["history"]:
                assert area["title"] in flat, (command, area["title"])
                assert f"{area['score']:.1f}" in flat, (command, area["score"])
        assert "…" not in run.stdout, command
    history = cli("history").stdout
    day = data["finished_at"][:10]
    assert day in history.replace("\n", " ")


# --- 16. a clock set back reorders nothing -----------------------------------------------------


def test_a_clock_set_back_does_not_reorder_attempts(leadquiz_home: Path, tmp_path: Path) -> None:
    take_as("tester", tmp_path)
    db = sqlite3.connect(leadquiz_home / DB_NAME)
    with db:  # the first attempt was taken while the clock said 2099
        db.execute(
            "UPDATE attempts SET started_at = '2099-01-01T00:00:00+00:00',"
            " finished_at = '2099-01-01T00:10:00+00:00' WHERE id = 1"
        )
    db.close()
    take_as("tester", tmp_path)
    assert json.loads(cli("report", "--json").stdout)["attempt"] in (2, "2")
    history = json.loads(cli("history", "--json").stdout)
    assert [str(row["attempt"]) for row in history["attempts"]] == ["2", "1"]
    compared = cli("compare")
    assert compared.code == 0
    assert re.search(r"A\s+attempt 1\b", compared.stdout)
    assert re.search(r"B\s+attempt 2\b", compared.stdout)
    # Two unfinished attempts: --resume takes the one started last, whatever the clock said.
    for _ in range(2):  # "n": start anew at the offer (or a re-asked answer); "q": pause
        paused_run = invoke_clean(
            ["take", "-b", str(MINI_PATH)], stdin="n\nq\n", env={"LEADQUIZ_INTERACTIVE": "1"}
        )
        assert paused_run.code == 0, paused_run.output
    paused = sqlite3.connect(leadquiz_home / DB_NAME)
    with paused:
        paused.execute("UPDATE attempts SET started_at = '2000-01-01' WHERE status = 'in_progress'")
    paused.close()
    with Store.open(leadquiz_home) as store:
        newest = store.latest_unfinished("tester")
        assert newest is not None
        assert newest.id == max(a.id for a in store.attempts("tester"))
