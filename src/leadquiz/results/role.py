"""Style beside role (README, docs/json.md): pure functions, no I/O.

``leadquiz role`` asks how much the role, as it is today, asks for each pole of
each area (1 = almost all the manager pole … 5 = almost all the leader pole)
and what share of working time calls for leading. A role score is
25 × (rating − 1), on the same 0..100 line as the person's own score.

The gap is *role − self*: positive means the role asks for more of the leader
pole than the person's answers show. A gap is *beyond noise* when
|gap| > 1.96 × √(SE_self² + SE_role²), where a role rating's SE is that of a
single answer, 50 × σ (:mod:`leadquiz.results.precision`). An area with few
answers is never picked as a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from leadquiz.formatting import format_day
from leadquiz.hints import command
from leadquiz.models import (
    LIKERT_MAX,
    LIKERT_MIN,
    AnswerValue,
    Bank,
    Dimension,
    DimensionScore,
    Question,
    ReportData,
)
from leadquiz.results import precision
from leadquiz.results.insights import MIDDLE, Practice, practice_areas, quote
from leadquiz.results.scoring import band_for

if TYPE_CHECKING:  # a report without a role profile never builds one
    from leadquiz.viewpoints import RoleProfile

#: The id of the leading-share question (not a slug, so no area can have it).
SHARE_ID = "%leading-share"
SHARE_MIN = 0
SHARE_MAX = 100
#: Score points per step of a role rating: 1 → 0, 5 → 100.
POINTS_PER_STEP = 25.0

#: The introduction of ``leadquiz role`` (the idea of document 002, in our own words).
ROLE_INTRO = (
    "Jobs are rarely all managing or all leading. Most ask for a blend, and many posts "
    "with \u201cleader\u201d in the title ask for real leading only a small part of the "
    "time, perhaps a few percent, while the rest is planning, coordinating and keeping "
    "things running. So the useful question is not which kind of person you are, but "
    "how much of each your role asks for today."
)
ROLE_HOW = (
    "For each area, say where your role as it is now sits on a line between the two poles "
    "(1 = almost all the first, 5 = almost all the second). Then, if you like, the share "
    "of your working time that calls for leading. Your report will set your own answers "
    "beside it."
)
_PULL_START = "Your role pulls toward"
#: Explains the ``*`` after a role score in a table.
ROLE_STAR = " * the role and your answers pull apart beyond noise (see the areas to practise)."
#: The labels of the role scale, 1..5.
ROLE_LABELS: tuple[str, ...] = (
    "almost all the manager pole",
    "mostly the manager pole",
    "both about equally",
    "mostly the leader pole",
    "almost all the leader pole",
)


@dataclass(frozen=True)
class RoleGap:
    """One area: the person's score beside what the role asks for."""

    dimension: Dimension
    self_score: float
    role_score: float
    #: role − self, one decimal: positive = the role asks for more of the leader pole.
    gap: float
    #: The smallest gap beyond noise: 1.96 × √(SE_self² + SE_role²).
    threshold: float
    beyond_noise: bool


def no_role_hint(user: str, saved_later: str | None = None) -> str:
    """What a report says when it sets no role profile beside the attempt, and why.

    ``saved_later`` is when the user's latest profile was saved, after the
    attempt: the report then says so (and how to see it), not how to make one.
    """
    if saved_later is not None:
        return (
            f"Your role profile of {format_day(saved_later)} was saved after this attempt: "
            f"it is set beside later attempts (see it with: {command('role', 'show', user=user)})."
        )
    return (
        "To set your answers beside what your role asks for, run: "
        f"{command('role', user=user)} (reports of later attempts use it)."
    )


def role_score(rating: int) -> float:
    """The role score of a rating 1..5: 25 × (rating − 1)."""
    return POINTS_PER_STEP * (rating - 1)


def role_questions(bank: Bank) -> tuple[Question, ...]:
    """What ``leadquiz role`` asks: one rating per area of ``bank``, then the leading share."""
    rated = tuple(
        Question(
            id=dimension.id,
            dimension=dimension.id,
            type="likert",
            text=f"{dimension.title}: how much does your role, as it is today, ask for each pole?",
        )
        for dimension in bank.dimensions
    )
    share = Question(
        id=SHARE_ID,
        dimension="",
        type="likert",
        text=(
            "About what share of your working time calls for leading (setting direction, "
            "moving people, driving change)? A number from 0 to 100, or s to skip."
        ),
    )
    return (*rated, share)


def accepts_role_answer(question: Question, value: AnswerValue) -> bool:
    """A rating 1..5 for an area; a whole percentage 0..100 for the leading share."""
    if type(value) is not int:
        return False
    if question.id == SHARE_ID:
        return SHARE_MIN <= value <= SHARE_MAX
    return LIKERT_MIN <= value <= LIKERT_MAX


def given_answers(profile: RoleProfile) -> dict[str, AnswerValue | None]:
    """A stored profile's answers as the asking loop takes them (to continue it)."""
    given: dict[str, AnswerValue | None] = dict(profile.ratings)
    if profile.share_asked:
        given[SHARE_ID] = profile.leading_share
    return given


