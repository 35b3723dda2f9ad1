"""Schema 2's fields: each area's strengths and risks per pole, ``item_noise``, ``observer_text``.

Schema 2 is schema 1 plus optional fields (``docs/bank-format.md``, "Schema 2:
the fields it adds"). They are checked like the old ones: type, length, control
characters and, for ``observer_text``, the one placeholder ``{name}``. A bank
that uses one of them while it says ``schema: 1`` is refused at that field,
so a coach who adds a field learns at once to raise the schema.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadquiz.banks.fields import FieldReader
from leadquiz.banks.yamlstrict import Mapping

#: The schema that added these fields.
SCHEMA = 2
#: What each pole brings in an area and what it costs ("Brings" / "Watch for").
POLE_TEXT_KEYS = ("manager_strengths", "manager_risks", "leader_strengths", "leader_risks")
DIMENSION_KEYS = (*POLE_TEXT_KEYS, "item_noise")
QUESTION_KEYS = ("observer_text",)
#: One or two sentences each; longer text stops reading as a line of a report.
MAX_POLE_TEXT = 400
#: An observer's question may be a whole scenario, like the question it mirrors.
MAX_OBSERVER_TEXT = 1000
#: The one placeholder of ``observer_text``: the name of the person described.
PLACEHOLDER = "{name}"


@dataclass(frozen=True)
class AreaTexts:
    """The schema-2 fields of one dimension (``""`` and ``None`` where the bank has none)."""

    manager_strengths: str = ""
    manager_risks: str = ""
    leader_strengths: str = ""
    leader_risks: str = ""
    item_noise: float | None = None


def refuse_in_schema1(reader: FieldReader, mapping: object, keys: tuple[str, ...]) -> None:
    """Record a problem at each of ``keys`` that ``mapping`` uses: they need ``schema: 2``."""
    assert isinstance(mapping, Mapping)
    for name, (key, _value) in mapping.items.items():
        if name in keys:
            reader.problem(
                key,
                f"'{name}' is a schema-{SCHEMA} field; say `schema: {SCHEMA}` "
                "at the top of the bank to use it",
            )


def area_texts(reader: FieldReader, node: object, what: str) -> AreaTexts:
    """Read and check a dimension's strengths, risks and ``item_noise``."""
    texts = {key: _pole_text(reader, node, key, what) for key in POLE_TEXT_KEYS}
    return AreaTexts(**texts, item_noise=_item_noise(reader, node, what))


def observer_text(reader: FieldReader, node: object, what: str) -> str:
    """Read and check a question's ``observer_text`` (``""`` when it has none)."""
    if reader.value(node, "observer_text") is None:
        return ""
    text = reader.text(node, "observer_text", what)
    where = reader.value(node, "observer_text")
    if len(text) > MAX_OBSERVER_TEXT:
        reader.problem(
            where,
            f"{what}: 'observer_text' is {len(text)} characters long; "
            f"at most {MAX_OBSERVER_TEXT} are allowed",
        )
    for message in placeholder_problems(text):
        reader.problem(where, f"{what}: 'observer_text' {message}")
    return text


def placeholder_problems(text: str) -> list[str]:
    """What is wrong with the braces of an observer text, each with its character position.

    ``{name}`` is the only placeholder and must appear at least once; any other
    brace (unknown placeholder, ``{`` left open, ``}`` never opened) is refused.
    Positions count characters of the text from 1, after line breaks became spaces.
    """
    found: list[str] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "}":
            found.append(f"has a '}}' with no '{{' before it at character {index + 1}")
        elif char == "{":
            end = _closing_brace(text, index)
            if end is None:
                found.append(f"has a '{{' that is never closed at character {index + 1}")
            else:
                token = text[index : end + 1]
                if token != PLACEHOLDER:
                    found.append(
                        f"has the unknown placeholder {token!r} at character {index + 1}; "
                        f"the only placeholder is {PLACEHOLDER} and braces are not allowed "
                        "otherwise"
                    )
                index = end
        index += 1
    if text and PLACEHOLDER not in text:
        found.append(f"must name the person described with {PLACEHOLDER}")
    return found


def _closing_brace(text: str, start: int) -> int | None:
    """The index of the ``}`` closing the ``{`` at ``start``.

    ``None`` when another ``{`` or the end of the text comes first.
    """
    for index in range(start + 1, len(text)):
        if text[index] == "}":
            return index
        if text[index] == "{":
            return None
    return None


def _pole_text(reader: FieldReader, node: object, key: str, what: str) -> str:
    if reader.value(node, key) is None:
        return ""
    text = reader.text(node, key, what)
    if len(text) > MAX_POLE_TEXT:
        reader.problem(
            reader.value(node, key),
            f"{what}: '{key}' is {len(text)} characters long; at most {MAX_POLE_TEXT} "
            "are allowed (one or two sentences)",
        )
    return text


def _item_noise(reader: FieldReader, node: object, what: str) -> float | None:
    noise = reader.number(node, "item_noise", what)
    if noise is not None and not 0 < noise <= 1:
        reader.problem(
            reader.value(node, "item_noise"),
            f"{what}: 'item_noise' must be more than 0 and at most 1, not {noise:g}",
        )
        return None
    return noise
