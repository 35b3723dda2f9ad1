"""The terminal report: layout at 80 and 160 columns, content, order and literal bank text."""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from leadquiz.models import AnswerValue, ReportData
from leadquiz.results.insights import gauge_line
from leadquiz.ui.report import bar_cells, headline_cells, render_report
from report_fixtures import (
    HOSTILE_MARKUP,
    build,
    core_bank,
    core_data,
    hostile_data,
    role_profile,
    tiny_answers,
    tiny_bank,
    tiny_data,
)

WIDTHS = (80, 160)
# Titles of the tiny bank in table order: by score, manager-leaning first, unanswered last.
TINY_ORDER = ["Goals", "Change", "Risk", "Motivation", "Culture", "Trust and control"]
TINY_SCORES = {"Goals": 12.5, "Change": 37.5, "Risk": 50.0, "Motivation": 75.0, "Culture": 87.5}


def render(data: ReportData, width: int) -> str:
    """Render as a plain file would receive it (a default Console: markup and emoji ON)."""
    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=False, color_system=None)
    console.print(render_report(data, width=width))
    return out.getvalue()


def flat(text: str) -> str:
    """All whitespace runs as one space, to find wrapped sentences."""
    return " ".join(text.split())


def table_lines(output: str) -> list[str]:
    """The lines of the dimension table, from its header to its caption.

    Under 100 columns there is no header: the areas start with the title line
    above the first area's bar.
    """
    lines = output.splitlines()
    # A bar starts with ├, or with ● where the score is 0; the manager pole stands beside it.
    start = next(
        i - 1 if line.startswith("  ") and "← " in line else i
        for i, line in enumerate(lines)
        if ("manager pole" in line and "score" in line) or (line.startswith("  ") and "← " in line)
    )
    end = next(i for i, line in enumerate(lines) if line.startswith("Sorted from"))
    return lines[start:end]


