"""The fixed precision rule ("Precision and change", docs/scoring.md): pure functions, no I/O.

A score from a few answers is not exact. Each answer's lean is read as the
person's lean in that area plus item noise with standard deviation σ (lean
units). From that follow an area's standard error, its 90% interval, the
overall score's standard error, and the reliable-change test (Jacobson and
Truax, 1991) that judges a change between two attempts, a gap between self and
others, or between style and role, as *beyond noise* or *within noise*.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from leadquiz.formatting import format_delta

#: σ where a bank sets no ``item_noise``: a conservative default for single items.
DEFAULT_ITEM_NOISE = 0.35
#: The two-sided 90% point of the normal distribution: the report's interval.
INTERVAL_Z = 1.645
#: The two-sided 95% point: the reliable-change test.
CHANGE_Z = 1.96
#: An area with fewer answered questions is marked *few answers*.
FEW_ANSWERS_BELOW = 3
#: Score points per lean unit (score = 50 + 50 × lean).
POINTS_PER_LEAN = 50.0
#: The two verdicts on a change, as every view of change writes them.
BEYOND_NOISE = "beyond noise"
WITHIN_NOISE = "within noise"


def item_noise(configured: float | None) -> float:
    """σ of an area: the bank's ``item_noise``, or :data:`DEFAULT_ITEM_NOISE`."""
    return DEFAULT_ITEM_NOISE if configured is None else configured


def area_se(weights: Iterable[float], sigma: float) -> float | None:
    """An area's standard error in score points: 50 × σ × √(Σw²) / Σw.

    ``weights`` are those of the answered questions; ``None`` when there are none.
    """
    listed = list(weights)
    total = math.fsum(listed)
    if not listed or total <= 0:
        return None
    return POINTS_PER_LEAN * sigma * math.sqrt(math.fsum(w * w for w in listed)) / total


def interval(score: float, se: float) -> tuple[float, float]:
    """The 90% interval score ± 1.645 × SE, clipped to [0, 100], rounded to one decimal."""
    half = INTERVAL_Z * se
    return _one_decimal(max(0.0, score - half)), _one_decimal(min(100.0, score + half))


def overall_se(area_ses: Iterable[float]) -> float | None:
    """The overall score's standard error: √(Σ SE_d²) / D over the D areas scored."""
    listed = list(area_ses)
    if not listed:
        return None
    return math.sqrt(math.fsum(se * se for se in listed)) / len(listed)


def mean_se(one_se: float, count: int) -> float:
    """The SE of an average of ``count`` independent scores that each have ``one_se``."""
    return one_se / math.sqrt(count)


def single_answer_se(sigma: float) -> float:
    """The SE of a score resting on one answer (a role rating): 50 × σ."""
    return POINTS_PER_LEAN * sigma


def threshold(se_a: float, se_b: float) -> float:
    """The smallest difference beyond noise: 1.96 × √(SE_a² + SE_b²)."""
    return CHANGE_Z * math.hypot(se_a, se_b)


def beyond_noise(difference: float, se_a: float, se_b: float) -> bool:
    """Whether a one-decimal change or gap exceeds :func:`threshold` (see :func:`exceeds`)."""
    return exceeds(difference, threshold(se_a, se_b))


def exceeds(difference: float, limit: float) -> bool:
    """Whether a one-decimal change or gap is larger than the threshold ``limit``: beyond noise.

    Compared with the threshold as shown (:func:`shown_threshold`, rounded down),
    which for a one-decimal difference is the rule's strict ``|d| > limit``
    exactly, and stays so where float arithmetic puts a threshold that is
    exactly one decimal a hair below it (14.699999999999998 for 14.7): the
    verdict then agrees with the numbers shown beside it.
    """
    return abs(difference) > shown_threshold(limit)


def few_answers(answered: int) -> bool:
    """Whether an area rests on too few answers to be picked as a leaning, gap or practice."""
    return answered < FEW_ANSWERS_BELOW


def one_decimal(value: float) -> float:
    """A non-negative SE or interval end as shown: one decimal, half up."""
    return math.floor(value * 10 + 0.5 + 1e-9) / 10


_one_decimal = one_decimal


def shown_threshold(value: float) -> float:
    """A threshold as shown: one decimal, rounded down.

    Changes and gaps are compared and shown with one decimal, so a change is
    larger than the threshold exactly when it is larger than the threshold
    rounded down: "+5.0: beyond noise, threshold 4.9" for a threshold of 4.96,
    where half up would print "threshold 5.0" beside a change of 5.0.
    """
    return math.floor(value * 10 + 1e-9) / 10


def verdict_of(beyond: bool | None) -> str:
    """``beyond noise``, ``within noise``, or ``""`` when there is no verdict."""
    if beyond is None:
        return ""
    return BEYOND_NOISE if beyond else WITHIN_NOISE


def change_phrase(change: float | None, threshold: float | None) -> str:
    """``+7.3: beyond noise, threshold 6.5``; the signed change alone without a threshold."""
    if change is None:
        return format_delta(None)
    if threshold is None:
        return format_delta(change)
    verdict = verdict_of(exceeds(change, threshold))
    return f"{format_delta(change)}: {verdict}, threshold {shown_threshold(threshold):.1f}"
