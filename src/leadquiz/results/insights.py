"""What a result means, in words: shared by the terminal report and the markdown export.

Pure functions and frozen dataclasses, no Rich and no I/O. Everything here
follows the product's stance that neither pole is "good": each end brings
strengths and risks, most roles need some of both, and the suggestions are
ways to widen a person's range, not fixes.

The sentences may quote bank text (a dimension's poles and tips). They are
plain text: each output format escapes them its own way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from leadquiz.formatting import counted
from leadquiz.models import Bank, Dimension, DimensionScore, Pole, ReportData, Result
from leadquiz.results.scoring import BANDS, band_for

#: The middle of the scale: at exactly 50 a dimension leans neither way.
MIDDLE = 50.0
#: The band around the middle: a leaning there is slight, and the report says so.
_MIDDLE_BAND = band_for(MIDDLE)

#: Said once near the headline of every report.
NEITHER_POLE = (
    "Neither end is better than the other: each brings its own strengths and risks, "
    "and most roles need some of both."
)

#: One sentence on how the numbers are made (the footer of reports).
HOW_SCORED = (
    "Each answer leans toward one pole; an area's score is 50 plus 50 times the weighted "
    "mean of its answers' leans, on a scale from 0 (the manager pole) to 100 (the leader "
    "pole), and the overall score is the plain mean of the area scores."
)

#: Introduces the leanings section.
LEANINGS_INTRO = (
    "The areas where you sit furthest toward each end. Both ends are useful; "
    "what matters is noticing what yours gives you and where it can cost you."
)

#: Introduces the practice section.
PRACTICE_INTRO = (
    "Not fixes: small experiments to widen your range in the areas where you sit "
    "furthest from the middle."
)

#: Introduces the answer-quality notes.
NOTES_INTRO = "A word on how the answers were given (not a judgement):"

#: Explains the order and the bars of a table of dimensions.
TABLE_CAPTION = (
    "Sorted from the most manager-leaning area to the most leader-leaning; ● marks your "
    "score on a line from 0 (manager pole) to 100 (leader pole), ━ its 90% interval, with "
    "ticks at the band edges 20, 40, 60 and 80."
)

#: The characters of a drawn line (see :func:`gauge_line`).
GAUGE_MARKER = "●"
GAUGE_TRACK = "─"
GAUGE_TICK = "┼"
GAUGE_LEFT = "├"
#: What the role asks for (``leadquiz role``), and both on the same cell.
ROLE_MARKER = "◆"
BOTH_MARKER = "◈"
#: Added to a table's caption when a role profile is shown.
ROLE_CAPTION = " ◆ marks what your role asks for (◈: your score and your role on the same spot)."
GAUGE_RIGHT = "┤"
#: Drawn over the cells of a score's 90% interval (the whisker).
GAUGE_WHISKER = "━"

_OVERALL: dict[str, str] = {
    "strongly manager": (
        "You work mostly from the managing end: plans, clear targets and steady control "
        "are your home ground and make you someone people can rely on, and the leading "
        "end is there to draw on when direction or change is called for."
    ),
    "leans manager": (
        "You lean toward managing: you reach first for plans, targets and order, and "
        "you also draw on vision and influence when the moment asks for it."
    ),
    "balanced": (
        "You draw on both ends about equally: you plan and keep things on track, and "
        "you also set direction and bring people with you."
    ),
    "leans leader": (
        "You lean toward leading: you reach first for direction, influence and change, "
        "and you also keep plans and follow-through in place."
    ),
    "strongly leader": (
        "You work mostly from the leading end: direction, influence and change are your "
        "home ground and move people, and the managing end is there to draw on when "
        "plans and follow-through are called for."
    ),
}

_NOTHING_ANSWERED = "No question was answered, so there is no score to show yet."

_BRINGS: dict[Pole, str] = {
    "manager": (
        "brings focus, predictability and reliable delivery: people know what is "
        "expected of them and who answers for what."
    ),
    "leader": (
        "brings direction, energy and adaptability: people see where things are "
        "heading and commit because they care."
    ),
}

_RISKS: dict[Pole, str] = {
    "manager": (
        "Taken too far, it can harden into rigidity: people comply rather than commit, "
        "and a needed change can go unseen until it is forced on the team."
    ),
    "leader": (
        "Taken too far, it can leave next steps unclear, let details slip and tire "
        "people with one change after another."
    ),
}

_COUNT_WORDS = ("No", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine")

#: Which way a practice suggestion moves: the pole it reaches toward.
Direction = Literal["toward leader", "toward manager"]


@dataclass(frozen=True)
class Leaning:
    """The dimension leaning furthest toward one pole, with what that brings and risks."""

    dimension: Dimension
    score: float
    band: str
    #: The pole this dimension leans toward.
    pole: Pole
    what_it_brings: str
    what_it_risks: str
    #: The area's standard error (for "62.5 ± 14.4").
    se: float | None = None


@dataclass(frozen=True)
class Practice:
    """A dimension to practise next: the direction to widen one's range in, with tips."""

    dimension: Dimension
    score: float
    band: str
    direction: Direction
    #: The text of the pole to reach toward (the dimension's own words).
    toward_pole: str
    #: The bank's tips for this direction (may be empty).
    tips: tuple[str, ...]
    #: One sentence naming the step, e.g. "To widen your range, try a step toward “…”."
    summary: str
    #: The area's standard error (for "62.5 ± 14.4").
    se: float | None = None


