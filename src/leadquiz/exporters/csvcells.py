"""The CSV export's columns and cells: what each cell of a row holds, as text.

The header is fixed (other tools read these columns): every export has every
column, empty where there is nothing to say. A row is the attempt id, the
attempt's head cells (``user`` … ``bank_version``), a dimension's cells
(``dimension`` … ``total``), ``finished_at``, its precision cells (``se`` …
``few_answers``), its change cells (``change,threshold,verdict``), then the
role's and the observers' cells (``role_score`` … ``others_beyond_noise``).
``date`` is the local day, and its header names the offset it is taken at
(``date (UTC+1)``). Text cells that a spreadsheet could read as a formula get
a leading ``'``.
"""

from __future__ import annotations

import operator
import time
from datetime import date, timedelta, timezone

from leadquiz.formatting import delta, offset_label, parse_time
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
    "role_score",
    "role_gap",
    "role_beyond_noise",
    "others_score",
    "others_gap",
    "others_beyond_noise",
)
#: The role's columns, then the observers': their cells come from the report, not the row.
VIEWPOINT_COLUMNS = 6
#: The role's and the observers' cells of a row without either.
NO_VIEWPOINTS = "," * VIEWPOINT_COLUMNS
#: The ``dimension`` cell of an attempt's overall row.
OVERALL_ID = "overall"
#: Every row ends so (RFC 4180): the text is written unchanged (``newline=""``).
LINE_END = "\r\n"

#: ``2026-11-23T09:30:00+00:00``: a timestamp as the store writes it.
_STORED_LENGTH = 25

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


def header(offset_minutes: int) -> tuple[str, ...]:
    """:data:`HEADER` with ``date`` labelled with the offset its days are taken at."""
    label = offset_label(offset_minutes)
    return tuple(f"date ({label})" if name == "date" else name for name in HEADER)


def local_offset_minutes() -> int:
    """The computer's offset from UTC now, in minutes: every ``date`` of an export uses it.

    One offset for the whole file, named in the header, so every row's day is
    taken at the offset its column says (a winter attempt exported in summer
    too), and a file's days never shift with daylight saving between rows.
    """
    offset = time.localtime().tm_gmtoff
    return 0 if offset is None else int(offset) // 60


def day(timestamp: str | None) -> str:
    """The date part of a stored ISO-8601 UTC timestamp, as written (``""`` for none)."""
    return (timestamp or "").partition("T")[0]


def day_at(timestamp: str | None, offset_minutes: int) -> str:
    """The day of a stored ISO-8601 UTC timestamp at ``offset_minutes`` (``""`` for none)."""
    if timestamp is None:
        return ""
    text = timestamp.partition("T")[0]
    if len(timestamp) != _STORED_LENGTH or not timestamp.endswith("+00:00"):
        moment = parse_time(timestamp)
        if moment is None:
            return text
        return moment.astimezone(timezone(timedelta(minutes=offset_minutes))).date().isoformat()
    if not offset_minutes:
        return text
    try:
        minute = int(timestamp[11:13]) * 60 + int(timestamp[14:16]) + offset_minutes
        if 0 <= minute < 24 * 60:
            return text
        moved = date.fromisoformat(text) + timedelta(days=1 if minute >= 24 * 60 else -1)
    except ValueError:
        return text
    return moved.isoformat()
