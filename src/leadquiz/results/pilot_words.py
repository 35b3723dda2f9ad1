"""What a bank's pilot says: the ``leadquiz/pilot/1`` document and the words for a coach.

The figures come from :mod:`leadquiz.results.pilot`; docs/pilot.md explains them
and docs/json.md describes the document field by field.
"""

from __future__ import annotations

from leadquiz.results.pilot import MIN_ITEM_TOTAL, AreaFigures, ItemFigures, Pilot
from leadquiz.results.precision import DEFAULT_ITEM_NOISE

#: The schema of the pilot document.
PILOT_SCHEMA = "leadquiz/pilot/1"
#: Mean correlation between areas from which one general impression may drive them all.
GENERAL_FACTOR_R = 0.5


def pilot_document(pilot: Pilot) -> dict[str, object]:
    """The pilot as a JSON-ready dict (``leadquiz/pilot/1``); figures are not rounded."""
    return {
        "schema": PILOT_SCHEMA,
        "bank": {"id": pilot.bank_id, "version": pilot.bank_version},
        "people": pilot.people,
        "dimensions": [
            {
                "id": area.id,
                "people": area.people,
                "alpha": area.alpha,
                "alpha_ci": list(area.alpha_ci) if area.alpha_ci is not None else None,
                "sigma_within": area.sigma_within,
                "sigma_retest": area.sigma_retest,
                "suggested_item_noise": area.suggested_item_noise,
                "items": [
                    {
                        "id": item.id,
                        "mean": item.mean,
                        "sd": item.sd,
                        "item_total": item.item_total,
                        "alpha_if_deleted": item.alpha_if_deleted,
                    }
                    for item in area.items
                ],
            }
            for area in pilot.dimensions
        ],
        "correlations": [
            {"a": c.a, "b": c.b, "r": c.r, "people": c.people} for c in pilot.correlations
        ],
        "flags": list(pilot.flags),
    }


def weakest(area: AreaFigures) -> list[ItemFigures]:
    """The questions that go least with the rest of their area, weakest first.

    Every question with an item-total r under .20, and at least the lowest one
    in an area of three questions or more.
    """
    rated = sorted(
        (i for i in area.items if i.item_total is not None),
        key=lambda i: i.item_total if i.item_total is not None else 0.0,
    )
    low = [i for i in rated if i.item_total is not None and i.item_total < MIN_ITEM_TOTAL]
    if low:
        return low
    return rated[:1] if len(area.items) >= 3 else []


def _named(items: list[ItemFigures]) -> str:
    """``'a'``, ``'a' and 'b'``, ``'a', 'b' and 'c'``."""
    names = [f"'{i.id}'" for i in items]
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def area_sentence(area: AreaFigures) -> str:
    """What one area's figures mean for a coach, in plain words."""
    alpha = area.alpha
    if len(area.items) < 2:
        return "One question only: whether questions hang together needs two or more."
    if alpha is None and area.people >= 2:
        return "Everyone answered these questions alike, so they tell people apart not at all."
    if alpha is None:
        return (
            f"Too few complete answers ({area.people}) to say whether these questions "
            "hang together."
        )
    weak = weakest(area)
    named = _named(weak)
    if alpha >= 0.8:
        verdict = (
            "These questions hang together well: they seem to measure one thing, so one "
            "score for the area is fair."
        )
        advice = f" {named} goes least with the others."
    elif alpha >= 0.7:
        verdict = "These questions hang together acceptably: the area's score is usable."
        advice = f" If you revise the area, start with {named}."
    elif alpha >= 0.6:
        verdict = (
            "These questions hang together only loosely: trust only large differences "
            "between people."
        )
        advice = f" Reword {named} first: it goes least with the others."
    else:
        verdict = "These questions do not hang together: they may measure different things."
        advice = f" Rewrite or drop {named}, then pilot again."
    return verdict + (advice if weak else "")


def noise_sentence(area: AreaFigures) -> str:
    """What σ says about the area's ``item_noise``, against what the bank sets now."""
    if area.suggested_item_noise is None or area.sigma_within is None:
        return "No σ: too few complete answers."
    now = (
        f"the bank sets {area.item_noise:.2f}"
        if area.item_noise is not None
        else f"the bank uses the default {DEFAULT_ITEM_NOISE:.2f}"
    )
    retest = (
        f", {area.sigma_retest:.2f} between the two sittings"
        if area.sigma_retest is not None
        else ""
    )
    return (
        f"Answers spread {area.sigma_within:.2f} around each person's own mean{retest}: "
        f"item_noise {area.suggested_item_noise:.2f} ({now})."
    )


def noise_lines(pilot: Pilot) -> list[str]:
    """The ``item_noise:`` lines to paste under each area of the bank (never written to it)."""
    lines: list[str] = []
    for area in pilot.dimensions:
        if area.suggested_item_noise is not None:
            lines.extend((f"  - id: {area.id}", f"    item_noise: {area.suggested_item_noise:.2f}"))
    return lines


def between_sentence(pilot: Pilot) -> str | None:
    """What the correlations between areas say, in plain words (``None`` with fewer than two)."""
    known = [c.r for c in pilot.correlations if c.r is not None]
    if not known:
        return None
    mean = sum(known) / len(known)
    if mean >= GENERAL_FACTOR_R:
        tail = (
            'the areas move together strongly: one general impression ("looks good") may '
            "drive every area more than the areas themselves do."
        )
    elif mean >= 0.3:
        tail = "the areas move together somewhat: they share part of what they measure."
    else:
        tail = "the areas mostly measure different things, as a profile should."
    return f"The areas' scores correlate {mean:.2f} on average: {tail}"
