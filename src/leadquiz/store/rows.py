"""How attempts and answers sit in the rows of the history database, both ways.

The column lists the queries read, the tuple a finished attempt's cached
result is read as (``CachedRow``), and the checks and codecs between rows and
:mod:`leadquiz.models`: question orders and answers are stored as JSON text,
so the likert value ``5`` and the option key ``"5"`` stay apart and a skipped
question is ``NULL``. A row that cannot be read back is a ``StoreError``
naming the damaged record. No SQL is run here: :mod:`leadquiz.store.database` and
:mod:`leadquiz.store.reads` run it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple, cast

from leadquiz.models import AnswerSource, AnswerValue, Attempt, AttemptStatus, Bank
from leadquiz.results.scoring import SCORING_VERSION
from leadquiz.store.errors import damaged_record_error

#: The largest id or seed SQLite stores (a signed 64-bit integer).
MAX_INT = 2**63 - 1

#: The columns of an attempt, in the order :func:`attempt_from_row` reads them. The overall
#: SE is read from a current cached result only (an older one is rescored by the app).
ATTEMPT_COLUMNS = (
    "id, user, bank_id, bank_version, bank_digest, question_order, seed, status, "
    "started_at, finished_at, overall_score, overall_band, "
    f"CASE WHEN scoring_version = {SCORING_VERSION} AND json_valid(result_json) "
    "THEN json_extract(result_json, '$.overall.se') END AS overall_se, answer_source"
)
#: One batch of :class:`CachedRow` after an id, in id order: (user, after id, limit).
CACHED_SQL = (
    "SELECT id, user, finished_at, bank_id, bank_version, result_json, scoring_version"
    " FROM attempts WHERE user = ? AND status = 'finished' AND id > ?"
    " ORDER BY id LIMIT ?"
)


class CachedRow(NamedTuple):
    """A finished attempt as a table of results reads it: its cached result, not its answers."""

    #: The attempt's id.
    id: int
    user: str
    #: When it was finished (ISO-8601 UTC).
    finished_at: str
    bank_id: str
    bank_version: str
    #: The cached result as JSON text (``None`` if there is none).
    result_json: str | None
    #: The ``SCORING_VERSION`` that cached result was made with (``None`` if none).
    scoring_version: int | None


def valid_id(attempt_id: object) -> bool:
    """Whether ``attempt_id`` can name a stored attempt (a positive 64-bit int, not a bool)."""
    return (
        isinstance(attempt_id, int)
        and not isinstance(attempt_id, bool)
        and (0 < attempt_id <= MAX_INT)
    )


def dump(value: object) -> str:
    """``value`` as compact JSON text."""
    return json.dumps(value, separators=(",", ":"))


def encode_answer(value: AnswerValue | None) -> str | None:
    """An answer as JSON text (``None`` stays ``None``: skipped)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise TypeError(f"an answer must be an int, a str or None, not {type(value).__name__}")
    return dump(value)


def decode_answer(path: Path, attempt_id: int, text: object) -> AnswerValue | None:
    """An answer of ``attempt_id`` from its JSON text; ``StoreError`` if damaged."""
    if text is None:
        return None
    try:
        value = json.loads(str(text))
    except ValueError as error:
        raise damaged_record_error(path, f"an answer of attempt {attempt_id}", error) from None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise damaged_record_error(
            path, f"an answer of attempt {attempt_id}", "not a number or key"
        )
    return value


def decode_order(path: Path, attempt_id: int, text: object) -> list[str]:
    """The question order of ``attempt_id`` from its JSON text; ``StoreError`` if damaged."""
    what = f"the question order of attempt {attempt_id}"
    try:
        order = json.loads(str(text))
    except ValueError as error:
        raise damaged_record_error(path, what, error) from None
    if not isinstance(order, list) or not all(isinstance(item, str) for item in order):
        raise damaged_record_error(path, what, "not a list")
    return cast("list[str]", order)


