"""Load and check a role answers file: ``role: {area_id: 1..5}`` and ``leading_share: N``.

YAML or JSON, read by the strict reader. Every area of the bank needs a
rating from 1 to 5; ``leading_share`` (a whole number of percent, 0..100) may
be left out. Every problem is listed with its line before anything is stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from leadquiz.errors import AnswersError, Problem
from leadquiz.inputs import read_limited
from leadquiz.models import LIKERT_MAX, LIKERT_MIN, Bank

if TYPE_CHECKING:
    from pathlib import Path

    from leadquiz.banks.yamlstrict import Mapping, Node

MAX_ROLE_BYTES = 256 * 1024
_SHAPE = (
    "the file must hold 'role:' with one 'area_id: 1..5' line per area, "
    "and optionally 'leading_share: 0..100'"
)
_KEYS = ("role", "leading_share")


@dataclass(frozen=True)
class RoleAnswers:
    """A checked role answers file."""

    #: area id → rating 1..5, in the bank's order.
    ratings: dict[str, int]
    #: 0..100, or ``None`` when the file leaves it out.
    leading_share: int | None


def load_role_answers(path: Path, bank: Bank) -> RoleAnswers:
    """Read a role answers file for ``bank``; raise :class:`AnswersError` listing every problem."""
    data = read_limited(path, MAX_ROLE_BYTES, AnswersError)
    return parse_role_answers(data, str(path), bank)


def parse_role_answers(data: bytes, origin: str, bank: Bank) -> RoleAnswers:
    """Check the bytes of a role answers file against the areas of ``bank``."""
    root = _root(data, origin)
    problems: list[Problem] = [
        Problem(origin, key.line, key.column, f"unknown key '{name}'; {_SHAPE}")
        for name, (key, _value) in root.items.items()
        if name not in _KEYS
    ]
    ratings: dict[str, int] = {}
    if "role" not in root.items:
        problems.append(Problem(origin, root.line, root.column, _SHAPE))
    else:
        key, node = root.items["role"]
        ratings = _ratings(node, origin, bank, problems, (key.line, key.column))
    share = None
    if "leading_share" in root.items:
        share = _share(root.items["leading_share"][1], origin, problems)
    if problems:
        raise AnswersError(sorted(problems, key=lambda p: (p.line, p.column)))
    ordered = {d.id: ratings[d.id] for d in bank.dimensions}
    return RoleAnswers(ordered, share)


def _root(data: bytes, origin: str) -> Mapping:
    from leadquiz.banks.yamlstrict import read_mapping

    return read_mapping(data, origin, AnswersError, _SHAPE)


def _whole(node: Node, low: int, high: int) -> int | None:
    """The whole number a scalar holds if it is one in low..high (never a bool or a float)."""
    from leadquiz.banks.yamlstrict import Scalar

    if isinstance(node, Scalar) and node.kind == "int" and type(node.value) is int:
        return node.value if low <= node.value <= high else None
    return None


def _shown(node: Node) -> str:
    """The value as written, and what to write instead where it was a number in disguise."""
    from leadquiz.banks.yamlstrict import Scalar, number_spelling

    if not isinstance(node, Scalar):
        return "a list or mapping"
    instead = number_spelling(node)
    return repr(node.text) + (f"; {instead}" if instead else "")


def _ratings(
    node: Node, origin: str, bank: Bank, problems: list[Problem], where: tuple[int, int]
) -> dict[str, int]:
    """The ratings of the ``role:`` mapping; missing areas are reported at ``where`` (its key)."""
    from leadquiz.banks.yamlstrict import Mapping

    if not isinstance(node, Mapping):
        problems.append(Problem(origin, node.line, node.column, _SHAPE))
        return {}
    ratings: dict[str, int] = {}
    for area_id, (key, value_node) in node.items.items():
        if bank.dimension(area_id) is None:
            message = f"'{area_id}' is not an area of bank '{bank.id}'"
            problems.append(Problem(origin, key.line, key.column, message))
            continue
        value = _whole(value_node, LIKERT_MIN, LIKERT_MAX)
        if value is None:
            message = (
                f"the rating of '{area_id}' must be a whole number from {LIKERT_MIN} "
                f"to {LIKERT_MAX}, not {_shown(value_node)}"
            )
            problems.append(Problem(origin, value_node.line, value_node.column, message))
            continue
        ratings[area_id] = value
    missing = [d.id for d in bank.dimensions if d.id not in node.items]
    if missing:
        message = (
            f"{len(missing)} of {len(bank.dimensions)} areas have no rating: {', '.join(missing)}"
        )
        problems.append(Problem(origin, *where, message))
    return ratings


def _share(node: Node, origin: str, problems: list[Problem]) -> int | None:
    from leadquiz.banks.yamlstrict import Scalar

    if isinstance(node, Scalar) and node.kind == "null":
        return None
    value = _whole(node, 0, 100)
    if value is None:
        message = f"leading_share must be a whole number from 0 to 100, not {_shown(node)}"
        problems.append(Problem(origin, node.line, node.column, message))
    return value
