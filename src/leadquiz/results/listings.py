"""The JSON documents of the listing commands: ``history``, ``users`` and ``banks list``.

Each carries its ``schema`` (``leadquiz/<kind>/<n>``) and is described field
by field in docs/json.md. Times are ISO-8601 in UTC with their offset, attempt
ids are integers, scores numbers with one decimal: the same types as the CSV.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from leadquiz.formatting import iso_utc
from leadquiz.models import Bank
from leadquiz.results import precision
from leadquiz.results.trends import HistoryRow

HISTORY_SCHEMA = "leadquiz/history/1"
USERS_SCHEMA = "leadquiz/users/1"
BANKS_SCHEMA = "leadquiz/banks/1"
#: The schema of ``banks show --json``.
BANK_SCHEMA = "leadquiz/bank/1"


def history_document(
    user: str, rows: Sequence[HistoryRow], responses: Mapping[int, int] | None = None
) -> dict[str, object]:
    """``history --json``: every attempt of ``user``, newest first.

    ``responses`` counts the observer responses imported for each attempt id.
    """
    counts = responses or {}
    return {
        "schema": HISTORY_SCHEMA,
        "user": user,
        "attempts": [
            {
                "attempt": row.attempt.id,
                "status": row.attempt.status,
                "bank": {"id": row.attempt.bank_id, "version": row.attempt.bank_version},
                "started_at": iso_utc(row.attempt.started_at),
                "finished_at": iso_utc(row.attempt.finished_at),
                "overall": {"score": row.attempt.overall_score, "band": row.attempt.overall_band},
                "change": row.change,
                "responses": counts.get(row.attempt.id, 0),
                "threshold": None
                if row.threshold is None
                else precision.shown_threshold(row.threshold),
                "beyond_noise": row.beyond_noise,
            }
            for row in rows
        ],
    }


def users_document(
    users: Sequence[tuple[str, int, str | None]], responses: Mapping[str, int] | None = None
) -> dict[str, object]:
    """``users --json``: everyone with saved attempts, by name, with their observer responses."""
    counts = responses or {}
    return {
        "schema": USERS_SCHEMA,
        "users": [
            {
                "user": name,
                "attempts": count,
                "latest_started_at": iso_utc(latest),
                "responses": counts.get(name, 0),
            }
            for name, count, latest in users
        ],
    }


def banks_document(banks: Sequence[Bank]) -> dict[str, object]:
    """``banks list --json``: the bundled banks with their areas."""
    return {
        "schema": BANKS_SCHEMA,
        "banks": [
            {
                "id": bank.id,
                "title": bank.title,
                "version": bank.version,
                "bank_schema": bank.schema,
                "description": bank.description,
                "questions": len(bank.questions),
                "dimensions": [
                    {
                        "id": dimension.id,
                        "title": dimension.title,
                        "questions": len(bank.questions_in(dimension.id)),
                    }
                    for dimension in bank.dimensions
                ],
                "digest": bank.digest,
            }
            for bank in banks
        ],
    }


def bank_document(bank: Bank) -> dict[str, object]:
    """``banks show --json``: one bank, its sources, areas and questions (``leadquiz/bank/1``)."""
    from leadquiz.banks.duration import bank_minutes

    low, high = bank_minutes(bank)
    return {
        "schema": BANK_SCHEMA,
        "id": bank.id,
        "title": bank.title,
        "version": bank.version,
        "bank_schema": bank.schema,
        "description": bank.description,
        "minutes": [low, high],
        "digest": bank.digest,
        "sources": [
            {"id": s.id, "title": s.title, "author": s.author, "url": s.url} for s in bank.sources
        ],
        "dimensions": [
            {
                "id": d.id,
                "title": d.title,
                "manager_pole": d.manager_pole,
                "leader_pole": d.leader_pole,
                "questions": len(bank.questions_in(d.id)),
            }
            for d in bank.dimensions
        ],
        "questions": [
            {
                "id": q.id,
                "dimension": q.dimension,
                "type": q.type,
                "text": q.text,
                **({"keyed": q.keyed} if q.type == "likert" else {}),
                **(
                    {"options": [{"key": o.key, "text": o.text} for o in q.options]}
                    if q.type == "choice"
                    else {}
                ),
            }
            for q in bank.questions
        ],
    }