def overall_sentence(score: float | None, band: str | None) -> str:
    """One kind, plain sentence on what the overall band means (or that nothing was answered)."""
    if score is None or band is None:
        return _NOTHING_ANSWERED
    return _OVERALL.get(band, _OVERALL["balanced"])


def skipped_sentence(result: Result) -> str | None:
    """Say how many questions were skipped, or ``None`` when none were."""
    if not result.skipped:
        return None
    return (
        f"You skipped {result.skipped} of {counted(result.total, 'question')}; "
        "skipped questions count toward no score."
    )


def quote(text: str) -> str:
    """Put bank text in typographic double quotes."""
    return f"“{text}”"


def leanings(bank: Bank, result: Result) -> tuple[Leaning | None, Leaning | None]:
    """Return the (manager-most, leader-most) leanings of a result.

    The first is the answered dimension with the lowest score, if that is below
    50; the second the one with the highest score, if above 50. Ties go to the
    dimension that comes first in the bank. Areas with *few answers* are never picked.
    """
    scored = _answered(bank, result)
    # min() and max() keep the first of equal items, so ties go to bank order.
    manager = min(scored, key=lambda item: _score(item[1]), default=None)
    leader = max(scored, key=lambda item: _score(item[1]), default=None)
    return (
        _leaning(*manager, "manager") if manager and _score(manager[1]) < MIDDLE else None,
        _leaning(*leader, "leader") if leader and _score(leader[1]) > MIDDLE else None,
    )


def practice_areas(bank: Bank, result: Result, count: int = 3) -> list[Practice]:
    """Return up to ``count`` dimensions to practise: the answered ones furthest from 50.

    A dimension at exactly 50, or with *few answers*, is left out. Ties go to bank
    order. A score below 50 suggests a step toward the leader pole (the ``toward_leader`` tips), one
    above 50 a step toward the manager pole (``toward_manager``).
    """
    candidates = [item for item in _answered(bank, result) if _score(item[1]) != MIDDLE]
    candidates.sort(key=lambda item: -abs(_score(item[1]) - MIDDLE))  # stable: bank order
    return [_practice(dimension, scored) for dimension, scored in candidates[: max(count, 0)]]


#: How to take the full assessment (shown after the sentence of :func:`elsewhere_sentence`).
FULL_BANK_COMMAND = "leadquiz take --bank core"


def elsewhere_sentence(data: ReportData) -> str | None:
    """For a bank that scores only some areas: which others the full assessment covers.

    ``None`` when the bank scores every area (or has areas of its own). The
    sentence ends with a colon; the command :data:`FULL_BANK_COMMAND` follows it.
    """
    titles = [title for _id, title in data.areas_elsewhere]
    if not titles:
        return None
    listed = titles[0] if len(titles) == 1 else ", ".join(titles[:-1]) + " and " + titles[-1]
    verb = "is" if len(titles) == 1 else "are"
    return (
        f"This bank scores only the {counted(len(data.result.dimensions), 'area')} above, "
        "so its overall score (their mean) is not comparable with the full assessment's. "
        f"{listed} {verb} in the full assessment:"
    )


def practice_heading(count: int) -> str:
    """The heading of the practice section: "Three areas to practise next" and so on."""
    word = _COUNT_WORDS[count] if 0 <= count < len(_COUNT_WORDS) else str(count)
    return f"{word} {'area' if count == 1 else 'areas'} to practise next"


def no_practice_sentence(result: Result | None = None) -> str:
    """What to say when no area can be picked to practise.

    When every answered area rests on few answers, that is the reason given;
    otherwise every answered area sits at 50.
    """
    if result is not None and all(d.few_answers for d in result.dimensions if d.score is not None):
        return (
            "Every answered area rests on fewer than 3 answers, too few to pick an area to "
            "practise; a longer bank (such as core) asks enough in each."
        )
    return (
        "Every answered area sits right in the middle, so there is no side to widen "
        "toward; rerun the assessment later to see whether that holds."
    )


def ordered_dimensions(result: Result) -> list[DimensionScore]:
    """Answered dimensions by score, manager-leaning first (ties in bank order), then unanswered."""
    answered = sorted((d for d in result.dimensions if d.score is not None), key=_score)
    return answered + [d for d in result.dimensions if d.score is None]


