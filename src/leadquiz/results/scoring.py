"""The fixed scoring rule (docs/scoring.md, "How a score is made"): pure functions, no I/O.

Arithmetic is exact. Each weight and each option lean is read as the decimal it
was written as (``0.3`` counts as 3/10, not as the nearest binary float), all
sums and means are taken as fractions, and only the final one-decimal numbers
become floats. Rounding is half away from zero on that exact value (scores are
never negative, so this is plain "half up"): a score of exactly 62.25 shows as
62.3 on every machine, and 50 + 50 × 0.001 shows as 50.1, where Python's
``round(50.05, 1)`` would give 50.0 because the float 50.05 is a hair below.

The bands and the answer-quality notes are part of the rule. A result as the
JSON of a cache (and back) is :mod:`leadquiz.results.codec`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from leadquiz.models import (
    LIKERT_MAX,
    LIKERT_MIN,
    AnswerValue,
    Bank,
    DimensionScore,
    QualityNote,
    Question,
    Result,
)
from leadquiz.results import precision

# ``fractions`` loads ``decimal`` (a C library): imported by the functions that
# compute, so commands that only read cached results start without it.
if TYPE_CHECKING:
    from fractions import Fraction

#: Bump whenever the numbers derived from the same answers change; caches carry it.
#: 2: results carry standard errors, 90% intervals and *few answers* (the precision rule).
SCORING_VERSION: int = 2

#: How many likert answers, all the same, make the "straight-lining" note.
STRAIGHT_LINE_MIN = 6


class Band(NamedTuple):
    """One band of the spectrum: ``low <= score < high`` (the last band also holds 100)."""

    name: str
    low: float
    high: float


#: The five bands, from the manager pole to the leader pole.
BANDS: tuple[Band, ...] = (
    Band("strongly manager", 0.0, 20.0),
    Band("leans manager", 20.0, 40.0),
    Band("balanced", 40.0, 60.0),
    Band("leans leader", 60.0, 80.0),
    Band("strongly leader", 80.0, 100.0),
)


def band_for(score: float) -> str:
    """Return the band name of a score in [0, 100]; raise ValueError outside it (or for NaN)."""
    if not 0 <= score <= 100:
        raise ValueError(f"score {score!r} is outside 0..100")
    for band in BANDS:
        if score < band.high:
            return band.name
    return BANDS[-1].name


def answer_lean(question: Question, value: AnswerValue) -> float:
    """Return where one answer leans, in [-1, 1] (-1 manager pole, +1 leader pole).

    Likert: keyed leader (v - 3) / 2, keyed manager (3 - v) / 2, for an int v in 1..5
    (a bool is not accepted). Choice: the lean of the option whose key is ``value``.
    Raise ValueError for any other value.
    """
    return float(_lean(question, value))


def score(bank: Bank, answers: Mapping[str, AnswerValue | None]) -> Result:
    """Score answers to a bank by the fixed rule.

    ``answers`` maps question id to value; ``None`` marks an explicit skip and an
    absent id an unanswered question. Neither counts toward any score: a
    dimension with no answer gets score and band ``None``, never 50. Raise
    ValueError for an id not in the bank or an invalid value.

    A dimension's score is 50 + 50 × the weighted mean of its leans; the overall
    score is the plain mean of the unrounded scores of the answered dimensions.
    Both are then rounded to one decimal (see the module docstring) and the band
    is taken from the rounded number, so number and band always agree.

    The pole strengths of each dimension measure agreement with each pole
    separately, the "two separate skills" view of the source documents, and are
    independent of the spectrum: ``manager_strength`` is the weighted mean, over
    answered manager-keyed likert questions, of (v - 1) / 4 × 100 and, over
    answered choice questions, of max(0, -lean) × 100; ``leader_strength`` the
    same with leader-keyed statements and max(0, lean). ``None`` when nothing
    contributes. High on both is possible and means both skills are claimed.
    """
    from fractions import Fraction

    known = {question.id for question in bank.questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise ValueError(f"answers name questions not in bank {bank.id!r}: {', '.join(unknown)}")
    given: dict[str, AnswerValue] = {}
    for question in bank.questions:
        value = answers.get(question.id)
        if value is not None:
            _lean(question, value)  # validate every answer, whichever dimension it is in
            given[question.id] = value

    dimension_scores: list[DimensionScore] = []
    exact_scores: list[Fraction] = []
    area_ses: list[float] = []
    for dimension in bank.dimensions:
        answered = [(q, given[q.id]) for q in bank.questions_in(dimension.id) if q.id in given]
        mean_lean = _weighted_mean((_weight(q), _lean(q, v)) for q, v in answered)
        points = [(_weight(q), *_pole_points(q, v)) for q, v in answered]
        manager = _weighted_mean((w, m) for w, m, _ in points if m is not None)
        leader = _weighted_mean((w, ld) for w, _, ld in points if ld is not None)
        exact = None if mean_lean is None else 50 + 50 * mean_lean
        if exact is not None:
            exact_scores.append(exact)
        rounded = _round_or_none(exact)
        se = precision.area_se(
            (float(_weight(q)) for q, _ in answered), precision.item_noise(dimension.item_noise)
        )
        if se is not None:
            area_ses.append(se)
        dimension_scores.append(
            DimensionScore(
                id=dimension.id,
                title=dimension.title,
                score=rounded,
                band=None if rounded is None else band_for(rounded),
                answered=len(answered),
                total=len(bank.questions_in(dimension.id)),
                manager_strength=_round_or_none(manager),
                leader_strength=_round_or_none(leader),
                se=se,
                interval=None if rounded is None or se is None else precision.interval(rounded, se),
                few_answers=precision.few_answers(len(answered)),
            )
        )

    overall = _round_or_none(
        sum(exact_scores, Fraction(0)) / len(exact_scores) if exact_scores else None
    )
    overall_se = precision.overall_se(area_ses) if overall is not None else None
    overall_interval = (
        None if overall is None or overall_se is None else precision.interval(overall, overall_se)
    )
    return Result(
        overall_score=overall,
        overall_band=None if overall is None else band_for(overall),
        dimensions=tuple(dimension_scores),
        answered=len(given),
        skipped=sum(1 for value in answers.values() if value is None),
        total=len(bank.questions),
        notes=_notes(bank, given),
        overall_se=overall_se,
        overall_interval=overall_interval,
    )


# --- exact arithmetic -------------------------------------------------------


#: Numbers already read exactly: a bank repeats a few weights and leans many times, and
#: reading ``repr`` into a Fraction is the slowest step of scoring. Fractions are immutable.
_EXACT: dict[float, Fraction] = {}


def _exact(number: float, what: str) -> Fraction:
    """Return a finite number as the exact decimal it was written as (``0.3`` → 3/10)."""
    if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number, got {number!r}")
    exact = _EXACT.get(number)
    if exact is None:
        from fractions import Fraction

        # 1 and 1.0 share a key and an exact value; so do 0.0 and -0.0.
        exact = _EXACT[number] = Fraction(repr(number))
    return exact


def _weight(question: Question) -> Fraction:
    """Return a question's weight exactly; raise ValueError unless it is positive."""
    weight = _exact(question.weight, f"the weight of question {question.id!r}")
    if weight <= 0:
        raise ValueError(f"the weight of question {question.id!r} must be positive")
    return weight


