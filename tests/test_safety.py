"""Safety through the whole CLI: hostile text stays text, escapes are refused, files are private.

- Bank text holding Rich markup, links and emoji codes is shown literally by
  every command that shows it (and never becomes a link or an emoji, even on a
  colour terminal).
- A bank holding terminal escapes (screen clear, window title, clipboard,
  bidi overrides) is refused by every command that loads a bank.
- The Markdown export of such text cannot break its table or inject HTML.
- The database, its directory and exported files are private; ``forget``
  leaves nothing of the user behind.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from cli_runs import Run as Outcome
from cli_runs import invoke
from leadquiz.store.database import DB_NAME

MINI = (Path(__file__).parent / "data" / "mini.yaml").read_text(encoding="utf-8")

#: Short hostile strings (they fit every column, so wrapping cannot hide a failure).
TITLE = "[bold red]T[/bold red] [link=http://evil]x[/link] :smile:"
VERSION = "1.0 [bold red]V"
DESCRIPTION = "[link=http://evil]D[/link] :smile:"
SOURCE = "[bold red]S :smile:"
AUTHOR = "[link=http://evil]A[/link]"
DIM_GOALS = "[bold red]G"
DIM_RISK = "R :smile:"
MANAGER_POLE = "[bold red]MP"
LEADER_POLE = "[link=http://evil]LP"
TIP = "[bold red]TIP :smile: [link=http://evil]t[/link]"
QUESTION = "[bold red]Q :smile: [link=http://evil]q[/link]"
OPTION = "[link=http://evil]O[/link] :smile:"
ANSWERS = {"goals-kpi": 1, "goals-dream": 5, "goals-plan": "c", "risk-safe": 5, "risk-bet": "a"}
RAW_CONTROLS = ("\x1b", "\x07", "\u202e", "\x9b")


def cli(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Outcome:
    """Run the CLI in-process; an uncaught exception (a traceback for a user) fails."""
    return invoke(args, env=env, stdin=stdin)


def quoted(text: str) -> str:
    return json.dumps(text)  # a YAML double-quoted scalar


def hostile_bank_text() -> str:
    replacements = [
        ("title: A small test bank", f"title: {quoted(TITLE)}"),
        ('version: "0.1.0"', f"version: {quoted(VERSION)}"),
        (
            "description: Two dimensions, five questions, for tests.",
            f"description: {quoted(DESCRIPTION)}",
        ),
        ("    title: An essay on leading", f"    title: {quoted(SOURCE)}"),
        ("    author: A. Writer", f"    author: {quoted(AUTHOR)}"),
        ("    title: Goals", f"    title: {quoted(DIM_GOALS)}"),
        ("    title: Risk", f"    title: {quoted(DIM_RISK)}"),
        ("manager_pole: Targets and KPIs", f"manager_pole: {quoted(MANAGER_POLE)}"),
        ("leader_pole: Vision", f"leader_pole: {quoted(LEADER_POLE)}"),
        ("[Write down where the team should be in three years.]", f"[{quoted(TIP)}]"),
        ("[Turn one dream into a dated milestone.]", f"[{quoted(TIP)}]"),
        ("[Run one small experiment.]", f"[{quoted(TIP)}]"),
        ("[List what could go wrong before you start.]", f"[{quoted(TIP)}]"),
        ("text: I keep goals measurable and due this quarter.", f"text: {quoted(QUESTION)}"),
        ("text: wait for more data", f"text: {quoted(OPTION)}"),
    ]
    text = MINI
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def hostile(tmp_path: Path, wide: None) -> tuple[Path, Path]:
    """The hostile bank and an answers file for it."""
    bank = tmp_path / "hostile.yaml"
    bank.write_text(hostile_bank_text(), encoding="utf-8")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": ANSWERS}), encoding="utf-8")
    return bank, answers


@pytest.fixture
def two_hostile_attempts(hostile: tuple[Path, Path]) -> Outcome:
    """Two finished attempts of the hostile bank; returns the first `take`'s outcome."""
    bank, answers = hostile
    first = cli("take", "--bank", str(bank), "--answers", str(answers))
    assert first.code == 0, first
    assert cli("take", "--bank", str(bank), "--answers", str(answers)).code == 0
    return first


def assert_literal(output: str, *texts: str) -> None:
    for text in texts:
        assert text in output, (text, output)
    assert "\U0001f604" not in output  # :smile: never became an emoji
    for char in RAW_CONTROLS:
        assert char not in output


def test_banks_show_shows_markup_literally(hostile: tuple[Path, Path]) -> None:
    outcome = cli("banks", "show", str(hostile[0]))
    assert outcome.code == 0, outcome
    assert_literal(
        outcome.stdout,
        TITLE,
        VERSION,
        DESCRIPTION,
        SOURCE,
        AUTHOR,
        DIM_GOALS,
        DIM_RISK,
        MANAGER_POLE,
        LEADER_POLE,
    )


REPORT_TEXTS = (TITLE, VERSION, DIM_GOALS, DIM_RISK, MANAGER_POLE, LEADER_POLE, TIP, SOURCE)


