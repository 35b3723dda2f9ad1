"""Bad input through the whole CLI: banks, answers files, attempt ids, user names, argv.

Every case ends with exit 2 and plain lines on stderr (``FILE:LINE:COL: message``
for files), no traceback, no control character echoed raw, and nothing stored.
The loader's rules themselves are tested in test_bank_loader.py; here each
problem class goes through every command that takes a bank.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cli_runs import Run as Outcome
from cli_runs import invoke
from leadquiz.banks.loader import MAX_BANK_BYTES
from leadquiz.store.database import DB_NAME

MINI_PATH = Path(__file__).parent / "data" / "mini.yaml"
MINI = MINI_PATH.read_text(encoding="utf-8")
GOOD_ANSWERS = {
    "goals-kpi": 2,
    "goals-dream": 4,
    "goals-plan": "c",
    "risk-safe": 1,
    "risk-bet": "b",
}
#: Characters that must never reach the terminal raw.
RAW_CONTROLS = ("\x1b", "\x07", "\u202e", "\x00", "\x9b")


def cli(*args: str, env: dict[str, str] | None = None) -> Outcome:
    """Run the CLI in-process; an uncaught exception (a traceback for a user) fails."""
    return invoke(args, env=env)


def assert_refused_plainly(outcome: Outcome, code: int = 2) -> None:
    assert outcome.code == code, outcome
    shown = outcome.stdout + outcome.stderr
    assert "Traceback" not in shown
    for char in RAW_CONTROLS:
        assert char not in shown, (char, shown)
    assert outcome.stderr.startswith(("Error: ", "Usage: ")), outcome.stderr


def attempts_stored(home: Path) -> int:
    if not (home / DB_NAME).exists():
        return 0
    db = sqlite3.connect(home / DB_NAME)
    try:
        return int(db.execute("SELECT count(*) FROM attempts").fetchone()[0])
    finally:
        db.close()


def write_good_answers(path: Path) -> Path:
    path.write_text(json.dumps({"answers": GOOD_ANSWERS}), encoding="utf-8")
    return path


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


# -- banks ------------------------------------------------------------------------------


def edit(old: str, new: str) -> bytes:
    assert old in MINI, old
    return MINI.replace(old, new, 1).encode("utf-8")


_LEAN_BAD = "      - {key: b, text: run a small pilot, lean: 0.5}\n"
_RISK_LIKERT = "    dimension: risk\n    type: likert"
_RISK_CHOICE = "    dimension: risk\n    type: choice"

#: name -> (file bytes, or None for a missing file / "dir" for a directory; LINE:COL or ""
#: when the problem has no place; a fragment of the message)
BANK_CASES: dict[str, tuple[bytes | str | None, str, str]] = {
    "unknown-key": (
        edit("title: A small test bank\n", "title: A small test bank\ncolour: red\n"),
        "4:1",
        "the bank has an unknown key 'colour'",
    ),
    "missing-key": (
        edit("title: A small test bank\n", ""),
        "1:1",
        "the bank is missing the key 'title'",
    ),
    "duplicate-question-id": (
        edit("  - id: goals-dream", "  - id: goals-kpi"),
        "31:9",
        "the question id 'goals-kpi' is used twice (first on line 25)",
    ),
    "duplicate-dimension-id": (
        edit("  - id: risk\n", "  - id: goals\n"),
        "18:9",
        "the dimension id 'goals' is used twice (first on line 11)",
    ),
    "duplicate-source-id": (
        edit("    author: A. Writer\n", "    author: A. Writer\n  - id: essay\n    title: B\n"),
        "10:9",
        "the source id 'essay' is used twice (first on line 7)",
    ),
    "unknown-dimension": (
        edit(_RISK_LIKERT, "    dimension: people\n    type: likert"),
        "46:16",
        "question 'risk-safe' names an unknown dimension 'people'",
    ),
    "unknown-source": (
        edit("    source: essay", "    source: nobody"),
        "30:13",
        "question 'goals-kpi' names an unknown source 'nobody'",
    ),
    "dimension-without-question": (
        edit(_RISK_LIKERT, "    dimension: goals\n    type: likert").replace(
            _RISK_CHOICE.encode(), b"    dimension: goals\n    type: choice"
        ),
        "18:5",
        "dimension 'risk' has no question",
    ),
    "lean-out-of-range": (
        edit("lean: -0.5}", "lean: 9}"),
        "55:50",
        "'lean' must be between -1 (manager) and 1 (leader), not 9",
    ),
    "one-option": (
        edit(_LEAN_BAD, ""),
        "55:7",
        "question 'risk-bet' is a choice question and needs at least 2 options",
    ),
    "duplicate-option-key": (
        edit("{key: b, text: mix both", "{key: a, text: mix both"),
        "43:15",
        "question 'goals-plan': the option key 'a' is used twice (first on line 42)",
    ),
    "weight-not-positive": (
        edit("    weight: 2\n", "    weight: 0\n"),
        "36:13",
        "question 'goals-dream': 'weight' must be more than 0, not 0",
    ),
    "newer-schema": (
        edit("schema: 1\n", "schema: 4\n"),
        "1:9",
        "this bank uses schema 4; this leadquiz reads schemas 1, 2 and 3 only",
    ),
    "number-for-text": (
        edit('version: "0.1.0"', "version: 1.10"),
        "4:10",
        "the bank: 'version' must be text, but '1.10' reads as a number; put it in quotes",
    ),
    "likert-without-keyed": (
        edit("    keyed: manager\n    source: essay\n", "    source: essay\n"),
        "25:5",
        "question 'goals-kpi' is likert, so 'keyed' must be 'manager' or 'leader'",
    ),
    "unknown-type": (
        edit("    type: choice\n    text: Planning", "    type: poll\n    text: Planning"),
        "39:11",
        "question 'goals-plan': 'type' must be 'likert' or 'choice', not 'poll'",
    ),
    "reserved-option-key": (
        edit("{key: c,", "{key: q,"),
        "44:15",
        "option key 'q' is kept for the quiz's own commands",
    ),
    "not-a-slug": (
        edit("id: mini", "id: Mini Bank"),
        "2:5",
        "the bank: 'id' must be a lowercase slug",
    ),
    "yaml-syntax": (
        edit("title: A small test bank", "title: [unclosed"),
        "4:8",
        "not valid YAML",
    ),
    "duplicate-mapping-key": (
        edit("title: A small test bank\n", "title: A small test bank\ntitle: Again\n"),
        "4:1",
        "the key 'title' is given twice (first on line 3)",
    ),
    "merge-key": (
        edit("title: A small test bank\n", "title: A small test bank\n<<: {id: x}\n"),
        "4:1",
        "merge keys (<<) are not allowed",
    ),
    "anchor": (
        edit("title: A small test bank", "title: &t A small test bank"),
        "3:8",
        "YAML anchors (&name) are not allowed",
    ),
    "alias": (
        edit("description: Two", "description: *nowhere\nx: Two"),
        "5:14",
        "YAML aliases (*name) are not allowed",
    ),
    "tag": (
        edit("title: A small test bank", "title: !!python/object/apply:os.system ['true']"),
        "3:8",
        "YAML tags such as '!!python/object/apply:os.system' are not allowed",
    ),
    "not-utf8": (
        MINI.encode("utf-8").replace(b"A small", b"A sm\xe9ll"),
        "3:12",
        "the file is not UTF-8 text; save it as UTF-8",
    ),
    "top-level-list": (b"- a\n- b\n", "1:1", "a bank must be a mapping"),
    "two-documents": (
        MINI.encode("utf-8") + b"---\nschema: 1\n",
        "57:1",
        "a bank file holds one YAML document",
    ),
    "deep-nesting": (
        b"x: " + b"[" * 200 + b"]" * 200 + b"\n",
        "1:35",
        "the file is nested more than 32 levels deep",
    ),
    "control-character": (
        edit("title: A small test bank", 'title: "A bank\\e]0;pwned\\a"'),
        "3:8",
        "contains a control or invisible character: U+001B (control character), "
        "U+0007 (control character)",
    ),
    "empty": (b"", "", "the file is empty; a bank starts with 'schema: 1'"),
    "too-large": (b"# filler\n" * (MAX_BANK_BYTES // 9 + 10), "", "the file is larger than 2 MiB"),
    "missing": (None, "", "no such file"),
    "directory": ("dir", "", "this is a directory, not a file"),
}


def bank_file(tmp_path: Path, case: str) -> Path:
    content = BANK_CASES[case][0]
    path = tmp_path / f"{case}.yaml"
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    return path


BANK_COMMANDS: dict[str, Callable[[Path, Path], list[str]]] = {
    "take": lambda bank, answers: ["take", "--bank", str(bank), "--answers", str(answers)],
    "banks-show": lambda bank, _answers: ["banks", "show", str(bank)],
    "banks-validate": lambda bank, _answers: ["banks", "validate", str(bank)],
}


@pytest.mark.parametrize("command", list(BANK_COMMANDS))
@pytest.mark.parametrize("case", list(BANK_CASES))
def test_every_bank_problem_through_every_bank_command(
    tmp_path: Path, leadquiz_home: Path, case: str, command: str
) -> None:
    bank = bank_file(tmp_path, case)
    answers = write_good_answers(tmp_path / "answers.json")
    outcome = cli(*BANK_COMMANDS[command](bank, answers))
    _content, place, fragment = BANK_CASES[case]
    assert outcome.code == 2, outcome
    assert outcome.stdout == ""
    assert "Traceback" not in outcome.stderr
    assert not any(char in outcome.stderr for char in RAW_CONTROLS)
    lines = outcome.stderr.splitlines()
    if command == "banks-validate":
        assert lines.pop() == "1 file of 1 has problems."
    where = f"{bank}:{place}: " if place else f"{bank}: "
    assert any(line.startswith(where) and fragment in line for line in lines), lines
    located = re.compile(re.escape(str(bank)) + r"(:\d+:\d+)?: \S")
    assert all(located.match(line) for line in lines), lines
    assert attempts_stored(leadquiz_home) == 0


def test_every_problem_of_a_bank_is_listed_by_every_command(tmp_path: Path) -> None:
    bank = tmp_path / "many.yaml"
    bank.write_bytes(
        edit("title: A small test bank\n", "colour: red\n")
        .replace(b"lean: -0.5}", b"lean: 9}")
        .replace(b"    weight: 2\n", b"    weight: 0\n")
    )
    answers = write_good_answers(tmp_path / "answers.json")
    for build in BANK_COMMANDS.values():
        outcome = cli(*build(bank, answers))
        assert outcome.code == 2
        lines = [line for line in outcome.stderr.splitlines() if line.startswith(str(bank))]
        assert len(lines) == 4, lines
        assert [int(line.split(":")[1]) for line in lines] == sorted(
            int(line.split(":")[1]) for line in lines
        )


def test_validate_reports_good_and_bad_files_together(tmp_path: Path) -> None:
    bad = bank_file(tmp_path, "lean-out-of-range")
    missing = bank_file(tmp_path, "missing")
    outcome = cli("banks", "validate", str(MINI_PATH), str(bad), str(missing))
    assert outcome.code == 2
    assert f"{MINI_PATH}: valid" in outcome.stdout
    assert outcome.stderr.splitlines()[-1] == "2 files of 3 have problems."


def test_a_device_that_never_ends_is_refused_not_read_forever() -> None:
    """/dev/zero says it is 0 bytes long; reading it whole would eat all memory."""
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "leadquiz", "banks", "validate", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
        check=False,
    )
    assert done.returncode == 2
    # Refused at once, as every device is, before a byte is read.
    assert done.stderr.startswith("/dev/zero: this is a device, not a regular file\n")


def test_answers_from_a_device_that_never_ends_are_refused_not_read_forever() -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "leadquiz", "take", "-b", str(MINI_PATH), "--answers", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=limit_memory,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("/dev/zero: this is a device, not a regular file\n")


# -- answers files ----------------------------------------------------------------------


def answers_yaml(**answers: object) -> bytes:
    merged: dict[str, object] = {**GOOD_ANSWERS, **answers}
    lines = [f"  {key}: {value}" for key, value in merged.items() if value is not None]
    return ("answers:\n" + "\n".join(lines) + "\n").encode()


#: name -> (file bytes, None for missing, "dir" for a directory; expected fragments)
ANSWERS_CASES: dict[str, tuple[bytes | str | None, tuple[str, ...]]] = {
    "missing": (None, ("{path}: no such file",)),
    "directory": ("dir", ("{path}: this is a directory, not a file",)),
    "not-yaml": (b"answers: [unclosed\n", ("{path}:2:1: not valid YAML",)),
    "broken-json": (b'{"answers": {"goals-kpi": 2,', ("{path}:2:1: not valid YAML",)),
    "not-utf8": (b"answers:\n  goals-kpi: \xff\n", ("{path}: the file is not UTF-8 text",)),
    "empty": (b"", ("{path}: the file must hold 'answers:'",)),
    "a-scalar": (b"hello\n", ("{path}:1:1: the file must hold 'answers:'",)),
    "a-list": (b"- 1\n- 2\n", ("{path}:1:1: the file must hold 'answers:'",)),
    "answers-a-list": (b"answers: [1, 2]\n", ("{path}:1:10: the file must hold 'answers:'",)),
    "extra-top-key": (
        answers_yaml() + b"name: me\n",
        ("{path}:7:1: unknown key 'name'; the file must hold 'answers:'",),
    ),
    "unknown-id": (
        answers_yaml() + b"  nope: 3\n",
        ("{path}:7:3: 'nope' is not a question of bank 'mini'",),
    ),
    "likert-zero": (
        answers_yaml(**{"goals-kpi": 0}),
        ("{path}:2:14: the answer to 'goals-kpi' must be a whole number from 1 to 5, not '0'",),
    ),
    "likert-six": (answers_yaml(**{"goals-kpi": 6}), ("from 1 to 5, not '6'",)),
    "likert-fraction": (answers_yaml(**{"goals-kpi": 3.5}), ("from 1 to 5, not '3.5'",)),
    "likert-word": (answers_yaml(**{"goals-kpi": "high"}), ("from 1 to 5, not 'high'",)),
    "likert-bool": (answers_yaml(**{"goals-kpi": "yes"}), ("from 1 to 5, not 'yes'",)),
    "likert-quoted": (answers_yaml(**{"goals-kpi": '"3"'}), ("from 1 to 5, not '3'",)),
    "likert-list": (
        answers_yaml(**{"goals-kpi": "[3]"}),
        ("from 1 to 5, not a list or mapping",),
    ),
    "option-unknown": (
        answers_yaml(**{"goals-plan": "z"}),
        (
            "{path}:4:15: the answer to 'goals-plan' must be one of the option keys a, b, c, "
            "not 'z'",
        ),
    ),
    "option-as-number": (answers_yaml(**{"risk-bet": 1}), ("option keys a, b, not '1'",)),
    "left-out": (
        answers_yaml(**{"risk-bet": None}),
        ("{path}:2:3: 1 of 5 questions have no answer: risk-bet",),
    ),
    "duplicate-key": (
        answers_yaml() + b"  goals-kpi: 3\n",
        ("{path}:7:3: the key 'goals-kpi' is given twice (first on line 2)",),
    ),
    "alias": (
        b"answers:\n  goals-kpi: &v 2\n  goals-dream: *v\n",
        ("{path}:2:14: YAML anchors (&name) are not allowed",),
    ),
    "too-large": (b"# x\n" * (300 * 1024), ("{path}: the file is larger than 1 MiB",)),
    "everything-at-once": (
        b"answers:\n  goals-kpi: 9\n  goals-plan: z\n  nope: 1\n  risk-safe: 1\n",
        (
            "{path}:2:14: the answer to 'goals-kpi' must be a whole number from 1 to 5, not '9'",
            "{path}:2:3: 2 of 5 questions have no answer: goals-dream, risk-bet",
            "{path}:3:15: the answer to 'goals-plan' must be one of the option keys",
            "{path}:4:3: 'nope' is not a question of bank 'mini'",
        ),
    ),
}


@pytest.mark.parametrize("case", list(ANSWERS_CASES))
def test_bad_answers_file_is_refused_with_every_problem_and_nothing_stored(
    tmp_path: Path, leadquiz_home: Path, case: str
) -> None:
    content, fragments = ANSWERS_CASES[case]
    path = tmp_path / f"{case}.yaml"
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    outcome = cli("take", "--bank", str(MINI_PATH), "--answers", str(path), "--json")
    assert outcome.code == 2, outcome
    assert outcome.stdout == ""
    lines = outcome.stderr.splitlines()
    assert all(line.startswith(f"{path}:") for line in lines), lines
    for fragment in fragments:
        wanted = fragment.format(path=path)
        assert any(wanted in line for line in lines), (wanted, lines)
    if case == "everything-at-once":
        assert len(lines) == 4
    assert attempts_stored(leadquiz_home) == 0


def test_good_answers_in_json_and_yaml_are_accepted(tmp_path: Path, leadquiz_home: Path) -> None:
    """The control case: the same checks pass a correct file, in both formats."""
    yaml_file = tmp_path / "good.yaml"
    yaml_file.write_bytes(answers_yaml())
    for path in (write_good_answers(tmp_path / "good.json"), yaml_file):
        outcome = cli("take", "--bank", str(MINI_PATH), "--answers", str(path), "--json")
        assert outcome.code == 0, outcome
    assert attempts_stored(leadquiz_home) == 2


# -- attempt ids ----------------------------------------------------------------------

HOSTILE = {
    "empty": "",
    "long": "7" * 10_000,
    "slash": "a/b",
    "absolute": "/etc/passwd",
    "dotdot": "..",
    "dotdot-path": "../../x",
    "backslash": "a\\b",
    "escape": "\x1b[2J",
    "osc-title": "\x1b]0;pwned\x07",
    "bell": "a\x07",
    "bidi": "\u202eabc",
    "nul": "a\x00b",
    "c1": "a\x9b31m",
    "markup": "[bold red]x",
    "link": "[link=http://evil]x[/link]",
}
ATTEMPT_REFS = {
    **HOSTILE,
    "unknown": "99",
    "zero": "0",
    "too-big": "9" * 19,
    "negative": "-1",
    "fraction": "1.5",
}


@pytest.fixture(scope="module")
def two_users_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with attempt 1 of 'other' and attempts 2 and 3 of 'tester', made once."""
    folder = tmp_path_factory.mktemp("two-users")
    answers = write_good_answers(folder / "seed.json")
    env = {"LEADQUIZ_HOME": str(folder / "home")}
    for user in ("other", "tester", "tester"):
        outcome = cli(
            "take", "--bank", str(MINI_PATH), "--answers", str(answers), "-u", user, env=env
        )
        assert outcome.code == 0, outcome
    return folder / "home" / DB_NAME


