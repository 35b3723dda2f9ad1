"""The CSV export's columns and cells: what each cell of a row holds, as text.

The header is fixed (other tools read these columns). A row is the attempt
id, the attempt's head cells (``user`` … ``bank_version``), a dimension's
cells (``dimension`` … ``total``), ``finished_at``, its precision cells (``se``
… ``few_answers``) and its change cells (``change,threshold,verdict``). Text
cells that a spreadsheet could read as a formula get a leading ``'``.
"""

from __future__ import annotations

import operator

from leadquiz.formatting import delta
from leadquiz.models import DimensionScore, Result
from leadquiz.results import precision
from leadquiz.results.precision import BEYOND_NOISE, WITHIN_NOISE

#: The header row, fixed: other tools read these columns.
HEADER: tuple[str, ...] = (
    "attempt",
    "user",
    "date",
    "bank",
    "bank_version",
    "dimension",
    "title",
    "score",
    "band",
    "answered",
    "total",
    "finished_at",
    "se",
    "interval_low",
    "interval_high",
    "few_answers",
    "change",
    "threshold",
    "verdict",
)
#: The ``dimension`` cell of an attempt's overall row.
OVERALL_ID = "overall"
#: Every row ends so (RFC 4180): the text is written unchanged (``newline=""``).
LINE_END = "\r\n"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: A row as made once: the text of its cells up to ``total``, of its precision cells
#: (``se`` … ``few_answers``), its id, score and SE, a serial number that names it, and
#: the text after ``finished_at`` it has after each row before it met so far, by the
#: serial number of that row (0: none).
Row = tuple[str, str, str, float | None, float | None, int, dict[int, str]]
#: The text up to ``total`` of a :data:`Row`.
row_text = operator.itemgetter(0)
#: The serial number of a :data:`Row`.
row_serial = operator.itemgetter(5)
#: The texts after ``finished_at`` of a :data:`Row`, by the serial number of the row before.
row_tails = operator.itemgetter(6)


def safe_cell(text: str) -> str:
    """Defuse spreadsheet formula injection: prefix ``'`` to text that would start a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def head_cells(user: str, day: str, bank_id: str, bank_version: str) -> tuple[str, ...]:
    """The cells between an attempt's id and a dimension's (``user`` … ``bank_version``).

    A row is the attempt id (a number: never quoted, never a formula), these
    cells, then the dimension's cells.
    """
    return (safe_cell(user), day, safe_cell(bank_id), safe_cell(bank_version))


def dimension_cells(d: DimensionScore) -> tuple[object, ...]:
    """The cells of a dimension's row after the attempt's (``dimension`` … ``total``)."""
    return (
        safe_cell(d.id),
        safe_cell(d.title),
        "" if d.score is None else f"{d.score:.1f}",
        d.band or "",
        d.answered,
        d.total,
    )


def overall_cells(result: Result) -> tuple[object, ...]:
    """The cells of an attempt's overall row after the attempt's (``dimension`` … ``total``)."""
    score = result.overall_score
    return (
        OVERALL_ID,
        "Overall",
        "" if score is None else f"{score:.1f}",
        result.overall_band or "",
        result.answered,
        result.total,
    )


def precision_cells(
    se: float | None, interval: tuple[float, float] | None, few: bool | None
) -> tuple[str, ...]:
    """The ``se``, ``interval_low``, ``interval_high`` and ``few_answers`` cells."""
    low, high = ("", "") if interval is None else (f"{interval[0]:.1f}", f"{interval[1]:.1f}")
    few_cell = "" if few is None else ("true" if few else "false")
    return ("" if se is None else f"{precision.one_decimal(se):.1f}", low, high, few_cell)


def change_cells(before: Row | None, row: Row) -> str:
    """The ``change,threshold,verdict`` cells of a row (empty where there is nothing to judge)."""
    score, se = row[3], row[4]
    if before is None or before[3] is None or score is None:
        return ",,"
    change = delta(before[3], score)
    if before[4] is None or se is None:
        return f"{change:.1f},,"
    limit = precision.threshold(before[4], se)
    verdict = BEYOND_NOISE if precision.exceeds(change, limit) else WITHIN_NOISE
    return f"{change:.1f},{precision.shown_threshold(limit):.1f},{verdict}"


def day(timestamp: str | None) -> str:
    """The date part of a stored ISO-8601 timestamp, as written (``""`` for none)."""
    return (timestamp or "").partition("T")[0]
