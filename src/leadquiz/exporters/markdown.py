"""Markdown export: a report a person would send to a coach (CommonMark with GFM tables).

Untrusted text (bank text, user names) goes through :func:`md_escape` and
nothing else, so it can neither break a table, inject HTML, nor make links or
emphasis. The interpretation comes from :mod:`leadquiz.results.insights`, the same as
the terminal report's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from leadquiz.formatting import counted, format_day, format_delta, format_moment, format_score
from leadquiz.models import ReportData
from leadquiz.results import balance, insights, noise, precision, role, why
from leadquiz.results import observers as observers_words
from leadquiz.results.insights import Leaning, Practice

#: Width of the bar drawn in the table (20 steps of 5 points: 50 and the band ticks fall on cells).
BAR_CELLS = 21
#: The head of the areas table's last column: both pole strengths of an area.
STRENGTH_HEAD = "Strength (manager / leader)"
#: Width of the overall line under the headline.
OVERALL_CELLS = 41

#: ASCII punctuation that starts inline constructs anywhere in a line ($: GitHub's maths).
_INLINE_SPECIAL = frozenset("\\`*_[]<>&|#~!$")
#: What GitHub turns into a link, a mention or an emoji after parsing, in one text run:
#: an ``@`` before a word (mentions, e-mail addresses), the colon of ``:code:`` and of
#: ``scheme://``, the dot of ``www.``. Splitting the run with an empty element keeps it text.
_GITHUB_MAGIC = re.compile(r"@(?=\w)|:(?=[\w+-]+:)|(?<=[A-Za-z0-9])\:(?=//)|(?<=www)\.", re.I)
#: An ordered-list marker at the start of a line: digits then "." or ")".
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")


def md_escape(text: str) -> str:
    r"""Make untrusted text inert in CommonMark/GFM, wherever it is placed on a line.

    Every run of whitespace (newlines included) becomes one space; the
    punctuation that starts code spans, emphasis, links, raw HTML, entities,
    strikethrough and headings is backslash-escaped, and so is ``|`` (GFM needs
    ``\|`` in table cells). A leading ``-``, ``+``, ``=`` or ordered-list marker
    is escaped too, so text placed after a list bullet cannot open a nested block.
    What GitHub links, mentions or turns into emoji after parsing (bare URLs,
    e-mail addresses, ``@name``, ``:+1:``) is split by an empty ``<span>``, and
    ``$`` is escaped, so no maths starts either.
    """
    flat = " ".join(text.split())
    escaped = "".join("\\" + char if char in _INLINE_SPECIAL else char for char in flat)
    escaped = _GITHUB_MAGIC.sub(lambda found: f"<span>{found.group()}</span>", escaped)
    if escaped[:1] in ("-", "+", "="):
        return "\\" + escaped
    return _ORDERED_MARKER.sub(r"\1\\\2", escaped, count=1)


def to_markdown(data: ReportData) -> str:
    """The report of one attempt as a Markdown document (ends with a newline)."""
    blocks = [*_headline(data), *_dimensions(data)]
    manager, leader = insights.leanings(data.bank, data.result)
    if manager or leader:
        blocks += _leanings(manager, leader)
    if data.observers is not None:
        blocks += _others(data)
    if data.result.overall_score is not None:
        blocks += _practice(data)
    if data.result.notes:
        blocks += [
            "## About your answers",
            md_escape(insights.NOTES_INTRO),
            _bullets(note.message for note in data.result.notes),
        ]
    if data.earlier:
        blocks += _history(data)
    if data.result.answered:
        blocks += _why(data)
    if data.bank.sources:
        blocks += [
            "## Sources",
            _bullets(f"{s.title} — {s.author}" if s.author else s.title for s in data.bank.sources),
        ]
    blocks += ["---", md_escape(f"How the scores are computed: {insights.HOW_SCORED}")]
    return "\n\n".join(blocks) + "\n"


def _headline(data: ReportData) -> list[str]:
    attempt, result, bank = data.attempt, data.result, data.bank
    date = format_moment(attempt.finished_at or attempt.started_at)
    meta = f"Date: {date} · Attempt: {attempt.id} · Bank: {bank.id}, version {bank.version}"
    if result.overall_score is None:
        overall = "Overall: not answered."
    else:
        overall = (
            f"Overall: {noise.plus_minus(result.overall_score, result.overall_se)} out of 100, "
            f"{result.overall_band} (90% interval {noise.interval_text(result.overall_interval)})."
        )
    blocks = [
        "# " + md_escape(f"{bank.title} — {attempt.user}"),
        md_escape(meta),
        md_escape(overall),
    ]
    if result.overall_score is not None:
        line = insights.gauge_line(
            result.overall_score, OVERALL_CELLS, interval=result.overall_interval
        )
        blocks.append(f"Manager {line} Leader")
    blocks.append(md_escape(insights.overall_sentence(result.overall_score, result.overall_band)))
    blocks.append(md_escape(insights.NEITHER_POLE))
    if result.overall_score is not None:
        blocks.append(md_escape(noise.INTERVAL_SENTENCE))
    blocks.append(md_escape(_role_line(data)))
    skipped = insights.skipped_sentence(result)
    if skipped:
        blocks.append(md_escape(skipped))
    return blocks


def _role_line(data: ReportData) -> str:
    """The leading share the role asks for beside the overall score, or how to say it."""
    if data.role is None:
        return role.no_role_hint(data.attempt.user, data.role_saved_later)
    day = format_day(data.role.finished_at)
    result = data.result
    reading = role.share_reading(data.role.leading_share, result.overall_score, result.overall_band)
    if reading is None:
        return f"Beside your role as you described it on {day} (◆ in the table)."
    return f"{reading}. Role profile of {day}, ◆ in the table."


def _table(header: Sequence[str], align: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A GFM table; cells must already be escaped."""
    lines = [_row(header), _row(align), *(_row(row) for row in rows)]
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _dimensions(data: ReportData) -> list[str]:
    rows: list[list[str]] = []
    gaps = {gap.dimension.id: gap for gap in role.role_gaps(data)}
    with_role = data.role is not None
    for scored in insights.ordered_dimensions(data.result):
        dimension = data.bank.dimension(scored.id)
        answered = scored.score is not None
        gap = gaps.get(scored.id)
        line = insights.gauge_line(
            scored.score, BAR_CELLS, gap.role_score if gap else None, interval=scored.interval
        )
        few = answered and scored.few_answers
        row = [
            md_escape(scored.title) + (f" ({noise.FEW_ANSWERS_MARK})" if few else ""),
            md_escape(dimension.manager_pole if dimension else ""),
            line if answered else "not answered",
            md_escape(dimension.leader_pole if dimension else ""),
            noise.area_plus_minus(scored),
            noise.interval_text(scored.interval),
        ]
        if with_role:
            row += _role_cells(gap)
        strengths = f"{balance.strength_text(scored.manager_strength)} / " + (
            balance.strength_text(scored.leader_strength)
        )
        rows.append([*row, scored.band or "", strengths if answered else ""])
    header = ["Area", "Manager pole", "Position", "Leader pole", "Score", "90% interval"]
    align = ["---", "---:", ":---:", "---", "---:", "---:"]
    if with_role:
        header += ["Role", "Gap"]
        align += ["---:", "---:"]
    table = _table([*header, "Band", STRENGTH_HEAD], [*align, "---", ":---:"], rows)
    caption = insights.TABLE_CAPTION
    if with_role:
        caption += insights.ROLE_CAPTION + role.ROLE_STAR
    blocks = ["## Your areas", table, md_escape(caption + balance.COLUMN_CAPTION)]
    if any(d.few_answers and d.score is not None for d in data.result.dimensions):
        blocks.append(md_escape(noise.FEW_ANSWERS_SENTENCE))
    kind = balance.balance_sentence(data.result)
    if kind is not None:
        blocks.append(md_escape(kind))
    elsewhere = insights.elsewhere_sentence(data)
    if elsewhere is not None:
        blocks.append(md_escape(f"{elsewhere} {insights.FULL_BANK_COMMAND}"))
    return blocks