def test_take_report_shows_markup_literally(two_hostile_attempts: Outcome) -> None:
    assert_literal(two_hostile_attempts.stdout, *REPORT_TEXTS, AUTHOR)


def test_report_shows_markup_literally(two_hostile_attempts: Outcome) -> None:
    outcome = cli("report", "1")
    assert outcome.code == 0
    assert_literal(outcome.stdout, *REPORT_TEXTS, AUTHOR)


def test_history_and_compare_show_markup_literally(two_hostile_attempts: Outcome) -> None:
    listed = cli("history")
    assert listed.code == 0
    assert_literal(listed.stdout, VERSION)
    compared = cli("compare")
    assert compared.code == 0, compared
    assert_literal(compared.stdout, VERSION, DIM_GOALS, DIM_RISK)


def test_interactive_questions_and_options_show_markup_literally(
    hostile: tuple[Path, Path],
) -> None:
    """Questions and options appear only while asking: skip each one to see them all."""
    bank, _answers = hostile
    outcome = cli("take", "--bank", str(bank), env={"LEADQUIZ_INTERACTIVE": "1"}, stdin="s\n" * 5)
    assert outcome.code == 0, outcome
    assert_literal(outcome.stdout, QUESTION, OPTION, TITLE)


def test_colour_terminal_gets_styles_but_no_link_or_emoji(
    two_hostile_attempts: Outcome,
) -> None:
    """With colour forced on, Rich emits escapes of its own: never a hyperlink from bank text."""
    outcome = cli("report", env={"FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"})
    assert outcome.code == 0
    assert "\x1b[" in outcome.stdout  # the check below would mean little without colour
    assert "\x1b]8;" not in outcome.stdout  # OSC 8 hyperlink
    assert "\U0001f604" not in outcome.stdout
    plain = re.sub(r"\x1b\[[0-9;]*m", "", outcome.stdout)
    for text in (TITLE, DIM_GOALS, LEADER_POLE):
        assert text in plain


# -- terminal escapes in a bank ------------------------------------------------------------

ESCAPES = {
    "title-osc-window-title": ("title: A small test bank", 'title: "A\\e]0;pwned\\a"', "3:8"),
    "option-clear-screen": ("text: wait for more data", 'text: "wait\\e[2J"', "55:24"),
    "question-bidi": (
        "text: I talk about where we could be in five years.",
        'text: "I talk \\u202e about it"',
        "34:11",
    ),
    "tip-c1-csi": ("[Run one small experiment.]", '["Run \\x9b31m one"]', "22:21"),
    "author-osc52-clipboard": ("author: A. Writer", 'author: "\\e]52;c;aGk=\\a"', "9:13"),
    "description-sgr": (
        "description: Two dimensions, five questions, for tests.",
        'description: "Two\\e[31m red"',
        "5:14",
    ),
}


@pytest.mark.parametrize("command", ["take", "banks-show", "banks-validate"])
@pytest.mark.parametrize("case", list(ESCAPES))
def test_bank_with_terminal_escapes_is_refused_without_echoing_them(
    tmp_path: Path, leadquiz_home: Path, case: str, command: str
) -> None:
    old, new, place = ESCAPES[case]
    assert MINI.count(old) == 1
    bank = tmp_path / "escapes.yaml"
    bank.write_text(MINI.replace(old, new), encoding="utf-8")
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": ANSWERS}), encoding="utf-8")
    args = {
        "take": ["take", "--bank", str(bank), "--answers", str(answers)],
        "banks-show": ["banks", "show", str(bank)],
        "banks-validate": ["banks", "validate", str(bank)],
    }[command]
    outcome = cli(*args)
    assert outcome.code == 2, outcome
    shown = outcome.stdout + outcome.stderr
    for char in RAW_CONTROLS:
        assert char not in shown
    assert f"{bank}:{place}: " in outcome.stderr
    assert "contains a control or invisible character: U+" in outcome.stderr
    assert not (leadquiz_home / DB_NAME).exists()


# -- the Markdown export --------------------------------------------------------------------


