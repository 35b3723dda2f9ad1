"""The report on a narrow console (under 60 columns, down to 20): stacked, never cut.

Below :data:`NARROW` columns a table of areas cannot keep every title, pole,
score and band whole: Rich would fold numbers ("34." for 34.4) and squeeze
area names away. So each area becomes a short block of lines instead: its
title, its score and band, its bar, and its two poles, each wrapping under
itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.text import Text

from leadquiz.formatting import format_score

# The gauge and the report's words are imported by the functions that draw them:
# ``history`` and ``compare`` use this module's layout switch alone.
if TYPE_CHECKING:
    from leadquiz.models import ReportData

#: Below this width the report is stacked.
NARROW = 60
#: The scale under a bar needs this many cells (0 … 100 without overlap).
_SCALE_CELLS = 41


class ByWidth:
    """``wide`` on a console at least ``below`` columns wide, else ``narrow``."""

    def __init__(self, wide: RenderableType, narrow: RenderableType, below: int) -> None:
        self.wide = wide
        self.narrow = narrow
        self.below = below

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        """Yield the layout that fits the width given."""
        yield self.narrow if options.max_width < self.below else self.wide


def bar_width(width: int) -> int:
    """The widest bar (an odd number of cells, 10k + 1) that fits ``width`` with a margin."""
    for cells in (41, 21, 11):
        if cells + 2 <= width:
            return cells
    return 11


def narrow_gauge(score: float, width: int) -> list[RenderableType]:
    """The overall bar with its poles named on the line above, and its scale if it fits."""
    from leadquiz.ui.gauge import LEADER_STYLE, MANAGER_STYLE, scale, track

    cells = bar_width(width)
    poles = Text.assemble(
        ("Manager", f"bold {MANAGER_STYLE}"),
        " " * max(cells - len("Manager") - len("Leader"), 1),
        ("Leader", f"bold {LEADER_STYLE}"),
    )
    parts: list[RenderableType] = [poles, track(score, cells)]
    if cells >= _SCALE_CELLS and cells + 2 <= width:
        parts.append(scale(cells))
    return parts


def stacked_dimensions(data: ReportData, width: int) -> list[RenderableType]:
    """Each area as a block: title, score and band, bar, then its two poles."""
    from leadquiz.results import insights
    from leadquiz.results.balance import STACKED_CAPTION, strengths_phrase
    from leadquiz.ui.gauge import LEADER_STYLE, MANAGER_STYLE, side_style, track

    cells = bar_width(width)
    parts: list[RenderableType] = [Text("")]
    for scored in insights.ordered_dimensions(data.result):
        dimension = data.bank.dimension(scored.id)
        parts.append(Text(scored.title, style="bold", overflow="fold"))
        line = Text("  ")
        if scored.score is None:
            line.append("not answered", style="dim")
        else:
            line.append(format_score(scored.score), style=f"bold {side_style(scored.score)}")
            line.append(f"  {scored.band or ''}", style=side_style(scored.score))
        parts.append(line)
        if scored.score is not None:
            parts.append(Text.assemble("  ", track(scored.score, min(cells, max(width - 2, 11)))))
        if dimension is not None:
            parts.append(Text.assemble(("  ← ", "dim"), (dimension.manager_pole, MANAGER_STYLE)))
            parts.append(Text.assemble(("  → ", "dim"), (dimension.leader_pole, LEADER_STYLE)))
        if scored.score is not None:
            parts.append(Text(f"  {strengths_phrase(scored)}", style="dim"))
        parts.append(Text(""))
    parts.append(Text(insights.TABLE_CAPTION + STACKED_CAPTION, style="dim"))
    return parts