def _role_cells(gap: role.RoleGap | None) -> list[str]:
    """The role score and the gap (role − self) of an area; ``*`` marks a gap beyond noise."""
    if gap is None:
        return ["—", "—"]
    star = "\\*" if gap.beyond_noise else ""
    return [f"{gap.role_score:.0f}{star}", format_delta(gap.gap)]


def _leanings(manager: Leaning | None, leader: Leaning | None) -> list[str]:
    blocks = ["## Where you lean furthest", md_escape(insights.LEANINGS_INTRO)]
    for leaning in (manager, leader):
        if leaning is None:
            continue
        title = (
            f"Toward the {leaning.pole} pole: {leaning.dimension.title} "
            f"({noise.plus_minus(leaning.score, leaning.se)}, {leaning.band})"
        )
        blocks += [
            "### " + md_escape(title),
            _bullets([f"Brings: {leaning.what_it_brings}", f"Watch for: {leaning.what_it_risks}"]),
        ]
    return blocks


def _practice(data: ReportData) -> list[str]:
    areas = role.practice_with_role(data)
    blocks = ["## " + insights.practice_heading(len(areas))]
    if not areas:
        blocks.append(md_escape(insights.no_practice_sentence(data.result)))
        return blocks
    blocks.append(md_escape(role.practice_intro(areas, insights.PRACTICE_INTRO)))
    for number, area in enumerate(areas, start=1):
        blocks += _practice_area(number, area)
    return blocks


