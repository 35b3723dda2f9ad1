"""Property tests over the whole CLI: random answers files and random command lines.

Whatever comes in, the CLI ends with an exit code from the product brief
(0, 1, 2 or 130), never with an uncaught exception (for a user, a traceback),
and never writes a raw control character to the terminal. For answers files
given as JSON there is an exact oracle: accepted if and only if every question
has a valid answer, and then stored exactly as given; otherwise nothing stored.

Every example runs in this test's own temporary home and working directory,
with file arguments drawn from names inside it, so ``forget`` and ``export -o``
cannot touch anything else.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from leadquiz.cli import app
from leadquiz.store.database import DB_NAME

MINI = (Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8")
LIKERT = ("goals-kpi", "goals-dream", "risk-safe")
CHOICE = {"goals-plan": ("a", "b", "c"), "risk-bet": ("a", "b")}
QUESTIONS = (*LIKERT, *CHOICE)
EXIT_CODES = {0, 1, 2, 130}
RAW_CONTROLS = ("\x1b", "\x07", "\u202e", "\x9b", "\x00")
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
runner = CliRunner()


def run(args: list[str]) -> Result:
    """Run the CLI and check what every run must satisfy."""
    result = runner.invoke(app, args, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{args!r} raised {result.exception!r}") from result.exception
    assert result.exit_code in EXIT_CODES, (args, result.exit_code, result.stderr)
    shown = result.stdout + result.stderr
    assert "Traceback" not in shown, (args, shown)
    for char in RAW_CONTROLS:
        assert char not in shown, (args, char, shown)
    return result


def stored(home: Path) -> list[tuple[int, dict[str, Any]]]:
    """Every attempt in the database with its answers."""
    if not (home / DB_NAME).exists():
        return []
    db = sqlite3.connect(home / DB_NAME)
    try:
        ids = [row[0] for row in db.execute("SELECT id FROM attempts ORDER BY id")]
        return [
            (
                attempt_id,
                {
                    key: json.loads(value)
                    for key, value in db.execute(
                        "SELECT question_id, value FROM answers WHERE attempt_id = ?",
                        (attempt_id,),
                    )
                },
            )
            for attempt_id in ids
        ]
    finally:
        db.close()


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a scratch directory holding the bank and an answers file."""
    folder = tmp_path / "work"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


def reset_files(folder: Path) -> None:
    """Put back the files an earlier example may have overwritten (export -o --force)."""
    (folder / "mini.yaml").write_text(MINI, encoding="utf-8")
    answers = {"goals-kpi": 2, "goals-dream": 4, "goals-plan": "c", "risk-safe": 1, "risk-bet": "b"}
    (folder / "answers.json").write_text(json.dumps({"answers": answers}), encoding="utf-8")


# -- answers files ------------------------------------------------------------------

ids = st.sampled_from([*QUESTIONS, "nope", "", "answers", "<<", "1", "Goals-KPI", "goals kpi"])
values = st.one_of(
    st.integers(-2, 7),
    st.sampled_from(["a", "b", "c", "z", "", "3", "A", "q", "yes", "null", "1.10", "3.0"]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(1, 5), max_size=2),
    st.text(max_size=8),
)
answer_maps = st.dictionaries(ids, values, max_size=7)
valid_maps = st.fixed_dictionaries(
    {
        **{key: st.integers(1, 5) for key in LIKERT},
        **{key: st.sampled_from(options) for key, options in CHOICE.items()},
    }
)


def is_valid(answers: dict[str, Any]) -> bool:
    if set(answers) != set(QUESTIONS):
        return False
    for key, value in answers.items():
        if key in CHOICE:
            if value not in CHOICE[key]:
                return False
        elif isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            return False
    return True


def yaml_lines(answers: dict[str, Any]) -> str:
    """Values written unquoted, so YAML's own guessing (yes, 1.10, ~, ...) is exercised."""
    return "answers:\n" + "".join(f"  {key}: {value}\n" for key, value in answers.items())


