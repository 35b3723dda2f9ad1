"""Which kind of balance a score is: the two pole strengths in words. Pure, no Rich.

A score of 50 says only that the two poles pull equally. Agreeing with the
statements of both poles and agreeing with those of neither both give it, and
a coach reads them very differently. Each area's ``manager_strength`` and
``leader_strength`` (:func:`leadquiz.results.scoring.score`, docs/scoring.md,
"Two strengths") tell them apart; this module says which it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

from leadquiz.models import DimensionScore, Result
from leadquiz.results.insights import ordered_dimensions

#: A strength at or above this is *much* of a pole: on average the person claimed it.
MUCH = 60.0
#: A strength below this is *little* of a pole: on average the person disowned it.
LITTLE = 40.0

BalanceKind = Literal["much of both", "little of either", "some of each"]

#: The kinds in the order a sentence names them, each with what it means.
KINDS: tuple[tuple[BalanceKind, str], ...] = (
    ("much of both", "you claimed the statements of both poles"),
    ("little of either", "you claimed the statements of neither pole"),
    ("some of each", "in between: see the two strengths of each"),
)

#: The caption of the strength numbers under each area's line (80 to 119 columns).
UNDER_LINE_CAPTION = (
    " The numbers under a line are your strength on each pole, measured separately from "
    "0 to 100 (left: manager, right: leader): how strongly you claimed that pole's "
    "statements (agreeing, or doing it often) and chose its side in scenarios. High on "
    "both is much of both; low on both, little of either."
)
#: The caption of each area's strength line on a narrow console (stacked areas).
STACKED_CAPTION = (
    " Strength: how strongly you claimed each pole's statements (agreeing, or doing it "
    "often) and chose its side in scenarios, measured separately from 0 to 100."
)
#: The caption of the wide table's strength column (120 columns and more).
COLUMN_CAPTION = (
    " Strength (manager / leader): how strongly you claimed each pole's statements "
    "(agreeing, or doing it often) and chose its side in scenarios, measured separately "
    "from 0 to 100; high on both is much of both, low on both little of either."
)


def strength_text(value: float | None) -> str:
    """A strength as shown: a whole number, half up (62.5 → ``63``), or ``—`` if unmeasured.

    (Python's ``f"{62.5:.0f}"`` would give ``62`` and ``f"{63.5:.0f}"`` ``64``.)
    """
    return "—" if value is None else str(math.floor(value + 0.5))


def strengths_phrase(area: DimensionScore) -> str:
    """``strength: manager 80, leader 75``: both strengths of an area in words."""
    manager, leader = strength_text(area.manager_strength), strength_text(area.leader_strength)
    return f"strength: manager {manager}, leader {leader}"


def balance_kind(area: DimensionScore) -> BalanceKind | None:
    """Which kind of balance a *balanced* area is; ``None`` for any other area.

    Also ``None`` where a strength is missing or the area has *few answers*
    (docs/scoring.md, "Few answers": such an area is never read for a pattern).
    """
    manager, leader = area.manager_strength, area.leader_strength
    if area.band != "balanced" or area.few_answers or manager is None or leader is None:
        return None
    if manager >= MUCH and leader >= MUCH:
        return "much of both"
    if manager < LITTLE and leader < LITTLE:
        return "little of either"
    return "some of each"


def balance_sentence(result: Result) -> str | None:
    """One plain sentence on which kind of balance the balanced areas are, or ``None``.

    ``Balanced can mean much of both or little of either: yours is much of both in
    Change and Risk (you claimed the statements of both poles) and little of
    either in Goals (you claimed the statements of neither pole).``
    """
    groups: dict[BalanceKind, list[str]] = {kind: [] for kind, _ in KINDS}
    for area in ordered_dimensions(result):
        kind = balance_kind(area)
        if kind is not None:
            groups[kind].append(area.title)
    named = [(kind, meaning, groups[kind]) for kind, meaning in KINDS if groups[kind]]
    if not named:
        return None
    balanced = sum(1 for area in result.dimensions if area.band == "balanced")
    if len(named) == 1 and balanced == len(named[0][2]) > 1:
        kind, meaning, titles = named[0]
        clauses = [f"{kind} in each of your {len(titles)} balanced areas ({meaning})"]
    else:
        clauses = [f"{kind} in {_join(titles)} ({meaning})" for kind, meaning, titles in named]
    return (
        "Balanced can mean much of both or little of either: yours is "
        + _join(clauses, last=", and " if len(clauses) > 2 else " and ")
        + "."
    )


def _join(items: Sequence[str], last: str = " and ") -> str:
    """``A``, ``A and B``, ``A, B and C``."""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + last + items[-1]
