"""ReportData builders for the report, insights and exporter tests (no database needed).

``tiny_data()`` is a small hand-made bank whose scores are known exactly:

    goals 12.5, change 37.5, risk 50.0, motivation 75.0, culture 87.5, trust not answered
    overall 52.5 (balanced), 15 answered, 3 skipped, 18 questions

Each dimension has a third question, a scenario whose option ``a`` leans as the
two statements do on average, so the scores are those of the statements and no
answered area has *few answers*.

``core_data()`` is the bundled core bank with a spread of answers.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Mapping

from leadquiz.banks.loader import load_bank, questions_dir
from leadquiz.models import (
    AnswerValue,
    Attempt,
    Bank,
    Dimension,
    Option,
    Question,
    ReportData,
    ScoredAttempt,
    Source,
)
from leadquiz.results.scoring import score
from leadquiz.viewpoints import RoleProfile

HOSTILE_MARKUP = "[bold red]x[/] [link=http://evil]y[/link] :smile:"
HOSTILE_MD = "a|b <script>alert(1)</script> `tick` [x](http://evil) **bold**\nnext line"

# (id, title) in bank order, each with its (leader-keyed, manager-keyed) answers and
# the lean of the scenario option that keeps the score (answered "a" when the statements are).
TINY_DIMENSIONS: tuple[tuple[str, str, tuple[int | None, int | None], float], ...] = (
    ("goals", "Goals", (1, 4), -0.75),  # leans -1, -0.5, -0.75 -> 12.5
    ("motivation", "Motivation", (4, 2), 0.5),  # +0.5, +0.5, +0.5 -> 75.0
    ("risk", "Risk", (3, 3), 0.0),  # 0, 0, 0 -> 50.0
    ("change", "Change", (2, 3), -0.25),  # -0.5, 0, -0.25 -> 37.5
    ("trust", "Trust and control", (None, None), 0.0),  # skipped -> not answered
    ("culture", "Culture", (5, 2), 0.75),  # +1, +0.5, +0.75 -> 87.5
)


def tiny_bank() -> Bank:
    """Six dimensions, each with one leader-keyed and one manager-keyed statement."""
    dimensions = tuple(
        Dimension(
            id=dim_id,
            title=title,
            manager_pole=f"{title} manager pole",
            leader_pole=f"{title} leader pole",
            about=f"About {title.lower()}.",
            toward_leader=(f"{title} step toward leading.", f"{title} second leading step."),
            toward_manager=(f"{title} step toward managing.",),
        )
        for dim_id, title, _, _ in TINY_DIMENSIONS
    )
    questions = tuple(
        Question(
            id=f"{dim_id}-{keyed}",
            dimension=dim_id,
            type="likert",
            text=f"A {keyed} statement about {dim_id}.",
            keyed=keyed,
        )
        for dim_id, _, _, _ in TINY_DIMENSIONS
        for keyed in ("leader", "manager")
    ) + tuple(
        Question(
            id=f"{dim_id}-scenario",
            dimension=dim_id,
            type="choice",
            text=f"A scenario about {dim_id}.",
            options=(
                Option(key="a", text="The option that keeps the score.", lean=lean),
                Option(key="n", text="The middle way.", lean=0.0),
            ),
        )
        for dim_id, _, _, lean in TINY_DIMENSIONS
    )
    return Bank(
        schema=1,
        id="tiny",
        title="A tiny bank",
        version="0.1.0",
        description="For tests.",
        sources=(
            Source(id="essay", title="An essay on leading", author="A. Writer"),
            Source(id="thread", title="A forum thread"),
        ),
        dimensions=dimensions,
        questions=questions,
        digest="d" * 64,
    )


def tiny_answers() -> dict[str, AnswerValue | None]:
    """The answers that give the scores listed in the module docstring."""
    answers: dict[str, AnswerValue | None] = {}
    for dim_id, _, (leader_value, manager_value), _ in TINY_DIMENSIONS:
        answers[f"{dim_id}-leader"] = leader_value
        answers[f"{dim_id}-manager"] = manager_value
        answers[f"{dim_id}-scenario"] = None if leader_value is None else "a"
    return answers


def attempt_for(
    bank: Bank,
    *,
    attempt_id: int = 12,
    user: str = "dana",
    day: str = "2025-03-04",
    overall: float | None = None,
) -> Attempt:
    """A finished attempt of ``bank`` on ``day``."""
    return Attempt(
        id=attempt_id,
        user=user,
        bank_id=bank.id,
        bank_version=bank.version,
        bank_digest=bank.digest,
        order=tuple(q.id for q in bank.questions),
        seed=None,
        status="finished",
        started_at=f"{day}T09:00:00+00:00",
        finished_at=f"{day}T09:12:00+00:00",
        overall_score=overall,
    )


def build(
    bank: Bank,
    answers: Mapping[str, AnswerValue | None],
    *,
    attempt_id: int = 12,
    user: str = "dana",
    day: str = "2025-03-04",
    earlier: tuple[ScoredAttempt, ...] = (),
) -> ReportData:
    """Score ``answers`` and wrap everything a report needs."""
    result = score(bank, answers)
    attempt = attempt_for(
        bank, attempt_id=attempt_id, user=user, day=day, overall=result.overall_score
    )
    ordered = tuple((q.id, answers[q.id]) for q in bank.questions if q.id in answers)
    return ReportData(attempt=attempt, bank=bank, result=result, answers=ordered, earlier=earlier)


def scored(data: ReportData) -> ScoredAttempt:
    """A report's attempt and result as an earlier attempt of a later report."""
    return ScoredAttempt(attempt=data.attempt, result=data.result)


