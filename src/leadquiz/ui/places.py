"""The view of ``leadquiz paths``: each file leadquiz keeps, with its size."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.cells import cell_len
from rich.console import RenderableType
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


def paths_view(
    home: Path, from_env: bool, places: Sequence[Place], width: int
) -> list[tuple[RenderableType, bool]]:
    """The data directory, then what is in it: each part with whether it is a whole line.

    A whole line (the second of each pair: ``True``) is printed with
    ``soft_wrap``: a path is never broken by leadquiz; a terminal wraps it, and
    it stays one line to copy. At ``width`` wide enough, a table holds it all.
    """
    origin = "set by LEADQUIZ_HOME" if from_env else "the default; LEADQUIZ_HOME changes it"
    rows = [(place.kind, str(place.path), _size(place)) for place in places]
    lines: list[tuple[RenderableType, bool]] = []
    head = Text.assemble(("Data directory: ", "bold"), Text(str(home)), (f"  ({origin})", "dim"))
    if head.cell_len <= width:
        lines.append((head, False))
    else:
        lines.append((Text.assemble(("Data directory", "bold"), (f" ({origin}):", "dim")), False))
        lines.append((_indented(str(home)), True))
    lines.append((Text(""), False))
    kinds = max((cell_len(kind) for kind, _, _ in rows), default=0)
    paths = max((cell_len(path) for _, path, _ in rows), default=0)
    sizes = max((size.cell_len for _, _, size in rows), default=0)
    if max(kinds, len("what")) + paths + max(sizes, len("size")) + 2 * 2 <= width:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False)
        table.add_column("what", no_wrap=True)
        table.add_column("path", no_wrap=True)
        table.add_column("size", justify="right", no_wrap=True)
        for kind, path, size in rows:
            table.add_row(Text(kind), Text(path), size)
        lines.append((table, False))
        return lines
    # Too narrow for the table: each place's kind and size, then its path on a line of its own.
    for kind, path, size in rows:
        lines.append((Text.assemble((kind, "bold"), "  ", size), False))
        lines.append((_indented(path), True))
    return lines


def _size(place: Place) -> Text:
    if not place.exists:
        return Text("not created yet", style="dim")
    if place.kind == "cache":
        return Text(f"{human_size(place.size)} in {counted(place.files, 'file')}")
    return Text(human_size(place.size))


def _indented(path: str) -> Text:
    return Text("  " + path)
