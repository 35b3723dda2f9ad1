"""Why a score is what it is: each area's answers in order of how far they pulled. Pure, no Rich.

An area's score is 50 + 50 × Σ(w × lean) / Σw over its answered questions, so
each answer moves the score away from 50 by exactly 50 × w × lean / Σw points:
its *pull*. The pulls of an area add up to its score minus 50. The terminal
(``report --why``), the markdown export and the JSON all list them from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from leadquiz.formatting import MINUS
from leadquiz.models import (
    LIKERT_LABELS,
    LIKERT_MIN,
    AnswerValue,
    Bank,
    Dimension,
    DimensionScore,
    Question,
    ReportData,
)
from leadquiz.results import noise
from leadquiz.results.precision import POINTS_PER_LEAN
from leadquiz.results.scoring import answer_lean

#: How a question answered with a skip is named.
SKIPPED = "skipped"

#: One sentence on how to read the list.
WHY_INTRO = (
    "Each area's answers, the one that pulled the score furthest from the middle (50) "
    "first. An answer's pull is the points it moved the score toward its pole; the "
    "pulls of an area add up to its score minus 50."
)


@dataclass(frozen=True)
class Pull:
    """One question of an area: the answer given and how far it pulled the area's score."""

    question: Question
    #: The raw answer; ``None`` when the question was skipped (or never answered).
    value: AnswerValue | None
    #: The answer in words: the likert label, the option's text, or ``skipped``.
    answer: str
    #: The answer's lean in [-1, 1]; ``None`` when skipped.
    lean: float | None
    #: Points the answer moved the score from 50 (+ toward leader); ``None`` when skipped.
    pull: float | None

    @property
    def skipped(self) -> bool:
        """True when the question counts toward no score."""
        return self.lean is None

    def toward(self) -> str:
        """``the leader pole``, ``the manager pole``, ``neither pole`` or ``""`` when skipped."""
        if self.lean is None:
            return ""
        if self.lean > 0:
            return "the leader pole"
        if self.lean < 0:
            return "the manager pole"
        return "neither pole"

    def lean_text(self) -> str:
        """``lean +0.50 toward the leader pole``, ``lean 0.00`` or ``skipped``."""
        if self.lean is None:
            return SKIPPED
        if self.lean == 0:
            return "lean 0.00 (neither pole)"
        sign = "+" if self.lean > 0 else MINUS
        return f"lean {sign}{abs(self.lean):.2f} toward {self.toward()}"

    def pull_text(self) -> str:
        """``+8.3``, ``−12.5``, ``0.0``, or ``—`` when skipped."""
        if self.pull is None:
            return "—"
        rounded = round(self.pull, 1) + 0.0
        if rounded > 0:
            return f"+{rounded:.1f}"
        if rounded < 0:
            return f"{MINUS}{-rounded:.1f}"
        return "0.0"


@dataclass(frozen=True)
class AreaWhy:
    """One area's score with its answers, furthest pull first, skipped ones last."""

    dimension: Dimension
    score: DimensionScore
    pulls: tuple[Pull, ...]


def answer_words(
    question: Question, value: AnswerValue, labels: tuple[str, ...] = LIKERT_LABELS
) -> str:
    """The answer as a person reads it: ``Agree`` (on the bank's ``labels``) or the option."""
    if question.type == "likert" and isinstance(value, int):
        return labels[value - LIKERT_MIN]
    option = question.option(value) if isinstance(value, str) else None
    return option.text if option is not None else str(value)


def area_why(
    bank: Bank, dimension: Dimension, scored: DimensionScore, answers: Mapping[str, object]
) -> AreaWhy:
    """The answers of one area, by how far they pulled (ties in bank order), skipped last."""
    questions = bank.questions_in(dimension.id)
    given = {q.id: answers.get(q.id) for q in questions}
    total = sum(q.weight for q in questions if _answered(given[q.id]))
    pulls: list[Pull] = []
    for question in questions:
        value = given[question.id]
        if not _answered(value):
            pulls.append(Pull(question, None, SKIPPED, None, None))
            continue
        assert isinstance(value, int | str)
        lean = answer_lean(question, value)
        pull = POINTS_PER_LEAN * question.weight * lean / total
        words = answer_words(question, value, bank.labels)
        pulls.append(Pull(question, value, words, lean, pull))
    # sorted() is stable: equal pulls keep bank order; skipped ones go last.
    ordered = sorted(pulls, key=lambda p: (p.pull is None, -abs(p.pull or 0.0)))
    return AreaWhy(dimension, scored, tuple(ordered))


def score_words(area: AreaWhy) -> str:
    """How an area is headed: ``12.5 ± 16.6, strongly manager``, or ``not answered``.

    A score from few answers says so: ``… (few answers)``.
    """
    scored = area.score
    if scored.score is None:
        return "not answered"
    words = f"{noise.area_plus_minus(scored)}, {scored.band}"
    return f"{words} ({noise.FEW_ANSWERS_MARK})" if scored.few_answers else words


def why(data: ReportData, area: str | None = None) -> list[AreaWhy]:
    """Every area of the attempt (or only ``area``, an area id), in bank order."""
    answers = dict(data.answers)
    scores = {d.id: d for d in data.result.dimensions}
    return [
        area_why(data.bank, dimension, scores[dimension.id], answers)
        for dimension in data.bank.dimensions
        if dimension.id in scores and (area is None or dimension.id == area)
    ]


def why_document(areas: list[AreaWhy]) -> list[dict[str, object]]:
    """The areas as JSON-ready data (the ``why`` of the result JSON, docs/json.md)."""
    return [
        {
            "id": item.dimension.id,
            "score": item.score.score,
            "answers": [
                {
                    "question": pull.question.id,
                    "text": pull.question.text,
                    "value": pull.value,
                    "answer": pull.answer,
                    "skipped": pull.skipped,
                    "weight": pull.question.weight,
                    "lean": pull.lean,
                    "pull": None if pull.pull is None else round(pull.pull, 1) + 0.0,
                }
                for pull in item.pulls
            ],
        }
        for item in areas
    ]


def _answered(value: object) -> bool:
    return value is not None
