"""HTML export: one self-contained page with the profile and trend charts, to open anywhere.

Inline CSS and inline SVG, no script, no web font and no request to anywhere:
it opens from disk, from an e-mail or a shared drive, prints on A4 and follows
the reader's dark scheme. The text comes from :mod:`leadquiz.results.insights`,
as in the other reports. Every piece of untrusted text (bank text, user names,
observer names) is escaped by Jinja2's autoescaping, never by hand; Jinja2 is
imported only when a page is rendered, so the start-up of other commands is untouched.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadquiz.exporters import charts, htmlsections
from leadquiz.exporters.chartdata import AreaMark, Markers, area_marks, overall_precision
from leadquiz.exporters.chartdata import trend_points as trend_of
from leadquiz.exporters.templating import environment
from leadquiz.formatting import format_day, format_moment
from leadquiz.models import Dimension, Pole, ReportData, ScoredAttempt
from leadquiz.results import balance, insights, precision, role, why

#: The trend draws at most this many attempts (the newest), whatever the history holds.
TREND_POINTS = 30

#: Said under the precision of the scores (the "how scores are made" section).
HOW_PRECISE = (
    "No score from a handful of answers is exact. The whisker around each score is its 90% "
    "interval: the range a score would likely fall in if you answered again. A change between "
    "two attempts counts as beyond noise only when it is larger than both scores' uncertainty "
    "allows (a reliable-change test); smaller moves are called within noise."
)

#: What each pole brings and risks in general, for banks without their own words (schema 1).
_GENERAL: dict[Pole, tuple[str, str]] = {
    "manager": (
        "Focus, predictability and reliable delivery: people know what is expected of them.",
        "Taken too far it hardens into rigidity: people comply rather than commit.",
    ),
    "leader": (
        "Direction, energy and adaptability: people see where things are heading.",
        "Taken too far next steps stay unclear and details slip.",
    ),
}


@dataclass(frozen=True)
class AreaText:
    """What an area's leaning brings and what to watch for (the bank's words where it has them)."""

    area: AreaMark
    dimension: Dimension | None
    pole: str
    brings: str
    watch_for: str


def to_html(data: ReportData) -> str:
    """The report of one attempt as a standalone HTML page."""
    return render_html(data)


def render_html(data: ReportData, markers: Markers | None = None) -> str:
    """The page, with the optional others' and role marks (present when ``markers`` has them)."""
    return environment().get_template("report.html.j2").render(page=page_context(data, markers))


def page_context(data: ReportData, markers: Markers | None = None) -> dict[str, object]:
    """Everything the template shows, computed here so the template only lays it out."""
    bank, result = data.bank, data.result
    markers = _with_role(data, markers)
    areas = area_marks(bank, result, markers)
    practice = role.practice_with_role(data) if result.overall_score is not None else []
    by_id = {area.id: area for area in areas}
    ordered = [by_id[d.id] for d in insights.ordered_dimensions(result)]
    attempts = _trend_attempts(data)
    return {
        "title": bank.title,
        "user": data.attempt.user,
        "bank": bank,
        "attempt": data.attempt,
        "day": format_moment(data.attempt.finished_at or data.attempt.started_at),
        "result": result,
        "overall": overall_precision(bank, result),
        "overall_sentence": insights.overall_sentence(result.overall_score, result.overall_band),
        "neither_pole": insights.NEITHER_POLE,
        "skipped": insights.skipped_sentence(result),
        "profile": charts.profile_chart(ordered),
        "others_count": markers.others_count if markers else 0,
        "areas": ordered,
        "dimensions": {d.id: d for d in bank.dimensions},
        "strengths": {
            d.id: (
                balance.strength_text(d.manager_strength),
                balance.strength_text(d.leader_strength),
            )
            for d in result.dimensions
            if d.score is not None
        },
        "strength_caption": balance.COLUMN_CAPTION.strip(),
        "balance": balance.balance_sentence(result),
        "elsewhere": insights.elsewhere_sentence(data),
        "full_bank_command": insights.FULL_BANK_COMMAND,
        "area_texts": [_area_text(area, bank.dimension(area.id)) for area in ordered],
        "practice": practice,
        "practice_heading": insights.practice_heading(len(practice)),
        "practice_intro": role.practice_intro(practice, insights.PRACTICE_INTRO),
        "role_line": _role_line(data),
        "no_practice": insights.no_practice_sentence(),
        "notes_intro": insights.NOTES_INTRO,
        "trend": _trend(data, attempts),
        "others": htmlsections.others_section(data),
        "why": htmlsections.why_section(data),
        "why_intro": why.WHY_INTRO,
        "how_scored": insights.HOW_SCORED,
        "how_precise": HOW_PRECISE,
        "change_z": precision.CHANGE_Z,
    }


def _with_role(data: ReportData, markers: Markers | None) -> Markers | None:
    """The marks to draw: those given, else the report's own observers and role profile.

    The observers' average is drawn only when the anonymity rule lets the report
    show it (docs/observers.md); the role's demand comes from its latest profile.
    """
    if markers is None:
        markers = Markers(others={})
    if not markers.others and data.observers is not None and data.observers.shown:
        others = {a.id: a.score for a in data.observers.areas if a.score is not None}
        markers = Markers(others=others, others_count=data.observers.responses, role=markers.role)
    if data.role is not None and markers.role is None:
        demands = {gap.dimension.id: gap.role_score for gap in role.role_gaps(data)}
        markers = Markers(others=markers.others, others_count=markers.others_count, role=demands)
    if not markers.others and markers.role is None:
        return None
    return markers


def _role_line(data: ReportData) -> str:
    """The leading share the role asks for beside the overall score, or how to describe a role."""
    if data.role is None:
        return role.no_role_hint(data.attempt.user, data.role_saved_later)
    day = format_day(data.role.finished_at)
    result = data.result
    reading = role.share_reading(data.role.leading_share, result.overall_score, result.overall_band)
    beside = f"Beside your role as you described it on {day} (▲ under each line)."
    return beside if reading is None else f"{reading}. {beside}"


def _trend_attempts(data: ReportData) -> list[ScoredAttempt]:
    """The attempt and the newest earlier ones of its bank, oldest first, at most TREND_POINTS."""
    attempts = [*data.earlier, ScoredAttempt(data.attempt, data.result)]
    return attempts[-TREND_POINTS:]


def _trend(data: ReportData, attempts: list[ScoredAttempt]) -> dict[str, object] | None:
    """The trend section, or ``None`` when there is no earlier attempt."""
    if len(attempts) < 2:
        return None
    earlier_total = len(data.earlier) if data.earlier_total is None else data.earlier_total
    overall = trend_of(data.bank, attempts)
    per_area = [
        (dimension, charts.trend_chart(trend_of(data.bank, attempts, dimension.id), small=True))
        for dimension in data.bank.dimensions
    ]
    return {
        "overall": charts.trend_chart(overall),
        "points": overall,
        "areas": per_area,
        "shown": len(attempts),
        "total": earlier_total + 1,
    }


def _area_text(area: AreaMark, dimension: Dimension | None) -> AreaText | None:
    """What this area's leaning brings and risks; ``None`` when unanswered or exactly central."""
    if area.score is None or area.score == insights.MIDDLE or dimension is None:
        return None
    pole: Pole = "manager" if area.score < insights.MIDDLE else "leader"
    own = insights.pole_texts(dimension, pole)
    general = _GENERAL[pole]
    return AreaText(
        area=area,
        dimension=dimension,
        pole=dimension.manager_pole if pole == "manager" else dimension.leader_pole,
        brings=own[0] or general[0],
        watch_for=own[1] or general[1],
    )
