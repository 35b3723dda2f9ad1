"""Long output through a pager on a terminal, as git does it; never when piped or refused.

Each test runs leadquiz in a real pseudo-terminal of 24 rows and 80 columns.
The recording pager is a shell command that writes what it was handed (and
the ``LESS`` it saw) to files; the last test drives the real ``less``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pexpect  # type: ignore[import-untyped, unused-ignore]
import pyte  # type: ignore[import-untyped, unused-ignore]
import pytest

from cli_runs import invoke
from observer_runs import take
from terminal_runs import ANSI, PTY, spawn_in_terminal

pytestmark = PTY

SIZE = (24, 80)


def recording_pager(folder: Path) -> str:
    """A pager command line that keeps its input and the ``LESS`` it was started with."""
    return f"printf %s \"$LESS\" > '{folder}/less.txt'; cat > '{folder}/paged.txt'"


def run(home: Path, children: list[pexpect.spawn], *args: str, **env: str) -> tuple[str, int]:
    child = spawn_in_terminal(home, children, *args, env=env, dimensions=SIZE)
    child.expect(pexpect.EOF)
    shown = str(child.before)
    child.close()
    assert isinstance(child.exitstatus, int)
    return ANSI.sub("", shown), child.exitstatus


def test_a_report_taller_than_the_terminal_goes_to_the_pager(
    tmp_path: Path, leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    take(tmp_path, "core")
    shown, code = run(leadquiz_home, children, "report", PAGER=recording_pager(tmp_path))
    assert code == 0
    paged = ANSI.sub("", (tmp_path / "paged.txt").read_text(encoding="utf-8"))
    assert paged.count("\n") > SIZE[0]
    assert "Overall" in paged
    assert "Overall" not in shown  # the pager had it all, the terminal none of it
    # LESS as git sets it when the user has not: quit if it fits, colours, no screen clear.
    assert (tmp_path / "less.txt").read_text(encoding="utf-8") == "FRX"


def test_the_user_s_less_and_leadquiz_pager_are_honoured(
    tmp_path: Path, leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    take(tmp_path, "core")
    pager = recording_pager(tmp_path)
    code = run(leadquiz_home, children, "report", PAGER="false", LEADQUIZ_PAGER=pager, LESS="-S")[1]
    assert code == 0
    assert (tmp_path / "less.txt").read_text(encoding="utf-8") == "-S"
    assert "Overall" in (tmp_path / "paged.txt").read_text(encoding="utf-8")
    (tmp_path / "paged.txt").unlink()
    # One attempt's history fits 24 rows: the pager never starts.
    assert run(leadquiz_home, children, "history", LEADQUIZ_PAGER=pager)[1] == 0
    assert not (tmp_path / "paged.txt").exists()
    shown = "banks", "show", "core", "--questions"
    assert run(leadquiz_home, children, *shown, LEADQUIZ_PAGER=pager)[1] == 0
    assert "goals" in (tmp_path / "paged.txt").read_text(encoding="utf-8")


def test_no_pager_and_pipes_print_everything(
    tmp_path: Path, leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    take(tmp_path, "core")
    shown, code = run(
        leadquiz_home, children, "--no-pager", "report", PAGER=recording_pager(tmp_path)
    )
    assert code == 0
    assert not (tmp_path / "paged.txt").exists()
    assert "Overall" in shown
    # Piped (CliRunner's stdout is no terminal): printed whole, no pager.
    piped = invoke(["report"], env={"PAGER": recording_pager(tmp_path)})
    assert "Overall" in piped.stdout
    assert not (tmp_path / "paged.txt").exists()
    # PAGER=cat, or empty: no pager.
    assert "Overall" in run(leadquiz_home, children, "report", PAGER="")[0]


@pytest.mark.skipif(shutil.which("less") is None, reason="needs less")
def test_less_shows_the_top_of_the_report_first(
    tmp_path: Path, leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    take(tmp_path, "core")
    child = spawn_in_terminal(
        leadquiz_home, children, "report", env={"PAGER": "less"}, dimensions=SIZE
    )
    screen = pyte.Screen(SIZE[1], SIZE[0])
    stream = pyte.Stream(screen)
    child.expect_exact("Overall")
    stream.feed(str(child.before) + str(child.after))
    child.expect(r"\r\n:")  # less waits at its prompt, the report's top on screen
    stream.feed(str(child.before) + str(child.after))
    top = [line.rstrip() for line in screen.display]
    assert top[-1].startswith(":")
    assert any("Overall" in line for line in top[:12])
    child.send("q")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_html_is_refused_on_a_terminal_without_o(
    tmp_path: Path, leadquiz_home: Path, children: list[pexpect.spawn]
) -> None:
    take(tmp_path, "quick")
    shown, code = run(leadquiz_home, children, "export", "--format", "html")
    assert code == 2
    assert "<html" not in shown.lower()
    assert "write it to a file" in shown
    assert "leadquiz export --format html -o report.html" in " ".join(shown.split())
    # With -o - it is asked for, and piped it is what the pipe wants.
    assert (
        "<!doctype html>"
        in run(leadquiz_home, children, "export", "-f", "html", "-o", "-")[0].lower()
    )
    assert invoke(["export", "--format", "html"]).stdout.lower().startswith("<!doctype html>")
