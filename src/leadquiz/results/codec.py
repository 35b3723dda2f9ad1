"""A scored result as JSON-ready data and back: the cache stored with each attempt.

``result_to_dict`` writes every field of a :class:`~leadquiz.models.Result`
with the :data:`~leadquiz.results.scoring.SCORING_VERSION` it was made with;
``result_from_dict`` reads such data back, checking every field, and raises
``ValueError`` for anything malformed. Whether a cache is still current (its
scoring version) is the caller's question.
"""

from __future__ import annotations

from collections.abc import Mapping

from leadquiz.models import NOTE_KINDS, DimensionScore, NoteKind, QualityNote, Result
from leadquiz.results.scoring import SCORING_VERSION


def result_to_dict(result: Result) -> dict[str, object]:
    """Return a JSON-ready dict of a result (with ``scoring_version``), for caching."""
    return {
        "overall": {"score": result.overall_score, "band": result.overall_band},
        "dimensions": [
            {
                "id": d.id,
                "title": d.title,
                "score": d.score,
                "band": d.band,
                "answered": d.answered,
                "total": d.total,
                "manager_strength": d.manager_strength,
                "leader_strength": d.leader_strength,
            }
            for d in result.dimensions
        ],
        "answered": result.answered,
        "skipped": result.skipped,
        "total": result.total,
        "notes": [
            {"kind": n.kind, "message": n.message, "dimensions": list(n.dimensions)}
            for n in result.notes
        ],
        "scoring_version": SCORING_VERSION,
    }


def result_from_dict(data: Mapping[str, object]) -> Result:
    """Rebuild a result from :func:`result_to_dict` output; raise ValueError if malformed.

    ``scoring_version`` is not checked here: a caller holding a cache compares it
    with :data:`SCORING_VERSION` and rescores from the raw answers when it differs.
    """
    overall = _mapping(data, "overall")
    dimensions = tuple(
        DimensionScore(
            id=_str(d, "id"),
            title=_str(d, "title"),
            score=_float_or_none(d, "score"),
            band=_str_or_none(d, "band"),
            answered=_int(d, "answered"),
            total=_int(d, "total"),
            manager_strength=_float_or_none(d, "manager_strength"),
            leader_strength=_float_or_none(d, "leader_strength"),
        )
        for d in _mappings(data, "dimensions")
    )
    notes = tuple(
        QualityNote(
            kind=_note_kind(_str(n, "kind")),
            message=_str(n, "message"),
            dimensions=tuple(_strs(n, "dimensions")),
        )
        for n in _mappings(data, "notes")
    )
    return Result(
        overall_score=_float_or_none(overall, "score"),
        overall_band=_str_or_none(overall, "band"),
        dimensions=dimensions,
        answered=_int(data, "answered"),
        skipped=_int(data, "skipped"),
        total=_int(data, "total"),
        notes=notes,
    )


# --- reading cached dicts ---------------------------------------------------


def _get(data: Mapping[str, object], key: str) -> object:
    if key not in data:
        raise ValueError(f"result data lacks {key!r}")
    return data[key]


def _int(data: Mapping[str, object], key: str) -> int:
    value = _get(data, key)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"result data: {key!r} must be a whole number, got {value!r}")
    return value


def _str(data: Mapping[str, object], key: str) -> str:
    value = _get(data, key)
    if not isinstance(value, str):
        raise ValueError(f"result data: {key!r} must be a string, got {value!r}")
    return value


def _str_or_none(data: Mapping[str, object], key: str) -> str | None:
    return None if _get(data, key) is None else _str(data, key)


def _float_or_none(data: Mapping[str, object], key: str) -> float | None:
    value = _get(data, key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"result data: {key!r} must be a number or null, got {value!r}")
    return float(value)


def _mapping(data: Mapping[str, object], key: str) -> Mapping[str, object]:
    value = _get(data, key)
    if not isinstance(value, Mapping):
        raise ValueError(f"result data: {key!r} must be an object")
    return value


def _list(data: Mapping[str, object], key: str) -> list[object]:
    value = _get(data, key)
    if not isinstance(value, list | tuple):
        raise ValueError(f"result data: {key!r} must be a list")
    return list(value)


def _mappings(data: Mapping[str, object], key: str) -> list[Mapping[str, object]]:
    items = _list(data, key)
    if not all(isinstance(item, Mapping) for item in items):
        raise ValueError(f"result data: {key!r} must be a list of objects")
    return [item for item in items if isinstance(item, Mapping)]


def _strs(data: Mapping[str, object], key: str) -> list[str]:
    items = _list(data, key)
    if not all(isinstance(item, str) for item in items):
        raise ValueError(f"result data: {key!r} must be a list of strings")
    return [item for item in items if isinstance(item, str)]


def _note_kind(kind: str) -> NoteKind:
    for known in NOTE_KINDS:
        if kind == known:
            return known
    raise ValueError(f"result data: unknown note kind {kind!r}")
