"""Pooling observers' responses into what may be shown: per area and per group, at least 3.

Pure functions over scored responses (``results.observers.Response``): the
anonymity rule (:func:`shown_groups`) and the averages it lets out
(:func:`pool`), in the same shape for an identified round's responses and an
anonymous round's summary (``quiz.observer_summary``).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import TYPE_CHECKING

from leadquiz.results import precision
from leadquiz.results.scoring import score
from leadquiz.viewpoints import RELATIONSHIPS, Relationship

if TYPE_CHECKING:
    from leadquiz.results.observers import Response

#: Responses needed before anything of the observers is shown, per area and per group.
NEEDED = 3
#: The relationship shown on its own even alone (the form tells a manager so), or from NEEDED.
MANAGER: Relationship = "manager"


@dataclass(frozen=True)
class AreaAverage:
    """The observers' average in one area, over the ``answered`` who answered it (>= NEEDED)."""

    id: str
    answered: int
    #: The mean of their area scores, one decimal.
    score: float
    #: Its standard error: the mean SE of one observer's area score / √answered.
    se: float


@dataclass(frozen=True)
class GroupAverage:
    """A relationship group that may be shown, with the areas it may be shown in."""

    relationship: Relationship
    responses: int
    areas: tuple[AreaAverage, ...]


@dataclass(frozen=True)
class Pooled:
    """What the observers of one round or attempt may show: the same shape as a summary."""

    responses: int
    areas: tuple[AreaAverage, ...]
    groups: tuple[GroupAverage, ...]


def may_stand_alone(relationship: Relationship, count: int) -> bool:
    """Whether ``count`` responses of one group are enough to show it on its own.

    At least :data:`NEEDED`; a manager also alone (the form told them so), but
    never two managers: each would read the other's answers off the average.
    """
    return count >= NEEDED or (relationship == MANAGER and count == 1)


def shown_groups(
    counts: Mapping[Relationship, int], allowed: Sequence[Relationship] | None = None
) -> tuple[Relationship, ...]:
    """The relationship groups whose average may be shown on their own.

    A group may be shown with at least :data:`NEEDED` responses, the manager
    also with exactly one (:func:`may_stand_alone`). The groups left hidden
    must together hold none or at least :data:`NEEDED` responses, or their
    average (and, for one or two people, their answers) could be worked out
    from the total and the shown groups;
    of the choices that keep that rule, the one showing the most groups wins,
    the manager's first. ``allowed``: only these groups may be chosen (an
    area shows only groups shown for the round as a whole).
    """
    total = sum(counts.values())
    if total < NEEDED:
        return ()
    candidates = [
        r
        for r in RELATIONSHIPS
        if may_stand_alone(r, counts.get(r, 0)) and (allowed is None or r in allowed)
    ]
    for size in range(len(candidates), 0, -1):
        for chosen in combinations(candidates, size):
            hidden = total - sum(counts.get(r, 0) for r in chosen)
            if hidden == 0 or hidden >= NEEDED:
                return chosen
    return ()


def pool(responses: Sequence[Response], area_ids: Sequence[str]) -> Pooled:
    """The averages that may be shown of ``responses``, area by area (anonymity rule applied).

    An area is pooled only where at least :data:`NEEDED` observers answered
    it (*can't say* to all of its questions is not answering it); a group only
    by :func:`shown_groups`, over all responses and again over each area's
    answerers, so that no subtraction singles out fewer than :data:`NEEDED`.
    """
    per_area: dict[str, list[tuple[Relationship, float, float]]] = {a: [] for a in area_ids}
    for response in responses:
        for d in score(response.bank, response.answers).dimensions:
            if d.id in per_area and d.score is not None and d.se is not None:
                per_area[d.id].append((response.relationship, d.score, d.se))
    counts = Counter(r.relationship for r in responses)
    overall_groups = shown_groups(counts)
    areas = tuple(
        _average(area_id, per_area[area_id])
        for area_id in area_ids
        if len(per_area[area_id]) >= NEEDED
    )
    groups = []
    for relationship in overall_groups:
        shown_in = []
        for area_id in area_ids:
            answerers = per_area[area_id]
            area_counts = Counter(r for r, _s, _e in answerers)
            if relationship in shown_groups(area_counts, overall_groups):
                chosen = [entry for entry in answerers if entry[0] == relationship]
                shown_in.append(_average(area_id, chosen))
        groups.append(GroupAverage(relationship, counts[relationship], tuple(shown_in)))
    return Pooled(len(responses), areas, tuple(groups))


def _average(area_id: str, entries: Sequence[tuple[Relationship, float, float]]) -> AreaAverage:
    count = len(entries)
    mean = math.fsum(s for _r, s, _e in entries) / count
    one_se = math.fsum(e for _r, _s, e in entries) / count
    return AreaAverage(
        area_id, count, one_decimal_signed(mean), round(precision.mean_se(one_se, count), 2)
    )


def one_decimal_signed(value: float) -> float:
    """Half away from zero, as scores are rounded."""
    magnitude = math.floor(abs(value) * 10 + 0.5 + 1e-9) / 10
    return math.copysign(magnitude, value) if magnitude else 0.0