def attempt_from_row(path: Path, row: sqlite3.Row) -> Attempt:
    """An :class:`~leadquiz.models.Attempt` from a row holding :data:`ATTEMPT_COLUMNS`.

    Every column is checked for its type: a file someone else wrote may hold
    anything (a BLOB, a word where a score belongs), and that is a damaged
    record, said plainly, never a crash further on.
    """
    attempt_id = row["id"]
    if not valid_id(attempt_id):
        raise damaged_record_error(path, "an attempt", f"its id is {type(attempt_id).__name__}")
    assert isinstance(attempt_id, int)
    what = f"attempt {attempt_id}"
    score = row["overall_score"]
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
        raise damaged_record_error(path, what, "its score is not a number")
    seed = row["seed"]
    if seed is not None and not isinstance(seed, int):
        raise damaged_record_error(path, what, "its seed is not a number")
    status = _text(path, what, row["status"])
    if status not in ("in_progress", "finished"):
        raise damaged_record_error(path, what, "its status is unknown")
    finished_at, band = row["finished_at"], row["overall_band"]
    return Attempt(
        id=attempt_id,
        user=_text(path, what, row["user"]),
        bank_id=_text(path, what, row["bank_id"]),
        bank_version=_text(path, what, row["bank_version"]),
        bank_digest=_text(path, what, row["bank_digest"]),
        order=tuple(decode_order(path, attempt_id, row["question_order"])),
        seed=seed,
        status=cast(AttemptStatus, status),
        started_at=_text(path, what, row["started_at"]),
        finished_at=None if finished_at is None else _text(path, what, finished_at),
        overall_score=None if score is None else float(score),
        overall_band=None if band is None else _text(path, what, band),
        overall_se=_se(row["overall_se"]),
        answer_source=_source(row["answer_source"]),
    )


def _se(value: object) -> float | None:
    """The overall SE read from a current cache (``None`` when stale, missing or odd)."""
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _source(value: object) -> AnswerSource | None:
    """The stored answer source, or ``None`` when unknown (an attempt stored before it was)."""
    if value == "terminal":
        return "terminal"
    if value == "file":
        return "file"
    return None


def cached_rows(path: Path, rows: Iterable[tuple[object, ...]]) -> list[CachedRow]:
    """The :class:`CachedRow` of each row of :data:`CACHED_SQL` (plain tuples), types checked.

    A row whose columns all have their usual types (the id a valid id, the
    texts text, the cache text or ``NULL``, its version an int or ``NULL``) is
    taken as it is, in one check: a long export reads thousands. Any other row
    is read by :func:`cached_row`, which reads numbers as text and raises a
    ``StoreError`` for damage.
    """
    made: list[CachedRow] = []
    for row in rows:
        attempt_id, user, finished_at, bank_id, bank_version, cached, version = row
        if (
            type(attempt_id) is int
            and 0 < attempt_id <= MAX_INT
            and type(user) is str
            and type(finished_at) is str
            and type(bank_id) is str
            and type(bank_version) is str
            and (cached is None or type(cached) is str)
            and (version is None or type(version) is int)
        ):
            made.append(_as_cached_row(CachedRow, row))  # seven columns, as CACHED_SQL reads
        else:
            made.append(cached_row(path, row))
    return made


#: Makes a :class:`CachedRow` of a row's tuple without a Python-level call.
_as_cached_row = cast("Callable[[type[CachedRow], tuple[object, ...]], CachedRow]", tuple.__new__)


def cached_row(path: Path, row: tuple[object, ...]) -> CachedRow:
    """A :class:`CachedRow` from a row of :data:`CACHED_SQL` (a plain tuple), each type checked.

    A cached result that is not text is no cache at all (it is rescored).
    """
    attempt_id, user, finished_at, bank_id, bank_version, cached, version = row
    if not valid_id(attempt_id):
        raise damaged_record_error(path, "an attempt", f"its id is {type(attempt_id).__name__}")
    assert isinstance(attempt_id, int)
    what = f"attempt {attempt_id}"
    return CachedRow(
        id=attempt_id,
        user=_text(path, what, user),
        finished_at=_text(path, what, finished_at),
        bank_id=_text(path, what, bank_id),
        bank_version=_text(path, what, bank_version),
        result_json=cached if isinstance(cached, str) else None,
        scoring_version=version if isinstance(version, int) else None,
    )


def _text(path: Path, what: str, value: object) -> str:
    """A text column's value; numbers are read as text, anything else is damage."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise damaged_record_error(path, what, f"a text column holds {type(value).__name__}")


def check_order(bank: Bank, order: tuple[str, ...]) -> None:
    """Raise ``ValueError`` unless ``order`` can be stored as the question order of ``bank``.

    The bank needs a digest, and the order at least one question, each a
    question of the bank, none twice.
    """
    if not bank.digest:
        raise ValueError("the bank has no digest; load it with leadquiz.banks.loader")
    if not order:
        raise ValueError("an attempt needs at least one question")
    if len(set(order)) != len(order):
        raise ValueError("the question order repeats a question")
    unknown = [qid for qid in order if bank.question(qid) is None]
    if unknown:
        raise ValueError(f"the question order names unknown questions: {unknown!r}")