@pytest.fixture
def two_users(two_users_db: Path, leadquiz_home: Path) -> None:
    """This test's home holds a copy of the two-users database."""
    leadquiz_home.mkdir(mode=0o700)
    shutil.copyfile(two_users_db, leadquiz_home / DB_NAME)


ATTEMPT_COMMANDS: dict[str, Callable[[str], list[str]]] = {
    "report": lambda ref: ["report", ref],
    "report-json": lambda ref: ["report", ref, "--json"],
    "export": lambda ref: ["export", ref],
    "export-json": lambda ref: ["export", ref, "--format", "json"],
    "compare-first": lambda ref: ["compare", ref, "2"],
    "compare-second": lambda ref: ["compare", "2", ref],
}


@pytest.mark.usefixtures("two_users")
@pytest.mark.parametrize("command", list(ATTEMPT_COMMANDS))
@pytest.mark.parametrize("ref", list(ATTEMPT_REFS))
def test_bad_attempt_ids_are_refused_plainly(ref: str, command: str) -> None:
    outcome = cli(*ATTEMPT_COMMANDS[command](ATTEMPT_REFS[ref]))
    assert_refused_plainly(outcome)
    assert outcome.stdout == ""


@pytest.mark.usefixtures("two_users")
@pytest.mark.parametrize("command", ["report", "export", "compare-first"])
def test_another_users_attempt_is_not_shown(command: str) -> None:
    outcome = cli(*ATTEMPT_COMMANDS[command]("1"))
    assert_refused_plainly(outcome)
    assert outcome.stderr == (
        "Error: there is no attempt 1 for user 'tester'\nSee the attempts with: leadquiz history\n"
    )


