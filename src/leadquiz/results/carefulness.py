"""The *too fast* note: answers given quicker than a statement can be read. Pure, no I/O.

Grounds and thresholds are in docs/scoring.md ("Notes on how the answers were
given"): under about 2 seconds per item is a sign of insufficient effort
(Huang et al., 2012; Bowling et al., 2023), and consistency drops sharply
below 1 second per item (Wood et al., 2017). The note never changes a score.

Only answers asked one by one in the terminal are timed: an attempt answered
from a file never gets the note. Attempts stored before the source was recorded
count as from a file when all their answers share one timestamp (a file's
answers are saved together).
"""

from __future__ import annotations

from collections.abc import Sequence

from leadquiz.formatting import parse_time
from leadquiz.models import AnswerSource, QualityNote

#: No note unless at least this many answers were timed.
TOO_FAST_MIN_ANSWERS = 10
#: The note appears when the median time per answer is under this many seconds...
TOO_FAST_MEDIAN_SECONDS = 2
#: ...or when at least one in this many answers took under one second (a third).
TOO_FAST_ONE_IN_UNDER_ONE = 3

TOO_FAST_MESSAGE = (
    "You answered many questions in under two seconds each. If you know your own mind "
    "well, fine; if you were hurrying, the scores may say less than they could."
)


def timed_source(source: AnswerSource | None, times: Sequence[str]) -> bool:
    """Whether an attempt's answer times can be judged: asked in the terminal.

    ``None`` (an attempt stored before the source was recorded) counts as a
    file when every answer shares one timestamp.
    """
    if source is not None:
        return source == "terminal"
    return len(set(times)) > 1


def answer_seconds(started_at: str, recorded: Sequence[tuple[str, bool]]) -> list[float]:
    """Seconds each answered question took, from ``(answered_at, skipped)`` in recorded order.

    An answer's time runs from the answer or skip recorded just before it (the
    attempt's start for the first). A skip is not timed, but restarts the clock.
    Unreadable timestamps stop the count there.
    """
    previous = parse_time(started_at)
    seconds: list[float] = []
    for answered_at, skipped in recorded:
        moment = parse_time(answered_at)
        if previous is None or moment is None:
            break
        if not skipped:
            seconds.append((moment - previous).total_seconds())
        previous = moment
    return seconds


def too_fast(seconds: Sequence[float]) -> bool:
    """The rule: enough timed answers, and a median under 2 s or a third under 1 s."""
    import statistics  # start-up: only when there are answer times to judge

    count = len(seconds)
    if count < TOO_FAST_MIN_ANSWERS:
        return False
    under_one = sum(1 for s in seconds if s < 1)
    return (
        statistics.median(seconds) < TOO_FAST_MEDIAN_SECONDS
        or under_one * TOO_FAST_ONE_IN_UNDER_ONE >= count
    )


def too_fast_note(
    source: AnswerSource | None, started_at: str, recorded: Sequence[tuple[str, bool]]
) -> QualityNote | None:
    """The *too fast* note for an attempt's recorded answers, or ``None``."""
    if not timed_source(source, [answered_at for answered_at, _ in recorded]):
        return None
    if not too_fast(answer_seconds(started_at, recorded)):
        return None
    return QualityNote(kind="too-fast", message=TOO_FAST_MESSAGE)
