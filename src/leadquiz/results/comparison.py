"""Two attempts side by side: per-dimension changes, the largest moves in words. Pure, no Rich.

A change is always ``b - a`` of the one-decimal scores the reports print,
rounded to one decimal again; its direction names the pole it moves toward
(up is toward the leader pole, down toward the manager pole), and neither
direction is the better one. Each change is judged against noise by the
reliable-change test of :mod:`leadquiz.results.precision`: only a change
*beyond noise* is ever called one of "the largest moves".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from leadquiz.formatting import Direction, delta, direction_of
from leadquiz.models import Bank, DimensionScore, ScoredAttempt
from leadquiz.results import precision
from leadquiz.results.noise import FEW_ANSWERS_MARK
from leadquiz.results.precision import BEYOND_NOISE, WITHIN_NOISE
from leadquiz.results.scoring import band_for, round_score
from leadquiz.results.trends import BankChange, bank_change_between, bank_label

#: Said when no area's change is beyond noise.
NO_MOVE_BEYOND_NOISE = "no area moved beyond noise"


# --- comparing two attempts -------------------------------------------------------


@dataclass(frozen=True)
class DimensionChange:
    """One dimension (or the overall score) in two attempts, A then B."""

    id: str
    title: str
    score_a: float | None
    score_b: float | None
    band_a: str | None
    band_b: str | None
    #: The standard errors of the two scores (``None`` where there is no score).
    se_a: float | None = None
    se_b: float | None = None
    #: Fewer than 3 answers in either attempt.
    few_answers: bool = False

    @property
    def answered(self) -> bool:
        """True when both attempts have a score here."""
        return self.score_a is not None and self.score_b is not None

    @property
    def change(self) -> float | None:
        """``score_b - score_a`` to one decimal, or ``None`` unless answered in both."""
        if self.score_a is None or self.score_b is None:
            return None
        return delta(self.score_a, self.score_b)

    @property
    def direction(self) -> Direction | None:
        """Toward which pole B moved from A, or ``None`` unless answered in both."""
        change = self.change
        return None if change is None else direction_of(change)

    @property
    def threshold(self) -> float | None:
        """The smallest change beyond noise, 1.96 × √(SE_a² + SE_b²); ``None`` without both SEs."""
        if not self.answered or self.se_a is None or self.se_b is None:
            return None
        return precision.threshold(self.se_a, self.se_b)

    @property
    def beyond_noise(self) -> bool | None:
        """Whether the change exceeds :attr:`threshold`; ``None`` when it cannot be judged."""
        change, limit = self.change, self.threshold
        if change is None or limit is None:
            return None
        return precision.exceeds(change, limit)

    @property
    def verdict(self) -> str:
        """``beyond noise``, ``within noise``, or ``""`` when the change cannot be judged."""
        beyond = self.beyond_noise
        if beyond is None:
            return ""
        return BEYOND_NOISE if beyond else WITHIN_NOISE

    @property
    def band_changed(self) -> bool:
        """True when both bands are known and differ."""
        return self.band_a is not None and self.band_b is not None and self.band_a != self.band_b

    def band_text(self) -> str:
        """``balanced → leans leader`` when the band changed, else the one band (or ``""``)."""
        if self.band_changed:
            return f"{self.band_a} → {self.band_b}"
        if not self.answered:
            return ""
        return self.band_b or self.band_a or ""


@dataclass(frozen=True)
class Comparison:
    """Two attempts side by side, on the dimensions they share."""

    a: ScoredAttempt
    b: ScoredAttempt
    #: Shared dimensions, in A's order.
    dimensions: tuple[DimensionChange, ...]
    #: The overall score. For two banks with different ids it is recomputed as the
    #: mean of the shared dimensions answered in both (when not :attr:`same_bank`).
    overall: DimensionChange
    #: Dimensions left out, as (id, title): in A's bank only, in B's bank only.
    only_in_a: tuple[tuple[str, str], ...]
    only_in_b: tuple[tuple[str, str], ...]
    #: Shared areas, as (id, title), whose questions differ between the two banks as the
    #: attempts used them (empty when they ask the same; ``None`` when the banks were not given).
    questions_changed: tuple[tuple[str, str], ...] | None = None

    @property
    def backwards(self) -> bool:
        """True when A was started after B: the changes then run back in time."""
        return self.a.attempt.id > self.b.attempt.id

    @property
    def same_bank(self) -> bool:
        """True when both attempts used the same bank id."""
        return self.a.attempt.bank_id == self.b.attempt.bank_id

    @property
    def bank_change(self) -> BankChange | None:
        """Set when both used the same bank id but a different version or text."""
        a, b = self.a.attempt, self.b.attempt
        if not self.same_bank:
            return None
        return bank_change_between(a, b)


def compare(
    a: ScoredAttempt, b: ScoredAttempt, banks: tuple[Bank, Bank] | None = None
) -> Comparison:
    """Compare attempt B with attempt A (changes are ``b - a``), dimension by dimension.

    Dimensions are matched by id; shared ones come in A's order, the others
    are listed as left out. A dimension unanswered in either attempt stays in
    the comparison with no change. For the same bank id the overall row is the
    two attempts' own overall scores; for different bank ids it is the mean of
    the shared dimensions answered in both, so like is compared with like.
    ``banks`` are the two banks as the attempts used them: given, the shared
    areas whose questions differ are named (:attr:`Comparison.questions_changed`).
    """
    in_b = {d.id: d for d in b.result.dimensions}
    in_a = {d.id for d in a.result.dimensions}
    shared = tuple(_change(d, in_b[d.id]) for d in a.result.dimensions if d.id in in_b)
    if a.attempt.bank_id == b.attempt.bank_id:
        overall = DimensionChange(
            "overall",
            "Overall",
            a.result.overall_score,
            b.result.overall_score,
            a.result.overall_band,
            b.result.overall_band,
            a.result.overall_se,
            b.result.overall_se,
        )
    else:
        both = [d for d in shared if d.answered]
        mean_a = _mean([d.score_a for d in both if d.score_a is not None])
        mean_b = _mean([d.score_b for d in both if d.score_b is not None])
        overall = DimensionChange(
            "overall",
            "Overall (shared areas)",
            mean_a,
            mean_b,
            None if mean_a is None else band_for(mean_a),
            None if mean_b is None else band_for(mean_b),
            _overall_se([d.se_a for d in both]),
            _overall_se([d.se_b for d in both]),
        )
    return Comparison(
        a=a,
        b=b,
        dimensions=shared,
        overall=overall,
        only_in_a=tuple((d.id, d.title) for d in a.result.dimensions if d.id not in in_b),
        only_in_b=tuple((d.id, d.title) for d in b.result.dimensions if d.id not in in_a),
        questions_changed=None if banks is None else areas_asked_differently(*banks, shared),
    )


def areas_asked_differently(
    bank_a: Bank, bank_b: Bank, areas: Sequence[DimensionChange]
) -> tuple[tuple[str, str], ...]:
    """The ``areas`` (as id, title) whose questions differ between the two banks.

    A question is what a person answers and how it is scored: its id, kind, text,
    pole, weight and options. Sources and observers' texts do not count.
    """
    if bank_a is bank_b:
        return ()
    return tuple(
        (area.id, area.title)
        for area in areas
        if _asked(bank_a, area.id) != _asked(bank_b, area.id)
    )


def _asked(bank: Bank, area_id: str) -> frozenset[tuple[object, ...]]:
    """What one area of a bank asks, question by question, in no particular order."""
    return frozenset(
        (q.id, q.type, q.text, q.keyed, q.weight, q.options) for q in bank.questions_in(area_id)
    )


def _change(a: DimensionScore, b: DimensionScore) -> DimensionChange:
    """Pair one dimension's scores; A's title is used (B's if A's is empty)."""
    return DimensionChange(
        a.id,
        a.title or b.title,
        a.score,
        b.score,
        a.band,
        b.band,
        a.se,
        b.se,
        few_answers=a.few_answers or b.few_answers,
    )


def _overall_se(ses: Sequence[float | None]) -> float | None:
    """The SE of a mean of areas (the precision rule), or ``None`` if one is unknown."""
    known = [se for se in ses if se is not None]
    if len(known) != len(ses):
        return None
    return precision.overall_se(known)


def _mean(scores: Sequence[float]) -> float | None:
    """The mean of one-decimal scores, exactly, rounded half up to one decimal."""
    from fractions import Fraction  # loads decimal: only when a mean is taken

    if not scores:
        return None
    exact = sum((Fraction(repr(s)) for s in scores), Fraction(0)) / len(scores)
    return round_score(exact)


def largest_moves(comparison: Comparison, count: int = 2) -> list[DimensionChange]:
    """Return up to ``count`` dimensions whose change is beyond noise, largest first.

    Ties keep A's dimension order. The overall row is not a dimension and never counted,
    nor is an area with *few answers* in either attempt (the precision rule, 5).
    """
    moved = [d for d in comparison.dimensions if d.beyond_noise and not d.few_answers]
    moved.sort(key=lambda d: -abs(d.change or 0.0))
    return moved[: max(0, count)]


def moves_sentence(comparison: Comparison) -> str:
    """One plain sentence on the largest moves beyond noise, or that there are none.

    ``The largest moves beyond noise: Risk moved 32.5 toward the leader pole
    (threshold 24.3); Trust moved 28.0 toward the manager pole (threshold 24.3).``
    """
    if not any(d.answered for d in comparison.dimensions):
        return "No area was answered in both attempts, so there is no change to describe."
    moves = largest_moves(comparison)
    if not moves and any(d.beyond_noise for d in comparison.dimensions):
        # Only areas with few answers moved that far: the rule never names them.
        return (
            "No area with enough answers to judge moved beyond noise (an area marked "
            f"{FEW_ANSWERS_MARK} is never named as a move)."
        )
    if not moves:
        return (
            f"{NO_MOVE_BEYOND_NOISE[0].upper()}{NO_MOVE_BEYOND_NOISE[1:]}: every change is "
            "smaller than answering the same way twice could give."
        )
    parts = [
        f"{d.title} moved {abs(d.change or 0.0):.1f} toward the {d.direction} pole "
        f"(threshold {precision.shown_threshold(d.threshold or 0.0):.1f})"
        for d in moves
    ]
    head = "The largest move beyond noise" if len(parts) == 1 else "The largest moves beyond noise"
    return f"{head}: {'; '.join(parts)}."


def backwards_sentence(comparison: Comparison) -> str:
    """Said when A is the later attempt: the changes then run back in time."""
    a, b = comparison.a.attempt.id, comparison.b.attempt.id
    return (
        f"A (attempt {a}) is later than B (attempt {b}): each change runs backwards in time, "
        f"from attempt {a} back to attempt {b}."
    )


def questions_changed_sentence(comparison: Comparison) -> str | None:
    """That the questions changed between the two attempts, and where; ``None`` if they did not."""
    changed = comparison.questions_changed
    if not changed:
        return None
    bank_change = comparison.bank_change
    banks = (
        bank_change.describe()
        if bank_change is not None
        else f"{bank_label(comparison.a.attempt)} → {bank_label(comparison.b.attempt)}"
    )
    if len(changed) == len(comparison.dimensions):
        where = "in every area compared" if len(changed) > 1 else "in the area compared"
    else:
        titles = [title for _, title in changed]
        where = "in " + (
            titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"
        )
    return (
        f"The questions changed between the two attempts ({banks}) {where}: a change there "
        "may reflect the new questions, not a change in you."
    )