def tiny_data(*, with_earlier: bool = False, user: str = "dana") -> ReportData:
    """The tiny bank's known result; optionally with one earlier attempt (all 3s, overall 50.0)."""
    bank = tiny_bank()
    earlier: tuple[ScoredAttempt, ...] = ()
    if with_earlier:
        flat: dict[str, AnswerValue | None] = {
            q.id: 3 if q.type == "likert" else "n" for q in bank.questions
        }
        earlier = (scored(build(bank, flat, attempt_id=5, user=user, day="2024-12-01")),)
    return build(bank, tiny_answers(), user=user, earlier=earlier)


def hostile_bank(text: str) -> Bank:
    """The tiny bank with ``text`` in every title, pole, tip and source."""
    bank = tiny_bank()
    dimensions = tuple(
        dataclasses.replace(
            d,
            title=f"{d.title} {text}",
            manager_pole=f"{d.manager_pole} {text}",
            leader_pole=f"{d.leader_pole} {text}",
            toward_leader=tuple(f"{tip} {text}" for tip in d.toward_leader),
            toward_manager=tuple(f"{tip} {text}" for tip in d.toward_manager),
        )
        for d in bank.dimensions
    )
    sources = (
        Source(id="essay", title=f"Essay {text}", author=f"Author {text}"),
        Source(id="thread", title=f"Thread {text}"),
    )
    questions = tuple(
        dataclasses.replace(
            q,
            text=f"{q.text} {text}",
            options=tuple(dataclasses.replace(o, text=f"{o.text} {text}") for o in q.options),
        )
        for q in bank.questions
    )
    return dataclasses.replace(
        bank,
        title=f"Bank {text}",
        dimensions=dimensions,
        sources=sources,
        questions=questions,
    )


def hostile_data(text: str, *, user: str = "dana") -> ReportData:
    """The tiny result, with ``text`` in all bank text."""
    return build(hostile_bank(text), tiny_answers(), user=user)


@functools.cache
def core_bank() -> Bank:
    """The bundled core bank."""
    return load_bank(questions_dir() / "core.yaml")


def core_answers() -> dict[str, AnswerValue | None]:
    """A spread of answers to the core bank (goals lean manager, trust leader, culture skipped)."""
    bank = core_bank()
    answers: dict[str, AnswerValue | None] = {}
    for index, question in enumerate(bank.questions):
        if question.dimension == "culture":
            answers[question.id] = None
        elif question.type == "likert":
            toward_leader = {"goals": 1, "motivation": 2, "trust": 5, "feedback": 4}.get(
                question.dimension, 2 + index % 3
            )
            answers[question.id] = (
                toward_leader if question.keyed == "leader" else 6 - toward_leader
            )
        else:
            answers[question.id] = question.options[index % len(question.options)].key
    return answers


def core_data() -> ReportData:
    """A core-bank report with one earlier attempt."""
    bank = core_bank()
    flat = {q.id: (3 if q.type == "likert" else q.options[0].key) for q in bank.questions}
    earlier = (scored(build(bank, flat, attempt_id=3, day="2024-12-01")),)
    return build(bank, core_answers(), earlier=earlier)


def role_profile(
    bank: Bank, ratings: Mapping[str, int | None], share: int | None = None
) -> RoleProfile:
    """A finished role profile of ``bank`` for dana, made on 2025-01-01."""
    return RoleProfile(
        id=1,
        user="dana",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_digest=bank.digest,
        status="finished",
        started_at="2025-01-01T00:00:00+00:00",
        finished_at="2025-01-01T00:00:00+00:00",
        ratings=tuple(ratings.items()),
        leading_share=share,
    )
