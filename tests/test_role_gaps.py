"""Style vs role gaps against PRODUCT.md's rule: |gap| > 1.96 × √(SE_self² + (50σ)²), strictly."""

from __future__ import annotations

import dataclasses
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from leadquiz.banks.loader import resolve_bank
from leadquiz.models import AnswerValue, Bank, Question, ReportData
from leadquiz.results.role import practice_with_role, role_gaps, share_reading
from leadquiz.viewpoints import RoleProfile
from report_fixtures import build, role_profile

CORE = resolve_bank("core")


def profile(ratings: dict[str, int], share: int | None = None) -> RoleProfile:
    return role_profile(CORE, ratings, share)


def edge_bank() -> Bank:
    """Core with 'goals' at σ = 0.25 and weights 1, 1, 3 on its first three questions.

    Then SE_self = 12.5 × √11 / 5 and SE_role = 12.5, so the threshold is
    1.96 × 12.5 × 6/5 = 29.4 exactly (and so it is in floating point).
    """
    goals = [q.id for q in CORE.questions_in("goals")][:3]
    weights = dict(zip(goals, (1.0, 1.0, 3.0), strict=True))
    questions = tuple(
        dataclasses.replace(q, weight=weights[q.id]) if q.id in weights else q
        for q in CORE.questions
    )
    dimensions = tuple(
        dataclasses.replace(d, item_noise=0.25) if d.id == "goals" else d for d in CORE.dimensions
    )
    return dataclasses.replace(CORE, questions=questions, dimensions=dimensions)


def some_answer(question: Question) -> AnswerValue:
    return 3 if question.type == "likert" else question.options[0].key


def with_goals_score(bank: Bank, score: float, rating: int) -> ReportData:
    goals = [q.id for q in bank.questions_in("goals")][:3]
    answers = {
        q.id: some_answer(q) for q in bank.questions if q.dimension != "goals" or q.id in goals
    }
    data = build(bank, answers)
    dimensions = tuple(
        dataclasses.replace(d, score=score) if d.id == "goals" else d
        for d in data.result.dimensions
    )
    result = dataclasses.replace(data.result, dimensions=dimensions)
    return dataclasses.replace(data, result=result, role=profile({"goals": rating}))


def goals_gap(data: ReportData) -> tuple[float, bool]:
    (gap,) = [g for g in role_gaps(data) if g.dimension.id == "goals"]
    return gap.gap, gap.beyond_noise


def test_a_gap_exactly_at_the_threshold_is_within_noise() -> None:
    bank = edge_bank()
    # Role 75 (rating 4): a gap of exactly +29.4 is not beyond noise, +29.5 is.
    assert goals_gap(with_goals_score(bank, 45.6, 4)) == (29.4, False)
    assert goals_gap(with_goals_score(bank, 45.5, 4)) == (29.5, True)
    # And toward the manager pole: role 25 (rating 2).
    assert goals_gap(with_goals_score(bank, 54.4, 2)) == (-29.4, False)
    assert goals_gap(with_goals_score(bank, 54.5, 2)) == (-29.5, True)


def manager_most(question: Question) -> AnswerValue:
    """The answer leaning furthest toward the manager pole."""
    if question.type == "likert":
        return 5 if question.keyed == "manager" else 1
    return min(question.options, key=lambda o: o.lean).key


def test_few_answers_are_never_a_gap() -> None:
    answers = {q.id: some_answer(q) for q in CORE.questions if q.dimension != "goals"}
    goals = CORE.questions_in("goals")
    # Two answers leaning hard to the manager pole; the role asks for all leader.
    for question in goals[:2]:
        answers[question.id] = manager_most(question)
    data = dataclasses.replace(build(CORE, answers), role=profile({"goals": 5}))
    gap, beyond = goals_gap(data)
    assert gap > 60
    assert beyond is False


def expected(data: ReportData, area: str, role: float, own: float, answered: int) -> bool:
    """PRODUCT.md's rule, computed here from scratch."""
    dimension = data.bank.dimension(area)
    assert dimension is not None
    sigma = 0.35 if dimension.item_noise is None else dimension.item_noise
    given_ids = {qid for qid, value in data.answers if value is not None}
    weights = [q.weight for q in data.bank.questions_in(area) if q.id in given_ids]
    se_self = 50 * sigma * math.sqrt(sum(w * w for w in weights)) / sum(weights)
    se_role = 50 * sigma
    gap = round(role - own, 1)
    return answered >= 3 and abs(gap) > 1.96 * math.sqrt(se_self**2 + se_role**2)


def answer_strategy(question: Question) -> st.SearchStrategy[AnswerValue | None]:
    values: st.SearchStrategy[AnswerValue] = (
        st.integers(1, 5)
        if question.type == "likert"
        else st.sampled_from([o.key for o in question.options])
    )
    return st.one_of(st.none(), values)


@settings(max_examples=60, deadline=None)
@given(
    answers=st.fixed_dictionaries({q.id: answer_strategy(q) for q in CORE.questions}),
    ratings=st.fixed_dictionaries({d.id: st.integers(1, 5) for d in CORE.dimensions}),
)
def test_every_gap_is_judged_by_the_rule(
    answers: dict[str, AnswerValue | None], ratings: dict[str, int]
) -> None:
    data = dataclasses.replace(build(CORE, answers), role=profile(ratings))
    scores = {d.id: d for d in data.result.dimensions}
    gaps = role_gaps(data)
    assert [g.dimension.id for g in gaps] == [
        d.id for d in CORE.dimensions if scores[d.id].score is not None
    ]
    for gap in gaps:
        own = scores[gap.dimension.id]
        assert own.score is not None
        assert gap.role_score == 25.0 * (ratings[gap.dimension.id] - 1)
        assert gap.gap == round(gap.role_score - own.score, 1)
        assert gap.beyond_noise == expected(
            data, gap.dimension.id, gap.role_score, own.score, own.answered
        )
    # Every gap beyond noise comes first among the areas to practise, largest first.
    pulled = sorted((g for g in gaps if g.beyond_noise), key=lambda g: -abs(g.gap))
    practise = practice_with_role(data)
    assert [p.dimension.id for p in practise[: len(pulled)]] == [g.dimension.id for g in pulled]


def test_the_share_is_read_beside_the_overall_score() -> None:
    assert share_reading(None, 70.0, "leans leader") is None
    assert share_reading(10, 70.0, "leans leader") == (
        "Your role asks for leading about 10 % of the time; your answers lean leader "
        "(overall 70.0, leans leader)"
    )
    assert "lean manager" in (share_reading(5, 30.0, "leans manager") or "")
    assert "both ends about equally" in (share_reading(5, 55.0, "balanced") or "")
