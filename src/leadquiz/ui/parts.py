"""Small pieces the report's sections share: a section heading, label / text lines."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from leadquiz.ui.narrow import NARROW, ByWidth


def section(title: str) -> list[RenderableType]:
    """A blank line and a dim rule with the section's title (narrow: the title alone)."""
    rule = Rule(Text(title, style="bold"), align="left", style="dim")
    # A rule cuts a title longer than the console ("Where you lean fu…"): narrow, no rule.
    return [Text(""), ByWidth(rule, Text(title, style="bold"), NARROW)]


def labelled_lines(rows: Sequence[tuple[str, Text]], indent: int = 2) -> RenderableType:
    """Label / text pairs with a hanging indent, so wrapped lines stay under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(ratio=1)
    for label, text in rows:
        grid.add_row(Text(label), text)
    # Narrow: the label on its own line, so the text keeps the width (nothing is cut).
    stacked = Group(*(part for label, text in rows for part in (Text(label, style="dim"), text)))
    return Padding(ByWidth(grid, stacked, NARROW - indent), (0, 0, 0, indent))
