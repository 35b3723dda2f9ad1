"""Change over time: history rows, trends and comparisons of attempts. Pure, no Rich.

Every number here is derived from scores that are already rounded to one
decimal, and every difference is rounded to one decimal again, so what the
views print is exactly ``b - a`` of what the reports print.

Attempts are expected newest first, as :meth:`leadquiz.history.Store.attempts`
returns them (latest ``started_at`` first); "previous" means the next older
one in that order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from leadquiz.formatting import (
    NO_CHANGE,
    delta,
    format_day,
    format_delta,
    format_score,
)
from leadquiz.models import Attempt, DimensionScore, ScoredAttempt
from leadquiz.scoring import band_for

#: Which way a score moved: toward the leader pole (up), the manager pole (down), or not at all.
Direction = Literal["leader", "manager", "none"]

#: The eight sparkline levels, lowest first.
SPARK_LEVELS = "▁▂▃▄▅▆▇█"
#: A trend shows at most this many of the newest points.
TREND_POINTS = 40
#: Moves of at most this many points count as steady in :func:`moves_sentence`.
STEADY_THRESHOLD = 2.0
#: Arrows for the direction of a change.
ARROWS: dict[Direction, str] = {"leader": "▲", "manager": "▼", "none": "="}


# --- numbers and dates --------------------------------------------------------


def direction_of(change: float) -> Direction:
    """Return which pole a change moves toward (``"none"`` for zero)."""
    if change > 0:
        return "leader"
    if change < 0:
        return "manager"
    return "none"


def format_change(change: float | None) -> str:
    """Format a change with an arrow: ``▲ +8.0``, ``▼ −5.5``, ``= 0.0``; ``None`` is ``—``."""
    if change is None:
        return NO_CHANGE
    return f"{ARROWS[direction_of(change)]} {format_delta(change)}"


def attempt_time(attempt: Attempt) -> str:
    """The timestamp that dates an attempt: finished, or started while unfinished."""
    return attempt.finished_at or attempt.started_at


def needs_time(attempts: Sequence[Attempt]) -> bool:
    """Return whether two of these attempts fall on the same UTC day (so times are shown)."""
    seen: set[str] = set()
    for attempt in attempts:
        day = format_day(attempt_time(attempt))
        if day in seen:
            return True
        seen.add(day)
    return False


def bank_label(attempt: Attempt) -> str:
    """The bank of an attempt as shown to people: ``core 1.1.0``."""
    return f"{attempt.bank_id} {attempt.bank_version}".strip()


# --- history --------------------------------------------------------------------


@dataclass(frozen=True)
class BankChange:
    """The bank an attempt used differs from the one its previous attempt (same id) used."""

    bank_id: str
    old_version: str
    new_version: str
    #: The attempt compared with.
    previous_id: int

    @property
    def same_version(self) -> bool:
        """True when only the text (digest) changed, not the version number."""
        return self.old_version == self.new_version

    def describe(self) -> str:
        """A short phrase: ``core 1.0.0 → 1.1.0``, or ``core 1.0.0 was edited …``."""
        if self.same_version:
            return f"{self.bank_id} {self.new_version} was edited without a new version number"
        return f"{self.bank_id} {self.old_version} → {self.new_version}"


@dataclass(frozen=True)
class HistoryRow:
    """One attempt as a line of the history, with its change since the previous one."""

    attempt: Attempt
    #: True once finished (even if nothing was answered and there is no score).
    finished: bool
    score: float | None
    band: str | None
    #: ``score`` minus the score of the previous scored attempt of the same bank id;
    #: ``None`` for the first one, an unfinished one or one without a score.
    change: float | None
    #: The id of the attempt ``change`` is measured from.
    previous_id: int | None
    #: Set when the bank version or digest differs from the previous finished attempt
    #: of the same bank id.
    bank_change: BankChange | None

    @property
    def is_first(self) -> bool:
        """True for a scored attempt with no earlier scored attempt of its bank."""
        return self.finished and self.score is not None and self.previous_id is None


def history_rows(attempts: Sequence[Attempt]) -> list[HistoryRow]:
    """Return one row per attempt, in the given (newest first) order, in O(n).

    Change is measured from the previous finished attempt with a score of the
    same bank id, so interleaved banks each keep their own thread; the bank
    change is flagged against the previous finished attempt of that bank id.
    """
    last_scored: dict[str, Attempt] = {}
    last_finished: dict[str, Attempt] = {}
    rows: list[HistoryRow] = []
    for attempt in reversed(attempts):
        finished = attempt.status == "finished"
        score = attempt.overall_score if finished else None
        before = last_scored.get(attempt.bank_id)
        change = None
        if score is not None and before is not None and before.overall_score is not None:
            change = delta(before.overall_score, score)
        rows.append(
            HistoryRow(
                attempt=attempt,
                finished=finished,
                score=score,
                band=_band(attempt) if score is not None else None,
                change=change,
                previous_id=before.id if score is not None and before is not None else None,
                bank_change=_bank_change(last_finished.get(attempt.bank_id), attempt),
            )
        )
        if finished:
            last_finished[attempt.bank_id] = attempt
            if score is not None:
                last_scored[attempt.bank_id] = attempt
    rows.reverse()
    return rows


def _band(attempt: Attempt) -> str | None:
    """The stored band of a scored attempt, or the band of its score if none was stored."""
    if attempt.overall_band:
        return attempt.overall_band
    score = attempt.overall_score
    return None if score is None or not 0 <= score <= 100 else band_for(score)


def _bank_change(previous: Attempt | None, attempt: Attempt) -> BankChange | None:
    """Compare an attempt's bank with the previous finished attempt's bank (same id)."""
    if previous is None:
        return None
    if (previous.bank_version, previous.bank_digest) == (attempt.bank_version, attempt.bank_digest):
        return None
    return BankChange(attempt.bank_id, previous.bank_version, attempt.bank_version, previous.id)


@dataclass(frozen=True)
class HistoryPage:
    """What ``leadquiz history`` shows: the newest rows, the trends, and the count of all."""

    #: The rows shown, newest first.
    rows: tuple[HistoryRow, ...]
    trends: tuple[Trend, ...]
    #: How many attempts there are in all (shown or not).
    total: int


def history_page(attempts: Sequence[Attempt], limit: int | None = 50) -> HistoryPage:
    """Build the page from every attempt (newest first); show the newest ``limit`` rows."""
    rows = history_rows(attempts)
    shown = rows if limit is None else rows[: max(0, limit)]
    return HistoryPage(tuple(shown), tuple(trends(attempts)), len(rows))


def history_window(window: Sequence[Attempt], anchors: Sequence[Attempt]) -> list[HistoryRow]:
    """Rows for a window of the newest attempts, given for each bank the attempts before it.

    ``anchors`` are older than every attempt of ``window`` (newest first), as
    :meth:`leadquiz.history.Store.finished_before` returns them; they are used to
    measure the change of the window's oldest rows and are not returned.
    """
    return history_rows([*window, *anchors])[: len(window)]


# --- trends ---------------------------------------------------------------------


def sparkline(values: Sequence[float], lo: float = 0.0, hi: float = 100.0) -> str:
    """Draw values as ``▁▂▃▄▅▆▇█`` on the fixed axis ``lo..hi``, one character each.

    The axis is cut into eight equal bins, lower bound inclusive: on 0..100,
    0–12.5 is ``▁``, 37.5–50 is ``▄``, 50–62.5 is ``▅`` and 87.5–100 is ``█``
    (so 0 → ``▁``, 50 → ``▅``, 100 → ``█``). Values outside the axis are
    clamped. Raise ValueError for a non-finite value or ``lo >= hi``.
    """
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise ValueError(f"bad sparkline axis {lo!r}..{hi!r}")
    top = len(SPARK_LEVELS) - 1
    chars: list[str] = []
    for value in values:
        if not math.isfinite(value):
            raise ValueError(f"cannot draw {value!r} in a sparkline")
        level = math.floor((value - lo) / (hi - lo) * len(SPARK_LEVELS))
        chars.append(SPARK_LEVELS[min(top, max(0, level))])
    return "".join(chars)


@dataclass(frozen=True)
class Trend:
    """The overall score of one bank id over time, oldest to newest."""

    bank_id: str
    #: The scores drawn, oldest first: the newest ``TREND_POINTS`` at most.
    values: tuple[float, ...]
    #: How many scored attempts of this bank there are in all.
    total: int

    @property
    def spark(self) -> str:
        """The sparkline of :attr:`values` on the 0–100 axis."""
        return sparkline(self.values)

    @property
    def first(self) -> float:
        """The oldest value drawn."""
        return self.values[0]

    @property
    def last(self) -> float:
        """The newest value drawn."""
        return self.values[-1]

    def count_phrase(self) -> str:
        """``5 attempts``, or ``40 of 120`` when only the newest 40 are drawn."""
        if len(self.values) == self.total:
            return f"{self.total} attempts"
        return f"{len(self.values)} of {self.total}"

    def describe(self) -> str:
        """One line: ``Trend (core, 5 attempts): 48.1 ▄▄▅▅▆ 61.0``."""
        return (
            f"Trend ({self.bank_id}, {self.count_phrase()}): "
            f"{format_score(self.first)} {self.spark} {format_score(self.last)}"
        )


def trends(attempts: Sequence[Attempt], *, points: int = TREND_POINTS) -> list[Trend]:
    """Return one trend per bank id with two or more scored attempts, in O(n).

    ``attempts`` come newest first; each trend runs oldest to newest over the
    finished attempts with a score and keeps the newest ``points`` of them.
    Trends are ordered by their newest attempt, most recent bank first.
    """
    series: dict[str, list[float]] = {}
    for attempt in attempts:  # newest first: dict order = most recently used bank first
        if attempt.status == "finished" and attempt.overall_score is not None:
            series.setdefault(attempt.bank_id, []).append(attempt.overall_score)
    return [
        Trend(bank_id, tuple(reversed(scores[:points])), len(scores))
        for bank_id, scores in series.items()
        if len(scores) >= 2
    ]


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
    #: mean of the shared dimensions answered in both (see :attr:`overall_shared`).
    overall: DimensionChange
    #: Dimensions left out, as (id, title): in A's bank only, in B's bank only.
    only_in_a: tuple[tuple[str, str], ...]
    only_in_b: tuple[tuple[str, str], ...]

    @property
    def same_bank(self) -> bool:
        """True when both attempts used the same bank id."""
        return self.a.attempt.bank_id == self.b.attempt.bank_id

    @property
    def overall_shared(self) -> bool:
        """True when the overall row is the mean of the shared dimensions (different banks)."""
        return not self.same_bank

    @property
    def bank_change(self) -> BankChange | None:
        """Set when both used the same bank id but a different version or text."""
        a, b = self.a.attempt, self.b.attempt
        if not self.same_bank:
            return None
        return _bank_change(a, b)


def compare(a: ScoredAttempt, b: ScoredAttempt) -> Comparison:
    """Compare attempt B with attempt A (changes are ``b - a``), dimension by dimension.

    Dimensions are matched by id; shared ones come in A's order, the others
    are listed as left out. A dimension unanswered in either attempt stays in
    the comparison with no change. For the same bank id the overall row is the
    two attempts' own overall scores; for different bank ids it is the mean of
    the shared dimensions answered in both, so like is compared with like.
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
        )
    else:
        both = [d for d in shared if d.answered]
        mean_a = _mean([d.score_a for d in both if d.score_a is not None])
        mean_b = _mean([d.score_b for d in both if d.score_b is not None])
        overall = DimensionChange(
            "overall",
            "Overall (shared dimensions)",
            mean_a,
            mean_b,
            None if mean_a is None else band_for(mean_a),
            None if mean_b is None else band_for(mean_b),
        )
    return Comparison(
        a=a,
        b=b,
        dimensions=shared,
        overall=overall,
        only_in_a=tuple((d.id, d.title) for d in a.result.dimensions if d.id not in in_b),
        only_in_b=tuple((d.id, d.title) for d in b.result.dimensions if d.id not in in_a),
    )