def _lean(question: Question, value: AnswerValue) -> Fraction:
    """Return the exact lean of one answer (see :func:`answer_lean`)."""
    from fractions import Fraction

    if question.type == "likert":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"question {question.id!r} takes a whole number, got {value!r}")
        if not LIKERT_MIN <= value <= LIKERT_MAX:
            raise ValueError(
                f"question {question.id!r} takes {LIKERT_MIN}..{LIKERT_MAX}, got {value!r}"
            )
        toward_leader = Fraction(value - 3, 2)
        if question.keyed == "leader":
            return toward_leader
        if question.keyed == "manager":
            return -toward_leader
        raise ValueError(f"likert question {question.id!r} is keyed to no pole")
    if question.type == "choice":
        option = question.option(value) if isinstance(value, str) else None
        if option is None:
            keys = ", ".join(o.key for o in question.options)
            raise ValueError(f"question {question.id!r} takes one of {keys}, got {value!r}")
        lean = _exact(option.lean, f"the lean of option {option.key!r} of {question.id!r}")
        if not -1 <= lean <= 1:
            raise ValueError(
                f"the lean of option {option.key!r} of {question.id!r} is outside -1..1"
            )
        return lean
    raise ValueError(f"question {question.id!r} has unknown type {question.type!r}")


def _pole_points(question: Question, value: AnswerValue) -> tuple[Fraction | None, Fraction | None]:
    """Return the (manager, leader) strength points, 0..100, one answer adds (None: adds none)."""
    from fractions import Fraction

    if question.type == "choice":
        lean = _lean(question, value)
        return max(Fraction(0), -lean) * 100, max(Fraction(0), lean) * 100
    assert isinstance(value, int)  # validated by _lean
    agreement = Fraction(value - LIKERT_MIN, LIKERT_MAX - LIKERT_MIN) * 100
    return (agreement, None) if question.keyed == "manager" else (None, agreement)


