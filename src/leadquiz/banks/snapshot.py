"""A bank as JSON, so a stored attempt can be reported without its bank file.

``bank_to_json`` writes every field of ``Bank`` (and of its sources,
dimensions, questions and options) as compact JSON with sorted keys;
``bank_from_json`` gives back an equal ``Bank``, field for field. Numbers keep
their type (an ``int`` weight stays an ``int``, a ``float`` stays a ``float``).
"""

from __future__ import annotations

import json
from typing import cast

from leadquiz.models import (
    POLES,
    QUESTION_TYPES,
    SCALES,
    Bank,
    Dimension,
    Option,
    Question,
    Scale,
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
        "scale": bank.scale,
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
                "manager_strengths": d.manager_strengths,
                "manager_risks": d.manager_risks,
                "leader_strengths": d.leader_strengths,
                "leader_risks": d.leader_risks,
                "item_noise": d.item_noise,
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
                "observer_text": q.observer_text,
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
    form = _Fields(data, "bank snapshot").integer("snapshot")
    if form != SNAPSHOT_FORMAT:
        raise ValueError(f"bank snapshot has format {form}; this leadquiz reads {SNAPSHOT_FORMAT}")
    bank = _Fields(data, "bank")
    return Bank(
        schema=bank.integer("schema"),
        **bank.texts("id", "title", "version", "description"),
        sources=tuple(_source(item) for item in bank.items("sources")),
        dimensions=tuple(_dimension(item) for item in bank.items("dimensions")),
        questions=tuple(_question(item) for item in bank.items("questions")),
        **bank.texts("digest", "origin"),
        scale=_scale(data),
    )


def _scale(data: object) -> Scale:
    """The bank's scale; snapshots stored before schema 3 have none (``agreement``)."""
    fields = _Fields(data, "bank")
    written = fields.optional_texts("scale").get("scale", "agreement")
    for scale in SCALES:
        if written == scale:
            return scale
    raise ValueError(f"bank has unknown scale {written!r}")


def _source(value: object) -> Source:
    return Source(**_Fields(value, "source").texts("id", "title", "author", "url"))


def _dimension(value: object) -> Dimension:
    data = _Fields(value, "dimension")
    return Dimension(
        **data.texts("id", "title", "manager_pole", "leader_pole", "about"),
        toward_leader=data.strings("toward_leader"),
        toward_manager=data.strings("toward_manager"),
        # Schema-2 fields: snapshots stored before they existed have none.
        **data.optional_texts(
            "manager_strengths", "manager_risks", "leader_strengths", "leader_risks"
        ),
        item_noise=data.optional_number("item_noise"),
    )


def _question(value: object) -> Question:
    data = _Fields(value, "question")
    kind = data.text("type")
    if kind not in QUESTION_TYPES:
        raise ValueError(f"question has unknown type {kind!r}")
    keyed = data.field("keyed")
    if keyed is not None and keyed not in POLES:
        raise ValueError(f"question has unknown keyed pole {keyed!r}")
    return Question(
        **data.texts("id", "dimension"),
        type=kind,
        text=data.text("text"),
        keyed=keyed,
        weight=data.number("weight"),
        source=data.text("source"),
        options=tuple(_option(item) for item in data.items("options")),
        **data.optional_texts("observer_text"),
    )


def _option(value: object) -> Option:
    data = _Fields(value, "option")
    return Option(**data.texts("key", "text"), lean=data.number("lean"))


class _Fields:
    """One JSON object of a snapshot, read field by field; ``what`` names it in every error."""

    def __init__(self, value: object, what: str) -> None:
        if not isinstance(value, dict):
            raise ValueError(f"{what} is not a JSON object")
        self._data = cast("dict[str, object]", value)
        self._what = what

    def field(self, key: str) -> object:
        """The value of ``key``, whatever it is; ``ValueError`` if missing."""
        if key not in self._data:
            raise ValueError(f"{self._what} has no {key!r}")
        return self._data[key]

    def text(self, key: str) -> str:
        """The string at ``key``."""
        value = self.field(key)
        if not isinstance(value, str):
            raise ValueError(f"{self._what} {key!r} is not a string")
        return value

    def texts(self, *keys: str) -> dict[str, str]:
        """The strings at ``keys``, read in that order, by key."""
        return {key: self.text(key) for key in keys}

    def optional_texts(self, *keys: str) -> dict[str, str]:
        """The strings at those of ``keys`` that are present (a field added later)."""
        return {key: self.text(key) for key in keys if key in self._data}

    def optional_number(self, key: str) -> float | None:
        """The number at ``key``, or ``None`` when it is missing or null."""
        if self._data.get(key) is None:
            return None
        return self.number(key)

    def integer(self, key: str) -> int:
        """The integer at ``key`` (not a bool)."""
        value = self.field(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"{self._what} {key!r} is not an integer")
        return value

    def number(self, key: str) -> float:
        """The number at ``key``, int or float as written (not a bool)."""
        value = self.field(key)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise ValueError(f"{self._what} {key!r} is not a number")
        return value

    def items(self, key: str) -> list[object]:
        """The list at ``key``."""
        value = self.field(key)
        if not isinstance(value, list):
            raise ValueError(f"{self._what} {key!r} is not a list")
        return cast("list[object]", value)

    def strings(self, key: str) -> tuple[str, ...]:
        """The list of strings at ``key``, as a tuple."""
        items = self.items(key)
        if not all(isinstance(item, str) for item in items):
            raise ValueError(f"{self._what} {key!r} is not a list of strings")
        return tuple(cast("list[str]", items))
