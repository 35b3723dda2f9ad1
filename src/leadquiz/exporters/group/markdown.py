"""The group as markdown: a heading, one table row per area, and what the figures are."""

from __future__ import annotations

from leadquiz.exporters.group.cells import figure_cells
from leadquiz.exporters.markdown import md_escape
from leadquiz.results.group import (
    NO_NAMES,
    TOO_FEW,
    GroupResults,
    area_too_few,
    percent,
    shown_areas,
)
from leadquiz.results.scoring import BANDS

_HEAD = ("area", "people", "median", "middle half", "lowest", "highest", *(b.name for b in BANDS))


def group_markdown(group: GroupResults) -> str:
    """The group's report (CommonMark with a GFM table); every bank text escaped."""
    people = f"{group.people} {'person' if group.people == 1 else 'people'}"
    blocks = [
        "# " + md_escape(f"Group results: {group.bank_title}"),
        md_escape(f"Bank {group.bank_id} {group.bank_version} · {people}"),
        md_escape(NO_NAMES),
    ]
    if group.overall.spread is None and group.people < 3:
        blocks.append(md_escape(TOO_FEW))
        return "\n\n".join(blocks) + "\n"
    rows = ["| " + " | ".join(_HEAD) + " |", "|---|" + "---:|" * (len(_HEAD) - 1)]
    hidden = []
    for area in shown_areas(group):
        cells = figure_cells(area, share=lambda value: f"{percent(value)} %")
        if area.spread is None:
            hidden.append(area)
            row = [md_escape(area.title), cells[0], *["—"] * (len(_HEAD) - 2)]
        else:
            middle = f"{cells[2]}–{cells[3]}"
            row = [
                md_escape(area.title),
                cells[0],
                cells[1],
                middle,
                cells[4],
                cells[5],
                *cells[6:],
            ]
        rows.append("| " + " | ".join(row) + " |")
    blocks.append("\n".join(rows))
    blocks.extend(md_escape(f"{area.title}: {area_too_few(area)}.") for area in hidden)
    return "\n\n".join(blocks) + "\n"