# -- user names -----------------------------------------------------------------------

USER_COMMANDS: dict[str, Callable[[str, Path], list[str]]] = {
    "take": lambda user, answers: [
        "take", "--bank", str(MINI_PATH), "--answers", str(answers), "--user", user,
    ],
    "report": lambda user, _answers: ["report", "--user", user],
    "history": lambda user, _answers: ["history", "--user", user],
    "compare": lambda user, _answers: ["compare", "--user", user],
    "export": lambda user, _answers: ["export", "-u", user],
    "forget": lambda user, _answers: ["forget", "--user", user, "--yes"],
}  # fmt: skip


@pytest.mark.parametrize("command", list(USER_COMMANDS))
@pytest.mark.parametrize("name", list(HOSTILE))
def test_bad_user_names_are_refused_plainly_and_touch_nothing(
    tmp_path: Path, command: str, name: str
) -> None:
    answers = write_good_answers(tmp_path / "answers.json")
    before = tree(tmp_path)
    outcome = cli(*USER_COMMANDS[command](HOSTILE[name], answers))
    assert_refused_plainly(outcome)
    assert outcome.stdout == ""
    problem = "contains a NUL character" if name == "nul" else "cannot be used"
    assert problem in outcome.stderr
    assert len(outcome.stderr) < 400  # a 10,000-character name is shortened
    assert tree(tmp_path) == before  # no database, no file anywhere


