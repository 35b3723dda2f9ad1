"""Drawn manager ↔ leader lines: a track with band ticks and a marker at the score.

The marker character and its position carry the meaning; colour only helps:
the manager side is one hue, the leader side another, and neither is "good".
"""

from __future__ import annotations

from rich.text import Text

from leadquiz.results.insights import MIDDLE, band_ticks, gauge_line, position

#: Colours of the two sides (never red/green: neither pole is good or bad).
MANAGER_STYLE = "dodger_blue2"
LEADER_STYLE = "dark_orange3"
TRACK_STYLE = "dim"

MANAGER_LABEL = "Manager"
LEADER_LABEL = "Leader"


def side_style(score: float | None) -> str:
    """The colour of the side a score falls on (plain at exactly 50 or for no score)."""
    if score is None or score == MIDDLE:
        return ""
    return MANAGER_STYLE if score < MIDDLE else LEADER_STYLE


def tick_cells(cells: int) -> list[int]:
    """The cells holding the band ticks of a line ``cells`` wide."""
    return [position(tick, cells) for tick in band_ticks()]


def track(
    score: float | None,
    cells: int,
    role: float | None = None,
    others: float | None = None,
    *,
    interval: tuple[float, float] | None = None,
) -> Text:
    """The line of :func:`~leadquiz.results.insights.gauge_line`, dim, with bold markers.

    With ``others`` (the observers' average) one more marker shows where they place the
    user. The whisker of the 90% ``interval`` (when given) is drawn in the colour of its side.
    """
    if others is None:
        line = gauge_line(score, cells, role, interval=interval)
    else:
        # Only a report with observers needs their arithmetic (and its imports).
        from leadquiz.results.observers import others_gauge_line

        line = others_gauge_line(score, others, cells, role, interval=interval)
    text = Text(line, style=TRACK_STYLE, no_wrap=True, overflow="crop")
    if score is not None and interval is not None:
        low, high = position(interval[0], cells), position(interval[1], cells)
        text.stylize(f"not dim {side_style(score)}".strip(), max(low, 1), min(high, cells - 2) + 1)
    if role is not None:
        cell = position(role, cells)
        text.stylize("bold not dim", cell, cell + 1)
    for value in (others, score):
        if value is not None:
            cell = position(value, cells)
            text.stylize(f"bold not dim {side_style(value)}".strip(), cell, cell + 1)
    return text


def labelled(score: float | None, cells: int, interval: tuple[float, float] | None = None) -> Text:
    """``Manager ├──┼─━●━─┼──┤ Leader``: a track (and whisker) between the names of the poles."""
    return Text.assemble(
        (MANAGER_LABEL, f"bold {MANAGER_STYLE}"),
        " ",
        track(score, cells, interval=interval),
        " ",
        (LEADER_LABEL, f"bold {LEADER_STYLE}"),
        no_wrap=True,
        overflow="crop",
    )


def scale(cells: int, indent: int = 0) -> Text:
    """The numbers 0, 20, … 100 under a track of ``cells`` starting ``indent`` columns in.

    Each band tick's number starts at its tick; 0 starts at the left end and
    100 ends at the right end.
    """
    line = [" "] * (indent + cells)
    labels = [
        (0, "0"),
        *((c, f"{t:g}") for c, t in zip(tick_cells(cells), band_ticks(), strict=True)),
    ]
    for cell, label in labels:
        line[indent + cell : indent + cell + len(label)] = label
    line[indent + cells - 3 : indent + cells] = "100"
    return Text("".join(line).rstrip(), style=TRACK_STYLE, no_wrap=True, overflow="crop")
