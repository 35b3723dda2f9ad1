"""The group as one self-contained page: a box plot per area on the 0–100 line, no script.

Inline CSS and SVG, no script, no font, no request (a Content-Security-Policy
says so to the browser too). Bank text is escaped by Jinja2's autoescaping;
Jinja2 is imported only when a page is rendered. Each plot's geometry is
computed here, so the template only lays it out.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from leadquiz.results.group import (
    MIN_PEOPLE,
    NO_NAMES,
    TOO_FEW,
    AreaSpread,
    GroupResults,
    area_too_few,
    percent,
    shown_areas,
)
from leadquiz.results.insights import band_ticks

if TYPE_CHECKING:
    from jinja2 import Environment

#: The plot's width in SVG units: one score point is four units.
PLOT_WIDTH = 400


def _x(score: float) -> float:
    """Where a score stands on the plot."""
    return round(score * PLOT_WIDTH / 100, 2)


def _plot(area: AreaSpread) -> dict[str, object] | None:
    """An area's box plot as numbers (``None`` when it is not shown)."""
    spread = area.spread
    if spread is None:
        return None
    q1, q3 = spread.quartiles
    described = (
        f"median {spread.median:.1f}, middle half {q1:.1f} to {q3:.1f}, "
        f"lowest {spread.minimum:.1f}, highest {spread.maximum:.1f}"
    )
    return {
        "low": _x(spread.minimum),
        "high": _x(spread.maximum),
        "q1": _x(q1),
        "q3": _x(q3),
        "median": _x(spread.median),
        "described": described,
        "bands": [(name, percent(share)) for name, share in spread.bands if share],
    }


def group_html(group: GroupResults) -> str:
    """The group's page."""
    areas = [
        {"area": area, "plot": _plot(area), "too_few": area_too_few(area)}
        for area in shown_areas(group)
    ]
    return (
        _environment()
        .get_template("group.html.j2")
        .render(
            group=group,
            areas=areas,
            shown=not (group.overall.spread is None and group.people < MIN_PEOPLE),
            ticks=[_x(t) for t in band_ticks()],
            width=PLOT_WIDTH,
            no_names=NO_NAMES,
            too_few=TOO_FEW,
        )
    )


@functools.cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("leadquiz.exporters", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
