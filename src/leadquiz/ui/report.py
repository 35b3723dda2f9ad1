"""The report of one attempt as Rich renderables (``take`` ends with it, ``report`` shows it).

Built fresh per call and never printed here. Bank and user text enters Rich
only as :class:`rich.text.Text`, so brackets, ``:codes:`` and the like show
literally. The meaning never rests on colour alone: the marker's position and
the numbers carry it, so the report reads the same with ``NO_COLOR`` or in a file.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, JustifyMethod, RenderableType
from rich.constrain import Constrain
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from leadquiz.formatting import NO_CHANGE, format_day, format_moment, format_score
from leadquiz.models import DimensionScore, ReportData
from leadquiz.results import insights, noise, role
from leadquiz.results.balance import (
    COLUMN_CAPTION,
    UNDER_LINE_CAPTION,
    balance_sentence,
    strength_text,
)
from leadquiz.results.insights import ROLE_MARKER, Leaning, Practice
from leadquiz.ui.gauge import LEADER_STYLE, MANAGER_STYLE, labelled, scale, side_style, track
from leadquiz.ui.narrow import NARROW, narrow_gauge, stacked_dimensions
from leadquiz.ui.parts import labelled_lines as _labelled_lines
from leadquiz.ui.parts import section as _section
from leadquiz.ui.poles import AREA_MAX, pole_layout

#: Widths at and above which the report uses more room.
WIDE = 120
MEDIUM = 100
#: Running text wraps at this width even on wider consoles, to stay easy to read.
PROSE_WIDTH = 100

NOT_ANSWERED = "not answered"


def render_report(data: ReportData, *, width: int) -> RenderableType:
    """The whole report of one attempt, laid out for a console ``width`` columns wide."""
    prose: list[RenderableType] = []
    manager, leader = insights.leanings(data.bank, data.result)
    if manager or leader:
        prose += _leanings(manager, leader)
    if data.observers is not None:
        # The observers' section and its arithmetic load only for a report that has them.
        from leadquiz.ui.others import others_section

        prose += others_section(data)
    if data.result.overall_score is not None:
        prose += _practice(role.practice_with_role(data), data)
    if data.result.notes:
        prose += _notes(data)
    if data.bank.sources:
        prose += _sources(data)
    prose += [Text(""), Text(insights.HOW_SCORED, style="dim")]
    # Running text wraps at PROSE_WIDTH; only the table uses a wide console's full width.
    measure = min(width, PROSE_WIDTH)
    balance = balance_sentence(data.result)
    kind: list[RenderableType] = [Text(""), Constrain(Text(balance), measure)] if balance else []
    return Group(
        Constrain(Group(*_headline(data, width)), measure),
        *_dimensions(data, width),
        *kind,
        Constrain(Group(*prose), measure),
    )


def headline_cells(width: int) -> int:
    """How many cells wide the overall gauge is at this console width."""
    if width >= MEDIUM:
        return 61
    return 41 if width >= 60 else 21


def bar_cells(width: int) -> int:
    """How many cells wide each dimension's bar is at this console width."""
    # An odd number with (cells - 1) a multiple of 10: 50 and every band tick fall on a cell.
    return 21 if width >= 80 else 11


# --- headline ---------------------------------------------------------------


def _headline(data: ReportData, width: int) -> list[RenderableType]:
    attempt, result = data.attempt, data.result
    about = Text(style="dim")
    about.append(attempt.user)
    about.append(f"  ·  attempt {attempt.id}")
    date = format_moment(attempt.finished_at or attempt.started_at)
    if date:
        about.append(f"  ·  {date}")
    about.append("  ·  ")
    about.append(f"{data.bank.id} {data.bank.version}")
    parts: list[RenderableType] = [Text(data.bank.title, style="bold"), about, Text("")]

    overall = Text("Overall  ", style="bold")
    if result.overall_score is None:
        overall.append(NOT_ANSWERED, style="dim")
    else:
        overall.append(
            noise.plus_minus(result.overall_score, result.overall_se),
            style=f"bold {side_style(result.overall_score)}",
        )
        overall.append(f"  {result.overall_band}")
        if result.overall_interval is not None:
            overall.append(
                f"  (90% interval {noise.interval_text(result.overall_interval)})", style="dim"
            )
    parts.append(overall)
    cells = headline_cells(width)
    if result.overall_score is not None and width < NARROW:
        parts += narrow_gauge(result.overall_score, width)
    elif result.overall_score is not None:
        indent = len("Manager ")
        parts += [
            labelled(result.overall_score, cells, result.overall_interval),
            scale(cells, indent),
        ]
    parts.append(Text(insights.overall_sentence(result.overall_score, result.overall_band)))
    parts.append(Text(insights.NEITHER_POLE, style="dim"))
    if result.overall_score is not None:
        parts.append(Text(noise.INTERVAL_SENTENCE, style="dim"))
    parts.append(_role_line(data))
    skipped = insights.skipped_sentence(result)
    if skipped:
        parts.append(Text(skipped))
    trend = _trend(data)
    if trend is not None:
        parts.append(trend)
    return parts


