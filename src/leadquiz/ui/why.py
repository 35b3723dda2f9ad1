"""``report --why``: each area's answers in order of how far they pulled, as Rich renderables.

Question and option text come from the bank: they enter Rich only as
:class:`rich.text.Text`. The pull's sign and the words "toward the … pole"
carry the meaning; colour only repeats it.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from leadquiz.results import noise
from leadquiz.results.why import WHY_INTRO, AreaWhy, Pull
from leadquiz.ui.gauge import LEADER_STYLE, MANAGER_STYLE


def why_view(areas: Sequence[AreaWhy]) -> RenderableType:
    """Every area given, with its score and its answers, furthest pull first."""
    parts: list[RenderableType] = [Text(WHY_INTRO, style="dim")]
    for area in areas:
        parts += [Text(""), _area_head(area), Padding(_pulls(area.pulls), (0, 0, 0, 2))]
    return Group(*parts)


def _area_head(area: AreaWhy) -> Rule:
    scored = area.score
    head = Text(area.dimension.title, style="bold")
    if scored.score is None:
        head.append("  not answered", style="dim")
    else:
        head.append(f"  {noise.area_plus_minus(scored)}, {scored.band}", style="dim")
        if scored.few_answers:
            head.append(f" ({noise.FEW_ANSWERS_MARK})", style="italic")
    return Rule(head, align="left", style="dim")


def _pulls(pulls: Sequence[Pull]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1)
    for index, pull in enumerate(pulls):
        if index:
            grid.add_row("", "")
        text = Text(pull.question.text)
        text.append("\n")
        if pull.skipped:
            text.append("Skipped: counts toward no score.", style="dim italic")
        else:
            text.append("Answer: ", style="dim")
            text.append(Text(pull.answer, style="italic"))
            text.append(f" · {pull.lean_text()}", style=_style(pull))
        grid.add_row(Text(pull.pull_text(), style=f"bold {_style(pull)}".strip()), text)
    return grid


def _style(pull: Pull) -> str:
    if pull.lean is None or pull.lean == 0:
        return ""
    return LEADER_STYLE if pull.lean > 0 else MANAGER_STYLE
