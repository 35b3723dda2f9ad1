"""The fixed scoring rule: hand-computed examples, edges and properties over random banks."""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from collections.abc import Sequence
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leadquiz.models import (
    POLES,
    AnswerValue,
    Bank,
    Dimension,
    Option,
    Pole,
    Question,
    Result,
)
from leadquiz.results.codec import result_from_dict, result_to_dict
from leadquiz.results.scoring import BANDS, SCORING_VERSION, answer_lean, band_for, score

Answers = dict[str, AnswerValue | None]

# --- building banks by hand -------------------------------------------------


def dim(dimension_id: str, title: str = "") -> Dimension:
    return Dimension(
        id=dimension_id,
        title=title or dimension_id.title(),
        manager_pole="the manager pole",
        leader_pole="the leader pole",
    )


def likert(question_id: str, dimension: str, keyed: Pole, weight: float = 1.0) -> Question:
    return Question(
        id=question_id,
        dimension=dimension,
        type="likert",
        text=f"Statement {question_id}.",
        keyed=keyed,
        weight=weight,
    )


def choice(
    question_id: str, dimension: str, leans: Sequence[float], weight: float = 1.0
) -> Question:
    options = tuple(
        Option(key=chr(ord("a") + index), text=f"Option {index}.", lean=lean)
        for index, lean in enumerate(leans)
    )
    return Question(
        id=question_id,
        dimension=dimension,
        type="choice",
        text=f"Situation {question_id}.",
        weight=weight,
        options=options,
    )


def make_bank(dimensions: Sequence[Dimension], questions: Sequence[Question]) -> Bank:
    return Bank(
        schema=1,
        id="test",
        title="Test bank",
        version="1.0.0",
        description="",
        sources=(),
        dimensions=tuple(dimensions),
        questions=tuple(questions),
    )


def one_choice_score(lean: float) -> Result:
    """Score a one-question bank whose single answer has this lean."""
    bank = make_bank([dim("goals")], [choice("q", "goals", [lean, 0.0])])
    return score(bank, {"q": "a"})


# --- a hand-computed example ------------------------------------------------


def example_bank() -> Bank:
    return make_bank(
        [dim("goals"), dim("risk"), dim("change")],
        [
            likert("g1", "goals", "leader", weight=2),
            likert("g2", "goals", "manager"),
            choice("g3", "goals", [-1, 0.25, 0.75], weight=1.5),
            likert("g4", "goals", "leader"),
            likert("r1", "risk", "manager", weight=0.5),
            likert("r2", "risk", "leader"),
            likert("r3", "risk", "leader"),
            likert("r4", "risk", "manager"),
            likert("c1", "change", "leader"),
            choice("c2", "change", [-1, 1]),
        ],
    )


EXAMPLE_ANSWERS: Answers = {
    "g1": 5,  # lean +1, weight 2
    "g2": 2,  # manager-keyed: lean +0.5
    "g3": "b",  # lean +0.25, weight 1.5
    "g4": None,  # skipped
    "r1": 4,  # manager-keyed: lean -0.5, weight 0.5
    "r2": 2,  # lean -0.5
    "r3": 3,  # lean 0
    # r4 and c1 unanswered, c2 skipped: "change" has no answer at all
    "c2": None,
}


