"""The interpretation shared by the terminal report and the markdown export."""

from __future__ import annotations

import dataclasses

import pytest

from leadquiz.formatting import format_delta
from leadquiz.models import AnswerValue, DimensionScore, Result
from leadquiz.results import insights, noise
from leadquiz.results.insights import (
    MIDDLE,
    Leaning,
    Practice,
    gauge_line,
    leanings,
    ordered_dimensions,
    overall_sentence,
    position,
    practice_areas,
    practice_heading,
)
from leadquiz.results.scoring import BANDS, band_for
from report_fixtures import build, tiny_answers, tiny_bank, tiny_data


def test_overall_sentence_differs_per_band_and_is_never_a_verdict() -> None:
    sentences = [overall_sentence(band.low + 1, band.name) for band in BANDS]
    assert len(set(sentences)) == len(BANDS)
    for sentence in sentences:
        assert sentence.endswith(".")
        assert not any(word in sentence.lower() for word in ("bad", "wrong", "fail", "should"))
    assert "both ends about equally" in overall_sentence(50.0, "balanced")
    assert overall_sentence(None, None).startswith("No question was answered")


def test_leanings_pick_the_furthest_dimension_each_way() -> None:
    data = tiny_data()
    manager, leader = leanings(data.bank, data.result)
    assert isinstance(manager, Leaning)
    assert isinstance(leader, Leaning)
    assert (manager.dimension.id, manager.score, manager.pole) == ("goals", 12.5, "manager")
    assert (leader.dimension.id, leader.score, leader.pole) == ("culture", 87.5, "leader")
    assert manager.band == "strongly manager"
    # The dimension's own poles are named: its own in "brings", the other in "risks".
    assert "“Goals manager pole”" in manager.what_it_brings
    assert "focus" in manager.what_it_brings
    assert "“Goals leader pole”" in manager.what_it_risks
    assert "rigidity" in manager.what_it_risks
    assert "“Culture leader pole”" in leader.what_it_brings
    assert "direction" in leader.what_it_brings
    assert "unclear" in leader.what_it_risks


def test_leanings_need_a_score_past_the_middle() -> None:
    bank = tiny_bank()
    # leans +0.5, 0 and the middle scenario: 58.3 everywhere
    above: dict[str, AnswerValue | None] = {
        q.id: "n" if q.type == "choice" else 4 if q.keyed == "leader" else 3 for q in bank.questions
    }
    manager, leader = leanings(bank, build(bank, above).result)
    assert manager is None
    assert leader is not None
    assert leader.dimension.id == "goals"  # all tie: the first in bank order
    middle: dict[str, AnswerValue | None] = {
        q.id: 3 if q.type == "likert" else "n" for q in bank.questions
    }
    assert leanings(bank, build(bank, middle).result) == (None, None)
    assert leanings(bank, build(bank, {}).result) == (None, None)


def test_a_leaning_inside_the_balanced_band_is_called_slight() -> None:
    bank = tiny_bank()

    def result_with(goals: float, culture: float) -> Result:
        scores = {"goals": goals, "culture": culture}
        dimensions = tuple(
            DimensionScore(d.id, d.title, s, band_for(s), 2, 2)
            for d in bank.dimensions
            for s in [scores.get(d.id, MIDDLE)]
        )
        return Result(MIDDLE, band_for(MIDDLE), dimensions, 12, 0, 12)

    slight_manager, slight_leader = leanings(bank, result_with(goals=44.0, culture=55.0))
    clear_manager, clear_leader = leanings(bank, result_with(goals=30.0, culture=75.0))
    assert slight_manager is not None
    assert slight_leader is not None
    assert clear_manager is not None
    assert clear_leader is not None
    assert slight_leader.what_it_brings.startswith(
        "You sit close to the middle here; your slight lean toward “Culture leader pole” "
        "brings direction"
    )
    assert slight_manager.what_it_brings.startswith(
        "You sit close to the middle here; your slight lean toward “Goals manager pole” brings"
    )
    assert clear_leader.what_it_brings.startswith("Leaning toward “Culture leader pole” brings")
    assert clear_manager.what_it_brings.startswith("Leaning toward “Goals manager pole” brings")
    assert slight_leader.what_it_risks == clear_leader.what_it_risks


