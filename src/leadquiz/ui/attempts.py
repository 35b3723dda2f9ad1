"""Renderables for ``history``, ``compare`` and ``users``.

Names, titles and bank ids only ever enter Rich as :class:`rich.text.Text`.
Colour is a second channel only: arrows, signs and words carry the meaning,
so the views read the same with ``NO_COLOR`` or piped. The two directions get
two neutral hues (neither pole is the good one), never red and green.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from leadquiz.formatting import (
    NO_CHANGE,
    counted,
    delta,
    format_day,
    format_delta,
    format_score,
    format_when,
    zone_label,
)
from leadquiz.models import Attempt, ScoredAttempt
from leadquiz.results.comparison import (
    Comparison,
    DimensionChange,
    Direction,
    compare,
    direction_of,
    format_change,
    moves_sentence,
)
from leadquiz.results.noise import FEW_ANSWERS_MARK, change_phrase, verdict_of
from leadquiz.results.trends import (
    HistoryPage,
    HistoryRow,
    Trend,
    attempt_time,
    bank_label,
    needs_time,
)
from leadquiz.ui.columns import Columns
from leadquiz.ui.narrow import NARROW, ByWidth

#: Styles of the two directions (neutral hues) and of no move.
DIRECTION_STYLES: dict[Direction, str] = {"leader": "cyan", "manager": "magenta", "none": "dim"}
#: Marks a row whose bank differs from the previous attempt of the same bank id.
BANK_MARK = "†"
#: Explains the threshold column of ``compare``.
THRESHOLD_NOTE = (
    "Beyond noise: the change is larger than the threshold, 1.96 × √(SE_A² + SE_B²), that "
    "answering the same way twice could give (docs/scoring.md); within noise: it is not."
)


# --- history ------------------------------------------------------------------


def history_view(
    user: str,
    page: HistoryPage,
    *,
    resume_command: str = "leadquiz take --resume",
    responses: Mapping[int, int] | None = None,
) -> RenderableType:
    """The attempts of ``user``, newest first, with trends above and notes below.

    The rows of ``page`` are shown, followed by a line counting the rest.
    ``responses`` counts the observer responses per attempt id; when any attempt
    has some, an ``observers`` column shows them.
    """
    if not page.total:
        return Text.assemble(
            "No attempts yet for ",
            Text(user, style="bold"),
            ". When you are ready, take the quiz with: ",
            ("leadquiz take", "bold"),
        )
    shown = list(page.rows)
    parts: list[RenderableType] = [_history_title(user, page.total)]
    if page.trends:
        parts.extend(_trend_lines(page.trends))
    parts.extend([Text(""), _history_table(shown, responses or {}), Text("")])
    parts.extend(_history_notes(shown, page.total - len(shown), resume_command))
    return Group(*parts)


def _history_title(user: str, count: int) -> Text:
    """``History of alice · 14 attempts``."""
    return Text.assemble(
        ("History of ", "bold"), Text(user, style="bold"), f" · {counted(count, 'attempt')}"
    )


def _trend_lines(items: Sequence[Trend]) -> list[Text]:
    """One line per trend, sparklines aligned: ``Trend (core, 5 attempts): 48.1 ▄▄▅▅▆ 61.0``."""
    labels = [
        Text.assemble("Trend (", Text(t.bank_id, style="bold"), f", {t.count_phrase()}):")
        for t in items
    ]
    width = max(label.cell_len for label in labels)
    lines: list[Text] = []
    for trend, label in zip(items, labels, strict=True):
        label.append(" " * (width - label.cell_len + 1))
        label.append(f"{format_score(trend.first)} ")
        label.append(trend.spark, style="cyan")
        label.append(f" {format_score(trend.last)}")
        if trend.threshold is not None:
            label.append(f"  ({change_phrase(delta(trend.first, trend.last), trend.threshold)})")
        lines.append(label)
    return lines


def _history_table(rows: Sequence[HistoryRow], responses: Mapping[int, int]) -> Columns:
    """The table of history rows (already limited)."""
    observed = any(responses.get(row.attempt.id) for row in rows)
    with_time = needs_time([row.attempt for row in rows])
    cells: list[list[Text]] = []
    for row in rows:
        attempt = row.attempt
        bank = Text(bank_label(attempt))
        if row.bank_change is not None:
            bank.append(f" {BANK_MARK}", style="bold")
        verdict = Text("")
        if not row.finished:
            overall, band, change = Text("…"), Text("in progress", style="italic"), Text("")
        elif row.score is None:
            overall, band, change = Text(format_score(None)), Text("no answers"), Text("")
        else:
            overall = Text(format_score(row.score), style="bold")
            band = Text(row.band or "")
            change = _delta_text(row.change)
            verdict = Text(verdict_of(row.beyond_noise), style="" if row.beyond_noise else "dim")
        cells.append(
            [
                Text(str(attempt.id)),
                Text(format_when(attempt_time(attempt), with_time=with_time)),
                bank,
                overall,
                band,
                change,
                verdict,
                *([Text(str(responses.get(attempt.id, 0)))] if observed else []),
            ]
        )
    headers = ["id", f"date ({zone_label()})", "bank", "overall", "band", "change", "vs noise"]
    aligns: list[Literal["left", "right"]] = [
        "right",
        "left",
        "left",
        "right",
        "left",
        "right",
        "left",
    ]
    if observed:
        headers.append("observers")
        aligns.append("right")
    return Columns(headers, aligns, cells, wrap=(2, 4))


def _delta_text(change: float | None) -> Text:
    """A signed change (``+4.2``, ``−1.0``, ``—``) in the hue of its direction."""
    if change is None:
        return Text(format_delta(None), style="dim")
    return Text(format_delta(change), style=DIRECTION_STYLES[direction_of(change)])


def _history_notes(rows: Sequence[HistoryRow], hidden: int, resume_command: str) -> list[Text]:
    """Footnotes: bank changes, how to resume, and how many older rows are hidden."""
    notes: list[Text] = []
    for row in rows:
        change = row.bank_change
        if change is not None:
            notes.append(
                Text.assemble(
                    (f"{BANK_MARK} ", "bold"),
                    f"attempt {row.attempt.id}: bank changed since attempt {change.previous_id}: ",
                    Text(change.describe()),
                )
            )
    if any(not row.finished for row in rows):
        notes.append(
            Text.assemble("In progress — resume with: ", Text(resume_command, style="bold"))
        )
    if hidden > 0:
        older = counted(hidden, "older attempt")
        notes.append(Text(f"… and {older} (use --all / --json)", style="dim"))
    if any(row.change is not None for row in rows):
        notes.append(
            Text(
                "Change: since the last attempt of that bank (+ toward leader, − toward "
                "manager); beyond noise when larger than 1.96 × √(SE² + SE²) of the two "
                "overall scores (docs/scoring.md)",
                style="dim",
            )
        )
    return notes


# --- compare --------------------------------------------------------------------


def compare_view(
    a: ScoredAttempt, b: ScoredAttempt, *, bank_titles: Mapping[str, str] | None = None
) -> RenderableType:
    """Attempt A and attempt B side by side per dimension, with the largest moves in words.

    Changes read from A to B (``b - a``). ``bank_titles`` maps bank ids to titles
    shown in the header (ids alone when missing).
    """
    comparison = compare(a, b)
    titles = bank_titles or {}
    with_time = format_day(attempt_time(a.attempt)) == format_day(attempt_time(b.attempt))
    parts: list[RenderableType] = [
        Text("Comparing two attempts", style="bold"),
        _attempt_line("A", a.attempt, titles, with_time=with_time),
        _attempt_line("B", b.attempt, titles, with_time=with_time),
        Text(""),
        ByWidth(_compare_table(comparison), _compare_stacked(comparison), NARROW),
        Text(""),
        Text(moves_sentence(comparison)),
        Text.assemble(
            ("▲", DIRECTION_STYLES["leader"]),
            " toward leader · ",
            ("▼", DIRECTION_STYLES["manager"]),
            " toward manager · = no change · neither pole is better",
            style="dim",
        ),
        Text(THRESHOLD_NOTE, style="dim"),
    ]
    parts.extend(_compare_notes(comparison))
    return Group(*parts)


def _attempt_line(
    label: str, attempt: Attempt, titles: Mapping[str, str], *, with_time: bool
) -> Text:
    """``A  attempt 12 · Full assessment (core 1.0.0) · 2026-08-01``."""
    line = Text.assemble((f"{label}  ", "bold"), f"attempt {attempt.id} · ")
    title = titles.get(attempt.bank_id)
    if title:
        line.append(Text(title))
        line.append(" (")
        line.append(Text(bank_label(attempt)))
        line.append(")")
    else:
        line.append(Text(bank_label(attempt)))
    line.append(f" · {format_when(attempt_time(attempt), with_time=with_time)} ({zone_label()})")
    if attempt.status != "finished":
        line.append(" · in progress", style="italic")
    return line


def _compare_table(comparison: Comparison) -> Table:
    """One row per shared dimension, then the overall row."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    # The band is what a reader scans for; a long title wraps rather than a band.
    table.add_column("dimension", overflow="fold")
    table.add_column("A", justify="right", no_wrap=True)
    table.add_column("B", justify="right", no_wrap=True)
    table.add_column("change", justify="right", no_wrap=True)
    table.add_column("noise (threshold)", no_wrap=True)
    table.add_column("band")
    for index, change in enumerate(comparison.dimensions):
        last = index == len(comparison.dimensions) - 1
        table.add_row(*_change_cells(change), end_section=last)
    overall = _change_cells(comparison.overall)
    overall[0].stylize("bold")
    table.add_row(*overall)
    return table


