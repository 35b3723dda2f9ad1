"""The HTML report's "How others see you" and "Why these scores", as values the template lays out.

The words and numbers come from :mod:`leadquiz.results.observers` and
:mod:`leadquiz.results.why`, as for the terminal (``ui.others``, ``ui.why``)
and the markdown export: nothing here says anything of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadquiz.models import ReportData
from leadquiz.results import insights, why
from leadquiz.results import observers as words


@dataclass(frozen=True)
class OthersRow:
    """One line of the table of others: an area (or the overall score), you beside them."""

    title: str
    you: float | None
    others: float | None
    #: (group label, the group's average) for each group shown, in the table's order.
    groups: tuple[tuple[str, float | None], ...]
    gap: float | None
    beyond_noise: bool


@dataclass(frozen=True)
class GapText:
    """A blind spot or hidden strength, described: what others see, what the pole brings."""

    heading: str
    sentence: str
    brings: str
    watch_for: str


@dataclass(frozen=True)
class OthersSection:
    """Everything the section shows; ``pending`` alone while too few responses are in."""

    pending: str | None
    lead: str = ""
    columns: tuple[str, ...] = ()
    rows: tuple[OthersRow, ...] = ()
    overall: OthersRow | None = None
    legend: str = words.GROUPS_NOTE
    gaps_intro: str = ""
    gaps: tuple[GapText, ...] = ()
    more_gaps: str | None = None


def others_section(data: ReportData) -> OthersSection | None:
    """The section on observers; ``None`` when the attempt has no response at all."""
    observers = data.observers
    if observers is None:
        return None
    if not observers.shown:
        return OthersSection(pending=words.pending_sentence(observers))
    labels = tuple(words.group_label(group) for group in observers.groups)
    rows = tuple(
        OthersRow(
            title=area.title,
            you=area.self_score,
            others=area.score,
            groups=tuple(
                (label, words.group_score(group, area.id))
                for label, group in zip(labels, observers.groups, strict=True)
            ),
            gap=area.gap,
            beyond_noise=area.beyond_noise,
        )
        for area in words.in_report_order(observers, data.result)
    )
    overall = None
    if observers.overall_score is not None:
        overall = OthersRow(
            title=words.OVERALL_ROW,
            you=data.result.overall_score,
            others=observers.overall_score,
            groups=(),
            gap=observers.overall_gap,
            beyond_noise=observers.overall_beyond_noise,
        )
    blind, hidden = words.gaps(data.bank, observers)
    described = []
    for title, found in (("Blind spot", blind), ("Hidden strength", hidden)):
        for gap in found[: words.GAPS_SHOWN]:
            brings, risks = insights.pole_texts(gap.dimension, gap.toward)
            described.append(
                GapText(f"{title}: {gap.dimension.title}", words.gap_sentence(gap), brings, risks)
            )
    return OthersSection(
        pending=None,
        lead=words.from_sentence(observers),
        columns=labels,
        rows=rows,
        overall=overall,
        gaps_intro=words.GAPS_INTRO if described else words.NO_GAPS,
        gaps=tuple(described),
        more_gaps=words.more_gaps_sentence(blind, hidden),
    )


@dataclass(frozen=True)
class WhyArea:
    """One area of "Why these scores": its score in words and its answers by pull."""

    title: str
    score: str
    pulls: tuple[why.Pull, ...]


def why_section(data: ReportData) -> list[WhyArea]:
    """Every area's answers, furthest pull first (``report --why``); empty with no answer."""
    if not data.result.answered:
        return []
    return [
        WhyArea(
            title=area.dimension.title,
            score=why.score_words(area),
            pulls=area.pulls,
        )
        for area in why.why(data)
    ]