def test_practice_areas_are_the_furthest_from_the_middle() -> None:
    data = tiny_data()
    areas = practice_areas(data.bank, data.result)
    # goals and culture are both 37.5 from the middle: bank order breaks the tie.
    assert [(a.dimension.id, a.direction) for a in areas] == [
        ("goals", "toward leader"),
        ("culture", "toward manager"),
        ("motivation", "toward manager"),
    ]
    goals, culture, _ = areas
    assert isinstance(goals, Practice)
    assert goals.tips == ("Goals step toward leading.", "Goals second leading step.")
    assert goals.toward_pole == "Goals leader pole"
    assert goals.summary == "To widen your range, try a step toward “Goals leader pole”."
    assert culture.tips == ("Culture step toward managing.",)
    assert [a.dimension.id for a in practice_areas(data.bank, data.result, count=1)] == ["goals"]
    # risk (exactly 50) and trust (unanswered) never appear, however many are asked for.
    assert [a.dimension.id for a in practice_areas(data.bank, data.result, count=10)] == [
        "goals",
        "culture",
        "motivation",
        "change",
    ]


def test_practice_heading() -> None:
    assert practice_heading(3) == "Three areas to practise next"
    assert practice_heading(1) == "One area to practise next"
    assert practice_heading(12) == "12 areas to practise next"


def test_ordered_dimensions_manager_first_unanswered_last() -> None:
    data = tiny_data()
    ordered = ordered_dimensions(data.result)
    assert [d.id for d in ordered] == ["goals", "change", "risk", "motivation", "culture", "trust"]
    assert ordered[-1].score is None


def test_position_maps_0_to_100_onto_the_cells_half_up() -> None:
    assert position(0, 21) == 0
    assert position(100, 21) == 20
    assert position(50, 21) == 10
    assert position(12.5, 21) == 3  # 2.5 rounds up
    assert position(37.4, 21) == 7
    assert position(100, 41) == 40
    with pytest.raises(ValueError, match="two cells"):
        position(50, 1)


def test_gauge_line_has_band_ticks_and_one_marker() -> None:
    assert gauge_line(None, 21) == "├───┼───┼───┼───┼───┤"
    assert gauge_line(12.5, 21) == "├──●┼───┼───┼───┼───┤"
    assert gauge_line(50, 11) == "├─┼─┼●┼─┼─┤"
    assert gauge_line(0, 11)[0] == "●"
    assert gauge_line(100, 11)[-1] == "●"


def test_gauge_line_draws_the_interval_as_a_whisker_inside_the_poles() -> None:
    assert gauge_line(50, 21, interval=(40.0, 60.0)) == "├───┼───━━●━━───┼───┤"
    assert gauge_line(12.5, 21, interval=(0.0, 29.1)) == "├━━●━━━─┼───┼───┼───┤"
    assert gauge_line(95, 11, interval=(80.0, 100.0)) == "├─┼─┼─┼─━━●"  # 95 rounds onto the pole


def test_few_answer_areas_are_never_picked() -> None:
    bank = tiny_bank()
    # Only the two statements of each area: every answered area has few answers.
    two = {k: v for k, v in tiny_answers().items() if not k.endswith("-scenario")}
    result = build(bank, two).result
    assert all(d.few_answers for d in result.dimensions)
    assert leanings(bank, result) == (None, None)
    assert practice_areas(bank, result) == []
    assert "fewer than 3 answers" in insights.no_practice_sentence(result)
    # Goals alone gets its third answer: it is the only one that can be picked.
    three = {**two, "goals-scenario": "a"}
    manager, leader = leanings(bank, build(bank, three).result)
    assert manager is not None
    assert manager.dimension.id == "goals"
    assert leader is None
    assert [p.dimension.id for p in practice_areas(bank, build(bank, three).result)] == ["goals"]


def test_history_and_change_since_previous() -> None:
    data = tiny_data(with_earlier=True)
    rows = noise.history(data)
    assert [(r.attempt_id, r.date, r.score, r.delta) for r in rows] == [
        (5, "2024-12-01", 50.0, None),
        (12, "2025-03-04", 52.5, 2.5),
    ]
    assert rows[0].verdict == ""
    assert rows[0].threshold is None
    assert rows[1].threshold == pytest.approx(11.99, abs=0.01)
    assert (rows[1].beyond_noise, rows[1].verdict) == (False, "within noise")
    assert rows[1].phrase() == "+2.5: within noise, threshold 11.9"  # 11.99, rounded down
    assert [format_delta(d) for d in (None, 2.5, -1.04, 0.0, -0.01)] == [
        "—",
        "+2.5",
        "\N{MINUS SIGN}1.0",
        "0.0",
        "0.0",
    ]


def test_skipped_sentence() -> None:
    data = tiny_data()
    assert insights.skipped_sentence(data.result) == (
        "You skipped 3 of 18 questions; skipped questions count toward no score."
    )
    none_skipped = dataclasses.replace(data.result, skipped=0)
    assert insights.skipped_sentence(none_skipped) is None


def test_results_are_frozen() -> None:
    data = tiny_data()
    manager, _ = leanings(data.bank, data.result)
    with pytest.raises(dataclasses.FrozenInstanceError):
        manager.score = 1.0  # type: ignore[union-attr, misc]
