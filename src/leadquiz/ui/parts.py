"""Small pieces the report's sections share: a section heading, label / text lines."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text


def section(title: str) -> list[RenderableType]:
    """A blank line and a dim rule with the section's title."""
    return [Text(""), Rule(Text(title, style="bold"), align="left", style="dim")]


def labelled_lines(rows: Sequence[tuple[str, Text]], indent: int = 2) -> RenderableType:
    """Label / text pairs with a hanging indent, so wrapped lines stay under their text."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(ratio=1)
    for label, text in rows:
        grid.add_row(Text(label), text)
    return Padding(grid, (0, 0, 0, indent))
