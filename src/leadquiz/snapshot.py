"""A bank as JSON, so a stored attempt can be reported without its bank file.

``bank_to_json`` writes every field of ``Bank`` (and of its sources,
dimensions, questions and options) as compact JSON with sorted keys;
``bank_from_json`` gives back an equal ``Bank``, field for field. Numbers keep
their type (an ``int`` weight stays an ``int``, a ``float`` stays a ``float``).
"""

from __future__ import annotations

import json
from typing import Any, cast

from leadquiz.models import (
    POLES,
    QUESTION_TYPES,
    Bank,
    Dimension,
    Option,
    Question,
    Source,
)

#: The layout of the JSON written by ``bank_to_json``; bumped if it ever changes.
SNAPSHOT_FORMAT = 1


def bank_to_json(bank: Bank) -> str:
    """Return the whole bank as compact JSON with sorted keys (ASCII only)."""
    data = {
        "snapshot": SNAPSHOT_FORMAT,
        "schema": bank.schema,
        "id": bank.id,
        "title": bank.title,
        "version": bank.version,
        "description": bank.description,
        "digest": bank.digest,
        "origin": bank.origin,
        "sources": [
            {"id": s.id, "title": s.title, "author": s.author, "url": s.url} for s in bank.sources
        ],
        "dimensions": [
            {
                "id": d.id,
                "title": d.title,
                "manager_pole": d.manager_pole,
                "leader_pole": d.leader_pole,
                "about": d.about,
                "toward_leader": list(d.toward_leader),
                "toward_manager": list(d.toward_manager),
            }
            for d in bank.dimensions
        ],
        "questions": [
            {
                "id": q.id,
                "dimension": q.dimension,
                "type": q.type,
                "text": q.text,
                "keyed": q.keyed,
                "weight": q.weight,
                "source": q.source,
                "options": [{"key": o.key, "text": o.text, "lean": o.lean} for o in q.options],
            }
            for q in bank.questions
        ],
    }
    # ASCII output: lone surrogates and odd characters survive any storage as escapes.
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def bank_from_json(text: str) -> Bank:
    """Rebuild the bank written by ``bank_to_json``.

    Raises ``ValueError`` naming the first problem if ``text`` is not such a
    snapshot (bad JSON, a missing key, a value of the wrong type, or a newer
    snapshot format).
    """
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise ValueError(f"bank snapshot is not valid JSON: {error}") from None
    root = _object(data, "bank snapshot")
    form = _int(root, "snapshot", "bank snapshot")
    if form != SNAPSHOT_FORMAT:
        raise ValueError(f"bank snapshot has format {form}; this leadquiz reads {SNAPSHOT_FORMAT}")
    return Bank(
        schema=_int(root, "schema", "bank"),
        id=_str(root, "id", "bank"),
        title=_str(root, "title", "bank"),
        version=_str(root, "version", "bank"),
        description=_str(root, "description", "bank"),
        sources=tuple(_source(item) for item in _list(root, "sources", "bank")),
        dimensions=tuple(_dimension(item) for item in _list(root, "dimensions", "bank")),
        questions=tuple(_question(item) for item in _list(root, "questions", "bank")),
        digest=_str(root, "digest", "bank"),
        origin=_str(root, "origin", "bank"),
    )


def _source(value: object) -> Source:
    data = _object(value, "source")
    return Source(
        id=_str(data, "id", "source"),
        title=_str(data, "title", "source"),
        author=_str(data, "author", "source"),
        url=_str(data, "url", "source"),
    )


def _dimension(value: object) -> Dimension:
    data = _object(value, "dimension")
    return Dimension(
        id=_str(data, "id", "dimension"),
        title=_str(data, "title", "dimension"),
        manager_pole=_str(data, "manager_pole", "dimension"),
        leader_pole=_str(data, "leader_pole", "dimension"),
        about=_str(data, "about", "dimension"),
        toward_leader=_strings(data, "toward_leader", "dimension"),
        toward_manager=_strings(data, "toward_manager", "dimension"),
    )


def _question(value: object) -> Question:
    data = _object(value, "question")
    kind = _str(data, "type", "question")
    if kind not in QUESTION_TYPES:
        raise ValueError(f"question has unknown type {kind!r}")
    keyed = _field(data, "keyed", "question")
    if keyed is not None and keyed not in POLES:
        raise ValueError(f"question has unknown keyed pole {keyed!r}")
    return Question(
        id=_str(data, "id", "question"),
        dimension=_str(data, "dimension", "question"),
        type=kind,
        text=_str(data, "text", "question"),
        keyed=keyed,
        weight=_number(data, "weight", "question"),
        source=_str(data, "source", "question"),
        options=tuple(_option(item) for item in _list(data, "options", "question")),
    )


def _option(value: object) -> Option:
    data = _object(value, "option")
    return Option(
        key=_str(data, "key", "option"),
        text=_str(data, "text", "option"),
        lean=_number(data, "lean", "option"),
    )


def _object(value: object, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError(f"{what} is not a JSON object")
    return cast("dict[str, Any]", value)


def _field(data: dict[str, Any], key: str, what: str) -> object:
    if key not in data:
        raise ValueError(f"{what} has no {key!r}")
    return cast(object, data[key])


def _str(data: dict[str, Any], key: str, what: str) -> str:
    value = _field(data, key, what)
    if not isinstance(value, str):
        raise ValueError(f"{what} {key!r} is not a string")
    return value


def _int(data: dict[str, Any], key: str, what: str) -> int:
    value = _field(data, key, what)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{what} {key!r} is not an integer")
    return value


def _number(data: dict[str, Any], key: str, what: str) -> float:
    value = _field(data, key, what)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ValueError(f"{what} {key!r} is not a number")
    return value


def _list(data: dict[str, Any], key: str, what: str) -> list[object]:
    value = _field(data, key, what)
    if not isinstance(value, list):
        raise ValueError(f"{what} {key!r} is not a list")
    return cast("list[object]", value)


def _strings(data: dict[str, Any], key: str, what: str) -> tuple[str, ...]:
    items = _list(data, key, what)
    if not all(isinstance(item, str) for item in items):
        raise ValueError(f"{what} {key!r} is not a list of strings")
    return tuple(cast("list[str]", items))
