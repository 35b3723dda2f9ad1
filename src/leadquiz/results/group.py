"""A group's results: how a group's scores spread, area by area, with no one's score apart.

Pure arithmetic on the scores of result files already read and checked
(``leadquiz.pilotdata`` reads them): per area the number of people, the median,
the quartiles (``statistics.quantiles``, n = 4, method "inclusive", as numpy's
default), the minimum, the maximum and the share in each band, and the same for
the overall score. With fewer than :data:`MIN_PEOPLE` people nothing is shown
of the group, and an area that fewer answered shows its count only.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from leadquiz.results.scoring import BANDS, band_for, round_score

#: The fewest people whose scores are shown together (and never apart).
MIN_PEOPLE = 3
#: The schema of the group document.
GROUP_SCHEMA = "leadquiz/group/1"


@dataclass(frozen=True)
class Member:
    """One person's scores, read from their result file: no name, no attempt, no answer."""

    overall: float | None
    #: The score of each area, by id (``None``: the area was not answered).
    areas: dict[str, float | None]


@dataclass(frozen=True)
class Spread:
    """How a set of at least :data:`MIN_PEOPLE` scores spreads (scores rounded to one decimal)."""

    median: float
    quartiles: tuple[float, float]
    minimum: float
    maximum: float
    #: The share of people in each band (0–1), in band order, every band present.
    bands: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class AreaSpread:
    """One area (or the overall score) over the group: its people, and its spread if shown."""

    id: str
    title: str
    people: int
    spread: Spread | None


@dataclass(frozen=True)
class GroupResults:
    """A group of one bank and version: the overall score and each area."""

    bank_id: str
    bank_version: str
    bank_title: str
    people: int
    overall: AreaSpread
    dimensions: tuple[AreaSpread, ...]


def spread_of(scores: Sequence[float]) -> Spread | None:
    """The spread of ``scores``; ``None`` for fewer than :data:`MIN_PEOPLE`."""
    if len(scores) < MIN_PEOPLE:
        return None
    q1, _, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    counts = {band.name: 0 for band in BANDS}
    for score in scores:
        counts[band_for(score)] += 1
    return Spread(
        median=_one_decimal(statistics.median(scores)),
        quartiles=(_one_decimal(q1), _one_decimal(q3)),
        minimum=_one_decimal(min(scores)),
        maximum=_one_decimal(max(scores)),
        bands=tuple((name, count / len(scores)) for name, count in counts.items()),
    )


def _one_decimal(value: float) -> float:
    """A score as every document writes it: one decimal, halves away from zero."""
    from fractions import Fraction

    return round_score(Fraction(value))


def group_results(
    bank_id: str,
    bank_version: str,
    bank_title: str,
    areas: Sequence[tuple[str, str]],
    members: Sequence[Member],
) -> GroupResults:
    """The group's results over ``areas`` (id, title) of one bank; nothing shown under 3 people."""
    shown = len(members) >= MIN_PEOPLE

    def area(area_id: str, title: str, scores: list[float]) -> AreaSpread:
        return AreaSpread(area_id, title, len(scores), spread_of(scores) if shown else None)

    overall = area("overall", "Overall", [m.overall for m in members if m.overall is not None])
    dimensions = tuple(
        area(
            area_id,
            title,
            [s for m in members if (s := m.areas.get(area_id)) is not None],
        )
        for area_id, title in areas
    )
    return GroupResults(bank_id, bank_version, bank_title, len(members), overall, dimensions)


def _spread_fields(area: AreaSpread) -> dict[str, object]:
    """An area's fields in the group document (``null`` figures when it is not shown)."""
    spread = area.spread
    return {
        "people": area.people,
        "median": spread.median if spread else None,
        "quartiles": list(spread.quartiles) if spread else None,
        "min": spread.minimum if spread else None,
        "max": spread.maximum if spread else None,
        "bands": dict(spread.bands) if spread else None,
    }


def group_document(group: GroupResults) -> dict[str, object]:
    """The group as a JSON-ready dict (``leadquiz/group/1``, docs/json.md). No name, ever."""
    return {
        "schema": GROUP_SCHEMA,
        "bank": {"id": group.bank_id, "version": group.bank_version, "title": group.bank_title},
        "people": group.people,
        "min_people": MIN_PEOPLE,
        "overall": _spread_fields(group.overall),
        "dimensions": [
            {"id": area.id, "title": area.title, **_spread_fields(area)}
            for area in group.dimensions
        ],
    }


def shown_areas(group: GroupResults) -> list[AreaSpread]:
    """The overall score, then each area, as every view lists them."""
    return [group.overall, *group.dimensions]


#: Said wherever a group is too small to show.
TOO_FEW = (
    f"Fewer than {MIN_PEOPLE} people: nothing is shown, so that no one's score can be "
    "read off the group."
)
#: Said under every group view.
NO_NAMES = (
    "No name stands beside any score: the group is shown as a whole. The median is the "
    "middle score, the middle half runs from the first quartile to the third."
)


def percent(share: float) -> int:
    """A band's share as a whole percent, halves rounded up (12.5 % is 13 %)."""
    import math

    return math.floor(share * 100 + 0.5)


def area_too_few(area: AreaSpread) -> str:
    """Why an area shows no figures."""
    return f"answered by {area.people} of the group: fewer than {MIN_PEOPLE}, not shown"