def _compare_stacked(comparison: Comparison) -> Group:
    """The same rows for a narrow console: each area's title on its own line, then its numbers."""
    lines: list[RenderableType] = []
    for change in (*comparison.dimensions, comparison.overall):
        title, score_a, score_b, moved, verdict, band = _change_cells(change)
        title.stylize("bold")
        lines.append(title)
        lines.append(Text.assemble("  A ", score_a, "  B ", score_b, "  ", moved, "  ", verdict))
        if band.plain:
            lines.append(Text.assemble("  ", band))
    return Group(*lines)


def _change_cells(change: DimensionChange) -> list[Text]:
    """Title, score A, score B, arrowed change and band cells of one row."""
    if change.answered:
        direction = change.direction or "none"
        threshold = change.threshold
        return [
            _change_title(change),
            Text(format_score(change.score_a)),
            Text(format_score(change.score_b)),
            Text(format_change(change.change), style=DIRECTION_STYLES[direction]),
            _verdict_text(change.verdict, threshold, beyond=bool(change.beyond_noise)),
            Text(change.band_text(), style="" if change.band_changed else "dim"),
        ]
    return [
        _change_title(change),
        _score_or_unanswered(change.score_a),
        _score_or_unanswered(change.score_b),
        Text(format_change(None), style="dim"),
        Text(""),
        Text(""),
    ]