def _role_line(data: ReportData) -> Text:
    """The leading share the role asks for beside the overall score, or how to say it."""
    if data.role is None:
        return Text(role.no_role_hint(data.attempt.user, data.role_saved_later), style="dim")
    day = format_day(data.role.finished_at)
    result = data.result
    reading = role.share_reading(data.role.leading_share, result.overall_score, result.overall_band)
    if reading is None:
        return Text(f"Beside your role as you described it on {day} (◆ in the table).")
    return Text(f"{reading}. Role profile of {day}, ◆ in the table.")


def _trend(data: ReportData) -> Text | None:
    """One line comparing the overall score with the previous attempt, with the verdict."""
    rows = noise.history(data)
    if len(rows) < 2:
        return None
    before, now = rows[-2], rows[-1]
    line = Text(f"Previous attempt {before.attempt_id} ({before.date}): ")
    line.append(f"{format_score(before.score)} overall; now {format_score(now.score)}")
    if now.delta is not None:
        line.append(f" ({now.phrase()})")
    return line


# --- dimensions table -------------------------------------------------------


def _dimensions(data: ReportData, width: int) -> list[RenderableType]:
    """The table of dimensions, manager pole left of the bar and leader pole right of it.

    Wide consoles get one row per dimension with an ``area`` column; from
    MEDIUM columns each title sits on a row of its own above its poles. Below
    MEDIUM each area is a block with its poles as lines (:func:`_area_blocks`),
    and below NARROW, or where the pole columns could not hold their longest
    words, each area is stacked.
    """
    cells = bar_cells(width)
    if width < NARROW:
        return stacked_dimensions(data, width)
    gaps = {gap.dimension.id: gap for gap in role.role_gaps(data)}
    if width < MEDIUM:
        return _area_blocks(data, cells, gaps)
    return _area_table(data, width, cells, gaps)


def _area_table(
    data: ReportData, width: int, cells: int, gaps: dict[str, role.RoleGap]
) -> list[RenderableType]:
    """From MEDIUM columns: the table of areas, the poles left and right of each bar."""
    band_width = 16  # "strongly manager"
    with_role = data.role is not None
    role_column = with_role
    layout = pole_layout(data, width - cells - band_width - (len("role") + 2 if role_column else 0))
    if layout is None:
        return stacked_dimensions(data, width)
    wide = width >= WIDE and layout.wide_fits
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        collapse_padding=True,
        expand=True,
        caption=_caption(
            wide,
            data.role is not None,
            any(d.few_answers and d.score is not None for d in data.result.dimensions),
        ),
        caption_justify="left",
    )
    if wide:
        table.add_column("area", style="bold", max_width=AREA_MAX, overflow="fold")
    manager_width = layout.wide_manager if wide else layout.narrow_manager
    table.add_column(
        "manager pole", justify="right", style=MANAGER_STYLE, width=manager_width, overflow="fold"
    )
    table.add_column("", no_wrap=True, justify="center")
    # The leader pole takes the rest, which pole_layout keeps wide enough for its longest word.
    table.add_column("leader pole", style=LEADER_STYLE, ratio=1, min_width=8, overflow="fold")
    table.add_column(
        "score" if role_column or not with_role else "score\n◆role", justify="right", no_wrap=True
    )
    if role_column:
        table.add_column("role", justify="right", no_wrap=True)
    table.add_column("band", width=band_width)
    if wide:
        table.add_column("strength", justify="center", no_wrap=True)
    others = _others_scores(data)
    for scored in insights.ordered_dimensions(data.result):
        dimension = data.bank.dimension(scored.id)
        gap = gaps.get(scored.id)
        if not wide:
            table.add_row(_title(scored, justify="left"))
        row: list[RenderableType] = [_title(scored)] if wide else []
        drawn = _area_track(scored, cells, gap, others)
        line: RenderableType = drawn if drawn is not None else Text(NOT_ANSWERED, style="dim")
        row += [
            Text(dimension.manager_pole if dimension else ""),
            line if wide else Group(line, _under_line(scored, cells)),
            Text(dimension.leader_pole if dimension else ""),
            Text(noise.area_plus_minus(scored)),
        ]
        if role_column:
            row.append(Text(_role_cell(gap)))
        elif with_role:
            row[-1] = Text(f"{noise.area_plus_minus(scored)}\n◆{_role_cell(gap)}")
        row += [
            Text(scored.band or "", style=side_style(scored.score)),
        ]
        if wide:
            row.append(_strengths(scored))
        table.add_row(*row)
    return [Text(""), table, *_legend(bool(others)), *_elsewhere(data)]


