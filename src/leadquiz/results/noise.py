"""How sure a score is, and whether a change is more than noise, in words. Pure, no Rich.

Shared by the terminal report, the ``take`` report's "previous attempt" line
and the markdown export, so that every view writes an interval and a verdict
the same way (the numbers come from :mod:`leadquiz.results.precision`).
"""

from __future__ import annotations

from dataclasses import dataclass

from leadquiz.formatting import delta, format_day, format_score
from leadquiz.models import DimensionScore, ReportData
from leadquiz.results import precision
from leadquiz.results.precision import change_phrase, verdict_of

#: What the interval means: said once in every report.
INTERVAL_SENTENCE = (
    "The ± after a score, and the thick part of its line, is its 90% interval: the same "
    "questions answered again on another day could well land anywhere in it, so a "
    "difference smaller than that says little."
)

#: Marks an area resting on fewer than 3 answers.
FEW_ANSWERS_MARK = "few answers"

#: Explains the mark, shown when an area has it.
FEW_ANSWERS_SENTENCE = (
    "Few answers: fewer than 3 answered questions in the area. Its score is shown, but "
    "it is never picked as a leaning or an area to practise."
)


def plus_minus(score: float | None, se: float | None) -> str:
    """``62.5 ± 14.4`` (the half-width of the 90% interval); the bare score without an SE."""
    if score is None or se is None:
        return format_score(score)
    return f"{format_score(score)} ± {precision.INTERVAL_Z * se:.1f}"


def interval_text(interval: tuple[float, float] | None) -> str:
    """``53.5–61.1``, or ``""`` when there is none."""
    if interval is None:
        return ""
    return f"{format_score(interval[0])}–{format_score(interval[1])}"


def area_plus_minus(scored: DimensionScore) -> str:
    """An area's score as :func:`plus_minus` writes it."""
    return plus_minus(scored.score, scored.se)


@dataclass(frozen=True)
class Change:
    """One attempt in a user's history of a bank, with the change since the one before."""

    attempt_id: int
    date: str
    score: float | None
    band: str | None
    #: Overall score minus the previous attempt's; ``None`` for the first or an unscored one.
    delta: float | None
    #: The reliable-change threshold of that change; ``None`` when it cannot be judged.
    threshold: float | None = None

    @property
    def beyond_noise(self) -> bool | None:
        """Whether :attr:`delta` exceeds :attr:`threshold` (``None``: no verdict)."""
        if self.delta is None or self.threshold is None:
            return None
        return precision.exceeds(self.delta, self.threshold)

    @property
    def verdict(self) -> str:
        """``beyond noise``, ``within noise`` or ``""``."""
        return verdict_of(self.beyond_noise)

    def phrase(self) -> str:
        """The change with its verdict, as :func:`change_phrase` writes it."""
        return change_phrase(self.delta, self.threshold)


def history(data: ReportData) -> list[Change]:
    """The earlier attempts listed and this one, oldest first, each with the change since the last.

    Each change carries the reliable-change threshold of the two overall scores.
    When older attempts were left out of ``data.earlier``, its oldest attempt
    only gives the change of the next one and is not listed itself.
    """
    rows: list[Change] = []
    previous: tuple[float, float | None] | None = None
    for attempt, result in [(s.attempt, s.result) for s in data.earlier] + [
        (data.attempt, data.result)
    ]:
        current = result.overall_score
        change = threshold = None
        if current is not None and previous is not None:
            change = delta(previous[0], current)
            if previous[1] is not None and result.overall_se is not None:
                threshold = precision.threshold(previous[1], result.overall_se)
        rows.append(
            Change(
                attempt_id=attempt.id,
                date=format_day(attempt.finished_at),
                score=current,
                band=result.overall_band,
                delta=change,
                threshold=threshold,
            )
        )
        if current is not None:
            previous = (current, result.overall_se)
    return rows[1:] if _left_out(data) else rows


def older_not_listed(data: ReportData) -> int:
    """How many earlier attempts of the bank :func:`history` does not list (older ones)."""
    left_out = _left_out(data)
    return left_out + 1 if left_out and data.earlier else left_out


def _left_out(data: ReportData) -> int:
    """How many earlier attempts of the bank are not in ``data.earlier`` at all."""
    total = len(data.earlier) if data.earlier_total is None else data.earlier_total
    return max(total - len(data.earlier), 0)
