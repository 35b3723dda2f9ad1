"""What others and the role say of a user: the role profile and the observers' view.

Frozen dataclasses with no I/O, like :mod:`leadquiz.models` (whose
:class:`~leadquiz.models.ReportData` carries them), kept apart from it so that
the commands that never show them (``take`` from a file, ``history``, the CSV
export, ``banks``) do not build their classes: each frozen dataclass costs about
half a millisecond of start-up (``bench/run.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: The life of a role profile: ratings are being given, or it was finished.
RoleStatus = Literal["in_progress", "finished"]


@dataclass(frozen=True)
class RoleProfile:
    """What one user's role asks for, area by area, as stored on one day (``leadquiz role``)."""

    id: int
    user: str
    #: The bank whose areas were rated: id, version and SHA-256 of its text.
    bank_id: str
    bank_version: str
    bank_digest: str
    status: RoleStatus
    #: ISO-8601 timestamps in UTC; ``finished_at`` is the profile's date once finished.
    started_at: str
    finished_at: str | None
    #: (area id, rating 1..5 or ``None`` for a skipped area), in asking order.
    ratings: tuple[tuple[str, int | None], ...] = ()
    #: The share of working time that calls for leading, 0..100 %; ``None`` if not given.
    leading_share: int | None = None
    #: Whether the leading-share question was answered or skipped (for continuing).
    share_asked: bool = False

    def rating(self, area_id: str) -> int | None:
        """The rating given to an area (1..5), or ``None`` if it was skipped or not asked."""
        for rated_id, value in self.ratings:
            if rated_id == area_id:
                return value
        return None


#: How an observer knows the person they answer about.
Relationship = Literal["manager", "peer", "direct report", "other"]
RELATIONSHIPS: tuple[Relationship, ...] = ("manager", "peer", "direct report", "other")


@dataclass(frozen=True)
class ObservedArea:
    """One area as the observers (all of them) see the user, beside the user's own view."""

    id: str
    title: str
    #: The user's own score and its SE; ``None`` when the area has no score.
    self_score: float | None
    self_se: float | None
    #: The observers' average, its SE (one observer's SE / √k), one decimal; ``None`` if unscored.
    score: float | None
    se: float | None
    #: others − self (positive: further toward the leader pole), one decimal.
    gap: float | None
    beyond_noise: bool
    #: Whether the user's own score rests on too few answers to name a gap.
    few_answers: bool
    #: How many observers answered the area (0: fewer than 3, so it is not shown).
    answered: int = 0


@dataclass(frozen=True)
class ObserverGroup:
    """The average of one relationship group that may be shown (anonymity rule met)."""

    relationship: Relationship
    responses: int
    #: (area id, average score or ``None``), in bank order.
    scores: tuple[tuple[str, float | None], ...]


@dataclass(frozen=True)
class Observers:
    """The observer responses attached to one attempt, as far as anonymity lets them be shown."""

    #: How many responses are imported for the attempt.
    responses: int
    #: How many are needed before anything of them is shown.
    needed: int
    #: Whether the observers' view may be shown (``responses >= needed``); if not, the
    #: fields below are empty.
    shown: bool
    overall_score: float | None = None
    overall_gap: float | None = None
    overall_beyond_noise: bool = False
    areas: tuple[ObservedArea, ...] = ()
    #: The relationship groups that may be shown on their own.
    groups: tuple[ObserverGroup, ...] = ()
    #: ``responses`` (identified rounds' responses) or ``summary`` (an anonymous round's).
    source: str = "responses"
