"""The precision rule ("Precision and change"): a hand-computed example and properties.

The example is worked on paper (docs/scoring.md shows the same arithmetic): a
two-area bank with weights, one area at the default σ 0.35 and one with an
``item_noise`` override of 0.2.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadquiz.models import AnswerValue, Attempt, Bank, Dimension, Option, Question, ScoredAttempt
from leadquiz.results import precision
from leadquiz.results.comparison import compare
from leadquiz.results.scoring import score

# --- a hand-computed example ------------------------------------------------


def _dimension(dimension_id: str, item_noise: float | None = None) -> Dimension:
    return Dimension(
        id=dimension_id,
        title=dimension_id.title(),
        manager_pole="the manager pole",
        leader_pole="the leader pole",
        item_noise=item_noise,
    )


def _likert(question_id: str, dimension: str, keyed: str, weight: float = 1.0) -> Question:
    return Question(
        id=question_id,
        dimension=dimension,
        type="likert",
        text=f"Statement {question_id}.",
        keyed="leader" if keyed == "leader" else "manager",
        weight=weight,
    )


def _choice(question_id: str, dimension: str, weight: float = 1.0) -> Question:
    leans = (-1.0, -0.5, 0.0, 0.5, 1.0)
    return Question(
        id=question_id,
        dimension=dimension,
        type="choice",
        text=f"Situation {question_id}.",
        weight=weight,
        options=tuple(
            Option(key="abcde"[i], text=f"Option {i}.", lean=v) for i, v in enumerate(leans)
        ),
    )


def _bank(dimensions: Sequence[Dimension], questions: Sequence[Question]) -> Bank:
    return Bank(
        schema=2,
        id="precise",
        title="Precision bank",
        version="1.0.0",
        description="",
        sources=(),
        dimensions=tuple(dimensions),
        questions=tuple(questions),
        digest="p" * 64,
    )


def example_bank() -> Bank:
    """Risk: four answers at σ 0.35, one of weight 2; goals: three at σ 0.2, weights 1, 3, 1."""
    return _bank(
        [_dimension("risk"), _dimension("goals", item_noise=0.2)],
        [
            _likert("r1", "risk", "leader"),
            _likert("r2", "risk", "manager"),
            _likert("r3", "risk", "leader"),
            _choice("r4", "risk", weight=2),
            _likert("g1", "goals", "leader"),
            _likert("g2", "goals", "manager", weight=3),
            _choice("g3", "goals"),
        ],
    )


#: Risk leans +0.5, +0.5, 0, +0.5 (w 2): mean 2/5 = 0.4, score 70.0.
#: Goals leans +1, +0.5 (w 3), 0: mean 2.5/5 = 0.5, score 75.0.
EXAMPLE_A: dict[str, AnswerValue | None] = {
    "r1": 4,
    "r2": 2,
    "r3": 3,
    "r4": "d",
    "g1": 5,
    "g2": 2,
    "g3": "c",
}
#: Risk leans -0.5, -0.5, -0.5, -0.5 (w 2): score 25.0. Goals leans +0.5, +0.5, 0: 70.0.
EXAMPLE_B: dict[str, AnswerValue | None] = {
    "r1": 2,
    "r2": 4,
    "r3": 2,
    "r4": "b",
    "g1": 4,
    "g2": 2,
    "g3": "c",
}


def test_hand_computed_example() -> None:
    bank = example_bank()
    result = score(bank, EXAMPLE_A)
    risk, goals = result.dimensions
    # Risk: Σw = 5, Σw² = 7; SE = 50 × 0.35 × √7 / 5 = 9.2602; 1.645 × SE = 15.233.
    assert (risk.score, risk.answered) == (70.0, 4)
    assert risk.se == pytest.approx(9.2601, abs=1e-4)
    assert risk.interval == (54.8, 85.2)
    assert not risk.few_answers
    # Goals (σ 0.2): Σw = 5, Σw² = 11; SE = 50 × 0.2 × √11 / 5 = 6.6332; 1.645 × SE = 10.912.
    assert goals.score == 75.0
    assert goals.se == pytest.approx(6.6332, abs=1e-4)
    assert goals.interval == (64.1, 85.9)
    # Overall: 72.5, SE = √(9.2602² + 6.6332²) / 2 = √129.75 / 2 = 5.6954; ± 9.369.
    assert result.overall_score == 72.5
    assert result.overall_se == pytest.approx(5.6954, abs=1e-4)
    assert result.overall_interval == (63.1, 81.9)

    later = score(bank, EXAMPLE_B)
    changes = compare(_scored(1, result, bank), _scored(2, later, bank))
    risk_change, goals_change = changes.dimensions
    # Risk: Δ = 25.0 − 70.0 = −45.0; threshold 1.96 × √2 × 9.2602 = 25.669: beyond noise.
    assert risk_change.change == -45.0
    assert risk_change.threshold == pytest.approx(25.668, abs=1e-3)
    assert risk_change.beyond_noise is True
    # Goals: Δ = −5.0; threshold 1.96 × √2 × 6.6332 = 18.386: within noise.
    assert goals_change.change == -5.0
    assert goals_change.threshold == pytest.approx(18.386, abs=1e-3)
    assert goals_change.beyond_noise is False
    # Overall: 72.5 → 47.5 (Δ −25.0); both SEs 5.6954, threshold 15.787: beyond noise.
    assert changes.overall.change == -25.0
    assert changes.overall.threshold == pytest.approx(15.787, abs=1e-3)
    assert changes.overall.beyond_noise is True
    # Shown rounded down (half up would show 25.7, 18.4 and 15.8).
    shown = [precision.shown_threshold(c.threshold or 0.0) for c in changes.dimensions]
    assert shown == [25.6, 18.3]
    assert precision.shown_threshold(changes.overall.threshold or 0.0) == 15.7


def test_few_answers_below_three_and_unanswered_area() -> None:
    bank = example_bank()
    result = score(bank, {"r1": 5, "r2": None, "g1": 5, "g2": 1, "g3": "a"})
    risk, goals = result.dimensions
    assert risk.few_answers
    assert risk.answered == 1
    assert risk.se == pytest.approx(17.5)  # one answer: 50 × σ
    assert risk.interval == (71.2, 100.0)  # 100 − 28.8, clipped at 100
    assert not goals.few_answers
    nothing = score(bank, {})
    assert nothing.dimensions[0].se is None
    assert nothing.dimensions[0].interval is None
    assert nothing.overall_se is None
    assert nothing.overall_interval is None


def _scored(attempt_id: int, result: object, bank: Bank) -> ScoredAttempt:
    from leadquiz.models import Result

    assert isinstance(result, Result)
    attempt = Attempt(
        id=attempt_id,
        user="dana",
        bank_id=bank.id,
        bank_version=bank.version,
        bank_digest=bank.digest,
        order=tuple(q.id for q in bank.questions),
        seed=None,
        status="finished",
        started_at=f"2026-01-0{attempt_id}T09:00:00+00:00",
        finished_at=f"2026-01-0{attempt_id}T09:10:00+00:00",
        overall_score=result.overall_score,
        overall_band=result.overall_band,
    )
    return ScoredAttempt(attempt, result)


# --- properties ---------------------------------------------------------------

weights = st.sampled_from([0.5, 1.0, 1.0, 1.0, 1.5, 2.0, 3.0])
noises = st.one_of(st.none(), st.sampled_from([0.1, 0.2, 0.25, 0.35, 0.5, 1.0]))


@st.composite
def banks(draw: st.DrawFn, max_noise: float = 1.0) -> Bank:
    """Likert banks of 1-4 areas with 1-6 statements each, random weights and σ."""
    dimensions = []
    questions = []
    for index in range(draw(st.integers(1, 4))):
        noise = draw(noises)
        if noise is not None and noise > max_noise:
            noise = max_noise
        dimensions.append(_dimension(f"d{index}", noise))
        for number in range(draw(st.integers(1, 6))):
            keyed = draw(st.sampled_from(["leader", "manager"]))
            questions.append(_likert(f"d{index}q{number}", f"d{index}", keyed, draw(weights)))
    return _bank(dimensions, questions)


@given(st.integers(1, 30), st.integers(1, 30), st.sampled_from([0.1, 0.35, 1.0]), st.data())
def test_the_interval_narrows_with_more_answers(
    fewer: int, more: int, sigma: float, data: st.DataObject
) -> None:
    fewer, more = sorted((fewer, more))
    bank = _bank([_dimension("d", sigma)], [_likert(f"q{i}", "d", "leader") for i in range(more)])
    value = data.draw(st.integers(1, 5))
    small = score(bank, {f"q{i}": value for i in range(fewer)}).dimensions[0]
    large = score(bank, {f"q{i}": value for i in range(more)}).dimensions[0]
    assert small.interval is not None
    assert large.interval is not None
    assert small.se is not None
    assert large.se is not None
    assert large.interval[1] - large.interval[0] <= small.interval[1] - small.interval[0]
    assert large.interval[0] >= small.interval[0]
    assert large.interval[1] <= small.interval[1]
    if more > fewer:
        assert large.se < small.se


@settings(max_examples=60)
@given(banks(), st.data())
def test_an_attempt_compared_with_itself_is_never_beyond_noise(
    bank: Bank, data: st.DataObject
) -> None:
    answers = {q.id: data.draw(st.one_of(st.none(), st.integers(1, 5))) for q in bank.questions}
    scored = _scored(1, score(bank, answers), bank)
    comparison = compare(scored, scored)
    for change in (*comparison.dimensions, comparison.overall):
        assert change.beyond_noise is not True


@settings(max_examples=60)
@given(banks(max_noise=0.35))
def test_all_leader_against_all_manager_is_beyond_noise_with_three_answers(bank: Bank) -> None:
    leader = {q.id: 5 if q.keyed == "leader" else 1 for q in bank.questions}
    manager = {q.id: 1 if q.keyed == "leader" else 5 for q in bank.questions}
    comparison = compare(
        _scored(1, score(bank, manager), bank), _scored(2, score(bank, leader), bank)
    )
    for change in comparison.dimensions:
        assert change.change == 100.0
        if len(bank.questions_in(change.id)) >= 3:
            assert change.beyond_noise is True


@given(
    st.floats(0, 60, allow_nan=False),
    st.floats(0, 60, allow_nan=False),
    st.floats(-100, 100, allow_nan=False),
)
def test_the_threshold_is_symmetric(se_a: float, se_b: float, difference: float) -> None:
    assert precision.threshold(se_a, se_b) == precision.threshold(se_b, se_a)
    assert precision.beyond_noise(difference, se_a, se_b) == precision.beyond_noise(
        -difference, se_b, se_a
    )


@given(st.integers(1, 8), st.floats(1.01, 10), st.sampled_from([None, 0.2, 0.35, 0.8]))
def test_a_heavier_weight_widens_the_se_as_the_formula_says(
    others: int, heavy: float, noise: float | None
) -> None:
    heavy = round(heavy, 2)
    questions = [_likert(f"q{i}", "d", "leader") for i in range(others)]
    even = _bank([_dimension("d", noise)], [*questions, _likert("h", "d", "leader")])
    heavier = _bank([_dimension("d", noise)], [*questions, _likert("h", "d", "leader", heavy)])
    answers = {q.id: 4 for q in even.questions}
    se_even = score(even, answers).dimensions[0].se
    se_heavy = score(heavier, answers).dimensions[0].se
    sigma = 0.35 if noise is None else noise
    expected = 50 * sigma * math.sqrt(others + heavy**2) / (others + heavy)
    assert se_heavy == pytest.approx(expected)
    assert se_even == pytest.approx(50 * sigma / math.sqrt(others + 1))
    assert se_even is not None
    assert se_heavy is not None
    assert se_heavy > se_even


@given(st.integers(-1000, 1000), st.floats(0.0, 100.0, allow_nan=False))
def test_a_change_is_beyond_noise_exactly_when_larger_than_the_threshold_shown(
    tenths: int, threshold: float
) -> None:
    # Changes and gaps are compared and shown with one decimal; the threshold is shown
    # rounded down, so what a reader checks ("+5.0 ... threshold 4.9") agrees with the verdict.
    change = tenths / 10
    shown = precision.shown_threshold(threshold)
    assert round(shown, 1) == shown
    if abs(threshold * 10 - round(threshold * 10)) > 1e-6:  # not within float noise of a tenth
        assert (abs(change) > threshold) == (abs(change) > shown)
        assert shown <= threshold < shown + 0.1


def test_a_threshold_just_under_a_tenth_is_shown_below_it() -> None:
    # Half up would print "threshold 5.0" beside a change of 5.0 judged beyond noise.
    assert precision.shown_threshold(4.96) == 4.9
    assert precision.shown_threshold(5.04) == 5.0
    assert precision.change_phrase(5.0, 4.96) == "+5.0: beyond noise, threshold 4.9"
    assert precision.change_phrase(5.0, 5.04) == "+5.0: within noise, threshold 5.0"


def test_a_threshold_exactly_one_decimal_judges_as_it_reads() -> None:
    # σ 0.3 with 6 and 12 answers: 1.96 × √(6.1237² + 4.3301²) is exactly 14.7, but float
    # arithmetic gives 14.699999999999998. A change of 14.7 is not larger than it.
    se_a, se_b = precision.area_se([1] * 6, 0.3), precision.area_se([1] * 12, 0.3)
    assert se_a is not None
    assert se_b is not None
    limit = precision.threshold(se_a, se_b)
    assert limit < 14.7
    assert precision.shown_threshold(limit) == 14.7
    assert not precision.exceeds(14.7, limit)
    assert not precision.beyond_noise(-14.7, se_a, se_b)
    assert precision.exceeds(14.8, limit)
    assert precision.change_phrase(14.7, limit) == "+14.7: within noise, threshold 14.7"
