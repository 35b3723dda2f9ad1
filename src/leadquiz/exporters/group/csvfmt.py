"""The group as CSV: one row for the overall score, then one per area (no name in any cell)."""

from __future__ import annotations

import csv
import io

from leadquiz.exporters.csvcells import LINE_END, safe_cell
from leadquiz.exporters.group.cells import FIGURE_COLUMNS, figure_cells
from leadquiz.results.group import GroupResults, shown_areas

#: The header row: the bank, the area, then its figures (band shares from 0 to 1).
HEADER: tuple[str, ...] = ("bank", "bank_version", "area", "title", *FIGURE_COLUMNS)


def group_csv(group: GroupResults) -> str:
    """The group's table; an area fewer than 3 answered keeps only its count."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=LINE_END)
    writer.writerow(HEADER)
    for area in shown_areas(group):
        writer.writerow(
            [
                safe_cell(group.bank_id),
                safe_cell(group.bank_version),
                safe_cell(area.id),
                safe_cell(area.title),
                *figure_cells(area),
            ]
        )
    return out.getvalue()
