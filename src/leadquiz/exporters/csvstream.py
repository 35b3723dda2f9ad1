"""``export --format csv --all``: a whole history as a stream of CSV text, from cached results.

The same text as :func:`leadquiz.exporters.csvfmt.csv_rows_for_many` of the
attempts and their results, made without decoding every cache: each cache is
cut into its dimension objects and the rest (:func:`~leadquiz.results.codec.cached_parts`),
and the rows of a dimension object are made once, when it is first seen,
then looked up by its text. Most attempts cost a few string operations and no
JSON decoding. A cache that is missing, stale or not as expected is handed to
the caller's ``rescore``, which returns the attempt's result.

The text is plain by construction: every piece is neutralised once, when it is
made (:class:`~leadquiz.exporters.csvlines.Lines`), and each finish time where
it is used, so the CLI encodes the stream without scanning megabytes again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from leadquiz.exporters import csvlines
from leadquiz.exporters.csvcells import Row
from leadquiz.exporters.csvlines import Lines
from leadquiz.models import Result
from leadquiz.results.codec import cached_parts, decode_cached, dimensions_of_pieces
from leadquiz.store.rows import CachedRow

#: Attempts per chunk of :func:`csv_chunks` (about 200 kB of text).
ATTEMPTS_PER_CHUNK = 100

#: Gives the result of a finished attempt whose cached result cannot be used as it is.
Rescore = Callable[[CachedRow], Result]
#: Gives an attempt's role and observer cells (``csvfmt.viewpoint_cells``), ``None`` if none.
Viewpoints = Callable[[CachedRow], Sequence[str] | None]


def csv_chunks(
    rows: Iterable[CachedRow], rescore: Rescore, viewpoints: Viewpoints | None = None
) -> Iterator[str]:
    """The CSV export of ``rows`` in the order given, as chunks of text to write one by one.

    The header first, then one row per dimension and the overall row of each
    attempt. Each row's current cached result is read for its dimensions and
    overall score only; ``rescore`` gives the result where the cache is
    missing, stale or not as expected. ``viewpoints`` gives the role and
    observer cells of an attempt that has them (``None``: no attempt has).
    """
    lines = Lines()
    # Bound once: this loop runs once per attempt of a history of thousands.
    head_of, rows_of, lines_of = lines.head, _CachedRows(lines).rows, lines.attempt
    parts = [lines.header()]
    for row in rows:
        bank_id, finished_at = row.bank_id, row.finished_at
        head = head_of(row.user, finished_at, bank_id, row.bank_version)
        known = rows_of(row)
        if known is None:
            result = rescore(row)
            known = [*lines.result_rows(result.dimensions), lines.overall_row(result)]
        if viewpoints is None:
            parts.append(lines_of(row.id, bank_id, head, known, finished_at))
        else:
            extra = viewpoints(row)
            parts.append(lines_of(row.id, bank_id, head, known, finished_at, viewpoints=extra))
        if len(parts) >= ATTEMPTS_PER_CHUNK:
            yield "".join(parts)
            parts.clear()
    if parts:
        yield "".join(parts)


class _CachedRows:
    """The rows of attempts read from their cached results, remembered by the cached text."""

    def __init__(self, lines: Lines) -> None:
        self._lines = lines
        #: The row of each dimension object's text.
        self._known: dict[str, Row] = {}
        #: The overall row of each cache's text without its dimensions.
        self._overalls: dict[str, Row] = {}

    def rows(self, row: CachedRow) -> list[Row] | None:
        """The rows of an attempt, from its current cache; ``None`` if it is unusable.

        Each dimension object is used only once it has been read as a JSON
        object on its own and accepted by ``codec.result_from_dict``; as every
        piece is a whole JSON value, the array holds exactly these objects.
        The rest of the document (overall score, counts, notes) gives the
        overall row.
        """
        parts = cached_parts(row.result_json, row.scoring_version)
        if parts is None:
            return None
        pieces, rest = parts
        overall = self._overalls.get(rest)
        if overall is None:
            overall = self._overall(rest)
            if overall is None:
                return None
        try:
            rows = list(map(self._known.__getitem__, pieces))
        except KeyError:
            learned = self._learn(pieces)
            if learned is None:
                return None
            rows = learned
        rows.append(overall)
        return rows

    def _overall(self, rest: str) -> Row | None:
        """Read and remember the overall row of a cache without dimensions (``None``: unusable)."""
        result = decode_cached(rest)
        if result is None:
            return None
        if len(self._overalls) >= csvlines.KNOWN_LIMIT:
            self._overalls.clear()
        row = self._overalls[rest] = self._lines.overall_row(result)
        return row

    def _learn(self, pieces: list[str]) -> list[Row] | None:
        """Read the pieces not seen yet, remember their rows; ``None`` if one is unusable."""
        known = self._known
        new = list(dict.fromkeys(piece for piece in pieces if piece not in known))
        dimensions = dimensions_of_pieces(new)
        if dimensions is None:
            return None
        learned = dict(zip(new, self._lines.result_rows(dimensions), strict=True))
        rows = [learned[piece] if piece in learned else known[piece] for piece in pieces]
        if len(known) + len(learned) > csvlines.KNOWN_LIMIT:
            known.clear()
        known.update(learned)
        return rows
