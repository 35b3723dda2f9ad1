"""How the people around a user see them, beside how they see themselves (docs/observers.md).

Pure functions: observer responses (each scored with the bank its form was
issued with) become the observers' average per area, its standard error (one
observer's SE / √k), the gap others − self and whether that gap is beyond
noise (``precision.beyond_noise``). The anonymity rule decides what may be
shown at all: nothing below :data:`NEEDED` responses, and a relationship group
on its own only with :data:`NEEDED` responses or as the manager, never so that
subtraction would single out fewer than :data:`NEEDED` people.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from leadquiz.models import AnswerValue, Bank, Dimension, DimensionScore, Pole, Result
from leadquiz.results import precision
from leadquiz.results.insights import ordered_dimensions
from leadquiz.results.pooling import (
    MANAGER,
    NEEDED,
    AreaAverage,
    Pooled,
    one_decimal_signed,
    pool,
    shown_groups,
)
from leadquiz.viewpoints import ObservedArea, ObserverGroup, Observers, Relationship

#: What this module offers, with the pooling rule's names it has always offered.
__all__ = [
    "GAPS_INTRO",
    "GAPS_SHOWN",
    "GROUPS_NOTE",
    "GROUP_LABELS",
    "LEGEND",
    "MANAGER",
    "NEEDED",
    "NO_GAPS",
    "OTHERS_MARKER",
    "OVERALL_ROW",
    "YOU_AND_OTHERS_MARKER",
    "Gap",
    "Response",
    "from_sentence",
    "gap_sentence",
    "gaps",
    "group_label",
    "group_score",
    "in_report_order",
    "more_gaps_sentence",
    "others_document",
    "others_gauge_line",
    "pending_sentence",
    "shown_groups",
    "summarize",
    "unanswered_sentence",
    "view",
]


@dataclass(frozen=True)
class Response:
    """One imported response: who the observer is to the user, the bank, the answers."""

    relationship: Relationship
    bank: Bank
    answers: Mapping[str, AnswerValue | None]


@dataclass(frozen=True)
class Gap:
    """An area where others see the user differently, beyond noise."""

    area: ObservedArea
    dimension: Dimension
    #: The pole others place the user further toward than the user does.
    toward: Pole
    #: ``blind spot``: others see a stronger leaning than the user does;
    #: ``hidden strength``: others see more of the pole the user leans away from.
    kind: str


def summarize(
    bank: Bank,
    result: Result,
    answers: Mapping[str, AnswerValue | None],
    responses: Sequence[Response],
) -> Observers:
    """The observers of one attempt as they may be shown (``bank``/``result``: the user's own)."""
    count = len(responses)
    if count < NEEDED:
        return Observers(responses=count, needed=NEEDED, shown=False)
    return view(result, pool(responses, [d.id for d in result.dimensions]))


def view(result: Result, pooled: Pooled, *, source: str = "responses") -> Observers:
    """Self beside the pooled observers (of responses or of a round's summary)."""
    by_id = {a.id: a for a in pooled.areas}
    areas = tuple(_area(d, by_id.get(d.id)) for d in result.dimensions)
    groups = tuple(
        ObserverGroup(
            relationship=group.relationship,
            responses=group.responses,
            scores=tuple(
                (d.id, next((a.score for a in group.areas if a.id == d.id), None))
                for d in result.dimensions
            ),
        )
        for group in pooled.groups
    )
    overall, overall_gap, overall_beyond = _overall(result, areas)
    return Observers(
        responses=pooled.responses,
        needed=NEEDED,
        shown=True,
        overall_score=overall,
        overall_gap=overall_gap,
        overall_beyond_noise=overall_beyond,
        areas=areas,
        groups=groups,
        source=source,
    )


def in_report_order(observers: Observers, result: Result) -> list[ObservedArea]:
    """The observed areas in the order of the report's own area table.

    That is the user's own scores, manager-leaning first
    (:func:`leadquiz.results.insights.ordered_dimensions`), so the two
    tables read side by side.
    """
    by_id = {area.id: area for area in observers.areas}
    return [by_id[d.id] for d in ordered_dimensions(result) if d.id in by_id]


def _area(own: DimensionScore, pooled: AreaAverage | None) -> ObservedArea:
    others = None if pooled is None else pooled.score
    others_se = None if pooled is None else pooled.se
    self_se = own.se
    gap = None if others is None or own.score is None else _one_decimal(others - own.score)
    few = precision.few_answers(own.answered)
    beyond = (
        gap is not None
        and self_se is not None
        and others_se is not None
        and not few
        and precision.beyond_noise(gap, self_se, others_se)
    )
    return ObservedArea(
        id=own.id,
        title=own.title,
        self_score=own.score,
        self_se=self_se,
        score=others,
        se=None if others_se is None else _one_decimal(others_se),
        gap=gap,
        beyond_noise=beyond,
        few_answers=few,
        answered=0 if pooled is None else pooled.answered,
    )


def _overall(
    result: Result, areas: Sequence[ObservedArea]
) -> tuple[float | None, float | None, bool]:
    """Overall others (score, gap, beyond noise): the mean of their area scores vs the user's."""
    paired = [a for a in areas if a.score is not None and a.self_score is not None]
    others = _mean([a.score for a in paired if a.score is not None])
    if others is None or result.overall_score is None:
        return others, None, False
    own = _mean([a.self_score for a in paired if a.self_score is not None]) or 0.0
    gap = _one_decimal(others - own)
    self_se = precision.overall_se(a.self_se for a in paired if a.self_se is not None)
    others_se = precision.overall_se(a.se for a in paired if a.se is not None)
    beyond = (
        self_se is not None
        and others_se is not None
        and precision.beyond_noise(gap, self_se, others_se)
    )
    return others, gap, beyond


def gaps(bank: Bank, observers: Observers) -> tuple[list[Gap], list[Gap]]:
    """The blind spots and hidden strengths: the gaps beyond noise, largest first.

    A gap toward a pole is a *blind spot* when the user already leans that way
    (or sits at the middle) and others see the leaning stronger still, and a
    *hidden strength* when others see more of the pole the user leans away from.
    """
    blind: list[Gap] = []
    hidden: list[Gap] = []
    for area in sorted(observers.areas, key=lambda a: -abs(a.gap or 0.0)):
        dimension = bank.dimension(area.id)
        if not area.beyond_noise or area.gap is None or dimension is None:
            continue
        own = area.self_score if area.self_score is not None else precision.POINTS_PER_LEAN
        toward: Pole = "leader" if area.gap > 0 else "manager"
        leaning_same_way = (own >= 50) if toward == "leader" else (own <= 50)
        if leaning_same_way:
            blind.append(Gap(area, dimension, toward, "blind spot"))
        else:
            hidden.append(Gap(area, dimension, toward, "hidden strength"))
    return blind, hidden


def _mean(values: Sequence[float]) -> float | None:
    if not values:
        return None
    return _one_decimal(math.fsum(values) / len(values))


_one_decimal = one_decimal_signed


# --- words and lines shared by the report and the exports ----------------------------

#: The observers' average on a gauge line; where it falls on the user's own cell: both.
#: (``◆`` and ``◈`` are the role's: ``results.insights.gauge_line``.)
OTHERS_MARKER = "○"
YOU_AND_OTHERS_MARKER = "◉"
LEGEND = "● you   ○ others (their average)   ◉ you and others on one point"
GAPS_INTRO = (
    "Areas where others place you further toward a pole than you place yourself, by more "
    "than the noise of the two scores (a 95% test). A blind spot: others see your leaning "
    "stronger than you do. A hidden strength: others see more of the pole you lean away from."
)
NO_GAPS = (
    "No gaps beyond noise: in every area, how others see you and how you see yourself "
    "differ by no more than the noise of the scores."
)
GROUPS_NOTE = (
    "A group is shown on its own only with at least 3 responses (a manager also alone), "
    "and never so that the average of one or two people not shown could be worked out."
)
#: Plural labels of the relationship groups.
GROUP_LABELS: dict[str, str] = {
    "manager": "manager",
    "peer": "peers",
    "direct report": "direct reports",
    "other": "other",
}


#: How the report names the row of the overall scores in the table of others.
OVERALL_ROW = "Overall"


def from_sentence(observers: Observers) -> str:
    """Where the observers' view comes from: responses, or an anonymous round's summary."""
    from leadquiz.formatting import counted

    responses = counted(observers.responses, "observer response")
    if observers.source == "summary":
        return (
            f"From an anonymous round's summary of {responses}: only its averages are here, "
            "each of at least 3 people (a manager's may stand alone)."
        )
    return f"From {responses}; only averages are shown."


def unanswered_sentence(observers: Observers) -> str | None:
    """Names the areas others' averages leave out: fewer than 3 observers answered them."""
    left_out = [a.title for a in observers.areas if a.score is None and a.self_score is not None]
    if not left_out:
        return None
    return (
        f"Not shown for others ({', '.join(left_out)}): fewer than {NEEDED} observers "
        "answered it; the rest said they can't say."
        if len(left_out) == 1
        else f"Not shown for others ({', '.join(left_out)}): in each, fewer than {NEEDED} "
        "observers answered; the rest said they can't say."
    )


def pending_sentence(observers: Observers) -> str:
    """What the report says while fewer responses than needed are in."""
    count = observers.responses
    more = observers.needed - count
    came = "1 observer response has" if count == 1 else f"{count} observer responses have"
    return (
        f"{came} come in. How others see you is shown from {observers.needed} responses on, "
        f"so that no one's answers can be picked out: {more} more needed."
    )


def others_gauge_line(
    own: float | None,
    others: float | None,
    cells: int,
    role: float | None = None,
    *,
    interval: tuple[float, float] | None = None,
) -> str:
    """:func:`~leadquiz.results.insights.gauge_line` with the observers' marker added.

    The user's own marker stays on top: on its cell the two become ``◉``.
    """
    from leadquiz.results.insights import gauge_line, position

    line = list(gauge_line(own, cells, role, interval=interval))
    if others is not None:
        cell = position(others, cells)
        same = own is not None and position(own, cells) == cell
        line[cell] = YOU_AND_OTHERS_MARKER if same else OTHERS_MARKER
    return "".join(line)


def gap_sentence(gap: Gap) -> str:
    """One gap in words: both scores, the difference, toward which pole."""
    area = gap.area
    return (
        f"Others place you at {area.score:.1f}, you place yourself at {area.self_score:.1f}: "
        f"{abs(area.gap or 0.0):.1f} points further toward the {gap.toward} pole, beyond noise."
    )


def group_label(group: ObserverGroup) -> str:
    """``manager`` or ``peers (3)``: a group's column heading."""
    label = GROUP_LABELS[group.relationship]
    return (
        label
        if group.relationship == MANAGER and group.responses == 1
        else (f"{label} ({group.responses})")
    )


def group_score(group: ObserverGroup, area_id: str) -> float | None:
    """A shown group's average in one area."""
    return dict(group.scores).get(area_id)


#: At most this many blind spots, and as many hidden strengths, are described in full.
GAPS_SHOWN = 3


def others_document(observers: Observers | None) -> dict[str, object] | None:
    """The ``others`` key of the result JSON (docs/json.md); ``None`` when it may not be shown."""
    if observers is None or not observers.shown:
        return None
    return {
        "responses": observers.responses,
        "source": observers.source,
        "overall": {
            "score": observers.overall_score,
            "gap": observers.overall_gap,
            "beyond_noise": observers.overall_beyond_noise,
        },
        "dimensions": [
            {
                "id": area.id,
                "score": area.score,
                "se": area.se,
                "gap": area.gap,
                "beyond_noise": area.beyond_noise,
                "answered": area.answered,
            }
            for area in observers.areas
        ],
        "groups": [
            {
                "relationship": group.relationship,
                "responses": group.responses,
                "dimensions": [{"id": key, "score": value} for key, value in group.scores],
            }
            for group in observers.groups
        ],
    }


def more_gaps_sentence(blind: Sequence[Gap], hidden: Sequence[Gap]) -> str | None:
    """Names the gaps beyond noise past the :data:`GAPS_SHOWN` largest of each kind."""
    rest = [g.dimension.title for g in [*blind[GAPS_SHOWN:], *hidden[GAPS_SHOWN:]]]
    if not rest:
        return None
    return "Also beyond noise, in the table above: " + ", ".join(rest) + "."
