"""Change over time, pure logic: history rows, sparklines, trends and comparisons."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from leadquiz.banks.loader import load_bank
from leadquiz.formatting import MINUS, delta, format_change, format_day, format_delta, format_when
from leadquiz.models import AnswerValue, ScoredAttempt
from leadquiz.results.comparison import (
    Comparison,
    compare,
    largest_moves,
    moves_sentence,
)
from leadquiz.results.scoring import score
from leadquiz.results.trends import (
    TREND_POINTS,
    BankChange,
    history_rows,
    needs_time,
    sparkline,
    trends,
)
from tracking_fixtures import attempt, dim, scored

DATA = Path(__file__).parent / "data"


# --- numbers and dates --------------------------------------------------------------


def test_delta_rounds_to_one_decimal_and_never_negative_zero() -> None:
    assert delta(48.1, 61.0) == 12.9
    assert delta(61.0, 48.1) == -12.9
    assert str(delta(50.0, 50.0)) == "0.0"
    assert str(delta(-0.0, 0.0)) == "0.0"


def test_format_delta_uses_the_real_minus_sign() -> None:
    assert MINUS == "\u2212"
    assert format_delta(4.2) == "+4.2"
    assert format_delta(-1.0) == "\u22121.0"
    assert format_delta(0.0) == "0.0"
    assert format_delta(-0.0) == "0.0"
    assert format_delta(None) == "—"
    assert "-" not in format_delta(-3.25)


def test_format_change_has_an_arrow_per_direction() -> None:
    assert format_change(8.0) == "▲ +8.0"
    assert format_change(-5.5) == "▼ \u22125.5"
    assert format_change(0.0) == "= 0.0"
    assert format_change(None) == "—"


def test_dates_are_utc_days_with_optional_time() -> None:
    assert format_day("2026-11-23T09:30:00+00:00") == "2026-11-23"
    # 01:30 at +02:00 is the previous day in UTC.
    assert format_day("2026-11-23T01:30:00+02:00") == "2026-11-22"
    assert format_when("2026-11-23T09:30:15.123+00:00", with_time=True) == "2026-11-23 09:30"
    assert format_when("2026-11-23T09:30:00Z", with_time=False) == "2026-11-23"
    assert format_day(None) == "—"
    assert format_day("not a date") == "not a date"[:10]


def test_needs_time_only_when_two_attempts_share_a_day() -> None:
    apart = [
        attempt(2, when="2026-02-01T10:00:00+00:00"),
        attempt(1, when="2026-01-01T10:00:00+00:00"),
    ]
    assert not needs_time(apart)
    same = [*apart, attempt(3, when="2026-02-01T08:00:00+00:00")]
    assert needs_time(same)
    # An unfinished attempt is dated by when it started.
    assert needs_time([attempt(4, finished=False, when="2026-01-01T12:00:00+00:00"), apart[1]])


# --- history ------------------------------------------------------------------------


def test_change_is_per_bank_with_interleaved_banks() -> None:
    attempts = [  # newest first
        attempt(5, "core", 60.0),
        attempt(4, "quick", 50.0),
        attempt(3, "core", 55.5),
        attempt(2, "quick", 40.0),
        attempt(1, "core", 50.0),
    ]
    rows = history_rows(attempts)
    assert [r.attempt.id for r in rows] == [5, 4, 3, 2, 1]
    assert [r.change for r in rows] == [4.5, 10.0, 5.5, None, None]
    assert [r.previous_id for r in rows] == [3, 2, 1, None, None]
    assert [r.finished and r.score is not None and r.previous_id is None for r in rows] == [
        False,
        False,
        False,
        True,
        True,
    ]
    assert [r.band for r in rows][:2] == ["leans leader", "balanced"]


def test_unfinished_attempts_have_no_score_and_are_skipped_as_previous() -> None:
    attempts = [
        attempt(4, "core", 62.0),
        attempt(3, "core", None, finished=False),
        attempt(2, "core", None),  # finished with nothing answered
        attempt(1, "core", 57.0),
    ]
    rows = history_rows(attempts)
    newest, unfinished, empty, first = rows
    assert newest.change == 5.0
    assert newest.previous_id == 1
    assert not unfinished.finished
    assert (unfinished.score, unfinished.change, unfinished.previous_id) == (None, None, None)
    assert empty.finished
    assert (empty.score, empty.change, empty.previous_id) == (None, None, None)
    assert first.score is not None
    assert first.previous_id is None


def test_bank_changes_are_flagged_against_the_previous_finished_attempt() -> None:
    attempts = [
        attempt(6, "core", None, finished=False, version="1.2.0"),
        attempt(5, "core", 58.0, version="1.1.0", digest="edited"),
        attempt(4, "quick", 50.0, version="2.0.0"),
        attempt(3, "core", 57.0, version="1.1.0"),
        attempt(2, "quick", 50.0, version="1.0.0"),
        attempt(1, "core", 52.0, version="1.0.0"),
    ]
    rows = history_rows(attempts)
    changes = {r.attempt.id: r.bank_change for r in rows}
    assert changes[1] is None
    assert changes[2] is None
    assert changes[3] == BankChange("core", "1.0.0", "1.1.0", previous_id=1)
    assert changes[3].describe() == "core 1.0.0 → 1.1.0"
    assert changes[4] == BankChange("quick", "1.0.0", "2.0.0", previous_id=2)
    edited = changes[5]
    assert edited is not None
    assert edited.same_version
    assert edited.describe() == "core 1.1.0 was edited without a new version number"
    assert changes[6] == BankChange("core", "1.1.0", "1.2.0", previous_id=5)
    # Change across a version bump is still computed (the scoring rule is fixed).
    assert rows[3].change == 5.0


def test_history_of_ten_thousand_attempts() -> None:
    count = 10_000
    attempts = [
        attempt(i, "core" if i % 3 else "quick", float(i % 101)) for i in range(count, 0, -1)
    ]
    rows = history_rows(attempts)
    assert len(rows) == count
    assert rows[0].attempt.id == count
    assert rows[0].previous_id == count - 2  # 9999 is a quick one
    assert rows[0].change == delta(float((count - 2) % 101), float(count % 101))
    assert sum(r.score is not None and r.previous_id is None for r in rows) == 2
    found = trends(attempts)
    assert [(t.bank_id, t.total, len(t.values)) for t in found] == [
        ("core", count - count // 3, TREND_POINTS),
        ("quick", count // 3, TREND_POINTS),
    ]


# --- sparklines and trends ----------------------------------------------------------


def test_sparkline_uses_eight_equal_bins_on_the_fixed_axis() -> None:
    values = [0, 12.49, 12.5, 25, 37.5, 49.9, 50, 62.5, 75, 87.4, 87.5, 100]
    assert sparkline(values) == "▁▁▂▃▄▄▅▆▇▇██"


def test_sparkline_flat_is_flat_and_out_of_range_is_clamped() -> None:
    assert sparkline([50.0, 50.0, 50.0]) == "▅▅▅"
    assert sparkline([60.0, 61.0]) == "▅▅"  # not min-max scaled
    assert sparkline([-5.0, 105.0]) == "▁█"
    assert sparkline([]) == ""
    assert sparkline([5.0], lo=0.0, hi=10.0) == "▅"


@pytest.mark.parametrize(("lo", "hi"), [(0.0, 0.0), (10.0, 0.0), (0.0, float("inf"))])
def test_sparkline_rejects_a_bad_axis(lo: float, hi: float) -> None:
    with pytest.raises(ValueError, match="axis"):
        sparkline([1.0], lo, hi)


def test_sparkline_rejects_nan() -> None:
    with pytest.raises(ValueError, match="nan"):
        sparkline([float("nan")])


def test_trends_per_bank_oldest_to_newest() -> None:
    attempts = [
        attempt(7, "core", None, finished=False),
        attempt(6, "core", 61.0),
        attempt(5, "quick", 70.0),
        attempt(4, "core", 55.0),
        attempt(3, "solo", 30.0),
        attempt(2, "core", None),
        attempt(1, "core", 48.1),
    ]
    found = trends(attempts)
    assert [t.bank_id for t in found] == ["core"]  # quick and solo have one point each
    (core,) = found
    assert core.values == (48.1, 55.0, 61.0)
    assert (core.first, core.last, core.total) == (48.1, 61.0, 3)
    assert core.spark == "▄▅▅"
    assert core.describe() == "Trend (core, 3 attempts): 48.1 ▄▅▅ 61.0"


def test_trends_keep_the_newest_points_and_order_banks_by_latest_use() -> None:
    attempts = [attempt(100 + i, "quick", 10.0 * (i % 2)) for i in range(2)]
    attempts += [attempt(i, "core", float(i)) for i in range(60, 0, -1)]
    quick, core = trends(attempts)
    assert quick.bank_id == "quick"
    assert core.values == tuple(float(i) for i in range(21, 61))
    assert core.total == 60
    assert core.count_phrase() == "40 of 60"
    assert core.describe().startswith("Trend (core, 40 of 60): 21.0 ")


# --- comparisons --------------------------------------------------------------------


def test_compare_shared_dimensions_in_a_order_with_left_out_lists() -> None:
    a = scored(1, [dim("goals", 50.0), dim("risk", 40.0), dim("trust", 55.0), dim("culture", 60)])
    b = scored(
        2,
        [dim("trust", 47.0), dim("goals", 58.0), dim("risk", 52.5), dim("decisions", 30.0)],
        bank="quick",
    )
    comparison = compare(a, b)
    assert [d.id for d in comparison.dimensions] == ["goals", "risk", "trust"]
    assert [d.change for d in comparison.dimensions] == [8.0, 12.5, -8.0]
    assert [d.direction for d in comparison.dimensions] == ["leader", "leader", "manager"]
    assert comparison.only_in_a == (("culture", "Culture"),)
    assert comparison.only_in_b == (("decisions", "Decisions"),)
    assert not comparison.same_bank
    assert comparison.bank_change is None
    # Different banks: overall is the mean of the shared dimensions answered in both.
    assert not comparison.same_bank
    assert comparison.overall.title == "Overall (shared areas)"
    assert comparison.overall.score_a == 48.3  # (50 + 40 + 55) / 3 = 48.33
    assert comparison.overall.score_b == 52.5  # (58 + 52.5 + 47) / 3 = 52.5
    assert comparison.overall.change == 4.2


def test_compare_same_bank_uses_the_attempts_own_overall_and_notes_versions() -> None:
    a = scored(1, [dim("goals", 50.0), dim("risk", 40.0)], overall=45.0)
    b = scored(2, [dim("goals", 62.5), dim("risk", 40.0)], overall=51.3, version="1.1.0")
    comparison = compare(a, b)
    assert comparison.same_bank
    assert (comparison.overall.score_a, comparison.overall.score_b) == (45.0, 51.3)
    assert comparison.overall.change == 6.3
    assert comparison.only_in_a == comparison.only_in_b == ()
    assert comparison.bank_change == BankChange("core", "1.0.0", "1.1.0", previous_id=1)
    goals, risk = comparison.dimensions
    assert goals.band_changed
    assert goals.band_text() == "balanced → leans leader"
    assert not risk.band_changed
    assert risk.band_text() == "balanced"
    assert risk.direction == "none"


def test_unanswered_dimensions_have_no_change() -> None:
    a = scored(1, [dim("goals", None), dim("risk", 40.0)])
    b = scored(2, [dim("goals", 70.0), dim("risk", None)])
    comparison = compare(a, b)
    for change in comparison.dimensions:
        assert not change.answered
        assert change.change is None
        assert change.direction is None
        assert change.band_text() == ""
    assert largest_moves(comparison) == []
    assert moves_sentence(comparison) == (
        "No area was answered in both attempts, so there is no change to describe."
    )


def test_compare_scored_from_a_real_bank() -> None:
    bank = load_bank(DATA / "mini.yaml")
    first: dict[str, AnswerValue | None] = {"goals-kpi": 4, "goals-dream": 2, "goals-plan": "a"}
    later: dict[str, AnswerValue | None] = {
        "goals-kpi": 2,
        "goals-dream": 4,
        "goals-plan": "c",
        "risk-safe": 4,
        "risk-bet": "a",
    }
    a = ScoredAttempt(attempt(1, "mini", 18.8, version=bank.version), score(bank, first))
    b = ScoredAttempt(attempt(2, "mini", 53.1, version=bank.version), score(bank, later))
    comparison = compare(a, b)
    goals, risk = comparison.dimensions
    assert (goals.score_a, goals.score_b, goals.change) == (18.8, 81.3, 62.5)
    assert goals.band_text() == "strongly manager → strongly leader"
    assert risk.score_a is None
    assert risk.change is None
    assert comparison.overall.change == 34.3
    assert goals.beyond_noise is True
    assert comparison.overall.verdict == "beyond noise"
    assert moves_sentence(comparison) == (
        "The largest move beyond noise: Goals moved 62.5 toward the leader pole "
        f"(threshold {goals.threshold:.1f})."
    )


def _moves(*pairs: tuple[str, float, float]) -> Comparison:
    a = scored(1, [dim(name, before) for name, before, _ in pairs])
    b = scored(2, [dim(name, after) for name, _, after in pairs])
    return compare(a, b)


def test_largest_moves_are_only_those_beyond_noise_largest_first() -> None:
    # Every fixture SE is 3.0: the threshold is 1.96 × √18 = 8.3.
    comparison = _moves(
        ("goals", 50.0, 58.0),  # +8.0: within noise
        ("trust", 55.0, 45.0),  # -10.0
        ("risk", 40.0, 52.5),  # +12.5
        ("people", 50.0, 60.0),  # +10.0, ties with trust: A's order wins
    )
    goals = comparison.dimensions[0]
    assert goals.threshold == pytest.approx(8.315, abs=1e-3)
    assert (goals.beyond_noise, goals.verdict) == (False, "within noise")
    assert comparison.dimensions[1].verdict == "beyond noise"
    assert [d.id for d in largest_moves(comparison)] == ["risk", "trust"]
    assert [d.id for d in largest_moves(comparison, count=5)] == ["risk", "trust", "people"]
    assert moves_sentence(comparison) == (
        "The largest moves beyond noise: Risk moved 12.5 toward the leader pole "
        "(threshold 8.3); Trust moved 10.0 toward the manager pole (threshold 8.3)."
    )


def test_moves_sentence_when_nothing_moved_beyond_noise() -> None:
    comparison = _moves(("goals", 50.0, 58.0), ("risk", 40.0, 32.0), ("trust", 60.0, 60.0))
    assert largest_moves(comparison) == []
    assert moves_sentence(comparison) == (
        "No area moved beyond noise: every change is smaller than answering the same way "
        "twice could give."
    )


def test_a_change_without_standard_errors_gets_no_verdict() -> None:
    comparison = _moves(("goals", 50.0, 90.0))
    bare = dataclasses.replace(comparison.dimensions[0], se_a=None)
    assert (bare.threshold, bare.beyond_noise, bare.verdict) == (None, None, "")


def test_zero_change_never_counts_as_a_move() -> None:
    comparison = _moves(("goals", 50.0, 50.0))
    assert largest_moves(comparison) == []