def role_gaps(data: ReportData) -> list[RoleGap]:
    """Per area of the attempt's bank rated in the role profile: self, role, gap and its test."""
    if data.role is None:
        return []
    scores: dict[str, DimensionScore] = {d.id: d for d in data.result.dimensions}
    gaps: list[RoleGap] = []
    for dimension in data.bank.dimensions:
        rating = data.role.rating(dimension.id)
        scored = scores.get(dimension.id)
        if rating is None or scored is None or scored.score is None:
            continue
        se_self = scored.se
        se_role = precision.single_answer_se(precision.item_noise(dimension.item_noise))
        role = role_score(rating)
        gap = round(role - scored.score, 1) + 0.0
        limit = precision.threshold(se_self or 0.0, se_role)
        judged = (
            se_self is not None
            and not precision.few_answers(scored.answered)
            and precision.beyond_noise(gap, se_self, se_role)
        )
        gaps.append(RoleGap(dimension, scored.score, role, gap, limit, judged))
    return gaps


def pull_sentence(gap: RoleGap) -> str:
    """Which way the role pulls in an area, in one plain sentence."""
    toward = gap.dimension.leader_pole if gap.gap > 0 else gap.dimension.manager_pole
    return (
        f"{_PULL_START} {quote(toward)}: it asks for {gap.role_score:.0f} here and your "
        f"answers sit at {gap.self_score:.1f}, a gap of {abs(gap.gap):.1f} points, beyond "
        f"noise (more than {precision.shown_threshold(gap.threshold):.1f})."
    )


def practice_with_role(data: ReportData, count: int = 3) -> list[Practice]:
    """The areas to practise: where style and role pull apart beyond noise first, then the rest.

    The role areas come largest gap first (ties in bank order), each with the
    sentence of :func:`pull_sentence` and the tips of the pole the role pulls
    toward; the usual areas furthest from the middle fill up to ``count``.
    """
    pulled = sorted((g for g in role_gaps(data) if g.beyond_noise), key=lambda g: -abs(g.gap))
    first = [_role_practice(gap) for gap in pulled]
    taken = {practice.dimension.id for practice in first}
    rest = [
        practice
        for practice in practice_areas(data.bank, data.result, count + len(taken))
        if practice.dimension.id not in taken
    ]
    return first + rest[: max(count - len(first), 0)]


def _role_practice(gap: RoleGap) -> Practice:
    dimension = gap.dimension
    leader = gap.gap > 0
    return Practice(
        dimension=dimension,
        score=gap.self_score,
        band=band_for(gap.self_score),
        direction="toward leader" if leader else "toward manager",
        toward_pole=dimension.leader_pole if leader else dimension.manager_pole,
        tips=dimension.toward_leader if leader else dimension.toward_manager,
        summary=pull_sentence(gap),
    )


def share_reading(share: int | None, overall: float | None, band: str | None) -> str | None:
    """The leading share beside the overall score, in plain words (``None`` when not given).

    For example "Your role asks for leading about 10 % of the time; your
    answers lean leader (overall 66.0, leans leader)".
    """
    if share is None:
        return None
    asks = f"Your role asks for leading about {share} % of the time"
    if overall is None:
        return asks
    if band is None or band == band_for(MIDDLE):
        lean = "your answers draw on both ends about equally"
    elif overall < MIDDLE:
        lean = "your answers lean manager"
    else:
        lean = "your answers lean leader"
    return f"{asks}; {lean} (overall {overall:.1f}, {band})"


def practice_intro(areas: list[Practice], default: str) -> str:
    """The introduction of the practice section: says so when the role put areas first."""
    if not any(area.summary.startswith(_PULL_START) for area in areas):
        return default
    return (
        "First the areas where what your role asks for and how you work pull apart by more "
        "than noise, then the areas where you sit furthest from the middle. Not fixes: small "
        "experiments to widen your range."
    )


def role_document(profile: RoleProfile, gaps: list[RoleGap]) -> dict[str, object]:
    """The ``role`` part of the result JSON (docs/json.md)."""
    return {
        "taken_at": profile.finished_at,
        "leading_share": profile.leading_share,
        "dimensions": [
            {
                "id": gap.dimension.id,
                "score": gap.role_score,
                "gap": gap.gap,
                "beyond_noise": gap.beyond_noise,
            }
            for gap in gaps
        ],
    }


def profile_changed(before: RoleProfile | None, after: RoleProfile | None) -> str | None:
    """A sentence when two attempts were reported against different role profiles."""
    if before is None and after is None:
        return None
    if before is None:
        assert after is not None
        return f"A role profile was made between the two attempts ({_day(after)})."
    if after is None or before.id == after.id:
        return None
    moved = sorted(
        area
        for area, value in after.ratings
        if value is not None and before.rating(area) not in (None, value)
    )
    what = f"; areas rated differently: {', '.join(moved)}" if moved else ""
    share = ""
    if before.leading_share != after.leading_share:
        share = f"; leading share {_share(before)} → {_share(after)}"
    return (
        f"Your role profile changed between the two attempts ({_day(before)} → "
        f"{_day(after)}){what}{share}. A new role is the most common reason."
    )


def _day(profile: RoleProfile) -> str:
    return (profile.finished_at or profile.started_at)[:10]


def _share(profile: RoleProfile) -> str:
    return "—" if profile.leading_share is None else f"{profile.leading_share} %"
