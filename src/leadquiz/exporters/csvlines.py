r"""The CSV export's lines: rows made once, and each attempt's lines put together from them.

With minimal quoting a cell's text depends on that cell alone, so a line is
the text of its parts joined by commas: the attempt id, its head cells, a
row's cells up to ``total``, ``finished_at``, the row's precision cells and its
change cells. Each part is made once and reused: the head of every (user, day,
bank, version), the row of every dimension score, the change of every (row
before, row now) pair (kept with the row now). Both the export of given results
(:mod:`leadquiz.exporters.csvfmt`) and the stream of a whole history
(:mod:`leadquiz.exporters.csvstream`) write through :class:`Lines`.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
from collections.abc import Iterable, Sequence
from operator import getitem

from leadquiz.exporters.csvcells import (
    LINE_END,
    NO_VIEWPOINTS,
    OVERALL_ID,
    Row,
    change_cells,
    day,
    day_at,
    dimension_cells,
    head_cells,
    header,
    local_offset_minutes,
    overall_cells,
    precision_cells,
    row_serial,
    row_tails,
    row_text,
)
from leadquiz.formatting import iso_utc
from leadquiz.models import DimensionScore, Result
from leadquiz.text import neutralise

#: ``2026-11-23T09:30:00+00:00``: a timestamp as the store writes it (and as CSV shows it).
_STORED_LENGTH = 25

#: Remembered texts are forgotten past this many (a history holds a few thousand).
KNOWN_LIMIT = 20_000


class Lines:
    """Makes CSV text, remembering the parts that many lines share.

    The change of each row is measured from the row of the same dimension in
    the last attempt of the same bank id given before (:meth:`attempt`).
    """

    def __init__(self, offset_minutes: int | None = None) -> None:
        #: The offset from UTC every ``date`` is taken at (default: the computer's, now).
        self.offset = local_offset_minutes() if offset_minutes is None else offset_minutes
        #: The ``date`` of a timestamp: in UTC its date part as written (the common case, kept
        #: to one call for long exports), else the day at the offset.
        self._day = (
            day if self.offset == 0 else functools.partial(day_at, offset_minutes=self.offset)
        )
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)  # RFC 4180 "\r\n"; \r, \n, "," and '"' quoted
        self._heads: dict[tuple[str, str, str, str], str] = {}
        self._serials = itertools.count(1)
        #: The last attempt's rows per bank id.
        self._previous: dict[str, Sequence[Row]] = {}
        self._made: dict[DimensionScore, Row] = {}

    def header(self) -> str:
        """The header line (``date`` labelled with its offset)."""
        return self._text(header(self.offset)) + LINE_END

    def head(self, user: str, finished_at: str | None, bank_id: str, bank_version: str) -> str:
        """The text of an attempt's head cells (remembered: many attempts share a day)."""
        key = (user, self._day(finished_at), bank_id, bank_version)
        text = self._heads.get(key)
        if text is None:
            if len(self._heads) >= KNOWN_LIMIT:
                self._heads.clear()
            text = self._heads[key] = self._text(head_cells(*key))
        return text

    def attempt(
        self,
        attempt_id: int,
        bank_id: str,
        head: str,
        rows: Sequence[Row],
        finished_at: str | None,
        *,
        viewpoints: Sequence[str] | None = None,
    ) -> str:
        """The lines of one attempt: its id and head, each row, its finish time and change.

        ``viewpoints`` are the role's and the observers' cells of each row, each
        text starting with its comma (``None``: all empty, as for most attempts).
        The change is measured from the last attempt of ``bank_id`` given before.
        Each (row before, row now) pair's text is made once, kept with the row now
        by the serial number of the row before, and looked up after.
        """
        before = self._previous.get(bank_id, ())
        self._previous[bank_id] = rows
        try:
            if len(before) != len(rows):
                raise KeyError(bank_id)
            tails: list[str] = list(map(getitem, map(row_tails, rows), map(row_serial, before)))
        except KeyError:
            tails = self._made_tails(before, rows)
        prefix = f"{attempt_id},{head},"
        # As the store writes it (nearly always): shown as it is, without a call.
        if (
            finished_at is None
            or len(finished_at) != _STORED_LENGTH
            or not finished_at.endswith("+00:00")
            or not finished_at.isprintable()
        ):
            finished_at = neutralise(iso_utc(finished_at) or "")
        middle = f",{finished_at},"
        if viewpoints is not None:
            # The tails end with empty role and observer cells: these take their place.
            cut = len(NO_VIEWPOINTS)
            tails = [tail[:-cut] + more for tail, more in zip(tails, viewpoints, strict=True)]
        lines = map(middle.join, zip(map(row_text, rows), tails, strict=True))
        return prefix + (LINE_END + prefix).join(lines) + LINE_END

    def _made_tails(self, before: Sequence[Row], rows: Sequence[Row]) -> list[str]:
        """The texts after ``finished_at`` of an attempt's rows, making pairs not seen yet.

        Each row is matched with the row before of its dimension (the rows before
        may be in another order: another bank version), so a pair remembered is
        always of one dimension and a pair found is always right.
        """
        by_id = {earlier[2]: earlier for earlier in before}
        tails = []
        for row in rows:
            earlier = by_id.get(row[2])
            known = row[6]
            key = 0 if earlier is None else earlier[5]
            tail = known.get(key)
            if tail is None:
                tail = known[key] = f"{row[1]},{change_cells(earlier, row)}{NO_VIEWPOINTS}"
            tails.append(tail)
        return tails

    def result_rows(self, dimensions: Iterable[DimensionScore]) -> list[Row]:
        """The dimension rows of an attempt, from its result (remembered per score)."""
        made = self._made
        rows: list[Row] = []
        for d in dimensions:
            row = made.get(d)
            if row is None:
                if len(made) >= KNOWN_LIMIT:
                    made.clear()
                row = made[d] = self._row(
                    dimension_cells(d), (d.se, d.interval, d.few_answers), d.id, d.score
                )
            rows.append(row)
        return rows

    def overall_row(self, result: Result) -> Row:
        """The overall row of an attempt, from its result."""
        cells = (result.overall_se, result.overall_interval, None)
        return self._row(overall_cells(result), cells, OVERALL_ID, result.overall_score)

    def _row(
        self,
        cells: tuple[object, ...],
        precise: tuple[float | None, tuple[float, float] | None, bool | None],
        row_id: str,
        score: float | None,
    ) -> Row:
        se = precise[0]
        text, extra = self._text(cells), self._text(precision_cells(*precise))
        return (text, extra, row_id, score, se, next(self._serials), {})

    def _text(self, cells: Iterable[object]) -> str:
        """The CSV text of a row of cells, without its line end, neutralised (``text.neutralise``).

        Every text a line is made of comes from here or is a number, and a
        finish time is checked where it is used: the lines are plain by
        construction, and a long export is not scanned again as a whole.
        """
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(cells)
        return neutralise(self._buffer.getvalue()[: -len(LINE_END)])