def _change(a: DimensionScore, b: DimensionScore) -> DimensionChange:
    """Pair one dimension's scores; A's title is used (B's if A's is empty)."""
    return DimensionChange(a.id, a.title or b.title, a.score, b.score, a.band, b.band)


def _mean(scores: Sequence[float]) -> float | None:
    """The mean of one-decimal scores, exactly, rounded half up to one decimal."""
    if not scores:
        return None
    exact = sum((Fraction(repr(s)) for s in scores), Fraction(0)) / len(scores)
    return math.floor(exact * 10 + Fraction(1, 2)) / 10


def largest_moves(
    comparison: Comparison, count: int = 2, threshold: float = STEADY_THRESHOLD
) -> list[DimensionChange]:
    """Return up to ``count`` dimensions that moved more than ``threshold`` points, largest first.

    Ties keep A's dimension order. The overall row is not a dimension and never counted.
    """
    moved = [
        d
        for d in comparison.dimensions
        if (change := d.change) is not None and change != 0 and abs(change) > threshold
    ]
    moved.sort(key=lambda d: -abs(d.change or 0.0))
    return moved[: max(0, count)]


def moves_sentence(comparison: Comparison, threshold: float = STEADY_THRESHOLD) -> str:
    """One plain sentence on the largest moves, or on a steady profile.

    ``The largest moves: Risk moved 12.5 toward the leader pole; Trust moved 8.0
    toward the manager pole.``
    """
    if not any(d.answered for d in comparison.dimensions):
        return "No dimension was answered in both attempts, so there is no change to describe."
    moves = largest_moves(comparison, threshold=threshold)
    if not moves:
        return (
            f"Your profile is steady: no dimension moved more than {threshold:g} points either way."
        )
    parts = [
        f"{d.title} moved {abs(d.change or 0.0):.1f} toward the {d.direction} pole" for d in moves
    ]
    head = "The largest move" if len(parts) == 1 else "The largest moves"
    return f"{head}: {'; '.join(parts)}."
