"""Change over time: history rows and trends of attempts. Pure, no Rich.

Every number here is derived from scores that are already rounded to one
decimal, and every difference is rounded to one decimal again, so what the
views print is exactly ``b - a`` of what the reports print. Two attempts side
by side are :mod:`leadquiz.results.comparison`.

Attempts are expected newest first, as :meth:`leadquiz.store.database.Store.attempts`
returns them (the highest id first); "previous" means the next older
one in that order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from leadquiz.formatting import delta, format_day, format_score
from leadquiz.models import Attempt
from leadquiz.results import precision
from leadquiz.results.scoring import band_for

#: The eight sparkline levels, lowest first.
SPARK_LEVELS = "▁▂▃▄▅▆▇█"
#: A trend shows at most this many of the newest points.
TREND_POINTS = 40


# --- dates and labels -----------------------------------------------------------


def attempt_time(attempt: Attempt) -> str:
    """The timestamp that dates an attempt: finished, or started while unfinished."""
    return attempt.finished_at or attempt.started_at


def needs_time(attempts: Sequence[Attempt]) -> bool:
    """Return whether two of these attempts fall on the same local day (so times are shown)."""
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
    #: The reliable-change threshold of ``change`` (both overall SEs known), else ``None``.
    threshold: float | None = None

    @property
    def beyond_noise(self) -> bool | None:
        """Whether ``change`` exceeds :attr:`threshold`; ``None`` when it cannot be judged."""
        if self.change is None or self.threshold is None:
            return None
        return precision.exceeds(self.change, self.threshold)


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
        change = threshold = None
        if score is not None and before is not None and before.overall_score is not None:
            change = delta(before.overall_score, score)
            if before.overall_se is not None and attempt.overall_se is not None:
                threshold = precision.threshold(before.overall_se, attempt.overall_se)
        rows.append(
            HistoryRow(
                attempt=attempt,
                finished=finished,
                score=score,
                band=_band(attempt) if score is not None else None,
                change=change,
                previous_id=before.id if score is not None and before is not None else None,
                bank_change=bank_change_between(last_finished.get(attempt.bank_id), attempt),
                threshold=threshold,
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


def bank_change_between(previous: Attempt | None, attempt: Attempt) -> BankChange | None:
    """How an attempt's bank differs from an earlier attempt's bank of the same id, if it does.

    ``None`` when there is no earlier attempt or both used the same version and text.
    """
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
    :meth:`leadquiz.store.database.Store.finished_before` returns them; they are used to
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
    #: The overall SEs of the first and last values drawn (``None`` where unknown).
    end_ses: tuple[float | None, float | None] = (None, None)
    #: The bank versions of the first and last values drawn, when the bank's text
    #: changed among them (``None``: every value drawn used the same bank).
    versions: tuple[str, str] | None = None

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

    @property
    def threshold(self) -> float | None:
        """The reliable-change threshold between the first and last values drawn."""
        first, last = self.end_ses
        if first is None or last is None:
            return None
        return precision.threshold(first, last)

    @property
    def beyond_noise(self) -> bool | None:
        """Whether the last value moved from the first beyond noise (``None``: unknown)."""
        limit = self.threshold
        return None if limit is None else precision.exceeds(delta(self.first, self.last), limit)

    def bank_note(self) -> str | None:
        """That the bank changed along the trend, so its change may reflect the questions."""
        if self.versions is None:
            return None
        old, new = self.versions
        change = (
            f"{self.bank_id} {new} was edited" if old == new else f"{self.bank_id} {old} → {new}"
        )
        return (
            f"The bank changed along this trend ({change}): the change may reflect the "
            "questions, not you."
        )

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
    series: dict[str, list[Attempt]] = {}
    for attempt in attempts:  # newest first: dict order = most recently used bank first
        if attempt.status == "finished" and attempt.overall_score is not None:
            series.setdefault(attempt.bank_id, []).append(attempt)
    return [
        Trend(
            bank_id,
            tuple(a.overall_score or 0.0 for a in reversed(drawn[:points])),
            len(drawn),
            (drawn[: max(points, 1)][-1].overall_se, drawn[0].overall_se),
            _versions(drawn[: max(points, 1)]),
        )
        for bank_id, drawn in series.items()
        if len(drawn) >= 2
    ]


def _versions(drawn: Sequence[Attempt]) -> tuple[str, str] | None:
    """The versions of the oldest and newest attempt drawn (newest first), if the bank changed."""
    if len({attempt.bank_digest for attempt in drawn}) < 2:
        return None
    return drawn[-1].bank_version, drawn[0].bank_version
