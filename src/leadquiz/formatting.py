"""How numbers and times are written, everywhere leadquiz shows them.

One place, so the terminal, the markdown and the CSV agree: scores with one
decimal, changes with a sign (a real minus sign), a dash for "none", and
times in the user's local time zone, labelled with its offset from UTC where a
time of day is shown (``UTC+1``). Timestamps are stored as ISO-8601 UTC strings
to the second (``utc_now``), and written so in JSON and CSV (``iso_utc``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

#: The minus sign used in every signed number shown to people (U+2212, not ASCII ``-``).
MINUS = "\N{MINUS SIGN}"

#: Shown where there is no change to show (a first attempt, an unanswered dimension).
NO_CHANGE = "—"


def delta(a: float, b: float) -> float:
    """Return ``b - a`` rounded to one decimal, never ``-0.0``."""
    return round(b - a, 1) + 0.0


def format_score(score: float | None) -> str:
    """Format a score with one decimal; ``None`` becomes ``"—"``."""
    return NO_CHANGE if score is None else f"{score:.1f}"


def format_delta(change: float | None) -> str:
    """Format a change with its sign: ``+4.2``, ``−1.0`` (U+2212), ``0.0``; ``None`` is ``—``."""
    if change is None:
        return NO_CHANGE
    change = round(change, 1) + 0.0  # so -0.01 reads as 0.0, not as a move
    if change > 0:
        return f"+{change:.1f}"
    if change < 0:
        return f"{MINUS}{-change:.1f}"
    return "0.0"


#: Which way a score moved: toward the leader pole (up), the manager pole (down), or not at all.
Direction = Literal["leader", "manager", "none"]
#: Arrows for the direction of a change.
ARROWS: dict[Direction, str] = {"leader": "▲", "manager": "▼", "none": "="}


def direction_of(change: float) -> Direction:
    """Return which pole a change moves toward (``"none"`` for zero)."""
    if change > 0:
        return "leader"
    if change < 0:
        return "manager"
    return "none"


def format_change(change: float | None) -> str:
    """Format a change with an arrow: ``▲ +8.0``, ``▼ −5.5``, ``= 0.0``; ``None`` is ``—``."""
    if change is None:
        return NO_CHANGE
    return f"{ARROWS[direction_of(change)]} {format_delta(change)}"


#: The length of a timestamp as stored: ``2026-11-23T09:30:00+00:00``.
_STORED_LENGTH = 25


def utc_now() -> str:
    """The current time as stored: an ISO-8601 UTC string, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def parse_time(iso: str) -> datetime | None:
    """Parse a stored ISO-8601 timestamp as UTC (naive ones are taken as UTC); ``None`` if bad."""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def iso_utc(iso: str | None) -> str | None:
    """A stored timestamp as written in JSON and CSV: ISO-8601 in UTC with its offset.

    ``2026-11-23T09:30:00+00:00``; an unreadable one is passed on as it is.
    """
    if iso is None:
        return None
    if len(iso) == _STORED_LENGTH and iso.endswith("+00:00"):
        return iso  # as ``utc_now`` stores it: the common case, kept fast for long exports
    moment = parse_time(iso)
    return iso if moment is None else moment.isoformat(timespec="seconds")


def zone_label(moment: datetime | None = None) -> str:
    """The local time zone as its offset from UTC at ``moment`` (default now): ``UTC+1``.

    ``UTC`` itself, ``UTC+5:30``, ``UTC-3``: short, and the same in every
    language and on every system, unlike zone abbreviations.
    """
    local = (moment or datetime.now(UTC)).astimezone()
    offset = local.utcoffset()
    return offset_label(0 if offset is None else int(offset.total_seconds()) // 60)


def offset_label(minutes: int) -> str:
    """An offset from UTC in minutes as ``zone_label`` writes it: ``UTC``, ``UTC+1``, ``UTC-3:30``.

    (The same text for the same offset everywhere, unlike zone abbreviations.)
    """
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def format_day(iso: str | None) -> str:
    """Return the local day of a timestamp as ``YYYY-MM-DD`` (``—`` for ``None``)."""
    if iso is None:
        return NO_CHANGE
    moment = parse_time(iso)
    return iso[:10] if moment is None else moment.astimezone().strftime("%Y-%m-%d")


def format_when(iso: str, *, with_time: bool) -> str:
    """Return the local ``YYYY-MM-DD``, or ``YYYY-MM-DD HH:MM`` when ``with_time``."""
    moment = parse_time(iso)
    if moment is None:
        return iso[:16] if with_time else iso[:10]
    return moment.astimezone().strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")


def format_moment(iso: str | None) -> str:
    """A time of day as people read it: local, labelled: ``2026-11-23 10:30 UTC+1``."""
    if iso is None:
        return NO_CHANGE
    moment = parse_time(iso)
    if moment is None:
        return iso[:16]
    return f"{moment.astimezone().strftime('%Y-%m-%d %H:%M')} {zone_label(moment)}"


def counted(count: int, noun: str) -> str:
    """Return ``1 attempt`` or ``3 attempts``: the count with its noun, plural unless one."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def are(count: int) -> str:
    """The verb after ``count`` things (or "N of M things"): ``is`` for one, else ``are``."""
    return "is" if count == 1 else "are"
