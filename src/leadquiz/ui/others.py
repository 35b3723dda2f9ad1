"""The report's "How others see you" section: self beside others, blind spots, hidden strengths.

Only averages reach this view (``results.observers`` applies the anonymity
rule); bank text enters Rich only as :class:`rich.text.Text`.
"""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from leadquiz.formatting import format_delta, format_score
from leadquiz.models import ReportData
from leadquiz.results import insights
from leadquiz.results.observers import (
    GAPS_INTRO,
    GAPS_SHOWN,
    GROUPS_NOTE,
    NO_GAPS,
    Gap,
    from_sentence,
    gap_sentence,
    gaps,
    group_label,
    group_score,
    in_report_order,
    more_gaps_sentence,
    pending_sentence,
    unanswered_sentence,
)
from leadquiz.ui.gauge import LEADER_STYLE, MANAGER_STYLE
from leadquiz.ui.parts import labelled_lines, section


def others_section(data: ReportData) -> list[RenderableType]:
    """The section on observers: the table and the gaps, or how many responses are still needed."""
    observers = data.observers
    if observers is None:
        return []
    parts = section("How others see you")
    if not observers.shown:
        parts.append(Text(pending_sentence(observers)))
        return parts
    parts.append(Text(from_sentence(observers), style="dim"))
    parts += [Text(""), _table(data), Text(GROUPS_NOTE, style="dim")]
    unanswered = unanswered_sentence(observers)
    if unanswered:
        parts.append(Text(unanswered, style="dim"))
    blind, hidden = gaps(data.bank, observers)
    parts += section("Blind spots and hidden strengths")
    if not blind and not hidden:
        parts.append(Text(NO_GAPS))
        return parts
    parts.append(Text(GAPS_INTRO, style="dim"))
    for title, found in (("Blind spot", blind), ("Hidden strength", hidden)):
        for gap in found[:GAPS_SHOWN]:
            parts += _gap(title, gap)
    rest = more_gaps_sentence(blind, hidden)
    if rest:
        parts += [Text(""), Text(rest)]
    return parts


def _table(data: ReportData) -> Table:
    observers = data.observers
    assert observers is not None
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    table.add_column("area", overflow="fold")
    table.add_column("you", justify="right", no_wrap=True)
    table.add_column(f"others ({observers.responses})", justify="right", no_wrap=True)
    for group in observers.groups:
        table.add_column(group_label(group), justify="right", no_wrap=True)
    table.add_column("gap", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for area in in_report_order(observers, data.result):
        row = [
            Text(area.title),
            Text(format_score(area.self_score)),
            Text(format_score(area.score)),
        ]
        row += [Text(format_score(group_score(g, area.id))) for g in observers.groups]
        row.append(Text(format_delta(area.gap) if area.gap is not None else "–"))
        row.append(Text("beyond noise", style="bold") if area.beyond_noise else Text(""))
        table.add_row(*row)
    if observers.overall_score is not None:
        table.add_row(
            Text("Overall", style="bold"),
            Text(format_score(data.result.overall_score)),
            Text(format_score(observers.overall_score)),
            *(Text("") for _ in observers.groups),
            Text(format_delta(observers.overall_gap) if observers.overall_gap is not None else "–"),
            Text("beyond noise", style="bold") if observers.overall_beyond_noise else Text(""),
        )
    return table


def _gap(title: str, gap: Gap) -> list[RenderableType]:
    style = LEADER_STYLE if gap.toward == "leader" else MANAGER_STYLE
    head = Text(f"{title}: ", style=f"bold {style}")
    head.append(gap.dimension.title, style="bold")
    brings, risks = insights.pole_texts(gap.dimension, gap.toward)
    rows = [("", Text(gap_sentence(gap)))]
    if brings:
        rows.append(("Brings", Text(brings)))
    if risks:
        rows.append(("Watch for", Text(risks)))
    return [Text(""), head, labelled_lines(rows)]