def test_hand_computed_example() -> None:
    result = score(example_bank(), EXAMPLE_ANSWERS)
    goals, risk, change = result.dimensions

    # goals: (2×1 + 1×0.5 + 1.5×0.25) / 4.5 = 0.63889 → 50 + 31.944 = 81.944
    assert (goals.id, goals.title, goals.score, goals.band) == (
        "goals",
        "Goals",
        81.9,
        "strongly leader",
    )
    assert (goals.answered, goals.total) == (3, 4)
    # manager: g2 (2-1)/4 = 25 ×1, g3 max(0, -0.25) = 0 ×1.5 → 25 / 2.5 = 10
    # leader:  g1 100 ×2, g3 25 ×1.5 → 237.5 / 3.5 = 67.857
    assert (goals.manager_strength, goals.leader_strength) == (10.0, 67.9)

    # risk: (0.5×-0.5 + 1×-0.5 + 1×0) / 2.5 = -0.3 → 35
    assert (risk.score, risk.band, risk.answered, risk.total) == (35.0, "leans manager", 3, 4)
    # manager: r1 75; leader: r2 25, r3 50 → 37.5
    assert (risk.manager_strength, risk.leader_strength) == (75.0, 37.5)

    assert (change.score, change.band, change.answered, change.total) == (None, None, 0, 2)
    assert (change.manager_strength, change.leader_strength) == (None, None)

    # overall: (81.944 + 35) / 2 = 58.472; "change" is left out, not counted as 50
    assert (result.overall_score, result.overall_band) == (58.5, "balanced")
    assert (result.answered, result.skipped, result.total) == (6, 2, 10)
    assert result.notes == ()


def test_overall_is_the_mean_of_the_unrounded_dimension_scores() -> None:
    bank = make_bank(
        [dim("a"), dim("b")],
        [choice("qa", "a", [-0.7982, 0.0]), choice("qb", "b", [-0.8, 0.0])],
    )
    result = score(bank, {"qa": "a", "qb": "a"})
    # 10.09 and 10.0: shown as 10.1 and 10.0. Their exact mean 10.045 gives 10.0,
    # where the mean of the shown numbers (10.05) would give 10.1.
    assert [d.score for d in result.dimensions] == [10.1, 10.0]
    assert result.overall_score == 10.0


def test_nothing_answered_gives_no_overall() -> None:
    result = score(example_bank(), {"g1": None})
    assert (result.overall_score, result.overall_band) == (None, None)
    assert all(d.score is None and d.band is None for d in result.dimensions)
    assert (result.answered, result.skipped, result.total) == (0, 1, 10)


# --- answer_lean ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "leader_lean"), [(1, -1.0), (2, -0.5), (3, 0.0), (4, 0.5), (5, 1.0)]
)
def test_likert_leans_by_keying(value: int, leader_lean: float) -> None:
    assert answer_lean(likert("q", "goals", "leader"), value) == leader_lean
    assert answer_lean(likert("q", "goals", "manager"), value) == -leader_lean


def test_choice_lean_is_the_option_lean() -> None:
    question = choice("q", "goals", [-1, 0.3, 0.75])
    assert [answer_lean(question, key) for key in "abc"] == [-1.0, 0.3, 0.75]


@pytest.mark.parametrize("value", [True, False, 0, 6, -1, "3", 3.0, None])
def test_invalid_likert_value_is_rejected(value: object) -> None:
    with pytest.raises(ValueError, match="question 'q'"):
        answer_lean(likert("q", "goals", "leader"), cast(AnswerValue, value))


@pytest.mark.parametrize("value", ["z", "", "A", 1, True, None])
def test_invalid_choice_value_is_rejected(value: object) -> None:
    with pytest.raises(ValueError, match="one of a, b"):
        answer_lean(choice("q", "goals", [-1, 1]), cast(AnswerValue, value))


def test_score_rejects_unknown_ids_and_invalid_values() -> None:
    bank = example_bank()
    with pytest.raises(ValueError, match="nope"):
        score(bank, {"g1": 5, "nope": 3})
    with pytest.raises(ValueError, match="'r1'"):
        score(bank, {"g1": 5, "r1": 7})
    with pytest.raises(ValueError, match="'c2'"):
        score(bank, {"c2": "x"})


# --- bands and rounding -----------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (0, "strongly manager"),
        (19.99, "strongly manager"),
        (20, "leans manager"),
        (39.99, "leans manager"),
        (40, "balanced"),
        (59.9, "balanced"),
        (60, "leans leader"),
        (79.99, "leans leader"),
        (80, "strongly leader"),
        (100, "strongly leader"),
    ],
)
def test_band_boundaries(value: float, band: str) -> None:
    assert band_for(value) == band


