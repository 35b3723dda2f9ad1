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

A whole history is exported by :func:`csv_chunks` as a stream of text, from
the store's cached results: the rows of a dimension are made once per distinct
cached dimension and reused, so most attempts cost a few string operations and
no JSON decoding. A cache that is missing, stale or not as expected is handed to
the caller's ``rescore``, which returns the attempt's result.
"""

from __future__ import annotations

import csv
import io
import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import cast

from leadquiz.formatting import delta, iso_utc
from leadquiz.models import Attempt, DimensionScore, ReportData, Result
from leadquiz.results import precision
from leadquiz.results.codec import (
    cached_dimension_pieces,
    cached_without_dimensions,
    decode_cached,
    dimensions_of_pieces,
)
from leadquiz.results.comparison import BEYOND_NOISE, WITHIN_NOISE
from leadquiz.results.role import role_gaps
from leadquiz.store.rows import CachedRow

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

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LINE_END = "\r\n"

#: Known cached dimensions are forgotten past this many (a history holds a few thousand).
_KNOWN_LIMIT = 20_000
#: Attempts per chunk of :func:`csv_chunks` (about 100 kB of text).
_ATTEMPTS_PER_CHUNK = 100

#: Gives the result of a finished attempt whose cached result cannot be used as it is.
Rescore = Callable[[CachedRow], Result]
#: A row as made once: the text of its cells up to ``total``, of its precision cells
#: (``se`` … ``few_answers``), its id, score and SE, and a serial number that names it
#: (pairs of rows, before and now, are remembered by their two numbers).
Row = tuple[str, str, str, float | None, float | None, int]
_TEXT = operator.itemgetter(0)
_SERIAL = operator.itemgetter(5)


def safe_cell(text: str) -> str:
    """Defuse spreadsheet formula injection: prefix ``'`` to text that would start a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


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
    lines = plain.split(_LINE_END)[:-1]
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
        parts.append(line + "," + ",".join(cells) + _LINE_END)
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
    lines = text.split(_LINE_END)[:-1]
    extra = [",".join(OTHERS_HEADER)]
    ids = [scored.id for scored in data.result.dimensions]
    for area_id in [*ids, None]:  # None: the overall row
        score, gap, beyond = cells.get(area_id, (None, None, False)) if area_id else overall
        if score is None or gap is None:
            extra.append(",,")
        else:
            extra.append(f"{score:.1f},{gap:.1f},{str(beyond).lower()}")
    return "".join(f"{line},{more}{_LINE_END}" for line, more in zip(lines, extra, strict=True))


def csv_rows_for_many(items: Iterable[tuple[Attempt, Result]], *, skip: int = 0) -> str:
    """A header and one row per dimension of every attempt given, in the order given.

    Each change is measured from the attempt of the same bank id given before
    it; the first ``skip`` attempts only serve as that and are not written.
    """
    lines = _Lines()
    parts = [lines.header()]
    for number, (attempt, result) in enumerate(items):
        head = lines.head(attempt.user, attempt.finished_at, attempt.bank_id, attempt.bank_version)
        rows = [*lines.result_rows(result.dimensions), lines.overall_row(result)]
        text = lines.attempt(attempt.id, attempt.bank_id, head, rows, attempt.finished_at)
        if number >= skip:
            parts.append(text)
    return "".join(parts)


def csv_chunks(rows: Iterable[CachedRow], rescore: Rescore) -> Iterator[str]:
    """The CSV export of ``rows`` in the order given, as chunks of text to write one by one.

    The same text as :func:`csv_rows_for_many` of the attempts and their
    results: the header first, then one row per dimension and the overall row.
    Each row's current cached result is read for its dimensions and overall
    score only; ``rescore`` gives the result
    where the cache is missing, stale or not as expected.
    """
    lines = _Lines()
    parts = [lines.header()]
    for row in rows:
        head = lines.head(row.user, row.finished_at, row.bank_id, row.bank_version)
        known = lines.cached_rows(row)
        if known is None:
            result = rescore(row)
            known = [*lines.result_rows(result.dimensions), lines.overall_row(result)]
        parts.append(lines.attempt(row.id, row.bank_id, head, known, row.finished_at))
        if len(parts) >= _ATTEMPTS_PER_CHUNK:
            yield "".join(parts)
            parts.clear()
    if parts:
        yield "".join(parts)


# --- the row layout -----------------------------------------------------------


