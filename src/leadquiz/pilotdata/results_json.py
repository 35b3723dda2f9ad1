"""The one reader of result JSON files (``leadquiz/result/2``) that a coach collects.

``banks pilot`` takes the raw answers of an export (``export --format json``);
``group`` takes the scores of any result document. Each refusal names the file
and the line of the offending key.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from leadquiz.errors import Problem
from leadquiz.pilotdata import PilotDataError
from leadquiz.text import quoted

if TYPE_CHECKING:
    from leadquiz.models import AnswerValue, Bank

#: The schema a result file must carry.
RESULT_SCHEMA = "leadquiz/result/2"


@dataclass(frozen=True)
class ResultFile:
    """A result document that parsed and names a bank, with where it came from."""

    origin: str
    text: str
    document: dict[str, Any]
    bank_id: str
    bank_version: str

    def line_of(self, pattern: str) -> int:
        """The line where ``pattern`` (a regular expression) first matches; 1 if nowhere."""
        found = re.search(pattern, self.text)
        return self.text.count("\n", 0, found.start()) + 1 if found else 1

    def problem(self, message: str, pattern: str = "") -> PilotDataError:
        """A refusal of this file at the line of ``pattern``."""
        line = self.line_of(pattern) if pattern else 1
        return PilotDataError([Problem(self.origin, line, 1, message)])


def looks_like_result(text: str) -> bool:
    """Whether a file's text is a JSON object naming a leadquiz result schema."""
    return text.lstrip().startswith("{") and '"leadquiz/result/' in text[:4096]


def parse_result(text: str, origin: str) -> ResultFile:
    """A result document's text checked for its schema and bank; raise :class:`PilotDataError`."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise PilotDataError(
            [Problem(origin, error.lineno, error.colno, f"not valid JSON: {error.msg}")]
        ) from None
    except (ValueError, RecursionError):
        raise PilotDataError([Problem(origin, 1, 1, "not valid JSON")]) from None
    if not isinstance(document, dict):
        raise PilotDataError([Problem(origin, 1, 1, "a result file holds one JSON object")])
    schema = document.get("schema")
    bank = document.get("bank")
    shaped = ResultFile(origin, text, document, "", "")
    if schema != RESULT_SCHEMA:
        shown = quoted(schema) if isinstance(schema, str) else "none"
        raise shaped.problem(
            f"this is not a leadquiz result (schema {shown}, expected {RESULT_SCHEMA!r})",
            r'"schema"',
        )
    if not (
        isinstance(bank, dict)
        and isinstance(bank.get("id"), str)
        and isinstance(bank.get("version"), str)
    ):
        raise shaped.problem("the result names no bank (bank.id and bank.version)", r'"bank"')
    return ResultFile(origin, text, document, bank["id"], bank["version"])


def refuse_other_bank(result: ResultFile, bank_id: str, version: str, why: str) -> None:
    """Raise when ``result`` is of another bank or version than ``bank_id`` ``version``."""
    if (result.bank_id, result.bank_version) != (bank_id, version):
        raise result.problem(
            f"this result is of bank {quoted(result.bank_id)} {quoted(result.bank_version)}, "
            f"not {quoted(bank_id)} {quoted(version)}: {why}",
            r'"bank"',
        )


def answers_of(result: ResultFile, bank: Bank) -> dict[str, AnswerValue]:
    """The answered questions of an export of ``bank``, every value checked against it."""
    refuse_other_bank(result, bank.id, bank.version, "a pilot reads one bank's answers")
    entries = result.document.get("answers")
    if not isinstance(entries, list):
        raise result.problem(
            "this result has no answers: write it with 'leadquiz export --format json'"
        )
    answers: dict[str, AnswerValue] = {}
    problems: list[Problem] = []
    for entry in entries:
        question_id = entry.get("question") if isinstance(entry, dict) else None
        if not isinstance(question_id, str):
            problems.append(Problem(result.origin, result.line_of(r'"answers"'), 1, _ENTRY))
            continue
        at = result.line_of(r'"question":\s*' + re.escape(json.dumps(question_id)))
        question = bank.question(question_id)
        value = entry.get("value")
        if question is None:
            message = f"{quoted(question_id)} is not a question of bank {quoted(bank.id)}"
            problems.append(Problem(result.origin, at, 1, message))
        elif value is None:
            continue  # skipped
        elif question.accepts(value):
            answers[question_id] = value
        else:
            message = (
                f"the answer to {quoted(question_id)} must be {question.expected_answer()}, "
                f"not {json.dumps(value)[:40]}"
            )
            problems.append(Problem(result.origin, at, 1, message))
    if problems:
        raise PilotDataError(problems)
    return answers


_ENTRY = "each answer is an object with 'question' (an id) and 'value'"