@pytest.mark.parametrize("value", [-0.1, 100.1, math.nan, math.inf])
def test_band_outside_the_scale_is_an_error(value: float) -> None:
    with pytest.raises(ValueError, match=r"outside 0\.\.100"):
        band_for(value)


def test_bands_cover_the_scale_in_order() -> None:
    assert [b.name for b in BANDS] == [
        "strongly manager",
        "leans manager",
        "balanced",
        "leans leader",
        "strongly leader",
    ]
    assert (BANDS[0].low, BANDS[-1].high) == (0, 100)
    assert all(a.high == b.low for a, b in itertools.pairwise(BANDS))


@pytest.mark.parametrize(
    ("lean", "shown", "band"),
    [
        (0.245, 62.3, "leans leader"),  # exactly 62.25: half up (round() gives 62.2)
        (0.001, 50.1, "balanced"),  # exactly 50.05 (the float 50.05 is a hair below)
        (-0.001, 50.0, "balanced"),  # exactly 49.95
        (-0.401, 30.0, "leans manager"),  # exactly 29.95
        (0.599, 80.0, "strongly leader"),  # 79.95 is shown as 80.0, so its band is 80's
        (0.5989, 79.9, "leans leader"),  # 79.945
        (-0.6001, 20.0, "leans manager"),  # 19.995
        (-0.6011, 19.9, "strongly manager"),  # 19.945
    ],
)
def test_rounding_is_half_up_on_the_exact_value(lean: float, shown: float, band: str) -> None:
    dimension = one_choice_score(lean).dimensions[0]
    assert (dimension.score, dimension.band) == (shown, band)


def test_decimal_weights_are_exact() -> None:
    bank = make_bank(
        [dim("goals")],
        [
            likert("q1", "goals", "leader", weight=0.049),
            likert("q2", "goals", "leader", weight=0.151),
        ],
    )
    # 0.049 × 1 / (0.049 + 0.151) = 0.245 exactly → 62.25 → 62.3 (round() on floats: 62.2)
    goals = score(bank, {"q1": 5, "q2": 3}).dimensions[0]
    assert (goals.score, goals.leader_strength) == (62.3, 62.3)


# --- pole strengths ---------------------------------------------------------


def test_strengths_hand_computed() -> None:
    bank = make_bank(
        [dim("goals")],
        [
            likert("m4", "goals", "manager"),
            likert("m2", "goals", "manager", weight=3),
            likert("l5", "goals", "leader", weight=2),
            choice("c", "goals", [-0.5, 0.5]),
        ],
    )
    goals = score(bank, {"m4": 4, "m2": 2, "l5": 5, "c": "a"}).dimensions[0]
    # manager: (75×1 + 25×3 + 50×1) / 5 = 40; leader: (100×2 + 0×1) / 3 = 66.67
    assert (goals.manager_strength, goals.leader_strength) == (40.0, 66.7)
    # spectrum: (-0.5 + 3×0.5 + 2×1 - 0.5) / 7 = 0.357 → 67.857
    assert goals.score == 67.9


def test_strengths_are_independent_of_the_spectrum() -> None:
    bank = make_bank(
        [dim("goals")], [likert("m", "goals", "manager"), likert("l", "goals", "leader")]
    )
    both = score(bank, {"m": 5, "l": 5}).dimensions[0]
    neither = score(bank, {"m": 3, "l": 3}).dimensions[0]
    assert both.score == neither.score == 50.0
    assert (both.manager_strength, both.leader_strength) == (100.0, 100.0)
    assert (neither.manager_strength, neither.leader_strength) == (50.0, 50.0)