def band_ticks() -> tuple[float, ...]:
    """The scores where one band ends and the next begins (20, 40, 60, 80)."""
    return tuple(band.low for band in BANDS[1:])


def position(score: float, cells: int) -> int:
    """The cell, 0 .. ``cells - 1``, that a score in 0..100 falls on when drawn as a line.

    Cell 0 is the manager pole (score 0), the last cell the leader pole (100);
    halves round up.
    """
    if cells < 2:
        raise ValueError("a line needs at least two cells")
    clamped = min(max(score, 0.0), 100.0)
    return math.floor(clamped / 100 * (cells - 1) + 0.5)


def gauge_line(
    score: float | None,
    cells: int,
    role: float | None = None,
    *,
    interval: tuple[float, float] | None = None,
) -> str:
    """A plain line ``├──┼━●━──┼──┤`` of ``cells`` characters from 0 to 100.

    The ends are the poles, ``┼`` ticks mark the band edges (20, 40, 60, 80),
    ``━`` covers the cells of the 90% ``interval`` (the whisker, when given; the
    pole ends stay) and ``●`` sits at the score (no marker when there is no
    score); ``◆`` marks what the role asks for, ``◈`` both on one cell.
    """
    chars = [GAUGE_TRACK] * cells
    for tick in band_ticks():
        chars[position(tick, cells)] = GAUGE_TICK
    chars[0], chars[-1] = GAUGE_LEFT, GAUGE_RIGHT
    if score is not None and interval is not None:
        low, high = position(interval[0], cells), position(interval[1], cells)
        for cell in range(max(low, 1), min(high, cells - 2) + 1):
            chars[cell] = GAUGE_WHISKER
    if role is not None:
        chars[position(role, cells)] = ROLE_MARKER
    if score is not None:
        cell = position(score, cells)
        same = role is not None and position(role, cells) == cell
        chars[cell] = BOTH_MARKER if same else GAUGE_MARKER
    return "".join(chars)


# --- helpers ----------------------------------------------------------------


def _score(scored: DimensionScore) -> float:
    """The score of an answered dimension."""
    assert scored.score is not None
    return scored.score


def _answered(bank: Bank, result: Result) -> list[tuple[Dimension, DimensionScore]]:
    """Dimensions that may be picked, paired with their bank dimension, in bank order.

    Those are the answered ones without *few answers*: a score resting on one or
    two answers is shown, but never chosen as a leaning or an area to practise.
    """
    by_id = {d.id: d for d in result.dimensions}
    pairs: list[tuple[Dimension, DimensionScore]] = []
    for dimension in bank.dimensions:
        scored = by_id.get(dimension.id)
        if scored is not None and scored.score is not None and not scored.few_answers:
            pairs.append((dimension, scored))
    return pairs


def _band(scored: DimensionScore) -> str:
    return scored.band or ""


def _leaning(dimension: Dimension, scored: DimensionScore, pole: Pole) -> Leaning:
    own, other = (
        (dimension.manager_pole, dimension.leader_pole)
        if pole == "manager"
        else (dimension.leader_pole, dimension.manager_pole)
    )
    strengths, risks = pole_texts(dimension, pole)
    slight = scored.band == _MIDDLE_BAND
    if strengths:
        # The area's own words (schema 2); near the middle, say first that the lean is slight.
        brings = (
            f"You sit close to the middle here, leaning slightly toward {quote(own)}. {strengths}"
            if slight
            else strengths
        )
    elif slight:
        brings = f"You sit close to the middle here; your slight lean toward {quote(own)} "
        brings += _BRINGS[pole]
    else:
        brings = f"Leaning toward {quote(own)} {_BRINGS[pole]}"
    return Leaning(
        dimension=dimension,
        score=_score(scored),
        band=_band(scored),
        pole=pole,
        what_it_brings=brings,
        what_it_risks=risks or f"{_RISKS[pole]} A little of {quote(other)} keeps that in check.",
        se=scored.se,
    )


def pole_texts(dimension: Dimension, pole: Pole) -> tuple[str, str]:
    """The area's own (strengths, risks) of one pole; ``""`` where its bank has none."""
    if pole == "manager":
        return dimension.manager_strengths, dimension.manager_risks
    return dimension.leader_strengths, dimension.leader_risks


def _practice(dimension: Dimension, scored: DimensionScore) -> Practice:
    if _score(scored) < MIDDLE:
        direction: Direction = "toward leader"
        toward, tips = dimension.leader_pole, dimension.toward_leader
    else:
        direction = "toward manager"
        toward, tips = dimension.manager_pole, dimension.toward_manager
    return Practice(
        dimension=dimension,
        score=_score(scored),
        band=_band(scored),
        direction=direction,
        toward_pole=toward,
        tips=tips,
        summary=f"To widen your range, try a step toward {quote(toward)}.",
        se=scored.se,
    )
