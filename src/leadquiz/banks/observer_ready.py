"""Whether a bank can be handed to observers: every question needs an ``observer_text``.

Kept apart from the schema checks so that listing banks needs no YAML reader.
"""

from __future__ import annotations

from leadquiz.models import Bank


def without_observer_text(bank: Bank) -> tuple[str, ...]:
    """The ids of the questions that have no ``observer_text``, in bank order."""
    return tuple(question.id for question in bank.questions if not question.observer_text)


def observer_forms(bank: Bank) -> str:
    """Whether the bank can be handed to observers, in words (``banks validate`` and ``show``).

    A bank can be used for observers only when every question has an ``observer_text``.
    """
    missing = without_observer_text(bank)
    if not missing:
        return "observer forms: ready"
    have = "has" if len(missing) == 1 else "have"
    return (
        f"observer forms: not available ({len(missing)} of {len(bank.questions)} "
        f"questions {have} no observer_text)"
    )