def section(output: str, heading: str) -> str:
    """The text of one section: from its heading rule to the next heading rule."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(heading + " ─"))
    end = next(
        (i for i in range(start + 1, len(lines)) if re.search(r" ─{3,}$", lines[i])), len(lines)
    )
    return "\n".join(lines[start:end])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("make", [tiny_data, core_data], ids=["tiny", "core"])
def test_no_line_is_wider_than_the_console(width: int, make: object) -> None:
    assert callable(make)
    output = render(make(), width)
    assert output.count("\n") > 40
    assert "\x1b" not in output
    too_long = [line for line in output.splitlines() if cell_len(line) > width]
    assert too_long == []


@pytest.mark.parametrize(("width", "cells", "column"), [(80, 41, 8 + 21), (160, 61, 8 + 32)])
def test_headline_gauge_puts_the_marker_at_the_overall_score(
    width: int, cells: int, column: int
) -> None:
    output = render(tiny_data(), width)
    assert headline_cells(width) == cells
    gauge = next(line for line in output.splitlines() if line.startswith("Manager ├"))
    # 52.5 of 100 on a line of `cells`: cell round(0.525 * (cells - 1)), after "Manager ".
    assert gauge.index("●") == column
    assert gauge.count("●") == 1
    assert gauge.rstrip().endswith("┤ Leader")
    ticks = [i for i, char in enumerate(gauge) if char == "┼"]
    step = (cells - 1) // 5
    # The whisker of the interval 45.1–59.9 covers the tick at 50 where it passes.
    whisker = [i for i, char in enumerate(gauge) if char == "━"]
    span = sorted([*whisker, column])
    assert span == list(range(span[0], span[-1] + 1))
    assert whisker[0] == 8 + round(0.451 * (cells - 1))
    assert whisker[-1] == 8 + round(0.599 * (cells - 1))
    assert ticks == [
        8 + step * k for k in (1, 2, 3, 4) if not whisker[0] <= 8 + step * k <= whisker[-1]
    ]
    assert "Overall  52.5 ± 7.4  balanced  (90% interval 45.1–59.9)" in output
    assert "The ± after a score, and the thick part of its line, is its 90% interval" in flat(
        output
    )
    assert "You draw on both ends about equally" in output
    assert "You skipped 3 of 18 questions" in output


def test_headline_names_bank_user_attempt_and_date() -> None:
    lines = render(tiny_data(), 80).splitlines()
    assert lines[0] == "A tiny bank"
    assert lines[1] == "dana  ·  attempt 12  ·  2025-03-04 09:12 UTC  ·  tiny 0.1.0"


@pytest.mark.parametrize("width", WIDTHS)
def test_dimensions_sorted_manager_first_with_bars_scores_and_bands(width: int) -> None:
    output = render(tiny_data(), width)
    lines = table_lines(output)
    wide = width >= 120
    title_rows = [
        next(i for i, line in enumerate(lines) if line.startswith(title + " "))
        for title in TINY_ORDER
    ]
    assert title_rows == sorted(title_rows)
    intervals = {d.score: d.interval for d in tiny_data().result.dimensions}
    for score in TINY_SCORES.values():
        bar = gauge_line(score, bar_cells(width), interval=intervals[score])
        shown = f"{score:.1f} ± 16.6"  # three equal answers: 1.645 × 50 × 0.35 / √3
        if wide:
            # The bar (marker and whisker) and the number ± the interval share one line.
            row = next(line for line in lines if bar in line and shown in line)
            assert row.index(bar) < row.index(shown)
        else:
            # The number ± the interval on the title line, the bar on the line under it.
            at = next(i for i, line in enumerate(lines) if shown in line)
            assert bar in lines[at + 1]
    goals = next(i for i, line in enumerate(lines) if "12.5" in line)
    bar_row = lines[goals] if wide else lines[goals + 1]
    assert "├━━●━━━─┼───┼───┼───┤" in bar_row  # 12.5, interval 0.0–29.1
    assert "strongly manager" in lines[goals]  # the band, whole
    assert "Sorted from the most manager-leaning" in output


@pytest.mark.parametrize("width", WIDTHS)
def test_unanswered_dimension_is_last_and_never_50(width: int) -> None:
    lines = table_lines(render(tiny_data(), width))
    not_answered = [i for i, line in enumerate(lines) if "not answered" in line]
    assert len(not_answered) == 1
    row = lines[not_answered[0]]
    assert "●" not in row
    assert "50.0" not in row
    assert "—" in row or width < 100  # the table's empty score cell
    later = lines[not_answered[0] + 1 :]
    assert not any("●" in line for line in later)  # every answered row comes before it


def test_poles_sit_left_and_right_of_the_bar() -> None:
    lines = table_lines(render(tiny_data(), 160))
    goals = next(line for line in lines if line.startswith("Goals "))
    bar = gauge_line(12.5, bar_cells(160), interval=(0.0, 29.1))
    assert goals.index("Goals manager pole") < goals.index(bar) < goals.index("Goals leader pole")
    assert "75 / 0" in goals  # pole strengths, wide consoles only
    assert "strength" in lines[0]
    assert "strength" not in table_lines(render(tiny_data(), 80))[0]


def leader_everywhere() -> ReportData:
    """Every core area at 100.0: the widest score cell ("100.0 ± 12.9") in every row."""
    bank = core_bank()
    answers: dict[str, AnswerValue | None] = {}
    for question in bank.questions:
        if question.type == "likert":
            answers[question.id] = 5 if question.keyed == "leader" else 1
        else:
            answers[question.id] = max(question.options, key=lambda option: option.lean).key
    return build(bank, answers)


@pytest.mark.parametrize("width", [60, 63, 80, 99, 120])
@pytest.mark.parametrize("make", [core_data, leader_everywhere])
def test_long_poles_wrap_between_words_only(make: Callable[[], ReportData], width: int) -> None:
    # Where the pole columns cannot hold their longest words (60–63 columns), the
    # areas are stacked, each pole on a line of its own.
    data = make()
    table = render(data, width)
    words = set(table.split())
    for dimension in data.bank.dimensions:
        for pole in (dimension.manager_pole, dimension.leader_pole):
            assert set(pole.split()) <= words, pole  # no word folded across two lines
    assert "…" not in table


def long_worded(*, with_role: bool) -> ReportData:
    """The tiny bank with a 17- and a 16-letter word in every pole, with or without a role."""
    bank = tiny_bank()
    dimensions = tuple(
        dataclasses.replace(
            d, manager_pole="interdependencies pole", leader_pole="accountabilities"
        )
        for d in bank.dimensions
    )
    bank = dataclasses.replace(bank, dimensions=dimensions)
    data = build(bank, tiny_answers())
    if not with_role:
        return data
    role = role_profile(bank, {d.id: 5 for d in bank.dimensions})
    return dataclasses.replace(data, role=role)


@pytest.mark.parametrize("width", [64, 80, 100, 119, 120, 124, 130, 160])
@pytest.mark.parametrize("with_role", [False, True])
def test_long_words_in_poles_are_never_cut_in_any_layout(width: int, with_role: bool) -> None:
    # Wide tables (120+) add an area and a strength column; they are kept only where
    # the poles still hold their longest words beside them.
    output = render(long_worded(with_role=with_role), width)
    words = output.split()
    assert "interdependencies" in words
    assert "accountabilities" in words
    assert max(cell_len(line) for line in output.splitlines()) <= width


def test_poles_read_as_lines_beside_the_bar_at_80() -> None:
    data = core_data()
    lines = table_lines(render(data, 80))
    goals = next(i for i, line in enumerate(lines) if line.startswith("Goals  "))
    # goals: every answer at the manager end (scenario option a leans -1): 0.0, strongly manager
    assert lines[goals].rstrip().endswith("0.0 ± 12.9  strongly manager")  # the band, whole
    bar, leader = lines[goals + 1], lines[goals + 2]
    assert "┤" in bar  # the line (at 0.0 its ● stands on the left end)
    # Each pole on one line, beside and under the bar: no column of short fragments.
    assert bar.rstrip().endswith("← Clear targets and KPIs for this period")
    assert leader.rstrip().endswith("→ A vision and big, bold goals")
    assert re.match(r"\s+100 +strength +0 +→", leader)  # the two strengths under the bar
    assert leader.index("→") == bar.index("←")


@pytest.mark.parametrize("width", WIDTHS)
def test_leanings_and_practice_areas(width: int) -> None:
    output = render(tiny_data(), width)
    lean = flat(section(output, "Where you lean furthest"))
    assert "Toward the manager pole: Goals 12.5 ± 16.6, strongly manager" in lean
    assert "Toward the leader pole: Culture 87.5 ± 16.6, strongly leader" in lean
    assert "Brings Leaning toward “Goals manager pole” brings focus" in lean
    assert "A little of “Goals leader pole” keeps that in check." in lean

    practice = flat(section(output, "Three areas to practise next"))
    order = [practice.index(head) for head in ("1. Goals", "2. Culture", "3. Motivation")]
    assert order == sorted(order)
    assert "To widen your range, try a step toward “Goals leader pole”." in practice
    for tip in (
        "• Goals step toward leading.",
        "• Goals second leading step.",
        "• Culture step toward managing.",
        "• Motivation step toward managing.",
    ):
        assert tip in practice
    assert "Change step" not in practice
    assert "Risk" not in practice


def test_sources_notes_and_footer() -> None:
    output = flat(render(tiny_data(), 80))
    assert "• An essay on leading — A. Writer" in output
    assert "• A forum thread" in output
    assert "About your answers" not in output
    assert "on a scale from 0 (the manager pole) to 100 (the leader pole)" in output

    bank = tiny_bank()
    same = build(bank, {q.id: 5 if q.type == "likert" else "a" for q in bank.questions})
    noted = flat(render(same, 80))
    assert "About your answers" in noted
    for note in same.result.notes:
        assert flat(note.message) in noted


def test_previous_attempt_is_mentioned() -> None:
    output = render(tiny_data(with_earlier=True), 80)
    # Overall SEs: √6 × 10.10 / 6 = 4.12 (six areas) and √5 × 10.10 / 5 = 4.52 (five):
    # threshold 1.96 × √(4.12² + 4.52²) = 12.0.
    assert (
        "Previous attempt 5 (2024-12-01): 50.0 overall; now 52.5 "
        "(+2.5: within noise, threshold 11.9)"
    ) in flat(output)


def test_nothing_answered_shows_no_score() -> None:
    bank = tiny_bank()
    output = render(build(bank, {}), 80)
    assert "Overall  not answered" in output
    assert "No question was answered" in output
    assert "Manager ├" not in output
    assert "practise next" not in output
    assert output.count("not answered") == 1 + len(bank.dimensions)


@pytest.mark.parametrize("width", WIDTHS)
def test_bank_and_user_text_is_never_markup(width: int) -> None:
    data = hostile_data(HOSTILE_MARKUP, user="[red]eve[/] :smile:")
    output = render(data, width)
    lines = output.splitlines()
    assert lines[0] == f"Bank {HOSTILE_MARKUP}"
    assert lines[1].startswith("[red]eve[/] :smile:  ·  attempt 12")
    assert "😄" not in output
    text = flat(output)
    assert f"• Goals step toward leading. {HOSTILE_MARKUP}" in text
    assert f"• Essay {HOSTILE_MARKUP} — Author {HOSTILE_MARKUP}" in text
    assert f"“Goals leader pole {HOSTILE_MARKUP}”" in text
    assert text.count("[bold red]x[/]") >= 20  # titles and poles in the table too


def test_no_color_keeps_only_bold_and_dim(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = io.StringIO()
    console = Console(file=out, width=80, force_terminal=True)
    console.print(render_report(tiny_data(), width=80))
    output = out.getvalue()
    codes = re.findall(r"\x1b\[([0-9;]*)m", output)
    assert codes  # bold and dim still come through
    params = {int(p) for code in codes for p in code.split(";") if p}
    assert params <= {0, 1, 2, 22}
    assert "●" in output


def test_colour_marks_sides_with_two_hues_never_red_or_green() -> None:
    # A fresh process: Rich caches a Style's escape codes for the first colour system
    # it renders with, so a colour console used by an earlier test would leak in here.
    script = (
        "import io, sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from rich.console import Console\n"
        "from report_fixtures import tiny_data\n"
        "from leadquiz.ui.report import render_report\n"
        "out = io.StringIO()\n"
        "Console(file=out, width=80, force_terminal=True, color_system='256')"
        ".print(render_report(tiny_data(), width=80))\n"
        "sys.stdout.write(out.getvalue())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    colours = set(re.findall(r"\x1b\[[0-9;]*38;5;(\d+)", done.stdout))
    assert len(colours) == 2
    assert not colours & {"1", "2", "9", "10", "28", "34", "40", "46", "160", "196"}


def test_built_fresh_each_call() -> None:
    data = tiny_data()
    assert render(data, 80) == render(data, 80)
    assert render(data, 160) != render(data, 80)
