r"""CSV export: one row per dimension, for spreadsheets (one attempt or a user's whole history).

Rows end in ``\r\n`` (RFC 4180): write the text unchanged (``newline=""``).

Text cells that a spreadsheet could read as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) get a leading ``'``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from leadquiz.insights import date_of
from leadquiz.models import Attempt, ReportData, Result

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
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """Defuse spreadsheet formula injection: prefix ``'`` to text that would start a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(data: ReportData) -> str:
    """The export of one attempt: a header and one row per dimension."""
    return csv_rows_for_many([(data.attempt, data.result)])


def csv_rows_for_many(items: Iterable[tuple[Attempt, Result]]) -> str:
    """A header and one row per dimension of every attempt given, in the order given."""
    out = io.StringIO()
    writer = csv.writer(out)  # RFC 4180 "\r\n" rows; fields holding \r or \n get quoted
    writer.writerow(HEADER)
    writer.writerows(_rows(items))
    return out.getvalue()


def _rows(items: Iterable[tuple[Attempt, Result]]) -> Iterator[tuple[object, ...]]:
    for attempt, result in items:
        head = (
            attempt.id,
            safe_cell(attempt.user),
            date_of(attempt.finished_at),
            safe_cell(attempt.bank_id),
            safe_cell(attempt.bank_version),
        )
        for d in result.dimensions:
            yield (
                *head,
                safe_cell(d.id),
                safe_cell(d.title),
                "" if d.score is None else f"{d.score:.1f}",
                d.band or "",
                d.answered,
                d.total,
            )