def _verdict_text(verdict: str, threshold: float | None, *, beyond: bool) -> Text:
    """``beyond noise (21.7)``: the verdict and its threshold, or ``—`` without one."""
    if threshold is None or not verdict:
        return Text(NO_CHANGE, style="dim")
    text = Text(verdict, style="bold" if beyond else "")
    text.append(f" ({threshold:.1f})", style="dim")
    return text


def _change_title(change: DimensionChange) -> Text:
    """A dimension's title, with the *few answers* mark when either attempt has it."""
    title = Text(change.title)
    if change.few_answers and change.answered:
        title.append(f" ({FEW_ANSWERS_MARK})", style="italic dim")
    return title


def _score_or_unanswered(score: float | None) -> Text:
    """A score, or ``not answered`` in italics."""
    if score is None:
        return Text("not answered", style="italic")
    return Text(format_score(score))


def _compare_notes(comparison: Comparison) -> list[Text]:
    """Notes on left-out dimensions, a recomputed overall, and bank versions."""
    notes: list[Text] = []
    a, b = comparison.a.attempt, comparison.b.attempt
    if not comparison.same_bank:
        line = Text.assemble(
            "A used ",
            Text(a.bank_id, style="bold"),
            ", B used ",
            Text(b.bank_id, style="bold"),
            f": compared on the {counted(len(comparison.dimensions), 'dimension')} they share; "
            "Overall is the mean of those answered in both.",
        )
        notes.append(line)
    if comparison.only_in_a or comparison.only_in_b:
        line = Text("Left out because only one bank has them — ")
        groups = [("only in A: ", comparison.only_in_a), ("only in B: ", comparison.only_in_b)]
        for index, (label, dims) in enumerate(g for g in groups if g[1]):
            if index:
                line.append("; ")
            line.append(label)
            line.append(Text(", ".join(title for _, title in dims)))
        line.append(".")
        notes.append(line)
    bank_change = comparison.bank_change
    if bank_change is not None:
        notes.append(
            Text.assemble(
                "Note: the bank changed between the two attempts (",
                Text(bank_change.describe()),
                "); some questions may differ, so read small moves with care.",
            )
        )
    unanswered = [d.title for d in comparison.dimensions if not d.answered]
    if unanswered:
        notes.append(
            Text.assemble(
                "Not answered in one of the attempts, so no change shown: ",
                Text(", ".join(unanswered)),
                ".",
                style="dim",
            )
        )
    return notes


# --- users ------------------------------------------------------------------------


def users_view(
    users: Sequence[tuple[str, int, str | None]], responses: Mapping[str, int] | None = None
) -> RenderableType:
    """Each user with data: attempts, the day of the latest, observer responses (if any)."""
    counts = responses or {}
    if not users:
        return Text.assemble(
            "No one has taken the quiz here yet. Start with: ", ("leadquiz take", "bold")
        )
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("user", overflow="fold")
    table.add_column("attempts", justify="right", no_wrap=True)
    table.add_column("latest", no_wrap=True)
    if counts:
        table.add_column("responses", justify="right", no_wrap=True)
    for name, count, latest in users:
        row = [Text(name, style="bold"), Text(str(count)), Text(format_day(latest))]
        if counts:
            row.append(Text(str(counts.get(name, 0))))
        table.add_row(*row)
    hint = Text("See one user's attempts with: leadquiz history --user NAME", style="dim")
    return Group(table, Text(""), hint)