@pytest.mark.parametrize("name", [n for n in HOSTILE if n not in ("empty", "nul")])
def test_bad_user_name_in_the_environment_is_refused_plainly(tmp_path: Path, name: str) -> None:
    answers = write_good_answers(tmp_path / "answers.json")
    for args in (["history"], ["take", "--bank", str(MINI_PATH), "--answers", str(answers)]):
        outcome = cli(*args, env={"LEADQUIZ_USER": HOSTILE[name]})
        assert_refused_plainly(outcome)
        assert "The user name in LEADQUIZ_USER" in outcome.stderr


def test_user_names_that_do_not_exist(tmp_path: Path) -> None:
    """Reading someone's attempt fails with 2; listing or forgetting nobody is not an error."""
    for args in (["report", "-u", "ghost"], ["export", "-u", "ghost"]):
        outcome = cli(*args)
        assert_refused_plainly(outcome)
        assert outcome.stderr == (
            "Error: 'ghost' has no finished attempt yet\nTake the quiz with: leadquiz take\n"
        )
    compared = cli("compare", "-u", "ghost")
    assert_refused_plainly(compared)
    assert compared.stderr.startswith("Error: 'ghost' has no finished attempt; comparing needs two")
    listed = cli("history", "-u", "ghost")
    assert listed.code == 0
    assert "No attempts yet for ghost" in listed.stdout
    forgotten = cli("forget", "-u", "ghost", "--yes")
    assert_refused_plainly(forgotten)  # exit 2, as forget --attempt 99 (issue 26)
    assert "nothing was deleted" in forgotten.stderr


