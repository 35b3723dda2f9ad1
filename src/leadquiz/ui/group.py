"""``leadquiz group`` in a terminal: a box strip per area on the report's 0–100 line.

Each area gets the manager ↔ leader line the report draws (``ui.gauge``): ``━``
covers the middle half of the group (first to third quartile), ``●`` marks the
median, ``•`` the lowest and highest score, the stretch between them drawn
brighter. No name stands anywhere near a score.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from leadquiz.results.group import (
    NO_NAMES,
    TOO_FEW,
    AreaSpread,
    GroupResults,
    area_too_few,
    percent,
)
from leadquiz.results.group import shown_areas as listed
from leadquiz.results.insights import GAUGE_MARKER, GAUGE_WHISKER, gauge_line, position
from leadquiz.ui.gauge import (
    LEADER_LABEL,
    LEADER_STYLE,
    MANAGER_LABEL,
    MANAGER_STYLE,
    TRACK_STYLE,
    scale,
    side_style,
)

#: The widest line drawn (the report's), and the indent of every line under a title.
MAX_CELLS = 61
INDENT = 2
#: The ends of the group's range on the line.
RANGE_END = "•"
RANGE_TRACK = "─"


def spread_line(area: AreaSpread, cells: int) -> Text:
    """The 0–100 line with the group's range, middle half and median drawn on it."""
    chars = list(gauge_line(None, cells))
    spread = area.spread
    if spread is None:
        return Text("".join(chars), style=TRACK_STYLE, no_wrap=True)
    low, high = position(spread.minimum, cells), position(spread.maximum, cells)
    q1, q3 = (position(q, cells) for q in spread.quartiles)
    for cell in range(low, high + 1):
        chars[cell] = RANGE_TRACK
    for cell in range(q1, q3 + 1):
        chars[cell] = GAUGE_WHISKER
    chars[low] = chars[high] = RANGE_END
    median = position(spread.median, cells)
    chars[median] = GAUGE_MARKER
    text = Text("".join(chars), style=TRACK_STYLE, no_wrap=True, overflow="crop")
    text.stylize("not dim", low, high + 1)
    text.stylize(f"bold not dim {side_style(spread.median)}".strip(), median, median + 1)
    return text


def _percent(share: float) -> str:
    """A share as a whole percent."""
    return f"{percent(share)} %"


def _figures(area: AreaSpread) -> list[Text]:
    """The lines under an area's strip: its middle half, range and bands."""
    spread = area.spread
    if spread is None:
        return [Text(area_too_few(area), style="dim")]
    q1, q3 = spread.quartiles
    bands = " · ".join(f"{name} {_percent(share)}" for name, share in spread.bands if share)
    return [
        Text(
            f"middle half {q1:.1f} to {q3:.1f} · lowest {spread.minimum:.1f}, "
            f"highest {spread.maximum:.1f}"
        ),
        Text(bands, style="dim"),
    ]


def _area(area: AreaSpread, cells: int, width: int) -> list[RenderableType]:
    """One area: its title and count, the strip, and its figures."""
    people = f"{area.people} {'person' if area.people == 1 else 'people'}"
    right = people if area.spread is None else f"{people} · median {area.spread.median:.1f}"
    title = Text(area.title, style="bold", no_wrap=True, overflow="ellipsis")
    room = max(width - len(right) - 2, 10)
    title.truncate(room, overflow="ellipsis")
    heading = Text.assemble(title, " " * max(width - len(title) - len(right), 2), right)
    pad = " " * INDENT
    return [
        heading,
        Text.assemble(pad, spread_line(area, cells)),
        *(Text.assemble(pad, line) for line in _figures(area)),
        Text(""),
    ]


def group_view(group: GroupResults, width: int) -> RenderableType:
    """The whole group: the bank, the poles, then the overall score and each area."""
    cells = max(min(MAX_CELLS, width - INDENT - 1), 21)
    line_width = INDENT + cells
    parts: list[RenderableType] = [
        Text.assemble(
            (group.bank_title, "bold"),
            (f"  {group.bank_id} {group.bank_version}", "dim"),
            f"  ·  {group.people} {'person' if group.people == 1 else 'people'}",
        ),
        Text(NO_NAMES, style="dim"),
        Text(""),
    ]
    if group.overall.spread is None and group.people < 3:
        parts.append(Text(TOO_FEW))
        return Group(*parts)
    gap = " " * max(line_width - INDENT - len(MANAGER_LABEL) - len(LEADER_LABEL), 1)
    parts.append(
        Text.assemble(
            " " * INDENT,
            (MANAGER_LABEL, f"bold {MANAGER_STYLE}"),
            gap,
            (LEADER_LABEL, f"bold {LEADER_STYLE}"),
        )
    )
    parts.append(scale(cells, INDENT))
    parts.append(Text(""))
    for area in listed(group):
        parts.extend(_area(area, cells, line_width))
    parts.append(
        Text(
            f"{GAUGE_MARKER} median · {GAUGE_WHISKER * 3} middle half · {RANGE_END} lowest "
            "and highest score",
            style="dim",
        )
    )
    return Group(*parts)
