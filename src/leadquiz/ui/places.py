"""The view of ``leadquiz paths``: each file leadquiz keeps, with its size."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from leadquiz.app.places import Place
from leadquiz.formatting import counted


def human_size(size: int) -> str:
    """``512 B``, ``3.4 kB``, ``12.0 MB``: a size in decimal units."""
    amount = float(size)
    for unit in ("B", "kB", "MB", "GB"):
        if amount < 1000 or unit == "GB":
            return f"{size} B" if unit == "B" else f"{amount:.1f} {unit}"
        amount /= 1000
    raise AssertionError("unreachable")


def paths_view(home: Path, from_env: bool, places: Sequence[Place]) -> RenderableType:
    """The data directory, then a table of what is in it."""
    origin = "set by LEADQUIZ_HOME" if from_env else "the default; LEADQUIZ_HOME changes it"
    head = Text.assemble(("Data directory: ", "bold"), Text(str(home)), (f"  ({origin})", "dim"))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
    table.add_column("what", no_wrap=True)
    table.add_column("path", overflow="fold")
    table.add_column("size", justify="right", no_wrap=True)
    for place in places:
        if not place.exists:
            size = Text("not created yet", style="dim")
        elif place.kind == "cache":
            size = Text(f"{human_size(place.size)} in {counted(place.files, 'file')}")
        else:
            size = Text(human_size(place.size))
        table.add_row(Text(place.kind), Text(str(place.path)), size)
    return Group(head, Text(""), table)
