r"""CSV export: one row per dimension and an ``overall`` row, per attempt, for spreadsheets.

After ``finished_at`` each row carries the score's standard error, 90%
interval and *few answers* flag, and its change since the previous attempt of
the same bank id (the one exported before it, or for a single attempt the one
before it) with the reliable-change threshold and the verdict, ``beyond noise``
or ``within noise`` (docs/scoring.md). Changes use an ASCII minus.

One attempt or a user's whole history. Rows end in ``\r\n`` (RFC 4180):
write the text unchanged (``newline=""``). ``date`` is the UTC day; the last
column, ``finished_at``, the full time (ISO-8601 with its offset, as in JSON).
Each attempt's dimension rows are followed by its ``overall`` row (dimension
``overall``, title ``Overall``; answered and total count every question).

Text cells that a spreadsheet could read as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) get a leading ``'``.

The columns and cells are in :mod:`leadquiz.exporters.csvcells`, the lines in
:mod:`leadquiz.exporters.csvlines`; a whole history is streamed from the
store's cached results by :mod:`leadquiz.exporters.csvstream`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from leadquiz.exporters.csvcells import LINE_END
from leadquiz.exporters.csvlines import Lines
from leadquiz.models import Attempt, ReportData, Result
from leadquiz.results.role import role_gaps

#: Added after :data:`HEADER` in the export of one attempt made after a role profile.
ROLE_HEADER: tuple[str, ...] = ("role_score", "role_gap", "role_beyond_noise")
#: Columns added after :data:`HEADER` in the export of one attempt whose observers are shown.
OTHERS_HEADER: tuple[str, ...] = ("others_score", "others_gap", "others_beyond_noise")


def to_csv(data: ReportData) -> str:
    """The export of one attempt: a header and one row per dimension.

    With a role profile, each row ends with :data:`ROLE_HEADER`: what the role
    asks for, the gap (role − self) and whether it is beyond noise (``true`` /
    ``false``; empty for an area without both scores). When observers are shown,
    :data:`OTHERS_HEADER` follows (see :func:`_with_others`).
    """
    earlier = [(data.earlier[-1].attempt, data.earlier[-1].result)] if data.earlier else []
    plain = csv_rows_for_many([*earlier, (data.attempt, data.result)], skip=len(earlier))
    return _with_others(data, _with_role(data, plain))


def _with_role(data: ReportData, plain: str) -> str:
    """``plain`` (one attempt's rows) with :data:`ROLE_HEADER` added when there is a profile."""
    if data.role is None:
        return plain
    gaps = {gap.dimension.id: gap for gap in role_gaps(data)}
    lines = plain.split(LINE_END)[:-1]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ROLE_HEADER)
    parts = [lines[0] + "," + buffer.getvalue()]
    ids = [scored.id for scored in data.result.dimensions]
    for line, area_id in zip(lines[1:], [*ids, None], strict=True):  # None: the overall row
        gap = gaps.get(area_id) if area_id is not None else None
        cells = (
            ("", "", "")
            if gap is None
            else (f"{gap.role_score:.1f}", f"{gap.gap:.1f}", str(gap.beyond_noise).lower())
        )
        parts.append(line + "," + ",".join(cells) + LINE_END)
    return "".join(parts)


def _with_others(data: ReportData, text: str) -> str:
    """``text`` (one attempt's rows) with :data:`OTHERS_HEADER` added when observers are shown.

    Each area's row then ends with the observers' average, the gap others − self
    and whether it is beyond noise; the overall row with the same overall.
    """
    observers = data.observers
    if observers is None or not observers.shown:
        return text
    cells = {area.id: (area.score, area.gap, area.beyond_noise) for area in observers.areas}
    overall = (observers.overall_score, observers.overall_gap, observers.overall_beyond_noise)
    lines = text.split(LINE_END)[:-1]
    extra = [",".join(OTHERS_HEADER)]
    ids = [scored.id for scored in data.result.dimensions]
    for area_id in [*ids, None]:  # None: the overall row
        score, gap, beyond = cells.get(area_id, (None, None, False)) if area_id else overall
        if score is None or gap is None:
            extra.append(",,")
        else:
            extra.append(f"{score:.1f},{gap:.1f},{str(beyond).lower()}")
    return "".join(f"{line},{more}{LINE_END}" for line, more in zip(lines, extra, strict=True))


def csv_rows_for_many(items: Iterable[tuple[Attempt, Result]], *, skip: int = 0) -> str:
    """A header and one row per dimension of every attempt given, in the order given.

    Each change is measured from the attempt of the same bank id given before
    it; the first ``skip`` attempts only serve as that and are not written.
    """
    lines = Lines()
    parts = [lines.header()]
    for number, (attempt, result) in enumerate(items):
        head = lines.head(attempt.user, attempt.finished_at, attempt.bank_id, attempt.bank_version)
        rows = [*lines.result_rows(result.dimensions), lines.overall_row(result)]
        text = lines.attempt(attempt.id, attempt.bank_id, head, rows, attempt.finished_at)
        if number >= skip:
            parts.append(text)
    return "".join(parts)