# -- argv that Click itself refuses ---------------------------------------------------

CLICK_ERRORS = {
    "unknown-command": ["\x1b[2J"],
    "unknown-command-bidi": ["\u202ehistory"],
    "unknown-option": ["--\x1b]0;pwned\x07"],
    "unknown-option-bidi": ["report", "--\u202ex"],
    "extra-argument": ["report", "1", "\x1b[2J"],
    "extra-argument-bidi": ["report", "1", "\u202e"],
    "extra-argument-banks": ["banks", "show", "core", "\u202e\x07"],
    "bad-int": ["take", "--seed", "\u202e\x1b"],
    "unknown-subcommand": ["banks", "\u202e"],
}


@pytest.mark.parametrize("case", list(CLICK_ERRORS))
def test_usage_errors_never_echo_control_characters(case: str) -> None:
    outcome = cli(*CLICK_ERRORS[case])
    assert_refused_plainly(outcome)
    assert "\\u202e" in outcome.stderr or "\\x1b" in outcome.stderr or "\\x07" in outcome.stderr


def test_interactive_take_refuses_without_a_terminal() -> None:
    outcome = cli("take")
    assert_refused_plainly(outcome)
    assert outcome.stderr == (
        "Error: leadquiz take asks its questions in a terminal, and input is not a terminal here\n"
        "To answer from a file, use: leadquiz take --answers FILE\n"
    )


