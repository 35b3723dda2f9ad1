"""Renderables for ``history`` and ``users`` (``compare`` is :mod:`leadquiz.ui.comparing`).

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
    Direction,
    counted,
    delta,
    direction_of,
    format_day,
    format_delta,
    format_score,
    format_when,
    zone_label,
)
from leadquiz.results.precision import change_phrase, verdict_of
from leadquiz.results.trends import (
    HistoryPage,
    HistoryRow,
    Trend,
    attempt_time,
    bank_label,
    needs_time,
)
from leadquiz.ui.columns import Columns

#: Styles of the two directions (neutral hues) and of no move.
DIRECTION_STYLES: dict[Direction, str] = {"leader": "cyan", "manager": "magenta", "none": "dim"}
#: What a trend line shows, said under the trends.
TREND_LEGEND = "  (first score, a bar per attempt's overall score, latest score; oldest left)"
#: Marks a row whose bank differs from the previous attempt of the same bank id.
BANK_MARK = "†"


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
    one_bank = _one_bank(shown)
    versions = _one_version_each(shown) if one_bank is None else None
    parts: list[RenderableType] = [_history_title(user, page.total, one_bank, versions)]
    if page.trends:
        parts.extend(_trend_lines(page.trends))
        parts.append(Text(TREND_LEGEND, style="dim"))
    table = _history_table(
        shown, responses or {}, bank_column=one_bank is None, ids_only=versions is not None
    )
    parts.extend([Text(""), table, Text("")])
    parts.extend(_history_notes(shown, page.total - len(shown), resume_command))
    return Group(*parts)


def _one_bank(rows: Sequence[HistoryRow]) -> str | None:
    """The bank and version of every row shown, if they share one (else ``None``)."""
    labels = {bank_label(row.attempt) for row in rows}
    if len(labels) != 1 or any(row.bank_change is not None for row in rows):
        return None
    return labels.pop()


def _one_version_each(rows: Sequence[HistoryRow]) -> list[str] | None:
    """``["core 2.0.0", "quick 2.0.0"]`` when each bank id shown has one version, else ``None``."""
    versions: dict[str, set[str]] = {}
    for row in rows:
        versions.setdefault(row.attempt.bank_id, set()).add(row.attempt.bank_version)
    if any(len(found) != 1 for found in versions.values()):
        return None
    return [bank_label(row.attempt) for row in rows if versions.pop(row.attempt.bank_id, None)]


def _history_title(
    user: str, count: int, one_bank: str | None, versions: Sequence[str] | None = None
) -> Text:
    """``History of alice · 14 attempts``, and ``· bank core 2.0.0`` when all rows share it.

    Said once in the title, the shared bank (or each bank id's one version:
    ``· banks core 2.0.0, quick 2.0.0``) leaves the table narrow enough for 80 columns.
    """
    title = Text.assemble(
        ("History of ", "bold"), Text(user, style="bold"), f" · {counted(count, 'attempt')}"
    )
    if one_bank is not None:
        title.append(" · bank ")
        title.append(one_bank)
    elif versions:
        title.append(" · banks ")
        title.append(", ".join(versions))
    return title


def _trend_lines(items: Sequence[Trend]) -> list[Text]:
    """Each trend's line, followed by a note where the bank changed along it."""
    lines: list[Text] = []
    for trend, line in zip(items, _trend_rows(items), strict=True):
        lines.append(line)
        note = trend.bank_note()
        if note is not None:
            lines.append(Text(f"{BANK_MARK} {note}"))
    return lines


def _trend_rows(items: Sequence[Trend]) -> list[Text]:
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


def _history_table(
    rows: Sequence[HistoryRow],
    responses: Mapping[int, int],
    *,
    bank_column: bool,
    ids_only: bool = False,
) -> Columns:
    """The table of history rows (already limited); ``bank_column`` when their banks differ.

    With ``ids_only`` the bank column names the bank id alone (the title gives its version).
    """
    observed = any(responses.get(row.attempt.id) for row in rows)
    with_time = needs_time([row.attempt for row in rows])
    cells: list[list[Text]] = []
    for row in rows:
        attempt = row.attempt
        bank = Text(attempt.bank_id if ids_only else bank_label(attempt))
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
                *([bank] if bank_column else []),
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
    wrap: tuple[int, ...] = (2, 4)
    if not bank_column:
        del headers[2], aligns[2]
        wrap = (3,)
    if observed:
        headers.append("observers")
        aligns.append("right")
    return Columns(headers, aligns, cells, wrap=wrap)


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
