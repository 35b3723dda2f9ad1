"""Load and check an ``--answers`` file: ``answers: {question_id: value}`` in YAML or JSON.

Every problem is listed (missing questions, unknown ids, values out of range,
option keys that do not exist) before anything is stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from leadquiz.errors import AnswersError, Problem
from leadquiz.inputs import origin_of, read_limited
from leadquiz.models import AnswerValue, Bank, Question

if TYPE_CHECKING:
    from leadquiz.banks.yamlstrict import Mapping, Node

MAX_ANSWERS_BYTES = 1024 * 1024


def load_answers(path: Path, bank: Bank) -> dict[str, AnswerValue]:
    """Read an answers file (``-``: standard input) for ``bank``; raise :class:`AnswersError`."""
    data = read_limited(path, MAX_ANSWERS_BYTES, AnswersError)
    return parse_answers(data, origin_of(path), bank)


_SHAPE = "the file must hold 'answers:' with one 'question_id: value' line per question"


def parse_answers(data: bytes, origin: str, bank: Bank) -> dict[str, AnswerValue]:
    """Check the bytes of an answers file against ``bank``."""
    # PyYAML loads here, not at import, so that commands without a file start faster.
    from leadquiz.banks.yamlstrict import Scalar, number_spelling

    node = _answers_mapping(data, origin)
    problems: list[Problem] = []
    answers: dict[str, AnswerValue] = {}
    for question_id, (key, value_node) in node.items.items():
        question = bank.question(question_id)
        if question is None:
            message = f"'{question_id}' is not a question of bank '{bank.id}'"
            problems.append(Problem(origin, key.line, key.column, message))
            continue
        value = _answer_value(question, value_node)
        if question.accepts(value):
            assert isinstance(value, int | str)
            answers[question_id] = value
            continue
        shown = repr(value_node.text) if isinstance(value_node, Scalar) else "a list or mapping"
        message = f"the answer to '{question_id}' must be {question.expected_answer()}, not {shown}"
        if question.type == "likert" and isinstance(value_node, Scalar):
            instead = number_spelling(value_node)
            message += f"; {instead}" if instead else ""
        problems.append(Problem(origin, value_node.line, value_node.column, message))
    missing = [q.id for q in bank.questions if q.id not in node.items]
    if missing:
        listed = ", ".join(missing[:10]) + (
            f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        )
        message = f"{len(missing)} of {len(bank.questions)} questions have no answer: {listed}"
        problems.append(Problem(origin, node.line, node.column, message))
    if problems:
        raise AnswersError(sorted(problems, key=lambda p: (p.line, p.column)))
    return answers


def _answers_mapping(data: bytes, origin: str) -> Mapping:
    """The ``answers:`` mapping of the file; ``AnswersError`` when the file has no such shape."""
    from leadquiz.banks.yamlstrict import Mapping, read_mapping

    root = read_mapping(data, origin, AnswersError, _SHAPE)
    if "answers" not in root.items:
        raise AnswersError([Problem(origin, root.line, root.column, _SHAPE)])
    problems = [
        Problem(origin, key.line, key.column, f"unknown key '{name}'; {_SHAPE}")
        for name, (key, _value) in root.items.items()
        if name != "answers"
    ]
    node = root.items["answers"][1]
    if not isinstance(node, Mapping):
        problems.append(Problem(origin, node.line, node.column, _SHAPE))
    if problems:
        raise AnswersError(problems)
    assert isinstance(node, Mapping)
    return node


def _answer_value(question: Question, node: Node) -> object:
    """What a value node means for ``question``: a number for likert, a key for choice."""
    from leadquiz.banks.yamlstrict import Scalar

    if not isinstance(node, Scalar):
        return None
    if question.type == "likert":
        return node.value
    return node.text if node.kind in ("str", "int") else None
