"""The result JSON (docs/json.md), for ``--json`` and ``export --format json``.

Kept outside :mod:`leadquiz.exporters` so that ``--json`` loads nothing else.
"""

from __future__ import annotations

from leadquiz.formatting import iso_utc
from leadquiz.models import ReportData
from leadquiz.results.codec import result_to_dict
from leadquiz.results.observers import others_document
from leadquiz.results.role import role_document, role_gaps

#: The version of this document (docs/json.md: every JSON document names its schema).
RESULT_SCHEMA = "leadquiz/result/1"


def result_document(data: ReportData, *, include_answers: bool = False) -> dict[str, object]:
    """The machine-readable result of one attempt as a JSON-ready dict.

    Scores are floats with one decimal, ``null`` for an unanswered dimension.
    ``role`` is present only when the user made a role profile before the attempt finished.
    With ``include_answers`` the raw answers follow, in the order they were asked:
    ``{"question": id, "value": v or null, "skipped": bool}``.
    """
    attempt, result = data.attempt, data.result
    scored = result_to_dict(result)
    document: dict[str, object] = {
        "schema": RESULT_SCHEMA,
        "attempt": attempt.id,
        "user": attempt.user,
        "bank": {
            "id": attempt.bank_id,
            "version": attempt.bank_version,
            "title": data.bank.title,
            "digest": attempt.bank_digest,
        },
        "started_at": iso_utc(attempt.started_at),
        "finished_at": iso_utc(attempt.finished_at),
        "overall": scored["overall"],
        "answered": result.answered,
        "skipped": result.skipped,
        "total": result.total,
        "dimensions": scored["dimensions"],
        "notes": scored["notes"],
        "scoring_version": scored["scoring_version"],
    }
    if data.role is not None:
        document["role"] = role_document(data.role, role_gaps(data))
    others = others_document(data.observers)
    if others is not None:
        document["others"] = others
    if include_answers:
        document["answers"] = [
            {"question": question_id, "value": value, "skipped": value is None}
            for question_id, value in data.answers
        ]
    return document