def test_strength_is_none_when_nothing_contributes() -> None:
    bank = make_bank(
        [dim("goals")],
        [
            likert("m", "goals", "manager"),
            likert("l", "goals", "leader"),
            choice("c", "goals", [0, 1]),
        ],
    )
    only_manager = score(bank, {"m": 2}).dimensions[0]
    assert (only_manager.manager_strength, only_manager.leader_strength) == (25.0, None)
    only_leader = score(bank, {"l": 4, "m": None}).dimensions[0]
    assert (only_leader.manager_strength, only_leader.leader_strength) == (None, 75.0)
    only_choice = score(bank, {"c": "a"}).dimensions[0]  # lean 0 counts as 0 on both sides
    assert (only_choice.manager_strength, only_choice.leader_strength) == (0.0, 0.0)


def test_strength_rounds_half_up() -> None:
    goals = one_choice_score(-0.3335).dimensions[0]
    assert (goals.manager_strength, goals.leader_strength) == (33.4, 0.0)


# --- answer-quality notes ---------------------------------------------------


def six_statements() -> Bank:
    return make_bank(
        [dim("goals"), dim("risk")],
        [likert(f"g{i}", "goals", "leader" if i % 2 else "manager") for i in range(3)]
        + [likert(f"r{i}", "risk", "manager") for i in range(3)]
        + [likert("extra", "risk", "manager"), choice("pick", "risk", [-1, 1])],
    )


def test_straight_lining_is_noted() -> None:
    answers: Answers = {f"{d}{i}": 4 for d in "gr" for i in range(3)}
    notes = score(six_statements(), answers).notes
    assert [n.kind for n in notes] == ["straight-lining"]
    assert "(Agree)" in notes[0].message
    assert notes[0].message.isprintable()
    assert notes[0].dimensions == ()


def test_straight_lining_ignores_skips_and_choices() -> None:
    answers: Answers = {f"{d}{i}": 2 for d in "gr" for i in range(3)}
    notes = score(six_statements(), {**answers, "extra": None, "pick": "a"}).notes
    assert [n.kind for n in notes] == ["straight-lining"]
    assert "(Disagree)" in notes[0].message


@pytest.mark.parametrize(
    "answers",
    [
        {"g0": 4, "g1": 4, "g2": 4, "r0": 4, "r1": 4},  # only five statements
        {"g0": 4, "g1": 4, "g2": 4, "r0": 4, "r1": 4, "pick": "a"},  # a choice is no statement
        {"g0": 4, "g1": 4, "g2": 4, "r0": 4, "r1": 4, "r2": 3},  # one differs
        {"g0": 4, "g1": 4, "g2": 4, "r0": 4, "r1": 4, "r2": None},  # one skipped
    ],
)
def test_no_straight_lining_note(answers: Answers) -> None:
    assert score(six_statements(), answers).notes == ()


def test_strongly_agreeing_with_both_ends_is_noted() -> None:
    bank = make_bank(
        [dim("goals"), dim("risk", "Risk"), dim("change")],
        [
            likert("gm", "goals", "manager"),
            likert("gl", "goals", "leader"),
            likert("rm", "risk", "manager"),
            likert("rl1", "risk", "leader"),
            likert("rl2", "risk", "leader"),
            likert("cm", "change", "manager"),
            likert("cl", "change", "leader"),
        ],
    )
    notes = score(bank, {"gm": 5, "gl": 5, "rm": 5, "rl1": 3, "rl2": 5, "cm": 5, "cl": 4}).notes
    assert [n.kind for n in notes] == ["contradiction"]
    assert notes[0].dimensions == ("goals", "risk")
    assert "both ends of Goals and Risk." in notes[0].message
    assert notes[0].message.isprintable()

    one = score(bank, {"gm": 5, "gl": 5}).notes
    assert one[0].dimensions == ("goals",)
    assert "both ends of Goals." in one[0].message


