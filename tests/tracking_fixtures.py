"""Attempt and comparison builders for the tracking tests (pure logic and views; no database).

``attempt`` is a stored attempt as :meth:`leadquiz.store.database.Store.attempts` returns
it; ``dim`` one dimension's score; ``scored`` an attempt with a result made of
such dimensions, for :func:`leadquiz.results.comparison.compare`.
"""

from __future__ import annotations

from leadquiz.models import Attempt, DimensionScore, Result, ScoredAttempt
from leadquiz.results.scoring import band_for


def attempt(
    attempt_id: int,
    bank: str = "core",
    overall: float | None = 50.0,
    *,
    when: str | None = None,
    day: str = "2026-01-01",
    time: str = "09:30",
    finished: bool = True,
    version: str = "1.0.0",
    digest: str | None = None,
    user: str = "alice",
) -> Attempt:
    """An attempt of ``bank`` at ``when`` (or ``day`` at ``time``, UTC), finished unless told.

    A finished one carries ``overall`` and its band; the digest is
    ``{bank}-{version}`` unless given.
    """
    moment = when if when is not None else f"{day}T{time}:00+00:00"
    return Attempt(
        id=attempt_id,
        user=user,
        bank_id=bank,
        bank_version=version,
        bank_digest=digest if digest is not None else f"{bank}-{version}",
        order=(),
        seed=None,
        status="finished" if finished else "in_progress",
        started_at=moment,
        finished_at=moment if finished else None,
        overall_score=overall if finished else None,
        overall_band=band_for(overall) if finished and overall is not None else None,
    )


#: The SE of every scored fixture dimension: changes beyond 1.96 × √(2 × 3²) = 8.3 are
#: beyond noise.
DIM_SE = 3.0
#: The SE of every fixture overall score: changes beyond 1.96 × √2 = 2.8 are beyond noise.
OVERALL_SE = 1.0


def dim(dim_id: str, value: float | None, title: str | None = None) -> DimensionScore:
    """A dimension scored ``value`` (two of two questions answered), or unanswered for ``None``.

    A scored one has the SE :data:`DIM_SE`.
    """
    return DimensionScore(
        id=dim_id,
        title=title or dim_id.capitalize(),
        score=value,
        band=None if value is None else band_for(value),
        answered=0 if value is None else 2,
        total=2,
        se=None if value is None else DIM_SE,
    )


def scored(
    attempt_id: int,
    dims: list[DimensionScore],
    *,
    bank: str = "core",
    version: str = "1.0.0",
    overall: float | None = None,
    day: str = "2026-08-01",
) -> ScoredAttempt:
    """A finished attempt on ``day`` with these dimensions.

    Its overall score is ``overall``, or else the mean of the answered dimensions.
    """
    values = [d.score for d in dims if d.score is not None]
    if overall is None and values:
        overall = round(sum(values) / len(values), 1)
    result = Result(
        overall_score=overall,
        overall_band=None if overall is None else band_for(overall),
        dimensions=tuple(dims),
        answered=len(values) * 2,
        skipped=0,
        total=len(dims) * 2,
        overall_se=None if overall is None else OVERALL_SE,
    )
    return ScoredAttempt(attempt(attempt_id, bank, overall, day=day, version=version), result)