def _weighted_mean(pairs: Iterable[tuple[Fraction, Fraction]]) -> Fraction | None:
    """Return the weighted mean of (weight, value) pairs, or None if there are none."""
    from fractions import Fraction

    items = list(pairs)
    if not items:
        return None
    total = sum((weight for weight, _ in items), Fraction(0))
    return sum((weight * value for weight, value in items), Fraction(0)) / total


def round_score(value: Fraction) -> float:
    """Round an exact value to one decimal, half away from zero (see the module docstring)."""
    from fractions import Fraction

    sign = -1 if value < 0 else 1
    return sign * math.floor(abs(value) * 10 + Fraction(1, 2)) / 10


def _round_or_none(value: Fraction | None) -> float | None:
    """:func:`round_score`; None stays None."""
    return None if value is None else round_score(value)


# --- answer-quality notes ---------------------------------------------------


def _notes(bank: Bank, given: Mapping[str, AnswerValue]) -> tuple[QualityNote, ...]:
    """Return gentle notes on how the (validated) answers were given."""
    notes: list[QualityNote] = []
    likert: list[int] = []
    for question in bank.questions:
        value = given.get(question.id)
        if question.type == "likert" and isinstance(value, int):
            likert.append(value)
    if len(likert) >= STRAIGHT_LINE_MIN and len(set(likert)) == 1:
        label = bank.labels[likert[0] - LIKERT_MIN]
        notes.append(
            QualityNote(
                kind="straight-lining",
                message=(
                    f"You gave the same answer ({label}) to every statement. If that was on "
                    "purpose, fine; if you were hurrying, the scores may say less than they could."
                ),
            )
        )
    torn = [
        d
        for d in bank.dimensions
        if {
            q.keyed
            for q in bank.questions_in(d.id)
            if q.type == "likert" and given.get(q.id) == LIKERT_MAX
        }
        >= {"manager", "leader"}
    ]
    if torn:
        where = "the score there" if len(torn) == 1 else "the scores there"
        notes.append(
            QualityNote(
                kind="contradiction",
                message=(
                    f"{_BOTH_ENDS[bank.scale]} {_join([d.title for d in torn])}. Many roles "
                    "need both, so this can be "
                    f"true; it does make {where} less telling."
                ),
                dimensions=tuple(d.id for d in torn),
            )
        )
    return tuple(notes)


#: How the *contradiction* note starts, on each scale (answering 5 at both ends).
_BOTH_ENDS = {
    "agreement": "You strongly agreed with statements at both ends of",
    "frequency": "You said you almost always do what statements at both ends describe in",
}


def _join(titles: list[str]) -> str:
    """Join titles as plain English: "A", "A and B", "A, B and C"."""
    if len(titles) == 1:
        return titles[0]
    return f"{', '.join(titles[:-1])} and {titles[-1]}"