@pytest.mark.parametrize(
    "answers",
    [
        {"gm": 5, "gl": 4},  # agree is not strongly agree
        {"gm": 5, "gl": None},  # the other end skipped
        {"gl": 5, "gl2": 5},  # same end twice
        {"gm": 5, "rl": 5},  # opposite ends, different dimensions
        {"gm": 1, "gl": 1},  # strongly disagreeing with both is not this note
    ],
)
def test_no_contradiction_note(answers: Answers) -> None:
    bank = make_bank(
        [dim("goals"), dim("risk")],
        [
            likert("gm", "goals", "manager"),
            likert("gl", "goals", "leader"),
            likert("gl2", "goals", "leader"),
            likert("rl", "risk", "leader"),
        ],
    )
    assert score(bank, answers).notes == ()


def test_both_notes_can_appear_together() -> None:
    answers: Answers = {f"{d}{i}": 5 for d in "gr" for i in range(3)}
    notes = score(six_statements(), answers).notes
    assert [n.kind for n in notes] == ["straight-lining", "contradiction"]
    assert "(Strongly agree)" in notes[0].message
    assert notes[1].dimensions == ("goals",)


# --- result_to_dict / result_from_dict --------------------------------------


def test_result_dict_shape() -> None:
    data = result_to_dict(score(example_bank(), EXAMPLE_ANSWERS))
    overall = cast(dict[str, object], data["overall"])
    assert (overall["score"], overall["band"]) == (58.5, "balanced")
    assert data["scoring_version"] == SCORING_VERSION
    assert (data["answered"], data["skipped"], data["total"]) == (6, 2, 10)
    dimensions = cast(list[dict[str, object]], data["dimensions"])
    assert dimensions[1] == {
        "id": "risk",
        "title": "Risk",
        "score": 35.0,
        "band": "leans manager",
        "answered": 3,
        "total": 4,
        "manager_strength": 75.0,
        "leader_strength": 37.5,
        # Σw = 2.5, Σw² = 2.25: SE = 50 × 0.35 × 1.5 / 2.5 = 10.5; ± 17.3
        "se": pytest.approx(10.5),
        "interval": [17.7, 52.3],
        "few_answers": False,
    }
    assert dimensions[2]["score"] is None
    assert dimensions[2]["few_answers"] is True
    assert result_from_dict(data) == score(example_bank(), EXAMPLE_ANSWERS)


def test_result_from_dict_rejects_malformed_data() -> None:
    good = result_to_dict(score(example_bank(), EXAMPLE_ANSWERS))
    good_overall = cast(dict[str, object], good["overall"])
    with pytest.raises(ValueError, match="'answered'"):
        result_from_dict({**good, "answered": "6"})
    with pytest.raises(ValueError, match="'total'"):
        result_from_dict({k: v for k, v in good.items() if k != "total"})
    with pytest.raises(ValueError, match="note kind"):
        result_from_dict({**good, "notes": [{"kind": "bad", "message": "", "dimensions": []}]})
    with pytest.raises(ValueError, match="'score'"):
        result_from_dict({**good, "overall": {"score": True, "band": None}})
    with pytest.raises(ValueError, match="'interval'"):
        result_from_dict({**good, "overall": {**good_overall, "interval": [1.0]}})


# --- properties over random banks -------------------------------------------

PROPERTY = settings(deadline=None, max_examples=150)
WEIGHTS = st.one_of(
    st.sampled_from([0.1, 0.5, 1.0, 1.5, 2.0, 3.0]),
    st.floats(min_value=0.01, max_value=10, allow_nan=False),
)
MAGNITUDES = st.one_of(
    st.sampled_from([0.0, 0.1, 0.25, 0.3, 0.5, 0.75]),
    st.floats(min_value=0, max_value=1, allow_nan=False),
)


