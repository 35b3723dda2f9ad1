"""The ``compare`` view: two attempts side by side, each change judged against noise.

Names, titles and bank ids only ever enter Rich as :class:`rich.text.Text`.
Colour is a second channel only (see :mod:`leadquiz.ui.attempts`).
"""

from __future__ import annotations

from collections.abc import Mapping

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from leadquiz.formatting import (
    NO_CHANGE,
    counted,
    format_change,
    format_day,
    format_score,
    format_when,
    zone_label,
)
from leadquiz.models import Attempt, Bank, ScoredAttempt
from leadquiz.results import precision
from leadquiz.results.comparison import (
    Comparison,
    DimensionChange,
    backwards_sentence,
    compare,
    moves_sentence,
    questions_changed_sentence,
)
from leadquiz.results.noise import FEW_ANSWERS_MARK
from leadquiz.results.trends import attempt_time, bank_label
from leadquiz.ui.attempts import DIRECTION_STYLES
from leadquiz.ui.narrow import NARROW, ByWidth

#: Explains the threshold column of ``compare``.
THRESHOLD_NOTE = (
    "Beyond noise: the change is larger than the threshold, 1.96 × √(SE_A² + SE_B²), that "
    "answering the same way twice could give (docs/scoring.md); within noise: it is not."
)


def compare_view(
    a: ScoredAttempt,
    b: ScoredAttempt,
    *,
    bank_titles: Mapping[str, str] | None = None,
    banks: tuple[Bank, Bank] | None = None,
) -> RenderableType:
    """Attempt A and attempt B side by side per area, with the largest moves in words.

    Changes read from A to B (``b - a``). ``bank_titles`` maps bank ids to titles
    shown in the header (ids alone when missing). ``banks``, the two banks as the
    attempts used them, let the view say in which areas the questions changed.
    """
    comparison = compare(a, b, banks)
    titles = bank_titles or {}
    with_time = format_day(attempt_time(a.attempt)) == format_day(attempt_time(b.attempt))
    parts: list[RenderableType] = [
        Text("Comparing two attempts", style="bold"),
        _attempt_line("A", a.attempt, titles, with_time=with_time),
        _attempt_line("B", b.attempt, titles, with_time=with_time),
    ]
    if comparison.backwards:
        parts.append(Text(backwards_sentence(comparison)))
    parts += [
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
    """One row per shared area, then the overall row."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    # The band is what a reader scans for; a long title wraps rather than a band.
    table.add_column("area", overflow="fold")
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
    text.append(f" ({precision.shown_threshold(threshold):.1f})", style="dim")
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
            f": compared on the {counted(len(comparison.dimensions), 'area')} they share; "
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
    changed = questions_changed_sentence(comparison)
    if changed is not None:
        notes.append(Text(changed, style="bold"))
    elif bank_change is not None:
        asked_alike = comparison.questions_changed is not None
        notes.append(
            Text.assemble(
                "Note: the bank changed between the two attempts (",
                Text(bank_change.describe()),
                "); its questions did not."
                if asked_alike
                else "); some questions may differ, so read small moves with care.",
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
