"""A scored result as JSON-ready data and back: the cache stored with each attempt.

``result_to_dict`` writes every field of a :class:`~leadquiz.models.Result`
with the :data:`~leadquiz.results.scoring.SCORING_VERSION` it was made with;
``result_from_dict`` reads such data back, checking every field, and raises
``ValueError`` for anything malformed. Whether a cache is still current (its
scoring version) is the caller's question.

The cache is stored as text: :func:`encode_cached` writes it and
:func:`decode_cached` reads it. A long CSV export reads the dimensions of
thousands of caches without decoding each whole; :func:`cached_parts`
splits them out of the text, which relies on exactly how :func:`encode_cached`
frames it, so both live here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from leadquiz.models import NOTE_KINDS, DimensionScore, NoteKind, QualityNote, Result
from leadquiz.results.scoring import SCORING_VERSION


def result_to_dict(result: Result) -> dict[str, object]:
    """Return a JSON-ready dict of a result (with ``scoring_version``), for caching."""
    return {
        "overall": {
            "score": result.overall_score,
            "band": result.overall_band,
            "se": result.overall_se,
            "interval": _pair_or_none(result.overall_interval),
        },
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
                "se": d.se,
                "interval": _pair_or_none(d.interval),
                "few_answers": d.few_answers,
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
            se=_float_or_none(d, "se"),
            interval=_interval(d),
            few_answers=_bool(d, "few_answers"),
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
        overall_se=_float_or_none(overall, "se"),
        overall_interval=_interval(overall),
    )


def _pair_or_none(pair: tuple[float, float] | None) -> list[float] | None:
    return None if pair is None else [pair[0], pair[1]]


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


def _bool(data: Mapping[str, object], key: str) -> bool:
    value = _get(data, key)
    if not isinstance(value, bool):
        raise ValueError(f"result data: {key!r} must be true or false, got {value!r}")
    return value


def _interval(data: Mapping[str, object]) -> tuple[float, float] | None:
    value = _get(data, "interval")
    if value is None:
        return None
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        raise ValueError(f"result data: 'interval' must be [low, high] or null, got {value!r}")
    return float(value[0]), float(value[1])


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


#: How :func:`encode_cached` frames the text: the overall score first, the
#: dimensions next, the version last.
_CACHE_START = '{"overall": '
_CACHE_END = f', "scoring_version": {SCORING_VERSION}}}'
#: Each of these holds a quote after a character other than a backslash, so it is never
#: inside a JSON string: splitting there cannot cut into a title, however odd.
_DIMENSIONS_START = ', "dimensions": [{"id": '
_DIMENSIONS_END = '}], "answered": '
_NEXT_DIMENSION = '}, {"id": '
_DIMENSION_START = '{"id": '
_EMPTY_DIMENSIONS = ', "dimensions": ['


def encode_cached(result: Result) -> str:
    """The cached result of an attempt, as the text stored with it."""
    return json.dumps(result_to_dict(result))


def decode_cached(text: str | None) -> Result | None:
    """A cached result read back; ``None`` when there is none or it is malformed."""
    if not text:
        return None
    try:
        return result_from_dict(json.loads(text))
    except (ValueError, TypeError):
        return None


def cached_parts(text: str | None, scoring_version: int | None) -> tuple[list[str], str] | None:
    """A current cache cut in two: its dimension objects, and the rest of it.

    The dimension objects come each as the text between its braces; the rest
    is the cache with an empty dimension list, which :func:`decode_cached`
    reads as a result without dimensions (overall score, counts, notes).
    ``None`` when the cache is missing, of another scoring version, or not
    framed as :func:`encode_cached` frames it. A piece is not yet checked: read
    it with :func:`dimensions_of_pieces` before trusting it.

    A long CSV export cuts every cache of a history, so the text is searched
    once for where the dimensions start (near its beginning) and once, from
    its end, for where they end (only the notes come after them). The end
    marker holds a quote after a space, so it is never inside a JSON string;
    if a tampered cache has it inside a dimension as well (after a nested
    array), the pieces are cut at the last one, which is where the array ends
    when every piece reads as an object.
    """
    if (
        scoring_version != SCORING_VERSION
        or text is None
        or not text.startswith(_CACHE_START)
        or not text.endswith(_CACHE_END)
    ):
        return None
    start = text.find(_DIMENSIONS_START)
    end = text.rfind(_DIMENSIONS_END, start)
    if start < 0 or end < 0:
        return None
    pieces = text[start + len(_DIMENSIONS_START) : end].split(_NEXT_DIMENSION)
    return pieces, text[:start] + _EMPTY_DIMENSIONS + text[end + len("}") :]


def dimensions_of_pieces(pieces: Sequence[str]) -> tuple[DimensionScore, ...] | None:
    """The dimension scores that pieces of :func:`cached_parts` hold.

    Each piece is read as a JSON object on its own and checked as
    :func:`result_from_dict` checks a dimension; ``None`` if one is not one.
    As every piece is then a whole JSON value, the array held exactly these.
    """
    try:
        dimensions = [json.loads(_DIMENSION_START + piece + "}") for piece in pieces]
        result = result_from_dict(
            {
                "overall": {"score": None, "band": None, "se": None, "interval": None},
                "dimensions": dimensions,
                "answered": 0,
                "skipped": 0,
                "total": 0,
                "notes": [],
            }
        )
    except (ValueError, TypeError):
        return None
    return result.dimensions
