"""Chart geometry for the HTML report: where every mark goes, as numbers. No markup here.

The charts are inline SVG that stretch to the page's width while their text
keeps its size: horizontal positions are percentages of a plot area (a nested
``<svg>``) and vertical ones are pixels. On the profile chart a score's x is
simply its value in percent (0 = manager pole, 100 = leader pole), so a test
can check a marker against its score by reading one attribute.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from leadquiz.exporters.chartdata import AreaMark, TrendPoint
from leadquiz.results.insights import band_ticks

#: Profile chart: the axis labels above the first row, the height of one area's row,
#: where the title and the line sit in a row, and the space under the last row.
PROFILE_HEADER = 30
PROFILE_ROW = 56
ROW_TITLE = 16
ROW_LINE = 36
PROFILE_FOOTER = 30
#: The plot's left edge and width, in percent of the chart (room for the end markers).
PLOT_LEFT = 3.0
PLOT_WIDTH = 94.0

#: Trend charts: (total height, top of the plot, plot height) in pixels.
TREND_LARGE = (210, 28, 140)
TREND_SMALL = (106, 22, 72)
#: The trend plot's left edge and width in percent (room for the y labels), large and small.
TREND_PLOT_LARGE = (7.0, 88.0)
TREND_PLOT_SMALL = (15.0, 81.0)


def pct(value: float) -> str:
    """A position in percent, as an SVG length: ``37.5%``."""
    return f"{value:.2f}".rstrip("0").rstrip(".") + "%"


@dataclass(frozen=True)
class ProfileRow:
    """One area's row of the profile chart, positioned."""

    area: AreaMark
    #: The y of the row's title and of its line, in pixels.
    title_y: int
    line_y: int


@dataclass(frozen=True)
class ProfileChart:
    """The profile chart: each area on the manager ↔ leader line."""

    rows: tuple[ProfileRow, ...]
    height: int
    #: The band edges (20, 40, 60, 80) where dotted lines cross the chart.
    band_edges: tuple[float, ...]
    has_others: bool
    has_role: bool


def profile_chart(areas: Sequence[AreaMark]) -> ProfileChart:
    """Lay out one row per area, in the order given."""
    rows = tuple(
        ProfileRow(
            area=area,
            title_y=PROFILE_HEADER + index * PROFILE_ROW + ROW_TITLE,
            line_y=PROFILE_HEADER + index * PROFILE_ROW + ROW_LINE,
        )
        for index, area in enumerate(areas)
    )
    return ProfileChart(
        rows=rows,
        height=PROFILE_HEADER + len(rows) * PROFILE_ROW + PROFILE_FOOTER,
        band_edges=band_ticks(),
        has_others=any(area.others is not None for area in areas),
        has_role=any(area.role is not None for area in areas),
    )


@dataclass(frozen=True)
class PlacedPoint:
    """A trend point with its place in the plot (x and y in percent of the plot)."""

    point: TrendPoint
    x: float
    y: float


@dataclass(frozen=True)
class Segment:
    """A line between two consecutive scored points (percent of the plot)."""

    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class VersionMark:
    """Where the bank version changed: between two points, with the new version."""

    x: float
    version: str


@dataclass(frozen=True)
class TrendChart:
    """A trend of scores across attempts, positioned."""

    points: tuple[PlacedPoint, ...]
    segments: tuple[Segment, ...]
    versions: tuple[VersionMark, ...]
    height: int
    plot_top: int
    plot_height: int
    #: The plot's left edge and width, in percent of the chart.
    plot_left: float
    plot_width: float
    #: The band edges as y in percent of the plot, with their score.
    grid: tuple[tuple[float, float], ...]

    @property
    def scored(self) -> tuple[PlacedPoint, ...]:
        """The points that have a score."""
        return tuple(p for p in self.points if p.point.score is not None)


def trend_chart(points: Sequence[TrendPoint], *, small: bool = False) -> TrendChart:
    """Place ``points`` (oldest first) evenly from left to right, scores from bottom to top."""
    height, top, plot_height = TREND_SMALL if small else TREND_LARGE
    left, width = TREND_PLOT_SMALL if small else TREND_PLOT_LARGE
    count = len(points)
    placed = tuple(
        PlacedPoint(
            point=point,
            x=50.0 if count < 2 else index * 100.0 / (count - 1),
            y=100.0 - point.score if point.score is not None else 100.0,
        )
        for index, point in enumerate(points)
    )
    scored = [p for p in placed if p.point.score is not None]
    segments = tuple(Segment(a.x, a.y, b.x, b.y) for a, b in itertools.pairwise(scored))
    versions = tuple(
        VersionMark(x=(placed[i - 1].x + placed[i].x) / 2, version=placed[i].point.bank_version)
        for i in range(1, count)
        if placed[i].point.new_version
    )
    grid = tuple((100.0 - edge, edge) for edge in (0.0, *band_ticks(), 100.0))
    return TrendChart(placed, segments, versions, height, top, plot_height, left, width, grid)
