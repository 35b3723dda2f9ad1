"""The small readers a bank checker is made of: typed values with their place in the file.

Each reader records a :class:`leadquiz.errors.Problem` (file, line, column and a
plain sentence) instead of raising, so a checker can walk the whole tree and
report every problem at once.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from leadquiz.banks.yamlstrict import Mapping, Scalar, Sequence
from leadquiz.errors import Problem
from leadquiz.text import SLUG, describe_character, forbidden_characters, is_blank_when_shown

#: The longest id (bank, dimension, question, source).
MAX_SLUG = 64


class FieldReader:
    """Reads typed fields out of a node tree, collecting problems in :attr:`problems`."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self.problems: list[Problem] = []

    def problem(self, node: object, message: str) -> None:
        """Record a problem at ``node``'s line and column."""
        line = getattr(node, "line", 0)
        column = getattr(node, "column", 0)
        self.problems.append(Problem(self.origin, line, column, message))

    def check_keys(
        self, mapping: object, what: str, allowed: Iterable[str], required: Iterable[str]
    ) -> None:
        """Record unknown keys of ``mapping`` (at the key) and missing required ones."""
        assert isinstance(mapping, Mapping)
        allowed = tuple(allowed)
        for name, (key, _value) in mapping.items.items():
            if name not in allowed:
                self.problem(
                    key, f"{what} has an unknown key '{name}'; allowed keys: {', '.join(allowed)}"
                )
        for name in required:
            if name not in mapping.items:
                self.problem(mapping, f"{what} is missing the key '{name}'")

    def value(self, mapping: object, key: str) -> object | None:
        """The value node of ``key`` in ``mapping``, or ``None`` when the key is absent."""
        assert isinstance(mapping, Mapping)
        item = mapping.items.get(key)
        return None if item is None else item[1]

    def text(self, mapping: object, key: str, what: str, *, multiline: bool = False) -> str:
        """The text of ``key`` (empty when absent); see :meth:`text_of`."""
        node = self.value(mapping, key)
        return "" if node is None else self.text_of(node, f"{what}: '{key}'", multiline=multiline)

    def text_of(self, node: object, what: str, *, multiline: bool = False) -> str:
        """Checked plain text: a YAML string, not empty, without control characters."""
        if not isinstance(node, Scalar) or node.kind == "null":
            self.problem(node, f"{what} must be text")
            return ""
        if node.kind != "str":
            kind = {"timestamp": "a date", "bool": "true/false", "null": "nothing"}.get(
                node.kind, "a number"
            )
            self.problem(
                node, f"{what} must be text, but {node.text!r} reads as {kind}; put it in quotes"
            )
            return ""
        value = node.text.strip()
        if not multiline:
            value = " ".join(value.split())
        if not value:
            self.problem(node, f"{what} is empty")
        elif is_blank_when_shown(value):
            self.problem(node, f"{what} shows as nothing (only invisible or blank characters)")
        bad = forbidden_characters(value, allow_newline=multiline)
        if bad:
            names = ", ".join(describe_character(c) for c in bad)
            self.problem(node, f"{what} contains a control or invisible character: {names}")
        return value

    def slug(self, mapping: object, key: str, what: str) -> str:
        """The text of ``key``, which must be a lowercase slug."""
        value = self.text(mapping, key, what)
        node = self.value(mapping, key)
        if value and (not SLUG.fullmatch(value) or len(value) > MAX_SLUG):
            self.problem(
                node,
                f"{what}: '{key}' must be a lowercase slug such as 'goals-kpi' "
                f"(letters a-z, digits, '-' or '_', at most {MAX_SLUG}), not {value!r}",
            )
        return value

    def number(self, mapping: object, key: str, what: str) -> float | None:
        """The finite number of ``key`` (not a boolean or quoted text), or ``None``."""
        node = self.value(mapping, key)
        if node is None:
            return None
        if (
            not isinstance(node, Scalar)
            or node.kind not in ("int", "float")
            or not isinstance(node.value, int | float)
            or not math.isfinite(node.value)
        ):
            self.problem(node, f"{what}: '{key}' must be a number")
            return None
        return float(node.value)

    def sequence(self, mapping: object, key: str, what: str) -> list[object]:
        """The items of the list ``key`` (``[]`` when absent or not a list)."""
        node = self.value(mapping, key)
        if node is None:
            return []
        if not isinstance(node, Sequence):
            self.problem(node, f"{what}: '{key}' must be a list (lines starting with '- ')")
            return []
        return list(node.items)

    def mappings(self, mapping: object, key: str, what: str, item: str) -> list[object]:
        """The items of the list ``key`` that are mappings; other items are problems."""
        found: list[object] = []
        for index, node in enumerate(self.sequence(mapping, key, what), start=1):
            if isinstance(node, Mapping):
                found.append(node)
            else:
                self.problem(node, f"{item} {index} must be a mapping of keys, not a single value")
        return found

    def unique(self, seen: dict[str, int], value: str, node: object, what: str) -> None:
        """Record ``value`` as seen in ``seen``, or a problem if it was seen before."""
        if not value:
            return
        if value in seen:
            self.problem(node, f"{what} '{value}' is used twice (first on line {seen[value]})")
        else:
            seen[value] = getattr(node, "line", 0)
