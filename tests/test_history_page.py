"""The history page read from the store equals the one computed from every attempt."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path

import pytest

from leadquiz.app.reports import history_page
from leadquiz.banks.loader import load_bank
from leadquiz.results.scoring import SCORING_VERSION
from leadquiz.results.trends import history_page as page_from_all
from leadquiz.store.database import Store

DATA = Path(__file__).parent / "data"


def fill(store: Store, seed: int) -> None:
    """Interleave two bank ids (one in two versions), with unfinished and unscored attempts."""
    rng = random.Random(seed)
    mini = load_bank(DATA / "mini.yaml")
    banks = [
        mini,
        replace(mini, version="0.2.0", digest="d" * 64),
        replace(mini, id="other", digest="e" * 64),
    ]
    ids = [q.id for q in mini.questions]
    for day in range(40):
        stamp = f"2026-01-{day % 28 + 1:02d}T{day // 28:02d}:00:00+00:00"
        attempt = store.begin_attempt("ana", rng.choice(banks), ids, day, stamp)
        if rng.random() < 0.15:
            continue  # left unfinished
        score = None if rng.random() < 0.1 else round(rng.uniform(0, 100), 1)
        # A current cache (as this version writes it) holds the overall SE: no rescoring.
        cached = json.dumps({"overall": {"se": None if score is None else 2.0}})
        store.finish_attempt(
            attempt.id,
            stamp,
            score,
            None if score is None else "balanced",
            cached,
            SCORING_VERSION,
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_page_from_the_store_equals_the_page_from_every_attempt(
    leadquiz_home: Path, seed: int
) -> None:
    with Store.open(leadquiz_home) as store:
        fill(store, seed)
        everything = store.attempts("ana")
        for limit in (1, 2, 5, 13, 39, 40, 100):
            expected = page_from_all(everything, limit)
            found = history_page(store, "ana", limit)
            assert found.rows == expected.rows, limit
            assert found.total == expected.total
            assert found.trends == expected.trends
