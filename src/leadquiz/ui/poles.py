"""How the report's table of areas shares its width between the two pole columns."""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from leadquiz.models import ReportData
from leadquiz.results.noise import FEW_ANSWERS_MARK

#: The widest the area column of the wide table gets (longer titles wrap).
AREA_MAX = 24


class PoleLayout(NamedTuple):
    """The manager pole column's width in the two table layouts, and whether the wide one fits."""

    narrow_manager: int
    wide_manager: int
    #: Whether the poles keep their longest words beside the area and strength columns.
    wide_fits: bool


def pole_layout(data: ReportData, room: int) -> PoleLayout | None:
    """How the pole columns share ``room`` (the console less bar, band and role columns).

    A pole wraps between words, never inside one ("opportunitie / s"): each pole
    column is at least as wide as the longest word of its poles; ``None`` when the
    table cannot give them that (the areas are then stacked, a pole to a line).
    The manager pole's width is set and the leader pole takes the rest, since
    Rich's ratio columns do not keep a ``min_width``. Narrow, the titles sit in
    the manager pole column, so it gets room for the longest one; wide, they have
    an area column (up to AREA_MAX) and a strength column comes too.
    """
    poles = room - len("100.0 ± 28.8") - 4 * 2  # the score column and four gaps of two
    manager_word = max(8, _longest_word(d.manager_pole for d in data.bank.dimensions))
    leader_word = max(8, _longest_word(d.leader_pole for d in data.bank.dimensions))
    if poles < manager_word + leader_word:
        return None
    longest = max((len(d.title) for d in data.result.dimensions), default=0)
    narrow = max(manager_word, min(max(longest, poles // 2), poles - max(12, leader_word)))
    wide_poles = poles - min(AREA_MAX, _longest_title(data)) - len("strength") - 2 * 2
    wide = max(manager_word, min(wide_poles // 2, wide_poles - leader_word))
    return PoleLayout(narrow, wide, wide_poles >= manager_word + leader_word)


def _longest_title(data: ReportData) -> int:
    """The width of the longest title in the area column, *few answers* mark included."""
    mark = len(f"  ({FEW_ANSWERS_MARK})")
    widths = [
        len(d.title) + (mark if d.few_answers and d.score is not None else 0)
        for d in data.result.dimensions
    ]
    return max(widths, default=0)


def _longest_word(texts: Iterable[str]) -> int:
    """The length of the longest word in ``texts`` (0 when there is none)."""
    return max((len(word) for text in texts for word in text.split()), default=0)