def _area_blocks(
    data: ReportData, cells: int, gaps: dict[str, role.RoleGap]
) -> list[RenderableType]:
    """Under MEDIUM columns, each area as a block: a title line, then its bar beside its poles.

    The title line holds the score, its interval, the band (and the role's score);
    the bar comes next with the manager pole beside it (``←``, its left end) and the
    leader pole under that (``→``, its right end), beside the two pole strengths
    under the bar. A pole has most of the width, so
    it reads as a line, not as a column of three or four right-aligned fragments.
    """
    others = _others_scores(data)
    with_role = data.role is not None
    parts: list[RenderableType] = [Text("")]
    for scored in insights.ordered_dimensions(data.result):
        dimension = data.bank.dimension(scored.id)
        gap = gaps.get(scored.id)
        head = _title(scored)
        head.append("  ")
        if scored.score is None:
            head.append(NOT_ANSWERED, style="dim")
        else:
            head.append(noise.area_plus_minus(scored))
            head.append(f"  {scored.band or ''}", style=side_style(scored.score))
        if with_role:
            head.append(f"  · role {ROLE_MARKER}{_role_cell(gap)}", style="dim")
        drawn = _area_track(scored, cells, gap, others)
        bar = drawn if drawn is not None else Text(" " * cells)
        grid = Table.grid(padding=(0, 0, 0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        manager = dimension.manager_pole if dimension else ""
        leader = dimension.leader_pole if dimension else ""
        grid.add_row(bar, Text.assemble(("← ", "dim"), (manager, MANAGER_STYLE)))
        # Under the bar: the two pole strengths, manager at its left end, leader at its right.
        strengths = _under_line(scored, cells) if scored.score is not None else Text("")
        grid.add_row(strengths, Text.assemble(("→ ", "dim"), (leader, LEADER_STYLE)))
        parts += [head, Padding(grid, (0, 0, 0, 2))]
    few = any(d.few_answers and d.score is not None for d in data.result.dimensions)
    parts += [Text(""), _caption(False, with_role, few)]
    return [*parts, *_legend(bool(others)), *_elsewhere(data)]


def _area_track(
    scored: DimensionScore, cells: int, gap: role.RoleGap | None, others: dict[str, float]
) -> Text | None:
    """An area's line with its interval and marks (role, others); ``None`` if unanswered."""
    if scored.score is None:
        return None
    role_score = gap.role_score if gap else None
    return track(scored.score, cells, role_score, others.get(scored.id), interval=scored.interval)


def _legend(with_others: bool) -> list[RenderableType]:
    """The legend of the observers' marker, when the table shows it."""
    if not with_others:
        return []
    # The observers' module loads only for a report that has them.
    from leadquiz.results.observers import LEGEND

    return [Text(LEGEND, style="dim")]


def _others_scores(data: ReportData) -> dict[str, float]:
    """The observers' average per area, when they may be shown."""
    observers = data.observers
    if observers is None or not observers.shown:
        return {}
    return {area.id: area.score for area in observers.areas if area.score is not None}


def _elsewhere(data: ReportData) -> list[RenderableType]:
    """For a bank scoring only some areas, where the others are (the full assessment)."""
    sentence = insights.elsewhere_sentence(data)
    if sentence is None:
        return []
    line = Text(sentence + " ")
    line.append(insights.FULL_BANK_COMMAND, style="bold")
    return [Constrain(line, PROSE_WIDTH)]


def _role_cell(gap: role.RoleGap | None) -> str:
    """The role score of an area, ``*`` when it pulls apart from the person's beyond noise."""
    if gap is None:
        return NO_CHANGE
    return f"{gap.role_score:.0f}" + ("*" if gap.beyond_noise else "")


def _title(scored: DimensionScore, justify: JustifyMethod = "default") -> Text:
    """An area's title, bold, followed by the *few answers* mark where it applies."""
    title = Text(scored.title, style="bold", justify=justify, overflow="fold")
    if scored.few_answers and scored.score is not None:
        title.append(f"  ({noise.FEW_ANSWERS_MARK})", style="not bold italic")
    return title


def _caption(wide: bool, with_role: bool, few: bool) -> Text:
    caption = Text(insights.TABLE_CAPTION, style="dim")
    if with_role:
        caption.append(insights.ROLE_CAPTION + role.ROLE_STAR)
    if few:
        caption.append(" " + noise.FEW_ANSWERS_SENTENCE)
    caption.append(COLUMN_CAPTION if wide else UNDER_LINE_CAPTION)
    return caption


def _strengths(scored: DimensionScore) -> Text:
    manager, leader = strength_text(scored.manager_strength), strength_text(scored.leader_strength)
    return Text(f"{manager} / {leader}")


def _under_line(scored: DimensionScore, cells: int) -> Text:
    """The two pole strengths under an area's line: manager at its left end, leader at its right.

    ``80     strength      75`` (``80          75`` where the line is too short for the word).
    Each number keeps three cells, so the word stands in the same place on every row.
    """
    manager, leader = strength_text(scored.manager_strength), strength_text(scored.leader_strength)
    middle = cells - 2 * _STRENGTH_CELLS
    word = "strength" if middle >= len(" strength ") else ""
    return Text(
        f"{manager:<{_STRENGTH_CELLS}}{word:^{middle}}{leader:>{_STRENGTH_CELLS}}", style="dim"
    )


#: The cells a strength takes under a line: up to ``100``.
_STRENGTH_CELLS = 3


# --- interpretation ---------------------------------------------------------


def _leanings(manager: Leaning | None, leader: Leaning | None) -> list[RenderableType]:
    parts = [*_section("Where you lean furthest"), Text(insights.LEANINGS_INTRO, style="dim")]
    for leaning, side in ((manager, "manager"), (leader, "leader")):
        if leaning is None:
            continue
        style = MANAGER_STYLE if side == "manager" else LEADER_STYLE
        head = Text(f"Toward the {side} pole: ", style=f"bold {style}")
        head.append(leaning.dimension.title, style="bold")
        head.append(f"  {noise.plus_minus(leaning.score, leaning.se)}, {leaning.band}", style="dim")
        parts += [
            Text(""),
            head,
            _labelled_lines(
                [
                    ("Brings", Text(leaning.what_it_brings)),
                    ("Watch for", Text(leaning.what_it_risks)),
                ]
            ),
        ]
    return parts


def _practice(areas: list[Practice], data: ReportData) -> list[RenderableType]:
    parts = _section(insights.practice_heading(len(areas)))
    if not areas:
        parts.append(Text(insights.no_practice_sentence(data.result)))
        return parts
    parts.append(Text(role.practice_intro(areas, insights.PRACTICE_INTRO), style="dim"))
    for number, area in enumerate(areas, start=1):
        style = LEADER_STYLE if area.direction == "toward leader" else MANAGER_STYLE
        head = Text(f"{number}. ", style="bold")
        head.append(area.dimension.title, style="bold")
        head.append(f"  {noise.plus_minus(area.score, area.se)}, {area.band}", style="dim")
        parts += [Text(""), head, Padding(Text(area.summary, style=style), (0, 0, 0, 3))]
        if area.tips:
            parts.append(_labelled_lines([("•", Text(tip)) for tip in area.tips], indent=3))
    return parts


def _notes(data: ReportData) -> list[RenderableType]:
    return [
        *_section("About your answers"),
        Text(insights.NOTES_INTRO, style="dim"),
        _labelled_lines([("•", Text(note.message)) for note in data.result.notes]),
    ]


def _sources(data: ReportData) -> list[RenderableType]:
    rows: list[tuple[str, Text]] = []
    for source in data.bank.sources:
        line = Text(source.title)
        if source.author:
            line.append(f" — {source.author}", style="dim")
        rows.append(("•", line))
    return [*_section("The questions draw on"), _labelled_lines(rows)]