def all_tokens(tokens: list[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from all_tokens(token.children)


def test_markdown_export_keeps_hostile_text_inert(
    two_hostile_attempts: Outcome, tmp_path: Path
) -> None:
    outcome = cli("export", "1", "--format", "md")
    assert outcome.code == 0
    tokens = MarkdownIt("commonmark").enable("table").parse(outcome.stdout)
    kinds = {token.type for token in all_tokens(tokens)}
    assert not kinds & {"html_block", "link_open", "image"}, kinds
    # The only raw HTML is leadquiz's own empty split (<span>:</span>), never the text's.
    html = {t.content for t in all_tokens(tokens) if t.type == "html_inline"}
    assert html <= {"<span>", "</span>"}, html
    # The areas table: a header and one row per dimension, six cells each.
    rows: list[list[str]] = []
    in_table = False
    for token in tokens:
        if token.type == "table_open":
            in_table = True
        elif token.type == "table_close":
            break
        elif in_table and token.type == "tr_open":
            rows.append([])
        elif in_table and token.type == "inline":
            rows[-1].append(token.content)
    assert len(rows) == 3
    assert all(len(row) == 8 for row in rows), rows
    # A text run split by leadquiz's own <span> (so GitHub makes no link or emoji) reads whole.
    text = "".join(
        token.content if token.type != "html_inline" else ""
        for token in all_tokens(tokens)
        if token.type in ("text", "code_inline", "html_inline", "softbreak")
    )
    for literal in (TITLE, VERSION, DIM_GOALS, MANAGER_POLE, LEADER_POLE, TIP):
        assert literal in text, literal


def test_markdown_export_of_pipes_backticks_and_html(tmp_path: Path, wide: None) -> None:
    """The traps of GFM tables: '|' (also inside backticks) and raw HTML in a cell."""
    bank = tmp_path / "pipes.yaml"
    bank.write_text(
        MINI.replace("title: Goals", 'title: "a | b `c | d` <img src=x onerror=alert(1)>"')
        .replace("manager_pole: Targets and KPIs", 'manager_pole: "<script>x</script> |"')
        .replace("leader_pole: Vision", "leader_pole: '`|`'"),
        encoding="utf-8",
    )
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"answers": ANSWERS}), encoding="utf-8")
    assert cli("take", "--bank", str(bank), "--answers", str(answers)).code == 0
    outcome = cli("export", "--format", "md")
    html = MarkdownIt("commonmark").enable("table").render(outcome.stdout)
    assert "<img" not in html
    assert "<script" not in html
    table = html[html.index("<table>") : html.index("</table>")]
    assert table.count("<tr>") == 3
    for row in table.split("<tr>")[1:]:
        assert row.count("<td") + row.count("<th") == 8, row


# -- private files, forget ----------------------------------------------------------------


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("open_umask")
def test_database_directory_and_exports_are_private_whatever_the_umask(
    leadquiz_home: Path, hostile: tuple[Path, Path], tmp_path: Path
) -> None:
    bank, answers = hostile
    assert cli("take", "--bank", str(bank), "--answers", str(answers)).code == 0
    assert mode(leadquiz_home) == 0o700
    assert mode(leadquiz_home / DB_NAME) == 0o600
    for companion in leadquiz_home.glob(f"{DB_NAME}-*"):
        assert mode(companion) & 0o077 == 0, companion
    for fmt in ("md", "json", "csv"):
        target = tmp_path / f"report.{fmt}"
        outcome = cli("export", "--format", fmt, "-o", str(target))
        assert outcome.code == 0, outcome
        assert mode(target) == 0o600
    shared = tmp_path / "shared.md"
    shared.write_text("old")
    shared.chmod(0o644)
    refused = cli("export", "-o", str(shared))
    assert refused.code == 2
    assert shared.read_text() == "old"
    assert cli("export", "-o", str(shared), "--force").code == 0
    assert mode(shared) == 0o600
    assert shared.read_text() != "old"


def test_forget_leaves_no_row_and_no_bytes_of_the_user(
    leadquiz_home: Path, hostile: tuple[Path, Path], tmp_path: Path
) -> None:
    bank, answers = hostile
    plain = tmp_path / "plain.yaml"
    plain.write_text(MINI, encoding="utf-8")
    gone, kept = "gone-user-7f3a", "kept-user"
    for user, used in ((gone, bank), (gone, bank), (kept, plain)):
        assert cli("take", "--bank", str(used), "--answers", str(answers), "-u", user).code == 0
    db = sqlite3.connect(leadquiz_home / DB_NAME)
    ids = [row[0] for row in db.execute("SELECT id FROM attempts WHERE user = ?", (gone,))]
    db.close()
    assert len(ids) == 2
    outcome = cli("forget", "--user", gone, "--yes")
    assert outcome.code == 0
    assert outcome.stderr == (
        f"Deleted 2 attempts and 10 answers of '{gone}'.\n"
        f"Rewritten without them: {leadquiz_home / DB_NAME}\n"
    )
    db = sqlite3.connect(leadquiz_home / DB_NAME)
    try:
        assert db.execute("SELECT count(*) FROM attempts WHERE user = ?", (gone,)).fetchone() == (
            0,
        )
        marks = ",".join("?" * len(ids))
        query = f"SELECT count(*) FROM answers WHERE attempt_id IN ({marks})"
        assert db.execute(query, ids).fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM attempts").fetchone() == (1,)
        assert db.execute("SELECT count(*) FROM answers").fetchone() == (5,)
        banks: list[Any] = db.execute("SELECT bank_id, version FROM banks").fetchall()
        assert banks == [("mini", "0.1.0")]  # the hostile bank's snapshot went with its user
    finally:
        db.close()
    for path in (p for p in leadquiz_home.rglob("*") if p.is_file()):
        assert gone.encode() not in path.read_bytes(), path
        if path.parent == leadquiz_home:  # the bank cache keeps bank text, never people's
            assert b"[bold red]T" not in path.read_bytes(), path
    users = cli("users")
    assert gone not in users.stdout
    assert kept in users.stdout