def _head_cells(user: str, day: str, bank_id: str, bank_version: str) -> tuple[str, ...]:
    """The cells between an attempt's id and a dimension's (``user`` … ``bank_version``).

    A row is the attempt id (a number: never quoted, never a formula), these
    cells, then the dimension's cells.
    """
    return (safe_cell(user), day, safe_cell(bank_id), safe_cell(bank_version))


def _dimension_cells(d: DimensionScore) -> tuple[object, ...]:
    """The cells of a dimension's row after the attempt's (``dimension`` … ``total``)."""
    return (
        safe_cell(d.id),
        safe_cell(d.title),
        "" if d.score is None else f"{d.score:.1f}",
        d.band or "",
        d.answered,
        d.total,
    )


def _overall_cells(result: Result) -> tuple[object, ...]:
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


def _precision_cells(
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
    verdict = BEYOND_NOISE if abs(change) > limit else WITHIN_NOISE
    return f"{change:.1f},{precision.one_decimal(limit):.1f},{verdict}"


def _aligned(before: Sequence[Row | None], rows: Sequence[Row]) -> list[Row | None]:
    """The row before of each row (matched by dimension id), or ``None`` where there is none."""
    by_id = {row[2]: row for row in before if row is not None}
    return [by_id.get(row[2]) for row in rows]


def _day(timestamp: str | None) -> str:
    """The date part of a stored ISO-8601 timestamp, as written (``""`` for none)."""
    return (timestamp or "").partition("T")[0]


class _Lines:
    r"""Makes CSV text: each row is its head cells' text, a comma and its dimension's text.

    With minimal quoting a cell's text depends on that cell alone, so joining
    the two halves gives exactly what ``csv.writer`` writes for the whole row.
    The text of a dimension (with its ``\r\n``) is remembered by the cached JSON
    it came from.
    """

    def __init__(self) -> None:
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer)  # RFC 4180 "\r\n"; \r, \n, "," and '"' quoted
        self._known: dict[str, Row] = {}
        self._overalls: dict[str, Row] = {}
        self._heads: dict[tuple[str, str, str, str], str] = {}
        self._serials = itertools.count(1)
        #: The last attempt's rows (and their serial numbers) per bank id.
        self._previous: dict[str, tuple[Sequence[Row], tuple[int, ...]]] = {}
        #: The text after ``finished_at`` of each (row before, row now) pair made.
        self._pairs: dict[tuple[int, int], str] = {}
        self._made: dict[DimensionScore, Row] = {}

    def header(self) -> str:
        """The header line."""
        return self._text(HEADER) + _LINE_END

    def head(self, user: str, finished_at: str | None, bank_id: str, bank_version: str) -> str:
        """The text of an attempt's head cells (remembered: many attempts share a day)."""
        key = (user, _day(finished_at), bank_id, bank_version)
        text = self._heads.get(key)
        if text is None:
            if len(self._heads) >= _KNOWN_LIMIT:
                self._heads.clear()
            text = self._heads[key] = self._text(_head_cells(*key))
        return text

    def attempt(
        self,
        attempt_id: int,
        bank_id: str,
        head: str,
        rows: Sequence[Row],
        finished_at: str | None,
    ) -> str:
        """The lines of one attempt: its id and head, each row, its finish time and change.

        The change is measured from the last attempt of ``bank_id`` given before.
        Each (row before, row now) pair's text is made once and looked up after.
        """
        serials = tuple(map(_SERIAL, rows))
        before, before_serials = self._previous.get(bank_id, ((), ()))
        self._previous[bank_id] = (rows, serials)
        tails: list[str | None] = []
        if len(before_serials) == len(serials):
            tails = list(map(self._pairs.get, zip(before_serials, serials, strict=True)))
        if not tails or None in tails:
            tails = self._made_tails(before, rows, tails)
        prefix = f"{attempt_id},{head},"
        middle = f",{iso_utc(finished_at) or ''},"
        made = cast("list[str]", tails)
        lines = map(middle.join, zip(map(_TEXT, rows), made, strict=True))
        return prefix + (_LINE_END + prefix).join(lines) + _LINE_END

    def _made_tails(
        self, before: Sequence[Row | None], rows: Sequence[Row], found: list[str | None]
    ) -> list[str | None]:
        """The texts after ``finished_at`` of an attempt's rows, making pairs not seen yet.

        A pair is remembered only for rows of the same dimension, so a pair found
        is always right; when the rows before are in another order (another bank
        version), each row is matched with the row before of its dimension.
        """
        if not found or any(
            seen is None and earlier is not None and earlier[2] != row[2]
            for seen, earlier, row in zip(found, before, rows, strict=True)
        ):
            before, found = _aligned(before, rows), [None] * len(rows)
        return [
            self._pair_tail(earlier, row) if seen is None else seen
            for seen, earlier, row in zip(found, before, rows, strict=True)
        ]

    def _pair_tail(self, earlier: Row | None, row: Row) -> str:
        """Make and remember the text after ``finished_at`` of a row after its row before."""
        pairs = self._pairs
        if len(pairs) >= _KNOWN_LIMIT:
            pairs.clear()
        key = (0 if earlier is None else earlier[5], row[5])
        tail = pairs[key] = f"{row[1]},{change_cells(earlier, row)}"
        return tail

    def result_rows(self, dimensions: Iterable[DimensionScore]) -> list[Row]:
        """The dimension rows of an attempt, from its result (remembered per score)."""
        made = self._made
        rows: list[Row] = []
        for d in dimensions:
            row = made.get(d)
            if row is None:
                if len(made) >= _KNOWN_LIMIT:
                    made.clear()
                row = made[d] = self._row(
                    _dimension_cells(d), (d.se, d.interval, d.few_answers), d.id, d.score
                )
            rows.append(row)
        return rows

    def overall_row(self, result: Result) -> Row:
        """The overall row of an attempt, from its result."""
        cells = (result.overall_se, result.overall_interval, None)
        return self._row(_overall_cells(result), cells, OVERALL_ID, result.overall_score)

    def _row(
        self,
        cells: tuple[object, ...],
        precise: tuple[float | None, tuple[float, float] | None, bool | None],
        row_id: str,
        score: float | None,
    ) -> Row:
        se = precise[0]
        text, extra = self._text(cells), self._text(_precision_cells(*precise))
        return (text, extra, row_id, score, se, next(self._serials))

    def cached_rows(self, row: CachedRow) -> list[Row] | None:
        """The dimension halves of an attempt's lines, from its current cache; ``None`` if unusable.

        The dimensions are the objects between ``"dimensions": [`` and ``],
        "answered"``, split where one ends and the next ``{"id": `` begins.
        Each piece is used only once it has been read as a JSON object on its
        own and accepted by ``resultcodec.result_from_dict``; as every piece is a
        whole JSON value, the array holds exactly these objects. The rest of
        the document (overall score, notes) is not read: the CSV has no use for it.
        """
        pieces = cached_dimension_pieces(row.result_json, row.scoring_version)
        if pieces is None:
            return None
        overall = self._cached_overall(row.result_json or "")
        if overall is None:
            return None
        known = self._known
        try:
            rows = list(map(known.__getitem__, pieces))
        except KeyError:
            learned = self._learn(pieces)
            if learned is None:
                return None
            rows = learned
        rows.append(overall)
        return rows

    def _cached_overall(self, text: str) -> Row | None:
        """The overall part of an attempt's lines, from its cached result; ``None`` if unusable.

        Read from the cache without its dimensions (overall score, counts,
        notes), remembered by that text: most attempts share it with another.
        """
        key = cached_without_dimensions(text)
        if key is None:
            return None
        row = self._overalls.get(key)
        if row is None:
            result = decode_cached(key)
            if result is None:
                return None
            if len(self._overalls) >= _KNOWN_LIMIT:
                self._overalls.clear()
            row = self._overalls[key] = self.overall_row(result)
        return row

    def _learn(self, pieces: list[str]) -> list[Row] | None:
        """Read the pieces not seen yet, remember their rows; ``None`` if one is unusable."""
        known = self._known
        new = list(dict.fromkeys(piece for piece in pieces if piece not in known))
        dimensions = dimensions_of_pieces(new)
        if dimensions is None:
            return None
        learned = dict(zip(new, self.result_rows(dimensions), strict=True))
        rows = [learned[piece] if piece in learned else known[piece] for piece in pieces]
        if len(known) + len(learned) > _KNOWN_LIMIT:
            known.clear()
        known.update(learned)
        return rows

    def _text(self, cells: Iterable[object]) -> str:
        """The CSV text of a row of cells, without its line end."""
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(cells)
        return self._buffer.getvalue()[: -len(_LINE_END)]
