"""Load and check an ``--answers`` file: ``answers: {question_id: value}`` in YAML or JSON.

Every problem is listed (missing questions, unknown ids, values out of range,
option keys that do not exist) before anything is stored.
"""

from __future__ import annotations

from pathlib import Path

from leadquiz.errors import AnswersError, Problem
from leadquiz.inputs import read_limited
from leadquiz.models import LIKERT_MAX, LIKERT_MIN, AnswerValue, Bank
from leadquiz.quiz import is_valid_answer

MAX_ANSWERS_BYTES = 1024 * 1024


def load_answers(path: Path, bank: Bank) -> dict[str, AnswerValue]:
    """Read an answers file for ``bank``; raise :class:`AnswersError` listing every problem."""
    data = read_limited(path, MAX_ANSWERS_BYTES, AnswersError)
    return parse_answers(data, str(path), bank)


def parse_answers(data: bytes, origin: str, bank: Bank) -> dict[str, AnswerValue]:
    """Check the bytes of an answers file against ``bank``."""
    from leadquiz.yamlstrict import Mapping, Scalar, YamlProblems, parse

    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersError([Problem(origin, 0, 0, "the file is not UTF-8 text")]) from None
    try:
        root = parse(text, origin)
    except YamlProblems as error:
        raise AnswersError(error.problems) from None
    shape = "the file must hold 'answers:' with one 'question_id: value' line per question"
    if not isinstance(root, Mapping) or "answers" not in root.items:
        where = (root.line, root.column) if root is not None else (0, 0)
        raise AnswersError([Problem(origin, *where, shape)])
    problems: list[Problem] = []
    for name, (key, _value) in root.items.items():
        if name != "answers":
            problems.append(Problem(origin, key.line, key.column, f"unknown key '{name}'; {shape}"))
    node = root.items["answers"][1]
    if not isinstance(node, Mapping):
        problems.append(Problem(origin, node.line, node.column, shape))
        raise AnswersError(problems)
    answers: dict[str, AnswerValue] = {}
    for question_id, (key, value_node) in node.items.items():
        question = bank.question(question_id)
        if question is None:
            problems.append(
                Problem(
                    origin,
                    key.line,
                    key.column,
                    f"'{question_id}' is not a question of bank '{bank.id}'",
                )
            )
            continue
        value: object = None
        if isinstance(value_node, Scalar):
            value = value_node.value if question.type == "likert" else value_node.text
            if question.type == "choice" and value_node.kind not in ("str", "int"):
                value = None
        if is_valid_answer(question, value):
            assert isinstance(value, int | str)
            answers[question_id] = value
            continue
        if question.type == "likert":
            expected = f"a whole number from {LIKERT_MIN} to {LIKERT_MAX}"
        else:
            expected = "one of the option keys " + ", ".join(o.key for o in question.options)
        shown = repr(value_node.text) if isinstance(value_node, Scalar) else "a list or mapping"
        problems.append(
            Problem(
                origin,
                value_node.line,
                value_node.column,
                f"the answer to '{question_id}' must be {expected}, not {shown}",
            )
        )
    missing = [q.id for q in bank.questions if q.id not in node.items]
    if missing:
        listed = ", ".join(missing[:10]) + (
            f" and {len(missing) - 10} more" if len(missing) > 10 else ""
        )
        problems.append(
            Problem(
                origin,
                node.line,
                node.column,
                f"{len(missing)} of {len(bank.questions)} questions have no answer: {listed}",
            )
        )
    if problems:
        raise AnswersError(sorted(problems, key=lambda p: (p.line, p.column)))
    return answers