@st.composite
def banks(draw: st.DrawFn, min_dimensions: int = 1) -> Bank:
    """A random valid bank; every choice question has symmetric options including ±1."""
    dimensions = [
        dim(f"d{i}", f"Dimension {i}") for i in range(draw(st.integers(min_dimensions, 4)))
    ]
    questions: list[Question] = []
    for dimension in dimensions:
        for j in range(draw(st.integers(1, 5))):
            question_id = f"{dimension.id}-q{j}"
            weight = draw(WEIGHTS)
            if draw(st.booleans()):
                keyed = draw(st.sampled_from(POLES))
                questions.append(likert(question_id, dimension.id, keyed, weight))
            else:
                magnitudes = sorted({1.0, *draw(st.lists(MAGNITUDES, max_size=3))})
                leans = magnitudes + [-m for m in magnitudes if m != 0]
                shuffled = draw(st.permutations(leans))
                questions.append(choice(question_id, dimension.id, shuffled, weight))
    return make_bank(dimensions, questions)


def any_value(question: Question) -> st.SearchStrategy[AnswerValue]:
    if question.type == "likert":
        return st.integers(1, 5)
    return st.sampled_from([o.key for o in question.options])


@st.composite
def quizzes(draw: st.DrawFn, skips: bool = True) -> tuple[Bank, Answers]:
    """A random bank with random answers; with ``skips``, some skipped or left out."""
    bank = draw(banks())
    answers: Answers = {}
    for question in bank.questions:
        fate = draw(st.sampled_from(["answer", "skip", "leave out"])) if skips else "answer"
        if fate == "answer":
            answers[question.id] = draw(any_value(question))
        elif fate == "skip":
            answers[question.id] = None
    return bank, answers


def pole_answers(bank: Bank, pole: Pole) -> Answers:
    """Answer every question as far toward one pole as it goes."""
    sign = 1 if pole == "leader" else -1
    answers: Answers = {}
    for question in bank.questions:
        if question.type == "likert":
            answers[question.id] = 5 if question.keyed == pole else 1
        else:
            answers[question.id] = max(question.options, key=lambda o: sign * o.lean).key
    return answers


def reversed_answers(bank: Bank, answers: Answers) -> Answers:
    """Every answer turned around: v → 6 - v, a choice → the option of opposite lean."""
    turned: Answers = {}
    for question in bank.questions:
        if question.id not in answers:
            continue
        value = answers[question.id]
        if value is None or isinstance(value, int):
            turned[question.id] = None if value is None else 6 - value
        else:
            picked = question.option(value)
            assert picked is not None
            turned[question.id] = next(o.key for o in question.options if o.lean == -picked.lean)
    return turned


@PROPERTY
@given(quizzes())
def test_scores_stay_on_the_scale_and_agree_with_bands(quiz: tuple[Bank, Answers]) -> None:
    bank, answers = quiz
    result = score(bank, answers)
    assert result.answered == sum(1 for v in answers.values() if v is not None)
    assert result.skipped == sum(1 for v in answers.values() if v is None)
    assert result.total == len(bank.questions)
    shown = []
    for d in result.dimensions:
        assert d.answered == sum(
            1 for q in bank.questions_in(d.id) if answers.get(q.id) is not None
        )
        assert d.total == len(bank.questions_in(d.id))
        for number in (d.score, d.manager_strength, d.leader_strength):
            assert number is None or 0 <= number <= 100
            assert number is None or round(number, 1) == number
        if d.answered == 0:
            assert (d.score, d.band) == (None, None)
        else:
            assert d.score is not None
            assert d.band == band_for(d.score)
            shown.append(d.score)
    if shown:
        assert result.overall_score is not None
        assert result.overall_band == band_for(result.overall_score)
        assert abs(result.overall_score - sum(shown) / len(shown)) <= 0.1 + 1e-9
    else:
        assert (result.overall_score, result.overall_band) == (None, None)


