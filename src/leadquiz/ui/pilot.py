"""``banks pilot`` in a terminal: one table per area, its weakest questions, words for a coach.

Bank text (area titles, question ids) enters only as ``Text``. The figures are
rounded for reading here; ``--json`` keeps them whole.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from leadquiz.results.fdist import INSTALL_HINT
from leadquiz.results.pilot import AreaFigures, Pilot
from leadquiz.results.pilot_words import (
    area_sentence,
    between_sentence,
    noise_lines,
    noise_sentence,
    weakest,
)

#: How many pairs of areas are named as moving together most.
STRONGEST_PAIRS = 3


def _figure(value: float | None, digits: int = 2) -> str:
    """A figure to read (``—`` where it is undefined; never ``-0.00``)."""
    if value is None:
        return "—"
    shown = f"{value:.{digits}f}"
    return shown[1:] if shown.startswith("-") and not shown.strip("-0.") else shown


def _heading(area: AreaFigures, has_interval: bool) -> Text:
    """``Goals (goals) · 300 people · alpha 0.81, 95 % 0.78 to 0.84``."""
    interval = ""
    if area.alpha_ci is not None:
        interval = f", 95 % {area.alpha_ci[0]:.2f} to {area.alpha_ci[1]:.2f}"
    elif area.alpha is not None and not has_interval:
        interval = " (interval: needs scipy)"
    people = f"{area.people} {'person' if area.people == 1 else 'people'}"
    return Text.assemble(
        (area.title, "bold"),
        (f" ({area.id})", "dim"),
        f"  ·  {people}  ·  alpha {_figure(area.alpha)}{interval}",
    )


def area_table(area: AreaFigures, has_interval: bool) -> RenderableType:
    """One area: its heading, a row per question, σ and what it means."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
    table.add_column("question", overflow="fold", ratio=1)
    for name in ("mean", "SD", "item-total r", "alpha if deleted"):
        table.add_column(name, justify="right", no_wrap=True)
    weak = {item.id for item in weakest(area)}
    for item in area.items:
        table.add_row(
            Text(item.id, style="bold" if item.id in weak else ""),
            Text(_figure(item.mean)),
            Text(_figure(item.sd)),
            Text(_figure(item.item_total) + ("  ◂" if item.id in weak else "   ")),
            Text(_figure(item.alpha_if_deleted)),
        )
    return Group(
        _heading(area, has_interval),
        table,
        Text(noise_sentence(area)),
        Text(area_sentence(area)),
        Text(""),
    )


def pilot_view(pilot: Pilot) -> RenderableType:
    """The whole pilot: what was read, each area, the areas together, flags, lines to paste."""
    parts: list[RenderableType] = [
        Text.assemble(
            ("Pilot of bank ", "bold"),
            (f"{pilot.bank_id} {pilot.bank_version}", "bold"),
            f": {pilot.people} {'person' if pilot.people == 1 else 'people'}",
        ),
        Text(
            "Each area counts the people who answered all of its questions. ◂ marks the "
            "questions that go least with the rest of their area.",
            style="dim",
        ),
        Text(""),
    ]
    parts.extend(area_table(area, pilot.has_interval) for area in pilot.dimensions)
    between = between_sentence(pilot)
    if between is not None:
        strongest = sorted(
            (c for c in pilot.correlations if c.r is not None),
            key=lambda c: -(c.r or 0.0),
        )[:STRONGEST_PAIRS]
        named = ", ".join(f"{c.a}–{c.b} {_figure(c.r)}" for c in strongest)
        parts.extend(
            (
                Text("Between areas", style="bold"),
                Text(between),
                Text(f"Most alike: {named}.", style="dim"),
                Text(""),
            )
        )
    if pilot.flags:
        flags = Table.grid(padding=(0, 1))
        flags.add_column(no_wrap=True)
        flags.add_column(overflow="fold")
        for flag in pilot.flags:
            flags.add_row(Text("•"), Text(flag))
        parts.extend((Text("Flags", style="bold"), flags, Text("")))
    lines = noise_lines(pilot)
    if lines:
        parts.extend(
            (
                Text("To use these figures, set under each area of the bank file:", style="bold"),
                Text("dimensions:\n" + "\n".join(lines)),
                Text(
                    "(leadquiz never edits a bank file; after the change, give the bank "
                    "a new version.)",
                    style="dim",
                ),
            )
        )
    if not pilot.has_interval:
        parts.append(
            Text(
                f"Alpha's 95 % interval needs scipy: {INSTALL_HINT} (then run this again).",
            )
        )
    return Group(*parts)
