"""What the group's tables hold, shared by its markdown and CSV: one row per area."""

from __future__ import annotations

from collections.abc import Callable

from leadquiz.results.group import AreaSpread
from leadquiz.results.scoring import BANDS

#: The columns after the area's id and title.
FIGURE_COLUMNS: tuple[str, ...] = (
    "people",
    "median",
    "q1",
    "q3",
    "min",
    "max",
    *(band.name.replace(" ", "_") for band in BANDS),
)


def figure_cells(area: AreaSpread, share: Callable[[float], str] = "{:.3f}".format) -> list[str]:
    """An area's figures as text (empty where it is not shown); shares formatted by ``share``."""
    spread = area.spread
    if spread is None:
        return [str(area.people)] + [""] * (len(FIGURE_COLUMNS) - 1)
    return [
        str(area.people),
        f"{spread.median:.1f}",
        f"{spread.quartiles[0]:.1f}",
        f"{spread.quartiles[1]:.1f}",
        f"{spread.minimum:.1f}",
        f"{spread.maximum:.1f}",
        *(share(value) for _name, value in spread.bands),
    ]
