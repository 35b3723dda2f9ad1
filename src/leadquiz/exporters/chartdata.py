"""What the HTML report's charts show, as plain numbers: no markup, no I/O.

The charts take these inputs and nothing else, so a mark that a later feature
brings (the observers' average, the role's demand) is one optional field, and
the precision of a score is looked up in one small function,
:func:`area_precision`, that reads the result where it can.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from leadquiz.formatting import format_day
from leadquiz.models import Bank, DimensionScore, Result, ScoredAttempt
from leadquiz.results import precision


@dataclass(frozen=True)
class Precision:
    """How exact a score is: its standard error and 90% interval (score points)."""

    se: float
    low: float
    high: float
    few_answers: bool


@dataclass(frozen=True)
class Markers:
    """Optional marks beside a person's own scores: how others see them, what the role asks.

    Scores by area id, 0..100; an area left out has no such mark.
    """

    others: Mapping[str, float]
    others_count: int = 0
    role: Mapping[str, float] | None = None


@dataclass(frozen=True)
class AreaMark:
    """One area of the profile chart: the score, its interval and the optional marks."""

    id: str
    title: str
    score: float | None
    band: str | None
    answered: int
    total: int
    precision: Precision | None
    others: float | None = None
    role: float | None = None


@dataclass(frozen=True)
class TrendPoint:
    """One attempt on a trend line."""

    attempt_id: int
    day: str
    bank_version: str
    score: float | None
    precision: Precision | None
    #: Set when the score moved beyond noise since the previous scored point.
    beyond_noise: bool = False
    #: The change since the previous scored point (one decimal), if there is one.
    change: float | None = None
    #: Set when this attempt used another bank version than the previous point.
    new_version: bool = False


def area_precision(_bank: Bank, scored: DimensionScore) -> Precision | None:
    """The precision of one area's score, as scoring gave it (docs/scoring.md, "Precision")."""
    if scored.score is None or scored.se is None or scored.interval is None:
        return None
    low, high = scored.interval
    return Precision(scored.se, low, high, scored.few_answers)


def overall_precision(_bank: Bank, result: Result) -> Precision | None:
    """The precision of the overall score, as scoring gave it."""
    if result.overall_score is None or result.overall_se is None:
        return None
    if result.overall_interval is None:
        return None
    low, high = result.overall_interval
    return Precision(result.overall_se, low, high, False)


def area_marks(bank: Bank, result: Result, markers: Markers | None) -> list[AreaMark]:
    """Every area of ``result`` in bank order, with its precision and the marks present."""
    others = markers.others if markers else {}
    role = (markers.role if markers else None) or {}
    return [
        AreaMark(
            id=d.id,
            title=d.title,
            score=d.score,
            band=d.band,
            answered=d.answered,
            total=d.total,
            precision=area_precision(bank, d),
            others=others.get(d.id),
            role=role.get(d.id),
        )
        for d in result.dimensions
    ]


def trend_points(
    bank: Bank, attempts: Sequence[ScoredAttempt], area: str | None = None
) -> list[TrendPoint]:
    """The overall score (or one area's, by id) of each attempt, oldest first, marked.

    A point is *beyond noise* when it differs from the previous scored point by
    more than the reliable-change threshold; *new_version* when its bank version
    differs from the previous point's.
    """
    points: list[TrendPoint] = []
    last: TrendPoint | None = None
    for index, item in enumerate(attempts):
        score, spread = _score_of(bank, item.result, area)
        change = beyond = None
        if score is not None and last is not None and last.score is not None:
            change = round(score - last.score, 1)
            if spread is not None and last.precision is not None:
                beyond = precision.beyond_noise(change, spread.se, last.precision.se)
        version = item.attempt.bank_version
        point = TrendPoint(
            attempt_id=item.attempt.id,
            day=format_day(item.attempt.finished_at or item.attempt.started_at),
            bank_version=version,
            score=score,
            precision=spread,
            beyond_noise=bool(beyond),
            change=change,
            new_version=index > 0 and version != attempts[index - 1].attempt.bank_version,
        )
        points.append(point)
        if score is not None:
            last = point
    return points


def _score_of(
    bank: Bank, result: Result, area: str | None
) -> tuple[float | None, Precision | None]:
    if area is None:
        return result.overall_score, overall_precision(bank, result)
    for scored in result.dimensions:
        if scored.id == area:
            return scored.score, area_precision(bank, scored)
    return None, None