@PROPERTY
@given(banks())
def test_pure_poles_score_0_and_100(bank: Bank) -> None:
    leader = score(bank, pole_answers(bank, "leader"))
    manager = score(bank, pole_answers(bank, "manager"))
    assert [d.score for d in leader.dimensions] == [100.0] * len(bank.dimensions)
    assert [d.score for d in manager.dimensions] == [0.0] * len(bank.dimensions)
    assert (leader.overall_score, leader.overall_band) == (100.0, "strongly leader")
    assert (manager.overall_score, manager.overall_band) == (0.0, "strongly manager")
    for d in leader.dimensions:
        assert d.leader_strength in (None, 100.0)
        assert d.manager_strength in (None, 0.0)
    for d in manager.dimensions:
        assert d.manager_strength in (None, 100.0)
        assert d.leader_strength in (None, 0.0)


@PROPERTY
@given(quizzes())
def test_reversing_every_answer_mirrors_every_score(quiz: tuple[Bank, Answers]) -> None:
    bank, answers = quiz
    result = score(bank, answers)
    mirrored = score(bank, reversed_answers(bank, answers))
    pairs = [
        (d.score, m.score) for d, m in zip(result.dimensions, mirrored.dimensions, strict=True)
    ]
    pairs.append((result.overall_score, mirrored.overall_score))
    for original, mirror in pairs:
        if original is None or mirror is None:
            assert (original, mirror) == (None, None)
        else:
            assert abs(original + mirror - 100) <= 0.1 + 1e-9


@PROPERTY
@given(banks(), st.data())
def test_weight_two_equals_two_copies(bank: Bank, data: st.DataObject) -> None:
    answers = {q.id: data.draw(any_value(q)) for q in bank.questions}
    doubled = data.draw(st.sets(st.sampled_from([q.id for q in bank.questions])))
    weighted: list[Question] = []
    copied: list[Question] = []
    copied_answers: Answers = dict(answers)
    for q in bank.questions:
        if q.id in doubled:
            weighted.append(dataclasses.replace(q, weight=2 * q.weight))
            copied += [q, dataclasses.replace(q, id=f"{q.id}-copy")]
            copied_answers[f"{q.id}-copy"] = answers[q.id]
        else:
            weighted.append(q)
            copied.append(q)
    by_weight = score(make_bank(bank.dimensions, weighted), dict(answers))
    by_copies = score(make_bank(bank.dimensions, copied), copied_answers)
    assert by_weight.overall_score == by_copies.overall_score
    for w, c in zip(by_weight.dimensions, by_copies.dimensions, strict=True):
        assert (w.score, w.manager_strength, w.leader_strength) == (
            c.score,
            c.manager_strength,
            c.leader_strength,
        )


@PROPERTY
@given(banks(min_dimensions=2), st.data())
def test_a_skipped_dimension_is_left_out_not_50(bank: Bank, data: st.DataObject) -> None:
    left_out = data.draw(st.sampled_from(bank.dimensions))
    answers: Answers = {}
    for q in bank.questions:
        if q.dimension != left_out.id:
            answers[q.id] = data.draw(any_value(q))
        elif data.draw(st.booleans()):
            answers[q.id] = None
    result = score(bank, answers)
    skipped = next(d for d in result.dimensions if d.id == left_out.id)
    assert (skipped.score, skipped.band, skipped.answered) == (None, None, 0)
    assert (skipped.manager_strength, skipped.leader_strength) == (None, None)

    rest = make_bank(
        [d for d in bank.dimensions if d != left_out],
        [q for q in bank.questions if q.dimension != left_out.id],
    )
    without = score(rest, {k: v for k, v in answers.items() if bank.question(k) in rest.questions})
    assert result.overall_score == without.overall_score


@PROPERTY
@given(quizzes())
def test_result_dict_round_trip(quiz: tuple[Bank, Answers]) -> None:
    result = score(*quiz)
    data = result_to_dict(result)
    assert result_from_dict(data) == result
    assert result_from_dict(json.loads(json.dumps(data))) == result
    assert data["scoring_version"] == SCORING_VERSION