@FUZZ
@given(answers=st.one_of(answer_maps, valid_maps, valid_maps.map(lambda d: {**d, "x": 1})))
def test_json_answers_files_are_accepted_exactly_when_valid(
    workdir: Path, leadquiz_home: Path, answers: dict[str, Any]
) -> None:
    reset_files(workdir)
    path = workdir / "fuzz.json"
    path.write_text(json.dumps({"answers": answers}), encoding="utf-8")
    before = stored(leadquiz_home)
    result = run(["take", "--bank", "mini.yaml", "--answers", "fuzz.json", "--json"])
    after = stored(leadquiz_home)
    if is_valid(answers):
        assert result.exit_code == 0, result.stderr
        attempt = int(json.loads(result.stdout)["attempt"])
        assert after[:-1] == before
        assert after[-1] == (attempt, answers)
    else:
        assert result.exit_code == 2, (answers, result.stdout)
        assert result.stdout == ""
        assert after == before
        assert all(line.startswith("fuzz.json:") for line in result.stderr.splitlines())


@FUZZ
@given(
    content=st.one_of(
        answer_maps.map(yaml_lines),
        valid_maps.map(yaml_lines),
        st.text(max_size=300),
        st.binary(max_size=300),
    )
)
def test_any_answers_file_gives_a_result_or_a_plain_refusal(
    workdir: Path, leadquiz_home: Path, content: str | bytes
) -> None:
    reset_files(workdir)
    path = workdir / "fuzz.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    before = stored(leadquiz_home)
    result = run(["take", "--bank", "mini.yaml", "--answers", "fuzz.yaml", "--json"])
    after = stored(leadquiz_home)
    assert result.exit_code in (0, 2)
    if result.exit_code == 0:
        assert len(after) == len(before) + 1
        assert is_valid(after[-1][1])
    else:
        assert after == before
        assert result.stderr.startswith("fuzz.yaml")


# -- command lines ------------------------------------------------------------------

COMMANDS = [
    ["take"],
    ["report"],
    ["history"],
    ["compare"],
    ["export"],
    ["users"],
    ["forget"],
    ["banks"],
    ["banks", "list"],
    ["banks", "show"],
    ["banks", "validate"],
    [],
]
OPTIONS = [
    "--bank", "-b", "--user", "-u", "--answers", "--resume", "--seed", "--json", "--format",
    "-f", "--output", "-o", "--force", "--all", "--yes", "-y", "--help", "-h", "--version",
    "-", "--",
]  # fmt: skip
KNOWN_VALUES = [
    "latest", "1", "2", "3", "0", "-1", "99", "9" * 25, "core", "quick", "mini.yaml",
    "answers.json", "missing.yaml", "md", "json", "csv", "pdf", "tester", "other", "", " ",
    "..", "[bold red]x", "\x1b[2J", "\x1b]0;pwned\x07", "\u202e", "a\x00b", "out.md",
]  # fmt: skip
# Random text, kept inside the working directory: no separators, no '~', no '..' paths.
safe_text = st.text(max_size=12).filter(
    lambda s: not any(c in s for c in "/\\~") and not s.startswith("..")
)
tokens = st.one_of(
    st.sampled_from(OPTIONS),
    st.sampled_from(KNOWN_VALUES),
    safe_text,
    st.integers().map(str),
)


@FUZZ
@given(command=st.sampled_from(COMMANDS), rest=st.lists(tokens, max_size=6))
def test_any_command_line_ends_plainly(
    workdir: Path, leadquiz_home: Path, command: list[str], rest: list[str]
) -> None:
    reset_files(workdir)
    if not (leadquiz_home / DB_NAME).exists():
        for user in ("tester", "tester", "other"):
            seeded = run(["take", "-b", "mini.yaml", "--answers", "answers.json", "-u", user])
            assert seeded.exit_code == 0
    run([*command, *rest])
    # Nothing but the database, its companions and the bank cache may appear there.
    assert {p.name for p in leadquiz_home.iterdir()} <= {
        DB_NAME,
        f"{DB_NAME}-wal",
        f"{DB_NAME}-shm",
        "cache",
    }
    cache = leadquiz_home / "cache"
    assert not cache.exists() or all(p.name.startswith("bank-") for p in cache.iterdir())
    assert os.getcwd() == str(workdir)