def _practice_area(number: int, area: Practice) -> list[str]:
    title = f"{area.dimension.title} ({noise.plus_minus(area.score, area.se)}, {area.band})"
    blocks = [f"### {number}. " + md_escape(title), md_escape(area.summary)]
    if area.tips:
        blocks.append(_bullets(area.tips))
    return blocks


def _history(data: ReportData) -> list[str]:
    rows = [
        [
            md_escape(change.date),
            str(change.attempt_id),
            format_score(change.score),
            change.band or "",
            format_delta(change.delta),
            _verdict_cell(change),
        ]
        for change in noise.history(data)
    ]
    header = ["Date", "Attempt", "Overall score", "Band", "Change since previous", "Verdict"]
    align = ["---", "---:", "---:", "---", "---:", "---"]
    # The table is the trend (it reads in every renderer); the chart only adds to it.
    blocks = ["## Change over time", _table(header, align, rows)]
    older = noise.older_not_listed(data)
    if older:
        attempts = counted(older, "older attempt")
        blocks.append(f"{attempts} of this bank not listed; `leadquiz history --all` has them all.")
    chart = _trend_chart(noise.history(data))
    if chart:
        blocks += ["The overall scores above as a chart (where Mermaid charts are drawn):", *chart]
    return blocks


def _trend_chart(changes: Sequence[noise.Change]) -> list[str]:
    """The overall trend as a Mermaid ``xychart-beta`` block (GitHub draws it), for 2+ scores.

    Only dates, attempt ids and scores go in, never bank or user text: Mermaid
    has its own syntax, and the table before it carries the same numbers for
    renderers that show the block as code.
    """
    scored = [change for change in changes if change.score is not None]
    if len(scored) < 2:
        return []
    labels = ", ".join(f'"{change.date} #{change.attempt_id}"' for change in scored)
    values = ", ".join(format_score(change.score) for change in scored)
    return [
        "\n".join(
            [
                "```mermaid",
                "xychart-beta",
                '    title "Overall score by attempt"',
                f"    x-axis [{labels}]",
                '    y-axis "0 manager pole, 100 leader pole" 0 --> 100',
                f"    line [{values}]",
                "```",
            ]
        )
    ]


