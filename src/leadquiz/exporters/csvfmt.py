r"""CSV export: one row per dimension and an ``overall`` row, per attempt, for spreadsheets.

After ``finished_at`` each row carries the score's standard error, 90%
interval and *few answers* flag, and its change since the previous attempt of
the same bank id (the one exported before it, or for a single attempt the one
before it) with the reliable-change threshold and the verdict, ``beyond noise``
or ``within noise`` (docs/scoring.md). Changes use an ASCII minus.

One attempt or a user's whole history, with the same columns (docs/json.md,
"CSV columns"). Rows end in ``\r\n`` (RFC 4180): write the text unchanged
(``newline=""``). ``date`` is the local day, its header naming the offset
(``date (UTC+1)``); ``finished_at`` the full time (ISO-8601 in UTC, as in JSON).
Each attempt's dimension rows are followed by its ``overall`` row (dimension
``overall``, title ``Overall``; answered and total count every question).

Text cells that a spreadsheet could read as a formula (starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return) get a leading ``'``.

The columns and cells are in :mod:`leadquiz.exporters.csvcells`, the lines in
:mod:`leadquiz.exporters.csvlines`; a whole history is streamed from the
store's cached results by :mod:`leadquiz.exporters.csvstream`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from leadquiz.exporters.csvlines import Lines
from leadquiz.models import Attempt, ReportData, Result
from leadquiz.results.role import role_gaps


def to_csv(data: ReportData) -> str:
    """The export of one attempt: a header and one row per dimension, then the overall row.

    Every row ends with what the role asks for, the gap (role − self) and
    whether it is beyond noise (``true`` / ``false``), then the observers'
    average, the gap others − self and whether it is beyond noise: empty
    where there is no profile, no observer shown, or not both scores.
    """
    earlier = [(data.earlier[-1].attempt, data.earlier[-1].result)] if data.earlier else []
    return csv_rows_for_many(
        [*earlier, (data.attempt, data.result)], skip=len(earlier), last=viewpoint_cells(data)
    )


def viewpoint_cells(data: ReportData) -> list[str] | None:
    """Each row's role and observer cells (each text starts with its comma), area rows first.

    ``None`` when the attempt has neither a role profile nor observers shown.
    """
    observers = data.observers if data.observers is not None and data.observers.shown else None
    if data.role is None and observers is None:
        return None
    ids: list[str | None] = [scored.id for scored in data.result.dimensions]
    ids.append(None)  # the overall row
    role_cells = _role_cells(data, ids)
    others_cells = _others_cells(data, ids)
    return [f",{role},{others}" for role, others in zip(role_cells, others_cells, strict=True)]


def _role_cells(data: ReportData, ids: list[str | None]) -> list[str]:
    """``role_score,role_gap,role_beyond_noise`` of each row (empty without both scores)."""
    if data.role is None:
        return [",,"] * len(ids)
    gaps = {gap.dimension.id: gap for gap in role_gaps(data)}
    cells = []
    for area_id in ids:
        gap = gaps.get(area_id) if area_id is not None else None
        cells.append(
            ",,"
            if gap is None
            else f"{gap.role_score:.1f},{gap.gap:.1f},{str(gap.beyond_noise).lower()}"
        )
    return cells


def _others_cells(data: ReportData, ids: list[str | None]) -> list[str]:
    """``others_score,others_gap,others_beyond_noise`` of each row, when observers are shown.

    An area's row has the observers' average there; the overall row the same overall.
    """
    observers = data.observers
    if observers is None or not observers.shown:
        return [",,"] * len(ids)
    by_area = {area.id: (area.score, area.gap, area.beyond_noise) for area in observers.areas}
    overall = (observers.overall_score, observers.overall_gap, observers.overall_beyond_noise)
    cells = []
    for area_id in ids:
        score, gap, beyond = by_area.get(area_id, (None, None, False)) if area_id else overall
        cells.append(
            ",," if score is None or gap is None else f"{score:.1f},{gap:.1f},{str(beyond).lower()}"
        )
    return cells


def csv_rows_for_many(
    items: Iterable[tuple[Attempt, Result]], *, skip: int = 0, last: Sequence[str] | None = None
) -> str:
    """A header and one row per dimension of every attempt given, in the order given.

    Each change is measured from the attempt of the same bank id given before
    it; the first ``skip`` attempts only serve as that and are not written.
    ``last`` are the role and observer cells of the last attempt's rows
    (:func:`viewpoint_cells`; the others' are empty).
    """
    lines = Lines()
    parts = [lines.header()]
    given = list(items)
    for number, (attempt, result) in enumerate(given):
        head = lines.head(attempt.user, attempt.finished_at, attempt.bank_id, attempt.bank_version)
        rows = [*lines.result_rows(result.dimensions), lines.overall_row(result)]
        viewpoints = last if number == len(given) - 1 else None
        text = lines.attempt(
            attempt.id, attempt.bank_id, head, rows, attempt.finished_at, viewpoints=viewpoints
        )
        if number >= skip:
            parts.append(text)
    return "".join(parts)
