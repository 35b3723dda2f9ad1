"""How long a bank takes to answer: what its description says, else a count of its questions.

A bank says its own duration in its description ("About 10-12 minutes"), and
every view shows that one figure, so the welcome screen, ``banks show`` and the
bank's text never disagree. A bank that states none gets an estimate from its
questions (statements about 9 s, scenarios about 20 s).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from leadquiz.models import Bank, Question

#: "about 10-12 minutes", "About 3 minutes", "around 5 to 8 min", "~10 minutes".
_STATED = re.compile(
    r"(?:\babout|\baround|\broughly|~)\s*(\d{1,3})(?:\s*(?:-|–|to)\s*(\d{1,3}))?\s*min(?:ute)?s?\b",
    re.IGNORECASE,
)


def _seconds(questions: Sequence[Question]) -> int:
    return sum(9 if q.type == "likert" else 20 for q in questions)


def estimated_minutes(questions: Sequence[Question]) -> int:
    """A rough time to answer ``questions``, in whole minutes (at least 1)."""
    return max(1, round(_seconds(questions) / 60))


def bank_minutes(bank: Bank) -> tuple[int, int]:
    """The bank's duration in minutes as (shortest, longest): as it states, else estimated."""
    found = _STATED.search(bank.description)
    if found is not None:
        low, high = int(found.group(1)), int(found.group(2) or found.group(1))
        if 0 < low <= high:
            return low, high
    estimate = estimated_minutes(bank.questions)
    return estimate, estimate


def minutes_left(bank: Bank, remaining: Sequence[Question]) -> tuple[int, int]:
    """The share of the bank's duration that ``remaining`` (some of its questions) takes."""
    low, high = bank_minutes(bank)
    whole = _seconds(bank.questions)
    if not remaining or whole == 0 or len(remaining) >= len(bank.questions):
        return low, high
    share = _seconds(remaining) / whole
    return max(1, round(low * share)), max(1, round(high * share))


def minutes_phrase(minutes: tuple[int, int]) -> str:
    """``about 10–12 minutes``, ``about 1 minute``."""
    low, high = minutes
    span = str(low) if low == high else f"{low}–{high}"
    return f"about {span} minute{'' if high == 1 else 's'}"