def test_resume_with_answers_is_bad_usage(tmp_path: Path) -> None:
    answers = write_good_answers(tmp_path / "answers.json")
    outcome = cli("take", "--resume", "--answers", str(answers))
    assert_refused_plainly(outcome)
    assert "--resume continues an attempt" in outcome.stderr


def test_seed_outside_64_bits_is_bad_input(tmp_path: Path, leadquiz_home: Path) -> None:
    answers = write_good_answers(tmp_path / "answers.json")
    outcome = cli("take", "--bank", str(MINI_PATH), "--answers", str(answers), "--seed", "9" * 30)
    assert_refused_plainly(outcome)
    assert attempts_stored(leadquiz_home) == 0


def test_environment_is_read_at_call_time(tmp_path: Path) -> None:
    """LEADQUIZ_HOME given per run wins over the one set when the test started."""
    answers = write_good_answers(tmp_path / "answers.json")
    other = tmp_path / "elsewhere"
    env = {"LEADQUIZ_HOME": str(other)}
    outcome = cli("take", "--bank", str(MINI_PATH), "--answers", str(answers), env=env)
    assert outcome.code == 0
    assert attempts_stored(other) == 1
    assert os.path.exists(other / DB_NAME)


@pytest.mark.parametrize(
    "args",
    [
        ["banks", "validate", "a\x00b.yaml"],
        ["banks", "show", "x\x00.yaml"],
        ["take", "--answers", "a\x00b"],
        ["take", "--bank", "core\x00"],
        ["export", "-o", "out\x00.md"],
    ],
)
def test_nul_in_an_argument_is_bad_input_not_a_crash(args: list[str]) -> None:
    """Found by the fuzz test: os.stat raises ValueError on NUL inside Typer's path checks."""
    outcome = cli(*args)
    assert_refused_plainly(outcome)
    assert outcome.stderr.startswith("Error: The argument '")
    assert "contains a NUL character" in outcome.stderr
