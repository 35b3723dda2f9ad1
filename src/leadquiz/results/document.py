"""The JSON documents ``leadquiz/result/2`` and ``leadquiz/compare/1`` (docs/json.md).

Used by ``report --json``, ``take --json``, ``compare --json`` and ``export
--format json``; described field by field in docs/json.md. Kept outside
:mod:`leadquiz.exporters` so that ``--json`` loads nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadquiz.formatting import iso_utc
from leadquiz.models import Attempt, DimensionScore, ReportData
from leadquiz.results import noise, precision
from leadquiz.results.scoring import SCORING_VERSION

# Role, observers, "why" and comparisons are imported where a document has them:
# ``take --json`` and ``report --json`` of an attempt without them load none.
if TYPE_CHECKING:
    from leadquiz.results.comparison import Comparison, DimensionChange

#: The schema of the result document.
RESULT_SCHEMA = "leadquiz/result/2"
#: The schema of the comparison document.
COMPARE_SCHEMA = "leadquiz/compare/1"


def result_document(data: ReportData, *, include_answers: bool = False) -> dict[str, object]:
    """The machine-readable result of one attempt as a JSON-ready dict (``leadquiz/result/2``).

    Scores, standard errors and interval ends are floats with one decimal,
    ``null`` for an unanswered dimension. ``previous`` is the change of the
    overall score since the previous attempt of the bank, with its verdict
    (``null`` for a first attempt). ``role`` is present only when the user made
    a role profile before the attempt finished. With ``include_answers`` the raw
    answers follow, in the order they were asked (``{"question": id, "value": v
    or null, "skipped": bool}``), and ``why``: each area's answers by how far they pulled.
    """
    attempt, result = data.attempt, data.result
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
        "overall": {
            "score": result.overall_score,
            "band": result.overall_band,
            "se": _one_decimal(result.overall_se),
            "interval": _pair(result.overall_interval),
        },
        "answered": result.answered,
        "skipped": result.skipped,
        "total": result.total,
        "dimensions": [_dimension(d) for d in result.dimensions],
        "notes": [
            {"kind": n.kind, "message": n.message, "dimensions": list(n.dimensions)}
            for n in result.notes
        ],
        "previous": _previous(data),
        "scoring_version": SCORING_VERSION,
    }
    if data.role is not None:
        from leadquiz.results.role import role_document, role_gaps

        document["role"] = role_document(data.role, role_gaps(data))
    if data.observers is not None:
        from leadquiz.results.observers import others_document

        others = others_document(data.observers)
        if others is not None:
            document["others"] = others
    if include_answers:
        from leadquiz.results import why

        document["answers"] = [
            {"question": question_id, "value": value, "skipped": value is None}
            for question_id, value in data.answers
        ]
        document["why"] = why.why_document(why.why(data))
    return document


def compare_document(comparison: Comparison) -> dict[str, object]:
    """Two attempts compared as a JSON-ready dict (``leadquiz/compare/1``)."""
    return {
        "schema": COMPARE_SCHEMA,
        "a": _attempt_ref(comparison.a.attempt),
        "b": _attempt_ref(comparison.b.attempt),
        "same_bank": comparison.same_bank,
        "overall": _change(comparison.overall),
        "dimensions": [_change(d) for d in comparison.dimensions],
        "only_in_a": [dimension_id for dimension_id, _ in comparison.only_in_a],
        "only_in_b": [dimension_id for dimension_id, _ in comparison.only_in_b],
        "questions_changed": None
        if comparison.questions_changed is None
        else [area_id for area_id, _ in comparison.questions_changed],
    }


def _dimension(d: DimensionScore) -> dict[str, object]:
    return {
        "id": d.id,
        "title": d.title,
        "score": d.score,
        "band": d.band,
        "answered": d.answered,
        "total": d.total,
        "se": _one_decimal(d.se),
        "interval": _pair(d.interval),
        "few_answers": d.few_answers,
        "manager_strength": d.manager_strength,
        "leader_strength": d.leader_strength,
    }


def _previous(data: ReportData) -> dict[str, object] | None:
    rows = noise.history(data)
    if len(rows) < 2:
        return None
    before, now = rows[-2], rows[-1]
    return {
        "attempt": before.attempt_id,
        "score": before.score,
        "change": now.delta,
        "threshold": _shown_threshold(now.threshold),
        "beyond_noise": now.beyond_noise,
    }


def _attempt_ref(attempt: Attempt) -> dict[str, object]:
    return {
        "attempt": attempt.id,
        "bank": {"id": attempt.bank_id, "version": attempt.bank_version},
        "finished_at": iso_utc(attempt.finished_at),
    }


def _change(change: DimensionChange) -> dict[str, object]:
    return {
        "id": change.id,
        "a": change.score_a,
        "b": change.score_b,
        "change": change.change,
        "threshold": _shown_threshold(change.threshold),
        "beyond_noise": change.beyond_noise,
    }


def _one_decimal(value: float | None) -> float | None:
    """A standard error as shown: one decimal, half up."""
    return None if value is None else precision.one_decimal(value)


def _shown_threshold(value: float | None) -> float | None:
    """A threshold as shown: one decimal, rounded down (``precision.shown_threshold``)."""
    return None if value is None else precision.shown_threshold(value)


def _pair(pair: tuple[float, float] | None) -> list[float] | None:
    return None if pair is None else [pair[0], pair[1]]