def _why(data: ReportData) -> list[str]:
    """Each answered area's answers by how far they pulled (as ``report --why``)."""
    blocks = ["## Why these scores", md_escape(why.WHY_INTRO)]
    for area in why.why(data):
        blocks.append("### " + md_escape(f"{area.dimension.title} ({why.score_words(area)})"))
        rows = [
            [
                pull.pull_text(),
                md_escape(pull.question.text),
                md_escape(pull.answer),
                md_escape(pull.lean_text()),
            ]
            for pull in area.pulls
        ]
        blocks.append(
            _table(["Pull", "Question", "Answer", "Lean"], ["---:", "---", "---", "---"], rows)
        )
    return blocks


def _verdict_cell(change: noise.Change) -> str:
    """``beyond noise (threshold 6.5)``, or ``""`` when the change has no verdict."""
    if change.threshold is None or not change.verdict:
        return ""
    return f"{change.verdict} (threshold {precision.shown_threshold(change.threshold):.1f})"


def _bullets(items: Iterable[str]) -> str:
    """A bullet list of untrusted lines, each escaped."""
    return "\n".join(f"- {md_escape(item)}" for item in items)


def _others(data: ReportData) -> list[str]:
    """How others see the user: counts only until enough responses, then averages and gaps."""
    observers = data.observers
    assert observers is not None
    blocks = ["## How others see you"]
    if not observers.shown:
        return [*blocks, md_escape(observers_words.pending_sentence(observers))]
    blocks.append(md_escape(observers_words.from_sentence(observers)))
    header = ["Area", "You", f"Others ({observers.responses})"]
    header += [md_escape(observers_words.group_label(g)) for g in observers.groups]
    header += ["Gap", "Beyond noise", "Position"]
    rows = []
    for area in observers_words.in_report_order(observers, data.result):
        row = [md_escape(area.title), format_score(area.self_score), format_score(area.score)]
        row += [format_score(observers_words.group_score(g, area.id)) for g in observers.groups]
        row += [
            format_delta(area.gap) if area.gap is not None else "–",
            "yes" if area.beyond_noise else "no",
            observers_words.others_gauge_line(area.self_score, area.score, BAR_CELLS),
        ]
        rows.append(row)
    if observers.overall_score is not None:
        own = data.result.overall_score
        rows.append(
            [
                md_escape(observers_words.OVERALL_ROW),
                format_score(own),
                format_score(observers.overall_score),
                *("" for _ in observers.groups),
                format_delta(observers.overall_gap) if observers.overall_gap is not None else "–",
                "yes" if observers.overall_beyond_noise else "no",
                observers_words.others_gauge_line(own, observers.overall_score, BAR_CELLS),
            ]
        )
    align = ["---", "---:", "---:", *("---:" for _ in observers.groups), "---:", "---", ":---:"]
    blocks += [
        _table(header, align, rows),
        md_escape(observers_words.LEGEND),
        md_escape(observers_words.GROUPS_NOTE),
        "### Blind spots and hidden strengths",
    ]
    blind, hidden = observers_words.gaps(data.bank, observers)
    if not blind and not hidden:
        return [*blocks, md_escape(observers_words.NO_GAPS)]
    blocks.append(md_escape(observers_words.GAPS_INTRO))
    for title, found in (("Blind spot", blind), ("Hidden strength", hidden)):
        for gap in found[: observers_words.GAPS_SHOWN]:
            brings, risks = insights.pole_texts(gap.dimension, gap.toward)
            items = [observers_words.gap_sentence(gap)]
            items += [f"Brings: {brings}"] if brings else []
            items += [f"Watch for: {risks}"] if risks else []
            blocks += ["#### " + md_escape(f"{title}: {gap.dimension.title}"), _bullets(items)]
    rest = observers_words.more_gaps_sentence(blind, hidden)
    if rest:
        blocks.append(md_escape(rest))
    return blocks
